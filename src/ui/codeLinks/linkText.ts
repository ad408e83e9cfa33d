// What the lenses and hovers say, as plain strings (pure, unit-tested). Vendor text
// (subjects, names) is escaped wherever it becomes Markdown.
import * as l10n from '@vscode/l10n';
import type { LinkedTicket } from '../../code/linkFile';
import { escapeMarkdown, relativeTime } from '../text';
import type { TicketInfo } from './ticketInfo';

/** What a lens adds when its code moved away from the recorded lines. */
export function staleText(): string {
  return l10n.t('stale: code moved or removed');
}
const MAX_SUBJECT = 60;

/** "DP-1234" from the stored ref, or "#1234" when the helpdesk gave none. */
export function ticketRefText(ticket: Pick<LinkedTicket, 'ref' | 'id'>): string {
  const ref = ticket.ref.trim();
  return ref !== '' ? ref : `#${ticket.id}`;
}

/** "DP-1234 · Printer on fire · Awaiting Agent"; without the status until it is known. */
export function lensTitle(ticket: LinkedTicket, info: TicketInfo | undefined, stale: boolean): string {
  const fetched = info?.kind === 'ticket' ? info.ticket : undefined;
  const subject = shorten(oneLine(fetched?.subject ?? ticket.subject));
  const parts = [ticketRefText(ticket)];
  if (subject !== '') parts.push(subject);
  if (stale) return `$(warning) ${[...parts, staleText()].join(' · ')}`;
  if (fetched) parts.push(fetched.status.name);
  return parts.join(' · ');
}

/** The lens's tooltip: where the status comes from, or why it is missing. */
export function lensTooltip(ticket: LinkedTicket, info: TicketInfo | undefined, stale: boolean): string {
  const lines = [l10n.t('Open {0} ({1})', ticketRefText(ticket), ticket.instanceId)];
  if (stale) lines.push(l10n.t('The linked code was changed or removed; the link keeps the lines it had.'));
  if (info?.kind === 'unavailable') lines.push(info.reason);
  return lines.join('\n');
}

export interface HoverInput {
  /** The reference as written, e.g. "DP-1234". */
  readonly written: string;
  readonly ticketId: string;
  readonly instanceLabel: string;
  readonly info: TicketInfo;
  /** A `command:` link that opens the ticket. */
  readonly openCommandUri: string;
  readonly now: number;
}

/** The hover over a ticket reference: subject, status, requester, last activity, Open Ticket. */
export function hoverMarkdown(input: HoverInput): string {
  const lines: string[] = [];
  if (input.info.kind === 'ticket') {
    const ticket = input.info.ticket;
    const heading = ticket.ref.trim() !== '' ? ticket.ref : input.written;
    lines.push(`**${escapeMarkdown(oneLine(heading))}** · ${escapeMarkdown(shorten(oneLine(ticket.subject)) || l10n.t('(no subject)'))}`, '');
    lines.push(`${l10n.t('Status: {0}', escapeMarkdown(ticket.status.name))}  `);
    if (ticket.requester) lines.push(`${l10n.t('Requester: {0}', escapeMarkdown(ticket.requester.name))}  `);
    const activity = relativeTime(ticket.updatedAt, input.now);
    if (activity !== '') lines.push(`${l10n.t('Last activity: {0}', escapeMarkdown(activity))}  `);
  } else {
    lines.push(`**${escapeMarkdown(input.written)}** · ${l10n.t('ticket {0} on {1}', escapeMarkdown(input.ticketId), escapeMarkdown(input.instanceLabel))}`, '');
    lines.push(l10n.t('Not available: {0}', escapeMarkdown(input.info.reason)));
  }
  lines.push('', `[${escapeMarkdown(l10n.t('Open Ticket'))}](${input.openCommandUri})`);
  return lines.join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function shorten(text: string): string {
  return text.length > MAX_SUBJECT ? `${text.slice(0, MAX_SUBJECT - 1)}…` : text;
}
