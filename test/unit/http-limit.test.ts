// readLimited (src/helpdesk/http/limit.ts): what is kept of a body while it is counted.
// An answer over the limit that is refused anyway must not be joined into one buffer first
// (32 MB joined only to be dropped held the event loop for 70–140 ms in the fault matrix).
import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { readLimited, readResponseBody } from '../../src/helpdesk/http/limit';

type Body = Dispatcher.ResponseData['body'];

function body(chunks: number, size = 1024): Body & Readable {
  return Readable.from(Array.from({ length: chunks }, (_, i) => Buffer.alloc(size, 65 + (i % 26)))) as unknown as Body & Readable;
}

describe('http: reading a body under a limit', () => {
  it('keeps a body within the limit whole', async () => {
    const read = await readLimited(body(4), 8192, undefined);
    assert.equal(read.complete, true);
    assert.equal(read.bytes.length, 4096);
  });

  it('keeps the start of a body over the limit only when asked to, and stops reading it', async () => {
    const partial = await readLimited(body(100), 4096, undefined);
    assert.deepEqual([partial.complete, partial.bytes.length], [false, 4096]);
    const stream = body(100);
    const dropped = await readLimited(stream, 4096, undefined, { keepPartial: false });
    assert.deepEqual([dropped.complete, dropped.bytes.length], [false, 0]);
    assert.equal(stream.destroyed, true, 'the rest is not read');
  });

  it('only counts a body nobody reads, and still notices it is over the limit', async () => {
    const counted = await readLimited(body(4), 8192, undefined, { keep: false });
    assert.deepEqual([counted.complete, counted.bytes.length], [true, 0]);
    const over = await readLimited(body(100), 8192, undefined, { keep: false });
    assert.equal(over.complete, false);
  });

  it('refuses a successful answer over the limit as tooLarge and keeps an error answer\'s first words', async () => {
    assert.deepEqual(await readResponseBody(body(100), {}, 200, { maxBytes: 4096, wanted: true }), { tooLarge: true });
    const error = await readResponseBody(body(100), {}, 502, { maxBytes: 4096, wanted: true });
    assert.ok('bytes' in error && error.bytes.length === 4096);
    assert.deepEqual(await readResponseBody(body(100), {}, 204, { maxBytes: 4096, wanted: false }), { bytes: Buffer.alloc(0) });
  });
});
