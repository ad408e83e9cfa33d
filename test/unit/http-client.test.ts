// HttpClient against real loopback HTTP servers: what goes out, what comes back, what is
// retried and what never is, and that no secret reaches a log line or an error.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, deflateSync } from 'node:zlib';
import { HelpdeskError, type HelpdeskErrorKind } from '../../src/helpdesk/errors';
import { HttpClient } from '../../src/helpdesk/http/client';
import type { HttpClientOptions, HttpRequest } from '../../src/helpdesk/http/types';
import type { Logger } from '../../src/helpdesk/log';

interface Hit {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, hit: Hit, count: number) => void;

interface TestServer {
  url: string;
  port: number;
  hits: Hit[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];
const clients: HttpClient[] = [];

function listen(server: http.Server | https.Server, hits: Hit[]): Promise<TestServer> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const scheme = server instanceof https.Server ? 'https' : 'http';
      const close = (): Promise<void> =>
        new Promise((done) => {
          server.closeAllConnections();
          server.close(() => done());
        });
      const started = { url: `${scheme}://127.0.0.1:${port}`, port, hits, close };
      servers.push(started);
      resolve(started);
    });
  });
}

/** Collects each request's body before handing it over, and counts requests. */
function onRequest(hits: Hit[], handler: Handler): http.RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const hit = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      hits.push(hit);
      handler(req, res, hit, hits.length);
    });
  };
}

