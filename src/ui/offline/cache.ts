// The offline cache: per helpdesk instance, in `<globalStorage>/cache/<instance>/`, the last
// loaded pages of each list, every ticket opened with its conversation, and what the views
// need to be listed at all (capabilities, the signed-in person, reference lists). Bounded in
// size across all instances, the least recently used entry going first. Writes are batched
// after a short quiet spell, serialised in slices and atomic (atomicFile.ts), so neither the
// extension host nor a crash in the middle suffers. A file that cannot be read drops that
// cache (or that entry) with a log line; the helpdesk fills it again next time.
// No vscode here: the directory, the bound, the clock and the log arrive from the wiring.
import { createHash } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../helpdesk/log';
import type { Message, Person, Ticket } from '../../helpdesk/model';
import type { Capabilities, ReferenceData } from '../../helpdesk/provider';
import { readFileText, settledWrites, writeFileAtomic } from './atomicFile';
import {
  breather,
  CACHE_FORMAT,
  type CacheData,
  type CachedInstance,
  type CachedList,
  type CachedTicket,
  encodeCacheFile,
  INSTANCE_KEY,
  listKeyOf,
  parseCacheFile,
  ticketKeyOf,
} from './cacheFormat';

export interface OfflineCacheOptions {
  /** `<globalStorage>/cache`. */
  dir: string;
  /** The bound in bytes (the setting is in MB); 0 turns the cache off. */
  maxBytes: () => number;
  log: Logger;
  now?: () => number;
  /** Quiet time before a batch of writes (default 1000 ms). */
  delayMs?: number;
  /** Longest stretch of serialising before the event loop gets a turn (default 8 ms). */
  sliceMs?: number;
  /** Told each time serialising gives the event loop back (tests count the slices). */
  onYield?: () => void;
}

/** An entry read back, with when the helpdesk gave it to us. */
export interface Cached<T> {
  data: T;
  savedAt: number;
}

interface IndexEntry {
  key: string;
  file: string;
  bytes: number;
  savedAt: number;
  /** Last read or written: what least-recently-used eviction goes by. */
  usedAt: number;
}

interface InstanceIndex {
  instanceId: string;
  dir: string;
  entries: Map<string, IndexEntry>;
  /** The instance entry, kept in memory: the tree asks for it synchronously. */
  instance?: Cached<CachedInstance>;
  dirty: boolean;
}

interface PendingWrite {
  instanceId: string;
  key: string;
  /** Called when the batch is written: the newest state then, or undefined for nothing to write. */
  produce: () => CacheData | undefined;
}

const INDEX_FILE = 'index.json';

export class OfflineCache {
  private readonly indexes = new Map<string, InstanceIndex>();
  private readonly pending = new Map<string, PendingWrite>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly opened: Promise<void>;
  private readonly now: () => number;
  private disposed = false;

  constructor(private readonly options: OfflineCacheOptions) {
    this.now = options.now ?? Date.now;
    this.opened = this.open();
  }

  /** Resolves once the indexes on disk are read (at most once; failures are logged there). */
  ready(): Promise<void> {
    return this.opened;
  }

  /** `<globalStorage>/cache`: one directory per instance below it. */
  get dir(): string {
    return this.options.dir;
  }

  get enabled(): boolean {
    return this.options.maxBytes() > 0;
  }

  // ---- Writing (batched).

  /** The rows a list shows now; `produce` is asked when the batch is written. */
  saveList(instanceId: string, listKey: string, produce: () => Omit<CachedList, 'kind' | 'listKey'> | undefined): void {
    this.schedule(instanceId, listKeyOf(listKey), () => {
      const list = produce();
      return list && { kind: 'list', listKey, ...list };
    });
  }

  saveTicket(instanceId: string, ticket: Ticket, messages: readonly Message[]): void {
    const data: CachedTicket = { kind: 'ticket', ticket, messages: [...messages] };
    this.schedule(instanceId, ticketKeyOf(ticket.id), () => data);
  }

  /** Capabilities and who we are, after a connection test; reference lists when read. */
  saveInstance(instanceId: string, patch: { capabilities?: Capabilities; me?: Person; reference?: ReferenceData }): void {
    if (!this.enabled) return;
    const index = this.indexFor(instanceId);
    const before = index.instance?.data;
    const capabilities = patch.capabilities ?? before?.capabilities;
    if (!capabilities) return;
    const data: CachedInstance = { kind: 'instance', capabilities, ...(before?.me && { me: before.me }), ...(before?.reference && { reference: before.reference }) };
    if (patch.me) data.me = patch.me;
    if (patch.reference) data.reference = patch.reference;
    // Known at once (the tree reads it synchronously), on disk with the next batch.
    index.instance = { data, savedAt: this.now() };
    this.schedule(instanceId, INSTANCE_KEY, () => data);
  }

  // ---- Reading.

  /** The instance entry as last saved (after ready()). */
  instance(instanceId: string): Cached<CachedInstance> | undefined {
    const index = this.indexes.get(instanceId);
    if (!index?.instance || !this.enabled) return undefined;
    this.touch(index, INSTANCE_KEY);
    return index.instance;
  }

