// Keeping a link on its code while the code changes. Two paths:
// - shiftRange(): per edit, arithmetic only, so links follow typing without a search on
//   every keystroke; it says when an edit touched the linked lines themselves.
// - reanchor(): on open, on save, or after a touching edit, find the stored snippet again:
//   still in place ("exact"), elsewhere ("moved", nearest to where it was), or gone ("stale",
//   so the link is never shown on the wrong lines).
// Lines are 1-based and inclusive throughout, as in the link file.

export type AnchorStatus = 'exact' | 'moved' | 'stale';

export interface StoredAnchor {
  readonly startLine: number;
  readonly endLine: number;
  /** The text that was selected when the link was made. */
  readonly snippet: string;
}

export interface AnchorResult {
  readonly status: AnchorStatus;
  /** For "stale", the stored lines, unchanged. */
  readonly startLine: number;
  readonly endLine: number;
}

/**
 * Where the snippet is now. Trailing white space and line endings (CRLF/LF) are ignored; the
 * first and last snippet lines may be partial (a selection that began or ended mid-line).
 */
export function reanchor(anchor: StoredAnchor, documentText: string): AnchorResult {
  const documentLines = splitLines(documentText);
  const snippetLines = splitLines(anchor.snippet);
  if (snippetLines.length > 1 && snippetLines[snippetLines.length - 1] === '') snippetLines.pop();
  const stale: AnchorResult = { status: 'stale', startLine: anchor.startLine, endLine: anchor.endLine };
  const count = snippetLines.length;
  if (snippetLines.every((line) => line === '')) {
    // Nothing to recognise the code by: trust the lines while they exist.
    return anchor.startLine >= 1 && anchor.endLine <= documentLines.length ? { ...stale, status: 'exact' } : stale;
  }
  const matcher = new SnippetMatcher(documentLines, snippetLines);
  const stored = anchor.startLine - 1;
  if (matcher.matchesAt(stored)) return { status: 'exact', startLine: anchor.startLine, endLine: anchor.startLine + count - 1 };
  const found = matcher.nearestTo(stored);
  return found === undefined ? stale : { status: 'moved', startLine: found + 1, endLine: found + count };
}

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.trimEnd());
}

class SnippetMatcher {
  constructor(
    private readonly documentLines: readonly string[],
    private readonly snippetLines: readonly string[],
  ) {}

  /** Does the snippet sit at 0-based document line `index`? */
  matchesAt(index: number): boolean {
    if (!this.endsMatchAt(index)) return false;
    const last = this.snippetLines.length - 1;
    for (let i = 1; i < last; i++) if (this.documentLines[index + i] !== this.snippetLines[i]) return false;
    return true;
  }

  // The first and last lines, which may be partial; for one line, anywhere in it.
  private endsMatchAt(index: number): boolean {
    const doc = this.documentLines;
    const snip = this.snippetLines;
    const last = snip.length - 1;
    if (index < 0 || index + last >= doc.length) return false;
    if (last === 0) return doc[index]!.includes(snip[0]!);
    return doc[index]!.endsWith(snip[0]!) && doc[index + last]!.startsWith(snip[last]!);
  }

  /** The 0-based start of the match nearest `target` (the earlier one on a tie), if any. */
  nearestTo(target: number): number | undefined {
    let best: number | undefined;
    for (const start of this.startsWithMatchingMiddle()) {
      if (!this.endsMatchAt(start)) continue;
      if (best === undefined || Math.abs(start - target) < Math.abs(best - target)) best = start;
    }
    return best;
  }

  // Starts whose middle lines (all but the first and last) match exactly. A KMP search over
  // them keeps the work linear even in a file of repeated lines.
  private *startsWithMatchingMiddle(): Generator<number> {
    const doc = this.documentLines;
    const snip = this.snippetLines;
    if (snip.length <= 2) {
      for (let start = 0; start + snip.length <= doc.length; start++) yield start;
      return;
    }
    for (const middleStart of kmpSearch(doc, snip.slice(1, -1))) yield middleStart - 1;
  }
}

/** Every index at which `pattern` occurs in `sequence`, comparing elements with ===. */
function* kmpSearch(sequence: readonly string[], pattern: readonly string[]): Generator<number> {
  const failure = new Array<number>(pattern.length).fill(0);
  for (let i = 1, k = 0; i < pattern.length; i++) {
    while (k > 0 && pattern[i] !== pattern[k]) k = failure[k - 1]!;
    if (pattern[i] === pattern[k]) k++;
    failure[i] = k;
  }
  for (let i = 0, k = 0; i < sequence.length; i++) {
    while (k > 0 && sequence[i] !== pattern[k]) k = failure[k - 1]!;
    if (sequence[i] === pattern[k]) k++;
    if (k === pattern.length) {
      yield i - k + 1;
      k = failure[k - 1]!;
    }
  }
}

/** One edit in line terms, as an editor reports it (VS Code: a content change's range and text). */
export interface LineEdit {
  /** 1-based line where the replaced text begins. */
  readonly startLine: number;
  /** 1-based line where the replaced text ends. */
  readonly endLine: number;
  /**
   * 0-based column where the replaced text ends. 0 means nothing of `endLine` itself was
   * replaced (an insertion at the start of a line, a deletion of whole lines), so a link
   * starting there only moves.
   */
  readonly endCharacter?: number;
  /** Line breaks in the inserted text (see countLineBreaks). */
  readonly insertedLineBreaks: number;
}

export interface ShiftedRange {
  readonly startLine: number;
  readonly endLine: number;
  /** The edit changed the linked lines themselves: re-anchor when convenient. */
  readonly touched: boolean;
}

/** The link's lines after one edit, without looking at the text. */
export function shiftRange(range: { readonly startLine: number; readonly endLine: number }, edit: LineEdit): ShiftedRange {
  const delta = edit.insertedLineBreaks - (edit.endLine - edit.startLine);
  const lastTouched = edit.endCharacter === 0 ? edit.endLine - 1 : edit.endLine;
  if (edit.startLine > range.endLine) {
    return { startLine: range.startLine, endLine: range.endLine, touched: false };
  }
  if (lastTouched < range.startLine) {
    return { startLine: range.startLine + delta, endLine: range.endLine + delta, touched: false };
  }
  // The edit overlaps the linked lines. Its start becomes the link's start when it began
  // above; the end moves with the edit, or ends where the inserted text ends when the edit
  // ran past the link.
  const startLine = Math.min(range.startLine, edit.startLine);
  const endLine = lastTouched > range.endLine ? edit.startLine + edit.insertedLineBreaks : range.endLine + delta;
  return { startLine, endLine: Math.max(startLine, endLine), touched: true };
}

/** Line breaks in inserted text, counting CRLF once. */
export function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) count++;
    else if (code === 13 && text.charCodeAt(i + 1) !== 10) count++;
  }
  return count;
}
