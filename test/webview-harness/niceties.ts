// The panel niceties in Chromium (run.ts "niceties"): quoted history folded in the
// sandboxes' mail bodies with a working toggle, jump to latest (button and Alt+End / End),
// relative times with the absolute one on hover and kept fresh, the requester card and its
// openable tickets, Copy Link / Copy Reference, and the conflict warning with Send anyway
// and Refresh first. Screenshots in light and dark.
import type { Page } from 'playwright-core';
import type { HostToWebview, WebviewToHost } from '../../src/shared/protocol/panel';
import { chunked, threadMessages, ticketMessage } from './fixtures';
import { conflictView, requesterMessage, sandboxMessages } from './nicetiesFixtures';

export interface NicetiesHarness {
  open(config: { theme: 'dark' | 'light' | 'high-contrast'; allowRemoteImages: boolean }, viewport?: { width: number; height: number }): Promise<Page>;
  post(page: Page, messages: HostToWebview[]): Promise<void>;
  posted(page: Page): Promise<WebviewToHost[]>;
  clearPosted(page: Page): Promise<void>;
  check(name: string, ok: boolean, detail?: string): void;
  shoot(page: Page, name: string, fullPage?: boolean): Promise<void>;
  shotPath(name: string): string;
  cspViolations(page: Page): Promise<string[]>;
}

const emptyDraft: HostToWebview = { type: 'draft', draft: { markdown: '', internal: false }, attachments: [] };

export async function panelNiceties(t: NicetiesHarness): Promise<void> {
  await quotes(t);
  await jumpAndTimes(t);
  for (const theme of ['light', 'dark'] as const) await cardAndConflict(t, theme);
  await narrow(t);
}

async function quotes(t: NicetiesHarness): Promise<void> {
  const page = await t.open({ theme: 'dark', allowRemoteImages: false });
  await t.post(page, [ticketMessage(0), { type: 'messages', messages: sandboxMessages(), reset: true, done: true }, emptyDraft]);
  const card = (id: string) => page.locator(`[data-message-id="${id}"]`);
  const html = card('q2');
  check(t, 'sandbox HTML reply: the quote and its "On …, … wrote:" line are folded', (await html.locator('.quote-toggle').count()) === 1 && (await html.locator('.quoted-text').isHidden()));
  const visible = await html.locator('.message-body').innerText();
  check(t, 'sandbox HTML reply: no attribution or quoted words on screen', !/wrote:|Could you escalate/.test(visible) && visible.includes('I have updated your account'), JSON.stringify(visible));
  check(t, 'sandbox HTML reply: the signature stays', visible.includes('Customer Support'));
  const markdown = card('q3');
  check(t, 'sandbox Markdown reply: "-----Original Message-----" and the > lines folded', (await markdown.locator('.quote-toggle').count()) === 1 && !(await markdown.locator('.message-body').innerText()).includes('Original Message'));
  check(t, 'a short quote inside the writer’s own text stays open', (await card('q4').locator('.quote-toggle').count()) === 0 && (await card('q4').locator('blockquote').isVisible()));
  check(t, 'a message without quote has no toggle', (await card('q1').locator('.quote-toggle').count()) === 0);

  const toggle = html.locator('.quote-toggle');
  check(t, 'toggle is labelled and collapsed', (await toggle.getAttribute('aria-label')) === 'Show quoted text' && (await toggle.getAttribute('aria-expanded')) === 'false');
  await html.scrollIntoViewIfNeeded();
  await html.screenshot({ path: t.shotPath('dark-quote-folded') });
  await toggle.click();
  check(t, 'toggle opens the quote', (await html.locator('.quoted-text').isVisible()) && (await toggle.getAttribute('aria-expanded')) === 'true' && (await html.locator('.message-body').innerText()).includes('Could you escalate'));
  await html.screenshot({ path: t.shotPath('dark-quote-open') });
  await toggle.press('Enter');
  check(t, 'toggle closes it again from the keyboard', await html.locator('.quoted-text').isHidden());
  await page.context().close();
}

