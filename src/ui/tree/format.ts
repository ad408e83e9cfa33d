// How tickets and lists read in the tree: relative times, descriptions, tooltips and
// icons. Pure, so wording is unit-tested without an editor.
import * as l10n from '@vscode/l10n';
import type { StatusKind, Ticket, ViewKind } from '../../helpdesk/model';
import type { IconSpec } from '../instances/health';
import { escapeMarkdown, relativeTime } from '../text';

export { escapeMarkdown, relativeTime } from '../text';

export function ticketLabel(ticket: Ticket): string {
  const subject = ticket.subject.trim();
  return subject === '' ? l10n.t('(no subject)') : subject;
}

/** `ref · requester · 3h ago`, leaving out what the vendor did not give. */
export function ticketDescription(ticket: Ticket, now: number): string {
  return [ticket.ref, ticket.requester?.name, relativeTime(ticket.updatedAt, now)]
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .join(' · ');
}

/** Markdown for the ticket's hover; every vendor value is escaped. */
export function ticketTooltipMarkdown(ticket: Ticket, departmentLabel?: string): string {
  const rows: Array<[string, string | undefined]> = [
    [l10n.t('Ref'), ticket.ref],
    [l10n.t('Status'), ticket.status.name],
    [l10n.t('Priority'), ticket.priority?.name],
    [l10n.t('Requester'), personText(ticket.requester)],
    [l10n.t('Agent'), ticket.agent?.name ?? l10n.t('Unassigned')],
    [departmentLabel ?? l10n.t('Department'), ticket.department?.name],
    [l10n.t('Created'), dateText(ticket.createdAt)],
    [l10n.t('Updated'), dateText(ticket.updatedAt)],
  ];
  const lines = [`**${escapeMarkdown(ticketLabel(ticket))}**`, ''];
  for (const [name, value] of rows) {
    if (value !== undefined && value !== '') lines.push(`${l10n.t('{0}: {1}', name, escapeMarkdown(value))}  `);
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
    case 'new':
      return { id: 'sparkle' };
    case 'pending':
      return { id: 'clock' };
  }
}

function personText(person: Ticket['requester']): string | undefined {
  if (!person) return undefined;
  return person.email && person.email !== person.name ? `${person.name} <${person.email}>` : person.name;
}

/** toLocaleString()'s date and time, from one formatter (building one per call is slow). */
let dateFormat: Intl.DateTimeFormat | undefined;

function dateText(iso: string): string | undefined {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return undefined;
  dateFormat ??= new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  return dateFormat.format(time);
}
