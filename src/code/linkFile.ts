// The link file, `.vscode/helpdesk-links.json`: which code each ticket was made or answered
// from. A team commits it, so the format is strict and the output stable: links sorted, keys
// in a fixed order, two-space indent, a final newline, ordinal (not locale) string order.
// Reading never throws. A file that is malformed, or written by a newer version, is reported
// with a reason and must be left as it is: rewriting it would lose what this version cannot read.
import {
  asInt,
  asNonEmptyString,
  asObject,
  asString,
  field,
  isJsonObject,
  JsonShapeError,
  joinPath,
  parseTimestamp,
  type JsonObject,
} from '../helpdesk/json';

export const LINK_FILE_VERSION = 1;
export const LINK_FILE_PATH = '.vscode/helpdesk-links.json';

export interface LinkedTicket {
  readonly instanceId: string;
  readonly id: string;
  /** The reference people use (a vendor's ticket ref or number). */
  readonly ref: string;
  readonly subject: string;
}

export interface LineRange {
  /** 1-based, inclusive. */
  readonly start: number;
  /** 1-based, inclusive. */
  readonly end: number;
}

export interface CodeLink {
  readonly id: string;
  readonly ticket: LinkedTicket;
  /** Workspace-relative, forward slashes. */
  readonly file: string;
  readonly range: LineRange;
  /** The commit the code was at, when it was in a git repository. */
  readonly commit?: string;
  /** The linked text, to find the code again when lines move. */
  readonly snippet: string;
  /** ISO 8601. */
  readonly createdAt: string;
}

export interface LinkFile {
  readonly version: typeof LINK_FILE_VERSION;
  readonly links: readonly CodeLink[];
}

export type LinkFileReadResult = { readonly ok: true; readonly file: LinkFile } | { readonly ok: false; readonly reason: string };

export function emptyLinkFile(): LinkFile {
  return { version: LINK_FILE_VERSION, links: [] };
}

/** Reads the link file's text. An empty file reads as no links. */
export function parseLinkFile(text: string): LinkFileReadResult {
  const content = text.replace(/^\uFEFF/, '');
  if (content.trim() === '') return { ok: true, file: emptyLinkFile() };
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    return { ok: false, reason: `It is not valid JSON (${error instanceof Error ? error.message : String(error)}).` };
  }
  try {
    return { ok: true, file: readLinkFile(json) };
  } catch (error) {
    if (error instanceof JsonShapeError) return { ok: false, reason: `It is not a link file this version can read: ${error.message}.` };
    if (error instanceof NewerVersionError) return { ok: false, reason: error.message };
    throw error;
  }
}

class NewerVersionError extends Error {}

function readLinkFile(json: unknown): LinkFile {
  if (!isJsonObject(json)) throw new JsonShapeError('the top level', 'is not an object');
  const root = json;
  const version = field(root, 'version', asInt, '');
  if (version > LINK_FILE_VERSION) {
    throw new NewerVersionError(`It was written by a newer version of the extension (format ${version}; this version reads format ${LINK_FILE_VERSION}). Update the extension to use it.`);
  }
  if (version !== LINK_FILE_VERSION) throw new JsonShapeError('version', `is not a known format (got ${version})`);
  onlyKeys(root, ['version', 'links'], '');
  const rawLinks = root['links'];
  if (!Array.isArray(rawLinks)) throw new JsonShapeError('links', rawLinks === undefined ? 'is missing (expected an array)' : 'is not an array');
  const links = rawLinks.map((value, index) => readLink(value, joinPath('links', index)));
  const seen = new Set<string>();
  links.forEach((link, index) => {
    if (seen.has(link.id)) throw new JsonShapeError(joinPath(joinPath('links', index), 'id'), `repeats the id "${link.id}" of an earlier link`);
    seen.add(link.id);
  });
  return { version: LINK_FILE_VERSION, links };
}

function readLink(value: unknown, path: string): CodeLink {
  const object = asObject(value, path);
  onlyKeys(object, ['id', 'ticket', 'file', 'range', 'commit', 'snippet', 'createdAt'], path);
  const ticketPath = joinPath(path, 'ticket');
  const ticket = field(object, 'ticket', asObject, path);
  onlyKeys(ticket, ['instanceId', 'id', 'ref', 'subject'], ticketPath);
  const rangePath = joinPath(path, 'range');
  const range = field(object, 'range', asObject, path);
  onlyKeys(range, ['start', 'end'], rangePath);
  const start = field(range, 'start', asInt, rangePath);
  const end = field(range, 'end', asInt, rangePath);
  if (start < 1) throw new JsonShapeError(joinPath(rangePath, 'start'), 'is not a line number (lines start at 1)');
  if (end < start) throw new JsonShapeError(joinPath(rangePath, 'end'), 'is before range.start');
  const file = field(object, 'file', asString, path);
  if (toLinkPath(file) !== file) throw new JsonShapeError(joinPath(path, 'file'), 'is not a workspace-relative path with forward slashes');
  const createdAt = field(object, 'createdAt', asString, path);
  if (parseTimestamp(createdAt) === undefined) throw new JsonShapeError(joinPath(path, 'createdAt'), 'is not an ISO 8601 date');
  const commit = object['commit'] === undefined ? undefined : field(object, 'commit', asString, path);
  if (commit !== undefined && !/^[0-9a-fA-F]{7,64}$/.test(commit)) throw new JsonShapeError(joinPath(path, 'commit'), 'is not a commit id');
  return {
    id: field(object, 'id', asNonEmptyString, path),
    ticket: {
      instanceId: field(ticket, 'instanceId', asNonEmptyString, ticketPath),
      id: field(ticket, 'id', asNonEmptyString, ticketPath),
      ref: field(ticket, 'ref', asString, ticketPath),
      subject: field(ticket, 'subject', asString, ticketPath),
    },
    file,
    range: { start, end },
    ...(commit === undefined ? {} : { commit }),
    snippet: field(object, 'snippet', asString, path),
    createdAt,
  };
}

