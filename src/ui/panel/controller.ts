// The host side of one ticket panel: answers the webview's messages, each parsed whole at
// the edge, and composes the panel's parts (conversation, drafts, attachments, replies,
// canned replies). No vscode here — the manager wires it to a real WebviewPanel, tests
// drive it with fakes.
import * as l10n from '@vscode/l10n';
import { HelpdeskError, toHelpdeskError } from '../../helpdesk/errors';
import type { Logger } from '../../helpdesk/log';
import type { Message, Ticket, TicketPatch } from '../../helpdesk/model';
import type { Capabilities, ReferenceData } from '../../helpdesk/provider';
import type { RenderBody } from '../../helpdesk/render/types';
import { assertNever } from '../../shared/protocol/check';
import {
  type CopyWhat,
  type Draft,
  type ErrorContext,
  type ErrorView,
  type HostCommand,
  type HostToWebview,
  parseWebviewToHost,
  type UpdateField,
} from '../../shared/protocol/panel';
import type { LinkedCodeSource } from '../codeLinks/contracts';
import type { PickedFile } from '../filePicker';
import { isOfflineFailure, isUnreachableFailure, offlinePanelBanner } from '../offline/cacheMarks';
import { PreviewResponder } from '../markdownPreview';
import { isSafeExternalUrl } from '../safeUrl';
import { PanelAttachments, type PanelFileHost } from './attachments';
import { CannedReplies, type CannedReplyPicker } from './cannedReplies';
import { ConflictGuard, readCurrentTicket, ticketChanges } from './conflict';
import { Conversation } from './conversation';
import type { DraftStore } from './draftStore';
import { DraftSync } from './draftSync';
import type { PanelContext, PanelSession } from './parts';
import { type PanelOutbox, ReplySender } from './replySender';
import { RequesterCard } from './requester';
import { EMPTY_REFERENCE_DATA, linkedCodeItem, panelCapabilities, referenceOptions, ticketView } from './views';

export type { CannedReplyChoice } from './cannedReplies';
export type { PanelSession } from './parts';

/** What the controller needs from the editor: the page, files, and a few ways out. */
export interface PanelHost extends PanelFileHost {
  post(message: HostToWebview): void;
  setTitle(title: string): void;
  /** The ticket is loaded and shown (for "recent tickets"). */
  ticketShown?(ticket: Ticket): void;
  /** Re-creates the page with a policy that lets https: images load; it says `ready` again. */
  reloadWithRemoteImages(): void;
  openExternal(url: string): void;
  setCredentials(): void;
  /** The ticket changed on the helpdesk: lists showing it should refresh. */
  ticketChanged(): void;
  /** Hosts without a picker leave it out. */
  pickCannedReply?: CannedReplyPicker;
  /** Opens a linked code location in an editor; hosts without editors leave it out. */
  openLinkedCode?(linkId: string): Promise<void>;
  /** Opens another ticket of the same helpdesk in its panel (the requester's other tickets). */
  openTicket?(ticketId: string): void;
  /** Copy Ticket Link / Copy Ticket Reference for the ticket shown. */
  copyTicket?(what: CopyWhat, ticket: Ticket): Promise<void>;
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

/** The part of the offline cache (offline/cache.ts) a panel uses: its ticket, kept and read back. */
export interface PanelOfflineCache {
  ticket(instanceId: string, ticketId: string): Promise<{ data: { ticket: Ticket; messages: Message[] }; savedAt: number } | undefined>;
  saveTicket(instanceId: string, ticket: Ticket, messages: readonly Message[]): void;
  /** The capabilities saved at the last connection, should the provider not be at hand. */
  capabilities(instanceId: string): Capabilities | undefined;
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
  /** Where an opened ticket is kept, and shown from when the helpdesk is unreachable. */
  offline?: PanelOfflineCache;
  /** Where replies and status changes go while the helpdesk is unreachable (offline/outbox.ts). */
  outbox?: PanelOutbox;
}

export class TicketPanelController {
  readonly instanceId: string;
  readonly ticketId: string;
  private readonly session: PanelSession;
  private readonly host: PanelHost;
  private readonly context: PanelContext;
  private readonly conversation: Conversation;
  private readonly drafts: DraftSync;
  private readonly files: PanelAttachments;
  private readonly replies: ReplySender;
  private readonly cannedReplies: CannedReplies;
  private readonly requester: RequesterCard;
  private readonly conflicts = new ConflictGuard();
  /** The reply box's preview, rendered here by the injected renderer (ui/markdownPreview.ts). */
  private readonly previews: PreviewResponder;
  private ticket: Ticket | undefined;
  private capabilities: Capabilities | undefined;
  private reference: ReferenceData = EMPTY_REFERENCE_DATA;
  private remoteImagesAllowed: boolean;
  /** The ticket shown is the cached copy saved then (epoch ms). */
  private offlineAsOf: number | undefined;
  private readonly now: () => number;
  /** Bumped per load so a slow earlier load cannot post over a newer one. */
  private loadGeneration = 0;
  private disposed = false;
  /** The links the page was shown: the only ones it may ask to open. */
  private linkIds = new Set<string>();
  private readonly linkSubscription: { dispose(): void } | undefined;

