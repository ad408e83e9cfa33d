// The status list a picker shows. DeskDirector statuses belong to boards (the PSA's service
// boards: `service/statuses?boardId=N`), and boards repeat names ("New" on each), so a name
// several boards share says which board it is. Tickets teach what the lists cannot: which
// statuses are closed (`isClosed`), and statuses of boards not listed.
import type { TicketStatus } from '../../helpdesk/model';
import { statusKind } from './mapping';
import type { DdRef } from './schema';

export interface BoardStatuses {
  board: DdRef;
  statuses: DdRef[];
}

/** A status as tickets showed it. */
export interface SeenStatus {
  name: string;
  closed: boolean;
}

export function statusesOfBoards(boards: readonly BoardStatuses[]): TicketStatus[] {
  const boardsOfName = new Map<string, Set<string>>();
  for (const { board, statuses } of boards) {
    for (const status of statuses) boardsOfName.set(status.name, (boardsOfName.get(status.name) ?? new Set()).add(board.id));
  }
  const result = new Map<string, TicketStatus>();
  for (const { board, statuses } of boards) {
    for (const status of statuses) {
      if (result.has(status.id)) continue;
      const shared = (boardsOfName.get(status.name)?.size ?? 0) > 1;
      result.set(status.id, { id: status.id, name: shared ? `${status.name} (${board.name})` : status.name, kind: statusKind(status.name) });
    }
  }
  return [...result.values()];
}

/** The listed statuses with what tickets taught. */
export function withSeenStatuses(listed: readonly TicketStatus[], seen: ReadonlyMap<string, SeenStatus>): TicketStatus[] {
  const result = listed.map((status) => {
    const known = seen.get(status.id);
    return known?.closed ? { ...status, kind: statusKind(known.name, true) } : { ...status };
  });
  for (const [id, known] of seen) {
    if (!result.some((status) => status.id === id)) result.push({ id, name: known.name, kind: statusKind(known.name, known.closed) });
  }
  return result;
}
