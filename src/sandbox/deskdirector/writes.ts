// Checks and changes a ticket write shares (create, PATCH, PUT): references that must
// exist, the board/status pairing, and the bookkeeping a change leaves behind (closedOn,
// modifiedOn, activities).
import type { FieldErrors } from './errors';
import { addActivity, statusOf, type Actor, type DeskdirectorState, type TicketRecord } from './state';

export function checkContact(state: DeskdirectorState, id: unknown, errors: FieldErrors): void {
  if (typeof id === 'number' && !state.contacts.has(id)) errors.add('contactId', `Contact ${id} does not exist.`);
}

export function checkPriority(state: DeskdirectorState, id: unknown, errors: FieldErrors): void {
  if (typeof id === 'number' && !state.priorities.some((priority) => priority.id === id)) errors.add('priorityId', `Priority ${id} does not exist.`);
}

export function checkSource(state: DeskdirectorState, id: unknown, errors: FieldErrors): void {
  if (typeof id === 'number' && !state.sources.some((source) => source.id === id)) errors.add('sourceId', `Source ${id} does not exist.`);
}

export function checkAgents(state: DeskdirectorState, ids: unknown, errors: FieldErrors): void {
  if (!Array.isArray(ids)) return;
  ids.forEach((id, index) => {
    if (typeof id === 'number' && !state.agents.has(id)) errors.add(`assignedAgentIds[${index}]`, `Agent (member) ${id} does not exist.`);
  });
}

/**
 * The board and status a write leaves the ticket on: the board must exist and the status
 * must belong to it.
 */
export function checkBoardStatus(state: DeskdirectorState, boardId: number, statusId: number | undefined, errors: FieldErrors): void {
  if (!state.boards.some((board) => board.id === boardId)) {
    errors.add('boardId', `Board ${boardId} does not exist.`);
    return;
  }
  if (statusId === undefined) return;
  const status = statusOf(state, statusId);
  if (!status) errors.add('statusId', `Status ${statusId} does not exist.`);
  else if (status.boardId !== boardId) {
    const board = state.boards.find((item) => item.id === boardId)?.name ?? String(boardId);
    errors.add('statusId', `Status ${statusId} (${status.name}) does not belong to the board "${board}". Get the board's statuses from service/statuses?boardId=${boardId}.`);
  }
}

/** Tags as stored: trimmed, no empties, duplicates (case-insensitive) dropped. */
export function cleanTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    if (tag === '' || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}

export function uniqueIds(ids: readonly number[]): number[] {
  return [...new Set(ids)];
}

/**
 * After a write: closedOn follows the status (set when it becomes a closed one, cleared
 * on reopening), modifiedOn is now, and each visible change leaves an activity.
 */
export function settle(state: DeskdirectorState, ticket: TicketRecord, before: TicketRecord, actor: Actor): void {
  const now = state.now();
  const wasClosed = statusOf(state, before.statusId)?.isClosed === true;
  const closed = statusOf(state, ticket.statusId)?.isClosed === true;
  if (closed && !wasClosed) ticket.closedOn = now;
  if (!closed) ticket.closedOn = null;
  ticket.modifiedOn = now;
  if (ticket.statusId !== before.statusId) addActivity(state, ticket.id, 'statusChanged', now, actor);
  if (ticket.priorityId !== before.priorityId) addActivity(state, ticket.id, 'priorityChanged', now, actor);
  if (ticket.boardId !== before.boardId) addActivity(state, ticket.id, 'boardChanged', now, actor);
  for (const id of ticket.assignedAgentIds.filter((agent) => !before.assignedAgentIds.includes(agent))) addActivity(state, ticket.id, 'agentAssigned', now, { type: 'agent', id });
  for (const id of before.assignedAgentIds.filter((agent) => !ticket.assignedAgentIds.includes(agent))) addActivity(state, ticket.id, 'agentUnassigned', now, { type: 'agent', id });
}
