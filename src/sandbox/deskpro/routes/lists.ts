// /me and the reference lists: statuses, priorities, departments, custom fields, agents, people.
import { jsonResponse, type SimResponse } from '../../http-util';
import { collection, readIdList, readPaging, single, slicePage } from '../envelope';
import { apiError, InputErrors } from '../errors';
import type { RouteContext } from '../router';
import { personJson } from '../serialize';
import type { PersonRecord } from '../state';

export function getMe(ctx: RouteContext): SimResponse {
  const { person, authMethod } = ctx.caller;
  return jsonResponse(200, single({ auth_method: authMethod, person_id: person.id, person: personJson(person) }));
}

/** Inferred: the documents name the route but not its shape; `{id, title}` like the other lists. */
const STATUS_TITLES: ReadonlyArray<readonly [string, string]> = [
  ['awaiting_agent', 'Awaiting agent'],
  ['awaiting_user', 'Awaiting user'],
  ['pending', 'Pending'],
  ['resolved', 'Resolved'],
  ['hidden', 'Hidden'],
];

/** A small list, paged like every other collection so clients handle it the same way. */
function simpleList(ctx: RouteContext, items: readonly unknown[]): SimResponse {
  const errors = new InputErrors();
  const paging = readPaging(ctx.query, errors);
  errors.throwIfAny();
  const slice = slicePage(items, paging);
  return jsonResponse(200, collection(slice, slice.items, ctx.url));
}

export function listStatuses(ctx: RouteContext): SimResponse {
  return simpleList(ctx, STATUS_TITLES.map(([id, title]) => ({ id, title })));
}

export function listPriorities(ctx: RouteContext): SimResponse {
  return simpleList(ctx, ctx.state.priorities.map((p) => ({ ...p })));
}

export function listDepartments(ctx: RouteContext): SimResponse {
  // Inferred: departments carry a parent (null for top level) and a display order.
  return simpleList(ctx, ctx.state.departments.map((d, index) => ({ id: d.id, title: d.title, parent: null, display_order: index })));
}

export function listCustomFields(ctx: RouteContext): SimResponse {
  return simpleList(ctx, []);
}

function listPeopleWhere(ctx: RouteContext, keep: (person: PersonRecord) => boolean): SimResponse {
  const errors = new InputErrors();
  const paging = readPaging(ctx.query, errors);
  const ids = readIdList(ctx.query, 'ids', errors);
  // Inferred: /people can be filtered by exact primary_email (case-insensitive).
  const email = ctx.query.get('primary_email')?.trim().toLowerCase();
  errors.throwIfAny();
  const people = [...ctx.state.people.values()]
    .filter(keep)
    .filter((p) => (ids ? ids.includes(p.id) : true))
    .filter((p) => (email ? p.primary_email.toLowerCase() === email : true))
    .sort((a, b) => a.id - b.id);
  const slice = slicePage(people, paging);
  return jsonResponse(200, collection(slice, slice.items.map(personJson), ctx.url));
}

export function listAgents(ctx: RouteContext): SimResponse {
  return listPeopleWhere(ctx, (person) => person.is_agent);
}

export function listPeople(ctx: RouteContext): SimResponse {
  return listPeopleWhere(ctx, () => true);
}

export function getAgent(ctx: RouteContext): SimResponse {
  const person = ctx.state.people.get(ctx.params.id as number);
  if (!person?.is_agent) throw apiError(404, `Agent ${ctx.params.id} was not found.`);
  return jsonResponse(200, single(personJson(person)));
}

export function getPerson(ctx: RouteContext): SimResponse {
  const person = ctx.state.people.get(ctx.params.id as number);
  if (!person) throw apiError(404, `Person ${ctx.params.id} was not found.`);
  return jsonResponse(200, single(personJson(person)));
}
