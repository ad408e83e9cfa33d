import assert from 'node:assert/strict';
import { countLineBreaks, type LineEdit } from '../../src/code/anchor';
import type { CodeLink } from '../../src/code/linkFile';
import { DocumentAnchors } from '../../src/ui/codeLinks/liveAnchors';

const DOCUMENT = ['import x', '', 'function print() {', '  fire();', '}', '', 'export {}'].join('\n');

function link(id: string, start: number, end: number, snippet: string): CodeLink {
  return {
    id,
    ticket: { instanceId: 'acme', id: '12', ref: 'DP-12', subject: 'Printer on fire' },
    file: 'src/printer.ts',
    range: { start, end },
    snippet,
    createdAt: '2026-01-02T03:04:05.000Z',
  };
}

const printLink = link('p', 3, 5, 'function print() {\n  fire();\n}');

/** An insertion of `text` before 1-based `line` (as VS Code reports it: an empty range at column 0). */
function insertAt(line: number, text: string): LineEdit {
  return { startLine: line, endLine: line, endCharacter: 0, insertedLineBreaks: countLineBreaks(text) };
}

/** Lines `from`..`to` (1-based, inclusive) deleted whole. */
function deleteLines(from: number, to: number): LineEdit {
  return { startLine: from, endLine: to + 1, endCharacter: 0, insertedLineBreaks: 0 };
}

function lines(text: string): string[] {
  return text.split('\n');
}

