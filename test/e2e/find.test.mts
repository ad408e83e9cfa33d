// Find any ticket fast, in the packaged extension in a real workbench: Helpdesk: Go to
// Ticket… from the command palette with two DeskPRO helpdesks, one of them stopped — the
// live one's matches listed, the stopped one as one "…: unreachable" row, Enter opening the
// ticket's panel; then a filter set on All Open from the list's inline action, shown on the
// node ("filtered: status Pending"), the rows all pending at the helpdesk, and cleared again.
//
//   npx mocha --config test/e2e/.mocharc.json --grep "Find any ticket"
import assert from 'node:assert/strict';
import { startDeskproSimulator, type DeskproSimulator } from '../../src/sandbox/deskpro/index.js';
import { runCommand } from '../host/browser.mjs';
import { saveFailure, slug, Steps } from './support/artifacts.mjs';
import { registerSimulatorSecrets } from './support/secrets.mjs';
import { startSession, type Session } from './support/session.mjs';
import { addDeskproHelpdesk, childrenOf, expandList, quickInput, resetWorkbench, rowStartingWith, showHelpdeskView, ticketFrame, treeRows, until } from './support/ui.mjs';

describe('Find any ticket fast (packaged .vsix in code-server, two DeskPRO helpdesks, one down)', function () {
  let session: Session;
  let other: DeskproSimulator;
  let steps: Steps;
  let failed = 0;
  let testNumber = 0;

  before(async function () {
    this.timeout(300_000);
    other = await startDeskproSimulator({ port: 0, ticketCount: 40 });
    registerSimulatorSecrets('find: second DeskPRO', other);
    session = await startSession({ userSettings: { 'helpdesk.requestTimeoutSeconds': 5 } });
  });

  after(async function () {
    this.timeout(60_000);
    await session?.stop({ keepServerFiles: failed > 0 });
    await other?.close().catch(() => undefined);
  });

  beforeEach(function () {
    testNumber += 1;
    steps = new Steps(`find-${String(testNumber).padStart(2, '0')}-${slug(this.currentTest?.title ?? 'test')}`);
  });

  afterEach(async function () {
    this.timeout(60_000);
    if (this.currentTest?.state === 'failed') {
      failed += 1;
      const saved = await saveFailure(steps.dir, session?.page, session?.server);
      console.log(`    failure evidence: ${saved.map((file) => file.slice(steps.dir.length + 1)).join(', ')} in ${steps.dir}`);
    }
    if (session) await resetWorkbench(session.page).catch((error: unknown) => console.log(`    (could not tidy the workbench: ${String(error)})`));
  });

  const host = (url: string): string => new URL(url).host;
  const rootText = async (url: string): Promise<string> => (await rowStartingWith(session.page, `${host(url)} `).getAttribute('aria-label', { timeout: 2000 })) ?? '';
  let configured = false;

  /** Both helpdesks added through Add Helpdesk… and connected, then the second one stopped. */
  async function ensureHelpdesks(): Promise<void> {
    const { page, simulator } = session;
    await showHelpdeskView(page);
    if (configured) return;
    await addDeskproHelpdesk(page, { url: simulator.url, secret: simulator.apiKey });
    await until('the first DeskPRO to connect', async () => (await rootText(simulator.url)).includes('Connected'));
    await addDeskproHelpdesk(page, { url: other.url, secret: other.apiKey });
    await until('the second DeskPRO to connect', async () => (await rootText(other.url)).includes('Connected'));
    await other.close();
    configured = true;
  }

  it('Go to Ticket lists the live helpdesk\'s matches, the stopped one as one "unreachable" row, and Enter opens the ticket', async () => {
    await ensureHelpdesks();
    const { page, simulator } = session;
    // A word few subjects share, so every row fits on screen (the list only renders what shows).
    const live = [...simulator.state.tickets.values()].filter((ticket) => ticket.status !== 'hidden' && !/[<>"'&]/.test(ticket.subject));
    const holders = new Map<string, typeof live>();
    for (const ticket of live) for (const found of new Set(ticket.subject.toLowerCase().match(/[a-z]{6,}/g) ?? [])) holders.set(found, [...(holders.get(found) ?? []), ticket]);
    const [word, matching] = [...holders].sort((a, b) => a[1].length - b[1].length)[0]!;
    assert.ok(matching.length <= 8, `no rare word: "${word}" is in ${matching.length} subjects`);
    const wanted = matching[0]!;

    await runCommand(page, 'Helpdesk: Go to Ticket…');
    const input = quickInput(page);
    await until('the Go to Ticket picker', async () => /Go to Ticket/.test((await input.locator('.quick-input-title').textContent({ timeout: 1000 })) ?? ''));
    await steps.shot(page, 'go to ticket opened');
    const box = input.locator('.quick-input-box input');
    await box.pressSequentially(word, { delay: 20 });

    const rowLabels = async (): Promise<string[]> => input.locator('.monaco-list-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
    const downRow = `${host(other.url)}: unreachable`;
    const labels = await until('a match and the unreachable row', async () => {
      const now = await rowLabels();
      return now.some((label) => label.includes(wanted.subject)) && now.some((label) => label.includes(downRow)) ? now : undefined;
    });
    assert.equal(labels.filter((label) => label.includes(downRow)).length, 1, `one row for the stopped helpdesk: ${labels.join(' | ')}`);
    // Every matching ticket is listed, and nothing else but the unreachable row.
    for (const ticket of matching) assert.ok(labels.some((label) => label.includes(ticket.ref)), `${ticket.ref} missing: ${labels.join(' | ')}`);
    const refsShown = labels.flatMap((label) => label.match(/\b[A-Z]{4}-\d{4}-[A-Z]{4}\b/g) ?? []);
    assert.deepEqual(refsShown.sort(), matching.map((ticket) => ticket.ref).sort(), 'exactly the matching tickets');
    await steps.shot(page, 'results and the unreachable row');

    await input.locator('.monaco-list-row', { hasText: wanted.subject }).first().click();
    const frame = await ticketFrame(page, wanted.ref);
    assert.equal(await frame.locator('.ticket-ref').textContent(), wanted.ref);
    await steps.shot(page, 'the ticket opened');
  });

  it('a filter on All Open from its inline action shows on the node, keeps only matching rows, and clears', async () => {
    await ensureHelpdesks();
    const { page, simulator } = session;
    const live = `${host(simulator.url)} `;
    await until('the live root expanded', async () => childrenOf(await treeRows(page), live)?.some((row) => row.label.startsWith('All Open')));
    await expandList(page, 'All Open');

    const list = rowStartingWith(page, 'All Open');
    await list.hover();
    await list.getByRole('button', { name: 'Filter View…' }).click();
    const input = quickInput(page);
    await input.locator('.monaco-list-row', { hasText: 'Status' }).first().click();
    const pending = input.locator('.monaco-list-row[aria-label="Pending"]').first();
    await pending.waitFor({ state: 'visible' });
    await steps.shot(page, 'pick a status');
    await pending.click();
    await until('the filter menu again', async () => (await input.locator('.monaco-list-row', { hasText: 'Status' }).first().textContent({ timeout: 1000 }))?.includes('Pending'));
    await page.keyboard.press('Escape');

    const rows = await until('All Open filtered', async () => {
      const all = await treeRows(page);
      const node = all.find((row) => row.label.startsWith('All Open'));
      const children = childrenOf(all, 'All Open') ?? [];
      return node && /^All Open \d+ of \d+ · filtered: status Pending/.test(node.label) && children.length > 0 ? children : undefined;
    });
    await page.mouse.move(900, 500);
    await steps.shot(page, 'all open filtered');
    const refs = [...simulator.state.tickets.values()];
    const shown = rows.filter((row) => !row.label.startsWith('Load more'));
    assert.ok(shown.length > 0);
    for (const row of shown) {
      const ticket = refs.find((candidate) => row.label.includes(candidate.ref));
      assert.ok(ticket, `no ticket for row ${row.label}`);
      assert.equal(ticket.status, 'pending', `${ticket.ref} is ${ticket.status}`);
    }

    await list.hover();
    await list.getByRole('button', { name: 'Clear Filter' }).click();
    await until('the filter gone', async () => {
      const node = (await treeRows(page)).find((row) => row.label.startsWith('All Open'));
      return node && !node.label.includes('filtered') ? node : undefined;
    });
  });
});
