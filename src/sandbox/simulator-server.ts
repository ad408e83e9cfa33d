// The HTTP plumbing every simulator shares: the request log, the /__beacon counter, the
// fault switches, gzip and truncation on the way out, listening on loopback and closing,
// and the Host check that keeps web pages out (see hostAllowed).
// A vendor's server brings only what makes it that vendor: its seed data, what it checks
// before the faults apply, how it routes, and its error bodies.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clearFaults, createFaults, decideFault, takeTruncation, vendorErrorResponse, type FaultVendor, type Faults } from './faults';
import { acceptsGzip, writeResponse, type SimResponse } from './http-util';

/** Options every simulator takes. */
export interface SimulatorListenOptions {
  /** 0 (default) picks a free ephemeral port. */
  port?: number;
  /** Default 127.0.0.1: the sandbox is never reachable from other machines (a non-loopback address is refused). */
  host?: string;
  /** Called after a request that may have changed the data (not GET, HEAD or OPTIONS; answered below 400). */
  onChange?: () => void;
}

/** What every simulator logs about a request; a vendor adds its own fields. */
export interface LoggedRequest {
  method: string;
  /** URL path without the query. */
  path: string;
  /** The query string including `?`, or ''. */
  query: string;
  /** The status sent; 0 when the connection was reset by a fault. */
  status: number;
  authorized: boolean;
  /** Which fault switch answered or altered this request, if any. */
  fault?: string;
}

/** What a running simulator offers the tests, benchmarks and sandbox that started it. */
export interface RunningSimulator<State, Entry> {
  faults: Faults;
  state: State;
  /** Every request, oldest first (the oldest are dropped past 10,000). */
  requests: Entry[];
  /** Hits on /__beacon (see the vendor's HOSTILE_TICKET_ID); anything above 0 means a client ran hostile content. */
  readonly beaconHits: number;
  close(): Promise<void>;
}

/** One request on its way through a simulator. */
export interface SimRequest<State, Entry> {
  req: IncomingMessage;
  /** The full request URL on the simulator's origin. */
  url: URL;
  state: State;
  /** This request's log entry, for the vendor to fill in. */
  entry: Entry;
}

/** Before the faults: answer the request now (no fault applies), or go on with what dispatch needs. */
export type Admission<Context> = { answer: SimResponse } | { context: Context };

export interface SimulatorSpec<State extends { beaconHits: number }, Entry extends LoggedRequest, Context> extends SimulatorListenOptions {
  /** The vendor's error bodies and HTML pages, for faults and the not-ready answer. */
  faultVendor: FaultVendor;
  /** The seed data, made once the origin (which its URLs carry) is known. */
  createState(origin: string): State;
  /** The log entry: the fields every simulator logs plus the vendor's own. */
  logEntry(req: IncomingMessage, common: LoggedRequest): Entry;
  /** Runs after the beacon, before the fault switches. */
  admit(request: SimRequest<State, Entry>): Admission<Context>;
  /** Routes and answers the request; what it throws goes to errorResponse. */
  dispatch(request: SimRequest<State, Entry>, context: Context): Promise<SimResponse>;
  /** The vendor's answer to an error thrown by dispatch. */
  errorResponse(error: unknown): SimResponse;
}

export interface SimulatorServer<State, Entry> extends RunningSimulator<State, Entry> {
  /** `http://HOST:PORT`, without a trailing slash. */
  origin: string;
}

const MAX_LOGGED_REQUESTS = 10_000;
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** 127.0.0.0/8, ::1 (also as ::ffff:127.x) or localhost: addresses no other machine can reach. */
export function isLoopbackAddress(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

export async function startSimulatorServer<State extends { beaconHits: number }, Entry extends LoggedRequest, Context>(
  spec: SimulatorSpec<State, Entry, Context>,
): Promise<SimulatorServer<State, Entry>> {
  const host = spec.host ?? '127.0.0.1';
  if (!isLoopbackAddress(host)) throw new Error(`the simulators listen on loopback only (127.0.0.1, ::1 or localhost), not on "${host}"`);
  const faults = createFaults();
  const requests: Entry[] = [];
  let ready: { state: State; origin: string } | undefined;
  let port = 0;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) writeResponse(res, spec.errorResponse(error), { gzip: false });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    if (!ready) {
      // Only reachable on a fixed port in the moment before the seed data exists.
      writeResponse(res, vendorErrorResponse(spec.faultVendor, 503, { 'Retry-After': '1' }), { gzip: false });
      return;
    }
    if (!hostAllowed(req.headers.host, port, host)) {
      req.resume();
      writeResponse(res, misdirected(), { gzip: false });
      return;
    }
    const { state } = ready;
    const url = new URL(req.url ?? '/', ready.origin);
    const entry = spec.logEntry(req, { method, path: url.pathname, query: url.search, status: 0, authorized: false });
    requests.push(entry);
    // Inferred need: a sandbox left running for days must not grow without bound; tests
    // only look at recent entries. Trimmed in batches to keep pushes cheap.
    if (requests.length > MAX_LOGGED_REQUESTS + 2000) requests.splice(0, requests.length - MAX_LOGGED_REQUESTS);

    if (url.pathname === '/__beacon') {
      state.beaconHits++;
      req.resume();
      entry.status = 204;
      writeResponse(res, { status: 204, headers: { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' } }, { gzip: false });
      return;
    }

    const request: SimRequest<State, Entry> = { req, url, state, entry };
    const admission = spec.admit(request);
    if ('answer' in admission) {
      req.resume();
      entry.status = admission.answer.status;
      writeResponse(res, admission.answer, { gzip: acceptsGzip(req) });
      return;
    }

    const decision = await decideFault(faults, spec.faultVendor, method, url.pathname);
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
      response = await spec.dispatch(request, admission.context);
    } catch (error) {
      response = spec.errorResponse(error);
    }
    const truncate = takeTruncation(faults, method, url.pathname, (response.body?.length ?? 0) > 0);
    if (truncate) entry.fault = 'truncateBody';
    entry.status = response.status;
    writeResponse(res, response, { gzip: acceptsGzip(req), truncate });
    if (spec.onChange && !READ_METHODS.has(method) && response.status < 400) spec.onChange();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(spec.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const state = spec.createState(origin);
  ready = { state, origin };

  let closed: Promise<void> | undefined;
  return {
    origin,
    faults,
    state,
    requests,
    get beaconHits() {
      return state.beaconHits;
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

/**
 * Listening on loopback is not enough: a web page can point a name it controls at 127.0.0.1
 * (DNS rebinding) and then talk to the sandbox as its own origin. Such requests carry that
 * name in Host, so only loopback names (and the address we were told to listen on) with
 * our own port are answered.
 */
export function hostAllowed(hostHeader: string | undefined, port: number, listenHost: string): boolean {
  if (!hostHeader) return false;
  let parsed: URL;
  try {
    parsed = new URL(`http://${hostHeader}`);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password || parsed.pathname !== '/' || parsed.search || parsed.hash) return false;
  if ((parsed.port || '80') !== String(port)) return false;
  const name = parsed.hostname.toLowerCase();
  const listening = listenHost.includes(':') ? `[${listenHost.toLowerCase()}]` : listenHost.toLowerCase();
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) || name === listening;
}

function misdirected(): SimResponse {
  const body = Buffer.from('This server only answers requests addressed to it on this machine (Host: 127.0.0.1 or localhost).\n');
  return { status: 421, headers: { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }, body };
}
