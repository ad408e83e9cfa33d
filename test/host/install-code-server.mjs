#!/usr/bin/env node
// Installs code-server (a full VS Code 1.99.3 server + web workbench) into
// <repo>/.test-host/code-server/, offline-friendly: only the npm registry and
// Debian's packages are used. See /work/shared/notes/real-vscode-tests.md.
//
//   node test/host/install-code-server.mjs [--force] [--verbose]
//
// Reuses an existing install when its marker file says it is complete and of
// the right version. Exits non-zero with the reason on any failure.
//
// Also importable: `import { ensureCodeServer, codeServerEntry } from './install-code-server.mjs'`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, createWriteStream } from 'node:fs';
import { delimiter, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.99.4';
export const VSCODE_VERSION = '1.99.3';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');
export const hostDir = join(repoRoot, '.test-host');
export const installDir = join(hostDir, 'code-server');
const markerFile = join(installDir, '.install-complete.json');
const logFile = join(hostDir, 'install-code-server.log');

/** Absolute path of code-server's Node entry point (run it with `node`). */
export const codeServerEntry = join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

class InstallError extends Error {}

function readMarker() {
  try {
    return JSON.parse(readFileSync(markerFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/** True when a complete install of the right version (built for this Node major) is present. */
export function isInstalled() {
  const marker = readMarker();
  return Boolean(
    marker &&
      marker.version === CODE_SERVER_VERSION &&
      marker.nodeMajor === process.versions.node.split('.')[0] &&
      existsSync(codeServerEntry),
  );
}

function commandOnPath(name, path = process.env.PATH ?? '') {
  return path.split(delimiter).some((dir) => dir && existsSync(join(dir, name)));
}

/** Checks what the install and the tests need from the machine; throws with apt-get advice. */
export function preflight() {
  const problems = [];
  const packages = new Set();
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor !== 20) {
    problems.push(`code-server ${CODE_SERVER_VERSION} requires Node 20; this is Node ${process.version}.`);
  }
  if (!existsSync('/usr/bin/chromium')) {
    problems.push('/usr/bin/chromium is missing (the browser that drives the workbench).');
    packages.add('chromium');
  }
  if (!existsSync('/usr/bin/rg')) {
    problems.push('/usr/bin/rg is missing (@vscode/ripgrep would download it from GitHub, which fails offline).');
    packages.add('ripgrep');
  }
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !commandOnPath('krb5-config')) {
    problems.push('Kerberos headers are missing (/usr/include/gssapi/gssapi.h, krb5-config): the `kerberos` addon cannot build.');
    packages.add('libkrb5-dev');
  }
  for (const tool of ['python3', 'make', 'g++']) {
    if (!commandOnPath(tool)) {
      problems.push(`${tool} is not on PATH (node-gyp needs it to build native addons).`);
      packages.add(tool === 'g++' ? 'g++' : tool);
    }
  }
  if (problems.length) {
    let message = `Cannot install code-server:\n  - ${problems.join('\n  - ')}`;
    if (packages.size) {
      message += `\nInstall the missing Debian packages with:\n  apt-get update && apt-get install -y ${[...packages].join(' ')}`;
    }
    throw new InstallError(message);
  }
}

/**
 * The environment for npm: no npm_* variables inherited from an enclosing `npm run`
 * (npm_config_local_prefix etc. would point npm at the repository), no node_modules/.bin
 * on PATH, and the settings the install needs on this machine.
 */
function cleanEnv() {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'INIT_CWD' || key === 'NODE' || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir && !dir.split(sep).includes('node_modules'))
    .join(delimiter);
  // The node running this script comes first, so npm and node-gyp build for it.
  env.PATH = [dirname(process.execPath), env.PATH].join(delimiter);
  Object.assign(env, {
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses root without it
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`; machine config says yes=false
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_progress: 'false',
    JOBS: 'max', // node-gyp: compile each addon with make -j<cores>
  });
  if (process.env.npm_config_cache) env.npm_config_cache = process.env.npm_config_cache;
  return env;
}

/**
 * npm adds every ancestor folder's node_modules/.bin to PATH for lifecycle scripts; a
 * stray node/npm/npx/node-gyp there would change which Node builds the addons.
 */
function checkAncestorBins() {
  const offenders = [];
  let dir = installDir;
  for (;;) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
    const bin = join(dir, 'node_modules', '.bin');
    for (const name of ['node', 'npm', 'npx', 'node-gyp']) {
      if (existsSync(join(bin, name))) offenders.push(join(bin, name));
    }
  }
  if (offenders.length) {
    throw new InstallError(
      `These would shadow the machine's tools while npm builds code-server's native addons ` +
        `(npm puts every parent node_modules/.bin on PATH):\n  ${offenders.join('\n  ')}\nRemove them and retry.`,
    );
  }
}

let log;
const tail = [];
function record(chunk) {
  log?.write(chunk);
  for (const line of chunk.toString().split('\n')) {
    if (!line.trim()) continue;
    tail.push(line);
    if (tail.length > 40) tail.shift();
  }
}

function run(command, args, { cwd, env, verbose }) {
  return new Promise((resolvePromise, reject) => {
    record(`\n$ (cd ${cwd} && ${command} ${args.join(' ')})\n`);
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (chunk) => {
      record(chunk);
      if (verbose) process.stdout.write(chunk);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => reject(new InstallError(`${command} could not start: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise();
      else
        reject(
          new InstallError(
            `\`${command} ${args.join(' ')}\` in ${cwd} failed (${signal ?? `exit ${code}`}). Last output:\n${tail.join('\n')}\nFull log: ${logFile}`,
          ),
        );
    });
  });
}

