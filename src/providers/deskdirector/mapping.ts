// DeskDirector records (schema.ts) to the vendor-neutral model. A ticket's description is
// the first message of its conversation; its notes follow, oldest first. A time entry is a
// note with hours attached (the API returns it inside the note, `timeEntry`), so it stays
// that one message, with a line saying the hours put above the note's text: splitting it
// into a note plus a system message would show one piece of work twice.
import type { Attachment, Message, Person, StatusKind, Ticket, TicketStatus } from '../../helpdesk/model';
import type { DdNote, DdRef, DdTicketDetail, DdTicketSummary, DdTimeEntry, DdUser } from './schema';
import { ticketWebUrl } from './url';

/**
 * A status's kind from its name: DeskDirector's statuses are the PSA's (ConnectWise,
 * Autotask) or the admin's own, so only the closed flag is certain; the rest is judged by
 * the words admins use.
 */
export function statusKind(name: string, isClosed?: boolean): StatusKind {
  if (isClosed === true) return /resolv|solved|complete|done|fixed/i.test(name) ? 'resolved' : 'closed';
  if (/^\s*new\b/i.test(name)) return 'new';
  if (/hold|paused|postponed|scheduled|deferred/i.test(name)) return 'onHold';
  if (/wait|pending|awaiting|customer|response|reply/i.test(name)) return 'pending';
  if (/resolv|solved|complete|done|fixed/i.test(name)) return 'resolved';
  if (/clos|cancel|reject/i.test(name)) return 'closed';
  return 'open';
}

export function mapStatus(status: DdRef | undefined, isClosed?: boolean): TicketStatus {
  if (!status) return { id: '', name: isClosed ? 'Closed' : 'Open', kind: isClosed ? 'closed' : 'open' };
  return { id: status.id, name: status.name, kind: statusKind(status.name, isClosed) };
}

export function mapTicket(ticket: DdTicketSummary, baseUrl: string): Ticket {
  const agent = ticket.assignedAgents[0];
  return {
    id: ticket.id,
    ref: `#${ticket.id}`,
    subject: ticket.summary.trim() || '(no summary)',
    status: mapStatus(ticket.status, ticket.isClosed),
    ...(ticket.priority && { priority: { ...ticket.priority } }),
    ...(ticket.contact && { requester: { id: ticket.contact.id, name: ticket.contact.name, isAgent: false } }),
    ...(agent && { agent: { id: agent.id, name: agent.name, isAgent: true } }),
    ...(ticket.queue && { department: { ...ticket.queue } }),
    ...(ticket.tags.length > 0 && { labels: [...ticket.tags] }),
    createdAt: ticket.createdOn,
    updatedAt: latest([ticket.createdOn, ticket.modifiedOn, ticket.closedOn, ticket.latestNoteOn]),
    webUrl: ticketWebUrl(baseUrl, ticket.id),
  };
}

/** The ticket's detail, its "updated" also moved by notes newer than modifiedOn. */
export function mapTicketDetail(ticket: DdTicketDetail, baseUrl: string): Ticket {
  const mapped = mapTicket(ticket, baseUrl);
  mapped.updatedAt = latest([mapped.updatedAt, ...ticket.notes.map((note) => note.createdOn)]);
  return mapped;
}

function latest(dates: ReadonlyArray<string | undefined>): string {
  let result = '';
  for (const date of dates) if (date !== undefined && date > result) result = date;
  return result;
}

/** The id the ticket's description gets as a message (note ids are plain numbers). */
export function descriptionMessageId(ticketId: string): string {
  return `description-${ticketId}`;
}

/**
 * The conversation, oldest first: the description, then the notes. Attachments are listed
 * by name; whether they can be opened is `capabilities.downloadAttachments`.
 */
export function mapConversation(ticket: DdTicketDetail): Message[] {
  const messages: Message[] = [];
  if (ticket.description.trim() !== '') {
    messages.push({
      id: descriptionMessageId(ticket.id),
      author: ticket.contact ? { id: ticket.contact.id, name: ticket.contact.name, isAgent: false } : { id: '', name: 'Requester' },
      createdAt: ticket.createdOn,
      body: ticket.description,
      format: bodyFormat(ticket.description),
      internal: false,
      attachments: [],
    });
  }
  const notes = [...ticket.notes].sort(byDateThenId);
  for (const note of notes) messages.push(mapNote(note, ticket.id));
  return messages;
}

