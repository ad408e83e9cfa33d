// The Helpdesk extension in code-server: build it, start a server with the sandbox turned on,
// and drive the Helpdesk view. Shared by scripts/sandbox.mjs, scripts/look.mjs and the
// workbench tests.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot, hostDir } from './install-code-server.mjs';
import { startCodeServer } from './code-server.mjs';
import { activityItem, clickActivity, treeItem } from './browser.mjs';

export { repoRoot, hostDir };

export const VIEW_CONTAINER_TITLE = 'Helpdesk';
export const SANDBOX_ROOT_LABEL = 'Sandbox · DeskPRO';
export const SANDBOX_SETTINGS = { 'helpdesk.sandbox.enabled': true };

function run(command, args, { cwd = repoRoot, label = `${command} ${args.join(' ')}`, env = process.env } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (error) => reject(new Error(`${label} could not start: ${error.message}`)));
    child.on('close', (code, signal) => (code === 0 ? resolvePromise() : reject(new Error(`${label} failed (${signal ?? `exit ${code}`})`))));
  });
}

/** `node scripts/build.mjs` in the repository (dist/extension.js, dist/sandbox.js, dist/webview). */
export async function buildExtension({ production = false } = {}) {
  await run(process.execPath, [join(repoRoot, 'scripts', 'build.mjs'), ...(production ? ['--production'] : [])], { label: 'node scripts/build.mjs' });
}

/** Packages the extension with vsce (its vscode:prepublish builds for production). */
export async function packageExtension(out = join(hostDir, 'helpdesk.vsix')) {
  mkdirSync(hostDir, { recursive: true });
  const vsce = join(repoRoot, 'node_modules', '.bin', 'vsce');
  if (!existsSync(vsce)) throw new Error(`${vsce} is missing: run npm install (devDependency @vscode/vsce)`);
  await run(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--allow-star-activation', '-o', out], { label: 'vsce package' });
  return out;
}

/**
 * Starts code-server with the extension and the sandbox setting. `mode`: link the unpacked
 * folder as an installed extension (the plain address works), run it as a development
 * extension (URL payload), or install a packaged .vsix. `extensionPath` (default: the
 * repository) is the unpacked extension for link and dev; `vsix` the package for vsix. The
 * other options are startCodeServer's.
 * @param {{mode?: 'link'|'dev'|'vsix', extensionPath?: string, vsix?: string} & Parameters<typeof startCodeServer>[0]} options
 */
export async function startHelpdeskServer({ mode = 'link', extensionPath = repoRoot, vsix, userSettings = {}, ...rest }) {
  const extension =
    mode === 'dev' ? { extensionDevelopmentPath: extensionPath } : mode === 'vsix' ? { extensionVsix: vsix } : { linkExtension: extensionPath };
  if (mode !== 'vsix' && !existsSync(join(extensionPath, 'package.json'))) throw new Error(`no package.json in ${extensionPath}`);
  return startCodeServer({ ...extension, userSettings: { ...SANDBOX_SETTINGS, ...userSettings }, ...rest });
}

/** Opens the Helpdesk view container and waits for the sandbox root in its tree. Returns the root row. */
export async function showSandboxRoot(page, { timeoutMs = 60_000 } = {}) {
  await activityItem(page, VIEW_CONTAINER_TITLE).waitFor({ state: 'visible', timeout: timeoutMs });
  await clickActivity(page, VIEW_CONTAINER_TITLE, { timeoutMs });
  // Move off the activity bar, so its hover does not cover the screenshots.
  await page.mouse.move(800, 450);
  const root = treeItem(page, SANDBOX_ROOT_LABEL);
  await root.waitFor({ state: 'visible', timeout: timeoutMs });
  return root;
}

/** The rows of the side bar's tree, in display order: {index, level, label, text, expanded}. */
export async function treeRows(page) {
  const rows = await page.locator('.part.sidebar .monaco-list-row').evaluateAll((elements) =>
    elements.map((el) => ({
      index: Number(el.getAttribute('data-index')),
      level: Number(el.getAttribute('aria-level')),
      label: el.querySelector('.label-name')?.textContent ?? el.getAttribute('aria-label') ?? '',
      text: el.textContent ?? '',
      expanded: el.getAttribute('aria-expanded'),
    })),
  );
  return rows.sort((a, b) => a.index - b.index);
}

function tailFile(file, lines) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function findFiles(dir, test, found = []) {
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return found;
  }
  for (const name of entries) {
    const path = join(dir, name);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      continue;
    }
    if (stat.isDirectory()) findFiles(path, test, found);
    else if (test(path)) found.push(path);
  }
  return found;
}

/** What to print when a step fails: notifications on screen, console errors, extension host logs. */
export async function diagnostics(server, workbench) {
  const parts = [];
  if (workbench?.page) {
    const toasts = await workbench.page
      .locator('.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message')
      .allTextContents()
      .catch(() => []);
    if (toasts.length) parts.push(`Notifications:\n  ${toasts.join('\n  ')}`);
    if (workbench.consoleErrors?.length) parts.push(`Browser console errors (last 10):\n  ${workbench.consoleErrors.slice(-10).join('\n  ')}`);
    const rows = await treeRows(workbench.page).catch(() => []);
    if (rows.length) parts.push(`Side bar tree rows:\n  ${rows.map((r) => `${'  '.repeat(Math.max(0, r.level - 1))}${r.text}`).join('\n  ')}`);
  }
  if (server) {
    const logs = findFiles(join(server.userDataDir, 'logs'), (p) => /exthost/i.test(p) && p.endsWith('.log'));
    for (const file of logs) {
      const text = tailFile(file, 25).trim();
      if (text) parts.push(`${file} (tail):\n${text}`);
    }
    parts.push(`code-server output (tail):\n${server.output().split('\n').slice(-20).join('\n')}`);
  }
  return parts.join('\n\n');
}

/** Parses `--name value` / `--name=value` / `--flag` arguments. */
export function parseArgs(argv) {
  const args = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      args._.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (inline !== undefined) args[name] = inline;
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--') && ['port', 'extension-path', 'out', 'timeout', 'root'].includes(name)) args[name] = argv[++i];
    else args[name] = true;
  }
  return args;
}

export function resolveFromRepo(path) {
  return resolve(repoRoot, path);
}
