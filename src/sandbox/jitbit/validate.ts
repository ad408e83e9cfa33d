// Checks the actions make once parameters are converted: required values, ids that must
// exist, who may see or change a ticket. Failures are plain-text 400/403/404 bodies.
import { badRequest, forbidden, notFound } from './errors';
import { STATUS_CLOSED, type JitbitState, type TicketRecord, type UserRecord } from './state';

/** Inferred: subjects are limited to 255 characters like the product's other title fields. */
export const MAX_SUBJECT_LENGTH = 255;

export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw badRequest(`Required parameter '${name}' is missing.`);
  return value;
}

/** A text parameter that must be present and not blank. */
export function requiredText(value: string | undefined, name: string): string {
  if (value === undefined || value.trim() === '') throw badRequest(`Required parameter '${name}' is missing or empty.`);
  return value;
}

export function checkSubject(subject: string): string {
  if (subject.length > MAX_SUBJECT_LENGTH) throw badRequest(`The subject is too long: at most ${MAX_SUBJECT_LENGTH} characters.`);
  return subject;
}

export function checkPriority(priority: number, name: string): number {
  if (priority < -1 || priority > 2) throw badRequest(`'${name}' must be -1 (low), 0 (normal), 1 (high) or 2 (critical).`);
  return priority;
}

/** Technicians see every ticket; anyone else only their own. */
export function canSee(caller: UserRecord, ticket: TicketRecord): boolean {
  return caller.isTech || ticket.userId === caller.id;
}

/** Inferred wording; the seed says a wrong ticket id gives 404 with an explaining body. */
export function findTicket(state: JitbitState, id: number, caller: UserRecord): TicketRecord {
  const ticket = state.tickets.get(id);
  if (!ticket || !canSee(caller, ticket)) throw notFound(`Ticket ${id} not found, or you do not have permission to see it.`);
  return ticket;
}

/** "The method allows editing your own tickets only (unless you're helpdesk administrator or technician)". */
export function checkCanEdit(caller: UserRecord, ticket: TicketRecord): void {
  if (!caller.isTech && !caller.isAdmin && ticket.userId !== caller.id) throw forbidden(`You do not have permission to change ticket ${ticket.id}.`);
}

export function findUser(state: JitbitState, id: number, name: string): UserRecord {
  const user = state.users.get(id);
  if (!user) throw badRequest(`'${name}': there is no user with id ${id}.`);
  return user;
}

/** An active technician allowed to work the category, for assignment. */
export function checkAssignee(state: JitbitState, id: number, categoryId: number, name: string): UserRecord {
  const user = findUser(state, id, name);
  if (!user.isTech || user.disabled) throw badRequest(`'${name}': user ${id} is not an active technician.`);
  const category = state.categories.get(categoryId);
  if (category && !category.techIds.includes(id)) throw badRequest(`'${name}': user ${id} is not a technician in category "${category.name}".`);
  return user;
}

export function checkCategory(state: JitbitState, id: number, name: string, caller: UserRecord): number {
  const category = state.categories.get(id);
  if (!category || (category.forTechsOnly && !caller.isTech)) throw badRequest(`'${name}': there is no category with id ${id}.`);
  return id;
}

export function checkStatus(state: JitbitState, id: number): number {
  if (!state.statuses.has(id)) throw badRequest(`'statusId': there is no status with id ${id}. Built-in statuses are 1 (New), 2 (In progress) and 3 (Closed); others are custom.`);
  return id;
}

export function isClosed(ticket: TicketRecord): boolean {
  return ticket.statusId === STATUS_CLOSED;
}

/** `recipientIds=1,2,3`: existing user ids, comma separated. */
export function readIdList(state: JitbitState, raw: string, name: string): number[] {
  const ids: number[] = [];
  for (const part of raw.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    if (!/^\d{1,10}$/.test(part)) throw badRequest(`'${name}' must be a comma-separated list of user ids (got "${raw}").`);
    findUser(state, Number(part), name);
    ids.push(Number(part));
  }
  return ids;
}

/** A body that looks like markup is kept as HTML; anything else counts as plain text (for tests only). */
export function guessFormat(body: string): 'html' | 'text' {
  return /<[a-z][^>]*>/i.test(body) ? 'html' : 'text';
}
