// The links of one workspace folder, kept wherever the storage puts them (the shared
// `.vscode/helpdesk-links.json`, or this machine's workspace state). No vscode here, so the
// rules are unit-tested:
// - every change is a read-modify-write against the latest stored text, through one queue;
// - a stored text this version cannot use (malformed, newer format, unreadable) makes the
//   folder's links read-only: nothing is ever written over it, and the reason is kept to show;
// - a change that leaves the links as they were writes nothing (a hand-formatted file stays
//   as it is until a link really changes).
import * as l10n from '@vscode/l10n';
import { emptyLinkFile, parseLinkFile, serializeLinkFile, type CodeLink, type LinkFile } from '../../code/linkFile';
import type { SerialQueue } from './serialQueue';

export interface LinkStorage {
  /** The stored text; undefined when nothing is stored yet (no file). Rejects when it cannot be read. */
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
}

/** The stored links cannot be used, so they may not be changed either. */
export class LinkFileUnusableError extends Error {}

type StoreState =
  | { readonly kind: 'loaded'; readonly file: LinkFile; readonly text: string | undefined }
  | { readonly kind: 'unusable'; readonly reason: string; readonly text: string | undefined };

export interface StoreChange<T> {
  readonly file: LinkFile;
  readonly result: T;
}

export class FolderLinkStore {
  private state: StoreState = { kind: 'loaded', file: emptyLinkFile(), text: undefined };

  constructor(
    private readonly storage: LinkStorage,
    private readonly queue: SerialQueue,
  ) {}

  /** The links as last read; none while the stored text is unusable. */
  get file(): LinkFile {
    return this.state.kind === 'loaded' ? this.state.file : emptyLinkFile();
  }

  get links(): readonly CodeLink[] {
    return this.file.links;
  }

  /** Why the stored links cannot be used (and are left untouched), if they cannot. */
  get problem(): string | undefined {
    return this.state.kind === 'unusable' ? this.state.reason : undefined;
  }

  /** The text behind the problem, so the same broken file is reported once. */
  get problemKey(): string | undefined {
    return this.state.kind === 'unusable' ? `${this.state.reason}\n${this.state.text ?? ''}` : undefined;
  }

  /** Reads the stored text again; true when what the store holds changed. */
  reload(): Promise<boolean> {
    return this.queue.run(() => this.readLatest());
  }

  /**
   * Applies `change` to the latest stored links and writes the result when the links changed.
   * Rejects with LinkFileUnusableError, having written nothing, when the stored text cannot be used.
   */
  update<T>(change: (file: LinkFile) => StoreChange<T>): Promise<T> {
    return this.queue.run(async () => {
      await this.readLatest();
      const state = this.state;
      if (state.kind === 'unusable') throw new LinkFileUnusableError(state.reason);
      const { file, result } = change(state.file);
      const text = serializeLinkFile(file);
      if (text !== serializeLinkFile(state.file)) {
        await this.storage.write(text);
        const written = parseLinkFile(text);
        this.state = { kind: 'loaded', file: written.ok ? written.file : file, text };
      }
      return result;
    });
  }

  private async readLatest(): Promise<boolean> {
    const before = this.state;
    let text: string | undefined;
    try {
      text = await this.storage.read();
    } catch (error) {
      const reason = l10n.t('It could not be read ({0}).', error instanceof Error ? error.message : String(error));
      this.state = { kind: 'unusable', reason, text: undefined };
      return before.kind !== 'unusable' || before.reason !== reason;
    }
    if (before.kind === 'loaded' && before.text === text) return false;
    const parsed = parseLinkFile(text ?? '');
    this.state = parsed.ok ? { kind: 'loaded', file: parsed.file, text } : { kind: 'unusable', reason: parsed.reason, text };
    if (before.kind !== this.state.kind) return true;
    return before.kind === 'loaded' ? serializeLinkFile(before.file) !== serializeLinkFile(this.file) : before.text !== text;
  }
}
