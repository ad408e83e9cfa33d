// Tickets: the list (modes, filters, count/offset paging, a bare array with no total),
// search, one ticket's detail, and the writes: create, UpdateTicket, Close.
import { emptyResponse, jsonResponse, type SimResponse } from '../../http-util';
import { systemText } from '../content';
import { ApiError, badRequest } from '../errors';
import { Binder } from '../params';
import type { RouteContext, UploadedFile } from '../router';
import { ticketDetailJson, ticketListJson } from '../serialize';
import {
  addComment,
  addFile,
  commentsOf,
  fullName,
  newTicket,
  ORIGINS,
  setTags,
  splitTags,
  statusName,
  STATUS_CLOSED,
  STATUS_NEW,
  type JitbitState,
  type TicketRecord,
  type UserRecord,
} from '../state';
import {
  canSee,
  checkAssignee,
  checkCanEdit,
  checkCategory,
  checkPriority,
  checkStatus,
  checkSubject,
  findTicket,
  findUser,
  guessFormat,
  isClosed,
  required,
  requiredText,
} from '../validate';

/** "200 OK if there were no errors": an empty body, with its length said, as ASP.NET sends it. */
export function emptyOk(): SimResponse {
  return emptyResponse(200, { 'Content-Length': '0' });
}

export const DEFAULT_COUNT = 10;
/** "Max: 300". Decision: a larger count is cut to 300 silently, as a server-side cap does. */
export const MAX_COUNT = 300;
const DAY = 86_400_000;

export const LIST_PARAMS = [
  'mode',
  'categoryId',
  'sectionId',
  'statusId',
  'fromUserId',
  'fromCompanyId',
  'handledByUserID',
  'tagName',
  'dateFrom',
  'dateTo',
  'updatedFrom',
  'updatedTo',
  'dueInDays',
  'includeCustomFields',
  'subscribedOnly',
  'count',
  'offset',
] as const;

const MODES = ['all', 'unanswered', 'unclosed', 'handledbyme'] as const;
type Mode = (typeof MODES)[number];

/**
 * "unanswered shows new or updated by customer or for tech tickets": open tickets that
 * are New, or whose last public word is the customer's, or that got a technicians-only
 * update. Inferred: closed tickets are never unanswered.
 */
export function isUnanswered(ticket: TicketRecord): boolean {
  return !isClosed(ticket) && (ticket.statusId === STATUS_NEW || ticket.updatedByUser || ticket.updatedForTechView);
}

/**
 * "handledbyme shows tickets assigned to the user". Inferred: open ones only, like the
 * web app's queue of that name and the Stats counter; `handledByUserID` lists closed ones too.
 */
function matchesMode(mode: Mode, ticket: TicketRecord, caller: UserRecord): boolean {
  switch (mode) {
    case 'all':
      return true;
    case 'unanswered':
      return isUnanswered(ticket);
    case 'unclosed':
      return !isClosed(ticket);
    case 'handledbyme':
      return !isClosed(ticket) && ticket.assignedToUserId === caller.id;
  }
}

/** Newest activity first, then the higher id. Inferred: the web app's default order. */
function byLastUpdated(a: TicketRecord, b: TicketRecord): number {
  return b.lastUpdated - a.lastUpdated || b.id - a.id;
}

/** Inferred: a subscriber is the submitter, the assignee or anyone who commented. */
function isSubscribed(state: JitbitState, ticket: TicketRecord, userId: number): boolean {
  return ticket.userId === userId || ticket.assignedToUserId === userId || commentsOf(state, ticket.id).some((c) => c.userId === userId);
}

