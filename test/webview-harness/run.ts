// Shows the ticket panel's browser code in Chromium without VS Code, to look at it and time it.
//   npx tsx test/webview-harness/run.ts [themes behaviour composer states xss canned linked addToDraft preview a11y timing]
// (a11y: an axe-core scan of every fixture state of the panel and the Create Ticket form, a11y.ts;
// preview: the Markdown previews, answered by the host's own preview code, preview.ts)
// Builds src/webview/panel/main.ts with esbuild, serves the page from panelHtml (same CSP as the
// extension) with a fake acquireVsCodeApi that records what the panel posts, feeds it host
// messages, checks the behaviour, and writes screenshots to test-results/webview/*.png.
import * as esbuild from 'esbuild';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { renderBody } from '../../src/helpdesk/render';
import type { HostToWebview, MessageView, PanelState, WebviewToHost } from '../../src/shared/protocol/panel';
import { createTicketFormHtml } from '../../src/ui/code/formHtml';
import { panelHtml } from '../../src/ui/webviewPage';
import { accessibility, keyboard } from './a11y';
import { panelNiceties } from './niceties';
import { PreviewHost, previewChecks, previewSettled } from './preview';
import { cannedReplyFromHtml, chunked, linkedCode, manyLinkedCode, threadMessages, ticketMessage, ticketWithCannedReplies, xssBodies } from './fixtures';
import { type ThemeName, themeCss, themes, vscodeDefaultStyles } from './themes';

const root = resolve(__dirname, '../..');
const shots = join(root, 'test-results/webview');

/** What the fake VS Code API and the CSP listener leave on window. */
interface HarnessWindow {
  __posted: WebviewToHost[];
  __state: unknown;
  __csp: string[];
  __xss?: unknown;
}

interface PageConfig {
  theme: ThemeName;
  allowRemoteImages: boolean;
  state?: Partial<PanelState>;
  /** Which webview page: the ticket panel (default) or the Create Ticket form. */
  page?: 'panel' | 'form';
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { recordLayer } = require('../support/summary.js') as { recordLayer(counts: { passed: number; failed: number; skipped: number }): void };

const failures: string[] = [];
const report: string[] = [];

function check(name: string, ok: boolean, detail = ''): void {
  report.push(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
  if (!ok) failures.push(name);
}

async function buildBundle(dir: string): Promise<void> {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/webview/panel/main.ts'],
    outfile: join(dir, 'main.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    logLevel: 'warning',
  });
  mkdirSync(join(dir, 'codicons'), { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) {
    copyFileSync(join(root, 'node_modules/@vscode/codicons/dist', file), join(dir, 'codicons', file));
  }
  // The Create Ticket form, for the accessibility scan.
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/webview/createForm/main.ts'],
    outfile: join(dir, 'createTicket.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'media/create-ticket.css'), join(dir, 'create-ticket.css'));
  copyFileSync(join(root, 'media/panel.css'), join(dir, 'panel.css'));
  writeFileSync(join(dir, 'vscode-defaults.css'), vscodeDefaultStyles);
  // Full-page pictures are taken in one go: cards must not skip painting when off-screen.
  writeFileSync(join(dir, 'harness.css'), 'html.harness-full-page .message { content-visibility: visible !important; }\n');
  for (const name of Object.keys(themes) as ThemeName[]) writeFileSync(join(dir, `theme-${name}.css`), themeCss(name));
}

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.html': 'text/html',
};

/** The page as the host builds it, plus what VS Code itself adds: theme variables and the API. */
function pageFor(origin: string, config: PageConfig): string {
  const nonce = randomBytes(16).toString('base64');
  const html = config.page === 'form'
    ? createTicketFormHtml({
        cspSource: origin,
        nonce,
        scriptUri: `${origin}/createTicket.js`,
        styleUris: [`${origin}/panel.css`, `${origin}/create-ticket.css`],
        codiconUri: `${origin}/codicons/codicon.css`,
        title: 'New Ticket',
      })
    : panelHtml({
        cspSource: origin,
        nonce,
        scriptUri: `${origin}/main.js`,
        styleUri: `${origin}/panel.css`,
        codiconUri: `${origin}/codicons/codicon.css`,
        allowRemoteImages: config.allowRemoteImages,
        title: 'ACME-4821',
      });
  const vscodeStyles = `<link rel="stylesheet" href="${origin}/vscode-defaults.css"><link rel="stylesheet" href="${origin}/theme-${config.theme}.css"><link rel="stylesheet" href="${origin}/harness.css">`;
  const fakeApi = `<script nonce="${nonce}">
document.body.classList.add(${JSON.stringify(themes[config.theme].bodyClass)});
window.__posted = []; window.__csp = []; window.__state = ${JSON.stringify(config.state ?? null)};
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
let acquired = false;
window.acquireVsCodeApi = () => {
  if (acquired) throw new Error('acquireVsCodeApi called twice');
  acquired = true;
  return {
    postMessage: (m) => {
      window.__posted.push(JSON.parse(JSON.stringify(m)));
      // The host renders the previews (preview.ts answers through this binding).
      if (m && m.type === 'renderPreview') void window.__renderPreview(JSON.parse(JSON.stringify(m)));
    },
    getState: () => window.__state,
    setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
  };
};
</script>`;
  return html.replace('<head>', `<head>\n${vscodeStyles}`).replace(/<script nonce=/, `${fakeApi}\n<script nonce=`);
}

function serve(dir: string, configs: Map<string, PageConfig>): Promise<{ server: Server; origin: string }> {
  return new Promise((resolveServer) => {
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const origin = `http://${request.headers.host}`;
      if (url.pathname === '/favicon.ico') return void response.writeHead(204).end();
      if (url.pathname.startsWith('/panel/')) {
        const config = configs.get(url.pathname.slice('/panel/'.length));
        if (!config) return void response.writeHead(404).end();
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageFor(origin, config));
        return;
      }
      try {
        const file = join(dir, url.pathname.replace(/\.\./g, ''));
        const body = readFileSync(file);
        response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' }).end(body);
      } catch {
        response.writeHead(404).end();
      }
    });
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolveServer({ server, origin: `http://127.0.0.1:${port}` });
    });
  });
}

