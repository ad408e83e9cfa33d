// A ticket's comments: the list (all of them, oldest first, no paging) and posting one,
// optionally technicians-only or a grey system line, with files in `uploadFile` parts.
import { jsonResponse, type SimResponse } from '../../http-util';
import { badRequest, forbidden } from '../errors';
import { Binder } from '../params';
import type { RouteContext } from '../router';
import { commentJson, visibleComments } from '../serialize';
import { addComment, STATUS_CLOSED, STATUS_IN_PROGRESS, STATUS_NEW } from '../state';
import { findTicket, findUser, readIdList, required, requiredText } from '../validate';
import { checkFiles, storeFiles } from './tickets';

/** Inferred: oldest first, every comment in one answer (the seed documents no paging here). */
export function listComments(ctx: RouteContext): SimResponse {
  const input = new Binder(ctx.params);
  const id = input.int('id');
  input.check();
  const ticket = findTicket(ctx.state, required(id, 'id'), ctx.caller);
  return jsonResponse(200, visibleComments(ctx.state, ticket.id, ctx.caller).map((comment) => commentJson(ctx.state, comment)));
}

export const COMMENT_PARAMS = ['id', 'body', 'forTechsOnly', 'isSystem', 'recipientIds', 'fromUserId'] as const;

export function postComment(ctx: RouteContext): SimResponse {
  const { state, caller } = ctx;
  const input = new Binder(ctx.params);
  const id = input.int('id');
  const forTechsOnly = input.bool('forTechsOnly') ?? false;
  const isSystem = input.bool('isSystem') ?? false;
  const fromUserId = input.int('fromUserId');
  input.check();
  const ticket = findTicket(state, required(id, 'id'), caller);
  const body = requiredText(input.text('body'), 'body');
  if (fromUserId !== undefined && !caller.isAdmin) throw forbidden("'fromUserId' (posting as another user) requires the administrator role.");
  const author = fromUserId === undefined ? caller : findUser(state, fromUserId, 'fromUserId');
  if (forTechsOnly && !author.isTech) throw badRequest("'forTechsOnly': only technicians can post technicians-only comments.");
  const recipients = readIdList(state, input.text('recipientIds') ?? '', 'recipientIds');
  checkFiles(state, ctx.files);

  const now = state.now();
  const comment = addComment(state, { ticketId: ticket.id, userId: author.id, date: now, body, forTechsOnly, isSystem, recipients: recipients.join(',') });
  storeFiles(state, ticket, comment.id, author.id, ctx.files, forTechsOnly, now);

  // Inferred: how a comment moves the ticket, following the flags' names and the web app.
  ticket.lastUpdated = now;
  ticket.lastUpdatedByUserId = author.id;
  if (!isSystem) {
    if (forTechsOnly) {
      ticket.updatedForTechView = ticket.statusId !== STATUS_CLOSED;
    } else if (author.isTech) {
      ticket.updatedByPerformer = true;
      ticket.updatedByUser = false;
      ticket.updatedForTechView = false;
      ticket.startDate ??= now;
      // A technician's first answer takes a new ticket into work.
      if (ticket.statusId === STATUS_NEW) ticket.statusId = STATUS_IN_PROGRESS;
    } else {
      ticket.updatedByUser = true;
      ticket.updatedByPerformer = false;
      // A customer's reply reopens a closed ticket.
      if (ticket.statusId === STATUS_CLOSED) {
        ticket.statusId = STATUS_IN_PROGRESS;
        ticket.resolvedDate = null;
      }
    }
  }
  // Inferred: the new comment's id, as a bare number like POST /api/ticket.
  return jsonResponse(200, comment.id);
}
