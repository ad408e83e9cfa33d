// The offline cache's store (src/ui/offline/cache.ts) on a real temporary directory: what it
// keeps survives a restart, the size bound holds with the least recently used entry evicted
// first across instances, a corrupted index or entry is dropped with a log line (never a
// throw), no secret reaches the disk, and a long conversation is written in slices.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../src/helpdesk/log';
import type { Message, Ticket } from '../../src/helpdesk/model';
import { dirNameOf, OfflineCache, type OfflineCacheOptions } from '../../src/ui/offline/cache';
import { scrub, withoutUrlSecrets } from '../../src/ui/offline/cacheFormat';
import { asOfTime, offlineListMark } from '../../src/ui/offline/cacheMarks';
import { removeCachesOfRemovedInstances } from '../../src/ui/offline/cacheUpkeep';
import { testCapabilities } from '../support/capabilities';

const SECRET = 'sEcReT-4f1d9c2b7a';

function ticket(id: string, extra: Partial<Ticket> = {}): Ticket {
  return {
    id,
    ref: `T-${id}`,
    subject: `Ticket ${id}`,
    status: { id: 'open', name: 'Open', kind: 'open' },
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-02T00:00:00Z',
    ...extra,
  };
}

function message(n: number, body = `<p>message ${n}</p>`): Message {
  return { id: `m${n}`, author: { id: 'u', name: 'User' }, createdAt: '2026-01-01T00:00:00Z', body, format: 'html', internal: false, attachments: [] };
}

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (message: string | Error) => lines.push(String(message));
  return { lines, trace: push, debug: push, info: push, warn: push, error: push };
}

/** Every file under `dir`, with its text. */
async function filesUnder(dir: string): Promise<Array<{ path: string; text: string }>> {
  const out: Array<{ path: string; text: string }> = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.push({ path, text: await readFile(path, 'utf8') });
  }
  return out;
}

