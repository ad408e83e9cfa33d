// The secret check over files as they are on disk: decoded by their encoding, redacted,
// and written back in the same encoding with the same byte-order mark.
import assert from 'node:assert/strict';
import { countFindings, decodeText, encodeText, findSecrets, redactText, secretWarningDetail } from '../../src/ui/code/secretReview';

const GITHUB_TOKEN = 'ghp_' + 'R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s9Xy';
const AWS_KEY_ID = 'AKIA' + 'Z7QXRJ4M2KLP9WTB';

describe('code: secret review of what a ticket would carry', () => {
  it('reports only the targets with findings, and counts them', () => {
    const results = findSecrets([
      { label: 'Subject', text: 'Login fails' },
      { label: 'Description', text: `key = "${AWS_KEY_ID}"\ntoken: ${GITHUB_TOKEN}` },
      { label: 'notes.md', text: 'nothing here' },
    ]);
    assert.deepEqual(results.map((result) => result.label), ['Description']);
    assert.equal(countFindings(results), 2);
    const detail = secretWarningDetail(results);
    assert.equal(detail.split('\n').length, 2);
    assert.ok(detail.startsWith('Description, line 1: '));
    assert.ok(!detail.includes(AWS_KEY_ID) && !detail.includes(GITHUB_TOKEN));
  });

  it('lists at most a dozen findings, then says how many more', () => {
    const text = Array.from({ length: 15 }, () => `token: ${GITHUB_TOKEN}`).join('\n');
    const detail = secretWarningDetail(findSecrets([{ label: 'big.log', text }]), 12);
    assert.equal(detail.split('\n').length, 13);
    assert.ok(detail.endsWith('…and 3 more'));
  });

  it('redacts text in place and leaves clean text as it is', () => {
    assert.equal(redactText(`a ${GITHUB_TOKEN} b`), 'a «redacted» b');
    assert.equal(redactText('clean'), 'clean');
  });

  it('round-trips UTF-8 (with and without a BOM) and UTF-16 files through redaction', () => {
    const text = `héllo\ntoken = "${GITHUB_TOKEN}"\n`;
    const utf8 = new TextEncoder().encode(text);
    const utf8Bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    const utf16le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(text, 'utf16le');
    for (let i = 0; i < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1]!, be[i]!];
    const utf16be = new Uint8Array([0xfe, 0xff, ...be]);
    for (const [name, bytes] of [['utf8', utf8], ['utf8 bom', utf8Bom], ['utf16le', utf16le], ['utf16be', utf16be]] as const) {
      const decoded = decodeText(bytes);
      assert.ok(decoded, name);
      assert.equal(decoded.text, text, name);
      assert.deepEqual(encodeText(decoded), bytes, `${name}: unchanged text writes the same bytes`);
      const redacted = decodeText(encodeText({ ...decoded, text: redactText(decoded.text) }));
      assert.equal(redacted?.text, 'héllo\ntoken = "«redacted»"\n', name);
      assert.equal(redacted?.encoding, decoded.encoding);
      assert.equal(redacted?.bom, decoded.bom);
    }
  });

  it('does not decode binary files (they are refused, not scanned)', () => {
    assert.equal(decodeText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00])), undefined);
  });
});
