// Canned replies arrive as the helpdesk stores them (HTML from its editor, BBCode, plain
// text); the reply box is Markdown. This turns a template into Markdown an agent can edit:
// paragraphs, line breaks, lists, quotes, emphasis, code and links survive, the rest
// becomes plain text. The result only ever goes into a textarea, never into the page as HTML.
import { Parser } from 'htmlparser2';
import type { CannedReply } from '../../helpdesk/provider';
import { BbcodeNotRendered, bbcodeToHtml } from '../../helpdesk/render/bbcode';

export function cannedReplyMarkdown(reply: Pick<CannedReply, 'body' | 'format'>): string {
  switch (reply.format) {
    case 'html':
      return htmlToMarkdown(reply.body);
    case 'bbcode':
      try {
        return htmlToMarkdown(bbcodeToHtml(reply.body));
      } catch (error) {
        if (error instanceof BbcodeNotRendered) return normalizeText(reply.body);
        throw error;
      }
    case 'markdown':
    case 'text':
      return normalizeText(reply.body);
  }
}

/** One line of a reply for a picker: whitespace collapsed, cut with an ellipsis. */
export function cannedReplyPreview(markdown: string, maxChars = 140): string {
  const line = markdown.replace(/\s+/g, ' ').trim();
  return line.length > maxChars ? `${line.slice(0, maxChars - 1).trimEnd()}…` : line;
}

function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

/** Their content is not text a reader sees. */
const SKIPPED = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'iframe', 'object', 'svg', 'math', 'select', 'textarea']);
/** Blocks that stand apart by a blank line. */
const PARAGRAPHS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'table', 'hr', 'dl', 'figure', 'ul', 'ol']);
/** Blocks that only start a new line. */
const LINES = new Set(['div', 'section', 'article', 'header', 'footer', 'address', 'center', 'tr', 'dt', 'dd', 'li', 'caption']);
const EMPHASIS: Record<string, string> = { b: '**', strong: '**', i: '*', em: '*', code: '`', s: '~~', strike: '~~', del: '~~' };
const SAFE_HREF = /^(https?:|mailto:)/i;

interface Open {
  name: string;
  /** Where this element's output starts, to tidy up empty emphasis and bare links. */
  start: number;
  href?: string;
  /** Cells written so far in a table row. */
  cells?: number;
}

export function htmlToMarkdown(html: string): string {
  const writer = new MarkdownWriter();
  const stack: Open[] = [];
  let skipping = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (skipping > 0 || SKIPPED.has(name)) {
          if (!VOID.has(name)) skipping++;
          return;
        }
        const open: Open = { name, start: 0 };
        writer.openTag(name, attributes, open, stack);
        if (!VOID.has(name)) stack.push(open);
      },
      ontext(text) {
        if (skipping === 0) writer.text(text);
      },
      onclosetag(name) {
        if (VOID.has(name)) return;
        if (skipping > 0) {
          skipping--;
          return;
        }
        // htmlparser2 reports every open element closed (implied closes included), innermost first.
        const open = stack.pop();
        if (open) writer.closeTag(open);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return writer.result();
}

const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'col', 'area', 'base', 'wbr', 'source', 'embed', 'param', 'track']);

class MarkdownWriter {
  private out = '';
  /** Newlines owed before the next text: 1 ends the line, 2 leaves a blank one. */
  private breaks = 0;
  private quoteDepth = 0;
  private preDepth = 0;
  private readonly lists: { ordered: boolean; next: number }[] = [];
  private marker = '';

  openTag(name: string, attributes: Record<string, string>, open: Open, stack: readonly Open[]): void {
    this.blockBreak(name);
    switch (name) {
      case 'br':
        this.hardBreak();
        break;
      case 'hr':
        this.raw('---');
        this.lineBreak(2);
        break;
      case 'img':
        if (attributes.alt?.trim()) this.text(attributes.alt);
        break;
      case 'blockquote':
        this.quoteDepth++;
        break;
      case 'pre':
        this.raw('```');
        this.lineBreak(1);
        this.preDepth++;
        break;
      case 'ul':
      case 'ol':
        this.lists.push({ ordered: name === 'ol', next: Number(attributes.start) || 1 });
        break;
      case 'li': {
        const list = this.lists.at(-1);
        this.marker = list?.ordered ? `${list.next++}. ` : '- ';
        break;
      }
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6':
        this.marker = `${'#'.repeat(Number(name[1]))} `;
        break;
      case 'td':
      case 'th': {
        const row = [...stack].reverse().find((element) => element.name === 'tr');
        if (row) {
          if ((row.cells ?? 0) > 0) this.inline(' | ');
          row.cells = (row.cells ?? 0) + 1;
        }
        break;
      }
      case 'a':
        if (attributes.href && SAFE_HREF.test(attributes.href.trim())) open.href = attributes.href.trim();
        break;
    }
    const mark = EMPHASIS[name];
    if (open.href !== undefined || (mark !== undefined && !(name === 'code' && this.preDepth > 0))) {
      this.flush();
      open.start = this.out.length;
      this.out += open.href !== undefined ? '[' : (mark ?? '');
    }
  }

