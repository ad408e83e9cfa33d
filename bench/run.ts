// `npm run bench`: how fast the parts users wait on are, each figure next to a floor
// measured in the same run on the same machine (these machines are noisy; absolute
// milliseconds mean little, ratios travel). Medians of several rounds. Two halves:
//   node — the providers and the renderer in plain Node (what mapping and checks add on top
//          of loopback HTTP);
//   host — the real extension host of VS Code 1.99 (code-server, headless Chromium), as a
//          user meets it: activation, refresh, Load more to 10,000 rows, memory, a
//          500-message ticket painted, idle unfocused, the longest event-loop block.
// Prints a table, writes bench/results.json, and exits 1 when a row misses its target. It is
// not a test: `npm test` times nothing.
//
//   npm run bench [-- --rounds N] [--node-only | --host-only] [--idle-minutes M]
//                 [--activation-rounds N] [--latency-ms MS] [--profile]
import { writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { statSync, readdirSync } from 'node:fs';
import { request } from 'undici';
import { silentLogger } from '../src/helpdesk/log';
import type { HelpdeskProvider } from '../src/helpdesk/provider';
import { renderBody } from '../src/helpdesk/render';
import { escapeHtml } from '../src/helpdesk/render/text';
import { deskproDescriptor } from '../src/providers/deskpro';
import { jitbitDescriptor } from '../src/providers/jitbit';
import { BIG_THREAD_TICKET_ID, startDeskproSimulator } from '../src/sandbox/deskpro';
import { startJitbitSimulator } from '../src/sandbox/jitbit';

function numberArg(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}
const ROUNDS = numberArg('--rounds', 7);

interface Case {
  name: string;
  /** What the floor is, in words. */
  floorIs: string;
  target: number;
  floor: () => Promise<unknown> | unknown;
  subject: () => Promise<unknown> | unknown;
}

async function median(run: () => Promise<unknown> | unknown): Promise<number> {
  await run(); // warm-up: JIT, connection pool, lazily built renderers
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

function bigHtml(bytes: number): string {
  const paragraph = '<p>Hello <b>team</b>, the <a href="https://example.com/x">report</a> fails with <code>E42</code> again.</p>\n';
  return paragraph.repeat(Math.ceil(bytes / paragraph.length));
}

function nested(depth: number): string {
  return '<div>'.repeat(depth) + 'deep' + '</div>'.repeat(depth);
}

async function nodeHalf(): Promise<Row[]> {
  const deskpro = await startDeskproSimulator({ port: 0 });
  const jitbit = await startJitbitSimulator({ port: 0 });
  const dp: HelpdeskProvider = deskproDescriptor.create({
    config: { id: 'bench-dp', label: 'Bench', type: 'deskpro', baseUrl: deskpro.url },
    credentials: { secret: deskpro.apiKey },
    log: silentLogger,
    http: { timeoutMs: 30_000 },
  });
  const jb: HelpdeskProvider = jitbitDescriptor.create({
    config: { id: 'bench-jb', label: 'Bench', type: 'jitbit', baseUrl: jitbit.url },
    credentials: { username: jitbit.username, secret: jitbit.password },
    log: silentLogger,
    http: { timeoutMs: 30_000 },
  });
  const dpAuth = { authorization: `key ${deskpro.apiKey}`, accept: 'application/json' };
  const jbAuth = { authorization: `Basic ${Buffer.from(`${jitbit.username}:${jitbit.password}`).toString('base64')}` };
  const html2mb = bigHtml(2 * 1024 * 1024);
  const deep = nested(10_000);
  /**
   * The floor for a provider case: the exact requests the provider sent (read from the
   * simulator's log after a warm-up), replayed with plain undici and JSON.parse. The ratio
   * is then what the provider's own work (mapping, paging, checks) costs on top of HTTP.
   */
  const replayOf = async (
    sim: { url: string; requests: { method: string; path: string; query: string }[] },
    headers: Record<string, string>,
    run: () => Promise<unknown>,
  ): Promise<() => Promise<void>> => {
    await run();
    const start = sim.requests.length;
    await run();
    const origin = new URL(sim.url).origin;
    const urls = sim.requests.slice(start).filter((r) => r.method === 'GET').map((r) => `${origin}${r.path}${r.query}`);
    if (urls.length === 0) throw new Error('the provider sent no GET to replay');
    return async () => {
      for (const url of urls) JSON.parse(await (await request(url, { headers })).body.text());
    };
  };
  await dp.whoAmI();
  await jb.whoAmI();
  const dpOpen = () => dp.listTickets({ view: 'open' }, undefined, 50);
  const jbOpen = () => jb.listTickets({ view: 'open' }, undefined, 50);
  const dpThread = async () => {
    let cursor: string | undefined;
    do cursor = (await dp.listMessages(String(BIG_THREAD_TICKET_ID), cursor)).next;
    while (cursor);
  };

  const cases: Case[] = [
    {
      name: 'render 2 MB HTML body (cut to the limit)',
      floorIs: 'escaping the same text',
      target: 10,
      floor: () => escapeHtml(html2mb),
      subject: () => renderBody(html2mb, 'html', { allowRemoteImages: false }),
    },
    {
      name: 'render 10,000 nested tags',
      floorIs: 'escaping the same text',
      target: 50,
      floor: () => escapeHtml(deep),
      subject: () => renderBody(deep, 'html', { allowRemoteImages: false }),
    },
    {
      name: 'DeskPRO: first page of All Open (50)',
      floorIs: 'its requests replayed with plain undici',
      target: 6,
      floor: await replayOf(deskpro, dpAuth, dpOpen),
      subject: dpOpen,
    },
    {
      name: 'DeskPRO: 500-message thread, all pages',
      floorIs: 'its requests replayed with plain undici',
      target: 6,
      floor: await replayOf(deskpro, dpAuth, dpThread),
      subject: dpThread,
    },
    {
      name: 'Jitbit: first page of All Open (50)',
      floorIs: 'its requests replayed with plain undici',
      target: 6,
      floor: await replayOf(jitbit, jbAuth, jbOpen),
      subject: jbOpen,
    },
  ];

  const rows: Row[] = [];
  for (const item of cases) {
    const floorMs = await median(item.floor);
    const subjectMs = await median(item.subject);
    const ratio = subjectMs / Math.max(floorMs, 0.01);
    rows.push({
      half: 'node',
      name: item.name,
      figure: `${subjectMs.toFixed(1)} ms`,
      floor: `${floorMs.toFixed(1)} ms (${item.floorIs})`,
      value: `${ratio.toFixed(2)}×`,
      target: `≤ ${item.target}×`,
      ok: ratio <= item.target,
    });
  }
  await Promise.all([dp.dispose(), jb.dispose()]);
  await Promise.all([deskpro.close(), jitbit.close()]);
  return rows;
}

/** One line of the table and of bench/results.json. */
export interface Row {
  half: 'node' | 'host';
  name: string;
  /** What was measured, with its unit. */
  figure: string;
  /** The floor it is compared with, and what that floor is ('' where the target is absolute). */
  floor: string;
  /** The compared value: a ratio, a difference, a size or a count. */
  value: string;
  target: string;
  ok: boolean;
  /** Raw numbers, for the JSON. */
  data?: Record<string, unknown>;
}

function printTable(rows: Row[]): void {
  const width = (pick: (row: Row) => string, title: string) => Math.max(title.length, ...rows.map((row) => pick(row).length));
  const columns: [string, (row: Row) => string][] = [
    ['', (row) => (row.ok ? 'ok' : 'MISS')],
    ['what', (row) => `${row.half}: ${row.name}`],
    ['measured', (row) => row.figure],
    ['vs floor', (row) => row.value],
    ['target', (row) => row.target],
    ['floor (same run)', (row) => row.floor],
  ];
  const widths = columns.map(([title, pick]) => width(pick, title));
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('  ').trimEnd();
  console.log(line(columns.map(([title]) => title)));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(columns.map(([, pick]) => pick(row))));
}

function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, ${osType()} ${release()}, Node ${process.version}`;
}

async function main(): Promise<void> {
  const hostOnly = process.argv.includes('--host-only');
  const nodeOnly = process.argv.includes('--node-only');
  const started = Date.now();
  const rows: Row[] = [];
  if (!hostOnly) rows.push(...(await nodeHalf()));
  let hostDescription: string | undefined;
  if (!nodeOnly) {
    const { runHostBench } = await import('./host/launch');
    const { hostRows } = await import('./host/rows');
    const run = await runHostBench({
      rounds: ROUNDS,
      activationRounds: numberArg('--activation-rounds', 5),
      idleMinutes: numberArg('--idle-minutes', 10),
      latencyMs: numberArg('--latency-ms', 80),
      profile: process.argv.includes('--profile'),
      say: (message) => console.log(`bench: ${message}`),
    });
    hostDescription = run.scenarios.host;
    rows.push(...hostRows(run, bundleSizes()));
    for (const note of run.scenarios.notes) console.log(`note: ${note}`);
  }
  console.log(`\nbench: medians of ${ROUNDS} rounds after a warm-up; ${machine()}\n`);
  printTable(rows);
  const missed = rows.filter((row) => !row.ok);
  console.log(`\n${rows.length - missed.length} of ${rows.length} within target (${Math.round((Date.now() - started) / 1000)} s)`);
  const results = { date: new Date().toISOString(), machine: machine(), host: hostDescription, rounds: ROUNDS, rows };
  writeFileSync(join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log('bench: wrote bench/results.json');
  process.exitCode = missed.length > 0 ? 1 : 0;
}

/** The webview bundles of the production build the host half made (bytes per file). */
function bundleSizes(): Record<string, number> {
  const folder = join(__dirname, '..', '.test-host', 'bench', 'extension-production', 'dist', 'webview');
  const sizes: Record<string, number> = {};
  for (const name of readdirSync(folder)) if (name.endsWith('.js')) sizes[name] = statSync(join(folder, name)).size;
  return sizes;
}

void main().catch((error: unknown) => {
  console.error(`bench: FAILED: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exitCode = 1;
});
