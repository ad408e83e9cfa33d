// DeskDirector as a user meets it in the packaged extension: added through the real
// "Add Helpdesk…" quick inputs (address, how you sign in, the secret), browsed (one request
// per list; later pages from memory), a ticket opened (description, notes with the internal
// ones marked, time entries, attachments by name), the status changed from the panel (one
// PATCH with only that field, never a PUT), a ticket created through the create form's
// dynamic fields (request type, its required fields, a field of a type the form has no
// control for as a text box); then the reply box both ways with a TECH personal access
// token (a note reaches the simulator while the instance offers a notes route; the reason
// and Open in Browser once it does not), and an access token that expires (the root says so
// after one request). The DeskDirector simulators run in this process; screenshots go to
// test-results/e2e/deskdirector-*/.
//
//   npx mocha --config test/e2e/.mocharc.json --grep DeskDirector
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { NO_NOTES_ROUTE, NOTES_NEED_TECH_TOKEN } from '../../src/providers/deskdirector/capabilities.js';
import { TOKEN_EXPIRED_MESSAGE } from '../../src/providers/deskdirector/guard.js';
import { startDeskdirectorSimulator, type DeskdirectorRequestLogEntry, type DeskdirectorSimulator } from '../../src/sandbox/deskdirector/server.js';
import { notesOf, type TicketRecord } from '../../src/sandbox/deskdirector/state.js';
import { extensionLog, saveFailure, slug, Steps } from './support/artifacts.mjs';
import { createTicketFromContextMenu, openWithQuickOpen, selectLines } from './support/editor.mjs';
import { ATTACHMENT_NAME, ATTACHMENT_TEXT, PAGE_SIZE, startSession, type Session } from './support/session.mjs';
import { registerSecret, registerSimulatorSecrets } from './support/secrets.mjs';
import {
  attachFileThroughDialog,
  childrenOf,
  conversationLoaded,
  DEFAULT_WAIT_MS,
  expandList,
  finishAddMethodHelpdesk,
  openAddHelpdesk,
  panelMessages,
  quickInput,
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

const TYPE = 'DeskDirector';
const VIEWS = ['My Tickets', 'Unassigned', 'All Open'];
const METHODS = ['API key', 'TECH personal access token', 'Access token (temporary)'];
const LIST_SUMMARY = /\s\d+(\+| of \d+)?$/;
const COPILOT = '/api/v2/copilot';
const CONNECTOR = '/api/v2/automate/connector';
const TECH = '/api/v2/tech';
const SWAGGER = '/swagger/v2/swagger.json';
const HOUR_MS = 60 * 60_000;

const CODE_FILE = 'onboarding/accounts.ps1';
const CODE = [
  '# Creates the accounts HR asked for',
  '',
  'function New-StarterAccount($Name) {',
  '    # TODO: the mailbox is created before the licence is assigned',
  '    New-Mailbox -Name $Name',
  '    Set-MsolUserLicense -UserPrincipalName $Name',
  '}',
  '',
].join('\n');

describe('DeskDirector in VS Code (packaged .vsix in code-server, driven in Chromium)', function () {
  let session: Session;
  let desk: DeskdirectorSimulator;
  let steps: Steps;
  let testNumber = 0;
  let failures = 0;
  /** Every simulator of the suite: none of them may ever receive a PUT. */
  const simulators: DeskdirectorSimulator[] = [];
  const usedTickets = new Set<number>();

  before(async function () {
    this.timeout(300_000);
    desk = await startDeskdirectorSimulator({ port: 0 });
    registerSimulatorSecrets('DeskDirector desk', desk);
    simulators.push(desk);
    session = await startSession();
    mkdirSync(join(session.workspace, 'onboarding'), { recursive: true });
    writeFileSync(join(session.workspace, CODE_FILE), CODE);
  });

  after(async function () {
    this.timeout(60_000);
    await session?.stop({ keepServerFiles: failures > 0 });
    for (const simulator of simulators) await simulator.close().catch(() => undefined);
  });

  beforeEach(function () {
    testNumber += 1;
    steps = new Steps(`deskdirector-${String(testNumber).padStart(2, '0')}-${slug(this.currentTest?.title ?? 'test')}`);
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

  const rootLabel = (simulator: DeskdirectorSimulator): string => `${new URL(simulator.url).host} `;
  const settingsText = (): string => readFileSync(join(session.server.userDataDir, 'User', 'settings.json'), 'utf8');
  const requestsSince = (simulator: DeskdirectorSimulator, mark: number): DeskdirectorRequestLogEntry[] => simulator.requests.slice(mark);
  const describeRequests = (requests: readonly DeskdirectorRequestLogEntry[]): string =>
    requests.map((r) => `${r.method} ${r.path}${r.query} ${r.status}`).join(', ') || 'none';
  const refusals = (requests: readonly DeskdirectorRequestLogEntry[]): string[] =>
    requests.filter((r) => r.status === 0 || r.status >= 400 || !r.authorized).map((r) => `${r.method} ${r.path}${r.query} ${r.status}`);
  const putCounts = (): number[] => simulators.map((simulator) => simulator.state.putCount);

  function ticketOfRow(simulator: DeskdirectorSimulator, row: TreeRow): TicketRecord | undefined {
    const id = /\s#(\d+) · /.exec(row.label)?.[1];
    return id === undefined ? undefined : simulator.state.tickets.get(Number(id));
  }

  function takeTicket(simulator: DeskdirectorSimulator, rows: readonly TreeRow[], wanted: (ticket: TicketRecord) => boolean = () => true): TicketRecord {
    for (const row of rows) {
      const ticket = ticketOfRow(simulator, row);
      if (ticket && !usedTickets.has(ticket.id) && wanted(ticket)) {
        usedTickets.add(ticket.id);
        return ticket;
      }
    }
    throw new Error(`no unused ticket fits among: ${rows.map((r) => r.label).join(' | ')}`);
  }

  const messageCount = (simulator: DeskdirectorSimulator, ticket: TicketRecord): number =>
    (ticket.description.trim() !== '' ? 1 : 0) + notesOf(simulator.state, ticket.id).length;

  /** Adds `simulator` through Add Helpdesk… with `method` unless settings.json already has it; waits for the root to connect. */
  async function ensureAdded(simulator: DeskdirectorSimulator, method: string, secret: string): Promise<void> {
    const { page } = session;
    await showHelpdeskView(page);
    if (!settingsText().includes(simulator.url)) {
      await openAddHelpdesk(page);
      await finishAddMethodHelpdesk(page, { type: TYPE, url: simulator.url, method, secret });
    }
    await until('the helpdesk to connect', async () => (await rowStartingWith(page, rootLabel(simulator)).getAttribute('aria-label'))?.includes('Connected'));
  }

  /** The API-key helpdesk's views showing, My Tickets expanded on its first page. */
  async function myTickets(): Promise<TreeRow[]> {
    await ensureAdded(desk, 'API key', desk.apiKey);
    return expandList(session.page, 'My Tickets', { summary: LIST_SUMMARY });
  }

  async function openFromTree(simulator: DeskdirectorSimulator, ticket: TicketRecord): Promise<Frame> {
    await rowContaining(session.page, ` #${ticket.id} · `).click();
    const frame = await ticketFrame(session.page, `#${ticket.id}`);
    await conversationLoaded(frame, messageCount(simulator, ticket));
    return frame;
  }

  /** Collapses every other helpdesk's root, so the lists on screen are `simulator`'s. */
  async function onlyRootOpen(simulator: DeskdirectorSimulator): Promise<void> {
    for (const other of simulators) {
      if (other === simulator) continue;
      const row = rowStartingWith(session.page, rootLabel(other));
      if ((await row.count()) > 0 && (await row.getAttribute('aria-expanded')) === 'true') {
        await row.locator('.monaco-tl-twistie').click();
        await until('the other root to collapse', async () => (await row.getAttribute('aria-expanded')) === 'false');
      }
    }
  }

  /** The panel's reply area: the box, or the sentence saying why there is none. */
  async function replyArea(frame: Frame): Promise<{ box: boolean; reason: string | undefined; openInBrowser: boolean }> {
    // No named functions inside evaluate(): the test runner's transform would wrap them in a helper the page lacks.
    const [box, textarea, banner, reason, button] = await frame.evaluate(() =>
      ['.composer-box', 'textarea.composer-input', '.reply-unavailable', '.reply-unavailable .banner-text', '.reply-unavailable button'].map((selector) => {
        const element = document.querySelector(selector);
        return element instanceof HTMLElement && element.offsetParent !== null ? (element.textContent ?? '') : null;
      }),
    );
    return {
      box: box !== null && textarea !== null,
      reason: banner !== null ? (reason ?? '') : undefined,
      openInBrowser: banner !== null && (button ?? '').includes('Open in Browser'),
    };
  }

  // ---- the tests --------------------------------------------------------------------------

  it('adds a DeskDirector helpdesk through Add Helpdesk… (address, how you sign in, API key); the root turns healthy with its lists', async function () {
    const { page } = session;
    await showHelpdeskView(page);
    const mark = desk.requests.length;

    await openAddHelpdesk(page, { from: 'welcome' });
    const offered = await finishAddMethodHelpdesk(page, { type: TYPE, url: desk.url, method: 'API key', secret: desk.apiKey, steps });
    assert.deepEqual(offered, METHODS, 'the three ways to sign in, API key first');

    const root = rowStartingWith(page, rootLabel(desk));
    // The person the helpdesk knows the key by (the agent its "my" tickets are assigned to), not the kind of key.
    await until('the root to say it is connected', async () => (await root.getAttribute('aria-label')) === `${rootLabel(desk)}Connected as ${desk.me.name}`);
    const views = await until('the views under the root', async () => {
      const children = childrenOf(await treeRows(page), rootLabel(desk));
      return children && children.length >= VIEWS.length ? children.map((row) => row.label.trim()) : undefined;
    });
    await steps.shot(page, 'connected');
    assert.deepEqual(views.slice(0, VIEWS.length), VIEWS);

    // Every request went with the API key (DdApi) and was let in; the OpenAPI document was read once.
    const requests = requestsSince(desk, mark);
    assert.deepEqual(refusals(requests), []);
    assert.deepEqual([...new Set(requests.filter((r) => r.path.startsWith('/api/')).map((r) => r.scheme))], ['DdApi']);
    // Add Helpdesk's connection test, then the tree's own: the OpenAPI document is read once for both.
    const tests = requests.filter((r) => r.path === `${CONNECTOR}/connections/test`).length;
    assert.ok(tests >= 1 && tests <= 2, describeRequests(requests));
    assert.equal(requests.filter((r) => r.path === SWAGGER).length, 1, `one read of the OpenAPI document per Add Helpdesk: ${describeRequests(requests)}`);
    const settings = settingsText();
    assert.ok(settings.includes(desk.url), 'helpdesk.instances holds the address');
    assert.match(settings, /"authMethod":\s*"apiKey"/);
    assert.ok(!settings.includes(desk.apiKey), 'the API key stays out of settings.json');
    assert.ok(!extensionLog(session.server.userDataDir).includes(desk.apiKey), 'and out of the log');
  });

  it('lists My Tickets from one request as the helpdesk answered it; Load more… shows the next page from memory', async function () {
    const { page } = session;
    await myTickets();
    const mark = desk.requests.length;
    await refreshAll(page);
    const rows = await until('My Tickets fetched after the refresh', async () => {
      const shown = await myTickets();
      return requestsSince(desk, mark).some((r) => r.path === `${COPILOT}/tickets` && r.status === 200) ? shown : undefined;
    });
    await steps.shot(page, 'first page');
    const lists = requestsSince(desk, mark).filter((r) => r.path === `${COPILOT}/tickets`);
    assert.equal(lists.length, 1, describeRequests(lists));
    const query = new URLSearchParams(lists[0]!.query);
    assert.equal(query.get('assigned'), 'me');
    assert.equal(query.get('status'), 'open');

    // What the helpdesk answers for that request, asked again: the same tickets in the same order.
    const answer = (await (await fetch(`${desk.url}${lists[0]!.path}${lists[0]!.query}`, { headers: { Authorization: `DdApi ${desk.apiKey}` } })).json()) as {
      results: Array<{ id: number; summary: string }>;
    };
    assert.ok(answer.results.length > PAGE_SIZE, 'the helpdesk has more than a page of my tickets');
    assert.equal(rows.length, PAGE_SIZE + 1, 'a page of tickets and "Load more…"');
    answer.results.slice(0, PAGE_SIZE).forEach((ticket, i) => {
      assert.ok(rows[i]?.label.startsWith(ticket.summary.trim()), `row ${i + 1} is "${ticket.summary}": ${rows[i]?.label}`);
      assert.ok(rows[i]?.label.includes(` #${ticket.id} · `), `row ${i + 1} shows #${ticket.id}: ${rows[i]?.label}`);
    });
    assert.equal(rows[PAGE_SIZE]?.label.trim(), 'Load more…');
    assert.equal((await rowStartingWith(page, 'My Tickets').getAttribute('aria-label'))?.trim(), `My Tickets ${PAGE_SIZE} of ${answer.results.length}`);

    // The next page comes from the answer already there: no second request.
    const beforeMore = desk.requests.length;
    await rowStartingWith(page, 'Load more…').click();
    const more = await until('the second page', async () => {
      const children = childrenOf(await treeRows(page), 'My Tickets') ?? [];
      return children.filter((r) => r.label.includes(' · ')).length >= Math.min(2 * PAGE_SIZE, answer.results.length) ? children : undefined;
    });
    await steps.shot(page, 'second page');
    answer.results.slice(PAGE_SIZE, 2 * PAGE_SIZE).forEach((ticket, i) => {
      assert.ok(more[PAGE_SIZE + i]?.label.includes(` #${ticket.id} · `), `row ${PAGE_SIZE + i + 1} shows #${ticket.id}: ${more[PAGE_SIZE + i]?.label}`);
    });
    assert.deepEqual(requestsSince(desk, beforeMore).filter((r) => r.path === `${COPILOT}/tickets`).map((r) => r.query), [], 'no request for the second page');
    await refreshAll(page);
  });

  it('opens a ticket: the description, then the notes with internal ones marked, time entries shown, attachments listed by name', async function () {
    const { page } = session;
    const state = desk.state;
    const rich = (t: TicketRecord) => {
      const notes = notesOf(state, t.id);
      return notes.some((n) => n.isInternal) && notes.some((n) => n.timeEntry) && notes.some((n) => n.attachmentIds.length > 0) && t.description.trim() !== '';
    };
    const ticket = takeTicket(desk, await myTickets(), rich);
    const frame = await openFromTree(desk, ticket);
    await steps.shot(page, 'ticket open');

    assert.equal(await frame.locator('h1.ticket-subject').textContent(), ticket.summary.trim());
    const notes = notesOf(state, ticket.id).sort((a, b) => a.createdOn - b.createdOn || a.id - b.id);
    const person = (actor: { type: string; id: number }): string =>
      (actor.type === 'agent' ? state.agents.get(actor.id)?.name : state.contacts.get(actor.id)?.name) ?? 'Unknown user';
    const contact = ticket.contactId === null ? undefined : state.contacts.get(ticket.contactId);
    const expected = [
      { author: contact?.name ?? 'Requester', internal: false, attachments: [] as string[] },
      ...notes.map((n) => ({ author: person(n.author), internal: n.isInternal, attachments: n.attachmentIds.map((id) => state.files.get(id)!.name) })),
    ];
    const messages = await panelMessages(frame);
    assert.deepEqual(messages.map((m) => ({ author: m.author, internal: m.internal, attachments: m.attachments })), expected);
    assert.deepEqual(messages.map((m) => m.internalLabel), expected.map((m) => m.internal));
    // A time entry says its hours above the note's text.
    notes.forEach((note, i) => {
      if (!note.timeEntry) return;
      const hours = `${Math.round(note.timeEntry.actualHours * 100) / 100} h worked`;
      assert.match(messages[i + 1]!.text, new RegExp(`Time entry: ${hours.replace('.', '\\.')}`), `note ${note.id} shows its time entry`);
    });
    // With an API key nothing downloads here: the files are listed by name, as static chips.
    const chips = frame.locator('.messages .attachment-chip');
    assert.ok((await chips.count()) > 0);
    assert.equal(await frame.locator('.messages .attachment-chip:not(.static)').count(), 0, 'no attachment offers a download');

    await frame.locator('.message .internal-label').first().scrollIntoViewIfNeeded();
    await steps.shot(page, 'internal note');
    await frame.locator('.message', { hasText: 'Time entry:' }).first().scrollIntoViewIfNeeded();
    await steps.shot(page, 'time entry');
    await frame.locator('.messages .attachment-chip').first().scrollIntoViewIfNeeded();
    await steps.shot(page, 'attachments by name');

    // This instance takes notes only through its TECH API, which an API key cannot use: the panel says so.
    await frame.locator('.composer').scrollIntoViewIfNeeded();
    await steps.shot(page, 'reply area with an API key');
    assert.deepEqual(await replyArea(frame), { box: false, reason: NOTES_NEED_TECH_TOKEN, openInBrowser: true });
  });

  it('changes the status from the panel: one PATCH carrying only the status, and no PUT', async function () {
    const { page } = session;
    const state = desk.state;
    const scheduled = state.statuses.find((s) => s.name === 'Scheduled')!;
    const ticket = takeTicket(desk, await myTickets(), (t) => t.boardId === scheduled.boardId && t.statusId !== scheduled.id);
    const before = { ...ticket, assignedAgentIds: [...ticket.assignedAgentIds], tags: [...ticket.tags] };
    const frame = await openFromTree(desk, ticket);

    const mark = desk.requests.length;
    await frame.getByRole('combobox', { name: 'Status', exact: true }).selectOption({ label: 'Scheduled' });
    await until('the helpdesk to have the ticket scheduled', () => state.tickets.get(ticket.id)?.statusId === scheduled.id);
    await until('the panel to show Scheduled', async () => (await frame.locator('.status-pill').first().textContent()) === 'Scheduled');
    await steps.shot(page, 'status changed');

    const writes = requestsSince(desk, mark).filter((r) => r.method !== 'GET');
    assert.deepEqual(writes.map((r) => `${r.method} ${r.path} ${r.status}`), [`PATCH ${CONNECTOR}/tickets/${ticket.id} 200`]);
    assert.deepEqual(writes[0]!.body, { statusId: scheduled.id });
    const after = state.tickets.get(ticket.id)!;
    for (const field of ['summary', 'description', 'priorityId', 'boardId', 'contactId', 'assignedAgentIds', 'tags', 'requestTypeId', 'customFields'] as const) {
      assert.deepEqual(after[field], before[field], `${field} is as it was`);
    }
    assert.deepEqual(putCounts(), simulators.map(() => 0), 'no PUT reached the helpdesk');
    assert.deepEqual(refusals(requestsSince(desk, mark)), []);
  });

  it('creates a ticket through the create form’s dynamic fields: a request type, its required fields, a field of an unknown type as a text box', async function () {
    this.timeout(180_000);
    const { page } = session;
    const state = desk.state;
    await myTickets();
    const onboarding = state.requestTypes.find((type) => type.name === 'New user onboarding')!;
    const contact = [...state.contacts.values()][0]!;

    const line = await openWithQuickOpen(page, 'accounts.ps1', 'function New-StarterAccount');
    await selectLines(page, line, 3, 5);
    const form = await createTicketFromContextMenu(page, line, { baseUrl: desk.url, steps });

    // The request types, then the chosen one's own fields.
    const kind = form.locator('#field-kind');
    await until('the request types', async () => (await kind.locator('option').count()) > 1);
    // The instance's request types, and the portal's catch-all "Something Else".
    assert.deepEqual((await kind.locator('option').allTextContents()).map((name) => name.trim()), [...state.requestTypes.map((type) => type.name), 'Something Else']);
    await kind.selectOption({ label: onboarding.name });
    const field = (name: string) => form.locator(`[data-vendor-field="${name}"]`);
    await field('employeeName').waitFor({ timeout: DEFAULT_WAIT_MS });
    await steps.shot(page, 'the onboarding form');
    const controls = await form.locator('[data-vendor-field]').evaluateAll((elements) =>
      elements.map((element) => ({
        name: (element as HTMLElement).dataset.vendorField,
        tag: element.tagName.toLowerCase(),
        type: element.getAttribute('type'),
        required: element.getAttribute('aria-required') === 'true',
      })),
    );
    const byName = new Map(controls.map((control) => [control.name, control]));
    assert.deepEqual(byName.get('contactId'), { name: 'contactId', tag: 'input', type: 'number', required: true });
    assert.deepEqual(byName.get('employeeName'), { name: 'employeeName', tag: 'input', type: 'text', required: true });
    assert.deepEqual(byName.get('department'), { name: 'department', tag: 'select', type: null, required: true });
    assert.deepEqual(byName.get('needsLaptop'), { name: 'needsLaptop', tag: 'input', type: 'checkbox', required: true });
    assert.deepEqual(byName.get('monitorCount'), { name: 'monitorCount', tag: 'input', type: 'number', required: false });
    // A list of email addresses: no control of its own, so a plain text box.
    assert.deepEqual(byName.get('distributionLists'), { name: 'distributionLists', tag: 'input', type: 'text', required: false });
    // The schema's choices, each sent as the schema spells it.
    assert.deepEqual(await field('department').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)), [
      '',
      ...onboarding.fields.find((f) => f.name === 'department')!.enum!,
    ]);
    assert.equal((await form.locator('label[for="vendor-distributionLists"]').textContent())?.trim(), 'Distribution lists');

    // The required fields left empty: the form says which, and nothing is sent.
    const mark = desk.requests.length;
    await form.getByRole('button', { name: 'Create Ticket' }).click();
    await form.locator('[data-vendor-field="employeeName"][aria-invalid="true"]').waitFor({ timeout: DEFAULT_WAIT_MS });
    await steps.shot(page, 'required fields missing');
    const invalid = await form.locator('[data-vendor-field][aria-invalid="true"]').evaluateAll((elements) => elements.map((e) => (e as HTMLElement).dataset.vendorField));
    assert.deepEqual(invalid.sort(), ['contactId', 'department', 'employeeName', 'startDate'].sort());
    assert.deepEqual(requestsSince(desk, mark).filter((r) => r.method === 'POST').map((r) => r.path), []);

    await field('contactId').fill(String(contact.id));
    await field('employeeName').fill('Priya Raman');
    await field('startDate').fill('2026-12-01');
    await field('department').selectOption('IT');
    await field('needsLaptop').check();
    await field('monitorCount').fill('2');
    await field('distributionLists').fill('it-all@msp.example, new-starters@msp.example');
    await steps.shot(page, 'the form filled in');
    await form.getByRole('button', { name: 'Create Ticket' }).click();

    const post = await until('POST /tickets answered', () =>
      requestsSince(desk, mark).find((r) => r.method === 'POST' && r.path === `${CONNECTOR}/tickets` && r.status !== 0),
    );
    assert.equal(post.status, 200, `${describeRequests(requestsSince(desk, mark))}: ${JSON.stringify(post.body)}`);
    assert.equal(new URLSearchParams(post.query).get('requestTypeId'), String(onboarding.id));
    const sent = post.body as Record<string, unknown>;
    assert.equal(sent.summary, 'the mailbox is created before the licence is assigned');
    assert.match(String(sent.description), /New-Mailbox -Name \$Name/);
    assert.equal(sent.contactId, contact.id);
    assert.equal(sent.employeeName, 'Priya Raman');
    assert.equal(sent.department, 'IT');
    assert.equal(sent.needsLaptop, true);
    assert.equal(sent.monitorCount, 2);
    assert.deepEqual(sent.distributionLists, ['it-all@msp.example', 'new-starters@msp.example']);
    assert.match(String(sent.startDate), /^2026-12-01/);

    const created = [...state.tickets.values()].at(-1)!;
    assert.equal(created.requestTypeId, onboarding.id);
    assert.equal(created.boardId, onboarding.boardId);
    assert.equal(created.contactId, contact.id);
    assert.deepEqual(created.customFields, {
      employeeName: 'Priya Raman',
      startDate: sent.startDate,
      department: 'IT',
      needsLaptop: true,
      monitorCount: 2,
      distributionLists: ['it-all@msp.example', 'new-starters@msp.example'],
    });
    for (const line of CODE.split('\n').slice(2, 7)) assert.ok(created.description.includes(line.trim()), `the description holds "${line.trim()}"`);

    const panel = await ticketFrame(page, `#${created.id}`, { timeoutMs: 3 * DEFAULT_WAIT_MS });
    assert.equal((await panel.locator('.ticket-subject').textContent())?.trim(), created.summary);
    await page.locator('.notifications-toasts .notification-list-item', { hasText: `Created ticket #${created.id}` }).waitFor({ state: 'visible', timeout: DEFAULT_WAIT_MS });
    await steps.shot(page, 'created: the ticket panel and the notification');
    assert.deepEqual(putCounts(), simulators.map(() => 0), 'no PUT reached the helpdesk');
    assert.deepEqual(refusals(requestsSince(desk, mark)), []);
  });

  describe('with a TECH personal access token', function () {
    let tech: DeskdirectorSimulator;

    before(async function () {
      tech = await startDeskdirectorSimulator({ port: 0, ticketCount: 60 });
      registerSimulatorSecrets('DeskDirector tech', tech);
      simulators.push(tech);
    });

    /** The TECH helpdesk's My Tickets, the other roots collapsed so only its lists are on screen. */
    async function techTickets(): Promise<TreeRow[]> {
      await ensureAdded(tech, 'TECH personal access token', tech.techToken);
      await onlyRootOpen(tech);
      return expandList(session.page, 'My Tickets', { summary: LIST_SUMMARY });
    }

    it('adds it with a TECH token; while the instance offers its notes route, an internal note with a file reaches the helpdesk', async function () {
      const { page } = session;
      await showHelpdeskView(page);
      await onlyRootOpen(tech);
      const mark = tech.requests.length;
      await openAddHelpdesk(page);
      await finishAddMethodHelpdesk(page, { type: TYPE, url: tech.url, method: 'TECH personal access token', secret: tech.techToken, steps });
      const root = rowStartingWith(page, rootLabel(tech));
      await until('the root to say it is connected', async () => (await root.getAttribute('aria-label'))?.startsWith(`${rootLabel(tech)}Connected as `));
      assert.match(settingsText(), /"authMethod":\s*"techToken"/);
      assert.deepEqual([...new Set(requestsSince(tech, mark).filter((r) => r.path.startsWith('/api/')).map((r) => r.scheme))], ['Basic']);

      const ticket = takeTicket(tech, await techTickets(), (t) => notesOf(tech.state, t.id).length <= 8 && t.description.trim() !== '');
      const frame = await openFromTree(tech, ticket);
      assert.deepEqual(await replyArea(frame), { box: true, reason: undefined, openInBrowser: false });
      const articlesBefore = await frame.locator('.messages > article.message').count();

      await attachFileThroughDialog(page, frame, session.attachmentPath);
      await frame.getByRole('checkbox', { name: 'Internal note' }).check();
      const markdown = 'Licence pool is empty; ordered **5 more** seats, ETA tomorrow.';
      await frame.getByRole('textbox', { name: 'Reply' }).fill(markdown);
      await steps.shot(page, 'note written');
      const writesFrom = tech.requests.length;
      await frame.getByRole('button', { name: 'Add Internal Note' }).click();
      await sentMessageShown(frame, articlesBefore + 1);
      await steps.shot(page, 'note added');

      // The file first (TECH files), then the note naming it.
      const writes = requestsSince(tech, writesFrom).filter((r) => r.method !== 'GET');
      assert.deepEqual(writes.map((r) => `${r.method} ${r.path} ${r.status}`), [`POST ${TECH}/files 200`, `POST ${TECH}/tickets/${ticket.id}/comments 200`]);
      assert.deepEqual(writes[0]!.body, { file: { name: ATTACHMENT_NAME, size: Buffer.byteLength(ATTACHMENT_TEXT), contentType: (writes[0]!.body as { file: { contentType: string } }).file.contentType } });
      const note = notesOf(tech.state, ticket.id).at(-1)!;
      assert.deepEqual(writes[1]!.body, { note: markdown, isInternal: true, attachmentIds: note.attachmentIds });
      assert.equal(note.note, markdown);
      assert.equal(note.isInternal, true);
      assert.deepEqual(note.author, { type: 'agent', id: tech.me.id });
      const files = note.attachmentIds.map((id) => tech.state.files.get(id)!);
      assert.deepEqual(files.map((file) => file.name), [ATTACHMENT_NAME]);
      assert.ok(files[0]!.data.equals(readFileSync(session.attachmentPath)), 'the stored file matches the one on disk byte for byte');

      const last = (await panelMessages(frame)).at(-1)!;
      assert.match(last.text, /ordered 5 more seats/);
      assert.equal(last.internal, true);
      assert.equal(last.internalLabel, true);
      assert.equal(await frame.getByRole('textbox', { name: 'Reply' }).inputValue(), '');
      // Read back from the helpdesk, the note carries its file.
      await frame.getByRole('button', { name: 'Refresh', exact: true }).click();
      const reread = await until('the note read back from the helpdesk', async () => {
        const latest = (await panelMessages(frame)).at(-1);
        return latest && latest.attachments.length > 0 ? latest : undefined;
      });
      await conversationLoaded(frame, messageCount(tech, ticket));
      await frame.locator('.messages > article.message').last().scrollIntoViewIfNeeded().catch(() => undefined);
      await steps.shot(page, 'the note read back, with its file');
      assert.equal(reread.internal, true);
      assert.deepEqual(reread.attachments, [ATTACHMENT_NAME]);
      assert.deepEqual(refusals(requestsSince(tech, mark)), []);
      assert.deepEqual(putCounts(), simulators.map(() => 0), 'no PUT reached the helpdesk');
    });

    it('once the instance stops offering its notes route (and a Refresh), the panel has no reply box but the reason and Open in Browser', async function () {
      const { page } = session;
      const rows = await techTickets();
      const ticket = takeTicket(tech, rows, (t) => notesOf(tech.state, t.id).length <= 8);
      const frame = await openFromTree(tech, ticket);
      assert.equal((await replyArea(frame)).box, true, 'the reply box is there while the route is offered');

      tech.notesRoute = false;
      const mark = tech.requests.length;
      await refreshAll(page);
      await until('the OpenAPI document read again', () => requestsSince(tech, mark).some((r) => r.path === SWAGGER && r.status === 200));
      await until('the root to connect again', async () => (await rowStartingWith(page, rootLabel(tech)).getAttribute('aria-label'))?.includes('Connected'));
      await frame.getByRole('button', { name: 'Refresh', exact: true }).click();
      await until('the reply box to give way to the reason', async () => (await replyArea(frame)).reason !== undefined);
      await frame.locator('.reply-unavailable').scrollIntoViewIfNeeded();
      await steps.shot(page, 'no notes route: the reason and Open in Browser');
      assert.deepEqual(await replyArea(frame), { box: false, reason: NO_NOTES_ROUTE, openInBrowser: true });

      // A ticket opened now shows the same.
      await resetWorkbench(page);
      const other = takeTicket(tech, await techTickets(), (t) => notesOf(tech.state, t.id).length <= 8);
      const second = await openFromTree(tech, other);
      assert.deepEqual(await replyArea(second), { box: false, reason: NO_NOTES_ROUTE, openInBrowser: true });
      assert.deepEqual(requestsSince(tech, mark).filter((r) => r.path.startsWith(TECH)).map((r) => r.path), [], 'nothing was sent to the TECH note routes');
      tech.notesRoute = true;
    });
  });

  describe('with an access token that expires', function () {
    let expiring: DeskdirectorSimulator;
    /** How far the simulator's clock has been moved ahead of real time. */
    let ahead = 0;

    before(async function () {
      expiring = await startDeskdirectorSimulator({ port: 0, ticketCount: 20, now: () => Date.now() + ahead });
      registerSimulatorSecrets('DeskDirector expiring', expiring);
      simulators.push(expiring);
    });

    it('says "Token expired — paste a new one or use an API key" on the root after one request, and sends nothing more', async function () {
      const { page } = session;
      const token = registerSecret('DeskDirector expiring access token', expiring.issueAccessToken());
      await openAddHelpdesk(page);
      await finishAddMethodHelpdesk(page, { type: TYPE, url: expiring.url, method: 'Access token (temporary)', secret: token, steps });
      const root = rowStartingWith(page, rootLabel(expiring));
      await until('the root to say it is connected', async () => (await root.getAttribute('aria-label'))?.startsWith(`${rootLabel(expiring)}Connected as `));
      await steps.shot(page, 'connected with an access token');
      assert.match(settingsText(), /"authMethod":\s*"accessToken"/);

      // An hour and a bit later on the helpdesk's clock (this computer's still thinks the token is good).
      ahead = HOUR_MS + 60_000;
      const mark = expiring.requests.length;
      await refreshAll(page);
      // Its own state, not "Credentials rejected": the key was fine, it ran out.
      await until('the root to say the token expired', async () => (await root.getAttribute('aria-label')) === `${rootLabel(expiring)}Token expired`);
      const fix = rowShowing(page, TOKEN_EXPIRED_MESSAGE);
      await fix.waitFor({ state: 'visible', timeout: DEFAULT_WAIT_MS });
      // Asked again: nothing more may go out with the dead token.
      await refreshAll(page);
      await page.waitForTimeout(2000);
      const explanation = await rowHoverText(page, root);
      await steps.shot(page, 'root says the token expired');
      assert.ok(explanation.includes(TOKEN_EXPIRED_MESSAGE), `the root explains: ${explanation}`);
      assert.ok(((await fix.getAttribute('aria-label')) ?? '').includes(TOKEN_EXPIRED_MESSAGE), 'so does its fix-it row');
      const sent = requestsSince(expiring, mark);
      assert.equal(sent.length, 1, `one request: ${describeRequests(sent)}`);
      assert.equal(sent[0]!.status, 401);
      assert.equal(sent[0]!.scheme, 'DdAccessToken');
      assert.ok(!extensionLog(session.server.userDataDir).includes(token), 'the token is not in the log');
      assert.ok(!settingsText().includes(token), 'nor in settings.json');

      // Set Credentials asks for an access token again (the instance's kind of secret).
      await fix.click();
      await until('the Set Credentials box', async () => /^Set Credentials/.test((await quickInput(page).locator('.quick-input-title').textContent({ timeout: 1000 })) ?? ''));
      const box = quickInput(page).locator('.quick-input-box input');
      assert.equal(await box.getAttribute('type'), 'password');
      await steps.shot(page, 'set credentials asks for an access token');
      await box.pressSequentially(registerSecret('DeskDirector expiring new access token', expiring.issueAccessToken()), { delay: 1 });
      await page.keyboard.press('Enter');
      await until('the root to connect with the new token', async () => (await root.getAttribute('aria-label'))?.startsWith(`${rootLabel(expiring)}Connected as `));
    });
  });

  describe('across the suite', function () {
    it('sent no PUT to any DeskDirector simulator', function () {
      assert.ok(simulators.length > 0);
      assert.deepEqual(putCounts(), simulators.map(() => 0));
    });
  });
});

