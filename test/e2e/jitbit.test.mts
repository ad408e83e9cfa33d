// Jitbit Helpdesk (Destek Sitesi) as a user meets it in the packaged extension: added with a
// user name and password through the real "Add Helpdesk…" quick inputs, browsed, a ticket
// opened, a reply sent with a file, a ticket closed from its panel; another added with an API
// token (user name left empty); then a wrong password, which must cost exactly one failed
// login (Jitbit locks the address for five minutes after three) until new credentials are
// entered. The Jitbit simulators run in this process; code-server, the browser and the
// screenshots (test-results/e2e/jitbit-*/) are the same as the DeskPRO suite's.
//
//   npx mocha --config test/e2e/.mocharc.json --grep Jitbit
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleMessage, Frame, Page } from 'playwright-core';
import { markdownToHtml } from '../../src/helpdesk/render/markdown.js';
import { startJitbitSimulator, type JitbitRequestLogEntry, type JitbitSimulator } from '../../src/sandbox/jitbit/index.js';
import { STATUS_CLOSED, type TicketRecord } from '../../src/sandbox/jitbit/state.js';
import { extensionLog, saveFailure, slug, Steps } from './support/artifacts.mjs';
import { ATTACHMENT_NAME, ATTACHMENT_TEXT, PAGE_SIZE, startSession, type Session } from './support/session.mjs';
import { registerSecret, registerSimulatorSecrets } from './support/secrets.mjs';
import {
  childrenOf,
  conversationLoaded,
  enterLoginCredentials,
  expandList,
  finishAddLoginHelpdesk,
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
  typesMatching,
  until,
  type TreeRow,
} from './support/ui.mjs';

const MY_TICKETS = 'My Tickets';
/** Jitbit reports no totals: a full page reads "10+". */
const MORE_THAN_A_PAGE = new RegExp(`\\b${PAGE_SIZE}\\+`);
/** The address every request of the run comes from: the lock counts per IP. */
const CLIENT_IP = '127.0.0.1';

