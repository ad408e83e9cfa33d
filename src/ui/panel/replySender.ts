// Sends the panel's reply or internal note: checks it against what the helpdesk allows,
// keeps the draft and files until the helpdesk has it (a failed send loses nothing), then
// brings the header up to date (changing the status separately where the vendor needs that).
// While the helpdesk is away (or the send failed on the way) the reply goes to the outbox
// instead, and the draft is cleared only once the outbox has it on disk.
import * as l10n from '@vscode/l10n';
import { findDelivery, outcomeUnknown, type Delivery } from '../../helpdesk/delivery';
import { HelpdeskError, toHelpdeskError } from '../../helpdesk/errors';
import type { Message, ReplyInput, Ticket } from '../../helpdesk/model';
import type { Capabilities } from '../../helpdesk/provider';
import type { ConflictView, Draft } from '../../shared/protocol/panel';
import { isUnreachableFailure } from '../offline/cacheMarks';
import type { NewReply, NewStatusChange } from '../offline/outbox';
import type { OutboxBaseline } from '../offline/outboxItem';
import type { PanelAttachments } from './attachments';
import type { Conversation } from './conversation';
import type { DraftSync } from './draftSync';
import type { PanelContext } from './parts';

/** The outbox (offline/outbox.ts) as one panel's instance sees it. */
export interface PanelOutbox {
  /** The helpdesk is known to be away now (its health is unreachable or maintenance). */
  offline(): boolean;
  /** Items of this ticket wait in the outbox: a new reply queues behind them, never overtakes them. */
  waitingFor(ticketId: string): Promise<boolean>;
  addReply(input: Omit<NewReply, 'instanceId'>): Promise<unknown>;
  addStatusChange(input: Omit<NewStatusChange, 'instanceId'>): Promise<unknown>;
}

export interface ReplySenderOptions {
  drafts: DraftSync;
  files: PanelAttachments;
  conversation: Conversation;
  markdownToHtml(markdown: string): string;
  /** The loaded ticket and what its helpdesk can do; undefined until the panel has loaded. */
  loaded(): { ticket: Ticket; capabilities: Capabilities } | undefined;
  /** The helpdesk's newer copy of the ticket, for the header. */
  ticketUpdated(ticket: Ticket): void;
  /** The ticket changed on the helpdesk: lists showing it should refresh. */
  ticketChanged(): void;
  /**
   * Just before sending: what changed on the helpdesk since the reply was begun (then the
   * reply waits and the page shows it), or undefined to send. `acknowledged`: the warning
   * the user chose to send anyway.
   */
  checkConflict?(acknowledged: number | undefined): Promise<ConflictView | undefined>;
  /** The helpdesk has the reply. */
  sent?(message: Message): void;
  /** Where a reply goes while the helpdesk is away; without it the failure is shown. */
  outbox?: PanelOutbox;
  /** What the panel showed when the reply was begun: the outbox checks the ticket against it before sending. */
  baseline?(): OutboxBaseline | undefined;
  /** A status's name, for the outbox's row. */
  statusName?(statusId: string): string;
  /** The reply went to the outbox. */
  queued?(): void;
}

