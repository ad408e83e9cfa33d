// Live activity in DeskPRO's terms (see ../live.ts): a user's reply is a message by the
// ticket's person that hands the ticket back to the agents (awaiting_agent, also from
// resolved, as an email reply reopens a ticket) and sets date_last_user_reply; a new
// ticket arrives by email in a department, awaiting_agent, sometimes already "mine".
import { SUBJECTS, type Topic } from '../corpus';
import type { ActivityEvent, ActivityKind } from '../live';
import type { PersistSpec } from '../persist';
import type { Rng } from '../prng';
import { customerBody, fillSlots } from './content';
import { addMessage, formatDate, newRef, type DeskproState, type PersonRecord, type TicketRecord } from './state';

/** What persists of a DeskPRO simulator: the API keys are new on every start, so `credentials` does not. */
export const DESKPRO_PERSIST: PersistSpec = {
  keys: ['people', 'departments', 'priorities', 'tickets', 'messages', 'ticketMessages', 'blobs', 'blobsByAuth', 'attachments', 'ticketAttachments', 'nextId'],
};

/** The seed's departments by id (data.ts): Support, Billing, Sales, Integrations & API. */
const TOPICS: Readonly<Record<number, Topic>> = { 1: 'support', 2: 'billing', 3: 'sales', 4: 'integrations' };

export function deskproActivity(state: DeskproState, kind: ActivityKind, now: number, rng: Rng): ActivityEvent | undefined {
  return kind === 'reply' ? reply(state, now, rng) : arrive(state, now, rng);
}

function reply(state: DeskproState, now: number, rng: Rng): ActivityEvent | undefined {
  const mine = [...state.tickets.values()].filter((ticket) => ticket.agent === state.meId && ticket.status !== 'hidden' && state.people.get(ticket.person)?.is_agent === false);
  if (mine.length === 0) return undefined;
  // Those waiting on the user first (that is what a reply answers), then the recently active.
  const waiting = mine.filter((ticket) => ticket.status === 'awaiting_user' || ticket.status === 'pending');
  const pool = (waiting.length > 0 ? waiting : mine).sort((a, b) => b.id - a.id).slice(0, 25);
  const ticket = pool[Math.floor(pool.length * rng.next())] as TicketRecord;
  const person = state.people.get(ticket.person) as PersonRecord;
  const date = formatDate(now);
  const body = customerBody(rng, TOPICS[ticket.department ?? 1] ?? 'support', person, false, now, {});
  addMessage(state, { ticket: ticket.id, person: person.id, date_created: date, is_agent_note: 0, message: body.full });
  ticket.status = 'awaiting_agent';
  ticket.date_last_user_reply = date;
  return { kind: 'reply', ticketId: ticket.id, summary: `${person.name} replied to ${ticket.ref} "${ticket.subject}"` };
}

function arrive(state: DeskproState, now: number, rng: Rng): ActivityEvent | undefined {
  const people = [...state.people.values()].filter((person) => !person.is_agent);
  if (people.length === 0) return undefined;
  const person = people[Math.floor(people.length * rng.next() ** 2)] as PersonRecord;
  const department = rng.weighted(state.departments.map((d, index) => [d, index === 0 ? 3 : 1] as const));
  const topic = TOPICS[department.id] ?? 'support';
  const date = formatDate(now);
  const priorities = state.priorities.map((p) => p.id);
  const ticket: TicketRecord = {
    id: state.nextId.ticket++,
    ref: newRef(state.rng),
    subject: fillSlots(rng, rng.pick(SUBJECTS[topic]), now),
    status: 'awaiting_agent',
    person: person.id,
    agent: rng.chance(0.5) ? state.meId : null,
    department: department.id,
    priority: priorities.length > 0 ? rng.pick(priorities) : null,
    date_created: date,
    date_last_agent_reply: null,
    date_last_user_reply: date,
    labels: [],
    urgency: rng.int(1, 5),
  };
  state.tickets.set(ticket.id, ticket);
  addMessage(state, { ticket: ticket.id, person: person.id, date_created: date, is_agent_note: 0, message: customerBody(rng, topic, person, true, now, {}).full });
  return { kind: 'ticket', ticketId: ticket.id, summary: `new ticket ${ticket.ref} "${ticket.subject}" from ${person.name}` };
}
