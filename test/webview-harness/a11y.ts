// Accessibility scan of both webview pages (the ticket panel and the Create Ticket form) with
// axe-core, in every state the harness has fixtures for and in each VS Code theme. A violation
// of serious or critical impact fails the run; lesser ones are listed in
// test-results/webview/a11y.txt. axe is evaluated through the DevTools protocol, so the pages
// keep their Content-Security-Policy (no script tag of ours is added).
import axe from 'axe-core';
import type { AxeResults } from 'axe-core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { HostToForm } from '../../src/shared/protocol/createForm';
import type { HostToWebview } from '../../src/shared/protocol/panel';
import {
  chunked,
  linkedCode,
  manyLinkedCode,
  threadMessages,
  ticketMessage,
  ticketWithCannedReplies,
} from './fixtures';
import { formAttached, formFieldErrors, formInit, formKinds, formReference, formVendorErrors, formVendorFields } from './formFixtures';
import { previewSettled } from './preview';
import type { ThemeName } from './themes';

export interface ScanPageConfig {
  theme: ThemeName;
  allowRemoteImages: boolean;
  page?: 'panel' | 'form';
}

export interface ScanContext {
  open(config: ScanPageConfig, viewport?: { width: number; height: number }): Promise<Page>;
  check(name: string, ok: boolean, detail?: string): void;
  shots: string;
}

interface Finding {
  rule: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string; html: string; summary: string }>;
}

/** A state of a page: how to get there from a freshly opened one. */
interface Scenario {
  name: string;
  page: 'panel' | 'form';
  setUp(page: Page): Promise<void>;
}

const BLOCKING = new Set(['serious', 'critical']);

async function post(page: Page, messages: ReadonlyArray<HostToWebview | HostToForm>): Promise<void> {
  await page.evaluate((list) => {
    for (const message of list) window.postMessage(message, '*');
  }, messages as unknown[]);
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0))));
}

async function loadThread(page: Page): Promise<void> {
  const { messages, remoteImagesBlocked } = threadMessages();
  await post(page, [ticketMessage(0), ...chunked(messages, 10)]);
  await post(page, [ticketMessage(remoteImagesBlocked), { type: 'draft', draft: { markdown: '', internal: false }, attachments: [] }]);
}

const draftWithFiles: HostToWebview = {
  type: 'draft',
  draft: { markdown: 'Hi Maria,\n\nthe **2.14.2** installer keeps custom settings.', internal: false, newStatus: '3' },
  attachments: [
    { id: 'p1', name: 'release-notes-2.14.2.pdf', size: 482_113 },
    { id: 'p2', name: 'vpn-settings.png', size: 96_220 },
  ],
};

