// String functions of PHP that DiamanteDesk runs on API input, reproduced where their
// quirks reach the client: lenient base64_decode (WSSE nonces, attachment contents),
// urldecode (applied a second time to every filter value), Symfony's key camelizing
// (body keys `ticket_status` and `ticketStatus` are the same), strip_tags with
// DiamanteDesk's allowlist (subjects, descriptions and comment contents on create), and
// PHP's leading-number conversion of query values.

const BASE64_ALPHABET = /[^A-Za-z0-9+/]/g;

/**
 * PHP's non-strict base64_decode: characters outside the alphabet (padding, whitespace,
 * '-' and '_') are skipped, not rejected, and the rest is decoded as one bit stream.
 */
export function phpBase64Decode(text: string): Buffer {
  return Buffer.from(text.replace(BASE64_ALPHABET, ''), 'base64');
}

/** PHP's urldecode: '+' is a space, `%XX` a byte; a broken escape stays as typed. */
export function phpUrldecode(text: string): string {
  if (!/[+%]/.test(text)) return text;
  const bytes: number[] = [];
  const source = Buffer.from(text, 'utf8');
  for (let i = 0; i < source.length; i++) {
    const byte = source[i] as number;
    if (byte === 0x2b) {
      bytes.push(0x20);
      continue;
    }
    if (byte === 0x25 && i + 2 < source.length && isHex(source[i + 1]) && isHex(source[i + 2])) {
      bytes.push(parseInt(String.fromCharCode(source[i + 1] as number, source[i + 2] as number), 16));
      i += 2;
      continue;
    }
    bytes.push(byte);
  }
  return Buffer.from(bytes).toString('utf8');
}

function isHex(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66));
}

/**
 * `lcfirst(Container::camelize($key))`, as DiamanteDesk's MethodParameters renames every
 * body and query key before mapping it onto a command: `ticket_status` → `ticketStatus`,
 * `attachments_input` → `attachmentsInput`; a key already in camelCase is unchanged.
 */
export function camelizeKey(key: string): string {
  const spaced = key.replace(/_/g, ' ').replace(/\./g, '_ ').replace(/\\/g, '_ ');
  const words = spaced.replace(/(^|[ \t\r\n\f\v])([a-z])/g, (_, gap: string, letter: string) => gap + letter.toUpperCase());
  const joined = words.replace(/ /g, '');
  return joined.length === 0 ? joined : joined.charAt(0).toLowerCase() + joined.slice(1);
}

/** The tags DiamanteDesk's MethodParameters lets through strip_tags. */
export const DIAMANTE_ALLOWED_TAGS: ReadonlySet<string> = new Set(['br', 'a', 'b', 'u', 'i', 'p', 'img', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'span', 'ul', 'ol', 'li']);

/**
 * PHP's strip_tags with an allowlist: every tag, comment and processing instruction is
 * removed except tags whose name is allowed, which are kept verbatim (attributes and
 * all, so `<img src=x onerror=...>` survives). Text between tags, including the body of
 * a removed `<script>`, stays. With an allowlist, PHP treats any `<` as a tag start.
 * Approximation of PHP's state machine: quotes inside a tag hide `>`; an unclosed tag
 * at the end is dropped.
 */
export function phpStripTags(html: string, allowed: ReadonlySet<string>): string {
  let out = '';
  let i = 0;
  while (i < html.length) {
    const ch = html[i] as string;
    if (ch !== '<') {
      out += ch;
      i++;
      continue;
    }
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const end = tagEnd(html, i + 1);
    if (end < 0) break;
    const tag = html.slice(i, end + 1);
    if (allowed.has(tagName(tag))) out += tag;
    i = end + 1;
  }
  return out;
}

function tagEnd(html: string, from: number): number {
  let quote: string | undefined;
  for (let j = from; j < html.length; j++) {
    const c = html[j];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return j;
    }
  }
  return -1;
}

/** `</B>` → 'b', `<br/>` → 'br', `<img src=x>` → 'img' (PHP's php_tag_find normalization). */
function tagName(tag: string): string {
  const match = /^<\s*\/?\s*([^\s/>]*)/.exec(tag);
  return (match?.[1] ?? '').toLowerCase();
}

/**
 * What PHP makes of a query value used as a number (`(int)$value`, arithmetic): the
 * leading integer, 0 when there is none ('abc' → 0, '2abc' → 2, ' 7' → 7).
 */
export function phpIntPrefix(value: string): number {
  const match = /^\s*([+-]?\d+)/.exec(value);
  return match ? Number.parseInt(match[1] as string, 10) : 0;
}

/** PHP's `empty()` for a request value: null, '', '0', 0, false and [] are empty. */
export function phpEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '' || value === '0' || value === 0) return true;
  return Array.isArray(value) && value.length === 0;
}

/** `(string)$value` for scalars as PHP writes them (true → '1', false → ''). */
export function phpString(value: unknown): string {
  if (value === true) return '1';
  if (value === false || value === null || value === undefined) return '';
  return String(value);
}
