// The DeskDirector API simulator: a plain `http` server that answers like a DeskDirector
// instance, strictly (DdApi / DdAccessToken / Basic on every API route, which API takes
// which credential, JSON-only bodies, the Copilot search's result cap, PUT replacing a
// whole ticket), over deterministic seed data, with the shared fault switches and an
// instance OpenAPI document whose TECH note routes come and go with `notesRoute`.
import type { IncomingMessage } from 'node:http';
import type { FaultVendor } from '../faults';
import { BodyTooLargeError, jsonResponse, type SimResponse } from '../http-util';
import { startSimulatorServer, type LoggedRequest, type RunningSimulator, type SimulatorListenOptions } from '../simulator-server';
import { authenticate, authorize, createCredentials, issueAccessToken, type AuthResult, type AuthScheme } from './auth';
import { DEFAULT_SEED, DEFAULT_TICKET_COUNT, generateState } from './data';
import { ApiError, apiError, defaultErrorBody } from './errors';
import { readQuery } from './query';
import { readFormBody, readJsonBody } from './request';
import { Router, type RouteContext, type Verb } from './router';
import { ROUTES } from './routes';
import { SWAGGER_JSON_PATH, swaggerResponse } from './routes/swagger';
import type { DeskdirectorState } from './state';

export interface DeskdirectorSimulatorOptions extends SimulatorListenOptions {
  seed?: number;
  /** Where the seed's dates end (default SEED_EPOCH, fixed for tests; the sandbox passes its start time). */
  epoch?: number;
  /** Default 400. */
  ticketCount?: number;
  /** The clock for access-token expiry and for things created through the API. Default Date.now. */
  now?: () => number;
  /** The DdApi key; random per start when left out. */
  apiKey?: string;
  /** The TECH personal access token (sent as `Basic <token>`); random per start when left out. */
  techToken?: string;
  /** Whether the TECH note and file routes exist (and /swagger lists them). Default true. */
  notesRoute?: boolean;
}

export interface DeskdirectorRequestLogEntry extends LoggedRequest {
  /** The Authorization scheme the request used, when it was one of DeskDirector's. */
  scheme?: AuthScheme;
  /** The parsed JSON body, or `{file: {name, size, contentType}}` for an upload. */
  body?: unknown;
}

export interface DeskdirectorSimulator extends RunningSimulator<DeskdirectorState, DeskdirectorRequestLogEntry> {
  /** The instance's address, e.g. http://127.0.0.1:PORT (API under /api/v2/). */
  url: string;
  /** For `Authorization: DdApi <apiKey>`: a personal API key of `me`, admin-equivalent. */
  apiKey: string;
  /** For `Authorization: Basic <techToken>`: the TECH personal access token of `me`, sent as is. */
  techToken: string;
  /** `${url}/swagger/v2/swagger.json`. */
  swaggerUrl: string;
  /** The agent every credential acts as (an administrator). */
  me: { id: number; name: string; email: string };
  /** Switches the TECH note/file routes (and their /swagger entries) on and off, live. */
  notesRoute: boolean;
  /** A new `DdAccessToken` for an agent (default `me`), valid 60 minutes of the simulator's clock. */
  issueAccessToken(agentId?: number): string;
}

const router = new Router(ROUTES);

const FAULT_VENDOR: FaultVendor = {
  errorBody: defaultErrorBody,
  htmlPage: (status) =>
    status >= 500
      ? // What Azure App Service (where DeskDirector runs) shows when the app behind it fails.
        `<!DOCTYPE html><html><head><title>${status} - Web server received an invalid response while acting as a gateway or proxy server.</title></head>` +
        `<body><div id="header"><h1>Server Error</h1></div><div id="content"><fieldset><h2>${status} - Web server received an invalid response while acting as a gateway or proxy server.</h2>` +
        '<h3>There is a problem with the page you are looking for, and it cannot be displayed.</h3></fieldset></div></body></html>'
      : '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sign in - DeskDirector</title></head><body class="auth">' +
        '<form method="post" action="/auth/v1/login"><h1>Sign in to your portal</h1><label>Email <input type="email" name="email"></label>' +
        '<button type="submit">Continue</button><a href="/auth/v1/login/microsoft">Sign in with Microsoft</a></form></body></html>',
};

function summarizeUpload(form: FormData): unknown {
  const file = [...form.entries()].find(([name, value]) => name.toLowerCase() === 'file' && typeof value !== 'string')?.[1];
  return file && typeof file !== 'string' ? { file: { name: file.name, size: file.size, contentType: file.type } } : undefined;
}

