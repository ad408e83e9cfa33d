// WSSE for DiamanteDesk: the digest against vectors computed outside this code (openssl),
// the header's exact format and order, a fresh nonce every time, and what the credentials
// may hold.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { HelpdeskError } from '../../src/helpdesk/errors';
import {
  formatCreated,
  passwordDigest,
  usernameToken,
  usernameTokenHeader,
  wsseCredentials,
  wsseHeaders,
} from '../../src/providers/diamantedesk/auth';

const HEADER = /^UsernameToken Username="([^"]+)", PasswordDigest="([^"]+)", Nonce="([^"]+)", Created="([^"]+)"$/;

/** The digest as the PHP guards write it, spelt differently from the provider: one buffer, one hash call. */
function phpDigest(nonceBase64: string, created: string, key: string): string {
  const decoded = Buffer.from(nonceBase64, 'base64');
  const joined = Buffer.alloc(decoded.length + Buffer.byteLength(created) + Buffer.byteLength(key));
  decoded.copy(joined, 0);
  joined.write(created, decoded.length, 'utf8');
  joined.write(key, decoded.length + Buffer.byteLength(created), 'utf8');
  return crypto.createHash('sha1').update(joined).digest('base64');
}

describe('diamantedesk WSSE', () => {
  describe('password digest', () => {
    it('matches a vector made with openssl over the decoded nonce bytes', () => {
      // (printf '\xd3\x6e\x31\x62\x82\x95\x9a\x9e\xd4\xc8\x98\x51\x49\x7a\x71\x7f'; printf '2015-07-17T11:25:21Z';
      //  printf 'a1b2c3d4e5f6apikey') | openssl dgst -sha1 -binary | base64
      const nonce = Buffer.from('d36e316282959a9ed4c89851497a717f', 'hex');
      assert.equal(nonce.toString('base64'), '024xYoKVmp7UyJhRSXpxfw==');
      assert.equal(passwordDigest(nonce, '2015-07-17T11:25:21Z', 'a1b2c3d4e5f6apikey'), 'PtIRhKTEL8JkAPzaD2uJt/v/aU8=');
    });

    it("matches a vector in the style of DiamanteDesk's own header generator (date('c'), hex nonce)", () => {
      // (printf '4a5d1e2f3b6c7d8e'; printf '2015-07-17T11:25:21+00:00'; printf 'e0a1c5b0d6bd3e1c8d0f') | openssl dgst -sha1 -binary | base64
      const nonce = Buffer.from('NGE1ZDFlMmYzYjZjN2Q4ZQ==', 'base64');
      const digest = passwordDigest(nonce, '2015-07-17T11:25:21+00:00', 'e0a1c5b0d6bd3e1c8d0f');
      assert.equal(digest, 'JzFI7yu3Y9W7meeanu75Rp8kLFg=');
      // Over the base64 text instead of its bytes (a common client bug), openssl gives this:
      assert.notEqual(digest, 'BMjVUJeXeILr+Z+Mn9VsYsDUxxM=');
    });

    it('agrees with an independent implementation for random inputs, keys with non-ASCII text included', () => {
      for (let i = 0; i < 200; i++) {
        const nonce = crypto.randomBytes(1 + (i % 32));
        const created = formatCreated(Date.UTC(2020, 0, 1) + i * 7_777_777);
        const key = `${crypto.randomBytes(12).toString('hex')}${i % 5 === 0 ? 'ключ€' : ''}`;
        assert.equal(passwordDigest(nonce, created, key), phpDigest(nonce.toString('base64'), created, key));
      }
    });
  });

  describe('header', () => {
    const credentials = wsseCredentials({ username: 'admin', secret: 'the-api-key' });

    it('is UsernameToken Username, PasswordDigest, Nonce, Created in that order with ", " between', () => {
      const header = usernameTokenHeader({ username: 'admin', digest: 'D=', nonce: 'N==', created: '2015-07-17T11:25:21Z' });
      assert.equal(header, 'UsernameToken Username="admin", PasswordDigest="D=", Nonce="N==", Created="2015-07-17T11:25:21Z"');
    });

    it('comes with Authorization: WSSE profile="UsernameToken" and a digest the server can check', () => {
      const headers = wsseHeaders(credentials, '2024-03-01T12:00:00Z');
      assert.deepEqual(Object.keys(headers).sort(), ['Authorization', 'X-WSSE']);
      assert.equal(headers.Authorization, 'WSSE profile="UsernameToken"');
      const match = HEADER.exec(headers['X-WSSE'] ?? '');
      assert.ok(match, headers['X-WSSE']);
      const [, username, digest, nonce, created] = match;
      assert.equal(username, 'admin');
      assert.equal(created, '2024-03-01T12:00:00Z');
      assert.equal(Buffer.from(nonce ?? '', 'base64').length, 16);
      assert.equal(digest, phpDigest(nonce ?? '', created ?? '', 'the-api-key'));
      assert.ok(!headers['X-WSSE']?.includes('the-api-key'));
    });

    it('uses the random bytes it is given for the nonce', () => {
      const fixed = Buffer.from('d36e316282959a9ed4c89851497a717f', 'hex');
      const token = usernameToken({ username: 'u', apiKey: 'a1b2c3d4e5f6apikey' }, '2015-07-17T11:25:21Z', () => fixed);
      assert.deepEqual(token, { username: 'u', nonce: '024xYoKVmp7UyJhRSXpxfw==', created: '2015-07-17T11:25:21Z', digest: 'PtIRhKTEL8JkAPzaD2uJt/v/aU8=' });
    });

    it('never reuses a nonce across 50 concurrent builds', async () => {
      const headers = await Promise.all(
        Array.from({ length: 50 }, () => new Promise<Record<string, string>>((resolve) => setImmediate(() => resolve(wsseHeaders(credentials, '2024-03-01T12:00:00Z'))))),
      );
      const nonces = headers.map((h) => HEADER.exec(h['X-WSSE'] ?? '')?.[3]);
      assert.equal(new Set(nonces).size, 50);
      assert.ok(nonces.every((nonce) => nonce !== undefined));
      // Same Created, different nonces: the digests differ too.
      assert.equal(new Set(headers.map((h) => HEADER.exec(h['X-WSSE'] ?? '')?.[2])).size, 50);
    });

    it('stamps Created as ISO 8601 UTC to the second', () => {
      assert.equal(formatCreated(Date.UTC(2024, 2, 1, 12, 0, 5, 999)), '2024-03-01T12:00:05Z');
    });
  });

  describe('credentials', () => {
    it('needs a user name and an API key, trimmed', () => {
      assert.deepEqual(wsseCredentials({ username: ' admin ', secret: ' key123 ' }), { username: 'admin', apiKey: 'key123' });
      for (const bad of [{ secret: 'k' }, { username: 'admin', secret: '  ' }, { username: 'a"b', secret: 'k' }, { username: 'a\nb', secret: 'k' }, { username: 'a', secret: 'two words' }]) {
        assert.throws(() => wsseCredentials(bad), (error: unknown) => error instanceof HelpdeskError && error.kind === 'auth');
      }
    });
  });
});