const panelScenarios: Scenario[] = [
  { name: 'thread with draft', page: 'panel', setUp: loadThread },
  {
    name: 'loading',
    page: 'panel',
    setUp: (page) => post(page, [ticketMessage(4), { type: 'busy', busy: true, label: 'Loading…' }, { type: 'messages', messages: threadMessages().messages.slice(0, 3), reset: true, done: false }]),
  },
  {
    name: 'load error',
    page: 'panel',
    setUp: (page) =>
      post(page, [
        { type: 'busy', busy: false },
        { type: 'error', context: 'load', error: { kind: 'auth', message: 'ACME Support (DeskPRO) rejected the API key.', action: { label: 'Set Credentials…', command: 'setCredentials' } } },
      ]),
  },
  {
    name: 'composer: files, internal note, send error',
    page: 'panel',
    setUp: async (page) => {
      await loadThread(page);
      await post(page, [{ ...draftWithFiles, draft: { ...(draftWithFiles as { draft: { markdown: string; internal: boolean } }).draft, internal: true } }]);
      await post(page, [{ type: 'error', context: 'send', error: { kind: 'network', message: 'Could not reach acme.deskpro.example (ECONNRESET).', action: { label: 'Retry', command: 'retry' } } }]);
    },
  },
  {
    name: 'composer: preview',
    page: 'panel',
    setUp: async (page) => {
      await loadThread(page);
      await post(page, [draftWithFiles]);
      await page.locator('.composer .tab', { hasText: 'Preview' }).click();
      await previewSettled(page);
    },
  },
  {
    name: 'toasts and busy',
    page: 'panel',
    setUp: async (page) => {
      await loadThread(page);
      await post(page, [
        { type: 'busy', busy: true, label: 'Saving…' },
        { type: 'error', context: 'update', error: { kind: 'validation', message: 'Agent "Lukas Novák" is not a member of department "Billing".' } },
        { type: 'notice', text: 'Saved diag.zip to ~/Downloads.' },
      ]);
    },
  },
  {
    name: 'quoted history expanded',
    page: 'panel',
    setUp: async (page) => {
      await loadThread(page);
      for (const toggle of await page.locator('.quote-toggle').all()) await toggle.click();
    },
  },
  {
    name: 'reply unavailable',
    page: 'panel',
    setUp: async (page) => {
      const ticket = ticketMessage(0);
      await post(page, [
        { ...ticket, capabilities: { ...ticket.capabilities, replyUnavailable: "This DeskDirector instance's API offers no way to add notes; reply in DeskDirector.", downloadAttachments: false } },
        ...chunked(threadMessages().messages, 10),
        { type: 'draft', draft: { markdown: '', internal: false }, attachments: [] },
      ]);
    },
  },
  {
    name: 'canned replies',
    page: 'panel',
    setUp: (page) => post(page, [ticketWithCannedReplies(), ...chunked(threadMessages().messages, 10), { type: 'draft', draft: { markdown: 'Hi Maria,', internal: false }, attachments: [] }]),
  },
  {
    name: 'linked code',
    page: 'panel',
    setUp: async (page) => {
      await loadThread(page);
      await post(page, [{ type: 'linkedCode', links: linkedCode }]);
    },
  },
  {
    name: 'many linked code, all shown',
    page: 'panel',
    setUp: async (page) => {
      await loadThread(page);
      await post(page, [{ type: 'linkedCode', links: manyLinkedCode }]);
      await page.locator('.linked-code-more').click();
    },
  },
];

const formScenarios: Scenario[] = [
  { name: 'form: filled from a selection', page: 'form', setUp: (page) => post(page, [formInit(), formReference, formAttached]) },
  { name: 'form: lists loading', page: 'form', setUp: (page) => post(page, [formInit(), { type: 'busy', busy: true, label: 'Loading…' }]) },
  { name: 'form: lists failed', page: 'form', setUp: (page) => post(page, [formInit(), { type: 'referenceFailed', message: 'The helpdesk did not answer (timeout).' }]) },
  {
    name: 'form: field errors',
    page: 'form',
    setUp: (page) => post(page, [formInit(), formReference, formFieldErrors]),
  },
  {
    name: 'form: preview',
    page: 'form',
    setUp: async (page) => {
      await post(page, [formInit(), formReference]);
      await page.locator('.tab', { hasText: 'Preview' }).click();
      await previewSettled(page);
    },
  },
  {
    name: 'form: kinds and every vendor field type, with errors',
    page: 'form',
    setUp: (page) => post(page, [formInit({ instanceLabel: 'Helix IT (DeskDirector)', fields: { priority: false, agent: false } }), formKinds, formVendorFields, formVendorErrors]),
  },
  {
    name: 'form: vendor fields failed',
    page: 'form',
    setUp: (page) => post(page, [formInit({ fields: { priority: false, agent: false } }), formKinds, { type: 'vendorFieldsFailed', message: 'The request type could not be read.' }]),
  },
  {
    name: 'form: required branch, no attachments on create',
    page: 'form',
    setUp: (page) => post(page, [formInit({ instanceLabel: 'Diamante (DiamanteDesk)', fields: { departmentLabel: 'Branch', departmentRequired: true, priority: true, agent: false }, attachOnCreate: false }), formReference]),
  },
  {
    name: 'form: sending',
    page: 'form',
    setUp: async (page) => {
      await post(page, [formInit(), formReference, formAttached]);
      await page.locator('.create-button').click();
    },
  },
];

/** Every WCAG 2.2 A/AA rule and axe's best practices; in the other themes only what colours change. */
const ALL_RULES = { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] };
const COLOUR_RULES = { type: 'rule', values: ['color-contrast', 'link-in-text-block', 'non-text-contrast'].filter((id) => axe.getRules().some((rule) => rule.ruleId === id)) };

