// The Jitbit Helpdesk (Destek Sitesi) API simulator: a plain `http` server that answers
// like the product, strictly (Basic/Bearer on every call, the 3-failures/5-minutes IP
// lock, form fields not JSON, documented parameters only, the 300-ticket page cap), over
// deterministic seed data, with the shared fault switches for resilience tests.
import type { IncomingMessage } from 'node:http';
import type { FaultVendor } from '../faults';
import { BodyTooLargeError, type SimResponse } from '../http-util';
import { startSimulatorServer, type LoggedRequest, type RunningSimulator, type SimulatorListenOptions } from '../simulator-server';
import { authenticate, LOCK_MS, MAX_FAILED_LOGINS } from './auth';
import { DEFAULT_SEED, DEFAULT_TICKET_COUNT, generateState } from './data';
import { ApiError, defaultErrorText, forbidden, textResponse } from './errors';
import { freshSecrets, type FixedSecrets } from './people';
import { Params, type ParamSource } from './params';
import { readInput } from './request';
import { Router, type Route, type RouteContext, type Verb } from './router';
import { listComments, postComment, COMMENT_PARAMS } from './routes/comments';
import { ATTACH_PARAMS, attachFile, downloadAttachment } from './routes/files';
import { customFieldsForCategory, getAuthorization, getStats, listCategories, listCommentTemplates, listUsers, techsForCategory, userByEmail, USERS_PARAMS } from './routes/lists';
import {
  closeTicket,
  CLOSE_PARAMS,
  createTicket,
  CREATE_PARAMS,
  getTicket,
  listTickets,
  LIST_PARAMS,
  searchTickets,
  SEARCH_PARAMS,
  updateTicket,
  UPDATE_PARAMS,
} from './routes/tickets';
import { fullName, type JitbitState } from './state';

export interface JitbitSimulatorOptions extends SimulatorListenOptions, FixedSecrets {
  seed?: number;
  /** Where the seed's dates end (default SEED_EPOCH, fixed for tests; the sandbox passes its start time). */
  epoch?: number;
  /** Default 800. */
  ticketCount?: number;
  /**
   * The helpdesk's sub-folder: '/helpdesk' (default, as hosted and most self-hosted
   * installs) or '' (served at the root). The API is at `${basePath}/api/`; any other
   * path is 404.
   */
  basePath?: string;
  /** The clock for every "now": the IP lock, and dates of things created through the API. */
  now?: () => number;
  /**
   * Let POST /api/ticket and POST /api/comment read a JSON body too, as the product's
   * "most used methods" do. Default false: JSON is refused everywhere, so a client that
   * relies on the undocumented leniency fails here rather than on some other method.
   */
  tolerateJson?: boolean;
  /** Take the client IP from X-Forwarded-For (as behind a proxy); lets tests act as several clients. */
  trustProxy?: boolean;
}

export interface JitbitRequestLogEntry extends LoggedRequest {
  clientIp: string;
  /** Form fields (url-encoded, multipart or tolerated JSON); repeated names become arrays. */
  fields?: Record<string, string | string[]>;
  /** Uploaded files, summarized. */
  files?: Array<{ field: string; filename: string; size: number; contentType: string }>;
  /** A JSON body as sent (whether it was refused or tolerated). */
  json?: unknown;
  /** Which fault switch answered or altered this request, if any, or 'ipLocked'. */
  fault?: string;
}

export interface JitbitSimulator extends RunningSimulator<JitbitState, JitbitRequestLogEntry> {
  /** The helpdesk's address including basePath, e.g. http://127.0.0.1:PORT/helpdesk (API under /api/). */
  url: string;
  /** Basic auth of "me", a technician and administrator. */
  username: string;
  password: string;
  /** `Authorization: Bearer TOKEN` of the same user. */
  token: string;
  /** A Windows/AD technician (not an administrator): `DOMAIN\user` and password. */
  domainUsername: string;
  domainPassword: string;
  me: { id: number; username: string; name: string; email: string };
}

const ROUTES: readonly Route[] = [
  { name: 'Authorization', methods: { GET: { handler: getAuthorization, params: [] }, POST: { handler: getAuthorization, params: [] } } },
  { name: 'Tickets', methods: { GET: { handler: listTickets, params: LIST_PARAMS } } },
  { name: 'Ticket', methods: { GET: { handler: getTicket, params: ['id'] }, POST: { handler: createTicket, params: CREATE_PARAMS, files: true, json: true } } },
  { name: 'Search', methods: { GET: { handler: searchTickets, params: SEARCH_PARAMS } } },
  { name: 'UpdateTicket', methods: { POST: { handler: updateTicket, params: UPDATE_PARAMS } } },
  { name: 'Close', methods: { POST: { handler: closeTicket, params: CLOSE_PARAMS } } },
  { name: 'Comments', methods: { GET: { handler: listComments, params: ['id'] } } },
  { name: 'Comment', methods: { POST: { handler: postComment, params: COMMENT_PARAMS, files: true, json: true } } },
  { name: 'Attachment', methods: { GET: { handler: downloadAttachment, params: ['id'] } } },
  { name: 'AttachFile', methods: { POST: { handler: attachFile, params: ATTACH_PARAMS, files: true } } },
  { name: 'Categories', methods: { GET: { handler: listCategories, params: [] } } },
  { name: 'TechsForCategory', methods: { GET: { handler: techsForCategory, params: ['id'] } } },
  { name: 'CustomFieldsForCategory', methods: { GET: { handler: customFieldsForCategory, params: ['categoryId'] } } },
  { name: 'CommentTemplates', methods: { GET: { handler: listCommentTemplates, params: [], techOnly: true } } },
  { name: 'Users', methods: { GET: { handler: listUsers, params: USERS_PARAMS, adminOnly: true } } },
  { name: 'UserByEmail', methods: { GET: { handler: userByEmail, params: ['email'], techOnly: true } } },
  { name: 'Stats', methods: { GET: { handler: getStats, params: ['forCurrentUser'] } } },
];

