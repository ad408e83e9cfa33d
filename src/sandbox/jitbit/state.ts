// The Jitbit simulator's live data. Records are kept in plain camelCase with epoch-ms
// dates; serialize.ts turns them into Jitbit's PascalCase JSON with ISO dates, filling
// in the many derived fields (names, category titles, flags) the API repeats. Tests read
// and change these maps directly for setup and assertions.
import { listFor } from '../list-map';
import type { Rng } from '../prng';
import { randomCode } from '../secrets';
import type { LoginGuard } from './auth';

/** Built-in status ids; any other id is a custom status an admin added. */
export const STATUS_NEW = 1;
export const STATUS_IN_PROGRESS = 2;
export const STATUS_CLOSED = 3;

export interface StatusRecord {
  id: number;
  name: string;
}

/** -1 Low, 0 Normal, 1 High, 2 Critical. */
export const PRIORITIES: ReadonlyArray<readonly [number, string]> = [
  [-1, 'Low'],
  [0, 'Normal'],
  [1, 'High'],
  [2, 'Critical'],
];

/** `origin` numbers of POST /api/ticket and the names the API prints for them. */
export const ORIGINS = ['WebApp', 'Email', 'Widget', 'API', 'Scheduler', 'MobileApp', 'Phone', 'LiveChat', 'InPerson'] as const;
export type Origin = (typeof ORIGINS)[number];

export interface CompanyRecord {
  id: number;
  name: string;
}

export interface UserRecord {
  id: number;
  /** Login name; `DOMAIN\name` for Windows/AD accounts, often the email for customers. */
  username: string;
  password: string;
  /** For `Authorization: Bearer`; a password change replaces it. */
  token: string;
  email: string;
  firstName: string;
  lastName: string;
  isAdmin: boolean;
  isTech: boolean;
  isManager: boolean;
  disabled: boolean;
  companyId: number | null;
  department: string | null;
  phone: string;
  location: string;
  notes: string;
  signature: string;
  greeting: string;
  lang: string;
  lastSeen: number | null;
  ipAddress: string;
  userAgent: string;
}

export interface CategoryRecord {
  id: number;
  name: string;
  sectionId: number | null;
  section: string | null;
  forTechsOnly: boolean;
  fromAddress: string | null;
  /** Techs who may be assigned tickets of this category. */
  techIds: number[];
}

/** Only for tests and the seed: the API never says which format a body is in. */
export type BodyFormat = 'html' | 'bbcode' | 'text';

export interface TicketRecord {
  id: number;
  subject: string;
  /** As stored: HTML from email, BBCode or plain text from the web app. Never sanitized. */
  body: string;
  bodyFormat: BodyFormat;
  userId: number;
  assignedToUserId: number | null;
  categoryId: number;
  statusId: number;
  priority: number;
  origin: Origin;
  issueDate: number;
  lastUpdated: number;
  lastUpdatedByUserId: number | null;
  startDate: number | null;
  resolvedDate: number | null;
  dueDate: number | null;
  updatedByUser: boolean;
  updatedByPerformer: boolean;
  updatedForTechView: boolean;
  timeSpentInSeconds: number;
  tags: string[];
  /** Custom field id → value as a string. */
  customFields: Map<number, string>;
}

/** What whoever opens a ticket decides; the rest of the record follows from it. */
export type OpenedTicket = Pick<TicketRecord, 'id' | 'subject' | 'body' | 'bodyFormat' | 'userId' | 'assignedToUserId' | 'categoryId' | 'statusId' | 'priority' | 'origin' | 'issueDate'> &
  Partial<TicketRecord>;

/**
 * A ticket as it stands when opened: last updated by its submitter at its issue date, not
 * started, resolved or due, no time spent, no tags or custom values, unless `fields` say otherwise.
 */
export function newTicket(fields: OpenedTicket): TicketRecord {
  return {
    lastUpdated: fields.issueDate,
    lastUpdatedByUserId: fields.userId,
    startDate: null,
    resolvedDate: null,
    dueDate: null,
    updatedByUser: false,
    updatedByPerformer: false,
    updatedForTechView: false,
    timeSpentInSeconds: 0,
    tags: [],
    customFields: new Map(),
    ...fields,
  };
}