export function listTickets(ctx: RouteContext): SimResponse {
  const { state, caller } = ctx;
  const input = new Binder(ctx.params);
  const modeText = input.text('mode')?.trim().toLowerCase() || 'all';
  const categories = input.ints('categoryId');
  const sectionId = input.int('sectionId');
  const statuses = input.ints('statusId');
  const fromUserId = input.int('fromUserId');
  const fromCompanyId = input.int('fromCompanyId');
  const handledBy = input.int('handledByUserID');
  const tagName = input.text('tagName')?.trim().toLowerCase();
  const dateFrom = input.dateOnly('dateFrom');
  const dateTo = input.dateOnly('dateTo');
  const updatedFrom = input.dateOnly('updatedFrom');
  const updatedTo = input.dateOnly('updatedTo');
  const dueInDays = input.int('dueInDays');
  const includeCustomFields = input.bool('includeCustomFields') ?? false;
  const subscribedOnly = input.bool('subscribedOnly') ?? false;
  const count = input.int('count') ?? DEFAULT_COUNT;
  const offset = input.int('offset') ?? 0;
  input.check();
  if (!(MODES as readonly string[]).includes(modeText)) throw badRequest(`'mode' must be one of: ${MODES.join(', ')} (got "${input.text('mode')}").`);
  const mode = modeText as Mode;
  if (count < 1) throw badRequest(`'count' must be between 1 and ${MAX_COUNT}.`);
  if (offset < 0) throw badRequest("'offset' must not be negative.");

  const now = state.now();
  const matches = [...state.tickets.values()].filter((ticket) => {
    if (!canSee(caller, ticket) || !matchesMode(mode, ticket, caller)) return false;
    if (categories && !categories.includes(ticket.categoryId)) return false;
    if (sectionId !== undefined && state.categories.get(ticket.categoryId)?.sectionId !== sectionId) return false;
    if (statuses && !statuses.includes(ticket.statusId)) return false;
    if (fromUserId !== undefined && ticket.userId !== fromUserId) return false;
    if (fromCompanyId !== undefined && state.users.get(ticket.userId)?.companyId !== fromCompanyId) return false;
    if (handledBy !== undefined && ticket.assignedToUserId !== handledBy) return false;
    if (tagName !== undefined && tagName !== '' && !ticket.tags.some((tag) => tag.toLowerCase() === tagName)) return false;
    // Inferred: "to" dates include the whole day (UTC).
    if (dateFrom !== undefined && ticket.issueDate < dateFrom) return false;
    if (dateTo !== undefined && ticket.issueDate >= dateTo + DAY) return false;
    if (updatedFrom !== undefined && ticket.lastUpdated < updatedFrom) return false;
    if (updatedTo !== undefined && ticket.lastUpdated >= updatedTo + DAY) return false;
    if (dueInDays !== undefined && (ticket.dueDate === null || ticket.dueDate > now + dueInDays * DAY)) return false;
    if (subscribedOnly && !isSubscribed(state, ticket, caller.id)) return false;
    return true;
  });
  matches.sort(byLastUpdated);
  const page = matches.slice(offset, offset + Math.min(count, MAX_COUNT));
  return jsonResponse(200, page.map((ticket) => ticketListJson(state, ticket, includeCustomFields)));
}

export const SEARCH_PARAMS = ['query', 'fromUserId', 'categoryId', 'statusId', 'assignedToUserId', 'dateFrom', 'dateTo'] as const;
/** Inferred: search answers at most as many tickets as one list page may hold. */
export const MAX_SEARCH_RESULTS = MAX_COUNT;

/** Inferred: case-insensitive substring search of subjects, bodies and visible comments. */
export function searchTickets(ctx: RouteContext): SimResponse {
  const { state, caller } = ctx;
  const input = new Binder(ctx.params);
  const query = input.text('query');
  const fromUserId = input.int('fromUserId');
  const categories = input.ints('categoryId');
  const statuses = input.ints('statusId');
  const assignedTo = input.int('assignedToUserId');
  const dateFrom = input.dateTime('dateFrom');
  const dateTo = input.dateTime('dateTo');
  input.check();
  const needle = requiredText(query, 'query').trim().toLowerCase();
  const found = [...state.tickets.values()].filter((ticket) => {
    if (!canSee(caller, ticket)) return false;
    if (fromUserId !== undefined && ticket.userId !== fromUserId) return false;
    if (categories && !categories.includes(ticket.categoryId)) return false;
    if (statuses && !statuses.includes(ticket.statusId)) return false;
    if (assignedTo !== undefined && ticket.assignedToUserId !== assignedTo) return false;
    if (dateFrom !== undefined && ticket.issueDate < dateFrom) return false;
    if (dateTo !== undefined && ticket.issueDate > dateTo) return false;
    if (ticket.subject.toLowerCase().includes(needle) || ticket.body.toLowerCase().includes(needle)) return true;
    return commentsOf(state, ticket.id).some((c) => (caller.isTech || !c.forTechsOnly) && c.body.toLowerCase().includes(needle));
  });
  found.sort(byLastUpdated);
  return jsonResponse(200, found.slice(0, MAX_SEARCH_RESULTS).map((ticket) => ticketListJson(state, ticket)));
}

export function getTicket(ctx: RouteContext): SimResponse {
  const input = new Binder(ctx.params);
  const id = input.int('id');
  input.check();
  const ticket = findTicket(ctx.state, required(id, 'id'), ctx.caller);
  return jsonResponse(200, ticketDetailJson(ctx.state, ticket, ctx.caller));
}

export const CREATE_PARAMS = ['categoryId', 'body', 'subject', 'priorityId', 'userId', 'tags', 'origin', 'assignedToUserId', 'customFields', 'suppressConfirmation'] as const;

