// The Markdown previews in Chromium (run.ts "preview"): the reply box's and the Create Ticket
// form's. The pages ask the host; here the host is the real one's code (PreviewResponder with
// the real renderBody) behind a binding, so what is checked is the whole way: the page's
// request, the host's rendering and sanitizing, the page showing only its latest answer.
// A page can be told to hold its answers (to see "Rendering preview…" and to answer out of
// order) or to fail them.
import type { Page } from 'playwright-core';
import { silentLogger } from '../../src/helpdesk/log';
import { renderBody } from '../../src/helpdesk/render';
import type { RenderBody } from '../../src/helpdesk/render/types';
import type { HostToForm } from '../../src/shared/protocol/createForm';
import type { HostToWebview, WebviewToHost } from '../../src/shared/protocol/panel';
import type { PreviewRequest } from '../../src/shared/protocol/preview';
import { PreviewResponder } from '../../src/ui/markdownPreview';
import { formInit, formReference } from './formFixtures';
import { ticketMessage } from './fixtures';

/** The host's preview answers for every page the harness opens. */
export class PreviewHost {
  private readonly held = new Map<Page, Array<{ request: PreviewRequest; run: () => Promise<void> }>>();
  private readonly failing = new Set<Page>();

  /** Before the page loads: its fake acquireVsCodeApi hands renderPreview requests to this binding. */
  async attach(page: Page): Promise<void> {
    const render: RenderBody = (body, format, options) => {
      if (this.failing.has(page)) throw new Error('renderer not available');
      return renderBody(body, format, options);
    };
    const responder = new PreviewResponder(
      render,
      (answer) => void page.evaluate((message) => window.postMessage(message, '*'), answer).catch(() => undefined),
      silentLogger,
    );
    await page.exposeFunction('__renderPreview', async (request: PreviewRequest) => {
      const run = () => responder.answer(request.seq, request.markdown);
      const queue = this.held.get(page);
      if (queue) queue.push({ request, run });
      else await run();
    });
  }

  /** Answers wait until released. */
  hold(page: Page): void {
    if (!this.held.has(page)) this.held.set(page, []);
  }

  /** The requests held so far, oldest first. */
  pending(page: Page): PreviewRequest[] {
    return (this.held.get(page) ?? []).map((entry) => entry.request);
  }

  /** Answers what was held, newest first when `reversed` (a late answer to an older request). */
  async release(page: Page, reversed = false): Promise<void> {
    const queue = this.held.get(page) ?? [];
    this.held.delete(page);
    for (const entry of reversed ? [...queue].reverse() : queue) await entry.run();
    await settle(page);
  }

  fail(page: Page, on: boolean): void {
    if (on) this.failing.add(page);
    else this.failing.delete(page);
  }
}

/** The preview shows an answer (not "Rendering preview…"); false if none came (the checks then say what is missing). */
export async function previewSettled(page: Page): Promise<boolean> {
  return page
    .locator('.composer-preview[aria-busy="false"]:not([hidden])')
    .waitFor({ timeout: 10_000 })
    .then(() => true)
    .catch(() => false);
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0))));
}

export interface PreviewHarness {
  open(config: { theme: 'dark' | 'light' | 'high-contrast'; allowRemoteImages: boolean; page?: 'panel' | 'form' }, viewport?: { width: number; height: number }): Promise<Page>;
  previews: PreviewHost;
  post(page: Page, messages: ReadonlyArray<HostToWebview | HostToForm>): Promise<void>;
  posted(page: Page): Promise<WebviewToHost[]>;
  clearPosted(page: Page): Promise<void>;
  check(name: string, ok: boolean, detail?: string): void;
  shotPath(name: string): string;
  cspViolations(page: Page): Promise<string[]>;
}

const HOSTILE = [
  'Hi **Maria**, see [the docs](https://support.acme.example/kb/VPN-2142).',
  '',
  '[Open a terminal](command:workbench.action.terminal.new) · [settings](vscode://settings/foo) · [relative](//evil.example/x)',
  '',
  '![diagram](https://images.example/diagram.png) and <img src=x onerror="window.__xss=1"> <script>window.__xss=2</script>',
].join('\n');

async function previewRequests(t: PreviewHarness, page: Page): Promise<Array<Extract<WebviewToHost, { type: 'renderPreview' }>>> {
  return (await t.posted(page)).filter((m): m is Extract<WebviewToHost, { type: 'renderPreview' }> => m.type === 'renderPreview');
}

export async function previewChecks(t: PreviewHarness): Promise<void> {
  await replyPreview(t);
  await formPreview(t);
}

