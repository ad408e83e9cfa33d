// DiamanteDesk API JSON, read and checked at the edge. Everything here turns `unknown` into
// the typed Dd* records below or throws a JsonShapeError naming the path; mapping.ts turns
// the records into the vendor-neutral model. Null fields are left out by the server's
// serializer, so almost everything is optional. Where the vendor's documents and the
// server's serializers differ, both shapes are read:
//  - a comment's `author` is `1` with `author_type: "oro"` in the documents, and a user
//    details object `{id: "oro_1", name, email}` in the server since its comment serializer
//    changed (DeskBundle/Serializer/CommentAuthorHandler.php);
//  - users are `{id, email, first_name, last_name}` on the desk API and
//    `{id, username, email, firstName, lastName}` on OroPlatform's.
import {
  arrayOf,
  asFlag,
  asId,
  asObject,
  asString,
  asTimestamp,
  field,
  isJsonObject,
  type JsonObject,
  optional,
  type Reader,
  readResponse,
} from '../../helpdesk/json';

export const VENDOR = 'DiamanteDesk';

export interface DdAttachment {
  id: string;
  filename: string;
  /** `file.url`: where the bytes are (absent in the bare model serialisation). */
  url?: string;
  createdAt?: string;
}

/** A user as the API refers to one: `oro_1` (an agent) or `diamante_2` (a customer). */
export interface DdUserRef {
  id: string;
  name?: string;
  email?: string;
}

export interface DdComment {
  id: string;
  ticketId?: string;
  author?: DdUserRef;
  content: string;
  isPrivate: boolean;
  createdAt: string;
  attachments: DdAttachment[];
}

export interface DdTicket {
  id: string;
  /** `BRANCHB-3`. */
  key?: string;
  subject: string;
  description?: string;
  status: string;
  priority?: string;
  source?: string;
  branchId?: string;
  /** The agent's (OroPlatform user's) numeric id. */
  assigneeId?: string;
  /** Typed: `oro_1` or `diamante_2`. */
  reporter?: string;
  createdAt: string;
  updatedAt?: string;
  tags: string[];
  /** Detail only. */
  comments?: DdComment[];
  /** Detail only: the ticket's own files. */
  attachments?: DdAttachment[];
}

export interface DdBranch {
  id: string;
  name: string;
  key?: string;
}

export interface DdUser {
  id: string;
  name?: string;
  username?: string;
  email?: string;
}

// ---- small readers ------------------------------------------------------------------------

const asText: Reader<string | undefined> = (value, path) => {
  const text = optional(asString)(value, path)?.trim();
  return text ? text : undefined;
};

/** An id sent bare or as an object with an id (`branch: 1` or `branch: {id: 1, ...}`). */
const asIdOrObject: Reader<string | undefined> = (value, path) => {
  if (value === undefined || value === null || value === '' || value === 0) return undefined;
  if (isJsonObject(value)) return field(value, 'id', optional(asId), path);
  return asId(value, path);
};

function first<T>(object: JsonObject, names: readonly string[], reader: Reader<T | undefined>, path: string): T | undefined {
  for (const name of names) {
    const value = field(object, name, reader, path);
    if (value !== undefined) return value;
  }
  return undefined;
}

function optionalProps<T extends object>(props: T): Partial<T> {
  return Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined)) as Partial<T>;
}

// ---- users ------------------------------------------------------------------------------

/** A user of either API (desk `/users`, OroPlatform `/users` and `/user/filter`). */
export const readUser: Reader<DdUser> = (value, path) => {
  const object = asObject(value, path);
  const firstName = first(object, ['first_name', 'firstName'], asText, path);
  const lastName = first(object, ['last_name', 'lastName'], asText, path);
  const full = [firstName, lastName].filter((part) => part !== undefined).join(' ');
  return {
    id: field(object, 'id', asId, path),
    ...optionalProps({
      name: full === '' ? field(object, 'name', asText, path) : full,
      username: field(object, 'username', asText, path),
      email: field(object, 'email', asText, path),
    }),
  };
};

/** OroPlatform's JSON:API `{data: {id, attributes: {username, email, firstName, lastName}}}`, or a plain user. */
export const readProfile: Reader<DdUser> = (value, path) => {
  const object = asObject(value, path);
  const data = field(object, 'data', optional(asObject), path);
  if (!data) return readUser(object, path);
  const attributes = field(data, 'attributes', optional(asObject), `${path}.data`) ?? {};
  return readUser({ ...attributes, id: data.id }, `${path}.data`);
};

