// The conflict warning: a reply written while the ticket changed on the helpdesk (a new
// message, another status, someone else assigned) is held back once, with what changed,
// so the user can send anyway or refresh first. What the reply is compared with is what
// the panel showed when the user began writing it. No vscode here.
import * as l10n from '@vscode/l10n';
import type { Message, Ticket, TicketPatch } from '../../helpdesk/model';
import type { ConflictChange, ConflictMessage, ConflictView } from '../../shared/protocol/panel';
import type { PanelSession } from './parts';

/** A runaway cursor (a vendor repeating a page) must not loop forever. */
const MAX_MESSAGE_PAGES = 1000;

/** What the panel showed: the ticket's fields and which messages were on screen. */
export interface ShownTicket {
  ticket: Ticket;
  messageIds: ReadonlySet<string>;
}

/** The helpdesk's copy, read again just before sending. */
export interface CurrentTicket {
  ticket: Ticket;
  messages: readonly Message[];
}

export type TicketChanges = Omit<ConflictView, 'id'>;

/** What changed between what the panel showed and the helpdesk's copy; undefined if nothing did. */
export function ticketChanges(shown: ShownTicket, current: CurrentTicket, departmentLabel?: string): TicketChanges | undefined {
  const messages: ConflictMessage[] = current.messages
    // The helpdesk's own events (status changed, ...) come through as field changes below.
    .filter((message) => message.system !== true && !shown.messageIds.has(message.id))
    .map((message) => ({ id: message.id, author: message.author.name || l10n.t('Unknown'), createdAt: message.createdAt, internal: message.internal }));
  const before = shown.ticket;
  const after = current.ticket;
  const changes: ConflictChange[] = [];
  const compare = (field: ConflictChange['field'], label: string, from: { id: string; name: string } | undefined, to: { id: string; name: string } | undefined, none: string) => {
    if ((from?.id ?? '') === (to?.id ?? '')) return;
    changes.push({ field, label, from: from?.name || none, to: to?.name || none });
  };
  compare('status', l10n.t('Status'), before.status, after.status, l10n.t('None'));
  compare('priority', l10n.t('Priority'), before.priority, after.priority, l10n.t('None'));
  compare('agent', l10n.t('Agent'), before.agent, after.agent, l10n.t('Unassigned'));
  compare('department', departmentLabel ?? l10n.t('Department'), before.department, after.department, l10n.t('None'));
  if (before.subject !== after.subject) changes.push({ field: 'subject', label: l10n.t('Subject'), from: before.subject, to: after.subject });
  return messages.length > 0 || changes.length > 0 ? { messages, changes } : undefined;
}

/** Reads the ticket and its whole conversation again (the one extra read a send costs). */
export async function readCurrentTicket(session: Pick<PanelSession, 'run'>, ticketId: string): Promise<CurrentTicket> {
  const readMessages = async (): Promise<Message[]> => {
    const all: Message[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_MESSAGE_PAGES; page++) {
      const result = await session.run((provider) => provider.listMessages(ticketId, cursor));
      all.push(...result.items);
      cursor = result.next;
      if (cursor === undefined || seen.has(cursor)) break;
      seen.add(cursor);
    }
    return all;
  };
  const [ticket, messages] = await Promise.all([session.run((provider) => provider.getTicket(ticketId)), readMessages()]);
  return { ticket, messages };
}

/**
 * Keeps what the panel shows and, while a reply is being written, what it showed when the
 * writing began. A warning the user has seen (by its id) lets the next send go unchecked.
 */
export class ConflictGuard {
  private shown: { ticket: Ticket; messageIds: Set<string> } | undefined;
  private baseline: { ticket: Ticket; messageIds: Set<string> } | undefined;
  private lastWarning = 0;
  private warningOpen = false;
  /** The helpdesk's copy the open warning was made from. */
  private warnedAbout: CurrentTicket | undefined;

  /** The panel finished showing a load of the ticket and its conversation. */
  showed(ticket: Ticket, messageIds: Iterable<string>): void {
    this.shown = { ticket, messageIds: new Set(messageIds) };
  }

  /** The panel's header now shows this copy (after a send or one's own change). */
  showedTicket(ticket: Ticket): void {
    if (this.shown) this.shown.ticket = ticket;
  }

  /** The draft has words (writing begins, or goes on) or is empty again. */
  writing(active: boolean): void {
    if (!active) {
      this.baseline = undefined;
      this.warningOpen = false;
    } else if (!this.baseline && this.shown) {
      this.baseline = { ticket: this.shown.ticket, messageIds: new Set(this.shown.messageIds) };
    }
  }

  /** The user asked for the newest copy (Refresh first): the reply is now begun on that. */
  refreshed(): void {
    this.baseline = undefined;
    this.warningOpen = false;
  }

  /** A message this panel sent is no news to its user. */
  ownMessage(id: string): void {
    this.shown?.messageIds.add(id);
    this.baseline?.messageIds.add(id);
  }

  /** A field the user changed from this panel is no news either; other fields stay as they were seen. */
  ownUpdate(patch: TicketPatch, ticket: Ticket): void {
    this.showedTicket(ticket);
    if (!this.baseline) return;
    const seen: Ticket = { ...this.baseline.ticket };
    if (patch.status !== undefined) seen.status = ticket.status;
    if (patch.priority !== undefined) assignOptional(seen, 'priority', ticket.priority);
    if (patch.agent !== undefined) assignOptional(seen, 'agent', ticket.agent);
    if (patch.department !== undefined) assignOptional(seen, 'department', ticket.department);
    this.baseline.ticket = seen;
  }

  /** What the reply is to be compared with; undefined before the panel has shown the ticket. */
  comparedWith(): ShownTicket | undefined {
    return this.baseline ?? this.shown;
  }

  /** The warning to show for the changes found in `current`, with a fresh id. */
  warn(changes: TicketChanges, current?: CurrentTicket): ConflictView {
    this.lastWarning++;
    this.warningOpen = true;
    this.warnedAbout = current;
    return { id: this.lastWarning, ...changes };
  }

  /**
   * "Send anyway" for the warning now shown: that send is not checked again, and what the
   * warning listed counts as seen, so the next reply is not warned of it once more.
   */
  acknowledges(id: number | undefined): boolean {
    if (id === undefined || !this.warningOpen || id !== this.lastWarning) return false;
    const seen = this.warnedAbout;
    if (seen && this.shown) {
      this.shown = { ticket: seen.ticket, messageIds: new Set([...this.shown.messageIds, ...seen.messages.map((message) => message.id)]) };
    }
    this.warnedAbout = undefined;
    return true;
  }
}

function assignOptional<K extends 'priority' | 'agent' | 'department'>(target: Ticket, key: K, value: Ticket[K]): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}
