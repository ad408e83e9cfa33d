// Files: download one by its FileID (the bytes, type in Content-Type, name in
// Content-Disposition) and attach files to a ticket (multipart `uploadFile` parts).
import { contentDisposition, type SimResponse } from '../../http-util';
import { badRequest, notFound } from '../errors';
import { Binder } from '../params';
import type { RouteContext } from '../router';
import { checkCanEdit, canSee, findTicket, required } from '../validate';
import { checkFiles, emptyOk, storeFiles } from './tickets';

/** Images a browser may show inline; everything else (HTML, SVG...) is a download. */
const INLINE_SAFE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function downloadAttachment(ctx: RouteContext): SimResponse {
  const { state, caller } = ctx;
  const input = new Binder(ctx.params);
  const id = input.int('id');
  input.check();
  const fileId = required(id, 'id');
  const file = state.files.get(fileId);
  const ticket = file ? state.tickets.get(file.ticketId) : undefined;
  if (!file || !ticket || !canSee(caller, ticket) || (file.forTechsOnly && !caller.isTech)) throw notFound(`File ${fileId} not found.`);
  return {
    status: 200,
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': contentDisposition(file.fileName, INLINE_SAFE.has(file.contentType) ? 'inline' : 'attachment'),
      'X-Content-Type-Options': 'nosniff',
    },
    body: file.data,
  };
}

export const ATTACH_PARAMS = ['id'] as const;

/** Inferred: the files belong to the ticket itself (CommentID null) and the answer is an empty 200. */
export function attachFile(ctx: RouteContext): SimResponse {
  const { state, caller } = ctx;
  const input = new Binder(ctx.params);
  const id = input.int('id');
  input.check();
  const ticket = findTicket(state, required(id, 'id'), caller);
  checkCanEdit(caller, ticket);
  if (ctx.files.length === 0) throw badRequest('No file was uploaded: send multipart/form-data with the file in a part named "uploadFile".');
  checkFiles(state, ctx.files);
  const now = state.now();
  storeFiles(state, ticket, null, caller.id, ctx.files, false, now);
  ticket.lastUpdated = now;
  ticket.lastUpdatedByUserId = caller.id;
  return emptyOk();
}
