// The secrets scan (issue 12, suite 4). Its file name sorts last (mocha sorts the spec
// glob's files by name), so it runs after every other spec's session has ended and been
// captured (support/secrets.mts); it checks that, rather than trusting the order. With
// --grep it scans what the chosen tests produced: sessions that never started left nothing.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIR } from './support/artifacts.mjs';
import { capturedSoFar, registeredSecrets, scanCaptures, secretForms, sessionCounts, type Capture, type SecretHit } from './support/secrets.mjs';

const describeHit = (hit: SecretHit): string => `secret "${hit.secretId}" (${hit.form}) in ${hit.kind}: ${hit.source} (session ${hit.session})`;

describe('secrets scan after the end-to-end run', function () {
  it('the scanner finds a secret as is, URL-encoded and inside base64 at any offset', function () {
    const secret = { id: 'planted', value: 'pl4nted:S3CRET/value+x' };
    const basic = `Authorization: Basic ${Buffer.from(`someone:${secret.value}`).toString('base64')}`;
    const planted: Capture[] = [
      { session: 0, kind: 'log', source: 'raw', text: `GET /x?key=${secret.value}` },
      { session: 0, kind: 'log', source: 'url', text: `GET /x?key=${encodeURIComponent(secret.value)}` },
      { session: 0, kind: 'log', source: 'basic', text: basic },
      { session: 0, kind: 'webview HTML', source: 'state', text: `let state = JSON.parse(decodeURIComponent("${encodeURIComponent(JSON.stringify({ draft: secret.value }))}"))` },
      { session: 0, kind: 'log', source: 'clean', text: 'GET /x?key=[redacted]' },
    ];
    const found = scanCaptures(planted, [secret]).map((hit) => hit.source);
    assert.deepEqual(found.sort(), ['basic', 'raw', 'state', 'url']);
    assert.ok(secretForms(secret.value).every((form) => !form.text.includes('\n')));
  });

  it('finds none of the secrets the run used in settings, logs, links files, webview HTML and state, or the texts shown', function () {
    const { started, stopped } = sessionCounts();
    if (started === 0) {
      console.log('    (no end-to-end session ran in this run: nothing to scan)');
      this.skip();
    }
    assert.equal(stopped, started, `every session ended and was captured before the scan (${stopped} of ${started}): this file must run last`);

    const captures = capturedSoFar();
    // The scan must have read what it claims to: per session its settings, the extension's log and the screen.
    for (let session = 1; session <= started; session++) {
      const of = captures.filter((c) => c.session === session);
      assert.ok(of.some((c) => c.source === 'code-server/user-data/User/settings.json'), `session ${session}: user settings captured`);
      assert.ok(of.some((c) => c.kind === 'log' && c.source.endsWith('Helpdesk.log')), `session ${session}: the "Helpdesk" output channel captured`);
      assert.ok(of.some((c) => c.kind === 'workbench HTML'), `session ${session}: the workbench captured`);
    }
    const secrets = registeredSecrets();
    assert.ok(secrets.length > 0, 'the sessions registered the secrets they used');

    const hits = scanCaptures();
    const kinds = new Map<string, number>();
    for (const c of captures) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
    // What was read (never its content), so a reader can see what the scan covered.
    const listing = join(RESULTS_DIR, 'secrets-scan.txt');
    writeFileSync(listing, captures.map((c) => `session ${c.session}\t${c.kind}\t${c.text.length}\t${c.source}`).join('\n') + '\n');
    console.log(`    scanned ${captures.length} captures (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}) of ${started} session(s) for ${secrets.length} secrets; listed in ${listing}`);
    assert.deepEqual(hits.map(describeHit), [], 'no secret anywhere');
  });
});
