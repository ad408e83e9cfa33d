// DiamanteDesk records (schema.ts) to the vendor-neutral model. A ticket's description is
// the first message of its conversation, with the ticket's own files; its comments follow,
// oldest first, private ones as internal notes. People are kept under the API's own typed
// ids (`oro_1` an agent, `diamante_2` a customer), so an agent picked from the list, a
// ticket's assignee and a comment's author are the same id.
import { looksLikeHtml } from '../common/markup';
import type { Attachment, BodyFormat, Message, Person, Ref, Ticket, TicketStatus } from '../../helpdesk/model';
import type { DdAttachment, DdComment, DdTicket, DdUser, DdUserRef } from './schema';
import { ticketWebUrl } from './url';

/** The six statuses of DiamanteDesk's Status value object, in its order. */
export const STATUSES: readonly TicketStatus[] = [
  { id: 'new', name: 'New', kind: 'new' },
  { id: 'open', name: 'Open', kind: 'open' },
  { id: 'pending', name: 'Pending', kind: 'pending' },
  { id: 'in_progress', name: 'In progress', kind: 'open' },
  { id: 'on_hold', name: 'On hold', kind: 'onHold' },
  { id: 'closed', name: 'Closed', kind: 'closed' },
];

export const PRIORITIES: readonly Ref[] = [
  { id: 'low', name: 'Low' },
  { id: 'medium', name: 'Medium' },
  { id: 'high', name: 'High' },
];

/** How a ticket reached the helpdesk; `POST /tickets` requires one. */
export const SOURCES: readonly Ref[] = [
  { id: 'web', name: 'Web' },
  { id: 'email', name: 'Email' },
  { id: 'phone', name: 'Phone' },
];

export const AGENT_PREFIX = 'oro_';

export function mapStatus(code: string): TicketStatus {
  const known = STATUSES.find((status) => status.id === code);
  return known ? { ...known } : { id: code, name: humanize(code), kind: 'open' };
}

export function mapPriority(code: string | undefined): Ref | undefined {
  if (code === undefined) return undefined;
  return PRIORITIES.find((priority) => priority.id === code) ?? { id: code, name: humanize(code) };
}

function humanize(code: string): string {
  const words = code.replace(/[._-]+/g, ' ').trim();
  return words === '' ? code : words.charAt(0).toUpperCase() + words.slice(1);
}

/** `1` (an assignee as tickets carry it) → `oro_1`. */
export function agentId(numericId: string): string {
  return `${AGENT_PREFIX}${numericId}`;
}

export function mapUser(user: DdUser, typedId: string): Person {
  const isAgent = typedId.startsWith(AGENT_PREFIX);
  return {
    id: typedId,
    name: user.name ?? user.username ?? user.email ?? placeholderName(typedId),
    ...(user.email !== undefined && { email: user.email }),
    isAgent,
  };
}

/** Someone known only by id: `Agent #1`, `Customer #2`. */
function placeholderName(typedId: string): string {
  const [type = '', id = typedId] = typedId.split('_', 2);
  if (type === 'oro') return `Agent #${id}`;
  if (type === 'diamante') return `Customer #${id}`;
  return `#${typedId}`;
}

/** What the provider knows when mapping: the address, branch names, people it has met. */
export interface Lookups {
  baseUrl: string;
  branches: ReadonlyMap<string, string>;
  /** A person by typed id, when known (agents list, customers fetched, comment authors). */
  person: (typedId: string) => Person | undefined;
}

export function personRef(ref: DdUserRef | string, lookups: Lookups): Person {
  const id = typeof ref === 'string' ? ref : ref.id;
  const known = lookups.person(id);
  if (typeof ref !== 'string' && ref.name !== undefined) {
    return { id, name: ref.name, ...(ref.email !== undefined && { email: ref.email }), isAgent: id.startsWith(AGENT_PREFIX) };
  }
  return known ?? { id, name: placeholderName(id), isAgent: id.startsWith(AGENT_PREFIX) };
}