  constructor(private readonly options: PanelControllerOptions) {
    this.instanceId = options.instanceId;
    this.ticketId = options.ticketId;
    this.session = options.session;
    this.host = options.host;
    this.remoteImagesAllowed = options.allowRemoteImages === true;
    this.context = {
      instanceId: this.instanceId,
      ticketId: this.ticketId,
      session: this.session,
      log: options.log,
      post: (message) => this.post(message),
      postError: (error, context) => this.postError(error, context),
    };
    const now = options.now ?? Date.now;
    this.now = now;
    this.conversation = new Conversation(this.context, {
      renderBody: options.render.renderBody,
      chunkSize: Math.max(1, options.chunkSize ?? 50),
      replayWithinMs: options.replayWithinMs ?? 120_000,
      now: () => now(),
      remoteImagesAllowed: () => this.remoteImagesAllowed,
    });
    this.drafts = new DraftSync(this.context, options.drafts, () => this.files.list());
    this.files = new PanelAttachments(this.context, {
      host: this.host,
      maxAttachmentBytes: options.maxAttachmentBytes,
      attachOnReply: () => this.capabilities?.attachOnReply,
      postToPage: (message) => this.drafts.postToPage(message),
    });
    this.replies = new ReplySender(this.context, {
      drafts: this.drafts,
      files: this.files,
      conversation: this.conversation,
      markdownToHtml: options.render.markdownToHtml,
      loaded: () => (this.ticket && this.capabilities ? { ticket: this.ticket, capabilities: this.capabilities } : undefined),
      ticketUpdated: (ticket) => {
        this.ticket = ticket;
        this.conflicts.showedTicket(ticket);
        this.postTicket();
      },
      ticketChanged: () => this.host.ticketChanged(),
      checkConflict: (acknowledged) => this.checkConflict(acknowledged),
      sent: (message) => {
        this.conflicts.ownMessage(message.id);
        this.conflicts.writing(false);
      },
      ...(options.outbox && { outbox: options.outbox }),
      baseline: () => this.outboxBaseline(),
      statusName: (id) => this.statusName(id),
      queued: () => this.conflicts.writing(false),
    });
    this.requester = new RequesterCard(this.context, now);
    this.cannedReplies = new CannedReplies(this.context, this.host.pickCannedReply?.bind(this.host));
    this.linkSubscription = options.linkedCode?.onDidChange(() => this.postLinkedCode());
    this.previews = new PreviewResponder((...args) => options.render.renderBody(...args), (answer) => this.post(answer), options.log);
  }

  get allowsRemoteImages(): boolean {
    return this.remoteImagesAllowed;
  }

  /** The draft for the panel's saved state (serializer). */
  currentDraft(): Draft | undefined {
    return this.drafts.current();
  }

  /** Set while a load started with the panel posts before its page is ready (see preload). */
  private queuedForPage: HostToWebview[] | undefined;

