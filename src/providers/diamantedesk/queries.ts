// The model's intent-level ticket queries as DiamanteDesk `GET /tickets` filters, and how
// a list pages. The server filters by equality on any ticket property (a value that is
// empty is dropped, so "no assignee" cannot be asked for), searches subject and
// description with `GET /tickets/search?q=`, and pages by `page` (from 1) and `limit`,
// reporting `X-Total` and a `Link` header whose URLs carry only the paging parameters:
// the filters are ours to repeat on every page.
import { HelpdeskError } from '../../helpdesk/errors';
import type { TicketQuery } from '../../helpdesk/model';
import { pageSizeWithin } from '../common/pageSize';
import { STATUSES } from './mapping';

/** Largest `limit` asked for (the server sets none; a sane page for a tree). */
export const MAX_PAGE_SIZE = 100;

/** Newest first: the default sort is the id, so this needs no property name. */
const ORDER = { order: 'desc' } as const;

export type TicketFilters = Record<string, string | number>;

export type ListRequest =
  | { kind: 'filter'; filters: TicketFilters }
  | { kind: 'search'; text: string }
  /** Tickets with no assignee that are not closed: filtered here, page by page. */
  | { kind: 'unassigned' };

/** `meId` (the agent's numeric id) is only called for "mine". */
export async function listRequest(query: TicketQuery, meId: () => Promise<string>): Promise<ListRequest> {
  const request = await viewRequest(query, meId);
  const sort = sortFor(query.sort);
  return sort && request.kind === 'filter' ? { kind: 'filter', filters: { ...request.filters, ...sort } } : request;
}

/**
 * The model's sorts as `sort` (a ticket property, named as the entity names it) and `order`:
 * last activity is `updatedAt`, created is `createdAt`; priority is a text column (high < low <
 * medium as text), so the UI orders loaded rows by it instead.
 */
export function sortFor(sort: TicketQuery['sort']): TicketFilters | undefined {
  if (sort === 'activity') return { sort: 'updatedAt', order: 'desc' };
  if (sort === 'created') return { sort: 'createdAt', order: 'desc' };
  return undefined;
}

async function viewRequest(query: TicketQuery, meId: () => Promise<string>): Promise<ListRequest> {
  if ('search' in query) {
    const text = query.search.trim();
    if (text === '') throw new HelpdeskError('validation', 'Enter something to search for.');
    return { kind: 'search', text };
  }
  if ('status' in query) {
    if (!STATUSES.some((status) => status.id === query.status)) {
      throw new HelpdeskError('validation', `"${query.status}" is not a DiamanteDesk status.`);
    }
    return { kind: 'filter', filters: { ...ORDER, status: query.status } };
  }
  switch (query.view) {
    case 'mine':
      return { kind: 'filter', filters: { ...ORDER, assignee: await meId() } };
    case 'open':
    case 'new':
    case 'pending':
      // DiamanteDesk's own statuses of those names; the filter takes one status, not a set.
      return { kind: 'filter', filters: { ...ORDER, status: query.view } };
    case 'unassigned':
      return { kind: 'unassigned' };
    case 'unanswered':
      throw new HelpdeskError('unsupported', 'DiamanteDesk cannot list unanswered tickets.');
  }
}

export function searchQuery(text: string): TicketFilters {
  return { ...ORDER, q: text };
}

/** The documented substring filter, for servers without `/tickets/search`. */
export function subjectFilter(text: string): TicketFilters {
  return { ...ORDER, subject: text };
}

export function unassignedScanFilters(sort?: TicketQuery['sort']): TicketFilters {
  return { ...ORDER, ...sortFor(sort) };
}

/** The caller's page size within 1..100, 50 when not given. */
export function clampPageSize(size: number | undefined): number {
  return pageSizeWithin(size, MAX_PAGE_SIZE);
}

/** What a list response says about paging. */
export interface Paging {
  /** `X-Total`. */
  total?: number;
  /** Link relations by name (`prev` read as `previous`) with the page each points at. */
  links?: ReadonlyMap<string, number | undefined>;
}

export function readPaging(headers: Readonly<Record<string, string>>): Paging {
  const paging: Paging = {};
  const total = headers['x-total']?.trim();
  if (total !== undefined && /^\d+$/.test(total)) paging.total = Number(total);
  // The server sends `Link:` even when empty (a single page): present but empty means no next.
  if (headers['link'] !== undefined) paging.links = parseLinks(headers['link']);
  return paging;
}

/** `<url>; rel="next", <url>; rel="last"` → rel → the `page` in its URL. */
export function parseLinks(header: string): Map<string, number | undefined> {
  const links = new Map<string, number | undefined>();
  for (const match of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const url = match[1] ?? '';
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(match[2] ?? '')?.[1];
    if (!rel) continue;
    const page = pageIn(url);
    for (const name of rel.trim().toLowerCase().split(/\s+/)) links.set(name === 'prev' ? 'previous' : name, page);
  }
  return links;
}

function pageIn(url: string): number | undefined {
  try {
    const value = new URL(url, 'http://link.invalid/').searchParams.get('page');
    return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The page after `page`, if any. A short page is the last whatever the headers say: the
 * server's count can overstate (it ORs the filters it counts). Then the Link header, then
 * X-Total; with neither, a full page may have more behind it.
 */
export function nextPage(page: number, limit: number, received: number, paging: Paging): number | undefined {
  if (received === 0 || received < limit) return undefined;
  if (paging.links !== undefined) {
    if (paging.links.has('next')) return laterPage(paging.links.get('next'), page);
    const last = paging.links.get('last');
    return last !== undefined && last > page ? page + 1 : undefined;
  }
  if (paging.total !== undefined) return page * limit < paging.total ? page + 1 : undefined;
  return page + 1;
}

/** A next link's page, which must move forward (a loop would page forever). */
function laterPage(linked: number | undefined, page: number): number | undefined {
  if (linked === undefined) return page + 1;
  return linked > page ? linked : undefined;
}

/** X-Total, corrected when the last page shows how many there really were. */
export function totalOf(page: number, limit: number, received: number, paging: Paging): number | undefined {
  if (paging.total === undefined) return undefined;
  const isLast = received < limit;
  return isLast ? (page - 1) * limit + received : paging.total;
}

/**
 * Whether this server's X-Total of `GET /tickets` can be believed. DiamanteDesk 2.x (every
 * release) counts over a cross join (ApiStrategy::count adds a second `FROM Ticket`), so
 * its X-Total is (all tickets) × (matching ones) and the `last` link points far past the
 * end; 1.x counted right. Nothing in a response says which, so the count is believed only
 * once a page whose end is known (a short or empty one) showed X-Total equal to what the
 * pages really held; one mismatch and it is never believed again. Until then a total is
 * shown only where the end is in sight.
 */
export class TicketCountCheck {
  private verdict: boolean | undefined;

  get trusted(): boolean {
    return this.verdict === true;
  }

  /** The total to show for this page, learning from it when its end is known. */
  total(page: number, limit: number, received: number, paging: Paging): number | undefined {
    if (received < limit) {
      // Reached by a cursor, so every page before it was full.
      const exact = (page - 1) * limit + received;
      if (paging.total !== undefined) {
        if (paging.total !== exact) this.verdict = false;
        else if (this.verdict === undefined) this.verdict = true;
      }
      return exact;
    }
    return this.verdict === true ? paging.total : undefined;
  }
}
