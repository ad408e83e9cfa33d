// Secrets and credential-looking values never survive redact().
import * as assert from 'node:assert/strict';
import { redact, REDACTED } from '../../src/helpdesk/http/redact';

describe('redact', () => {
  it('replaces every occurrence of each secret', () => {
    assert.equal(redact('token abc123 and again abc123', ['abc123']), `token ${REDACTED} and again ${REDACTED}`);
  });

  it('replaces the URL-encoded, form-encoded, base64 and JSON-escaped forms of a secret', () => {
    const secret = 'p@ss w/rd"1';
    const forms = [
      encodeURIComponent(secret),
      encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
      new URLSearchParams({ s: secret }).toString().slice(2),
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('base64url'),
      JSON.stringify(secret).slice(1, -1),
    ];
    for (const form of forms) {
      assert.equal(redact(`before ${form} after`, [secret]), `before ${REDACTED} after`, form);
    }
  });

  it('redacts credential headers to the end of the line', () => {
    const text = 'Authorization: Basic dXNlcjpwYXNz\nX-WSSE: UsernameToken Username="bob", PasswordDigest="abc=", Nonce="n"\nAccept: */*';
    assert.equal(redact(text, []), `Authorization: ${REDACTED}\nX-WSSE: ${REDACTED}\nAccept: */*`);
  });

  it('redacts credential headers and fields in JSON', () => {
    const text = JSON.stringify({ authorization: 'Bearer xyz', 'X-Api-Key': 'k', password: 'p\\"q', user: 'bob' });
    assert.equal(
      redact(text, []),
      `{"authorization":"${REDACTED}","X-Api-Key":"${REDACTED}","password":"${REDACTED}","user":"bob"}`,
    );
  });

  it('redacts query parameters that carry credentials, and nothing else', () => {
    const text = '/api/tickets?page=2&apikey=AAA&api_key=BBB&token=CCC&Password=DDD&monkey=ok&key=EEE#x';
    assert.equal(
      redact(text, []),
      `/api/tickets?page=2&apikey=${REDACTED}&api_key=${REDACTED}&token=${REDACTED}&Password=${REDACTED}&monkey=ok&key=${REDACTED}#x`,
    );
  });

  it('redacts a WSSE digest written as a parameter and a password in a URL', () => {
    assert.equal(redact('PasswordDigest="abc+/=" rest', []), `PasswordDigest=${REDACTED} rest`);
    assert.equal(redact('via http://user:hunter2@proxy:8080/', []), `via http://user:${REDACTED}@proxy:8080/`);
  });

  it('handles a secret that contains another, and ignores empty and tiny secrets', () => {
    assert.equal(redact('longsecret', ['secret', 'longsecret']), REDACTED);
    assert.equal(redact('a b c', ['', 'b', ' ']), 'a b c');
  });

  it('leaves ordinary text alone', () => {
    const text = 'GET /api/v2/tickets?page=2 → 200 (12 ms)';
    assert.equal(redact(text, ['zzz-not-here']), text);
  });
});