/** `customFields={"2911":"9101"}`: a JSON object from custom field id to value. */
function readCustomFields(state: JitbitState, raw: string | undefined, categoryId: number): Map<number, string> {
  const values = new Map<number, string>();
  if (raw === undefined || raw.trim() === '') return values;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw badRequest(`'customFields' must be a JSON object like {"ID1": "value", "ID2": "value"} (got "${raw}").`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest('\'customFields\' must be a JSON object like {"ID1": "value", "ID2": "value"}.');
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    const field = /^\d+$/.test(key) ? state.customFields.find((f) => f.id === Number(key)) : undefined;
    if (!field || (field.categoryIds && !field.categoryIds.includes(categoryId))) throw badRequest(`'customFields': there is no custom field ${key} in this category.`);
    if (value === null || typeof value === 'object') throw badRequest(`'customFields': the value of field ${key} must be a string, number or boolean.`);
    values.set(field.id, String(value));
  }
  return values;
}

export function checkFiles(state: JitbitState, files: readonly UploadedFile[]): void {
  const limit = state.limits.maxUploadBytes;
  for (const file of files) {
    if (file.data.length > limit) throw new ApiError(413, `The file "${file.filename}" is larger than the ${limit >= 1024 * 1024 ? `${Math.round(limit / 1024 / 1024)} MB` : `${limit} bytes`} upload limit.`);
  }
}

export function storeFiles(state: JitbitState, ticket: TicketRecord, commentId: number | null, userId: number, files: readonly UploadedFile[], forTechsOnly: boolean, at: number): void {
  for (const file of files) {
    addFile(state, { ticketId: ticket.id, commentId, userId, date: at, fileName: file.filename, contentType: file.contentType, data: file.data, forTechsOnly });
  }
}

export function createTicket(ctx: RouteContext): SimResponse {
  const { state, caller } = ctx;
  const input = new Binder(ctx.params);
  const categoryId = input.int('categoryId');
  const priorityId = input.int('priorityId');
  const userId = input.int('userId');
  const origin = input.int('origin');
  const assignedTo = input.int('assignedToUserId');
  input.bool('suppressConfirmation');
  input.check();

  const category = checkCategory(state, required(categoryId, 'categoryId'), 'categoryId', caller);
  const subject = checkSubject(requiredText(input.text('subject'), 'subject').trim());
  const body = requiredText(input.text('body'), 'body');
  const priority = checkPriority(priorityId ?? 0, 'priorityId');
  if (userId !== undefined && !caller.isTech) throw badRequest("'userId' (creating a ticket on behalf of someone) requires technician permissions.");
  const submitter = userId === undefined ? caller : findUser(state, userId, 'userId');
  if (assignedTo !== undefined && !caller.isTech) throw badRequest("'assignedToUserId' requires technician permissions.");
  const assignee = assignedTo === undefined || assignedTo === 0 ? null : checkAssignee(state, assignedTo, category, 'assignedToUserId');
  if (origin !== undefined && (origin < 0 || origin >= ORIGINS.length)) throw badRequest(`'origin' must be between 0 and ${ORIGINS.length - 1}.`);
  const customFields = readCustomFields(state, input.text('customFields'), category);
  checkFiles(state, ctx.files);

  const now = state.now();
  const ticket = newTicket({
    id: state.nextId.ticket++,
    subject,
    body,
    bodyFormat: guessFormat(body),
    userId: submitter.id,
    assignedToUserId: assignee?.id ?? null,
    categoryId: category,
    statusId: STATUS_NEW,
    priority,
    // Inferred: without `origin` a ticket made through the API says it came via the API.
    origin: ORIGINS[origin ?? 3] ?? 'API',
    issueDate: now,
    lastUpdatedByUserId: caller.id,
    customFields,
  });
  state.tickets.set(ticket.id, ticket);
  setTags(state, ticket, splitTags(input.text('tags') ?? ''));
  storeFiles(state, ticket, null, caller.id, ctx.files, false, now);
  // "Returns: The created ticket ID" - a bare number.
  return jsonResponse(200, ticket.id);
}

export const UPDATE_PARAMS = [
  'id',
  'categoryId',
  'priority',
  'date',
  'userId',
  'dueDate',
  'closeDate',
  'assignedUserId',
  'timeSpentInSeconds',
  'statusId',
  'tags',
  'subject',
  'body',
] as const;

/** Inferred: changes of status, technician and category leave grey system lines in the thread, as in the web app. */
function systemLine(state: JitbitState, ticket: TicketRecord, caller: UserRecord, body: string, at: number): void {
  addComment(state, { ticketId: ticket.id, userId: caller.id, date: at, body, forTechsOnly: false, isSystem: true, recipients: '' });
}

