// The extension as a user gets it: the packaged .vsix installed into code-server (VS Code
// 1.99 server + web workbench), driven in Chromium through the real UI, against the
// DeskPRO simulator running in this process. Every step is photographed under
// test-results/e2e/<test>/; a failure adds the page's HTML, the webviews' HTML and the
// extension's log there.
//
//   npm run test:e2e                      (HELPDESK_E2E_VSIX=file.vsix to test a given package)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleMessage, Frame, Page } from 'playwright-core';
import { runCommand } from '../host/browser.mjs';
import { markdownToHtml } from '../../src/helpdesk/render/markdown.js';
import { HOSTILE_TICKET_ID, startDeskproSimulator, type DeskproSimulator } from '../../src/sandbox/deskpro/index.js';
import type { TicketRecord } from '../../src/sandbox/deskpro/state.js';
import { extensionLog, saveFailure, slug, Steps } from './support/artifacts.mjs';
import { ATTACHMENT_NAME, ATTACHMENT_TEXT, PAGE_SIZE, startSession, type Session } from './support/session.mjs';
import { registerSecret, registerSimulatorSecrets } from './support/secrets.mjs';
import {
  addDeskproHelpdesk,
  childrenOf,
  conversationLoaded,
  expandList,
  openTicketByNumber,
  panelMessages,
  quickInput,
  refreshAll,
  resetWorkbench,
  rowContaining,
  rowStartingWith,
  sentMessageShown,
  showHelpdeskView,
  ticketFrame,
  treeRows,
  until,
  type TreeRow,
} from './support/ui.mjs';

const MY_TICKETS = 'My Tickets';

