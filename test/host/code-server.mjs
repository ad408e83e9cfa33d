// Starts a throw-away code-server (VS Code 1.99.3 server + web workbench) for tests and
// developer tools. See /work/shared/notes/real-vscode-tests.md.
//
//   const server = await startCodeServer({ extensionDevelopmentPath: repoRoot,
//     userSettings: { 'helpdesk.sandbox.enabled': true }, workspaceFolder });
//   ... open server.url in a browser (test/host/browser.mjs) ...
//   await server.stop();
//
// The extension host only starts once a browser window connects.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, createWriteStream } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { ensureCodeServer, codeServerEntry, hostDir } from './install-code-server.mjs';

const DEFAULT_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  // Workspaces under .test-host/ sit inside the repository; do not offer to open it.
  'git.openRepositoryInParentFolders': 'never',
};

/** Resolves true when nothing listens on host:port (by binding it briefly). */
export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolvePromise(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolvePromise(true)));
  });
}

/** `preferred` when free, else the next free port above it; an OS-chosen port when none is preferred. */
export async function findFreePort(preferred, host = '127.0.0.1') {
  if (preferred) {
    for (let port = preferred; port < preferred + 100 && port <= 65535; port++) {
      if (await isPortFree(port, host)) return port;
    }
  }
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolvePromise(port));
    });
  });
}

/** The environment code-server runs in: no variables that would make it talk to an enclosing VS Code or npm. */
function serverEnv(baseDir) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VSCODE_|ELECTRON_|npm_)/i.test(key)) continue;
    if (['PASSWORD', 'HASHED_PASSWORD', 'GITHUB_TOKEN', 'CODE_SERVER_CONFIG', 'NODE_OPTIONS', 'INIT_CWD'].includes(key)) continue;
    env[key] = value;
  }
  // code-server writes ~/.config/code-server/config.yaml and ~/.local/share/code-server logs otherwise.
  env.XDG_CONFIG_HOME = join(baseDir, 'xdg', 'config');
  env.XDG_DATA_HOME = join(baseDir, 'xdg', 'data');
  env.XDG_CACHE_HOME = join(baseDir, 'xdg', 'cache');
  return env;
}

function runOnce(args, env, label) {
  return new Promise((resolvePromise, reject) => {
    const output = [];
    const child = spawn(process.execPath, [codeServerEntry, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (c) => output.push(c));
    child.stderr.on('data', (c) => output.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const text = Buffer.concat(output).toString();
      if (code === 0) resolvePromise(text);
      else reject(new Error(`${label} failed (exit ${code}):\n${text}`));
    });
  });
}