class Harness {
  private next = 0;
  readonly problems: string[] = [];
  readonly previews = new PreviewHost();

  constructor(
    private readonly browser: Browser,
    private readonly origin: string,
    private readonly configs: Map<string, PageConfig>,
  ) {}

  async open(config: PageConfig, viewport = { width: 1100, height: 900 }): Promise<Page> {
    const id = `p${this.next++}`;
    this.configs.set(id, config);
    const context = await this.browser.newContext({ viewport, deviceScaleFactor: 1, colorScheme: config.theme === 'light' ? 'light' : 'dark' });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') this.problems.push(`[${id} console.${message.type()}] ${message.text()}`);
    });
    page.on('pageerror', (error) => this.problems.push(`[${id} pageerror] ${error.message}`));
    await this.previews.attach(page);
    await page.goto(`${this.origin}/panel/${id}`);
    await page.waitForFunction(() => (window as unknown as HarnessWindow).__posted.some((m) => m.type === 'ready'));
    return page;
  }
}

async function post(page: Page, messages: HostToWebview[]): Promise<void> {
  await page.evaluate((list) => {
    for (const message of list) window.postMessage(message, '*');
  }, messages);
  // Let the message events run and the page lay out.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0))));
}

async function posted(page: Page): Promise<WebviewToHost[]> {
  return page.evaluate(() => (window as unknown as HarnessWindow).__posted);
}

async function clearPosted(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as HarnessWindow).__posted = [];
  });
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as HarnessWindow).__csp);
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  // Fonts (codicons) must be in before the picture is taken.
  await page.evaluate((full) => {
    document.documentElement.classList.toggle('harness-full-page', full);
    return document.fonts.ready.then(() => undefined);
  }, fullPage);
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage });
  if (fullPage) {
    // Also in readable pieces: a 6000-pixel picture is shrunk past reading in most viewers.
    const { width, height } = await page.evaluate(() => ({ width: document.documentElement.clientWidth, height: document.documentElement.scrollHeight }));
    const pieceHeight = 1300;
    for (let y = 0, piece = 1; y < height; y += pieceHeight, piece++) {
      const clip = { x: 0, y, width, height: Math.min(pieceHeight, height - y) };
      await page.screenshot({ path: join(shots, 'pieces', `${name}-${piece}.png`), fullPage: true, clip });
    }
  }
}

async function loadThread(page: Page, allowRemoteImages = false): Promise<void> {
  const { messages, remoteImagesBlocked } = threadMessages(undefined, undefined, allowRemoteImages);
  await post(page, [ticketMessage(0, undefined, allowRemoteImages), ...chunked(messages, 10)]);
  // As the controller does: the ticket again once the blocked-image count is known.
  await post(page, [ticketMessage(remoteImagesBlocked, undefined, allowRemoteImages), { type: 'draft', draft: { markdown: '', internal: false }, attachments: [] }]);
}

async function themedRuns(harness: Harness): Promise<void> {
  for (const theme of ['dark', 'light', 'high-contrast'] as const) {
    const page = await harness.open({ theme, allowRemoteImages: false });
    await loadThread(page);
    await shoot(page, `${theme}-top`);
    await shoot(page, `${theme}-full`, true);
    check(`${theme}: no CSP violations`, (await cspViolations(page)).length === 0, (await cspViolations(page)).join(', '));
    await page.context().close();
  }
}

