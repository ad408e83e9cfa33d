// Opens a code-server workbench in Debian's headless Chromium through playwright-core.
//
//   const wb = await openWorkbench(server.url, workspaceFolder, { screenshotDir: 'test-results/x' });
//   await clickActivity(wb.page, 'Helpdesk');
//   await wb.close();
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];

function safeName(name) {
  return name.replace(/[^a-z0-9._-]+/gi, '-').replace(/^-+|-+$/g, '') || 'shot';
}

/**
 * Launches Chromium, opens `url` with `?folder=<folder>` and waits for the workbench.
 * `url` may already carry query parameters (startCodeServer's url carries the
 * extensionDevelopmentPath payload); `folder` replaces its folder parameter.
 *
 * @param {string} url
 * @param {string} [folder]
 * @param {{screenshotDir?: string, timeoutMs?: number, viewport?: {width: number, height: number}, headless?: boolean}} [options]
 * @returns {Promise<{browser: import('playwright-core').Browser, context: import('playwright-core').BrowserContext,
 *   page: import('playwright-core').Page, consoleErrors: string[], screenshot(name: string): Promise<string>, close(): Promise<void>}>}
 */
export async function openWorkbench(url, folder, { screenshotDir = 'test-results/workbench', timeoutMs = 60_000, viewport = { width: 1400, height: 900 }, headless = true } = {}) {
  const target = new URL(url);
  if (folder) target.searchParams.set('folder', resolve(folder));
  const shotDir = resolve(screenshotDir);
  mkdirSync(shotDir, { recursive: true });

  // Chromium writes crash reports and caches under XDG folders (~/.config/chromium otherwise).
  const scratch = mkdtempSync(join(tmpdir(), 'helpdesk-chromium-'));
  const env = { ...process.env, XDG_CONFIG_HOME: join(scratch, 'config'), XDG_CACHE_HOME: join(scratch, 'cache') };
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless, args: CHROMIUM_ARGS, env });
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await browser.close().catch(() => {});
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const consoleErrors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));

    const screenshot = async (name) => {
      const file = join(shotDir, `${safeName(name)}.png`);
      await page.screenshot({ path: file });
      return file;
    };

    await page.goto(target.toString(), { waitUntil: 'domcontentloaded', timeout: timeoutMs });
    try {
      await page.locator('.monaco-workbench').first().waitFor({ state: 'visible', timeout: timeoutMs });
    } catch (error) {
      const file = await screenshot('workbench-timeout').catch(() => '(no screenshot)');
      throw new Error(`The workbench did not appear within ${timeoutMs} ms at ${target}. Screenshot: ${file}. Console errors:\n${consoleErrors.slice(-10).join('\n')}\n${error.message}`);
    }
    return { browser, context, page, consoleErrors, screenshot, close };
  } catch (error) {
    await close();
    throw error;
  }
}

// ---- Helpers for driving the workbench -------------------------------------------------

/** The activity bar entry whose accessible name starts with `title` (e.g. 'Helpdesk'). */
export function activityItem(page, title) {
  return page.locator(`.activitybar .action-item a.action-label[aria-label^="${title.replace(/"/g, '\\"')}"]`).first();
}

/** Clicks an activity bar entry and waits for its side bar to open (a no-op click if it is open). */
export async function clickActivity(page, title, { timeoutMs = 30_000 } = {}) {
  const item = activityItem(page, title);
  await item.waitFor({ state: 'visible', timeout: timeoutMs });
  const checked = await item.getAttribute('aria-pressed').catch(() => null);
  const selected = await item.locator('xpath=..').getAttribute('class').catch(() => '');
  if (checked !== 'true' && !/\bchecked\b/.test(selected ?? '')) await item.click();
  await page.locator('.part.sidebar').first().waitFor({ state: 'visible', timeout: timeoutMs });
}

/** A tree row (custom tree views, explorer) whose label matches `label` (string = substring, or RegExp). */
export function treeItem(page, label) {
  return page.locator('.part.sidebar .monaco-list-row', { hasText: label }).first();
}

/** Expands a collapsed tree row (clicking the twistie); returns the row locator. */
export async function expandTreeItem(page, label, { timeoutMs = 30_000 } = {}) {
  const row = treeItem(page, label);
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  if ((await row.getAttribute('aria-expanded')) === 'false') {
    await row.locator('.monaco-tl-twistie').click();
    await page.waitForFunction((el) => el.getAttribute('aria-expanded') === 'true', await row.elementHandle(), { timeout: timeoutMs });
  }
  return row;
}

/** Runs a command through the command palette (F1), by its title as shown there. */
export async function runCommand(page, title, { timeoutMs = 30_000 } = {}) {
  await page.keyboard.press('F1');
  // The text box only: the widget also holds a check-all box and one checkbox per row.
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  await page.keyboard.press('Enter');
}

/**
 * @param {import('playwright-core').Page} page
 * @param {{predicate?: (frame: import('playwright-core').Frame) => Promise<boolean> | boolean, timeoutMs?: number}} [options]
 * @returns {Promise<import('playwright-core').Frame>}
 *
 * Waits for a webview's content frame: webviews are an outer iframe (index.html host) with
 * an inner `active-frame` holding the extension's HTML. `predicate(frame)` may narrow it
 * down (e.g. by a selector it must contain); by default any webview content frame counts.
 */
export async function waitForWebviewFrame(page, { predicate, timeoutMs = 30_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const parent = frame.parentFrame();
      // The inner frame's parent is the webview host frame, itself a child of the workbench page.
      if (!parent || parent === page.mainFrame()) continue;
      if (!/\/webview\/|vscode-webview|webview/i.test(parent.url())) continue;
      try {
        if (!predicate || (await predicate(frame))) return frame;
      } catch {
        // frame navigated or detached meanwhile
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`No webview frame appeared within ${timeoutMs} ms. Frames:\n${page.frames().map((f) => `  ${f.name()} ${f.url()}`).join('\n')}`);
    }
    await page.waitForTimeout(250);
  }
}

/** Screenshots of every webview content frame's body (the iframes' own pixels), as files in `dir`. */
export async function screenshotWebviewFrames(page, dir, prefix = 'webview') {
  mkdirSync(dir, { recursive: true });
  const files = [];
  let n = 0;
  for (const frame of page.frames()) {
    const parent = frame.parentFrame();
    if (!parent || parent === page.mainFrame()) continue;
    if (!/webview/i.test(parent.url())) continue;
    n += 1;
    const file = join(dir, `${safeName(prefix)}-${n}.png`);
    try {
      const element = await frame.frameElement();
      await element.screenshot({ path: file });
      files.push(file);
    } catch {
      // hidden (a background tab's webview) or detached
    }
  }
  return files;
}
