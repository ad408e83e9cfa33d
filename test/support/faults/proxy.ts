// A fault-injecting reverse proxy in front of one simulator. It knows no vendor: it passes
// requests on (rewriting the simulator's address to its own in answers, so absolute links
// still lead through it) until a fault is armed, and then meets every request of the armed
// method and path with that fault. Every request is recorded, with whether it reached the
// simulator, so a suite can tell whether a write happened and how often.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { FAULTS, LONG_RETRY_AFTER_S, type FaultId, type FaultTarget, type ProxyRecord } from './catalog';

const MiB = 1024 * 1024;
/** What the `100 MB` column sends. */
const HUGE_BYTES = 100 * MiB;
/** The `1 KB/s` column: 100 bytes every 100 ms. */
const TRICKLE_PIECE = 100;
const TRICKLE_EVERY_MS = 100;
/** Leading whitespace a trickled JSON answer gets (still valid JSON), so it cannot end within a short deadline. */
const TRICKLE_PADDING = 64 * 1024;

/** 1 GiB of spaces as 64 concatenated gzip members of 16 MiB each (about 1 MB on the wire). */
const GZIP_BOMB: Buffer = (() => {
  const member = gzipSync(Buffer.alloc(16 * MiB, 0x20), { level: 9 });
  return Buffer.concat(Array.from({ length: 64 }, () => member));
})();

interface Upstream {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export class FaultProxy {
  readonly records: ProxyRecord[] = [];
  private armed: { fault: FaultId; target: FaultTarget } | undefined;
  private server: Server | undefined;
  private port = 0;
  private readonly sockets = new Set<Socket>();
  private readonly upstream: URL;

