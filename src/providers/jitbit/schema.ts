// Jitbit API JSON, read and checked at the edge. Everything here turns `unknown` into the
// typed Jb* records below or throws a JsonShapeError naming the path; mapping.ts turns
// the records into the vendor-neutral model. Field names are PascalCase in every sample,
// but Jitbit's routes are case-insensitive and its serializer settings vary between
// versions, so names are matched without regard to case.
import {
  arrayOf,
  asFlag,
  asId,
  asIntLike,
  asObject,
  asString,
  asTimestamp,
  isJsonObject,
  joinPath,
  type JsonObject,
  optional,
  type Reader,
  readResponse,
} from '../../helpdesk/json';

export const VENDOR = 'Jitbit';

export interface JbPerson {
  id: string;
  name: string;
  email?: string;
}

/** The signed-in user (`POST /api/Authorization`). */
export interface JbMe extends JbPerson {
  username?: string;
  isAdmin?: boolean;
  isTech?: boolean;
}

/** An item of `/api/Tickets` or `/api/Search`. */
export interface JbTicketSummary {
  id: string;
  subject: string;
  statusId: string;
  statusName?: string;
  priority?: number;
  categoryId?: string;
  categoryName?: string;
  requester?: JbPerson;
  assignee?: JbPerson;
  createdAt: string;
  updatedAt?: string;
}

export interface JbAttachment {
  id: string;
  name: string;
  size?: number;
  /** The comment the file came with; absent for files of the ticket's own body. */
  commentId?: string;
  forTechsOnly?: boolean;
}

/** `/api/ticket?id=`: the summary fields plus the body, files and tags. */
export interface JbTicketDetail extends JbTicketSummary {
  body: string;
  attachments: JbAttachment[];
  tags: string[];
}

export interface JbComment {
  id: string;
  userId?: string;
  author: JbPerson;
  createdAt: string;
  body: string;
  forTechsOnly: boolean;
  isSystem: boolean;
}

export interface JbCategory {
  id: string;
  name: string;
}

export interface JbTemplate {
  id: string;
  name: string;
  body: string;
}

// ---- case-insensitive fields -------------------------------------------------------------

/** The value of `name` on `object`, matching the key without regard to case. */
function valueOf(object: JsonObject, name: string): { key: string; value: unknown } {
  if (name in object) return { key: name, value: object[name] };
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) {
    if (key.toLowerCase() === lower) return { key, value: object[key] };
  }
  return { key: name, value: undefined };
}

/** Reads `object[name]` (any case) with `reader`, naming the path in any error. */
export function prop<T>(object: JsonObject, name: string, reader: Reader<T>, path: string): T {
  const { key, value } = valueOf(object, name);
  return reader(value, joinPath(path, key));
}

/** The first of `names` present (not undefined/null), any case. */
export function firstProp<T>(object: JsonObject, names: readonly string[], reader: Reader<T>, path: string): T {
  for (const name of names) {
    const { key, value } = valueOf(object, name);
    if (value !== undefined && value !== null) return reader(value, joinPath(path, key));
  }
  return reader(undefined, joinPath(path, names[0] ?? ''));
}

// ---- small readers ------------------------------------------------------------------------

/** An id that may be absent, null or 0 (Jitbit's "none" for users and categories). */
const asOptionalRef: Reader<string | undefined> = (value, path) => {
  if (value === undefined || value === null || value === 0 || value === '0' || value === '') return undefined;
  return asId(value, path);
};

/** Text that may be null; blank reads as undefined. */
const asOptionalText: Reader<string | undefined> = (value, path) => {
  const text = optional(asString)(value, path)?.trim();
  return text ? text : undefined;
};

/** A date that may be null. */
const asOptionalDate = optional(asTimestamp);

/** "First Last", else the login name, else the email. */
function displayName(object: JsonObject, path: string, prefix = ''): string | undefined {
  const full = prop(object, `${prefix}FullName`, asOptionalText, path);
  if (full) return full;
  const first = prop(object, `${prefix}FirstName`, asOptionalText, path) ?? '';
  const last = prop(object, `${prefix}LastName`, asOptionalText, path) ?? '';
  const joined = `${first} ${last}`.trim();
  return joined === '' ? undefined : joined;
}

