// Telling a vendor body's format from its markup, for helpdesks that store HTML, BBCode
// and plain text side by side without saying which. Bodies come from customers, so the
// patterns must stay linear on any input: an attribute run stops at the next "<" (or "["),
// so no tag start ever rescans the rest of the body (256 KiB of "<p" took 11 s with `[^>]*`).

/** Entities a body would only contain if it were HTML. */
const HTML_ENTITY = /&(?:nbsp|amp|lt|gt|quot|#\d+);/i;

const htmlPatterns = new Map<string, RegExp>();
const bbcodePatterns = new Map<string, RegExp>();

function cached(cache: Map<string, RegExp>, tags: readonly string[], build: (names: string) => RegExp): RegExp {
  const key = tags.join('|');
  let pattern = cache.get(key);
  if (!pattern) {
    pattern = build(key);
    cache.set(key, pattern);
  }
  return pattern;
}

/**
 * True when the body has an opening or closing tag of one of `tags` (names as regex
 * alternatives, e.g. `h[1-6]`), or an HTML entity.
 */
export function looksLikeHtml(body: string, tags: readonly string[]): boolean {
  const tag = cached(htmlPatterns, tags, (names) => new RegExp(`<\\/?(?:${names})\\b[^<>]*>`, 'i'));
  return tag.test(body) || HTML_ENTITY.test(body);
}

/** True when the body has `[tag]` or `[tag=value]` for one of `tags`. */
export function looksLikeBbcode(body: string, tags: readonly string[]): boolean {
  const tag = cached(bbcodePatterns, tags, (names) => new RegExp(`\\[(?:${names})(?:=[^\\]\\[\\n]*)?\\]`, 'i'));
  return tag.test(body);
}
