// The real-host half of `npm run bench`: code-server (VS Code 1.99, as the integration layer
// runs it) with the Helpdesk extension, an empty extension (the activation floor) and the
// benchmark's companion (bench/host/companion.ts) linked in. The simulators run here, in
// this process, with latency on every request, so the extension host's event loop is only
// the extension's; the companion asks this process for their request logs.
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { BIG_THREAD_TICKET_ID, startDeskproSimulator } from '../../src/sandbox/deskpro';
import { startDeskdirectorSimulator } from '../../src/sandbox/deskdirector/server';
import { startDiamantedeskSimulator } from '../../src/sandbox/diamantedesk/server';
import { startJitbitSimulator } from '../../src/sandbox/jitbit';
import type { LoggedRequest } from '../../src/sandbox/simulator-server';
import type { BenchConfig, BenchVendor, HostResults, LoggedEntry } from './protocol';

// The shared host helpers are plain ES modules (test/host); tsx loads them as they are.
type Workbench = { page: { evaluate(script: string): Promise<unknown> }; close(): Promise<void>; screenshot(name: string): Promise<string> };
type Server_ = { url: string; stop(options?: { removeBaseDir?: boolean }): Promise<void>; output(): string; pid: number };
interface HostModules {
  startCodeServer(options: Record<string, unknown>): Promise<Server_>;
  linkUnpackedExtension(folder: string, extensionsDir: string): unknown;
  openWorkbench(url: string, folder: string, options?: Record<string, unknown>): Promise<Workbench>;
  ensureCodeServer(options?: Record<string, unknown>): Promise<unknown>;
  repoRoot: string;
  hostDir: string;
}

async function hostModules(): Promise<HostModules> {
  const [codeServer, browser, install] = await Promise.all([
    import('../../test/host/code-server.mjs'),
    import('../../test/host/browser.mjs'),
    import('../../test/host/install-code-server.mjs'),
  ]);
  return { ...codeServer, ...browser, ...install } as unknown as HostModules;
}

export interface HostOptions {
  rounds: number;
  /** Activation is timed once per fresh window; this many windows. */
  activationRounds: number;
  idleMinutes: number;
  /** Milliseconds added to every simulator answer (both ways of a round trip). */
  latencyMs: number;
  /** Keep a CPU profile of each timed step (in .test-host/bench/profiles). */
  profile: boolean;
  say(message: string): void;
}

export interface HostRun {
  activation: HostResults[];
  scenarios: HostResults;
}

const PAGING_TICKETS = 10_000;
/** DeskPRO's largest page (`count` ≤ 200): also the largest `helpdesk.pageSize`. */
const DESKPRO_MAX_PAGE = 200;
/** The 500-message ticket's bodies are padded to this many bytes of HTML in all. */
const BIG_TICKET_HTML_BYTES = 2 * 1024 * 1024;

/** An unpacked extension folder holding what the package ships: manifest, l10n, media, dist. */
function snapshotExtension(repoRoot: string, to: string): string {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const item of ['package.json', 'package.nls.json', 'l10n', 'media', 'dist']) {
    if (existsSync(join(repoRoot, item))) cpSync(join(repoRoot, item), join(to, item), { recursive: true });
  }
  return to;
}

function writeExtension(folder: string, manifest: Record<string, unknown>, files: Record<string, string>): string {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const base = { version: '0.0.0', publisher: 'helpdesk-bench', private: true, license: 'MIT', engines: { vscode: '^1.99.0' }, extensionKind: ['workspace'] };
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ ...base, ...manifest }, null, 2));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

/** `node scripts/build.mjs [--production]`: dist/ as the package (or the test build) has it. */
function buildExtension(repoRoot: string, production: boolean): void {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs'), ...(production ? ['--production'] : [])], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`scripts/build.mjs${production ? ' --production' : ''} failed`);
}

async function buildCompanion(repoRoot: string, folder: string): Promise<string> {
  writeExtension(folder, { name: 'bench-companion', activationEvents: ['*'], main: './companion.js' }, {});
  await esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: ['bench/host/companion.ts'],
    outfile: join(folder, 'companion.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return folder;
}

interface SimHandle {
  name: string;
  requests: LoggedRequest[];
  faults: { latencyMs: number };
  close(): Promise<void>;
}

/** Requests logs and the window's focus, for the companion. */
function startControl(sims: Map<string, SimHandle>, focus: (focused: boolean) => Promise<void>): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/requests') {
      const sim = sims.get(url.searchParams.get('sim') ?? '');
      if (!sim) return reply(404, { error: 'no such simulator' });
      const log: LoggedEntry[] = sim.requests.map(({ method, path, query, status }) => ({ method, path, query, status }));
      return reply(200, { total: log.length, log });
    }
    if (url.pathname === '/blur' || url.pathname === '/focus') {
      focus(url.pathname === '/focus').then(
        () => reply(200, {}),
        (error: unknown) => reply(500, { error: String(error) }),
      );
      return;
    }
    reply(404, { error: 'unknown' });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Starts the four simulators with latency; DeskPRO holds 10,000 open tickets and the padded big thread. */
