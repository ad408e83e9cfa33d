// Live activity in Jitbit's terms (see ../live.ts): a customer's email reply becomes a
// comment by the ticket's submitter, with what POST /api/comment does for a non-technician
// (UpdatedByUser, a closed ticket reopened to In progress); a new ticket arrives by email
// in a category, New, sometimes already assigned to "me".
import type { Topic } from '../corpus';
import { SUBJECTS } from '../corpus';
import { fillSlots } from '../fixtures';
import type { ActivityEvent, ActivityKind } from '../live';
import type { PersistSpec } from '../persist';
import type { Rng } from '../prng';
import { htmlCustomerBody, type Author } from './content';
import { CATEGORY_IDS } from './data';
import { freshPassword } from './people';
import { addComment, freshToken, fullName, newTicket, STATUS_CLOSED, STATUS_IN_PROGRESS, STATUS_NEW, type JitbitState, type TicketRecord, type UserRecord } from './state';

/** What persists of a Jitbit simulator (src/sandbox/persist.ts). */
export const JITBIT_PERSIST: PersistSpec = {
  keys: ['users', 'companies', 'categories', 'statuses', 'tickets', 'comments', 'ticketComments', 'files', 'ticketFiles', 'tags', 'customFields', 'commentTemplates', 'nextId'],
  secrets: { users: { password: freshPassword, token: freshToken } },
};

function topicOf(categoryId: number): Topic {
  if (categoryId === CATEGORY_IDS.billing) return 'billing';
  if (categoryId === CATEGORY_IDS.presales) return 'sales';
  if (categoryId === CATEGORY_IDS.integrations) return 'integrations';
  return 'support';
}

function authorOf(state: JitbitState, user: UserRecord): Author {
  const company = user.companyId === null ? null : (state.companies.get(user.companyId)?.name ?? null);
  return { firstName: user.firstName, name: fullName(user) || user.username, company };
}

export function jitbitActivity(state: JitbitState, kind: ActivityKind, now: number, rng: Rng): ActivityEvent | undefined {
  return kind === 'reply' ? reply(state, now, rng) : arrive(state, now, rng);
}

function reply(state: JitbitState, now: number, rng: Rng): ActivityEvent | undefined {
  const mine = [...state.tickets.values()].filter((ticket) => {
    const submitter = state.users.get(ticket.userId);
    return ticket.assignedToUserId === state.meId && ticket.statusId !== STATUS_CLOSED && submitter !== undefined && !submitter.isTech;
  });
  if (mine.length === 0) return undefined;
  // Recently active tickets get the replies, as in a real queue.
  mine.sort((a, b) => b.lastUpdated - a.lastUpdated);
  const ticket = mine[Math.floor(Math.min(mine.length, 25) * rng.next())] as TicketRecord;
  const customer = state.users.get(ticket.userId) as UserRecord;
  const body = htmlCustomerBody(rng, topicOf(ticket.categoryId), authorOf(state, customer), false, now, {}).full;
  addComment(state, { ticketId: ticket.id, userId: customer.id, date: now, body, forTechsOnly: false, isSystem: false, recipients: '' });
  ticket.lastUpdated = now;
  ticket.lastUpdatedByUserId = customer.id;
  ticket.updatedByUser = true;
  ticket.updatedByPerformer = false;
  if (ticket.statusId === STATUS_CLOSED) {
    ticket.statusId = STATUS_IN_PROGRESS;
    ticket.resolvedDate = null;
  }
  return { kind: 'reply', ticketId: ticket.id, summary: `${fullName(customer)} replied to #${ticket.id} "${ticket.subject}"` };
}

function arrive(state: JitbitState, now: number, rng: Rng): ActivityEvent | undefined {
  const customers = [...state.users.values()].filter((user) => !user.isTech && !user.disabled);
  if (customers.length === 0) return undefined;
  const customer = customers[Math.floor(customers.length * rng.next() ** 2)] as UserRecord;
  const categories = [...state.categories.values()].filter((category) => !category.forTechsOnly);
  const category = rng.pick(categories);
  const topic = topicOf(category.id);
  const ticket = newTicket({
    id: state.nextId.ticket++,
    subject: fillSlots(rng, rng.pick(SUBJECTS[topic]), now),
    body: htmlCustomerBody(rng, topic, authorOf(state, customer), true, now, {}).full,
    bodyFormat: 'html',
    userId: customer.id,
    assignedToUserId: rng.chance(0.5) && category.techIds.includes(state.meId) ? state.meId : null,
    categoryId: category.id,
    statusId: STATUS_NEW,
    priority: rng.weighted([[0, 6], [1, 3], [2, 1]] as const),
    origin: 'Email',
    issueDate: now,
  });
  state.tickets.set(ticket.id, ticket);
  return { kind: 'ticket', ticketId: ticket.id, summary: `new ticket #${ticket.id} "${ticket.subject}" from ${fullName(customer)}` };
}
