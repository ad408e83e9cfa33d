// The DiamanteDesk REST API simulator: a plain `http` server that answers like a
// DiamanteDesk 2.x install (OroPlatform, Symfony 2.8), layer by layer in the real order:
// routing (404/405 without asking for credentials), FOSRest's body listener (400 for
// unreadable JSON), the WSSE guard of the prefix (/api/rest for agents, /api/diamante/rest
// for customers), command binding and validation, the service, and the view (201 with
// Location on create, 204 on delete). Deterministic seed data, a switchable server clock
// and the shared fault switches.
import type { IncomingMessage } from 'node:http';
import type { SimResponse } from '../http-util';
import { startSimulatorServer, type LoggedRequest, type RunningSimulator, type SimulatorListenOptions } from '../simulator-server';
import { authenticateAgent, authenticateCustomer } from './auth';
import { DEFAULT_SEED, DEFAULT_TICKET_COUNT, generateState } from './data';
import { download } from './download';
import { DiamanteAuthFailure, errorResult, HttpStatusError, WsseChallenge, type ErrorFormat } from './errors';
import { camelizeKey } from './php-text';
import { readRequestBody, parsePhpQuery, type Bag } from './request';
import { baseHeaders, serializedResult, type Format } from './respond';
import { ROUTES } from './route-table';
import { JSON_API_TYPE, userProfile } from './routes/platform';
import { phpJsonEncode } from './php-json';
import { guardOf, Router, type Caller, type Guard, type RouteContext, type ServiceResult, type Verb } from './router';
import { agentTypedId, customerTypedId, fullName, type DiamantedeskState, type TicketTotalMode } from './state';
import { DIAMANTEDESK_FAULTS, webAppPage } from './web-app';
import type { WsseFields } from './wsse';

export interface DiamantedeskSimulatorOptions extends SimulatorListenOptions {
  seed?: number;
  /** Where the seed's dates end (default SEED_EPOCH, fixed for tests; the sandbox passes its start time). */
  epoch?: number;
  /** Default 600. */
  ticketCount?: number;
  /** The API key of "me"; random per start when not given. */
  apiKey?: string;
  /** Real time (default Date.now); the server's clock is this plus clockSkewMs. */
  now?: () => number;
  /** Initial skew of the server's clock, in ms (default 0). */
  clockSkewMs?: number;
  /** How /tickets counts X-Total (default 'cross-join', as the released code does). */
  ticketTotal?: TicketTotalMode;
}

export interface DiamantedeskRequestLogEntry extends LoggedRequest {
  /** Which firewall the path belongs to, if any. */
  guard?: Guard;
  /** The service method that answered. */
  route?: string;
  /** The X-WSSE header as sent. */
  wsseHeader?: string;
  /** Its fields, as the guard of the path read them. */
  wsse?: WsseFields;
  /** Why the guard refused (what the server logs; the client sees only the 401). */
  authFailure?: string;
  /** The decoded JSON body. */
  json?: unknown;
  /** Username (agent) or email (customer) of the authenticated caller. */
  caller?: string;
}

export interface DiamantedeskSimulator extends RunningSimulator<DiamantedeskState, DiamantedeskRequestLogEntry> {
  /** The helpdesk's address, e.g. http://127.0.0.1:PORT (API under /api/rest/latest/desk/). */
  url: string;
  /** WSSE credentials of "me", an agent: Username (or the email) and the API key. */
  username: string;
  apiKey: string;
  me: { id: number; typedId: string; username: string; email: string; name: string };
  /** An agent who may view but not create, edit or delete (403 on writes). */
  restricted: { username: string; apiKey: string };
  /** A customer's API user for DiamanteDesk's own guard (/api/diamante/rest/latest/desk/). */
  customer: { id: number; typedId: string; email: string; apiKey: string };
  /** The server's clock minus real time; set it to make the server run ahead or behind. */
  clockSkewMs: number;
}

const router = new Router(ROUTES);

function camelizeDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelizeDeep);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value as Bag).map(([key, item]) => [camelizeKey(key), camelizeDeep(item)]));
}

function camelizeBag(bag: Bag): Bag {
  return camelizeDeep(bag) as Bag;
}