describe('Helpdesk in VS Code (packaged .vsix in code-server, driven in Chromium)', function () {
  let session: Session;
  let steps: Steps;
  let testNumber = 0;
  let failures = 0;

  before(async function () {
    // A first run installs code-server (about two minutes); later runs take seconds.
    this.timeout(300_000);
    session = await startSession();
  });

  after(async function () {
    this.timeout(60_000);
    // Keep code-server's folder (settings, logs) when something failed.
    await session?.stop({ keepServerFiles: failures > 0 });
  });

  beforeEach(function () {
    testNumber += 1;
    steps = new Steps(`${String(testNumber).padStart(2, '0')}-${slug(this.currentTest?.title ?? 'test')}`);
  });

  afterEach(async function () {
    this.timeout(60_000);
    if (this.currentTest?.state === 'failed') {
      failures += 1;
      const saved = await saveFailure(steps.dir, session?.page, session?.server);
      console.log(`    failure evidence: ${saved.map((file) => file.slice(steps.dir.length + 1)).join(', ')} in ${steps.dir}`);
    }
    if (session) {
      await resetWorkbench(session.page).catch((error: unknown) => console.log(`    (could not tidy the workbench after the test: ${String(error)})`));
    }
  });

  // ---- helpers ----------------------------------------------------------------------------

  const host = (simulator: DeskproSimulator): string => new URL(simulator.url).host;

  function ticketOfRow(row: TreeRow): TicketRecord | undefined {
    for (const ticket of session.simulator.state.tickets.values()) if (row.label.includes(ticket.ref)) return ticket;
    return undefined;
  }

  /** The first ticket listed in the tree that no other test used and that fits `wanted`. */
  function takeTicket(rows: readonly TreeRow[], wanted: (ticket: TicketRecord) => boolean = () => true): TicketRecord {
    for (const row of rows) {
      const ticket = ticketOfRow(row);
      if (ticket && !session.usedTickets.has(ticket.id) && wanted(ticket)) {
        session.usedTickets.add(ticket.id);
        return ticket;
      }
    }
    throw new Error(`no unused ticket fits among: ${rows.map((r) => r.label).join(' | ')}`);
  }

  const requestCount = (): number => session.simulator.requests.length;
  const requestsSince = (mark: number) => session.simulator.requests.slice(mark);
  /** The extension's request for page `n` of a ticket list since `mark`, once answered. */
  const pageRequest = (n: number, mark: number) =>
    requestsSince(mark).find(
      (r) => r.method === 'GET' && r.path === '/api/v2/tickets' && r.status !== 0 && new URLSearchParams(r.query).get('page') === String(n),
    );

  const settingsText = (): string => readFileSync(join(session.server.userDataDir, 'User', 'settings.json'), 'utf8');

  /** The configured helpdesk with its views showing: added through the UI unless an earlier test already did. */
  async function ensureHelpdesk(): Promise<void> {
    const { page, simulator } = session;
    await showHelpdeskView(page);
    const root = rowStartingWith(page, host(simulator));
    // Settings say whether it is configured; the tree may still be loading (after a reload).
    if (!settingsText().includes(simulator.url)) {
      await addDeskproHelpdesk(page, { url: simulator.url, secret: simulator.apiKey });
    }
    await until('the helpdesk to connect', async () => (await root.getAttribute('aria-label', { timeout: 1000 }))?.includes('Connected'));
    await until('the views under the root', async () => (childrenOf(await treeRows(page), host(simulator)) ?? []).length > 0);
  }

  /** The tickets listed under "My Tickets" (its first page, unless a test loaded more). */
  async function myTickets(): Promise<TreeRow[]> {
    await ensureHelpdesk();
    return expandList(session.page, MY_TICKETS);
  }

  /**
   * Collects what the workbench reports when a tree row's command was dropped before a
   * click ran it ("Actual command not found…"); its toast may be gone by the time a wait
   * for the panel times out, the console line is not.
   */
  function watchCommandNotFound(page: Page): { seen: string[]; stop(): void } {
    const seen: string[] = [];
    const listener = (message: ConsoleMessage): void => {
      if (/command not found/i.test(message.text())) seen.push(message.text().split('\n')[0]!);
    };
    page.on('console', listener);
    return { seen, stop: () => page.off('console', listener) };
  }

  async function openFromTree(ticket: TicketRecord): Promise<Frame> {
    await rowContaining(session.page, ticket.ref).click();
    const frame = await ticketFrame(session.page, ticket.ref);
    await conversationLoaded(frame, session.simulator.state.ticketMessages.get(ticket.id)?.length ?? 0);
    return frame;
  }

  // ---- setup --------------------------------------------------------------------------------

  it('starts code-server on another port when the one asked for is in use', function () {
    assert.notEqual(session.server.port, session.busyPort);
    assert.equal(new URL(session.page.url()).port, String(session.server.port));
  });

  it('adds a DeskPRO helpdesk through the Add Helpdesk… quick inputs; the root turns healthy with its views', async function () {
    const { page, simulator } = session;
    await showHelpdeskView(page);
    await steps.shot(page, 'no helpdesk yet');
    const mark = requestCount();

    await addDeskproHelpdesk(page, { url: simulator.url, secret: simulator.apiKey, from: 'welcome', steps });

    const root = rowStartingWith(page, host(simulator));
    await until('the root to say it is connected', async () => (await root.getAttribute('aria-label')) === `${host(simulator)} Connected as ${simulator.me.name}`);
    const views = await until('the views under the root', async () => {
      const children = childrenOf(await treeRows(page), host(simulator));
      return children && children.length >= 3 ? children.map((row) => row.label.trim()) : undefined;
    });
    await steps.shot(page, 'connected');
    assert.deepEqual(views.slice(0, 3), ['My Tickets', 'Unassigned', 'All Open']);

    // The connection test: GET /me with the key, accepted; nothing refused.
    const requests = requestsSince(mark);
    assert.ok(requests.some((r) => r.method === 'GET' && r.path === '/api/v2/me' && r.status === 200), 'GET /me was sent');
    assert.deepEqual(requests.filter((r) => !r.authorized), []);
    // The address is in the settings, the key is not.
    const settings = settingsText();
    assert.ok(settings.includes(simulator.url), 'helpdesk.instances holds the address');
    assert.ok(!settings.includes(simulator.apiKey), 'the API key stays out of settings.json');
  });

  it('opens a ticket from the first expansion of My Tickets after Add Helpdesk, with no refresh in between', async function () {
    // Regression: those rows used to carry commands VS Code had already dropped, so every
    // click said "Actual command not found, wanted to execute helpdesk.openTicket /3" until
    // Refresh All. (Mocha runs this right after the test that adds the helpdesk.)
    const { page, simulator } = session;
    if (settingsText().includes(simulator.url)) {
      assert.equal(await rowStartingWith(page, MY_TICKETS).getAttribute('aria-expanded'), 'false', 'nothing has expanded My Tickets yet');
    }
    const rows = await myTickets();
    await steps.shot(page, 'first expansion');
    const ticket = takeTicket(rows);
    const refusals = watchCommandNotFound(page);
    try {
      const frame = await openFromTree(ticket).catch((error: Error) => {
        throw new Error(`${error.message}; the workbench said: ${refusals.seen.join(' | ') || 'nothing'}`);
      });
      await steps.shot(page, 'ticket open');
      assert.equal(await frame.locator('h1.ticket-subject').textContent(), ticket.subject);
      assert.deepEqual(refusals.seen, []);
    } finally {
      refusals.stop();
    }
  });

  describe('with the helpdesk added', function () {
    before(async function () {
      this.timeout(60_000);
      await ensureHelpdesk();
    });

    it('lists the first page of My Tickets; Load more… adds the next page', async function () {
      const { page, simulator } = session;
      await ensureHelpdesk();
      // From the first page, whatever earlier tests loaded.
      const mark = requestCount();
      await refreshAll(page);
      const first = await until('the first page, fetched after the refresh', async () => {
        const rows = await expandList(page, MY_TICKETS);
        return pageRequest(1, mark) ? rows : undefined;
      });
      await steps.shot(page, 'first page');

      // What the helpdesk answered to the extension's own request for each page.
      const answer = async (n: number): Promise<{ refs: string[]; total: number }> => {
        const request = pageRequest(n, mark);
        assert.ok(request, `the extension asked for page ${n}`);
        const response = await fetch(`${simulator.url}${request.path}${request.query}`, { headers: { Authorization: `key ${simulator.apiKey}` } });
        const body = (await response.json()) as { data: Array<{ ref: string }>; meta: { pagination: { total: number } } };
        return { refs: body.data.map((t) => t.ref), total: body.meta.pagination.total };
      };
      const page1 = await answer(1);
      assert.equal(page1.refs.length, PAGE_SIZE);
      assert.equal(first.length, PAGE_SIZE + 1, 'a page of tickets and "Load more…"');
      page1.refs.forEach((ref, i) => assert.ok(first[i]?.label.includes(ref), `row ${i + 1} shows ${ref}: ${first[i]?.label}`));
      assert.equal(first[PAGE_SIZE]?.label.trim(), 'Load more…');
      const firstCount = await rowStartingWith(page, MY_TICKETS).getAttribute('aria-label');
      assert.ok(firstCount?.includes(`${PAGE_SIZE} of ${page1.total}`), `My Tickets says how many it shows: ${firstCount}`);

      await rowStartingWith(page, 'Load more…').click();
      const both = await until('the second page under My Tickets', async () => {
        const children = childrenOf(await treeRows(page), MY_TICKETS) ?? [];
        return children.filter((row) => ticketOfRow(row)).length >= 2 * PAGE_SIZE ? children : undefined;
      });
      await steps.shot(page, 'second page');
      const page2 = await answer(2);
      [...page1.refs, ...page2.refs].forEach((ref, i) => assert.ok(both[i]?.label.includes(ref), `row ${i + 1} shows ${ref}: ${both[i]?.label}`));
      await until(`My Tickets to say "${2 * PAGE_SIZE} of ${page1.total}"`, async () =>
        (await rowStartingWith(page, MY_TICKETS).getAttribute('aria-label'))?.includes(`${2 * PAGE_SIZE} of ${page1.total}`),
      );
    });

    it('opens a ticket: the conversation renders in the webview and its attachments are listed', async function () {
      const { page, simulator } = session;
      const state = simulator.state;
      const ticket = takeTicket(await myTickets(), (t) => (state.ticketAttachments.get(t.id)?.length ?? 0) > 0);
      const frame = await openFromTree(ticket);
      await steps.shot(page, 'ticket open');

      assert.equal(await frame.locator('h1.ticket-subject').textContent(), ticket.subject);
      const messages = await panelMessages(frame);
      const stored = (state.ticketMessages.get(ticket.id) ?? []).map((id) => state.messages.get(id)!);
      assert.equal(messages.length, stored.length);
      assert.deepEqual(
        messages.map((m) => m.author),
        stored.map((m) => state.people.get(m.person)?.name),
      );
      const expectedFiles = (state.ticketAttachments.get(ticket.id) ?? []).map((id) => state.blobs.get(state.attachments.get(id)!.blob_id)!.filename);
      assert.deepEqual(messages.flatMap((m) => m.attachments).sort(), [...expectedFiles].sort());

      await frame.locator('.attachments').first().scrollIntoViewIfNeeded();
      await steps.shot(page, 'attachments');
    });

    it('sends a Markdown reply with an attached file: one message with the right HTML and file arrives', async function () {
      const { page, simulator } = session;
      const state = simulator.state;
      const ticket = takeTicket(await myTickets());
      const frame = await openFromTree(ticket);
      const before = state.ticketMessages.get(ticket.id)?.length ?? 0;

      // Attach through VS Code's own file dialog (in the browser: a path box over the workbench).
      await frame.getByRole('button', { name: 'Attach Files…' }).click();
      const pathBox = quickInput(page).locator('.quick-input-box input');
      await pathBox.waitFor({ state: 'visible' });
      // The dialog fills in the folder once it has listed it: what is typed before that is lost.
      await quickInput(page).locator('.monaco-list-row', { hasText: ATTACHMENT_NAME }).waitFor({ state: 'visible' });
      await steps.shot(page, 'file dialog');
      await pathBox.fill(session.attachmentPath);
      await until('the file dialog to keep the typed path', async () => (await pathBox.inputValue()) === session.attachmentPath);
      await page.keyboard.press('Enter');
      await frame.locator('.pending-attachments .attachment-name', { hasText: ATTACHMENT_NAME }).waitFor();

      const markdown = [
        `Hi ${state.people.get(ticket.person)?.first_name ?? 'there'},`,
        '',
        'Thanks for the report. **Fixed in 3.10.2**; to pick it up:',
        '',
        '1. Update the app',
        '2. Run `sync --full`',
        '',
        'The notes are attached.',
      ].join('\n');
      await frame.getByRole('textbox', { name: 'Reply' }).fill(markdown);
      await frame.getByRole('tab', { name: 'Preview' }).click();
      await frame.locator('.composer-preview strong', { hasText: 'Fixed in 3.10.2' }).waitFor();
      await steps.shot(page, 'reply preview');

      const mark = requestCount();
      await frame.getByRole('button', { name: 'Send Reply' }).click();
      await sentMessageShown(frame, before + 1);
      await steps.shot(page, 'reply sent');

      const posts = requestsSince(mark).filter((r) => r.method === 'POST');
      const messagePosts = posts.filter((r) => r.path === `/api/v2/tickets/${ticket.id}/messages`);
      assert.equal(messagePosts.length, 1, 'exactly one message was posted');
      assert.equal(messagePosts[0]!.status, 201);
      const body = messagePosts[0]!.body as { message: string; format: string; is_note: boolean; attachments: Array<{ blob_auth: string }> };
      assert.equal(body.message, markdownToHtml(markdown));
      assert.equal(body.format, 'html');
      assert.equal(body.is_note, false);
      assert.equal(posts.filter((r) => r.path === '/api/v2/blobs/temp').length, 1, 'one file uploaded');

      // The helpdesk holds the message with the file, byte for byte.
      const ids = state.ticketMessages.get(ticket.id) ?? [];
      assert.equal(ids.length, before + 1);
      const sent = state.messages.get(ids[ids.length - 1]!)!;
      assert.equal(sent.is_agent_note, 0);
      assert.equal(sent.attachments.length, 1);
      const blob = state.blobs.get(state.attachments.get(sent.attachments[0]!)!.blob_id)!;
      assert.equal(blob.blob_auth, body.attachments[0]?.blob_auth);
      assert.equal(blob.filename, ATTACHMENT_NAME);
      assert.equal(blob.data.toString('utf8'), ATTACHMENT_TEXT);

      // The panel shows it, and the box is empty for the next one.
      const last = (await panelMessages(frame)).at(-1)!;
      assert.equal(last.author, simulator.me.name);
      assert.match(last.text, /Fixed in 3\.10\.2/);
      assert.deepEqual(last.attachments, [ATTACHMENT_NAME]);
      assert.equal(last.internal, false);
      await frame.getByRole('tab', { name: 'Write' }).click();
      assert.equal(await frame.getByRole('textbox', { name: 'Reply' }).inputValue(), '');
      assert.equal(await frame.locator('.pending-attachments .attachment-name').count(), 0);
    });

    it('adds an internal note: marked as a note at the helpdesk and in the panel', async function () {
      const { page, simulator } = session;
      const state = simulator.state;
      const ticket = takeTicket(await myTickets());
      const statusBefore = ticket.status;
      const frame = await openFromTree(ticket);
      const before = state.ticketMessages.get(ticket.id)?.length ?? 0;

      await frame.getByRole('checkbox', { name: 'Internal note' }).check();
      await frame.getByRole('textbox', { name: 'Reply' }).fill('Customer is on the legacy plan; check *billing* before promising a refund.');
      await steps.shot(page, 'note written');
      const mark = requestCount();
      await frame.getByRole('button', { name: 'Add Internal Note' }).click();
      await sentMessageShown(frame, before + 1);
      await steps.shot(page, 'note added');

      const posts = requestsSince(mark).filter((r) => r.method === 'POST' && r.path === `/api/v2/tickets/${ticket.id}/messages`);
      assert.equal(posts.length, 1);
      assert.equal((posts[0]!.body as { is_note: unknown }).is_note, true);
      const ids = state.ticketMessages.get(ticket.id) ?? [];
      assert.equal(state.messages.get(ids[ids.length - 1]!)!.is_agent_note, 1);
      // A note is not a reply: the requester still waits on us.
      assert.equal(state.tickets.get(ticket.id)!.status, statusBefore);

      const last = (await panelMessages(frame)).at(-1)!;
      assert.equal(last.internal, true);
      assert.equal(last.internalLabel, true);
      assert.match(last.text, /legacy plan/);
    });

    it('changes the status from the panel: the helpdesk has it and the tree updates', async function () {
      const { page, simulator } = session;
      const state = simulator.state;
      const rows = await myTickets();
      const total = Number(/of (\d+)/.exec((await rowStartingWith(page, MY_TICKETS).getAttribute('aria-label')) ?? '')?.[1]);
      const ticket = takeTicket(rows);
      const frame = await openFromTree(ticket);

      const mark = requestCount();
      await frame.getByRole('combobox', { name: 'Status', exact: true }).selectOption({ label: 'Resolved' });
      await until('the helpdesk to have the new status', () => state.tickets.get(ticket.id)?.status === 'resolved');
      const puts = requestsSince(mark).filter((r) => r.method === 'PUT');
      assert.deepEqual(puts.map((r) => [r.path, r.body]), [[`/api/v2/tickets/${ticket.id}`, { status: 'resolved' }]]);
      await until('the panel to show Resolved', async () => (await frame.locator('.status-pill').first().textContent()) === 'Resolved');

      // "My Tickets" holds open tickets only: the resolved one leaves it.
      await until('the tree to drop the resolved ticket', async () => {
        const list = (await treeRows(page)).find((r) => r.label.startsWith(MY_TICKETS));
        const children = childrenOf(await treeRows(page), MY_TICKETS) ?? [];
        return list?.label.includes(`of ${total - 1}`) && children.length > 0 && !children.some((r) => r.label.includes(ticket.ref));
      });
      await steps.shot(page, 'status changed');
    });

    // Before the reload tests: after a hard reload of the page, VS Code for the Web in
    // headless Chromium sometimes never creates a new webview's content frame.
    it('opens a ticket full of script payloads with nothing executed', async function () {
      const { page, simulator } = session;
      const state = simulator.state;
      const ticket = state.tickets.get(HOSTILE_TICKET_ID)!;
      session.usedTickets.add(ticket.id);
      const hitsBefore = simulator.beaconHits;
      const dialogsBefore = session.dialogs.length;

      await openTicketByNumber(page, String(ticket.id), simulator.url);
      const frame = await ticketFrame(page, ticket.ref);
      const stored = (state.ticketMessages.get(ticket.id) ?? []).map((id) => state.messages.get(id)!);
      await conversationLoaded(frame, stored.length);
      await steps.shot(page, 'hostile ticket');

      // Everything is shown as text: the payloads are visible, none became markup.
      assert.equal(await frame.locator('h1.ticket-subject').textContent(), ticket.subject);
      const messages = await panelMessages(frame);
      const attacker = state.people.get(ticket.person)!;
      assert.ok(messages.some((m) => m.author === attacker.name), 'the author name is shown verbatim');
      const files = (state.ticketAttachments.get(ticket.id) ?? []).map((id) => state.blobs.get(state.attachments.get(id)!.blob_id)!.filename);
      assert.deepEqual(messages.flatMap((m) => m.attachments).sort(), [...files].sort());
      const live = await frame.evaluate(() => ({
        // The page's own scripts are VS Code's and the panel's (with its nonce); the panel's content has none.
        scripts: document.querySelectorAll('main script').length,
        handlers: document.querySelectorAll('[onerror],[onload],[onclick],[onmouseover]').length,
        embeds: document.querySelectorAll('.messages iframe, .messages object, .messages embed, .messages form, .messages meta, .messages style').length,
        scriptLinks: [...document.querySelectorAll('a[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
      }));
      assert.deepEqual(live, { scripts: 0, handlers: 0, embeds: 0, scriptLinks: 0 });

      // Give anything that would fire (onerror, onload, a refresh) the time to do it.
      await page.waitForTimeout(1500);
      assert.equal(simulator.beaconHits - hitsBefore, 0, 'the simulator beacon was never hit');
      assert.deepEqual(session.beaconRequests, [], 'the browser never requested the beacon');
      assert.deepEqual(session.dialogs.slice(dialogsBefore), [], 'no alert/confirm/prompt opened');
      assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no workbench dialog opened');
    });

    it('restores the panel with its draft after the browser page reloads', async function () {
      const { page } = session;
      const ticket = takeTicket(await myTickets());
      const frame = await openFromTree(ticket);
      const draft = 'Draft: checked the logs, the import stalls at row 4,812.\nWill follow up after the rerun.';
      await frame.getByRole('textbox', { name: 'Reply' }).fill(draft);
      // As a user would: a moment after typing, not in the same millisecond.
      await page.waitForTimeout(1000);
      await steps.shot(page, 'draft typed');

      // The workbench's own reload, which lets VS Code save its open editors first: a hard
      // browser reload within seconds of opening a panel can lose the editor layout in VS
      // Code for the Web itself (it saves it a few seconds later), which is not ours to test.
      const reloaded = page.waitForEvent('load', { timeout: 30_000 });
      await runCommand(page, 'Developer: Reload Window');
      await reloaded;
      await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
      const restored = await ticketFrame(page, ticket.ref, { timeoutMs: 60_000 });
      const value = await until('the draft in the restored panel', async () => {
        const text = await restored.getByRole('textbox', { name: 'Reply' }).inputValue({ timeout: 1000 });
        return text !== '' ? text : undefined;
      });
      await steps.shot(page, 'restored after reload');
      assert.equal(value, draft);
    });

    it('shows the helpdesk and its views again after the browser page reloads', async function () {
      const { page, simulator } = session;
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
      await showHelpdeskView(page);
      const root = rowStartingWith(page, host(simulator));
      await until('the root to connect again', async () => (await root.getAttribute('aria-label'))?.includes('Connected'));
      const notifications = () => page.locator('.notifications-toasts .notification-list-item-message').allTextContents();
      const views = await until('the views under the root', async () => {
        const children = childrenOf(await treeRows(page), host(simulator)) ?? [];
        return children.length >= 3 ? children.map((row) => row.label.trim()) : undefined;
      })
        .catch(async (error: Error) => {
          throw new Error(`${error.message}; notifications: ${(await notifications()).join(' | ') || 'none'}`);
        })
        .finally(() => steps.shot(page, 'after reload'));
      assert.deepEqual(views.slice(0, 3), ['My Tickets', 'Unassigned', 'All Open']);
      assert.deepEqual((await notifications()).filter((text) => /already registered/.test(text)), [], 'no tree errors');
    });

  });

  describe('with a wrong API key', function () {
    let rejecting: DeskproSimulator;

    before(async function () {
      rejecting = await startDeskproSimulator({ port: 0, ticketCount: 20 });
      registerSimulatorSecrets('DeskPRO rejecting', rejecting);
    });

    after(async function () {
      await rejecting?.close();
    });

    it('says the credentials were rejected, after one failed request and no retries', async function () {
      const { page } = session;
      const wrongKey = registerSecret('DeskPRO wrong API key', `${rejecting.apiKey.split(':')[0]}:WRONG7KEY7WRONG7KEY`);
      await addDeskproHelpdesk(page, { url: rejecting.url, secret: wrongKey, steps });

      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible' });
      assert.match((await dialog.textContent()) ?? '', /did not accept the credentials/);
      await steps.shot(page, 'connection refused');
      await dialog.getByRole('button', { name: 'Save Anyway' }).click();

      const root = rowStartingWith(page, host(rejecting));
      await until('the root to say the credentials were rejected', async () => (await root.getAttribute('aria-label'))?.includes('Credentials rejected'));
      // The user asks again; a rejected key must not be sent again (some helpdesks lock
      // the address after a few failures).
      await refreshAll(page);
      await page.waitForTimeout(2000);
      await steps.shot(page, 'credentials rejected');

      assert.match((await root.getAttribute('aria-label')) ?? '', /Credentials rejected/);
      assert.deepEqual(
        rejecting.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
        ['GET /api/v2/me 401'],
      );
      assert.ok(!extensionLog(session.server.userDataDir).includes(wrongKey), 'the refused key is not in the log');
    });
  });

  // Last, so the log holds everything the suite did. (Mocha runs a suite's own tests
  // before its nested suites, hence a suite of its own.)
  describe('after all of the above', function () {
    it('kept the API key out of the extension log', function () {
      const log = extensionLog(session.server.userDataDir);
      assert.match(log, /GET \/api\/v2\/me/, 'the log records requests');
      assert.ok(!log.includes(session.simulator.apiKey), 'the API key is not in the log');
      assert.ok(!log.includes(session.simulator.apiKey.split(':')[1]!), 'nor its secret part');
    });
  });
});