async function jumpAndTimes(t: NicetiesHarness): Promise<void> {
  const page = await t.open({ theme: 'dark', allowRemoteImages: false }, { width: 1100, height: 700 });
  const { messages, remoteImagesBlocked } = threadMessages();
  await t.post(page, [ticketMessage(remoteImagesBlocked), ...chunked(messages, 10), emptyDraft]);
  const atTop = await page.evaluate(() => window.scrollY);
  check(t, 'the panel opens at the top', atTop === 0, String(atTop));
  const last = page.locator('.messages > [role="listitem"]').last();
  await page.locator('.jump-latest').click();
  check(t, 'Latest scrolls to the newest message and focuses it', (await settlesInViewport(last)) && (await last.evaluate((e) => document.activeElement === e)));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('.ticket-subject').click();
  await page.keyboard.press('End');
  check(t, 'End (outside text fields) jumps to the latest message', await settlesInViewport(last));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('.composer-input').focus();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.keyboard.press('End');
  await page.waitForTimeout(300);
  check(t, 'End in the reply box stays in the reply box', (await page.locator('.composer-input').evaluate((e) => document.activeElement === e)));
  await page.keyboard.press('Alt+End');
  await page.waitForTimeout(600);
  check(t, 'Alt+End jumps from the reply box too', (await last.evaluate((e) => document.activeElement === e)));

  const time = page.locator('.message-time').last();
  const datetime = (await time.getAttribute('datetime')) ?? '';
  const title = (await time.getAttribute('title')) ?? '';
  check(t, 'times are <time datetime> with the relative time as text and the absolute one on hover', /^\d{4}-\d\d-\d\dT/.test(datetime) && /\d{4}/.test(title) && /ago|now|minute|hour/.test(await time.innerText()), `${datetime} | ${title} | ${await time.innerText()}`);
  // The clock moves on while the panel is open: the relative text follows (refreshed every 30 s).
  const before = await time.innerText();
  await page.evaluate(() => {
    const real = Date.now;
    Date.now = () => real() + 5 * 3_600_000;
  });
  await page.waitForTimeout(31_000);
  const after = await time.innerText();
  check(t, 'relative times update while the panel is open', before !== after && /hours? ago/.test(after), `${before} → ${after}`);
  await page.context().close();
}