function serve(handler: Handler): Promise<TestServer> {
  const hits: Hit[] = [];
  return listen(http.createServer(onRequest(hits, handler)), hits);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

interface LogLine {
  level: keyof Logger;
  text: string;
}

function capturingLogger(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const push = (level: keyof Logger) => (message: string | Error) =>
    lines.push({ level, text: message instanceof Error ? message.message : message });
  return {
    lines,
    log: { trace: push('trace'), debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') },
  };
}

function client(baseUrl: string, options: Partial<HttpClientOptions> = {}): HttpClient {
  const made = new HttpClient({
    baseUrl,
    authHeaders: () => ({}),
    log: capturingLogger().log,
    retryBaseDelayMs: 5,
    ...options,
  });
  clients.push(made);
  return made;
}

async function failure(promise: Promise<unknown>): Promise<HelpdeskError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HelpdeskError, `expected a HelpdeskError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the request to fail');
}

async function expectKind(promise: Promise<unknown>, kind: HelpdeskErrorKind): Promise<HelpdeskError> {
  const error = await failure(promise);
  assert.equal(error.kind, kind, error.message);
  return error;
}

const get = (path: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({ method: 'GET', path, ...extra });

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('HttpClient: URLs and query strings', () => {
  it('joins the base address and the path with exactly one slash', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, {}));
    for (const base of [`${server.url}/helpdesk`, `${server.url}/helpdesk/`]) {
      for (const path of ['api/tickets', '/api/tickets']) {
        await client(base).request(get(path));
      }
    }
    assert.deepEqual(
      server.hits.map((hit) => hit.url),
      Array(4).fill('/helpdesk/api/tickets'),
    );
  });

  it('encodes query values, repeats keys for arrays and leaves out undefined and null', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, {}));
    await client(server.url).request(
      get('api/tickets?fixed=1', {
        query: { q: 'a&b=c d/é', ids: [1, 'x y'], open: true, page: 2, none: undefined, empty: null, 'f[s]': 'ok' },
      }),
    );
    assert.equal(
      server.hits[0].url,
      '/api/tickets?fixed=1&q=a%26b%3Dc%20d%2F%C3%A9&ids=1&ids=x%20y&open=true&page=2&f%5Bs%5D=ok',
    );
    assert.deepEqual(new URL(server.hits[0].url, server.url).searchParams.getAll('ids'), ['1', 'x y']);
  });

  it('accepts an absolute URL on the same origin and refuses any other without sending', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { page: 2 }));
    const api = client(`${server.url}/api`);
    const response = await api.request(get(`${server.url}/api/tickets?page=2`));
    assert.deepEqual(response.body, { page: 2 });
    assert.equal(response.url, `${server.url}/api/tickets?page=2`);
    const error = await expectKind(api.request(get('http://elsewhere.example/api/tickets')), 'protocol');
    assert.match(error.message, /elsewhere\.example/);
    await expectKind(api.request(get('//elsewhere.example/api')), 'protocol');
    assert.equal(server.hits.length, 1);
  });
});

describe('HttpClient: request bodies and headers', () => {
  it('sends JSON with the default headers and returns the parsed answer with lower-case headers', async () => {
    const server = await serve((_req, res, hit) => sendJson(res, 201, { got: JSON.parse(hit.body.toString()) }, { 'X-Trace-Id': 'abc' }));
    const response = await client(server.url, { userAgent: 'helpdesk-test/1.0' }).request({
      method: 'POST',
      path: 'tickets',
      json: { subject: 'Printer', tags: ['a'] },
    });
    assert.equal(response.status, 201);
    assert.deepEqual(response.body, { got: { subject: 'Printer', tags: ['a'] } });
    assert.equal(response.headers['x-trace-id'], 'abc');
    const { headers } = server.hits[0];
    assert.match(String(headers['content-type']), /^application\/json/);
    assert.equal(headers.accept, 'application/json');
    assert.equal(headers['accept-encoding'], 'gzip, deflate');
    assert.equal(headers['user-agent'], 'helpdesk-test/1.0');
  });

  it('sends a form as application/x-www-form-urlencoded', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, {}));
    await client(server.url).request({ method: 'POST', path: 'ticket', form: { subject: 'Hi there & bye', n: 3, skip: undefined } });
    const hit = server.hits[0];
    assert.equal(hit.headers['content-type'], 'application/x-www-form-urlencoded');
    const form = new URLSearchParams(hit.body.toString());
    assert.deepEqual([...form.entries()], [['subject', 'Hi there & bye'], ['n', '3']]);
  });

  it('sends multipart with fields and files that a server can parse', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, {}));
    const form = new FormData();
    form.append('body', 'See the attached log');
    form.append('file', new File([Buffer.from('line 1\nline 2\n')], 'build.log', { type: 'text/plain' }));
    await client(server.url).request({ method: 'POST', path: 'reply', multipart: form });
    const hit = server.hits[0];
    assert.match(String(hit.headers['content-type']), /^multipart\/form-data; boundary=/);
    const parsed = await new Response(new Uint8Array(hit.body), { headers: { 'content-type': String(hit.headers['content-type']) } }).formData();
    assert.equal(parsed.get('body'), 'See the attached log');
    const file = parsed.get('file');
    assert.ok(file instanceof Blob);
    assert.equal((file as File).name, 'build.log');
    assert.equal(await file.text(), 'line 1\nline 2\n');
  });

  it('decompresses gzip and deflate answers', async () => {
    const payload = { tickets: Array.from({ length: 50 }, (_, i) => ({ id: i, subject: 'compressible '.repeat(5) })) };
    const server = await serve((req, res) => {
      const deflate = req.url === '/deflate';
      const body = deflate ? deflateSync(JSON.stringify(payload)) : gzipSync(JSON.stringify(payload));
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': deflate ? 'deflate' : 'gzip' });
      res.end(body);
    });
    const api = client(server.url);
    assert.deepEqual((await api.request(get('gzip'))).body, payload);
    assert.deepEqual((await api.request(get('deflate'))).body, payload);
  });

  it('reads 204 as undefined, and text and bytes when asked', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/empty') return void res.writeHead(204).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.from([0, 1, 2, 255]));
    });
    const api = client(server.url);
    assert.equal((await api.request({ method: 'DELETE', path: 'empty' })).body, undefined);
    const bytes = (await api.request<Uint8Array>(get('file', { expect: 'bytes' }))).body;
    assert.ok(bytes instanceof Uint8Array);
    assert.deepEqual([...bytes], [0, 1, 2, 255]);
    const text = await api.request<string>(get('file', { expect: 'text' }));
    assert.equal(typeof text.body, 'string');
    assert.equal((await api.request(get('file', { expect: 'none' }))).body, undefined);
  });
});

describe('HttpClient: retries', () => {
  it('retries a GET on 503 and returns the answer that finally came', async () => {
    const server = await serve((_req, res, _hit, n) => (n < 3 ? sendJson(res, 503, { message: 'busy' }) : sendJson(res, 200, { ok: true })));
    const response = await client(server.url).request(get('tickets'));
    assert.deepEqual(response.body, { ok: true });
    assert.equal(server.hits.length, 3);
  });

  it('gives up after maxRetries with the server error', async () => {
    const server = await serve((_req, res) => sendJson(res, 502, {}));
    const error = await expectKind(client(server.url, { maxRetries: 1 }).request(get('tickets')), 'server');
    assert.equal(error.status, 502);
    assert.equal(server.hits.length, 2);
  });

  it('never retries a POST that reached the server', async () => {
    const server = await serve((_req, res) => sendJson(res, 503, { message: 'busy' }));
    await expectKind(client(server.url).request({ method: 'POST', path: 'tickets', json: {} }), 'server');
    assert.equal(server.hits.length, 1);
  });

  it('never retries 401 or 403, even for a GET', async () => {
    const server = await serve((req, res) => sendJson(res, req.url === '/me' ? 401 : 403, { message: 'no' }));
    const api = client(server.url);
    await expectKind(api.request(get('me')), 'auth');
    assert.equal(server.hits.length, 1);
    await expectKind(api.request(get('admin')), 'forbidden');
    assert.equal(server.hits.length, 2);
  });

  it('waits out a short Retry-After on 429 and tries again', async () => {
    const server = await serve((_req, res, _hit, n) =>
      n === 1 ? sendJson(res, 429, { message: 'slow down' }, { 'retry-after': '1' }) : sendJson(res, 200, { ok: true }),
    );
    const started = Date.now();
    const response = await client(server.url).request(get('tickets'));
    assert.deepEqual(response.body, { ok: true });
    assert.equal(server.hits.length, 2);
    assert.ok(Date.now() - started >= 950, `waited only ${Date.now() - started} ms`);
  });

  it('gives up at once with rateLimited when Retry-After is longer than it will wait', async () => {
    const server = await serve((_req, res) => sendJson(res, 429, {}, { 'retry-after': '3600' }));
    const started = Date.now();
    const error = await expectKind(client(server.url).request(get('tickets')), 'rateLimited');
    assert.equal(error.retryAfterMs, 3_600_000);
    assert.equal(error.message, 'The helpdesk is limiting requests (429); try again in 60 min');
    assert.equal(server.hits.length, 1);
    assert.ok(Date.now() - started < 1000);
  });

  it('retries a GET whose body was cut off mid-way', async () => {
    const full = JSON.stringify({ tickets: [1, 2, 3], note: 'x'.repeat(200) });
    const server = await serve((_req, res, _hit, n) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(full) });
      if (n > 1) return void res.end(full);
      res.write(full.slice(0, 20));
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const response = await client(server.url).request(get('tickets'));
    assert.deepEqual(response.body, JSON.parse(full));
    assert.equal(server.hits.length, 2);
  });

  it('does not retry a POST whose connection was cut', async () => {
    const server = await serve((_req, res) => res.socket?.destroy());
    const error = await expectKind(client(server.url).request({ method: 'POST', path: 'tickets', json: {} }), 'network');
    assert.match(error.message, /cut off/);
    assert.equal(server.hits.length, 1);
  });

  it('calls authHeaders once per attempt', async () => {
    const server = await serve((_req, res, _hit, n) => (n < 3 ? sendJson(res, 500, {}) : sendJson(res, 200, {})));
    let calls = 0;
    await client(server.url, { authHeaders: () => ({ 'X-WSSE': `nonce-${++calls}` }) }).request(get('tickets'));
    assert.equal(calls, 3);
    assert.deepEqual(
      server.hits.map((hit) => hit.headers['x-wsse']),
      ['nonce-1', 'nonce-2', 'nonce-3'],
    );
  });
});

describe('HttpClient: redirects', () => {
  it('follows a GET to another origin without the credentials', async () => {
    const elsewhere = await serve((_req, res) => sendJson(res, 200, { moved: true }));
    const server = await serve((_req, res) => res.writeHead(302, { location: `${elsewhere.url}/files/1` }).end());
    const response = await client(server.url, { authHeaders: () => ({ Authorization: 'Bearer t0ken' }) }).request(
      get('attachments/1', { headers: { 'X-Api-Key': 'k' } }),
    );
    assert.deepEqual(response.body, { moved: true });
    assert.equal(response.url, `${elsewhere.url}/files/1`);
    assert.equal(server.hits[0].headers.authorization, 'Bearer t0ken');
    assert.equal(elsewhere.hits[0].headers.authorization, undefined);
    assert.equal(elsewhere.hits[0].headers['x-api-key'], undefined);
  });

  it('follows a same-origin GET with the credentials', async () => {
    const server = await serve((req, res) =>
      req.url === '/old' ? res.writeHead(301, { location: '/new' }).end() : sendJson(res, 200, { auth: req.headers.authorization }),
    );
    const response = await client(server.url, { authHeaders: () => ({ Authorization: 'Bearer t0ken' }) }).request(get('old'));
    assert.deepEqual(response.body, { auth: 'Bearer t0ken' });
  });

  it('does not follow a redirect for a POST, and says to check the address', async () => {
    const server = await serve((_req, res) => res.writeHead(301, { location: 'https://127.0.0.1/api/tickets' }).end());
    const error = await expectKind(client(server.url).request({ method: 'POST', path: 'api/tickets', json: {} }), 'protocol');
    assert.match(error.message, /redirected POST \/api\/tickets to https:\/\/127\.0\.0\.1\/api\/tickets \(301\); check the helpdesk address/);
    assert.equal(server.hits.length, 1);
  });
});

describe('HttpClient: errors', () => {
  it('maps statuses to kinds, with the vendor message and fields', async () => {
    const server = await serve((req, res) => {
      const status = Number(req.url?.slice(1));
      if (status === 503) return void res.writeHead(503, { 'content-type': 'text/plain' }).end('Down for maintenance until 02:00');
      sendJson(res, status, { message: `status ${status}`, errors: { subject: ['Subject is required'] } });
    });
    const api = client(server.url, {
      maxRetries: 0,
      parseErrorBody: (_status, body) => {
        const record = body as { message?: string; errors?: Record<string, string[]> };
        return typeof body === 'object' ? { message: record.message, fields: record.errors } : undefined;
      },
    });
    const expected: Array<[number, HelpdeskErrorKind]> = [
      [400, 'validation'],
      [404, 'notFound'],
      [405, 'protocol'],
      [409, 'validation'],
      [413, 'tooLarge'],
      [422, 'validation'],
      [423, 'maintenance'],
      [500, 'server'],
      [503, 'maintenance'],
    ];
    for (const [status, kind] of expected) {
      const error = await expectKind(api.request(get(String(status))), kind);
      assert.equal(error.status, status);
    }
    const validation = await expectKind(api.request({ method: 'POST', path: '400', json: {} }), 'validation');
    assert.equal(validation.message, 'The helpdesk refused the request (400): status 400');
    assert.deepEqual(validation.fields, { subject: ['Subject is required'] });
    const notFound = await expectKind(api.request(get('404')), 'notFound');
    assert.match(notFound.message, /GET \/404 \(404\)/);
  });

  it('names an HTML error page by its text', async () => {
    const page = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
    const server = await serve((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end(page));
    const error = await expectKind(client(server.url, { maxRetries: 0 }).request(get('tickets')), 'server');
    assert.equal(error.message, 'The helpdesk failed to handle GET /tickets (502): 502 Bad Gateway nginx');
  });

  it('does not retry a 503 that says maintenance', async () => {
    const server = await serve((_req, res) => sendJson(res, 503, { error: 'Scheduled maintenance' }));
    await expectKind(client(server.url).request(get('tickets')), 'maintenance');
    assert.equal(server.hits.length, 1);
  });

  it('reports an HTML page where JSON was expected, with a short excerpt', async () => {
    const page = `<!doctype html><html><head><title>Login</title><style>body{color:red}</style></head>
      <body><h1>Sign in to   Acme Helpdesk</h1><p>${'Your session expired. '.repeat(20)}</p><script>var x=1</script></body></html>`;
    const server = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
    const error = await expectKind(client(server.url).request(get('api/v2/tickets')), 'protocol');
    assert.match(error.message, /^Expected JSON from GET \/api\/v2\/tickets but got text\/html \(200\): "Sign in to Acme Helpdesk Your session/);
    assert.ok(!error.message.includes('<'), error.message);
    assert.ok(!error.message.includes('color:red'), error.message);
    assert.ok(error.message.length < 220, error.message);
  });

  it('times out with the timeout kind and the number of seconds', async () => {
    const server = await serve(() => {
      /* never answers */
    });
    const started = Date.now();
    const error = await expectKind(client(server.url, { timeoutMs: 200 }).request(get('slow')), 'timeout');
    assert.match(error.message, /did not answer within 0\.2 s/);
    assert.ok(Date.now() - started < 1500);
    assert.equal(server.hits.length, 1);
  });

  it('times out a body that never finishes', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 100 });
      res.write('{"a":');
    });
    await expectKind(client(server.url).request(get('slow', { timeoutMs: 200 })), 'timeout');
  });

  it('reports a refused connection as a network error naming the host', async () => {
    const port = await freePort();
    const error = await expectKind(client(`http://127.0.0.1:${port}`).request(get('tickets')), 'network');
    assert.equal(error.message, `127.0.0.1:${port} refused the connection (ECONNREFUSED); gave up after 3 attempts`);
  });

  it('reports an unknown host', async () => {
    const error = await expectKind(client('http://no-such-host.invalid', { maxRetries: 0 }).request(get('x')), 'network');
    // EAI_AGAIN where the machine has no DNS server at all.
    assert.match(error.message, /^Could not (find|look up) host no-such-host\.invalid \((ENOTFOUND|EAI_AGAIN)\)/);
  });

  it('honours an abort signal', async () => {
    const server = await serve(() => {
      /* never answers */
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expectKind(client(server.url).request(get('slow', { signal: controller.signal })), 'cancelled');
    await expectKind(client(server.url).request(get('slow', { signal: controller.signal })), 'cancelled');
    assert.equal(server.hits.length, 1);
  });
});