export class ReplySender {
  /** Settles when the reply on its way has been answered (sent or failed). */
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly context: PanelContext,
    private readonly options: ReplySenderOptions,
  ) {}

  /** Undefined when nothing is on its way. */
  get settled(): Promise<void> | undefined {
    return this.inFlight;
  }

  async send(draft: Draft, acknowledged?: number): Promise<void> {
    // One reply at a time: a second click while one is on its way does nothing.
    if (this.inFlight) return;
    let settle = () => {};
    this.inFlight = new Promise((resolve) => (settle = resolve));
    try {
      await this.sendReply(draft, acknowledged);
    } finally {
      this.inFlight = undefined;
      settle();
    }
  }

  private async sendReply(draft: Draft, acknowledged: number | undefined): Promise<void> {
    const { context, options } = this;
    const loaded = options.loaded();
    if (!loaded) {
      return context.postError(new HelpdeskError('validation', l10n.t('The ticket has not loaded yet; try again in a moment.')), 'send');
    }
    const { ticket, capabilities } = loaded;
    // Keep what the user wrote even if sending fails or the window closes.
    await options.drafts.save(draft);
    const refusal = this.refusal(draft, capabilities);
    if (refusal) return context.postError(refusal, 'send');

    const input: ReplyInput = {
      bodyHtml: options.markdownToHtml(draft.markdown),
      bodyMarkdown: draft.markdown,
      internal: draft.internal,
      attachments: options.files.uploads(),
    };
    const wantsStatus = draft.newStatus !== undefined && draft.newStatus !== ticket.status.id ? draft.newStatus : undefined;
    if (wantsStatus !== undefined && capabilities.statusOnReply) input.newStatus = wantsStatus;

    // Away, or earlier items of this ticket wait: into the outbox, checked there before it is sent.
    const outbox = options.outbox;
    if (outbox && (outbox.offline() || (await outbox.waitingFor(context.ticketId)))) {
      await this.queue(input, ticket, wantsStatus, capabilities);
      return;
    }

    if (options.checkConflict) {
      context.post({ type: 'busy', busy: true, label: l10n.t('Checking for changes…') });
      let conflict: ConflictView | undefined;
      try {
        conflict = await options.checkConflict(acknowledged);
      } finally {
        if (conflict) context.post({ type: 'busy', busy: false });
      }
      // Nothing is sent: the page shows what changed, the draft and files stay.
      if (conflict) return context.post({ type: 'conflict', conflict });
    }

    context.post({ type: 'busy', busy: true, label: draft.internal ? l10n.t('Adding note…') : l10n.t('Sending…') });
    try {
      let sent: Message;
      const startedAt = Date.now();
      try {
        sent = await context.session.run((p) => p.reply(context.ticketId, input));
      } catch (error) {
        const failure = toHelpdeskError(error);
        // Sending again could post it twice: first find out whether it arrived.
        const delivery = outcomeUnknown(failure) ? await this.lookForReply(input, startedAt) : undefined;
        if (delivery?.arrived === true) {
          context.post({ type: 'notice', text: l10n.t('The reply reached the helpdesk although the answer was lost.') });
          sent = delivery.message;
        } else if (options.outbox && isUnreachableFailure(failure) && delivery?.arrived !== 'partly') {
          // It did not arrive (or nobody can tell yet): the outbox sends it once the helpdesk is back.
          await this.queue(input, ticket, wantsStatus, capabilities, delivery?.arrived === 'unknown' ? startedAt : undefined, failure);
          return;
        } else {
          if (delivery?.arrived === 'partly') await this.keepOnlyFiles(delivery.message);
          // The draft and the picked files stay, so the user can simply send again.
          const shown = delivery ? new HelpdeskError(failure.kind, `${failure.describe()}\n${deliveryNote(delivery)}`, errorDetails(failure)) : failure;
          context.postError(shown, 'send');
          return;
        }
      }
      options.sent?.(sent);
      await options.drafts.clear();
      options.files.clear();
      context.post({ type: 'sent', message: options.conversation.added(sent) });
      context.post({ type: 'attachments', attachments: [] });
      await this.afterReply(wantsStatus, capabilities);
      options.ticketChanged();
    } finally {
      context.post({ type: 'busy', busy: false });
    }
  }

  /**
   * Puts the reply (and a status change the vendor takes separately) into the outbox. Only
   * once it is on disk are the draft and files cleared; a failed write (a full disk) leaves
   * them in the panel with the reason. `sentAt`: a send that may have arrived began then.
   */
  private async queue(input: ReplyInput, ticket: Ticket, wantsStatus: string | undefined, capabilities: Capabilities, sentAt?: number, sendFailure?: HelpdeskError): Promise<void> {
    const { context, options } = this;
    const outbox = options.outbox;
    if (!outbox) return;
    context.post({ type: 'busy', busy: true, label: l10n.t('Saving to the outbox…') });
    const baseline = options.baseline?.();
    const common = { ticketId: context.ticketId, ticketRef: ticket.ref, ...(baseline && { baseline }) };
    try {
      await outbox.addReply({
        ...common,
        bodyMarkdown: input.bodyMarkdown,
        bodyHtml: input.bodyHtml,
        internal: input.internal,
        files: input.attachments,
        ...(input.newStatus !== undefined && { newStatus: input.newStatus }),
        ...(sentAt !== undefined && { sentAt }),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const why = sendFailure ? sendFailure.describe() : l10n.t('{0} cannot be reached.', context.session.label);
      context.post({ type: 'busy', busy: false });
      context.postError(new HelpdeskError(sendFailure?.kind ?? 'network', l10n.t('{0} The reply could not be saved to the outbox either ({1}); your draft is kept.', why, reason)), 'send');
      return;
    }
    await options.drafts.clear();
    options.files.clear();
    options.queued?.();
    context.post({ type: 'attachments', attachments: [] });
    let text = l10n.t('Queued in the outbox: it will be sent when {0} is reachable.', context.session.label);
    if (wantsStatus !== undefined && input.newStatus === undefined && capabilities.changeStatus) {
      try {
        await outbox.addStatusChange({ ...common, status: wantsStatus, statusName: options.statusName?.(wantsStatus) ?? wantsStatus });
      } catch (error) {
        text = `${text}\n${l10n.t('The status change could not be queued: {0}', error instanceof Error ? error.message : String(error))}`;
      }
    }
    context.post({ type: 'busy', busy: false });
    context.post({ type: 'queued', text });
  }

  private async lookForReply(input: ReplyInput, startedAt: number): Promise<Delivery> {
    const { context } = this;
    context.post({ type: 'busy', busy: true, label: l10n.t('Checking whether it arrived…') });
    const sent = { ...input, attachmentNames: input.attachments.map((file) => file.name), startedAt };
    return context.session.run((p) => findDelivery(p, context.ticketId, sent));
  }

  /** The text arrived without its files: show it, and keep only the files to send again. */
  private async keepOnlyFiles(message: Message): Promise<void> {
    const { context, options } = this;
    options.sent?.(message);
    context.post({ type: 'sent', message: options.conversation.added(message) });
    const current = options.drafts.current();
    await options.drafts.save({ ...(current ?? { internal: message.internal }), markdown: '' });
    options.drafts.postDraft();
    options.ticketChanged();
  }

  /** Why this reply cannot go as it is, or undefined when it can. */
  private refusal(draft: Draft, capabilities: Capabilities): HelpdeskError | undefined {
    if (capabilities.replyUnavailable) return new HelpdeskError('unsupported', capabilities.replyUnavailable);
    const files = this.options.files;
    if (draft.markdown.trim() === '' && files.count === 0) {
      return new HelpdeskError('validation', l10n.t('Write a reply or attach a file before sending.'));
    }
    const tooBig = files.oversize();
    if (tooBig.length > 0) return new HelpdeskError('tooLarge', `${tooBig.join('\n')}\n${l10n.t('Remove it to send.')}`);
    if (files.count > 0 && !capabilities.attachOnReply) {
      return new HelpdeskError('unsupported', l10n.t('This helpdesk does not accept attachments on replies.'));
    }
    if (draft.internal && !capabilities.internalNotes) {
      return new HelpdeskError('unsupported', l10n.t('This helpdesk does not support internal notes.'));
    }
    return undefined;
  }

  private async afterReply(newStatus: string | undefined, capabilities: Capabilities): Promise<void> {
    const { context } = this;
    try {
      const ticket =
        newStatus !== undefined && !capabilities.statusOnReply && capabilities.changeStatus
          ? await context.session.run((p) => p.updateTicket(context.ticketId, { status: newStatus }))
          : await context.session.run((p) => p.getTicket(context.ticketId));
      this.options.ticketUpdated(ticket);
    } catch (error) {
      const failure = toHelpdeskError(error);
      const reason = failure.describe();
      const message =
        newStatus !== undefined
          ? l10n.t('The reply was sent, but the status could not be changed: {0}', reason)
          : l10n.t('The reply was sent, but the ticket could not be reloaded: {0}', reason);
      context.postError(new HelpdeskError(failure.kind, message), 'update');
    }
  }
}

/** What the user is told, after a lost answer, about whether the reply arrived. */
function deliveryNote(delivery: Delivery): string {
  switch (delivery.arrived) {
    case false:
      return l10n.t('It did not arrive; your draft is kept — send it again.');
    case 'partly':
      return l10n.t('The text reached the helpdesk, but not every file did; the files are kept — send them again.');
    case 'unknown':
      return l10n.t('Whether it arrived could not be checked ({0}); look at the conversation before sending it again — your draft is kept.', delivery.reason.message);
    default:
      return '';
  }
}

function errorDetails(error: HelpdeskError): { status?: number; retryAfterMs?: number; cause: unknown } {
  return {
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    cause: error,
  };
}
