// The secrets scan of the end-to-end run (issue 12, suite 4): every secret a spec types or
// hands to a simulator is registered here; while the run goes, what a user or another
// program could later read is captured (every ticket panel's HTML, the workbench's
// storage where webview state is persisted, notification / dialog / hover texts, and at
// each session's end code-server's settings, logs and the workspace with its links file);
// zz-secrets.test.mts, which sorts last, looks for every secret in all of it.
//
// Code handed to page.evaluate() is a string: the runner's transform would wrap named
// functions in a helper the page does not have.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { webviewFrames } from './artifacts.mjs';

/** Shorter strings would match by chance (and no simulator hands out one that short). */
const MIN_SECRET_LENGTH = 8;
/** Files larger than this are not read (none of settings, logs or links files come close). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

const registered = new Map<string, string>(); // value → id (the first id it was registered under)

/** Adds a secret to the scan; returns it, so a typing step can register in the same line. */
export function registerSecret(id: string, value: string): string {
  if (value.length < MIN_SECRET_LENGTH) throw new Error(`secret "${id}" is shorter than ${MIN_SECRET_LENGTH} characters: the scan would find it by chance`);
  if (!registered.has(value)) registered.set(value, id);
  return value;
}

/** The credential fields the simulators expose (DeskPRO, Jitbit, DiamanteDesk, DeskDirector). */
const SIMULATOR_SECRET_FIELDS = ['apiKey', 'apiToken', 'restrictedApiKey', 'password', 'token', 'domainPassword', 'techToken'];

/** Registers every credential a simulator hands out, as `${name}.${field}`. */
export function registerSimulatorSecrets(name: string, simulator: object): void {
  const visit = (prefix: string, value: object): void => {
    for (const field of SIMULATOR_SECRET_FIELDS) {
      const secret = (value as Record<string, unknown>)[field];
      if (typeof secret === 'string') registerSecret(`${prefix}.${field}`, secret);
    }
  };
  visit(name, simulator);
  for (const nested of ['restricted', 'customer']) {
    const value = (simulator as Record<string, unknown>)[nested];
    if (typeof value === 'object' && value !== null) visit(`${name}.${nested}`, value);
  }
}

export function registeredSecrets(): Array<{ id: string; value: string }> {
  return [...registered].map(([value, id]) => ({ id, value }));
}

// ---- the forms a secret can be written in ------------------------------------------------

/**
 * The secret inside base64 at each of the three byte alignments, so it is found inside a
 * longer encoded string too (`Basic base64(user:password)`): only the characters that come
 * from the secret's bytes alone are kept.
 */
function base64Fragments(secret: string): string[] {
  const fragments: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const bytes = Buffer.concat([Buffer.alloc(shift, 0x20), Buffer.from(secret, 'utf8')]);
    const encoded = bytes.toString('base64');
    const start = [0, 2, 3][shift]!;
    const end = Math.floor(bytes.length / 3) * 4;
    const fragment = encoded.slice(start, end);
    if (fragment.length >= MIN_SECRET_LENGTH) {
      fragments.push(fragment);
      const urlSafe = fragment.replace(/\+/g, '-').replace(/\//g, '_');
      if (urlSafe !== fragment) fragments.push(urlSafe);
    }
  }
  return fragments;
}