/** `oro_1` stays; a bare number takes `type` (the documents' `author` + `author_type`). */
function typedId(id: string, type: string | undefined): string {
  return /^[a-z]+_\d+$/i.test(id) || type === undefined ? id : `${type}_${id}`;
}

/** A comment author: a user details object, a typed id, or a number with its `author_type`. */
function readAuthor(object: JsonObject, path: string): DdUserRef | undefined {
  const value = object.author;
  const type = field(object, 'author_type', asText, path);
  if (value === undefined || value === null) return undefined;
  if (isJsonObject(value)) {
    const id = field(value, 'id', optional(asId), `${path}.author`);
    if (id === undefined) return undefined;
    return {
      id: typedId(id, field(value, 'type', asText, `${path}.author`) ?? type),
      ...optionalProps({ name: field(value, 'name', asText, `${path}.author`), email: field(value, 'email', asText, `${path}.author`) }),
    };
  }
  return { id: typedId(asId(value, `${path}.author`), type) };
}

// ---- attachments, comments, tickets -------------------------------------------------------

export const readAttachment: Reader<DdAttachment> = (value, path) => {
  const object = asObject(value, path);
  const file = field(object, 'file', optional(asObject), path);
  const filename = (file ? field(file, 'filename', asText, `${path}.file`) : undefined) ?? field(object, 'filename', asText, path);
  return {
    id: field(object, 'id', asId, path),
    filename: filename ?? 'attachment',
    ...optionalProps({
      url: file ? field(file, 'url', asText, `${path}.file`) : undefined,
      createdAt: field(object, 'created_at', optional(asTimestamp), path),
    }),
  };
};

export const readComment: Reader<DdComment> = (value, path) => {
  const object = asObject(value, path);
  return {
    id: field(object, 'id', asId, path),
    content: field(object, 'content', optional(asString), path) ?? '',
    isPrivate: field(object, 'private', optional(asFlag), path) ?? false,
    createdAt: field(object, 'created_at', asTimestamp, path),
    attachments: field(object, 'attachments', optional(arrayOf(readAttachment)), path) ?? [],
    ...optionalProps({ ticketId: field(object, 'ticket', asIdOrObject, path), author: readAuthor(object, path) }),
  };
};

/** A tag is `{id, name}`; a bare string is taken too. */
const readTag: Reader<string> = (value, path) => (isJsonObject(value) ? field(value, 'name', asString, path) : asString(value, path));

export const readTicket: Reader<DdTicket> = (value, path) => {
  const object = asObject(value, path);
  const reporter = object.reporter;
  return {
    id: field(object, 'id', asId, path),
    subject: field(object, 'subject', optional(asString), path) ?? '',
    status: field(object, 'status', asString, path),
    createdAt: field(object, 'created_at', asTimestamp, path),
    tags: field(object, 'tags', optional(arrayOf(readTag)), path) ?? [],
    ...optionalProps({
      key: field(object, 'key', asText, path),
      description: field(object, 'description', optional(asString), path),
      priority: field(object, 'priority', asText, path),
      source: field(object, 'source', asText, path),
      branchId: field(object, 'branch', asIdOrObject, path),
      assigneeId: field(object, 'assignee', asIdOrObject, path),
      reporter: isJsonObject(reporter) ? field(reporter, 'id', optional(asId), `${path}.reporter`) : field(object, 'reporter', optional(asId), path),
      updatedAt: field(object, 'updated_at', optional(asTimestamp), path),
      comments: field(object, 'comments', optional(arrayOf(readComment)), path),
      attachments: field(object, 'attachments', optional(arrayOf(readAttachment)), path),
    }),
  };
};

export const readBranch: Reader<DdBranch> = (value, path) => {
  const object = asObject(value, path);
  const id = field(object, 'id', asId, path);
  const key = field(object, 'key', asText, path);
  return { id, name: field(object, 'name', asText, path) ?? key ?? `Branch ${id}`, ...optionalProps({ key }) };
};

// ---- responses ---------------------------------------------------------------------------

/** A whole response body read with `reader`; shape errors become protocol errors. */
export function readBody<T>(body: unknown, reader: Reader<T>, name: string): T {
  return readResponse(VENDOR, body, (value) => reader(value, name));
}

/**
 * A bare JSON array of `reader` items. (A query the server cannot run, such as an unknown
 * `sort`, answers 200 with `null`: that is reported as the protocol error it is.)
 */
export function readList<T>(body: unknown, reader: Reader<T>, name: string): T[] {
  return readBody(body, arrayOf(reader), name);
}
