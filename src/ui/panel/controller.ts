// The host side of one ticket panel: answers the webview's messages using the
// provider, the draft store and a few host services. No vscode here — the manager
// wires it to a real WebviewPanel, tests drive it with fakes.
import { HelpdeskError, toHelpdeskError } from '../../helpdesk/errors';
import type { Logger } from '../../helpdesk/log';
import type { Attachment, Download, ReplyInput, Ticket, TicketPatch } from '../../helpdesk/model';
import type { CannedReply, Capabilities, HelpdeskProvider, ReferenceData } from '../../helpdesk/provider';
import type { RenderBody } from '../../helpdesk/render/types';
import {
  appendMarkdown,
  type Draft,
  type ErrorContext,
  type ErrorView,
  type HostToWebview,
  isWebviewToHost,
  type MessageView,
  type WebviewToHost,
} from '../../shared/protocol/panel';
import { isSafeExternalUrl } from '../safeUrl';
import type { LinkedCodeSource } from '../codeLinks/contracts';
import { isDraft } from '../../shared/protocol/panel';
import { cannedReplyMarkdown, cannedReplyPreview } from './cannedReplyText';
import { type DraftStore, EMPTY_DRAFT } from './draftStore';
import type { PickedFile } from '../filePicker';
import { oversizeMessage, PendingAttachments } from './pendingAttachments';
import { EMPTY_REFERENCE_DATA, linkedCodeItem, messageView, panelCapabilities, referenceOptions, ticketView } from './views';

/** The instance's connection, as far as a panel needs it. */
export interface PanelSession {
  readonly label: string;
  /** The provider without sending a request (for its capabilities). */
  acquire(): Promise<HelpdeskProvider>;
  /** Sends a request; health bookkeeping happens behind it. */
  run<T>(request: (provider: HelpdeskProvider) => Promise<T>): Promise<T>;
  referenceData(): Promise<ReferenceData>;
}

/** What the controller needs from the editor. */
export interface PanelHost {
  post(message: HostToWebview): void;
  setTitle(title: string): void;
  /** The ticket is loaded and shown (for "recent tickets"). */
  ticketShown?(ticket: Ticket): void;
  /** Re-creates the page with a policy that lets https: images load; it says `ready` again. */
  reloadWithRemoteImages(): void;
  pickFiles(): Promise<PickedFile[]>;
  /** Asks where to save; undefined when the user cancels. */
  pickSaveTarget(defaultName: string): Promise<string | undefined>;
  writeFile(target: string, data: Uint8Array): Promise<void>;
  /** Tells the user the file is saved (offering to open it). */
  downloaded(target: string): void;
  openExternal(url: string): void;
  setCredentials(): void;
  /** The ticket changed on the helpdesk: lists showing it should refresh. */
  ticketChanged(): void;
  /**
   * Lets the user choose a canned reply; shown at once, filled when `choices` resolves.
   * Resolves to the chosen id, or undefined if the user cancelled or there is none;
   * rejects with the loading error. Hosts without a picker leave it out.
   */
  pickCannedReply?(choices: Promise<CannedReplyChoice[]>): Promise<string | undefined>;
  /** Opens a linked code location in an editor; hosts without editors leave it out. */
  openLinkedCode?(linkId: string): Promise<void>;
}

/** A canned reply as a picker lists it. */
export interface CannedReplyChoice {
  id: string;
  name: string;
  /** The start of its text, on one line. */
  preview: string;
}

/** What "Add Selection to Ticket" puts into a ticket's reply. */
export interface DraftAddition {
  markdown: string;
  files: PickedFile[];
}

export interface RenderFunctions {
  renderBody: RenderBody;
  markdownToHtml(markdown: string): string;
}

export interface PanelControllerOptions {
  instanceId: string;
  ticketId: string;
  session: PanelSession;
  host: PanelHost;
  drafts: DraftStore;
  render: RenderFunctions;
  maxAttachmentBytes: () => number;
  log: Logger;
  allowRemoteImages?: boolean;
  /** The code linked to tickets, listed in the panel; absent until the link service runs. */
  linkedCode?: LinkedCodeSource;
  /** Messages per `messages` post, so a long thread paints progressively. */
  chunkSize?: number;
  /**
   * A page re-shown within this many ms (the webview is rebuilt whenever its tab comes
   * back, as context is not retained) is replayed from memory instead of re-fetched.
   */
  replayWithinMs?: number;
  now?: () => number;
}

