// DiamanteDesk as a user meets it in the packaged extension: added through the real
// "Add Helpdesk…" quick inputs (address, user name, API key), its five lists browsed (ticket
// keys such as BRANCHB-3 as the reference), a ticket opened with its private comments marked
// internal, a private note sent with a file (base64 in JSON, on the comment's attachments
// endpoint), the status changed from the panel (one PATCH with only the status, never a PUT),
// a ticket created from selected code with its branch picked; then a wrong API key, which must
// cost exactly one request, and a helpdesk whose clock is 10 minutes behind, which must end in
// the clock message on the root after at most two requests per operation. The DiamanteDesk
// simulators run in this process; screenshots go to test-results/e2e/diamantedesk-*/.
//
//   npx mocha --config test/e2e/.mocharc.json --grep DiamanteDesk
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { markdownToHtml } from '../../src/helpdesk/render/markdown.js';
import { personOf } from '../../src/sandbox/diamantedesk/directory.js';
import { startDiamantedeskSimulator, type DiamantedeskRequestLogEntry, type DiamantedeskSimulator } from '../../src/sandbox/diamantedesk/server.js';
import { commentsOf, fullName, ticketKey, type TicketRecord } from '../../src/sandbox/diamantedesk/state.js';
import { extensionLog, saveFailure, slug, Steps } from './support/artifacts.mjs';
import { createTicketFromContextMenu, openWithQuickOpen, selectLines } from './support/editor.mjs';
import { ATTACHMENT_NAME, ATTACHMENT_TEXT, startSession, type Session } from './support/session.mjs';
import { registerSecret, registerSimulatorSecrets } from './support/secrets.mjs';
import {
  attachFileThroughDialog,
  childrenOf,
  collapseList,
  conversationLoaded,
  DEFAULT_WAIT_MS,
  expandList,
  finishAddLoginHelpdesk,
  openAddHelpdesk,
  panelMessages,
  refreshAll,
  resetWorkbench,
  rowContaining,
  rowHoverText,
  rowShowing,
  rowStartingWith,
  sentMessageShown,
  showHelpdeskView,
  ticketFrame,
  treeRows,
  until,
  type TreeRow,
} from './support/ui.mjs';

const TYPE = 'DiamanteDesk';
const VIEWS = ['My Tickets', 'Unassigned', 'Open', 'New', 'Pending'];
/** The tree shows "N of M" once the helpdesk's count is believed, "N+" or "N" before. */
const LIST_SUMMARY = /\s\d+(\+| of \d+)?$/;
/** A ticket row: `Subject BRANCHB-3 · Reporter · 2 hours ago`. */
const KEY_IN_ROW = /\s([A-Z]+-\d+) · /;
const DESK = '/api/rest/latest/desk';
const TEN_MINUTES_MS = 10 * 60_000;

const CODE_FILE = 'billing/invoice.py';
const CODE = [
  'from decimal import Decimal',
  '',
  'def invoice_total(lines):',
  '    # TODO: VAT is added twice for reverse-charge customers',
  '    net = sum(Decimal(line.amount) for line in lines)',
  '    return net + vat(net) + vat(net)',
  '',
].join('\n');