export function mapNote(note: DdNote, ticketId: string): Message {
  const line = note.timeEntry ? timeEntryLine(note.timeEntry) : undefined;
  const body = line ? (note.note.trim() === '' ? line : `${line}\n\n${note.note}`) : note.note;
  return {
    id: note.id,
    author: noteAuthor(note.createdBy),
    createdAt: note.createdOn,
    body,
    format: bodyFormat(note.note),
    internal: note.isInternal,
    ...(isSystemNote(note) && { system: true }),
    attachments: note.attachments.map((attachment) => mapAttachment(attachment, ticketId)),
  };
}

/** HTML tags a text would only contain if it were HTML (a ticket that came in by email). */
const HTML_MARKUP = /<\/?(?:p|br|div|span|b|i|u|strong|em|a|img|ul|ol|li|table|tbody|tr|td|th|blockquote|pre|font|h[1-6]|hr)\b[^<>]*>/i;

/**
 * DeskDirector writes and shows ticket text as Markdown (help article "Using Markdown");
 * descriptions that arrived by email through the PSA can be HTML.
 */
export function bodyFormat(text: string): 'html' | 'markdown' {
  return HTML_MARKUP.test(text) ? 'html' : 'markdown';
}

/** `*Time entry: 1.5 h worked, 1 h billed (09:00–10:30 UTC, 1 May 2025)*` */
export function timeEntryLine(entry: DdTimeEntry): string | undefined {
  const parts: string[] = [];
  if (entry.actualHours !== undefined) parts.push(`${hours(entry.actualHours)} worked`);
  if (entry.hoursBilled !== undefined) parts.push(`${hours(entry.hoursBilled)} billed`);
  const span = timeSpan(entry.timeStart, entry.timeEnd);
  if (parts.length === 0 && span === undefined) return undefined;
  const said = parts.length > 0 ? parts.join(', ') : 'recorded';
  return `*Time entry: ${said}${span ? ` (${span})` : ''}*`;
}

function hours(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return `${rounded} h`;
}

function timeSpan(start: string | undefined, end: string | undefined): string | undefined {
  if (start === undefined) return undefined;
  const day = new Date(start).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const from = start.slice(11, 16);
  if (end === undefined) return `from ${from} UTC, ${day}`;
  const sameDay = end.slice(0, 10) === start.slice(0, 10);
  const to = sameDay ? end.slice(11, 16) : `${end.slice(0, 10)} ${end.slice(11, 16)}`;
  return `${from}–${to} UTC, ${day}`;
}

function noteAuthor(user: DdUser | undefined): Person {
  if (!user) return { id: '', name: 'DeskDirector' };
  const isAgent = agentUserType(user.userType);
  return { id: user.id, name: user.name, ...(isAgent !== undefined && { isAgent }) };
}

/**
 * Whether a note's `userType` is an agent's. The values are not enumerated by the vendor;
 * DeskDirector calls agents "members" (its `members` API) and end users "contacts".
 */
export function agentUserType(userType: string | undefined): boolean | undefined {
  if (userType === undefined) return undefined;
  if (/member|agent|tech|resource|admin/i.test(userType)) return true;
  if (/contact|client|user|customer/i.test(userType)) return false;
  return undefined;
}

/** Notes written by the helpdesk itself (workflows, the system user) are shown quietly. */
function isSystemNote(note: DdNote): boolean {
  return /system|automat|workflow/i.test(note.type ?? '') || /system|bot/i.test(note.createdBy?.userType ?? '');
}

const IMAGE_NAME = /\.(?:png|jpe?g|gif|webp|bmp|svg)$/i;

/** What download() needs: the attachment and the ticket it hangs off (some routes want both). */
export function attachmentRef(ticketId: string, attachmentId: string): string {
  return JSON.stringify({ t: ticketId, a: attachmentId });
}

export function mapAttachment(attachment: DdRef, ticketId: string): Attachment {
  return {
    id: attachment.id,
    name: attachment.name,
    isImage: IMAGE_NAME.test(attachment.name),
    downloadRef: attachmentRef(ticketId, attachment.id),
  };
}

/** Reads back what attachmentRef wrote; undefined for anything else. */
export function readAttachmentRef(ref: string): { ticketId: string; attachmentId: string } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(ref);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { t, a } = value as { t?: unknown; a?: unknown };
  return typeof t === 'string' && typeof a === 'string' && a !== '' ? { ticketId: t, attachmentId: a } : undefined;
}

function byDateThenId(a: DdNote, b: DdNote): number {
  if (a.createdOn !== b.createdOn) return a.createdOn < b.createdOn ? -1 : 1;
  return Number(a.id) - Number(b.id);
}