const UPDATE_FIELDS = new Set(['status', 'priority', 'agent', 'department']);

interface LoadedCannedReply extends CannedReplyChoice {
  markdown: string;
}

/**
 * Where the page is: 'gone' while there is none (hidden, or being rebuilt), 'ready' once a
 * new one said so, 'live' once it has been sent the draft and so can take additions to it.
 */
type PageState = 'gone' | 'ready' | 'live';
/** A runaway cursor (a vendor repeating a page) must not loop forever. */
const MAX_MESSAGE_PAGES = 1000;

export class TicketPanelController {
  readonly instanceId: string;
  readonly ticketId: string;
  private readonly session: PanelSession;
  private readonly host: PanelHost;
  private readonly chunkSize: number;
  private ticket: Ticket | undefined;
  private capabilities: Capabilities | undefined;
  private reference: ReferenceData = EMPTY_REFERENCE_DATA;
  private remoteImagesAllowed: boolean;
  private remoteImagesBlocked = 0;
  private readonly attachments = new Map<string, Attachment>();
  private readonly pending = new PendingAttachments();
  /** Bumped per load so a slow earlier load cannot post over a newer one. */
  private loadGeneration = 0;
  private sending = false;
  /** Settles when the reply on its way has been answered (sent or failed). */
  private sendSettled: Promise<void> | undefined;
  private disposed = false;
  /** The rendered conversation of the last complete load, for replays. */
  private loadedMessages: MessageView[] | undefined;
  private loadedAt = 0;
  private page: PageState = 'gone';
  /** Markdown added to the stored draft while no page could take it (see the `draft` message). */
  private pendingAppends: string[] = [];
  /** Posts that must reach a page that has its draft (focus, attachment refusals). */
  private queuedForPage: HostToWebview[] = [];
  /** Loaded once per panel, on first use; forgotten after a failure so the next try asks again. */
  private cannedReplies: Promise<LoadedCannedReply[]> | undefined;
  private pickingCannedReply = false;
  /** The links the page was shown: the only ones it may ask to open. */
  private linkIds = new Set<string>();
  private readonly linkSubscription: { dispose(): void } | undefined;

  constructor(private readonly options: PanelControllerOptions) {
    this.instanceId = options.instanceId;
    this.ticketId = options.ticketId;
    this.session = options.session;
    this.host = options.host;
    this.chunkSize = Math.max(1, options.chunkSize ?? 50);
    this.remoteImagesAllowed = options.allowRemoteImages === true;
    this.linkSubscription = options.linkedCode?.onDidChange(() => this.postLinkedCode());
  }

  get allowsRemoteImages(): boolean {
    return this.remoteImagesAllowed;
  }

  /** The draft for the panel's saved state (serializer). */
  currentDraft(): Draft | undefined {
    return this.options.drafts.get(this.instanceId, this.ticketId);
  }

  /** Entry point for everything the webview posts; anything unexpected is ignored. */
  async handle(raw: unknown): Promise<void> {
    if (this.disposed) return;
    if (!isWebviewToHost(raw)) {
      this.options.log.debug(`ticket panel: ignored an unknown message`);
      return;
    }
    const message: WebviewToHost = raw;
    switch (message.type) {
      case 'ready':
        this.page = 'ready';
        return this.canReplay() ? this.replay() : this.load();
      case 'refresh':
        return this.load();
      case 'draftChanged':
        if (isDraft(message.draft)) await this.saveDraft(message.draft);
        return;
      case 'send':
        if (isDraft(message.draft)) await this.send(message.draft);
        return;
      case 'update':
        return this.update(message.field, message.value);
      case 'pickAttachments':
        return this.pickAttachments();
      case 'removeAttachment':
        if (typeof message.id === 'string' && this.pending.remove(message.id)) {
          this.post({ type: 'attachments', attachments: this.pending.list() });
        }
        return;
      case 'download':
        return this.download(message.messageId, message.attachmentId);
      case 'openInBrowser':
        return this.openInBrowser();
      case 'allowRemoteImages':
        if (!this.remoteImagesAllowed) {
          this.remoteImagesAllowed = true;
          this.loadedMessages = undefined;
          this.page = 'gone';
          this.host.reloadWithRemoteImages();
        }
        return;
      case 'command':
        return this.runCommand(message.command);
      case 'openLink':
        if (isSafeExternalUrl(message.href)) this.host.openExternal(message.href);
        else this.options.log.warn('ticket panel: refused to open a link that is not http(s) or mailto');
        return;
      case 'pickCannedReply':
        return this.pickCannedReply();
      case 'openLinkedCode':
        return this.openLinkedCode(message.linkId);
    }
  }

