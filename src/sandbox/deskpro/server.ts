// The DeskPRO API v2 simulator: a plain `http` server that answers like the product,
// strictly (auth on every API route, JSON-only bodies, unknown fields refused, exact
// paths), over deterministic seed data, with fault switches for resilience tests.
import type { IncomingMessage } from 'node:http';
import type { FaultVendor } from '../faults';
import { BodyTooLargeError, jsonResponse, mediaType, parseJson, parseMultipart, readBody, readBodyWithin, type SimResponse } from '../http-util';
import { startSimulatorServer, type LoggedRequest, type RunningSimulator, type SimulatorListenOptions } from '../simulator-server';
import { DEFAULT_SEED, DEFAULT_TICKET_COUNT, generateState } from './data';
import { ApiError, apiError, defaultErrorBody } from './errors';
import { freshCredentials, type FixedCredentials } from './people';
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

export interface DeskproSimulatorOptions extends SimulatorListenOptions, FixedCredentials {
  seed?: number;
  /** Where the seed's dates end (default SEED_EPOCH, fixed for tests; the sandbox passes its start time). */
  epoch?: number;
  /** Default 1200. */
  ticketCount?: number;
}

export interface RequestLogEntry extends LoggedRequest {
  /** Parsed JSON body, or a summary `{file: {filename, size, contentType}}` of an upload. */
  body?: unknown;
}

export interface DeskproSimulator extends RunningSimulator<DeskproState, RequestLogEntry> {
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
}

const API_PREFIX = '/api/v2';
const MULTIPART_OVERHEAD = 64 * 1024;

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
  const raw = await readBodyWithin(req, limit + MULTIPART_OVERHEAD, tooLarge);
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
  const server = await startSimulatorServer({
    port: options.port,
    host: options.host,
    onChange: options.onChange,
    faultVendor: FAULT_VENDOR,
    createState: (origin) => {
      const state = generateState({ seed: options.seed ?? DEFAULT_SEED, epoch: options.epoch, ticketCount: options.ticketCount ?? DEFAULT_TICKET_COUNT, baseUrl: origin });
      // The data is the seed's; the keys are new on every start (or the test's own).
      state.credentials = freshCredentials(state.credentials, state.restrictedPersonId, options);
      return state;
    },
    logEntry: (_req, common): RequestLogEntry => common,
    admit: ({ req, state, entry }) => {
      // Authenticated before the faults, so a faulted request still logs whether it was authorized.
      const auth = authenticate(state, req.headers.authorization);
      entry.authorized = auth.ok;
      return { context: auth };
    },
    dispatch: ({ req, url, state, entry }, auth) => dispatch(req, url, auth, state, entry),
    errorResponse,
  });
  const live = server.state;

  const credential = (kind: 'key' | 'token', personId: number): string => {
    const found = live.credentials.find((c) => c.kind === kind && c.person === personId);
    if (!found) throw new Error(`seed data: no ${kind} for person ${personId}`);
    return found.secret;
  };
  const mePerson = live.people.get(live.meId);
  if (!mePerson) throw new Error('seed data: the API key agent is missing');

  return {
    url: server.origin,
    apiKey: credential('key', live.meId),
    apiToken: credential('token', live.meId),
    restrictedApiKey: credential('key', live.restrictedPersonId),
    me: { id: mePerson.id, name: mePerson.name, email: mePerson.primary_email },
    faults: server.faults,
    state: live,
    requests: server.requests,
    get beaconHits() {
      return server.beaconHits;
    },
    close: () => server.close(),
  };
}