describe('ui links: live anchors in an open document', () => {
  it('finds a link where it is stored, and one that moved since', () => {
    const anchors = new DocumentAnchors();
    const moved = link('m', 1, 1, 'export {}');
    assert.equal(anchors.sync([printLink, moved], () => DOCUMENT), true);
    assert.deepEqual(pick(anchors.get('p')), { startLine: 3, endLine: 5, stale: false });
    assert.deepEqual(pick(anchors.get('m')), { startLine: 7, endLine: 7, stale: false });
    assert.deepEqual(anchors.moved().map((entry) => [entry.link.id, entry.range]), [['m', { start: 7, end: 7 }]]);
  });

  it('follows lines inserted above without reading the text, and reports the new range to save', () => {
    const anchors = new DocumentAnchors();
    anchors.sync([printLink], () => DOCUMENT);
    anchors.applyEdits([insertAt(1, '// one\n// two\n')]);
    assert.deepEqual(pick(anchors.get('p')), { startLine: 5, endLine: 7, stale: false });
    // No edit touched the linked lines: settle() needs no text.
    assert.equal(anchors.settle(() => assert.fail('the text should not be read')), false);
    assert.deepEqual(anchors.moved().map((entry) => entry.range), [{ start: 5, end: 7 }]);
  });

  it('applies the edits of one change event bottom-up, whatever order they come in', () => {
    const anchors = new DocumentAnchors();
    anchors.sync([printLink], () => DOCUMENT);
    // Both in the coordinates of the text before the event: two lines above the link, one
    // below it. Applied top-down, the second would land inside the shifted link.
    anchors.applyEdits([insertAt(1, 'a\nb\n'), insertAt(6, 'z\n')]);
    assert.deepEqual(pick(anchors.get('p')), { startLine: 5, endLine: 7, stale: false });
    assert.equal(anchors.settle(() => assert.fail('no edit touched the link')), false);
  });

  it('marks a link stale when its snippet is deleted, keeping the stored lines', () => {
    const anchors = new DocumentAnchors();
    anchors.sync([printLink], () => DOCUMENT);
    anchors.applyEdits([deleteLines(3, 5)]);
    const after = lines(DOCUMENT);
    after.splice(2, 3);
    assert.equal(anchors.settle(() => after.join('\n')), true, 'staleness changed');
    assert.deepEqual(pick(anchors.get('p')), { startLine: 3, endLine: 5, stale: true });
    assert.deepEqual(anchors.moved(), [], 'a stale link is never written back');
  });

  it('finds a stale link again when its code comes back (undo), on the next settle', () => {
    const anchors = new DocumentAnchors();
    anchors.sync([printLink], () => DOCUMENT);
    anchors.applyEdits([deleteLines(3, 5)]);
    const without = lines(DOCUMENT);
    without.splice(2, 3);
    anchors.settle(() => without.join('\n'));
    anchors.applyEdits([insertAt(3, 'function print() {\n  fire();\n}\n')]);
    assert.equal(anchors.settle(() => DOCUMENT), true);
    assert.deepEqual(pick(anchors.get('p')), { startLine: 3, endLine: 5, stale: false });
  });

  it('follows code edited inside its lines, and a save stores the new text as the snippet', () => {
    const anchors = new DocumentAnchors();
    anchors.sync([printLink], () => DOCUMENT);
    anchors.applyEdits([{ startLine: 4, endLine: 4, endCharacter: 9, insertedLineBreaks: 0 }]);
    const edited = DOCUMENT.replace('  fire();', '  extinguish();');
    anchors.settle(() => edited);
    assert.deepEqual(pick(anchors.get('p')), { startLine: 3, endLine: 5, stale: false });
    assert.deepEqual(
      anchors.moved().map((entry) => [entry.range, entry.snippet]),
      [[{ start: 3, end: 5 }, 'function print() {\n  extinguish();\n}']],
    );
    // Found again by its new text after more lines go in above it.
    anchors.applyEdits([insertAt(1, '// note\n')]);
    assert.equal(anchors.reanchorAll(`// note\n${edited}`), false);
    assert.deepEqual(pick(anchors.get('p')), { startLine: 4, endLine: 6, stale: false });
  });

  it('finds code whose stored snippet had a credential redacted', () => {
    const source = ['// config', 'const host = "db.internal";', 'const password = "hunter2-very-secret";', 'connect(host, password);'].join('\n');
    const stored = link('s', 2, 4, 'const host = "db.internal";\nconst password = "«redacted»";\nconnect(host, password);');
    const anchors = new DocumentAnchors();
    anchors.sync([stored], () => source);
    assert.deepEqual(pick(anchors.get('s')), { startLine: 2, endLine: 4, stale: false });
  });

  it('an edit that replaces the linked code makes it stale, never pointing at other code', () => {
    const anchors = new DocumentAnchors();
    anchors.sync([printLink], () => DOCUMENT);
    anchors.applyEdits([{ startLine: 3, endLine: 6, endCharacter: 0, insertedLineBreaks: 3 }]);
    const replaced = DOCUMENT.replace('function print() {\n  fire();\n}', 'const a = 1;\nconst b = 2;\nconst c = 3;');
    anchors.settle(() => replaced);
    assert.deepEqual(pick(anchors.get('p')), { startLine: 3, endLine: 5, stale: true });
    assert.deepEqual(anchors.moved(), []);
  });

  it('on save, reanchorAll finds every snippet again in the saved text', () => {
    const anchors = new DocumentAnchors();
    anchors.sync([printLink], () => DOCUMENT);
    // The shifted range is off (edits the service never saw); the text decides.
    const saved = `// header\n\n\n${DOCUMENT}`;
    anchors.reanchorAll(saved);
    assert.deepEqual(pick(anchors.get('p')), { startLine: 6, endLine: 8, stale: false });
  });

  it('sync keeps live ranges for unchanged links and re-finds links whose stored place changed', () => {
    const anchors = new DocumentAnchors();
    anchors.sync([printLink], () => DOCUMENT);
    anchors.applyEdits([insertAt(1, 'x\n')]);
    const shifted = `x\n${DOCUMENT}`;
    // Same stored link (e.g. its subject changed): the live range stays.
    assert.equal(anchors.sync([{ ...printLink, ticket: { ...printLink.ticket, subject: 'New' } }], () => assert.fail('no lookup needed')), false);
    assert.equal(anchors.get('p')?.startLine, 4);
    assert.equal(anchors.get('p')?.link.ticket.subject, 'New');
    // Saved elsewhere with the new range: looked up again, and nothing left to save.
    anchors.sync([{ ...printLink, range: { start: 4, end: 6 } }], () => shifted);
    assert.deepEqual(pick(anchors.get('p')), { startLine: 4, endLine: 6, stale: false });
    assert.deepEqual(anchors.moved(), []);
    // Removed from the file: gone.
    assert.equal(anchors.sync([], () => shifted), true);
    assert.equal(anchors.get('p'), undefined);
  });
});

function pick(live: { startLine: number; endLine: number; stale: boolean } | undefined) {
  return live && { startLine: live.startLine, endLine: live.endLine, stale: live.stale };
}
