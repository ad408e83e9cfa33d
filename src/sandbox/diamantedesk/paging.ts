// List filtering, sorting and paging as DiamanteDesk's repositories and ApiPagingService
// do it, including what a client trips over:
// - filters: only the properties the filter command declares; string ones listed as
//   LIKE fields match substrings, everything else `=`; an empty value ('' or '0') is no
//   filter; values are urldecoded once more; created/updated After (>=) and Before (<).
// - rows are filtered with AND, but X-Total counts with OR (and, for tickets, over a
//   self-join: see ticketTotal); a field the entity does not map (`key`) breaks both
//   queries: body `null`, X-Total 0.
// - `sort` is a property name used as is (`createdAt`, not `created_at`) and `order`
//   must be asc/desc: anything else fails the query and the body is `null`, while the
//   count, which ignores sorting, still answers.
// - `page` from 1 and `limit` default 25 with no maximum; Link rels in the order first,
//   last, next, previous, each only when its page is > 0: page 1 has no `first`, the
//   final page no `last` and no `next`, a single page only `last`, an empty list an
//   empty Link header.
//   Links keep only page, limit, sort and order, never the filters.
import { mysqlEquals, mysqlLike } from './mysql';
import { phpEmpty, phpIntPrefix, phpString, phpUrldecode } from './php-text';
import { mysqlDatetimeMs } from './php-time';
import type { Bag } from './request';

export type Operator = 'eq' | 'like' | 'gte' | 'lt';

export interface Criterion {
  field: string;
  operator: Operator;
  value: string;
}

/** A mapped column's value for one row: what `e.field` compares and sorts by. */
export type Column = { kind: 'string'; value: string | null } | { kind: 'number'; value: number | null } | { kind: 'date'; value: number | null };

/** An entity's mapped fields; a name it does not have is a DQL error. */
export interface EntitySchema<T> {
  fields: ReadonlySet<string>;
  column(row: T, field: string): Column;
}

export interface FilterSpec {
  /** The filter command's data properties, in declaration order. */
  fields: readonly string[];
  /** Those compared with LIKE '%value%'. */
  like: readonly string[];
}

const TIMESTAMP_FILTERS: ReadonlyArray<readonly [string, string, Operator]> = [
  ['createdAfter', 'createdAt', 'gte'],
  ['createdBefore', 'createdAt', 'lt'],
  ['updatedAfter', 'updatedAt', 'gte'],
  ['updatedBefore', 'updatedAt', 'lt'],
];

export function buildCriteria(data: Bag, spec: FilterSpec): Criterion[] {
  const criteria: Criterion[] = [];
  for (const field of spec.fields) {
    const value = data[field];
    if (phpEmpty(value) || typeof value === 'object') continue;
    criteria.push({ field, operator: spec.like.includes(field) ? 'like' : 'eq', value: phpUrldecode(phpString(value)) });
  }
  for (const [name, field, operator] of TIMESTAMP_FILTERS) {
    const value = data[name];
    if (phpEmpty(value) || typeof value === 'object') continue;
    criteria.push({ field, operator, value: phpUrldecode(phpString(value)) });
  }
  return criteria;
}

/** Whether every field the criteria name is mapped; otherwise the query fails. */
function mapped<T>(criteria: readonly Criterion[], schema: EntitySchema<T>): boolean {
  return criteria.every((criterion) => schema.fields.has(criterion.field));
}

function test<T>(row: T, criterion: Criterion, schema: EntitySchema<T>): boolean {
  const column = schema.column(row, criterion.field);
  if (column.value === null) return false;
  switch (criterion.operator) {
    case 'like':
      return mysqlLike(String(column.value), `%${criterion.value}%`);
    case 'eq':
      return column.kind === 'date' ? column.value === mysqlDatetimeMs(criterion.value) : mysqlEquals(column.value, criterion.value);
    default: {
      const bound = column.kind === 'date' ? mysqlDatetimeMs(criterion.value) : Number(criterion.value);
      // Inferred: a value MySQL cannot read as a date compares with the zero date.
      const limit = bound === undefined || Number.isNaN(bound) ? Number.NEGATIVE_INFINITY : bound;
      return criterion.operator === 'gte' ? Number(column.value) >= limit : Number(column.value) < limit;
    }
  }
}

/** Rows matching every criterion (the list query), or undefined when the query fails. */
export function matchAll<T>(rows: readonly T[], criteria: readonly Criterion[], schema: EntitySchema<T>): T[] | undefined {
  if (!mapped(criteria, schema)) return undefined;
  return rows.filter((row) => criteria.every((criterion) => test(row, criterion, schema)));
}

