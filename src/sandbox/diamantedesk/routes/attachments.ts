// Attachments of tickets and comments: list, one, add (JSON `attachmentsInput` with
// base64 contents → 201 and the new attachments as a list), remove. An attachment the
// holder does not have is 404 with an empty message.
import { assertStorable, createAttachment, prepareAttachmentInput } from '../attachment-files';
import { DeskError } from '../errors';
import { checkCommentView, checkGranted } from '../permissions';
import type { RouteContext, ServiceResult } from '../router';
import { attachmentJson } from '../serialize';
import { attachmentsOf, removeAttachment, serverNow, type AttachmentRecord } from '../state';
import { bindCommand, notNull, type, type CommandDef } from '../validate';
import { commentById } from './comments';
import { serializeContext, ticketById } from './common';

function idsCommand(className: string, holder: 'ticketId' | 'commentId'): CommandDef {
  return {
    className: `Diamante\\DeskBundle\\Api\\Command\\${className}`,
    properties: [
      { name: holder, checks: [notNull(), type('integer')], integer: true },
      { name: 'attachmentId', checks: [notNull(), type('integer')], integer: true },
    ],
  };
}

function pick(ids: readonly number[], state: RouteContext['state'], attachmentId: unknown): AttachmentRecord {
  const id = Number(attachmentId);
  const attachment = ids.includes(id) ? state.attachments.get(id) : undefined;
  if (!attachment) throw new DeskError(404, '');
  return attachment;
}

export function listTicketAttachments(ctx: RouteContext): ServiceResult {
  const ticket = ticketById(ctx, ctx.params.id);
  checkGranted(ctx.caller, 'VIEW', { kind: 'ticket', ticket });
  const s = serializeContext(ctx);
  return { data: attachmentsOf(ctx.state, ticket.attachmentIds).map((a) => attachmentJson(s, a)) };
}

export function getTicketAttachment(ctx: RouteContext): ServiceResult {
  const command = bindCommand(idsCommand('RetrieveTicketAttachmentCommand', 'ticketId'), ctx.data);
  const ticket = ticketById(ctx, command.ticketId);
  checkGranted(ctx.caller, 'VIEW', { kind: 'ticket', ticket });
  return { data: attachmentJson(serializeContext(ctx), pick(ticket.attachmentIds, ctx.state, command.attachmentId)) };
}

export function addTicketAttachments(ctx: RouteContext): ServiceResult {
  const inputs = prepareAttachmentInput(ctx.data.attachmentsInput);
  const ticket = ticketById(ctx, ctx.params.ticketId);
  checkGranted(ctx.caller, 'EDIT', { kind: 'ticket', ticket });
  assertStorable('ticket', inputs);
  const now = serverNow(ctx.state);
  const created = inputs.map((input) => createAttachment(ctx.state, 'ticket', ticket.id, input, now));
  ticket.attachmentIds.push(...created.map((a) => a.id));
  const s = serializeContext(ctx);
  return { data: created.map((a) => attachmentJson(s, a)) };
}

export function removeTicketAttachment(ctx: RouteContext): ServiceResult {
  const command = bindCommand(idsCommand('RemoveTicketAttachmentCommand', 'ticketId'), ctx.data);
  const ticket = ticketById(ctx, command.ticketId);
  checkGranted(ctx.caller, 'EDIT', { kind: 'ticket', ticket });
  const attachment = pick(ticket.attachmentIds, ctx.state, command.attachmentId);
  ticket.attachmentIds.splice(ticket.attachmentIds.indexOf(attachment.id), 1);
  removeAttachment(ctx.state, attachment.id);
  return { data: null };
}

export function listCommentAttachments(ctx: RouteContext): ServiceResult {
  const comment = commentById(ctx, ctx.params.id);
  checkCommentView(ctx.caller, comment, ctx.state.tickets.get(comment.ticketId));
  const s = serializeContext(ctx);
  return { data: attachmentsOf(ctx.state, comment.attachmentIds).map((a) => attachmentJson(s, a)) };
}

export function getCommentAttachment(ctx: RouteContext): ServiceResult {
  const command = bindCommand(idsCommand('RetrieveCommentAttachmentCommand', 'commentId'), ctx.data);
  const comment = commentById(ctx, command.commentId);
  checkCommentView(ctx.caller, comment, ctx.state.tickets.get(comment.ticketId));
  return { data: attachmentJson(serializeContext(ctx), pick(comment.attachmentIds, ctx.state, command.attachmentId)) };
}

export function addCommentAttachments(ctx: RouteContext): ServiceResult {
  const inputs = prepareAttachmentInput(ctx.data.attachmentsInput);
  const comment = commentById(ctx, ctx.params.commentId);
  checkGranted(ctx.caller, 'EDIT', { kind: 'comment', comment });
  assertStorable('comment', inputs);
  const now = serverNow(ctx.state);
  const created = inputs.map((input) => createAttachment(ctx.state, 'comment', comment.id, input, now));
  comment.attachmentIds.push(...created.map((a) => a.id));
  const s = serializeContext(ctx);
  return { data: created.map((a) => attachmentJson(s, a)) };
}

export function removeCommentAttachment(ctx: RouteContext): ServiceResult {
  const command = bindCommand(idsCommand('RemoveCommentAttachmentCommand', 'commentId'), ctx.data);
  const comment = commentById(ctx, command.commentId);
  checkGranted(ctx.caller, 'EDIT', { kind: 'comment', comment });
  const attachment = pick(comment.attachmentIds, ctx.state, command.attachmentId);
  comment.attachmentIds.splice(comment.attachmentIds.indexOf(attachment.id), 1);
  removeAttachment(ctx.state, attachment.id);
  return { data: null };
}