  /** The page went away (its tab was hidden; it is rebuilt and says `ready` when shown again). */
  pageHidden(): void {
    this.page = 'gone';
  }

  /**
   * Adds Markdown to the end of the draft and files to the reply, then puts the cursor in the
   * reply box. The draft store gets the text at once, so it survives a reload even if the
   * page never showed it; a page not there yet gets it with the draft when it says `ready`.
   */
  async addToDraft(addition: DraftAddition): Promise<void> {
    // A reply on its way clears the draft when it arrives: add to what comes after it.
    while (this.sendSettled) await this.sendSettled;
    if (this.disposed) return;
    const markdown = addition.markdown.replace(/^\s*\n/, '').trimEnd();
    if (markdown !== '') {
      const current = this.currentDraft() ?? EMPTY_DRAFT;
      await this.saveDraft({ ...current, markdown: appendMarkdown(current.markdown, markdown) });
      if (this.page === 'live') this.post({ type: 'appendToDraft', markdown });
      else this.pendingAppends.push(markdown);
    }
    if (addition.files.length > 0) await this.addFiles(addition.files);
    this.postToPage({ type: 'focusReply' });
  }

  dispose(): void {
    this.disposed = true;
    this.loadGeneration++;
    this.linkSubscription?.dispose();
  }

  /** Ticket, then the conversation in chunks, then the saved draft. */
  async load(): Promise<void> {
    const generation = ++this.loadGeneration;
    const isCurrent = () => generation === this.loadGeneration && !this.disposed;
    this.loadedMessages = undefined;
    this.post({ type: 'busy', busy: true, label: 'Loading…' });
    this.postLinkedCode();
    try {
      const provider = await this.session.acquire();
      // Offered only where the vendor says so, the provider has the call and the host can pick.
      this.capabilities = {
        ...provider.capabilities,
        cannedReplies: provider.capabilities.cannedReplies && typeof provider.cannedReplies === 'function' && this.host.pickCannedReply !== undefined,
      };
      const [ticket, reference] = await Promise.all([
        this.session.run((p) => p.getTicket(this.ticketId)),
        // The lists only fill the dropdowns: reading the ticket must not depend on them.
        this.session.referenceData().catch((error: unknown) => {
          this.options.log.warn(`ticket panel: reference lists unavailable: ${toHelpdeskError(error).message}`);
          return EMPTY_REFERENCE_DATA;
        }),
      ]);
      if (!isCurrent()) return;
      this.ticket = ticket;
      this.reference = reference;
      this.remoteImagesBlocked = 0;
      this.host.setTitle(`${ticket.ref} ${ticket.subject}`.trim());
      this.host.ticketShown?.(ticket);
      this.postTicket();
      await this.loadMessages(isCurrent);
      // The header's "load remote images" count is only known once every body is rendered.
      if (isCurrent() && this.remoteImagesBlocked > 0) this.postTicket();
    } catch (error) {
      if (isCurrent()) this.postError(toHelpdeskError(error), 'load');
    } finally {
      if (isCurrent()) {
        this.post({ type: 'busy', busy: false });
        this.postDraft();
      }
    }
  }

  private canReplay(): boolean {
    const now = this.options.now?.() ?? Date.now();
    return this.loadedMessages !== undefined && now - this.loadedAt <= (this.options.replayWithinMs ?? 120_000);
  }

