// Issue 13, part 6: the sandbox comes alive and keeps what you did. For every simulator:
// its data survives a restart (a file per vendor, secrets new each time, URLs on the new
// port), a corrupted file is reset to the seed with a notice, Reset brings back the seed,
// it listens on loopback only and refuses foreign Host headers, its seed dates end at the
// start time, and live activity happens on a (fake) clock.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, type Logger } from '../../src/helpdesk/log';
import type { HelpdeskProvider } from '../../src/helpdesk/provider';
import { descriptorFor } from '../../src/providers/registry';
import { resetSandboxData, startSandbox, type SandboxNotice, type SandboxOptions } from '../../src/sandbox';
import { startDeskdirectorSimulator } from '../../src/sandbox/deskdirector/server';
import { startDeskproSimulator } from '../../src/sandbox/deskpro/server';
import { startDiamantedeskSimulator } from '../../src/sandbox/diamantedesk/server';
import { startJitbitSimulator } from '../../src/sandbox/jitbit/server';
import { LiveActivity, type ActivityClock } from '../../src/sandbox/live';
import { encodeSnapshot, parseSnapshot, restoreSnapshot } from '../../src/sandbox/persist';
import { Rng } from '../../src/sandbox/prng';
import { sandboxEntries } from '../../src/sandbox/registry';
import { epochAt, MINUTE, SEED_EPOCH } from '../../src/sandbox/seed-timeline';
import { isLoopbackAddress } from '../../src/sandbox/simulator-server';
import type { RunningSandbox, SandboxInstance } from '../../src/sandbox/types';
import { SandboxHost } from '../../src/ui/instances/sandbox';

const TYPES = sandboxEntries.map((entry) => entry.type);
const opened: HelpdeskProvider[] = [];

function connect(instance: SandboxInstance): HelpdeskProvider {
  const descriptor = descriptorFor(instance.config.type);
  if (!descriptor) throw new Error(`no provider for ${instance.config.type}`);
  const provider = descriptor.create({ config: instance.config, credentials: instance.credentials, log: silentLogger, http: { timeoutMs: 10_000 } });
  opened.push(provider);
  return provider;
}

async function allMessages(provider: HelpdeskProvider, ticketId: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await provider.listMessages(ticketId, cursor);
    ids.push(...page.items.map((message) => message.id));
    cursor = page.next;
  } while (cursor);
  return ids;
}

/** A clock whose timers run when the test moves it on. */
class FakeClock implements ActivityClock {
  // After the seed (which ends at the real start time), as a real clock would be.
  time = Date.now() + 60_000;
  private timers: Array<{ id: number; at: number; callback: () => void }> = [];
  private nextId = 1;
  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ id, at: this.time + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }
  get pending(): number {
    return this.timers.length;
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const due = this.timers[0];
      if (!due || due.at > end) break;
      this.timers.shift();
      this.time = due.at;
      due.callback();
    }
    this.time = end;
  }
}

