// The Automate connector's ticket routes: POST /tickets?requestTypeId=N (body from the
// request type's $create-request schema), POST /tickets/find, GET and PATCH
// /tickets/{ticketId}. PATCH is a JSON merge patch: only the properties sent change.
import { jsonResponse, type SimResponse } from '../../http-util';
import { AUTOMATE_SOURCE_ID } from '../catalog';
import { apiError, FieldErrors } from '../errors';
import { hasTag, matchesSearch, matchesStatus, newestFirst, searchTerms } from '../filters';
import type { QueryParam } from '../query';
import { intParam, type RouteContext } from '../router';
import { createFields, FIND_DEFAULT_TAKE, FIND_FIELDS, UPDATE_FIELDS } from '../schema';
import { ticketDetails } from '../serialize';
import { addActivity, defaultStatus, statusOf, type Actor, type FieldValue, type RequestTypeRecord, type TicketRecord } from '../state';
import { validateBody } from '../validate';
import { checkAgents, checkBoardStatus, checkContact, checkPriority, cleanTags, settle, uniqueIds } from '../writes';
import { requestTypeById } from './connector-lists';

export const CREATE_QUERY: readonly QueryParam[] = [{ name: 'requestTypeId', kind: 'int', required: true }];

function actorOf(ctx: RouteContext): Actor {
  return { type: 'agent', id: ctx.caller.agent.id };
}

function ticketOr404(ctx: RouteContext): TicketRecord {
  const id = intParam(ctx, 'ticketId');
  const ticket = ctx.state.tickets.get(id);
  if (!ticket) throw apiError(404, `Ticket ${id} was not found.`);
  return ticket;
}

export function createTicket(ctx: RouteContext): SimResponse {
  const { state } = ctx;
  const typeId = ctx.query.int('requestTypeId') as number;
  const errors = new FieldErrors();
  const requestType = requestTypeById(state, typeId);
  if (!requestType) {
    errors.add('requestTypeId', `Request type ${typeId} does not exist.`);
    errors.throwIfAny();
  }
  const type = requestType as RequestTypeRecord;
  const values = validateBody(ctx.body, createFields(type), errors, { nullMeansAbsent: true });
  checkContact(state, values.get('contactId'), errors);
  checkPriority(state, values.get('priorityId'), errors);
  errors.throwIfAny();

  const status = defaultStatus(state, type.boardId);
  if (!status) throw apiError(500, `Board ${type.boardId} has no default status.`);
  const contactId = values.get('contactId') as number;
  const customFields: Record<string, FieldValue> = {};
  for (const field of type.fields) if (values.has(field.name)) customFields[field.name] = values.get(field.name) as FieldValue;
  const dueDate = values.get('dueDate');
  const now = state.now();
  const ticket: TicketRecord = {
    id: state.nextId.ticket++,
    summary: (values.get('summary') as string).trim(),
    description: (values.get('description') as string | undefined) ?? '',
    requestTypeId: type.id === 0 ? null : type.id,
    boardId: type.boardId,
    statusId: status.id,
    priorityId: (values.get('priorityId') as number | undefined) ?? type.defaultPriorityId,
    sourceId: AUTOMATE_SOURCE_ID,
    accountId: state.contacts.get(contactId)?.accountId ?? null,
    contactId,
    assignedAgentIds: [],
    tags: [],
    categories: [],
    createdOn: now,
    modifiedOn: now,
    closedOn: null,
    dueDate: typeof dueDate === 'string' ? Date.parse(dueDate) : null,
    customFields,
    createdBy: actorOf(ctx),
  };
  state.tickets.set(ticket.id, ticket);
  addActivity(state, ticket.id, 'ticketCreated', now, ticket.createdBy);
  return jsonResponse(200, ticketDetails(state, ticket));
}

export function getTicket(ctx: RouteContext): SimResponse {
  return jsonResponse(200, ticketDetails(ctx.state, ticketOr404(ctx)));
}

