// A code selection as it goes into a ticket: the Markdown block (caption + fenced code), a
// suggested subject, and a file name for the snippet as an attachment. Plain data in and out
// so the editor side only gathers facts (text, language, path, lines, permalink).
import { extensionForLanguage, fenceLanguage } from './languages';

export interface SnippetSource {
  /** The selected text, as in the editor (LF or CRLF). */
  readonly text: string;
  /** VS Code's language id of the document, e.g. "typescript". */
  readonly languageId?: string;
  /** Workspace-relative path with forward slashes; absent for untitled or non-file documents. */
  readonly relativePath?: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  /** 1-based, inclusive. */
  readonly endLine: number;
  /** Link to the lines at the exact commit, when the file is in a repository on a known host. */
  readonly permalink?: string;
}

/** The caption line and a fenced code block, ready to drop into a Markdown ticket body. */
export function snippetMarkdown(source: SnippetSource): string {
  const code = dedent(normalizeLineEnds(source.text).replace(/\n$/, ''));
  const fence = '`'.repeat(Math.max(3, longestRun(code, '`') + 1));
  return `${snippetCaption(source)}\n\n${fence}${fenceLanguage(source.languageId)}\n${code}\n${fence}\n`;
}

/** "`src/auth.ts`, lines 10-24 ([permalink](<url>))", or "Lines 10-24" without a path. */
export function snippetCaption(source: Pick<SnippetSource, 'relativePath' | 'startLine' | 'endLine' | 'permalink'>): string {
  const lines = lineRangeLabel(source.startLine, source.endLine);
  const path = source.relativePath?.trim();
  let caption = path ? `${codeSpan(path)}, ${lines}` : lines.charAt(0).toUpperCase() + lines.slice(1);
  if (source.permalink) caption += ` ([permalink](<${linkDestination(source.permalink)}>))`;
  return caption;
}

/** "line 7" or "lines 10-24". */
export function lineRangeLabel(startLine: number, endLine: number): string {
  return endLine > startLine ? `lines ${startLine}-${endLine}` : `line ${startLine}`;
}

const DEFAULT_SUBJECT_LENGTH = 80;

export interface SubjectOptions {
  /** Longest subject returned, ellipsis included. */
  readonly maxLength?: number;
  /** Returned when the selection has nothing worth a subject (only braces, blank lines). */
  readonly fallback?: string;
}

// A task marker in upper case, as tools that collect them expect; an optional "(owner)",
// then the text. Upper case only, so "todo" in prose or identifiers is not taken for one.
const TASK_MARKER = /(?:^|[^A-Za-z0-9_])(?:TODO|FIXME|XXX|HACK|BUG)(?![A-Za-z0-9_])(?:\([^)\n]{0,40}\))?[\s:.\-]*(.*)$/;

// Comment openers and closers across the common languages; stripped so the subject is the
// words, not the syntax around them.
const COMMENT_START = /^(?:\/\/+!?|\/\*+!?|\*+(?!\/)|#+!?|--+|;+|<!--|"""|'''|%+|\{-|\(\*|rem\s)\s*/i;
const COMMENT_END = /\s*(?:\*+\/|-->|"""|'''|-\}|\*\)|#\})\s*$/;

// Lines longer than this are cut before matching: a subject never needs more, and it keeps
// the work bounded on a selection of minified code.
const LINE_SCAN_LIMIT = 400;

/** A ticket subject from a selection: the text of a TODO/FIXME comment, else the first meaningful line. */
export function suggestSubject(text: string, options: SubjectOptions = {}): string {
  const maxLength = Math.max(8, options.maxLength ?? DEFAULT_SUBJECT_LENGTH);
  const lines = normalizeLineEnds(text)
    .split('\n')
    .map((line) => line.slice(0, LINE_SCAN_LIMIT));
  for (const line of lines) {
    const task = TASK_MARKER.exec(line);
    const words = task ? cleanLine(task[1] ?? '') : '';
    if (words) return shorten(words, maxLength);
  }
  for (const line of lines) {
    // A bare "TODO" says nothing about the code.
    const words = TASK_MARKER.test(line) ? '' : cleanLine(line);
    if (words) return shorten(words, maxLength);
  }
  return options.fallback ?? '';
}

function cleanLine(line: string): string {
  let rest = line.trim();
  // Twice: "/** * text" and "# // text" both appear in the wild.
  for (let i = 0; i < 2; i++) rest = rest.replace(COMMENT_START, '');
  rest = rest.replace(COMMENT_END, '').replace(/\s*\{$/, '').replace(/\s+/g, ' ').trim();
  // Only punctuation ("});", "*/", "-----") is not worth a subject.
  return /[\p{L}\p{N}]/u.test(rest) ? rest : '';
}

function shorten(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const room = text.slice(0, maxLength - 1);
  // Cut at the last word that fits whole, unless that leaves too little.
  const space = text[maxLength - 1] === ' ' ? room.length : room.lastIndexOf(' ');
  return `${(space > maxLength / 2 ? room.slice(0, space) : room).trimEnd()}…`;
}

export interface SnippetFileNameInput {
  /** The source file's name or path; absent for untitled documents. */
  readonly sourceName?: string;
  readonly languageId?: string;
  readonly startLine: number;
  readonly endLine: number;
}

/** `auth.ts` lines 10-24 → `auth-L10-L24.ts`; an untitled Python buffer → `snippet.py`. */
export function snippetFileName(input: SnippetFileNameInput): string {
  const base = input.sourceName?.split(/[\\/]/).pop()?.trim() ?? '';
  const languageExtension = extensionForLanguage(input.languageId) ?? '.txt';
  if (!base) return 'snippet' + languageExtension;
  const dot = base.lastIndexOf('.');
  // A leading dot (".env", ".bashrc") marks a hidden file, not an extension.
  const hasExtension = dot > 0 && dot < base.length - 1;
  const stem = (hasExtension ? base.slice(0, dot) : base).replace(/^\.+/, '') || 'snippet';
  const extension = hasExtension ? base.slice(dot) : languageExtension;
  const lines = input.endLine > input.startLine ? `-L${input.startLine}-L${input.endLine}` : `-L${input.startLine}`;
  return safeName(stem).slice(0, 120) + lines + safeName(extension).slice(0, 20);
}

// Characters no common file system accepts in a name, and control characters.
function safeName(name: string): string {
  return name.replace(/[<>:"/\\|?*\u0000-\u001f\u007f]/g, '_');
}

function normalizeLineEnds(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Removes the indentation every non-blank line shares, so a nested block reads from column 0. */
export function dedent(text: string): string {
  const lines = text.split('\n');
  let common: string | undefined;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const indent = /^[ \t]*/.exec(line)![0];
    common = common === undefined ? indent : commonPrefix(common, indent);
    if (common === '') return text;
  }
  if (!common) return text;
  const cut = common.length;
  return lines.map((line) => (line.startsWith(common!) ? line.slice(cut) : line.trimStart())).join('\n');
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    if (current > longest) longest = current;
  }
  return longest;
}

/** Inline code that survives backticks in the content (CommonMark: a longer delimiter, padded). */
function codeSpan(text: string): string {
  const delimiter = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${delimiter}${pad}${text}${pad}${delimiter}`;
}

// Inside <…> a destination may hold anything but line breaks and angle brackets.
function linkDestination(url: string): string {
  return url.replace(/[\s<>]/g, (c) => encodeURIComponent(c));
}
