// What happens when the end-to-end layer cannot run as it should: a missing browser or
// code-server install says what to install, and a workbench that never appears times out
// with a screenshot instead of hanging. (A busy port is covered by the workbench suite,
// whose code-server is asked for a port held busy.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openWorkbench } from '../host/browser.mjs';
import { repoRoot } from '../host/install-code-server.mjs';
import { RESULTS_DIR } from './support/artifacts.mjs';
import { ensureTestHost, requireChromium } from './support/environment.mjs';

describe('end-to-end host checks', function () {
  it('names the Debian package when Chromium is missing', function () {
    assert.throws(() => requireChromium('/nonexistent/chromium'), /apt-get update && apt-get install -y chromium/);
  });

  it('names the Debian packages when code-server cannot be built', function () {
    // The installer's own preflight, on a machine without compilers on PATH.
    const installer = pathToFileURL(join(repoRoot, 'test/host/install-code-server.mjs')).href;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `(await import(${JSON.stringify(installer)})).preflight()`], {
      env: { PATH: '/nonexistent' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /python3 is not on PATH/);
    assert.match(run.stderr, /apt-get update && apt-get install -y python3 make g\+\+/);
  });

  it('a failed code-server install says what to install and how to retry', async function () {
    const failing = async (): Promise<never> => {
      throw new Error('`npm rebuild` in lib/vscode failed (exit 1)');
    };
    await assert.rejects(ensureTestHost(failing), (error: Error) => {
      assert.match(error.message, /could not be installed:\n`npm rebuild` in lib\/vscode failed/);
      assert.match(error.message, /apt-get install -y chromium ripgrep libkrb5-dev/);
      assert.match(error.message, /node test\/host\/install-code-server\.mjs --verbose/);
      return true;
    });
  });

  describe('a workbench that never appears', function () {
    let server: Server;
    let url: string;

    before(async function () {
      // Answers, but with a page that never becomes a workbench.
      server = createServer((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'text/html' });
        response.end('<!doctype html><title>code-server</title><p>Loading…</p>');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });

    after(function () {
      server?.close();
      server?.closeAllConnections();
    });

    it('times out with a screenshot saved instead of hanging', async function () {
      requireChromium();
      const screenshotDir = join(RESULTS_DIR, 'hung-workbench');
      await assert.rejects(openWorkbench(url, undefined, { screenshotDir, timeoutMs: 3000 }), (error: Error) => {
        assert.match(error.message, /did not appear within 3000 ms/);
        const shot = /Screenshot: (\S+\.png)/.exec(error.message)?.[1];
        assert.ok(shot && existsSync(shot), `the screenshot exists: ${shot}`);
        return true;
      });
    });
  });
});
