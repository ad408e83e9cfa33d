// What the sandbox keeps between window reloads: each simulator's data (the fields of its
// state that the API changes), one file per vendor in the extension's global storage.
// Written without blocking the extension host: debounced, asynchronous, and atomic (a
// temporary file renamed over the old one), so a reload in the middle of a write leaves
// the previous file whole. A file that cannot be read is moved aside and the simulator
// starts from its seed again; the caller says so to the user.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Bumped when what a snapshot holds changes shape; an older file is reset to the seed. */
export const SNAPSHOT_FORMAT = 1;

/** Which parts of a vendor's state persist, and which of their fields are secrets. */
export interface PersistSpec {
  /** The state's fields holding the helpdesk's data (Maps, arrays, records, counters). */
  keys: readonly string[];
  /**
   * Per key (a Map of records): fields holding secrets (passwords, API keys). They are
   * never written; on load each record keeps the value this start made for it, or, for a
   * record made after the seed, a new one from the generator.
   */
  secrets?: Readonly<Record<string, Readonly<Record<string, () => string>>>>;
}

/** The file's header and the data. */
export interface Snapshot {
  format: number;
  vendor: string;
  seed: number;
  /** The seed's epoch the data was made with; the next start seeds with it again. */
  epoch: number;
  /** The simulator's origin when saved: URLs in the data carry it, and a new start has a new port. */
  origin: string;
  savedAt: number;
  data: Record<string, unknown>;
}

export type SnapshotRead = { kind: 'none' } | { kind: 'ok'; snapshot: Snapshot } | { kind: 'corrupt'; reason: string };

type State = Record<string, unknown>;

// ---- Encoding: JSON with tags for what JSON has no form for. A plain object whose own key
// starts with `$` is wrapped, so data (custom field names, headers) cannot pose as a tag.

function encode(value: unknown, drop?: Readonly<Record<string, unknown>>): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $num: String(value) };
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return undefined;
  if (value instanceof Map) return { $map: [...value].map(([key, item]) => [encode(key), encode(item, drop)]) };
  if (value instanceof Set) return { $set: [...value].map((item) => encode(item)) };
  if (value instanceof Date) return { $date: value.getTime() };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (Array.isArray(value)) return value.map((item) => encode(item, drop) ?? null);
  const out: Record<string, unknown> = {};
  let tagLike = false;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (drop && key in drop) continue;
    const encoded = encode(item);
    if (encoded === undefined) continue;
    if (key.startsWith('$')) tagLike = true;
    out[key] = encoded;
  }
  return tagLike ? { $obj: out } : out;
}

function decode(value: unknown, text: (s: string) => string): unknown {
  if (typeof value === 'string') return text(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => decode(item, text));
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1) {
    const [tag] = keys;
    const inner = record[tag as string];
    if (tag === '$map' && Array.isArray(inner)) {
      return new Map(
        inner.map((pair) => {
          if (!Array.isArray(pair) || pair.length !== 2) throw new Error('a Map entry is not a [key, value] pair');
          return [decode(pair[0], text), decode(pair[1], text)];
        }),
      );
    }
    if (tag === '$set' && Array.isArray(inner)) return new Set(inner.map((item) => decode(item, text)));
    if (tag === '$date' && typeof inner === 'number') return new Date(inner);
    if (tag === '$num' && typeof inner === 'string') return Number(inner);
    if (tag === '$bytes' && typeof inner === 'string') return Buffer.from(inner, 'base64');
    if (tag === '$obj' && inner !== null && typeof inner === 'object' && !Array.isArray(inner)) return decodeObject(inner as Record<string, unknown>, text);
    if (tag?.startsWith('$')) throw new Error(`unknown tag ${tag}`);
  }
  return decodeObject(record, text);
}

function decodeObject(record: Record<string, unknown>, text: (s: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) out[text(key)] = decode(item, text);
  return out;
}

/**
 * The snapshot of a state as text (the persisted keys only, secrets left out). Built a
 * record at a time, giving the event loop back every few milliseconds: the data runs to
 * megabytes, and the extension host must not stall while it is written. A request that
 * changes the data meanwhile schedules another save, which then has it all.
 */
