// What starting work changes on the ticket: the status the user chose for "working on it"
// and the agent, each only where the helpdesk can and the ticket is not that way already. Pure.
import type { Ticket, TicketPatch, TicketStatus } from '../../helpdesk/model';
import type { StatusChoice } from './workChoices';

// "In Progress", "Working on it", "In Bearbeitung", Turkish "İşlemde" (Destek Sitesi).
const IN_PROGRESS = /progress|working|in work|doing|started|bearbeitung|şlem/i;

export type UpdateSkip =
  /** The chosen status is not one this ticket may move to (DeskDirector: another board's). */
  | { kind: 'statusNotOffered'; name: string }
  | { kind: 'alreadyInStatus'; name: string }
  | { kind: 'alreadyYours' };

export interface UpdatePlan {
  readonly patch: TicketPatch;
  /** The name of the status set, when one is. */
  readonly statusName?: string;
  readonly skipped: UpdateSkip[];
}

export interface PlanInput {
  ticket: Pick<Ticket, 'status' | 'agent' | 'statusChoices'>;
  /** The status chosen for "in progress", when the helpdesk can change status and one was chosen. */
  status?: StatusChoice;
  /** The helpdesk's statuses, where the ticket has no list of its own. */
  statuses?: readonly TicketStatus[];
  /** The user's own person id, when the ticket is to be assigned to them. */
  assignTo?: string;
}

export function planTicketUpdate(input: PlanInput): UpdatePlan {
  const patch: TicketPatch = {};
  const skipped: UpdateSkip[] = [];
  let statusName: string | undefined;
  const status = input.status;
  if (status && !('none' in status)) {
    const offered = input.ticket.statusChoices ?? input.statuses;
    if (input.ticket.status.id === status.statusId) skipped.push({ kind: 'alreadyInStatus', name: input.ticket.status.name });
    else if (offered && offered.length > 0 && !offered.some((candidate) => candidate.id === status.statusId)) skipped.push({ kind: 'statusNotOffered', name: status.name });
    else {
      patch.status = status.statusId;
      statusName = offered?.find((candidate) => candidate.id === status.statusId)?.name ?? status.name;
    }
  }
  if (input.assignTo !== undefined) {
    if (input.ticket.agent?.id === input.assignTo) skipped.push({ kind: 'alreadyYours' });
    else patch.agent = input.assignTo;
  }
  return { patch, ...(statusName !== undefined ? { statusName } : {}), skipped };
}

/**
 * The statuses to offer as "working on it", most likely first: open-like statuses whose name
 * says so ("In Progress", "Working on it"), then the other open and pending ones, then the rest.
 * Closed and resolved ones are left out: starting work never closes a ticket.
 */
export function rankWorkStatuses(statuses: readonly TicketStatus[]): TicketStatus[] {
  const score = (status: TicketStatus): number => {
    if (looksLikeInProgress(status) && status.kind !== 'closed' && status.kind !== 'resolved') return 0;
    if (status.kind === 'open') return 1;
    if (status.kind === 'pending' || status.kind === 'onHold' || status.kind === 'new') return 2;
    return 3;
  };
  return statuses
    .filter((status) => status.kind !== 'closed' && status.kind !== 'resolved')
    .map((status, index) => ({ status, index, rank: score(status) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ status }) => status);
}

/** Whether the first ranked status looks like one meant for work in progress (preselected then). */
export function looksLikeInProgress(status: TicketStatus | undefined): boolean {
  return status !== undefined && IN_PROGRESS.test(status.name);
}
