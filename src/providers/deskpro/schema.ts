// DeskPRO API v2 JSON, read and checked at the edge. Everything here turns `unknown` into
// the typed Dp* records below or throws a JsonShapeError naming the path; mapping.ts then
// turns the records into the vendor-neutral model.
import {
  arrayOf,
  asFlag,
  asId,
  asIntLike,
  asObject,
  asString,
  asTimestamp,
  field,
  firstField,
  isJsonObject,
  joinPath,
  type JsonObject,
  JsonShapeError,
  optional,
  type Reader,
  readResponse,
  recordOf,
} from '../../helpdesk/json';

export const VENDOR = 'DeskPRO';

export interface DpPerson {
  id: string;
  name: string;
  email?: string;
  isAgent?: boolean;
}

export interface DpTicket {
  id: string;
  ref: string;
  subject: string;
  status: string;
  personId?: string;
  agentId?: string;
  departmentId?: string;
  priorityId?: string;
  labels: string[];
  createdAt: string;
  /** The latest of date_created and every date_last_* field. */
  updatedAt: string;
}

export interface DpMessage {
  id: string;
  personId?: string;
  createdAt: string;
  body: string;
  isNote: boolean;
  /** Attachment ids, when the message lists them. */
  attachmentIds?: string[];
}

export interface DpBlob {
  blobId?: string;
  blobAuth: string;
  filename: string;
  contentType?: string;
  size?: number;
  isImage?: boolean;
  downloadUrl?: string;
}

export interface DpAttachment {
  id: string;
  messageId?: string;
  blob: DpBlob;
  downloadUrl: string;
}

/** A priority, department or status: only what a picker needs. */
export interface DpNamed {
  id: string;
  name: string;
}

export interface DpMe {
  personId: string;
  person?: DpPerson;
}

export interface DpPaging {
  total?: number;
  page?: number;
  totalPages?: number;
  /** From `links.next` when the server sends links. */
  hasNextLink?: boolean;
}

export interface DpResource<T> {
  item: T;
  linked: Map<string, Map<string, unknown>>;
}

export interface DpCollection<T> {
  items: T[];
  paging: DpPaging;
  /** `linked.TYPE.ID` side-loads, keyed `TYPE` then id. */
  linked: Map<string, Map<string, unknown>>;
}

// ---- people ----------------------------------------------------------------------------

const NAME_FIELDS = ['name', 'display_name', 'title'] as const;

export const readPerson: Reader<DpPerson> = (value, path) => {
  const object = asObject(value, path);
  const id = field(object, 'id', asId, path);
  const email = firstField(object, ['primary_email', 'email'], optional(readEmail), path);
  const name = personName(object, path) ?? email ?? `#${id}`;
  const isAgent = field(object, 'is_agent', optional(asFlag), path);
  return { id, name, ...(email !== undefined && { email }), ...(isAgent !== undefined && { isAgent }) };
};

/** DeskPRO sends `primary_email` as a string; older shapes carry `{email}` objects. */
const readEmail: Reader<string> = (value, path) => {
  if (isJsonObject(value)) return field(value, 'email', asString, path);
  return asString(value, path);
};

function personName(object: JsonObject, path: string): string | undefined {
  for (const name of NAME_FIELDS) {
    const text = field(object, name, optional(asString), path)?.trim();
    if (text) return text;
  }
  const first = field(object, 'first_name', optional(asString), path)?.trim() ?? '';
  const last = field(object, 'last_name', optional(asString), path)?.trim() ?? '';
  const joined = `${first} ${last}`.trim();
  return joined === '' ? undefined : joined;
}

/** The `data` of `GET /me`: `{auth_method, person_id, person}`. */
export const readMe: Reader<DpMe> = (value, path) => {
  const data = asObject(value, path);
  const person = field(data, 'person', optional(readPerson), path);
  const personId = field(data, 'person_id', optional(asId), path) ?? person?.id;
  if (personId === undefined) throw new JsonShapeError(joinPath(path, 'person_id'), 'is missing');
  return { personId, ...(person && { person }) };
};

// ---- tickets ---------------------------------------------------------------------------

