// The TECH connector's Copilot routes (certified-connectors/DeskDirector Tech):
// GET /api/v2/copilot/tickets, /tickets/{ticketId}, /time-entries, /connections/test.
// No paging: the search answers `{total, resultsCount, results}` with at most
// `limits.copilotResultCap` results, so `total > resultsCount` says the server capped it.
import { jsonResponse, type SimResponse } from '../../http-util';
import { DAY } from '../../seed-timeline';
import { apiError } from '../errors';
import { hasTag, lastMessageFromContact, matchesAssigned, matchesSearch, matchesStatus, matchesTaskProgress, newestFirst, searchTerms } from '../filters';
import type { QueryParam } from '../query';
import { intParam, type RouteContext } from '../router';
import { copilotSummary, copilotTicket } from '../serialize';
import { formatDate, type NoteRecord } from '../state';

export const FIND_TICKETS_QUERY: readonly QueryParam[] = [
  { name: 'search', kind: 'string' },
  { name: 'status', kind: 'enum', values: ['open', 'closed', 'any'] },
  { name: 'assigned', kind: 'enum', values: ['me', 'assigned', 'unassigned', 'any'] },
  { name: 'taskProgress', kind: 'enum', values: ['completed', 'incomplete', 'any'] },
  { name: 'lastContactMessage', kind: 'bool' },
  { name: 'startTime', kind: 'dateTime' },
  { name: 'endTime', kind: 'dateTime' },
  { name: 'tag', kind: 'string' },
];

export const TIME_ENTRY_PERIODS = ['today', 'this_week', 'last_week', 'this_month', 'last_month'] as const;
export const FIND_TIME_ENTRIES_QUERY: readonly QueryParam[] = [{ name: 'period', kind: 'enum', values: TIME_ENTRY_PERIODS }];

/** Inferred: an omitted filter does not filter ("any"). */
export function findTickets(ctx: RouteContext): SimResponse {
  const { state, query, caller } = ctx;
  const terms = searchTerms(query.string('search'));
  const status = query.string('status');
  const assigned = query.string('assigned');
  const taskProgress = query.string('taskProgress');
  const lastContact = query.bool('lastContactMessage');
  const start = query.string('startTime');
  const end = query.string('endTime');
  const tag = query.string('tag');
  const from = start === undefined ? undefined : Date.parse(start);
  const to = end === undefined ? undefined : Date.parse(end);
  const matches = [...state.tickets.values()]
    .filter(
      (ticket) =>
        matchesStatus(state, ticket, status) &&
        matchesAssigned(ticket, assigned, caller.agent.id) &&
        matchesSearch(ticket, terms) &&
        (tag === undefined || tag.trim() === '' || hasTag(ticket, tag.trim())) &&
        matchesTaskProgress(state, ticket, taskProgress) &&
        (lastContact !== true || lastMessageFromContact(state, ticket)) &&
        (from === undefined || ticket.createdOn >= from) &&
        (to === undefined || ticket.createdOn <= to),
    )
    .sort(newestFirst);
  const results = matches.slice(0, state.limits.copilotResultCap).map((ticket) => copilotSummary(state, ticket));
  return jsonResponse(200, { total: matches.length, resultsCount: results.length, results });
}

export function getTicket(ctx: RouteContext): SimResponse {
  const id = intParam(ctx, 'ticketId');
  const ticket = ctx.state.tickets.get(id);
  if (!ticket) throw apiError(404, `Ticket ${id} was not found.`);
  return jsonResponse(200, copilotTicket(ctx.state, ticket));
}

/** [from, to) of a period in UTC; weeks start on Monday. */
function periodRange(period: string, now: number): [number, number] {
  const today = Math.floor(now / DAY) * DAY;
  const weekStart = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY;
  const date = new Date(today);
  const monthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  switch (period) {
    case 'today':
      return [today, today + DAY];
    case 'last_week':
      return [weekStart - 7 * DAY, weekStart];
    case 'this_month':
      return [monthStart, Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)];
    case 'last_month':
      return [Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1), monthStart];
    default:
      return [weekStart, weekStart + 7 * DAY];
  }
}

/** "Find my time entries based on the time period." Inferred: no period means this week. */
export function findTimeEntries(ctx: RouteContext): SimResponse {
  const { state, caller } = ctx;
  const [from, to] = periodRange(ctx.query.string('period') ?? 'this_week', state.now());
  const mine = [...state.notes.values()]
    .filter((note): note is NoteRecord & { timeEntry: NonNullable<NoteRecord['timeEntry']> } => note.timeEntry !== null && note.author.type === 'agent' && note.author.id === caller.agent.id)
    .filter((note) => note.timeEntry.timeStart >= from && note.timeEntry.timeStart < to)
    .sort((a, b) => b.timeEntry.timeStart - a.timeEntry.timeStart);
  const results = mine.slice(0, state.limits.copilotResultCap).map((note) => ({
    id: note.id,
    note: note.note,
    isInternal: note.isInternal,
    startTime: formatDate(note.timeEntry.timeStart),
    endTime: formatDate(note.timeEntry.timeEnd),
    actualHours: note.timeEntry.actualHours,
    createdOn: formatDate(note.createdOn),
    parentTicket: { id: note.ticketId, name: state.tickets.get(note.ticketId)?.summary ?? '' },
  }));
  return jsonResponse(200, { total: mine.length, resultsCount: results.length, results });
}

/** Both connectors' connection test: the schema is only "object". Inferred: an empty one. */
export function testConnection(): SimResponse {
  return jsonResponse(200, {});
}
