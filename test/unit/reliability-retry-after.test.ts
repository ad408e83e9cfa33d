// Defect 11 (issue 12): `Retry-After: 0` (or a tiny value) must not make a retry storm.
// It used to retry at once: three requests in 11 ms. Now a wait has a floor and jitter.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient } from '../../src/helpdesk/http/client';
import { DEFAULT_RETRY_BASE_DELAY_MS, retryAfterDelay } from '../../src/helpdesk/http/retry';
import { silentLogger } from '../../src/helpdesk/log';
import { JitbitClient } from '../../src/providers/jitbit/client';
import { HelpdeskError } from '../../src/helpdesk/errors';
import type { HttpRequest, HttpResponse } from '../../src/helpdesk/http/types';

describe('reliability: Retry-After floor and jitter (defect 11)', () => {
  it('never waits less than the floor, and spreads clients over a window above it', () => {
    assert.equal(retryAfterDelay(0, 250, () => 0), 250);
    assert.equal(retryAfterDelay(0, 250, () => 0.5), 375);
    assert.ok(retryAfterDelay(0, 250, () => 0.999_999) <= 500);
    assert.equal(retryAfterDelay(2_000, 250, () => 0), 2_000, "the server's wait is a minimum");
    assert.equal(retryAfterDelay(2_000, 250, () => 1), 2_250);
    assert.ok(DEFAULT_RETRY_BASE_DELAY_MS >= 100);
  });

  it('spaces the retries of a GET answered with 429 and Retry-After: 0', async () => {
    const arrivals: number[] = [];
    const server = http.createServer((_req, res) => {
      arrivals.push(performance.now());
      if (arrivals.length < 3) res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' }).end('{}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new HttpClient({ baseUrl: `http://127.0.0.1:${port}`, authHeaders: () => ({}), log: silentLogger, retryBaseDelayMs: 80 });
    try {
      const response = await client.request({ method: 'GET', path: 'tickets' });
      assert.deepEqual(response.body, { ok: true });
      assert.equal(arrivals.length, 3);
      for (let i = 1; i < arrivals.length; i++) {
        const gap = (arrivals[i] ?? 0) - (arrivals[i - 1] ?? 0);
        assert.ok(gap >= 75, `retry ${i} came after ${gap.toFixed(1)} ms`);
      }
    } finally {
      await client.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("waits at least a second before repeating a Jitbit write answered with Retry-After: 0", async () => {
    const waits: number[] = [];
    let calls = 0;
    const transport = {
      async request<T>(_req: HttpRequest): Promise<HttpResponse<T>> {
        calls++;
        if (calls === 1) throw new HelpdeskError('rateLimited', 'slow down', { status: 429, retryAfterMs: 0 });
        return { status: 200, headers: {}, body: undefined as T, url: 'http://jb.example/api/Close' };
      },
      close: async () => undefined,
    };
    const client = new JitbitClient(transport, { sleep: async (ms) => void waits.push(ms) });
    await client.closeTicket(7);
    assert.equal(calls, 2);
    assert.equal(waits.length, 1);
    assert.ok((waits[0] ?? 0) >= 1_000, `waited ${waits[0]} ms`);
  });
});
