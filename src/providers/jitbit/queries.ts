// The model's intent-level ticket queries as `/api/Tickets` modes. Jitbit pages by
// count/offset and reports no total, so the cursor (../common/cursor) carries the
// offset and a page shorter than asked for is the last one. `/api/Search` does not page
// at all: its answer is cut into pages of the same size by the provider.
import { HelpdeskError } from '../../helpdesk/errors';
import type { TicketQuery } from '../../helpdesk/model';
import { pageSizeWithin } from '../common/pageSize';
import { MAX_PAGE_SIZE, type TicketMode } from './client';

export type ListRequest =
  | { kind: 'tickets'; mode: TicketMode; statusId?: number }
  | { kind: 'search'; text: string };

/** What to ask `/api/Tickets` (or `/api/Search`) for one query. */
export function listRequest(query: TicketQuery): ListRequest {
  if ('search' in query) {
    const text = query.search.trim();
    if (text === '') throw new HelpdeskError('validation', 'Enter something to search for.');
    return { kind: 'search', text };
  }
  if ('status' in query) {
    if (!/^\d+$/.test(query.status)) throw new HelpdeskError('validation', `"${query.status}" is not a Jitbit status id.`);
    return { kind: 'tickets', mode: 'all', statusId: Number(query.status) };
  }
  switch (query.view) {
    case 'mine':
      return { kind: 'tickets', mode: 'handledbyme' };
    case 'unanswered':
      return { kind: 'tickets', mode: 'unanswered' };
    case 'open':
      return { kind: 'tickets', mode: 'unclosed' };
    case 'unassigned':
      // Jitbit has no "unassigned" mode, and filtering a page locally would break paging.
      throw new HelpdeskError('unsupported', 'Jitbit cannot list unassigned tickets.');
    case 'new':
      // Status 1 is "New" on every Jitbit install (seed 003).
      return { kind: 'tickets', mode: 'all', statusId: 1 };
    case 'pending':
      throw new HelpdeskError('unsupported', 'Jitbit has no "pending" status to list.');
  }
}

/** The caller's page size within what the API serves (1..300), 50 when not given. */
export function clampPageSize(size: number | undefined): number {
  return pageSizeWithin(size, MAX_PAGE_SIZE);
}