async function behaviour(harness: Harness): Promise<void> {
  const page = await harness.open({ theme: 'dark', allowRemoteImages: false });
  const first = (await posted(page))[0];
  check('posts ready first', first?.type === 'ready');
  await loadThread(page);

  const cards = await page.locator('.messages > [role="listitem"]').count();
  check('renders all 30 messages', cards === 30, `${cards}`);
  check('progress line gone when done', await page.locator('.conversation-progress').isHidden());
  check('internal notes marked', (await page.locator('.message.internal .internal-label').count()) === 6);
  check('system messages quiet', (await page.locator('.message.system').count()) === 8);
  check('tracking pixel not in DOM', (await page.locator('[data-src*="mailtrack"], img[src*="mailtrack"]').count()) === 0);
  const barText = (await page.locator('.remote-images-bar > span').first().innerText()).trim();
  check('remote images bar', /remote images blocked/.test(barText), barText);
  check('quoted history folded', (await page.locator('.quote-toggle').count()) >= 2, `${await page.locator('.quote-toggle').count()} folds`);

  await clearPosted(page);
  const url = page.url();
  await page.locator('.message-body a[href^="https://support.acme.example"]').first().click();
  const link = (await posted(page)).find((m) => m.type === 'openLink');
  check('link click posts openLink and does not navigate', link?.type === 'openLink' && link.href === 'https://support.acme.example/kb/VPN-2142' && page.url() === url);

  await clearPosted(page);
  await page.locator('.attachment-chip', { hasText: 'diag.zip' }).click();
  const download = (await posted(page)).find((m) => m.type === 'download');
  check('attachment chip posts download', download?.type === 'download' && download.attachmentId === 'a8' && download.messageId === 'm17', JSON.stringify(download));

  await clearPosted(page);
  await page.locator('.remote-images-bar button').click();
  check('Load images posts allowRemoteImages', (await posted(page)).some((m) => m.type === 'allowRemoteImages'));

  await clearPosted(page);
  await page.locator('select[data-field="status"]').selectOption('5');
  const update = (await posted(page)).find((m) => m.type === 'update');
  check('status select posts update', update?.type === 'update' && update.field === 'status' && update.value === '5');
  check('select waits for the host', await page.locator('select[data-field="status"]').isDisabled());
  await page.locator('select[data-field="agent"]').selectOption('');
  const unassign = (await posted(page)).filter((m) => m.type === 'update').pop();
  check('Unassigned posts agent null', unassign?.type === 'update' && unassign.field === 'agent' && unassign.value === null);

  await clearPosted(page);
  await page.locator('.composer-input').fill('Hello **Maria**');
  await page.waitForTimeout(450);
  const draftPost = (await posted(page)).find((m) => m.type === 'draftChanged');
  const state = (await page.evaluate(() => (window as unknown as HarnessWindow).__state)) as PanelState;
  check('typing posts draftChanged (debounced)', draftPost?.type === 'draftChanged' && draftPost.draft.markdown === 'Hello **Maria**');
  check('typing saves webview state', state?.draft?.markdown === 'Hello **Maria**' && state.ticketId === '4821', JSON.stringify(state));

  await clearPosted(page);
  await page.locator('.composer-input').press('Control+Enter');
  const send = (await posted(page)).find((m) => m.type === 'send');
  check('Ctrl+Enter posts send', send?.type === 'send' && send.draft.markdown === 'Hello **Maria**');
  check('Send disabled while sending', await page.locator('.send-button').isDisabled());
  await post(page, [{ type: 'error', context: 'send', error: { kind: 'network', message: 'Could not reach acme.deskpro.example (ECONNRESET).', action: { label: 'Retry', command: 'retry' } } }]);
  check('send error keeps the text', (await page.locator('.composer-input').inputValue()) === 'Hello **Maria**');
  check('send error shown inline', await page.locator('.composer-error').isVisible());
  await clearPosted(page);
  await page.locator('.composer-error button', { hasText: 'Retry' }).click();
  check('error action posts command', (await posted(page)).some((m) => m.type === 'command' && m.command === 'retry'));

  await page.locator('.composer-input').press('Control+Enter');
  const sentMessage: MessageView = { ...threadMessages(1).messages[0], id: 'm-new', author: 'Tom Becker', authorIsAgent: true, html: renderBody('Hello **Maria**', 'markdown', { allowRemoteImages: false }).html, attachments: [], createdAt: new Date().toISOString() };
  await post(page, [{ type: 'sent', message: sentMessage }, { type: 'attachments', attachments: [] }]);
  const afterState = (await page.evaluate(() => (window as unknown as HarnessWindow).__state)) as PanelState;
  check('sent clears the draft', (await page.locator('.composer-input').inputValue()) === '' && afterState.draft?.markdown === '');
  check('sent appends the message', (await page.locator('.messages > [role="listitem"]').count()) === 31);
  check('behaviour page: no CSP violations', (await cspViolations(page)).length === 0, (await cspViolations(page)).join(', '));
  await page.context().close();

  // A reload restores the draft from the webview state before the host says anything.
  const reloaded = await harness.open({ theme: 'dark', allowRemoteImages: false, state: { instanceId: 'acme', ticketId: '4821', draft: { markdown: 'unsent words', internal: true } } });
  check('draft restored from getState', (await reloaded.locator('.composer-input').inputValue()) === 'unsent words');
  await post(reloaded, [{ type: 'draft', draft: { markdown: 'older words', internal: false }, attachments: [{ id: 'p1', name: 'a.txt', size: 3 }] }]);
  check('host draft does not replace newer local words', (await reloaded.locator('.composer-input').inputValue()) === 'unsent words');
  check('host draft still brings the pending attachments', (await reloaded.locator('.pending-attachments .attachment-chip').count()) === 1);
  await reloaded.context().close();
}

