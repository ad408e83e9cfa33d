// Defect 10 (issue 12) in a real VS Code: a cloned repository whose .vscode/settings.json
// turns the sandbox on, points the extension at its own helpdesk and changes the limits,
// opened without trusting it. The folder opens in Restricted Mode; the packaged extension
// still activates there (it declares limited support), shows the user's own helpdesks, and
// applies none of the workspace's restricted settings: no sandbox, nothing sent to the
// repository's helpdesk. VS Code says what is limited, with the manifest's description.
//
// The e2e layer, not test/integration: there the suites run from a companion extension in
// one shared window, and an untrusted folder would restrict that companion and every suite.
// Here the spec has a code-server of its own, started with Workspace Trust on.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../host/browser.mjs';
import { startDeskproSimulator, type DeskproSimulator } from '../../src/sandbox/deskpro/index.js';
import { englishManifest } from '../support/manifest.js';
import { repoRoot } from '../host/install-code-server.mjs';
import { extensionLog, saveFailure, slug, Steps } from './support/artifacts.mjs';
import { registerSimulatorSecrets } from './support/secrets.mjs';
import { startSession, type Session } from './support/session.mjs';
import { resetWorkbench, showHelpdeskView, treeRows, until } from './support/ui.mjs';

const manifest = englishManifest(repoRoot) as {
  capabilities: { untrustedWorkspaces: { description: string; restrictedConfigurations: string[] } };
};
const LIMITED = manifest.capabilities.untrustedWorkspaces.description;

describe('Restricted Mode: an untrusted folder cannot configure the extension (packaged .vsix in code-server)', function () {
  let session: Session;
  /** The helpdesk the cloned repository's settings point at: must hear nothing. */
  let repoDesk: DeskproSimulator;
  /** The user's own helpdesk, from user settings: still shown. */
  let userDesk: DeskproSimulator;
  let steps: Steps;
  let testNumber = 0;
  let failures = 0;

  before(async function () {
    this.timeout(300_000);
    repoDesk = await startDeskproSimulator({ port: 0, ticketCount: 5 });
    registerSimulatorSecrets('Restricted Mode repoDesk', repoDesk);
    userDesk = await startDeskproSimulator({ port: 0, ticketCount: 5 });
    registerSimulatorSecrets('Restricted Mode userDesk', userDesk);
    session = await startSession({
      userSettings: { 'helpdesk.instances': [{ id: 'mine', label: 'My Desk', type: 'deskpro', baseUrl: userDesk.url }] },
      // Every restricted setting, as a hostile repository would set it.
      untrustedWorkspaceSettings: {
        'helpdesk.sandbox.enabled': true,
        'helpdesk.instances': [{ id: 'from-repo', label: 'Repo Desk', type: 'deskpro', baseUrl: repoDesk.url }],
        'helpdesk.requestTimeoutSeconds': 1,
        'helpdesk.maxAttachmentSizeMB': 1,
        'helpdesk.maxResponseSizeMB': 1,
        'helpdesk.extraCaCertificatesFile': '/etc/repo-ca.pem',
        'helpdesk.reconnectDelaySeconds': 1,
      },
    });
  });

  after(async function () {
    this.timeout(60_000);
    await session?.stop({ keepServerFiles: failures > 0 });
    await repoDesk?.close();
    await userDesk?.close();
  });

  beforeEach(function () {
    testNumber += 1;
    steps = new Steps(`restricted-${String(testNumber).padStart(2, '0')}-${slug(this.currentTest?.title ?? 'test')}`);
  });

  afterEach(async function () {
    this.timeout(60_000);
    if (this.currentTest?.state === 'failed') {
      failures += 1;
      const saved = await saveFailure(steps.dir, session?.page, session?.server);
      console.log(`    failure evidence: ${saved.map((file) => file.slice(steps.dir.length + 1)).join(', ')} in ${steps.dir}`);
    }
    if (session) await resetWorkbench(session.page).catch((error: unknown) => console.log(`    (could not tidy the workbench: ${String(error)})`));
  });

  it('opens the folder in Restricted Mode; the extension activates there and shows the user’s own helpdesk', async function () {
    const { page } = session;
    await until('the Restricted Mode indicator', async () => (await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).count()) > 0);
    await showHelpdeskView(page);
    await until('the user’s helpdesk in the tree', async () => (await treeRows(page)).some((row) => row.label.startsWith('My Desk')));
    await steps.shot(page, 'restricted mode with the user helpdesk');
  });

  it('applies none of the workspace’s restricted settings: no sandbox, nothing sent to the repository’s helpdesk', async function () {
    const { page } = session;
    await showHelpdeskView(page);
    await until('the user’s helpdesk in the tree', async () => (await treeRows(page)).some((row) => row.label.startsWith('My Desk')));
    // Time for a sandbox to start or a connection to be tried, if anything were going to.
    await page.waitForTimeout(3000);
    const labels = (await treeRows(page)).map((row) => row.label);
    await steps.shot(page, 'only the user helpdesk');
    assert.ok(!labels.some((label) => label.startsWith('Sandbox ·')), `no sandbox helpdesk: ${labels.join(' | ')}`);
    assert.ok(!labels.some((label) => label.startsWith('Repo Desk')), `no helpdesk from the workspace: ${labels.join(' | ')}`);
    assert.equal(repoDesk.requests.length, 0, 'the repository’s helpdesk heard nothing');
    const log = extensionLog(session.server.userDataDir);
    assert.match(log, /\S/, 'the extension logged (it is running)');
    assert.doesNotMatch(log, /sandbox started/, 'the sandbox did not start');
    assert.ok(!log.includes(repoDesk.url), 'the repository’s address is not used');
  });

  it('says what is limited: listed as limited in Restricted Mode, its details with the manifest’s description', async function () {
    const { page } = session;
    await runCommand(page, 'Workspaces: Manage Workspace Trust');
    const editor = page.locator('.workspace-trust-editor');
    await editor.waitFor({ state: 'visible', timeout: 20_000 });
    await steps.shot(page, 'workspace trust editor');
    // "N extensions are disabled or have limited functionality" opens them in the Extensions view.
    await editor.getByText(/\d+ extensions/).first().click();
    const sidebar = page.locator('.part.sidebar');
    const listed = await until('the extensions limited in Restricted Mode', async () => {
      const text = (await sidebar.innerText({ timeout: 1000 })).replace(/\s+/g, ' ');
      return /LIMITED IN RESTRICTED MODE/i.test(text) && text.includes('Helpdesk for VS Code') ? text : undefined;
    });
    const limitedSection = listed.slice(listed.search(/LIMITED IN RESTRICTED MODE/i));
    assert.ok(limitedSection.includes('Helpdesk for VS Code'), `listed under "Limited in Restricted Mode": ${listed}`);
    await steps.shot(page, 'extensions limited in restricted mode');

    await sidebar.locator('.monaco-list-row', { hasText: 'Helpdesk for VS Code' }).first().click();
    const details = await until('the extension’s details with what is limited', async () => {
      const text = (await page.locator('.part.editor').innerText({ timeout: 1000 })).replace(/\s+/g, ' ');
      return text.includes('Helpdesk for VS Code') && text.includes(LIMITED) ? text : undefined;
    });
    await steps.shot(page, 'extension details say what is limited');
    assert.ok(details.includes(LIMITED));
  });
});
