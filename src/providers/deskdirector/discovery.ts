// Which ticket-note, file-upload and file-download routes this DeskDirector instance offers,
// found in its own OpenAPI document. The vendor publishes no route for adding a note (its
// article: notes can be added "on behalf of a user" through the Portal/TECH APIs listed in
// each instance's Swagger), so they are recognised by shape:
//  - note:     POST .../tickets/{id}/notes|comments|replies, one path parameter, a JSON body
//              with a text property, (optionally) a boolean internal flag and a list of
//              uploaded file ids, and nothing else required;
//  - upload:   either POST .../files|attachments|documents|uploads with no path parameter,
//              taking multipart with a file and answering its id, whose ids then go in the
//              note's id list (DeskDirector's own file storage works that way: files are
//              uploaded first and associated by id, portal release notes 3.25; server release
//              notes: "v4 API to upload file with specific context"); or, failing that,
//              POST .../tickets/{id}/attachments|files|documents taking multipart with a file,
//              sent after the note;
//  - download: GET  .../attachments|files|documents/{id} (optionally under tickets/{id}/)
//              answering with a file.
// Which routes a credential reaches (vendor article "DeskDirector API"): an API key the
// Public and Admin APIs, TECH credentials (personal access token, access token) the TECH
// API. So with an API key, `/tech/` routes are left out, and a document whose only notes
// route is a TECH one says so (`noteNeeds`); with a TECH credential, the automate connector's
// routes (which sign in with an API key) are left out. Other routes (outside /tech/,
// /portal/ and /automate/) are of no documented family; they are offered to either
// credential, after the TECH ones.
// We act as an agent, so Portal (end-user) routes are never used to write: a note posted
// there would appear as the customer's. Newer versions come before v1.
// Swagger shows the service models in PascalCase while v2 and v3 JSON is camelCase (vendor
// article), so a property name read from the document is sent camelCased (v1 stays as is).
// Nothing here throws: an unusable document is "no routes" with the reason, for the log.
import { pathSegment } from '../common/pathSegment';
import { flatten, own, propertyNamed, SchemaLimitError, type FlatSchema, type SchemaDocument } from './jsonSchema';
import { DEFAULT_OPENAPI_LIMITS, OpenApiProblem, readOpenApiDocument, type OpenApiLimits, type Operation } from './openapi';

/** Which credential the routes must take: an API key, or a TECH personal access token / access token. */
export type RouteAccess = 'apiKey' | 'tech';

export interface NoteRoute {
  path: string;
  ticketParam: string;
  textField: string;
  internalField?: string;
  /** The body's list of uploaded file ids (`attachmentIds`), for routes that attach files uploaded first. */
  attachmentsField?: string;
  /** What those ids are sent as. */
  attachmentIdType?: 'string' | 'integer';
  /** The id list is required: sent (empty) with every note. */
  attachmentsRequired?: boolean;
}

/** Files uploaded on their own before the note; the ids they get go in the note's `attachmentsField`. */
export interface StagedUploadRoute {
  kind: 'beforeNote';
  path: string;
  fileField: string;
}

/** Files uploaded to the ticket, one request each, after the note. */
export interface TicketUploadRoute {
  kind: 'afterNote';
  path: string;
  ticketParam: string;
  fileField: string;
}

export type UploadRoute = StagedUploadRoute | TicketUploadRoute;

export interface DownloadRoute {
  path: string;
  attachmentParam: string;
  /** Present when the route sits under the ticket (`tickets/{ticketId}/attachments/{id}`). */
  ticketParam?: string;
}

export interface Discovery {
  note?: NoteRoute;
  upload?: UploadRoute;
  download?: DownloadRoute;
  /** Why no note route was found, in words for the log. */
  problem?: string;
  /** No note route takes this credential, but one takes a TECH credential. */
  noteNeeds?: 'techToken';
}

const NOTE_PATH = /\/tickets\/\{([^{}/]+)\}\/(?:notes|comments|replies|ticket-notes)\/?$/i;
const UPLOAD_PATH = /\/tickets\/\{([^{}/]+)\}\/(?:attachments|files|documents)\/?$/i;
const STAGED_UPLOAD_PATH = /\/(?:files|attachments|documents|uploads)\/?$/i;
const DOWNLOAD_PATH = /\/(?:attachments|files|documents)\/\{([^{}/]+)\}(?:\/(?:download|content|file))?\/?$/i;
const TICKET_PREFIX = /\/tickets\/\{([^{}/]+)\}\//i;

const TEXT_FIELDS = ['note', 'text', 'content', 'body', 'comment', 'message', 'noteText', 'description'];
const INTERNAL_FIELDS = ['isInternal', 'internal', 'isPrivate', 'private', 'internalOnly', 'isInternalNote', 'internalAnalysisFlag'];
const ATTACHMENT_FIELDS = ['attachmentIds', 'fileIds', 'documentIds', 'uploadIds', 'attachments', 'files'];
const ID_FIELDS = ['id', 'fileId', 'attachmentId', 'documentId'];

