#!/usr/bin/env node
// Developer tool: look at the extension as a user sees it. Builds it, starts code-server with
// the sandbox on, opens the workbench in headless Chromium and walks
//   Helpdesk → "Sandbox · DeskPRO" → "My tickets" → the first ticket,
// saving a screenshot of each step (and of the ticket's webview frames, with their text)
// under test-results/look/. Exit code 0 when every step worked.
//
//   node scripts/look.mjs [--no-build] [--dev] [--vsix] [--extension-path DIR] [--port N]
//                         [--out DIR] [--timeout MS] [--verbose] [--root LABEL]
//
// --root picks another helpdesk root, e.g. --root 'Sandbox · Jitbit'.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCodeServer } from '../test/host/install-code-server.mjs';
import { expandTreeItem, openWorkbench, screenshotWebviewFrames, treeItem, waitForWebviewFrame } from '../test/host/browser.mjs';
import {
  SANDBOX_ROOT_LABEL,
  buildExtension,
  diagnostics,
  hostDir,
  packageExtension,
  parseArgs,
  repoRoot,
  resolveFromRepo,
  showSandboxRoot,
  startHelpdeskServer,
  treeRows,
} from '../test/host/helpdesk-host.mjs';

const MY_TICKETS = 'My Tickets'; // matched case-insensitively

const args = parseArgs(process.argv.slice(2));
const timeoutMs = Number(args.timeout ?? 60_000);
const outDir = args.out ? resolveFromRepo(args.out) : join(repoRoot, 'test-results', 'look');
const extensionPath = args['extension-path'] ? resolveFromRepo(args['extension-path']) : repoRoot;
const rootLabel = typeof args.root === 'string' ? args.root : SANDBOX_ROOT_LABEL;
const mode = args.vsix ? 'vsix' : args.dev ? 'dev' : 'link';
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (message) => console.log(`[look] ${message}`);

/** Waits until `read()` returns the same non-empty value twice, `quietMs` apart. */
async function settled(page, read, { quietMs = 750, timeout = timeoutMs } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value && value === last) return value;
    last = value;
    if (Date.now() > deadline) throw new Error(`content did not settle within ${timeout} ms (last: ${String(last).slice(0, 200)})`);
    await page.waitForTimeout(quietMs);
  }
}

/** The first leaf row (a ticket) directly under the row labelled `parentLabel`. */
async function firstChildLeaf(page, parentLabel) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await treeRows(page);
    const at = rows.findIndex((row) => row.text.toLowerCase().includes(parentLabel.toLowerCase()));
    if (at >= 0) {
      const level = rows[at].level;
      for (let i = at + 1; i < rows.length && rows[i].level > level; i++) {
        const row = rows[i];
        if (row.level === level + 1 && row.expanded === null && !/loading|load more/i.test(row.text)) return row;
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`no ticket appeared under "${parentLabel}" within ${timeoutMs} ms; rows: ${rows.map((r) => r.text).join(' | ')}`);
    }
    await page.waitForTimeout(250);
  }
}

async function main() {
  await ensureCodeServer();
  let vsix;
  if (mode === 'vsix') vsix = await packageExtension(join(hostDir, 'helpdesk.vsix'));
  else if (!args['no-build'] && !args['extension-path']) {
    say('building the extension ...');
    await buildExtension();
  }

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const workspaceFolder = join(hostDir, 'look-workspace');
  mkdirSync(workspaceFolder, { recursive: true });

  let server;
  let workbench;
  let step = 0;
  let current = 'start code-server';
  const shots = [];
  let ok = false;
  const shoot = async (name) => {
    const file = await workbench.screenshot(`${String(step).padStart(2, '0')}-${name}`);
    shots.push(file);
    return file;
  };
  const begin = (name) => {
    step += 1;
    current = name;
    say(`step ${step}: ${name} (${elapsed()})`);
  };

  try {
    begin('start code-server and open the workbench');
    server = await startHelpdeskServer({ mode, extensionPath, vsix, workspaceFolder, port: args.port ? Number(args.port) : undefined, echo: Boolean(args.verbose) });
    workbench = await openWorkbench(server.url, workspaceFolder, { screenshotDir: outDir, timeoutMs });
    const { page } = workbench;
    await page.waitForTimeout(1500);
    await shoot('workbench');

    begin('click Helpdesk in the activity bar');
    await showSandboxRoot(page, { timeoutMs });
    await page.waitForTimeout(500);
    await shoot('helpdesk-view');

    if (rootLabel !== SANDBOX_ROOT_LABEL) {
      // Fold the first root away so "My Tickets" below means this root's.
      const first = treeItem(page, SANDBOX_ROOT_LABEL);
      if ((await first.getAttribute('aria-expanded')) === 'true') await first.locator('.monaco-tl-twistie').click();
    }
    begin(`expand "${rootLabel}"`);
    await expandTreeItem(page, rootLabel, { timeoutMs });
    await treeItem(page, MY_TICKETS).waitFor({ state: 'visible', timeout: timeoutMs });
    await page.waitForTimeout(500);
    await shoot('sandbox-root');

    begin(`expand "${MY_TICKETS}"`);
    await expandTreeItem(page, MY_TICKETS, { timeoutMs });
    const ticket = await firstChildLeaf(page, MY_TICKETS);
    say(`  first ticket: ${ticket.text}`);
    await page.waitForTimeout(500);
    await shoot('my-tickets');

    begin(`open the first ticket`);
    await page.locator(`.part.sidebar .monaco-list-row[data-index="${ticket.index}"]`).click();
    const frame = await waitForWebviewFrame(page, {
      timeoutMs,
      predicate: async (f) => (await f.evaluate(() => document.body?.innerText.trim().length ?? 0)) > 0,
    });
    const text = await settled(page, () => frame.evaluate(() => document.body.innerText));
    await shoot('ticket');
    const frames = await screenshotWebviewFrames(page, outDir, `${String(step).padStart(2, '0')}-ticket-webview`);
    shots.push(...frames);
    writeFileSync(join(outDir, `${String(step).padStart(2, '0')}-ticket-webview.txt`), text);
    writeFileSync(join(outDir, `${String(step).padStart(2, '0')}-ticket-webview.html`), await frame.content());
    say(`  webview text: ${text.split('\n').filter(Boolean).slice(0, 3).join(' / ').slice(0, 160)}`);

    say(`all ${step} steps worked (${elapsed()}). Screenshots:\n  ${shots.join('\n  ')}`);
    ok = true;
    return true;
  } catch (error) {
    console.error(`[look] step ${step} "${current}" FAILED (${elapsed()}): ${error.message}`);
    if (workbench) {
      const file = await workbench.screenshot(`${String(step).padStart(2, '0')}-FAILED`).catch(() => undefined);
      if (file) console.error(`[look] screenshot: ${file}`);
    }
    console.error(await diagnostics(server, workbench).catch(() => ''));
    return false;
  } finally {
    await workbench?.close();
    await server?.stop({ removeBaseDir: ok });
    if (!ok && server) console.error(`[look] kept ${server.baseDir} for its logs`);
  }
}

try {
  process.exitCode = (await main()) ? 0 : 1;
} catch (error) {
  console.error(`[look] FAILED: ${error.message}`);
  process.exitCode = 1;
}
