// Ticket panel niceties in the packaged extension against the DeskPRO simulator: quoted
// email history folded behind a toggle; the conflict warning when the ticket changes at the
// helpdesk while a reply is being typed (nothing sent until the user chooses; Refresh first
// keeps the draft; Send anyway sends exactly once); the requester card's other open tickets
// opening in their own panel.
//
//   npx mocha --config test/e2e/.mocharc.json --grep "panel niceties"
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { addMessage, formatDate, type MessageRecord, type TicketRecord } from '../../src/sandbox/deskpro/state.js';
import { saveFailure, slug, Steps } from './support/artifacts.mjs';
import { startSession, type Session } from './support/session.mjs';
import { addDeskproHelpdesk, childrenOf, conversationLoaded, openTicketByNumber, resetWorkbench, rowStartingWith, showHelpdeskView, ticketFrame, treeRows, until } from './support/ui.mjs';

describe('Ticket panel niceties (packaged .vsix in code-server, driven in Chromium)', function () {
  let session: Session;
  let steps: Steps;
  let testNumber = 0;
  let failures = 0;

  before(async function () {
    this.timeout(300_000);
    session = await startSession();
  });

  after(async function () {
    this.timeout(60_000);
    await session?.stop({ keepServerFiles: failures > 0 });
  });

  beforeEach(function () {
    testNumber += 1;
    steps = new Steps(`panel-niceties-${String(testNumber).padStart(2, '0')}-${slug(this.currentTest?.title ?? 'test')}`);
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

  const host = (): string => new URL(session.simulator.url).host;
  const settingsText = (): string => readFileSync(join(session.server.userDataDir, 'User', 'settings.json'), 'utf8');
  const state = () => session.simulator.state;
  const messagesOf = (ticket: TicketRecord): MessageRecord[] => (state().ticketMessages.get(ticket.id) ?? []).map((id) => state().messages.get(id)!);
  const replyPosts = (ticket: TicketRecord, mark: number) =>
    session.simulator.requests.slice(mark).filter((r) => r.method === 'POST' && r.path === `/api/v2/tickets/${ticket.id}/messages`);

  async function ensureHelpdesk(): Promise<void> {
    const { page, simulator } = session;
    await showHelpdeskView(page);
    if (!settingsText().includes(simulator.url)) await addDeskproHelpdesk(page, { url: simulator.url, secret: simulator.apiKey });
    await until('the helpdesk to connect', async () => (await rowStartingWith(page, host()).getAttribute('aria-label', { timeout: 1000 }))?.includes('Connected'));
    await until('the views under the root', async () => (childrenOf(await treeRows(page), host()) ?? []).length > 0);
  }

  /** A ticket no other test used, with a small thread, that fits `wanted`. */
  function takeTicket(wanted: (ticket: TicketRecord, messages: MessageRecord[]) => boolean): TicketRecord {
    for (const ticket of state().tickets.values()) {
      const messages = messagesOf(ticket);
      if (session.usedTickets.has(ticket.id) || ticket.status === 'hidden' || messages.length === 0 || messages.length > 12) continue;
      if (!wanted(ticket, messages)) continue;
      session.usedTickets.add(ticket.id);
      return ticket;
    }
    throw new Error('no unused ticket fits');
  }

  async function openTicket(ticket: TicketRecord): Promise<Frame> {
    await ensureHelpdesk();
    await openTicketByNumber(session.page, String(ticket.id), session.simulator.url);
    const frame = await ticketFrame(session.page, ticket.ref);
    await conversationLoaded(frame, messagesOf(ticket).length);
    return frame;
  }

  /** The customer answers by email at the helpdesk, as DeskPRO records it: a message, the ticket back with the agents. */
  function customerRepliesAtHelpdesk(ticket: TicketRecord, text: string): string {
    const person = state().people.get(ticket.person)!;
    const date = formatDate(Date.now());
    addMessage(state(), { ticket: ticket.id, person: person.id, date_created: date, is_agent_note: 0, message: `<p>${text}</p>` });
    ticket.status = 'awaiting_agent';
    ticket.date_last_user_reply = date;
    return person.name;
  }

  async function typeDraft(frame: Frame, text: string): Promise<void> {
    const box = frame.getByRole('textbox', { name: 'Reply' });
    await box.click();
    await box.pressSequentially(text, { delay: 5 });
    // The host hears of the draft after a short pause in typing: that is when writing began.
    await session.page.waitForTimeout(700);
  }

  // ---- the tests --------------------------------------------------------------------------

  it('folds the quoted history of an email reply behind a toggle that opens and closes it', async function () {
    const quoted = /wrote:<br\s*\/?>\s*<blockquote/;
    const ticket = takeTicket((_ticket, messages) => messages.some((m) => quoted.test(m.message)));
    const frame = await openTicket(ticket);
    const index = messagesOf(ticket).findIndex((m) => quoted.test(m.message));
    const card = frame.locator('.messages > article.message').nth(index);
    await card.scrollIntoViewIfNeeded();
    await steps.shot(session.page, 'quote folded');

    const toggle = card.locator('.quote-toggle');
    assert.equal(await toggle.count(), 1, 'one toggle for the quoted history');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    const folded = await card.locator('.message-body').innerText();
    assert.doesNotMatch(folded, /wrote:/, 'the "On …, … wrote:" line is folded with the quote');
    assert.equal(await card.locator('.quoted-text').isHidden(), true);

    await toggle.click();
    await until('the quote to open', async () => (await card.locator('.quoted-text').isVisible()) && (await toggle.getAttribute('aria-expanded')) === 'true');
    assert.match(await card.locator('.message-body').innerText(), /wrote:/);
    await steps.shot(session.page, 'quote open');
    await toggle.click();
    await until('the quote to close again', async () => card.locator('.quoted-text').isHidden());
  });

  it('warns before sending when the customer replied at the helpdesk while the reply was typed; Refresh first keeps the draft; then one reply goes', async function () {
    const ticket = takeTicket((t) => t.status === 'awaiting_user');
    const frame = await openTicket(ticket);
    const before = messagesOf(ticket).length;
    const draft = 'Thanks, we have rolled out the fix. Could you check again?';
    await typeDraft(frame, draft);

    const author = customerRepliesAtHelpdesk(ticket, 'Any news? It is still broken here.');
    const mark = session.simulator.requests.length;
    await frame.getByRole('button', { name: 'Send Reply' }).click();
    const warning = frame.locator('.conflict-warning');
    await warning.waitFor({ state: 'visible' });
    await steps.shot(session.page, 'conflict warning');
    const text = (await warning.innerText()).replace(/\s+/g, ' ');
    assert.match(text, new RegExp(`New message from ${author.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(text, /Status: Awaiting user → Awaiting agent/i);
    assert.equal(replyPosts(ticket, mark).length, 0, 'nothing was sent');
    assert.equal(messagesOf(ticket).length, before + 1);
    assert.equal(await frame.getByRole('textbox', { name: 'Reply' }).inputValue(), draft, 'the draft is kept');
    // The check cost one read of the ticket and one of its (one-page) conversation.
    const reads = (path: string) => session.simulator.requests.slice(mark).filter((r) => r.method === 'GET' && r.path === path).length;
    assert.equal(reads(`/api/v2/tickets/${ticket.id}`), 1);
    assert.equal(reads(`/api/v2/tickets/${ticket.id}/messages`), 1);

    await frame.locator('.conflict-refresh').click();
    await conversationLoaded(frame, before + 1);
    assert.equal(await warning.isHidden(), true);
    assert.equal(await frame.getByRole('textbox', { name: 'Reply' }).inputValue(), draft, 'the draft survives Refresh first');
    await steps.shot(session.page, 'refreshed, draft kept');

    await frame.getByRole('button', { name: 'Send Reply' }).click();
    await until('the reply to be sent', async () => replyPosts(ticket, mark).length === 1 && (await frame.locator('.messages > article.message').count()) === before + 2);
    assert.equal(await warning.isHidden(), true, 'no second warning: the refresh showed what changed');
    await session.page.waitForTimeout(500);
    assert.equal(replyPosts(ticket, mark).length, 1, 'exactly one reply reached the helpdesk');
    assert.equal(messagesOf(ticket).length, before + 2);
  });

  it('Send anyway after the warning sends the reply exactly once', async function () {
    const ticket = takeTicket((t) => t.status === 'awaiting_user');
    const frame = await openTicket(ticket);
    const before = messagesOf(ticket).length;
    await typeDraft(frame, 'Closing the loop on this one.');
    customerRepliesAtHelpdesk(ticket, 'One more thing: the export fails too.');
    const mark = session.simulator.requests.length;
    await frame.getByRole('button', { name: 'Send Reply' }).click();
    await frame.locator('.conflict-warning').waitFor({ state: 'visible' });
    assert.equal(replyPosts(ticket, mark).length, 0);

    await frame.locator('.conflict-send').click();
    await until('the reply to be sent', async () => replyPosts(ticket, mark).length === 1);
    await until('the reply in the conversation', async () => (await frame.locator('.messages > article.message').count()) === before + 1);
    await steps.shot(session.page, 'sent anyway');
    await session.page.waitForTimeout(500);
    assert.equal(replyPosts(ticket, mark).length, 1, 'exactly one reply');
    assert.equal(await frame.getByRole('textbox', { name: 'Reply' }).inputValue(), '', 'sent: the box is empty');
    assert.equal(messagesOf(ticket).length, before + 2, 'the customer’s message and the reply');
  });

  it('shows the requester with their other open tickets; a row opens that ticket in its own panel', async function () {
    // The card looks through the newest open tickets (one page, as the provider asks for them).
    const open = [...state().tickets.values()]
      .filter((t) => ['awaiting_agent', 'awaiting_user', 'pending'].includes(t.status))
      .sort((a, b) => (b.date_last_user_reply ?? '').localeCompare(a.date_last_user_reply ?? ''))
      .slice(0, 100);
    const byPerson = new Map<number, TicketRecord[]>();
    for (const t of open) byPerson.set(t.person, [...(byPerson.get(t.person) ?? []), t]);
    const ticket = takeTicket((t) => open.includes(t) && (byPerson.get(t.person)?.length ?? 0) >= 2 && state().people.get(t.person)?.is_agent === false);
    const others = (byPerson.get(ticket.person) ?? []).filter((t) => t.id !== ticket.id);
    const frame = await openTicket(ticket);
    const card = frame.locator('.requester-card');
    const person = state().people.get(ticket.person)!;
    await until('the requester card with its tickets', async () => (await card.locator('.requester-ticket').count()) > 0);
    await card.scrollIntoViewIfNeeded();
    await steps.shot(session.page, 'requester card');
    const text = await card.innerText();
    assert.ok(text.includes(person.name) && text.includes(person.primary_email), text);
    const listed = await card.locator('.requester-ticket-ref').allInnerTexts();
    assert.ok(listed.length > 0 && listed.every((ref) => others.some((t) => t.ref === ref)), `listed ${listed.join(', ')} of ${others.map((t) => t.ref).join(', ')}`);

    // Copy Reference in the header runs the command with this ticket: the status bar says what was copied.
    await frame.locator('.ticket-copy[aria-label="Copy Reference"]').click();
    const statusBar = session.page.locator('.statusbar');
    await until('the status bar to say what was copied', async () => ((await statusBar.innerText()).includes('copied') ? true : undefined));
    const said = await statusBar.innerText();
    assert.ok(said.includes(ticket.ref) || said.includes(String(ticket.id)), `status bar: ${said}`);
    await steps.shot(session.page, 'reference copied');

    const target = others.find((t) => t.ref === listed[0])!;
    await card.locator('.requester-ticket').first().click();
    const otherFrame = await ticketFrame(session.page, target.ref);
    await conversationLoaded(otherFrame, messagesOf(target).length);
    await steps.shot(session.page, 'other ticket opened');
  });
});
