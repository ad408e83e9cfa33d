// "Create Ticket from Selection…" as a user does it, in the packaged extension: open a
// file, select lines with the keyboard, right-click, pick the command from the editor's
// context menu, attach the snippet and the whole file in the form, change the subject, write
// a line above the code, press Create Ticket; then check what the DeskPRO simulator received
// and that the new ticket opens in its panel. Screenshots of each step go to
// test-results/e2e/create-*/.
//
//   npx mocha --config test/e2e/.mocharc.json --grep "Create Ticket from Selection"
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { waitForWebviewFrame } from '../host/browser.mjs';
import { markdownToHtml } from '../../src/helpdesk/render/markdown.js';
import { saveFailure, slug, Steps } from './support/artifacts.mjs';
import { startSession, type Session } from './support/session.mjs';
import { addDeskproHelpdesk, DEFAULT_WAIT_MS, quickInput, resetWorkbench, rowStartingWith, ticketFrame, until } from './support/ui.mjs';

const FILE = 'src/session.ts';
const SOURCE = [
  'import { fetchToken } from "./http";',
  '',
  'export async function refresh(session: Session): Promise<Session> {',
  '  // TODO: retry once when the token has just expired',
  '  const token = await fetchToken(session.user);',
  '  return { ...session, token };',
  '}',
  '',
].join('\n');
/** Lines 3-6, as the keyboard selects them (up to the start of line 7). */
const SELECTED = SOURCE.split('\n').slice(2, 6).join('\n') + '\n';
const SUBJECT = 'Token refresh fails right after expiry';
const INTRO = 'Refreshing fails when the token has just expired.';