async function composerStates(harness: Harness): Promise<void> {
  const page = await harness.open({ theme: 'dark', allowRemoteImages: false });
  await loadThread(page);
  const markdown = 'Hi Maria,\n\nthe **2.14.2** installer keeps custom settings:\n\n- SA lifetime stays at `28800`\n- the Intune profile can be removed afterwards\n\nDetails: https://support.acme.example/kb/VPN-2142';
  await post(page, [
    { type: 'draft', draft: { markdown, internal: false, newStatus: '3' }, attachments: [{ id: 'p1', name: 'release-notes-2.14.2.pdf', size: 482_113 }, { id: 'p2', name: 'vpn-settings.png', size: 96_220 }] },
  ]);
  check('host draft fills an empty composer', (await page.locator('.composer-input').inputValue()) === markdown);
  check('host draft restores the status choice', (await page.locator('.status-on-reply select').inputValue()) === '3');
  const composer = page.locator('.composer');
  await composer.scrollIntoViewIfNeeded();
  await composer.screenshot({ path: join(shots, 'dark-composer.png') });
  await page.locator('.tab', { hasText: 'Preview' }).click();
  await previewSettled(page);
  await composer.screenshot({ path: join(shots, 'dark-composer-preview.png') });
  const previewHtml = await page.locator('.composer-preview').innerHTML();
  // Through the body sanitizer since #12 (links gain its rel/target attributes).
  check('preview renders markdown', previewHtml.includes('<strong>2.14.2</strong>') && /<a [^>]*href="https:\/\/support\.acme\.example\/kb\/VPN-2142"/.test(previewHtml), previewHtml.replace(/\s+/g, ' ').slice(0, 900));
  await page.locator('.tab', { hasText: 'Write' }).click();
  await page.locator('.internal-toggle').click();
  await composer.screenshot({ path: join(shots, 'dark-composer-internal.png') });
  await page.locator('.internal-toggle').click();
  await page.locator('.send-button').click();
  await composer.screenshot({ path: join(shots, 'dark-composer-sending.png') });
  await post(page, [
    { type: 'error', context: 'send', error: { kind: 'auth', message: 'The helpdesk rejected the API key (401).', action: { label: 'Set Credentials…', command: 'setCredentials' } } },
  ]);
  await composer.screenshot({ path: join(shots, 'dark-send-error.png') });

  await post(page, [
    { type: 'busy', busy: true, label: 'Saving…' },
    { type: 'error', context: 'update', error: { kind: 'validation', message: 'Agent "Lukas Novák" is not a member of department "Billing".' } },
    { type: 'notice', text: 'Saved diag.zip to ~/Downloads.' },
  ]);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, 'dark-toasts');
  await page.context().close();

  const light = await harness.open({ theme: 'light', allowRemoteImages: false });
  await loadThread(light);
  await post(light, [{ type: 'draft', draft: { markdown, internal: true }, attachments: [{ id: 'p1', name: 'release-notes-2.14.2.pdf', size: 482_113 }] }]);
  await light.locator('.composer').scrollIntoViewIfNeeded();
  await light.locator('.composer').screenshot({ path: join(shots, 'light-composer-internal.png') });
  await light.context().close();
}

async function otherStates(harness: Harness): Promise<void> {
  for (const theme of ['dark', 'light'] as const) {
    const page = await harness.open({ theme, allowRemoteImages: false });
    await post(page, [
      { type: 'busy', busy: false },
      { type: 'error', context: 'load', error: { kind: 'auth', message: 'ACME Support (DeskPRO) rejected the API key. It may have been revoked or mistyped.', action: { label: 'Set Credentials…', command: 'setCredentials' } } },
    ]);
    await shoot(page, `${theme}-load-error`);
    await clearPosted(page);
    await page.locator('.load-error button', { hasText: 'Set Credentials' }).click();
    check(`${theme}: load error action posts command`, (await posted(page)).some((m) => m.type === 'command' && m.command === 'setCredentials'));
    await page.context().close();
  }

  const narrow = await harness.open({ theme: 'dark', allowRemoteImages: false }, { width: 460, height: 900 });
  await loadThread(narrow);
  await shoot(narrow, 'dark-narrow');
  await narrow.context().close();

  const expanded = await harness.open({ theme: 'dark', allowRemoteImages: false });
  await loadThread(expanded);
  const card = expanded.locator('.message', { hasText: 'I tried the steps from your last mail' });
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: join(shots, 'dark-quote-folded.png') });
  await card.locator('.quote-toggle').first().click();
  await card.screenshot({ path: join(shots, 'dark-quote-expanded.png') });
  await expanded.context().close();

  const loading = await harness.open({ theme: 'dark', allowRemoteImages: false });
  const { messages } = threadMessages();
  await post(loading, [ticketMessage(4), { type: 'busy', busy: true, label: 'Loading…' }, { type: 'messages', messages: messages.slice(0, 3), reset: true, done: false }]);
  await shoot(loading, 'dark-loading');
  await loading.context().close();
}