async function runAxe(page: Page, runOnly: typeof ALL_RULES): Promise<Finding[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axe.source);
  // No named functions in here: tsx would wrap them in a __name() the page does not have.
  return page.evaluate(async (only) => {
    const engine = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe;
    const results = await engine.run(document, { runOnly: only, resultTypes: ['violations'] });
    return results.violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target.join(' '), html: node.html.slice(0, 240), summary: (node.failureSummary ?? '').replace(/\s+/g, ' ') })),
    }));
  }, runOnly);
}

function describe(findings: Finding[]): string {
  return findings
    .map((finding) => `${finding.impact} ${finding.rule} (${finding.help}): ${finding.nodes.map((node) => `${node.target} ${node.html} — ${node.summary}`).join(' | ')}`)
    .join('\n');
}

/** Scans every scenario in each theme; returns how many pages were scanned. */
export async function accessibility(context: ScanContext): Promise<number> {
  const lines: string[] = [];
  let scanned = 0;
  // HARNESS_A11Y=words scans only the scenarios whose name holds them.
  const only = process.env.HARNESS_A11Y;
  for (const scenario of [...panelScenarios, ...formScenarios].filter((each) => !only || each.name.includes(only))) {
    for (const theme of ['dark', 'light', 'high-contrast'] as const) {
      const page = await context.open({ theme, allowRemoteImages: false, page: scenario.page });
      await scenario.setUp(page);
      // Every card painted (no content-visibility skipping), so axe measures real boxes and colours.
      await page.evaluate(() => {
        document.documentElement.classList.add('harness-full-page');
        return document.fonts.ready.then(() => undefined);
      });
      const findings = await runAxe(page, theme === 'dark' ? ALL_RULES : COLOUR_RULES);
      scanned++;
      const blocking = findings.filter((finding) => BLOCKING.has(finding.impact));
      context.check(`a11y ${scenario.name} (${theme}): no serious or critical axe violations`, blocking.length === 0, describe(blocking));
      if (blocking.length > 0) {
        const slug = scenario.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
        await page.screenshot({ path: join(context.shots, `a11y-FAILED-${slug}-${theme}.png`), fullPage: true });
      }
      lines.push(`## ${scenario.name} (${theme})`, findings.length === 0 ? 'no violations' : describe(findings), '');
      if (theme === 'dark' && scenario.page === 'form' && scenario.name === 'form: filled from a selection') {
        await page.screenshot({ path: join(context.shots, 'form-dark.png') });
      }
      await page.context().close();
    }
  }
  const header = `axe-core ${axe.version}: every violation found (serious and critical ones fail the run); all WCAG 2.2 A/AA and best-practice rules in the dark theme, the colour rules (${COLOUR_RULES.values.join(', ')}) in the others`;
  writeFileSync(join(context.shots, 'a11y.txt'), `${header}\n\n${lines.join('\n')}`);
  return scanned;
}

/** What Tab reaches, as `tag.class[label]`, from the top of the page. */
async function tabStops(page: Page, count: number): Promise<string[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const seen: string[] = [];
  for (let index = 0; index < count; index++) {
    await page.keyboard.press('Tab');
    seen.push(
      await page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        return `${element.tagName.toLowerCase()}.${element.className.split(' ')[0] ?? ''}[${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40)}]`;
      }),
    );
  }
  return seen;
}

/** True when `wanted` appear in `stops` in this order (others may come between). */
function inOrder(stops: string[], wanted: RegExp[]): boolean {
  let at = 0;
  for (const pattern of wanted) {
    const found = stops.findIndex((stop, index) => index >= at && pattern.test(stop));
    if (found < 0) return false;
    at = found + 1;
  }
  return true;
}

async function postedTypes(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.map((message) => message.type));
}

async function clearPosted(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __posted: unknown[] }).__posted = [];
  });
}

async function focusedIs(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((wanted) => document.activeElement?.matches(wanted) === true, selector);
}

