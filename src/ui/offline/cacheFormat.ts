// What one offline-cache file holds and how it is written and read back: model objects only,
// with anything that could carry a secret taken out on the way to disk, serialised a record
// at a time so a long conversation never stalls the extension host, and checked whole when
// read (a file that is not what it claims is refused, and the store drops it).
import type { Message, Person, Ticket } from '../../helpdesk/model';
import type { Capabilities, ReferenceData } from '../../helpdesk/provider';

/** Bumped when an entry's shape changes; older files are dropped, not misread. */
export const CACHE_FORMAT = 1;

/** The last loaded pages of one list: its rows and where "Load more" would go on. */
export interface CachedList {
  kind: 'list';
  listKey: string;
  rows: Ticket[];
  /** The provider's opaque cursor for the next page; absent when all were loaded. */
  next?: string;
  total?: number;
}

/** One opened ticket with its whole conversation, oldest message first. */
export interface CachedTicket {
  kind: 'ticket';
  ticket: Ticket;
  messages: Message[];
}

/** What the views need before anything else: so an instance can be listed offline. */
export interface CachedInstance {
  kind: 'instance';
  capabilities: Capabilities;
  me?: Person;
  reference?: ReferenceData;
}

export type CacheData = CachedList | CachedTicket | CachedInstance;

export interface CacheFile<T extends CacheData = CacheData> {
  format: number;
  instanceId: string;
  key: string;
  savedAt: number;
  data: T;
}

export function listKeyOf(listKey: string): string {
  return `list:${listKey}`;
}

export function ticketKeyOf(ticketId: string): string {
  return `ticket:${ticketId}`;
}

export const INSTANCE_KEY = 'instance';

// ---- Keeping secrets out.

/** Field names that never reach the disk, whatever object they turn up in. */
const SECRET_FIELD = /^(password|passwd|secret|token|apikey|api_key|accesstoken|access_token|authorization|auth|credentials?|headers?|cookie|session|wsse)$/i;
/** Query parameters that carry a credential (`?token=`, `?api_key=`, `?sig=`…). */
const SECRET_PARAM = /(key|token|auth|secret|pass|sig|signature|session|sid|credential|code|jwt)/i;

/**
 * A URL without what could let someone in: no user:password, no query parameter named like
 * a credential. Anything else (a ticket's web address) stays as the helpdesk gave it.
 */
export function withoutUrlSecrets(text: string): string {
  if (!/^https?:\/\//i.test(text)) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  url.username = '';
  url.password = '';
  for (const name of [...url.searchParams.keys()]) if (SECRET_PARAM.test(name)) url.searchParams.delete(name);
  return url.toString();
}

/**
 * Model data as it may be written. An attachment's `downloadRef` that is a URL is dropped:
 * vendors put capability tokens in the path (DeskPRO's `file.php/<blob_auth>/…`), no rule
 * can tell them from a file name, and offline nothing can be downloaded anyway; ids and
 * other opaque references stay. Fields named like secrets are left out everywhere.
 */
export function scrub(value: unknown, field?: string): unknown {
  if (typeof value === 'string') {
    if (field === 'downloadRef' && /^[a-z][a-z0-9+.-]*:\/\/|^\/\//i.test(value.trim())) return '';
    return withoutUrlSecrets(value);
  }
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
  if (Array.isArray(value)) return value.map((item) => scrub(item));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_FIELD.test(key)) continue;
    const clean = scrub(item, key);
    if (clean !== undefined) out[key] = clean;
  }
  return out;
}

// ---- Writing without blocking.

/** Gives the event loop back whenever `sliceMs` have gone by since it last did. */
export function breather(sliceMs: number, onYield?: () => void): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    onYield?.();
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };
}

/**
 * The file's text. The data's arrays (rows, messages) are scrubbed and stringified one
 * item at a time, breathing between items: a 500-message thread is megabytes of HTML.
 */
