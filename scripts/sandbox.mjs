#!/usr/bin/env node
// Runs the extension against its built-in sandbox (simulated helpdesks) in a real
// VS Code 1.99 (code-server), offline.
//
//   npm run sandbox                    build, start code-server on 127.0.0.1:8080 (or the next
//                                      free port), print the address, run until Ctrl+C
//   npm run sandbox -- --check         instead open it in headless Chromium, click Helpdesk, wait for
//                                      the "Sandbox · DeskPRO" root, save a screenshot to
//                                      test-results/sandbox/, exit 0 or 1
//
// Options: --port N, --no-build, --dev (run as a development extension via the URL payload
// instead of linking it into the extensions folder), --vsix (package with vsce and install
// the .vsix), --extension-path DIR (another unpacked extension; implies --no-build),
// --fresh (forget the interactive sandbox's saved UI state and simulator data), --quiet (no live
// activity: helpdesk.sandbox.liveActivity stays off), --verbose (echo code-server's output).
//
// code-server is installed on first use into .test-host/code-server (about 1-2 minutes;
// needs Debian's chromium, ripgrep and libkrb5-dev).
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCodeServer } from '../test/host/install-code-server.mjs';
import { openWorkbench } from '../test/host/browser.mjs';
import {
  buildExtension,
  diagnostics,
  hostDir,
  packageExtension,
  parseArgs,
  repoRoot,
  resolveFromRepo,
  showSandboxRoot,
  startHelpdeskServer,
} from '../test/host/helpdesk-host.mjs';

const args = parseArgs(process.argv.slice(2));
const check = Boolean(args.check);
const port = args.port ? Number(args.port) : 8080;
const extensionPath = args['extension-path'] ? resolveFromRepo(args['extension-path']) : repoRoot;
const mode = args.vsix ? 'vsix' : args.dev ? 'dev' : 'link';
const shotDir = join(repoRoot, 'test-results', 'sandbox');
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (message) => console.log(`[sandbox] ${message}`);
// The sandbox comes alive here (customers reply, tickets arrive every few minutes); the
// setting is off everywhere else. --quiet leaves it off.
const userSettings = args.quiet ? {} : { 'helpdesk.sandbox.liveActivity': true };

async function prepare() {
  await ensureCodeServer();
  let vsix;
  if (mode === 'vsix') {
    say('packaging with vsce ...');
    vsix = await packageExtension(join(hostDir, 'helpdesk.vsix'));
  } else if (!args['no-build'] && !args['extension-path']) {
    say('building the extension ...');
    await buildExtension();
  }
  if (mode !== 'vsix' && extensionPath === repoRoot && !existsSync(join(repoRoot, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: the build did not produce it');
  }
  return vsix;
}

async function interactive() {
  const vsix = await prepare();
  const baseDir = join(hostDir, 'sandbox');
  if (args.fresh) rmSync(baseDir, { recursive: true, force: true });
  // The extensions folder holds only what this script puts there (there is no gallery):
  // start it empty, so an earlier --extension-path or --vsix run leaves nothing behind.
  rmSync(join(baseDir, 'extensions'), { recursive: true, force: true });
  const workspaceFolder = join(baseDir, 'workspace');
  mkdirSync(workspaceFolder, { recursive: true });
  const server = await startHelpdeskServer({ mode, extensionPath, vsix, workspaceFolder, port, baseDir, userSettings, echo: Boolean(args.verbose) });

  let stopping = false;
  const shutdown = async (signal) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping code-server ...`);
    await server.stop();
    say('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));

  if (port !== server.port) say(`port ${port} is busy; using ${server.port}`);
  console.log('');
  if (mode === 'dev') {
    // The development extension is named in the address, so open this one.
    console.log(`Open ${server.url} in a browser`);
  } else {
    console.log(`Open http://127.0.0.1:${server.port} in a browser`);
  }
  console.log('');
  say(`VS Code 1.99 (code-server) with the sandbox on${args.quiet ? '' : ' and alive (a customer replies or a ticket arrives every few minutes)'}; user data in ${server.userDataDir}`);
  say('The simulators keep their data across reloads; "Helpdesk: Reset Sandbox" brings back the seed.');
  if (mode === 'link') say('After `npm run build` (or with `npm run watch`), run "Developer: Reload Window" to load the new build.');
  say(`code-server log: ${server.logFile}`);
  say('Press Ctrl+C to stop.');
  // Stay alive until a signal; notice if code-server dies on its own.
  const timer = setInterval(() => {
    try {
      process.kill(server.pid, 0);
    } catch {
      clearInterval(timer);
      if (!stopping) {
        console.error(`[sandbox] code-server exited unexpectedly. Last output:\n${server.output()}`);
        void server.stop().then(() => process.exit(1));
      }
    }
  }, 1000);
}

async function runCheck() {
  const vsix = await prepare();
  mkdirSync(shotDir, { recursive: true });
  const workspaceFolder = join(hostDir, 'sandbox-check-workspace');
  mkdirSync(workspaceFolder, { recursive: true });
  let server;
  let workbench;
  let ok = false;
  try {
    server = await startHelpdeskServer({ mode, extensionPath, vsix, workspaceFolder, port, userSettings, echo: Boolean(args.verbose) });
    say(`code-server on ${server.baseUrl} (${elapsed()})`);
    workbench = await openWorkbench(server.url, workspaceFolder, { screenshotDir: shotDir });
    say(`workbench ready (${elapsed()})`);
    await showSandboxRoot(workbench.page, { timeoutMs: Number(args.timeout ?? 60_000) });
    // Let the tree finish drawing (icons, descriptions) before the picture.
    await workbench.page.waitForTimeout(1000);
    const file = await workbench.screenshot('sandbox');
    say(`the Helpdesk view shows "Sandbox · DeskPRO" (${elapsed()}); screenshot: ${file}`);
    ok = true;
  } catch (error) {
    console.error(`[sandbox] check FAILED (${elapsed()}): ${error.message}`);
    if (workbench) {
      const file = await workbench.screenshot('sandbox-failure').catch(() => undefined);
      if (file) console.error(`[sandbox] screenshot: ${file}`);
    }
    console.error(await diagnostics(server, workbench).catch(() => ''));
  } finally {
    await workbench?.close();
    await server?.stop({ removeBaseDir: ok });
    if (!ok && server) console.error(`[sandbox] kept ${server.baseDir} for its logs`);
  }
  return ok;
}

try {
  if (check) {
    const ok = await runCheck();
    if (ok) say(`check passed (${elapsed()})`);
    else console.error('[sandbox] check failed');
    process.exitCode = ok ? 0 : 1;
  } else {
    await interactive();
  }
} catch (error) {
  console.error(`[sandbox] FAILED: ${error.message}`);
  process.exitCode = 1;
}