describe('offline cache: the store', () => {
  let dir: string;
  let clock: number;
  let log: ReturnType<typeof recordingLog>;
  const caches: OfflineCache[] = [];
  const open = (options: Partial<OfflineCacheOptions> = {}) => {
    const cache = new OfflineCache({ dir, maxBytes: () => 10 * 1024 * 1024, log, now: () => clock, delayMs: 5, ...options });
    caches.push(cache);
    return cache;
  };

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'helpdesk-cache-')), 'cache');
    clock = Date.UTC(2026, 5, 1, 10, 42);
    log = recordingLog();
  });
  afterEach(async () => {
    for (const cache of caches.splice(0)) await cache.dispose();
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('keeps lists, tickets with their conversation and the instance entry across a restart, each with savedAt', async () => {
    const first = open();
    first.saveList('acme', 'view:mine', () => ({ rows: [ticket('1'), ticket('2')], next: 'page=2', total: 7 }));
    first.saveTicket('acme', ticket('1'), [message(1), message(2)]);
    first.saveInstance('acme', { capabilities: testCapabilities(), me: { id: 'me', name: 'Me' } });
    const savedAt = clock;
    await first.flush();
    clock += 60_000;

    const second = open();
    await second.ready();
    const list = await second.list('acme', 'view:mine');
    assert.deepEqual(list?.data.rows.map((row) => row.id), ['1', '2']);
    assert.equal(list?.data.next, 'page=2');
    assert.equal(list?.data.total, 7);
    assert.equal(list?.savedAt, savedAt);
    const opened = await second.ticket('acme', '1');
    assert.deepEqual(opened?.data.messages.map((m) => m.id), ['m1', 'm2']);
    assert.equal(second.remembered('acme')?.me?.name, 'Me');
    assert.deepEqual(second.capabilities('acme')?.views, testCapabilities().views);
    assert.equal(await second.list('acme', 'view:other'), undefined);
    assert.equal(await second.ticket('beta', '1'), undefined);
  });

  it('batches writes: saves within the quiet time become one write of the newest rows', async () => {
    const cache = open({ delayMs: 30 });
    let rows = [ticket('1')];
    cache.saveList('acme', 'view:mine', () => ({ rows }));
    rows = [ticket('1'), ticket('2'), ticket('3')];
    cache.saveList('acme', 'view:mine', () => ({ rows }));
    await new Promise((resolve) => setTimeout(resolve, 120));
    await cache.flush();
    const reopened = open();
    assert.deepEqual((await reopened.list('acme', 'view:mine'))?.data.rows.map((row) => row.id), ['1', '2', '3']);
  });

  it('stays within helpdesk.offline.cacheMB, evicting the least recently used entry first, across instances', async () => {
    const body = 'x'.repeat(4000);
    let max = 30_000;
    const cache = open({ maxBytes: () => max });
    for (const [instance, id] of [['acme', 'a'], ['beta', 'b'], ['acme', 'c']] as const) {
      cache.saveTicket(instance, ticket(id), [message(1, body)]);
      await cache.flush();
      clock += 1000;
    }
    const perEntry = cache.totalBytes() / 3;
    // Room for four: add two more, with "a" read (so used) just before.
    max = Math.floor(perEntry * 4.5);
    assert.ok(await cache.ticket('acme', 'a'), 'a is still there');
    clock += 1000;
    cache.saveTicket('beta', ticket('d'), [message(1, body)]);
    await cache.flush();
    clock += 1000;
    cache.saveTicket('beta', ticket('e'), [message(1, body)]);
    await cache.flush();
    assert.ok(cache.totalBytes() <= max, `${cache.totalBytes()} bytes within ${max}`);
    assert.equal(await cache.ticket('beta', 'b'), undefined, 'b, the least recently used, went first');
    for (const [instance, id] of [['acme', 'a'], ['acme', 'c'], ['beta', 'd'], ['beta', 'e']] as const) {
      assert.ok(await cache.ticket(instance, id), `${id} is kept`);
    }
    // What is on disk is what the index says: no orphaned entry files, the bound holds there too.
    const files = await filesUnder(dir);
    const entryBytes = files.filter((file) => !file.path.endsWith('index.json')).reduce((sum, file) => sum + Buffer.byteLength(file.text), 0);
    assert.equal(entryBytes, cache.totalBytes());
    assert.equal(files.filter((file) => !file.path.endsWith('index.json')).length, 4);

    // A smaller bound (the setting changed): evicts at once; 0 turns the cache off and empties it.
    max = Math.floor(perEntry * 2.5);
    await cache.enforceBound();
    assert.ok(cache.totalBytes() <= max);
    assert.ok(await cache.ticket('beta', 'e'), 'the newest stays');
    max = 0;
    await cache.enforceBound();
    assert.equal(cache.totalBytes(), 0);
    cache.saveTicket('acme', ticket('f'), [message(1)]);
    await cache.flush();
    assert.equal((await filesUnder(dir)).filter((file) => !file.path.endsWith('index.json')).length, 0, 'nothing written while off');
  });

  it('does not keep an entry larger than the whole cache', async () => {
    const cache = open({ maxBytes: () => 2000 });
    cache.saveTicket('acme', ticket('big'), [message(1, 'y'.repeat(5000))]);
    cache.saveTicket('acme', ticket('small'), [message(1)]);
    await cache.flush();
    assert.equal(await cache.ticket('acme', 'big'), undefined);
    assert.ok(await cache.ticket('acme', 'small'));
  });

  it('drops a cache whose index is corrupt, and an entry whose file is, each with a log line and no throw', async () => {
    const first = open();
    first.saveTicket('acme', ticket('1'), [message(1)]);
    first.saveTicket('beta', ticket('2'), [message(2)]);
    first.saveTicket('beta', ticket('3'), [message(3)]);
    await first.flush();
    await first.dispose();
    await writeFile(join(dir, dirNameOf('acme'), 'index.json'), '{"format":1,"instanceId":"acme","entries":[{"key":', 'utf8');
    const betaFiles = (await filesUnder(join(dir, dirNameOf('beta')))).filter((file) => !file.path.endsWith('index.json'));
    const broken = betaFiles.find((file) => file.text.includes('"ticket:2"'));
    assert.ok(broken);
    await writeFile(broken.path, broken.text.replace('"subject"', '"subjekt"'), 'utf8');

    const second = open();
    await second.ready();
    assert.equal(await second.ticket('acme', '1'), undefined, 'the corrupt index took its cache with it');
    assert.deepEqual(await readdir(dir), [dirNameOf('beta')], 'its directory is gone');
    assert.equal(await second.ticket('beta', '2'), undefined, 'the corrupt entry is dropped');
    assert.ok(await second.ticket('beta', '3'), 'the other entry stays');
    assert.ok(log.lines.some((line) => /offline cache: dropped the cache in acme, its index is corrupt/.test(line)), log.lines.join('\n'));
    assert.ok(log.lines.some((line) => /offline cache: dropped ticket:2 of beta, its file is corrupt/.test(line)), log.lines.join('\n'));
    await second.flush();
    assert.equal((await filesUnder(join(dir, dirNameOf('beta')))).filter((file) => !file.path.endsWith('index.json')).length, 1, 'its file is removed');

    // Not JSON at all, and a stray file where an instance directory would be: the same.
    await writeFile(join(dir, dirNameOf('beta'), 'index.json'), '\u0000\u0001garbage', 'utf8');
    await writeFile(join(dir, 'stray'), 'not a directory', 'utf8');
    const third = open();
    await third.ready();
    assert.equal(await third.ticket('beta', '3'), undefined);
    assert.deepEqual(await readdir(dir), []);
  });

  it('writes no secret: no credential-named field, no token in a URL query, no user:password, no download URL', async () => {
    const cache = open();
    const withSecrets = {
      ...ticket('1', { webUrl: `https://user:${SECRET}@help.example/t/1?view=full&token=${SECRET}` }),
      apiKey: SECRET,
      headers: { Authorization: `Bearer ${SECRET}` },
    } as Ticket;
    const attachments = [
      { id: 'a1', name: 'log.txt', downloadRef: `https://help.example/file.php/${SECRET}/log.txt` },
      { id: 'a2', name: 'trace.txt', downloadRef: `https://help.example/download?id=2&api_key=${SECRET}` },
      { id: 'a3', name: 'id.txt', downloadRef: '12345' },
    ];
    cache.saveTicket('acme', withSecrets, [{ ...message(1), attachments, password: SECRET } as Message]);
    cache.saveList('acme', 'view:mine', () => ({ rows: [withSecrets] }));
    cache.saveInstance('acme', { capabilities: { ...testCapabilities(), token: SECRET } as never, me: { id: 'me', name: 'Me', secret: SECRET } as never });
    await cache.flush();
    const files = await filesUnder(dir);
    assert.ok(files.length >= 4);
    for (const file of files) assert.ok(!file.text.includes(SECRET), `${file.path} holds the secret`);
    const kept = await cache.ticket('acme', '1');
    assert.equal(kept?.data.ticket.webUrl, 'https://help.example/t/1?view=full', 'the web address stays, less its token');
    assert.deepEqual(kept?.data.messages[0]?.attachments.map((a) => a.downloadRef), ['', '', '12345'], 'URLs dropped, opaque ids kept');
  });

  it('serialises a long conversation in slices, giving the event loop back while it writes', async () => {
    let yields = 0;
    const cache = open({ sliceMs: 2, onYield: () => yields++ });
    const messages = Array.from({ length: 3000 }, (_, i) => message(i, `<p>${'lorem ipsum '.repeat(90)}${i}</p>`));
    cache.saveTicket('acme', ticket('long'), messages);
    let ticks = 0;
    let longestGap = 0;
    let last = performance.now();
    let running = true;
    const tick = () => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    await cache.flush();
    running = false;
    assert.ok(yields >= 5, `serialising yielded ${yields} times`);
    assert.ok(ticks >= yields, `the event loop turned ${ticks} times during the write`);
    assert.ok(longestGap < 250, `longest stall ${longestGap.toFixed(1)} ms`);
    assert.equal((await cache.ticket('acme', 'long'))?.data.messages.length, 3000);
  });

  it('deletes an instance’s directory when it is removed, with what was waiting to be written for it', async () => {
    const cache = open({ delayMs: 10_000 });
    cache.saveTicket('acme', ticket('1'), [message(1)]);
    cache.saveTicket('beta', ticket('2'), [message(2)]);
    await cache.flush();
    cache.saveTicket('acme', ticket('3'), [message(3)]);
    await cache.removeInstance('acme');
    await cache.flush();
    assert.deepEqual(await readdir(dir), [dirNameOf('beta')]);
    assert.equal(await cache.ticket('acme', '1'), undefined);
    assert.equal(await cache.ticket('acme', '3'), undefined);
  });

  it('removes the caches of instances taken out of the list, not of those edited or added', async () => {
    const removed: string[] = [];
    let ids = ['acme', 'beta'];
    let listener: () => void = () => undefined;
    const subscription = removeCachesOfRemovedInstances(
      { all: () => ids.map((id) => ({ id })), onDidChangeList: (l) => ((listener = l), { dispose: () => undefined }) },
      { removeInstance: async (id) => void removed.push(id) },
      log,
    );
    ids = ['beta', 'gamma'];
    listener();
    ids = ['beta', 'gamma'];
    listener();
    assert.deepEqual(removed, ['acme']);
    subscription.dispose();
  });

  it('names directories safely for any instance id', () => {
    for (const id of ['..', '../etc', 'a/b', 'C:\\x', 'sandbox:deskpro', 'ümlaut']) {
      const name = dirNameOf(id);
      assert.match(name, /^[A-Za-z0-9_~-]+$/, name);
    }
    assert.equal(dirNameOf('acme-1_x'), 'acme-1_x');
    assert.notEqual(dirNameOf('a.b'), dirNameOf('a_b'), 'different ids, different directories');
  });

  it('scrubs URLs without touching model text that merely looks odd', () => {
    assert.equal(withoutUrlSecrets('https://h.example/t?id=1&sig=abc&key=k'), 'https://h.example/t?id=1');
    assert.equal(withoutUrlSecrets('not a url ?token=1'), 'not a url ?token=1');
    assert.deepEqual(scrub({ subject: 'Reset my password please', body: 'token=1' }), { subject: 'Reset my password please', body: 'token=1' });
  });

  it('says when the copy is from: the time today, the date too on another day', () => {
    const saved = new Date(2026, 5, 1, 10, 42).getTime();
    const sameDay = new Date(2026, 5, 1, 18, 0).getTime();
    const nextDay = new Date(2026, 5, 2, 9, 0).getTime();
    const time = new Date(saved).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    assert.equal(asOfTime(saved, sameDay), time);
    assert.notEqual(asOfTime(saved, nextDay), time);
    assert.ok(asOfTime(saved, nextDay).endsWith(time));
    assert.equal(offlineListMark(saved, sameDay), `offline — as of ${time}`);
  });
});