/** Symfony matches the rawurldecoded path. */
function decodedPath(pathname: string): string {
  try {
    return decodeURIComponent(pathname.replace(/\+/g, '%2B'));
  } catch {
    return pathname;
  }
}

/** HandleView::entityLocation: the id goes before the first '.' of the path, or at its end. */
function locationOf(url: URL, id: number): string {
  const path = url.pathname;
  const dot = path.indexOf('.');
  const located = dot < 0 ? `${path}/${id}` : `${path.slice(0, dot)}/${id}${path.slice(dot)}`;
  return `${url.protocol}//${url.host}${located}`;
}

function view(state: DiamantedeskState, method: Verb, format: Format, url: URL, result: ServiceResult): SimResponse {
  switch (method) {
    case 'GET':
      return serializedResult(state, 200, format, result.data, result.headers);
    case 'POST':
      return serializedResult(state, 201, format, result.data, result.createdId === undefined || Array.isArray(result.data) ? {} : { Location: locationOf(url, result.createdId) });
    case 'DELETE':
      return { status: 204, headers: baseHeaders(state) };
    default:
      return result.data === null ? { status: 204, headers: baseHeaders(state) } : serializedResult(state, 200, format, result.data);
  }
}

async function authenticate(state: DiamantedeskState, guard: Guard, req: IncomingMessage, entry: DiamantedeskRequestLogEntry): Promise<Caller> {
  const raw = req.headers['x-wsse'];
  const header = Array.isArray(raw) ? raw[0] : raw;
  if (header !== undefined) entry.wsseHeader = header;
  if (guard === 'oro') {
    const auth = authenticateAgent(state, header);
    if (auth.fields) entry.wsse = auth.fields;
    if (auth.kind !== 'ok') {
      entry.authFailure = auth.reason;
      throw new WsseChallenge(auth.reason);
    }
    entry.caller = auth.agent.username;
    return { kind: 'agent', agent: auth.agent };
  }
  const auth = authenticateCustomer(state, header);
  if (auth.kind === 'noToken') {
    entry.authFailure = auth.reason;
    throw new HttpStatusError(401, {}, 'A Token was not found in the TokenStorage.');
  }
  entry.wsse = auth.fields;
  if (auth.kind === 'failed') {
    entry.authFailure = auth.reason;
    throw new DiamanteAuthFailure(auth.reason);
  }
  entry.caller = auth.customer.email;
  return { kind: 'customer', customer: auth.customer };
}

/** OroApiBundle's Data API route for the signed-in user (OroPlatform 2.1, which DiamanteDesk 2.x runs on). */
const USER_PROFILE_PATH = '/api/userprofile';

/**
 * `GET /api/userprofile` behind the `api_wsse_secured` firewall (`^/api/(?!rest|doc)`):
 * the same Escape WSSE provider, lifetime and nonce store as /api/rest. Routing first,
 * as everywhere: another verb is 405 without a look at the credentials.
 */
async function userProfileRoute(req: IncomingMessage, state: DiamantedeskState, entry: DiamantedeskRequestLogEntry): Promise<SimResponse> {
  const method = req.method ?? 'GET';
  req.resume();
  if (method !== 'GET' && method !== 'HEAD') throw new HttpStatusError(405, { Allow: 'GET' });
  entry.guard = 'oro';
  entry.route = 'oro_rest_api_get_user_profile';
  const caller = await authenticate(state, 'oro', req, entry);
  entry.authorized = true;
  if (caller.kind !== 'agent') throw new HttpStatusError(403);
  const contentType = String(req.headers['content-type'] ?? '');
  const jsonApi = contentType.split(';')[0]?.trim() === JSON_API_TYPE;
  // JSON:API forbids media type parameters on its Content-Type.
  if (jsonApi && contentType.includes(';')) throw new HttpStatusError(415);
  return {
    status: 200,
    headers: { ...baseHeaders(state), 'Content-Type': jsonApi ? JSON_API_TYPE : 'application/json' },
    body: Buffer.from(phpJsonEncode(userProfile(caller.agent, jsonApi)), 'utf8'),
  };
}

