// One item of the outbox (a reply, an internal note or a status change written while its
// helpdesk was unreachable) and the moves it may make. Each move is a pure function from
// one state to the next, so every transition is tested without a disk, a clock or a network:
//
//   queued ──beginSend──▶ sending ──sent──▶ delivered (removed)
//     ▲  │                  │ failed: did not arrive ──▶ queued
//     │  │                  │ failed: may have arrived ─▶ uncertain ──resolved──▶ delivered | queued
//     │  │                  │ failed: refused ─────────▶ rejected ──retry──▶ queued
//     │  └─conflicted──▶ conflict ──sendAnyway──▶ queued
//     └──────────────── (on load, `sending` is `uncertain`: the window went away mid-send)
//
// No vscode here.
import * as l10n from '@vscode/l10n';
import { type Delivery, outcomeUnknown } from '../../helpdesk/delivery';
import type { HelpdeskError } from '../../helpdesk/errors';
import type { Ticket } from '../../helpdesk/model';
import type { ConflictView } from '../../shared/protocol/panel';

/** What changed on the helpdesk since an item was written (the panel's conflict view, without its id). */
export type TicketChanges = Omit<ConflictView, 'id'>;

export type OutboxItemState = 'queued' | 'sending' | 'uncertain' | 'conflict' | 'rejected';

/** A file of a reply, copied into the outbox's folder when the reply was queued. */
export interface OutboxFile {
  name: string;
  contentType: string;
  size: number;
  /** Its file name in the item's folder (never the user's name for it: that may be anything). */
  stored: string;
}

export interface ReplyWork {
  kind: 'reply';
  bodyMarkdown: string;
  bodyHtml: string;
  internal: boolean;
  files: OutboxFile[];
  /** Sent with the reply (vendors with statusOnReply). */
  newStatus?: string;
}

export interface StatusWork {
  kind: 'status';
  status: string;
  /** The status's name when it was chosen, for the tree. */
  statusName: string;
}

/** What the panel showed when the item was written: what "changed since" is measured from. */
export interface OutboxBaseline {
  ticket: Ticket;
  messageIds: string[];
}

export interface OutboxItem {
  /** Unique, kept for the item's whole life: its idempotency marker, stored with it. */
  id: string;
  /** Order of creation within its instance; never a clock, which may jump back. */
  seq: number;
  instanceId: string;
  ticketId: string;
  /** The ticket's reference as the helpdesk shows it ("#1164"), for the tree. */
  ticketRef: string;
  /** When it was written (this machine's clock; shown, never used to order). */
  createdAt: number;
  work: ReplyWork | StatusWork;
  baseline?: OutboxBaseline;
  state: OutboxItemState;
  /** When the last send began (this machine's clock): where the conversation is searched from. */
  startedAt?: number;
  attempts: number;
  /** Why it waits: the last failure, the refusal, or what is unknown. */
  reason?: string;
  /** What changed on the helpdesk since it was written (state `conflict`). */
  changes?: TicketChanges;
  /** The user saw the changes and chose Send anyway: the next send is not checked again. */
  sendAnyway?: boolean;
}

export type Moved = OutboxItem | 'delivered';

/** The transition asked for does not start from this state (a bug, or a stale command). */
export class OutboxTransitionError extends Error {
  constructor(move: string, state: OutboxItemState) {
    super(`outbox: cannot ${move} an item that is ${state}`);
  }
}

function expect(item: OutboxItem, move: string, ...states: OutboxItemState[]): void {
  if (!states.includes(item.state)) throw new OutboxTransitionError(move, item.state);
}

/** Everything but the fields that describe a past state. */
function base(item: OutboxItem): OutboxItem {
  const { reason: _reason, changes: _changes, ...rest } = item;
  return rest;
}

/**
 * queued → sending. The caller writes the result to disk BEFORE the request starts, so a
 * crash from here on finds the item in `sending` and checks before sending it again.
 */
export function beginSend(item: OutboxItem, now: number): OutboxItem {
  expect(item, 'send', 'queued');
  return { ...base(item), state: 'sending', startedAt: now, attempts: item.attempts + 1 };
}

/** sending → delivered: the helpdesk answered that it has it. */
export function sent(item: OutboxItem): Moved {
  expect(item, 'complete', 'sending');
  return 'delivered';
}

/** Refusals the helpdesk put into words about this item: sending it again as it is cannot help. */
const REFUSALS: ReadonlySet<HelpdeskError['kind']> = new Set(['validation', 'notFound', 'forbidden', 'unsupported', 'config']);

