// Who may do what, as DiamanteDesk's authorization services decide it:
// - agents (Oro users) go through Oro's ACL; the simulator's agents may view
//   everything, and all but the restricted one may also create, edit and delete;
// - customers (API users on /api/diamante/rest) follow DiamanteAuthorizationImpl's map:
//   tickets VIEW/EDIT and create, comments create and VIEW/EDIT/DELETE, nothing else;
//   for an object whose owner (ticket reporter, comment author) is a customer, only
//   that customer. An object owned by an agent passes the owner check: any customer
//   may open an agent-reported ticket by id.
// A refusal is 403 `{"error":"Not enough permissions."}`.
import { notEnoughPermissions } from './errors';
import type { Caller } from './router';
import { customerTypedId, parseTypedId, type CommentRecord, type TicketRecord } from './state';

export type Operation = 'VIEW' | 'CREATE' | 'EDIT' | 'DELETE';

type Subject = { kind: 'ticket'; ticket: TicketRecord } | { kind: 'comment'; comment: CommentRecord } | { kind: 'class'; name: 'Ticket' | 'Comment' | 'Branch' | 'User' };

const CUSTOMER_MAP: Record<string, readonly Operation[]> = {
  ticket: ['VIEW', 'EDIT'],
  'class:Ticket': ['VIEW', 'CREATE'],
  'class:Comment': ['CREATE'],
  comment: ['VIEW', 'EDIT', 'DELETE'],
};

function ownerOf(subject: Subject): string | undefined {
  if (subject.kind === 'ticket') return subject.ticket.reporter;
  if (subject.kind === 'comment') return subject.comment.author;
  return undefined;
}

export function isGranted(caller: Caller, operation: Operation, subject: Subject): boolean {
  if (caller.kind === 'agent') return operation === 'VIEW' || caller.agent.canEdit;
  const owner = ownerOf(subject);
  if (owner !== undefined && operation !== 'CREATE' && parseTypedId(owner).type === 'diamante' && owner !== customerTypedId(caller.customer.id)) return false;
  const key = subject.kind === 'class' ? `class:${subject.name}` : subject.kind;
  return (CUSTOMER_MAP[key] ?? []).includes(operation);
}

export function checkGranted(caller: Caller, operation: Operation, subject: Subject): void {
  if (!isGranted(caller, operation, subject)) throw notEnoughPermissions();
}

/**
 * CommentServiceImpl's VIEW shortcut: the reporter of the ticket may view its comments
 * (private ones are already filtered out for customers).
 */
export function checkCommentView(caller: Caller, comment: CommentRecord, ticket: TicketRecord | undefined): void {
  if (caller.kind === 'customer' && ticket && ticket.reporter === customerTypedId(caller.customer.id)) return;
  checkGranted(caller, 'VIEW', { kind: 'comment', comment });
}