async function dispatch(req: IncomingMessage, url: URL, auth: AuthResult, state: DeskdirectorState, entry: DeskdirectorRequestLogEntry): Promise<SimResponse> {
  const method = req.method ?? 'GET';
  // Counted before anything can refuse it: a test asserts that no PUT ever arrives.
  if (method === 'PUT') state.putCount++;
  const swagger = swaggerResponse(state, method, url.pathname);
  if (swagger) return swagger;

  // As in ASP.NET Core, routing (404, 405) comes before authentication.
  const found = router.match(url.pathname, state.features.notesRoute);
  if (!found) throw apiError(404, `No route matches ${method} ${url.pathname}.`);
  const route = found.methods[method as Verb];
  if (!route) {
    const allowed = Object.keys(found.methods).join(', ');
    throw apiError(405, `The method ${method} is not allowed on ${url.pathname}. Allowed: ${allowed}.`, { Allow: allowed });
  }
  if (!auth.ok) throw auth.error;
  authorize(auth.caller, route.area);

  const ctx: RouteContext = { state, caller: auth.caller, url, params: found.params, query: readQuery(url.searchParams, route.query ?? []), body: undefined };
  if (route.body === 'json') {
    ctx.body = await readJsonBody(req, state);
    entry.body = ctx.body;
  } else if (route.body === 'multipart') {
    ctx.form = await readFormBody(req, state);
    entry.body = summarizeUpload(ctx.form);
  }
  return route.handler(ctx);
}

function errorResponse(error: unknown): SimResponse {
  if (error instanceof ApiError) return error.response();
  if (error instanceof BodyTooLargeError) return jsonResponse(413, defaultErrorBody(413));
  const message = error instanceof Error ? error.message : String(error);
  return jsonResponse(500, { ...defaultErrorBody(500), message: `An unexpected error occurred: ${message}` });
}

export async function startDeskdirectorSimulator(options: DeskdirectorSimulatorOptions = {}): Promise<DeskdirectorSimulator> {
  const now = options.now ?? Date.now;
  const server = await startSimulatorServer({
    port: options.port,
    host: options.host,
    onChange: options.onChange,
    faultVendor: FAULT_VENDOR,
    createState: (origin) => {
      const state = generateState({
        seed: options.seed ?? DEFAULT_SEED,
        epoch: options.epoch,
        ticketCount: options.ticketCount ?? DEFAULT_TICKET_COUNT,
        origin,
        now,
        credentials: (meId) => createCredentials(meId, options.apiKey, options.techToken),
      });
      state.features.notesRoute = options.notesRoute ?? true;
      return state;
    },
    logEntry: (_req, common): DeskdirectorRequestLogEntry => common,
    admit: ({ req, url, state, entry }) => {
      // Authenticated before the faults, so a faulted request still logs whether it was authorized.
      const auth = authenticate(state, req.headers.authorization, url.searchParams.get('api_key'));
      entry.authorized = auth.ok;
      const scheme = auth.ok ? auth.caller.scheme : auth.scheme;
      if (scheme) entry.scheme = scheme;
      return { context: auth };
    },
    dispatch: ({ req, url, state, entry }, auth) => dispatch(req, url, auth, state, entry),
    errorResponse,
  });
  const live = server.state;
  const me = live.agents.get(live.meId);
  if (!me) throw new Error('seed data: the API key agent is missing');
  const only = <K, V>(map: Map<K, V>): K => {
    const [first] = map.keys();
    if (first === undefined) throw new Error('seed data: a credential is missing');
    return first;
  };

  return {
    url: server.origin,
    apiKey: only(live.credentials.apiKeys),
    techToken: only(live.credentials.personalTokens),
    swaggerUrl: `${server.origin}${SWAGGER_JSON_PATH}`,
    me: { id: me.id, name: me.name, email: me.email },
    get notesRoute() {
      return live.features.notesRoute;
    },
    set notesRoute(on: boolean) {
      live.features.notesRoute = on;
    },
    issueAccessToken: (agentId = live.meId) => {
      if (!live.agents.has(agentId)) throw new Error(`no agent ${agentId}`);
      return issueAccessToken(live, agentId);
    },
    faults: server.faults,
    state: live,
    requests: server.requests,
    get beaconHits() {
      return server.beaconHits;
    },
    close: () => server.close(),
  };
}