  /** When the page last said its conversation was painted (epoch ms, the page's own marks). */
  lastPaint: { firstScreen: number; allPainted: number; messages: number } | undefined;

  /** Entry point for everything the webview posts; anything malformed is logged and ignored. */
  async handle(raw: unknown): Promise<void> {
    if (this.disposed) return;
    const message = parseWebviewToHost(raw);
    if (!message) {
      this.options.log.warn(`ticket panel: ignored a malformed message (${describeRaw(raw)})`);
      return;
    }
    // Whatever the page posts, it is listening: what a load started with the panel held goes now.
    const queued = this.queuedForPage;
    if (queued) {
      this.queuedForPage = undefined;
      for (const held of queued) this.host.post(held);
    }
    switch (message.type) {
      case 'ready': {
        this.drafts.pageReady();
        // A load started with the panel: the rest of it is posted as it comes.
        if (queued) return;
        return this.conversation.canReplay() ? this.replay() : this.load();
      }
      case 'refresh':
        // The user asked for the newest copy: a reply from now on is begun on it.
        this.conflicts.refreshed();
        return this.load();
      case 'draftChanged':
        this.conflicts.writing(message.draft.markdown.trim() !== '');
        return this.drafts.save(message.draft);
      case 'send':
        this.conflicts.writing(true);
        return this.replies.send(message.draft, message.acknowledged);
      case 'update':
        return this.update(message.field, message.value);
      case 'pickAttachments':
        return this.files.pick();
      case 'removeAttachment':
        return this.files.remove(message.id);
      case 'download': {
        const attachment = this.conversation.attachment(message.messageId, message.attachmentId);
        return attachment ? this.files.download(attachment) : undefined;
      }
      case 'openInBrowser':
        return this.openInBrowser();
      case 'allowRemoteImages':
        return this.allowRemoteImages();
      case 'command':
        return this.runCommand(message.command);
      case 'openLink':
        if (isSafeExternalUrl(message.href)) this.host.openExternal(message.href);
        else this.options.log.warn('ticket panel: refused to open a link that is not http(s) or mailto');
        return;
      case 'pickCannedReply':
        return this.cannedReplies.pick(this.capabilities?.cannedReplies === true);
      case 'openLinkedCode':
        return this.openLinkedCode(message.linkId);
      case 'openTicket':
        if (this.requester.canOpen(message.ticketId)) this.host.openTicket?.(message.ticketId);
        else this.options.log.debug('ticket panel: ignored a request to open a ticket the panel did not list');
        return;
      case 'copy':
        return this.copy(message.what);
      case 'renderPreview':
        return this.previews.answer(message.seq, message.markdown);
      case 'painted':
        this.lastPaint = { firstScreen: message.firstScreen, allPainted: message.allPainted, messages: message.messages };
        this.options.log.debug(`ticket panel: ${message.messages} messages painted in ${Math.round(message.allPainted - message.firstScreen)} ms after the first screen`);
        return;
      default:
        return assertNever(message);
    }
  }

  /** The page went away (its tab was hidden; it is rebuilt and says `ready` when shown again). */
  pageHidden(): void {
    this.drafts.pageGone();
  }

  /**
   * Adds Markdown to the end of the draft and files to the reply, then puts the cursor in the
   * reply box. The draft store gets the text at once, so it survives a reload even if the
   * page never showed it; a page not there yet gets it with the draft when it says `ready`.
   */
  async addToDraft(addition: DraftAddition): Promise<void> {
    // A reply on its way clears the draft when it arrives: add to what comes after it.
    while (this.replies.settled) await this.replies.settled;
    if (this.disposed) return;
    const markdown = addition.markdown.replace(/^\s*\n/, '').trimEnd();
    if (markdown !== '') {
      await this.drafts.append(markdown);
      this.conflicts.writing(true);
    }
    if (addition.files.length > 0) await this.files.add(addition.files);
    this.drafts.postToPage({ type: 'focusReply' });
  }

  dispose(): void {
    this.disposed = true;
    this.loadGeneration++;
    this.linkSubscription?.dispose();
  }

