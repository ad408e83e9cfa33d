// The editor as a user drives it for "Create Ticket from Selection…": Quick Open a file,
// select lines with the keyboard, right-click, pick the command from the context menu, and
// (when several helpdesks are configured) the helpdesk. Every wait has a deadline.
import type { Frame, Locator, Page } from 'playwright-core';
import { waitForWebviewFrame } from '../../host/browser.mjs';
import type { Steps } from './artifacts.mjs';
import { DEFAULT_WAIT_MS, quickInput, until } from './ui.mjs';

/** Opens `fileName` with Quick Open and returns the editor line showing `lineText`. */
export async function openWithQuickOpen(page: Page, fileName: string, lineText: string): Promise<Locator> {
  await page.keyboard.press('Control+P');
  const box = quickInput(page).locator('.quick-input-box input');
  await box.waitFor({ state: 'visible' });
  await box.pressSequentially(fileName, { delay: 5 });
  await quickInput(page).locator('.monaco-list-row', { hasText: fileName }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  const line = page.locator('.editor-instance .monaco-editor .view-line', { hasText: lineText }).first();
  await line.waitFor({ state: 'visible' });
  return line;
}

/** Selects `count` whole lines from line `first` (1-based) with the keyboard, as a user would. */
export async function selectLines(page: Page, anyLine: Locator, first: number, count: number): Promise<void> {
  await anyLine.click();
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < first; i++) await page.keyboard.press('ArrowDown');
  for (let i = 0; i < count; i++) await page.keyboard.press('Shift+ArrowDown');
  await until(`the status bar to say ${count} lines are selected`, async () =>
    new RegExp(`\\(\\d+ selected\\)|${count} lines`, 'i').test((await page.locator('.statusbar').textContent({ timeout: 1000 })) ?? ''),
  );
}

async function formReady(frame: Frame): Promise<boolean> {
  return frame.evaluate(() => document.querySelector('form.ticket-form')?.hasAttribute('hidden') === false);
}

/** The Create Ticket form's content frame, once the host has filled it. */
export function createFormFrame(page: Page): Promise<Frame> {
  return waitForWebviewFrame(page, { timeoutMs: 3 * DEFAULT_WAIT_MS, predicate: formReady });
}

/**
 * Right-clicks `onLine`, picks "Create Ticket from Selection…" from the editor's context menu
 * and, if the extension asks which helpdesk, the one at `baseUrl`. Returns the form's frame.
 */
export async function createTicketFromContextMenu(page: Page, onLine: Locator, { baseUrl, steps }: { baseUrl: string; steps?: Steps }): Promise<Frame> {
  await onLine.click({ button: 'right' });
  const item = page.getByRole('menuitem', { name: 'Create Ticket from Selection…' });
  await item.waitFor({ state: 'visible' });
  await steps?.shot(page, 'editor context menu');
  await item.click();
  const helpdesk = quickInput(page).locator(`.monaco-list-row[aria-label*=${JSON.stringify(baseUrl)}]`).first();
  // Either the helpdesk picker (several are configured) or the form itself comes up.
  const next = await until('the helpdesk picker or the create form', async () => {
    if (await helpdesk.isVisible()) return 'pick';
    for (const frame of page.frames()) {
      if (frame.parentFrame() && frame.parentFrame() !== page.mainFrame() && (await formReady(frame).catch(() => false))) return 'form';
    }
    return undefined;
  }, { timeoutMs: 3 * DEFAULT_WAIT_MS });
  if (next === 'pick') {
    await steps?.shot(page, 'which helpdesk');
    await helpdesk.click();
  }
  return createFormFrame(page);
}