describe('DiamanteDesk in VS Code (packaged .vsix in code-server, driven in Chromium)', function () {
  let session: Session;
  let desk: DiamantedeskSimulator;
  let steps: Steps;
  let testNumber = 0;
  let failures = 0;
  /** Tickets a test has used, so each test works on one nobody changed. */
  const usedTickets = new Set<number>();

  before(async function () {
    this.timeout(300_000);
    desk = await startDiamantedeskSimulator({ port: 0 });
    registerSimulatorSecrets('DiamanteDesk desk', desk);
    session = await startSession();
    mkdirSync(join(session.workspace, 'billing'), { recursive: true });
    writeFileSync(join(session.workspace, CODE_FILE), CODE);
  });

  after(async function () {
    this.timeout(60_000);
    await session?.stop({ keepServerFiles: failures > 0 });
    await desk?.close();
  });

  beforeEach(function () {
    testNumber += 1;
    steps = new Steps(`diamantedesk-${String(testNumber).padStart(2, '0')}-${slug(this.currentTest?.title ?? 'test')}`);
  });

  afterEach(async function () {
    this.timeout(60_000);
    if (this.currentTest?.state === 'failed') {
      failures += 1;
      const saved = await saveFailure(steps.dir, session?.page, session?.server);
      console.log(`    failure evidence: ${saved.map((file) => file.slice(steps.dir.length + 1)).join(', ')} in ${steps.dir}`);
    }
    if (session) await resetWorkbench(session.page).catch((error: unknown) => console.log(`    (could not tidy the workbench after the test: ${String(error)})`));
  });

  // ---- helpers ----------------------------------------------------------------------------

  /** The root's accessible name starts with the host, then its health ("… Connected as …"). */
  const rootLabel = (simulator: DiamantedeskSimulator): string => `${new URL(simulator.url).host} `;
  const settingsText = (): string => readFileSync(join(session.server.userDataDir, 'User', 'settings.json'), 'utf8');
  const requestsSince = (simulator: DiamantedeskSimulator, mark: number): DiamantedeskRequestLogEntry[] => simulator.requests.slice(mark);
  const describeRequests = (requests: readonly DiamantedeskRequestLogEntry[]): string =>
    requests.map((r) => `${r.method} ${r.path}${r.query} ${r.status}${r.authFailure ? ` (${r.authFailure})` : ''}`).join(', ') || 'none';
  const refusals = (requests: readonly DiamantedeskRequestLogEntry[]): string[] =>
    requests.filter((r) => r.status === 0 || r.status >= 400 || !r.authorized).map((r) => `${r.method} ${r.path}${r.query} ${r.status} ${r.authFailure ?? ''}`.trim());

  function ticketByKey(key: string): TicketRecord | undefined {
    for (const ticket of desk.state.tickets.values()) if (ticketKey(desk.state, ticket) === key) return ticket;
    return undefined;
  }

  function ticketOfRow(row: TreeRow): TicketRecord | undefined {
    const key = KEY_IN_ROW.exec(row.label)?.[1];
    return key === undefined ? undefined : ticketByKey(key);
  }

  /** The first listed ticket no other test used that fits `wanted`. */
  function takeTicket(rows: readonly TreeRow[], wanted: (ticket: TicketRecord) => boolean = () => true): TicketRecord {
    for (const row of rows) {
      const ticket = ticketOfRow(row);
      if (ticket && !usedTickets.has(ticket.id) && wanted(ticket)) {
        usedTickets.add(ticket.id);
        return ticket;
      }
    }
    throw new Error(`no unused ticket fits among: ${rows.map((r) => r.label).join(' | ')}`);
  }

  /** What the panel counts: the description (or the ticket's own files), then every comment. */
  const messageCount = (ticket: TicketRecord): number =>
    (ticket.description.trim() !== '' || ticket.attachmentIds.length > 0 ? 1 : 0) + commentsOf(desk.state, ticket.id).length;
  const smallThread = (ticket: TicketRecord): boolean => messageCount(ticket) <= 15;
  const nameOf = (typedId: string): string => {
    const person = personOf(desk.state, typedId);
    return person ? fullName(person) : typedId;
  };
  const fileNames = (ids: readonly number[]): string[] => ids.map((id) => desk.state.attachments.get(id)?.filename ?? `#${id}`);

  /**
   * The helpdesk's views showing, My Tickets expanded on its first page. The first test adds
   * the helpdesk; a test run on its own (--grep) adds it here the same way.
   */
  async function myTickets(): Promise<TreeRow[]> {
    const { page } = session;
    await showHelpdeskView(page);
    if (!settingsText().includes(desk.url)) {
      await openAddHelpdesk(page);
      await finishAddLoginHelpdesk(page, { type: TYPE, url: desk.url, username: desk.username, password: desk.apiKey });
    }
    await until('the helpdesk to connect', async () => (await rowStartingWith(page, rootLabel(desk)).getAttribute('aria-label'))?.includes('Connected'));
    return expandList(page, 'My Tickets', { summary: LIST_SUMMARY });
  }

  async function openFromTree(ticket: TicketRecord): Promise<Frame> {
    const key = ticketKey(desk.state, ticket);
    await rowContaining(session.page, ` ${key} · `).click();
    const frame = await ticketFrame(session.page, key);
    await conversationLoaded(frame, messageCount(ticket));
    return frame;
  }

  // ---- the tests --------------------------------------------------------------------------

  it('adds a DiamanteDesk helpdesk through Add Helpdesk… (address, user name, API key); the root turns healthy with its five lists', async function () {
    const { page } = session;
    await showHelpdeskView(page);
    const mark = desk.requests.length;

    await openAddHelpdesk(page, { from: 'welcome' });
    await steps.shot(page, 'type picker');
    await finishAddLoginHelpdesk(page, { type: TYPE, url: desk.url, username: desk.username, password: desk.apiKey, steps });

    const root = rowStartingWith(page, rootLabel(desk));
    const connected = await until('the root to say it is connected', async () => {
      const label = (await root.getAttribute('aria-label')) ?? '';
      return label.startsWith(`${rootLabel(desk)}Connected as `) ? label : undefined;
    });
    assert.equal(connected, `${rootLabel(desk)}Connected as ${desk.me.name}`);
    const views = await until('the views under the root', async () => {
      const children = childrenOf(await treeRows(page), rootLabel(desk));
      return children && children.length >= VIEWS.length ? children.map((row) => row.label.trim()) : undefined;
    });
    await steps.shot(page, 'connected');
    assert.deepEqual(views.slice(0, VIEWS.length), VIEWS);

    // Every request carried WSSE for this agent with a nonce of its own, and was let in.
    const requests = requestsSince(desk, mark);
    assert.ok(requests.length > 0, 'the connection was tested');
    assert.deepEqual(refusals(requests), []);
    assert.ok(requests.every((r) => r.wsse?.username === desk.username), `every request signed as ${desk.username}`);
    const nonces = requests.map((r) => r.wsse?.nonce);
    assert.equal(new Set(nonces).size, nonces.length, 'no nonce was sent twice');
    // The address and user name are in the settings; the API key never is.
    const settings = settingsText();
    assert.ok(settings.includes(desk.url), 'helpdesk.instances holds the address');
    assert.ok(settings.includes('"diamantedesk"'), 'as a DiamanteDesk instance');
    assert.ok(!settings.includes(desk.apiKey), 'the API key stays out of settings.json');
    assert.ok(!extensionLog(session.server.userDataDir).includes(desk.apiKey), 'and out of the log');
  });

  it('lists My Tickets, Unassigned, Open, New and Pending as the helpdesk has them, each ticket shown by its key', async function () {
    const { page } = session;
    await myTickets();
    await collapseList(page, 'My Tickets');
    const shown: Record<string, TreeRow[]> = {};
    const wanted: Record<string, (ticket: TicketRecord) => boolean> = {
      'My Tickets': (t) => t.assigneeId === desk.me.id,
      Unassigned: (t) => t.assigneeId === null && t.status !== 'closed',
      Open: (t) => t.status === 'open',
      New: (t) => t.status === 'new',
      Pending: (t) => t.status === 'pending',
    };
    for (const view of VIEWS) {
      // One list open at a time: the tree only renders the rows on screen.
      const rows = await expandList(page, view, { summary: LIST_SUMMARY });
      await steps.shot(page, view);
      shown[view] = rows;
      await collapseList(page, view);
    }

    for (const view of VIEWS) {
      const rows = shown[view]!.filter((row) => row.label.trim() !== 'Load more…');
      assert.ok(rows.length > 0, `${view} lists tickets`);
      for (const row of rows) {
        const ticket = ticketOfRow(row);
        assert.ok(ticket, `${view}: the row shows a key the helpdesk has: ${row.label}`);
        assert.ok(row.label.startsWith(ticket.subject), `${view}: the row is titled by the subject: ${row.label}`);
        assert.ok(wanted[view]!(ticket), `${view}: ${ticketKey(desk.state, ticket)} belongs here (status ${ticket.status}, assignee ${ticket.assigneeId})`);
      }
    }
    // My Tickets, newest first, as the helpdesk orders them: the first page of my tickets.
    const mine = [...desk.state.tickets.values()].filter(wanted['My Tickets']!).sort((a, b) => b.id - a.id);
    const myRows = shown['My Tickets']!.filter((row) => row.label.trim() !== 'Load more…');
    assert.deepEqual(
      myRows.map((row) => KEY_IN_ROW.exec(row.label)?.[1]),
      mine.slice(0, myRows.length).map((t) => ticketKey(desk.state, t)),
    );
    // Keys from every branch appear somewhere (BRANCHA-…, BRANCHB-…, BRANCHC-…).
    const prefixes = new Set(Object.values(shown).flat().map((row) => KEY_IN_ROW.exec(row.label)?.[1]?.split('-')[0]).filter(Boolean));
    assert.ok(prefixes.size >= 2, `keys of several branches are shown: ${[...prefixes].join(', ')}`);
  });

  it('opens a ticket: description then comments oldest first, private comments marked internal, attachments listed', async function () {
    const { page } = session;
    const comments = (t: TicketRecord) => commentsOf(desk.state, t.id);
    const mixed = (t: TicketRecord) =>
      smallThread(t) &&
      comments(t).some((c) => c.private) &&
      comments(t).some((c) => !c.private) &&
      t.attachmentIds.length + comments(t).reduce((n, c) => n + c.attachmentIds.length, 0) > 0;
    const ticket = takeTicket(await myTickets(), mixed);
    const frame = await openFromTree(ticket);
    await steps.shot(page, 'ticket open');

    assert.equal(await frame.locator('h1.ticket-subject').textContent(), ticket.subject);
    assert.equal((await frame.locator('.ticket-ref').textContent())?.trim(), ticketKey(desk.state, ticket));
    const thread = comments(ticket).sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
    const expected = [
      ...(ticket.description.trim() !== '' || ticket.attachmentIds.length > 0
        ? [{ author: nameOf(ticket.reporter), internal: false, attachments: fileNames(ticket.attachmentIds) }]
        : []),
      ...thread.map((c) => ({ author: nameOf(c.author), internal: c.private, attachments: fileNames(c.attachmentIds) })),
    ];
    const messages = await panelMessages(frame);
    assert.deepEqual(
      messages.map((m) => ({ author: m.author, internal: m.internal, attachments: m.attachments })),
      expected,
    );
    // Each private comment carries the "Internal note" label, and only those.
    assert.deepEqual(messages.map((m) => m.internalLabel), expected.map((m) => m.internal));

    assert.ok(messages.some((m) => m.attachments.length > 0), 'a file is listed');

    await frame.locator('.message.internal').first().scrollIntoViewIfNeeded();
    await steps.shot(page, 'private comment');
    await frame.locator('.message .attachment-name').first().scrollIntoViewIfNeeded();
    await steps.shot(page, 'attachment listed');
  });

  it('sends a private note with a file: one comment with private: true, the file base64 on its attachments endpoint, byte for byte', async function () {
    const { page } = session;
    const ticket = takeTicket(await myTickets(), (t) => smallThread(t) && t.status !== 'closed');
    const statusBefore = ticket.status;
    const frame = await openFromTree(ticket);
    const commentsBefore = commentsOf(desk.state, ticket.id).length;
    const articlesBefore = await frame.locator('.messages > article.message').count();

    await attachFileThroughDialog(page, frame, session.attachmentPath);
    await frame.getByRole('checkbox', { name: 'Internal note' }).check();
    const markdown = 'Refund approved by **finance**; do not tell the customer before the credit note is issued.';
    await frame.getByRole('textbox', { name: 'Reply' }).fill(markdown);
    await steps.shot(page, 'private note written');
    const mark = desk.requests.length;
    await frame.getByRole('button', { name: 'Add Internal Note' }).click();
    await sentMessageShown(frame, articlesBefore + 1);
    await steps.shot(page, 'private note sent');

    // One comment, then one attachments request for it; nothing else written.
    const writes = requestsSince(desk, mark).filter((r) => r.method !== 'GET');
    const comment = commentsOf(desk.state, ticket.id).at(-1)!;
    assert.deepEqual(
      writes.map((r) => `${r.method} ${r.path} ${r.status}`),
      [`POST ${DESK}/comments 201`, `POST ${DESK}/comments/${comment.id}/attachments 201`],
    );
    assert.deepEqual(writes[0]!.json, {
      content: markdownToHtml(markdown),
      ticket: ticket.id,
      author: desk.me.typedId,
      ticketStatus: statusBefore,
      private: true,
    });
    assert.deepEqual(writes[1]!.json, {
      attachmentsInput: [{ filename: ATTACHMENT_NAME, content: Buffer.from(ATTACHMENT_TEXT).toString('base64') }],
    });

    // The helpdesk holds one new private comment by me, with the file as it is on disk.
    assert.equal(commentsOf(desk.state, ticket.id).length, commentsBefore + 1);
    assert.equal(comment.private, true);
    assert.equal(comment.author, desk.me.typedId);
    assert.equal(comment.content, markdownToHtml(markdown));
    const stored = comment.attachmentIds.map((id) => desk.state.attachments.get(id)!);
    assert.deepEqual(stored.map((a) => a.filename), [ATTACHMENT_NAME]);
    assert.ok(stored[0]!.data.equals(readFileSync(session.attachmentPath)), 'the stored file matches the one on disk byte for byte');
    assert.equal(desk.state.tickets.get(ticket.id)!.status, statusBefore, 'a note leaves the status as it was');

    // The panel shows it as an internal note with its file, and the composer is empty again.
    const last = (await panelMessages(frame)).at(-1)!;
    assert.match(last.text, /Refund approved by finance/);
    assert.equal(last.internal, true);
    assert.equal(last.internalLabel, true);
    assert.deepEqual(last.attachments, [ATTACHMENT_NAME]);
    assert.equal(await frame.getByRole('textbox', { name: 'Reply' }).inputValue(), '');
    assert.deepEqual(refusals(requestsSince(desk, mark)), []);
  });

  it('changes the status from the panel: one PATCH carrying only the status, and never a PUT', async function () {
    const { page } = session;
    const ticket = takeTicket(await myTickets(), (t) => smallThread(t) && t.status === 'open');
    const frame = await openFromTree(ticket);
    const before = { ...ticket, tags: [...ticket.tags] };

    const mark = desk.requests.length;
    await frame.getByRole('combobox', { name: 'Status', exact: true }).selectOption({ label: 'Pending' });
    await until('the helpdesk to have the ticket pending', () => desk.state.tickets.get(ticket.id)?.status === 'pending');
    await until('the panel to show Pending', async () => (await frame.locator('.status-pill').first().textContent()) === 'Pending');
    await steps.shot(page, 'status changed');

    const writes = requestsSince(desk, mark).filter((r) => r.method !== 'GET');
    assert.equal(writes.length, 1, `one write: ${describeRequests(writes)}`);
    const patch = writes[0]!;
    assert.equal(patch.method, 'PATCH');
    assert.ok([`${DESK}/tickets/${ticket.id}`, `${DESK}/tickets/${ticketKey(desk.state, ticket)}`].includes(patch.path), patch.path);
    assert.equal(patch.status, 200);
    assert.deepEqual(patch.json, { status: 'pending' });
    assert.deepEqual(desk.requests.filter((r) => r.method === 'PUT').map((r) => r.path), [], 'no PUT, ever');
    // Nothing else about the ticket changed.
    const after = desk.state.tickets.get(ticket.id)!;
    for (const field of ['subject', 'description', 'priority', 'source', 'reporter', 'assigneeId', 'branchId'] as const) {
      assert.deepEqual(after[field], before[field], `${field} is as it was`);
    }
    assert.deepEqual(refusals(requestsSince(desk, mark)), []);
  });

  it('creates a ticket from selected code with its branch picked: the helpdesk has it with that branch, me as reporter and the snippet', async function () {
    this.timeout(180_000);
    const { page } = session;
    await myTickets();
    const billing = [...desk.state.branches.values()].find((branch) => branch.name === 'Billing')!;
    const ticketsBefore = desk.state.tickets.size;

    const line = await openWithQuickOpen(page, 'invoice.py', 'def invoice_total');
    await selectLines(page, line, 3, 4);
    await steps.shot(page, 'lines 3-6 selected');
    const form = await createTicketFromContextMenu(page, line, { baseUrl: desk.url, steps });

    const subject = form.locator('#field-subject');
    assert.equal(await subject.inputValue(), 'VAT is added twice for reverse-charge customers');
    assert.equal((await form.locator('label[for="field-department"]').textContent())?.trim(), 'Branch *');
    const branch = form.locator('#field-department');
    await until('the branches in the form', async () => (await branch.locator('option').count()) > 1);
    const branchNames = (await branch.locator('option').allTextContents()).map((name) => name.trim());
    assert.deepEqual(branchNames, ['(choose)', ...[...desk.state.branches.values()].map((b) => b.name)]);
    await steps.shot(page, 'the form, filled from the selection');

    // Without a branch the form asks for one and sends nothing.
    const mark = desk.requests.length;
    await form.getByRole('button', { name: 'Create Ticket' }).click();
    await form.locator('#field-department[aria-invalid="true"]').waitFor({ timeout: DEFAULT_WAIT_MS });
    await steps.shot(page, 'a branch is required');
    assert.deepEqual(requestsSince(desk, mark).filter((r) => r.method === 'POST').map((r) => r.path), []);

    await branch.selectOption({ label: 'Billing' });
    await form.getByRole('button', { name: 'Create Ticket' }).click();
    const post = await until('POST /tickets answered', () =>
      requestsSince(desk, mark).find((r) => r.method === 'POST' && r.path === `${DESK}/tickets` && r.status !== 0),
    );
    assert.equal(post.status, 201, describeRequests(requestsSince(desk, mark)));
    const sent = post.json as Record<string, unknown>;
    assert.equal(sent.branch, billing.id);
    assert.equal(sent.reporter, desk.me.typedId);
    assert.equal(sent.subject, 'VAT is added twice for reverse-charge customers');
    assert.equal(sent.status, 'new');
    assert.equal(sent.source, 'web');
    assert.match(String(sent.description), /def invoice_total\(lines\):/);
    assert.equal(requestsSince(desk, mark).filter((r) => r.method === 'POST' && r.path === `${DESK}/tickets`).length, 1);

    assert.equal(desk.state.tickets.size, ticketsBefore + 1);
    const created = [...desk.state.tickets.values()].at(-1)!;
    const key = ticketKey(desk.state, created);
    assert.match(key, /^BRANCHB-\d+$/);
    assert.equal(created.branchId, billing.id);
    assert.equal(created.reporter, desk.me.typedId);
    // The selected lines, each as written (the helpdesk keeps the description's text and line breaks).
    // The snippet goes out as a paragraph with <br> between lines and &nbsp; for indentation
    // (the server's strip_tags keeps no <pre>), so each line arrives whole, ending its line.
    const shown = created.description.replace(/&nbsp;/g, ' ');
    for (const line of CODE.split('\n').slice(2, 6)) assert.ok(shown.includes(`${line}<br>`) || shown.includes(`${line}</p>`), `the description holds "${line}"`);
    assert.ok(!created.description.includes('from decimal import Decimal'), 'lines outside the selection are not');

    // The ticket opens in its panel under its key, and a notification offers it.
    const panel = await ticketFrame(page, key, { timeoutMs: 3 * DEFAULT_WAIT_MS });
    assert.equal((await panel.locator('.ticket-subject').textContent())?.trim(), created.subject);
    const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: `Created ticket ${key}` });
    await toast.waitFor({ state: 'visible', timeout: DEFAULT_WAIT_MS });
    await steps.shot(page, 'created: the ticket panel and the notification');
    assert.deepEqual(refusals(requestsSince(desk, mark)), []);
  });

  describe('with a wrong API key', function () {
    let rejecting: DiamantedeskSimulator;

    before(async function () {
      rejecting = await startDiamantedeskSimulator({ port: 0, ticketCount: 20 });
      registerSimulatorSecrets('DiamanteDesk rejecting', rejecting);
    });

    after(async function () {
      await rejecting?.close();
    });

    it('says the credentials were rejected after exactly one request, and sends nothing more on Refresh All', async function () {
      const { page } = session;
      const wrongKey = registerSecret('DiamanteDesk wrong API key', `${rejecting.apiKey.slice(0, -4)}0000`);
      await openAddHelpdesk(page);
      await finishAddLoginHelpdesk(page, { type: TYPE, url: rejecting.url, username: rejecting.username, password: wrongKey, steps });

      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible', timeout: DEFAULT_WAIT_MS });
      const refusal = (await dialog.textContent()) ?? '';
      await steps.shot(page, 'connection refused');
      assert.match(refusal, /Could not connect/);
      assert.match(refusal, /API key/, `the dialog says which secret to check: ${refusal}`);
      await dialog.getByRole('button', { name: 'Save Anyway' }).click();

      const root = rowStartingWith(page, rootLabel(rejecting));
      await until('the root to say the credentials were rejected', async () => (await root.getAttribute('aria-label'))?.includes('Credentials rejected'));
      await rowShowing(page, 'Credentials rejected — Set Credentials…').waitFor({ state: 'visible' });

      // The user asks again; the refused key must not be sent again.
      await refreshAll(page);
      await root.locator('.monaco-tl-twistie').click();
      await until('the root to collapse', async () => (await root.getAttribute('aria-expanded')) === 'false');
      await root.locator('.monaco-tl-twistie').click();
      await until('the root to expand', async () => (await root.getAttribute('aria-expanded')) === 'true');
      await page.waitForTimeout(2000);
      await steps.shot(page, 'root says the credentials were rejected');

      assert.match((await root.getAttribute('aria-label')) ?? '', /Credentials rejected/);
      assert.equal(rejecting.requests.length, 1, `exactly one request: ${describeRequests(rejecting.requests)}`);
      const [only] = rejecting.requests;
      assert.equal(only!.status, 401);
      assert.equal(only!.authFailure, 'WSSE authentication failed.');
      const log = extensionLog(session.server.userDataDir);
      assert.ok(!log.includes(wrongKey), 'the refused key is not in the log');
      assert.ok(!settingsText().includes(wrongKey), 'nor in settings.json');
    });
  });

  describe('with the helpdesk’s clock 10 minutes behind this computer’s', function () {
    let skewed: DiamantedeskSimulator;

    before(async function () {
      skewed = await startDiamantedeskSimulator({ port: 0, ticketCount: 20, clockSkewMs: -TEN_MINUTES_MS });
      registerSimulatorSecrets('DiamanteDesk skewed', skewed);
    });

    after(async function () {
      await skewed?.close();
    });

    it('says on the root that the clock is 10 minutes off, after at most two requests per try, and connects once the clocks agree', async function () {
      const { page } = session;
      // The connection test of Add Helpdesk…
      await openAddHelpdesk(page);
      await finishAddLoginHelpdesk(page, { type: TYPE, url: skewed.url, username: skewed.username, password: skewed.apiKey, steps });
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible', timeout: DEFAULT_WAIT_MS });
      const refusal = (await dialog.textContent()) ?? '';
      await steps.shot(page, 'connection test refused for the clock');
      assert.match(refusal, /Your clock is 10 minutes off the helpdesk's/);
      const afterTest = skewed.requests.length;
      assert.ok(afterTest >= 1 && afterTest <= 2, `the connection test sent one or two requests: ${describeRequests(skewed.requests)}`);
      await dialog.getByRole('button', { name: 'Save Anyway' }).click();

      // … then the tree's own check.
      const root = rowStartingWith(page, rootLabel(skewed));
      await until('the root to say the clock is off', async () => (await root.getAttribute('aria-label'))?.includes('Clock off'));
      const fix = rowShowing(page, "Your clock is 10 minutes off the helpdesk's (ahead) — Retry");
      await fix.waitFor({ state: 'visible', timeout: DEFAULT_WAIT_MS });
      await page.waitForTimeout(1500);
      const explanation = await rowHoverText(page, root);
      await steps.shot(page, 'root says the clock is off');
      assert.match(explanation, /Your clock is 10 minutes off the helpdesk's \(ahead\)/);
      assert.match(explanation, /automatic date and time/);
      const afterCheck = skewed.requests.length;
      assert.ok(afterCheck - afterTest >= 1 && afterCheck - afterTest <= 2, `the tree's check sent one or two requests: ${describeRequests(skewed.requests.slice(afterTest))}`);
      // Refused for the clock, not the key: each 401 was a token from the helpdesk's future.
      assert.deepEqual([...new Set(skewed.requests.map((r) => `${r.status} ${r.authFailure}`))], ['401 Future token detected.']);
      assert.doesNotMatch((await root.getAttribute('aria-label')) ?? '', /Credentials rejected/);

      // Retry with the clock still off: one more try, one or two requests, the same message.
      await fix.click();
      await until('the retry to be refused again', () => skewed.requests.length > afterCheck);
      await fix.waitFor({ state: 'visible', timeout: DEFAULT_WAIT_MS });
      await page.waitForTimeout(1500);
      const afterRetry = skewed.requests.length;
      assert.ok(afterRetry - afterCheck <= 2, `a retry sent at most two requests: ${describeRequests(skewed.requests.slice(afterCheck))}`);

      // The helpdesk's clock is put right: Retry connects.
      skewed.clockSkewMs = 0;
      await fix.click();
      await until('the root to connect', async () => (await root.getAttribute('aria-label')) === `${rootLabel(skewed)}Connected as ${skewed.me.name}`);
      await steps.shot(page, 'connected once the clocks agree');
    });
  });
});