export function updateTicket(ctx: RouteContext): SimResponse {
  const { state } = ctx;
  const ticket = ticketOr404(ctx);
  const errors = new FieldErrors();
  const values = validateBody(ctx.body, UPDATE_FIELDS, errors);
  const boardId = (values.get('boardId') as number | undefined) ?? ticket.boardId;
  const boardChanged = boardId !== ticket.boardId;
  const statusId = (values.get('statusId') as number | undefined) ?? ticket.statusId;
  if (!errors.list.some((error) => error.field === 'boardId' || error.field === 'statusId')) {
    if (boardChanged && !values.has('statusId') && statusOf(state, ticket.statusId)?.boardId !== boardId) {
      errors.add('statusId', `The board changes and the ticket's status ${ticket.statusId} is not on board ${boardId}: send a statusId of the new board too.`);
    } else checkBoardStatus(state, boardId, statusId, errors);
  }
  const summary = values.get('summary');
  if (typeof summary === 'string' && summary.trim() === '') errors.add('summary', 'Summary cannot be empty.');
  checkContact(state, values.get('contactId'), errors);
  checkPriority(state, values.get('priorityId'), errors);
  checkAgents(state, values.get('assignedAgentIds'), errors);
  errors.throwIfAny();

  const before: TicketRecord = { ...ticket, assignedAgentIds: [...ticket.assignedAgentIds] };
  for (const [name, value] of values) {
    switch (name) {
      case 'summary':
        ticket.summary = (value as string).trim();
        break;
      case 'description':
        ticket.description = (value as string | null) ?? '';
        break;
      case 'boardId':
        ticket.boardId = value as number;
        break;
      case 'statusId':
        ticket.statusId = value as number;
        break;
      case 'priorityId':
        ticket.priorityId = value as number | null;
        break;
      case 'contactId':
        ticket.contactId = value as number;
        ticket.accountId = state.contacts.get(value as number)?.accountId ?? ticket.accountId;
        break;
      case 'assignedAgentIds':
        ticket.assignedAgentIds = uniqueIds(value as number[]);
        break;
      case 'tags':
        ticket.tags = cleanTags(value as string[]);
        break;
      case 'dueDate':
        ticket.dueDate = value === null ? null : Date.parse(value as string);
        break;
    }
  }
  settle(state, ticket, before, actorOf(ctx));
  return jsonResponse(200, ticketDetails(state, ticket));
}

/** Inferred: skip/take paging with `totalResults`, as the connector's other lists count. */
export function findTickets(ctx: RouteContext): SimResponse {
  const { state } = ctx;
  const errors = new FieldErrors();
  const values = validateBody(ctx.body, FIND_FIELDS, errors, { nullMeansAbsent: true });
  errors.throwIfAny();
  const ids = (name: string): number[] | undefined => values.get(name) as number[] | undefined;
  const within = (list: number[] | undefined, value: number | null): boolean => list === undefined || list.length === 0 || (value !== null && list.includes(value));
  const terms = searchTerms(values.get('search') as string | undefined);
  const tags = (values.get('tags') as string[] | undefined) ?? [];
  const agents = ids('assignedAgentIds');
  const matches = [...state.tickets.values()]
    .filter(
      (ticket) =>
        matchesStatus(state, ticket, values.get('status') as string | undefined) &&
        matchesSearch(ticket, terms) &&
        within(ids('boardIds'), ticket.boardId) &&
        within(ids('statusIds'), ticket.statusId) &&
        within(ids('priorityIds'), ticket.priorityId) &&
        within(ids('contactIds'), ticket.contactId) &&
        within(ids('accountIds'), ticket.accountId) &&
        (agents === undefined || agents.length === 0 || ticket.assignedAgentIds.some((id) => agents.includes(id))) &&
        tags.every((tag) => hasTag(ticket, tag)),
    )
    .sort(newestFirst);
  const skip = (values.get('skip') as number | undefined) ?? 0;
  const take = (values.get('take') as number | undefined) ?? FIND_DEFAULT_TAKE;
  return jsonResponse(200, { results: matches.slice(skip, skip + take).map((ticket) => ticketDetails(state, ticket)), totalResults: matches.length });
}
