// Records → the API's camelCase JSON, in the shapes the connector definitions give:
// Copilot `TicketSummary`, `Ticket`, `TicketNote`; the Automate connector's `TicketDetails`
// (a dynamic type, shaped by the simulator: see schema.ts). References are `{id, name}`.
import { CATEGORIES } from './catalog';
import { preview } from './content';
import {
  formatDate,
  formatDateOrNull,
  isClosed,
  notesOf,
  statusOf,
  type Actor,
  type DeskdirectorState,
  type NamedRecord,
  type NoteRecord,
  type TicketRecord,
} from './state';

export interface Ref {
  id: number;
  name: string;
}

export interface StringRef {
  id: string;
  name: string;
}

function ref(record: NamedRecord | undefined): Ref | null {
  return record ? { id: record.id, name: record.name } : null;
}

function named(list: readonly NamedRecord[], id: number | null): Ref | null {
  return id === null ? null : ref(list.find((item) => item.id === id));
}

export function actorRef(state: DeskdirectorState, actor: Actor): { id: number; name: string; userType: string } {
  const person = actor.type === 'agent' ? state.agents.get(actor.id) : state.contacts.get(actor.id);
  return { id: actor.id, name: person?.name ?? 'Unknown user', userType: actor.type };
}

/** The fields TicketSummary, Ticket and TicketDetails share. */
function common(state: DeskdirectorState, ticket: TicketRecord) {
  const contact = ticket.contactId === null ? undefined : state.contacts.get(ticket.contactId);
  return {
    id: ticket.id,
    summary: ticket.summary,
    requestType: ticket.requestTypeId === null ? null : named(state.requestTypes, ticket.requestTypeId),
    account: ticket.accountId === null ? null : ref(state.accounts.get(ticket.accountId)),
    contactGroup: null,
    contact: contact ? { id: contact.id, name: contact.name } : null,
    categories: ticket.categories.map((id): StringRef => ({ id, name: CATEGORIES.find((category) => category.id === id)?.name ?? id })),
    source: named(state.sources, ticket.sourceId),
    queue: named(state.boards, ticket.boardId),
    status: ref(statusOf(state, ticket.statusId)),
    priority: named(state.priorities, ticket.priorityId),
    assignedAgents: ticket.assignedAgentIds.map((id) => ref(state.agents.get(id))).filter((agent): agent is Ref => agent !== null),
    createdOn: formatDate(ticket.createdOn),
    modifiedOn: formatDate(ticket.modifiedOn),
    closedOn: formatDateOrNull(ticket.closedOn),
    isClosed: isClosed(state, ticket),
    tags: [...ticket.tags],
  };
}

export function copilotSummary(state: DeskdirectorState, ticket: TicketRecord) {
  const latest = notesOf(state, ticket.id).at(-1);
  return {
    ...common(state, ticket),
    descriptionPreview: preview(ticket.description, 200),
    latestNote: latest ? { id: latest.id, notePreview: preview(latest.note, 200), createdOn: formatDate(latest.createdOn), createdBy: actorRef(state, latest.author) } : null,
  };
}

export function noteJson(state: DeskdirectorState, note: NoteRecord) {
  return {
    id: note.id,
    note: note.note,
    type: note.type,
    isInternal: note.isInternal,
    createdOn: formatDate(note.createdOn),
    createdBy: actorRef(state, note.author),
    timeEntry: note.timeEntry && {
      timeStart: formatDate(note.timeEntry.timeStart),
      timeEnd: formatDate(note.timeEntry.timeEnd),
      actualHours: note.timeEntry.actualHours,
      hoursBilled: note.timeEntry.hoursBilled,
    },
    attachments: note.attachmentIds.map((id): StringRef => ({ id, name: state.files.get(id)?.name ?? id })),
  };
}

export function copilotTicket(state: DeskdirectorState, ticket: TicketRecord) {
  const taskLists = state.taskLists.get(ticket.id) ?? [];
  const agentRef = (id: number): StringRef => ({ id: String(id), name: state.agents.get(id)?.name ?? 'Unknown user' });
  const done = taskLists.reduce((sum, list) => sum + list.done, 0);
  const total = taskLists.reduce((sum, list) => sum + list.total, 0);
  return {
    ...common(state, ticket),
    description: ticket.description,
    notes: notesOf(state, ticket.id).map((note) => noteJson(state, note)),
    activities: (state.activities.get(ticket.id) ?? []).map((activity) => {
      const who = actorRef(state, activity.author);
      return { id: activity.id, type: activity.type, createdOn: formatDate(activity.createdOn), createdBy: { id: String(who.id), name: who.name, userType: who.userType } };
    }),
    taskProgress: taskLists.length === 0 ? null : { done, total },
    taskLists: taskLists.map((list) => ({
      id: list.id,
      name: list.name,
      isPrivate: list.isPrivate,
      isArchived: list.isArchived,
      progress: { done: list.done, total: list.total },
      createdOn: formatDate(list.createdOn),
      createdBy: agentRef(list.createdBy),
      modifiedOn: formatDate(list.modifiedOn),
      modifiedBy: agentRef(list.modifiedBy),
    })),
  };
}

/** The Automate connector's TicketDetails: the board is `board` there, plus the form answers. */
export function ticketDetails(state: DeskdirectorState, ticket: TicketRecord) {
  const { queue, contactGroup: _group, categories: _categories, ...rest } = common(state, ticket);
  return {
    ...rest,
    board: queue,
    description: ticket.description,
    dueDate: formatDateOrNull(ticket.dueDate),
    customFields: { ...ticket.customFields },
  };
}

export function dynamicList(items: ReadonlyArray<{ id: number; name: string }>) {
  return { results: items.map(({ id, name }) => ({ id, name })), totalResults: items.length };
}
