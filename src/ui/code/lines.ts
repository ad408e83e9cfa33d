// Which lines a selection covers, and where those lines were at the last commit. Pure:
// editor positions and `git diff` text in, 1-based inclusive line numbers out.
import type { LineRange } from '../../code/linkFile';

/** An editor position, 0-based as VS Code counts. */
export interface Position0 {
  readonly line: number;
  readonly character: number;
}

/**
 * The 1-based lines a selection covers. A selection that ends at the start of a line (what
 * selecting whole lines with the keyboard or the gutter produces) does not take that line.
 */
export function selectedLineRange(start: Position0, end: Position0): LineRange {
  const [first, last] = start.line < end.line || (start.line === end.line && start.character <= end.character) ? [start, end] : [end, start];
  const endLine = last.line > first.line && last.character === 0 ? last.line : last.line + 1;
  return { start: first.line + 1, end: endLine };
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

interface Hunk {
  /** First old and new line the hunk's body talks about. */
  readonly oldFirst: number;
  readonly newFirst: number;
  readonly body: readonly string[];
}

/** The hunks of a one-file unified diff; undefined when it has changes but no hunks (a binary file). */
function parseHunks(diff: string): Hunk[] | undefined {
  const hunks: Array<{ oldFirst: number; newFirst: number; body: string[] }> = [];
  for (const raw of diff.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const header = HUNK_HEADER.exec(line);
    if (header) {
      // A count of 0 means the range is empty and its start names the line before it.
      const oldStart = Number(header[1]);
      const newStart = Number(header[3]);
      hunks.push({
        oldFirst: header[2] === '0' ? oldStart + 1 : oldStart,
        newFirst: header[4] === '0' ? newStart + 1 : newStart,
        body: [],
      });
      continue;
    }
    // Before the first hunk come the file headers ("--- a/x", "+++ b/x"): not changes.
    hunks[hunks.length - 1]?.body.push(line);
  }
  if (hunks.length === 0 && diff.trim() !== '') return undefined;
  return hunks;
}

/**
 * Where the working-tree lines `range` were in the diff's base (HEAD for `git diff HEAD`),
 * or undefined when any of them was added or changed, a line between them was deleted, or
 * the diff cannot be read. An empty diff maps every line to itself.
 */
export function mapLinesToBase(diff: string, range: LineRange): LineRange | undefined {
  const hunks = parseHunks(diff);
  if (!hunks) return undefined;
  const { start, end } = range;
  let oldStart: number | undefined;
  let oldEnd: number | undefined;
  const visitUnchanged = (newLine: number, oldLine: number) => {
    if (newLine === start) oldStart = oldLine;
    if (newLine === end) oldEnd = oldLine;
  };
  let oldLine = 1;
  let newLine = 1;
  for (const hunk of hunks) {
    // The untouched stretch before this hunk moves by a fixed amount.
    if (start >= newLine && start < hunk.newFirst) oldStart = oldLine + (start - newLine);
    if (end >= newLine && end < hunk.newFirst) oldEnd = oldLine + (end - newLine);
    oldLine = hunk.oldFirst;
    newLine = hunk.newFirst;
    for (const line of hunk.body) {
      const kind = line[0];
      if (kind === ' ' || line === '') {
        visitUnchanged(newLine, oldLine);
        oldLine++;
        newLine++;
      } else if (kind === '-') {
        // Deleted just before new line `newLine`: inside the range unless before its first line.
        if (newLine > start && newLine <= end) return undefined;
        oldLine++;
      } else if (kind === '+') {
        if (newLine >= start && newLine <= end) return undefined;
        newLine++;
      }
      // "\ No newline at end of file" and anything else: no line of either side.
    }
  }
  if (start >= newLine) oldStart = oldLine + (start - newLine);
  if (end >= newLine) oldEnd = oldLine + (end - newLine);
  return oldStart !== undefined && oldEnd !== undefined ? { start: oldStart, end: oldEnd } : undefined;
}
