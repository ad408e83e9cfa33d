// The ticket's conversation as the panel shows it: read page by page from the helpdesk,
// rendered, posted in chunks so a long thread paints progressively, and kept for a replay
// when the page is rebuilt. Also the index of its attachments, for downloads.
import type { Attachment, Message, Page } from '../../helpdesk/model';
import type { RenderBody } from '../../helpdesk/render/types';
import type { MessageView } from '../../shared/protocol/panel';
import type { PanelContext } from './parts';
import { messageView } from './views';

/** A runaway cursor (a vendor repeating a page) must not loop forever. */
const MAX_MESSAGE_PAGES = 1000;

export interface ConversationOptions {
  renderBody: RenderBody;
  chunkSize: number;
  replayWithinMs: number;
  now: () => number;
  remoteImagesAllowed: () => boolean;
}

export class Conversation {
  private readonly attachments = new Map<string, Attachment>();
  /** The rendered conversation of the last complete load, for replays. */
  private loaded: MessageView[] | undefined;
  /** The model messages behind `loaded`, for the offline cache. */
  private loadedMessages: Message[] = [];
  private loadedAt = 0;
  private blocked = 0;
  /** Every message the page was given since the last load began (for the conflict check). */
  private readonly shownIds = new Set<string>();

  constructor(
    private readonly context: PanelContext,
    private readonly options: ConversationOptions,
  ) {}

  /** Remote images the last load held back (the header offers to load them). */
  get remoteImagesBlocked(): number {
    return this.blocked;
  }

  /** Drops what the last load produced (a reload or a new image policy follows). */
  forget(): void {
    this.loaded = undefined;
    this.blocked = 0;
  }

  /** `cached`: the conversation as the offline cache kept it, shown instead of read. */
  async load(isCurrent: () => boolean, cached?: readonly Message[]): Promise<void> {
    this.forget();
    this.attachments.clear();
    this.shownIds.clear();
    const all: MessageView[] = [];
    const messages: Message[] = [];
    let cursor: string | undefined;
    let buffer: MessageView[] = [];
    let reset = true;
    const seenCursors = new Set<string>();
    const read = (at: string | undefined) => this.context.session.run((p) => p.listMessages(this.context.ticketId, at));
    let pending: Promise<Page<Message>> = cached ? Promise.resolve({ items: [...cached] }) : read(undefined);
    for (let pageNumber = 0; pageNumber < MAX_MESSAGE_PAGES; pageNumber++) {
      const page = await pending;
      if (!isCurrent()) return;
      cursor = page.next;
      const more = cursor !== undefined && !seenCursors.has(cursor) && pageNumber + 1 < MAX_MESSAGE_PAGES;
      if (cursor !== undefined) seenCursors.add(cursor);
      // The next page is asked for before this one is rendered: the round trip and the rendering overlap.
      if (more) {
        pending = read(cursor);
        pending.catch(() => undefined); // awaited below; a failure there is the load's
      }
      messages.push(...page.items);
      for (const message of page.items) {
        const view = this.render(message);
        buffer.push(view);
        all.push(view);
        if (buffer.length >= this.options.chunkSize) {
          this.context.post({ type: 'messages', messages: buffer, reset, done: false });
          buffer = [];
          reset = false;
          // Let the extension host breathe between chunks (a 500-message thread renders for a while).
          await new Promise((resolve) => setImmediate(resolve));
          if (!isCurrent()) return;
        }
      }
      if (!more) break;
    }
    this.context.post({ type: 'messages', messages: buffer, reset, done: true });
    this.loaded = all;
    this.loadedMessages = messages;
    this.loadedAt = this.options.now();
  }

  /** The messages of the last complete load and those sent since (model objects). */
  messages(): readonly Message[] {
    return this.loaded ? this.loadedMessages : [];
  }

  /** A page rebuilt soon after a complete load is replayed from memory instead of re-fetched. */
  canReplay(): boolean {
    return this.loaded !== undefined && this.options.now() - this.loadedAt <= this.options.replayWithinMs;
  }

  replay(): void {
    const messages = this.loaded ?? [];
    const size = this.options.chunkSize;
    for (let start = 0; start === 0 || start < messages.length; start += size) {
      this.context.post({ type: 'messages', messages: messages.slice(start, start + size), reset: start === 0, done: start + size >= messages.length });
    }
  }

  /** A message the user just sent: kept for replays, its attachments downloadable. */
  added(message: Message): MessageView {
    const view = this.render(message, false);
    if (this.loaded) {
      this.loaded.push(view);
      this.loadedMessages.push(message);
    }
    return view;
  }

  messageIds(): ReadonlySet<string> {
    return this.shownIds;
  }

  attachment(messageId: string, attachmentId: string): Attachment | undefined {
    return this.attachments.get(attachmentKey(messageId, attachmentId));
  }

  /** `count`: whether its blocked images join the header's count (a loaded body's, not a sent reply's). */
  private render(message: Message, count = true): MessageView {
    const rendered = messageView(message, this.options.renderBody, this.options.remoteImagesAllowed());
    if (count) this.blocked += rendered.remoteImagesBlocked;
    this.shownIds.add(message.id);
    for (const attachment of message.attachments) this.attachments.set(attachmentKey(message.id, attachment.id), attachment);
    return rendered.view;
  }
}

function attachmentKey(messageId: string, attachmentId: string): string {
  return `${messageId}\u0000${attachmentId}`;
}