function loginName(object: JsonObject, path: string): string | undefined {
  return firstProp(object, ['Username', 'UserName'], asOptionalText, path);
}

// ---- people ------------------------------------------------------------------------------

/** A user object: `SubmitterUserInfo`, a tech from `/api/TechsForCategory`, `/api/Authorization`. */
export const readPerson: Reader<JbPerson> = (value, path) => {
  const object = asObject(value, path);
  const id = prop(object, 'UserID', asId, path);
  const email = prop(object, 'Email', asOptionalText, path);
  const name = displayName(object, path) ?? loginName(object, path) ?? email ?? `#${id}`;
  return { id, name, ...(email !== undefined && { email }) };
};

export const readMe: Reader<JbMe> = (value, path) => {
  const object = asObject(value, path);
  const person = readPerson(object, path);
  const username = loginName(object, path);
  const isAdmin = prop(object, 'IsAdmin', optional(asFlag), path);
  const isTech = prop(object, 'IsTech', optional(asFlag), path);
  return {
    ...person,
    ...(username !== undefined && { username }),
    ...(isAdmin !== undefined && { isAdmin }),
    ...(isTech !== undefined && { isTech }),
  };
};

// ---- tickets -----------------------------------------------------------------------------

/** Fields shared by list items and the detail (which names its id `TicketID`). */
function readSummaryFields(object: JsonObject, path: string): JbTicketSummary {
  const id = firstProp(object, ['IssueID', 'TicketID'], asId, path);
  const statusName = prop(object, 'Status', asOptionalText, path);
  const priority = prop(object, 'Priority', optional(asIntLike), path);
  const categoryId = prop(object, 'CategoryID', asOptionalRef, path);
  const categoryName = firstProp(object, ['Category', 'CategoryName'], asOptionalText, path);
  const updatedAt = prop(object, 'LastUpdated', asOptionalDate, path);
  const requester = summaryRequester(object, path);
  const assignee = summaryAssignee(object, path);
  return {
    id,
    subject: prop(object, 'Subject', optional(asString), path) ?? '',
    statusId: prop(object, 'StatusID', asId, path),
    ...(statusName !== undefined && { statusName }),
    ...(priority !== undefined && { priority }),
    ...(categoryId !== undefined && { categoryId }),
    ...(categoryName !== undefined && { categoryName }),
    ...(requester && { requester }),
    ...(assignee && { assignee }),
    createdAt: prop(object, 'IssueDate', asTimestamp, path),
    ...(updatedAt !== undefined && { updatedAt }),
  };
}

/** The submitter: `SubmitterUserInfo` on the detail, flat `UserID`/`FirstName`… on list items. */
function summaryRequester(object: JsonObject, path: string): JbPerson | undefined {
  const info = prop(object, 'SubmitterUserInfo', optional(asObject), path);
  if (info && valueOf(info, 'UserID').value != null) return readPerson(info, joinPath(path, 'SubmitterUserInfo'));
  const id = prop(object, 'UserID', asOptionalRef, path);
  if (id === undefined) return undefined;
  const email = prop(object, 'Email', asOptionalText, path);
  const name = displayName(object, path) ?? loginName(object, path) ?? email ?? `#${id}`;
  return { id, name, ...(email !== undefined && { email }) };
}

/** The assigned technician: `AssigneeUserInfo`, or `AssignedToUserID` with `Tech*Name`. */
function summaryAssignee(object: JsonObject, path: string): JbPerson | undefined {
  const id = prop(object, 'AssignedToUserID', asOptionalRef, path);
  if (id === undefined) return undefined;
  const info = prop(object, 'AssigneeUserInfo', optional(asObject), path);
  if (info && valueOf(info, 'UserID').value != null) return readPerson(info, joinPath(path, 'AssigneeUserInfo'));
  const name = displayName(object, path, 'Tech') ?? prop(object, 'Technician', asOptionalText, path) ?? `#${id}`;
  return { id, name };
}