function request(url: string, host: string): Promise<number> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'GET', headers: { host }, setHost: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('sandbox: alive and persistent (issue 13 part 6)', function () {
  this.timeout(60_000);
  let dir: string;
  const running: RunningSandbox[] = [];

  async function start(options: SandboxOptions): Promise<RunningSandbox> {
    const sandbox = await startSandbox({ storageDir: dir, saveDelayMs: 20, ...options });
    running.push(sandbox);
    return sandbox;
  }

  async function stop(sandbox: RunningSandbox): Promise<void> {
    running.splice(running.indexOf(sandbox), 1);
    await sandbox.close();
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'helpdesk-sandbox-'));
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((sandbox) => sandbox.close()));
    await Promise.all(opened.splice(0).map((provider) => provider.dispose()));
    rmSync(dir, { recursive: true, force: true });
  });

  describe('persistence: what happened survives a restart', () => {
    for (const type of TYPES) {
      it(`${type}: a new ticket and a customer's reply are there after a restart, with new secrets and the new port`, async () => {
        const first = await start({ types: [type] });
        const arrived = first.happen(type, 'ticket');
        const replied = first.happen(type, 'reply');
        assert.ok(arrived?.kind === 'ticket' && replied?.kind === 'reply', `${type}: no activity happened`);
        const before = first.instances[0] as SandboxInstance;
        const provider = connect(before);
        const ticket = await provider.getTicket(String(arrived.ticketId));
        const thread = await allMessages(provider, String(replied.ticketId));
        await stop(first);
        assert.ok(existsSync(join(dir, `${type}.json`)), 'nothing was saved');
        const saved = readFileSync(join(dir, `${type}.json`), 'utf8');
        assert.ok(before.credentials.secret && !saved.includes(before.credentials.secret), `${type}: the secret was written to disk`);

        const second = await start({ types: [type] });
        const after = second.instances[0] as SandboxInstance;
        assert.notDeepEqual(after.credentials, before.credentials, 'the credentials were not new');
        const again = connect(after);
        const restored = await again.getTicket(String(arrived.ticketId));
        assert.equal(restored.subject, ticket.subject);
        assert.equal(restored.createdAt, ticket.createdAt);
        assert.deepEqual(await allMessages(again, String(replied.ticketId)), thread);
        if (restored.webUrl) assert.ok(restored.webUrl.startsWith(new URL(after.config.baseUrl).origin), `${type}: ${restored.webUrl} still points at the old port`);
        // The old secrets open nothing.
        if (before.config.baseUrl !== after.config.baseUrl) {
          await assert.rejects(connect({ config: after.config, credentials: before.credentials }).whoAmI());
        }
      });
    }

    for (const type of ['deskpro', 'jitbit', 'diamantedesk']) {
      it(`${type}: a reply sent through the API (HTTP) is saved and restored`, async () => {
        const first = await start({ types: [type] });
        const target = first.happen(type, 'ticket');
        assert.ok(target);
        const provider = connect(first.instances[0] as SandboxInstance);
        const sent = await provider.reply(String(target.ticketId), { bodyHtml: '<p>Saved across reloads 7f3a</p>', bodyMarkdown: 'Saved across reloads 7f3a', internal: false, attachments: [] });
        await stop(first);
        const second = await start({ types: [type] });
        const messages = await allMessages(connect(second.instances[0] as SandboxInstance), String(target.ticketId));
        assert.ok(messages.includes(sent.id), `${type}: the reply ${sent.id} is gone after the restart (${messages.join(', ')})`);
      });
    }

    it('writes atomically: no temporary file is left, and the file is a snapshot of the vendor', async () => {
      const sandbox = await start({ types: ['jitbit'] });
      sandbox.happen('jitbit', 'ticket');
      await stop(sandbox);
      const files = readdirSync(dir);
      assert.deepEqual(files, ['jitbit.json']);
      const snapshot = parseSnapshot(readFileSync(join(dir, 'jitbit.json'), 'utf8'), 'jitbit');
      assert.equal(snapshot.vendor, 'jitbit');
      assert.throws(() => parseSnapshot(readFileSync(join(dir, 'jitbit.json'), 'utf8'), 'deskpro'), /jitbit simulator/);
    });

    it('round-trips Maps, Buffers and keys that look like tags, and refuses data of the wrong shape before touching the state', async () => {
      const state = { items: new Map([[1, { name: '$map', data: Buffer.from([0, 1, 255]), extra: { $map: 'not a tag' } }]]), order: [1], next: { id: 2 }, secret: 'x' };
      const spec = { keys: ['items', 'order', 'next'] };
      const text = await encodeSnapshot(state, spec, { vendor: 'test', seed: 1, epoch: 0, origin: 'http://127.0.0.1:1' }, 0);
      const target = { items: new Map([[9, { name: 'seed', data: Buffer.alloc(0), extra: {} }]]), order: [9], next: { id: 10 }, secret: 'y' };
      restoreSnapshot(target, spec, parseSnapshot(text, 'test'), 'http://127.0.0.1:2');
      assert.deepEqual(target.items.get(1), { name: '$map', data: Buffer.from([0, 1, 255]), extra: { $map: 'not a tag' } });
      assert.equal(target.secret, 'y');
      const broken = JSON.parse(text) as { data: Record<string, unknown> };
      broken.data.order = { oops: true };
      const untouched = { items: new Map([[9, { name: 'seed' }]]), order: [9], next: { id: 10 } };
      assert.throws(() => restoreSnapshot(untouched, spec, parseSnapshot(JSON.stringify(broken), 'test'), 'http://127.0.0.1:2'), /"order" is a object, expected a array/);
      assert.deepEqual([...untouched.items.keys()], [9]);
    });
  });

  describe('a corrupted saved file', () => {
    const cases: Array<[string, (type: string) => string]> = [
      ['not JSON', () => '{"format":1,"vendor":'],
      ['another format', (type) => JSON.stringify({ format: 99, vendor: type })],
      ['the wrong shapes', (type) => JSON.stringify({ format: 1, vendor: type, seed: 20250602, epoch: SEED_EPOCH, origin: 'http://127.0.0.1:9', savedAt: 0, data: { tickets: [] } })],
    ];
    for (const [what, content] of cases) {
      it(`is reset to the seed with a notice, never a crash (${what}), for every vendor`, async () => {
        for (const type of TYPES) writeFileSync(join(dir, `${type}.json`), content(type));
        const notices: SandboxNotice[] = [];
        const sandbox = await start({ onNotice: (notice) => notices.push(notice) });
        assert.deepEqual(notices.map((notice) => notice.type).sort(), [...TYPES].sort());
        assert.ok(notices.every((notice) => notice.kind === 'reset' && notice.reason.length > 0 && notice.name.length > 0));
        for (const type of TYPES) {
          assert.ok(existsSync(join(dir, `${type}.json.corrupt`)), `${type}: the bad file was not kept aside`);
          assert.ok(!existsSync(join(dir, `${type}.json`)), `${type}: the bad file is still in place`);
        }
        // The seed is served.
        for (const instance of sandbox.instances) await connect(instance).whoAmI();
      });
    }
  });

  it('Reset (resetSandboxData) brings back the seed', async () => {
    const first = await start({ types: ['deskpro'] });
    const arrived = first.happen('deskpro', 'ticket');
    assert.ok(arrived);
    await stop(first);
    await resetSandboxData(dir);
    assert.ok(!existsSync(join(dir, 'deskpro.json')));
    const second = await start({ types: ['deskpro'] });
    await assert.rejects(connect(second.instances[0] as SandboxInstance).getTicket(String(arrived.ticketId)));
  });

  describe('loopback only', () => {
    it('every simulator refuses to listen on a non-loopback address', async () => {
      assert.ok(isLoopbackAddress('127.0.0.1') && isLoopbackAddress('::1') && isLoopbackAddress('localhost') && isLoopbackAddress('127.5.6.7'));
      assert.ok(!isLoopbackAddress('0.0.0.0') && !isLoopbackAddress('::') && !isLoopbackAddress('192.168.1.10'));
      for (const started of [
        () => startDeskproSimulator({ host: '0.0.0.0', ticketCount: 10 }),
        () => startJitbitSimulator({ host: '0.0.0.0', ticketCount: 10 }),
        () => startDeskdirectorSimulator({ host: '::', ticketCount: 10 }),
        () => startDiamantedeskSimulator({ host: '0.0.0.0', ticketCount: 10 }),
      ]) {
        await assert.rejects(started(), /loopback only/);
      }
    });

    it('every sandbox instance is on 127.0.0.1 and answers 421 to a foreign Host header (DNS rebinding)', async () => {
      const sandbox = await start({});
      assert.deepEqual(sandbox.instances.map((instance) => instance.config.type).sort(), [...TYPES].sort());
      for (const instance of sandbox.instances) {
        const url = new URL(instance.config.baseUrl);
        assert.equal(url.hostname, '127.0.0.1');
        for (const host of ['rebind.attacker.example', `rebind.attacker.example:${url.port}`, `10.0.0.1:${url.port}`, `127.0.0.1:${Number(url.port) + 1}`]) {
          assert.equal(await request(instance.config.baseUrl, host), 421, `${instance.config.type} answered Host ${host}`);
        }
        assert.notEqual(await request(instance.config.baseUrl, `localhost:${url.port}`), 421);
      }
    });
  });

  describe('seed dates relative to the start time', () => {
    it('the sandbox seeds at the start time (to the minute) and keeps that epoch when it restores', async () => {
      const startedAt = Date.UTC(2026, 11, 3, 17, 42, 31, 500);
      const sandbox = await start({ types: ['jitbit'], now: () => startedAt });
      sandbox.happen('jitbit', 'reply');
      await stop(sandbox);
      const saved = parseSnapshot(readFileSync(join(dir, 'jitbit.json'), 'utf8'), 'jitbit');
      assert.equal(saved.epoch, epochAt(startedAt));
      assert.equal(saved.epoch, Date.UTC(2026, 11, 3, 17, 42, 0));
      const later = await start({ types: ['jitbit'], now: () => startedAt + 3 * 86_400_000 });
      await stop(later);
      assert.equal(parseSnapshot(readFileSync(join(dir, 'jitbit.json'), 'utf8'), 'jitbit').epoch, saved.epoch);
    });

    it('every vendor lays its seed out at the same offsets before any epoch, the newest minutes before it', async () => {
      const epoch = SEED_EPOCH + 555 * 86_400_000;
      const created = async (at: number | undefined): Promise<Map<string, number>> => {
        const result = new Map<string, number>();
        const deskpro = await startDeskproSimulator({ ticketCount: 60, epoch: at });
        for (const t of deskpro.state.tickets.values()) result.set(`deskpro ${t.id}`, Date.parse(t.date_created.replace('+0000', 'Z')));
        await deskpro.close();
        const jitbit = await startJitbitSimulator({ ticketCount: 60, epoch: at });
        for (const t of jitbit.state.tickets.values()) result.set(`jitbit ${t.id}`, t.issueDate);
        await jitbit.close();
        const deskdirector = await startDeskdirectorSimulator({ ticketCount: 60, epoch: at });
        for (const t of deskdirector.state.tickets.values()) result.set(`deskdirector ${t.id}`, t.createdOn);
        await deskdirector.close();
        const diamantedesk = await startDiamantedeskSimulator({ ticketCount: 60, epoch: at });
        for (const t of diamantedesk.state.tickets.values()) result.set(`diamantedesk ${t.id}`, t.createdAt);
        await diamantedesk.close();
        return result;
      };
      const fixed = await created(undefined);
      const moved = await created(epoch);
      assert.deepEqual([...moved.keys()], [...fixed.keys()]);
      for (const [key, at] of fixed) assert.equal(moved.get(key), at + (epoch - SEED_EPOCH), `${key} moved by another offset`);
      for (const vendor of TYPES) {
        const newest = Math.max(...[...moved].filter(([key]) => key.startsWith(`${vendor} `)).map(([, at]) => at));
        assert.ok(newest < epoch && newest > epoch - 14 * 86_400_000, `${vendor}: the newest seed ticket is ${(epoch - newest) / 86_400_000} days old`);
      }
    });
  });

  describe('live activity', () => {
    it('happens now and then on the clock, jittered within the bounds, and stops when told', () => {
      const clock = new FakeClock();
      const times: number[] = [];
      const live = new LiveActivity(
        (kind, now) => {
          times.push(now);
          return { kind, ticketId: times.length, summary: kind };
        },
        new Rng(5),
        { clock, minDelayMs: 3 * MINUTE, maxDelayMs: 8 * MINUTE },
      );
      live.start();
      clock.advance(2 * 3600_000);
      assert.ok(times.length >= 15 && times.length <= 40, `${times.length} events in two hours`);
      const gaps = times.slice(1).map((at, i) => at - (times[i] as number));
      assert.ok(gaps.every((gap) => gap >= 3 * MINUTE && gap <= 8 * MINUTE), `gaps ${gaps.join(', ')}`);
      assert.ok(new Set(gaps).size > 3, 'the pauses are not jittered');
      live.stop();
      assert.equal(clock.pending, 0);
      const count = times.length;
      clock.advance(3600_000);
      assert.equal(times.length, count);
    });

    it('falls back to a new ticket when no ticket of mine is waiting for a reply', () => {
      const kinds: string[] = [];
      const live = new LiveActivity((kind) => {
        kinds.push(kind);
        return kind === 'reply' ? undefined : { kind, ticketId: 1, summary: '' };
      }, new Rng(1));
      assert.equal(live.happen('reply')?.kind, 'ticket');
      assert.deepEqual(kinds, ['reply', 'ticket']);
    });

    it('in every simulator: replies land on my tickets and new tickets arrive, on the fake clock, and are saved', async () => {
      const clock = new FakeClock();
      const sandbox = await start({ liveActivity: true, activity: { clock, minDelayMs: MINUTE, maxDelayMs: 2 * MINUTE } });
      const providers = new Map(sandbox.instances.map((instance) => [instance.config.type, connect(instance)]));
      clock.advance(30 * MINUTE);
      sandbox.setLiveActivity(false);
      assert.equal(clock.pending, 0, 'timers left after turning it off');
      for (const type of TYPES) {
        const reply = sandbox.happen(type, 'reply');
        assert.ok(reply, `${type}: no reply`);
        const provider = providers.get(type) as HelpdeskProvider;
        const ticket = await provider.getTicket(String(reply.ticketId));
        assert.equal(ticket.agent?.id, String((await provider.whoAmI()).id), `${type}: the reply is not on one of my tickets`);
        assert.ok(Math.abs(Date.parse(ticket.updatedAt) - clock.now()) < 60_000, `${type}: the ticket's activity time is ${ticket.updatedAt}, the clock says ${new Date(clock.now()).toISOString()}`);
      }
      await stop(sandbox);
      for (const type of TYPES) assert.ok(existsSync(join(dir, `${type}.json`)), `${type}: the activity was not saved`);
    });
  });

  it('SandboxHost: a reply survives a stop and start (a window reload), and reset brings back the seed', async () => {
    const logger: Logger = silentLogger;
    const host = new SandboxHost('/nonexistent', logger, { storageDir: dir, load: () => ({ startSandbox: (options) => startSandbox({ ...options, types: ['jitbit'], saveDelayMs: 20 }), resetSandboxData }) });
    try {
      await host.start();
      const entry = host.entries()[0];
      assert.ok(entry?.ok);
      const instance = (): SandboxInstance => {
        const config = host.entries()[0];
        if (!config?.ok) throw new Error('no sandbox instance');
        return { config: config.config, credentials: host.credentialsFor(config.config.id) as SandboxInstance['credentials'] };
      };
      const sent = await connect(instance()).reply('4101', { bodyHtml: '<p>Kept</p>', bodyMarkdown: 'Kept', internal: false, attachments: [] });
      await host.stop();
      await host.start();
      assert.ok((await allMessages(connect(instance()), '4101')).includes(sent.id), 'the reply is gone after the restart');
      await host.reset();
      assert.ok(host.isRunning, 'reset did not start the sandbox again');
      assert.ok(!(await allMessages(connect(instance()), '4101')).includes(sent.id), 'the reply is still there after Reset');
    } finally {
      await host.stop();
    }
  });
});
