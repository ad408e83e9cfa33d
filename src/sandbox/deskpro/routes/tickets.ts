// /tickets and /tickets/{id}: list with filters, read, create (POST → 201), update (PUT → 204).
import { emptyResponse, jsonResponse, type SimResponse } from '../../http-util';
import { textToHtml } from '../../mail';
import { collection, readIdList, readInclude, readPaging, single, slicePage, type Linked } from '../envelope';
import { apiError, InputErrors } from '../errors';
import type { RouteContext } from '../router';
import { personJson, ticketJson } from '../serialize';
import {
  addMessage,
  attachBlob,
  formatDate,
  isTicketStatus,
  newRef,
  type DeskproState,
  type PersonRecord,
  type TicketRecord,
  type TicketStatusId,
} from '../state';
import {
  isEmail,
  isPlainObject,
  MAX_SUBJECT_LENGTH,
  readAgent,
  readAttachments,
  readFormat,
  readLabels,
  readRef,
  readStatus,
  readText,
  readUrgency,
  type AttachmentInput,
} from '../validate';

const TICKET_INCLUDES = ['person', 'agent', 'department', 'priority'] as const;
const ORDER_FIELDS = ['id', 'date_created', 'date_last_agent_reply', 'date_last_user_reply', 'urgency'] as const;
type OrderField = (typeof ORDER_FIELDS)[number];

export function findTicket(state: DeskproState, id: number): TicketRecord {
  const ticket = state.tickets.get(id);
  if (!ticket) throw apiError(404, `Ticket ${id} was not found.`);
  return ticket;
}

export function wantsFollow(query: URLSearchParams): boolean {
  const value = query.get('follow_location');
  return value === '1' || value === 'true';
}

export function location(state: DeskproState, path: string): string {
  return `${state.baseUrl}/api/v2${path}`;
}

/** `linked.person.ID`, `linked.agent.ID`, `linked.department.ID`, `linked.priority.ID`. */
export function ticketLinks(state: DeskproState, tickets: readonly TicketRecord[], include: ReadonlySet<string>): Linked {
  const linked: Linked = {};
  const add = (type: string, id: number | null, value: () => unknown): void => {
    if (id === null || !include.has(type)) return;
    (linked[type] ??= {})[String(id)] ??= value();
  };
  for (const ticket of tickets) {
    add('person', ticket.person, () => personOrNull(state.people.get(ticket.person)));
    add('agent', ticket.agent, () => personOrNull(ticket.agent === null ? undefined : state.people.get(ticket.agent)));
    add('department', ticket.department, () => state.departments.find((d) => d.id === ticket.department) ?? null);
    add('priority', ticket.priority, () => state.priorities.find((p) => p.id === ticket.priority) ?? null);
  }
  return linked;
}

function personOrNull(person: PersonRecord | undefined): unknown {
  return person ? personJson(person) : null;
}

export function listTickets(ctx: RouteContext): SimResponse {
  const { query, state } = ctx;
  const errors = new InputErrors();
  const paging = readPaging(query, errors);
  const include = readInclude(query, TICKET_INCLUDES, errors);
  const ids = readIdList(query, 'ids', errors);
  // Decision (inferred): `agent=0` means "unassigned", mirroring PUT's `agent: 0`.
  const agents = readIdList(query, 'agent', errors, true);
  const persons = readIdList(query, 'person', errors);
  const departments = readIdList(query, 'department', errors);
  const statuses = readStatusList(query, errors);
  const labels = query.get('labels')?.split(',').map((label) => label.trim()).filter(Boolean);
  const orderBy = (query.get('order_by') ?? 'id') as OrderField;
  if (!ORDER_FIELDS.includes(orderBy)) errors.add('order_by', 'invalid_choice', `order_by must be one of: ${ORDER_FIELDS.join(', ')}.`);
  const orderDir = query.get('order_dir') ?? 'asc';
  if (orderDir !== 'asc' && orderDir !== 'desc') errors.add('order_dir', 'invalid_choice', 'order_dir must be "asc" or "desc".');
  // Inferred: `q` searches the subject, case-insensitively, as a substring.
  const text = query.get('q')?.trim().toLowerCase();
  errors.throwIfAny();

  const matches = [...state.tickets.values()].filter((ticket) => {
    if (ids) return ids.includes(ticket.id);
    // Inferred: hidden tickets (spam, deleted) are left out unless `status` asks for them.
    if (statuses ? !statuses.includes(ticket.status) : ticket.status === 'hidden') return false;
    if (agents && !agents.includes(ticket.agent ?? 0)) return false;
    if (persons && !persons.includes(ticket.person)) return false;
    if (departments && (ticket.department === null || !departments.includes(ticket.department))) return false;
    // Inferred: several labels match a ticket that has any of them.
    if (labels && !labels.some((label) => ticket.labels.includes(label))) return false;
    if (text && !ticket.subject.toLowerCase().includes(text)) return false;
    return true;
  });
  const direction = orderDir === 'desc' ? -1 : 1;
  // Inferred: a missing date sorts as the oldest; ties fall back to id in the same direction.
  matches.sort((a, b) => {
    const x = a[orderBy] ?? '';
    const y = b[orderBy] ?? '';
    if (x !== y) return (x < y ? -1 : 1) * direction;
    return (a.id - b.id) * direction;
  });
  const slice = slicePage(matches, paging);
  return jsonResponse(200, collection(slice, slice.items.map(ticketJson), ctx.url, ticketLinks(state, slice.items, include)));
}

