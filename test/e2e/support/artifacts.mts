// What each end-to-end test leaves under test-results/e2e/ (git-ignored): a screenshot per
// step, and on failure the page's HTML, every webview's HTML and the extension's log.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { repoRoot } from '../../host/install-code-server.mjs';

export const RESULTS_DIR = join(repoRoot, 'test-results', 'e2e');

export function clearResults(): void {
  rmSync(RESULTS_DIR, { recursive: true, force: true });
  mkdirSync(RESULTS_DIR, { recursive: true });
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'test';
}

/** The webview content frames (the extension's HTML), innermost of VS Code's two iframes each. */
export function webviewFrames(page: Page): Frame[] {
  return page.frames().filter((frame) => {
    const parent = frame.parentFrame();
    return parent !== null && parent !== page.mainFrame() && /webview/i.test(parent.url());
  });
}

/** Numbered screenshots of one test's steps, in a folder of its own. */
export class Steps {
  readonly dir: string;
  private count = 0;

  constructor(name: string) {
    this.dir = join(RESULTS_DIR, name);
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  /** The whole window; webviews included, as the user sees them. */
  async shot(page: Page, step: string): Promise<string> {
    this.count += 1;
    const file = join(this.dir, `${String(this.count).padStart(2, '0')}-${slug(step)}.png`);
    await page.screenshot({ path: file, timeout: 10_000 });
    return file;
  }
}

/** Every "Helpdesk" output channel file of the run (one per extension host: a reload starts a new one). */
export function extensionLog(userDataDir: string): string {
  const files: string[] = [];
  const walk = (dir: string): void => {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) walk(path);
      else if (name === 'Helpdesk.log' && path.includes('helpdesk-vscode')) files.push(path);
    }
  };
  walk(join(userDataDir, 'logs'));
  return files
    .sort()
    .map((file) => `==> ${file}\n${readFileSync(file, 'utf8')}`)
    .join('\n');
}

/**
 * Saves what explains a failure next to the test's screenshots. Each part is best effort:
 * a crashed page must not hide the log.
 */
export async function saveFailure(dir: string, page: Page | undefined, server: { userDataDir: string; output(): string } | undefined): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const saved: string[] = [];
  const save = (name: string, text: string): void => {
    const file = join(dir, name);
    writeFileSync(file, text);
    saved.push(file);
  };
  if (page && !page.isClosed()) {
    await page
      .screenshot({ path: join(dir, 'FAILED.png'), timeout: 10_000 })
      .then(() => saved.push(join(dir, 'FAILED.png')))
      .catch(() => undefined);
    const notices = await page
      .locator('.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message')
      .allTextContents()
      .catch(() => []);
    save('FAILED-notifications.txt', notices.length ? `${notices.join('\n')}\n` : '(no notifications on screen)\n');
    const html = await page.content().catch((error: unknown) => `(page HTML unavailable: ${String(error)})`);
    save('FAILED-page.html', html);
    let n = 0;
    for (const frame of webviewFrames(page)) {
      n += 1;
      const content = await frame.content().catch((error: unknown) => `(webview HTML unavailable: ${String(error)})`);
      save(`FAILED-webview-${n}.html`, content);
    }
  }
  if (server) {
    save('FAILED-extension.log', extensionLog(server.userDataDir) || '(no Helpdesk output channel file was written)');
    save('FAILED-code-server.log', server.output());
  }
  return saved;
}