  /** What the instance was like when it last answered (Connections' ConnectionMemory). */
  remembered(instanceId: string): CachedInstance | undefined {
    return this.instance(instanceId)?.data;
  }

  remember(instanceId: string, what: { capabilities?: Capabilities; me?: Person; reference?: ReferenceData }): void {
    this.saveInstance(instanceId, what);
  }

  /** The capabilities saved at the instance's last connection (for a panel without a provider). */
  capabilities(instanceId: string): Capabilities | undefined {
    return this.instance(instanceId)?.data.capabilities;
  }

  list(instanceId: string, listKey: string): Promise<Cached<CachedList> | undefined> {
    return this.read(instanceId, listKeyOf(listKey)) as Promise<Cached<CachedList> | undefined>;
  }

  ticket(instanceId: string, ticketId: string): Promise<Cached<CachedTicket> | undefined> {
    return this.read(instanceId, ticketKeyOf(ticketId)) as Promise<Cached<CachedTicket> | undefined>;
  }

  // ---- Upkeep.

  /** The instance was removed: its directory goes, with anything still waiting to be written. */
  async removeInstance(instanceId: string): Promise<void> {
    await this.opened;
    for (const [id, write] of this.pending) if (write.instanceId === instanceId) this.pending.delete(id);
    await this.flushing;
    const index = this.indexes.get(instanceId);
    this.indexes.delete(instanceId);
    const dir = index?.dir ?? join(this.options.dir, dirNameOf(instanceId));
    await rm(dir, { recursive: true, force: true }).catch((error: unknown) => this.options.log.warn(`offline cache: could not delete ${dir}: ${describe(error)}`));
  }

  /** The bound changed (or the cache was turned off): evict until it holds. */
  async enforceBound(): Promise<void> {
    await this.opened;
    this.flushing = this.flushing.then(() => this.evict()).then(() => this.writeIndexes());
    await this.flushing;
  }

  /** Writes what is waiting now (and waits for a batch under way). */
  async flush(): Promise<void> {
    await this.opened;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending.clear();
    this.flushing = this.flushing.then(() => this.writeBatch(batch));
    await this.flushing;
  }

  /** Bytes the entries take on disk (for tests and the log). */
  totalBytes(): number {
    let total = 0;
    for (const index of this.indexes.values()) for (const entry of index.entries.values()) total += entry.bytes;
    return total;
  }

  /** Writes what is waiting; later saves are dropped. */
  async dispose(): Promise<void> {
    const done = this.flush();
    this.disposed = true;
    await done;
  }

  // ---- Inside.