  /** Re-posts what the last load produced: the page was rebuilt, the ticket did not change. */
  private replay(): void {
    const messages = this.loadedMessages ?? [];
    this.postLinkedCode();
    this.postTicket();
    for (let start = 0; start === 0 || start < messages.length; start += this.chunkSize) {
      const chunk = messages.slice(start, start + this.chunkSize);
      this.post({ type: 'messages', messages: chunk, reset: start === 0, done: start + this.chunkSize >= messages.length });
    }
    this.postDraft();
  }

  /** The stored draft and the pending files; from then on the page can take additions. */
  private postDraft(): void {
    // Without a page the additions wait for the next one.
    if (this.page === 'gone') return;
    const appended = this.pendingAppends;
    this.pendingAppends = [];
    let draft = this.currentDraft() ?? EMPTY_DRAFT;
    // A late save from the previous page may have stored its words over an addition.
    const lost = appended.filter((piece) => !draft.markdown.includes(piece));
    if (lost.length > 0) {
      draft = { ...draft, markdown: lost.reduce(appendMarkdown, draft.markdown) };
      void this.saveDraft(draft);
    }
    this.post({ type: 'draft', draft, attachments: this.pending.list(), ...(appended.length > 0 && { appended }) });
    this.page = 'live';
    const queued = this.queuedForPage;
    this.queuedForPage = [];
    for (const message of queued) this.post(message);
  }

  /** Posts now if the page has its draft, otherwise right after it gets it. */
  private postToPage(message: HostToWebview): void {
    if (this.page === 'live') this.post(message);
    else this.queuedForPage.push(message);
  }

  private async loadMessages(isCurrent: () => boolean): Promise<void> {
    this.attachments.clear();
    const all: MessageView[] = [];
    let cursor: string | undefined;
    let buffer: MessageView[] = [];
    let reset = true;
    const seenCursors = new Set<string>();
    for (let pageNumber = 0; pageNumber < MAX_MESSAGE_PAGES; pageNumber++) {
      const page = await this.session.run((p) => p.listMessages(this.ticketId, cursor));
      if (!isCurrent()) return;
      for (const message of page.items) {
        const rendered = messageView(message, this.options.render.renderBody, this.remoteImagesAllowed);
        this.remoteImagesBlocked += rendered.remoteImagesBlocked;
        for (const attachment of message.attachments) this.attachments.set(attachmentKey(message.id, attachment.id), attachment);
        buffer.push(rendered.view);
        all.push(rendered.view);
        if (buffer.length >= this.chunkSize) {
          this.post({ type: 'messages', messages: buffer, reset, done: false });
          buffer = [];
          reset = false;
        }
      }
      cursor = page.next;
      if (cursor === undefined || seenCursors.has(cursor)) break;
      seenCursors.add(cursor);
    }
    this.post({ type: 'messages', messages: buffer, reset, done: true });
    this.loadedMessages = all;
    this.loadedAt = this.options.now?.() ?? Date.now();
  }

  private async saveDraft(draft: Draft): Promise<void> {
    try {
      await this.options.drafts.set(this.instanceId, this.ticketId, draft);
    } catch (error) {
      this.options.log.warn(`ticket panel: could not save the draft: ${String(error)}`);
    }
  }

  private async send(draft: Draft): Promise<void> {
    if (this.sendSettled) return;
    let settle = () => {};
    this.sendSettled = new Promise((resolve) => (settle = resolve));
    try {
      await this.sendReply(draft);
    } finally {
      this.sendSettled = undefined;
      settle();
    }
  }