  constructor(upstreamOrigin: string) {
    this.upstream = new URL(upstreamOrigin);
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<void> {
    const server = createServer((req, res) => {
      void this.handle(req, res).catch(() => res.destroy());
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** Stops listening and drops every connection: the next connection attempt is refused. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port. */
  async up(): Promise<void> {
    if (!this.server) await this.listen();
  }

  arm(fault: FaultId, target: FaultTarget): void {
    this.armed = { fault, target };
  }

  disarm(): void {
    this.armed = undefined;
  }

  async close(): Promise<void> {
    await this.down();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', this.origin).pathname;
    const body = await readAll(req);
    const fault = this.armed && this.armed.target.method === method && this.armed.target.path === path ? this.armed.fault : undefined;
    const record: ProxyRecord = { method, path, forwarded: false, ...(fault ? { fault } : {}) };
    this.records.push(record);
    const spec = fault ? FAULTS.find((candidate) => candidate.id === fault) : undefined;
    if (spec?.mode === 'answer') return answerInstead(spec.id, res);

    record.forwarded = true;
    const answer = await this.forward(req, body);
    record.upstreamStatus = answer.status;
    if (!fault) return send(res, answer);
    record.altered = mangle(fault, answer, res);
  }

  private forward(req: IncomingMessage, body: Buffer): Promise<Upstream> {
    const headers = { ...req.headers, host: this.upstream.host };
    // Plain bytes back, so answers can be rewritten and cut where we like.
    delete headers['accept-encoding'];
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        { host: this.upstream.hostname, port: this.upstream.port, method: req.method, path: req.url, headers },
        (incoming) => {
          void readAll(incoming).then((bytes) => {
            resolve({ status: incoming.statusCode ?? 502, headers: this.rewriteHeaders(incoming), body: this.rewriteBody(incoming, bytes) });
          }, reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  private rewriteHeaders(incoming: IncomingMessage): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      const joined = Array.isArray(value) ? value.join(', ') : value;
      headers[name] = name === 'location' || name === 'link' ? this.toProxy(joined) : joined;
    }
    return headers;
  }

  private rewriteBody(incoming: IncomingMessage, bytes: Buffer): Buffer {
    if (!isText(incoming.headers['content-type'])) return bytes;
    return Buffer.from(this.toProxy(bytes.toString('utf8')), 'utf8');
  }

  // Also matches JSON that escapes slashes (`http:\/\/127.0.0.1:…`).
  private toProxy(text: string): string {
    return text.split(this.upstream.host).join(`127.0.0.1:${this.port}`);
  }
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

function isText(contentType: string | undefined): boolean {
  return /json|text|xml|javascript/i.test(contentType ?? '');
}

function isJson(answer: Upstream): boolean {
  return /json/i.test(answer.headers['content-type'] ?? '') && answer.body.length > 0;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function send(res: ServerResponse, answer: Upstream): void {
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
  res.end(answer.body);
}

function page(status: number, title: string): string {
  return `<!DOCTYPE html><html><head><title>${status} ${title}</title></head><body><center><h1>${status} ${title}</h1></center><hr><center>nginx</center></body></html>`;
}

function respond(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

/** The faults that answer in the helpdesk's place, as a gateway or the helpdesk's front would. */
function answerInstead(fault: FaultId, res: ServerResponse): void {
  const json = (status: number, message: string, headers?: Record<string, string>) =>
    respond(res, status, 'application/json', JSON.stringify({ message }), headers);
  switch (fault) {
    case 'noAnswer':
      // Hold the connection without a word until the client gives up.
      return;
    case 'html500':
      return respond(res, 500, 'text/html; charset=utf-8', page(500, 'Internal Server Error'));
    case 'status502':
      return respond(res, 502, 'text/html', page(502, 'Bad Gateway'));
    case 'status503':
      return respond(res, 503, 'text/plain', 'Service Unavailable');
    case 'rateRetryAfter':
      return json(429, 'Too many requests', { 'retry-after': String(LONG_RETRY_AFTER_S) });
    case 'rate':
      return json(429, 'Too many requests');
    case 'status423':
      return json(423, 'Locked');
    case 'status401':
      return json(401, 'Unauthorized');
    case 'status403':
      return json(403, 'Forbidden');
    case 'status404':
      return json(404, 'Not found');
    default:
      throw new Error(`${fault} is not answered by the proxy`);
  }
}

/** The faults that spoil the helpdesk's real answer on its way back; false when there was nothing to spoil. */
function mangle(fault: FaultId, answer: Upstream, res: ServerResponse): boolean {
  const unchanged = (): boolean => {
    send(res, answer);
    return false;
  };
  const headers = answer.headers;
  // A 204 cannot carry the body these faults send.
  const status = answer.status === 204 ? 200 : answer.status;
  switch (fault) {
    case 'reset': {
      const body = answer.body.length > 0 ? answer.body : Buffer.from('{"id":1}');
      res.writeHead(status, { ...headers, 'content-length': String(body.length + 64) });
      res.write(body.subarray(0, Math.ceil(body.length / 2)), () => res.socket?.destroy());
      return true;
    }
    case 'truncated':
      if (!isJson(answer)) return unchanged();
      res.writeHead(answer.status, headers);
      res.end(cutJson(answer.body));
      return true;
    case 'wrongShape': {
      if (!isJson(answer) || answer.status >= 300) return unchanged();
      const wasArray = answer.body.toString('utf8').trimStart().startsWith('[');
      send(res, { ...answer, body: Buffer.from(wasArray ? '{"unexpected":true}' : '[{"unexpected":true}]') });
      return true;
    }
    case 'wrongType':
      respond(res, status, 'text/html; charset=utf-8', '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action="/login"><input name="user"></form></body></html>');
      return true;
    case 'trickle':
      if (answer.status === 204 || answer.status === 304) return unchanged();
      res.writeHead(answer.status, headers);
      trickle(res, isJson(answer) ? Buffer.concat([Buffer.alloc(TRICKLE_PADDING, 0x20), answer.body]) : answer.body);
      return true;
    case 'gzipBomb':
      res.writeHead(status, { ...headers, 'content-type': headers['content-type'] ?? 'application/json', 'content-encoding': 'gzip', 'content-length': String(GZIP_BOMB.length) });
      res.end(GZIP_BOMB);
      return true;
    case 'huge':
      res.writeHead(status, { ...headers, 'content-type': headers['content-type'] ?? 'application/json' });
      stream(res, HUGE_BYTES);
      return true;
    default:
      throw new Error(`${fault} does not change an answer`);
  }
}

/**
 * The first half of a JSON body. Half of a bare number (`5050` → `50`) is still JSON, a
 * different answer no client could tell from the real one, so such a body is cut to nothing.
 */
function cutJson(body: Buffer): Buffer {
  const half = body.subarray(0, Math.floor(body.length / 2));
  try {
    JSON.parse(half.toString('utf8'));
    return Buffer.alloc(0);
  } catch {
    return half;
  }
}

function trickle(res: ServerResponse, body: Buffer): void {
  let at = 0;
  const timer = setInterval(() => {
    if (res.destroyed || at >= body.length) {
      clearInterval(timer);
      if (!res.destroyed) res.end();
      return;
    }
    res.write(body.subarray(at, at + TRICKLE_PIECE));
    at += TRICKLE_PIECE;
  }, TRICKLE_EVERY_MS);
  res.once('close', () => clearInterval(timer));
}

/** `total` bytes of spaces, as fast as the client takes them, until it hangs up. */
function stream(res: ServerResponse, total: number): void {
  const chunk = Buffer.alloc(256 * 1024, 0x20);
  let sent = 0;
  const pump = (): void => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}
