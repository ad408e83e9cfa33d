// The DeskPRO API v2 simulator: a plain `http` server that answers like the product,
// strictly (auth on every API route, JSON-only bodies, unknown fields refused, exact
// paths), over deterministic seed data, with fault switches for resilience tests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clearFaults, createFaults, decideFault, takeTruncation, type FaultVendor, type Faults } from '../faults';
import {
  acceptsGzip,
  BodyTooLargeError,
  jsonResponse,
  mediaType,
  parseJson,
  parseMultipart,
  readBody,
  writeResponse,
  type SimResponse,
} from '../http-util';
import { DEFAULT_SEED, DEFAULT_TICKET_COUNT, generateState } from './data';
import { ApiError, apiError, defaultErrorBody } from './errors';
import { Router, type Caller, type Route, type RouteContext, type Verb } from './router';
import { downloadBlob, getBlob, uploadBlob } from './routes/blobs';
import {
  getAgent,
  getMe,
  getPerson,
  listAgents,
  listCustomFields,
  listDepartments,
  listPeople,
  listPriorities,
  listStatuses,
} from './routes/lists';
import { getMessage, listAttachments, listMessages, postMessage } from './routes/messages';
import { createTicket, getTicket, listTickets, updateTicket } from './routes/tickets';
import type { DeskproState } from './state';

export interface DeskproSimulatorOptions {
  /** 0 (default) picks a free ephemeral port. */
  port?: number;
  /** Default 127.0.0.1: the sandbox is never reachable from other machines. */
  host?: string;
  seed?: number;
  /** Default 1200. */
  ticketCount?: number;
}

export interface RequestLogEntry {
  method: string;
  /** URL path without the query. */
  path: string;
  /** The query string including `?`, or ''. */
  query: string;
  /** The status sent; 0 when the connection was reset by a fault. */
  status: number;
  authorized: boolean;
  /** Parsed JSON body, or a summary `{file: {filename, size, contentType}}` of an upload. */
  body?: unknown;
  /** Which fault switch answered or altered this request, if any. */
  fault?: string;
}

export interface DeskproSimulator {
  /** Helpdesk base, e.g. http://127.0.0.1:PORT (API under /api/v2/). */
  url: string;
  /** 'ID:CODE' of an agent key, for `Authorization: key ID:CODE`. */
  apiKey: string;
  /** For `Authorization: token TOKEN` (same agent as apiKey). */
  apiToken: string;
  /** A valid key of a non-agent person: /me works, agent routes give 403. */
  restrictedApiKey: string;
  /** The agent the key belongs to. */
  me: { id: number; name: string; email: string };
  faults: Faults;
  state: DeskproState;
  /** Every request, oldest first (the oldest are dropped past 10,000). */
  requests: RequestLogEntry[];
  /** Hits on /__beacon (see HOSTILE_TICKET_ID); anything above 0 means a client ran hostile content. */
  readonly beaconHits: number;
  close(): Promise<void>;
}

const API_PREFIX = '/api/v2';
const MULTIPART_OVERHEAD = 64 * 1024;
const MAX_LOGGED_REQUESTS = 10_000;

const ROUTES: readonly Route[] = [
  { path: '/me', methods: { GET: { handler: getMe, agentOnly: false } } },
  { path: '/tickets', methods: { GET: { handler: listTickets }, POST: { handler: createTicket, body: 'json' } } },
  { path: '/tickets/{id}', methods: { GET: { handler: getTicket }, PUT: { handler: updateTicket, body: 'json' } } },
  { path: '/tickets/{id}/messages', methods: { GET: { handler: listMessages }, POST: { handler: postMessage, body: 'json' } } },
  { path: '/tickets/{id}/messages/{messageId}', methods: { GET: { handler: getMessage } } },
  { path: '/tickets/{id}/attachments', methods: { GET: { handler: listAttachments } } },
  { path: '/blobs/temp', methods: { POST: { handler: uploadBlob, body: 'multipart' } } },
  { path: '/blobs/{id}', methods: { GET: { handler: getBlob } } },
  { path: '/ticket_statuses', methods: { GET: { handler: listStatuses } } },
  { path: '/ticket_priorities', methods: { GET: { handler: listPriorities } } },
  { path: '/ticket_departments', methods: { GET: { handler: listDepartments } } },
  { path: '/ticket_custom_fields', methods: { GET: { handler: listCustomFields } } },
  { path: '/agents', methods: { GET: { handler: listAgents } } },
  { path: '/agents/{id}', methods: { GET: { handler: getAgent } } },
  { path: '/people', methods: { GET: { handler: listPeople } } },
  { path: '/people/{id}', methods: { GET: { handler: getPerson } } },
];

const router = new Router(ROUTES);

