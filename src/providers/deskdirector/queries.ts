// The model's intent-level ticket queries as `GET /api/v2/copilot/tickets` filters
// (DeskDirector Tech connector, FindTickets: `search`, `status` open|closed|any, `assigned`
// me|assigned|unassigned|any, `lastContactMessage`). The route takes no paging parameters:
// the provider fetches a query once and pages the answer itself (snapshots.ts).
import { HelpdeskError } from '../../helpdesk/errors';
import type { TicketQuery } from '../../helpdesk/model';
import { pageSizeWithin } from '../common/pageSize';

export interface TicketFilters {
  search?: string;
  status: 'open' | 'closed' | 'any';
  assigned: 'me' | 'assigned' | 'unassigned' | 'any';
  lastContactMessage?: boolean;
}

export interface ListRequest {
  filters: TicketFilters;
  /** A status the route cannot filter by (a status id): kept from the answer locally. */
  statusId?: string;
}

/** Largest page cut from an answer held in memory. */
export const MAX_PAGE_SIZE = 200;

export function listRequest(query: TicketQuery): ListRequest {
  if ('search' in query) {
    const search = query.search.trim();
    if (search === '') throw new HelpdeskError('validation', 'Enter something to search for.');
    return { filters: { search, status: 'any', assigned: 'any' } };
  }
  if ('status' in query) {
    const status = query.status.trim();
    if (status === 'open' || status === 'closed' || status === 'any') return { filters: { status, assigned: 'any' } };
    if (!/^\d+$/.test(status)) throw new HelpdeskError('validation', `"${query.status}" is not a DeskDirector status id.`);
    return { filters: { status: 'any', assigned: 'any' }, statusId: status };
  }
  switch (query.view) {
    case 'mine':
      return { filters: { status: 'open', assigned: 'me' } };
    case 'unassigned':
      return { filters: { status: 'open', assigned: 'unassigned' } };
    case 'unanswered':
      // "Returns tickets with last message sent by contact": waiting for us.
      return { filters: { status: 'open', assigned: 'any', lastContactMessage: true } };
    case 'open':
      return { filters: { status: 'open', assigned: 'any' } };
    case 'new':
    case 'pending':
      // Statuses are per board and named by each instance: no status means "new" everywhere.
      throw new HelpdeskError('unsupported', `DeskDirector has no "${query.view}" list.`);
  }
}

/** The caller's page size within 1..200, 50 when not given. */
export function clampPageSize(size: number | undefined): number {
  return pageSizeWithin(size, MAX_PAGE_SIZE);
}
