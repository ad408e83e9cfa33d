// DeskPRO records (schema.ts) to the vendor-neutral model. Names of priorities and
// departments come from reference data the provider caches, and requester/agent names
// from the `linked` side-loads of the same response, so a list costs one request.
import type { Attachment, Message, Person, Ref, StatusKind, Ticket, TicketStatus } from '../../helpdesk/model';
import type { DpAttachment, DpMessage, DpNamed, DpPerson, DpTicket } from './schema';
import { ticketWebUrl } from './url';

/** The statuses API v2 documents. `hidden` covers spam, deleted and awaiting validation. */
const STATUS_KINDS: Record<string, { kind: StatusKind; name: string }> = {
  awaiting_agent: { kind: 'open', name: 'Awaiting Agent' },
  awaiting_user: { kind: 'pending', name: 'Awaiting User' },
  // "Pending" parks a ticket (waiting on a third party); it is neither the agent's nor the
  // user's turn, which is what onHold means in the model.
  pending: { kind: 'onHold', name: 'Pending' },
  resolved: { kind: 'resolved', name: 'Resolved' },
  hidden: { kind: 'closed', name: 'Hidden' },
};

/** The statuses offered when the helpdesk has no `/ticket_statuses` list. */
export const DOCUMENTED_STATUSES: readonly TicketStatus[] = ['awaiting_agent', 'awaiting_user', 'pending', 'resolved'].map(
  (code) => mapStatus(code),
);

/** Statuses a ticket is "open" in: anything not resolved or hidden. */
export const OPEN_STATUS_CODES: readonly string[] = ['awaiting_agent', 'awaiting_user', 'pending'];

/**
 * `awaiting_agent` → {kind: open, name: Awaiting Agent}. Sub-statuses such as
 * `hidden.spam` or a custom `awaiting_agent.escalated` take their parent's kind.
 * `names` (from /ticket_statuses) wins for the display name when it knows the code.
 */
export function mapStatus(code: string, names?: ReadonlyMap<string, string>): TicketStatus {
  const [parent = code, sub] = code.split('.', 2);
  const known = STATUS_KINDS[parent];
  const kind: StatusKind = known?.kind ?? 'open';
  const fallback = sub ? humanize(sub) : (known?.name ?? humanize(code));
  return { id: code, name: names?.get(code) ?? fallback, kind };
}

function humanize(code: string): string {
  const words = code.replace(/[._-]+/g, ' ').trim();
  return words === '' ? code : words.replace(/\b\w/g, (letter) => letter.toUpperCase());
}

export function mapPerson(person: DpPerson, isAgent?: boolean): Person {
  const agent = person.isAgent ?? isAgent;
  return {
    id: person.id,
    name: person.name,
    ...(person.email !== undefined && { email: person.email }),
    ...(agent !== undefined && { isAgent: agent }),
  };
}

/** What the provider knows when mapping a ticket. */
export interface TicketLookups {
  baseUrl: string;
  /** Side-loaded people of the response, by id. */
  people: ReadonlyMap<string, DpPerson>;
  priorities: ReadonlyMap<string, string>;
  departments: ReadonlyMap<string, string>;
  statusNames?: ReadonlyMap<string, string>;
}

export function mapTicket(ticket: DpTicket, lookups: TicketLookups): Ticket {
  const requester = personRef(ticket.personId, lookups.people, false);
  const agent = personRef(ticket.agentId, lookups.people, true);
  const priority = namedRef(ticket.priorityId, lookups.priorities, 'Priority');
  const department = namedRef(ticket.departmentId, lookups.departments, 'Department');
  return {
    id: ticket.id,
    ref: ticket.ref,
    subject: ticket.subject,
    status: mapStatus(ticket.status, lookups.statusNames),
    ...(priority && { priority }),
    ...(requester && { requester }),
    ...(agent && { agent }),
    ...(department && { department }),
    ...(ticket.labels.length > 0 && { labels: ticket.labels }),
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    webUrl: ticketWebUrl(lookups.baseUrl, ticket.id),
  };
}

/** A person by id: from the side-loads, else a placeholder that still carries the id. */
function personRef(id: string | undefined, people: ReadonlyMap<string, DpPerson>, isAgent: boolean): Person | undefined {
  if (id === undefined) return undefined;
  const person = people.get(id);
  return person ? mapPerson(person, isAgent ? true : undefined) : { id, name: `#${id}`, ...(isAgent && { isAgent }) };
}

/** A priority or department by id; an id missing from the reference data keeps a readable name. */
function namedRef(id: string | undefined, names: ReadonlyMap<string, string>, what: string): Ref | undefined {
  if (id === undefined) return undefined;
  return { id, name: names.get(id) ?? `${what} ${id}` };
}

export function namesById(entries: readonly DpNamed[]): Map<string, string> {
  return new Map(entries.map((entry) => [entry.id, entry.name]));
}

export function mapAttachment(attachment: DpAttachment): Attachment {
  const { blob } = attachment;
  return {
    id: attachment.id,
    name: blob.filename,
    ...(blob.size !== undefined && { size: blob.size }),
    ...(blob.contentType !== undefined && { contentType: blob.contentType }),
    ...(blob.isImage !== undefined && { isImage: blob.isImage }),
    downloadRef: attachment.downloadUrl,
  };
}

export interface MessageLookups {
  people: ReadonlyMap<string, DpPerson>;
  /** The ticket's attachments by attachment id. */
  attachments: ReadonlyMap<string, Attachment>;
  /** The same, grouped by the message they belong to: for messages that do not list ids. */
  attachmentsByMessage?: ReadonlyMap<string, readonly Attachment[]>;
  /** Who wrote a message whose author is not side-loaded (e.g. me, for a reply just sent). */
  fallbackAuthor?: (personId: string | undefined) => Person | undefined;
}

export function mapMessage(message: DpMessage, lookups: MessageLookups): Message {
  const attachments: Attachment[] = [];
  if (message.attachmentIds === undefined) {
    attachments.push(...(lookups.attachmentsByMessage?.get(message.id) ?? []));
  } else {
    for (const id of message.attachmentIds) {
      const attachment = lookups.attachments.get(id);
      if (attachment) attachments.push(attachment);
    }
  }
  return {
    id: message.id,
    author: messageAuthor(message, lookups),
    createdAt: message.createdAt,
    body: message.body,
    format: 'html',
    internal: message.isNote,
    attachments,
  };
}

function messageAuthor(message: DpMessage, lookups: MessageLookups): Person {
  const id = message.personId;
  const person = id === undefined ? undefined : lookups.people.get(id);
  if (person) return mapPerson(person);
  const fallback = lookups.fallbackAuthor?.(id);
  if (fallback) return fallback;
  // Only agents write notes, so the flag is known even when the person is not.
  return id === undefined ? { id: '', name: 'Unknown' } : { id, name: `#${id}`, ...(message.isNote && { isAgent: true }) };
}