/** Keyboard-only use of both pages, as the README's "Keyboard" section describes it. */
export async function keyboard(context: ScanContext): Promise<void> {
  const { check } = context;
  const panel = await context.open({ theme: 'dark', allowRemoteImages: false });
  await loadThread(panel);
  await post(panel, [{ type: 'linkedCode', links: linkedCode }, draftWithFiles]);
  const stops = await tabStops(panel, 70);
  check(
    'keyboard: panel Tab order header actions, fields, linked code, conversation, reply box, Send',
    inOrder(stops, [/\[Reply\]/, /\[Refresh\]/, /select\.field-select\[Status\]/, /select\.field-select\[Agent\]/, /linked-code-item/, /\[Latest\]/, /\[Load images\]/, /quote-toggle/, /attachment-chip/, /tab\[Write\]/, /tab\[Preview\]/, /textarea\.composer-input/, /chip-remove/, /\[Attach Files…\]/, /\[Status after sending\]/, /\[Send Reply\]/]),
    stops.join(' → '),
  );
  // Inputs are named by their <label> (axe checks those); anything else needs text or aria-label.
  const unnamed = stops.filter((stop) => /\[\]$/.test(stop) && !stop.startsWith('input.'));
  check('keyboard: no Tab stop without a name', unnamed.length === 0, unnamed.join(', '));

  await panel.locator('.action-button', { hasText: 'Reply' }).focus();
  await panel.keyboard.press('Enter');
  await panel.waitForTimeout(100);
  check('keyboard: Enter on Reply puts the cursor in the reply box', await focusedIs(panel, '.composer-input'));

  await panel.locator('.composer .tab', { hasText: 'Write' }).focus();
  await panel.keyboard.press('ArrowRight');
  check('keyboard: Arrow keys switch Write / Preview', (await panel.locator('.composer-preview').isVisible()) && (await focusedIs(panel, '.composer .tab[aria-selected="true"]')));
  await panel.keyboard.press('ArrowLeft');
  check('keyboard: and back to Write', await panel.locator('.composer-input').isVisible());

  const toggle = panel.locator('.quote-toggle').first();
  await toggle.focus();
  await panel.keyboard.press('Space');
  check('keyboard: Space on "Show quoted text" opens it', (await toggle.getAttribute('aria-expanded')) === 'true');

  await clearPosted(panel);
  await panel.locator('.remote-image').first().focus();
  await panel.keyboard.press('Enter');
  check('keyboard: Enter on a blocked image asks for images', (await postedTypes(panel)).includes('allowRemoteImages'));

  await clearPosted(panel);
  await panel.locator('.attachment-chip', { hasText: 'diag.zip' }).focus();
  await panel.keyboard.press('Enter');
  check('keyboard: Enter on an attachment downloads it', (await postedTypes(panel)).includes('download'));

  await clearPosted(panel);
  await panel.locator('.composer-input').focus();
  await panel.keyboard.press('Control+Enter');
  check('keyboard: Ctrl+Enter in the reply box sends', (await postedTypes(panel)).includes('send'));
  await panel.context().close();

  const form = await context.open({ theme: 'dark', allowRemoteImages: false, page: 'form' });
  await post(form, [formInit(), formReference, formAttached]);
  check('keyboard: the form opens with the cursor in Subject', await focusedIs(form, '#field-subject'));
  const formStops = await tabStops(form, 16);
  check(
    'keyboard: form Tab order Subject, fields, Description, attachments, Cancel, Create Ticket',
    inOrder(formStops, [/select\.field-select/, /input\.text-input/, /tab\[Write\]/, /textarea\.composer-input\[Description\]/, /attach-offer/, /chip-remove/, /\[Cancel\]/, /\[Create Ticket\]/]),
    formStops.join(' → '),
  );
  await form.locator('.tab', { hasText: 'Write' }).focus();
  await form.keyboard.press('ArrowRight');
  check('keyboard: form Arrow keys switch Write / Preview', (await form.locator('.composer-preview').isVisible()) && (await focusedIs(form, '.tab[aria-selected="true"]')));
  await clearPosted(form);
  await form.locator('#field-subject').focus();
  await form.keyboard.press('Control+Enter');
  check('keyboard: Ctrl+Enter in the form creates the ticket', (await postedTypes(form)).includes('submit'));
  await form.context().close();
}
