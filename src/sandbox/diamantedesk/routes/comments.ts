// Comments: list (filtered, paged), one, post, update, delete, and the author of one.
// As CommentApiServiceImpl / CommentServiceImpl do it:
// - POST requires ticketStatus (validation) but the API's implementation never applies
//   it: the ticket keeps its status. Only an update of the comment sets the status;
// - PUT and PATCH of a comment both replace its content and set the ticket's status
//   from ticketStatus, so leaving ticketStatus out blanks the ticket's status ('') and
//   leaving content out blanks the comment;
// - GET /comments joins its filters with OR (`?ticket=5&author=oro_3` is the union) and
//   counts private comments in X-Total even for customers, who never see them.
import { assertStorable, createAttachment, prepareAttachmentInput } from '../attachment-files';
import { DeskError } from '../errors';
import { matchAny, type Criterion } from '../paging';
import { checkCommentView, checkGranted } from '../permissions';
import { phpString } from '../php-text';
import type { RouteContext, ServiceResult } from '../router';
import { COMMENT_FILTERS, COMMENT_SCHEMA } from '../schemas';
import { commentJson, userDetailsJson } from '../serialize';
import { addComment, parseTypedId, removeComment, serverNow, STATUSES, type CommentRecord } from '../state';
import { bindCommand, notNull, REQUIRED, type, type CommandDef } from '../validate';
import { runList, serializeContext } from './common';

export function commentById(ctx: RouteContext, id: unknown): CommentRecord {
  const comment = ctx.state.comments.get(Number(id));
  // CommentNotFoundException carries no message.
  if (!comment) throw new DeskError(404, '');
  return comment;
}

export function viewableComment(ctx: RouteContext, id: unknown): CommentRecord {
  const comment = commentById(ctx, id);
  checkCommentView(ctx.caller, comment, ctx.state.tickets.get(comment.ticketId));
  return comment;
}

export function getComment(ctx: RouteContext): ServiceResult {
  return { data: commentJson(serializeContext(ctx), viewableComment(ctx, ctx.params.id)) };
}

export function listComments(ctx: RouteContext): ServiceResult {
  const all = [...ctx.state.comments.values()];
  const rows = ctx.caller.kind === 'customer' ? all.filter((c) => !c.private) : all;
  const outcome = runList(ctx, {
    rows,
    spec: COMMENT_FILTERS,
    schema: COMMENT_SCHEMA,
    combine: 'any',
    count: (criteria: readonly Criterion[]) => matchAny(all, criteria, COMMENT_SCHEMA)?.length,
  });
  const s = serializeContext(ctx);
  return { data: outcome.page ? outcome.page.map((c) => commentJson(s, c)) : null, headers: outcome.headers };
}

const POST_COMMENT: CommandDef = {
  className: 'Diamante\\DeskBundle\\Api\\Command\\CommentCommand',
  properties: [
    { name: 'id', checks: [type('integer')], integer: true },
    { name: 'content', checks: [notNull(REQUIRED), type('string')] },
    { name: 'attachmentList', checks: [type('object')] },
    { name: 'attachmentsInput', checks: [type('array')] },
    { name: 'ticket', checks: [notNull(), type('int')], integer: true },
    { name: 'author', checks: [notNull(), type('string')] },
    { name: 'ticketStatus', checks: [notNull(), type('string')] },
    { name: 'private', checks: [type('bool')], fallback: false },
  ],
};

export function postComment(ctx: RouteContext): ServiceResult {
  const { state } = ctx;
  const command = bindCommand(POST_COMMENT, ctx.data);
  const inputs = prepareAttachmentInput(command.attachmentsInput);
  checkGranted(ctx.caller, 'CREATE', { kind: 'class', name: 'Comment' });
  const ticket = state.tickets.get(Number(command.ticket));
  if (!ticket) throw new DeskError(404, '');
  // User::fromString: `type_id`, anything after a second '_' dropped; not checked against users.
  const { type: authorType, id: authorId } = parseTypedId(phpString(command.author));
  assertStorable('comment', inputs);
  const now = serverNow(state);
  const comment = addComment(state, { ticketId: ticket.id, author: `${authorType}_${authorId}`, content: phpString(command.content), private: command.private === true, createdAt: now, updatedAt: now });
  comment.attachmentIds.push(...inputs.map((input) => createAttachment(state, 'comment', comment.id, input, now).id));
  ticket.updatedAt = now;
  // Stored before it is serialized: an unknown author still leaves the comment behind.
  return { data: commentJson(serializeContext(ctx), comment), createdId: comment.id };
}

const UPDATE_COMMENT: CommandDef = {
  className: 'Diamante\\DeskBundle\\Api\\Command\\UpdateCommentCommand',
  properties: [
    { name: 'id', checks: [type('integer')], integer: true },
    { name: 'content', checks: [notNull(), type('string')] },
    { name: 'ticketStatus', checks: [type('string')] },
  ],
};

export function updateComment(ctx: RouteContext): ServiceResult {
  const { state } = ctx;
  const command = bindCommand(UPDATE_COMMENT, ctx.data);
  const comment = commentById(ctx, command.id);
  checkGranted(ctx.caller, 'EDIT', { kind: 'comment', comment });
  // new Status(null) is '': a missing ticketStatus is a status too.
  const raw = command.ticketStatus;
  const status = raw === undefined || raw === null || raw === '' || raw === '0' ? '' : phpString(raw);
  if (status !== '' && !(STATUSES as readonly string[]).includes(status)) throw new DeskError(500, 'Given status is wrong');
  const now = serverNow(state);
  const content = phpString(command.content);
  if (content !== comment.content) {
    comment.content = content;
    comment.updatedAt = now;
  }
  const ticket = state.tickets.get(comment.ticketId);
  if (ticket && ticket.status !== status) {
    ticket.status = status;
    ticket.updatedAt = now;
    ticket.statusUpdatedSince = now;
  }
  return { data: commentJson(serializeContext(ctx), comment) };
}

export function deleteComment(ctx: RouteContext): ServiceResult {
  const comment = commentById(ctx, ctx.params.id);
  checkGranted(ctx.caller, 'DELETE', { kind: 'comment', comment });
  removeComment(ctx.state, comment);
  return { data: null };
}

export function getCommentAuthor(ctx: RouteContext): ServiceResult {
  return { data: userDetailsJson(ctx.state, viewableComment(ctx, ctx.params.id).author) };
}
