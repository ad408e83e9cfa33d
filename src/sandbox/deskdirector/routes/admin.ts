// Admin API routes (API key only):
// - PUT /api/v2/tickets/{ticketId}: "we use PUT requests to update entities. This will
//   completely overwrite all existing properties on the entity, with only those specified
//   in the request" (seed 002). Every property left out is blanked, which is why a client
//   must never send one; the server counts each PUT in state.putCount.
// - GET /api/v2/user/member/{memberId}/userkey: an agent's access token for the API key's
//   owner to act on that agent's behalf (seen in public automation scripts that then call
//   TECH and form APIs with `DdAccessToken`). Valid 60 minutes like any access token.
import { jsonResponse, type SimResponse } from '../../http-util';
import { issueAccessToken } from '../auth';
import { apiError, FieldErrors } from '../errors';
import { intParam, type RouteContext } from '../router';
import { PUT_FIELDS } from '../schema';
import { ticketDetails } from '../serialize';
import type { FieldValue, TicketRecord } from '../state';
import { validateBody } from '../validate';
import { checkAgents, checkBoardStatus, checkContact, checkPriority, checkSource, cleanTags, settle, uniqueIds } from '../writes';

export function replaceTicket(ctx: RouteContext): SimResponse {
  const { state } = ctx;
  const id = intParam(ctx, 'ticketId');
  const ticket = state.tickets.get(id);
  if (!ticket) throw apiError(404, `Ticket ${id} was not found.`);
  const errors = new FieldErrors();
  const values = validateBody(ctx.body, PUT_FIELDS, errors);
  if (!errors.list.some((error) => error.field === 'boardId' || error.field === 'statusId')) checkBoardStatus(state, values.get('boardId') as number, values.get('statusId') as number, errors);
  checkContact(state, values.get('contactId'), errors);
  checkPriority(state, values.get('priorityId'), errors);
  checkSource(state, values.get('sourceId'), errors);
  checkAgents(state, values.get('assignedAgentIds'), errors);
  const requestTypeId = values.get('requestTypeId');
  if (typeof requestTypeId === 'number' && !state.requestTypes.some((type) => type.id === requestTypeId)) errors.add('requestTypeId', `Request type ${requestTypeId} does not exist.`);
  errors.throwIfAny();

  const before: TicketRecord = { ...ticket, assignedAgentIds: [...ticket.assignedAgentIds] };
  const contactId = (values.get('contactId') as number | null | undefined) ?? null;
  const dueDate = values.get('dueDate');
  Object.assign(ticket, {
    summary: (values.get('summary') as string).trim(),
    description: (values.get('description') as string | null | undefined) ?? '',
    boardId: values.get('boardId') as number,
    statusId: values.get('statusId') as number,
    priorityId: (values.get('priorityId') as number | null | undefined) ?? null,
    sourceId: (values.get('sourceId') as number | null | undefined) ?? null,
    contactId,
    accountId: contactId === null ? null : (state.contacts.get(contactId)?.accountId ?? null),
    requestTypeId: (requestTypeId as number | null | undefined) ?? null,
    assignedAgentIds: uniqueIds((values.get('assignedAgentIds') as number[] | null | undefined) ?? []),
    tags: cleanTags((values.get('tags') as string[] | null | undefined) ?? []),
    categories: [],
    dueDate: typeof dueDate === 'string' ? Date.parse(dueDate) : null,
    customFields: { ...((values.get('customFields') as Record<string, FieldValue> | null | undefined) ?? {}) },
  } satisfies Partial<TicketRecord>);
  settle(state, ticket, before, { type: 'agent', id: ctx.caller.agent.id });
  return jsonResponse(200, ticketDetails(state, ticket));
}

export function getUserKey(ctx: RouteContext): SimResponse {
  const memberId = intParam(ctx, 'memberId');
  if (!ctx.state.agents.has(memberId)) throw apiError(404, `Member ${memberId} was not found.`);
  return jsonResponse(200, { userKey: issueAccessToken(ctx.state, memberId) });
}
