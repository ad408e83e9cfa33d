// Which ticket-note, file-upload and file-download routes this DeskDirector instance offers,
// found in its own OpenAPI document. The vendor publishes no route for adding a note (its
// article: notes can be added "on behalf of a user" through the Portal/TECH APIs listed in
// each instance's Swagger), so they are recognised by shape:
//  - note:     POST .../tickets/{id}/notes|comments|replies, one path parameter, a JSON body
//              with a text property and (optionally) a boolean internal flag, and nothing
//              else required;
//  - upload:   POST .../tickets/{id}/attachments|files|documents taking multipart with a file;
//  - download: GET  .../attachments|files|documents/{id} (optionally under tickets/{id}/)
//              answering with a file.
// We act as an agent, so Portal (end-user) routes are never used to write: a note posted
// there would appear as the customer's. TECH routes come first, newer versions before v1.
// Nothing here throws: an unusable document is "no routes" with the reason, for the log.
import { flatten, own, propertyNamed, SchemaLimitError, type SchemaDocument } from './jsonSchema';
import { DEFAULT_OPENAPI_LIMITS, OpenApiProblem, readOpenApiDocument, type OpenApiLimits, type Operation } from './openapi';

export interface NoteRoute {
  path: string;
  ticketParam: string;
  textField: string;
  internalField?: string;
}

export interface UploadRoute {
  path: string;
  ticketParam: string;
  fileField: string;
}

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
}

const NOTE_PATH = /\/tickets\/\{([^{}/]+)\}\/(?:notes|comments|replies|ticket-notes)\/?$/i;
const UPLOAD_PATH = /\/tickets\/\{([^{}/]+)\}\/(?:attachments|files|documents)\/?$/i;
const DOWNLOAD_PATH = /\/(?:attachments|files|documents)\/\{([^{}/]+)\}(?:\/(?:download|content|file))?\/?$/i;
const TICKET_PREFIX = /\/tickets\/\{([^{}/]+)\}\//i;

const TEXT_FIELDS = ['note', 'text', 'content', 'body', 'comment', 'message', 'noteText', 'description'];
const INTERNAL_FIELDS = ['isInternal', 'internal', 'isPrivate', 'private', 'internalOnly', 'isInternalNote', 'internalAnalysisFlag'];

export function discoverRoutes(bytes: Uint8Array, limits: OpenApiLimits = DEFAULT_OPENAPI_LIMITS): Discovery {
  try {
    const document = readOpenApiDocument(bytes, limits);
    const usable = document.operations.filter((operation) => !operation.deprecated && operation.requiredOther.length === 0);
    const ranked = [...usable].sort((a, b) => rank(b.path) - rank(a.path));
    const rejected: string[] = [];
    const note = firstOf(ranked, (operation) => noteRoute(document.schemas, operation, rejected));
    const upload = firstOf(ranked, uploadRoute);
    const download = firstOf(ranked, downloadRoute);
    const discovery: Discovery = {
      ...(note && { note }),
      ...(note && upload && { upload }),
      ...(download && { download }),
    };
    if (!note) discovery.problem = rejected.length > 0 ? `no usable notes route (${rejected.slice(0, 3).join('; ')})` : 'the document offers no route to add a note to a ticket';
    return discovery;
  } catch (error) {
    if (error instanceof OpenApiProblem || error instanceof SchemaLimitError) return { problem: error.message };
    return { problem: `the document could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
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

const END_USER_PATH = /\/(?:portal|client)\//i;

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
  // A field we cannot fill would make every note fail; such a route is not offered at all.
  const unfillable = [...body.required].filter((name) => name !== text.name && name !== internal && !hasDefault(doc, body.properties.get(name)));
  if (unfillable.length > 0) {
    rejected.push(`${operation.path}: requires ${unfillable.slice(0, 3).join(', ')}`);
    return undefined;
  }
  return { path: operation.path, ticketParam: match[1] ?? '', textField: text.name, ...(internal !== undefined && { internalField: internal }) };
}

function uploadRoute(operation: Operation): UploadRoute | undefined {
  if (operation.method !== 'POST' || !operation.multipart?.fileField || END_USER_PATH.test(operation.path)) return undefined;
  const match = UPLOAD_PATH.exec(operation.path);
  if (!match || operation.pathParams.length !== 1) return undefined;
  const { fileField, required } = operation.multipart;
  if ([...required].some((name) => name !== fileField)) return undefined;
  return { path: operation.path, ticketParam: match[1] ?? '', fileField };
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
    return encodeURIComponent(value ?? '');
  });
}
