// Live activity in DiamanteDesk's terms (see ../live.ts): a customer's reply is a public
// comment by the reporting customer (`diamante_<id>`), which moves the ticket's updatedAt
// and leaves its status alone, as POST /desk/comments does; a new ticket arrives by email
// in a branch, status new, assigned to "me" or to the branch's default assignee. Times
// are the server's clock (real time plus the skew switch).
import { SUBJECTS, type Topic } from '../corpus';
import { fillSlots } from '../fixtures';
import type { ActivityEvent, ActivityKind } from '../live';
import type { PersistSpec } from '../persist';
import type { Rng } from '../prng';
import { customerReply, emailDescription } from './content';
import { companyOf, newApiKey } from './people';
import { addComment, customerTypedId, fullName, nextSequence, parseTypedId, ticketKey, type CustomerRecord, type DiamantedeskState, type TicketRecord } from './state';

/** A customer's API password made after the seed (persist.ts keeps the ones this start made). */
function newCustomerSecret(): string {
  return newApiKey().slice(0, 16);
}

/** What persists of a DiamanteDesk simulator; API keys and passwords are new on every start. */
export const DIAMANTEDESK_PERSIST: PersistSpec = {
  keys: ['agents', 'customers', 'branches', 'defaultBranchId', 'tickets', 'comments', 'ticketComments', 'attachments', 'attachmentsByHash', 'tags', 'movedKeys', 'nextId'],
  secrets: { agents: { apiKey: newApiKey }, customers: { apiSecret: newCustomerSecret } },
};

const TOPICS: readonly Topic[] = ['support', 'support', 'billing', 'sales', 'integrations'];

function authorOf(customer: CustomerRecord): { firstName: string; name: string; company: string | null } {
  return { firstName: customer.firstName, name: fullName(customer), company: companyOf(customer.email) };
}

/** The customer who reported a ticket, if a customer did. */
function reportingCustomer(state: DiamantedeskState, ticket: TicketRecord): CustomerRecord | undefined {
  const { type, id } = parseTypedId(ticket.reporter);
  return type === 'diamante' ? state.customers.get(Number(id)) : undefined;
}

export function diamantedeskActivity(state: DiamantedeskState, kind: ActivityKind, now: number, rng: Rng): ActivityEvent | undefined {
  const at = now + state.clockSkewMs;
  return kind === 'reply' ? reply(state, at, rng) : arrive(state, at, rng);
}

function reply(state: DiamantedeskState, now: number, rng: Rng): ActivityEvent | undefined {
  const mine = [...state.tickets.values()].filter((ticket) => ticket.assigneeId === state.meId && ticket.status !== 'closed' && reportingCustomer(state, ticket) !== undefined);
  if (mine.length === 0) return undefined;
  const pool = mine.sort((a, b) => (b.updatedAt ?? b.createdAt) - (a.updatedAt ?? a.createdAt)).slice(0, 25);
  const ticket = pool[Math.floor(pool.length * rng.next())] as TicketRecord;
  const customer = reportingCustomer(state, ticket) as CustomerRecord;
  const body = customerReply(rng, rng.pick(TOPICS), authorOf(customer), now).full;
  addComment(state, { ticketId: ticket.id, author: customerTypedId(customer.id), content: body, private: false, createdAt: now, updatedAt: now });
  ticket.updatedAt = now;
  return { kind: 'reply', ticketId: ticket.id, summary: `${fullName(customer)} replied to ${ticketKey(state, ticket)} "${ticket.subject}"` };
}

function arrive(state: DiamantedeskState, now: number, rng: Rng): ActivityEvent | undefined {
  const customers = [...state.customers.values()].filter((customer) => customer.active);
  const branches = [...state.branches.values()];
  if (customers.length === 0 || branches.length === 0) return undefined;
  const customer = customers[Math.floor(customers.length * rng.next() ** 2)] as CustomerRecord;
  const branch = rng.pick(branches);
  const topic = rng.pick(TOPICS);
  const id = state.nextId.ticket++;
  const ticket: TicketRecord = {
    id,
    uniqueId: state.rng.code(32, '0123456789abcdef'),
    branchId: branch.id,
    sequenceNumber: nextSequence(branch),
    subject: fillSlots(rng, rng.pick(SUBJECTS[topic]), now),
    description: emailDescription(rng, topic, authorOf(customer), now, state.origin, id),
    status: 'new',
    priority: rng.weighted([['low', 25], ['medium', 55], ['high', 20]] as const),
    source: 'email',
    reporter: customerTypedId(customer.id),
    reporterEmail: customer.email,
    assigneeId: rng.chance(0.5) ? state.meId : branch.defaultAssigneeId,
    createdAt: now,
    updatedAt: now,
    statusUpdatedSince: null,
    assignedSince: null,
    tags: [],
    attachmentIds: [],
  };
  state.tickets.set(ticket.id, ticket);
  return { kind: 'ticket', ticketId: ticket.id, summary: `new ticket ${ticketKey(state, ticket)} "${ticket.subject}" from ${fullName(customer)}` };
}
