// The Automate connector's dynamic lists and schemas (certified-connectors/DeskDirector):
// service/request-types|boards|statuses|priorities|sources, members, companies as
// `{results:[{id,name}], totalResults}`, and the JSON schemas its forms are built from.
import { jsonResponse, type SimResponse } from '../../http-util';
import { SOMETHING_ELSE } from '../catalog';
import { apiError, FieldErrors } from '../errors';
import type { QueryParam } from '../query';
import type { RouteContext } from '../router';
import { createRequestSchema, dynamicType } from '../schema';
import { dynamicList } from '../serialize';
import type { DeskdirectorState, RequestTypeRecord } from '../state';

export const REQUEST_TYPES_QUERY: readonly QueryParam[] = [{ name: 'withSomethingElse', kind: 'bool' }];
export const STATUSES_QUERY: readonly QueryParam[] = [{ name: 'boardId', kind: 'int', required: true }];
export const CREATE_SCHEMA_QUERY: readonly QueryParam[] = [{ name: 'requestTypeId', kind: 'int', required: true }];

/** The request type `id`, or "Something Else" (id 0), or undefined. */
export function requestTypeById(state: DeskdirectorState, id: number): RequestTypeRecord | undefined {
  return id === SOMETHING_ELSE.id ? SOMETHING_ELSE : state.requestTypes.find((type) => type.id === id);
}

/** `withSomethingElse=true` adds the generic "Something Else" request (the connector always asks for it). */
export function listRequestTypes(ctx: RouteContext): SimResponse {
  const types = ctx.query.bool('withSomethingElse') === true ? [...ctx.state.requestTypes, SOMETHING_ELSE] : ctx.state.requestTypes;
  return jsonResponse(200, dynamicList(types));
}

export function listBoards(ctx: RouteContext): SimResponse {
  return jsonResponse(200, dynamicList(ctx.state.boards));
}

export function listStatuses(ctx: RouteContext): SimResponse {
  const boardId = ctx.query.int('boardId') as number;
  if (!ctx.state.boards.some((board) => board.id === boardId)) throw apiError(404, `Board ${boardId} was not found.`);
  return jsonResponse(200, dynamicList(ctx.state.statuses.filter((status) => status.boardId === boardId)));
}

export function listPriorities(ctx: RouteContext): SimResponse {
  return jsonResponse(200, dynamicList(ctx.state.priorities));
}

export function listSources(ctx: RouteContext): SimResponse {
  return jsonResponse(200, dynamicList(ctx.state.sources));
}

export function listMembers(ctx: RouteContext): SimResponse {
  return jsonResponse(200, dynamicList([...ctx.state.agents.values()]));
}

export function listCompanies(ctx: RouteContext): SimResponse {
  return jsonResponse(200, dynamicList([...ctx.state.accounts.values()]));
}

export function getCreateTicketSchema(ctx: RouteContext): SimResponse {
  const id = ctx.query.int('requestTypeId') as number;
  const requestType = requestTypeById(ctx.state, id);
  if (!requestType) {
    const errors = new FieldErrors();
    errors.add('requestTypeId', `Request type ${id} does not exist.`);
    errors.throwIfAny();
  }
  return jsonResponse(200, createRequestSchema(requestType as RequestTypeRecord));
}

export function getDynamicSchema(ctx: RouteContext): SimResponse {
  const typeId = ctx.params.typeId ?? '';
  const schema = dynamicType(typeId);
  if (!schema) throw apiError(404, `Dynamic type "${typeId}" was not found.`);
  return jsonResponse(200, schema);
}
