// What the request's parameter bags hold by the time DiamanteDesk's code runs:
// - the query, parsed as PHP's parse_str does (`a[b]=1` nests, `a.b` becomes `a_b`);
// - the body: form fields (url-encoded; multipart on POST only, files ignored by the
//   API), or, through FOSRestBundle's body listener, JSON decoded into an array. The
//   listener reads JSON also without a Content-Type (the request format is json), skips
//   types it cannot decode (text/plain bodies are silently ignored), and refuses a JSON
//   body that is not an object or array with 400 before authentication runs.
import type { IncomingMessage } from 'node:http';
import { mediaType, parseJson, parseMultipart, readBodyWithin } from '../http-util';
import { HttpStatusError } from './errors';

export type Bag = Record<string, unknown>;

/** Inferred: PHP's default post_max_size is 8M; installs raise it for attachments. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface ParsedBody {
  bag: Bag;
  /** The decoded JSON body, for the request log. */
  json?: unknown;
}

const DECODED_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Request::getFormat for a Content-Type: the formats Symfony knows. */
function formatOf(type: string): string | undefined {
  if (type === 'application/json' || type === 'application/x-json') return 'json';
  if (type === 'text/xml' || type === 'application/xml' || type === 'application/x-xml') return 'xml';
  if (type === 'text/plain') return 'txt';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  return undefined;
}

export async function readRequestBody(req: IncomingMessage, requestFormat: string): Promise<ParsedBody> {
  const method = req.method ?? 'GET';
  const raw = await readBodyWithin(req, MAX_BODY_BYTES, () => new HttpStatusError(413));
  if (!DECODED_METHODS.has(method)) return { bag: {} };
  const contentType = req.headers['content-type'];
  const type = mediaType(contentType);

  if (type === 'application/x-www-form-urlencoded') return { bag: parsePhpQuery(raw.toString('utf8')) };
  if (type === 'multipart/form-data') {
    // PHP parses multipart only for POST; a PUT/PATCH form upload arrives empty.
    if (method !== 'POST') return { bag: {} };
    let form: FormData;
    try {
      form = await parseMultipart(raw, String(contentType));
    } catch {
      return { bag: {} };
    }
    const pairs: Array<[string, string]> = [];
    for (const [name, value] of form.entries()) if (typeof value === 'string') pairs.push([name, value]);
    return { bag: buildPhpArray(pairs) };
  }

  const format = contentType === undefined ? requestFormat : formatOf(type);
  if (format !== 'json' || raw.length === 0) return { bag: {} };
  const parsed = parseJson(raw);
  // json_decode(..., true) must give an array: objects and lists pass, scalars and null do not.
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) {
    throw new HttpStatusError(400, {}, 'Invalid json message received');
  }
  const value = parsed.value;
  const bag: Bag = Array.isArray(value) ? Object.fromEntries(value.map((item, index) => [String(index), item])) : { ...(value as Bag) };
  return { bag, json: value };
}

/** PHP's parse_str: `a[]=1&a[]=2`, `a[b][c]=1`, last value wins, `.` and ` ` in names become `_`. */
export function parsePhpQuery(query: string): Bag {
  const text = query.startsWith('?') ? query.slice(1) : query;
  const pairs: Array<[string, string]> = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeFormComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decodeFormComponent(part.slice(eq + 1));
    pairs.push([name, value]);
  }
  return buildPhpArray(pairs);
}

function decodeFormComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text.replace(/\+/g, ' ');
  }
}

function buildPhpArray(pairs: ReadonlyArray<readonly [string, string]>): Bag {
  const root: Bag = {};
  for (const [rawName, value] of pairs) {
    const open = rawName.indexOf('[');
    const base = (open < 0 ? rawName : rawName.slice(0, open)).replace(/[. ]/g, '_');
    if (base === '') continue;
    const keys: string[] = [];
    if (open >= 0) {
      const rest = rawName.slice(open);
      const pattern = /\[([^\]]*)\]/g;
      let match: RegExpExecArray | null;
      while ((match = pattern.exec(rest)) !== null) keys.push(match[1] ?? '');
    }
    assign(root, base, keys, value);
  }
  return root;
}

function assign(target: Bag, key: string, path: readonly string[], value: string): void {
  if (path.length === 0) {
    target[key] = value;
    return;
  }
  let child = target[key];
  if (typeof child !== 'object' || child === null || Array.isArray(child)) {
    child = {};
    target[key] = child;
  }
  const bag = child as Bag;
  const [next = '', ...rest] = path;
  const name = next === '' ? String(Object.keys(bag).filter((k) => /^\d+$/.test(k)).length) : next;
  assign(bag, name, rest, value);
}
