// Plain-text bodies: escaped, web links made clickable, line breaks kept.
import MarkdownIt from 'markdown-it';
import { configureLinkify } from './linkify';

let linkify: MarkdownIt['linkify'] | undefined;

function getLinkify(): MarkdownIt['linkify'] {
  if (!linkify) {
    // markdown-it carries its linkify-it instance; taking it from there keeps
    // linkify-it an implementation detail of the one declared dependency.
    linkify = new MarkdownIt({ linkify: true }).linkify;
    configureLinkify(linkify);
  }
  return linkify;
}

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);
}

function linkifyEscaped(text: string): string {
  const matches = getLinkify().match(text) ?? [];
  let out = '';
  let last = 0;
  for (const match of matches) {
    // Only web links: mailto and the like stay text in plain bodies.
    if (!/^https?:\/\//i.test(match.url)) continue;
    out += escapeHtml(text.slice(last, match.index));
    out += `<a href="${escapeHtml(match.url)}" rel="noopener noreferrer">${escapeHtml(match.text)}</a>`;
    last = match.lastIndex;
  }
  return out + escapeHtml(text.slice(last));
}

const quotedLine = /^>/;

/** Drops blank lines at the edges of a run: the blockquote's own margins separate it. */
function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start].trim() === '') start++;
  while (end > start && lines[end - 1].trim() === '') end--;
  return lines.slice(start, end);
}

/**
 * The result is a `<div class="plain">`, which the panel shows with `white-space: pre-wrap`
 * so spacing in logs and ASCII tables survives. Runs of "> " lines become a blockquote,
 * as mail clients show them, so the panel can fold long quoted replies.
 */
export function textToHtml(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const quoted = quotedLine.test(lines[i]);
    const run: string[] = [];
    while (i < lines.length && quotedLine.test(lines[i]) === quoted) {
      run.push(quoted ? lines[i].replace(/^> ?/, '') : lines[i]);
      i++;
    }
    const kept = trimBlankLines(run);
    if (kept.length === 0) continue;
    const html = linkifyEscaped(kept.join('\n'));
    blocks.push(quoted ? `<blockquote>${html}</blockquote>` : html);
  }
  // Runs alternate, and a blockquote is a block, so no separator is needed between them.
  return `<div class="plain">${blocks.join('')}</div>`;
}