/** A helpdesk whose API takes no replies (DeskDirector without a notes route) and offers no downloads. */
async function replyUnavailable(harness: Harness): Promise<void> {
  const reason = "This DeskDirector instance's API offers no way to add notes; reply in DeskDirector.";
  for (const theme of ['dark', 'light'] as const) {
    const page = await harness.open({ theme, allowRemoteImages: false });
    const { messages } = threadMessages();
    const ticket = ticketMessage(0);
    await post(page, [
      { ...ticket, capabilities: { ...ticket.capabilities, replyUnavailable: reason, downloadAttachments: false } },
      ...chunked(messages, 10),
      { type: 'draft', draft: { markdown: '', internal: false }, attachments: [] },
    ]);
    const note = page.locator('.reply-unavailable');
    check(`${theme}: no reply box where the helpdesk takes none`, (await page.locator('.composer-input').isHidden()) && (await page.locator('.send-button').isHidden()));
    check(`${theme}: the reason is said in the reply box's place`, (await note.isVisible()) && (await note.innerText()).includes('offers no way to add notes'));
    await clearPosted(page);
    await note.locator('button').click();
    check(`${theme}: Open in Browser from the reply box's place`, (await posted(page)).some((m) => m.type === 'command' && m.command === 'openInBrowser'));
    const chip = page.locator('.attachments .attachment-chip').first();
    await clearPosted(page);
    await chip.click();
    check(`${theme}: attachments listed by name, not downloadable`, (await chip.evaluate((element) => element.tagName)) === 'SPAN' && !(await posted(page)).some((m) => m.type === 'download'));
    const composer = page.locator('.composer');
    await composer.scrollIntoViewIfNeeded();
    await composer.screenshot({ path: join(shots, `${theme}-composer-unavailable.png`) });
    await post(page, [ticketMessage(0)]);
    check(`${theme}: the reply box comes back when the helpdesk takes replies again`, await page.locator('.composer-input').isVisible());
    await page.context().close();
  }
}

async function textareaState(page: Page): Promise<{ value: string; caret: number; focused: boolean }> {
  return page.locator('.composer-input').evaluate((element) => {
    const textarea = element as HTMLTextAreaElement;
    return { value: textarea.value, caret: textarea.selectionStart, focused: document.activeElement === textarea };
  });
}

async function cannedReplies(harness: Harness): Promise<void> {
  for (const theme of ['dark', 'light'] as const) {
    const page = await harness.open({ theme, allowRemoteImages: false });
    await loadThread(page);
    check(`${theme}: no Canned Reply button where the helpdesk has none`, await page.locator('.canned-reply-button').isHidden());
    await post(page, [ticketWithCannedReplies(), { type: 'draft', draft: { markdown: 'Hi Maria,\n\n\n\nBest regards,\nTom', internal: false }, attachments: [] }]);
    const cannedButton = page.locator('.canned-reply-button');
    check(`${theme}: Canned Reply button shown where the helpdesk has them`, await cannedButton.isVisible());

    // The cursor on the empty line between greeting and signature, as an agent would put it.
    await page.locator('.composer-input').evaluate((element) => (element as HTMLTextAreaElement).setSelectionRange(11, 11));
    await clearPosted(page);
    await cannedButton.click();
    // The click's message can trail the click on a loaded machine: wait for it (a hang guard, not a timing check).
    await page.waitForFunction(() => (window as unknown as HarnessWindow).__posted.some((m) => m.type === 'pickCannedReply'), undefined, { timeout: 10_000 }).catch(() => undefined);
    check(`${theme}: Canned Reply posts pickCannedReply`, (await posted(page)).some((m) => m.type === 'pickCannedReply'));
    await post(page, [{ type: 'insertText', text: cannedReplyFromHtml }]);
    const after = await textareaState(page);
    const expected = `Hi Maria,\n\n${cannedReplyFromHtml}\n\nBest regards,\nTom`;
    check(`${theme}: canned reply inserted at the cursor as its own paragraph`, after.value === expected, JSON.stringify(after.value));
    check(`${theme}: cursor after the inserted reply, in the reply box`, after.focused && after.caret === 11 + cannedReplyFromHtml.length, JSON.stringify(after));
    await page.waitForTimeout(450);
    const saved = (await posted(page)).filter((m) => m.type === 'draftChanged').pop();
    check(`${theme}: the insertion is saved as the draft`, saved?.type === 'draftChanged' && saved.draft.markdown === expected);
    if (theme === 'dark') {
      await page.keyboard.press('Control+Z');
      check('Ctrl+Z takes the canned reply back out', (await textareaState(page)).value === 'Hi Maria,\n\n\n\nBest regards,\nTom', JSON.stringify((await textareaState(page)).value));
      await page.keyboard.press('Control+Shift+Z');
    }
    const composer = page.locator('.composer');
    await composer.scrollIntoViewIfNeeded();
    await composer.screenshot({ path: join(shots, `${theme}-composer-canned.png`) });

    await post(page, [{ type: 'error', context: 'cannedReply', error: { kind: 'network', message: 'Could not reach support.acme.example (ETIMEDOUT).' } }]);
    check(`${theme}: canned reply error shown inline`, await page.locator('.composer-error').isVisible());
    check(`${theme}: canned reply error keeps the draft`, (await textareaState(page)).value.startsWith('Hi Maria,'));
    await composer.screenshot({ path: join(shots, `${theme}-composer-canned-error.png`) });
    check(`${theme}: canned replies page has no CSP violations`, (await cspViolations(page)).length === 0, (await cspViolations(page)).join(', '));
    await page.context().close();
  }

  // Mid-sentence the reply joins the line with spaces; replacing a selection replaces it.
  const inline = await harness.open({ theme: 'dark', allowRemoteImages: false });
  await post(inline, [ticketWithCannedReplies(), { type: 'draft', draft: { markdown: 'As promised: PLACEHOLDER Thanks', internal: false }, attachments: [] }]);
  await inline.locator('.composer-input').evaluate((element) => (element as HTMLTextAreaElement).setSelectionRange(13, 24));
  await post(inline, [{ type: 'insertText', text: 'the fix ships Monday.' }]);
  const inlineValue = (await textareaState(inline)).value;
  check('canned reply replaces the selection, mid-line', inlineValue === 'As promised: the fix ships Monday. Thanks', JSON.stringify(inlineValue));
  await inline.context().close();

  // A split editor: the footer wraps, nothing is cut off.
  const narrow = await harness.open({ theme: 'dark', allowRemoteImages: false }, { width: 460, height: 900 });
  await post(narrow, [ticketWithCannedReplies(), { type: 'draft', draft: { markdown: 'Hi Maria,', internal: false }, attachments: [] }]);
  await narrow.locator('.composer').scrollIntoViewIfNeeded();
  await narrow.locator('.composer').screenshot({ path: join(shots, 'dark-narrow-composer-canned.png') });
  await narrow.context().close();
}

