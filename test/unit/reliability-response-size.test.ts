// Defect 3 (issue 12): a response body is limited while it streams in and again when it is
// decompressed. The client used to read whole bodies into memory and gunzip without
// maxOutputLength: a 510 KiB gzip answer became 512 MiB. Over the limit is a clear
// 'tooLarge' error, never an out-of-memory host; the limit never triggers a retry.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { HelpdeskError, type HelpdeskErrorKind } from '../../src/helpdesk/errors';
import { DEFAULT_MAX_RESPONSE_BYTES, HttpClient } from '../../src/helpdesk/http/client';
import type { HttpClientOptions, HttpRequest } from '../../src/helpdesk/http/types';
import { silentLogger } from '../../src/helpdesk/log';
import { DEFAULT_MAX_RESPONSE_MB, transportOptions } from '../../src/ui/instances/transport';

const MiB = 1024 * 1024;

interface Served {
  url: string;
  hits: number;
  /** Bytes of body the handler managed to write before the client hung up. */
  written: number;
  close(): Promise<void>;
}

const open: Array<{ close(): Promise<void> }> = [];

async function serve(handler: (res: http.ServerResponse, served: Served) => void): Promise<Served> {
  const served: Served = { url: '', hits: 0, written: 0, close: async () => undefined };
  const server = http.createServer((req, res) => {
    served.hits++;
    req.resume();
    handler(res, served);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  served.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  served.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  open.push(served);
  return served;
}

/** Writes `total` bytes of JSON-ish filler in 64 KiB chunks, stopping when the client goes away. */
function stream(res: http.ServerResponse, served: Served, total: number, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  served.written = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const pump = (): void => {
    while (served.written < total && !res.destroyed) {
      served.written += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

function client(url: string, options: Partial<HttpClientOptions> = {}): HttpClient {
  const made = new HttpClient({ baseUrl: url, authHeaders: () => ({}), log: silentLogger, retryBaseDelayMs: 1, ...options });
  open.push(made);
  return made;
}

async function failure(promise: Promise<unknown>, kind: HelpdeskErrorKind): Promise<HelpdeskError> {
  const thrown = await promise.then(
    () => assert.fail('expected the request to fail'),
    (error: unknown) => error,
  );
  assert.ok(thrown instanceof HelpdeskError, String(thrown));
  assert.equal(thrown.kind, kind, thrown.message);
  return thrown;
}

const get = (path: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({ method: 'GET', path, ...extra });

// Made once: 40 MiB of spaces inside a JSON string gzip to about 40 KiB.
let bomb: Buffer | undefined;
function gzipBomb(): Buffer {
  bomb ??= gzipSync(Buffer.concat([Buffer.from('{"a":"'), Buffer.alloc(40 * MiB, 0x20), Buffer.from('"}')]));
  return bomb;
}

describe('reliability: response size limits (defect 3)', function () {
  this.timeout(20_000);

  afterEach(async () => {
    await Promise.all(open.splice(0).map((item) => item.close()));
  });

  it('defaults to 32 MiB', () => {
    assert.equal(DEFAULT_MAX_RESPONSE_BYTES, 32 * MiB);
  });

  it('refuses a gzip bomb by its decompressed size, with the default limit', async () => {
    const body = gzipBomb();
    assert.ok(body.length < MiB);
    const server = await serve((res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(body));
    const error = await failure(client(server.url).request(get('tickets')), 'tooLarge');
    assert.match(error.message, /GET \/tickets/);
    assert.match(error.message, /32 MB/);
    assert.equal(server.hits, 1, 'never retried');
  });

  it('stops reading a body without Content-Length once it passes the limit', async () => {
    const server = await serve((res, served) => stream(res, served, 64 * MiB));
    const error = await failure(client(server.url, { maxResponseBytes: MiB }).request(get('tickets')), 'tooLarge');
    assert.match(error.message, /1 MB/);
    assert.ok(server.written < 16 * MiB, `the server wrote ${server.written} bytes`);
    assert.equal(server.hits, 1);
  });

  it('refuses a declared Content-Length over the limit without waiting for the body', async () => {
    const server = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 100 * MiB });
      res.write('{"a":');
      // ...and never more: reading would only end at the timeout.
    });
    await failure(client(server.url, { maxResponseBytes: MiB, timeoutMs: 10_000 }).request(get('tickets')), 'tooLarge');
  });

  it('takes a per-request limit over the client-wide one', async () => {
    const server = await serve((res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ a: 'x'.repeat(4096) })));
    const api = client(server.url, { maxResponseBytes: MiB });
    assert.equal((await api.request<{ a: string }>(get('ok'))).body.a.length, 4096);
    await failure(api.request(get('small', { maxResponseBytes: 1024 })), 'tooLarge');
  });

  it('limits downloads (expect bytes) by the download limit', async () => {
    const server = await serve((res, served) => stream(res, served, 8 * MiB, { 'content-type': 'application/octet-stream' }));
    const api = client(server.url, { maxResponseBytes: 64 * MiB, maxDownloadBytes: 2 * MiB });
    const error = await failure(api.request(get('file', { expect: 'bytes' })), 'tooLarge');
    assert.match(error.message, /2 MB/);
    const small = await client(server.url, { maxDownloadBytes: 16 * MiB }).request<Uint8Array>(get('file', { expect: 'bytes' }));
    assert.equal(small.body.byteLength, 8 * MiB);
  });

  it("never fails a write whose answer it does not read (expect none) for that answer's size", async () => {
    const server = await serve((res, served) => stream(res, served, 8 * MiB));
    const response = await client(server.url, { maxResponseBytes: MiB }).request({ method: 'PUT', path: 'tickets/1', json: {}, expect: 'none' });
    assert.equal(response.status, 200);
    assert.equal(server.hits, 1);
  });

  it('keeps the status of an error answer whose page is huge, and reads only the start of it', async () => {
    const server = await serve((res, served) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      served.written = 0;
      const chunk = Buffer.alloc(64 * 1024, 0x3c);
      const pump = (): void => {
        while (served.written < 64 * MiB && !res.destroyed) {
          served.written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      pump();
    });
    const error = await failure(client(server.url, { maxRetries: 0 }).request(get('tickets')), 'server');
    assert.equal(error.status, 502);
    assert.ok(server.written < 16 * MiB, `the server wrote ${server.written} bytes`);
  });
});

describe('reliability: the response size settings (defect 3)', () => {
  it('turn helpdesk.maxResponseSizeMB and the attachment limit into the client limits', () => {
    assert.equal(DEFAULT_MAX_RESPONSE_MB, 32);
    const options = transportOptions({ maxResponseSizeMB: 8, maxAttachmentBytes: 25 * MiB, userAgent: 'ua', env: {} });
    assert.equal(options.maxResponseBytes, 8 * MiB);
    assert.equal(options.maxDownloadBytes, 25 * MiB);
    for (const nonsense of [0, -1, Number.NaN]) {
      const fallback = transportOptions({ maxResponseSizeMB: nonsense, maxAttachmentBytes: nonsense, userAgent: 'ua', env: {} });
      assert.equal(fallback.maxResponseBytes, undefined, String(nonsense));
      assert.equal(fallback.maxDownloadBytes, undefined, String(nonsense));
    }
  });
});
