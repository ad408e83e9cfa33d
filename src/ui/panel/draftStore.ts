// Reply drafts, kept in the extension's global state so they survive closing the panel
// and reloading the window. Works over any Memento-like store (testable without vscode).
import { type Draft, isDraft } from '../../shared/protocol/panel';

/** The part of vscode.Memento we use. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface DraftStore {
  get(instanceId: string, ticketId: string): Draft | undefined;
  set(instanceId: string, ticketId: string, draft: Draft): Promise<void>;
  delete(instanceId: string, ticketId: string): Promise<void>;
}

export class MementoDraftStore implements DraftStore {
  constructor(private readonly store: KeyValueStore) {}

  get(instanceId: string, ticketId: string): Draft | undefined {
    const value = this.store.get<unknown>(draftKey(instanceId, ticketId));
    return isDraft(value) ? value : undefined;
  }

  async set(instanceId: string, ticketId: string, draft: Draft): Promise<void> {
    // An empty draft is no draft: do not keep a key per ticket ever opened.
    if (isEmptyDraft(draft)) return this.delete(instanceId, ticketId);
    await this.store.update(draftKey(instanceId, ticketId), draft);
  }

  async delete(instanceId: string, ticketId: string): Promise<void> {
    await this.store.update(draftKey(instanceId, ticketId), undefined);
  }
}

/** Instance ids cannot contain ":" (see instanceValidation), so the key is unambiguous. */
export function draftKey(instanceId: string, ticketId: string): string {
  return `helpdesk.draft:${instanceId}:${ticketId}`;
}

export function isEmptyDraft(draft: Draft): boolean {
  return draft.markdown.trim() === '' && draft.newStatus === undefined;
}


export const EMPTY_DRAFT: Draft = { markdown: '', internal: false };
