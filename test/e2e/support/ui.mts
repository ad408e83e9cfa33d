// Driving the Helpdesk extension through the workbench the way a user does: the activity
// bar, the Tickets tree, quick inputs, the command palette and the ticket panel's webview.
// Every wait has a deadline; a timeout names what it was waiting for.
import type { Frame, Locator, Page } from 'playwright-core';
import { activityItem, runCommand, waitForWebviewFrame } from '../../host/browser.mjs';
import type { Steps } from './artifacts.mjs';
import { captureWorkbench, registerSecret } from './secrets.mjs';

export const DEFAULT_WAIT_MS = 40_000;
const TREE_ROW = '.part.sidebar .monaco-list-row';

/**
 * Polls `read` until it returns something truthy and returns that. On timeout the error
 * says what was awaited and what was last seen.
 */
export async function until<T>(
  what: string,
  read: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  { timeoutMs = DEFAULT_WAIT_MS, intervalMs = 200 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await read();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error instanceof Error ? error.message : error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last seen: ${String(JSON.stringify(last)).slice(0, 300)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

// ---- the Tickets tree ---------------------------------------------------------------------

export interface TreeRow {
  index: number;
  level: number;
  /** The row's accessible name: label and description ("My Tickets 10 of 88"). */
  label: string;
  /** 'true' / 'false' for expandable rows, null for leaves. */
  expanded: string | null;
}

/** The rendered rows of the side bar's tree, top to bottom. */
export async function treeRows(page: Page): Promise<TreeRow[]> {
  const rows = await page.locator(TREE_ROW).evaluateAll((elements) =>
    elements.map((element) => ({
      index: Number(element.getAttribute('data-index')),
      level: Number(element.getAttribute('aria-level')),
      label: element.getAttribute('aria-label') ?? '',
      expanded: element.getAttribute('aria-expanded'),
    })),
  );
  return rows.sort((a, b) => a.index - b.index);
}

/** The rows directly under the first row whose label starts with `parent`. */
export function childrenOf(rows: readonly TreeRow[], parent: string): TreeRow[] | undefined {
  const at = rows.findIndex((row) => row.label.startsWith(parent));
  if (at < 0) return undefined;
  const level = rows[at].level;
  const children: TreeRow[] = [];
  for (let i = at + 1; i < rows.length && rows[i].level > level; i++) {
    if (rows[i].level === level + 1) children.push(rows[i]);
  }
  return children;
}

function cssString(text: string): string {
  return JSON.stringify(text);
}

/** The tree row whose accessible name starts with `label`. */
export function rowStartingWith(page: Page, label: string): Locator {
  return page.locator(`${TREE_ROW}[aria-label^=${cssString(label)}]`).first();
}

/** The tree row whose accessible name contains `text` (a ticket's ref, say). */
export function rowContaining(page: Page, text: string): Locator {
  return page.locator(`${TREE_ROW}[aria-label*=${cssString(text)}]`).first();
}

/**
 * Shows the Helpdesk view container. Its activity bar entry toggles the side bar, so it is
 * clicked only when the side bar is not already showing Helpdesk (after a reload the entry
 * can be the active one while the side bar is hidden).
 */
export async function showHelpdeskView(page: Page): Promise<void> {
  const sidebar = page.locator('.part.sidebar');
  const showing = async (): Promise<boolean> =>
    (await sidebar.isVisible()) && /helpdesk/i.test((await sidebar.locator('.composite.title').first().textContent({ timeout: 1000 })) ?? '');
  const item = activityItem(page, 'Helpdesk');
  await item.waitFor({ state: 'visible', timeout: DEFAULT_WAIT_MS });
  // A workbench that has just loaded may still be restoring its side bar: let it finish.
  const shown = (timeoutMs: number) => until('the Helpdesk view in the side bar', showing, { timeoutMs }).then(() => true, () => false);
  if (await shown(2000)) return moveMouseAway(page);
  await item.click();
  // The click landed while the side bar was still opening on Helpdesk and closed it: once more.
  if (!(await shown(5000))) await item.click();
  await until('the Helpdesk view in the side bar', showing);
  await moveMouseAway(page);
}

/** Off the activity bar, so its hover does not cover the screenshots. */
async function moveMouseAway(page: Page): Promise<void> {
  await page.mouse.move(900, 500);
}

function viewToolbar(page: Page): Locator {
  return page.locator('.part.sidebar').getByRole('toolbar').first();
}

/** "Refresh All" in the Tickets view's title bar. */
export async function refreshAll(page: Page): Promise<void> {
  await viewToolbar(page).getByRole('button', { name: 'Refresh All' }).click();
}

/**
 * Expands a ticket list (e.g. "My Tickets") and waits for its first page: the
 * description turns into "N of M" (or matches `summary`: a helpdesk that reports no
 * totals says "10+"), the tickets are listed under it, and the rows have stopped changing
 * (a row clicked while the tree redraws runs a command VS Code has already dropped).
 */
export async function expandList(page: Page, label: string, { summary = /\d+ of \d+/ }: { summary?: RegExp } = {}): Promise<TreeRow[]> {
  const row = rowStartingWith(page, label);
  await row.waitFor({ state: 'visible', timeout: DEFAULT_WAIT_MS });
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  let previous = '';
  return until(`the tickets of "${label}"`, async () => {
    const rows = await treeRows(page);
    const list = rows.find((r) => r.label.startsWith(label));
    const children = childrenOf(rows, label) ?? [];
    const snapshot = JSON.stringify([list, children]);
    const settled = snapshot === previous;
    previous = snapshot;
    return settled && list?.expanded === 'true' && summary.test(list.label) && children.length > 0 ? children : undefined;
  }, { intervalMs: 300 });
}

// ---- quick inputs -------------------------------------------------------------------------

export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

async function quickInputTitle(page: Page): Promise<string> {
  return (await quickInput(page).locator('.quick-input-title').textContent({ timeout: 1000 })) ?? '';
}

/** Types like a user (key by key) into the quick input's text box and presses Enter. */
async function typeIntoQuickInput(page: Page, text: string): Promise<void> {
  const box = quickInput(page).locator('.quick-input-box input');
  await box.waitFor({ state: 'visible', timeout: DEFAULT_WAIT_MS });
  await box.fill('');
  await box.pressSequentially(text, { delay: 5 });
  await page.keyboard.press('Enter');
}

/**
 * "Add Helpdesk…" from the Tickets view: the welcome button a first run shows, or the "+"
 * in the view's title bar. Then DeskPRO, the address, the API key. Leaves the workbench
 * where the flow ends: the tree on success, the "could not connect" dialog on a refused key.
 */
export async function addDeskproHelpdesk(
  page: Page,
  { url, secret, from = 'title', steps }: { url: string; secret: string; from?: 'welcome' | 'title'; steps?: Steps },
): Promise<void> {
  await showHelpdeskView(page);
  if (from === 'welcome') await page.locator('.welcome-view-content').getByRole('button', { name: 'Add Helpdesk…' }).click();
  else await viewToolbar(page).getByRole('button', { name: 'Add Helpdesk…' }).click();

  const input = quickInput(page);
  await until('the helpdesk type picker', async () => /Add Helpdesk \(1\//.test(await quickInputTitle(page)));
  await steps?.shot(page, 'pick the helpdesk type');
  await input.getByRole('option', { name: 'DeskPRO', exact: true }).click();

  await until('the address step', async () => /Add Helpdesk \(2\//.test(await quickInputTitle(page)));
  await typeIntoQuickInput(page, url);

  await until('the API key step', async () => /Add Helpdesk \(3\//.test(await quickInputTitle(page)));
  const box = input.locator('.quick-input-box input');
  // The key is typed into a password box: never shown, never in a screenshot.
  if ((await box.getAttribute('type')) !== 'password') throw new Error('the API key box is not a password field');
  await box.pressSequentially(registerSecret('API key typed at Add Helpdesk', secret), { delay: 2 });
  await steps?.shot(page, 'type the API key');
  await page.keyboard.press('Enter');
}

/**
 * "Helpdesk: Open Ticket…" from the command palette: picks the helpdesk when asked (by
 * its address), types the number.
 */
export async function openTicketByNumber(page: Page, ticketNumber: string, baseUrl: string): Promise<void> {
  await runCommand(page, 'Helpdesk: Open Ticket…', { timeoutMs: DEFAULT_WAIT_MS });
  const input = quickInput(page);
  const step = await until('the helpdesk picker or the ticket number box', async () => {
    if (/^Open Ticket/.test(await quickInputTitle(page))) return 'number';
    const placeholder = await input.locator('.quick-input-box input').getAttribute('placeholder', { timeout: 1000 });
    return placeholder?.includes('which helpdesk') ? 'pick' : undefined;
  });
  if (step === 'pick') {
    await input.locator(`.monaco-list-row[aria-label*=${cssString(baseUrl)}]`).first().click();
    await until('the ticket number box', async () => /^Open Ticket/.test(await quickInputTitle(page)));
  }
  await typeIntoQuickInput(page, ticketNumber);
}

/** Closes what a test may have left open: quick inputs, dialogs, editors, notifications. */
export async function resetWorkbench(page: Page): Promise<void> {
  await captureWorkbench(page, 'after a test'); // for the secrets scan, before the panels close
  for (let i = 0; i < 2; i++) await page.keyboard.press('Escape');
  await runCommand(page, 'View: Close All Editors', { timeoutMs: 10_000 });
  await until('the editors to close', async () => (await page.locator('.tabs-container .tab').count()) === 0, { timeoutMs: 10_000 });
  await runCommand(page, 'Notifications: Clear All Notifications', { timeoutMs: 10_000 });
}

// ---- the ticket panel ---------------------------------------------------------------------

/** The webview content frame of the panel showing the ticket with this ref. */
export function ticketFrame(page: Page, ref: string, { timeoutMs = DEFAULT_WAIT_MS } = {}): Promise<Frame> {
  return waitForWebviewFrame(page, {
    timeoutMs,
    predicate: async (frame) => (await frame.evaluate(() => document.querySelector('.ticket-ref')?.textContent ?? '')) === ref,
  });
}

/** Waits until the panel shows `count` messages and has stopped loading. */
export async function conversationLoaded(frame: Frame, count: number): Promise<void> {
  await until(`${count} messages in the conversation`, async () => {
    const badge = await frame.locator('.conversation .count-badge').textContent({ timeout: 1000 });
    const loading = await frame.locator('.conversation-progress').isVisible();
    return badge === String(count) && !loading;
  });
}

/** The messages in the panel, oldest first: author, body text, internal flag, attachment names. */
export async function panelMessages(frame: Frame): Promise<Array<{ author: string; text: string; internal: boolean; internalLabel: boolean; attachments: string[] }>> {
  return frame.locator('.messages > article.message').evaluateAll((elements) =>
    elements.map((element) => ({
      author: element.querySelector('.message-author')?.textContent ?? '',
      text: (element.querySelector('.message-body') as HTMLElement | null)?.innerText ?? '',
      internal: element.classList.contains('internal'),
      internalLabel: element.querySelector('.internal-label') !== null,
      attachments: [...element.querySelectorAll('.attachment-name')].map((name) => name.textContent ?? ''),
    })),
  );
}

/**
 * Waits for what the panel shows after Send: the conversation grown to `count` messages,
 * or the composer's error (thrown with its text, so a refused reply fails at once).
 */
export async function sentMessageShown(frame: Frame, count: number): Promise<void> {
  const problem = await until(`message ${count} in the conversation`, async () => {
    const alert = frame.locator('.composer-error');
    if (await alert.isVisible()) return `the panel says: ${(await alert.textContent())?.trim()}`;
    return (await frame.locator('.messages > article.message').count()) === count ? 'shown' : undefined;
  });
  if (problem !== 'shown') throw new Error(`Sending failed; ${problem}`);
}

// ---- helpdesks that sign in with a user name and password (Jitbit) -----------------------

/** Opens "Add Helpdesk…" (welcome button or the title bar's "+") and waits for the type picker. */
export async function openAddHelpdesk(page: Page, { from = 'title' }: { from?: 'welcome' | 'title' } = {}): Promise<void> {
  await showHelpdeskView(page);
  if (from === 'welcome') await page.locator('.welcome-view-content').getByRole('button', { name: 'Add Helpdesk…' }).click();
  else await viewToolbar(page).getByRole('button', { name: 'Add Helpdesk…' }).click();
  await until('the helpdesk type picker', async () => /Add Helpdesk \(1\//.test(await quickInputTitle(page)));
}

/** Types `text` into the open type picker and returns the labels of the types it still lists. */
export async function typesMatching(page: Page, text: string): Promise<string[]> {
  const box = quickInput(page).locator('.quick-input-box input');
  await box.fill('');
  await box.pressSequentially(text, { delay: 5 });
  const options = quickInput(page).getByRole('option');
  let previous = '';
  // The list filters as the user types: wait until it stops changing.
  return until(`the helpdesk types matching "${text}"`, async () => {
    const labels = (await options.allTextContents()).map((label) => label.trim());
    const settled = JSON.stringify(labels) === previous;
    previous = JSON.stringify(labels);
    return settled ? labels : undefined;
  }, { intervalMs: 250 });
}

/**
 * Finishes "Add Helpdesk…" from the open type picker for a helpdesk that asks for a user
 * name, then a password: picks `type` (its exact name), types the address, the user name
 * and the password. Leaves the workbench where the flow ends: the tree on success, the
 * "could not connect" dialog on refused credentials.
 */
export async function finishAddLoginHelpdesk(
  page: Page,
  { type, url, username, password, steps }: { type: string; url: string; username: string; password: string; steps?: Steps },
): Promise<void> {
  const input = quickInput(page);
  // Anchored: the other name of the same product lists this one in its description.
  const name = new RegExp(`^${type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
  await input.getByRole('option', { name }).first().click();

  await until('the address step', async () => /Add Helpdesk \(2\//.test(await quickInputTitle(page)));
  await typeIntoQuickInput(page, url);

  await until('the user name step', async () => /Add Helpdesk \(3\//.test(await quickInputTitle(page)));
  const box = input.locator('.quick-input-box input');
  if ((await box.getAttribute('type')) === 'password') throw new Error('the user name box hides what is typed');
  await box.fill('');
  await box.pressSequentially(username, { delay: 5 });
  await steps?.shot(page, 'type the user name');
  await page.keyboard.press('Enter');

  await until('the password step', async () => /Add Helpdesk \(4\//.test(await quickInputTitle(page)));
  if ((await box.getAttribute('type')) !== 'password') throw new Error('the password box is not a password field');
  await box.pressSequentially(registerSecret('password typed at Add Helpdesk', password), { delay: 2 });
  await steps?.shot(page, 'type the password');
  await page.keyboard.press('Enter');
}

/**
 * Answers "Set Credentials" (opened from the root's fix-it row, say): keeps or replaces the
 * user name the box offers, then types the password.
 */
export async function enterLoginCredentials(page: Page, { username, password }: { username: string; password: string }): Promise<void> {
  const box = quickInput(page).locator('.quick-input-box input');
  await until('the Set Credentials user name box', async () => /^Set Credentials/.test(await quickInputTitle(page)) && (await box.getAttribute('type')) !== 'password');
  await box.fill(username);
  await page.keyboard.press('Enter');
  await until('the Set Credentials password box', async () => (await box.getAttribute('type')) === 'password');
  await box.pressSequentially(registerSecret('password typed at Set Credentials', password), { delay: 2 });
  await page.keyboard.press('Enter');
}

/** The text of the hover a tree row shows (its tooltip), as a user reads it. */
export async function rowHoverText(page: Page, row: Locator): Promise<string> {
  await row.hover();
  const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: /\S/ }).last();
  await hover.waitFor({ state: 'visible', timeout: DEFAULT_WAIT_MS });
  return (await hover.innerText()).trim();
}

/**
 * The tree row showing `text` as its label. For rows whose accessible name is their
 * tooltip (VS Code names a row by its plain-text tooltip when it has one), as fix-it rows.
 */
export function rowShowing(page: Page, text: string): Locator {
  return page.locator(TREE_ROW, { has: page.locator('.label-name', { hasText: text }) }).first();
}

// ---- helpdesks that ask how you sign in (DeskDirector) -----------------------------------

/**
 * Finishes "Add Helpdesk…" from the open type picker for a helpdesk that asks how you sign
 * in before the secret: picks `type` (its exact name), types the address, picks `method`
 * (the sign-in method's label, e.g. "API key") and types the secret into a password box.
 * Returns the sign-in methods the step offered (their labels, in order). Leaves the workbench
 * where the flow ends: the tree on success, the "could not connect" dialog on a refusal.
 */
export async function finishAddMethodHelpdesk(
  page: Page,
  { type, url, method, secret, steps }: { type: string; url: string; method: string; secret: string; steps?: Steps },
): Promise<string[]> {
  const input = quickInput(page);
  await input.getByRole('option', { name: type, exact: true }).click();

  await until('the address step', async () => /Add Helpdesk \(2\//.test(await quickInputTitle(page)));
  await typeIntoQuickInput(page, url);

  await until('the sign-in method step', async () => /Add Helpdesk \(3\//.test(await quickInputTitle(page)));
  const options = input.getByRole('option');
  let previous = '';
  const offered = await until('the sign-in methods', async () => {
    const labels = (await options.evaluateAll((rows) => rows.map((row) => row.querySelector('.label-name')?.textContent?.trim() ?? ''))).filter((label) => label !== '');
    const settled = labels.length > 0 && JSON.stringify(labels) === previous;
    previous = JSON.stringify(labels);
    return settled ? labels : undefined;
  }, { intervalMs: 250 });
  await steps?.shot(page, 'pick how you sign in');
  // By keyboard: a row's detail hover can cover the row below it.
  const position = offered.indexOf(method);
  if (position < 0) throw new Error(`"${method}" is not among the sign-in methods: ${offered.join(', ')}`);
  const focused = input.locator('.monaco-list-row.focused').first().locator('.label-name').first();
  for (let i = 0; i < offered.length && (await focused.textContent({ timeout: 1000 }))?.trim() !== offered[0]; i++) await page.keyboard.press('ArrowUp');
  for (let i = 0; i < position; i++) await page.keyboard.press('ArrowDown');
  await until(`"${method}" to be the chosen row`, async () => (await focused.textContent({ timeout: 1000 }))?.trim() === method);
  await page.keyboard.press('Enter');

  await until('the secret step', async () => /Add Helpdesk \(4\//.test(await quickInputTitle(page)));
  const box = input.locator('.quick-input-box input');
  if ((await box.getAttribute('type')) !== 'password') throw new Error('the secret box is not a password field');
  await box.pressSequentially(registerSecret('secret typed at Add Helpdesk', secret), { delay: 2 });
  await steps?.shot(page, 'type the secret');
  await page.keyboard.press('Enter');
  return offered;
}

/** Collapses a ticket list (its rows leave the tree, so the next list is on screen). */
export async function collapseList(page: Page, label: string): Promise<void> {
  const row = rowStartingWith(page, label);
  if ((await row.getAttribute('aria-expanded')) === 'true') await row.locator('.monaco-tl-twistie').click();
  await until(`"${label}" to collapse`, async () => (await row.getAttribute('aria-expanded')) === 'false');
}

/**
 * "Attach Files…" in the panel's reply box, answered in VS Code's own file dialog with the
 * whole `path` of the file. Waits for the file's chip in the reply box.
 */
export async function attachFileThroughDialog(page: Page, frame: Frame, path: string): Promise<void> {
  const name = path.slice(path.lastIndexOf('/') + 1);
  await frame.getByRole('button', { name: 'Attach Files…' }).click();
  const pathBox = quickInput(page).locator('.quick-input-box input');
  await pathBox.waitFor({ state: 'visible', timeout: DEFAULT_WAIT_MS });
  // The dialog fills in a folder once it has listed it (the workspace, or the folder last
  // used): what is typed before that is lost.
  await until('the file dialog to list a folder', async () =>
    (await pathBox.inputValue()).endsWith('/') && (await quickInput(page).locator('.monaco-list-row').count()) > 0,
  );
  await pathBox.fill(path);
  await until('the file dialog to keep the typed path', async () => (await pathBox.inputValue()) === path);
  await quickInput(page).locator('.monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: DEFAULT_WAIT_MS });
  await page.keyboard.press('Enter');
  await frame.locator('.pending-attachments .attachment-name', { hasText: name }).waitFor({ timeout: DEFAULT_WAIT_MS });
}
