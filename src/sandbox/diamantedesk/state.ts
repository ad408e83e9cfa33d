// The DiamanteDesk simulator's live data, kept as the product's database holds it:
// agents (Oro users, `oro_N`), customers (Diamante users with an API user, `diamante_N`),
// branches with their ticket sequence, tickets, comments and attachments. Dates are
// epoch ms; serialize.ts turns records into the API's JSON. Tests read and change these
// maps directly for setup and assertions.
import { listFor } from '../list-map';
import type { Rng } from '../prng';
import type { NonceCache } from './nonces';

export const STATUSES = ['new', 'open', 'pending', 'in_progress', 'closed', 'on_hold'] as const;
export const PRIORITIES = ['low', 'medium', 'high'] as const;
export const SOURCES = ['web', 'email', 'phone'] as const;

/** An Oro user: an agent, who authenticates on /api/rest with username (or email) and API key. */
export interface AgentRecord {
  id: number;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  /** The Oro API key: the WSSE secret on /api/rest. */
  apiKey: string;
  /** Oro ACL: may edit and delete tickets, comments and attachments (view is always granted). */
  canEdit: boolean;
}

/** A Diamante user (customer) with its API user, who authenticates on /api/diamante/rest. */
export interface CustomerRecord {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  /** The API user's password: the WSSE secret on DiamanteDesk's own guard. */
  apiSecret: string;
  /** An API user that has not confirmed its registration is refused by the guard. */
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface BranchRecord {
  id: number;
  /** Letters only, unique; the prefix of its tickets' keys. */
  key: string;
  name: string;
  description: string;
  defaultAssigneeId: number | null;
  createdAt: number;
  updatedAt: number;
  /** The last ticket sequence number handed out (deleted tickets do not give theirs back). */
  lastSequence: number;
}

export interface TagRecord {
  id: number;
  name: string;
}

export interface TicketRecord {
  id: number;
  /** 32 hex digits, serialized as `unique_id: {id}`. */
  uniqueId: string;
  branchId: number;
  sequenceNumber: number;
  subject: string;
  /** HTML as stored; never sanitized by the server. */
  description: string;
  /** One of STATUSES, or '' after a comment update without ticketStatus (see routes/comments.ts). */
  status: string;
  priority: string;
  source: string;
  /** Typed user id: `oro_3` or `diamante_12` (PATCH can store any string here). */
  reporter: string;
  reporterEmail: string | null;
  assigneeId: number | null;
  createdAt: number;
  updatedAt: number | null;
  statusUpdatedSince: number | null;
  assignedSince: number | null;
  tags: TagRecord[];
  attachmentIds: number[];
}

export interface CommentRecord {
  id: number;
  ticketId: number;
  /** Typed user id of the author, as the client sent it (`oro_3`, `diamante_12`). */
  author: string;
  content: string;
  private: boolean;
  createdAt: number;
  updatedAt: number;
  attachmentIds: number[];
}

export interface AttachmentRecord {
  id: number;
  /** 32 hex digits; the download URLs carry it and need no login. */
  hash: string;
  filename: string;
  data: Buffer;
  /** What the download answers in Content-Type (sniffed from the content, like finfo). */
  contentType: string;
  /** A 100×100 PNG for image attachments, null for others. */
  thumbnail: Buffer | null;
  createdAt: number;
  updatedAt: number;
  holder: 'ticket' | 'comment';
  holderId: number;
}

/**
 * How X-Total is counted for /tickets. 'cross-join' is what the released 2.x code does
 * (its count query joins the ticket table with itself: total × matching); 'any-filter'
 * counts tickets matching any one of the filters, as the 2015 code did. See paging.ts.
 */
export type TicketTotalMode = 'cross-join' | 'any-filter';

export interface DiamantedeskState {
  /** http://127.0.0.1:PORT: where the API, the download URLs and the beacon live. */
  origin: string;
  seed: number;
  /** When the seed's dates end (epoch ms): SEED_EPOCH in tests, the start time in the sandbox. */
  seedEpoch: number;
  /** Real time (injectable); the server's clock is this plus clockSkewMs. */
  realNow: () => number;
  /** How far the server's clock is ahead of real time (negative: behind). Tests flip it. */
  clockSkewMs: number;
  agents: Map<number, AgentRecord>;
  customers: Map<number, CustomerRecord>;
  branches: Map<number, BranchRecord>;
  /** The branch a ticket created without `branch` goes to (system setting). */
  defaultBranchId: number;
  tickets: Map<number, TicketRecord>;
  comments: Map<number, CommentRecord>;
  /** Comment ids of each ticket, in creation order. */
  ticketComments: Map<number, number[]>;
  attachments: Map<number, AttachmentRecord>;
  attachmentsByHash: Map<string, number>;
  tags: Map<string, TagRecord>;
  /**
   * TicketHistory: the keys tickets had before they were moved to another branch (upper
   * case) → the ticket's id. Loading by such a key answers 301 (see routes/common.ts).
   */
  movedKeys: Map<string, number>;
  /** WSSE nonces seen, shared by both guards (one nonce directory on the server). */
  nonces: NonceCache;
  nextId: { ticket: number; comment: number; attachment: number; branch: number; customer: number; tag: number };
  meId: number;
  /** An agent without edit permission (403 on writes). */
  restrictedAgentId: number;
  /** The customer whose API user the simulator hands out for /api/diamante/rest. */
  customerId: number;
  ticketTotal: TicketTotalMode;
  /** Hits on /__beacon: anything above zero means some client ran hostile content. */
  beaconHits: number;
  rng: Rng;
  generatedInMs: number;
}

/** The server's clock in ms: real time plus the skew switch. */
export function serverNow(state: DiamantedeskState): number {
  return state.realNow() + state.clockSkewMs;
}

export function ticketKey(state: DiamantedeskState, ticket: TicketRecord): string {
  return `${state.branches.get(ticket.branchId)?.key ?? ''}-${ticket.sequenceNumber}`;
}

export function agentTypedId(id: number): string {
  return `oro_${id}`;
}

export function customerTypedId(id: number): string {
  return `diamante_${id}`;
}

/** PHP's `list($type, $id) = explode('_', $typedId)`: the first two parts, the rest ignored. */
export function parseTypedId(typed: string): { type: string; id: string } {
  const [type = '', id = ''] = typed.split('_');
  return { type, id };
}

export function commentsOf(state: DiamantedeskState, ticketId: number): CommentRecord[] {
  return (state.ticketComments.get(ticketId) ?? []).map((id) => state.comments.get(id)).filter((c): c is CommentRecord => c !== undefined);
}

export function attachmentsOf(state: DiamantedeskState, ids: readonly number[]): AttachmentRecord[] {
  return ids.map((id) => state.attachments.get(id)).filter((a): a is AttachmentRecord => a !== undefined);
}

export function addComment(state: DiamantedeskState, comment: Omit<CommentRecord, 'id' | 'attachmentIds'>): CommentRecord {
  const record: CommentRecord = { id: state.nextId.comment++, attachmentIds: [], ...comment };
  state.comments.set(record.id, record);
  listFor(state.ticketComments, record.ticketId).push(record.id);
  return record;
}

export function removeComment(state: DiamantedeskState, comment: CommentRecord): void {
  state.comments.delete(comment.id);
  const list = state.ticketComments.get(comment.ticketId);
  if (list) list.splice(list.indexOf(comment.id), 1);
  for (const id of comment.attachmentIds) removeAttachment(state, id);
}

export function removeAttachment(state: DiamantedeskState, id: number): void {
  const attachment = state.attachments.get(id);
  if (!attachment) return;
  state.attachments.delete(id);
  state.attachmentsByHash.delete(attachment.hash);
}

/**
 * What "Move ticket" in the web app does: the ticket joins the other branch with that
 * branch's next number, so its key changes, and the old key is kept in the history.
 */
export function moveTicket(state: DiamantedeskState, ticket: TicketRecord, branch: BranchRecord): void {
  state.movedKeys.set(ticketKey(state, ticket).toUpperCase(), ticket.id);
  ticket.branchId = branch.id;
  ticket.sequenceNumber = nextSequence(branch);
}

/** The next ticket number of a branch (per branch, never reused). */
export function nextSequence(branch: BranchRecord): number {
  branch.lastSequence += 1;
  return branch.lastSequence;
}

export function tagFor(state: DiamantedeskState, name: string): TagRecord {
  const key = name.toLowerCase();
  let tag = state.tags.get(key);
  if (!tag) {
    tag = { id: state.nextId.tag++, name };
    state.tags.set(key, tag);
  }
  return tag;
}

export function fullName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`.trim();
}