export async function encodeSnapshot(state: object, spec: PersistSpec, header: Omit<Snapshot, 'format' | 'data' | 'savedAt'>, savedAt: number, sliceMs = 8): Promise<string> {
  const source = state as State;
  const parts: string[] = [];
  let sliceStart = performance.now();
  const breathe = async (): Promise<void> => {
    if (performance.now() - sliceStart < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };
  const head = JSON.stringify({ format: SNAPSHOT_FORMAT, ...header, savedAt });
  parts.push(head.slice(0, -1), ',"data":{');
  spec.keys.forEach((key, index) => parts.push(index === 0 ? '' : ',', JSON.stringify(key), ':', '\u0000'));
  // The placeholders above are filled in order below (a key's value may take many slices).
  const filled: string[] = [];
  for (const key of spec.keys) {
    const value = source[key];
    const drop = spec.secrets?.[key];
    if (value instanceof Map) {
      const entries: string[] = [];
      for (const [id, item] of value) {
        entries.push(JSON.stringify([encode(id), encode(item, drop) ?? null]));
        await breathe();
      }
      filled.push(`{"$map":[${entries.join(',')}]}`);
    } else {
      filled.push(JSON.stringify(encode(value, drop) ?? null));
      await breathe();
    }
  }
  let next = 0;
  const text = parts.map((part) => (part === '\u0000' ? (filled[next++] as string) : part)).join('');
  return `${text}}}`;
}

/** Reads a file's text as a snapshot of `vendor`; throws with the reason when it is not one. */
export function parseSnapshot(text: string, vendor: string): Snapshot {
  const value = JSON.parse(text) as unknown;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
  const snapshot = value as Partial<Snapshot>;
  if (snapshot.format !== SNAPSHOT_FORMAT) throw new Error(`format ${String(snapshot.format)}, expected ${SNAPSHOT_FORMAT}`);
  if (snapshot.vendor !== vendor) throw new Error(`made by the ${String(snapshot.vendor)} simulator`);
  if (typeof snapshot.seed !== 'number' || typeof snapshot.epoch !== 'number' || !Number.isFinite(snapshot.epoch)) throw new Error('no seed or epoch');
  if (typeof snapshot.origin !== 'string' || !/^http:\/\/[^/\s]+$/.test(snapshot.origin)) throw new Error('no origin');
  if (snapshot.data === null || typeof snapshot.data !== 'object' || Array.isArray(snapshot.data)) throw new Error('no data');
  return snapshot as Snapshot;
}

function kindOf(value: unknown): string {
  if (value instanceof Map) return 'Map';
  if (value instanceof Set) return 'Set';
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

/**
 * Puts a snapshot's data into a freshly started simulator's state. Everything is decoded
 * and checked before the state is touched, so a bad snapshot leaves the seed as it was.
 * URLs in the data get the new origin.
 */
export function restoreSnapshot(state: object, spec: PersistSpec, snapshot: Snapshot, origin: string): void {
  const target = state as State;
  const old = snapshot.origin;
  const text = old === origin ? (s: string) => s : (s: string) => (s.includes(old) ? s.split(old).join(origin) : s);
  const decoded = new Map<string, unknown>();
  for (const key of spec.keys) {
    if (!(key in snapshot.data)) throw new Error(`"${key}" is missing`);
    const value = decode(snapshot.data[key], text);
    const expected = kindOf(target[key]);
    if (kindOf(value) !== expected) throw new Error(`"${key}" is a ${kindOf(value)}, expected a ${expected}`);
    if (value instanceof Map && target[key] instanceof Map) {
      // Every value must be of the kind the seed's values are (records, id lists, ids).
      const sample = (target[key] as Map<unknown, unknown>).values().next();
      const want = sample.done ? undefined : kindOf(sample.value);
      for (const item of value.values()) if (want !== undefined && kindOf(item) !== want) throw new Error(`"${key}" holds a ${kindOf(item)}, expected a ${want}`);
    }
    decoded.set(key, value);
  }
  for (const [key, fields] of Object.entries(spec.secrets ?? {})) {
    const restored = decoded.get(key);
    const fresh = target[key];
    if (!(restored instanceof Map) || !(fresh instanceof Map)) continue;
    for (const [id, record] of restored as Map<unknown, Record<string, unknown>>) {
      const current = (fresh as Map<unknown, Record<string, unknown>>).get(id);
      for (const [field, generate] of Object.entries(fields)) record[field] = current?.[field] ?? generate();
    }
  }
  for (const [key, value] of decoded) target[key] = value;
}

// ---- The file.

export interface SnapshotFileOptions {
  /** How long after the last change the file is written (default 1500 ms). */
  delayMs?: number;
  /** Told when a write fails (the sandbox goes on; the next change tries again). */
  onError?: (error: unknown) => void;
}

/** One vendor's saved data: `<dir>/<vendor>.json`. */
export class SnapshotFile {
  readonly path: string;
  private timer: NodeJS.Timeout | undefined;
  private produce: (() => string | Promise<string>) | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly delayMs: number;

  constructor(
    readonly dir: string,
    readonly vendor: string,
    private readonly options: SnapshotFileOptions = {},
  ) {
    this.path = join(dir, `${vendor}.json`);
    this.delayMs = options.delayMs ?? 1500;
  }

  /** The saved snapshot; a file that is not one is moved aside to `<vendor>.json.corrupt`. */
  async read(): Promise<SnapshotRead> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
      return { kind: 'corrupt', reason: error instanceof Error ? error.message : String(error) };
    }
    try {
      return { kind: 'ok', snapshot: parseSnapshot(text, this.vendor) };
    } catch (error) {
      await this.quarantine();
      return { kind: 'corrupt', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Moves the file aside (kept for a look, replaced by the next bad one). */
  async quarantine(): Promise<void> {
    await rename(this.path, `${this.path}.corrupt`).catch(() => rm(this.path, { force: true }).catch(() => undefined));
  }

  /** Writes what `produce` gives, once things have been quiet for a moment. */
  schedule(produce: () => string | Promise<string>): void {
    this.produce = produce;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
    this.timer.unref?.();
  }

  /** Writes a scheduled change now (and waits for any write under way). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const produce = this.produce;
    this.produce = undefined;
    if (produce) this.writing = this.writing.then(() => this.write(produce));
    await this.writing;
  }

  /** Forgets a scheduled write and deletes the file. */
  async remove(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.produce = undefined;
    await this.writing;
    await rm(this.path, { force: true });
  }

  private async write(produce: () => string | Promise<string>): Promise<void> {
    const temporary = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      const text = await produce();
      await mkdir(this.dir, { recursive: true });
      await writeFile(temporary, text, { encoding: 'utf8', mode: 0o600 });
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      this.options.onError?.(error);
    }
  }
}

/** Deletes every vendor's saved data in `dir`, and any file moved aside (Reset Sandbox). */
export async function removeSnapshots(dir: string, vendors: readonly string[]): Promise<void> {
  await Promise.all(vendors.flatMap((vendor) => [`${vendor}.json`, `${vendor}.json.corrupt`].map((name) => rm(join(dir, name), { force: true }))));
}