const FAULT_VENDOR: FaultVendor = {
  errorBody: defaultErrorBody,
  htmlPage: (status) =>
    status >= 500
      ? `<!DOCTYPE html><html><head><title>${status} Bad Gateway</title></head><body><center><h1>${status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>`
      : '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Log in - Helpdesk</title></head><body class="login">' +
        '<form method="post" action="/login"><h1>Log in to your helpdesk</h1><label>Email <input type="email" name="email"></label>' +
        '<label>Password <input type="password" name="password"></label><button type="submit">Log in</button></form></body></html>',
};

// ---- authentication ----------------------------------------------------------------------

type AuthResult = { ok: true; caller: Caller } | { ok: false; error: ApiError };

/**
 * `Authorization: key ID:CODE` or `token TOKEN`. The scheme word is case-insensitive as in
 * any HTTP auth scheme; the secret must match exactly.
 */
function authenticate(state: DeskproState, header: string | undefined): AuthResult {
  const fail = (message: string): AuthResult => ({ ok: false, error: apiError(401, message) });
  if (header === undefined || header.trim() === '') return fail('No API key or token was provided. Send "Authorization: key ID:CODE" or "Authorization: token TOKEN".');
  const match = /^(\S+)\s+(\S+)\s*$/.exec(header.trim());
  const scheme = match?.[1]?.toLowerCase();
  if (!match || (scheme !== 'key' && scheme !== 'token')) return fail('Unsupported Authorization header. Send "key ID:CODE" or "token TOKEN".');
  const kind = scheme === 'key' ? 'key' : 'token';
  const credential = state.credentials.find((c) => c.kind === kind && c.secret === match[2]);
  const person = credential ? state.people.get(credential.person) : undefined;
  if (!person) return fail(kind === 'key' ? 'The API key is invalid or has been revoked.' : 'The API token is invalid or has expired.');
  return { ok: true, caller: { person, authMethod: kind === 'key' ? 'api_key' : 'api_token' } };
}

function requireAgent(caller: Caller): void {
  // Inferred: a key whose person is not an agent can identify itself (/me) and nothing else.
  if (!caller.person.is_agent) throw apiError(403, 'This API key belongs to a person who is not an agent; agent permissions are required.');
}

// ---- dispatch ----------------------------------------------------------------------------

async function readJsonBody(req: IncomingMessage, state: DeskproState, entry: RequestLogEntry): Promise<Record<string, unknown>> {
  // Inferred: the seed says JSON bodies MUST be sent as application/json; anything else is 400.
  if (mediaType(req.headers['content-type']) !== 'application/json') {
    throw apiError(400, 'Requests with a body must be sent with "Content-Type: application/json".', 'invalid_content_type');
  }
  const raw = await readBody(req, state.limits.maxJsonBytes);
  const parsed = parseJson(raw);
  if (!parsed.ok) throw apiError(400, 'Invalid JSON body', 'invalid_json_body');
  entry.body = parsed.value;
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    throw new ApiError(400, 'invalid_input', 'Request input is invalid.', { errors: [{ code: 'invalid_type', message: 'The request body must be a JSON object.' }], fields: {} });
  }
  return parsed.value as Record<string, unknown>;
}

async function readFormBody(req: IncomingMessage, state: DeskproState, entry: RequestLogEntry): Promise<FormData> {
  const contentType = req.headers['content-type'] ?? '';
  if (mediaType(contentType) !== 'multipart/form-data') {
    throw apiError(400, 'Upload files as "multipart/form-data" with the file in a part named "file".', 'invalid_content_type');
  }
  const limit = state.limits.maxUploadBytes;
  const tooLarge = (): ApiError => apiError(413, `The file is larger than the ${Math.round(limit / 1024 / 1024) || limit} ${limit >= 1024 * 1024 ? 'MB' : 'bytes'} upload limit.`, 'file_too_large');
  let raw: Buffer;
  try {
    raw = await readBody(req, limit + MULTIPART_OVERHEAD);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw tooLarge();
    throw error;
  }
  let form: FormData;
  try {
    form = await parseMultipart(raw, contentType);
  } catch {
    throw apiError(400, 'The multipart body could not be read.', 'invalid_multipart_body');
  }
  const file = form.get('file');
  if (file !== null && typeof file !== 'string') {
    entry.body = { file: { filename: file.name, size: file.size, contentType: file.type } };
    if (file.size > limit) throw tooLarge();
  }
  return form;
}

