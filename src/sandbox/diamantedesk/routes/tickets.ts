// Tickets: list, search, one by id or key, create, update (PUT and PATCH alike), delete,
// and the reporter / assignee of one. Behaviour as TicketApiServiceImpl and
// TicketServiceImpl have it; the notable parts:
// - PUT is not a replacement: both verbs go to updateProperties and change only the
//   properties sent. Each body key must be a property of the ticket model (500
//   `Ticket does not have "x" property.` otherwise); status, priority and source are
//   checked; `assignee` can only be set to null (an id is not an entity and the flush
//   fails with 500), so the API cannot assign a ticket after it was created;
// - create: `branch` may be left out (the default branch), `assignee` defaults to the
//   branch's default assignee, an unknown assignee id leaves the ticket unassigned, an
//   unknown reporter fails the insert (500), a missing subject becomes '';
// - X-Total of the list: see ticketTotal below.
import { assertStorable, createAttachment, prepareAttachmentInput } from '../attachment-files';
import { DeskError } from '../errors';
import { matchAny, type Criterion } from '../paging';
import { checkGranted } from '../permissions';
import type { RouteContext, ServiceResult } from '../router';
import { TICKET_FILTERS, TICKET_SCHEMA } from '../schemas';
import { ticketJson, userDetailsJson } from '../serialize';
import { agentTypedId, commentsOf, customerTypedId, nextSequence, removeAttachment, removeComment, PRIORITIES, serverNow, SOURCES, STATUSES, ticketKey, type TicketRecord } from '../state';
import { any, bindCommand, notBlank, notNull, PhpObject, printType, REQUIRED, regex, type, typedUser, minLength, type CommandDef } from '../validate';
import { phpString } from '../php-text';
import { reporterEmailOf } from '../directory';
import { mysqlLike } from '../mysql';
import { runList, serializeContext, ticketById, ticketByKey } from './common';

function ownTickets(ctx: RouteContext): TicketRecord[] {
  const all = [...ctx.state.tickets.values()];
  if (ctx.caller.kind === 'agent') return all;
  const me = customerTypedId(ctx.caller.customer.id);
  return all.filter((t) => t.reporter === me);
}

/**
 * X-Total of /tickets. The count query of the released code selects `count(t.id) FROM
 * Ticket t`, then the API strategy adds `count(e) FROM Ticket e`: two roots, a cross
 * join, so X-Total is (all tickets) × (tickets matching any one filter) and the `last`
 * link points far past the real end. Filters are OR-ed in the count (AND in the list).
 * For a customer the count also takes every ticket it reported. 'any-filter' mode
 * leaves out the self-join factor.
 */
function ticketTotal(ctx: RouteContext, criteria: readonly Criterion[]): number | undefined {
  const all = [...ctx.state.tickets.values()];
  let matched = matchAny(all, criteria, TICKET_SCHEMA);
  if (matched === undefined) return undefined;
  if (ctx.caller.kind === 'customer') {
    const me = customerTypedId(ctx.caller.customer.id);
    const own = all.filter((t) => t.reporter === me);
    matched = criteria.length === 0 ? own : [...new Set([...matched, ...own])];
  }
  return ctx.state.ticketTotal === 'cross-join' ? all.length * matched.length : matched.length;
}

/** `sort=key` orders by CONCAT(branch key, '-', number): as text, so BRANCHA-10 comes before BRANCHA-2. */
function keySort(ctx: RouteContext) {
  return (sort: string) => (sort === 'key' ? (t: TicketRecord) => ({ kind: 'string' as const, value: ticketKey(ctx.state, t) }) : undefined);
}

export function listTickets(ctx: RouteContext): ServiceResult {
  const outcome = runList(ctx, { rows: ownTickets(ctx), spec: TICKET_FILTERS, schema: TICKET_SCHEMA, specialSort: keySort(ctx), count: (criteria) => ticketTotal(ctx, criteria) });
  const s = serializeContext(ctx);
  return { data: outcome.page ? outcome.page.map((t) => ticketJson(s, t, 'list')) : null, headers: outcome.headers };
}

/**
 * GET /tickets/search?q=: the filters AND (subject or description LIKE %q%). X-Total
 * counts only the q matches, ignoring the other filters; without q it is the number of
 * tickets when no filter is given and 0 otherwise (that count query fails).
 */