export function setStatus(state: JitbitState, ticket: TicketRecord, caller: UserRecord, statusId: number, at: number): void {
  if (ticket.statusId === statusId) return;
  const from = statusName(state, ticket.statusId);
  ticket.statusId = statusId;
  if (statusId === STATUS_CLOSED) {
    ticket.resolvedDate = at;
    systemLine(state, ticket, caller, systemText.closed(), at);
  } else {
    ticket.resolvedDate = null;
    systemLine(state, ticket, caller, systemText.status(from, statusName(state, statusId)), at);
  }
  if (statusId === STATUS_CLOSED) ticket.updatedForTechView = false;
}

export function updateTicket(ctx: RouteContext): SimResponse {
  const { state, caller, params } = ctx;
  const input = new Binder(params);
  const id = input.int('id');
  const categoryId = input.int('categoryId');
  const priority = input.int('priority');
  const date = input.dateTime('date');
  const userId = input.int('userId');
  const dueDate = input.dateTime('dueDate');
  const closeDate = input.dateTime('closeDate');
  const assignedUserId = input.int('assignedUserId');
  const timeSpent = input.int('timeSpentInSeconds');
  const statusId = input.int('statusId');
  input.check();
  const ticket = findTicket(state, required(id, 'id'), caller);
  checkCanEdit(caller, ticket);

  // Everything is checked before anything changes: a refused request changes nothing.
  const category = categoryId === undefined ? ticket.categoryId : checkCategory(state, categoryId, 'categoryId', caller);
  if (priority !== undefined) checkPriority(priority, 'priority');
  if (userId !== undefined) findUser(state, userId, 'userId');
  if (assignedUserId !== undefined && assignedUserId !== 0) checkAssignee(state, assignedUserId, category, 'assignedUserId');
  if (timeSpent !== undefined && timeSpent < 0) throw badRequest("'timeSpentInSeconds' must not be negative.");
  if (statusId !== undefined) checkStatus(state, statusId);
  const subject = params.has('subject') ? checkSubject(requiredText(input.text('subject'), 'subject').trim()) : undefined;
  const body = params.has('body') ? requiredText(input.text('body'), 'body') : undefined;

  const now = state.now();
  if (categoryId !== undefined && categoryId !== ticket.categoryId) {
    const from = state.categories.get(ticket.categoryId)?.name ?? '';
    ticket.categoryId = categoryId;
    systemLine(state, ticket, caller, systemText.category(from, state.categories.get(categoryId)?.name ?? ''), now);
  }
  if (priority !== undefined) ticket.priority = priority;
  if (date !== undefined) ticket.issueDate = date;
  if (userId !== undefined) ticket.userId = userId;
  if (dueDate !== undefined) ticket.dueDate = dueDate;
  if (assignedUserId !== undefined) {
    const next = assignedUserId === 0 ? null : assignedUserId;
    if (next !== ticket.assignedToUserId) {
      ticket.assignedToUserId = next;
      const tech = next === null ? undefined : state.users.get(next);
      systemLine(state, ticket, caller, tech ? systemText.assigned(fullName(tech)) : systemText.unassigned(), now);
    }
  }
  if (timeSpent !== undefined) ticket.timeSpentInSeconds = timeSpent;
  if (statusId !== undefined) setStatus(state, ticket, caller, statusId, now);
  if (closeDate !== undefined) ticket.resolvedDate = closeDate;
  if (params.has('tags')) setTags(state, ticket, splitTags(input.text('tags') ?? ''));
  if (subject !== undefined) ticket.subject = subject;
  if (body !== undefined) {
    ticket.body = body;
    ticket.bodyFormat = guessFormat(body);
  }
  ticket.lastUpdated = now;
  ticket.lastUpdatedByUserId = caller.id;
  return emptyOk();
}

export const CLOSE_PARAMS = ['id', 'suppressNotification'] as const;

export function closeTicket(ctx: RouteContext): SimResponse {
  const { state, caller } = ctx;
  const input = new Binder(ctx.params);
  const id = input.int('id');
  input.bool('suppressNotification');
  input.check();
  const ticket = findTicket(state, required(id, 'id'), caller);
  checkCanEdit(caller, ticket);
  // Inferred: closing a closed ticket is a quiet success.
  if (!isClosed(ticket)) {
    const now = state.now();
    setStatus(state, ticket, caller, STATUS_CLOSED, now);
    ticket.lastUpdated = now;
    ticket.lastUpdatedByUserId = caller.id;
  }
  return emptyOk();
}
