// The requester card: who wrote the ticket (name, email, organisation where the helpdesk
// says) and their other open tickets, each a row that opens the ticket in its own panel.
import type { RelatedTicketView, RequesterTickets, RequesterView } from '../../shared/protocol/panel';
import { button, h, icon, setVisible } from '../common/dom';
import { initials, plural } from '../common/format';
import { statusClass, statusIcon } from './status';
import { timeElement } from './time';

/** More than this and the rest wait behind "Show all". */
const SHOWN_AT_FIRST = 5;

export class RequesterCard {
  readonly element: HTMLElement;
  private readonly identity: HTMLElement;
  private readonly others: HTMLElement;
  private tickets: RequesterTickets = { state: 'loading' };
  private expanded = false;

  constructor(private readonly open: (ticketId: string) => void) {
    this.identity = h('div', { className: 'requester-identity' });
    this.others = h('div', { className: 'requester-others' });
    this.element = h('section', { className: 'requester-card', attrs: { 'aria-label': 'Requester' } }, this.identity, this.others);
    setVisible(this.element, false);
  }

  set(requester: RequesterView | undefined, tickets: RequesterTickets): void {
    setVisible(this.element, requester !== undefined);
    if (!requester) return;
    this.identity.replaceChildren(
      h('span', { className: 'avatar requester-avatar', text: initials(requester.name), attrs: { 'aria-hidden': 'true' } }),
      h(
        'div',
        { className: 'requester-lines' },
        h('div', { className: 'requester-name', text: requester.name }),
        h(
          'div',
          { className: 'requester-details' },
          requester.email
            ? h('a', { className: 'requester-email', text: requester.email, attrs: { href: `mailto:${requester.email}` } })
            : null,
          requester.organization ? h('span', { className: 'requester-organization' }, icon('organization'), h('span', { text: requester.organization })) : null,
        ),
      ),
    );
    this.tickets = tickets;
    this.renderOthers();
  }

  private renderOthers(): void {
    const tickets = this.tickets;
    const title = h('h3', { className: 'requester-others-title', text: 'Other open tickets' });
    switch (tickets.state) {
      case 'loading':
        this.others.replaceChildren(title, h('p', { className: 'muted requester-note' }, icon('loading', 'codicon-modifier-spin'), ' Looking for other open tickets…'));
        return;
      case 'unavailable':
        this.others.replaceChildren(title, h('p', { className: 'muted requester-note', text: tickets.reason }));
        return;
      case 'failed':
        this.others.replaceChildren(title, h('p', { className: 'muted requester-note' }, icon('warning'), ` Could not list them: ${tickets.message}`));
        return;
      case 'done':
        break;
    }
    const count = h('span', { className: 'count-badge', text: String(tickets.tickets.length), title: plural(tickets.tickets.length, 'other open ticket') });
    const header = h('div', { className: 'requester-others-header' }, title, count);
    const partialNote = tickets.partial ? 'Among the newest open tickets of this helpdesk.' : '';
    if (tickets.tickets.length === 0) {
      this.others.replaceChildren(header, h('p', { className: 'muted requester-note', text: `None.${partialNote ? ` ${partialNote}` : ''}` }));
      return;
    }
    const shown = this.expanded ? tickets.tickets : tickets.tickets.slice(0, SHOWN_AT_FIRST);
    const hidden = tickets.tickets.length - SHOWN_AT_FIRST;
    const parts: Array<HTMLElement | null> = [
      header,
      h('ul', { className: 'requester-tickets', attrs: { 'aria-label': 'Other open tickets' } }, ...shown.map((ticket) => h('li', {}, this.row(ticket)))),
      hidden > 0
        ? button(this.expanded ? 'Show fewer' : `Show ${hidden} more`, undefined, 'link-button requester-more', () => {
            this.expanded = !this.expanded;
            this.renderOthers();
          })
        : null,
      partialNote ? h('p', { className: 'muted requester-note', text: partialNote }) : null,
    ];
    this.others.replaceChildren(...parts.filter((part): part is HTMLElement => part !== null));
  }

  private row(ticket: RelatedTicketView): HTMLButtonElement {
    return h(
      'button',
      {
        className: 'requester-ticket',
        title: `Open ${ticket.ref} ${ticket.subject} (${ticket.status.name})`,
        attrs: { type: 'button', 'data-ticket-id': ticket.id },
        on: { click: () => this.open(ticket.id) },
      },
      h('span', { className: `requester-ticket-status ${statusClass(ticket.status.kind)}`, title: ticket.status.name }, icon(statusIcon(ticket.status.kind))),
      h('span', { className: 'requester-ticket-ref', text: ticket.ref }),
      h('span', { className: 'requester-ticket-subject', text: ticket.subject || '(no subject)' }),
      timeElement(ticket.updatedAt, 'requester-ticket-time'),
    );
  }
}