async function replyPreview(t: PreviewHarness): Promise<void> {
  const { check } = t;
  const page = await t.open({ theme: 'dark', allowRemoteImages: false });
  await t.post(page, [ticketMessage(0), { type: 'messages', messages: [], reset: true, done: true }, { type: 'draft', draft: { markdown: '', internal: false }, attachments: [] }]);
  const input = page.locator('.composer-input');
  const preview = page.locator('.composer-preview');
  const previewTab = page.locator('.composer .tab', { hasText: 'Preview' });
  const writeTab = page.locator('.composer .tab', { hasText: 'Write' });

  // Typing asks the host for nothing: no rendering while the words go in.
  await clearPosted(t, page);
  await input.pressSequentially('Hello **there**', { delay: 5 });
  check('preview: typing asks for no preview', (await previewRequests(t, page)).length === 0);

  await previewTab.click();
  check('preview: the host’s answer arrives', await previewSettled(page));
  const requests = await previewRequests(t, page);
  check('preview: Preview asks the host once with the text', requests.length === 1 && requests[0].markdown === 'Hello **there**', JSON.stringify(requests));
  check('preview: the host’s HTML is shown', (await preview.locator('strong', { hasText: 'there' }).count()) === 1, await preview.innerHTML());

  // Back and forth without typing: the last answer, at once, nothing asked.
  await writeTab.click();
  await previewTab.click();
  check('preview: unchanged text is shown again without asking', (await previewRequests(t, page)).length === 1 && (await preview.locator('strong').count()) === 1);

  // The sanitizing the host applies to bodies applies to the preview.
  await writeTab.click();
  await input.fill(HOSTILE);
  await previewTab.click();
  await previewSettled(page);
  const html = await preview.innerHTML();
  const hostile = await page.evaluate(() => {
    const pane = document.querySelector('.composer-preview')!;
    return {
      xss: (window as unknown as { __xss?: unknown }).__xss,
      links: [...pane.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
      images: pane.querySelectorAll('img').length,
      placeholders: pane.querySelectorAll('.remote-image').length,
      scripts: pane.querySelectorAll('script').length,
    };
  });
  check('preview: only the https link is a link (no command:, vscode:, //)', JSON.stringify(hostile.links) === JSON.stringify(['https://support.acme.example/kb/VPN-2142']), JSON.stringify(hostile.links));
  check('preview: the remote image is a placeholder, raw HTML is text', hostile.images === 0 && hostile.placeholders === 1 && hostile.scripts === 0 && hostile.xss === undefined && html.includes('&lt;script&gt;'), html);

  // "Rendering preview…" while the answer is on its way (the host's renderer still loading, say).
  await writeTab.click();
  await input.fill('First **draft**');
  t.previews.hold(page);
  await previewTab.click();
  await page.waitForTimeout(200);
  const pending = page.locator('.composer-preview .preview-pending');
  check('preview: "Rendering preview…" until the host answers', (await pending.isVisible()) && (await pending.innerText()).includes('Rendering preview…') && (await preview.getAttribute('aria-busy')) === 'true');
  const box = page.locator('.composer-box');
  await box.scrollIntoViewIfNeeded();
  await box.screenshot({ path: t.shotPath('dark-composer-preview-pending') });

  // A newer request while the first is unanswered; the answers come newest first.
  await writeTab.click();
  await input.fill('Second **draft**');
  await previewTab.click();
  check('preview: both requests reached the host', t.previews.pending(page).length === 2, JSON.stringify(t.previews.pending(page)));
  await t.previews.release(page, true);
  await previewSettled(page);
  check('preview: a late answer does not replace the newer one', (await preview.innerText()).includes('Second draft') && !(await preview.innerText()).includes('First'), await preview.innerText());
  await box.screenshot({ path: t.shotPath('dark-composer-preview-late-answer') });

  // The host could not render: said in the pane, the text kept.
  await writeTab.click();
  await input.fill('Third');
  t.previews.fail(page, true);
  await previewTab.click();
  await previewSettled(page);
  t.previews.fail(page, false);
  const failed = page.locator('.composer-preview .preview-failed');
  check('preview: a failure is said in the pane', (await failed.count()) === 1 && ((await failed.textContent()) ?? '').includes('could not be rendered'), await preview.innerHTML());
  await writeTab.click();
  check('preview: the text stays as written after a failure', (await input.inputValue()) === 'Third');

  await input.fill('');
  await previewTab.click();
  check('preview: empty text needs no host', (await preview.innerText()).includes('Nothing to preview.'));
  check('preview page: no CSP violations', (await t.cspViolations(page)).length === 0, (await t.cspViolations(page)).join(', '));
  await page.context().close();
}

async function formPreview(t: PreviewHarness): Promise<void> {
  const { check } = t;
  const page = await t.open({ theme: 'dark', allowRemoteImages: false, page: 'form' });
  await t.post(page, [formInit(), formReference]);
  const preview = page.locator('.composer-preview');
  await page.locator('.tab', { hasText: 'Preview' }).click();
  await previewSettled(page);
  check('form preview: the description rendered by the host', (await preview.locator('pre code').count()) === 1 && (await preview.locator('code', { hasText: 'src/auth/refresh.ts' }).count()) === 1, await preview.innerHTML());

  // The host rewrites the text (secrets redacted) while the preview shows: shown anew, the old words gone.
  await t.post(page, [{ type: 'values', subject: 'Token refresh', body: 'token = **[REDACTED]**' }]);
  await previewSettled(page);
  const text = await preview.innerText();
  check('form preview: follows the host’s rewritten text', text.includes('[REDACTED]') && !text.includes('fetchToken'), text);
  await page.locator('.form-field-body').screenshot({ path: t.shotPath('dark-form-preview') });
  check('form preview: no CSP violations', (await t.cspViolations(page)).length === 0, (await t.cspViolations(page)).join(', '));
  await page.context().close();
}

async function clearPosted(t: PreviewHarness, page: Page): Promise<void> {
  await t.clearPosted(page);
}
