// Records → the API's JSON, in the JMS serializer's shapes and key order:
// - tickets: alphabetical by the model's property names (`assignee`, `attachments`,
//   `branch`, ... `updated_at`), null fields left out (no `assignee` when unassigned);
//   `description`, `comments` and `attachments` only on a single ticket, not in lists;
// - comments (DiamanteDesk's CommentAuthorHandler): attachments, content, created_at,
//   updated_at, id, private, ticket, then `author` as the person's details
//   {email, id: "oro_3", name}; a comment whose author cannot be loaded fails the
//   whole response (404 "Failed to load details for given user");
// - attachments (AttachmentHandler): id, dates, `file: {url, filename}` and, for
//   images, `thumbnails: {url, filename}`; URLs on the host the request named.
import { personOf } from './directory';
import { DeskError } from './errors';
import type { JsonValue } from './php-json';
import { formatDiamanteDate } from './php-time';
import type { Caller } from './router';
import {
  attachmentsOf,
  commentsOf,
  fullName,
  ticketKey,
  type AttachmentRecord,
  type BranchRecord,
  type CommentRecord,
  type CustomerRecord,
  type DiamantedeskState,
  type TicketRecord,
} from './state';

type JsonObject = { [key: string]: JsonValue | undefined };

const dateOrUndefined = (ms: number | null): string | undefined => (ms === null ? undefined : formatDiamanteDate(ms));

export const DOWNLOAD_FILE_PATH = '/desk/attachments/download/file/';
export const DOWNLOAD_THUMBNAIL_PATH = '/desk/attachments/download/thumbnail/';

export interface SerializeContext {
  state: DiamantedeskState;
  caller: Caller;
  /** scheme://host[:port] as the request's Host header gave it. */
  host: string;
}

export function attachmentJson(ctx: SerializeContext, attachment: AttachmentRecord): JsonObject {
  const json: JsonObject = {
    id: attachment.id,
    created_at: formatDiamanteDate(attachment.createdAt),
    updated_at: formatDiamanteDate(attachment.updatedAt),
    file: { url: `${ctx.host}${DOWNLOAD_FILE_PATH}${attachment.hash}`, filename: attachment.filename },
  };
  if (attachment.thumbnail) json.thumbnails = { url: `${ctx.host}${DOWNLOAD_THUMBNAIL_PATH}${attachment.hash}`, filename: `${attachment.hash}.png` };
  return json;
}

/** UserService::fetchUserDetails for a typed id; alphabetical (avatar, email, id, name). */
export function userDetailsJson(state: DiamantedeskState, typed: string): JsonObject {
  const person = personOf(state, typed);
  // A RuntimeException: the API maps it to 404, whatever was asked for.
  if (!person) throw new DeskError(404, 'Failed to load details for given user');
  return { email: person.email, id: typed, name: fullName(person) };
}

export function commentJson(ctx: SerializeContext, comment: CommentRecord): JsonObject {
  return {
    attachments: attachmentsOf(ctx.state, comment.attachmentIds).map((a) => attachmentJson(ctx, a)),
    content: comment.content,
    created_at: formatDiamanteDate(comment.createdAt),
    updated_at: formatDiamanteDate(comment.updatedAt),
    id: comment.id,
    private: comment.private,
    ticket: comment.ticketId,
    author: userDetailsJson(ctx.state, comment.author),
  };
}

/** Customers never see private comments; agents see all (the repository query differs). */
export function visibleComments(ctx: SerializeContext, ticketId: number): CommentRecord[] {
  const all = commentsOf(ctx.state, ticketId);
  return ctx.caller.kind === 'customer' ? all.filter((c) => !c.private) : all;
}

export function ticketJson(ctx: SerializeContext, ticket: TicketRecord, group: 'list' | 'entity'): JsonObject {
  const entity = group === 'entity';
  return {
    assigned_since: dateOrUndefined(ticket.assignedSince),
    assignee: ticket.assigneeId ?? undefined,
    attachments: entity ? attachmentsOf(ctx.state, ticket.attachmentIds).map((a) => attachmentJson(ctx, a)) : undefined,
    branch: ticket.branchId,
    comments: entity ? visibleComments(ctx, ticket.id).map((c) => commentJson(ctx, c)) : undefined,
    created_at: formatDiamanteDate(ticket.createdAt),
    description: entity ? ticket.description : undefined,
    id: ticket.id,
    key: ticketKey(ctx.state, ticket),
    priority: ticket.priority,
    reporter: ticket.reporter,
    reporter_email: ticket.reporterEmail ?? undefined,
    source: ticket.source,
    status_updated_since: dateOrUndefined(ticket.statusUpdatedSince),
    status: ticket.status,
    subject: ticket.subject,
    // Oro users get the tags loaded; DiamanteDesk's own API users do not.
    tags: ctx.caller.kind === 'agent' ? ticket.tags.map((t) => ({ id: t.id, name: t.name })) : undefined,
    unique_id: { id: ticket.uniqueId },
    updated_at: dateOrUndefined(ticket.updatedAt),
  };
}

/** Branch: alphabetical; `tags` only when loaded (a single branch), `sequence_number` the next ticket number. */
export function branchJson(branch: BranchRecord, withTags: boolean): JsonObject {
  return {
    created_at: formatDiamanteDate(branch.createdAt),
    default_assignee: branch.defaultAssigneeId ?? undefined,
    description: branch.description,
    id: branch.id,
    key: branch.key,
    name: branch.name,
    sequence_number: branch.lastSequence + 1,
    tags: withTags ? [] : undefined,
    updated_at: formatDiamanteDate(branch.updatedAt),
  };
}

/** A Diamante user (customer), as the seed documents it. */
export function customerJson(customer: CustomerRecord): JsonObject {
  return { id: customer.id, email: customer.email, first_name: customer.firstName, last_name: customer.lastName };
}
