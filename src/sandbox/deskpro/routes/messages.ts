// A ticket's conversation: /tickets/{id}/messages (list, read one, reply or note) and
// /tickets/{id}/attachments.
import { jsonResponse, type SimResponse } from '../../http-util';
import { textToHtml } from '../../mail';
import { collection, readInclude, readPaging, single, slicePage, type Linked } from '../envelope';
import { apiError, InputErrors } from '../errors';
import type { RouteContext } from '../router';
import { attachmentJson, messageJson, personJson } from '../serialize';
import { addMessage, attachBlob, formatDate, type MessageRecord } from '../state';
import { readAttachments, readFlag, readFormat, readText } from '../validate';
import { findTicket, location } from './tickets';

const MESSAGE_ORDER = ['date_created', 'id'] as const;

function messageLinks(ctx: RouteContext, messages: readonly MessageRecord[], include: ReadonlySet<string>): Linked {
  if (!include.has('person')) return {};
  const people: Record<string, unknown> = {};
  for (const message of messages) {
    const person = ctx.state.people.get(message.person);
    if (person) people[String(person.id)] ??= personJson(person);
  }
  return { person: people };
}

export function listMessages(ctx: RouteContext): SimResponse {
  const { state, query } = ctx;
  const ticket = findTicket(state, ctx.params.id as number);
  const errors = new InputErrors();
  const paging = readPaging(query, errors);
  const include = readInclude(query, ['person'], errors);
  const orderBy = query.get('order_by') ?? 'date_created';
  if (!(MESSAGE_ORDER as readonly string[]).includes(orderBy)) errors.add('order_by', 'invalid_choice', `order_by must be one of: ${MESSAGE_ORDER.join(', ')}.`);
  // Inferred: newest first by default. Clients in the wild always pass
  // order_by=date_created&order_dir=asc, which suggests the default is not oldest-first.
  const orderDir = query.get('order_dir') ?? 'desc';
  if (orderDir !== 'asc' && orderDir !== 'desc') errors.add('order_dir', 'invalid_choice', 'order_dir must be "asc" or "desc".');
  errors.throwIfAny();

  const direction = orderDir === 'asc' ? 1 : -1;
  const messages = (state.ticketMessages.get(ticket.id) ?? []).map((id) => state.messages.get(id)).filter((m): m is MessageRecord => m !== undefined);
  messages.sort((a, b) => {
    if (orderBy === 'date_created' && a.date_created !== b.date_created) return (a.date_created < b.date_created ? -1 : 1) * direction;
    return (a.id - b.id) * direction;
  });
  const slice = slicePage(messages, paging);
  return jsonResponse(200, collection(slice, slice.items.map(messageJson), ctx.url, messageLinks(ctx, slice.items, include)));
}

export function getMessage(ctx: RouteContext): SimResponse {
  const ticket = findTicket(ctx.state, ctx.params.id as number);
  const errors = new InputErrors();
  const include = readInclude(ctx.query, ['person'], errors);
  errors.throwIfAny();
  const message = ctx.state.messages.get(ctx.params.messageId as number);
  if (!message || message.ticket !== ticket.id) throw apiError(404, `Message ${ctx.params.messageId} was not found on ticket ${ticket.id}.`);
  return jsonResponse(200, single(messageJson(message), messageLinks(ctx, [message], include)));
}

export function postMessage(ctx: RouteContext): SimResponse {
  const { state, body, caller } = ctx;
  const ticket = findTicket(state, ctx.params.id as number);
  const errors = new InputErrors();
  errors.rejectUnknown(body, ['message', 'format', 'is_note', 'attachments']);
  const text = readText(body.message, ['message'], errors, { required: true });
  const format = readFormat(body.format, ['format'], errors);
  const isNote = readFlag(body.is_note, ['is_note'], errors) ?? false;
  const attachments = readAttachments(state, body.attachments, ['attachments'], errors);
  errors.throwIfAny();
  if (text === undefined || format === undefined || attachments === undefined) throw apiError(500);

  const now = formatDate(Date.now());
  const message = addMessage(state, {
    ticket: ticket.id,
    person: caller.person.id,
    date_created: now,
    is_agent_note: isNote ? 1 : 0,
    message: format === 'text' ? textToHtml(text) : text,
  });
  for (const input of attachments) {
    const blob = state.blobs.get(input.blobId);
    if (blob) attachBlob(state, message, blob, input.isInline);
  }
  // An agent's public reply hands the ticket to the user; a note changes nothing they see.
  if (!isNote) {
    ticket.status = 'awaiting_user';
    ticket.date_last_agent_reply = now;
  }
  const headers = { Location: location(state, `/tickets/${ticket.id}/messages/${message.id}`) };
  return jsonResponse(201, single(messageJson(message)), headers);
}

export function listAttachments(ctx: RouteContext): SimResponse {
  const { state } = ctx;
  const ticket = findTicket(state, ctx.params.id as number);
  const errors = new InputErrors();
  const paging = readPaging(ctx.query, errors);
  errors.throwIfAny();
  const attachments = (state.ticketAttachments.get(ticket.id) ?? []).map((id) => state.attachments.get(id)).filter((a) => a !== undefined);
  const slice = slicePage(attachments, paging);
  return jsonResponse(200, collection(slice, slice.items.map((a) => attachmentJson(state, a)), ctx.url));
}
