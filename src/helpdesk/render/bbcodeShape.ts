// How much BBCode a body holds, counted before anyone parses it. bbob's parse and our
// walks over its tree grow faster than the input on hostile bodies (tens of thousands of
// open tags), so a body past these limits is shown as text without being parsed at all.
// One pass, each character looked at a bounded number of times.

/** The tags we interpret; anything else in brackets stays as the text it is. */
export const KNOWN_TAGS = [
  'b', 'i', 'u', 's', 'strike', 'url', 'email', 'img', 'quote', 'code', 'list', '*',
  'color', 'size', 'font', 'center', 'left', 'right', 'justify', 'sub', 'sup', 'hr',
];

/** Tags that need no closing tag. */
export const SELF_CLOSING = new Set(['*', 'hr']);

/** Deeper nesting than this is hostile input (real posts nest a few levels). */
export const MAX_BBCODE_DEPTH = 200;

/** More tags than this in one body is hostile input too (a long knowledge-base article has hundreds). */
export const MAX_BBCODE_TAGS = 4_000;

const KNOWN = new Set(KNOWN_TAGS);
const LONGEST_NAME = Math.max(...KNOWN_TAGS.map((name) => name.length));

export interface BbcodeShape {
  /** Opening and closing tags of known names ([code] contents not counted, as bbob does not parse them). */
  tags: number;
  /** The deepest nesting of opened, not yet closed tags. */
  depth: number;
}

export function bbcodeShape(text: string): BbcodeShape {
  const lower = text.toLowerCase();
  let tags = 0;
  let depth = 0;
  let deepest = 0;
  let at = lower.indexOf('[');
  while (at >= 0) {
    const tag = readTag(lower, at);
    if (!tag) {
      at = lower.indexOf('[', at + 1);
      continue;
    }
    tags++;
    if (tag.closing) depth = Math.max(0, depth - 1);
    else if (!SELF_CLOSING.has(tag.name)) deepest = Math.max(deepest, ++depth);
    let next = tag.end;
    if (!tag.closing && tag.name === 'code') {
      // Context-free: nothing up to [/code] is a tag.
      const close = lower.indexOf('[/code]', next);
      if (close < 0) break;
      next = close;
    }
    at = lower.indexOf('[', next);
  }
  return { tags, depth: deepest };
}

/**
 * The known tag starting at `[` at `start`, and the index after its `]`. An attribute
 * (`=…` or ` …`) ends at `]`; a `[` or a line break first means this was no tag, and the
 * scan goes on from there, so no character is scanned twice.
 */
function readTag(text: string, start: number): { name: string; closing: boolean; end: number } | undefined {
  let at = start + 1;
  const closing = text[at] === '/';
  if (closing) at++;
  const nameStart = at;
  while (at < text.length && at - nameStart < LONGEST_NAME && isNameChar(text.charCodeAt(at))) at++;
  const name = text.slice(nameStart, at);
  if (!KNOWN.has(name)) return undefined;
  if (text[at] === ']') return { name, closing, end: at + 1 };
  if (closing || (text[at] !== '=' && text[at] !== ' ')) return undefined;
  const limit = Math.min(text.length, at + 2048);
  for (; at < limit; at++) {
    const c = text[at];
    if (c === ']') return { name, closing, end: at + 1 };
    if (c === '[' || c === '\n') return undefined;
  }
  return undefined;
}

function isNameChar(code: number): boolean {
  return (code >= 97 && code <= 122) || code === 42; // a-z, '*'
}