describe('Create Ticket from Selection (packaged .vsix in code-server, driven in Chromium)', function () {
  let session: Session;
  let steps: Steps;
  let failed = false;

  before(async function () {
    this.timeout(300_000);
    session = await startSession();
    mkdirSync(join(session.workspace, 'src'), { recursive: true });
    writeFileSync(join(session.workspace, FILE), SOURCE);
  });

  after(async function () {
    this.timeout(60_000);
    await session?.stop({ keepServerFiles: failed });
  });

  beforeEach(function () {
    steps = new Steps(`create-${slug(this.currentTest?.title ?? 'test')}`);
  });

  afterEach(async function () {
    this.timeout(60_000);
    if (this.currentTest?.state === 'failed') {
      failed = true;
      const saved = await saveFailure(steps.dir, session?.page, session?.server);
      console.log(`    failure evidence: ${saved.map((file) => file.slice(steps.dir.length + 1)).join(', ')} in ${steps.dir}`);
    }
    if (session) await resetWorkbench(session.page).catch((error: unknown) => console.log(`    (could not tidy the workbench: ${String(error)})`));
  });

  /** The form's content frame, once the host has filled it (a webview loads slowly on a busy machine). */
  function formFrame(): Promise<Frame> {
    return waitForWebviewFrame(session.page, {
      timeoutMs: 3 * DEFAULT_WAIT_MS,
      predicate: async (frame) => frame.evaluate(() => document.querySelector('form.ticket-form')?.hasAttribute('hidden') === false),
    });
  }

  it('creates a ticket from selected lines through the editor menu and the form, with two attachments', async function () {
    // A hang guard for a slow machine; every step has its own deadline.
    this.timeout(180_000);
    const { page, simulator } = session;
    const host = new URL(simulator.url).host;
    await addDeskproHelpdesk(page, { url: simulator.url, secret: simulator.apiKey });
    await until('the helpdesk to connect', async () => (await rowStartingWith(page, host).getAttribute('aria-label'))?.includes('Connected'));

    // Open the file with Quick Open, as a user would.
    await page.keyboard.press('Control+P');
    const box = quickInput(page).locator('.quick-input-box input');
    await box.waitFor({ state: 'visible' });
    await box.pressSequentially('session.ts', { delay: 5 });
    await quickInput(page).locator('.monaco-list-row', { hasText: 'session.ts' }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    const line3 = page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'export async function refresh' });
    await line3.waitFor({ state: 'visible' });

    // Lines 3-6 with the keyboard: to the top, down two lines, then four lines with Shift.
    await line3.click();
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowDown');
    await until('the status bar to say 4 lines are selected', async () =>
      /\(\d+ selected\)|4 lines/i.test((await page.locator('.statusbar').textContent({ timeout: 1000 })) ?? ''),
    );
    await steps.shot(page, 'lines 3-6 selected');

    // The editor's context menu, on the selection.
    await line3.click({ button: 'right' });
    const item = page.getByRole('menuitem', { name: 'Create Ticket from Selection…' });
    await item.waitFor({ state: 'visible' });
    await steps.shot(page, 'editor context menu');
    await item.click();

    const form = await formFrame();
    const subject = form.locator('#field-subject');
    assert.equal(await subject.inputValue(), 'retry once when the token has just expired');
    assert.equal((await form.locator('.code-caption').textContent())?.trim(), `${FILE}, lines 3-6`);
    assert.match((await form.locator('#field-body').inputValue()) ?? '', /^`src\/session\.ts`, lines 3-6\n\n```typescript\nexport async function refresh/);
    await steps.shot(page, 'the form, filled from the selection');

    // Two attachments; each shows with its size and can be removed before sending.
    await form.locator('button[data-source="snippet"]').click();
    await form.locator('button[data-source="file"]').click();
    const chips = form.locator('.attached-files .attachment-chip');
    await until('two attachments', async () => (await chips.count()) === 2);
    assert.deepEqual(await chips.locator('.attachment-name').allTextContents(), ['session-L3-L6.ts', 'session.ts']);
    const sizes = await chips.locator('.attachment-size').allTextContents();
    assert.ok(sizes.every((size) => /^\d+(\.\d)? (B|KB)$/.test(size)), sizes.join(', '));

    await subject.fill(SUBJECT);
    const body = form.locator('#field-body');
    await body.click();
    await body.press('Control+Home');
    await body.pressSequentially(`${INTRO}\n\n`, { delay: 2 });
    await steps.shot(page, 'subject changed, a line written, two files attached');

    const mark = simulator.requests.length;
    await form.getByRole('button', { name: 'Create Ticket' }).click();

    const post = await until('POST /tickets answered', () =>
      simulator.requests.slice(mark).find((request) => request.method === 'POST' && request.path === '/api/v2/tickets' && request.status !== 0),
    );
    assert.equal(post.status, 201);
    const sent = post.body as { subject: string; message: { message: string; format: string } };
    assert.equal(sent.subject, SUBJECT);
    const markdown = `${INTRO}\n\n\`src/session.ts\`, lines 3-6\n\n\`\`\`typescript\n${SELECTED}\`\`\`\n`;
    assert.equal(sent.message.message, markdownToHtml(markdown), 'the HTML is the Markdown the form showed, rendered once');
    const uploads = simulator.requests.slice(mark).filter((request) => request.method === 'POST' && request.path === '/api/v2/blobs/temp');
    assert.deepEqual(uploads.map((upload) => (upload.body as { file: { filename: string } }).file.filename), ['session-L3-L6.ts', 'session.ts']);
    assert.equal(simulator.requests.slice(mark).filter((request) => request.method === 'POST' && request.path === '/api/v2/tickets').length, 1);

    const ticket = [...simulator.state.tickets.values()].at(-1)!;
    assert.equal(ticket.subject, SUBJECT);
    const [messageId] = simulator.state.ticketMessages.get(ticket.id) ?? [];
    const files = simulator.state.messages.get(messageId!)!.attachments.map((id) => simulator.state.blobs.get(simulator.state.attachments.get(id)!.blob_id)!);
    assert.deepEqual(files.map((blob) => [blob.filename, Buffer.from(blob.data).toString('utf8')]), [
      ['session-L3-L6.ts', SELECTED],
      ['session.ts', SOURCE],
    ]);

    // The ticket opens in its panel, and a notification offers it.
    const panel = await ticketFrame(page, ticket.ref, { timeoutMs: 3 * DEFAULT_WAIT_MS });
    assert.equal((await panel.locator('.ticket-subject').textContent())?.trim(), SUBJECT);
    const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: `Created ticket ${ticket.ref}` });
    await toast.waitFor({ state: 'visible' });
    assert.ok(await toast.getByRole('button', { name: 'Open Ticket' }).isVisible());
    await steps.shot(page, 'created: the ticket panel and the notification');
  });
});
