// Vendor bodies in, plain text out: what a language model is given to read (the agent
// tools). Unlike the panel's rendering, nothing here is ever shown as HTML, so the job is
// different: keep only the text a person reading the mail would see. Markup is parsed with
// htmlparser2 (the parser under sanitize-html), never matched with a regex; text hidden
// from the reader (comments, display:none and friends, zero-width and bidi characters,
// Unicode tag characters) is dropped, because it is where a prompt injection hides; quoted
// history is trimmed to one line saying so.
import { Parser } from 'htmlparser2';
import type { BodyFormat } from '../model';
import { BbcodeNotRendered, bbcodeToHtml } from './bbcode';
import { stripInvisible } from './plainLine';

export { plainLine, stripInvisible } from './plainLine';

export interface PlainTextOptions {
  /** Input past this many characters is not read at all (a 5 MB body costs no more). */
  maxInputChars?: number;
  /** The text is cut to this many characters. */
  maxOutputChars?: number;
}

export interface PlainText {
  text: string;
  /** Earlier messages quoted in this one were left out. */
  quoteTrimmed: boolean;
  /** Pieces of hidden text (elements, comments, invisible characters) that were dropped. */
  hiddenRemoved: number;
  /** The body was longer than what was read or kept: how long it was, in characters. */
  cutFrom?: number;
}

export const DEFAULT_PLAIN_INPUT_CHARS = 200_000;
export const DEFAULT_PLAIN_OUTPUT_CHARS = 8_000;

/** What stands where quoted history was left out. */
export const QUOTE_TRIMMED_NOTE = '[earlier quoted message trimmed]';

export function bodyToPlainText(body: string, format: BodyFormat, options: PlainTextOptions = {}): PlainText {
  const maxInput = options.maxInputChars ?? DEFAULT_PLAIN_INPUT_CHARS;
  const maxOutput = options.maxOutputChars ?? DEFAULT_PLAIN_OUTPUT_CHARS;
  const input = cutAt(body, maxInput);
  let converted: Converted;
  switch (format) {
    case 'html':
      converted = htmlToPlain(input, enoughFor(maxOutput));
      break;
    case 'bbcode':
      converted = bbcodeToPlain(input, enoughFor(maxOutput));
      break;
    case 'markdown':
    case 'text':
      converted = textToPlain(input);
      break;
  }
  const invisible = stripInvisible(converted.text);
  const quoted = trimQuotedText(invisible.text);
  const tidy = tidyLines(quoted.text);
  const kept = cutAt(tidy, maxOutput);
  const result: PlainText = {
    text: kept.length < tidy.length ? kept.trimEnd() : kept,
    quoteTrimmed: converted.quoteTrimmed || quoted.trimmed,
    hiddenRemoved: converted.hiddenRemoved + invisible.removed,
  };
  if (input.length < body.length || kept.length < tidy.length) result.cutFrom = body.length;
  return result;
}

interface Converted {
  text: string;
  quoteTrimmed: boolean;
  hiddenRemoved: number;
}

/** Text kept past the output limit, so trimming quotes and hidden characters still leaves enough. */
function enoughFor(maxOutput: number): number {
  return maxOutput * 4 + 10_000;
}

function bbcodeToPlain(text: string, enough: number): Converted {
  try {
    return htmlToPlain(bbcodeToHtml(text), enough);
  } catch (error) {
    if (error instanceof BbcodeNotRendered) return textToPlain(text);
    throw error;
  }
}

/**
 * Plain and Markdown text: kept as written (a model reads Markdown), except HTML comments,
 * which a vendor rendering Markdown with HTML on would hide from the agent reading it.
 */
function textToPlain(text: string): Converted {
  let hiddenRemoved = 0;
  const out = text.replace(/\r\n?/g, '\n').replace(/<!--[\s\S]*?(?:-->|$)/g, () => {
    hiddenRemoved++;
    return '';
  });
  return { text: out, quoteTrimmed: false, hiddenRemoved };
}

/** Their content is not text a reader sees. */
const NON_TEXT = new Set([
  'script', 'style', 'head', 'title', 'template', 'noscript', 'iframe', 'frame', 'frameset', 'noframes', 'object',
  'embed', 'applet', 'svg', 'math', 'select', 'option', 'textarea', 'xmp', 'noembed', 'plaintext', 'button', 'datalist',
]);
const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'col', 'area', 'base', 'wbr', 'source', 'embed', 'param', 'track', 'keygen']);
/** Blocks that stand apart by a blank line. */
const PARAGRAPHS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'table', 'hr', 'dl', 'figure', 'ul', 'ol', 'blockquote']);
/** Blocks that start a new line. */
const LINES = new Set(['div', 'section', 'article', 'header', 'footer', 'address', 'center', 'tr', 'dt', 'dd', 'li', 'caption', 'form', 'fieldset', 'main', 'aside', 'nav', 'details', 'summary']);
/** Classes mail clients put around the history they quote. */
const QUOTE_CLASSES = ['gmail_quote', 'gmail_extra', 'yahoo_quoted', 'moz-cite-prefix', 'protonmail_quote', 'ms-outlook-quote'];
/** Ids of the blocks after which Outlook puts the quoted original. */
const HISTORY_IDS = ['divrplyfwdmsg', 'stopspelling', 'appendonsend'];
const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;