  closeTag(open: Open): void {
    const name = open.name;
    const mark = EMPHASIS[name];
    if (open.href !== undefined) this.closeLink(open, open.href);
    else if (mark !== undefined && !(name === 'code' && this.preDepth > 0)) this.closeEmphasis(open, mark);
    switch (name) {
      case 'blockquote':
        this.lineBreak(2);
        this.quoteDepth = Math.max(0, this.quoteDepth - 1);
        break;
      case 'pre':
        this.preDepth = Math.max(0, this.preDepth - 1);
        this.lineBreak(1);
        this.raw('```');
        break;
      case 'ul':
      case 'ol':
        this.lists.pop();
        break;
      case 'li':
        this.marker = '';
        break;
    }
    this.blockBreak(name);
  }

  text(text: string): void {
    if (this.preDepth > 0) {
      this.flush();
      this.out += text.replace(/\r\n?/g, '\n');
      return;
    }
    const collapsed = escapeMarkdown(text.replace(/\s+/g, ' '));
    this.inline(collapsed);
  }

  result(): string {
    return this.out
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }

  /** Before and after a block: a blank line, or a new line (a list inside a list is one block). */
  private blockBreak(name: string): void {
    const nestedList = (name === 'ul' || name === 'ol') && this.lists.length > 0;
    if (PARAGRAPHS.has(name) && !nestedList) this.lineBreak(2);
    else if (LINES.has(name) || nestedList) this.lineBreak(1);
  }

  private inline(text: string): void {
    // Spaces at the start of a line are indentation in Markdown, not the author's.
    if (this.breaks > 0 || this.atLineStart() || this.out.endsWith(' ')) text = text.replace(/^ +/, '');
    if (text === '') return;
    this.flush();
    this.out += text;
  }

  private raw(text: string): void {
    this.flush();
    this.out += text;
  }

  private lineBreak(count: number): void {
    if (this.out !== '') this.breaks = Math.max(this.breaks, count);
  }

  /** <br>: a new line now, even if nothing follows on this one. */
  private hardBreak(): void {
    this.breaks += 1;
    this.breaks = Math.min(this.breaks, 2);
  }

  /** Writes the owed newlines, each followed by the quote prefix, then any list or heading marker. */
  private flush(): void {
    if (this.breaks > 0 && this.out !== '') {
      this.out = this.out.replace(/[ \t]+$/, '');
      const prefix = '> '.repeat(this.quoteDepth);
      for (let i = 0; i < this.breaks; i++) this.out += `\n${i < this.breaks - 1 ? prefix.trimEnd() : prefix}`;
    } else if (this.out === '' && this.quoteDepth > 0) {
      this.out += '> '.repeat(this.quoteDepth);
    }
    this.breaks = 0;
    if (this.marker) {
      this.out += `${'  '.repeat(Math.max(0, this.lists.length - 1))}${this.marker}`;
      this.marker = '';
    }
  }

  private atLineStart(): boolean {
    return this.out === '' || /\n(> )*$/.test(this.out);
  }

  private closeEmphasis(open: Open, mark: string): void {
    const inner = this.out.slice(open.start + mark.length);
    if (inner.trim() === '') {
      // <b></b> or <b> </b>: no markers around nothing.
      const before = this.out.slice(0, open.start);
      this.out = before + (before.endsWith(' ') ? '' : inner);
      return;
    }
    // "**word **" is not emphasis in Markdown: the space goes outside the marker.
    const trailing = /\s+$/.exec(inner)?.[0] ?? '';
    this.out = `${this.out.slice(0, this.out.length - trailing.length)}${mark}${trailing}`;
  }

  private closeLink(open: Open, href: string): void {
    const label = this.out.slice(open.start + 1).trim();
    const bare = href.replace(/^mailto:/i, '');
    if (label === '' || label === href || label === bare || label === escapeMarkdown(bare)) {
      this.out = `${this.out.slice(0, open.start)}${href.toLowerCase().startsWith('mailto:') ? bare : href}`;
    } else {
      this.out = `${this.out.slice(0, open.start)}[${label}](${href.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`;
    }
  }
}

/** Characters that would turn the template's text into Markdown formatting it did not have. */
function escapeMarkdown(text: string): string {
  return text.replace(/[*`]/g, '\\$&').replace(/(^|\W)_|_(?=\W|$)/g, (match) => match.replace('_', '\\_'));
}
