// The model's intent-level ticket queries as DeskPRO `GET /tickets` filters.
import { HelpdeskError } from '../../helpdesk/errors';
import type { TicketQuery } from '../../helpdesk/model';
import { pageSizeWithin } from '../common/pageSize';
import { MAX_PAGE_SIZE, type TicketFilters } from './client';
import { OPEN_STATUS_CODES } from './mapping';

/** Which tickets count as "open": anything not resolved or hidden. */
const OPEN_STATUS_FILTER = OPEN_STATUS_CODES.join(',');

/**
 * Filters for one query. `meId` is only called for "mine", so the other lists never
 * wait for `GET /me`. "Mine" and "unassigned" are limited to open tickets: a list of
 * every ticket ever assigned to someone is not a work queue.
 */
export async function ticketFilters(query: TicketQuery, meId: () => Promise<string>): Promise<TicketFilters> {
  // Inferred: the API documents no "updated" order; the requester's latest reply is the
  // closest field to "most recent activity" that every server sorts by.
  const order: TicketFilters = { order_by: 'date_last_user_reply', order_dir: 'desc' };
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

/** The caller's page size within what the API serves (1..200), 50 when not given. */
export function clampPageSize(size: number | undefined): number {
  return pageSizeWithin(size, MAX_PAGE_SIZE);
}