export interface CommentRecord {
  id: number;
  ticketId: number;
  userId: number;
  date: number;
  body: string;
  forTechsOnly: boolean;
  isSystem: boolean;
  /** Comma-separated user ids the notification went to; '' for all subscribers. */
  recipients: string;
}

export interface FileRecord {
  id: number;
  ticketId: number;
  /** The comment the file came with; null for files on the ticket itself. */
  commentId: number | null;
  userId: number;
  date: number;
  fileName: string;
  contentType: string;
  data: Buffer;
  forTechsOnly: boolean;
}

export interface TagRecord {
  id: number;
  name: string;
}

/** Custom field types: 1 text, 2 date, 3 drop-down, 4 checkbox, 5 multi-line text. */
export interface CustomFieldRecord {
  id: number;
  name: string;
  type: 1 | 2 | 3 | 4 | 5;
  forTechsOnly: boolean;
  mandatory: boolean;
  order: number;
  showInGrid: boolean;
  options: Array<{ id: number; name: string }> | null;
  /** Categories the field shows in; null for all. */
  categoryIds: number[] | null;
}

export interface CommentTemplateRecord {
  id: number;
  name: string;
  body: string;
}

export interface JitbitState {
  /** Origin of the server, e.g. http://127.0.0.1:PORT (the beacon lives here). */
  origin: string;
  /** The helpdesk's own sub-folder ('' or e.g. '/helpdesk'); the API is under it at /api. */
  basePath: string;
  /** origin + basePath: the address users open, and the root of web links like /File/Get. */
  helpdeskUrl: string;
  seed: number;
  /** When the seed's dates end (epoch ms): SEED_EPOCH in tests, the start time in the sandbox. */
  seedEpoch: number;
  /** The clock every "now" comes from (injectable so tests need not wait 5 minutes). */
  now: () => number;
  /** The admin + technician the main credentials belong to. */
  meId: number;
  /** The Windows/AD technician (not an admin) behind the DOMAIN\user credentials. */
  domainUserId: number;
  users: Map<number, UserRecord>;
  companies: Map<number, CompanyRecord>;
  categories: Map<number, CategoryRecord>;
  statuses: Map<number, StatusRecord>;
  tickets: Map<number, TicketRecord>;
  comments: Map<number, CommentRecord>;
  /** Comment ids of each ticket, oldest first. */
  ticketComments: Map<number, number[]>;
  files: Map<number, FileRecord>;
  /** File ids of each ticket, in the order they were attached. */
  ticketFiles: Map<number, number[]>;
  /** Tags by lower-cased name: Jitbit matches tag names case-insensitively. */
  tags: Map<string, TagRecord>;
  customFields: CustomFieldRecord[];
  commentTemplates: CommentTemplateRecord[];
  limits: {
    /** Largest accepted file in an upload; bigger gives 413. Tests may lower it. */
    maxUploadBytes: number;
    /** Largest accepted url-encoded or JSON body. */
    maxFormBytes: number;
  };
  nextId: { user: number; ticket: number; comment: number; file: number; tag: number };
  /** Hits on /__beacon: anything above zero means some client ran hostile content. */
  beaconHits: number;
  rng: Rng;
  generatedInMs: number;
  /** The three-failures-five-minutes lock, per client IP. */
  guard: LoginGuard;
  /** When the lock on `ip` ends (epoch ms), or undefined when it is not locked. */
  lockedUntil(ip: string): number | undefined;
  /** Failed logins counted so far towards the next lock of `ip`. */
  failedLogins(ip: string): number;
  /** Forgets failures and locks of one IP, or of all. */
  resetLocks(ip?: string): void;
}

/**
 * .NET's ISO form as Jitbit prints it: UTC with `Z`, fractional seconds trimmed of
 * trailing zeros and left out when zero (`2024-05-05T17:25:31.127Z`, `2020-02-28T04:48:00Z`).
 */
export function formatDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.(\d*?)0*Z$/, (_, digits: string) => (digits === '' ? 'Z' : `.${digits}Z`));
}

export function formatDateOrNull(ms: number | null): string | null {
  return ms === null ? null : formatDate(ms);
}

