// Defect 1 (issue 12): error-body excerpts must cost the same for a hostile body as for a
// normal one. The old excerpt ran backtracking regexes over the whole body: 1 MiB of "<"
// took minutes, and a 128 KiB 502 page of "<" held one request() for 17 s.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { HttpClient } from '../../src/helpdesk/http/client';
import { EXCERPT_SCAN_CHARS, excerpt } from '../../src/helpdesk/http/response';
import { silentLogger } from '../../src/helpdesk/log';

describe('reliability: error-body excerpts (defect 1)', function () {
  // A hang guard, not a speed claim: the old code needs minutes for these inputs.
  this.timeout(5_000);

  it('reads only a bounded prefix of the body', () => {
    assert.ok(EXCERPT_SCAN_CHARS <= 64 * 1024, `scans ${EXCERPT_SCAN_CHARS} chars`);
    const late = `${' '.repeat(EXCERPT_SCAN_CHARS)}<p>said only after the prefix</p>`;
    assert.equal(excerpt(late), '');
    assert.equal(excerpt(`<p>said early</p>${late}`), 'said early');
  });

  it('survives 1 MiB of "<" and of unclosed comments, scripts and heads', () => {
    for (const unit of ['<', '<!--', '<script>', '<head>', '<title>', '<a ']) {
      const text = excerpt(unit.repeat(Math.ceil((1024 * 1024) / unit.length)));
      assert.ok(text.length <= 120, `${unit}: ${text.length}`);
    }
  });

  it('still names a page by its text, or by its title when the body is empty', () => {
    const page = '<html><head><title>502 Bad Gateway</title><style>b{}</style></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
    assert.equal(excerpt(page), '502 Bad Gateway nginx');
    assert.equal(excerpt('<html><head><title>Login &amp; more</title></head><body><script>x()</script></body></html>'), 'Login & more');
    assert.equal(excerpt('Plain <b>text</b> with &lt;entities&gt; &nbsp;and <!-- a comment --> spaces'), 'Plain text with <entities> and spaces');
    assert.equal(excerpt('a'.repeat(300), 10), `${'a'.repeat(9)}…`);
  });

  it('answers a request whose 502 page is 128 KiB of "<" without stalling, after the usual retries', async () => {
    let hits = 0;
    const page = '<'.repeat(128 * 1024);
    const server = http.createServer((_req, res) => {
      hits++;
      res.writeHead(502, { 'content-type': 'text/html' }).end(page);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new HttpClient({ baseUrl: `http://127.0.0.1:${port}`, authHeaders: () => ({}), log: silentLogger, retryBaseDelayMs: 1 });
    try {
      const error = await client.request({ method: 'GET', path: 'tickets' }).then(
        () => assert.fail('expected a failure'),
        (thrown: unknown) => thrown,
      );
      assert.ok(error instanceof HelpdeskError);
      assert.equal(error.kind, 'server');
      assert.equal(hits, 3);
    } finally {
      await client.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