describe('Jitbit Helpdesk in VS Code (packaged .vsix in code-server, driven in Chromium)', function () {
  let session: Session;
  let jitbit: JitbitSimulator;
  let steps: Steps;
  let testNumber = 0;
  let failures = 0;
  /** Tickets a test has used, so each test works on one nobody changed. */
  const usedTickets = new Set<number>();

  before(async function () {
    this.timeout(300_000);
    jitbit = await startJitbitSimulator({ port: 0 });
    registerSimulatorSecrets('Jitbit jitbit', jitbit);
    session = await startSession();
  });

  after(async function () {
    this.timeout(60_000);
    await session?.stop({ keepServerFiles: failures > 0 });
    await jitbit?.close();
  });

  beforeEach(function () {
    testNumber += 1;
    steps = new Steps(`jitbit-${String(testNumber).padStart(2, '0')}-${slug(this.currentTest?.title ?? 'test')}`);
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
  const rootLabel = (simulator: JitbitSimulator): string => `${new URL(simulator.url).host} `;
  const settingsText = (): string => readFileSync(join(session.server.userDataDir, 'User', 'settings.json'), 'utf8');
  const apiPath = (method: string): string => `${new URL(jitbit.url).pathname}/api/${method}`;
  const requestsSince = (mark: number): JitbitRequestLogEntry[] => jitbit.requests.slice(mark);
  const refusals = (requests: readonly JitbitRequestLogEntry[]): string[] =>
    requests.filter((r) => r.status === 0 || r.status >= 400 || !r.authorized || r.json !== undefined).map((r) => `${r.method} ${r.path}${r.query} ${r.status}`);

  function ticketOfRow(row: TreeRow): TicketRecord | undefined {
    const id = /#(\d+) ·/.exec(row.label)?.[1];
    return id === undefined ? undefined : jitbit.state.tickets.get(Number(id));
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

  const commentsOf = (ticket: TicketRecord) => (jitbit.state.ticketComments.get(ticket.id) ?? []).map((id) => jitbit.state.comments.get(id)!);
  /** What the panel counts: the ticket's own body (when it has one), then every comment. */
  const messageCount = (ticket: TicketRecord): number => (ticket.body.trim() !== '' ? 1 : 0) + commentsOf(ticket).length;
  /** Small threads only: the 300-comment one is for benchmarks. */
  const smallThread = (ticket: TicketRecord): boolean => messageCount(ticket) <= 20;

  /**
   * The helpdesk's views showing, My Tickets expanded on its first page. The first test adds
   * the helpdesk; a test run on its own (--grep) adds it here the same way.
   */
  async function myTickets(): Promise<TreeRow[]> {
    const { page } = session;
    await showHelpdeskView(page);
    if (!settingsText().includes(jitbit.url)) {
      await openAddHelpdesk(page);
      await finishAddLoginHelpdesk(page, { type: 'Jitbit Helpdesk', url: jitbit.url, username: jitbit.username, password: jitbit.password });
    }
    await until('the helpdesk to connect', async () => (await rowStartingWith(page, rootLabel(jitbit)).getAttribute('aria-label'))?.includes('Connected'));
    return expandList(page, MY_TICKETS, { summary: /\s\d+\+?$/ });
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
    await rowContaining(session.page, `#${ticket.id} ·`).click();
    const frame = await ticketFrame(session.page, `#${ticket.id}`);
    await conversationLoaded(frame, messageCount(ticket));
    return frame;
  }

  // ---- the tests --------------------------------------------------------------------------

  it('adds a Jitbit helpdesk with a user name and password; "Jitbit" and "Destek" both find it; the root turns healthy with its views', async function () {
    const { page } = session;
    await showHelpdeskView(page);
    const mark = jitbit.requests.length;

    await openAddHelpdesk(page, { from: 'welcome' });
    const destek = await typesMatching(page, 'Destek');
    await steps.shot(page, 'type picker filtered by Destek');
    const byJitbit = await typesMatching(page, 'Jitbit');
    await steps.shot(page, 'type picker filtered by Jitbit');
    assert.ok(destek.some((label) => label.startsWith('Destek Sitesi')), `"Destek" finds Destek Sitesi: ${JSON.stringify(destek)}`);
    assert.ok(byJitbit.some((label) => label.startsWith('Jitbit Helpdesk')), `"Jitbit" finds Jitbit Helpdesk: ${JSON.stringify(byJitbit)}`);
    assert.ok(![...destek, ...byJitbit].some((label) => /deskpro/i.test(label)), 'DeskPRO is filtered out');

    await finishAddLoginHelpdesk(page, { type: 'Jitbit Helpdesk', url: jitbit.url, username: jitbit.username, password: jitbit.password, steps });

    const root = rowStartingWith(page, rootLabel(jitbit));
    await until('the root to say it is connected', async () => (await root.getAttribute('aria-label')) === `${rootLabel(jitbit)}Connected as ${jitbit.me.name}`);
    const views = await until('the views under the root', async () => {
      const children = childrenOf(await treeRows(page), rootLabel(jitbit));
      return children && children.length >= 3 ? children.map((row) => row.label.trim()) : undefined;
    });
    await steps.shot(page, 'connected');
    assert.deepEqual(views.slice(0, 3), ['My Tickets', 'Unanswered', 'All Open']);

    // The connection test signed in with Basic auth and was let in; nothing was refused.
    const requests = requestsSince(mark);
    assert.ok(requests.some((r) => r.path.toLowerCase() === apiPath('Authorization').toLowerCase() && r.status === 200), 'the connection test asked /api/Authorization');
    assert.deepEqual(refusals(requests), []);
    assert.equal(jitbit.state.failedLogins(CLIENT_IP), 0);
    // The address and user name may be in the settings; the password never is.
    const settings = settingsText();
    assert.ok(settings.includes(jitbit.url), 'helpdesk.instances holds the address');
    assert.ok(!settings.includes(jitbit.password), 'the password stays out of settings.json');
  });

  it('opens a ticket from the first expansion of My Tickets after Add Helpdesk, with no refresh in between', async function () {
    // Regression: those rows used to carry commands VS Code had already dropped, so every
    // click said "Actual command not found" until Refresh All.
    const { page } = session;
    if (settingsText().includes(jitbit.url)) {
      // Added by the first test, and nothing has expanded My Tickets since.
      assert.equal(await rowStartingWith(page, MY_TICKETS).getAttribute('aria-expanded'), 'false');
    }
    const rows = await myTickets();
    await steps.shot(page, 'first expansion');
    const ticket = takeTicket(rows, smallThread);
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

  it('lists the first page of My Tickets as the helpdesk answered it', async function () {
    const { page } = session;
    await myTickets();
    // From the first page, fetched now, whatever earlier tests loaded.
    const mark = jitbit.requests.length;
    await refreshAll(page);
    const rows = await until('the first page, fetched after the refresh', async () => {
      const shown = await myTickets();
      return requestsSince(mark).some((r) => r.path === apiPath('Tickets') && r.status === 200) ? shown : undefined;
    });
    await steps.shot(page, 'first page');

    // The extension's own request, asked again: the same tickets in the same order.
    const request = requestsSince(mark).find((r) => r.path === apiPath('Tickets') && r.status === 200)!;
    const query = new URLSearchParams(request.query);
    assert.equal(query.get('mode'), 'handledbyme');
    assert.equal(query.get('count'), String(PAGE_SIZE));
    const basic = `Basic ${Buffer.from(`${jitbit.username}:${jitbit.password}`).toString('base64')}`;
    const answer = (await (await fetch(`${jitbit.state.origin}${request.path}${request.query}`, { headers: { Authorization: basic } })).json()) as Array<{ IssueID: number; Subject: string }>;
    assert.equal(answer.length, PAGE_SIZE);
    assert.equal(rows.length, PAGE_SIZE + 1, 'a page of tickets and "Load more…"');
    answer.forEach((ticket, i) => {
      assert.ok(rows[i]?.label.startsWith(ticket.Subject), `row ${i + 1} is "${ticket.Subject}": ${rows[i]?.label}`);
      assert.ok(rows[i]?.label.includes(`#${ticket.IssueID} ·`), `row ${i + 1} shows #${ticket.IssueID}: ${rows[i]?.label}`);
    });
    assert.equal(rows[PAGE_SIZE]?.label.trim(), 'Load more…');
    const summary = await rowStartingWith(page, MY_TICKETS).getAttribute('aria-label');
    assert.match(summary ?? '', MORE_THAN_A_PAGE, `My Tickets says there is more than a page: ${summary}`);
    assert.deepEqual(refusals(requestsSince(mark)), []);
  });

  it('opens a ticket: the conversation renders and a technicians-only comment is marked internal', async function () {
    const { page } = session;
    const hasTechNote = (t: TicketRecord) => smallThread(t) && commentsOf(t).some((c) => c.forTechsOnly && !c.isSystem);
    const ticket = takeTicket(await myTickets(), hasTechNote);
    const frame = await openFromTree(ticket);
    await steps.shot(page, 'ticket open');

    assert.equal(await frame.locator('h1.ticket-subject').textContent(), ticket.subject);
    // Messages (system lines aside), oldest first: the ticket's body, then the comments.
    const people = jitbit.state.users;
    const name = (id: number): string => `${people.get(id)!.firstName} ${people.get(id)!.lastName}`.trim();
    const comments = commentsOf(ticket).filter((c) => !c.isSystem);
    const expected = [
      ...(ticket.body.trim() !== '' ? [{ author: name(ticket.userId), internal: false }] : []),
      ...comments.map((c) => ({ author: name(c.userId), internal: c.forTechsOnly })),
    ];
    const shown = await panelMessages(frame);
    assert.deepEqual(
      shown.map((m) => ({ author: m.author, internal: m.internal })),
      expected,
    );
    // Each technicians-only comment carries the "Internal note" label, and only those.
    assert.deepEqual(
      shown.map((m) => m.internalLabel),
      expected.map((m) => m.internal),
    );
    const files = (jitbit.state.ticketFiles.get(ticket.id) ?? []).map((id) => jitbit.state.files.get(id)!.fileName);
    assert.deepEqual(shown.flatMap((m) => m.attachments).sort(), [...files].sort());

    await frame.locator('.message.internal').first().scrollIntoViewIfNeeded();
    await steps.shot(page, 'internal comment');
  });

  it('sends a reply with an attached file: one comment with the body and the file, byte for byte', async function () {
    const { page } = session;
    const ticket = takeTicket(await myTickets(), smallThread);
    const frame = await openFromTree(ticket);
    const commentsBefore = commentsOf(ticket).length;
    const articlesBefore = await frame.locator('.messages > article.message').count();

    await frame.getByRole('button', { name: 'Attach Files…' }).click();
    const pathBox = quickInput(page).locator('.quick-input-box input');
    await pathBox.waitFor({ state: 'visible' });
    // The dialog fills in the folder once it has listed it: what is typed before that is lost.
    await quickInput(page).locator('.monaco-list-row', { hasText: ATTACHMENT_NAME }).waitFor({ state: 'visible' });
    await pathBox.fill(session.attachmentPath);
    await until('the file dialog to keep the typed path', async () => (await pathBox.inputValue()) === session.attachmentPath);
    await page.keyboard.press('Enter');
    await frame.locator('.pending-attachments .attachment-name', { hasText: ATTACHMENT_NAME }).waitFor();

    const markdown = ['Thanks, this is **fixed in 3.10.2**.', '', '- Update the app', '- Run `sync --full`', '', 'The release notes are attached.'].join('\n');
    await frame.getByRole('textbox', { name: 'Reply' }).fill(markdown);
    await steps.shot(page, 'reply written');
    const mark = jitbit.requests.length;
    await frame.getByRole('button', { name: 'Send Reply' }).click();
    await sentMessageShown(frame, articlesBefore + 1);
    await steps.shot(page, 'reply sent');

    // Exactly one POST /api/comment: form fields as Jitbit documents them, the file in an uploadFile part.
    const posts = requestsSince(mark).filter((r) => r.method === 'POST');
    assert.deepEqual(posts.map((r) => `${r.path} ${r.status}`), [`${apiPath('comment')} 200`]);
    const post = posts[0]!;
    // multipart/form-data turns every line break in a field into CRLF (as browsers do): the same HTML.
    const lf = (text: string | string[] | undefined): string | string[] | undefined => (typeof text === 'string' ? text.replace(/\r\n/g, '\n') : text);
    assert.deepEqual(Object.fromEntries(Object.entries(post.fields ?? {}).map(([name, value]) => [name, lf(value)])), {
      id: String(ticket.id),
      body: markdownToHtml(markdown),
      forTechsOnly: 'false',
    });
    assert.equal(post.json, undefined, 'no JSON body');
    assert.deepEqual(
      post.files?.map((f) => [f.field, f.filename, f.size]),
      [['uploadFile', ATTACHMENT_NAME, Buffer.byteLength(ATTACHMENT_TEXT)]],
    );

    // The helpdesk holds one new public comment by me, with the file as it is on disk.
    const comments = commentsOf(ticket);
    assert.equal(comments.length, commentsBefore + 1);
    const sent = comments.at(-1)!;
    assert.equal(sent.userId, jitbit.me.id);
    assert.equal(sent.forTechsOnly, false);
    assert.equal(lf(sent.body), markdownToHtml(markdown));
    const stored = [...jitbit.state.files.values()].filter((file) => file.commentId === sent.id);
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.fileName, ATTACHMENT_NAME);
    assert.ok(stored[0]!.data.equals(readFileSync(session.attachmentPath)), 'the stored file matches the one on disk byte for byte');

    // The panel shows it as sent, with its file, and the composer is empty again.
    const last = (await panelMessages(frame)).at(-1)!;
    assert.match(last.text, /fixed in 3\.10\.2/);
    assert.deepEqual(last.attachments, [ATTACHMENT_NAME]);
    assert.equal(last.internal, false);
    assert.equal(await frame.getByRole('textbox', { name: 'Reply' }).inputValue(), '');
    assert.deepEqual(refusals(requestsSince(mark)), []);
  });

  it('closes a ticket from the panel: the helpdesk has it closed and it leaves My Tickets', async function () {
    const { page } = session;
    const ticket = takeTicket(await myTickets(), smallThread);
    const frame = await openFromTree(ticket);

    const mark = jitbit.requests.length;
    await frame.getByRole('combobox', { name: 'Status', exact: true }).selectOption({ label: 'Closed' });
    await until('the helpdesk to have the ticket closed', () => jitbit.state.tickets.get(ticket.id)?.statusId === STATUS_CLOSED);
    // Closing is Jitbit's own call, not a status id sent to UpdateTicket.
    const posts = requestsSince(mark).filter((r) => r.method === 'POST');
    assert.deepEqual(
      posts.map((r) => [r.path, r.fields]),
      [[apiPath('Close'), { id: String(ticket.id) }]],
    );
    await until('the panel to show Closed', async () => (await frame.locator('.status-pill').first().textContent()) === 'Closed');

    // My Tickets holds open tickets only: the closed one leaves it.
    await until('the tree to drop the closed ticket', async () => {
      const children = childrenOf(await treeRows(page), MY_TICKETS) ?? [];
      return children.length > 0 && !children.some((r) => r.label.includes(`#${ticket.id} ·`));
    });
    await steps.shot(page, 'ticket closed');
    assert.deepEqual(refusals(requestsSince(mark)), []);
  });

  describe('with an API token', function () {
    let tokenDesk: JitbitSimulator;

    before(async function () {
      tokenDesk = await startJitbitSimulator({ port: 0, ticketCount: 20 });
      registerSimulatorSecrets('Jitbit tokenDesk', tokenDesk);
    });

    after(async function () {
      await tokenDesk?.close();
    });

    it('adds a Jitbit helpdesk with the user name left empty and the API token as the password', async function () {
      const { page } = session;
      await openAddHelpdesk(page);
      await finishAddLoginHelpdesk(page, { type: 'Jitbit Helpdesk', url: tokenDesk.url, username: '', password: tokenDesk.token, steps });

      const root = rowStartingWith(page, rootLabel(tokenDesk));
      await until('the root to say it is connected', async () => (await root.getAttribute('aria-label')) === `${rootLabel(tokenDesk)}Connected as ${tokenDesk.me.name}`);
      await steps.shot(page, 'connected with a token');
      // Only a Bearer header carries a bare token: every request was let in.
      assert.ok(tokenDesk.requests.length > 0);
      assert.deepEqual(
        tokenDesk.requests.filter((r) => !r.authorized || r.status >= 400).map((r) => `${r.method} ${r.path} ${r.status}`),
        [],
      );
      assert.ok(!extensionLog(session.server.userDataDir).includes(tokenDesk.token), 'the token is not in the log');
      assert.ok(!settingsText().includes(tokenDesk.token), 'nor in settings.json');
    });

    // Also keeps the later tests' tree quiet: a helpdesk left behind once its simulator stops
    // would keep reconnecting and redrawing the roots under them.
    it('removes the helpdesk from its context menu after a confirmation; its root and settings entry go', async function () {
      const { page } = session;
      const root = rowStartingWith(page, rootLabel(tokenDesk));
      await root.click({ button: 'right' });
      const item = page.getByRole('menuitem', { name: 'Remove Helpdesk…' });
      await item.waitFor({ state: 'visible' });
      const dialog = page.locator('.monaco-dialog-box');
      // A click on a context menu that has only just opened is sometimes taken as hover only
      // (the item highlights, nothing runs): Enter on the highlighted item runs it then.
      await item.click();
      await until('the confirmation dialog', async () => {
        if (await dialog.isVisible()) return true;
        if (await item.isVisible()) await page.keyboard.press('Enter');
        return false;
      }, { timeoutMs: 15_000 });
      assert.match((await dialog.textContent()) ?? '', /saved credentials will be deleted/);
      await steps.shot(page, 'remove confirmation');
      await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
      await root.waitFor({ state: 'detached' });
      await until('the settings entry to go', () => !settingsText().includes(tokenDesk.url));
      assert.ok(settingsText().includes(jitbit.url), 'the other helpdesk stays');
    });
  });

  describe('with a wrong password', function () {
    let rejecting: JitbitSimulator;

    before(async function () {
      rejecting = await startJitbitSimulator({ port: 0, ticketCount: 20 });
      registerSimulatorSecrets('Jitbit rejecting', rejecting);
    });

    after(async function () {
      await rejecting?.close();
    });

    it('says the credentials were rejected and warns of the five-minute lock, after one failed login and no retries', async function () {
      const { page } = session;
      const wrongPassword = registerSecret('Jitbit wrong password', `${rejecting.password}-typo`);
      await openAddHelpdesk(page);
      await finishAddLoginHelpdesk(page, { type: 'Destek Sitesi', url: rejecting.url, username: rejecting.username, password: wrongPassword, steps });

      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible' });
      const refusal = (await dialog.textContent()) ?? '';
      await steps.shot(page, 'connection refused');
      assert.match(refusal, /did not accept the credentials|rejected/i);
      assert.match(refusal, /five minutes/);
      await dialog.getByRole('button', { name: 'Save Anyway' }).click();

      const root = rowStartingWith(page, rootLabel(rejecting));
      await until('the root to say the credentials were rejected', async () => (await root.getAttribute('aria-label'))?.includes('Credentials rejected'));
      const fix = rowShowing(page, 'Credentials rejected — Set Credentials…');
      await fix.waitFor({ state: 'visible' });

      // The user asks again, twice over; the refused password must not be sent again.
      await refreshAll(page);
      // Toggling a root while VS Code redraws the whole tree can be undone by that redraw.
      const connected = rowStartingWith(page, rootLabel(jitbit));
      await until('the other helpdesk to answer the refresh', async () => (await connected.getAttribute('aria-label')) === `${rootLabel(jitbit)}Connected as ${jitbit.me.name}`);
      await root.locator('.monaco-tl-twistie').click();
      await until('the root to collapse', async () => (await root.getAttribute('aria-expanded')) === 'false');
      await root.locator('.monaco-tl-twistie').click();
      await until('the root to expand', async () => (await root.getAttribute('aria-expanded')) === 'true');
      await page.waitForTimeout(2000);
      // Known glitch, cause not yet found: a credentials-rejected root expanded right after
      // Refresh All can fold itself again (seen here in 2 of 3 runs). The user expands it
      // once more; that asks too, and must send nothing either.
      if ((await root.getAttribute('aria-expanded')) === 'false') {
        await root.locator('.monaco-tl-twistie').click();
        await until('the root to expand again', async () => (await root.getAttribute('aria-expanded')) === 'true');
      }

      const explanation = await rowHoverText(page, root);
      await steps.shot(page, 'root explains the rejection');
      assert.match(explanation, /rejected/i);
      assert.match(explanation, /five minutes/, `the root mentions the five-minute lock: ${explanation}`);
      assert.match((await root.getAttribute('aria-label')) ?? '', /Credentials rejected/);
      // The fix-it row says the same (a screen reader reads it as the row's name).
      assert.match((await fix.getAttribute('aria-label')) ?? '', /five minutes/);

      const failed = rejecting.requests.filter((r) => r.status === 401);
      assert.equal(failed.length, 1, `one failed login: ${rejecting.requests.map((r) => `${r.method} ${r.path} ${r.status}`).join(', ')}`);
      assert.equal(rejecting.requests.length, 1, 'and nothing else was sent');
      assert.equal(rejecting.state.failedLogins(CLIENT_IP), 1);
      assert.equal(rejecting.state.lockedUntil(CLIENT_IP), undefined, 'the address is not locked');

      // New credentials (the right password) are tried, and work.
      await fix.click();
      await enterLoginCredentials(page, { username: rejecting.username, password: rejecting.password });
      await until('the root to connect with the new password', async () => (await root.getAttribute('aria-label')) === `${rootLabel(rejecting)}Connected as ${rejecting.me.name}`);
      await steps.shot(page, 'connected with new credentials');
      assert.equal(rejecting.requests.filter((r) => r.status === 401).length, 1, 'still one failed login');
      assert.equal(rejecting.state.failedLogins(CLIENT_IP), 0, 'the success cleared the count');

      const log = extensionLog(session.server.userDataDir);
      assert.ok(!log.includes(wrongPassword), 'the refused password is not in the log');
      assert.ok(!log.includes(rejecting.password) && !log.includes(jitbit.password), 'nor the right ones');
      assert.ok(!settingsText().includes(rejecting.password), 'nor in settings.json');
    });
  });
});