  private async sendReply(draft: Draft): Promise<void> {
    if (this.sending) return;
    const ticket = this.ticket;
    const capabilities = this.capabilities;
    if (!ticket || !capabilities) {
      return this.postError(new HelpdeskError('validation', 'The ticket has not loaded yet; try again in a moment.'), 'send');
    }
    // Keep what the user wrote even if sending fails or the window closes.
    await this.saveDraft(draft);
    if (draft.markdown.trim() === '' && this.pending.count === 0) {
      return this.postError(new HelpdeskError('validation', 'Write a reply or attach a file before sending.'), 'send');
    }
    const limit = this.options.maxAttachmentBytes();
    const tooBig = this.pending.oversize(limit);
    if (tooBig.length > 0) {
      const text = tooBig.map((file) => oversizeMessage(file.name, file.size, limit)).join('\n');
      return this.postError(new HelpdeskError('tooLarge', `${text}\nRemove it to send.`), 'send');
    }
    if (this.pending.count > 0 && !capabilities.attachOnReply) {
      return this.postError(new HelpdeskError('unsupported', 'This helpdesk does not accept attachments on replies.'), 'send');
    }
    if (draft.internal && !capabilities.internalNotes) {
      return this.postError(new HelpdeskError('unsupported', 'This helpdesk does not support internal notes.'), 'send');
    }

    const input: ReplyInput = {
      bodyHtml: this.options.render.markdownToHtml(draft.markdown),
      bodyMarkdown: draft.markdown,
      internal: draft.internal,
      attachments: this.pending.uploads(),
    };
    const wantsStatus = draft.newStatus !== undefined && draft.newStatus !== ticket.status.id ? draft.newStatus : undefined;
    if (wantsStatus !== undefined && capabilities.statusOnReply) input.newStatus = wantsStatus;

    this.sending = true;
    this.post({ type: 'busy', busy: true, label: draft.internal ? 'Adding note…' : 'Sending…' });
    try {
      let sent;
      try {
        sent = await this.session.run((p) => p.reply(this.ticketId, input));
      } catch (error) {
        // The draft and the picked files stay, so the user can simply send again.
        this.postError(toHelpdeskError(error), 'send');
        return;
      }
      await this.options.drafts.delete(this.instanceId, this.ticketId).catch((error: unknown) => {
        this.options.log.warn(`ticket panel: could not clear the draft: ${String(error)}`);
      });
      this.pending.clear();
      const sentView = messageView(sent, this.options.render.renderBody, this.remoteImagesAllowed).view;
      for (const attachment of sent.attachments) this.attachments.set(attachmentKey(sent.id, attachment.id), attachment);
      this.loadedMessages?.push(sentView);
      this.post({ type: 'sent', message: sentView });
      this.post({ type: 'attachments', attachments: [] });
      await this.afterReply(wantsStatus, capabilities);
      this.host.ticketChanged();
    } finally {
      this.sending = false;
      this.post({ type: 'busy', busy: false });
    }
  }

  /** Brings the header up to date after a reply; changes the status separately where the vendor needs that. */
  private async afterReply(newStatus: string | undefined, capabilities: Capabilities): Promise<void> {
    try {
      if (newStatus !== undefined && !capabilities.statusOnReply && capabilities.changeStatus) {
        this.ticket = await this.session.run((p) => p.updateTicket(this.ticketId, { status: newStatus }));
      } else {
        this.ticket = await this.session.run((p) => p.getTicket(this.ticketId));
      }
      this.postTicket();
    } catch (error) {
      const failure = toHelpdeskError(error);
      const context = newStatus !== undefined ? 'The reply was sent, but the status could not be changed' : 'The reply was sent, but the ticket could not be reloaded';
      this.postError(new HelpdeskError(failure.kind, `${context}: ${failure.describe()}`), 'update');
    }
  }

  private async update(field: unknown, value: unknown): Promise<void> {
    const capabilities = this.capabilities;
    if (typeof field !== 'string' || !UPDATE_FIELDS.has(field) || !this.ticket || !capabilities) return;
    if (!(typeof value === 'string' || (value === null && field === 'agent'))) return;
    const patch = patchFor(field as keyof TicketPatch, value);
    const allowed =
      (field === 'status' && capabilities.changeStatus) ||
      (field === 'priority' && capabilities.priority) ||
      (field === 'agent' && capabilities.assign) ||
      (field === 'department' && capabilities.departmentLabel !== undefined);
    if (!allowed) {
      this.postError(new HelpdeskError('unsupported', `This helpdesk does not let you change the ${field} here.`), 'update');
      this.postTicket();
      return;
    }
    this.post({ type: 'busy', busy: true, label: 'Saving…' });
    try {
      this.ticket = await this.session.run((p) => p.updateTicket(this.ticketId, patch));
      this.postTicket();
      this.host.ticketChanged();
    } catch (error) {
      this.postError(toHelpdeskError(error), 'update');
      // Put the dropdown back to what the helpdesk still has.
      this.postTicket();
    } finally {
      this.post({ type: 'busy', busy: false });
    }
  }