async function linkedCodeSection(harness: Harness): Promise<void> {
  for (const theme of ['dark', 'light', 'high-contrast'] as const) {
    const page = await harness.open({ theme, allowRemoteImages: false });
    await loadThread(page);
    const section = page.locator('.linked-code');
    check(`${theme}: no Linked code section before the host sends any`, await section.isHidden());
    await post(page, [{ type: 'linkedCode', links: linkedCode }]);
    check(`${theme}: Linked code section shown`, await section.isVisible());
    check(`${theme}: one row per link`, (await section.locator('.linked-code-item').count()) === 4);
    const first = (await section.locator('.linked-code-item').first().innerText()).replace(/\s+/g, ' ').trim();
    check(`${theme}: row shows file, lines and folder`, first === 'rekey.ts :118-142 src/vpn', JSON.stringify(first));
    const stale = section.locator('.linked-code-item.stale');
    check(`${theme}: stale link marked`, (await stale.count()) === 1 && (await stale.innerText()).includes('code moved or removed'));
    await clearPosted(page);
    await section.locator('.linked-code-item', { hasText: 'sa-lifetime.ts' }).click();
    const open = (await posted(page)).find((m) => m.type === 'openLinkedCode');
    check(`${theme}: click posts openLinkedCode`, open?.type === 'openLinkedCode' && open.linkId === 'l2', JSON.stringify(open));
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, `${theme}-linked-code`);
    await section.screenshot({ path: join(shots, `${theme}-linked-code-section.png`) });
    if (theme === 'dark') {
      await clearPosted(page);
      await section.locator('.linked-code-item').first().focus();
      await page.keyboard.press('Enter');
      check('a focused row opens with Enter', (await posted(page)).some((m) => m.type === 'openLinkedCode' && m.linkId === 'l1'));
      await post(page, [{ type: 'linkedCode', links: manyLinkedCode }]);
      check('more than five links fold behind Show more', (await section.locator('.linked-code-item').count()) === 5);
      await section.locator('.linked-code-more').click();
      check('Show more shows them all', (await section.locator('.linked-code-item').count()) === 8);
      await post(page, [{ type: 'error', context: 'linkedCode', error: { kind: 'config', message: "command 'helpdesk.openLinkedCode' not found" } }]);
      check('a failure to open is a toast', (await page.locator('.toast.error').innerText()).includes('Could not open the linked code'));
      await post(page, [{ type: 'linkedCode', links: [] }]);
      check('section hidden again when the links are gone', await section.isHidden());
    }
    check(`${theme}: linked code page has no CSP violations`, (await cspViolations(page)).length === 0, (await cspViolations(page)).join(', '));
    await page.context().close();
  }

  const narrow = await harness.open({ theme: 'dark', allowRemoteImages: false }, { width: 460, height: 900 });
  await loadThread(narrow);
  await post(narrow, [{ type: 'linkedCode', links: linkedCode }]);
  await narrow.locator('.linked-code').screenshot({ path: join(shots, 'dark-narrow-linked-code.png') });
  await narrow.context().close();
}