  /** Ticket, then the conversation in chunks, then the saved draft. */
  async load(): Promise<void> {
    let requester: Promise<void> | undefined;
    const generation = ++this.loadGeneration;
    const isCurrent = () => generation === this.loadGeneration && !this.disposed;
    this.conversation.forget();
    this.post({ type: 'busy', busy: true, label: l10n.t('Loading…') });
    this.postLinkedCode();
    try {
      const provider = await this.session.acquire();
      // Offered only where the vendor says so, the provider has the call and the host can pick.
      this.capabilities = {
        ...provider.capabilities,
        cannedReplies: provider.capabilities.cannedReplies && typeof provider.cannedReplies === 'function' && this.cannedReplies.canPick,
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
      this.offlineAsOf = undefined;
      this.reference = reference;
      this.host.setTitle(`${ticket.ref} ${ticket.subject}`.trim());
      this.host.ticketShown?.(ticket);
      this.postTicket();
      const capabilities = this.capabilities;
      requester = this.requester.load(ticket, capabilities, isCurrent);
      await this.conversation.load(isCurrent);
      // The header's "load remote images" count is only known once every body is rendered.
      if (isCurrent() && this.conversation.remoteImagesBlocked > 0) this.postTicket();
      if (isCurrent()) {
        this.conflicts.showed(ticket, this.conversation.messageIds());
        // A draft kept from before (a reload, Refresh first) is from now on compared with this.
        this.conflicts.writing((this.drafts.current()?.markdown.trim() ?? '') !== '');
        this.options.offline?.saveTicket(this.instanceId, ticket, this.conversation.messages());
      }
    } catch (error) {
      const failure = toHelpdeskError(error);
      if (isCurrent() && !(await this.showCached(failure, isCurrent))) this.postError(failure, 'load');
    } finally {
      if (isCurrent()) {
        this.post({ type: 'busy', busy: false });
        this.drafts.postDraft();
      }
    }
    // The card's list may take longer than the conversation; it never holds the busy bar.
    await requester;
  }

  /**
   * The helpdesk is unreachable: the ticket and its conversation as last opened, under a
   * banner saying so. False when there is no cached copy (or the failure is not one of being offline).
   */
  private async showCached(failure: HelpdeskError, isCurrent: () => boolean): Promise<boolean> {
    const cache = this.options.offline;
    if (!cache || !isOfflineFailure(failure)) return false;
    let cached;
    try {
      cached = await cache.ticket(this.instanceId, this.ticketId);
    } catch (error) {
      this.options.log.warn(`ticket panel: the offline copy could not be read: ${String(error)}`);
    }
    this.capabilities ??= cache.capabilities(this.instanceId);
    if (!cached || !this.capabilities || !isCurrent()) return false;
    const { ticket, messages } = cached.data;
    this.ticket = ticket;
    this.offlineAsOf = cached.savedAt;
    if (this.reference === EMPTY_REFERENCE_DATA) this.reference = await this.session.referenceData().catch(() => EMPTY_REFERENCE_DATA);
    if (!isCurrent()) return true;
    this.host.setTitle(`${ticket.ref} ${ticket.subject}`.trim());
    this.postTicket();
    await this.conversation.load(isCurrent, messages);
    if (isCurrent()) {
      // A reply written now is compared, once it can be sent, with what this copy showed.
      this.conflicts.showed(ticket, this.conversation.messageIds());
      this.conflicts.writing((this.drafts.current()?.markdown.trim() ?? '') !== '');
    }
    return true;
  }

  /** Re-posts what the last load produced: the page was rebuilt, the ticket did not change. */
  private replay(): void {
    this.postLinkedCode();
    this.postTicket();
    this.requester.replay();
    this.conversation.replay();
    this.drafts.postDraft();
  }

  private allowRemoteImages(): void {
    if (this.remoteImagesAllowed) return;
    this.remoteImagesAllowed = true;
    this.conversation.forget();
    this.drafts.pageGone();
    this.host.reloadWithRemoteImages();
  }

  private async update(field: UpdateField, value: string | null): Promise<void> {
    const capabilities = this.capabilities;
    if (!this.ticket || !capabilities) return;
    // Only an agent can be taken away; every other field always has a value.
    if (value === null && field !== 'agent') return;
    const allowed =
      (field === 'status' && capabilities.changeStatus) ||
      (field === 'priority' && capabilities.priority) ||
      (field === 'agent' && capabilities.assign) ||
      (field === 'department' && capabilities.departmentLabel !== undefined && capabilities.changeDepartment !== false);
    if (!allowed) {
      this.postError(new HelpdeskError('unsupported', l10n.t('This helpdesk does not let you change the {0} here.', field)), 'update');
      this.postTicket();
      return;
    }
    const patch = patchFor(field, value);
    const outbox = this.options.outbox;
    if (field === 'status' && value !== null && outbox && (outbox.offline() || (await outbox.waitingFor(this.ticketId)))) {
      return this.queueStatus(outbox, value);
    }
    this.post({ type: 'busy', busy: true, label: l10n.t('Saving…') });
    try {
      this.ticket = await this.session.run((p) => p.updateTicket(this.ticketId, patch));
      this.conflicts.ownUpdate(patch, this.ticket);
      this.postTicket();
      this.host.ticketChanged();
    } catch (error) {
      const failure = toHelpdeskError(error);
      // A status change is idempotent: queued when the helpdesk is away, sent once it is back.
      if (field === 'status' && value !== null && outbox && isUnreachableFailure(failure)) {
        this.post({ type: 'busy', busy: false });
        return this.queueStatus(outbox, value);
      }
      this.postError(failure, 'update');
      // Put the dropdown back to what the helpdesk still has.
      this.postTicket();
    } finally {
      this.post({ type: 'busy', busy: false });
    }
  }

  /** A status change into the outbox; the dropdown shows the helpdesk's status until it is sent. */
  private async queueStatus(outbox: PanelOutbox, status: string): Promise<void> {
    const ticket = this.ticket;
    if (!ticket) return;
    const baseline = this.outboxBaseline();
    try {
      await outbox.addStatusChange({ ticketId: this.ticketId, ticketRef: ticket.ref, status, statusName: this.statusName(status), ...(baseline && { baseline }) });
      this.post({ type: 'notice', text: l10n.t('Queued in the outbox: it will be sent when {0} is reachable.', this.session.label) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.postError(new HelpdeskError('network', l10n.t('{0} cannot be reached, and the status change could not be saved to the outbox: {1}', this.session.label, reason)), 'update');
    }
    this.postTicket();
  }

  /** What the outbox compares the ticket with before it sends an item written now. */
  private outboxBaseline(): { ticket: Ticket; messageIds: string[] } | undefined {
    const shown = this.conflicts.comparedWith();
    return shown ? { ticket: shown.ticket, messageIds: [...shown.messageIds] } : undefined;
  }

  private statusName(id: string): string {
    const choices = [...(this.ticket?.statusChoices ?? []), ...this.reference.statuses];
    return choices.find((status) => status.id === id)?.name ?? id;
  }

  /**
   * Before a send: what changed on the helpdesk since the reply was begun, as a warning to
   * show instead of sending; undefined to send. A check that cannot be made does not stop
   * the reply (the send reports its own failure).
   */
  private async checkConflict(acknowledged: number | undefined): Promise<Extract<HostToWebview, { type: 'conflict' }>['conflict'] | undefined> {
    if (this.conflicts.acknowledges(acknowledged)) return undefined;
    const shown = this.conflicts.comparedWith();
    if (!shown) return undefined;
    let current;
    try {
      current = await readCurrentTicket(this.session, this.ticketId);
    } catch (error) {
      this.options.log.warn(`ticket panel: could not check the ticket for changes before sending: ${toHelpdeskError(error).message}`);
      return undefined;
    }
    const changes = ticketChanges(shown, current, this.capabilities?.departmentLabel);
    return changes ? this.conflicts.warn(changes, current) : undefined;
  }

  private async copy(what: CopyWhat): Promise<void> {
    const ticket = this.ticket;
    if (!ticket || !this.host.copyTicket) return;
    try {
      await this.host.copyTicket(what, ticket);
    } catch (error) {
      this.postError(toHelpdeskError(error), 'update');
    }
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

  private async openLinkedCode(linkId: string): Promise<void> {
    if (!this.linkIds.has(linkId)) {
      this.options.log.debug('ticket panel: ignored a request to open code that is not linked to this ticket');
      return;
    }
    try {
      if (!this.host.openLinkedCode) throw new HelpdeskError('unsupported', l10n.t('Linked code cannot be opened here.'));
      await this.host.openLinkedCode(linkId);
    } catch (error) {
      this.postError(toHelpdeskError(error), 'linkedCode');
    }
  }

  private openInBrowser(): void {
    const url = this.ticket?.webUrl;
    if (isSafeExternalUrl(url)) this.host.openExternal(url);
    else this.post({ type: 'notice', text: l10n.t('This helpdesk gives no web address for this ticket.') });
  }

  private async runCommand(command: HostCommand): Promise<void> {
    switch (command) {
      case 'setCredentials':
        return this.host.setCredentials();
      case 'retry':
        return this.load();
      case 'openInBrowser':
        return this.openInBrowser();
      default:
        return assertNever(command);
    }
  }

  private postTicket(): void {
    const ticket = this.ticket;
    const capabilities = this.capabilities;
    if (!ticket || !capabilities) return;
    this.post({
      type: 'ticket',
      // The webview saves instanceId with its state so the serializer can restore the panel.
      ticket: ticketView(ticket, this.instanceId, this.session.label),
      // A cached copy keeps no download addresses (they may carry tokens): attachments by name only.
      capabilities: this.offlineAsOf === undefined ? panelCapabilities(capabilities) : { ...panelCapabilities(capabilities), downloadAttachments: false },
      ...referenceOptions(this.reference, ticket),
      remoteImagesAllowed: this.remoteImagesAllowed,
      remoteImagesBlocked: this.conversation.remoteImagesBlocked,
      maxAttachmentBytes: this.options.maxAttachmentBytes(),
      ...(this.offlineAsOf !== undefined && { offline: offlinePanelBanner(this.offlineAsOf, this.now()) }),
    });
  }

  private postError(error: HelpdeskError, context: ErrorContext): void {
    this.post({ type: 'error', error: this.errorView(error, context), context });
  }

  private errorView(error: HelpdeskError, context: ErrorContext): ErrorView {
    let message = error.describe();
    if (error.kind === 'notFound' && context === 'load') {
      message = l10n.t('Ticket {0} was not found on {1}.', this.ticketId, this.session.label);
    }
    const view: ErrorView = { kind: error.kind, message };
    if (error.kind === 'auth') {
      view.action = { label: l10n.t('Set Credentials…'), command: 'setCredentials' };
    } else if (error.kind === 'unsupported' && isSafeExternalUrl(this.ticket?.webUrl)) {
      view.action = { label: l10n.t('Open in Browser'), command: 'openInBrowser' };
    } else if (context === 'load' && isTransient(error)) {
      view.action = { label: l10n.t('Retry'), command: 'retry' };
    }
    return view;
  }

  private post(message: HostToWebview): void {
    if (this.disposed) return;
    if (this.queuedForPage) this.queuedForPage.push(message);
    else this.host.post(message);
  }

  /**
   * Starts loading as the panel is created instead of when its page says `ready`: the page
   * takes a while to start in a new webview, and the helpdesk's answers need not wait for it.
   * What the load posts meanwhile is held and sent, in order, once the page is ready.
   */
  preload(): void {
    if (this.queuedForPage || this.disposed) return;
    this.queuedForPage = [];
    void this.load();
  }
}

function patchFor(field: UpdateField, value: string | null): TicketPatch {
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

/** What a refused message was, for the log: its type when it has one, never its content. */
function describeRaw(raw: unknown): string {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? `type "${type.slice(0, 40)}"` : typeof raw;
}
