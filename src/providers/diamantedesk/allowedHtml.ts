// DiamanteDesk runs strip_tags over every description and comment with a short allowlist
// (p, br, a, b, u, i, img, h1-h6, strong, em, span, ul, ol, li). A code block sent as
// <pre><code> loses its tags and, shown as HTML, collapses into one line. Before a body
// goes out, blocks the server would flatten are rewritten into tags it keeps, so a snippet
// arrives with its lines and indentation.
//
// The input is our own markdown-it output (raw HTML disabled), so block contents are
// already escaped and the tags have the shapes markdown-it writes.

/** markdown-it's fence / indented block: `<pre><code class="language-x">…</code></pre>`. */
const CODE_BLOCK = /<pre><code(?: class="[^"<>]*")?>([^<]*)<\/code><\/pre>\n?/g;
const TAB_WIDTH = 4;

/** One line of escaped code with its indentation and inner runs of spaces kept. */
function keepSpaces(line: string): string {
  const expanded = line.replace(/\t/g, ' '.repeat(TAB_WIDTH));
  // A single space between words may wrap; a run (or a leading space) is held by &nbsp;.
  return expanded.replace(/^ +| {2,}/g, (run) => '&nbsp;'.repeat(run.length));
}

function codeAsParagraph(_match: string, code: string): string {
  const lines = code.replace(/\n$/, '').split('\n').map(keepSpaces);
  return `<p>${lines.join('<br>\n')}</p>\n`;
}

/** The body with code blocks rewritten into tags DiamanteDesk keeps. */
export function fitDiamanteAllowlist(html: string): string {
  return html.replace(CODE_BLOCK, codeAsParagraph);
}