export function searchTickets(ctx: RouteContext): ServiceResult {
  const q = phpString(ctx.data.q ?? '');
  const matchesQ = (t: TicketRecord): boolean => mysqlLike(t.subject, `%${q}%`) || mysqlLike(t.description, `%${q}%`);
  const rows = ownTickets(ctx).filter(matchesQ);
  const outcome = runList(ctx, {
    rows,
    spec: TICKET_FILTERS,
    schema: TICKET_SCHEMA,
    specialSort: keySort(ctx),
    count: (criteria) => {
      if (q !== '' && q !== '0') return ownTickets(ctx).filter(matchesQ).length;
      return criteria.length === 0 && ctx.caller.kind === 'agent' ? ctx.state.tickets.size : 0;
    },
  });
  const s = serializeContext(ctx);
  return { data: outcome.page ? outcome.page.map((t) => ticketJson(s, t, 'list')) : null, headers: outcome.headers };
}

export function getTicket(ctx: RouteContext): ServiceResult {
  const ticket = ticketById(ctx, ctx.params.id);
  checkGranted(ctx.caller, 'VIEW', { kind: 'ticket', ticket });
  return { data: ticketJson(serializeContext(ctx), ticket, 'entity') };
}

export function getTicketByKey(ctx: RouteContext): ServiceResult {
  const ticket = ticketByKey(ctx, ctx.params.key ?? '');
  checkGranted(ctx.caller, 'VIEW', { kind: 'ticket', ticket });
  return { data: ticketJson(serializeContext(ctx), ticket, 'entity') };
}

const CREATE_TICKET: CommandDef = {
  className: 'Diamante\\DeskBundle\\Api\\Command\\CreateTicketCommand',
  properties: [
    { name: 'id' },
    { name: 'branch' },
    { name: 'subject', checks: [notNull(REQUIRED), printType()] },
    { name: 'description', checks: [notNull(REQUIRED), type('string'), notBlank(REQUIRED)] },
    { name: 'status', checks: [notNull(), type('string')] },
    { name: 'reporter', checks: [notNull(REQUIRED), typedUser()] },
    { name: 'assignee', checks: [any(type('integer'), type('object'))], integer: true },
    { name: 'priority', checks: [notNull(), type('string')] },
    { name: 'source', checks: [notNull(), type('string')] },
    { name: 'attachmentsInput' },
    { name: 'tags', checks: [any(type('array'), type('object'))], fallback: new PhpObject() },
  ],
};

function checkValue(value: string, allowed: readonly string[], message: string): string {
  if (value !== '' && !allowed.includes(value)) throw new DeskError(500, message);
  return value;
}

export function createTicket(ctx: RouteContext): ServiceResult {
  const { state } = ctx;
  const command = bindCommand(CREATE_TICKET, ctx.data);
  const branchId = command.branch === undefined || command.branch === null ? state.defaultBranchId : Number.parseInt(phpString(command.branch), 10) || 0;
  let assigneeId = command.assignee;
  if (assigneeId === undefined || assigneeId === null || assigneeId === 0 || assigneeId === '') assigneeId = state.branches.get(branchId)?.defaultAssigneeId ?? null;
  const inputs = prepareAttachmentInput(command.attachmentsInput);

  checkGranted(ctx.caller, 'CREATE', { kind: 'class', name: 'Ticket' });
  const branch = state.branches.get(branchId);
  if (!branch) throw new DeskError(500, 'Branch loading failed, branch not found.');
  const reporter = phpString(command.reporter);
  const assignee = assigneeId === null ? undefined : state.agents.get(Number.parseInt(phpString(assigneeId), 10));
  const priority = checkValue(phpString(command.priority), PRIORITIES, "Priority doesn't exist.");
  const source = checkValue(phpString(command.source), SOURCES, 'Given source is wrong');
  const status = checkValue(phpString(command.status), STATUSES, 'Given status is wrong');
  // TicketListener::prePersist looks the reporter up for reporter_email.
  const reporterEmail = reporterEmailOf(state, reporter);
  if (reporterEmail === undefined) throw new DeskError(500, 'Call to a member function getEmail() on null');

  assertStorable('ticket', inputs);
  const now = serverNow(state);
  const ticket: TicketRecord = {
    id: state.nextId.ticket++,
    uniqueId: state.rng.code(32, '0123456789abcdef'),
    branchId: branch.id,
    sequenceNumber: nextSequence(branch),
    subject: phpString(command.subject),
    description: phpString(command.description),
    status,
    priority,
    source,
    reporter,
    reporterEmail,
    assigneeId: assignee?.id ?? null,
    createdAt: now,
    updatedAt: now,
    statusUpdatedSince: null,
    assignedSince: null,
    tags: [],
    attachmentIds: [],
  };
  const created = inputs.map((input) => createAttachment(state, 'ticket', ticket.id, input, now));
  ticket.attachmentIds.push(...created.map((a) => a.id));
  state.tickets.set(ticket.id, ticket);
  return { data: ticketJson(serializeContext(ctx), ticket, 'entity'), createdId: ticket.id };
}