const router = new Router(ROUTES);

function loginPage(basePath: string): string {
  return (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Log in - Helpdesk</title></head><body class="login">' +
    `<form method="post" action="${basePath}/User/Login"><h1>Help desk login</h1><label>Username <input name="username"></label>` +
    '<label>Password <input type="password" name="password"></label><button type="submit">Log in</button>' +
    '<a href="#">Forgot password?</a></form></body></html>'
  );
}

function faultVendor(basePath: string): FaultVendor {
  return {
    errorBody: defaultErrorText,
    htmlPage: (status) =>
      status >= 500
        ? `<!DOCTYPE html><html><head><title>${status} - Bad Gateway</title></head><body><h1>Server Error</h1><h2>${status} - The server received an invalid response from an upstream server.</h2></body></html>`
        : loginPage(basePath),
  };
}

/** `::ffff:127.0.0.1` → `127.0.0.1`. */
function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

function clientIpOf(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0]?.trim() : '';
  return normalizeIp(forwarded || req.socket.remoteAddress || 'unknown');
}

function summarizeFields(fields: ReadonlyArray<readonly [string, string]>): Record<string, string | string[]> | undefined {
  if (fields.length === 0) return undefined;
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of fields) {
    const previous = out[name];
    out[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return out;
}

function errorResponse(error: unknown): SimResponse {
  if (error instanceof ApiError) return error.response();
  if (error instanceof BodyTooLargeError) return textResponse(413, defaultErrorText(413));
  const message = error instanceof Error ? error.message : String(error);
  return textResponse(500, `${defaultErrorText(500)} ${message}`);
}

interface Dispatch {
  state: JitbitState;
  entry: JitbitRequestLogEntry;
  clientIp: string;
  tolerateJson: boolean;
}

function lockedResponse(ip: string, until: number, now: number): SimResponse {
  const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
  // Inferred: the seed says only that the IP is blocked; 403 and this text are the simulator's choice.
  return textResponse(
    403,
    `Your IP address (${ip}) is blocked for ${LOCK_MS / 60_000} minutes after ${MAX_FAILED_LOGINS} failed logins in a row. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  );
}

async function dispatch(req: IncomingMessage, url: URL, ctx: Dispatch): Promise<SimResponse> {
  const { state, entry, clientIp } = ctx;
  const verb = req.method ?? 'GET';
  const base = state.basePath.toLowerCase();
  const path = url.pathname.toLowerCase();

  // The web app's own routes a client may stumble on: they want a browser session, not Basic auth.
  if (path === `${base}/file/get` || path === `${base}/user/login`) {
    req.resume();
    if (path === `${base}/user/login`) return { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: Buffer.from(loginPage(state.basePath), 'utf8') };
    const returnUrl = encodeURIComponent(`${url.pathname}${url.search}`);
    return { status: 302, headers: { Location: `${state.basePath}/User/Login?ReturnUrl=${returnUrl}`, 'Content-Type': 'text/html; charset=utf-8' }, body: Buffer.from('<html><body>Object moved.</body></html>', 'utf8') };
  }
  const apiPrefix = `${base}/api/`;
  if (!path.startsWith(apiPrefix)) {
    req.resume();
    throw new ApiError(404, `Not found: ${url.pathname}`);
  }

  // Credentials are checked before routing, so unauthenticated callers learn nothing about routes.
  const auth = authenticate(state.users.values(), req.headers.authorization);
  if (auth.kind !== 'ok') {
    req.resume();
    // Inferred: a request with no credentials at all is not a failed login.
    if (auth.kind === 'invalid') state.guard.recordFailure(clientIp);
    const message = auth.kind === 'missing' ? 'Authentication required: send "Authorization: Basic base64(username:password)" or "Authorization: Bearer TOKEN".' : `Authentication failed. ${auth.reason}`;
    // Inferred: the challenge header ASP.NET's Basic handlers send.
    throw new ApiError(401, message, { 'WWW-Authenticate': 'Basic realm="Helpdesk"' });
  }
  state.guard.recordSuccess(clientIp);
  entry.authorized = true;
  const caller = auth.user;

  const found = router.match(url.pathname.slice(apiPrefix.length));
  if (!found) {
    req.resume();
    throw new ApiError(404, `No API method matches "${url.pathname}".`);
  }
  const allowed = Object.keys(found.route.methods);
  const method = found.route.methods[verb as Verb];
  if (!method) {
    req.resume();
    throw new ApiError(405, `The method ${verb} is not allowed on /api/${found.route.name}. Allowed: ${allowed.join(', ')}.`, { Allow: allowed.join(', ') });
  }
  if (method.adminOnly && !caller.isAdmin) {
    req.resume();
    throw forbidden(`/api/${found.route.name} requires helpdesk-administrator permissions.`);
  }
  if (method.techOnly && !caller.isTech && !caller.isAdmin) {
    req.resume();
    throw forbidden(`/api/${found.route.name} requires technician or administrator permissions.`);
  }

  const input = await readInput(req, method, state, ctx.tolerateJson, (json) => (entry.json = json));
  entry.fields = summarizeFields(input.fields);
  if (input.files.length > 0) entry.files = input.files.map((f) => ({ field: f.field, filename: f.filename, size: f.data.length, contentType: f.contentType }));

  const sources: Array<[string, string, ParamSource]> = [];
  for (const [name, value] of input.fields) sources.push([name, value, 'form']);
  if (found.id !== undefined) sources.push(['id', found.id, 'route']);
  for (const [name, value] of url.searchParams) sources.push([name, value, 'query']);
  const params = new Params(sources);
  // Decision: the product ignores names it does not know; the simulator refuses them, so a
  // misspelt field (`priorityId` on UpdateTicket, whose field is `priority`) fails a test
  // instead of silently changing nothing.
  const known = new Set(method.params.map((name) => name.toLowerCase()));
  const unknown = params.names().filter((name) => !known.has(name.toLowerCase()));
  if (unknown.length > 0) {
    const takes = method.params.length > 0 ? `It takes: ${method.params.join(', ')}.` : 'It takes no parameters.';
    throw new ApiError(400, `Unknown parameter${unknown.length > 1 ? 's' : ''} for ${verb} /api/${found.route.name}: ${unknown.join(', ')}. ${takes}`);
  }

  const routeContext: RouteContext = { state, caller, params, files: input.files, url, clientIp, userAgent: String(req.headers['user-agent'] ?? '') };
  return method.handler(routeContext);
}

function normalizeBasePath(basePath: string): string {
  const trimmed = basePath.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(trimmed.startsWith('/') ? trimmed : `/${trimmed}`)) throw new Error(`basePath must look like "/helpdesk" or be empty (got "${basePath}")`);
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

export async function startJitbitSimulator(options: JitbitSimulatorOptions = {}): Promise<JitbitSimulator> {
  const basePath = normalizeBasePath(options.basePath ?? '/helpdesk');
  const now = options.now ?? Date.now;
  const tolerateJson = options.tolerateJson ?? false;
  const trustProxy = options.trustProxy ?? false;
  const server = await startSimulatorServer({
    port: options.port,
    host: options.host,
    onChange: options.onChange,
    faultVendor: faultVendor(basePath),
    createState: (origin) => {
      const state = generateState({ seed: options.seed ?? DEFAULT_SEED, epoch: options.epoch, ticketCount: options.ticketCount ?? DEFAULT_TICKET_COUNT, origin, basePath, now });
      // The data is the seed's; the passwords and tokens are new on every start (or the test's own).
      freshSecrets(state.users, state.meId, options);
      return state;
    },
    logEntry: (req, common): JitbitRequestLogEntry => ({ ...common, clientIp: clientIpOf(req, trustProxy) }),
    admit: ({ state, entry }) => {
      // "Blocks your IP address": every request from a locked IP is refused before anything else.
      const lockedUntil = state.lockedUntil(entry.clientIp);
      if (lockedUntil === undefined) return { context: undefined };
      entry.fault = 'ipLocked';
      return { answer: lockedResponse(entry.clientIp, lockedUntil, state.now()) };
    },
    dispatch: ({ req, url, state, entry }) => dispatch(req, url, { state, entry, clientIp: entry.clientIp, tolerateJson }),
    errorResponse,
  });
  const live = server.state;

  const me = live.users.get(live.meId);
  const domainUser = live.users.get(live.domainUserId);
  if (!me || !domainUser) throw new Error('seed data: the credential users are missing');

  return {
    url: live.helpdeskUrl,
    username: me.username,
    get password() {
      return me.password;
    },
    get token() {
      return me.token;
    },
    domainUsername: domainUser.username,
    get domainPassword() {
      return domainUser.password;
    },
    me: { id: me.id, username: me.username, name: fullName(me), email: me.email },
    faults: server.faults,
    state: live,
    requests: server.requests,
    get beaconHits() {
      return server.beaconHits;
    },
    close: () => server.close(),
  };
}