async function startSimulators(latencyMs: number): Promise<{ sims: Map<string, SimHandle>; vendors: BenchVendor[] }> {
  const deskpro = await startDeskproSimulator({ port: 0, ticketCount: PAGING_TICKETS });
  for (const ticket of deskpro.state.tickets.values()) ticket.status = 'awaiting_agent';
  const thread = [...deskpro.state.messages.values()].filter((message) => message.ticket === BIG_THREAD_TICKET_ID);
  const pad = Math.ceil(BIG_TICKET_HTML_BYTES / Math.max(thread.length, 1));
  const paragraph = '<p>The export <b>still</b> fails on <a href="https://example.com/run">the nightly run</a> with <code>E42</code>; logs attached.</p>\n';
  for (const message of thread) message.message = `${message.message}\n${paragraph.repeat(Math.ceil(pad / paragraph.length))}`;
  const jitbit = await startJitbitSimulator({ port: 0, ticketCount: 400 });
  const diamante = await startDiamantedeskSimulator({ port: 0, ticketCount: 400 });
  const director = await startDeskdirectorSimulator({ port: 0, ticketCount: 400 });
  const all = { deskpro, jitbit, diamantedesk: diamante, deskdirector: director };
  const sims = new Map<string, SimHandle>();
  for (const [name, sim] of Object.entries(all)) {
    sim.faults.latencyMs = latencyMs;
    sims.set(name, { name, requests: sim.requests, faults: sim.faults, close: () => sim.close() });
  }
  const origin = (url: string) => new URL(url).origin;
  const vendors: BenchVendor[] = [
    { id: 'bench-deskpro', label: 'Bench DeskPRO', entry: { type: 'deskpro', baseUrl: deskpro.url }, credentials: { secret: deskpro.apiKey }, sim: 'deskpro', origin: origin(deskpro.url), view: 'open', listPath: '^/api/v2/tickets$' },
    { id: 'bench-jitbit', label: 'Bench Jitbit', entry: { type: 'jitbit', baseUrl: jitbit.url }, credentials: { username: jitbit.username, secret: jitbit.password }, sim: 'jitbit', origin: origin(jitbit.url), view: 'open', listPath: '/api/tickets$' },
    { id: 'bench-diamantedesk', label: 'Bench DiamanteDesk', entry: { type: 'diamantedesk', baseUrl: diamante.url }, credentials: { username: diamante.username, secret: diamante.apiKey }, sim: 'diamantedesk', origin: origin(diamante.url), view: 'open', listPath: '/desk/tickets(\\.json)?$' },
    { id: 'bench-deskdirector', label: 'Bench DeskDirector', entry: { type: 'deskdirector', baseUrl: director.url, authMethod: 'apiKey' }, credentials: { secret: director.apiKey }, sim: 'deskdirector', origin: origin(director.url), view: 'open', listPath: '^/api/v2/copilot/tickets$' },
  ];
  return { sims, vendors };
}

