// The model's intent-level ticket queries as DeskPRO `GET /tickets` filters.
import { HelpdeskError } from '../../helpdesk/errors';
import type { TicketQuery } from '../../helpdesk/model';
import { pageSizeWithin } from '../common/pageSize';
import { MAX_PAGE_SIZE, type TicketFilters } from './client';
import { DOCUMENTED_STATUSES, mapStatus, OPEN_STATUS_CODES } from './mapping';

const DOCUMENTED_CODES = DOCUMENTED_STATUSES.map((status) => status.id);

/** Which tickets count as "open": anything not resolved or hidden. */
const OPEN_STATUS_FILTER = OPEN_STATUS_CODES.join(',');

/**
 * Filters for one query. `meId` is only called for "mine", so the other lists never
 * wait for `GET /me`. "Mine" and "unassigned" are limited to open tickets: a list of
 * every ticket ever assigned to someone is not a work queue.
 */
export async function ticketFilters(
  query: TicketQuery,
  meId: () => Promise<string>,
  statusNames?: () => Promise<ReadonlyMap<string, string>>,
): Promise<TicketFilters | undefined> {
  const filters = await baseFilters(query, meId);
  const wanted = query.filter?.status?.trim();
  if (wanted === undefined || wanted === '') return filters;
  // `status` takes a list: the filter narrows the view's statuses to the one asked for.
  const code = statusCode(wanted, statusNames ? await statusNames() : undefined);
  const allowed = typeof filters.status === 'string' ? filters.status.split(',') : undefined;
  if (allowed && !allowed.some((status) => status === code || code.startsWith(`${status}.`))) return undefined;
  return { ...filters, status: code };
}

/**
 * `order_by` for the model's sorts. Inferred: the API documents no "updated" order; the
 * requester's latest reply is the closest field to "most recent activity" that every server
 * sorts by. "created" is `date_created`; priority has no order field (the UI orders loaded rows).
 */
function orderFor(sort: TicketQuery['sort']): TicketFilters {
  return { order_by: sort === 'created' ? 'date_created' : 'date_last_user_reply', order_dir: 'desc' };
}

async function baseFilters(query: TicketQuery, meId: () => Promise<string>): Promise<TicketFilters> {
  const order = orderFor(query.sort);
  if ('search' in query) {
    // Inferred: `q` is the free-text filter; the v2 documents only show field filters.
    return { ...order, q: query.search.trim() };
  }
  if ('status' in query) return { ...order, status: query.status };
  switch (query.view) {
    case 'mine':
      return { ...order, agent: await meId(), status: OPEN_STATUS_FILTER };
    case 'unassigned':
      // Inferred: agent=0 selects tickets with no agent, mirroring how PUT unassigns.
      return { ...order, agent: 0, status: OPEN_STATUS_FILTER };
    case 'unanswered':
      return { ...order, status: 'awaiting_agent' };
    case 'open':
      return { ...order, status: OPEN_STATUS_FILTER };
    case 'pending':
      return { ...order, status: 'pending' };
    case 'new':
      throw new HelpdeskError('unsupported', 'DeskPRO has no "new" status to list.');
  }
}

/** A status filter written as a code (`awaiting_agent`, `hidden.spam`) or as its name ("Awaiting Agent"). */
export function statusCode(value: string, names?: ReadonlyMap<string, string>): string {
  const text = value.trim();
  const lower = text.toLowerCase();
  // The helpdesk's own names (/ticket_statuses) first: they are what the filter picker offers.
  for (const [code, name] of names ?? []) if (code.toLowerCase() === lower || name.trim().toLowerCase() === lower) return code;
  for (const code of [...DOCUMENTED_CODES, 'hidden']) {
    if (code === lower || mapStatus(code).name.toLowerCase() === lower) return code;
  }
  if (/^[a-z_]+(\.[a-z0-9_]+)?$/.test(text)) return text;
  throw new HelpdeskError('validation', `"${value}" is not a DeskPRO status.`);
}

/** The caller's page size within what the API serves (1..200), 50 when not given. */
export function clampPageSize(size: number | undefined): number {
  return pageSizeWithin(size, MAX_PAGE_SIZE);
}