const UPDATE_PROPERTIES: CommandDef = {
  className: 'Diamante\\DeskBundle\\Api\\Command\\UpdatePropertiesCommand',
  properties: [
    { name: 'id', checks: [type('integer')], integer: true },
    { name: 'key', checks: [regex(/^[A-Z\p{Script=Cyrillic}]+-[0-9]+$/u, "Ticket Key must approach to pattern 'BranchKey-TicketId'"), type('string'), minLength(3)] },
    { name: 'properties', checks: [notNull(), type('array')] },
  ],
};

/** Ticket model properties that are not columns a client can set (relations, ids, dates). */
const INTERNAL = new Set(['id', 'uniqueId', 'sequenceNumber', 'comments', 'attachments', 'watcherList', 'createdAt', 'updatedAt', 'statusUpdatedSince', 'assignedSince', 'tags']);
const PLAIN = new Set(['subject', 'description', 'reporter', 'reporterEmail']);
const CHECKED: Record<string, { allowed: readonly string[]; message: string }> = {
  status: { allowed: STATUSES, message: 'Given status is wrong' },
  priority: { allowed: PRIORITIES, message: "Priority doesn't exist." },
  source: { allowed: SOURCES, message: 'Given source is wrong' },
};

/**
 * `new Status($v)` / `new Source($v)`: any falsy value is ''; `new Priority($v)`: null is
 * medium, '' stays ''. Anything else must be one of the values.
 */
function valueObject(name: string, value: unknown): string {
  const rule = CHECKED[name] as { allowed: readonly string[]; message: string };
  if (name === 'priority' ? value === null : value === null || value === false || value === '' || value === '0' || value === 0) return name === 'priority' ? 'medium' : '';
  if (typeof value === 'object') throw new DeskError(500, 'Illegal offset type in isset or empty');
  const text = phpString(value);
  if (text !== '' && (typeof value !== 'string' || !rule.allowed.includes(text))) throw new DeskError(500, rule.message);
  return text;
}

function phpGettype(value: unknown): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'double';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'object') return 'array';
  return 'string';
}

/**
 * Ticket::updateProperties then the flush, all or nothing. Returns whether Doctrine
 * would write (status, priority and source are new value objects, so always).
 */
