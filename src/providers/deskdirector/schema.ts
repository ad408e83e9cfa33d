// DeskDirector API v2 JSON, read and checked at the edge. The shapes are the ones the
// DeskDirector Tech connector publishes (microsoft/PowerPlatformConnectors,
// "certified-connectors/DeskDirector Tech/apiDefinition.swagger.json": Copilot.TicketSummary,
// Ticket, TicketNote, TicketTimeEntry, FindTicketsResponse) and the automate connector's
// DynamicListResponse `{results: [{id, name}], totalResults}`. v2 JSON is camelCase (vendor
// article). Everything here turns `unknown` into the Dd* records below or throws a
// JsonShapeError naming the path; mapping.ts turns the records into the model.
import {
  arrayOf,
  asBoolean,
  asId,
  asInt,
  asNumber,
  asObject,
  asString,
  asTimestamp,
  field,
  isJsonObject,
  type JsonObject,
  optional,
  parseTimestamp,
  type Reader,
  readResponse,
} from '../../helpdesk/json';

export const VENDOR = 'DeskDirector';

/** A `ReferenceEntity`: `{id, name}` with an int or string id. */
export interface DdRef {
  id: string;
  name: string;
}

export interface DdUser extends DdRef {
  /** `member` (an agent), `contact` and the like; not enumerated by the vendor. */
  userType?: string;
}

export interface DdTicketSummary {
  id: string;
  summary: string;
  status?: DdRef;
  priority?: DdRef;
  queue?: DdRef;
  account?: DdRef;
  contact?: DdRef;
  requestType?: DdRef;
  assignedAgents: DdRef[];
  createdOn: string;
  modifiedOn?: string;
  closedOn?: string;
  isClosed?: boolean;
  tags: string[];
  /** When the newest note was written: a better "updated" than modifiedOn, which some PSAs do not move. */
  latestNoteOn?: string;
}

export interface DdTimeEntry {
  timeStart?: string;
  timeEnd?: string;
  actualHours?: number;
  hoursBilled?: number;
}

export interface DdNote {
  id: string;
  note: string;
  type?: string;
  isInternal: boolean;
  createdOn: string;
  createdBy?: DdUser;
  timeEntry?: DdTimeEntry;
  attachments: DdRef[];
}

export interface DdTicketDetail extends DdTicketSummary {
  description: string;
  notes: DdNote[];
}

export interface DdTicketList {
  /** What the server counted; more than `results` when it capped the answer. */
  total?: number;
  resultsCount?: number;
  results: DdTicketSummary[];
}

// ---- small readers ---------------------------------------------------------------------

/** A reference that may be null, or an object whose id is 0 (PSA "none"). */
export const readRef: Reader<DdRef | undefined> = (value, path) => {
  if (value === undefined || value === null) return undefined;
  const object = asObject(value, path);
  const rawId = object.id;
  if (rawId === undefined || rawId === null || rawId === 0 || rawId === '') return undefined;
  const id = field(object, 'id', asId, path);
  const name = field(object, 'name', optional(asString), path)?.trim();
  return { id, name: name || `#${id}` };
};

/** An item of a list (request types, statuses, attachments): its id is whatever the server says, 0 included. */
const readListItem: Reader<DdRef> = (value, path) => {
  const object = asObject(value, path);
  const id = field(object, 'id', asId, path);
  const name = field(object, 'name', optional(asString), path)?.trim();
  return { id, name: name || `#${id}` };
};

/** A date that may be null, empty or .NET's `0001-01-01` "no date": all read as absent. */
const lenientDate: Reader<string | undefined> = (value) => {
  if (typeof value !== 'string' || value.trim() === '' || value.startsWith('0001-01-01')) return undefined;
  return parseTimestamp(value);
};

const readText: Reader<string> = (value, path) => optional(asString)(value, path) ?? '';

function refs(object: JsonObject, name: string, path: string): DdRef[] {
  const list = field(object, name, optional(arrayOf(readRef)), path) ?? [];
  return list.filter((ref): ref is DdRef => ref !== undefined);
}

// ---- tickets ---------------------------------------------------------------------------

function readSummaryFields(object: JsonObject, path: string): DdTicketSummary {
  const summary: DdTicketSummary = {
    id: field(object, 'id', asId, path),
    summary: field(object, 'summary', readText, path),
    assignedAgents: refs(object, 'assignedAgents', path),
    createdOn: field(object, 'createdOn', asTimestamp, path),
    tags: field(object, 'tags', optional(arrayOf(asString)), path) ?? [],
  };
  for (const name of ['status', 'priority', 'queue', 'account', 'contact', 'requestType'] as const) {
    const ref = field(object, name, readRef, path);
    if (ref) summary[name] = ref;
  }
  const modifiedOn = lenientDate(object.modifiedOn, path);
  const closedOn = lenientDate(object.closedOn, path);
  const isClosed = field(object, 'isClosed', optional(asBoolean), path);
  const latest = isJsonObject(object.latestNote) ? lenientDate(object.latestNote.createdOn, path) : undefined;
  if (modifiedOn !== undefined) summary.modifiedOn = modifiedOn;
  if (closedOn !== undefined) summary.closedOn = closedOn;
  if (isClosed !== undefined) summary.isClosed = isClosed;
  if (latest !== undefined) summary.latestNoteOn = latest;
  return summary;
}

