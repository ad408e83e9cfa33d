// The link file: strict reading that never throws, stable writing, and merge semantics.
import assert from 'node:assert/strict';
import {
  addLink,
  emptyLinkFile,
  LINK_FILE_PATH,
  linksForFile,
  linksForTicket,
  parseLinkFile,
  removeLink,
  serializeLinkFile,
  toLinkPath,
  updateLink,
  type CodeLink,
  type LinkFile,
} from '../../src/code/linkFile';

function link(overrides: Partial<CodeLink> = {}): CodeLink {
  return {
    id: 'l1',
    ticket: { instanceId: 'acme', id: '42', ref: 'ABCD-0042', subject: 'Login fails' },
    file: 'src/auth.ts',
    range: { start: 10, end: 24 },
    commit: '0123456789abcdef0123456789abcdef01234567',
    snippet: 'function login() {}',
    createdAt: '2025-03-01T10:00:00.000Z',
    ...overrides,
  };
}

function fileWith(...links: CodeLink[]): LinkFile {
  return { version: 1, links };
}

function parsedOrFail(text: string): LinkFile {
  const result = parseLinkFile(text);
  if (!result.ok) assert.fail(result.reason);
  return result.file;
}

function reasonFor(text: string): string {
  const result = parseLinkFile(text);
  assert.equal(result.ok, false, text);
  return result.ok ? '' : result.reason;
}

