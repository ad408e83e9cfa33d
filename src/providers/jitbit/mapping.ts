// Jitbit records (schema.ts) to the vendor-neutral model. A Jitbit ticket's own body is
// its first message; the comments follow. Files come with the ticket detail, each naming
// the comment it belongs to.
import type {
  Attachment,
  BodyFormat,
  Message,
  Person,
  Ref,
  StatusKind,
  Ticket,
  TicketStatus,
} from '../../helpdesk/model';
import { looksLikeBbcode, looksLikeHtml } from '../common/markup';
import type { JbAttachment, JbComment, JbPerson, JbTicketDetail, JbTicketSummary } from './schema';
import { ticketWebUrl } from './url';

/** The statuses every Jitbit has; admins may add their own (ids seen on tickets). */
export const STANDARD_STATUSES: readonly TicketStatus[] = [
  { id: '1', name: 'New', kind: 'new' },
  { id: '2', name: 'In process', kind: 'open' },
  { id: '3', name: 'Closed', kind: 'closed' },
];

export const CLOSED_STATUS_ID = '3';

export const PRIORITIES: readonly Ref[] = [
  { id: '-1', name: 'Low' },
  { id: '0', name: 'Normal' },
  { id: '1', name: 'High' },
  { id: '2', name: 'Critical' },
];

/**
 * A status's kind: the standard ids are known; a custom status is judged by its name
 * (inferred: admins name them "On hold", "Waiting for customer", "Resolved"...).
 */
export function statusKind(id: string, name: string | undefined): StatusKind {
  const standard = STANDARD_STATUSES.find((status) => status.id === id);
  if (standard) return standard.kind;
  const text = name ?? '';
  if (/hold|paused|postponed/i.test(text)) return 'onHold';
  if (/wait|pending|awaiting|customer|reply/i.test(text)) return 'pending';
  if (/resolv|solved|done|fixed/i.test(text)) return 'resolved';
  if (/clos|cancel|reject|spam/i.test(text)) return 'closed';
  return 'open';
}

/** `names` holds the names this helpdesk gave its statuses (they may be renamed or translated). */
export function mapStatus(id: string, name: string | undefined, names?: ReadonlyMap<string, string>): TicketStatus {
  const standard = STANDARD_STATUSES.find((status) => status.id === id);
  const shown = name ?? names?.get(id) ?? standard?.name ?? `Status ${id}`;
  return { id, name: shown, kind: statusKind(id, name ?? names?.get(id)) };
}

export function mapPriority(value: number | undefined): Ref | undefined {
  if (value === undefined) return undefined;
  const id = String(value);
  return PRIORITIES.find((priority) => priority.id === id) ?? { id, name: `Priority ${id}` };
}

export function mapPerson(person: JbPerson, isAgent?: boolean): Person {
  return {
    id: person.id,
    name: person.name,
    ...(person.email !== undefined && { email: person.email }),
    ...(isAgent !== undefined && { isAgent }),
  };
}

export interface TicketLookups {
  baseUrl: string;
  statusNames?: ReadonlyMap<string, string>;
}

/** Known only from the detail: its tags, and the date of its latest comment. */
export interface TicketExtras {
  tags?: readonly string[];
  latestActivity?: string;
}

export function mapTicket(ticket: JbTicketSummary, lookups: TicketLookups, extras: TicketExtras = {}): Ticket {
  const priority = mapPriority(ticket.priority);
  const department: Ref | undefined =
    ticket.categoryId !== undefined ? { id: ticket.categoryId, name: ticket.categoryName ?? `Category ${ticket.categoryId}` } : undefined;
  const labels = extras.tags ?? [];
  return {
    id: ticket.id,
    ref: `#${ticket.id}`,
    subject: ticket.subject,
    status: mapStatus(ticket.statusId, ticket.statusName, lookups.statusNames),
    ...(priority && { priority }),
    ...(ticket.requester && { requester: mapPerson(ticket.requester, false) }),
    ...(ticket.assignee && { agent: mapPerson(ticket.assignee, true) }),
    ...(department && { department }),
    ...(labels.length > 0 && { labels: [...labels] }),
    createdAt: ticket.createdAt,
    updatedAt: latest([ticket.createdAt, ticket.updatedAt, extras.latestActivity]),
    webUrl: ticketWebUrl(lookups.baseUrl, ticket.id),
  };
}

