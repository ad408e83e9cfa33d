// The benchmark's side inside the real extension host (code-server). It is a tiny extension
// of its own (bench/host/companion.json), activated on `*`, so it runs before the Helpdesk
// extension activates by itself, and it measures from the same process and event loop.
// The launcher (bench/host/launch.ts) says what to do in config.json in HELPDESK_BENCH_OUT,
// runs the simulators in its own process (with latency), counts their requests on its
// control server, and reads results.json when this side has written it.
//
// Two phases, one window each:
//   activation — module load + activate() of an empty extension (the floor), then of the
//                production Helpdesk bundle; which files of dist/ were loaded by then.
//   scenarios  — the test build (its test API reaches the tree and the panels): refresh per
//                vendor against one raw undici request, all at once, 10,000 tickets through
//                Load more, memory, a 500-message ticket painted, and idle unfocused.
import { existsSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { request } from 'undici';
import * as vscode from 'vscode';
import type { HelpdeskTestApi } from '../../src/extension';
import { deskdirectorAuth } from '../../src/providers/deskdirector/auth';
import { formatCreated, wsseCredentials, wsseHeaders } from '../../src/providers/diamantedesk/auth';
import { Commands } from '../../src/ui/commandIds';
import type { TicketPanelController } from '../../src/ui/panel/controller';
import { panelKey } from '../../src/ui/panel/manager';
import type { ListNode, TreeNode } from '../../src/ui/tree/nodes';
import type { BenchConfig, BenchVendor, HostResults, Measured, RequestCount } from './protocol';

const HELPDESK_ID = 'helpdesk-vscode.helpdesk-vscode';
const EMPTY_ID = 'helpdesk-bench.bench-empty';
/** How long the activation window waits after it opened before timing anything. */
const SETTLE_MS = 4000;

export function activate(): void {
  const out = process.env.HELPDESK_BENCH_OUT;
  if (!out || !existsSync(join(out, 'config.json'))) return;
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as BenchConfig;
  if (config.profile) profileDir = out;
  const results: HostResults = { host: `VS Code ${vscode.version} (${vscode.env.appHost}), Node ${process.version}`, rows: [], notes: [] };
  const run = config.phase === 'activation' ? activation(results) : scenarios(config, results);
  void run
    .catch((error: unknown) => {
      results.error = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
    })
    .finally(() => {
      const file = join(out, 'results.json');
      writeFileSync(`${file}.tmp`, JSON.stringify(results, null, 2));
      renameSync(`${file}.tmp`, file);
    });
}

// ---- measuring ---------------------------------------------------------------------------

/** Where `--profile` puts a .cpuprofile per scenario (undefined: no profiling). */
let profileDir: string | undefined;
let profileCount = 0;

/** A CPU profile of `work` through the inspector, written as <n>.cpuprofile (open it in DevTools). */
async function profiled<T>(work: () => Promise<T>): Promise<T> {
  if (!profileDir) return work();
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(join(profileDir, `${String(++profileCount).padStart(2, '0')}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

/** The longest event-loop block while `work` runs, from Node's own delay histogram. */
async function withLoopWatch<T>(work: () => Promise<T>): Promise<{ value: T; blockMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  try {
    const value = await profiled(work);
    // A block is recorded when the histogram's timer runs late: give it its turn before reading.
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { value, blockMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Garbage collection on demand (the host runs without --expose-gc). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

// ---- activation --------------------------------------------------------------------------

async function activation(results: HostResults): Promise<void> {
  const empty = vscode.extensions.getExtension(EMPTY_ID);
  const helpdesk = vscode.extensions.getExtension(HELPDESK_ID);
  if (!empty || !helpdesk) throw new Error(`missing in this window: ${!empty ? EMPTY_ID : HELPDESK_ID}`);
  if (helpdesk.isActive) throw new Error('the Helpdesk extension activated before the benchmark could time it');
  // The window's own start (built-in extensions activating) is over before the clock starts.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const floor = await withLoopWatch(() => timed(() => Promise.resolve(empty.activate())));
  const subject = await withLoopWatch(() => timed(() => Promise.resolve(helpdesk.activate())));
  const dist = realpathSync(join(helpdesk.extensionPath, 'dist')) + sep;
  const loaded = Object.keys(require.cache).filter((file) => file.startsWith(dist) && file.endsWith('.js'));
  const bytes = loaded.reduce((sum, file) => sum + statSync(file).size, 0);
  results.rows.push(
    { key: 'activation', floorMs: floor.value, subjectMs: subject.value, blockMs: subject.blockMs },
    { key: 'activationBytes', bytes, files: loaded.map((file) => file.slice(dist.length)) },
  );
}

// ---- scenarios ---------------------------------------------------------------------------

interface Ctx {
  config: BenchConfig;
  api: HelpdeskTestApi;
  results: HostResults;
}

async function control<T>(config: BenchConfig, path: string): Promise<T> {
  const response = await request(`${config.control}${path}`);
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`control ${path}: ${response.statusCode} ${text}`);
  return JSON.parse(text) as T;
}

const counts = (config: BenchConfig, sim: string) => control<RequestCount>(config, `/requests?sim=${encodeURIComponent(sim)}`);

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function children(api: HelpdeskTestApi, node?: TreeNode): Promise<TreeNode[]> {
  return (await api.tree.getChildren(node)) ?? [];
}

/** Rows of a list as the tree view gets them: the children, and a TreeItem for each. */
async function drawList(api: HelpdeskTestApi, list: ListNode): Promise<TreeNode[]> {
  const nodes = await children(api, list);
  for (const node of nodes) await api.tree.getTreeItem(node);
  return nodes;
}

/** The headers a raw client needs for the vendor (a fresh WSSE token per request). */
function authHeaders(vendor: BenchVendor): Record<string, string> {
  const { username = '', secret } = vendor.credentials;
  switch (vendor.entry.type) {
    case 'deskpro':
      return { authorization: `key ${secret}`, accept: 'application/json' };
    case 'jitbit':
      return { authorization: `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}` };
    case 'diamantedesk':
      return { ...wsseHeaders(wsseCredentials({ username, secret }), formatCreated(Date.now())), accept: 'application/json' };
    case 'deskdirector':
      return { authorization: deskdirectorAuth(secret, 'apiKey').header, accept: 'application/json' };
    default:
      throw new Error(`no raw client for ${String(vendor.entry.type)}`);
  }
}

async function rawGet(vendor: BenchVendor, url: string): Promise<unknown> {
  const response = await request(url, { headers: authHeaders(vendor) });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`raw GET ${url}: ${response.statusCode} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

async function scenarios(config: BenchConfig, results: HostResults): Promise<void> {
  const helpdesk = vscode.extensions.getExtension<HelpdeskTestApi | undefined>(HELPDESK_ID);
  if (!helpdesk) throw new Error(`${HELPDESK_ID} is not in this window`);
  // Profiled too with --profile: the test build is not minified, so its profile names functions.
  const api = await profiled(() => Promise.resolve(helpdesk.activate()));
  if (!api) throw new Error('no test API: the scenarios need the test build and HELPDESK_TEST_API=1');
  const ctx: Ctx = { config, api, results };
  const settings = vscode.workspace.getConfiguration('helpdesk');
  await settings.update('pageSize', config.pageSize, vscode.ConfigurationTarget.Global);
  await settings.update('notifications', 'off', vscode.ConfigurationTarget.Global);
  const entries = config.vendors.map((vendor) => ({ id: vendor.id, label: vendor.label, ...vendor.entry }));
  await settings.update('instances', entries, vscode.ConfigurationTarget.Global);
  for (const vendor of config.vendors) {
    await waitFor(`"${vendor.id}" among the roots`, async () => (await children(api)).find((node) => node.instanceId === vendor.id));
    await vscode.commands.executeCommand(Commands.setCredentials, { instanceId: vendor.id, ...vendor.credentials });
  }
  const lists = new Map<string, ListNode>();
  for (const vendor of config.vendors) {
    const root = (await children(api)).find((node) => node.instanceId === vendor.id);
    if (!root) throw new Error(`no root for ${vendor.id}`);
    const list = await waitFor(`${vendor.label} connected`, async () => {
      const nodes = (await children(api, root)).filter((node): node is ListNode => node.kind === 'list');
      return nodes.find((node) => 'view' in node.query && node.query.view === vendor.view);
    });
    lists.set(vendor.id, list);
    const rows = await drawList(api, list);
    if (!rows.some((node) => node.kind === 'ticket')) throw new Error(`${vendor.label}: the ${vendor.view} list has no rows`);
  }

  const alone = await refreshEach(ctx, lists);
  await refreshTogether(ctx, lists, alone);
  const big = config.vendors.find((vendor) => vendor.id === config.pagingVendor);
  if (big) await pageToTheEnd(ctx, big, lists.get(big.id)!);
  await openBigTicket(ctx);
  if (config.idleMinutes > 0) {
    await idle(ctx).catch((error: unknown) => {
      results.notes.push(`idle not measured: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}

/** Refresh → first page in the tree, per vendor; the floor is the same GET sent raw. */
async function refreshEach(ctx: Ctx, lists: Map<string, ListNode>): Promise<Map<string, number>> {
  const { api, config } = ctx;
  const alone = new Map<string, number>();
  for (const vendor of config.vendors) {
    const list = lists.get(vendor.id)!;
    const floors: number[] = [];
    const subjects: number[] = [];
    let requests = 0;
    let sentPaths: string[] = [];
    let blockMs = 0;
    for (let round = 0; round <= config.rounds; round++) {
      const before = await counts(config, vendor.sim);
      const run = await withLoopWatch(() =>
        timed(async () => {
          await vscode.commands.executeCommand(Commands.refreshInstance, { instanceId: vendor.id });
          await drawList(api, list);
        }),
      );
      const after = await counts(config, vendor.sim);
      const sent = after.log.slice(before.total);
      const listGet = [...sent].reverse().find((entry) => entry.method === 'GET' && new RegExp(vendor.listPath, 'i').test(entry.path));
      if (!listGet) throw new Error(`${vendor.label}: the refresh sent no list request (${sent.map((e) => `${e.method} ${e.path}`).join(', ')})`);
      const url = `${vendor.origin}${listGet.path}${listGet.query}`;
      const floor = await timed(() => rawGet(vendor, url));
      if (round === 0) continue; // warm-up
      subjects.push(run.value);
      floors.push(floor);
      requests = sent.length;
      sentPaths = sent.map((entry) => `${entry.method} ${entry.path}${entry.query}`);
      blockMs = Math.max(blockMs, run.blockMs);
    }
    const subjectMs = median(subjects);
    alone.set(vendor.id, subjectMs);
    ctx.results.rows.push({ key: `refresh:${vendor.entry.type}`, label: vendor.label, floorMs: median(floors), subjectMs, blockMs, requests, sent: sentPaths } satisfies Measured);
  }
  return alone;
}

/** Refresh All → every first page drawn; the floor is the slowest vendor refreshed alone. */
async function refreshTogether(ctx: Ctx, lists: Map<string, ListNode>, alone: Map<string, number>): Promise<void> {
  const { api, config } = ctx;
  const subjects: number[] = [];
  let blockMs = 0;
  for (let round = 0; round <= config.rounds; round++) {
    const run = await withLoopWatch(() =>
      timed(async () => {
        await vscode.commands.executeCommand(Commands.refresh);
        await Promise.all([...lists.values()].map((list) => drawList(api, list)));
      }),
    );
    if (round === 0) continue;
    subjects.push(run.value);
    blockMs = Math.max(blockMs, run.blockMs);
  }
  ctx.results.rows.push({ key: 'refreshAll', floorMs: Math.max(...alone.values()), subjectMs: median(subjects), blockMs });
}

/** Load more until the list ends: requests at the simulator, time against a raw sequential loop, memory. */
async function pageToTheEnd(ctx: Ctx, vendor: BenchVendor, list: ListNode): Promise<void> {
  const { api, config } = ctx;
  // A fresh start: only the first page loaded.
  await vscode.commands.executeCommand(Commands.refreshInstance, { instanceId: vendor.id });
  await drawList(api, list);
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const before = await counts(config, vendor.sim);
  let rows = 0;
  const run = await withLoopWatch(() =>
    timed(async () => {
      for (;;) {
        const nodes = await drawList(api, list);
        rows = nodes.filter((node) => node.kind === 'ticket').length;
        const more = nodes.find((node) => node.kind === 'loadMore');
        if (!more) break;
        await vscode.commands.executeCommand(Commands.loadMore, more);
      }
    }),
  );
  const after = await counts(config, vendor.sim);
  collectGarbage();
  const heapAfter = process.memoryUsage().heapUsed;
  const gets = after.log.slice(before.total).filter((entry) => entry.method === 'GET' && new RegExp(vendor.listPath, 'i').test(entry.path));
  // The first page was loaded before the clock started: the raw loop reads the same pages.
  const firstPage = before.log.filter((entry) => entry.method === 'GET' && new RegExp(vendor.listPath, 'i').test(entry.path)).at(-1);
  const urls = [firstPage, ...gets].filter((entry) => entry !== undefined).map((entry) => `${vendor.origin}${entry.path}${entry.query}`);
  const floorMs = await timed(async () => {
    for (const url of urls) await rawGet(vendor, url);
  });
  ctx.results.rows.push({
    key: 'pageToEnd',
    label: vendor.label,
    rows,
    requests: gets.length + 1,
    floorRequests: Math.ceil(rows / config.vendorMaxPage),
    floorMs,
    subjectMs: run.value,
    blockMs: run.blockMs,
    heapGrowthMB: (heapAfter - heapBefore) / 1024 / 1024,
  });
}

/** Opens the 500-message ticket: command → the webview's own marks (first screen, all painted). */
async function openBigTicket(ctx: Ctx): Promise<void> {
  const { api, config } = ctx;
  const vendor = config.vendors.find((v) => v.id === config.bigTicket.vendor);
  if (!vendor) return;
  // The manager keeps its panels private; bracket access reads them (as the integration suites do).
  const controller = () => (api.panels as unknown as { panels: Map<string, { controller?: TicketPanelController }> }).panels.get(panelKey(vendor.id, config.bigTicket.ticketId))?.controller;
  const before = await counts(config, vendor.sim);
  const run = await withLoopWatch(async () => {
    const started = Date.now();
    await vscode.commands.executeCommand(Commands.openTicket, { instanceId: vendor.id, ticketId: config.bigTicket.ticketId });
    const marks = await waitFor('the panel to say its conversation is painted', () => controller()?.lastPaint, 120_000);
    return { firstScreen: marks.firstScreen - started, allPainted: marks.allPainted - started, messages: marks.messages };
  });
  const after = await counts(config, vendor.sim);
  const gets = after.log.slice(before.total).filter((entry) => entry.method === 'GET');
  const floorMs = await timed(() => Promise.all(gets.map((entry) => rawGet(vendor, `${vendor.origin}${entry.path}${entry.query}`))));
  ctx.results.rows.push({
    key: 'bigTicket',
    floorMs,
    subjectMs: run.value.allPainted,
    firstScreenMs: run.value.firstScreen,
    messages: run.value.messages,
    requests: gets.length,
    blockMs: run.blockMs,
  });
}

/** The window unfocused for the configured minutes: requests at every simulator. */
async function idle(ctx: Ctx): Promise<void> {
  const { config } = ctx;
  await control(config, '/blur');
  await waitFor('the window to lose focus', () => !vscode.window.state.focused, 10_000);
  const sims = [...new Set(config.vendors.map((vendor) => vendor.sim))];
  const before = await Promise.all(sims.map((sim) => counts(config, sim)));
  const run = await withLoopWatch(() => new Promise((resolve) => setTimeout(resolve, config.idleMinutes * 60_000)));
  const after = await Promise.all(sims.map((sim) => counts(config, sim)));
  const requests = after.reduce((sum, count, index) => sum + count.total - (before[index]?.total ?? 0), 0);
  ctx.results.rows.push({ key: 'idle', minutes: config.idleMinutes, requests, blockMs: run.blockMs, stillUnfocused: !vscode.window.state.focused });
  await control(config, '/focus');
}
