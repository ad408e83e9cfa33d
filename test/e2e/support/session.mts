// One end-to-end session for the whole suite: the packaged .vsix installed into a fresh
// code-server, one DeskPRO simulator in this process (the extension host reaches it over
// 127.0.0.1), and one Chromium showing the workbench. stop() ends all of them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openWorkbench, type Workbench } from '../../host/browser.mjs';
import { startCodeServer, type CodeServer } from '../../host/code-server.mjs';
import { startDeskproSimulator, type DeskproSimulator } from '../../../src/sandbox/deskpro/index.js';
import { RESULTS_DIR } from './artifacts.mjs';
import { ensureTestHost, packageVsix, requireChromium } from './environment.mjs';
import { captureSessionEnd, registerSimulatorSecrets, watchSession } from './secrets.mjs';

/** Small pages, so "Load more…" has something to do within one screen of tree. */
export const PAGE_SIZE = 10;
export const ATTACHMENT_NAME = 'release-notes.md';
export const ATTACHMENT_TEXT = '# Release notes\n\nFixed: exports time out for large reports.\n';

export interface Session {
  simulator: DeskproSimulator;
  server: CodeServer;
  workbench: Workbench;
  page: Page;
  workspace: string;
  /** A file in the workspace for replies to attach. */
  attachmentPath: string;
  /** The port code-server was asked for, held busy by this process while it started. */
  busyPort: number;
  /** alert/confirm/prompt dialogs any page or frame opened. */
  dialogs: string[];
  /** Requests the browser made to the simulator's beacon (hostile content running). */
  beaconRequests: string[];
  /** Ticket ids a test has used, so tests do not trip over each other's changes. */
  usedTickets: Set<number>;
  stop(options: { keepServerFiles: boolean }): Promise<void>;
}

function holdPort(): Promise<{ port: number; server: Server }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      resolve({ port: address.port, server });
    });
  });
}

/**
 * `userSettings`: more user settings for code-server (a spec's own knobs), besides the page size.
 * `untrustedWorkspaceSettings`: opens the workspace untrusted (Workspace Trust on, never
 * prompted, so Restricted Mode) with this as its `.vscode/settings.json`, as a cloned repository brings it.
 */
export async function startSession({
  userSettings = {},
  untrustedWorkspaceSettings,
}: { userSettings?: Record<string, unknown>; untrustedWorkspaceSettings?: Record<string, unknown> } = {}): Promise<Session> {
  requireChromium();
  await ensureTestHost();

  const scratch = mkdtempSync(join(tmpdir(), 'helpdesk-e2e-'));
  const cleanups: Array<() => Promise<unknown> | unknown> = [() => rmSync(scratch, { recursive: true, force: true })];
  const cleanup = async (): Promise<void> => {
    for (const step of cleanups.reverse()) await Promise.resolve().then(step).catch(() => undefined);
  };
  try {
    const vsix = await packageVsix(join(scratch, 'helpdesk.vsix'));
    const workspace = join(scratch, 'workspace');
    mkdirSync(workspace, { recursive: true });
    const attachmentPath = join(workspace, ATTACHMENT_NAME);
    writeFileSync(attachmentPath, ATTACHMENT_TEXT);
    const untrusted = untrustedWorkspaceSettings !== undefined;
    if (untrusted) {
      mkdirSync(join(workspace, '.vscode'), { recursive: true });
      writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify(untrustedWorkspaceSettings, null, 2)}\n`);
    }
    const trust = untrusted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};

    const simulator = await startDeskproSimulator({ port: 0 });
    cleanups.push(() => simulator.close());
    registerSimulatorSecrets('session DeskPRO', simulator);

    // Someone else has the port we ask for: code-server must take another one.
    const busy = await holdPort();
    let server: CodeServer;
    try {
      server = await startCodeServer({
        extensionVsix: vsix,
        workspaceFolder: workspace,
        port: busy.port,
        userSettings: { 'helpdesk.pageSize': PAGE_SIZE, ...trust, ...userSettings },
        workspaceTrust: untrusted,
        timeoutMs: 60_000,
      });
    } finally {
      busy.server.close();
    }
    let keepServerFiles = true;
    cleanups.push(() => server.stop({ removeBaseDir: !keepServerFiles }));

    const workbench = await openWorkbench(server.url, workspace, { screenshotDir: RESULTS_DIR, timeoutMs: 60_000 }).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\ncode-server's settings and logs are kept in ${server.baseDir}`);
    });
    cleanups.push(() => workbench.close());
    const { page, context } = workbench;
    page.setDefaultTimeout(15_000);

    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      dialog.dismiss().catch(() => undefined);
    });
    // For the secrets scan: notices as they show; the rest at each reset and at stop().
    await watchSession(page);
    const beaconRequests: string[] = [];
    context.on('request', (request) => {
      if (request.url().includes('/__beacon')) beaconRequests.push(request.url());
    });

    return {
      simulator,
      server,
      workbench,
      page,
      workspace,
      attachmentPath,
      busyPort: busy.port,
      dialogs,
      beaconRequests,
      usedTickets: new Set(),
      stop: async (options) => {
        keepServerFiles = options.keepServerFiles;
        // Before code-server's folder goes: the secrets scan reads it at the end of the run.
        await captureSessionEnd(page, server, workspace).catch((error: unknown) => console.log(`    (secrets scan: could not capture this session: ${String(error)})`));
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
