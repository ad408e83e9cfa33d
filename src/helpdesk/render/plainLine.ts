// One line of a field as plain text (a subject, a name, a status), for the agent tools: no
// parser needed, so it is here and not in plainText.ts, whose htmlparser2 the tools load only
// when they read a body (scripts/bundles.mjs, LAZY_MODULES).

/**
 * Characters that are not seen but are read: C0/C1 controls (tab and newline kept),
 * zero-width and joiners, bidi marks, overrides and isolates, invisible operators, the BOM,
 * soft hyphen, Mongolian vowel separator, combining grapheme joiner, Hangul fillers,
 * variation selectors and the Unicode tag block (which spells ASCII invisibly).
 */
const INVISIBLE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]|\udb40[\udc00-\udc7f]|\udb40[\udd00-\uddef]/g;

/** Drops invisible characters; counts how many runs went. */
export function stripInvisible(text: string): { text: string; removed: number } {
  let removed = 0;
  const out = text.replace(INVISIBLE, () => {
    removed++;
    return '';
  });
  return { text: out, removed };
}

/** One line of a field (subject, name, status): invisible characters out, whitespace collapsed, cut. */
export function plainLine(value: string | undefined, maxChars = 200): string {
  if (!value) return '';
  const line = stripInvisible(value).text.replace(/\s+/g, ' ').trim();
  return line.length > maxChars ? `${line.slice(0, maxChars - 1).trimEnd()}…` : line;
}
