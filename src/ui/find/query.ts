// Filters and orders of ticket lists, as the UI applies them: which part a vendor's list
// API does itself (its capabilities say), matching the rest on each page as it arrives,
// ordering the loaded rows, and the words a view node shows for them. Pure.
import * as l10n from '@vscode/l10n';
import type { ListOptions, Page, Person, Ref, Ticket, TicketFilter, TicketSort } from '../../helpdesk/model';
import type { Capabilities } from '../../helpdesk/provider';

export const SORTS: readonly TicketSort[] = ['activity', 'priority', 'created'];
export const FILTER_FIELDS = ['status', 'priority', 'assignee', 'text'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

/** What the UI must still do after the vendor answered: the filter fields and the sort it does not serve. */
export interface ClientSide {
  filter?: TicketFilter;
  sort?: TicketSort;
}

export function clientSide(options: ListOptions, capabilities: Pick<Capabilities, 'listFilters' | 'listSorts'> | undefined): ClientSide {
  const served = new Set<string>(capabilities?.listFilters ?? []);
  const filter: TicketFilter = {};
  for (const field of FILTER_FIELDS) {
    const value = options.filter?.[field];
    if (value !== undefined && !served.has(field)) filter[field] = value;
  }
  const result: ClientSide = {};
  if (!isEmptyFilter(filter)) result.filter = filter;
  if (options.sort && !(capabilities?.listSorts ?? []).includes(options.sort)) result.sort = options.sort;
  return result;
}

export function isEmptyFilter(filter: TicketFilter | undefined): boolean {
  return !filter || FILTER_FIELDS.every((field) => filter[field] === undefined || filter[field].trim() === '');
}

/** A filter without its empty fields, or undefined when nothing is left. */
export function normalizeFilter(filter: TicketFilter | undefined): TicketFilter | undefined {
  if (!filter) return undefined;
  const result: TicketFilter = {};
  for (const field of FILTER_FIELDS) {
    const value = filter[field]?.trim();
    if (value) result[field] = value;
  }
  return isEmptyFilter(result) ? undefined : result;
}

/** `me`: the name the helpdesk knows the user by (from the connection test), for `assignee: me`. */
export function matchesFilter(ticket: Ticket, filter: TicketFilter, me?: string): boolean {
  if (filter.status && !sameRef(ticket.status, filter.status)) return false;
  if (filter.priority && !(ticket.priority && sameRef(ticket.priority, filter.priority))) return false;
  if (filter.assignee && !matchesAssignee(ticket.agent, filter.assignee, me)) return false;
  if (filter.text && !matchesText(ticket, filter.text)) return false;
  return true;
}

/** A page with only the tickets that match. A total the vendor counted before filtering is dropped. */
export function filterPage(page: Page<Ticket>, filter: TicketFilter | undefined, me?: string): Page<Ticket> {
  if (isEmptyFilter(filter)) return page;
  const result: Page<Ticket> = { items: page.items.filter((ticket) => matchesFilter(ticket, filter!, me)) };
  if (page.next !== undefined) result.next = page.next;
  return result;
}

function sameRef(ref: Pick<Ref, 'id' | 'name'>, wanted: string): boolean {
  const value = wanted.trim().toLowerCase();
  return ref.id.toLowerCase() === value || ref.name.trim().toLowerCase() === value;
}

function matchesAssignee(agent: Person | undefined, wanted: string, me: string | undefined): boolean {
  const value = wanted.trim().toLowerCase();
  if (value === 'none' || value === 'unassigned') return agent === undefined;
  if (!agent) return false;
  if (value === 'me') return me !== undefined && agent.name.trim().toLowerCase() === me.trim().toLowerCase();
  return sameRef(agent, wanted) || (agent.email !== undefined && agent.email.toLowerCase() === value);
}

/** Every word must appear in the subject, the reference, the number or the requester. */
function matchesText(ticket: Ticket, text: string): boolean {
  const haystack = [ticket.subject, ticket.ref, ticket.id, ticket.requester?.name ?? '', ticket.requester?.email ?? '']
    .join('\n')
    .toLowerCase();
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '')
    .every((word) => haystack.includes(word));
}

/** Rank of a priority by its name, highest first; unknown names sit in the middle. */
export function priorityRank(priority: Ref | undefined): number {
  if (!priority) return 0;
  const name = priority.name.toLowerCase();
  if (/(critical|urgent|emergency|blocker|highest)/.test(name)) return 4;
  if (/high/.test(name)) return 3;
  if (/(low|minor|trivial)/.test(name)) return 1;
  return 2;
}

/** The loaded rows in the chosen order (a copy; ties keep the vendor's order). */
export function sortTickets(tickets: readonly Ticket[], sort: TicketSort | undefined): Ticket[] {
  const copy = [...tickets];
  if (!sort) return copy;
  const time = (value: string) => {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? 0 : parsed;
  };
  const key: (ticket: Ticket) => number =
    sort === 'activity' ? (ticket) => time(ticket.updatedAt) : sort === 'created' ? (ticket) => time(ticket.createdAt) : (ticket) => priorityRank(ticket.priority);
  const indexed = copy.map((ticket, index) => ({ ticket, index, key: key(ticket) }));
  indexed.sort((a, b) => (b.key !== a.key ? b.key - a.key : a.index - b.index));
  return indexed.map((entry) => entry.ticket);
}

export function sortLabel(sort: TicketSort): string {
  switch (sort) {
    case 'activity':
      return l10n.t('last activity');
    case 'priority':
      return l10n.t('priority');
    case 'created':
      return l10n.t('created');
  }
}

/** `status Open, assignee me, "export"` — what a filtered view node says after "filtered: ". */
export function describeFilter(filter: TicketFilter | undefined): string | undefined {
  const normal = normalizeFilter(filter);
  if (!normal) return undefined;
  const parts: string[] = [];
  if (normal.status) parts.push(l10n.t('status {0}', normal.status));
  if (normal.priority) parts.push(l10n.t('priority {0}', normal.priority));
  if (normal.assignee) parts.push(l10n.t('assignee {0}', normal.assignee));
  if (normal.text) parts.push(`"${normal.text}"`);
  return parts.join(', ');
}

/** The text after a list's own summary: `filtered: status Open · by priority`. */
export function describeListOptions(options: ListOptions | undefined): string | undefined {
  if (!options) return undefined;
  const parts: string[] = [];
  const filter = describeFilter(options.filter);
  if (filter) parts.push(l10n.t('filtered: {0}', filter));
  if (options.sort) parts.push(l10n.t('by {0}', sortLabel(options.sort)));
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** Reads stored or configured list options defensively (the value may come from another version or a hand edit). */
export function readListOptions(value: unknown): ListOptions | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const fields = value as Record<string, unknown>;
  const source = typeof fields.filter === 'object' && fields.filter !== null ? (fields.filter as Record<string, unknown>) : fields;
  const filter: TicketFilter = {};
  for (const field of FILTER_FIELDS) {
    const item = source[field];
    if (typeof item === 'string' && item.trim() !== '') filter[field] = item.trim();
  }
  const result: ListOptions = {};
  const normal = normalizeFilter(filter);
  if (normal) result.filter = normal;
  if (typeof fields.sort === 'string' && (SORTS as readonly string[]).includes(fields.sort)) result.sort = fields.sort as TicketSort;
  return result.filter || result.sort ? result : undefined;
}
