// The DeskDirector simulator's live data. Records keep times as epoch milliseconds and
// references as ids; serialize.ts turns them into the API's camelCase shapes. Tests read
// and change these maps directly for setup and assertions.
import { listFor } from '../list-map';
import type { Rng } from '../prng';
import type { Credentials } from './auth';

export type UserType = 'agent' | 'contact';

/** Who wrote or did something. */
export interface Actor {
  type: UserType;
  id: number;
}

/** A TECH user ("member" in the connector's words, "agent" in the Copilot routes). */
export interface AgentRecord {
  id: number;
  firstName: string;
  lastName: string;
  name: string;
  email: string;
  isAdmin: boolean;
}

/** A customer company ("account" in tickets, "company" in the connector). */
export interface AccountRecord {
  id: number;
  name: string;
  domain: string;
}

export interface ContactRecord {
  id: number;
  firstName: string;
  lastName: string;
  name: string;
  email: string;
  accountId: number;
}

export interface NamedRecord {
  id: number;
  name: string;
}

export interface StatusRecord extends NamedRecord {
  boardId: number;
  isClosed: boolean;
  /** The status a new ticket on this board starts in. */
  isDefault: boolean;
}

/**
 * What a request type's form asks for. `time` and `emailList` (and `number`) have no
 * plain form control in most clients: they exist so a client must fall back to text.
 */
export type FieldKind = 'string' | 'markdown' | 'integer' | 'number' | 'boolean' | 'dateTime' | 'time' | 'enum' | 'emailList';

export interface FieldSpec {
  name: string;
  title: string;
  description: string;
  kind: FieldKind;
  required: boolean;
  enum?: readonly string[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  /** A Power Automate dynamic list the value comes from (`ListPriorities`). */
  dynamicValues?: string;
}

export interface RequestTypeRecord extends NamedRecord {
  boardId: number;
  /** Used when a create request gives no priorityId. */
  defaultPriorityId: number;
  /** The request type's own form fields, after the fields every ticket has. */
  fields: readonly FieldSpec[];
}

export type FieldValue = string | number | boolean | string[] | null;

export interface TicketRecord {
  id: number;
  summary: string;
  description: string;
  requestTypeId: number | null;
  boardId: number;
  statusId: number;
  priorityId: number | null;
  sourceId: number | null;
  accountId: number | null;
  contactId: number | null;
  assignedAgentIds: number[];
  tags: string[];
  /** Category references (string ids, as the Copilot schema types them). */
  categories: string[];
  createdOn: number;
  modifiedOn: number;
  closedOn: number | null;
  dueDate: number | null;
  /** Answers to the request type's own fields, by field name. */
  customFields: Record<string, FieldValue>;
  createdBy: Actor;
}

export interface TimeEntryRecord {
  timeStart: number;
  timeEnd: number;
  actualHours: number;
  hoursBilled: number;
}

export type NoteType = 'comment' | 'timeEntry';

export interface NoteRecord {
  id: number;
  ticketId: number;
  /** Plain text or Markdown as typed; email replies carry whatever the mail had. */
  note: string;
  type: NoteType;
  isInternal: boolean;
  createdOn: number;
  author: Actor;
  timeEntry: TimeEntryRecord | null;
  attachmentIds: string[];
}

export interface FileRecord {
  /** A GUID: the Copilot schema types attachment ids as strings. */
  id: string;
  name: string;
  contentType: string;
  data: Buffer;
  createdOn: number;
  uploadedBy: Actor;
  /** Set once the file is attached to a note. */
  noteId: number | null;
}

export interface ActivityRecord {
  /** RavenDB-style document id (`ticketactivities/1234-A`), a string as in the schema. */
  id: string;
  type: string;
  createdOn: number;
  author: Actor;
}

export interface TaskListRecord {
  id: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  done: number;
  total: number;
  createdOn: number;
  createdBy: number;
  modifiedOn: number;
  modifiedBy: number;
}

export interface DeskdirectorState {
  /** `http://127.0.0.1:PORT`: the instance's address (the API is under /api/). */
  origin: string;
  seed: number;
  /** When the seed's dates end (epoch ms): SEED_EPOCH in tests, the start time in the sandbox. */
  seedEpoch: number;
  /** The clock for every "now": access-token expiry, dates of things created through the API. */
  now: () => number;
  /** The agent the API key, the personal access token and minted access tokens act as. */
  meId: number;
  agents: Map<number, AgentRecord>;
  accounts: Map<number, AccountRecord>;
  contacts: Map<number, ContactRecord>;
  boards: NamedRecord[];
  statuses: StatusRecord[];
  priorities: NamedRecord[];
  sources: NamedRecord[];
  requestTypes: RequestTypeRecord[];
  tickets: Map<number, TicketRecord>;
  notes: Map<number, NoteRecord>;
  /** Note ids of each ticket, oldest first. */
  ticketNotes: Map<number, number[]>;
  activities: Map<number, ActivityRecord[]>;
  taskLists: Map<number, TaskListRecord[]>;
  files: Map<string, FileRecord>;
  credentials: Credentials;
  features: {
    /** Whether this instance serves (and its /swagger lists) the TECH note and file routes. */
    notesRoute: boolean;
  };
  /** Every PUT that arrived, on any path: a client must never replace a ticket. */
  putCount: number;
  /** Hits on /__beacon: anything above zero means some client ran hostile content. */
  beaconHits: number;
  limits: {
    /** Largest accepted JSON body. */
    maxJsonBytes: number;
    /** Largest accepted uploaded file; bigger gives 413. Tests may lower it. */
    maxUploadBytes: number;
    /** Most tickets (and time entries) one Copilot search returns. */
    copilotResultCap: number;
  };
  nextId: { ticket: number; note: number; activity: number };
  rng: Rng;
  generatedInMs: number;
}

/**
 * .NET's round-trip form as System.Text.Json writes a UTC DateTime: up to seven fraction
 * digits, trailing zeros dropped, `Z`. The sub-millisecond digits are derived from the
 * time itself, so a client that assumes three digits (or none) fails here.
 */
export function formatDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  const ticks = String(Math.abs(Math.imul(Math.floor(ms), 2654435761)) % 10_000).padStart(4, '0');
  const fraction = `${iso.slice(20, 23)}${ticks}`.replace(/0+$/, '');
  return `${iso.slice(0, 19)}${fraction === '' ? '' : `.${fraction}`}Z`;
}