function applyProperties(ctx: RouteContext, ticket: TicketRecord, properties: Record<string, unknown>): void {
  const { state } = ctx;
  const changes: Array<() => void> = [];
  let write = false;
  let statusChanged = false;
  let assigneeChanged = false;
  for (const [name, value] of Object.entries(properties)) {
    if (name in CHECKED) {
      const text = valueObject(name, value);
      write = true;
      if (name === 'status' && text !== ticket.status) statusChanged = true;
      changes.push(() => {
        if (name === 'status') ticket.status = text;
        else if (name === 'priority') ticket.priority = text;
        else ticket.source = text;
      });
      continue;
    }
    if (PLAIN.has(name)) {
      if (typeof value === 'object' && value !== null) throw new DeskError(500, 'Notice: Array to string conversion');
      if (value === null && name !== 'reporterEmail') {
        throw new DeskError(500, `An exception occurred while executing 'UPDATE diamante_ticket SET ${name === 'reporter' ? 'reporter_id' : name} = ? WHERE id = ?' with params [null, ${ticket.id}]:\n\nSQLSTATE[23000]: Integrity constraint violation: 1048 Column '${name === 'reporter' ? 'reporter_id' : name}' cannot be null`);
      }
      const text = value === null ? null : phpString(value);
      const current = name === 'reporterEmail' ? ticket.reporterEmail : ticket[name as 'subject' | 'description' | 'reporter'];
      if (text === current) continue;
      write = true;
      changes.push(() => {
        if (name === 'reporterEmail') ticket.reporterEmail = text;
        else ticket[name as 'subject' | 'description' | 'reporter'] = text ?? '';
      });
      continue;
    }
    if (name === 'assignee' || name === 'branch') {
      const entity = name === 'assignee' ? 'Oro\\Bundle\\UserBundle\\Entity\\User' : 'Diamante\\DeskBundle\\Entity\\Branch';
      if (value !== null) throw new DeskError(500, `Expected value of type "${entity}" for association field "Diamante\\DeskBundle\\Entity\\Ticket#$${name}", got "${phpGettype(value)}" instead.`);
      if (name === 'branch') throw new DeskError(500, 'Call to a member function getId() on null');
      if (ticket.assigneeId === null) continue;
      write = true;
      assigneeChanged = true;
      changes.push(() => (ticket.assigneeId = null));
      continue;
    }
    if (name === 'key') continue; // The model caches the key; it is no column, nothing is written.
    if (INTERNAL.has(name)) {
      throw new DeskError(500, `Expected value of type "${name.endsWith('At') || name.endsWith('Since') ? 'DateTime' : 'object'}" for field "Diamante\\DeskBundle\\Entity\\Ticket#$${name}", got "${phpGettype(value)}" instead.`);
    }
    throw new DeskError(500, `Ticket does not have "${name}" property.`);
  }
  for (const change of changes) change();
  if (!write) return;
  const now = serverNow(state);
  ticket.updatedAt = now;
  if (statusChanged) ticket.statusUpdatedSince = now;
  if (assigneeChanged) ticket.assignedSince = now;
}

function update(ctx: RouteContext, ticket: TicketRecord, command: Record<string, unknown>): ServiceResult {
  checkGranted(ctx.caller, 'EDIT', { kind: 'ticket', ticket });
  applyProperties(ctx, ticket, command.properties as Record<string, unknown>);
  return { data: ticketJson(serializeContext(ctx), ticket, 'entity') };
}

export function updateTicket(ctx: RouteContext): ServiceResult {
  const command = bindCommand(UPDATE_PROPERTIES, { ...ctx.data, properties: ctx.properties });
  return update(ctx, ticketById(ctx, command.id), command);
}

export function updateTicketByKey(ctx: RouteContext): ServiceResult {
  const command = bindCommand(UPDATE_PROPERTIES, { ...ctx.data, properties: ctx.properties });
  const ticket = ticketByKey(ctx, phpString(command.key));
  checkGranted(ctx.caller, 'VIEW', { kind: 'ticket', ticket });
  return update(ctx, ticket, command);
}

function remove(ctx: RouteContext, ticket: TicketRecord): ServiceResult {
  checkGranted(ctx.caller, 'DELETE', { kind: 'ticket', ticket });
  const { state } = ctx;
  for (const comment of commentsOf(state, ticket.id)) removeComment(state, comment);
  state.ticketComments.delete(ticket.id);
  for (const id of ticket.attachmentIds) removeAttachment(state, id);
  state.tickets.delete(ticket.id);
  return { data: null };
}

export function deleteTicket(ctx: RouteContext): ServiceResult {
  return remove(ctx, ticketById(ctx, ctx.params.id));
}

export function deleteTicketByKey(ctx: RouteContext): ServiceResult {
  return remove(ctx, ticketByKey(ctx, ctx.params.key ?? '', 'use'));
}

export function getTicketReporter(ctx: RouteContext): ServiceResult {
  const ticket = ticketById(ctx, ctx.params.id);
  checkGranted(ctx.caller, 'VIEW', { kind: 'ticket', ticket });
  return { data: userDetailsJson(ctx.state, ticket.reporter) };
}

/** An unassigned ticket answers an empty list (`[]`), not 404. */
export function getTicketAssignee(ctx: RouteContext): ServiceResult {
  const ticket = ticketById(ctx, ctx.params.id);
  checkGranted(ctx.caller, 'VIEW', { kind: 'ticket', ticket });
  return { data: ticket.assigneeId === null ? [] : userDetailsJson(ctx.state, agentTypedId(ticket.assigneeId)) };
}