export const readTicketSummary: Reader<JbTicketSummary> = (value, path) => readSummaryFields(asObject(value, path), path);

export const readAttachment: Reader<JbAttachment> = (value, path) => {
  const object = asObject(value, path);
  const size = prop(object, 'FileSize', optional(asIntLike), path);
  const commentId = prop(object, 'CommentID', asOptionalRef, path);
  const forTechsOnly = prop(object, 'ForTechsOnly', optional(asFlag), path);
  return {
    id: prop(object, 'FileID', asId, path),
    name: prop(object, 'FileName', asOptionalText, path) ?? 'attachment',
    // Jitbit reports 0 when it does not know the size.
    ...(size !== undefined && size > 0 && { size }),
    ...(commentId !== undefined && { commentId }),
    ...(forTechsOnly !== undefined && { forTechsOnly }),
  };
};

/** A tag is `{TagID, Name}`; a bare string is taken too. */
const readTag: Reader<string> = (value, path) =>
  isJsonObject(value) ? prop(value, 'Name', asString, path) : asString(value, path);

export const readTicketDetail: Reader<JbTicketDetail> = (value, path) => {
  const object = asObject(value, path);
  return {
    ...readSummaryFields(object, path),
    body: prop(object, 'Body', optional(asString), path) ?? '',
    attachments: prop(object, 'Attachments', optional(arrayOf(readAttachment)), path) ?? [],
    tags: prop(object, 'Tags', optional(arrayOf(readTag)), path) ?? [],
  };
};

// ---- comments ----------------------------------------------------------------------------

export const readComment: Reader<JbComment> = (value, path) => {
  const object = asObject(value, path);
  const userId = prop(object, 'UserID', asOptionalRef, path);
  const email = prop(object, 'Email', asOptionalText, path);
  const name = displayName(object, path) ?? loginName(object, path) ?? email ?? (userId ? `#${userId}` : 'Helpdesk');
  return {
    id: prop(object, 'CommentID', asId, path),
    ...(userId !== undefined && { userId }),
    author: { id: userId ?? '', name, ...(email !== undefined && { email }) },
    createdAt: prop(object, 'CommentDate', asTimestamp, path),
    body: prop(object, 'Body', optional(asString), path) ?? '',
    forTechsOnly: prop(object, 'ForTechsOnly', optional(asFlag), path) ?? false,
    isSystem: prop(object, 'IsSystem', optional(asFlag), path) ?? false,
  };
};

// ---- reference lists ---------------------------------------------------------------------

export const readCategory: Reader<JbCategory> = (value, path) => {
  const object = asObject(value, path);
  // "Section \ Name" tells apart categories of the same name in different sections.
  const name = firstProp(object, ['NameWithSection', 'Name'], asString, path);
  return { id: prop(object, 'CategoryID', asId, path), name };
};

export const readTemplate: Reader<JbTemplate> = (value, path) => {
  const object = asObject(value, path);
  return {
    id: prop(object, 'TemplateId', asId, path),
    name: prop(object, 'Name', asOptionalText, path) ?? 'Untitled',
    body: prop(object, 'Body', optional(asString), path) ?? '',
  };
};

// ---- responses ---------------------------------------------------------------------------

/** A whole response body read with `reader`; shape errors become protocol errors. */
export function readBody<T>(body: unknown, reader: Reader<T>, name: string): T {
  return readResponse(VENDOR, body, (value) => reader(value, name));
}

/** A bare JSON array of `reader` items. */
export function readList<T>(body: unknown, reader: Reader<T>, name: string): T[] {
  return readBody(body, arrayOf(reader), name);
}

/**
 * A new id, as Jitbit returns it: a bare number, sometimes as a JSON string or as text.
 * Undefined when the body holds no id at all.
 */
export function readCreatedId(text: string): string | undefined {
  const match = /^\s*"?\s*(\d{1,15})\s*"?\s*$/.exec(text);
  return match?.[1];
}
