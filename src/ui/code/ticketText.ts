// How a ticket is named in text the user copies or inserts, and in pickers. Pure.
import type { Ticket } from '../../helpdesk/model';

type Named = Pick<Ticket, 'id' | 'ref' | 'subject'>;

/** What people call the ticket: the helpdesk's own reference, else its number. */
export function ticketReference(ticket: Pick<Ticket, 'id' | 'ref'>): string {
  const ref = ticket.ref.trim();
  return ref !== '' ? ref : `#${ticket.id}`;
}

/**
 * The reference to write into code: in the instance's first reference form (its
 * `referencePatterns` setting, e.g. "DP-{id}", so the editor recognises it again), else
 * what people call the ticket. A form without {id} is a prefix, as the matcher reads it.
 */
export function codeReference(ticket: Pick<Ticket, 'id' | 'ref'>, patterns: unknown): string {
  const form = Array.isArray(patterns) ? patterns.find((item): item is string => typeof item === 'string' && item.trim() !== '' && !/[\r\n]/.test(item)) : undefined;
  if (form === undefined) return ticketReference(ticket);
  const trimmed = form.trim();
  const pieces = trimmed.split('{id}');
  if (pieces.length > 2) return ticketReference(ticket);
  return pieces.length === 1 ? trimmed + ticket.id : pieces.join(ticket.id);
}

/** "ABCD-1234: Export times out", for notifications; long subjects are cut. */
export function ticketTitle(ticket: Named, maxSubject = 80): string {
  const subject = ticket.subject.trim();
  const cut = subject.length > maxSubject ? `${subject.slice(0, maxSubject - 1).trimEnd()}…` : subject;
  return cut ? `${ticketReference(ticket)}: ${cut}` : ticketReference(ticket);
}

/** Typed text that may be a ticket number or reference ("123", "#123", "ABCD-1234-WXYZ"). */
export function looksLikeTicketId(text: string): string | undefined {
  const trimmed = text.trim().replace(/^#/, '');
  return /^[A-Za-z0-9][A-Za-z0-9-]{0,40}$/.test(trimmed) && /\d/.test(trimmed) ? trimmed : undefined;
}