async function addToDraft(harness: Harness): Promise<void> {
  const snippet = 'From `src/vpn/rekey.ts` lines 118-142:\n\n```ts\nif (elapsed > lifetime) {\n  await rekey(sa);\n}\n```';
  // A live page adds to what it shows, tells the host at once and takes the focus to the reply.
  const page = await harness.open({ theme: 'dark', allowRemoteImages: false });
  await loadThread(page);
  await page.locator('.composer-input').fill('Hi Maria, the timeout is here:');
  await clearPosted(page);
  await post(page, [{ type: 'appendToDraft', markdown: snippet }, { type: 'attachments', attachments: [{ id: 'p1', name: 'rekey.ts', size: 5_310 }] }, { type: 'focusReply' }]);
  const live = await textareaState(page);
  check('appendToDraft adds after a blank line', live.value === `Hi Maria, the timeout is here:\n\n${snippet}`, JSON.stringify(live.value));
  check('appendToDraft is posted back at once', (await posted(page)).some((m) => m.type === 'draftChanged' && m.draft.markdown === live.value));
  check('focusReply puts the cursor at the end of the reply', live.focused && live.caret === live.value.length, JSON.stringify(live));
  check('added files listed', (await page.locator('.pending-attachments .attachment-chip').count()) === 1);
  await page.locator('.composer').scrollIntoViewIfNeeded();
  await page.locator('.composer').screenshot({ path: join(shots, 'dark-composer-added-selection.png') });
  await page.context().close();

  // A page rebuilt with newer words of its own keeps them and adds what the host added meanwhile.
  const restored = await harness.open({ theme: 'dark', allowRemoteImages: false, state: { instanceId: 'acme', ticketId: '4821', draft: { markdown: 'unsent words', internal: false } } });
  await post(restored, [ticketMessage(0), { type: 'draft', draft: { markdown: `older words\n\n${snippet}`, internal: false }, attachments: [], appended: [snippet] }]);
  check('a page with newer words appends the host’s additions to them', (await textareaState(restored)).value === `unsent words\n\n${snippet}`, JSON.stringify((await textareaState(restored)).value));
  await restored.context().close();

  // A fresh page takes the host's draft, which already holds the additions: once, not twice.
  const fresh = await harness.open({ theme: 'dark', allowRemoteImages: false });
  await post(fresh, [ticketMessage(0), { type: 'draft', draft: { markdown: snippet, internal: false }, attachments: [], appended: [snippet] }]);
  check('a fresh page shows the host’s additions once', (await textareaState(fresh)).value === snippet, JSON.stringify((await textareaState(fresh)).value));
  await fresh.context().close();
}

async function xssInBrowser(harness: Harness): Promise<void> {
  for (const allowRemoteImages of [false, true]) {
    const page = await harness.open({ theme: 'dark', allowRemoteImages });
    const messages: MessageView[] = xssBodies.map((body, index) => ({
      id: `x${index}`,
      author: 'Mallory',
      authorIsAgent: false,
      createdAt: new Date().toISOString(),
      html: renderBody(body, 'html', { allowRemoteImages }).html,
      internal: false,
      system: false,
      attachments: [],
      truncated: false,
    }));
    await post(page, [ticketMessage(0), { type: 'messages', messages, reset: true, done: true }]);
    await page.waitForTimeout(300);
    const found = await page.evaluate(() => {
      const problems: string[] = [];
      if ((window as unknown as HarnessWindow).__xss !== undefined) problems.push(`__xss=${String((window as unknown as HarnessWindow).__xss)}`);
      for (const element of document.querySelectorAll('.messages *')) {
        const tag = element.tagName.toLowerCase();
        if (['script', 'iframe', 'object', 'embed', 'svg', 'math', 'style', 'form', 'button', 'xmp', 'title', 'noscript'].includes(tag) && !element.closest('.quote-toggle, .attachment-chip') && tag !== 'button') {
          problems.push(`<${tag}>`);
        }
        for (const attribute of element.getAttributeNames()) {
          const value = element.getAttribute(attribute) ?? '';
          if (attribute.startsWith('on') || attribute === 'style' || attribute === 'srcdoc' || attribute === 'formaction') problems.push(`${tag}[${attribute}]`);
          if ((attribute === 'href' || attribute === 'src') && !/^(https?:|mailto:|data:image\/)/i.test(value)) problems.push(`${tag}[${attribute}=${value}]`);
        }
      }
      return problems;
    });
    check(`XSS corpus inert in Chromium (remote images ${allowRemoteImages ? 'allowed' : 'blocked'})`, found.length === 0, found.join(', '));
    await page.context().close();
  }
}

interface Timing {
  /** When the first `messages` post reached the page. */
  firstEvent: number;
  first: number;
  firstPaint: number;
  done: number;
  donePainted: number;
  scroll: number;
}

async function timeOnce(harness: Harness, posts: HostToWebview[]): Promise<Timing> {
  const page = await harness.open({ theme: 'dark', allowRemoteImages: false });
  // No named helpers inside: tsx would wrap them in a __name() the page does not have.
  const result = await page.evaluate(async (list) => {
    let firstEvent = -1;
    window.addEventListener('message', (event: MessageEvent<{ type?: string }>) => {
      if (firstEvent < 0 && event.data.type === 'messages') firstEvent = performance.now();
    });
    const start = performance.now();
    // Each post in its own task, as messages from the extension host arrive.
    for (const message of list) setTimeout(() => window.postMessage(message, '*'), 0);
    await new Promise<void>((done) => {
      const timer = setInterval(() => {
        if (performance.getEntriesByName('helpdesk:messages-done').length > 0 && performance.getEntriesByName('helpdesk:messages-first-paint').length > 0) {
          clearInterval(timer);
          done();
        }
      }, 2);
    });
    // The frame that shows the finished thread.
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
    const donePainted = performance.now() - start;
    const marks = ['helpdesk:messages-first', 'helpdesk:messages-first-paint', 'helpdesk:messages-done'].map((name) => performance.getEntriesByName(name)[0].startTime - start);
    // Then jump to the end of the long thread, as "Latest" does.
    const scrollStart = performance.now();
    window.scrollTo(0, document.body.scrollHeight);
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    return { firstEvent: firstEvent - start, first: marks[0], firstPaint: marks[1], done: marks[2], donePainted, scroll: performance.now() - scrollStart };
  }, posts);
  const count = await page.locator('.messages > [role="listitem"]').count();
  check(`500 messages all rendered (${posts.length - 1} posts)`, count === 500, `${count}`);
  // The page tells the host when the thread was on screen (the log and `npm run bench` read it).
  await page.waitForFunction(() => (window as unknown as HarnessWindow).__posted.some((m) => m.type === 'painted'), undefined, { timeout: 5000 }).catch(() => undefined);
  const painted = (await posted(page)).find((m): m is Extract<WebviewToHost, { type: 'painted' }> => m.type === 'painted');
  check(
    `500 messages: the page posts when the first screen and the last message were painted (${posts.length - 1} posts)`,
    painted !== undefined && painted.messages === 500 && painted.firstScreen > 0 && painted.firstScreen <= painted.allPainted,
    JSON.stringify(painted),
  );
  await page.context().close();
  return result;
}