export function fullName(user: UserRecord): string {
  return `${user.firstName} ${user.lastName}`.trim();
}

export function addComment(state: JitbitState, comment: Omit<CommentRecord, 'id'>): CommentRecord {
  const record: CommentRecord = { id: state.nextId.comment++, ...comment };
  state.comments.set(record.id, record);
  listFor(state.ticketComments, record.ticketId).push(record.id);
  return record;
}

export function addFile(state: JitbitState, file: Omit<FileRecord, 'id'>): FileRecord {
  const record: FileRecord = { id: state.nextId.file++, ...file };
  state.files.set(record.id, record);
  listFor(state.ticketFiles, record.ticketId).push(record.id);
  return record;
}

/** The tag record for a name, created on first use (ids are global and stable). */
export function tagFor(state: JitbitState, name: string): TagRecord {
  const key = name.toLowerCase();
  let tag = state.tags.get(key);
  if (!tag) {
    tag = { id: state.nextId.tag++, name };
    state.tags.set(key, tag);
  }
  return tag;
}

/** `tags=a, b,,c` → ['a', 'b', 'c'], duplicates (case-insensitive) dropped, first spelling kept. */
export function splitTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of text.split(',')) {
    const tag = raw.trim();
    if (tag === '' || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  return tags;
}

export function setTags(state: JitbitState, ticket: TicketRecord, names: readonly string[]): void {
  ticket.tags = names.map((name) => tagFor(state, name).name);
}

export function commentsOf(state: JitbitState, ticketId: number): CommentRecord[] {
  return (state.ticketComments.get(ticketId) ?? []).map((id) => state.comments.get(id)).filter((c): c is CommentRecord => c !== undefined);
}

export function filesOf(state: JitbitState, ticketId: number): FileRecord[] {
  return (state.ticketFiles.get(ticketId) ?? []).map((id) => state.files.get(id)).filter((f): f is FileRecord => f !== undefined);
}

export function statusName(state: JitbitState, statusId: number): string {
  return state.statuses.get(statusId)?.name ?? `Status ${statusId}`;
}

/** Where the web app serves a file (needs a browser session, not the API's Basic auth). */
export function fileWebUrl(state: JitbitState, fileId: number): string {
  return `${state.helpdeskUrl}/File/Get?id=${fileId}`;
}

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A token drawn from the seed, so the seed data's random stream stays the same. */
export function newToken(rng: Rng): string {
  return rng.code(64, TOKEN_ALPHABET);
}

/** A token no one can know in advance (see ../secrets). */
export function freshToken(): string {
  return randomCode(64, TOKEN_ALPHABET);
}

/** As in the product: a new password expires the user's API token. */
export function changePassword(state: JitbitState, userId: number, password: string): UserRecord {
  const user = state.users.get(userId);
  if (!user) throw new Error(`no user ${userId}`);
  user.password = password;
  user.token = freshToken();
  return user;
}

/**
 * Sets the "who spoke last" flags from the thread: the last public comment by a customer
 * means UpdatedByUser, by a technician UpdatedByPerformer; a technicians-only note after
 * it means UpdatedForTechView (inferred meaning) while the ticket is open.
 */
export function settleFlags(state: JitbitState, ticket: TicketRecord): void {
  const comments = (state.ticketComments.get(ticket.id) ?? []).map((id) => state.comments.get(id)).filter((c): c is CommentRecord => c !== undefined && !c.isSystem);
  const lastPublic = [...comments].reverse().find((c) => !c.forTechsOnly);
  const publicIsTech = lastPublic ? state.users.get(lastPublic.userId)?.isTech === true : false;
  ticket.updatedByUser = lastPublic !== undefined && !publicIsTech;
  ticket.updatedByPerformer = lastPublic !== undefined && publicIsTech;
  ticket.updatedForTechView = ticket.statusId !== STATUS_CLOSED && comments.at(-1)?.forTechsOnly === true;
  const last = (state.ticketComments.get(ticket.id) ?? []).map((id) => state.comments.get(id)).at(-1);
  if (last) {
    ticket.lastUpdated = Math.max(ticket.lastUpdated, last.date);
    ticket.lastUpdatedByUserId = last.userId;
  }
}