  private schedule(instanceId: string, key: string, produce: () => CacheData | undefined): void {
    if (this.disposed || !this.enabled) return;
    this.pending.set(`${instanceId}\u0000${key}`, { instanceId, key, produce });
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.options.delayMs ?? 1000);
    this.timer.unref?.();
  }

  private async writeBatch(batch: readonly PendingWrite[]): Promise<void> {
    const max = this.options.maxBytes();
    if (max <= 0) return;
    const breathe = breather(this.options.sliceMs ?? 8, this.options.onYield);
    for (const write of batch) {
      let data: CacheData | undefined;
      try {
        data = write.produce();
      } catch (error) {
        this.options.log.warn(`offline cache: nothing saved for ${write.key}: ${describe(error)}`);
      }
      if (!data) continue;
      const index = this.indexFor(write.instanceId);
      const savedAt = this.now();
      try {
        const text = await encodeCacheFile({ format: CACHE_FORMAT, instanceId: write.instanceId, key: write.key, savedAt, data }, breathe);
        const bytes = Buffer.byteLength(text, 'utf8');
        if (bytes > max) {
          this.options.log.debug(`offline cache: ${write.key} of ${write.instanceId} (${bytes} bytes) is larger than the whole cache; not kept`);
          await this.drop(index, write.key);
          continue;
        }
        const file = entryFileOf(write.key);
        await writeFileAtomic(join(index.dir, file), text);
        index.entries.set(write.key, { key: write.key, file, bytes, savedAt, usedAt: savedAt });
        index.dirty = true;
      } catch (error) {
        // A full disk or a vanished directory: the old entry (if any) stays whole; next time tries again.
        this.options.log.warn(`offline cache: could not save ${write.key} of ${write.instanceId}: ${describe(error)}`);
      }
    }
    await this.evict();
    await this.writeIndexes();
  }

  /** Least recently used first, across instances, until the entries fit the bound. */
  private async evict(): Promise<void> {
    const max = Math.max(0, this.options.maxBytes());
    let total = this.totalBytes();
    if (total <= max) return;
    const all = [...this.indexes.values()].flatMap((index) => [...index.entries.values()].map((entry) => ({ index, entry })));
    all.sort((a, b) => a.entry.usedAt - b.entry.usedAt);
    for (const { index, entry } of all) {
      if (total <= max) break;
      total -= entry.bytes;
      await this.drop(index, entry.key);
    }
  }

  private async drop(index: InstanceIndex, key: string): Promise<void> {
    const entry = index.entries.get(key);
    if (key === INSTANCE_KEY) index.instance = undefined;
    if (!entry) return;
    index.entries.delete(key);
    index.dirty = true;
    const path = join(index.dir, entry.file);
    await settledWrites(path);
    await rm(path, { force: true }).catch(() => undefined);
  }

  private async writeIndexes(): Promise<void> {
    for (const index of this.indexes.values()) {
      if (!index.dirty) continue;
      index.dirty = false;
      const text = JSON.stringify({ format: CACHE_FORMAT, instanceId: index.instanceId, entries: [...index.entries.values()] });
      try {
        await writeFileAtomic(join(index.dir, INDEX_FILE), text);
      } catch (error) {
        index.dirty = true;
        this.options.log.warn(`offline cache: could not save the index of ${index.instanceId}: ${describe(error)}`);
      }
    }
  }

  private async read(instanceId: string, key: string): Promise<Cached<CacheData> | undefined> {
    await this.opened;
    const index = this.indexes.get(instanceId);
    if (!index || !this.enabled) return undefined;
    return this.readEntry(index, key);
  }

  private async readEntry(index: InstanceIndex, key: string): Promise<Cached<CacheData> | undefined> {
    const instanceId = index.instanceId;
    const entry = index.entries.get(key);
    if (!entry) return undefined;
    await settledWrites(join(index.dir, entry.file));
    const read = await readFileText(join(index.dir, entry.file));
    if (read.kind === 'ok') {
      try {
        const file = parseCacheFile(read.text, instanceId, key);
        this.touch(index, key);
        return { data: file.data, savedAt: file.savedAt };
      } catch (error) {
        this.options.log.warn(`offline cache: dropped ${key} of ${instanceId}, its file is corrupt: ${describe(error)}`);
      }
    } else {
      this.options.log.warn(`offline cache: dropped ${key} of ${instanceId}: ${read.kind === 'none' ? 'its file is gone' : read.reason}`);
    }
    await this.drop(index, key);
    this.scheduleIndexWrite();
    return undefined;
  }

  /** Marks an entry used now; the index is written with the next batch. */
  private touch(index: InstanceIndex, key: string): void {
    const entry = index.entries.get(key);
    if (!entry) return;
    entry.usedAt = Math.max(entry.usedAt, this.now());
    index.dirty = true;
    this.scheduleIndexWrite();
  }

  private scheduleIndexWrite(): void {
    if (this.disposed || this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.options.delayMs ?? 1000);
    this.timer.unref?.();
  }

  private indexFor(instanceId: string): InstanceIndex {
    let index = this.indexes.get(instanceId);
    if (!index) {
      index = { instanceId, dir: join(this.options.dir, dirNameOf(instanceId)), entries: new Map(), dirty: false };
      this.indexes.set(instanceId, index);
    }
    return index;
  }

  private async open(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.options.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.options.log.warn(`offline cache: cannot read ${this.options.dir}: ${describe(error)}`);
      return;
    }
    for (const name of names) {
      const dir = join(this.options.dir, name);
      try {
        await this.openInstance(dir, name);
      } catch (error) {
        this.options.log.warn(`offline cache: dropped the cache in ${name}, its index is corrupt: ${describe(error)}`);
        await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      }
    }
  }

  private async openInstance(dir: string, name: string): Promise<void> {
    const read = await readFileText(join(dir, INDEX_FILE));
    if (read.kind === 'none') throw new Error('no index');
    if (read.kind === 'unreadable') throw new Error(read.reason);
    const value = JSON.parse(read.text) as { format?: unknown; instanceId?: unknown; entries?: unknown };
    if (value === null || typeof value !== 'object' || value.format !== CACHE_FORMAT) throw new Error('not an index of this format');
    if (typeof value.instanceId !== 'string' || dirNameOf(value.instanceId) !== name) throw new Error('the index names another instance');
    if (!Array.isArray(value.entries)) throw new Error('no entries');
    const index = this.indexFor(value.instanceId);
    for (const raw of value.entries as unknown[]) {
      const entry = raw as Partial<IndexEntry>;
      if (typeof entry.key !== 'string' || entry.file !== entryFileOf(entry.key) || !isCount(entry.bytes) || !isCount(entry.savedAt) || !isCount(entry.usedAt)) {
        throw new Error('an entry is malformed');
      }
      index.entries.set(entry.key, entry as IndexEntry);
    }
    if (index.entries.has(INSTANCE_KEY)) {
      const instance = await this.readEntry(index, INSTANCE_KEY);
      if (instance) index.instance = instance as Cached<CachedInstance>;
    }
  }
}

/** A directory name for any instance id: letters, digits, `-` and `_` kept, the rest as `~XX`. */
export function dirNameOf(instanceId: string): string {
  return [...Buffer.from(instanceId, 'utf8')].map((byte) => (/[A-Za-z0-9_-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `~${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** An entry's file: a hash of its key (keys hold search text and arbitrary ticket ids). */
function entryFileOf(key: string): string {
  return `${createHash('sha256').update(key).digest('hex').slice(0, 24)}.json`;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