async function cardAndConflict(t: NicetiesHarness, theme: 'light' | 'dark'): Promise<void> {
  const page = await t.open({ theme, allowRemoteImages: false });
  const { messages, remoteImagesBlocked } = threadMessages();
  await t.post(page, [ticketMessage(remoteImagesBlocked), { type: 'requester', requester: requesterMessage().requester, tickets: { state: 'loading' } }, ...chunked(messages, 10), emptyDraft]);
  const card = page.locator('.requester-card');
  check(t, `${theme}: requester card while its tickets load`, (await card.isVisible()) && (await card.innerText()).includes('Looking for other open tickets'));
  await t.post(page, [requesterMessage()]);
  const text = (await card.innerText()).replace(/\s+/g, ' ');
  check(t, `${theme}: card shows name, email and organisation`, text.includes('Maria Jensen') && text.includes('maria.jensen@northwind.example') && text.includes('Northwind Logistics'), text);
  check(t, `${theme}: card lists the other open tickets`, (await card.locator('.requester-ticket').count()) === 3);
  await t.clearPosted(page);
  await card.locator('.requester-ticket', { hasText: 'ACME-4790' }).click();
  check(t, `${theme}: a row opens its ticket`, (await t.posted(page)).some((m) => m.type === 'openTicket' && m.ticketId === '4790'));
  await t.clearPosted(page);
  await card.locator('.requester-email').click();
  check(t, `${theme}: the email is a mailto link through the host`, (await t.posted(page)).some((m) => m.type === 'openLink' && m.href === 'mailto:maria.jensen@northwind.example'));

  await t.clearPosted(page);
  await page.locator('.ticket-copy[aria-label="Copy Link"]').click();
  await page.locator('.ticket-copy[aria-label="Copy Reference"]').click();
  const copies = (await t.posted(page)).filter((m) => m.type === 'copy').map((m) => (m.type === 'copy' ? m.what : ''));
  check(t, `${theme}: Copy Link and Copy Reference post to the host`, copies.join(',') === 'link,reference', copies.join(','));
  await page.evaluate(() => window.scrollTo(0, 0));
  await t.shoot(page, `${theme}-niceties-header`);
  await card.screenshot({ path: t.shotPath(`${theme}-requester-card`) });

  // The conflict: the page sent, the host answers with what changed.
  await page.locator('.composer-input').fill('Hi Maria, the fix is in 2.14.2.');
  await t.clearPosted(page);
  await page.locator('.send-button').click();
  await t.post(page, [{ type: 'busy', busy: false }, { type: 'conflict', conflict: conflictView() }]);
  const warning = page.locator('.conflict-warning');
  const warningText = (await warning.innerText()).replace(/\s+/g, ' ');
  check(t, `${theme}: conflict warning lists the new messages with authors and the field changes`, (await warning.isVisible()) && warningText.includes('Maria Jensen') && warningText.includes('Internal note from Priya Raman') && warningText.includes('Status: Open → Awaiting customer') && warningText.includes('Agent: Tom Becker → Priya Raman'), warningText);
  check(t, `${theme}: the draft stays and Send is possible again`, (await page.locator('.composer-input').inputValue()) === 'Hi Maria, the fix is in 2.14.2.' && !(await page.locator('.send-button').isDisabled()));
  await page.locator('.composer').scrollIntoViewIfNeeded();
  await page.locator('.composer').screenshot({ path: t.shotPath(`${theme}-conflict-warning`) });
  await t.shoot(page, `${theme}-conflict-page`);
  if (theme === 'dark') {
    await t.clearPosted(page);
    await page.locator('.conflict-refresh').click();
    const refresh = await t.posted(page);
    check(t, 'Refresh first posts refresh and keeps the draft', refresh.some((m) => m.type === 'refresh') && !refresh.some((m) => m.type === 'send') && (await page.locator('.composer-input').inputValue()) !== '' && (await warning.isHidden()));
    await t.post(page, [{ type: 'conflict', conflict: { ...conflictView(), id: 2 } }]);
    await t.clearPosted(page);
    await page.locator('.conflict-send').click();
    const sends = (await t.posted(page)).filter((m) => m.type === 'send');
    check(t, 'Send anyway posts one send naming the warning', sends.length === 1 && sends[0]?.type === 'send' && sends[0].acknowledged === 2 && sends[0].draft.markdown === 'Hi Maria, the fix is in 2.14.2.', JSON.stringify(sends));
    check(t, 'Send anyway hides the warning', await warning.isHidden());
  }
  check(t, `${theme}: niceties page has no CSP violations`, (await t.cspViolations(page)).length === 0, (await t.cspViolations(page)).join(', '));
  await page.context().close();
}

async function narrow(t: NicetiesHarness): Promise<void> {
  const page = await t.open({ theme: 'dark', allowRemoteImages: false }, { width: 460, height: 900 });
  await t.post(page, [ticketMessage(0), requesterMessage(), ...chunked(threadMessages().messages, 30), emptyDraft]);
  await t.shoot(page, 'dark-narrow-niceties');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
  check(t, 'narrow panel: header, card and warning fit without sideways scrolling', !overflow);
  await page.context().close();
}

function check(t: NicetiesHarness, name: string, ok: boolean, detail = ''): void {
  t.check(`niceties: ${name}`, ok, detail);
}

/** Smooth scrolling takes a while on a busy machine: wait up to 5 s for the element to arrive. */
async function settlesInViewport(locator: ReturnType<Page['locator']>): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (await inViewport(locator)) return true;
    await new Promise((done) => setTimeout(done, 100));
  }
  return false;
}

async function inViewport(locator: ReturnType<Page['locator']>): Promise<boolean> {
  return locator.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    return rect.top < window.innerHeight && rect.bottom > 0;
  });
}
