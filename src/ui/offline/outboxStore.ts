// The outbox on disk: one JSON file per instance (`<dir>/<instanceId>.json`, written
// atomically, so a crash mid-write leaves the previous file whole) and each reply's files
// beside it (`<dir>/<instanceId>.files/<itemId>/<n>`), written before the JSON names them.
// A file that cannot be parsed is set aside (renamed, never deleted) and reported once; the
// instance then starts with an empty outbox. No vscode here: the directory is a plain path.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UploadFile } from '../../helpdesk/model';
import { readFileText, setAside, settledWrites, writeFileAtomic } from './atomicFile';
import type { OutboxFile, OutboxItem } from './outboxItem';

const FORMAT_VERSION = 1;

/** What one instance's file holds. */
export interface OutboxContents {
  /** The sequence number the next item gets (kept, so a removed last item's number is never reused). */
  nextSeq: number;
  items: OutboxItem[];
}

export interface OutboxStoreOptions {
  dir: string;
  /** An instance's file could not be parsed and was moved to `aside` (undefined: it could not be moved). */
  setAside?(instanceId: string, reason: string, aside: string | undefined): void;
  now?: () => number;
}

export class OutboxStore {
  constructor(private readonly options: OutboxStoreOptions) {}

  get dir(): string {
    return this.options.dir;
  }

  filePath(instanceId: string): string {
    return join(this.options.dir, `${instanceId}.json`);
  }

  private filesDir(instanceId: string, itemId?: string): string {
    const dir = join(this.options.dir, `${instanceId}.files`);
    return itemId === undefined ? dir : join(dir, itemId);
  }

  /** The instance's outbox; empty when it has none, or when its file had to be set aside. */
  async load(instanceId: string): Promise<OutboxContents> {
    const path = this.filePath(instanceId);
    const read = await readFileText(path);
    if (read.kind === 'none') return { nextSeq: 1, items: [] };
    const parsed = read.kind === 'ok' ? parseContents(read.text, instanceId) : { problem: read.reason };
    if ('problem' in parsed) {
      // Never deleted: what the user wrote may still be read out of it by hand.
      const aside = read.kind === 'ok' ? await setAside(path, (this.options.now ?? Date.now)()) : undefined;
      this.options.setAside?.(instanceId, parsed.problem, aside);
      return { nextSeq: 1, items: [] };
    }
    await this.removeOrphanFiles(instanceId, parsed.items);
    return parsed;
  }

  /** Rejects (ENOSPC…) with the previous file intact. */
  save(instanceId: string, contents: OutboxContents): Promise<void> {
    const text = JSON.stringify({ version: FORMAT_VERSION, nextSeq: contents.nextSeq, items: contents.items });
    return writeFileAtomic(this.filePath(instanceId), text);
  }

  /** Copies a reply's files into the item's folder; on failure nothing of them is left behind. */
  async writeFiles(instanceId: string, itemId: string, files: readonly UploadFile[]): Promise<OutboxFile[]> {
    if (files.length === 0) return [];
    const dir = this.filesDir(instanceId, itemId);
    try {
      await mkdir(dir, { recursive: true });
      const stored: OutboxFile[] = [];
      for (const [index, file] of files.entries()) {
        const name = String(index);
        await writeFile(join(dir, name), file.data, { mode: 0o600 });
        stored.push({ name: file.name, contentType: file.contentType, size: file.data.byteLength, stored: name });
      }
      return stored;
    } catch (error) {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      throw error;
    }
  }

  async readFiles(instanceId: string, itemId: string, files: readonly OutboxFile[]): Promise<UploadFile[]> {
    const dir = this.filesDir(instanceId, itemId);
    return Promise.all(files.map(async (file) => ({ name: file.name, contentType: file.contentType, data: new Uint8Array(await readFile(join(dir, file.stored))) })));
  }

  async removeFiles(instanceId: string, itemId: string): Promise<void> {
    await rm(this.filesDir(instanceId, itemId), { recursive: true, force: true });
  }

  /** The instance was removed: its outbox and files go with it. */
  async removeInstance(instanceId: string): Promise<void> {
    const path = this.filePath(instanceId);
    await settledWrites(path);
    await rm(path, { force: true });
    await rm(this.filesDir(instanceId), { recursive: true, force: true });
  }

  /** Folders of items the file does not name: left by a crash between the files and the JSON. */
  private async removeOrphanFiles(instanceId: string, items: readonly OutboxItem[]): Promise<void> {
    let folders: string[];
    try {
      folders = await readdir(this.filesDir(instanceId));
    } catch {
      return;
    }
    const known = new Set(items.map((item) => item.id));
    await Promise.all(folders.filter((folder) => !known.has(folder)).map((folder) => this.removeFiles(instanceId, folder).catch(() => undefined)));
  }
}

/** The file's items, each checked field by field, or why it cannot be used. */
export function parseContents(text: string, instanceId: string): OutboxContents | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
  if (!isRecord(value) || value.version !== FORMAT_VERSION || !Array.isArray(value.items) || !isCount(value.nextSeq)) {
    return { problem: 'not an outbox file of this version' };
  }
  const items: OutboxItem[] = [];
  for (const [index, item] of value.items.entries()) {
    if (!isOutboxItem(item) || item.instanceId !== instanceId) return { problem: `item ${index} is malformed` };
    items.push(item);
  }
  const highest = items.reduce((max, item) => Math.max(max, item.seq), 0);
  return { nextSeq: Math.max(value.nextSeq, highest + 1), items };
}

const STATES = new Set(['queued', 'sending', 'uncertain', 'conflict', 'rejected']);

function isOutboxItem(value: unknown): value is OutboxItem {
  if (!isRecord(value)) return false;
  const strings = ['id', 'instanceId', 'ticketId', 'ticketRef'].every((key) => typeof value[key] === 'string' && value[key] !== '');
  if (!strings || !isCount(value.seq) || !isCount(value.attempts) || typeof value.createdAt !== 'number') return false;
  if (typeof value.state !== 'string' || !STATES.has(value.state)) return false;
  if (value.startedAt !== undefined && typeof value.startedAt !== 'number') return false;
  if (value.reason !== undefined && typeof value.reason !== 'string') return false;
  if (value.baseline !== undefined && !isBaseline(value.baseline)) return false;
  if (value.changes !== undefined && !(isRecord(value.changes) && Array.isArray(value.changes.messages) && Array.isArray(value.changes.changes))) return false;
  return isWork(value.work);
}

function isWork(value: unknown): boolean {
  if (!isRecord(value)) return false;
  if (value.kind === 'status') return typeof value.status === 'string' && typeof value.statusName === 'string';
  if (value.kind !== 'reply') return false;
  if (typeof value.bodyMarkdown !== 'string' || typeof value.bodyHtml !== 'string' || typeof value.internal !== 'boolean') return false;
  if (value.newStatus !== undefined && typeof value.newStatus !== 'string') return false;
  return Array.isArray(value.files) && value.files.every((file) => isRecord(file) && typeof file.name === 'string' && typeof file.contentType === 'string' && isCount(file.size) && typeof file.stored === 'string' && /^\d+$/.test(file.stored));
}

function isBaseline(value: unknown): boolean {
  if (!isRecord(value) || !Array.isArray(value.messageIds) || !value.messageIds.every((id) => typeof id === 'string')) return false;
  const ticket = value.ticket;
  return isRecord(ticket) && typeof ticket.id === 'string' && typeof ticket.subject === 'string' && isRecord(ticket.status) && typeof ticket.status.id === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