const END_USER_PATH = /\/(?:portal|client)\//i;
const TECH_PATH = /\/tech\//i;
/** The automate connector signs in with `DdApi` (its apiProperties.json): an API key's. */
const AUTOMATE_PATH = /\/automate\//i;

export function discoverRoutes(bytes: Uint8Array, limits: OpenApiLimits = DEFAULT_OPENAPI_LIMITS, access: RouteAccess = 'tech'): Discovery {
  try {
    const document = readOpenApiDocument(bytes, limits);
    const usable = document.operations.filter((operation) => !operation.deprecated && operation.requiredOther.length === 0);
    const ranked = [...usable].sort((a, b) => rank(b.path) - rank(a.path));
    const reachable = ranked.filter((operation) => reaches(access, operation.path));
    const rejected: string[] = [];
    const note = firstOf(reachable, (operation) => noteRoute(document.schemas, operation, rejected));
    const staged = note?.attachmentsField !== undefined ? firstOf(reachable, (operation) => stagedUploadRoute(document.schemas, operation)) : undefined;
    const upload = staged ?? firstOf(reachable, ticketUploadRoute);
    const download = firstOf(reachable, downloadRoute);
    const discovery: Discovery = {
      ...(note && { note }),
      ...(note && upload && { upload }),
      ...(download && { download }),
    };
    if (!note) {
      const techOnly = access === 'apiKey' ? firstOf(ranked.filter((operation) => TECH_PATH.test(operation.path)), (operation) => noteRoute(document.schemas, operation, [])) : undefined;
      if (techOnly) {
        discovery.noteNeeds = 'techToken';
        discovery.problem = `its only notes route is a TECH API route (POST ${techOnly.path}), which takes a TECH personal access token or access token, not an API key`;
      } else {
        discovery.problem = rejected.length > 0 ? `no usable notes route (${rejected.slice(0, 3).join('; ')})` : 'the document offers no route to add a note to a ticket';
      }
    }
    return discovery;
  } catch (error) {
    if (error instanceof OpenApiProblem || error instanceof SchemaLimitError) return { problem: error.message };
    return { problem: `the document could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** Whether a credential reaches a route: an API key no TECH or Portal one, a TECH credential no automate connector one. */
function reaches(access: RouteAccess, path: string): boolean {
  if (access === 'tech') return !AUTOMATE_PATH.test(path);
  return !TECH_PATH.test(path) && !END_USER_PATH.test(path);
}

function firstOf<T>(operations: readonly Operation[], pick: (operation: Operation) => T | undefined): T | undefined {
  for (const operation of operations) {
    const found = pick(operation);
    if (found) return found;
  }
  return undefined;
}

/** Higher is better: agent-side TECH routes first, then v2 and later, Portal (downloads only) and v1 last. */
function rank(path: string): number {
  const lower = path.toLowerCase();
  let score = 0;
  if (/\/tech\//.test(lower)) score += 4;
  if (/\/v[2-9]\//.test(lower)) score += 1;
  if (/\/(?:portal|client)\//.test(lower)) score -= 4;
  if (/\/v1\//.test(lower)) score -= 2;
  return score;
}

function noteRoute(doc: SchemaDocument, operation: Operation, rejected: string[]): NoteRoute | undefined {
  if (operation.method !== 'POST' || END_USER_PATH.test(operation.path)) return undefined;
  const match = NOTE_PATH.exec(operation.path);
  if (!match || operation.pathParams.length !== 1 || operation.jsonBody === undefined) return undefined;
  const body = flatten(doc, operation.jsonBody);
  const text = body ? propertyNamed(body, TEXT_FIELDS) : undefined;
  if (!body || !text || !isType(doc, text.schema, ['string'])) {
    rejected.push(`${operation.path}: no text property`);
    return undefined;
  }
  const flag = propertyNamed(body, INTERNAL_FIELDS);
  const internal = flag && isType(doc, flag.schema, ['boolean']) ? flag.name : undefined;
  const files = idList(doc, body);
  // A field we cannot fill would make every note fail; such a route is not offered at all.
  const fillable = new Set([text.name, internal, files?.name]);
  const unfillable = [...body.required].filter((name) => !fillable.has(name) && !hasDefault(doc, body.properties.get(name)));
  if (unfillable.length > 0) {
    rejected.push(`${operation.path}: requires ${unfillable.slice(0, 3).join(', ')}`);
    return undefined;
  }
  const name = (property: string): string => jsonName(property, operation.path);
  return {
    path: operation.path,
    ticketParam: match[1] ?? '',
    textField: name(text.name),
    ...(internal !== undefined && { internalField: name(internal) }),
    ...(files && { attachmentsField: name(files.name), attachmentIdType: files.type }),
    ...(files && body.required.has(files.name) && { attachmentsRequired: true }),
  };
}

/** The body's list of file ids: an array of strings or integers under an attachment-like name. */
function idList(doc: SchemaDocument, body: FlatSchema): { name: string; type: 'string' | 'integer' } | undefined {
  const property = propertyNamed(body, ATTACHMENT_FIELDS);
  const list = property ? flatten(doc, property.schema) : undefined;
  if (!property || !list || list.type !== 'array') return undefined;
  const items = flatten(doc, list.parts.map((part) => own(part, 'items')).find((item) => item !== undefined));
  // A list of objects (`attachments: [{id, name}]`) describes files; it does not take ids.
  if (items && items.type !== undefined && !['string', 'integer', 'number'].includes(items.type)) return undefined;
  if (items && items.type === undefined && items.properties.size > 0) return undefined;
  return { name: property.name, type: items?.type === 'integer' || items?.type === 'number' ? 'integer' : 'string' };
}

/** An upload that stands on its own: no path parameter, a file, and an id in the answer. */
function stagedUploadRoute(doc: SchemaDocument, operation: Operation): StagedUploadRoute | undefined {
  if (operation.method !== 'POST' || !operation.multipart?.fileField || END_USER_PATH.test(operation.path)) return undefined;
  if (operation.pathParams.length !== 0 || !STAGED_UPLOAD_PATH.test(operation.path)) return undefined;
  const { fileField, required } = operation.multipart;
  if ([...required].some((name) => name !== fileField)) return undefined;
  if (!answersId(doc, operation.jsonResponse)) return undefined;
  return { kind: 'beforeNote', path: operation.path, fileField };
}

/**
 * Whether the upload's documented answer carries the file's id. An answer the document
 * does not describe may still carry one (it is checked when a file is sent); one described
 * without any id cannot be attached by id.
 */
function answersId(doc: SchemaDocument, schema: unknown): boolean {
  if (schema === undefined) return true;
  const flat = flatten(doc, schema);
  if (!flat) return true;
  if (flat.type === 'string' || flat.type === 'integer') return true;
  if (flat.properties.size === 0) return flat.type === undefined || flat.type === 'object';
  return propertyNamed(flat, ID_FIELDS) !== undefined;
}

function ticketUploadRoute(operation: Operation): TicketUploadRoute | undefined {
  if (operation.method !== 'POST' || !operation.multipart?.fileField || END_USER_PATH.test(operation.path)) return undefined;
  const match = UPLOAD_PATH.exec(operation.path);
  if (!match || operation.pathParams.length !== 1) return undefined;
  const { fileField, required } = operation.multipart;
  if ([...required].some((name) => name !== fileField)) return undefined;
  return { kind: 'afterNote', path: operation.path, ticketParam: match[1] ?? '', fileField };
}

function downloadRoute(operation: Operation): DownloadRoute | undefined {
  if (operation.method !== 'GET' || !operation.binaryResponse) return undefined;
  const match = DOWNLOAD_PATH.exec(operation.path);
  if (!match) return undefined;
  const attachmentParam = match[1] ?? '';
  if (operation.pathParams.length === 1) return { path: operation.path, attachmentParam };
  const ticket = TICKET_PREFIX.exec(operation.path);
  if (operation.pathParams.length === 2 && ticket && ticket[1] !== attachmentParam) {
    return { path: operation.path, attachmentParam, ticketParam: ticket[1] ?? '' };
  }
  return undefined;
}

/**
 * A property name as the JSON spells it: System.Text.Json's camelCase (`IsInternal` →
 * `isInternal`, `URLs` → `urLs` as .NET writes it), except in API v1, which is PascalCase.
 */
export function jsonName(name: string, path: string): string {
  if (/\/v1\//i.test(path) || !/^[A-Z]/.test(name)) return name;
  const chars = [...name];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] ?? '';
    if (i === 1 && !isUpper(char)) break;
    const next = chars[i + 1];
    // A capital followed by a lower-case letter starts the next word and stays.
    if (i > 0 && next !== undefined && !isUpper(next)) {
      if (next === ' ') chars[i] = char.toLowerCase();
      break;
    }
    chars[i] = char.toLowerCase();
  }
  return chars.join('');
}

function isUpper(char: string): boolean {
  return char !== char.toLowerCase() && char === char.toUpperCase();
}

function isType(doc: SchemaDocument, schema: unknown, types: readonly string[]): boolean {
  const flat = flatten(doc, schema);
  // An untyped property takes anything, text and flags included.
  return flat !== undefined && (flat.type === undefined || types.includes(flat.type));
}

function hasDefault(doc: SchemaDocument, schema: unknown): boolean {
  const flat = flatten(doc, schema);
  return flat !== undefined && flat.parts.some((part) => own(part, 'default') !== undefined);
}

/** A path template with its parameters filled in, each value encoded as one segment. */
export function fillPath(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^{}/]+)\}/g, (_all, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    return pathSegment(value ?? '', 'DeskDirector');
  });
}
