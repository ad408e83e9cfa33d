#!/usr/bin/env node
// `npm run test:integration`: the integration suites inside the extension host of a real
// VS Code 1.99 (code-server), offline. Builds the extension and the suites, starts
// code-server with the extension and the companion runner (out/integration) linked in,
// opens the workbench in headless Chromium (the extension host starts only when a window
// connects), prints each test as it ends, and stops everything.
//
//   node test/integration/run-code-server.mjs [--port N] [--timeout SECONDS] [--grep=TEXT]
//                                             [--no-build] [--keep] [--verbose]
//
// --port: preferred port (the next free one when busy; default: any free one).
// --timeout: how long the tests may take once the window is open (default 600 s); past it
//   the run fails with a screenshot (test-results/integration/) and the server's logs. A hang
//   guard, not a speed check: a full run takes about 280 s here, and a 2-core CI machine ran
//   past 300 s (mocha's own 60 s per test catches a single stuck test).
// --keep: keep the run folder (.test-host/runs/integration-*) even when all passed; a
//   failed run always keeps it, for its logs.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench } from '../host/browser.mjs';
import { startCodeServer, linkUnpackedExtension } from '../host/code-server.mjs';
import { buildExtension, diagnostics, hostDir, parseArgs, repoRoot } from '../host/helpdesk-host.mjs';
import { ensureCodeServer } from '../host/install-code-server.mjs';
import { buildIntegration, integrationOutDir } from './build.mjs';
import { followEvents, GREP_ENV, killLeftovers, OUT_DIR_ENV, readResults, report, say as sayAs, seconds, TEST_API_ENV, USER_DATA_ENV } from './launch-util.mjs';

const PREFIX = 'integration';
const say = (message) => sayAs(PREFIX, message);
const args = parseArgs(process.argv.slice(2));
const testTimeoutMs = Number(args.timeout ?? 600) * 1000;
const preferredPort = args.port ? Number(args.port) : undefined;
const shotDir = join(repoRoot, 'test-results', 'integration');
const started = Date.now();
const phases = [];
const phase = (name, since) => phases.push(`${name} ${seconds(Date.now() - since)}`);

let server;
let workbench;
let outDir;
let cleaning;

/** Stops the browser and code-server, then kills anything of the run still alive. */
function cleanUp({ keepRunDir }) {
  cleaning ??= (async () => {
    await workbench?.close().catch(() => {});
    await server?.stop({ removeBaseDir: !keepRunDir }).catch(() => {});
    if (outDir) await killLeftovers(PREFIX, OUT_DIR_ENV, outDir);
  })();
  return cleaning;
}

// Ctrl+C or CI cancelling: stop what was started, do not leave a server behind.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    say(`${signal}: stopping`);
    void cleanUp({ keepRunDir: true }).finally(() => process.exit(1));
  });
}

async function waitForResults(follow) {
  const deadline = Date.now() + testTimeoutMs;
  for (;;) {
    follow.poll();
    const results = readResults(outDir);
    if (results) return { results };
    try {
      process.kill(server.pid, 0);
    } catch {
      return { brokenBecause: `code-server exited while the tests ran. Its output:\n${server.output()}` };
    }
    if (Date.now() > deadline) {
      const running = follow.running();
      return {
        brokenBecause: `the tests did not finish within ${seconds(testTimeoutMs)}${running ? `; still running: "${running}"` : follow.ended().length === 0 ? '; none started (did the companion extension activate?)' : ''}`,
        timedOut: true,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function main() {
  if (!args['no-build']) {
    const buildStarted = Date.now();
    say('building the extension and the suites ...');
    await buildExtension();
    await buildIntegration();
    phase('build', buildStarted);
  }
  await ensureCodeServer();

  mkdirSync(join(hostDir, 'runs'), { recursive: true });
  const baseDir = mkdtempSync(join(hostDir, 'runs', 'integration-'));
  outDir = join(baseDir, 'results');
  mkdirSync(outDir, { recursive: true });
  const workspaceFolder = join(baseDir, 'workspace');
  // code-server, its extension host and Chromium inherit these (startCodeServer copies process.env).
  process.env[OUT_DIR_ENV] = outDir;
  process.env[USER_DATA_ENV] = join(baseDir, 'user-data');
  process.env[TEST_API_ENV] = '1';
  if (typeof args.grep === 'string') process.env[GREP_ENV] = args.grep;
  else delete process.env[GREP_ENV];

  const serverStarted = Date.now();
  linkUnpackedExtension(integrationOutDir, join(baseDir, 'extensions'));
  server = await startCodeServer({ linkExtension: repoRoot, workspaceFolder, baseDir, port: preferredPort, echo: Boolean(args.verbose) });
  if (preferredPort && server.port !== preferredPort) say(`port ${preferredPort} is busy; using ${server.port}`);
  phase('code-server', serverStarted);
  say(`code-server on ${server.baseUrl}; run folder ${baseDir}`);

  const windowStarted = Date.now();
  workbench = await openWorkbench(server.url, workspaceFolder, { screenshotDir: shotDir });
  phase('workbench', windowStarted);

  const testsStarted = Date.now();
  const follow = followEvents(outDir);
  const outcome = await waitForResults(follow);
  phase('tests', testsStarted);
  follow.poll();

  if (!outcome.results) {
    const shot = await workbench.screenshot('integration-timeout').catch(() => undefined);
    if (shot) say(`screenshot: ${shot}`);
    console.log(await diagnostics(server, workbench).catch(() => ''));
    say(`code-server log: ${server.logFile}`);
  }
  const ok = report(PREFIX, { results: outcome.results, ended: follow.ended(), brokenBecause: outcome.brokenBecause });
  await cleanUp({ keepRunDir: !ok || Boolean(args.keep) });
  if (!ok || args.keep) say(`kept ${baseDir}`);
  say(`${ok ? 'passed' : 'FAILED'} in ${seconds(Date.now() - started)} (${phases.join(', ')})`);
  return ok;
}

// Past every other limit (a browser that never closes, a stuck stop): give up hard. The
// exit hooks of startCodeServer and playwright kill the server's group and the browser.
const hardLimit = setTimeout(() => {
  say(`hard limit reached after ${seconds(Date.now() - started)}: exiting`);
  process.exit(1);
}, testTimeoutMs + 4 * 60_000);

try {
  process.exitCode = (await main()) ? 0 : 1;
} catch (error) {
  console.error(`[${PREFIX}] FAILED: ${error instanceof Error ? error.message : String(error)}`);
  if (workbench) {
    const shot = await workbench.screenshot('integration-failure').catch(() => undefined);
    if (shot) say(`screenshot: ${shot}`);
  }
  // Counted as one failure by scripts/test-all.mjs (non-zero exit, nothing recorded).
  await cleanUp({ keepRunDir: true });
  process.exitCode = 1;
} finally {
  clearTimeout(hardLimit);
}
