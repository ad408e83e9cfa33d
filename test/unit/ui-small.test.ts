import assert from 'node:assert/strict';
import { credentialArgsFrom, instanceIdFrom, listRefFrom, ticketRefFrom, ticketWebUrlFrom } from '../../src/ui/commands/args';
import { parseStoredCredentials, sameStoredCredentials } from '../../src/ui/instances/credentialFormat';
import { isSafeExternalUrl } from '../../src/ui/safeUrl';
import { MementoDraftStore } from '../../src/ui/panel/draftStore';
import { safeFileName } from '../../src/ui/panel/fileNames';
import { contentTypeFor, formatBytes, oversizeMessage, PendingAttachments } from '../../src/ui/panel/pendingAttachments';
import { transportOptions } from '../../src/ui/instances/transport';

describe('ui: transport options', () => {
  it('uses defaults: 30 s, strict TLS, no proxy', () => {
    assert.deepEqual(transportOptions({ userAgent: 'ua', env: {} }), { timeoutMs: 30_000, strictSSL: true, userAgent: 'ua' });
  });

  it('prefers http.proxy over HTTPS_PROXY and merges no-proxy lists', () => {
    const options = transportOptions({
      requestTimeoutSeconds: 5,
      proxy: 'http://editor-proxy:3128',
      noProxy: ['internal.example'],
      strictSSL: false,
      ca: '-----BEGIN CERTIFICATE-----',
      userAgent: 'ua',
      env: { HTTPS_PROXY: 'http://env-proxy:8080', NO_PROXY: 'localhost, 127.0.0.1' },
    });
    assert.equal(options.proxy, 'http://editor-proxy:3128');
    assert.equal(options.noProxy, 'internal.example,localhost,127.0.0.1');
    assert.equal(options.timeoutMs, 5000);
    assert.equal(options.strictSSL, false);
    assert.ok(options.ca);
  });

  it('falls back to the environment proxy, and ignores a nonsense timeout', () => {
    const options = transportOptions({ requestTimeoutSeconds: 0, proxy: ' ', userAgent: 'ua', env: { https_proxy: 'http://p:1' } });
    assert.equal(options.proxy, 'http://p:1');
    assert.equal(options.timeoutMs, 30_000);
  });
});

describe('ui: command arguments', () => {
  it('reads instance, ticket and list references from nodes and plain objects', () => {
    assert.equal(instanceIdFrom({ kind: 'instance', instanceId: 'acme' }), 'acme');
    assert.equal(instanceIdFrom(undefined), undefined);
    assert.deepEqual(ticketRefFrom({ instanceId: 'a', ticketId: '7' }), { instanceId: 'a', ticketId: '7' });
    assert.deepEqual(ticketRefFrom({ instanceId: 'a', ticket: { id: '9', webUrl: 'https://x' } }), { instanceId: 'a', ticketId: '9' });
    assert.equal(ticketRefFrom({ instanceId: 'a' }), undefined);
    assert.equal(ticketWebUrlFrom({ ticket: { webUrl: 'https://x/t/9' } }), 'https://x/t/9');
    assert.deepEqual(listRefFrom({ instanceId: 'a', listKey: 'view:mine' }), { instanceId: 'a', listKey: 'view:mine' });
  });

  it('takes credentials from an argument object for prompt-free use', () => {
    assert.deepEqual(credentialArgsFrom({ instanceId: 'a', secret: 's3cret', username: 'u' }), { instanceId: 'a', secret: 's3cret', username: 'u' });
    assert.deepEqual(credentialArgsFrom({ instanceId: 'a', secret: '' }), { instanceId: 'a' });
  });
});

describe('ui: stored credentials', () => {
  it('reads the JSON form and tolerates damage', () => {
    assert.deepEqual(parseStoredCredentials('{"secret":"k","username":"u"}'), { secret: 'k', username: 'u' });
    assert.deepEqual(parseStoredCredentials('{"secret":"k","rejected":true}'), { secret: 'k', rejected: true });
    assert.equal(parseStoredCredentials('not json'), undefined);
    assert.equal(parseStoredCredentials('{"secret":""}'), undefined);
    assert.equal(parseStoredCredentials(undefined), undefined);
  });

  it('tells a real change from the echo of our own write', () => {
    assert.ok(sameStoredCredentials({ secret: 'k' }, { secret: 'k' }));
    assert.ok(!sameStoredCredentials({ secret: 'k' }, { secret: 'k', rejected: true }));
    assert.ok(!sameStoredCredentials({ secret: 'k' }, undefined));
    assert.ok(sameStoredCredentials(undefined, undefined));
  });
});

describe('ui: external links', () => {
  it('lets only http, https and mailto leave the editor', () => {
    assert.ok(isSafeExternalUrl('https://example.com/a'));
    assert.ok(isSafeExternalUrl('http://example.com'));
    assert.ok(isSafeExternalUrl('mailto:ada@example.com'));
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'command:workbench.action.quit', 'vscode://x', '/relative', 42, undefined]) {
      assert.equal(isSafeExternalUrl(bad), false, String(bad));
    }
  });
});

describe('ui: drafts and attachments', () => {
  function memento() {
    const data = new Map<string, unknown>();
    return {
      data,
      get: <T>(key: string) => data.get(key) as T | undefined,
      update: async (key: string, value: unknown) => {
        if (value === undefined) data.delete(key);
        else data.set(key, value);
      },
    };
  }

  it('keeps drafts per instance and ticket, and drops empty ones', async () => {
    const store = memento();
    const drafts = new MementoDraftStore(store);
    await drafts.set('a', '1', { markdown: 'hello', internal: true });
    assert.deepEqual(drafts.get('a', '1'), { markdown: 'hello', internal: true });
    assert.equal(drafts.get('b', '1'), undefined);
    await drafts.set('a', '1', { markdown: '  ', internal: false });
    assert.equal(store.data.size, 0);
  });

  it('ignores a damaged stored draft', () => {
    const store = memento();
    store.data.set('helpdesk.draft:a:1', { markdown: 5 });
    assert.equal(new MementoDraftStore(store).get('a', '1'), undefined);
  });

  it('holds picked files and lists them without bytes', () => {
    const pending = new PendingAttachments();
    const added = pending.add('log.txt', new Uint8Array(10));
    pending.add('big.bin', new Uint8Array(2000));
    assert.deepEqual(pending.list().map((file) => file.name), ['log.txt', 'big.bin']);
    assert.deepEqual(pending.oversize(1000).map((file) => file.name), ['big.bin']);
    assert.equal(pending.uploads()[0]?.contentType, 'text/plain');
    assert.ok(pending.remove(added.id));
    assert.equal(pending.count, 1);
  });

  it('words size refusals with the file, its size and the limit', () => {
    assert.equal(
      oversizeMessage('video.mp4', 30 * 1024 * 1024, 25 * 1024 * 1024),
      '"video.mp4" is 30 MB, over the 25 MB limit (setting helpdesk.maxAttachmentSizeMB).',
    );
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(contentTypeFor('x.unknown'), 'application/octet-stream');
  });

  it('makes attachment names safe to save', () => {
    assert.equal(safeFileName('../../etc/passwd'), '_.._etc_passwd');
    assert.equal(safeFileName('report:1.pdf'), 'report_1.pdf');
    assert.equal(safeFileName(''), 'attachment');
  });
});