async function dispatch(req: IncomingMessage, url: URL, state: DiamantedeskState, entry: DiamantedeskRequestLogEntry): Promise<SimResponse> {
  const method = req.method ?? 'GET';
  const path = decodedPath(url.pathname);
  const host = `${url.protocol}//${url.host}`;
  const guard = guardOf(path);
  let errorFormat: ErrorFormat = guard === 'oro' || path === USER_PROFILE_PATH ? 'json' : 'html';
  try {
    if (path === USER_PROFILE_PATH) return await userProfileRoute(req, state, entry);
    if (!guard) {
      req.resume();
      // Other /api paths are Oro's Data API: no resource the simulator has (userprofile aside).
      if (path.startsWith('/api/')) throw new HttpStatusError(404);
      return download(state, path) ?? webAppPage(state, path, host);
    }
    entry.guard = guard;
    const match = router.match(guard, method, path);
    if (match.kind !== 'route') {
      req.resume();
      throw match.kind === 'methodNotAllowed' ? new HttpStatusError(405, { Allow: match.allow.join(', ') }) : new HttpStatusError(404);
    }
    entry.route = match.route.name;
    // On /api/rest the format listener settles on JSON before routing: `.xml` changes nothing there.
    const format: Format = guard === 'oro' ? 'json' : (match.format ?? 'json');
    errorFormat = format;
    const body = await readRequestBody(req, format);
    if (body.json !== undefined) entry.json = body.json;
    const caller = await authenticate(state, guard, req, entry);
    entry.authorized = true;

    const query = parsePhpQuery(url.search);
    const properties = Object.keys(body.bag).length > 0 ? camelizeBag(body.bag) : undefined;
    // MethodParameters merges request, attributes, query in that order: the query wins.
    const data: Bag = { ...camelizeBag(body.bag), ...camelizeBag(match.params), ...(properties ? { properties } : {}), ...camelizeBag(query) };
    const verb = (method === 'HEAD' ? 'GET' : method) as Verb;
    const ctx: RouteContext = { state, caller, method: verb, params: match.params, data, properties, query, url, format };
    return view(state, verb, format, url, await match.route.handler(ctx));
  } catch (error) {
    req.resume();
    return errorResult(state, error, errorFormat);
  }
}

export async function startDiamantedeskSimulator(options: DiamantedeskSimulatorOptions = {}): Promise<DiamantedeskSimulator> {
  const now = options.now ?? Date.now;
  const server = await startSimulatorServer({
    port: options.port,
    host: options.host,
    onChange: options.onChange,
    faultVendor: DIAMANTEDESK_FAULTS,
    createState: (origin) =>
      generateState({
        seed: options.seed ?? DEFAULT_SEED,
        epoch: options.epoch,
        ticketCount: options.ticketCount ?? DEFAULT_TICKET_COUNT,
        origin,
        now,
        apiKey: options.apiKey,
        clockSkewMs: options.clockSkewMs ?? 0,
        ticketTotal: options.ticketTotal ?? 'cross-join',
      }),
    logEntry: (_req, common): DiamantedeskRequestLogEntry => ({ ...common }),
    admit: () => ({ context: undefined }),
    dispatch: ({ req, url, state, entry }) => dispatch(req, url, state, entry),
    errorResponse: (error) => {
      const message = error instanceof Error ? error.message : String(error);
      return { status: 500, headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify({ error: message }), 'utf8') };
    },
  });
  const state = server.state;
  const me = state.agents.get(state.meId);
  const restricted = state.agents.get(state.restrictedAgentId);
  const customer = state.customers.get(state.customerId);
  if (!me || !restricted || !customer) throw new Error('seed data: the credential users are missing');

  return {
    url: state.origin,
    username: me.username,
    get apiKey() {
      return me.apiKey;
    },
    me: { id: me.id, typedId: agentTypedId(me.id), username: me.username, email: me.email, name: fullName(me) },
    restricted: { username: restricted.username, apiKey: restricted.apiKey },
    customer: { id: customer.id, typedId: customerTypedId(customer.id), email: customer.email, apiKey: customer.apiSecret },
    get clockSkewMs() {
      return state.clockSkewMs;
    },
    set clockSkewMs(value: number) {
      state.clockSkewMs = value;
    },
    faults: server.faults,
    state,
    requests: server.requests,
    get beaconHits() {
      return server.beaconHits;
    },
    close: () => server.close(),
  };
}
