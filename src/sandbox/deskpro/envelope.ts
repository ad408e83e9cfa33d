// The success envelope `{data, meta, linked}`, collection paging and the query
// parameters every collection shares (`page`, `count`, `ids`, `include`).
import type { InputErrors } from './errors';

export type Linked = Record<string, Record<string, unknown>>;

export interface Envelope {
  data: unknown;
  meta: Record<string, unknown>;
  linked: Linked;
  links?: { first: string; next: string | null; prev: string | null; last: string };
}

export function single(data: unknown, linked: Linked = {}): Envelope {
  return { data, meta: {}, linked };
}

export const DEFAULT_PAGE_SIZE = 10;
/** Decision: the documents give no maximum; 200 is what a production client uses, and a
 * larger `count` is refused with 400 rather than clamped, so a client cannot ship a page
 * size that some real server might silently cut. */
export const MAX_PAGE_SIZE = 200;

export interface Paging {
  page: number;
  count: number;
}

/** A positive integer written as plain digits, or undefined (and an error) when it is not. */
function positiveInt(query: URLSearchParams, name: string, errors: InputErrors): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) {
    errors.add(name, 'invalid_number', `"${name}" must be a positive whole number.`);
    return undefined;
  }
  return Number(raw);
}

export function readPaging(query: URLSearchParams, errors: InputErrors): Paging {
  const page = positiveInt(query, 'page', errors) ?? 1;
  let count = positiveInt(query, 'count', errors) ?? DEFAULT_PAGE_SIZE;
  if (count > MAX_PAGE_SIZE) {
    errors.add('count', 'out_of_range', `"count" must be between 1 and ${MAX_PAGE_SIZE}.`);
    count = MAX_PAGE_SIZE;
  }
  return { page, count };
}

/** `?ids=1,2,3`: positive integers, comma separated. */
export function readIdList(query: URLSearchParams, name: string, errors: InputErrors, allowZero = false): number[] | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const parts = raw.split(',').map((part) => part.trim());
  const ids: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,9}$/.test(part) || (!allowZero && Number(part) === 0)) {
      errors.add(name, 'invalid_id', `"${name}" must be a comma-separated list of ids.`);
      return undefined;
    }
    ids.push(Number(part));
  }
  return ids;
}

/**
 * `include=person,agent`. Inferred: an include name the route does not know is refused
 * (400) rather than ignored, so a client never waits for side-loads that never come.
 */
export function readInclude(query: URLSearchParams, allowed: readonly string[], errors: InputErrors): Set<string> {
  const raw = query.get('include');
  const names = new Set<string>();
  if (raw === null || raw.trim() === '') return names;
  for (const name of raw.split(',').map((part) => part.trim()).filter(Boolean)) {
    if (!allowed.includes(name)) errors.add('include', 'invalid_include', `Unknown include "${name}". Allowed: ${allowed.join(', ')}.`);
    else names.add(name);
  }
  return names;
}

export interface PageSlice<T> {
  items: T[];
  total: number;
  totalPages: number;
  paging: Paging;
}

/** Inferred: an empty collection reports total_pages 1; a page past the end is an empty 200, not a 404. */
export function slicePage<T>(items: readonly T[], paging: Paging): PageSlice<T> {
  const start = (paging.page - 1) * paging.count;
  return {
    items: items.slice(start, start + paging.count),
    total: items.length,
    totalPages: Math.max(1, Math.ceil(items.length / paging.count)),
    paging,
  };
}

/**
 * A collection response with `meta.pagination` (the form real servers send) and top-level
 * `links` (the form seed 000 shows), both carrying the same numbers. Links are absolute
 * and keep the request's other query parameters.
 */
export function collection(slice: PageSlice<unknown>, data: unknown[], requestUrl: URL, linked: Linked = {}): Envelope {
  const { paging, total, totalPages } = slice;
  const link = (page: number): string => {
    const url = new URL(requestUrl.href);
    url.searchParams.set('page', String(page));
    return url.href;
  };
  return {
    data,
    meta: { pagination: { total, count: data.length, per_page: paging.count, current_page: paging.page, total_pages: totalPages } },
    linked,
    links: {
      first: link(1),
      next: paging.page < totalPages ? link(paging.page + 1) : null,
      prev: paging.page > 1 ? link(Math.min(paging.page - 1, totalPages)) : null,
      last: link(totalPages),
    },
  };
}