describe('links: link file writing', () => {
  it('lives at .vscode/helpdesk-links.json', () => {
    assert.equal(LINK_FILE_PATH, '.vscode/helpdesk-links.json');
  });

  it('writes a fixed key order, two-space indent and a final newline', () => {
    const shuffled = { createdAt: '2025-03-01T10:00:00.000Z', snippet: 's', range: { end: 2, start: 1 }, file: 'a.ts', ticket: { subject: 'S', ref: 'R', id: '1', instanceId: 'i' }, id: 'x' };
    const text = serializeLinkFile(fileWith(shuffled as CodeLink));
    assert.equal(
      text,
      [
        '{',
        '  "version": 1,',
        '  "links": [',
        '    {',
        '      "id": "x",',
        '      "ticket": {',
        '        "instanceId": "i",',
        '        "id": "1",',
        '        "ref": "R",',
        '        "subject": "S"',
        '      },',
        '      "file": "a.ts",',
        '      "range": {',
        '        "start": 1,',
        '        "end": 2',
        '      },',
        '      "snippet": "s",',
        '      "createdAt": "2025-03-01T10:00:00.000Z"',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('sorts by file (ordinal, not locale), then lines, then ticket, whatever the input order', () => {
    const links = [
      link({ id: 'd', file: 'src/b.ts', range: { start: 5, end: 6 } }),
      link({ id: 'c', file: 'src/a.ts', range: { start: 30, end: 31 } }),
      link({ id: 'b', file: 'src/a.ts', range: { start: 4, end: 9 }, ticket: { instanceId: 'acme', id: '7', ref: '', subject: '' } }),
      link({ id: 'a', file: 'src/a.ts', range: { start: 4, end: 9 } }),
      link({ id: 'e', file: 'Src/z.ts' }),
    ];
    const order = (text: string) => parsedOrFail(text).links.map((l) => l.id);
    const text = serializeLinkFile(fileWith(...links));
    assert.deepEqual(order(text), ['e', 'a', 'b', 'c', 'd']);
    assert.equal(serializeLinkFile(fileWith(...[...links].reverse())), text);
  });

  it('round-trips: parse(serialize(x)) equals x, and serialize(parse(text)) equals text', () => {
    // Without a commit (a file outside git): the key is absent, not null.
    const { commit: _omitted, ...withoutCommit } = link({ id: 'l2', file: 'docs/ü ñ.md', snippet: 'line1\n\t"quoted"\n' });
    const file = fileWith(link(), withoutCommit);
    const text = serializeLinkFile(file);
    const parsed = parsedOrFail(text);
    assert.equal(serializeLinkFile(parsed), text);
    assert.deepEqual(parsed.links, [withoutCommit, link()]);
    assert.equal(text.match(/"commit"/g)?.length, 1);
  });

  it('reads an empty file, or one with a byte-order mark, as no links', () => {
    assert.deepEqual(parsedOrFail(''), emptyLinkFile());
    assert.deepEqual(parsedOrFail('  \n'), emptyLinkFile());
    assert.equal(parsedOrFail('\uFEFF' + serializeLinkFile(fileWith(link()))).links.length, 1);
  });
});

describe('links: link file reading refuses what it cannot keep', () => {
  const valid = JSON.parse(serializeLinkFile(fileWith(link()))) as { version: number; links: Record<string, unknown>[] };
  const variant = (change: (copy: { version: unknown; links: Record<string, unknown>[] } & Record<string, unknown>) => void): string => {
    const copy = JSON.parse(JSON.stringify(valid)) as { version: unknown; links: Record<string, unknown>[] } & Record<string, unknown>;
    change(copy);
    return JSON.stringify(copy);
  };

  it('reports malformed JSON without throwing', () => {
    assert.match(reasonFor('{"version": 1, "links": ['), /^It is not valid JSON/);
    assert.match(reasonFor('<<<<<<< HEAD\n{}'), /not valid JSON/);
  });

  it('reports a newer version as such, before looking at its shape', () => {
    const reason = reasonFor('{"version": 2, "links": "a different shape", "extra": true}');
    assert.match(reason, /newer version of the extension \(format 2; this version reads format 1\)/);
  });

  it('names the path of each wrong shape', () => {
    const cases: [string, RegExp][] = [
      ['[]', /the top level is not an object/],
      ['{"links": []}', /version is missing/],
      ['{"version": "1", "links": []}', /version is not an integer/],
      ['{"version": 0, "links": []}', /version is not a known format/],
      ['{"version": 1}', /links is missing/],
      ['{"version": 1, "links": {}}', /links is not an array/],
      [variant((c) => (c['note'] = 'hi')), /note is not a known field/],
      [variant((c) => (c.links[0]!['color'] = 'red')), /links\[0\]\.color is not a known field/],
      [variant((c) => delete c.links[0]!['snippet']), /links\[0\]\.snippet is missing/],
      [variant((c) => (c.links[0]!['id'] = '')), /links\[0\]\.id is empty/],
      [variant((c) => (c.links[0]!['ticket'] = { instanceId: 'a', id: '1', ref: 'r' })), /links\[0\]\.ticket\.subject is missing/],
      [variant((c) => (c.links[0]!['range'] = { start: 0, end: 3 })), /links\[0\]\.range\.start is not a line number/],
      [variant((c) => (c.links[0]!['range'] = { start: 5, end: 3 })), /links\[0\]\.range\.end is before range\.start/],
      [variant((c) => (c.links[0]!['range'] = { start: 1.5, end: 3 })), /range\.start is not an integer/],
      [variant((c) => (c.links[0]!['file'] = 'src\\auth.ts')), /links\[0\]\.file is not a workspace-relative path/],
      [variant((c) => (c.links[0]!['file'] = '/etc/passwd')), /file is not a workspace-relative path/],
      [variant((c) => (c.links[0]!['file'] = '../outside.ts')), /file is not a workspace-relative path/],
      [variant((c) => (c.links[0]!['commit'] = 'main')), /commit is not a commit id/],
      [variant((c) => (c.links[0]!['createdAt'] = 'yesterday')), /createdAt is not an ISO 8601 date/],
      [variant((c) => c.links.push({ ...c.links[0]!, file: 'other.ts' })), /links\[1\]\.id repeats the id "l1"/],
    ];
    for (const [text, expected] of cases) assert.match(reasonFor(text), expected, text);
  });

  it('never throws, whatever the input', () => {
    for (const text of ['null', '1', '"x"', 'true', '{"version": 1, "links": [null]}', '{"version": 1, "links": [[]]}', '{"version": 1e400, "links": []}', '{"__proto__": {"version": 1}}']) {
      assert.doesNotThrow(() => parseLinkFile(text), text);
      assert.equal(parseLinkFile(text).ok, false, text);
    }
  });
});

describe('links: link file editing', () => {
  it('adds a new link and leaves the input file unchanged', () => {
    const before = emptyLinkFile();
    const result = addLink(before, link());
    assert.equal(result.merged, false);
    assert.deepEqual(result.file.links, [link()]);
    assert.deepEqual(before.links, []);
  });

  it('merges a link to the same ticket, file and lines: older id and date, newer content', () => {
    const existing = fileWith(link());
    const newer = link({ id: 'l9', createdAt: '2025-04-01T00:00:00.000Z', snippet: 'function login(user) {}', commit: 'fedcba9', ticket: { ...link().ticket, subject: 'Login fails on Safari' } });
    const result = addLink(existing, newer);
    assert.equal(result.merged, true);
    assert.equal(result.file.links.length, 1);
    assert.deepEqual(result.link, { ...newer, id: 'l1', createdAt: '2025-03-01T10:00:00.000Z' });
  });

  it('keeps separate links for another ticket, another file or other lines', () => {
    let file = fileWith(link());
    file = addLink(file, link({ id: 'a', ticket: { ...link().ticket, id: '43' } })).file;
    file = addLink(file, link({ id: 'b', ticket: { ...link().ticket, instanceId: 'other' } })).file;
    file = addLink(file, link({ id: 'c', file: 'src/other.ts' })).file;
    file = addLink(file, link({ id: 'd', range: { start: 10, end: 25 } })).file;
    assert.equal(file.links.length, 5);
  });

  it('merges duplicates found in a file (e.g. after a git merge) when writing it', () => {
    const older = link({ id: 'old', createdAt: '2024-01-01T00:00:00Z' });
    const newer = link({ id: 'new', createdAt: '2025-01-01T00:00:00Z', snippet: 'newest' });
    for (const order of [[older, newer], [newer, older]]) {
      const written = parsedOrFail(serializeLinkFile(fileWith(...order)));
      assert.deepEqual(written.links, [{ ...newer, id: 'old', createdAt: '2024-01-01T00:00:00Z' }]);
    }
  });

  it('removes and updates by id', () => {
    const file = fileWith(link(), link({ id: 'l2', file: 'b.ts' }));
    assert.deepEqual(removeLink(file, 'l1').links.map((l) => l.id), ['l2']);
    assert.equal(removeLink(file, 'nope').links.length, 2);
    const updated = updateLink(file, 'l1', { range: { start: 12, end: 26 }, snippet: 'moved', ticketSubject: 'New subject' });
    assert.deepEqual(updated.links[0], { ...link(), range: { start: 12, end: 26 }, snippet: 'moved', ticket: { ...link().ticket, subject: 'New subject' } });
    assert.deepEqual(updated.links[1], file.links[1]);
    assert.deepEqual(updateLink(file, 'nope', { snippet: 'x' }), file);
  });

  it('lists the links of one file in line order, and of one ticket', () => {
    const file = fileWith(link({ id: 'b', range: { start: 30, end: 31 } }), link({ id: 'a' }), link({ id: 'c', file: 'x.ts', ticket: { ...link().ticket, id: '9' } }));
    assert.deepEqual(linksForFile(file, 'src/auth.ts').map((l) => l.id), ['a', 'b']);
    assert.deepEqual(linksForFile(file, '.\\src\\auth.ts').map((l) => l.id), ['a', 'b']);
    assert.deepEqual(linksForTicket(file, 'acme', '9').map((l) => l.id), ['c']);
  });

  it('turns a relative path into the stored form, or refuses it', () => {
    assert.equal(toLinkPath('src\\ui\\a.ts'), 'src/ui/a.ts');
    assert.equal(toLinkPath('./src/a.ts'), 'src/a.ts');
    for (const path of ['', '/abs/a.ts', 'C:/a.ts', 'c:\\a.ts', '../a.ts', 'a//b.ts', 'a/./b.ts', 'a/']) assert.equal(toLinkPath(path), undefined, path);
  });
});
