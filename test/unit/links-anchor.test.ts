// Re-anchoring links to code that moved, changed or vanished, and following edits cheaply.
import assert from 'node:assert/strict';
import { countLineBreaks, reanchor, shiftRange, type LineEdit } from '../../src/code/anchor';

const FILE = ['import x from "x";', '', 'function login(user) {', '  check(user);', '  return token(user);', '}', '', 'export {};'].join('\n');
const SNIPPET = 'function login(user) {\n  check(user);\n  return token(user);\n}';

describe('links: re-anchoring', () => {
  it('is exact when the lines are still there', () => {
    assert.deepEqual(reanchor({ startLine: 3, endLine: 6, snippet: SNIPPET }, FILE), { status: 'exact', startLine: 3, endLine: 6 });
  });

  it('ignores CRLF and trailing white space on either side', () => {
    const crlf = FILE.replace(/\n/g, '  \r\n');
    assert.equal(reanchor({ startLine: 3, endLine: 6, snippet: SNIPPET }, crlf).status, 'exact');
    assert.equal(reanchor({ startLine: 3, endLine: 6, snippet: SNIPPET.replace(/\n/g, '\t\r\n') + '\r\n' }, FILE).status, 'exact');
  });

  it('follows the code when lines were added above it', () => {
    const moved = '// header\n// more\n' + FILE;
    assert.deepEqual(reanchor({ startLine: 3, endLine: 6, snippet: SNIPPET }, moved), { status: 'moved', startLine: 5, endLine: 8 });
  });

  it('picks the occurrence nearest the old position when the snippet appears several times', () => {
    const block = 'a();\nb();';
    const doc = [block, 'x', 'x', 'x', 'x', block, 'x', block].join('\n');
    // Occurrences start at lines 1, 7 and 10; the link was at 8.
    assert.deepEqual(reanchor({ startLine: 8, endLine: 9, snippet: block }, doc), { status: 'moved', startLine: 7, endLine: 8 });
    // Equal distance (from 4: lines 1 and 7): the earlier wins.
    assert.equal(reanchor({ startLine: 4, endLine: 5, snippet: block }, doc).startLine, 1);
  });

  it('matches a selection that began or ended mid-line', () => {
    const partial = 'login(user) {\n  check(user);\n  return token';
    assert.deepEqual(reanchor({ startLine: 3, endLine: 5, snippet: partial }, FILE), { status: 'exact', startLine: 3, endLine: 5 });
    assert.deepEqual(reanchor({ startLine: 1, endLine: 3, snippet: partial }, FILE), { status: 'moved', startLine: 3, endLine: 5 });
    assert.equal(reanchor({ startLine: 4, endLine: 4, snippet: 'check(user)' }, FILE).status, 'exact');
  });

  it('is stale, keeping the stored lines, when the code is gone or changed', () => {
    const changed = FILE.replace('  check(user);', '  verify(user);');
    assert.deepEqual(reanchor({ startLine: 3, endLine: 6, snippet: SNIPPET }, changed), { status: 'stale', startLine: 3, endLine: 6 });
    assert.equal(reanchor({ startLine: 3, endLine: 6, snippet: SNIPPET }, '').status, 'stale');
    assert.equal(reanchor({ startLine: 1, endLine: 1, snippet: 'nowhere()' }, FILE).status, 'stale');
  });

  it('does not treat a middle line that merely contains the snippet line as a match', () => {
    const doc = 'a\n  b();\n  b(); // extra\nc';
    assert.equal(reanchor({ startLine: 1, endLine: 4, snippet: 'a\n  b();\n  b();\nc' }, doc).status, 'stale');
  });

  it('is stale when the stored range runs past the end of the document', () => {
    assert.equal(reanchor({ startLine: 7, endLine: 10, snippet: SNIPPET }, FILE.split('\n').slice(0, 5).join('\n')).status, 'stale');
  });

  it('keeps a blank snippet on its lines while they exist', () => {
    assert.equal(reanchor({ startLine: 2, endLine: 2, snippet: '' }, FILE).status, 'exact');
    assert.equal(reanchor({ startLine: 50, endLine: 51, snippet: '\n' }, FILE).status, 'stale');
  });

  it('counts the range from the snippet when the stored end disagrees with it', () => {
    assert.deepEqual(reanchor({ startLine: 3, endLine: 3, snippet: SNIPPET }, FILE), { status: 'exact', startLine: 3, endLine: 6 });
  });

  it('stays linear on a large file of identical lines', function () {
    this.timeout(60_000); // hang guard only
    const doc = Array.from({ length: 200_000 }, () => 'same();').join('\n') + '\nother();';
    const snippet = Array.from({ length: 2_000 }, () => 'same();').join('\n') + '\nother();';
    const result = reanchor({ startLine: 1, endLine: 2_001, snippet }, doc);
    assert.deepEqual(result, { status: 'moved', startLine: 198_001, endLine: 200_001 });
    // Every position matches: the nearest to the stored one wins.
    const everywhere = reanchor({ startLine: 300_000, endLine: 301_999, snippet: snippet.replace('\nother();', '') }, doc);
    assert.deepEqual(everywhere, { status: 'moved', startLine: 198_001, endLine: 200_000 });
  });
});

