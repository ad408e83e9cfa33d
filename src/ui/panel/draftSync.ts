// Keeps the reply draft the same in three places: the draft store (which survives
// reloads), the page (which may be gone, rebuilding, or live) and the host's additions
// (Add Selection to Ticket) that arrive while no page can take them.
import { appendMarkdown, type Draft, type HostToWebview, type PendingAttachment } from '../../shared/protocol/panel';
import { type DraftStore, EMPTY_DRAFT } from './draftStore';
import type { PanelContext } from './parts';

/**
 * Where the page is: 'gone' while there is none (hidden, or being rebuilt), 'ready' once a
 * new one said so, 'live' once it has been sent the draft and so can take additions to it.
 */
type PageState = 'gone' | 'ready' | 'live';

export class DraftSync {
  private page: PageState = 'gone';
  /** Markdown added to the stored draft while no page could take it (see the `draft` message). */
  private pendingAppends: string[] = [];
  /** Posts that must reach a page that has its draft (focus, attachment refusals). */
  private queuedForPage: HostToWebview[] = [];

  constructor(
    private readonly context: PanelContext,
    private readonly drafts: DraftStore,
    private readonly pendingFiles: () => PendingAttachment[],
  ) {}

  pageReady(): void {
    this.page = 'ready';
  }

  pageGone(): void {
    this.page = 'gone';
  }

  current(): Draft | undefined {
    return this.drafts.get(this.context.instanceId, this.context.ticketId);
  }

  async save(draft: Draft): Promise<void> {
    try {
      await this.drafts.set(this.context.instanceId, this.context.ticketId, draft);
    } catch (error) {
      this.context.log.warn(`ticket panel: could not save the draft: ${String(error)}`);
    }
  }

  async clear(): Promise<void> {
    await this.drafts.delete(this.context.instanceId, this.context.ticketId).catch((error: unknown) => {
      this.context.log.warn(`ticket panel: could not clear the draft: ${String(error)}`);
    });
  }

  /** Stores the addition at once, so it survives a reload even if no page ever shows it. */
  async append(markdown: string): Promise<void> {
    const current = this.current() ?? EMPTY_DRAFT;
    await this.save({ ...current, markdown: appendMarkdown(current.markdown, markdown) });
    if (this.page === 'live') this.context.post({ type: 'appendToDraft', markdown });
    else this.pendingAppends.push(markdown);
  }

  /** The stored draft and the pending files; from then on the page can take additions. */
  postDraft(): void {
    // Without a page the additions wait for the next one.
    if (this.page === 'gone') return;
    const appended = this.pendingAppends;
    this.pendingAppends = [];
    let draft = this.current() ?? EMPTY_DRAFT;
    // A late save from the previous page may have stored its words over an addition.
    const lost = appended.filter((piece) => !draft.markdown.includes(piece));
    if (lost.length > 0) {
      draft = { ...draft, markdown: lost.reduce(appendMarkdown, draft.markdown) };
      void this.save(draft);
    }
    this.context.post({ type: 'draft', draft, attachments: this.pendingFiles(), ...(appended.length > 0 && { appended }) });
    this.page = 'live';
    const queued = this.queuedForPage;
    this.queuedForPage = [];
    for (const message of queued) this.context.post(message);
  }

  /** Posts now if the page has its draft, otherwise right after it gets it. */
  postToPage(message: HostToWebview): void {
    if (this.page === 'live') this.context.post(message);
    else this.queuedForPage.push(message);
  }
}