export const readTicketSummary: Reader<DdTicketSummary> = (value, path) => readSummaryFields(asObject(value, path), path);

export const readTicketDetail: Reader<DdTicketDetail> = (value, path) => {
  const object = asObject(value, path);
  return {
    ...readSummaryFields(object, path),
    description: field(object, 'description', readText, path),
    notes: field(object, 'notes', optional(arrayOf(readNote)), path) ?? [],
  };
};

const readUser: Reader<DdUser | undefined> = (value, path) => {
  const ref = readRef(value, path);
  if (!ref) return undefined;
  const userType = field(asObject(value, path), 'userType', optional(asString), path);
  return { ...ref, ...(userType !== undefined && userType !== '' && { userType }) };
};

const readTimeEntry: Reader<DdTimeEntry | undefined> = (value, path) => {
  if (value === undefined || value === null) return undefined;
  const object = asObject(value, path);
  const entry: DdTimeEntry = {};
  const timeStart = lenientDate(object.timeStart, path);
  const timeEnd = lenientDate(object.timeEnd, path);
  const actualHours = field(object, 'actualHours', optional(asNumber), path);
  const hoursBilled = field(object, 'hoursBilled', optional(asNumber), path);
  if (timeStart !== undefined) entry.timeStart = timeStart;
  if (timeEnd !== undefined) entry.timeEnd = timeEnd;
  if (actualHours !== undefined) entry.actualHours = actualHours;
  if (hoursBilled !== undefined) entry.hoursBilled = hoursBilled;
  return Object.keys(entry).length > 0 ? entry : undefined;
};

export const readNote: Reader<DdNote> = (value, path) => {
  const object = asObject(value, path);
  const createdBy = field(object, 'createdBy', readUser, path);
  const timeEntry = field(object, 'timeEntry', readTimeEntry, path);
  const type = field(object, 'type', optional(asString), path);
  return {
    id: field(object, 'id', asId, path),
    note: field(object, 'note', readText, path),
    ...(type !== undefined && type !== '' && { type }),
    isInternal: field(object, 'isInternal', optional(asBoolean), path) ?? false,
    createdOn: field(object, 'createdOn', asTimestamp, path),
    ...(createdBy && { createdBy }),
    ...(timeEntry && { timeEntry }),
    attachments: field(object, 'attachments', optional(arrayOf(readListItem)), path) ?? [],
  };
};

// ---- responses -------------------------------------------------------------------------

/** `GET /api/v2/copilot/tickets`: `{total, resultsCount, results}`. */
export function readTicketList(body: unknown): DdTicketList {
  return readResponse(VENDOR, body, (value) => {
    const object = asObject(value, '');
    const total = field(object, 'total', optional(asInt), '');
    const resultsCount = field(object, 'resultsCount', optional(asInt), '');
    return {
      ...(total !== undefined && { total }),
      ...(resultsCount !== undefined && { resultsCount }),
      results: field(object, 'results', arrayOf(readTicketSummary), ''),
    };
  });
}

export function readTicket(body: unknown): DdTicketDetail {
  return readResponse(VENDOR, body, (value) => readTicketDetail(value, 'ticket'));
}

/** A DynamicListResponse: `{results: [{id, name}], totalResults}`. */
export function readDynamicList(body: unknown, name: string): DdRef[] {
  return readResponse(VENDOR, body, (value) => field(asObject(value, ''), 'results', arrayOf(readListItem), name));
}

/** The id of a ticket just created (TicketDetails is a dynamic schema; `id` is what every ticket model names it). */
export function readCreatedId(body: unknown): string | undefined {
  if (!isJsonObject(body)) return typeof body === 'number' && Number.isSafeInteger(body) ? String(body) : undefined;
  for (const key of ['id', 'ticketId']) {
    const value = Object.hasOwn(body, key) ? body[key] : undefined;
    if ((typeof value === 'number' && Number.isSafeInteger(value) && value > 0) || (typeof value === 'string' && /^\d+$/.test(value))) {
      return String(value);
    }
  }
  return undefined;
}

/** A person named in an otherwise unknown object (the connection test's answer): name, email, id. */
export function readNamedPerson(body: unknown): { id?: string; name?: string; email?: string } {
  if (!isJsonObject(body)) return {};
  const text = (key: string): string | undefined => {
    const value = Object.hasOwn(body, key) ? body[key] : undefined;
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const id = Object.hasOwn(body, 'id') && (typeof body.id === 'number' || typeof body.id === 'string') ? String(body.id) : undefined;
  const name = text('name') ?? text('displayName') ?? text('userName') ?? text('fullName');
  const email = text('email');
  return { ...(id !== undefined && { id }), ...(name !== undefined && { name }), ...(email !== undefined && { email }) };
}

/**
 * The id an upload answered: the file details' `id` (a GUID in DeskDirector's file storage)
 * or `fileId`/`attachmentId`, or a bare id. Undefined when the answer names none.
 */
export function readUploadedId(body: unknown): string | undefined {
  const bare = idText(body);
  if (bare !== undefined || !isJsonObject(body)) return bare;
  for (const key of ['id', 'fileId', 'attachmentId', 'documentId']) {
    const id = idText(Object.hasOwn(body, key) ? body[key] : undefined);
    if (id !== undefined) return id;
  }
  return undefined;
}

function idText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === 'string' && value.trim() !== '' && value.length <= 200) return value.trim();
  return undefined;
}