// An unknown key may be a newer version's data: reading past it and writing the file back
// would drop it, so it makes the file unreadable instead.
function onlyKeys(object: JsonObject, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) throw new JsonShapeError(joinPath(path, key), 'is not a known field');
  }
}

/**
 * A workspace-relative path in the form the file stores: forward slashes, no "./", nothing
 * absolute or climbing out of the workspace. Undefined when the path cannot be stored.
 */
export function toLinkPath(path: string): string | undefined {
  const slashed = path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
  if (slashed === '' || slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) return undefined;
  const segments = slashed.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) return undefined;
  return slashed;
}

/** The file's text: links sorted and merged, fixed key order, two-space indent, final newline. */
export function serializeLinkFile(file: LinkFile): string {
  const links = mergeDuplicates(file.links).sort(compareLinks).map(orderedLink);
  return `${JSON.stringify({ version: LINK_FILE_VERSION, links }, null, 2)}\n`;
}

function orderedLink(link: CodeLink): CodeLink {
  return {
    id: link.id,
    ticket: { instanceId: link.ticket.instanceId, id: link.ticket.id, ref: link.ticket.ref, subject: link.ticket.subject },
    file: link.file,
    range: { start: link.range.start, end: link.range.end },
    ...(link.commit === undefined ? {} : { commit: link.commit }),
    snippet: link.snippet,
    createdAt: link.createdAt,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** File, then start line, then end line, then ticket, then link id. */
export function compareLinks(a: CodeLink, b: CodeLink): number {
  return (
    compareText(a.file, b.file) ||
    a.range.start - b.range.start ||
    a.range.end - b.range.end ||
    compareText(a.ticket.instanceId, b.ticket.instanceId) ||
    compareText(a.ticket.id, b.ticket.id) ||
    compareText(a.id, b.id)
  );
}

/** Same ticket, same file, same lines: one link. */
export function isSameTarget(a: CodeLink, b: CodeLink): boolean {
  return (
    a.ticket.instanceId === b.ticket.instanceId &&
    a.ticket.id === b.ticket.id &&
    a.file === b.file &&
    a.range.start === b.range.start &&
    a.range.end === b.range.end
  );
}

// Two links to one target become one: the id and creation time of the older, everything else
// (snippet, commit, ticket subject) from the newer, which saw the code and ticket last.
function mergePair(older: CodeLink, newer: CodeLink): CodeLink {
  return { ...newer, id: older.id, createdAt: older.createdAt };
}

function isOlder(a: CodeLink, b: CodeLink): boolean {
  const timeA = Date.parse(parseTimestamp(a.createdAt) ?? '');
  const timeB = Date.parse(parseTimestamp(b.createdAt) ?? '');
  return timeA < timeB || (timeA === timeB && compareText(a.id, b.id) <= 0);
}

function mergeDuplicates(links: readonly CodeLink[]): CodeLink[] {
  const result: CodeLink[] = [];
  for (const link of links) {
    const index = result.findIndex((existing) => isSameTarget(existing, link));
    if (index < 0) result.push(link);
    else result[index] = isOlder(result[index]!, link) ? mergePair(result[index]!, link) : mergePair(link, result[index]!);
  }
  return result;
}

export interface AddLinkResult {
  readonly file: LinkFile;
  /** The link as stored: the one given, or the existing link it was merged into. */
  readonly link: CodeLink;
  readonly merged: boolean;
}

/** Adds a link; one to the same ticket, file and lines is merged into the existing link. */
export function addLink(file: LinkFile, link: CodeLink): AddLinkResult {
  const index = file.links.findIndex((existing) => isSameTarget(existing, link));
  if (index < 0) return { file: { ...file, links: [...file.links, link] }, link, merged: false };
  const merged = mergePair(file.links[index]!, link);
  return { file: { ...file, links: file.links.map((existing, i) => (i === index ? merged : existing)) }, link: merged, merged: true };
}

export function removeLink(file: LinkFile, id: string): LinkFile {
  return { ...file, links: file.links.filter((link) => link.id !== id) };
}

/** What may change on a link after it is made: where it points now, and the ticket's subject. */
export interface LinkUpdate {
  readonly file?: string;
  readonly range?: LineRange;
  readonly snippet?: string;
  readonly commit?: string;
  readonly ticketSubject?: string;
}

/** Applies an update to the link with this id; the file is returned unchanged when there is none. */
export function updateLink(file: LinkFile, id: string, update: LinkUpdate): LinkFile {
  return {
    ...file,
    links: file.links.map((link) => {
      if (link.id !== id) return link;
      return {
        ...link,
        ...(update.file === undefined ? {} : { file: update.file }),
        ...(update.range === undefined ? {} : { range: { start: update.range.start, end: update.range.end } }),
        ...(update.snippet === undefined ? {} : { snippet: update.snippet }),
        ...(update.commit === undefined ? {} : { commit: update.commit }),
        ...(update.ticketSubject === undefined ? {} : { ticket: { ...link.ticket, subject: update.ticketSubject } }),
      };
    }),
  };
}

/** The links into one workspace-relative file, in file order. */
export function linksForFile(file: LinkFile, path: string): CodeLink[] {
  const wanted = toLinkPath(path);
  return file.links.filter((link) => link.file === wanted).sort(compareLinks);
}

/** The links to one ticket. */
export function linksForTicket(file: LinkFile, instanceId: string, ticketId: string): CodeLink[] {
  return file.links.filter((link) => link.ticket.instanceId === instanceId && link.ticket.id === ticketId).sort(compareLinks);
}
