import assert from 'node:assert/strict';
import { mapLinesToBase, selectedLineRange } from '../../src/ui/code/lines';

describe('code: selected lines', () => {
  it('counts from 1 and includes both ends', () => {
    assert.deepEqual(selectedLineRange({ line: 9, character: 4 }, { line: 23, character: 10 }), { start: 10, end: 24 });
    assert.deepEqual(selectedLineRange({ line: 6, character: 2 }, { line: 6, character: 8 }), { start: 7, end: 7 });
  });

  it('does not take the line a whole-line selection ends at the start of', () => {
    assert.deepEqual(selectedLineRange({ line: 9, character: 0 }, { line: 12, character: 0 }), { start: 10, end: 12 });
  });

  it('reads a backwards selection (anchor after the cursor) the same way', () => {
    assert.deepEqual(selectedLineRange({ line: 12, character: 0 }, { line: 9, character: 0 }), { start: 10, end: 12 });
  });
});

// `git diff HEAD -- f.txt` after inserting two lines after line 3, deleting line 20 and
// changing line 26 of a 30-line file "line 1" … "line 30" (output of git 2.39).
const DIFF = `diff --git a/f.txt b/f.txt
index ac9837c..0f5c924 100644
--- a/f.txt
+++ b/f.txt
@@ -1,6 +1,8 @@
 line 1
 line 2
 line 3
+new a
+new b
 line 4
 line 5
 line 6
@@ -17,13 +19,12 @@ line 16
 line 17
 line 18
 line 19
-line 20
 line 21
 line 22
 line 23
 line 24
 line 25
-line 26
+LINE 26 changed
 line 27
 line 28
 line 29
`;

describe('code: lines at the last commit', () => {
  it('maps every line to itself when nothing changed', () => {
    assert.deepEqual(mapLinesToBase('', { start: 5, end: 9 }), { start: 5, end: 9 });
  });

  it('keeps lines above every change where they were', () => {
    assert.deepEqual(mapLinesToBase(DIFF, { start: 1, end: 3 }), { start: 1, end: 3 });
  });

  it('moves unchanged lines by what was inserted or deleted above them', () => {
    assert.deepEqual(mapLinesToBase(DIFF, { start: 6, end: 10 }), { start: 4, end: 8 });
    // Between the hunks, outside any hunk's text.
    assert.deepEqual(mapLinesToBase(DIFF, { start: 10, end: 12 }), { start: 8, end: 10 });
    // Just after the deleted line 20: moved by +2 -1.
    assert.deepEqual(mapLinesToBase(DIFF, { start: 22, end: 26 }), { start: 21, end: 25 });
    // After the last hunk.
    assert.deepEqual(mapLinesToBase(DIFF, { start: 28, end: 31 }), { start: 27, end: 30 });
  });

  it('gives nothing when a selected line is new or changed', () => {
    assert.equal(mapLinesToBase(DIFF, { start: 4, end: 4 }), undefined);
    assert.equal(mapLinesToBase(DIFF, { start: 3, end: 4 }), undefined);
    assert.equal(mapLinesToBase(DIFF, { start: 27, end: 27 }), undefined);
  });

  it('gives nothing when a line between the selected ones was deleted', () => {
    assert.equal(mapLinesToBase(DIFF, { start: 21, end: 22 }), undefined);
  });

  it('gives nothing for a diff without hunks (a binary file)', () => {
    assert.equal(mapLinesToBase('diff --git a/x.png b/x.png\nBinary files a/x.png and b/x.png differ\n', { start: 1, end: 1 }), undefined);
  });

  it('reads CRLF diffs and hunks with empty ranges', () => {
    const crlf = DIFF.replace(/\n/g, '\r\n');
    assert.deepEqual(mapLinesToBase(crlf, { start: 22, end: 26 }), { start: 21, end: 25 });
    // Two lines inserted at the very top of the file, no context (git diff -U0).
    const top = '--- a/f\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n';
    assert.deepEqual(mapLinesToBase(top, { start: 3, end: 4 }), { start: 1, end: 2 });
    assert.equal(mapLinesToBase(top, { start: 2, end: 3 }), undefined);
  });
});