function declaration(style: string | undefined, name: string): string | undefined {
  if (!style) return undefined;
  let found: string | undefined;
  for (const part of style.split(';')) {
    const colon = part.indexOf(':');
    if (colon >= 0 && part.slice(0, colon).trim().toLowerCase() === name) {
      found = part.slice(colon + 1).replace(/!important/i, '').trim().toLowerCase();
    }
  }
  return found;
}

const ZERO = /^[-+]?0*\.?0+(?:[a-z%]+)?$/;

/** The element's text is not shown to whoever reads the mail. */
export function isHiddenElement(name: string, attributes: Record<string, string>): boolean {
  if ('hidden' in attributes) return true;
  if (name === 'input' && attributes.type?.toLowerCase() === 'hidden') return true;
  const style = attributes.style;
  if (!style) return false;
  const display = declaration(style, 'display');
  const visibility = declaration(style, 'visibility');
  const opacity = declaration(style, 'opacity');
  const fontSize = declaration(style, 'font-size');
  const maxHeight = declaration(style, 'max-height');
  const msoHide = declaration(style, 'mso-hide');
  return (
    display === 'none' ||
    visibility === 'hidden' ||
    visibility === 'collapse' ||
    (opacity !== undefined && ZERO.test(opacity)) ||
    (fontSize !== undefined && ZERO.test(fontSize)) ||
    (maxHeight !== undefined && ZERO.test(maxHeight)) ||
    msoHide === 'all'
  );
}

function isQuote(name: string, attributes: Record<string, string>): boolean {
  if (name === 'blockquote') return true;
  const classes = (attributes.class ?? '').toLowerCase().split(/\s+/);
  return QUOTE_CLASSES.some((quote) => classes.includes(quote));
}

function startsHistory(attributes: Record<string, string>): boolean {
  const id = (attributes.id ?? '').toLowerCase();
  return HISTORY_IDS.includes(id);
}

interface OpenElement {
  name: string;
  /** Where this element's text starts in the output (for links). */
  start: number;
  href?: string;
}

/** `enough`: past this many characters of output the rest is not needed (it would be cut). */
function htmlToPlain(html: string, enough = Number.POSITIVE_INFINITY): Converted {
  const writer = new TextWriter();
  const stack: OpenElement[] = [];
  /** Depth inside an element whose text is skipped (hidden, non-text or quoted). */
  let skipping = 0;
  let quoteTrimmed = false;
  let hiddenRemoved = 0;
  /** Outlook's history marker was met: everything after it is the quoted original. */
  let historyStarted = false;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (historyStarted) return;
        if (skipping > 0) {
          if (!VOID.has(name)) skipping++;
          return;
        }
        if (startsHistory(attributes)) {
          historyStarted = true;
          quoteTrimmed = true;
          writer.note(QUOTE_TRIMMED_NOTE);
          return;
        }
        const hidden = isHiddenElement(name, attributes);
        const quote = !hidden && isQuote(name, attributes);
        if (hidden || quote || NON_TEXT.has(name)) {
          if (hidden) hiddenRemoved++;
          if (quote) {
            quoteTrimmed = true;
            writer.note(QUOTE_TRIMMED_NOTE);
          }
          if (!VOID.has(name)) skipping = 1;
          return;
        }
        writer.open(name, attributes);
        if (VOID.has(name)) return;
        const open: OpenElement = { name, start: writer.length };
        const href = attributes.href?.trim();
        if (name === 'a' && href && SAFE_HREF.test(href)) open.href = href;
        stack.push(open);
      },
      ontext(text) {
        if (!historyStarted && skipping === 0 && writer.length <= enough) writer.text(text);
      },
      oncomment() {
        hiddenRemoved++;
      },
      onclosetag(name) {
        if (VOID.has(name) || historyStarted) return;
        if (skipping > 0) {
          skipping--;
          return;
        }
        // htmlparser2 reports every open element closed (implied closes too), innermost first.
        const open = stack.pop();
        if (open) writer.close(open);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return { text: writer.result(), quoteTrimmed, hiddenRemoved };
}

class TextWriter {
  private out = '';
  /** Newlines owed before the next text. */
  private breaks = 0;
  private preDepth = 0;
  private readonly lists: { ordered: boolean; next: number }[] = [];
  private marker = '';
  /** Cells written in the current table row. */
  private cells = 0;

  get length(): number {
    return this.out.length;
  }