describe('HttpClient: logging and secrets', () => {
  it('logs one info line per attempt with the path and status', async () => {
    const server = await serve((_req, res, _hit, n) => (n === 1 ? sendJson(res, 503, {}) : sendJson(res, 200, {})));
    const { log, lines } = capturingLogger();
    await client(`${server.url}/api/v2`, { log }).request(get('tickets', { query: { page: 2 } }));
    const info = lines.filter((line) => line.level === 'info').map((line) => line.text);
    assert.equal(info.length, 2);
    assert.match(info[0], /^GET \/api\/v2\/tickets\?page=2 → 503 \(\d+ ms\)$/);
    assert.match(info[1], /^GET \/api\/v2\/tickets\?page=2 → 200 \(\d+ ms\)$/);
    assert.ok(lines.some((line) => line.level === 'warn' && /Retrying GET .* after 503/.test(line.text)));
  });

  it('keeps secrets out of every log line and error message', async () => {
    const password = 'pa55-w0rd!';
    const apiKey = 'k3y-0123456789';
    const basic = Buffer.from(`agent:${password}`).toString('base64');
    // A server that echoes everything back, as some error pages do.
    const server = await serve((req, res, hit) =>
      sendJson(res, 400, { message: `bad request ${req.url} auth=${String(hit.headers.authorization)} ${password} ${apiKey}` }),
    );
    const { log, lines } = capturingLogger();
    const api = client(server.url, {
      log,
      secrets: [password, apiKey],
      authHeaders: () => ({ Authorization: `Basic ${basic}` }),
    });
    const error = await expectKind(api.request(get('tickets', { query: { apikey: apiKey, q: password } })), 'validation');
    const everything = [error.message, error.describe(), ...lines.map((line) => line.text)].join('\n');
    for (const secret of [password, apiKey, basic, encodeURIComponent(password)]) {
      assert.ok(!everything.includes(secret), `leaked ${secret} in:\n${everything}`);
    }
    assert.match(everything, /«redacted»/);
    assert.equal(server.hits[0].headers.authorization, `Basic ${basic}`);
  });

  it('never logs request or response bodies at info', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { body: 'RESPONSE-BODY' }));
    const { log, lines } = capturingLogger();
    await client(server.url, { log }).request({ method: 'POST', path: 'x', json: { text: 'REQUEST-BODY' } });
    const info = lines.filter((line) => line.level === 'info').map((line) => line.text).join('\n');
    assert.ok(!/REQUEST-BODY|RESPONSE-BODY/.test(info));
  });
});