function readStatusList(query: URLSearchParams, errors: InputErrors): TicketStatusId[] | undefined {
  const raw = query.get('status');
  if (raw === null) return undefined;
  const statuses = raw.split(',').map((status) => status.trim());
  const bad = statuses.filter((status) => !isTicketStatus(status));
  if (bad.length > 0) {
    errors.add('status', 'invalid_choice', `Unknown status: ${bad.join(', ')}.`);
    return undefined;
  }
  return statuses as TicketStatusId[];
}

export function getTicket(ctx: RouteContext): SimResponse {
  const errors = new InputErrors();
  const include = readInclude(ctx.query, TICKET_INCLUDES, errors);
  errors.throwIfAny();
  const ticket = findTicket(ctx.state, ctx.params.id as number);
  return jsonResponse(200, single(ticketJson(ticket), ticketLinks(ctx.state, [ticket], include)));
}

const CREATE_FIELDS = ['subject', 'person', 'message', 'department', 'agent', 'priority', 'labels', 'status', 'urgency'];
const UPDATE_FIELDS = ['subject', 'status', 'agent', 'priority', 'department', 'labels', 'urgency'];

/** Who the requester is: an existing person, or one to create once the input is valid. */
type RequesterPlan = { id: number } | { create: { email: string; first: string; last: string } };

function readRequester(state: DeskproState, value: unknown, errors: InputErrors): RequesterPlan | undefined {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || !state.people.has(value)) {
      errors.add('person', 'invalid_person', `There is no person with id ${value}.`);
      return undefined;
    }
    return { id: value };
  }
  let email: string | undefined;
  let first = '';
  let last = '';
  if (typeof value === 'string') {
    email = value.trim();
  } else if (isPlainObject(value)) {
    errors.rejectUnknown(value, ['email', 'name', 'first_name', 'last_name'], ['person']);
    email = readText(value.email, ['person', 'email'], errors, { required: true })?.trim();
    const name = readText(value.name, ['person', 'name'], errors, { required: false })?.trim();
    first = readText(value.first_name, ['person', 'first_name'], errors, { required: false })?.trim() ?? '';
    last = readText(value.last_name, ['person', 'last_name'], errors, { required: false })?.trim() ?? '';
    if (name && !first && !last) {
      const [head = '', ...rest] = name.split(/\s+/);
      first = head;
      last = rest.join(' ');
    }
    if (email === undefined) return undefined;
  } else {
    errors.add('person', 'invalid_type', 'person must be an id, an email address or {name, email}.');
    return undefined;
  }
  if (!isEmail(email)) {
    errors.add(typeof value === 'string' ? ['person'] : ['person', 'email'], 'invalid_email', 'This value is not a valid email address.');
    return undefined;
  }
  const existing = [...state.people.values()].find((p) => p.primary_email.toLowerCase() === email?.toLowerCase());
  if (existing) return { id: existing.id };
  // Inferred: a new person with only an email is named after the address's local part.
  if (!first && !last) first = email.split('@')[0] ?? email;
  return { create: { email, first, last } };
}

interface MessageInput {
  html: string;
  attachments: AttachmentInput[];
}

function readInitialMessage(state: DeskproState, value: unknown, errors: InputErrors): MessageInput | undefined {
  if (!isPlainObject(value)) {
    errors.add('message', 'invalid_type', 'message must be an object {message, format, attachments}.');
    return undefined;
  }
  errors.rejectUnknown(value, ['message', 'format', 'attachments'], ['message']);
  const text = readText(value.message, ['message', 'message'], errors, { required: true });
  const format = readFormat(value.format, ['message', 'format'], errors);
  const attachments = readAttachments(state, value.attachments, ['message', 'attachments'], errors);
  if (text === undefined || format === undefined || attachments === undefined) return undefined;
  return { html: format === 'text' ? textToHtml(text) : text, attachments };
}