/** What the failure of a send means for the item: it did not arrive, it may have, or it was refused. */
export function failed(item: OutboxItem, error: HelpdeskError): OutboxItem {
  expect(item, 'fail', 'sending');
  const reason = error.describe();
  if (outcomeUnknown(error)) return { ...base(item), state: 'uncertain', reason };
  // A 413 is the helpdesk refusing the files; anything else too large is ours (see outcomeUnknown).
  if (REFUSALS.has(error.kind) || (error.kind === 'tooLarge' && error.status !== undefined)) return { ...base(item), state: 'rejected', reason };
  // Unreachable, maintenance, rate limited, credentials refused: it did not arrive; it waits.
  return { ...base(item), state: 'queued', reason };
}

/** queued → rejected without a send: the ticket is not there any more (deleted, merged away). */
export function ticketGone(item: OutboxItem, error: HelpdeskError): OutboxItem {
  expect(item, 'reject', 'queued');
  return { ...base(item), state: 'rejected', reason: error.describe() };
}

/**
 * uncertain → delivered | queued: the conversation was read again and searched for the item.
 * A reply whose text arrived without all its files goes on with the files only.
 */
export function resolved(item: OutboxItem, delivery: Delivery): Moved {
  expect(item, 'resolve', 'uncertain');
  switch (delivery.arrived) {
    case true:
      return 'delivered';
    case false:
      return { ...base(item), state: 'queued' };
    case 'partly':
      if (item.work.kind !== 'reply') return 'delivered';
      return {
        ...base(item),
        state: 'queued',
        work: { ...item.work, bodyMarkdown: '', bodyHtml: '' },
        reason: l10n.t('The text arrived, but not every file did: the files are sent again.'),
      };
    case 'unknown':
      return { ...item, reason: delivery.reason.message };
  }
}

/** queued → conflict: the ticket changed since the item was written; it waits for the user. */
export function conflicted(item: OutboxItem, changes: TicketChanges): OutboxItem {
  expect(item, 'hold', 'queued');
  return { ...base(item), state: 'conflict', changes, reason: l10n.t('The ticket changed since this was written.') };
}

/** conflict → queued: the user saw what changed and chose to send it anyway. */
export function sendAnyway(item: OutboxItem): OutboxItem {
  expect(item, 'send anyway', 'conflict');
  return { ...base(item), state: 'queued', sendAnyway: true };
}

/** rejected → queued: the user asks for another try (the ticket was reopened, say). */
export function retry(item: OutboxItem): OutboxItem {
  expect(item, 'retry', 'rejected');
  return { ...base(item), state: 'queued' };
}

/** A conflict check that let the item through spends the user's "send anyway". */
export function checked(item: OutboxItem): OutboxItem {
  if (!item.sendAnyway) return item;
  const { sendAnyway: _spent, ...rest } = item;
  return rest;
}

/** On load: an item found `sending` was cut off mid-send (crash, reload, closed window). */
export function recovered(item: OutboxItem): OutboxItem {
  if (item.state !== 'sending') return item;
  return { ...base(item), state: 'uncertain', reason: l10n.t('The window closed while it was being sent; the conversation is checked before it is sent again.') };
}

/**
 * A later item of the same ticket, once an earlier one arrived: its own message and the
 * ticket as it then stood are no news to it (else every second item would be a "conflict").
 */
export function absorbOwnDelivery(later: OutboxItem, delivered: { messageId?: string; ticket?: Ticket }): OutboxItem {
  if (!later.baseline) return later;
  const messageIds = delivered.messageId === undefined || later.baseline.messageIds.includes(delivered.messageId) ? later.baseline.messageIds : [...later.baseline.messageIds, delivered.messageId];
  return { ...later, baseline: { ticket: delivered.ticket ?? later.baseline.ticket, messageIds } };
}

/** Items that may be sent (or checked) by a flush: the others wait for the user. */
export function waitsForUser(item: OutboxItem): boolean {
  return item.state === 'conflict' || item.state === 'rejected';
}

/**
 * The order a flush takes: by sequence number. Within a ticket an item never overtakes an
 * earlier one, so a ticket whose first item waits for the user holds its later ones back.
 */
export function sendOrder(items: readonly OutboxItem[]): OutboxItem[] {
  return [...items].sort((a, b) => a.seq - b.seq);
}