  private async pickAttachments(): Promise<void> {
    if (this.capabilities && !this.capabilities.attachOnReply) {
      return this.postError(new HelpdeskError('unsupported', 'This helpdesk does not accept attachments on replies.'), 'attach');
    }
    let picked: PickedFile[];
    try {
      picked = await this.host.pickFiles();
    } catch (error) {
      return this.postError(toHelpdeskError(error), 'attach');
    }
    await this.addFiles(picked);
  }

  /** Holds the files for the reply, refusing (with a reason) any over the size limit. */
  private async addFiles(picked: PickedFile[]): Promise<void> {
    const limit = this.options.maxAttachmentBytes();
    const refused: string[] = [];
    for (const file of picked) {
      // Refuse by the size the file system reports, before reading a byte of it.
      if (file.size > limit) {
        refused.push(oversizeMessage(file.name, file.size, limit));
        continue;
      }
      try {
        const data = await file.read();
        if (data.byteLength > limit) refused.push(oversizeMessage(file.name, data.byteLength, limit));
        else this.pending.add(file.name, data);
      } catch (error) {
        refused.push(`"${file.name}" could not be read: ${toHelpdeskError(error).message}`);
      }
    }
    this.post({ type: 'attachments', attachments: this.pending.list() });
    if (refused.length > 0) {
      this.postToPage({ type: 'error', error: this.errorView(new HelpdeskError('tooLarge', refused.join('\n')), 'attach'), context: 'attach' });
    }
  }

  private async pickCannedReply(): Promise<void> {
    const picker = this.host.pickCannedReply?.bind(this.host);
    if (!this.capabilities?.cannedReplies || !picker) {
      return this.postError(new HelpdeskError('unsupported', 'This helpdesk offers no canned replies.'), 'cannedReply');
    }
    // A second click while the picker is up would stack another one on it.
    if (this.pickingCannedReply) return;
    this.pickingCannedReply = true;
    try {
      const replies = this.loadCannedReplies();
      const chosenId = await picker(replies.then((list) => list.map(({ id, name, preview }) => ({ id, name, preview }))));
      const list = await replies;
      if (list.length === 0) {
        this.post({ type: 'notice', text: `${this.session.label} has no canned replies yet.` });
        return;
      }
      const chosen = list.find((reply) => reply.id === chosenId);
      if (chosen) this.post({ type: 'insertText', text: chosen.markdown });
    } catch (error) {
      const failure = toHelpdeskError(error);
      this.postError(new HelpdeskError(failure.kind, `Could not load the canned replies: ${failure.describe()}`), 'cannedReply');
    } finally {
      this.pickingCannedReply = false;
    }
  }

  private loadCannedReplies(): Promise<LoadedCannedReply[]> {
    if (this.cannedReplies) return this.cannedReplies;
    const loading = this.session
      .run((provider) => {
        if (!provider.cannedReplies) throw new HelpdeskError('unsupported', 'This helpdesk offers no canned replies.');
        return provider.cannedReplies();
      })
      .then((replies) => replies.map((reply) => this.loadedCannedReply(reply)));
    this.cannedReplies = loading;
    loading.catch(() => {
      if (this.cannedReplies === loading) this.cannedReplies = undefined;
    });
    return loading;
  }

  private loadedCannedReply(reply: CannedReply): LoadedCannedReply {
    let markdown: string;
    try {
      markdown = cannedReplyMarkdown(reply);
    } catch (error) {
      // A template the converter chokes on is still worth having as it was written.
      this.options.log.warn(`ticket panel: canned reply "${reply.name}" could not be converted: ${String(error)}`);
      markdown = reply.body.trim();
    }
    return { id: reply.id, name: reply.name, markdown, preview: cannedReplyPreview(markdown) };
  }

  private postLinkedCode(): void {
    const source = this.options.linkedCode;
    if (!source || this.disposed) return;
    let links: ReturnType<LinkedCodeSource['linksForTicket']>;
    try {
      links = source.linksForTicket(this.instanceId, this.ticketId);
    } catch (error) {
      this.options.log.warn(`ticket panel: linked code unavailable: ${String(error)}`);
      links = [];
    }
    this.linkIds = new Set(links.map((link) => link.id));
    this.post({ type: 'linkedCode', links: links.map(linkedCodeItem) });
  }

