// `npm run bench`: how fast the parts users wait on are, as ratios against a floor
// measured in the same run on the same machine (these machines are noisy; absolute
// milliseconds mean little, ratios travel). Each case reports the median of several
// rounds. A target is a ceiling on the ratio; the run lists every case and exits 1 if
// one is over its target. Provider targets bound what mapping and checks add on top of
// loopback HTTP, where the network costs almost nothing; against a real helpdesk the
// network dominates.
//
//   npm run bench [-- --rounds N]
import { request } from 'undici';
import { silentLogger } from '../src/helpdesk/log';
import type { HelpdeskProvider } from '../src/helpdesk/provider';
import { renderBody } from '../src/helpdesk/render';
import { escapeHtml } from '../src/helpdesk/render/text';
import { deskproDescriptor } from '../src/providers/deskpro';
import { jitbitDescriptor } from '../src/providers/jitbit';
import { BIG_THREAD_TICKET_ID, startDeskproSimulator } from '../src/sandbox/deskpro';
import { startJitbitSimulator } from '../src/sandbox/jitbit';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 7;

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

async function main(): Promise<void> {
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

  console.log(`bench: median of ${ROUNDS} rounds after a warm-up; ratio = subject / floor\n`);
  let over = 0;
  for (const item of cases) {
    const floorMs = await median(item.floor);
    const subjectMs = await median(item.subject);
    const ratio = subjectMs / Math.max(floorMs, 0.01);
    const ok = ratio <= item.target;
    if (!ok) over++;
    console.log(
      `${ok ? 'ok  ' : 'OVER'} ${item.name.padEnd(42)} ratio ${ratio.toFixed(2).padStart(7)} (target ≤ ${item.target})  ` +
        `${subjectMs.toFixed(1)} ms vs ${floorMs.toFixed(1)} ms floor: ${item.floorIs}`,
    );
  }
  await Promise.all([dp.dispose(), jb.dispose()]);
  await Promise.all([deskpro.close(), jitbit.close()]);
  console.log(`\n${cases.length - over} of ${cases.length} within target`);
  process.exitCode = over > 0 ? 1 : 0;
}

void main();