export function formatDateOrNull(ms: number | null): string | null {
  return ms === null ? null : formatDate(ms);
}

export function statusOf(state: DeskdirectorState, id: number): StatusRecord | undefined {
  return state.statuses.find((status) => status.id === id);
}

export function isClosed(state: DeskdirectorState, ticket: TicketRecord): boolean {
  return statusOf(state, ticket.statusId)?.isClosed === true;
}

export function defaultStatus(state: DeskdirectorState, boardId: number): StatusRecord | undefined {
  return state.statuses.find((status) => status.boardId === boardId && status.isDefault);
}

export function notesOf(state: DeskdirectorState, ticketId: number): NoteRecord[] {
  return (state.ticketNotes.get(ticketId) ?? []).map((id) => state.notes.get(id)).filter((note): note is NoteRecord => note !== undefined);
}

export function addNote(state: DeskdirectorState, note: Omit<NoteRecord, 'id'>): NoteRecord {
  const record: NoteRecord = { id: state.nextId.note++, ...note };
  state.notes.set(record.id, record);
  listFor(state.ticketNotes, record.ticketId).push(record.id);
  for (const fileId of record.attachmentIds) {
    const file = state.files.get(fileId);
    if (file) file.noteId = record.id;
  }
  return record;
}

export function addActivity(state: DeskdirectorState, ticketId: number, type: string, createdOn: number, author: Actor): void {
  listFor(state.activities, ticketId).push({ id: `ticketactivities/${state.nextId.activity++}-A`, type, createdOn, author });
}

/** A GUID from the seeded generator, so the same seed gives the same file ids. */
export function newGuid(rng: Rng): string {
  const hex = rng.code(32, '0123456789abcdef');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[rng.int(0, 3)]}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

export function addFile(state: DeskdirectorState, file: Omit<FileRecord, 'id' | 'noteId'>): FileRecord {
  const record: FileRecord = { id: newGuid(state.rng), noteId: null, ...file };
  state.files.set(record.id, record);
  return record;
}