export function mapTicket(ticket: DdTicket, lookups: Lookups): Ticket {
  const priority = mapPriority(ticket.priority);
  const department: Ref | undefined =
    ticket.branchId !== undefined ? { id: ticket.branchId, name: lookups.branches.get(ticket.branchId) ?? `Branch ${ticket.branchId}` } : undefined;
  return {
    id: ticket.id,
    ref: ticket.key ?? `#${ticket.id}`,
    subject: ticket.subject,
    status: mapStatus(ticket.status),
    ...(priority && { priority }),
    ...(ticket.reporter !== undefined && { requester: personRef(ticket.reporter, lookups) }),
    ...(ticket.assigneeId !== undefined && { agent: personRef(agentId(ticket.assigneeId), lookups) }),
    ...(department && { department }),
    ...(ticket.tags.length > 0 && { labels: [...ticket.tags] }),
    createdAt: ticket.createdAt,
    updatedAt: latest([ticket.createdAt, ticket.updatedAt, ...(ticket.comments ?? []).map((comment) => comment.createdAt)]),
    ...(ticket.key !== undefined && { webUrl: ticketWebUrl(lookups.baseUrl, ticket.key) }),
  };
}

function latest(dates: ReadonlyArray<string | undefined>): string {
  let result = '';
  for (const date of dates) if (date !== undefined && date > result) result = date;
  return result;
}

const IMAGE_NAME = /\.(?:png|jpe?g|gif|webp|bmp|svg)$/i;

export function mapAttachment(attachment: DdAttachment): Attachment {
  return {
    id: attachment.id,
    name: attachment.filename,
    isImage: IMAGE_NAME.test(attachment.filename),
    // Without a URL there is nothing to fetch; the provider says so when asked.
    downloadRef: attachment.url ?? '',
  };
}

/** Markup a body would only contain if it were HTML; mail and API bodies may be plain text. */
const HTML_TAGS = ['p', 'br', 'div', 'span', 'b', 'i', 'u', 'strong', 'em', 'a', 'img', 'ul', 'ol', 'li', 'h[1-6]', 'table', 'tr', 'td', 'blockquote', 'pre', 'code'];

export function bodyFormat(body: string): BodyFormat {
  return looksLikeHtml(body, HTML_TAGS) ? 'html' : 'text';
}

/** The id the description gets as a message (comment ids are plain numbers). */
export function descriptionMessageId(ticketId: string): string {
  return `ticket-${ticketId}`;
}

/** The conversation, oldest first: the description, then the comments. */
export function mapConversation(ticket: DdTicket, lookups: Lookups): Message[] {
  const messages: Message[] = [];
  const description = ticket.description ?? '';
  const files = ticket.attachments ?? [];
  if (description.trim() !== '' || files.length > 0) {
    messages.push({
      id: descriptionMessageId(ticket.id),
      author: ticket.reporter !== undefined ? personRef(ticket.reporter, lookups) : { id: '', name: 'Reporter' },
      createdAt: ticket.createdAt,
      body: description,
      format: bodyFormat(description),
      internal: false,
      attachments: files.map(mapAttachment),
    });
  }
  const comments = [...(ticket.comments ?? [])].sort(byDateThenId);
  for (const comment of comments) messages.push(mapComment(comment, lookups));
  return messages;
}

export function mapComment(comment: DdComment, lookups: Lookups, extraFiles: readonly DdAttachment[] = []): Message {
  const files = [...comment.attachments, ...extraFiles.filter((file) => !comment.attachments.some((known) => known.id === file.id))];
  return {
    id: comment.id,
    author: comment.author ? personRef(comment.author, lookups) : { id: '', name: 'Unknown' },
    createdAt: comment.createdAt,
    body: comment.content,
    format: bodyFormat(comment.content),
    internal: comment.isPrivate,
    attachments: files.map(mapAttachment),
  };
}

function byDateThenId(a: DdComment, b: DdComment): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return Number(a.id) - Number(b.id);
}