describe('HttpClient: proxy', () => {
  // The target's host name does not exist: only a proxy that resolves it for us can
  // reach it, so an answer proves the request went through the proxy.
  const FAKE_HOST = 'helpdesk.test';

  it('sends plain-http requests through the proxy, and bypasses it for NO_PROXY hosts', async () => {
    const target = await serve((req, res) => sendJson(res, 200, { path: req.url, host: req.headers.host }));
    const proxy = await forwardProxy(target.port);
    const base = `http://${FAKE_HOST}:${target.port}/api`;
    const response = await client(base, { proxy: proxy.url }).request(get('tickets', { query: { page: 1 } }));
    assert.deepEqual(response.body, { path: '/api/tickets?page=1', host: `${FAKE_HOST}:${target.port}` });
    assert.equal(proxy.requests.length, 1);
    assert.equal(proxy.requests[0], `GET http://${FAKE_HOST}:${target.port}/api/tickets?page=1`);

    await expectKind(client(base, { proxy: proxy.url, noProxy: `.test`, maxRetries: 0 }).request(get('tickets')), 'network');
    assert.equal(proxy.requests.length, 1);
  });

  it('never sends loopback addresses through the proxy', async () => {
    const target = await serve((_req, res) => sendJson(res, 200, {}));
    const proxy = await forwardProxy(target.port);
    await client(target.url, { proxy: proxy.url }).request(get('x'));
    assert.equal(proxy.requests.length, 0);
    assert.equal(target.hits.length, 1);
  });

  it('reports a proxy that refuses to tunnel', async () => {
    const proxy = await forwardProxy(1, { connectStatus: 407 });
    const error = await expectKind(client(`https://${FAKE_HOST}`, { proxy: proxy.url }).request(get('x')), 'network');
    assert.match(error.message, /proxy 127\.0\.0\.1:\d+ refused to connect to helpdesk\.test \(407\); check the proxy credentials/);
  });
});