function link(target, path) {
  rmSync(path, { recursive: true, force: true });
  symlinkSync(target, path);
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Installs code-server unless a complete install is already there.
 * @returns {Promise<{ installDir: string, entry: string, reused: boolean, ms: number }>}
 */
export async function ensureCodeServer({ force = false, verbose = false, quiet = false } = {}) {
  const started = Date.now();
  const say = (message) => {
    if (!quiet) console.log(`[code-server] ${message}`);
  };
  if (!force && isInstalled()) {
    say(`${CODE_SERVER_VERSION} already installed in ${installDir}`);
    return { installDir, entry: codeServerEntry, reused: true, ms: Date.now() - started };
  }
  preflight();
  checkAncestorBins();

  rmSync(installDir, { recursive: true, force: true });
  mkdirSync(installDir, { recursive: true });
  log = createWriteStream(logFile);
  // Its own package.json, so npm does not walk up and treat the repository as the project.
  writeFileSync(
    join(installDir, 'package.json'),
    JSON.stringify({ name: 'helpdesk-test-host', private: true, description: 'code-server for tests; generated' }, null, 2) + '\n',
  );

  const env = cleanEnv();
  const npm = 'npm';
  const pkg = join(installDir, 'node_modules', 'code-server');
  const vscode = join(pkg, 'lib', 'vscode');
  /** @type {Array<[string, () => Promise<void>]>} */
  const steps = [
    [`npm install code-server@${CODE_SERVER_VERSION} (scripts off)`, () =>
      run(npm, ['install', '--ignore-scripts', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], { cwd: installDir, env, verbose })],
    ['build argon2', () => run(npm, ['rebuild', 'argon2'], { cwd: installDir, env, verbose })],
    ['npm install lib/vscode dependencies (scripts off)', () =>
      run(npm, ['install', '--omit=dev', '--ignore-scripts'], { cwd: vscode, env, verbose })],
    ['link ripgrep to /usr/bin/rg', async () => {
      const bin = join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin');
      mkdirSync(bin, { recursive: true });
      link('/usr/bin/rg', join(bin, 'rg'));
    }],
    ['build lib/vscode native addons (npm rebuild)', () => run(npm, ['rebuild'], { cwd: vscode, env, verbose })],
    ['links: node_modules.asar, remote-cli, browser helper', async () => {
      link('node_modules', join(vscode, 'node_modules.asar'));
      link('code-linux.sh', join(vscode, 'bin', 'remote-cli', 'code-server'));
      link('browser-linux.sh', join(vscode, 'bin', 'helpers', 'browser.sh'));
    }],
    ['npm install built-in extensions dependencies', () =>
      run(npm, ['install', '--omit=dev'], { cwd: join(vscode, 'extensions'), env, verbose })],
    ['check: code-server --version', async () => {
      const out = [];
      await new Promise((resolvePromise, reject) => {
        // Its own XDG folders: code-server writes ~/.config/code-server/config.yaml otherwise, even for --version.
        const xdg = join(hostDir, 'xdg-install');
        const versionEnv = { ...env, XDG_CONFIG_HOME: join(xdg, 'config'), XDG_DATA_HOME: join(xdg, 'data'), XDG_CACHE_HOME: join(xdg, 'cache') };
        const child = spawn(process.execPath, [codeServerEntry, '--version'], { env: versionEnv, stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout.on('data', (c) => out.push(c));
        child.stderr.on('data', (c) => out.push(c));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolvePromise() : reject(new InstallError(`code-server --version failed: ${Buffer.concat(out)}`))));
      });
      rmSync(join(hostDir, 'xdg-install'), { recursive: true, force: true });
      const text = Buffer.concat(out).toString();
      if (!text.includes(CODE_SERVER_VERSION)) throw new InstallError(`unexpected code-server --version output: ${text}`);
      say(`  ${text.split('\n').find((line) => line.includes(CODE_SERVER_VERSION))?.trim()}`);
    }],
    ['check: native addons load', async () => {
      const modules = ['node-pty', '@vscode/spdlog', '@parcel/watcher', 'kerberos', 'native-watchdog'];
      const script = `const r=require('module').createRequire(${JSON.stringify(join(vscode, 'package.json'))});` +
        `for (const m of ${JSON.stringify(modules)}) r(m);`;
      await run(process.execPath, ['-e', script], { cwd: vscode, env, verbose });
      if (!existsSync(join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'))) throw new InstallError('ripgrep link missing');
    }],
  ];

  let n = 0;
  for (const [title, step] of steps) {
    n += 1;
    const t0 = Date.now();
    say(`[${n}/${steps.length}] ${title} ...`);
    await step();
    say(`[${n}/${steps.length}] ${title}: ${seconds(Date.now() - t0)}`);
  }

  writeFileSync(
    markerFile,
    JSON.stringify(
      { version: CODE_SERVER_VERSION, vscode: VSCODE_VERSION, node: process.version, nodeMajor: process.versions.node.split('.')[0], installedAt: new Date().toISOString() },
      null,
      2,
    ) + '\n',
  );
  await new Promise((r) => log.end(r));
  log = undefined;
  const ms = Date.now() - started;
  say(`installed ${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}) in ${installDir} in ${seconds(ms)}`);
  return { installDir, entry: codeServerEntry, reused: false, ms };
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const args = process.argv.slice(2);
  const started = Date.now();
  try {
    await ensureCodeServer({ force: args.includes('--force'), verbose: args.includes('--verbose') });
    console.log(`[code-server] done in ${seconds(Date.now() - started)}`);
  } catch (error) {
    console.error(`[code-server] FAILED after ${seconds(Date.now() - started)}: ${error instanceof InstallError ? error.message : error?.stack ?? error}`);
    process.exitCode = 1;
  }
}
