// Ticket filters the Copilot search and the connector's find share.
import { isClosed, notesOf, type DeskdirectorState, type TicketRecord } from './state';

/** Keywords in the summary or description: every word must occur, case-insensitively. */
export function searchTerms(search: string | undefined): string[] {
  return (search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

export function matchesSearch(ticket: TicketRecord, terms: readonly string[]): boolean {
  if (terms.length === 0) return true;
  const text = `${ticket.summary}\n${ticket.description}`.toLowerCase();
  return terms.every((term) => text.includes(term));
}

export function matchesStatus(state: DeskdirectorState, ticket: TicketRecord, status: string | undefined): boolean {
  if (status === 'open') return !isClosed(state, ticket);
  if (status === 'closed') return isClosed(state, ticket);
  return true;
}

export function matchesAssigned(ticket: TicketRecord, assigned: string | undefined, meId: number): boolean {
  switch (assigned) {
    case 'me':
      return ticket.assignedAgentIds.includes(meId);
    case 'assigned':
      return ticket.assignedAgentIds.length > 0;
    case 'unassigned':
      return ticket.assignedAgentIds.length === 0;
    default:
      return true;
  }
}

export function hasTag(ticket: TicketRecord, tag: string): boolean {
  const wanted = tag.toLowerCase();
  return ticket.tags.some((name) => name.toLowerCase() === wanted);
}

/** "Unfinished tickets are 'incomplete'": tickets with task lists not all done; 'completed' when all are. */
export function matchesTaskProgress(state: DeskdirectorState, ticket: TicketRecord, progress: string | undefined): boolean {
  if (progress === undefined || progress === 'any') return true;
  const lists = state.taskLists.get(ticket.id) ?? [];
  if (lists.length === 0) return false;
  const done = lists.every((list) => list.done >= list.total);
  return progress === 'completed' ? done : !done;
}

/** The last public note came from the contact (the ticket waits on the agents). */
export function lastMessageFromContact(state: DeskdirectorState, ticket: TicketRecord): boolean {
  const last = notesOf(state, ticket.id)
    .filter((note) => !note.isInternal && note.type === 'comment')
    .at(-1);
  return last?.author.type === 'contact';
}

/** Most recently changed first, as a work queue is read. */
export function newestFirst(a: TicketRecord, b: TicketRecord): number {
  return b.modifiedOn - a.modifiedOn || b.id - a.id;
}