/** The detail, its `updatedAt` taken from its comments when it carries no LastUpdated. */
export function mapTicketDetail(detail: JbTicketDetail, lookups: TicketLookups, comments?: readonly JbComment[]): Ticket {
  const latestActivity = latest((comments ?? []).map((comment) => comment.createdAt));
  return mapTicket(detail, lookups, { tags: detail.tags, ...(latestActivity !== '' && { latestActivity }) });
}

function latest(dates: ReadonlyArray<string | undefined>): string {
  let result = '';
  for (const date of dates) if (date !== undefined && date > result) result = date;
  return result;
}

const IMAGE_NAME = /\.(?:png|jpe?g|gif|webp|bmp)$/i;

export function mapAttachment(attachment: JbAttachment): Attachment {
  return {
    id: attachment.id,
    name: attachment.name,
    ...(attachment.size !== undefined && { size: attachment.size }),
    isImage: IMAGE_NAME.test(attachment.name),
    downloadRef: attachment.id,
  };
}

/** HTML tags a body would only contain if it were HTML. */
const HTML_TAGS = ['p', 'br', 'div', 'span', 'b', 'i', 'u', 's', 'strong', 'em', 'a', 'img', 'ul', 'ol', 'li', 'table', 'tbody', 'tr', 'td', 'th', 'blockquote', 'pre', 'code', 'font', 'h[1-6]', 'hr'];
/** BBCode tags as Jitbit's knowledge base and older editors write them. */
const BBCODE_TAGS = ['b', 'i', 'u', 's', 'url', 'img', 'quote', 'code', 'list', 'color', 'size', 'email'];

/**
 * How to read a body. Jitbit stores whatever the channel gave it: HTML from the web editor
 * and mail, BBCode from the knowledge base and old editors, plain text from the API.
 */
export function detectBodyFormat(body: string): BodyFormat {
  // Linear on any input (common/markup): bodies come from customers, before any length cut.
  if (looksLikeHtml(body, HTML_TAGS)) return 'html';
  if (looksLikeBbcode(body, BBCODE_TAGS)) return 'bbcode';
  return 'text';
}

/** The id the ticket's own body gets as a message (comment ids are plain numbers). */
export function bodyMessageId(ticketId: string): string {
  return `ticket-${ticketId}`;
}

/**
 * The conversation, oldest first: the ticket's body, then its comments. Each file goes to
 * the comment it names; files naming no (known) comment belong to the body.
 */
export function mapConversation(detail: JbTicketDetail, comments: readonly JbComment[]): Message[] {
  const commentIds = new Set(comments.map((comment) => comment.id));
  const filesByComment = new Map<string, Attachment[]>();
  const bodyFiles: Attachment[] = [];
  for (const file of detail.attachments) {
    const attachment = mapAttachment(file);
    if (file.commentId !== undefined && commentIds.has(file.commentId)) {
      filesByComment.set(file.commentId, [...(filesByComment.get(file.commentId) ?? []), attachment]);
    } else {
      bodyFiles.push(attachment);
    }
  }
  const messages: Message[] = [];
  if (detail.body.trim() !== '' || bodyFiles.length > 0) {
    messages.push({
      id: bodyMessageId(detail.id),
      author: detail.requester ? mapPerson(detail.requester, false) : { id: '', name: 'Requester' },
      createdAt: detail.createdAt,
      body: detail.body,
      format: detectBodyFormat(detail.body),
      internal: false,
      attachments: bodyFiles,
    });
  }
  const ordered = [...comments].sort(byDateThenId);
  for (const comment of ordered) {
    messages.push(mapComment(comment, detail.requester?.id, filesByComment.get(comment.id) ?? []));
  }
  return messages;
}

export function mapComment(comment: JbComment, requesterId: string | undefined, attachments: Attachment[]): Message {
  // Inferred: anyone other than the requester writing on a ticket is one of the techs.
  const isAgent = requesterId !== undefined && comment.userId !== undefined ? comment.userId !== requesterId : undefined;
  return {
    id: comment.id,
    author: mapPerson(comment.author, isAgent),
    createdAt: comment.createdAt,
    body: comment.body,
    format: detectBodyFormat(comment.body),
    internal: comment.forTechsOnly,
    ...(comment.isSystem && { system: true }),
    attachments,
  };
}

function byDateThenId(a: JbComment, b: JbComment): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return Number(a.id) - Number(b.id);
}