/** Rows matching any criterion, all rows without criteria (the count query), or undefined when it fails. */
export function matchAny<T>(rows: readonly T[], criteria: readonly Criterion[], schema: EntitySchema<T>): T[] | undefined {
  if (!mapped(criteria, schema)) return undefined;
  if (criteria.length === 0) return [...rows];
  return rows.filter((row) => criteria.some((criterion) => test(row, criterion, schema)));
}

export interface Paging {
  /** As sent (or the default): the links repeat them verbatim. */
  page: string;
  limit: string;
  sort: string;
  order: string;
  pageNumber: number;
  limitNumber: number;
}

/** FilterPagingProperties: a missing or empty value takes the default (page 1, limit 25, sort id, order ASC). */
export function readPaging(data: Bag): Paging {
  const pick = (name: string, fallback: string): string => {
    const value = data[name];
    return phpEmpty(value) || typeof value === 'object' ? fallback : phpString(value);
  };
  const page = pick('page', '1');
  const limit = pick('limit', '25');
  return { page, limit, sort: pick('sort', 'id'), order: pick('order', 'ASC'), pageNumber: phpIntPrefix(page), limitNumber: phpIntPrefix(limit) };
}

function compareColumns(a: Column, b: Column): number {
  if (a.value === b.value) return 0;
  // MySQL sorts NULL first in ascending order.
  if (a.value === null) return -1;
  if (b.value === null) return 1;
  if (typeof a.value === 'number' && typeof b.value === 'number') return a.value - b.value;
  const x = String(a.value).toLowerCase();
  const y = String(b.value).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * ORDER BY e.<sort> <order>, then the page. Undefined when the query fails: unknown sort
 * property, an order other than asc/desc, or a negative offset. Inferred: ties keep id
 * order (MySQL leaves it open; a fixed order keeps tests reproducible).
 */
export function sortAndPage<T extends { id: number }>(rows: readonly T[], paging: Paging, sortKey: ((row: T) => Column) | undefined): T[] | undefined {
  const order = paging.order.toLowerCase();
  if (!sortKey || (order !== 'asc' && order !== 'desc')) return undefined;
  const offset = (paging.pageNumber - 1) * paging.limitNumber;
  if (offset < 0 || paging.limitNumber < 0) return undefined;
  const direction = order === 'desc' ? -1 : 1;
  const sorted = [...rows].sort((a, b) => direction * compareColumns(sortKey(a), sortKey(b)) || a.id - b.id);
  return sorted.slice(offset, offset + paging.limitNumber);
}

/** The sort key for `e.<sort>`, or undefined when the entity has no such field. */
export function sortKeyFor<T>(schema: EntitySchema<T>, sort: string): ((row: T) => Column) | undefined {
  return schema.fields.has(sort) ? (row) => schema.column(row, sort) : undefined;
}

/** The Link and X-Total headers ApiPagingService adds to a list. */
export function pagingHeaders(total: number, paging: Paging, query: Bag, base: string): Record<string, string> {
  const lastPageRaw = paging.limitNumber === 0 ? 0 : Math.ceil(total / paging.limitNumber);
  const current = paging.pageNumber;
  let first = 0;
  let last = lastPageRaw;
  let next = 0;
  let previous = 0;
  // A single page keeps its `last` link (page 1); only an empty list has no links at all.
  if (lastPageRaw <= 1) {
    last = lastPageRaw;
  } else if (current === 1) {
    next = 2;
  } else if (current === lastPageRaw) {
    previous = current - 1;
    first = 1;
    last = 0;
  } else {
    first = 1;
    next = current + 1;
    previous = current - 1;
  }
  // reconstructQueryParams: page, limit, sort, order, each only if the query had it; limit always.
  const params = new Map<string, string>();
  const values: Record<string, string> = { page: paging.page, limit: paging.limit, sort: paging.sort, order: paging.order };
  for (const key of ['page', 'limit', 'sort', 'order']) if (key in query) params.set(key, `${key}=${values[key]}`);
  if (!params.has('limit')) params.set('limit', `limit=${paging.limit}`);
  const links: string[] = [];
  const rels: ReadonlyArray<readonly [string, number]> = [
    ['first', first],
    ['last', last],
    ['next', next],
    ['previous', previous],
  ];
  for (const [rel, page] of rels) {
    if (page <= 0) continue;
    params.set('page', `page=${page}`);
    links.push(`<${base}?${[...params.values()].join('&')}>; rel="${rel}"`);
  }
  return { Link: links.join(', '), 'X-Total': String(total) };
}