export function createTicket(ctx: RouteContext): SimResponse {
  const { state, body, caller } = ctx;
  const errors = new InputErrors();
  errors.rejectUnknown(body, CREATE_FIELDS);
  const subject = readText(body.subject, ['subject'], errors, { required: true, max: MAX_SUBJECT_LENGTH });
  // Inferred: without `person` the caller is the requester (only subject is required).
  const requester = body.person === undefined ? { id: caller.person.id } : readRequester(state, body.person, errors);
  const message = body.message === undefined ? undefined : readInitialMessage(state, body.message, errors);
  const departmentIds = new Set(state.departments.map((d) => d.id));
  // Inferred: without a department the ticket goes to the first one, as a helpdesk's default.
  const department = body.department === undefined ? state.departments[0]?.id ?? null : readRef(departmentIds, body.department, ['department'], errors, false);
  const agent = body.agent === undefined ? null : readAgent(state, body.agent, ['agent'], errors);
  const priority = body.priority === undefined ? null : readRef(new Set(state.priorities.map((p) => p.id)), body.priority, ['priority'], errors, true);
  const labels = body.labels === undefined ? [] : readLabels(body.labels, ['labels'], errors);
  // Inferred: a new ticket waits for an agent unless the body says otherwise.
  const status = body.status === undefined ? 'awaiting_agent' : readStatus(body.status, ['status'], errors);
  const urgency = body.urgency === undefined ? 1 : readUrgency(body.urgency, ['urgency'], errors);
  errors.throwIfAny();
  if (subject === undefined || requester === undefined || department === undefined || agent === undefined || priority === undefined || labels === undefined || status === undefined || urgency === undefined) {
    throw apiError(500, 'Validation passed with a missing value.');
  }

  const now = formatDate(Date.now());
  const personId = 'id' in requester ? requester.id : createPerson(state, requester.create, now).id;
  const ticket: TicketRecord = {
    id: state.nextId.ticket++,
    ref: newRef(state.rng),
    subject,
    status,
    person: personId,
    agent,
    department,
    priority,
    date_created: now,
    date_last_agent_reply: null,
    date_last_user_reply: null,
    labels,
    urgency,
  };
  state.tickets.set(ticket.id, ticket);
  if (message) {
    // Inferred: the first message is written by the requester, as if they had emailed in.
    const record = addMessage(state, { ticket: ticket.id, person: personId, date_created: now, is_agent_note: 0, message: message.html });
    for (const input of message.attachments) {
      const blob = state.blobs.get(input.blobId);
      if (blob) attachBlob(state, record, blob, input.isInline);
    }
    if (state.people.get(personId)?.is_agent) ticket.date_last_agent_reply = now;
    else ticket.date_last_user_reply = now;
  }
  const headers = { Location: location(state, `/tickets/${ticket.id}`) };
  // Decision: without ?follow_location=1 the 201 carries only the new id.
  return jsonResponse(201, single(wantsFollow(ctx.query) ? ticketJson(ticket) : { id: ticket.id }), headers);
}

function createPerson(state: DeskproState, input: { email: string; first: string; last: string }, now: string): PersonRecord {
  const id = state.nextId.person++;
  const person: PersonRecord = {
    id,
    first_name: input.first,
    last_name: input.last,
    name: `${input.first} ${input.last}`.trim(),
    primary_email: input.email,
    is_agent: false,
    organization: null,
    date_created: now,
  };
  state.people.set(id, person);
  return person;
}

export function updateTicket(ctx: RouteContext): SimResponse {
  const { state, body } = ctx;
  const ticket = findTicket(state, ctx.params.id as number);
  const errors = new InputErrors();
  errors.rejectUnknown(body, UPDATE_FIELDS);
  const patch: Partial<TicketRecord> = {};
  if ('subject' in body) {
    const subject = readText(body.subject, ['subject'], errors, { required: true, max: MAX_SUBJECT_LENGTH });
    if (subject !== undefined) patch.subject = subject;
  }
  if ('status' in body) {
    const status = readStatus(body.status, ['status'], errors);
    if (status !== undefined) patch.status = status;
  }
  if ('agent' in body) {
    const agent = readAgent(state, body.agent, ['agent'], errors);
    if (agent !== undefined) patch.agent = agent;
  }
  if ('priority' in body) {
    const priority = readRef(new Set(state.priorities.map((p) => p.id)), body.priority, ['priority'], errors, true);
    if (priority !== undefined) patch.priority = priority;
  }
  if ('department' in body) {
    const department = readRef(new Set(state.departments.map((d) => d.id)), body.department, ['department'], errors, false);
    if (department !== undefined) patch.department = department;
  }
  if ('labels' in body) {
    const labels = readLabels(body.labels, ['labels'], errors);
    if (labels !== undefined) patch.labels = labels;
  }
  if ('urgency' in body) {
    const urgency = readUrgency(body.urgency, ['urgency'], errors);
    if (urgency !== undefined) patch.urgency = urgency;
  }
  errors.throwIfAny();
  // All or nothing: the patch is applied only once every field passed.
  Object.assign(ticket, patch);
  const headers = { Location: location(state, `/tickets/${ticket.id}`) };
  if (wantsFollow(ctx.query)) return jsonResponse(200, single(ticketJson(ticket)), headers);
  return emptyResponse(204, headers);
}