async function waitForResults(outDir: string, server: Server_, timeoutMs: number): Promise<HostResults> {
  const file = join(outDir, 'results.json');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as HostResults;
    try {
      process.kill(server.pid, 0);
    } catch {
      throw new Error(`code-server exited before the benchmark finished:\n${server.output().slice(-3000)}`);
    }
    if (Date.now() > deadline) throw new Error(`the extension host side did not finish within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** One window: code-server with the extension at `extension`, the companion and the empty extension. */
async function runWindow(
  host: HostModules,
  config: Omit<BenchConfig, 'control'>,
  extension: string,
  helpers: { companion: string; empty: string },
  timeoutMs: number,
  sims = new Map<string, SimHandle>(),
): Promise<HostResults> {
  mkdirSync(join(host.hostDir, 'runs'), { recursive: true });
  const baseDir = mkdtempSync(join(host.hostDir, 'runs', `bench-${config.phase}-`));
  const outDir = join(baseDir, 'results');
  const workspaceFolder = join(baseDir, 'workspace');
  mkdirSync(outDir, { recursive: true });
  let workbench: Workbench | undefined;
  const control = await startControl(sims, async (focused) => {
    if (!workbench) throw new Error('no window');
    // Headless Chromium always reports focus; the workbench reads document.hasFocus() on blur/focus.
    // (Strings, not functions: tsx would wrap a function in a helper the page does not have.)
    await workbench.page.evaluate(
      focused
        ? "delete document.hasFocus; window.dispatchEvent(new Event('focus'));"
        : // The workbench's focus tracker reports on a focus or blur event what document.hasFocus() says.
          "Object.defineProperty(document, 'hasFocus', { value: () => false, configurable: true }); window.dispatchEvent(new Event('focus')); window.dispatchEvent(new Event('blur'));",
    );
  });
  const full: BenchConfig = { ...config, control: `http://127.0.0.1:${(control.address() as AddressInfo).port}` };
  writeFileSync(join(outDir, 'config.json'), JSON.stringify(full, null, 2));
  process.env.HELPDESK_BENCH_OUT = outDir;
  process.env.HELPDESK_TEST_API = config.phase === 'scenarios' ? '1' : '0';
  let server: Server_ | undefined;
  try {
    host.linkUnpackedExtension(helpers.companion, join(baseDir, 'extensions'));
    host.linkUnpackedExtension(helpers.empty, join(baseDir, 'extensions'));
    server = await host.startCodeServer({ linkExtension: extension, workspaceFolder, baseDir, userSettings: { 'helpdesk.sandbox.enabled': false } });
    workbench = await host.openWorkbench(server.url, workspaceFolder, { screenshotDir: join(host.repoRoot, 'test-results', 'bench') });
    const results = await waitForResults(outDir, server, timeoutMs);
    if (results.error) {
      const shot = await workbench.screenshot(`bench-${config.phase}-error`).catch(() => '');
      throw new Error(`the ${config.phase} window failed: ${results.error}${shot ? `\nscreenshot: ${shot}` : ''}\nrun folder: ${baseDir}`);
    }
    if (config.profile) {
      const to = join(host.hostDir, 'bench', 'profiles', config.phase);
      rmSync(to, { recursive: true, force: true });
      mkdirSync(to, { recursive: true });
      for (const name of readdirSync(outDir)) if (name.endsWith('.cpuprofile')) cpSync(join(outDir, name), join(to, name));
    }
    rmSync(baseDir, { recursive: true, force: true });
    return results;
  } finally {
    await workbench?.close().catch(() => {});
    await server?.stop({ removeBaseDir: false }).catch(() => {});
    control.close();
  }
}

export async function runHostBench(options: HostOptions): Promise<HostRun> {
  const host = await hostModules();
  await host.ensureCodeServer({ quiet: true });
  const benchDir = join(host.hostDir, 'bench');
  const empty = writeExtension(join(benchDir, 'empty'), { name: 'bench-empty', activationEvents: [], main: './extension.js' }, {
    'extension.js': 'exports.activate = function () {};\nexports.deactivate = function () {};\n',
  });
  const companion = await buildCompanion(host.repoRoot, join(benchDir, 'companion'));
  const helpers = { companion, empty };

  options.say('building the production extension ...');
  buildExtension(host.repoRoot, true);
  const production = snapshotExtension(host.repoRoot, join(benchDir, 'extension-production'));
  // Activated only when the companion asks, once the window has settled: the manifest's own
  // events (onStartupFinished among them) would start it while built-in extensions start too.
  const manifestFile = join(production, 'package.json');
  writeFileSync(manifestFile, JSON.stringify({ ...JSON.parse(readFileSync(manifestFile, 'utf8')), activationEvents: [] }, null, 2));
  options.say('building the test build (its test API drives the scenarios) ...');
  buildExtension(host.repoRoot, false);
  const testBuild = snapshotExtension(host.repoRoot, join(benchDir, 'extension-test'));

  const base = {
    rounds: options.rounds,
    pageSize: DESKPRO_MAX_PAGE,
    vendors: [],
    pagingVendor: 'bench-deskpro',
    vendorMaxPage: DESKPRO_MAX_PAGE,
    bigTicket: { vendor: 'bench-deskpro', ticketId: String(BIG_THREAD_TICKET_ID) },
    idleMinutes: options.idleMinutes,
    profile: options.profile,
  };
  const activation: HostResults[] = [];
  for (let round = 1; round <= options.activationRounds; round++) {
    options.say(`activation window ${round} of ${options.activationRounds} ...`);
    activation.push(await runWindow(host, { ...base, phase: 'activation' }, production, helpers, 120_000));
  }
  options.say(`scenario window (simulators answer after ${options.latencyMs} ms; idle ${options.idleMinutes} min) ...`);
  const { sims, vendors } = await startSimulators(options.latencyMs);
  try {
    const scenarios = await runWindow(host, { ...base, phase: 'scenarios', vendors }, testBuild, helpers, (options.idleMinutes + 15) * 60_000, sims);
    return { activation, scenarios };
  } finally {
    await Promise.all([...sims.values()].map((sim) => sim.close()));
  }
}
