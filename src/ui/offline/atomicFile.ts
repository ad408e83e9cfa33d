// Files the offline cache and the outbox keep in the extension's global storage. A write
// goes to a temporary file that is then renamed over the old one, so a crash or a window
// reload in the middle leaves the previous file whole; writes to one path are queued so
// two never interleave. No vscode here: the directory arrives as a plain path.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export type FileRead = { kind: 'none' } | { kind: 'ok'; text: string } | { kind: 'unreadable'; reason: string };

/** Writes for one path run one after another; a later write never lands before an earlier one. */
const queues = new Map<string, Promise<void>>();

/** Replaces `path` with `text` atomically. Rejects (e.g. ENOSPC) with the old file intact. */
export function writeFileAtomic(path: string, text: string): Promise<void> {
  const previous = queues.get(path) ?? Promise.resolve();
  const write = previous.then(async () => {
    const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(temporary, text, { encoding: 'utf8', mode: 0o600 });
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      throw error;
    }
  });
  const settled = write.catch(() => undefined);
  queues.set(path, settled);
  void settled.then(() => {
    if (queues.get(path) === settled) queues.delete(path);
  });
  return write;
}

/** Reads a file; a missing one is `none`, any other failure `unreadable` with the reason. */
export async function readFileText(path: string): Promise<FileRead> {
  try {
    return { kind: 'ok', text: await readFile(path, 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Moves a file that could not be parsed aside, never deleting it: `<name>.corrupt-<time>`.
 * Returns the new path, or undefined when it could not be moved.
 */
export async function setAside(path: string, now: number = Date.now()): Promise<string | undefined> {
  const aside = `${path}.corrupt-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
  try {
    await rename(path, aside);
    return aside;
  } catch {
    return undefined;
  }
}

/** Waits for the queued writes to `path` (before deleting it, or in tests). */
export async function settledWrites(path: string): Promise<void> {
  await queues.get(path);
}
