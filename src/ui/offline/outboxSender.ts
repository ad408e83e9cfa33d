// Sends one outbox item, at most once: an item that may already have arrived is first
// looked for in the conversation; then the ticket is read again (changed since the item was
// written → it waits with what changed; a status change it already has → done); the item is
// written to disk as `sending` before the request starts; the answer decides what comes next
// (outboxItem.ts). Every state is handed to `persist` before the next step, and nothing is
// sent when that write fails. No vscode here.
import { type Delivery, findDelivery, type SentReply } from '../../helpdesk/delivery';
import { toHelpdeskError, type HelpdeskError } from '../../helpdesk/errors';
import type { Message, ReplyInput, Ticket, UploadFile } from '../../helpdesk/model';
import type { HelpdeskProvider } from '../../helpdesk/provider';
import { beginSend, checked, conflicted, failed, type Moved, type OutboxBaseline, type OutboxItem, resolved, ticketGone, type TicketChanges } from './outboxItem';

/** The helpdesk's copy of a ticket and its whole conversation, read again before a send. */
export interface CurrentTicket {
  ticket: Ticket;
  messages: readonly Message[];
}

/**
 * How a ticket is read again and compared with what the panel showed: the panel's conflict
 * logic (panel/conflict.ts), handed in by the wiring so this folder does not import the panel's.
 */
export interface ConflictCheck {
  read(session: { run: SendDeps['run'] }, ticketId: string): Promise<CurrentTicket>;
  changes(baseline: OutboxBaseline, current: CurrentTicket, departmentLabel?: string): TicketChanges | undefined;
}

export interface SendDeps {
  run<T>(request: (provider: HelpdeskProvider) => Promise<T>): Promise<T>;
  /** Writes the item's new state (or its removal, for 'delivered'); rejects when it cannot. */
  persist(item: OutboxItem, moved: Moved): Promise<void>;
  /** The reply's files, read back from the outbox's folder. */
  files(item: OutboxItem): Promise<UploadFile[]>;
  now(): number;
  conflicts: ConflictCheck;
  departmentLabel?: string;
}

export type SendOutcome =
  /** It arrived (now, or on an earlier try whose answer was lost). */
  | { kind: 'delivered'; messageId?: string; ticket?: Ticket }
  /** It waits for the user (conflict, rejected): later items of its ticket wait behind it. */
  | { kind: 'held' }
  /** The helpdesk cannot be reached (or whether it arrived cannot be told): stop, try again later. */
  | { kind: 'offline'; reason: HelpdeskError };

export async function sendItem(start: OutboxItem, deps: SendDeps): Promise<SendOutcome> {
  let item = start;
  // At most one request that writes per call: the loop only goes round to check once more.
  let wrote = false;
  for (;;) {
    if (item.state === 'uncertain') {
      const delivery = await lookFor(item, deps);
      const moved = resolved(item, delivery);
      await deps.persist(item, moved);
      if (delivery.arrived === 'unknown') return { kind: 'offline', reason: delivery.reason };
      if (moved === 'delivered') {
        // As after a send: the ticket as it now stands is no news to the ticket's next item.
        const ticket = await deps.run((provider) => provider.getTicket(item.ticketId)).catch(() => undefined);
        return { kind: 'delivered', ...(delivery.arrived !== false && { messageId: delivery.message.id }), ...(ticket && { ticket }) };
      }
      item = moved;
    }
    if (wrote || item.state !== 'queued') return { kind: 'held' };

    let current: CurrentTicket;
    try {
      current = await deps.conflicts.read(deps, item.ticketId);
    } catch (error) {
      const failure = toHelpdeskError(error);
      if (failure.kind === 'notFound') {
        // The ticket is gone: nothing to send it to. Kept, with the reason, for the user to discard.
        await deps.persist(item, ticketGone(item, failure));
        return { kind: 'held' };
      }
      await deps.persist(item, { ...item, reason: failure.describe() });
      return { kind: 'offline', reason: failure };
    }
    if (item.work.kind === 'status' && current.ticket.status.id === item.work.status) {
      // Status changes are idempotent: already there (this item's lost answer, or someone else).
      await deps.persist(item, 'delivered');
      return { kind: 'delivered', ticket: current.ticket };
    }
    if (item.baseline && !item.sendAnyway) {
      const changes = deps.conflicts.changes(item.baseline, current, deps.departmentLabel);
      if (changes) {
        await deps.persist(item, conflicted(item, changes));
        return { kind: 'held' };
      }
    }
    item = checked(item);

    // On disk before the request starts: a crash from here on finds it `sending` (so uncertain).
    const sending = beginSend(item, deps.now());
    await deps.persist(item, sending);
    item = sending;
    wrote = true;
    try {
      const result = await send(item, deps);
      await deps.persist(item, 'delivered');
      return result;
    } catch (error) {
      const failure = toHelpdeskError(error);
      const next = failed(item, failure);
      await deps.persist(item, next);
      item = next;
      // Did not arrive (unreachable, rate limited, credentials refused): nothing more this round.
      if (next.state === 'queued') return { kind: 'offline', reason: failure };
      if (next.state === 'rejected') return { kind: 'held' };
      // uncertain: round again, to look for it in the conversation straight away.
    }
  }
}

async function send(item: OutboxItem, deps: SendDeps): Promise<SendOutcome> {
  const work = item.work;
  if (work.kind === 'status') {
    const ticket = await deps.run((provider) => provider.updateTicket(item.ticketId, { status: work.status }));
    return { kind: 'delivered', ticket };
  }
  const input: ReplyInput = { bodyHtml: work.bodyHtml, bodyMarkdown: work.bodyMarkdown, internal: work.internal, attachments: await deps.files(item) };
  if (work.newStatus !== undefined) input.newStatus = work.newStatus;
  const message: Message = await deps.run((provider) => provider.reply(item.ticketId, input));
  // The ticket as it now stands, so the next item of this ticket does not take our own change for news.
  const ticket = await deps.run((provider) => provider.getTicket(item.ticketId)).catch(() => undefined);
  return { kind: 'delivered', messageId: message.id, ...(ticket && { ticket }) };
}

/**
 * Did an earlier send of this item arrive? A status change is looked at by reading the
 * ticket (done by the caller next); a reply is searched for in the conversation.
 */
async function lookFor(item: OutboxItem, deps: SendDeps): Promise<Delivery> {
  const work = item.work;
  if (work.kind === 'status') return { arrived: false };
  const sent: SentReply = {
    bodyHtml: work.bodyHtml,
    bodyMarkdown: work.bodyMarkdown,
    internal: work.internal,
    attachmentNames: work.files.map((file) => file.name),
    startedAt: item.startedAt ?? item.createdAt,
  };
  const known = new Set(item.baseline?.messageIds ?? []);
  let delivery: Delivery;
  try {
    // With a baseline, any matching message it does not hold is this item's: the helpdesk's
    // clock and ours need not agree at all. Without one, the usual slack around startedAt.
    delivery = await deps.run(async (provider) => {
      const found = await findDelivery(provider, item.ticketId, sent, item.baseline ? { clockSlackMs: Number.POSITIVE_INFINITY } : {});
      // Thrown, so the connection's health hears of the failure findDelivery swallowed.
      if (found.arrived === 'unknown') throw found.reason;
      return found;
    });
  } catch (error) {
    return { arrived: 'unknown', reason: toHelpdeskError(error) };
  }
  if ((delivery.arrived === true || delivery.arrived === 'partly') && known.has(delivery.message.id)) return { arrived: false };
  return delivery;
}