async function dispatch(req: IncomingMessage, url: URL, auth: AuthResult, state: DeskproState, entry: RequestLogEntry): Promise<SimResponse> {
  const method = req.method ?? 'GET';
  const path = url.pathname;

  if (path.startsWith('/file.php/')) {
    if (!auth.ok) throw auth.error;
    if (method !== 'GET') throw apiError(405, undefined, undefined, { Allow: 'GET' });
    requireAgent(auth.caller);
    const [, , blobAuth] = path.split('/');
    return downloadBlob(state, decodeURIComponent(blobAuth ?? ''));
  }
  if (!path.startsWith(`${API_PREFIX}/`)) throw apiError(404, `No route found for "${method} ${path}".`);
  // Inferred: credentials are checked before routing, so unauthenticated callers learn nothing about routes.
  if (!auth.ok) throw auth.error;

  const found = router.match(path.slice(API_PREFIX.length));
  if (!found) throw apiError(404, `No route found for "${method} ${path}".`);
  const allowed = Object.keys(found.route.methods);
  const route = found.route.methods[method as Verb];
  if (!route) throw apiError(405, `No route found for "${method} ${path}": Method Not Allowed (Allow: ${allowed.join(', ')}).`, undefined, { Allow: allowed.join(', ') });
  if (route.agentOnly !== false) requireAgent(auth.caller);

  const ctx: RouteContext = { state, caller: auth.caller, url, query: url.searchParams, params: found.params, body: {} };
  if (route.body === 'json') ctx.body = await readJsonBody(req, state, entry);
  if (route.body === 'multipart') ctx.form = await readFormBody(req, state, entry);
  return route.handler(ctx);
}

function errorResponse(error: unknown): SimResponse {
  if (error instanceof ApiError) return jsonResponse(error.status, error.body(), error.headers);
  if (error instanceof BodyTooLargeError) return jsonResponse(413, defaultErrorBody(413));
  const message = error instanceof Error ? error.message : String(error);
  return jsonResponse(500, { ...defaultErrorBody(500), message: `An internal error occurred: ${message}` });
}

// ---- server ------------------------------------------------------------------------------

export async function startDeskproSimulator(options: DeskproSimulatorOptions = {}): Promise<DeskproSimulator> {
  const host = options.host ?? '127.0.0.1';
  const faults = createFaults();
  const requests: RequestLogEntry[] = [];
  let state: DeskproState | undefined;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) writeResponse(res, errorResponse(error), { gzip: false });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const live = state;
    if (!live) {
      // Only reachable on a fixed port in the moment before the seed data exists.
      writeResponse(res, jsonResponse(503, defaultErrorBody(503), { 'Retry-After': '1' }), { gzip: false });
      return;
    }
    const url = new URL(req.url ?? '/', live.baseUrl);
    const entry: RequestLogEntry = { method, path: url.pathname, query: url.search, status: 0, authorized: false };
    requests.push(entry);
    // Inferred need: a sandbox left running for days must not grow without bound; tests
    // only look at recent entries. Trimmed in batches to keep pushes cheap.
    if (requests.length > MAX_LOGGED_REQUESTS + 2000) requests.splice(0, requests.length - MAX_LOGGED_REQUESTS);

    if (url.pathname === '/__beacon') {
      live.beaconHits++;
      req.resume();
      entry.status = 204;
      writeResponse(res, { status: 204, headers: { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' } }, { gzip: false });
      return;
    }

    const auth = authenticate(live, req.headers.authorization);
    entry.authorized = auth.ok;
    const decision = await decideFault(faults, FAULT_VENDOR, method, url.pathname);
    if (decision.kind === 'reset') {
      entry.fault = decision.fault;
      req.socket.destroy();
      return;
    }
    if (decision.kind === 'respond') {
      entry.fault = decision.fault;
      entry.status = decision.response.status;
      req.resume();
      writeResponse(res, decision.response, { gzip: acceptsGzip(req) });
      return;
    }

    let response: SimResponse;
    try {
      response = await dispatch(req, url, auth, live, entry);
    } catch (error) {
      response = errorResponse(error);
    }
    const truncate = takeTruncation(faults, method, url.pathname, (response.body?.length ?? 0) > 0);
    if (truncate) entry.fault = 'truncateBody';
    entry.status = response.status;
    writeResponse(res, response, { gzip: acceptsGzip(req), truncate });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const live = generateState({ seed: options.seed ?? DEFAULT_SEED, ticketCount: options.ticketCount ?? DEFAULT_TICKET_COUNT, baseUrl: url });
  state = live;

  const credential = (kind: 'key' | 'token', personId: number): string => {
    const found = live.credentials.find((c) => c.kind === kind && c.person === personId);
    if (!found) throw new Error(`seed data: no ${kind} for person ${personId}`);
    return found.secret;
  };
  const mePerson = live.people.get(live.meId);
  if (!mePerson) throw new Error('seed data: the API key agent is missing');

  let closed: Promise<void> | undefined;
  return {
    url,
    apiKey: credential('key', live.meId),
    apiToken: credential('token', live.meId),
    restrictedApiKey: credential('key', live.restrictedPersonId),
    me: { id: mePerson.id, name: mePerson.name, email: mePerson.primary_email },
    faults,
    state: live,
    requests,
    get beaconHits() {
      return live.beaconHits;
    },
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        clearFaults(faults);
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets would hold close() open until they time out.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