export function secretForms(secret: string): Array<{ form: string; text: string }> {
  const forms: Array<{ form: string; text: string }> = [{ form: 'as is', text: secret }];
  const add = (form: string, text: string): void => {
    if (!forms.some((f) => f.text === text)) forms.push({ form, text });
  };
  add('URL-encoded', encodeURIComponent(secret));
  add('URL-encoded (lower-case hex)', encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
  add('form-encoded', new URLSearchParams({ x: secret }).toString().slice(2));
  add('JSON-escaped', JSON.stringify(secret).slice(1, -1));
  // How the workbench writes a webview's saved state into the page it reloads.
  add('JSON-escaped, URL-encoded', encodeURIComponent(JSON.stringify(secret).slice(1, -1)));
  for (const fragment of base64Fragments(secret)) add('base64', fragment);
  return forms;
}

// ---- what the run leaves behind -----------------------------------------------------------

export interface Capture {
  /** Which end-to-end session (one per spec file) it came from. */
  session: number;
  kind: 'settings' | 'log' | 'links file' | 'workspace file' | 'server file' | 'webview HTML' | 'workbench HTML' | 'workbench storage' | 'notice';
  /** Where it came from: a file path or what was on screen when. */
  source: string;
  text: string;
}

const captures: Capture[] = [];
const sessions = { started: 0, stopped: 0 };
const sessionOfPage = new WeakMap<Page, number>();

export function capturedSoFar(): readonly Capture[] {
  return captures;
}

export function sessionCounts(): { started: number; stopped: number } {
  return { ...sessions };
}

/** Texts the workbench showed in notifications, dialogs, hovers and quick-input messages. */
const NOTICE_SELECTOR = '.notification-list-item, .monaco-dialog-box, .monaco-hover, .workbench-hover, .quick-input-message';
const NOTICE_BINDING = '__helpdeskSecretsScanNotice';
/** Runs in the workbench page (top frame only): reports each new notice text once, throttled. */
const NOTICE_WATCH = `(() => {
  if (window !== window.top || window.__helpdeskSecretsScanWatch) return;
  window.__helpdeskSecretsScanWatch = true;
  const seen = new Set();
  let pending = false;
  const scan = () => {
    pending = false;
    for (const element of document.querySelectorAll(${JSON.stringify(NOTICE_SELECTOR)})) {
      const text = (element.textContent || '').trim();
      if (text && !seen.has(text)) {
        seen.add(text);
        window[${JSON.stringify(NOTICE_BINDING)}](text);
      }
    }
  };
  const observer = new MutationObserver(() => {
    if (!pending) {
      pending = true;
      setTimeout(scan, 100);
    }
  });
  const start = () => observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true });
  if (document.documentElement) start();
  else document.addEventListener('DOMContentLoaded', start);
})()`;

/**
 * Everything the workbench keeps in the browser (its state, the persisted webview state,
 * the window's logs), except the secret storage, which is where credentials belong.
 */
const READ_BROWSER_STORAGE = `(async () => {
  const out = [];
  const decoder = new TextDecoder();
  const asText = (value) => typeof value === 'string' ? value
    : value instanceof Uint8Array ? decoder.decode(value)
    : value instanceof ArrayBuffer ? decoder.decode(new Uint8Array(value))
    : JSON.stringify(value);
  for (const info of await indexedDB.databases()) {
    if (!info.name) continue;
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open(info.name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    for (const store of Array.from(db.objectStoreNames)) {
      const [keys, values] = await new Promise((resolve, reject) => {
        const transaction = db.transaction(store, 'readonly');
        const keysRequest = transaction.objectStore(store).getAllKeys();
        const valuesRequest = transaction.objectStore(store).getAll();
        transaction.oncomplete = () => resolve([keysRequest.result, valuesRequest.result]);
        transaction.onerror = () => reject(transaction.error);
      });
      keys.forEach((key, i) => {
        const name = String(key);
        if (!name.startsWith('secret://')) out.push({ where: info.name + '/' + store + '/' + name, text: asText(values[i]) });
      });
    }
    db.close();
  }
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key !== null && !key.startsWith('secret://')) out.push({ where: 'localStorage/' + key, text: localStorage.getItem(key) || '' });
  }
  return out;
})()`;

/** Starts capturing one session's workbench: returns the session's number. */
export async function watchSession(page: Page): Promise<number> {
  sessions.started += 1;
  const session = sessions.started;
  sessionOfPage.set(page, session);
  await page.exposeFunction(NOTICE_BINDING, (text: string) => {
    captures.push({ session, kind: 'notice', source: 'a notification, dialog or hover the workbench showed', text });
  });
  await page.addInitScript(NOTICE_WATCH); // after every reload
  await page.evaluate(NOTICE_WATCH); // and the page already open
  return session;
}

/** What is on screen now: the workbench's HTML, every webview's HTML, the browser-side storage. Best effort. */
export async function captureWorkbench(page: Page, moment: string): Promise<void> {
  const session = sessionOfPage.get(page);
  if (session === undefined || page.isClosed()) return;
  const html = await page.content().catch(() => undefined);
  if (html !== undefined) captures.push({ session, kind: 'workbench HTML', source: `the workbench page ${moment}`, text: html });
  let n = 0;
  for (const frame of webviewFrames(page)) {
    n += 1;
    const content = await frame.content().catch(() => undefined);
    if (content !== undefined) captures.push({ session, kind: 'webview HTML', source: `webview ${n} ${moment}`, text: content });
  }
  const stored = (await page.evaluate(READ_BROWSER_STORAGE).catch(() => [])) as Array<{ where: string; text: string }>;
  for (const item of stored) captures.push({ session, kind: 'workbench storage', source: `browser storage ${item.where} ${moment}`, text: item.text });
}

function filesUnder(dir: string, skip: (path: string) => boolean = () => false): string[] {
  const files: string[] = [];
  const walk = (current: string): void => {
    let names: string[] = [];
    try {
      names = readdirSync(current);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(current, name);
      if (skip(path)) continue;
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(path);
      else if (stat?.isFile() && stat.size <= MAX_FILE_BYTES) files.push(path);
    }
  };
  walk(dir);
  return files.sort();
}

function kindOfFile(path: string): Capture['kind'] {
  if (path.endsWith('helpdesk-links.json')) return 'links file';
  if (path.endsWith('.log') || path.includes('/logs/')) return 'log';
  if (/settings\.json$/.test(path)) return 'settings';
  return 'server file';
}

/**
 * At a session's end, before code-server's folder goes: every file of it (user and machine
 * settings, every log, storage) but the installed extension's code, code-server's own
 * output, and every file of the workspace (the links file among them). Read as bytes
 * (latin1), so a secret in a binary file is found too.
 */
export async function captureSessionEnd(
  page: Page,
  server: { baseDir: string; extensionsDir: string; output(): string },
  workspace: string,
): Promise<void> {
  const session = sessionOfPage.get(page);
  if (session === undefined) throw new Error('captureSessionEnd: watchSession was not called for this page');
  await captureWorkbench(page, 'at the end of the session');
  for (const file of filesUnder(server.baseDir, (path) => path === server.extensionsDir)) {
    captures.push({ session, kind: kindOfFile(file), source: `code-server/${relative(server.baseDir, file)}`, text: readFileSync(file, 'latin1') });
  }
  captures.push({ session, kind: 'log', source: "code-server's output", text: server.output() });
  for (const file of filesUnder(workspace)) {
    const kind = kindOfFile(file) === 'links file' ? 'links file' : 'workspace file';
    captures.push({ session, kind, source: `workspace/${relative(workspace, file)}`, text: readFileSync(file, 'latin1') });
  }
  sessions.stopped += 1;
}

export interface SecretHit {
  secretId: string;
  form: string;
  kind: Capture['kind'];
  source: string;
  session: number;
}

/** Every place a registered secret occurs in what was captured; names the secret by id only. */
export function scanCaptures(items: readonly Capture[] = captures, secrets = registeredSecrets()): SecretHit[] {
  const hits: SecretHit[] = [];
  const seen = new Set<string>();
  for (const { id, value } of secrets) {
    for (const { form, text } of secretForms(value)) {
      for (const item of items) {
        if (!item.text.includes(text)) continue;
        const key = `${id}\0${item.session}\0${item.source}`;
        if (seen.has(key)) continue;
        seen.add(key);
        hits.push({ secretId: id, form, kind: item.kind, source: item.source, session: item.session });
      }
    }
  }
  return hits;
}
