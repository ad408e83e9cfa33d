// OroPlatform's own user routes, which every DiamanteDesk 2.x install has beside the desk
// API because DiamanteDesk runs on OroPlatform 2.1 and its agents are Oro users:
// - `/api/rest/{version}/users`, `/users/{id}`, `/user/filter?username=|email=`
//   (OroUserBundle's REST UserController, behind the same `wsse_secured` firewall as the
//   desk API). Answers are the controller's "prepared items": the entity's fields by
//   their PHP names (`firstName`), dates as `date('c')`, nulls kept (a JsonResponse);
//   lists are bare arrays without paging headers, 10 per page by default; a missing
//   user, or a filter without `username` or `email`, is 404 with the body `""`.
// - `GET /api/userprofile` (OroApiBundle's Data API, the `api_wsse_secured` firewall,
//   same WSSE rules): the user who signed the request. JSON:API when the request's
//   Content-Type is `application/vnd.api+json`, plain REST otherwise. Inferred: any
//   signed-in agent may read it (it exists so that a client can learn who it is).
// No DiamanteDesk code is involved in either, so none of its error shapes apply.
import { SEED_EPOCH } from '../../seed-timeline';
import { PlatformError } from '../errors';
import type { JsonValue } from '../php-json';
import { phpString } from '../php-text';
import type { RouteContext, ServiceResult } from '../router';
import type { AgentRecord, DiamantedeskState } from '../state';

/** RestGetController::ITEMS_PER_PAGE. */
const ITEMS_PER_PAGE = 10;

/** Inferred: when the staff's accounts were made (the seed has no such date). */
const STAFF_CREATED_MS = SEED_EPOCH - 720 * 86_400_000;

const ORGANIZATION = 'DiamanteDesk';
const BUSINESS_UNIT = { id: 1, name: 'Main' };

/** `date('c')` in UTC. */
function isoDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}

/** The fields of an Oro user, as the Data API and the REST controller both name them. */
function userFields(agent: AgentRecord): Record<string, JsonValue> {
  const created = isoDate(STAFF_CREATED_MS + agent.id * 86_400_000);
  return {
    username: agent.username,
    email: agent.email,
    phone: null,
    namePrefix: null,
    firstName: agent.firstName,
    middleName: null,
    lastName: agent.lastName,
    nameSuffix: null,
    birthday: null,
    enabled: true,
    lastLogin: null,
    loginCount: 0,
    createdAt: created,
    updatedAt: created,
  };
}

/** UserController::getPreparedItem: the entity's fields, associations as the controller transforms them. */
export function preparedUser(agent: AgentRecord): Record<string, JsonValue> {
  return {
    id: agent.id,
    ...userFields(agent),
    owner: { ...BUSINESS_UNIT },
    organization: ORGANIZATION,
    roles: [agent.canEdit ? { id: 3, role: 'ROLE_ADMINISTRATOR', label: 'Administrator' } : { id: 1, role: 'ROLE_USER', label: 'User' }],
    groups: [],
    businessUnits: [{ ...BUSINESS_UNIT }],
    emails: [],
  };
}

/** `handleView($this->view('', 404))`: FOSRest serializes the empty string. */
function notFound(): PlatformError {
  return new PlatformError(404, '');
}

/** The agents in id order, as Oro's list query orders them. */
function agentsById(state: DiamantedeskState): AgentRecord[] {
  return [...state.agents.values()].sort((a, b) => a.id - b.id);
}

export function listPlatformUsers(ctx: RouteContext): ServiceResult {
  const page = Math.max(1, Number.parseInt(phpString(ctx.query.page ?? '1'), 10) || 1);
  const limit = Math.max(1, Number.parseInt(phpString(ctx.query.limit ?? String(ITEMS_PER_PAGE)), 10) || ITEMS_PER_PAGE);
  const slice = agentsById(ctx.state).slice((page - 1) * limit, page * limit);
  return { data: slice.map(preparedUser) };
}

export function getPlatformUser(ctx: RouteContext): ServiceResult {
  const agent = ctx.state.agents.get(Number(ctx.params.id));
  if (!agent) throw notFound();
  return { data: preparedUser(agent) };
}

/**
 * `user/filter`: `findOneBy` with whichever of username and email the query has (both
 * must match when both are given); the database compares case-insensitively.
 */
export function filterPlatformUser(ctx: RouteContext): ServiceResult {
  const wanted: Array<[keyof AgentRecord, string]> = [];
  for (const name of ['username', 'email'] as const) {
    const value = ctx.query[name];
    if (typeof value === 'string') wanted.push([name, value.toLowerCase()]);
  }
  if (wanted.length === 0) throw notFound();
  const agent = agentsById(ctx.state).find((candidate) => wanted.every(([field, value]) => String(candidate[field]).toLowerCase() === value));
  if (!agent) throw notFound();
  return { data: preparedUser(agent) };
}

export const JSON_API_TYPE = 'application/vnd.api+json';

/** The Data API's `GET /api/userprofile` for the signed-in agent. */
export function userProfile(agent: AgentRecord, jsonApi: boolean): JsonValue {
  if (!jsonApi) return { id: agent.id, ...userFields(agent), owner: BUSINESS_UNIT.id, organization: 1, roles: [agent.canEdit ? 3 : 1], businessUnits: [BUSINESS_UNIT.id] };
  return {
    data: {
      type: 'userprofile',
      id: String(agent.id),
      attributes: userFields(agent),
      relationships: {
        owner: { data: { type: 'businessunits', id: String(BUSINESS_UNIT.id) } },
        organization: { data: { type: 'organizations', id: '1' } },
        roles: { data: [{ type: 'userroles', id: agent.canEdit ? '3' : '1' }] },
        businessUnits: { data: [{ type: 'businessunits', id: String(BUSINESS_UNIT.id) }] },
      },
    },
  };
}
