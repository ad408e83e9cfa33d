// One linkify policy for Markdown replies, Markdown bodies and plain-text bodies.
import type MarkdownIt from 'markdown-it';

type Linkify = MarkdownIt['linkify'];

/** Host names are at most 253 characters; a port adds at most 6. */
const MAX_HOST_CHARS = 260;
/** Longer www. links are cut here; links with an explicit scheme are not affected. */
const MAX_PATH_CHARS = 2048;

/**
 * Bare domain names are not linked: in developer tickets "readme.md", "setup.py" or
 * "main.rs" are file names, not links to Moldovan, Paraguayan or Serbian sites.
 * Explicit schemes, `www.` hosts and email addresses still become links (as on GitHub).
 */
export function configureLinkify(linkify: Linkify): void {
  linkify.set({ fuzzyLink: false, fuzzyEmail: true, fuzzyIP: false });

  let hostRe: RegExp | undefined;
  let pathRe: RegExp | undefined;
  // linkify-it validates every occurrence of a schema, even inside a link it has already
  // accepted, and "www." can recur every fourth character of hostile input. Remembering the
  // last accepted link lets those inner occurrences fail at once, keeping the scan linear;
  // the bounded reads keep each failed attempt cheap.
  let last = { text: '', start: -1, end: -1 };

  linkify.add('www.', {
    validate(text, pos, self) {
      if (text === last.text && pos > last.start && pos < last.end) return 0;
      if (!hostRe || !pathRe) {
        // linkify-it exposes its pattern sources as strings (its typings say RegExp).
        const src = self.re as unknown as Record<string, string>;
        hostRe = new RegExp(`^${src.src_host_port_strict}`, 'i');
        pathRe = new RegExp(`^${src.src_path}`, 'i');
      }
      const host = hostRe.exec(text.slice(pos, pos + MAX_HOST_CHARS));
      if (!host) return 0;
      const hostEnd = pos + host[0].length;
      const path = pathRe.exec(text.slice(hostEnd, hostEnd + MAX_PATH_CHARS));
      const length = host[0].length + (path ? path[0].length : 0);
      last = { text, start: pos, end: pos + length };
      return length;
    },
    normalize(match) {
      match.url = `http://${match.url}`;
    },
  });
}