describe('links: shifting a range for an edit', () => {
  const range = { startLine: 10, endLine: 14 };
  const edit = (e: Partial<LineEdit> & Pick<LineEdit, 'startLine' | 'endLine'>): LineEdit => ({ insertedLineBreaks: 0, ...e });

  it('leaves the range alone for edits below it', () => {
    assert.deepEqual(shiftRange(range, edit({ startLine: 15, endLine: 20 })), { startLine: 10, endLine: 14, touched: false });
    assert.deepEqual(shiftRange(range, edit({ startLine: 30, endLine: 30, insertedLineBreaks: 5 })), { startLine: 10, endLine: 14, touched: false });
  });

  it('moves the range by the lines added or removed above it', () => {
    assert.deepEqual(shiftRange(range, edit({ startLine: 2, endLine: 2, insertedLineBreaks: 3 })), { startLine: 13, endLine: 17, touched: false });
    assert.deepEqual(shiftRange(range, edit({ startLine: 2, endLine: 6 })), { startLine: 6, endLine: 10, touched: false });
  });

  it('treats an edit ending at column 0 of the first linked line as above it', () => {
    // Enter at the start of line 10, or lines pasted there.
    assert.deepEqual(shiftRange(range, edit({ startLine: 10, endLine: 10, endCharacter: 0, insertedLineBreaks: 2 })), { startLine: 12, endLine: 16, touched: false });
    // Whole lines 5-9 deleted: (5,0) to (10,0).
    assert.deepEqual(shiftRange(range, edit({ startLine: 5, endLine: 10, endCharacter: 0 })), { startLine: 5, endLine: 9, touched: false });
  });

  it('marks edits inside the range as touching it and stretches or shrinks its end', () => {
    assert.deepEqual(shiftRange(range, edit({ startLine: 12, endLine: 12, endCharacter: 4, insertedLineBreaks: 1 })), { startLine: 10, endLine: 15, touched: true });
    assert.deepEqual(shiftRange(range, edit({ startLine: 11, endLine: 13, endCharacter: 2 })), { startLine: 10, endLine: 12, touched: true });
    assert.deepEqual(shiftRange(range, edit({ startLine: 12, endLine: 12, endCharacter: 9 })), { startLine: 10, endLine: 14, touched: true });
  });

  it('handles edits that straddle the start or the end', () => {
    assert.deepEqual(shiftRange(range, edit({ startLine: 8, endLine: 11, endCharacter: 3 })), { startLine: 8, endLine: 11, touched: true });
    assert.deepEqual(shiftRange(range, edit({ startLine: 13, endLine: 20, endCharacter: 1, insertedLineBreaks: 1 })), { startLine: 10, endLine: 14, touched: true });
  });

  it('collapses to one line when the whole range is replaced', () => {
    assert.deepEqual(shiftRange(range, edit({ startLine: 9, endLine: 16, endCharacter: 2 })), { startLine: 9, endLine: 9, touched: true });
  });

  it('counts line breaks, CRLF once', () => {
    assert.equal(countLineBreaks(''), 0);
    assert.equal(countLineBreaks('a\nb\r\nc\rd'), 3);
    assert.equal(countLineBreaks('\r\n\r\n'), 2);
  });

  it('agrees with re-anchoring after real edits', () => {
    const lines = FILE.split('\n');
    const link = { startLine: 3, endLine: 6 };
    // Two lines inserted at the start of line 2.
    const inserted = [...lines.slice(0, 1), 'a', 'b', ...lines.slice(1)].join('\n');
    const shifted = shiftRange(link, { startLine: 2, endLine: 2, endCharacter: 0, insertedLineBreaks: 2 });
    assert.deepEqual(reanchor({ ...shifted, snippet: SNIPPET }, inserted), { status: 'exact', startLine: shifted.startLine, endLine: shifted.endLine });
    // The blank line 2 deleted: (1, end) to (2, 0) joins lines 1 and 2.
    const joined = [lines[0]! + lines[1]!, ...lines.slice(2)].join('\n');
    const back = shiftRange(link, { startLine: 1, endLine: 2, endCharacter: 0, insertedLineBreaks: 0 });
    assert.deepEqual(reanchor({ ...back, snippet: SNIPPET }, joined), { status: 'exact', startLine: back.startLine, endLine: back.endLine });
  });
});
