// Sends the panel's reply or internal note: checks it against what the helpdesk allows,
// keeps the draft and files until the helpdesk has it (a failed send loses nothing), then
// brings the header up to date (changing the status separately where the vendor needs that).
import * as l10n from '@vscode/l10n';
import { findDelivery, outcomeUnknown, type Delivery } from '../../helpdesk/delivery';
import { HelpdeskError, toHelpdeskError } from '../../helpdesk/errors';
import type { Message, ReplyInput, Ticket } from '../../helpdesk/model';
import type { Capabilities } from '../../helpdesk/provider';
import type { ConflictView, Draft } from '../../shared/protocol/panel';
import type { PanelAttachments } from './attachments';
import type { Conversation } from './conversation';
import type { DraftSync } from './draftSync';
import type { PanelContext } from './parts';

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
