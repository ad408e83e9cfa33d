// Lookups and list plumbing the route handlers share: loading a ticket by id or key with
// the product's messages, the serializer context, and running a filtered, sorted, paged
// list query with its paging headers.
import { DeskError, TicketMoved } from '../errors';
import { buildCriteria, matchAll, matchAny, pagingHeaders, readPaging, sortAndPage, sortKeyFor, type Criterion, type EntitySchema, type FilterSpec, type Paging } from '../paging';
import type { RouteContext } from '../router';
import type { SerializeContext } from '../serialize';
import { ticketKey, type TicketRecord } from '../state';

export function serializeContext(ctx: RouteContext): SerializeContext {
  return { state: ctx.state, caller: ctx.caller, host: `${ctx.url.protocol}//${ctx.url.host}` };
}

export const TICKET_NOT_FOUND = 'Ticket loading failed, ticket not found.';

export function ticketById(ctx: RouteContext, id: unknown): TicketRecord {
  const ticket = ctx.state.tickets.get(Number(id));
  if (!ticket) throw new DeskError(404, TICKET_NOT_FOUND);
  return ticket;
}

/**
 * TicketServiceImpl::loadTicketByKey: a key in the ticket history (the ticket was moved to
 * another branch since) is a TicketMovedException, 301 with the current key; deleting by
 * it (`moved: 'use'`) takes the moved ticket itself. Otherwise TicketKey::from: split at
 * the last '-'; the branch key is compared by the database (case-insensitively), the
 * number as an integer ('BRANCHA-03' is BRANCHA-3).
 */
export function ticketByKey(ctx: RouteContext, key: string, moved: 'redirect' | 'use' = 'redirect'): TicketRecord {
  const movedId = ctx.state.movedKeys.get(key.toUpperCase());
  const movedTicket = movedId === undefined ? undefined : ctx.state.tickets.get(movedId);
  if (movedTicket) {
    if (moved === 'use') return movedTicket;
    throw new TicketMoved(ticketKey(ctx.state, movedTicket));
  }
  const divider = key.lastIndexOf('-');
  if (divider < 1) throw new DeskError(500, 'Ticket key string has wrong format.');
  const branchKey = key.slice(0, divider);
  const number = Number.parseInt(key.slice(divider + 1), 10);
  if (!(number >= 1)) throw new DeskError(500, 'Ticket number should be an integer value grater than 0.');
  const branch = [...ctx.state.branches.values()].find((b) => b.key.toLowerCase() === branchKey.toLowerCase());
  const ticket = branch ? [...ctx.state.tickets.values()].find((t) => t.branchId === branch.id && t.sequenceNumber === number) : undefined;
  if (!ticket) throw new DeskError(404, TICKET_NOT_FOUND);
  return ticket;
}

export interface ListQuery<T> {
  rows: readonly T[];
  spec: FilterSpec;
  schema: EntitySchema<T>;
  /** How the list query joins the filters: AND (tickets, branches) or OR (the comment repository). */
  combine?: 'all' | 'any';
  /** Overrides `e.<sort>` for a sort the repository treats specially (tickets by `key`). */
  specialSort?: (sort: string) => ((row: T) => { kind: 'string'; value: string }) | undefined;
  /** What X-Total is for these criteria, or undefined when the count query fails. */
  count?: (criteria: readonly Criterion[], paging: Paging) => number | undefined;
}

export interface ListOutcome<T> {
  /** The page, or undefined for the `null` body of a failed query. */
  page: T[] | undefined;
  headers: Record<string, string>;
}

export function runList<T extends { id: number }>(ctx: RouteContext, query: ListQuery<T>): ListOutcome<T> {
  const criteria = buildCriteria(ctx.data, query.spec);
  const paging = readPaging(ctx.data);
  const matched = query.combine === 'any' ? matchAny(query.rows, criteria, query.schema) : matchAll(query.rows, criteria, query.schema);
  const sortKey = query.specialSort?.(paging.sort) ?? sortKeyFor(query.schema, paging.sort);
  const page = matched === undefined ? undefined : sortAndPage(matched, paging, sortKey);
  // PagingInfo takes a failed count (null) as 0.
  const total = (query.count ? query.count(criteria, paging) : matchAny(query.rows, criteria, query.schema)?.length) ?? 0;
  const base = `${ctx.url.protocol}//${ctx.url.host}${ctx.url.pathname}`;
  return { page, headers: pagingHeaders(total, paging, ctx.query, base) };
}