export async function encodeCacheFile(file: CacheFile, breathe: () => Promise<void>): Promise<string> {
  const head = JSON.stringify({ format: file.format, instanceId: file.instanceId, key: file.key, savedAt: file.savedAt });
  const parts: string[] = [];
  for (const [field, value] of Object.entries(file.data)) {
    let text: string | undefined;
    if (Array.isArray(value)) {
      const items: string[] = [];
      for (const item of value) {
        items.push(JSON.stringify(scrub(item)) ?? 'null');
        await breathe();
      }
      text = `[${items.join(',')}]`;
    } else {
      const clean = scrub(value, field);
      text = clean === undefined ? undefined : JSON.stringify(clean);
      await breathe();
    }
    if (text !== undefined && !SECRET_FIELD.test(field)) parts.push(`${JSON.stringify(field)}:${text}`);
  }
  return `${head.slice(0, -1)},"data":{${parts.join(',')}}}`;
}

// ---- Reading back.

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';

function isRefLike(value: unknown): boolean {
  return isObject(value) && isString(value.id) && isString(value.name);
}

function isTicket(value: unknown): value is Ticket {
  return (
    isObject(value) &&
    isString(value.id) &&
    isString(value.ref) &&
    isString(value.subject) &&
    isRefLike(value.status) &&
    isString((value.status as Record<string, unknown>).kind) &&
    isString(value.createdAt) &&
    isString(value.updatedAt)
  );
}

function isMessage(value: unknown): value is Message {
  return (
    isObject(value) &&
    isString(value.id) &&
    isRefLike(value.author) &&
    isString(value.createdAt) &&
    isString(value.body) &&
    isString(value.format) &&
    Array.isArray(value.attachments) &&
    value.attachments.every((attachment) => isObject(attachment) && isString(attachment.id) && isString(attachment.name) && isString(attachment.downloadRef))
  );
}

function isCapabilities(value: unknown): value is Capabilities {
  return isObject(value) && Array.isArray(value.views) && value.views.every((view) => isObject(view) && isString(view.kind) && isString(view.label)) && typeof value.search === 'boolean';
}

function isReference(value: unknown): value is ReferenceData {
  return isObject(value) && ['statuses', 'priorities', 'departments', 'agents'].every((field) => Array.isArray(value[field]) && (value[field] as unknown[]).every(isRefLike));
}

function checkData(data: unknown, key: string): CacheData {
  if (!isObject(data)) throw new Error('no data');
  switch (data.kind) {
    case 'list':
      if (key !== listKeyOf(String(data.listKey))) throw new Error('a list filed under another key');
      if (!Array.isArray(data.rows) || !data.rows.every(isTicket)) throw new Error('a row is not a ticket');
      if (data.next !== undefined && !isString(data.next)) throw new Error('the cursor is not text');
      if (data.total !== undefined && typeof data.total !== 'number') throw new Error('the total is not a number');
      return data as unknown as CachedList;
    case 'ticket':
      if (!isTicket(data.ticket)) throw new Error('not a ticket');
      if (key !== ticketKeyOf(data.ticket.id)) throw new Error('a ticket filed under another key');
      if (!Array.isArray(data.messages) || !data.messages.every(isMessage)) throw new Error('a message is not one');
      return data as unknown as CachedTicket;
    case 'instance':
      if (key !== INSTANCE_KEY) throw new Error('instance data filed under another key');
      if (!isCapabilities(data.capabilities)) throw new Error('no capabilities');
      if (data.me !== undefined && !isRefLike(data.me)) throw new Error('the signed-in person is not one');
      if (data.reference !== undefined && !isReference(data.reference)) throw new Error('the reference lists are not lists');
      return data as unknown as CachedInstance;
    default:
      throw new Error(`unknown kind ${String(data.kind).slice(0, 20)}`);
  }
}

/** Reads a file's text as the entry `key` of `instanceId`; throws with the reason when it is not. */
export function parseCacheFile(text: string, instanceId: string, key: string): CacheFile {
  const value = JSON.parse(text) as unknown;
  if (!isObject(value)) throw new Error('not a JSON object');
  if (value.format !== CACHE_FORMAT) throw new Error(`format ${String(value.format)}, expected ${CACHE_FORMAT}`);
  if (value.instanceId !== instanceId || value.key !== key) throw new Error('the file belongs to another entry');
  if (typeof value.savedAt !== 'number' || !Number.isFinite(value.savedAt)) throw new Error('no time saved');
  return { format: CACHE_FORMAT, instanceId, key, savedAt: value.savedAt, data: checkData(value.data, key) };
}