  private async openLinkedCode(linkId: unknown): Promise<void> {
    if (typeof linkId !== 'string' || !this.linkIds.has(linkId)) {
      this.options.log.debug('ticket panel: ignored a request to open code that is not linked to this ticket');
      return;
    }
    try {
      if (!this.host.openLinkedCode) throw new HelpdeskError('unsupported', 'Linked code cannot be opened here.');
      await this.host.openLinkedCode(linkId);
    } catch (error) {
      this.postError(toHelpdeskError(error), 'linkedCode');
    }
  }

  private async download(messageId: unknown, attachmentId: unknown): Promise<void> {
    if (typeof messageId !== 'string' || typeof attachmentId !== 'string') return;
    const attachment = this.attachments.get(attachmentKey(messageId, attachmentId));
    if (!attachment) return;
    let target: string | undefined;
    try {
      target = await this.host.pickSaveTarget(attachment.name);
      if (target === undefined) return;
      this.post({ type: 'busy', busy: true, label: `Downloading ${attachment.name}…` });
      const file: Download = await this.session.run((p) => p.download(attachment));
      await this.host.writeFile(target, file.data);
      this.host.downloaded(target);
    } catch (error) {
      this.postError(toHelpdeskError(error), 'download');
    } finally {
      if (target !== undefined) this.post({ type: 'busy', busy: false });
    }
  }

  private openInBrowser(): void {
    const url = this.ticket?.webUrl;
    if (isSafeExternalUrl(url)) this.host.openExternal(url);
    else this.post({ type: 'notice', text: 'This helpdesk gives no web address for this ticket.' });
  }

  private async runCommand(command: unknown): Promise<void> {
    if (command === 'setCredentials') this.host.setCredentials();
    else if (command === 'retry') await this.load();
    else if (command === 'openInBrowser') this.openInBrowser();
  }

  private postTicket(): void {
    const ticket = this.ticket;
    const capabilities = this.capabilities;
    if (!ticket || !capabilities) return;
    this.post({
      type: 'ticket',
      // The webview saves instanceId with its state so the serializer can restore the panel.
      ticket: ticketView(ticket, this.instanceId, this.session.label),
      capabilities: panelCapabilities(capabilities),
      ...referenceOptions(this.reference),
      remoteImagesAllowed: this.remoteImagesAllowed,
      remoteImagesBlocked: this.remoteImagesBlocked,
      maxAttachmentBytes: this.options.maxAttachmentBytes(),
    });
  }

  private postError(error: HelpdeskError, context: ErrorContext): void {
    this.post({ type: 'error', error: this.errorView(error, context), context });
  }

  private errorView(error: HelpdeskError, context: string): ErrorView {
    let message = error.describe();
    if (error.kind === 'notFound' && context === 'load') {
      message = `Ticket ${this.ticketId} was not found on ${this.session.label}.`;
    }
    const view: ErrorView = { kind: error.kind, message };
    if (error.kind === 'auth') {
      view.action = { label: 'Set Credentials…', command: 'setCredentials' };
    } else if (error.kind === 'unsupported' && isSafeExternalUrl(this.ticket?.webUrl)) {
      view.action = { label: 'Open in Browser', command: 'openInBrowser' };
    } else if (context === 'load' && isTransient(error)) {
      view.action = { label: 'Retry', command: 'retry' };
    }
    return view;
  }

  private post(message: HostToWebview): void {
    if (!this.disposed) this.host.post(message);
  }
}

function patchFor(field: keyof TicketPatch, value: string | null): TicketPatch {
  switch (field) {
    case 'agent':
      return { agent: value };
    case 'status':
      return { status: value ?? undefined };
    case 'priority':
      return { priority: value ?? undefined };
    case 'department':
      return { department: value ?? undefined };
  }
}

function isTransient(error: HelpdeskError): boolean {
  return ['network', 'timeout', 'server', 'rateLimited', 'maintenance', 'protocol'].includes(error.kind);
}

function attachmentKey(messageId: string, attachmentId: string): string {
  return `${messageId}\u0000${attachmentId}`;
}