function httpStatus(url, timeoutMs = 2000) {
  return new Promise((resolvePromise) => {
    const req = request(url, { method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolvePromise(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolvePromise(0));
    req.end();
  });
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Links an unpacked extension into an extensions folder as if installed: a symlink named
 * `<publisher>.<name>-<version>` plus its entry in the folder's extensions.json (VS Code only
 * scans the folder by itself when extensions.json does not exist yet).
 */
export function linkUnpackedExtension(folder, extensionsDir) {
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  if (!manifest.publisher || !manifest.name || !manifest.version) {
    throw new Error(`${folder}/package.json needs publisher, name and version to be linked as an extension`);
  }
  const id = `${manifest.publisher}.${manifest.name}`;
  const relativeLocation = `${id}-${manifest.version}`.toLowerCase();
  mkdirSync(extensionsDir, { recursive: true });
  const manifestFile = join(extensionsDir, 'extensions.json');
  let entries = [];
  if (existsSync(manifestFile)) {
    try {
      entries = JSON.parse(readFileSync(manifestFile, 'utf8'));
    } catch {
      entries = [];
    }
  }
  // Drop earlier links or installs of the same extension (another version, another folder).
  for (const entry of entries.filter((e) => e.identifier?.id?.toLowerCase() === id.toLowerCase())) {
    if (entry.relativeLocation) rmSync(join(extensionsDir, entry.relativeLocation), { recursive: true, force: true });
  }
  entries = entries.filter((e) => e.identifier?.id?.toLowerCase() !== id.toLowerCase());
  const linkPath = join(extensionsDir, relativeLocation);
  rmSync(linkPath, { recursive: true, force: true });
  symlinkSync(folder, linkPath, 'dir');
  entries.push({
    identifier: { id },
    version: manifest.version,
    location: { $mid: 1, path: linkPath, scheme: 'file' },
    relativeLocation,
    metadata: { installedTimestamp: Date.now(), source: 'resource' },
  });
  writeFileSync(manifestFile, JSON.stringify(entries));
  return { id, linkPath };
}

/**
 * Starts code-server with a fresh user-data and extensions folder.
 *
 * @param {object} options
 * @param {string} [options.extensionVsix] a .vsix to install into the extensions folder first
 * @param {string} [options.extensionDevelopmentPath] an unpacked extension folder (package.json + built main)
 *   to run as a development extension, without packaging. Passed to the workbench in the URL
 *   (`payload=[["extensionDevelopmentPath","vscode-remote://…"]]`), so always open `url` as returned.
 * @param {string} [options.linkExtension] an unpacked extension folder to link into the extensions folder, so
 *   it runs as an installed extension and the plain server address works (what `npm run sandbox` uses).
 *   Rebuild it and run "Developer: Reload Window" to pick up changes.
 * @param {object} [options.userSettings] merged over the defaults into User/settings.json
 * @param {Array}  [options.keybindings] written to User/keybindings.json
 * @param {string} options.workspaceFolder the folder the workbench opens (created when missing)
 * @param {number} [options.port] preferred port; the next free one is used when it is busy
 * @param {string} [options.host='127.0.0.1'] the address to bind
 * @param {string} [options.baseDir] where user-data/, extensions/ and the log go (default: a new .test-host/runs/run-*)
 * @param {number} [options.timeoutMs=60000] how long to wait for HTTP
 * @param {boolean} [options.echo=false] copy the server's output to this process's stderr
 * @param {boolean} [options.keep=false] keep an auto-created baseDir (user data, log) after stop()
 * @param {boolean} [options.workspaceTrust=false] let VS Code ask for Workspace Trust (the folder opens in
 *   Restricted Mode until trusted); also pass `'security.workspace.trust.enabled': true` in userSettings
 * @returns {Promise<{url: string, baseUrl: string, port: number, userDataDir: string, extensionsDir: string,
 *   baseDir: string, logFile: string, workspaceFolder: string, pid: number, output(): string, workbenchUrl(folder?: string): string,
 *   stop(options?: {removeBaseDir?: boolean}): Promise<void>}>}
 */
export async function startCodeServer(options) {
  // Between finding a free port and code-server binding it, another socket (an outgoing
  // connection's ephemeral port, a simulator on port 0) can take it: try another port.
  let attempt = { ...options };
  for (let tries = 1; ; tries++) {
    try {
      return await startCodeServerOnce(attempt);
    } catch (error) {
      if (!error?.addressInUse || tries >= 4) throw error;
      // Same files (the extension is installed already), a port of the system's choosing.
      attempt = { ...attempt, extensionVsix: undefined, linkExtension: undefined, port: undefined, baseDir: error.addressInUse.baseDir, ownBaseDir: error.addressInUse.ownBaseDir };
    }
  }
}

async function startCodeServerOnce({
  extensionVsix,
  extensionDevelopmentPath,
  linkExtension,
  userSettings = {},
  keybindings,
  workspaceFolder,
  port,
  host = '127.0.0.1',
  baseDir,
  timeoutMs = 60_000,
  echo = false,
  keep = false,
  workspaceTrust = false,
  ownBaseDir = !baseDir,
}) {
  if (!workspaceFolder) throw new Error('startCodeServer: workspaceFolder is required');
  await ensureCodeServer({ quiet: true });

  if (!baseDir) {
    mkdirSync(join(hostDir, 'runs'), { recursive: true });
    baseDir = mkdtempSync(join(hostDir, 'runs', 'run-'));
  }
  baseDir = resolve(baseDir);
  workspaceFolder = resolve(workspaceFolder);
  const userDataDir = join(baseDir, 'user-data');
  const extensionsDir = join(baseDir, 'extensions');
  const logFile = join(baseDir, 'code-server.log');
  for (const dir of [userDataDir, join(userDataDir, 'User'), extensionsDir, workspaceFolder, join(baseDir, 'xdg', 'config'), join(baseDir, 'xdg', 'data')]) {
    mkdirSync(dir, { recursive: true });
  }
  const env = serverEnv(baseDir);

  // User settings: keep what is there (a reused baseDir), then defaults, then the caller's.
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  let existing = {};
  if (existsSync(settingsFile)) {
    try {
      existing = JSON.parse(readFileSync(settingsFile, 'utf8'));
    } catch {
      existing = {};
    }
  }
  writeFileSync(settingsFile, JSON.stringify({ ...existing, ...DEFAULT_SETTINGS, ...userSettings }, null, 2) + '\n');
  if (keybindings) writeFileSync(join(userDataDir, 'User', 'keybindings.json'), JSON.stringify(keybindings, null, 2) + '\n');

  // Our own config file: otherwise code-server writes ~/.config/code-server/config.yaml with a
  // password. It must not be empty (code-server rejects a null document).
  const configFile = join(baseDir, 'config.yaml');
  writeFileSync(configFile, '# generated by test/host/code-server.mjs; the other flags are on the command line\nauth: none\n');
  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  if (linkExtension) linkUnpackedExtension(resolve(linkExtension), extensionsDir);

  if (extensionVsix) {
    await runOnce([...common, '--force', '--install-extension', resolve(extensionVsix)], env, `code-server --install-extension ${extensionVsix}`);
  }

  port = await findFreePort(port, host);
  const args = [
    ...common,
    '--auth', 'none',
    '--bind-addr', `${host}:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    workspaceFolder,
  ];

  const log = createWriteStream(logFile);
  const tail = [];
  const child = spawn(process.execPath, [codeServerEntry, ...args], {
    env,
    cwd: baseDir,
    detached: true, // own process group, so stop() ends its helpers (extension host, pty host, file watcher) too
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onData = (chunk) => {
    log.write(chunk);
    if (echo) process.stderr.write(chunk);
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 60) tail.shift();
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  let exited = false;
  let exitInfo = '';
  const exitPromise = new Promise((resolvePromise) => {
    child.on('exit', (code, signal) => {
      exited = true;
      exitInfo = signal ? `signal ${signal}` : `exit ${code}`;
      resolvePromise();
    });
  });
  child.on('error', (error) => {
    exited = true;
    exitInfo = error.message;
  });

  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  // Last resort when the caller forgets stop() or the process dies on an error.
  const onProcessExit = () => killGroup('SIGKILL');
  process.on('exit', onProcessExit);

  let stopped;
  // removeBaseDir: false when start failed, so the log the error names stays.
  const stop = ({ removeBaseDir = ownBaseDir && !keep } = {}) => {
    stopped ??= (async () => {
      killGroup('SIGTERM');
      const timer = new Promise((r) => setTimeout(r, 5000).unref());
      await Promise.race([exitPromise, timer]);
      // The group's other members (extension host, pty host, watcher) may outlive the main process.
      killGroup('SIGKILL');
      for (let i = 0; i < 40 && groupAlive(child.pid); i++) await new Promise((r) => setTimeout(r, 50));
      process.off('exit', onProcessExit);
      await new Promise((r) => log.end(r));
      if (removeBaseDir) rmSync(baseDir, { recursive: true, force: true });
    })();
    return stopped;
  };

  const baseUrl = `http://${host}:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      await stop({ removeBaseDir: false });
      const failure = new Error(`code-server exited before answering HTTP (${exitInfo}). Last output:\n${tail.join('\n')}\nLog: ${logFile}`);
      if (tail.some((line) => line.includes('EADDRINUSE'))) Object.assign(failure, { addressInUse: { baseDir, ownBaseDir } });
      throw failure;
    }
    const status = await httpStatus(`${baseUrl}/healthz`);
    if (status === 200) break;
    if (Date.now() > deadline) {
      await stop({ removeBaseDir: false });
      throw new Error(`code-server did not answer on ${baseUrl} within ${timeoutMs} ms. Last output:\n${tail.join('\n')}\nLog: ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  const workbenchUrl = (folder = workspaceFolder) => {
    const url = new URL(`${baseUrl}/`);
    if (folder) url.searchParams.set('folder', resolve(folder));
    if (extensionDevelopmentPath) {
      const uri = `vscode-remote://${host}:${port}${encodeURI(resolve(extensionDevelopmentPath))}`;
      url.searchParams.set('payload', JSON.stringify([['extensionDevelopmentPath', uri]]));
    }
    return url.toString();
  };

  return {
    url: workbenchUrl(),
    baseUrl,
    port,
    pid: child.pid,
    baseDir,
    userDataDir,
    extensionsDir,
    logFile,
    workspaceFolder,
    output: () => tail.join('\n'),
    workbenchUrl,
    stop,
  };
}
