// Live activity in DeskDirector's terms (see ../live.ts): a contact's reply is a public
// comment note by the ticket's contact (modifiedOn moves on, as for a note added through
// the API); a new ticket arrives from a contact by email on a board, in its default
// status, sometimes already assigned to "me".
import type { Topic } from '../corpus';
import type { ActivityEvent, ActivityKind } from '../live';
import type { PersistSpec } from '../persist';
import type { Rng } from '../prng';
import { contactReply, descriptionFor, summaryFor } from './content';
import { addActivity, addNote, defaultStatus, isClosed, notesOf, type ContactRecord, type DeskdirectorState, type TicketRecord } from './state';

/** What persists of a DeskDirector simulator: the API key and tokens are new on every start. */
export const DESKDIRECTOR_PERSIST: PersistSpec = {
  keys: ['agents', 'accounts', 'contacts', 'boards', 'statuses', 'priorities', 'sources', 'requestTypes', 'tickets', 'notes', 'ticketNotes', 'activities', 'taskLists', 'files', 'nextId'],
};

const TOPICS: readonly Topic[] = ['support', 'support', 'billing', 'integrations'];

// "Mine": assigned to me first (a client shows the first assignee as the ticket's agent).
export function deskdirectorActivity(state: DeskdirectorState, kind: ActivityKind, now: number, rng: Rng): ActivityEvent | undefined {
  return kind === 'reply' ? reply(state, now, rng) : arrive(state, now, rng);
}

function reply(state: DeskdirectorState, now: number, rng: Rng): ActivityEvent | undefined {
  const mine = [...state.tickets.values()].filter((ticket) => ticket.assignedAgentIds[0] === state.meId && !isClosed(state, ticket) && ticket.contactId !== null && state.contacts.has(ticket.contactId));
  if (mine.length === 0) return undefined;
  const pool = mine.sort((a, b) => b.modifiedOn - a.modifiedOn).slice(0, 25);
  const ticket = pool[Math.floor(pool.length * rng.next())] as TicketRecord;
  const contact = state.contacts.get(ticket.contactId as number) as ContactRecord;
  const account = state.accounts.get(contact.accountId);
  const last = notesOf(state, ticket.id).filter((note) => !note.isInternal).at(-1)?.note;
  addNote(state, {
    ticketId: ticket.id,
    note: contactReply(rng, rng.pick(TOPICS), contact, account, now, last),
    type: 'comment',
    isInternal: false,
    createdOn: now,
    author: { type: 'contact', id: contact.id },
    timeEntry: null,
    attachmentIds: [],
  });
  ticket.modifiedOn = now;
  return { kind: 'reply', ticketId: ticket.id, summary: `${contact.name} replied to #${ticket.id} "${ticket.summary}"` };
}

function arrive(state: DeskdirectorState, now: number, rng: Rng): ActivityEvent | undefined {
  const contacts = [...state.contacts.values()];
  const boards = state.boards.filter((board) => defaultStatus(state, board.id) !== undefined);
  if (contacts.length === 0 || boards.length === 0) return undefined;
  const contact = contacts[Math.floor(contacts.length * rng.next() ** 2)] as ContactRecord;
  const account = state.accounts.get(contact.accountId);
  const board = rng.pick(boards);
  const status = defaultStatus(state, board.id);
  if (!status) return undefined;
  const topic = rng.pick(TOPICS);
  const email = state.sources.find((source) => source.name.toLowerCase() === 'email');
  const ticket: TicketRecord = {
    id: state.nextId.ticket++,
    summary: summaryFor(rng, null, topic, {}, now),
    description: descriptionFor(rng, topic, contact, account, now),
    requestTypeId: null,
    boardId: board.id,
    statusId: status.id,
    priorityId: state.priorities.length > 0 ? rng.pick(state.priorities).id : null,
    sourceId: email?.id ?? null,
    accountId: account?.id ?? null,
    contactId: contact.id,
    assignedAgentIds: rng.chance(0.5) ? [state.meId] : [],
    tags: [],
    categories: [],
    createdOn: now,
    modifiedOn: now,
    closedOn: null,
    dueDate: null,
    customFields: {},
    createdBy: { type: 'contact', id: contact.id },
  };
  state.tickets.set(ticket.id, ticket);
  addActivity(state, ticket.id, 'ticketCreated', now, ticket.createdBy);
  return { kind: 'ticket', ticketId: ticket.id, summary: `new ticket #${ticket.id} "${ticket.summary}" from ${contact.name}` };
}
