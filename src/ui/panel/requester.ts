// The requester card: who wrote the ticket and their other open tickets, each openable.
// The other tickets come from the helpdesk's own list of open tickets (the intent-level
// `open` view every vendor maps), filtered to this requester; a helpdesk without that
// list says so instead. No vscode here.
import * as l10n from '@vscode/l10n';
import { toHelpdeskError } from '../../helpdesk/errors';
import type { Person, Ticket } from '../../helpdesk/model';
import type { Capabilities } from '../../helpdesk/provider';
import type { HostToWebview, RelatedTicketView, RequesterTickets, RequesterView } from '../../shared/protocol/panel';
import type { PanelContext } from './parts';

/** How many open tickets are looked through (one page). */
export const OPEN_TICKETS_LOOKED_AT = 100;

/**
 * A refresh of the panel (by hand or the auto-refresh every few minutes) reuses the list
 * this long: it is a side card, and a hundred tickets per refresh would cost more than
 * the ticket itself.
 */
export const OTHER_TICKETS_REUSED_MS = 5 * 60_000;

type RequesterMessage = Extract<HostToWebview, { type: 'requester' }>;

export function requesterView(person: Person | undefined): RequesterView | undefined {
  if (!person || (person.name.trim() === '' && !person.email)) return undefined;
  const view: RequesterView = { name: person.name.trim() || person.email || '' };
  if (person.email) view.email = person.email;
  if (person.organization) view.organization = person.organization;
  return view;
}

/** The same person: by id where both have one, else by email (case-insensitively). */
export function samePerson(a: Person, b: Person | undefined): boolean {
  if (!b) return false;
  if (a.id !== '' && b.id !== '') return a.id === b.id;
  return a.email !== undefined && b.email !== undefined && a.email.toLowerCase() === b.email.toLowerCase();
}

export function relatedTicketView(ticket: Ticket): RelatedTicketView {
  return {
    id: ticket.id,
    ref: ticket.ref,
    subject: ticket.subject,
    status: { id: ticket.status.id, name: ticket.status.name, kind: ticket.status.kind },
    updatedAt: ticket.updatedAt,
  };
}

export class RequesterCard {
  /** The tickets the page was shown: the only ones it may ask to open. */
  private openable = new Set<string>();
  private last: RequesterMessage | undefined;
  /** The last list read, for whom and when. */
  private listed: { personKey: string; at: number; tickets: RequesterTickets } | undefined;

  constructor(
    private readonly context: PanelContext,
    private readonly now: () => number = Date.now,
  ) {}

  canOpen(ticketId: string): boolean {
    return this.openable.has(ticketId);
  }

  /** Re-posts the last card (the page was rebuilt). */
  replay(): void {
    if (this.last) this.context.post(this.last);
  }

  async load(ticket: Ticket, capabilities: Capabilities, isCurrent: () => boolean): Promise<void> {
    const requester = requesterView(ticket.requester);
    const person = ticket.requester;
    if (!requester || !person) return this.show(requester, { state: 'unavailable', reason: l10n.t('This ticket names no requester.') });
    if (!capabilities.views.some((view) => view.kind === 'open')) {
      return this.show(requester, { state: 'unavailable', reason: l10n.t('This helpdesk offers no list of open tickets to look in.') });
    }
    const personKey = `${person.id}\u0000${person.email ?? ''}`;
    const listed = this.listed;
    if (listed && listed.personKey === personKey && this.now() - listed.at < OTHER_TICKETS_REUSED_MS) {
      return this.show(requester, listed.tickets);
    }
    this.show(requester, { state: 'loading' });
    let tickets: RequesterTickets;
    try {
      const page = await this.context.session.run((provider) => provider.listTickets({ view: 'open' }, undefined, OPEN_TICKETS_LOOKED_AT));
      const others = page.items
        .filter((other) => other.id !== ticket.id && samePerson(person, other.requester))
        .filter((other) => other.status.kind !== 'resolved' && other.status.kind !== 'closed')
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      tickets = { state: 'done', tickets: others.map(relatedTicketView), partial: page.next !== undefined };
      this.listed = { personKey, at: this.now(), tickets };
    } catch (error) {
      tickets = { state: 'failed', message: toHelpdeskError(error).describe() };
    }
    if (isCurrent()) this.show(requester, tickets);
  }

  private show(requester: RequesterView | undefined, tickets: RequesterTickets): void {
    this.openable = new Set(tickets.state === 'done' ? tickets.tickets.map((ticket) => ticket.id) : []);
    this.last = { type: 'requester', requester, tickets };
    this.context.post(this.last);
  }
}