async function timing(harness: Harness): Promise<string[]> {
  const lines: string[] = [];
  const { messages, remoteImagesBlocked } = threadMessages(500);
  const runs = 5;
  for (const [label, chunkSize] of [['500 messages in chunks of 50 (the controller default)', 50], ['500 messages in one post', 500]] as const) {
    const posts = [ticketMessage(remoteImagesBlocked), ...chunked(messages, chunkSize)];
    const results: Timing[] = [];
    for (let run = 0; run < runs; run++) results.push(await timeOnce(harness, posts));
    const median = (pick: (t: Timing) => number) => {
      const sorted = results.map(pick).sort((a, b) => a - b);
      return Math.round(sorted[Math.floor(sorted.length / 2)]);
    };
    const sinceEvent = (pick: (t: Timing) => number) => Math.max(0, median((t) => pick(t) - t.firstEvent));
    lines.push(
      `${label} (median of ${runs}): first messages in the DOM ${sinceEvent((t) => t.first)} ms, first paint ${sinceEvent((t) => t.firstPaint)} ms and done ${sinceEvent((t) => t.done)} ms ` +
        `(painted ${sinceEvent((t) => t.donePainted)} ms) after the first chunk of messages arrived; ` +
        `from the host's first post: first paint ${median((t) => t.firstPaint)} ms, done ${median((t) => t.done)} ms; ` +
        `jump to the end and paint ${median((t) => t.scroll)} ms`,
    );
  }
  return lines;
}

async function main(): Promise<void> {
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(join(shots, 'pieces'), { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-webview-'));
  const configs = new Map<string, PageConfig>();
  let server: Server | undefined;
  let browser: Browser | undefined;
  try {
    await buildBundle(dir);
    const served = await serve(dir, configs);
    server = served.server;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const harness = new Harness(browser, served.origin, configs);
    const only = process.argv.slice(2);
    const want = (name: string) => only.length === 0 || only.includes(name);
    if (want('themes')) await themedRuns(harness);
    if (want('behaviour')) await behaviour(harness);
    if (want('composer')) await composerStates(harness);
    if (want('states')) await otherStates(harness);
    if (want('xss')) await xssInBrowser(harness);
    if (want('canned')) await cannedReplies(harness);
    if (want('unavailable')) await replyUnavailable(harness);
    if (want('linked')) await linkedCodeSection(harness);
    if (want('addToDraft')) await addToDraft(harness);
    if (want('preview')) {
      await previewChecks({
        open: (config, viewport) => harness.open(config, viewport),
        previews: harness.previews,
        post: (page, messages) => post(page, messages as HostToWebview[]),
        posted,
        clearPosted,
        check,
        shotPath: (name) => join(shots, `${name}.png`),
        cspViolations,
      });
    }
    if (want('niceties')) {
      await panelNiceties({ open: (config, viewport) => harness.open(config, viewport), post, posted, clearPosted, check, shoot, shotPath: (name) => join(shots, `${name}.png`), cspViolations });
    }
    if (want('a11y')) {
      const scanned = await accessibility({ open: (config, viewport) => harness.open(config, viewport), check, shots });
      check('a11y: every fixture scanned', scanned > 0, `${scanned} pages`);
      await keyboard({ open: (config, viewport) => harness.open(config, viewport), check, shots });
    }
    const timings = want('timing') ? await timing(harness) : [];
    check('no console errors or page errors', harness.problems.length === 0, harness.problems.join('\n'));

    console.log(report.join('\n'));
    if (timings.length > 0) console.log(`\nTimings (Chromium ${browser.version()}):\n${timings.join('\n')}`);
    console.log(`\nScreenshots in ${shots}`);
  } finally {
    await browser?.close();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    console.error(`\n${failures.length} check(s) failed`);
    process.exitCode = 1;
  }
  // Counted with the other layers by scripts/test-all.mjs (or a plain "tests:" line alone).
  recordLayer({ passed: report.length - failures.length, failed: failures.length, skipped: 0 });
}

void main();
