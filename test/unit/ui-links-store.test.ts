import assert from 'node:assert/strict';
import { addLink, type CodeLink, LINK_FILE_VERSION, parseLinkFile, removeLink, serializeLinkFile } from '../../src/code/linkFile';
import { FolderLinkStore, LinkFileUnusableError, type LinkStorage } from '../../src/ui/codeLinks/folderLinkStore';
import { SerialQueue } from '../../src/ui/codeLinks/serialQueue';

/** Storage in memory that counts writes and can answer slowly, to interleave updates. */
class MemoryStorage implements LinkStorage {
  writes: string[] = [];
  readError: Error | undefined;
  delayMs = 0;
  constructor(public text: string | undefined = undefined) {}
  async read(): Promise<string | undefined> {
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.readError) throw this.readError;
    return this.text;
  }
  async write(text: string): Promise<void> {
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    this.writes.push(text);
    this.text = text;
  }
}

function link(id: string, start: number, overrides: Partial<CodeLink> = {}): CodeLink {
  return {
    id,
    ticket: { instanceId: 'acme', id: '12', ref: 'DP-12', subject: 'Printer on fire' },
    file: 'src/printer.ts',
    range: { start, end: start + 1 },
    snippet: `line ${start}\nline ${start + 1}`,
    createdAt: '2026-01-02T03:04:05.000Z',
    ...overrides,
  };
}

const add = (value: CodeLink) => (file: Parameters<typeof addLink>[0]) => {
  const added = addLink(file, value);
  return { file: added.file, result: added.link };
};

describe('ui links: folder link store', () => {
  it('creates the file on the first link, in the stable format', async () => {
    const storage = new MemoryStorage();
    const store = new FolderLinkStore(storage, new SerialQueue());
    await store.reload();
    assert.equal(store.links.length, 0);
    await store.update(add(link('a', 3)));
    assert.equal(storage.writes.length, 1);
    assert.equal(storage.text, serializeLinkFile({ version: LINK_FILE_VERSION, links: [link('a', 3)] }));
    assert.deepEqual(store.links.map((l) => l.id), ['a']);
  });

  it('reads the latest stored text before each change, so a link written elsewhere is kept', async () => {
    const storage = new MemoryStorage();
    const store = new FolderLinkStore(storage, new SerialQueue());
    await store.update(add(link('a', 3)));
    // Another window (or a git pull) adds a link behind our back.
    const current = parseLinkFile(storage.text ?? '');
    assert.ok(current.ok);
    storage.text = serializeLinkFile(addLink(current.file, link('b', 10)).file);
    await store.update(add(link('c', 20)));
    assert.deepEqual(store.links.map((l) => l.id).sort(), ['a', 'b', 'c']);
  });

  it('serializes concurrent changes through one queue: none is lost', async () => {
    const storage = new MemoryStorage();
    storage.delayMs = 2;
    const queue = new SerialQueue();
    const store = new FolderLinkStore(storage, queue);
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.update(add(link(`l${i}`, i * 5 + 1)))));
    const stored = parseLinkFile(storage.text ?? '');
    assert.ok(stored.ok);
    assert.equal(stored.file.links.length, 8);
  });

  it('writes nothing when a change leaves the links as they were (a hand-formatted file stays)', async () => {
    const handWritten = JSON.stringify({ version: 1, links: [link('a', 3)] });
    const storage = new MemoryStorage(handWritten);
    const store = new FolderLinkStore(storage, new SerialQueue());
    await store.update((file) => ({ file: removeLink(file, 'not-there'), result: undefined }));
    assert.equal(storage.writes.length, 0);
    assert.equal(storage.text, handWritten);
    // And removing from no file at all does not create one.
    const empty = new MemoryStorage();
    await new FolderLinkStore(empty, new SerialQueue()).update((file) => ({ file: removeLink(file, 'x'), result: undefined }));
    assert.equal(empty.writes.length, 0);
  });

  for (const [name, text] of [
    ['malformed JSON', '{"version": 1, "links": ['],
    ['a newer format', JSON.stringify({ version: LINK_FILE_VERSION + 1, links: [] })],
    ['an unknown field', JSON.stringify({ version: 1, links: [{ ...link('a', 1), color: 'red' }] })],
  ] as const) {
    it(`leaves ${name} untouched: reports why, shows no links, refuses changes`, async () => {
      const storage = new MemoryStorage(text);
      const store = new FolderLinkStore(storage, new SerialQueue());
      assert.equal(await store.reload(), true);
      assert.ok(store.problem, 'a reason to show');
      assert.equal(store.links.length, 0);
      await assert.rejects(store.update(add(link('b', 1))), LinkFileUnusableError);
      assert.equal(storage.writes.length, 0, 'never written');
      assert.equal(storage.text, text);
    });
  }

  it('a newer format names the version in its reason', async () => {
    const store = new FolderLinkStore(new MemoryStorage(JSON.stringify({ version: 7, links: [] })), new SerialQueue());
    await store.reload();
    assert.match(store.problem ?? '', /newer version/);
  });

  it('becomes usable again when the file is fixed, and keys the problem by its text', async () => {
    const storage = new MemoryStorage('not json');
    const store = new FolderLinkStore(storage, new SerialQueue());
    await store.reload();
    const firstKey = store.problemKey;
    assert.ok(firstKey);
    assert.equal(await store.reload(), false, 'the same broken text is no change');
    assert.equal(store.problemKey, firstKey);
    storage.text = serializeLinkFile({ version: 1, links: [link('a', 1)] });
    assert.equal(await store.reload(), true);
    assert.equal(store.problem, undefined);
    assert.deepEqual(store.links.map((l) => l.id), ['a']);
  });

  it('an unreadable file is reported and never written over', async () => {
    const storage = new MemoryStorage(serializeLinkFile({ version: 1, links: [link('a', 1)] }));
    storage.readError = new Error('EACCES: permission denied');
    const store = new FolderLinkStore(storage, new SerialQueue());
    await store.reload();
    assert.match(store.problem ?? '', /could not be read.*EACCES/);
    await assert.rejects(store.update(add(link('b', 9))), LinkFileUnusableError);
    assert.equal(storage.writes.length, 0);
  });

  it('reload reports a change only when the links changed', async () => {
    const storage = new MemoryStorage(serializeLinkFile({ version: 1, links: [link('a', 1)] }));
    const store = new FolderLinkStore(storage, new SerialQueue());
    assert.equal(await store.reload(), true);
    assert.equal(await store.reload(), false);
    // Same links, other formatting: nothing to redraw.
    storage.text = JSON.stringify({ version: 1, links: [link('a', 1)] });
    assert.equal(await store.reload(), false);
    storage.text = serializeLinkFile({ version: 1, links: [link('a', 1), link('b', 7)] });
    assert.equal(await store.reload(), true);
    storage.text = undefined;
    assert.equal(await store.reload(), true, 'the file was deleted');
    assert.equal(store.links.length, 0);
  });

  it('a failed task does not stop the queue', async () => {
    const queue = new SerialQueue();
    const order: string[] = [];
    const failing = queue.run(async () => {
      order.push('first');
      throw new Error('boom');
    });
    const next = queue.run(async () => {
      order.push('second');
      return 2;
    });
    await assert.rejects(failing, /boom/);
    assert.equal(await next, 2);
    assert.deepEqual(order, ['first', 'second']);
  });
});