/** A reference that arrives as an int id, null, or (in some shapes) an object with an id. */
const readRefId: Reader<string | undefined> = (value, path) => {
  if (value === undefined || value === null || value === 0 || value === '0') return undefined;
  if (isJsonObject(value)) return field(value, 'id', asId, path);
  return asId(value, path);
};

/** Labels are strings; some versions send `{label: "..."}` objects. */
const readLabel: Reader<string> = (value, path) =>
  isJsonObject(value) ? field(value, 'label', asString, path) : asString(value, path);

export const readTicket: Reader<DpTicket> = (value, path) => {
  const object = asObject(value, path);
  const id = field(object, 'id', asId, path);
  const createdAt = field(object, 'date_created', asTimestamp, path);
  let updatedAt = createdAt;
  for (const name of Object.keys(object)) {
    if (!name.startsWith('date_last_')) continue;
    const date = field(object, name, optional(asTimestamp), path);
    if (date !== undefined && date > updatedAt) updatedAt = date;
  }
  const personId = firstField(object, ['person', 'person_id'], optional(readRefId), path);
  const agentId = firstField(object, ['agent', 'agent_id'], optional(readRefId), path);
  const departmentId = field(object, 'department', optional(readRefId), path);
  const priorityId = field(object, 'priority', optional(readRefId), path);
  return {
    id,
    ref: field(object, 'ref', optional(asString), path) ?? id,
    subject: field(object, 'subject', asString, path),
    status: field(object, 'status', asString, path),
    ...(personId !== undefined && { personId }),
    ...(agentId !== undefined && { agentId }),
    ...(departmentId !== undefined && { departmentId }),
    ...(priorityId !== undefined && { priorityId }),
    labels: field(object, 'labels', optional(arrayOf(readLabel)), path) ?? [],
    createdAt,
    updatedAt,
  };
};

// ---- messages and attachments ----------------------------------------------------------

export const readMessage: Reader<DpMessage> = (value, path) => {
  const object = asObject(value, path);
  const personId = firstField(object, ['person', 'person_id'], optional(readRefId), path);
  const attachmentIds = field(object, 'attachments', optional(arrayOf(readRefIdRequired)), path);
  return {
    id: field(object, 'id', asId, path),
    ...(personId !== undefined && { personId }),
    createdAt: field(object, 'date_created', asTimestamp, path),
    body: field(object, 'message', asString, path),
    isNote: field(object, 'is_agent_note', optional(asFlag), path) ?? false,
    ...(attachmentIds !== undefined && { attachmentIds }),
  };
};

const readRefIdRequired: Reader<string> = (value, path) => {
  const id = readRefId(value, path);
  if (id === undefined) throw new JsonShapeError(path, 'is not an id');
  return id;
};

export const readBlob: Reader<DpBlob> = (value, path) => {
  const object = asObject(value, path);
  const blobId = field(object, 'blob_id', optional(asId), path) ?? field(object, 'id', optional(asId), path);
  const contentType = field(object, 'content_type', optional(asString), path);
  const size = firstField(object, ['filesize', 'size'], optional(asIntLike), path);
  const isImage = field(object, 'is_image', optional(asFlag), path);
  const downloadUrl = field(object, 'download_url', optional(asString), path);
  return {
    ...(blobId !== undefined && { blobId }),
    blobAuth: field(object, 'blob_auth', asString, path),
    filename: field(object, 'filename', asString, path),
    ...(contentType !== undefined && { contentType }),
    ...(size !== undefined && { size }),
    ...(isImage !== undefined && { isImage }),
    ...(downloadUrl !== undefined && { downloadUrl }),
  };
};

/** An attachment, or undefined when the server says its file is gone (`blob: null`). */
export const readAttachment: Reader<DpAttachment | undefined> = (value, path) => {
  const object = asObject(value, path);
  if (object.blob === null) return undefined;
  const messageId = field(object, 'message', optional(readRefId), path);
  const blob = field(object, 'blob', readBlob, path);
  // Without a download URL the attachment could be listed but never opened.
  const downloadUrl = blob.downloadUrl;
  if (downloadUrl === undefined) throw new JsonShapeError(joinPath(path, 'blob.download_url'), 'is missing');
  return { id: field(object, 'id', asId, path), ...(messageId !== undefined && { messageId }), blob, downloadUrl };
};