  open(name: string, attributes: Record<string, string>): void {
    this.block(name);
    switch (name) {
      case 'br':
        this.breaks = Math.min(2, this.breaks + 1);
        break;
      case 'hr':
        this.raw('---');
        this.lineBreak(2);
        break;
      case 'img': {
        const alt = attributes.alt?.replace(/\s+/g, ' ').trim();
        if (alt) this.inline(`[image: ${alt}]`);
        break;
      }
      case 'pre':
        this.preDepth++;
        break;
      case 'ul':
      case 'ol':
        this.lists.push({ ordered: name === 'ol', next: Number(attributes.start) || 1 });
        break;
      case 'li': {
        const list = this.lists.at(-1);
        this.marker = `${'  '.repeat(Math.max(0, this.lists.length - 1))}${list?.ordered ? `${list.next++}.` : '-'} `;
        break;
      }
      case 'tr':
        this.cells = 0;
        break;
      case 'td':
      case 'th':
        if (this.cells++ > 0) this.inline(' | ');
        break;
    }
  }

  close(open: OpenElement): void {
    const name = open.name;
    if (open.href !== undefined) this.closeLink(open.start, open.href);
    switch (name) {
      case 'pre':
        this.preDepth = Math.max(0, this.preDepth - 1);
        break;
      case 'ul':
      case 'ol':
        this.lists.pop();
        break;
      case 'li':
        this.marker = '';
        break;
    }
    this.block(name);
  }

  text(text: string): void {
    if (this.preDepth > 0) {
      this.flush();
      this.out += text.replace(/\r\n?/g, '\n');
      return;
    }
    this.inline(text.replace(/\s+/g, ' '));
  }

  /** A line of our own (a trimmed quote), on its own line, said once in a row. */
  note(text: string): void {
    if (this.out.slice(-text.length - 4).trimEnd().endsWith(text)) return;
    this.lineBreak(2);
    this.raw(text);
    this.lineBreak(2);
  }

  result(): string {
    return this.out;
  }

  private block(name: string): void {
    const nested = (name === 'ul' || name === 'ol') && this.lists.length > 0;
    if (PARAGRAPHS.has(name) && !nested) this.lineBreak(2);
    else if (LINES.has(name) || nested) this.lineBreak(1);
  }

  private inline(text: string): void {
    if (this.breaks > 0 || this.out === '' || this.out.endsWith('\n') || this.out.endsWith(' ')) text = text.replace(/^ +/, '');
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

  private flush(): void {
    if (this.breaks > 0 && this.out !== '') {
      // Trailing spaces go; looked at from the end (a regex anchored at $ rescans the whole text).
      let end = this.out.length;
      while (end > 0 && (this.out[end - 1] === ' ' || this.out[end - 1] === '\t')) end--;
      this.out = this.out.slice(0, end) + '\n'.repeat(this.breaks);
    }
    this.breaks = 0;
    if (this.marker) {
      this.out += this.marker;
      this.marker = '';
    }
  }

  /** "text <url>" unless the text already is the address. */
  private closeLink(start: number, href: string): void {
    const label = this.out.slice(start).trim();
    const bare = href.replace(/^mailto:/i, '');
    if (label === href || label === bare) return;
    this.out = label === '' ? `${this.out.slice(0, start)}${bare}` : `${this.out.trimEnd()} <${bare}>`;
  }
}

/** Where a plain-text reply's quoted original begins (Outlook, most webmail). */
const ORIGINAL_MESSAGE = /^\s*-{2,}\s*(?:original message|forwarded message|ursprüngliche nachricht|message d'origine)\s*-{2,}\s*$/i;
/** "On Tue, 3 Dec 2026 at 10:00, Alice <a@b> wrote:" and its kin, which head a quote. */
const ATTRIBUTION = /^\s*(?:on\s.{4,200}\swrote|am\s.{4,200}\sschrieb|le\s.{4,200}\sa écrit)\s*:\s*$/i;
const OUTLOOK_FROM = /^\s*\*?from:\*?\s+\S/i;
const OUTLOOK_SENT = /^\s*\*?(?:sent|date):\*?\s+\S/i;

/** Quoted lines ("> …"), and everything from an "Original Message" header on, become one note. */
export function trimQuotedText(text: string): { text: string; trimmed: boolean } {
  const lines = text.split('\n');
  const out: string[] = [];
  let trimmed = false;
  const addNote = () => {
    trimmed = true;
    // An attribution line just before the quote goes with it.
    while (out.length > 0 && (out.at(-1)?.trim() === '' || ATTRIBUTION.test(out.at(-1) ?? ''))) {
      const last = out.pop() ?? '';
      if (ATTRIBUTION.test(last)) break;
    }
    while (out.length > 0 && out.at(-1)?.trim() === '') out.pop();
    if (out.at(-1) === QUOTE_TRIMMED_NOTE) return;
    // The note stands as its own paragraph.
    if (out.length > 0) out.push('');
    out.push(QUOTE_TRIMMED_NOTE, '');
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (ORIGINAL_MESSAGE.test(line) || (OUTLOOK_FROM.test(line) && lines.slice(i + 1, i + 4).some((next) => OUTLOOK_SENT.test(next)))) {
      addNote();
      break;
    }
    // "> " lines, and a note the HTML reading already left (its attribution line goes too).
    if (/^\s*>/.test(line) || line === QUOTE_TRIMMED_NOTE) {
      addNote();
      continue;
    }
    out.push(line);
  }
  return { text: out.join('\n'), trimmed };
}

function tidyLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Never splits a surrogate pair. */
function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}
