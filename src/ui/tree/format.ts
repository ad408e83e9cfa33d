// How tickets and lists read in the tree: relative times, descriptions, tooltips and
// icons. Pure, so wording is unit-tested without an editor.
import type { StatusKind, Ticket, ViewKind } from '../../helpdesk/model';
import type { IconSpec } from '../health';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

/** "just now", "5m ago", "3h ago", "2d ago", "3w ago", "4mo ago", "2y ago". */
export function relativeTime(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  // A helpdesk clock slightly ahead of ours must not read as "in 2 minutes".
  const elapsed = Math.max(0, now - then);
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)}m ago`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)}h ago`;
  if (elapsed < WEEK) return `${Math.floor(elapsed / DAY)}d ago`;
  if (elapsed < MONTH) return `${Math.floor(elapsed / WEEK)}w ago`;
  if (elapsed < YEAR) return `${Math.floor(elapsed / MONTH)}mo ago`;
  return `${Math.floor(elapsed / YEAR)}y ago`;
}

export function ticketLabel(ticket: Ticket): string {
  const subject = ticket.subject.trim();
  return subject === '' ? '(no subject)' : subject;
}

/** `ref · requester · 3h ago`, leaving out what the vendor did not give. */
export function ticketDescription(ticket: Ticket, now: number): string {
  return [ticket.ref, ticket.requester?.name, relativeTime(ticket.updatedAt, now)]
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .join(' · ');
}

/** Markdown for the ticket's hover; every vendor value is escaped. */
export function ticketTooltipMarkdown(ticket: Ticket, departmentLabel = 'Department'): string {
  const rows: Array<[string, string | undefined]> = [
    ['Ref', ticket.ref],
    ['Status', ticket.status.name],
    ['Priority', ticket.priority?.name],
    ['Requester', personText(ticket.requester)],
    ['Agent', ticket.agent?.name ?? 'Unassigned'],
    [departmentLabel, ticket.department?.name],
    ['Created', dateText(ticket.createdAt)],
    ['Updated', dateText(ticket.updatedAt)],
  ];
  const lines = [`**${escapeMarkdown(ticketLabel(ticket))}**`, ''];
  for (const [name, value] of rows) {
    if (value !== undefined && value !== '') lines.push(`${name}: ${escapeMarkdown(value)}  `);
  }
  return lines.join('\n');
}

export function statusIcon(kind: StatusKind): IconSpec {
  switch (kind) {
    case 'new':
      return { id: 'issues', color: 'charts.blue' };
    case 'open':
      return { id: 'issues', color: 'charts.green' };
    case 'pending':
      return { id: 'clock', color: 'charts.yellow' };
    case 'onHold':
      return { id: 'debug-pause', color: 'charts.orange' };
    case 'resolved':
      return { id: 'pass', color: 'charts.green' };
    case 'closed':
      return { id: 'circle-slash', color: 'disabledForeground' };
  }
}

export function viewIcon(kind: ViewKind): IconSpec {
  switch (kind) {
    case 'mine':
      return { id: 'account' };
    case 'unassigned':
      return { id: 'inbox' };
    case 'unanswered':
      return { id: 'comment-unresolved' };
    case 'open':
      return { id: 'issues' };
  }
}

/** Backslash-escapes Markdown punctuation so a subject cannot become a link or heading. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (char) => `\\${char}`);
}

function personText(person: Ticket['requester']): string | undefined {
  if (!person) return undefined;
  return person.email && person.email !== person.name ? `${person.name} <${person.email}>` : person.name;
}

function dateText(iso: string): string | undefined {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : new Date(time).toLocaleString();
}