// ---- reference lists -------------------------------------------------------------------

export const readNamed: Reader<DpNamed> = (value, path) => {
  const object = asObject(value, path);
  const id = field(object, 'id', asId, path);
  const name = firstField(object, ['title', 'name', 'display_name'], asString, path);
  return { id, name };
};

/**
 * A `/ticket_statuses` item. The ticket's `status` field holds a code (`awaiting_agent`),
 * so the code is what we key on; a numeric `id` is only used when no code is given.
 */
export const readStatusEntry: Reader<DpNamed> = (value, path) => {
  const object = asObject(value, path);
  const code = firstField(object, ['status', 'code', 'key', 'id'], asId, path);
  const name = firstField(object, ['title', 'name', 'label'], optional(asString), path) ?? code;
  return { id: code, name };
};

// ---- envelopes -------------------------------------------------------------------------

/** `{data: {...}}` for a single resource; `name` labels it in error paths. */
export function readSingle<T>(body: unknown, reader: Reader<T>, name: string): T {
  return readResource(body, reader, name).item;
}

/** A single resource with its `linked` side-loads. */
export function readResource<T>(body: unknown, reader: Reader<T>, name: string): DpResource<T> {
  return readResponse(VENDOR, body, (value) => {
    const envelope = asObject(value, '');
    if (!('data' in envelope)) throw new JsonShapeError('data', 'is missing');
    return { item: reader(envelope.data, name), linked: readLinked(envelope.linked) };
  });
}

/**
 * `{data: [...], meta, links?, linked?}` for a collection. `name` labels the items in error
 * paths (`tickets[3].subject`). Both paging forms are accepted: `meta.pagination{total,
 * current_page, total_pages}` (what servers send) and `meta{total, page, total_pages}` with
 * `links.next` (what the v2 overview shows).
 */
export function readCollection<T>(body: unknown, reader: Reader<T>, name: string): DpCollection<T> {
  return readResponse(VENDOR, body, (value) => {
    const envelope = asObject(value, '');
    const items = arrayOf(reader)(envelope.data, name);
    return { items, paging: readPaging(envelope), linked: readLinked(envelope.linked) };
  });
}

function readPaging(envelope: JsonObject): DpPaging {
  const paging: DpPaging = {};
  const meta = optional(asObject)(envelope.meta, 'meta');
  if (meta) {
    const pagination = optional(asObject)(meta.pagination, 'meta.pagination');
    const source = pagination ?? meta;
    const path = pagination ? 'meta.pagination' : 'meta';
    const total = firstField(source, ['total', 'total_count'], optional(asIntLike), path);
    const page = firstField(source, ['current_page', 'page'], optional(asIntLike), path);
    const totalPages = field(source, 'total_pages', optional(asIntLike), path);
    if (total !== undefined) paging.total = total;
    if (page !== undefined) paging.page = page;
    if (totalPages !== undefined) paging.totalPages = totalPages;
  }
  // Links live at the top level in the overview's shape and under meta.pagination in some servers.
  const links = optional(asObject)(envelope.links, 'links');
  if (links && 'next' in links) paging.hasNextLink = typeof links.next === 'string' && links.next !== '';
  return paging;
}

function readLinked(value: unknown): Map<string, Map<string, unknown>> {
  const linked = new Map<string, Map<string, unknown>>();
  if (value === undefined || value === null) return linked;
  for (const [type, byId] of recordOf(recordOf((item: unknown) => item))(value, 'linked')) linked.set(type, byId);
  return linked;
}

/** The people side-loaded under `linked.person` / `linked.agent`, read and checked. */
export function linkedPeople(linked: Map<string, Map<string, unknown>>): Map<string, DpPerson> {
  const people = new Map<string, DpPerson>();
  return readResponse(VENDOR, undefined, () => {
    for (const type of ['person', 'agent', 'people', 'agents']) {
      for (const [id, value] of linked.get(type) ?? []) {
        // A side-load of someone since deleted comes as null: that person is just not named.
        if (value !== null && !people.has(id)) people.set(id, readPerson(value, `linked.${type}.${id}`));
      }
    }
    return people;
  });
}
