// Attachment and text-source checks: binary detection and size limits, with reasons.
import assert from 'node:assert/strict';
import { checkFileCandidate, formatSize, looksBinary, SNIFF_BYTES, sniffContent } from '../../src/code/files';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const MB = 1024 * 1024;

describe('links: binary detection', () => {
  it('takes source code, UTF-8 prose and coloured logs for text', () => {
    assert.deepEqual(sniffContent(text('const a = 1;\r\n\tif (a) {}\f\n')), { kind: 'text', encoding: 'utf8' });
    assert.equal(looksBinary(text('Grüße, 日本語, emoji 🎉\n')), false);
    assert.equal(looksBinary(text('\u001b[31merror\u001b[0m: failed\n'.repeat(50))), false);
    assert.equal(looksBinary(new Uint8Array()), false);
  });

  it('takes a NUL byte in the first 8 KB for binary', () => {
    assert.equal(looksBinary(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00])), true);
    assert.equal(looksBinary(text('almost all text\0')), true);
  });

  it('only reads the first 8 KB', () => {
    const late = new Uint8Array(SNIFF_BYTES + 10).fill(0x61);
    late[SNIFF_BYTES + 5] = 0;
    assert.equal(looksBinary(late), false);
  });

  it('takes many control bytes for binary even without NUL', () => {
    const bytes = new Uint8Array(1000).fill(0x61);
    for (let i = 0; i < 150; i++) bytes[i * 6] = 0x01;
    assert.equal(looksBinary(bytes), true);
    const few = new Uint8Array(1000).fill(0x61);
    for (let i = 0; i < 20; i++) few[i * 40] = 0x07;
    assert.equal(looksBinary(few), false);
  });

  it('recognises UTF-16 text by its byte-order mark', () => {
    assert.deepEqual(sniffContent(new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x62, 0x00])), { kind: 'text', encoding: 'utf16le' });
    assert.deepEqual(sniffContent(new Uint8Array([0xfe, 0xff, 0x00, 0x61])), { kind: 'text', encoding: 'utf16be' });
  });
});

describe('links: file checks', () => {
  const limit = 25 * MB;

  it('accepts a text file under the limit', () => {
    assert.deepEqual(checkFileCandidate({ name: 'auth.ts', sizeBytes: 2048, head: text('export {};') }, { maxBytes: limit }), { ok: true });
  });

  it('refuses a file over the limit, naming both sizes', () => {
    assert.deepEqual(checkFileCandidate({ name: 'dump.sql', sizeBytes: 42.5 * MB, head: text('INSERT') }, { maxBytes: limit }), {
      ok: false,
      reason: '"dump.sql" is 43 MB, over the 25 MB limit for attachments.',
    });
  });

  it('refuses a binary file unless binary files are allowed', () => {
    const png = { name: 'logo.png', sizeBytes: 5000, head: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00]) };
    assert.deepEqual(checkFileCandidate(png, { maxBytes: limit }), { ok: false, reason: '"logo.png" looks like a binary file, and only text files can be included here.' });
    assert.deepEqual(checkFileCandidate(png, { maxBytes: limit, allowBinary: true }), { ok: true });
  });

  it('refuses an empty file', () => {
    assert.deepEqual(checkFileCandidate({ name: 'empty.txt', sizeBytes: 0, head: new Uint8Array() }, { maxBytes: limit }), {
      ok: false,
      reason: '"empty.txt" is empty, so there is nothing to attach.',
    });
  });

  it('formats sizes the way people read them', () => {
    assert.equal(formatSize(512), '512 B');
    assert.equal(formatSize(3.44 * 1024), '3.4 KB');
    assert.equal(formatSize(2048), '2 KB');
    assert.equal(formatSize(25 * MB), '25 MB');
    assert.equal(formatSize(1.25 * MB), '1.3 MB');
  });
});