describe('HttpClient: TLS', function () {
  let tlsDir: string;
  let cert: string;
  let key: string;

  before(function () {
    try {
      tlsDir = mkdtempSync(join(tmpdir(), 'helpdesk-tls-'));
      // A throwaway self-signed certificate, made for this run only.
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
        '-subj', '/CN=helpdesk.test', '-addext', 'subjectAltName=DNS:helpdesk.test,IP:127.0.0.1',
        '-keyout', join(tlsDir, 'key.pem'), '-out', join(tlsDir, 'cert.pem'),
      ], { stdio: 'ignore' });
      cert = readFileSync(join(tlsDir, 'cert.pem'), 'utf8');
      key = readFileSync(join(tlsDir, 'key.pem'), 'utf8');
    } catch {
      this.skip(); // no openssl on this machine
    }
  });

  after(() => {
    if (tlsDir) rmSync(tlsDir, { recursive: true, force: true });
  });

  const serveTls = (): Promise<TestServer> => {
    const hits: Hit[] = [];
    return listen(https.createServer({ cert, key }, onRequest(hits, (_req, res) => sendJson(res, 200, { secure: true }))), hits);
  };

  it('rejects an untrusted certificate and says what to change', async () => {
    const server = await serveTls();
    const error = await expectKind(client(server.url).request(get('x')), 'network');
    assert.match(error.message, /certificate of 127\.0\.0\.1:\d+ was not trusted/);
    assert.match(error.message, /http\.proxyStrictSSL/);
  });

  it('trusts a CA given in the settings, in addition to the usual roots', async () => {
    const server = await serveTls();
    assert.deepEqual((await client(server.url, { ca: cert }).request(get('x'))).body, { secure: true });
  });

  it('accepts any certificate with strictSSL false', async () => {
    const server = await serveTls();
    assert.deepEqual((await client(server.url, { strictSSL: false }).request(get('x'))).body, { secure: true });
  });

  it('tunnels https through the proxy with CONNECT', async () => {
    const server = await serveTls();
    const proxy = await forwardProxy(server.port);
    const response = await client(`https://helpdesk.test:${server.port}`, { proxy: proxy.url, ca: cert }).request(get('x'));
    assert.deepEqual(response.body, { secure: true });
    assert.deepEqual(proxy.requests, [`CONNECT helpdesk.test:${server.port}`]);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

interface TestProxy {
  url: string;
  requests: string[];
}

/**
 * A minimal forward proxy that sends every host to 127.0.0.1:`targetPort`: absolute-form
 * requests for plain http, CONNECT tunnels for https. It records what it was asked.
 */
async function forwardProxy(targetPort: number, options: { connectStatus?: number } = {}): Promise<TestProxy> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const upstream = http.request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: new URL(req.url ?? '/').pathname + new URL(req.url ?? '/').search, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    requests.push(`CONNECT ${req.url}`);
    sockets.add(socket);
    if (options.connectStatus) return void socket.end(`HTTP/1.1 ${options.connectStatus} No\r\n\r\n`);
    const upstream = net.connect(targetPort, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  const started = await listen(server, []);
  const close = started.close;
  started.close = async () => {
    for (const socket of sockets) socket.destroy();
    await close();
  };
  return { url: started.url, requests };
}
