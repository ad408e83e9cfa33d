// NO_PROXY matching and reading the proxy from the environment (pure functions; the
// client's use of the proxy is tested against a real proxy in http-client.test.ts).
import * as assert from 'node:assert/strict';
import { normalizeProxyUrl, proxyFromEnv, shouldUseProxy } from '../../src/helpdesk/http/proxy';

describe('shouldUseProxy', () => {
  it('uses the proxy when there is no NO_PROXY list', () => {
    assert.equal(shouldUseProxy('https://acme.deskpro.com/api/v2'), true);
    assert.equal(shouldUseProxy('https://acme.deskpro.com', ''), true);
  });

  it('matches a host and its subdomains, with or without a leading dot or *.', () => {
    for (const entry of ['deskpro.com', '.deskpro.com', '*.deskpro.com', 'DESKPRO.COM.']) {
      assert.equal(shouldUseProxy('https://acme.deskpro.com', entry), false, entry);
      assert.equal(shouldUseProxy('https://deskpro.com', entry), false, entry);
      assert.equal(shouldUseProxy('https://notdeskpro.com', entry), true, entry);
    }
  });

  it('reads comma and space separated lists and ignores ports', () => {
    const list = 'intranet, helpdesk.corp:8443 ,10.0.0.5  [fd00::1]:443';
    assert.equal(shouldUseProxy('https://helpdesk.corp/api', list), false);
    assert.equal(shouldUseProxy('http://helpdesk.corp:8080/api', list), false);
    assert.equal(shouldUseProxy('http://intranet/helpdesk', list), false);
    assert.equal(shouldUseProxy('http://10.0.0.5/', list), false);
    assert.equal(shouldUseProxy('http://10.0.0.50/', list), true);
    assert.equal(shouldUseProxy('http://[fd00::1]/', list), false);
    assert.equal(shouldUseProxy('https://example.com', list), true);
  });

  it('bypasses everything for *', () => {
    assert.equal(shouldUseProxy('https://acme.deskpro.com', '*'), false);
    assert.equal(shouldUseProxy('https://acme.deskpro.com', 'foo.com, *'), false);
  });

  it('never proxies loopback addresses', () => {
    for (const url of ['http://localhost:3000', 'http://127.0.0.1:8080', 'http://127.1.2.3', 'http://[::1]:80', 'http://app.localhost']) {
      assert.equal(shouldUseProxy(url, undefined), false, url);
    }
  });

  it('accepts URL objects and rejects nonsense without throwing', () => {
    assert.equal(shouldUseProxy(new URL('https://a.example.com'), 'example.com'), false);
    assert.equal(shouldUseProxy('not a url', ''), false);
  });
});

describe('proxyFromEnv', () => {
  it('prefers the https proxy and reads NO_PROXY', () => {
    assert.deepEqual(
      proxyFromEnv({ HTTP_PROXY: 'http://plain:3128', HTTPS_PROXY: 'http://secure:3128', NO_PROXY: 'corp' }),
      { proxy: 'http://secure:3128', noProxy: 'corp' },
    );
  });

  it('falls back to the http proxy, and lower-case names win', () => {
    assert.deepEqual(proxyFromEnv({ http_proxy: 'http://lower:1', HTTP_PROXY: 'http://upper:2' }), { proxy: 'http://lower:1' });
    assert.deepEqual(proxyFromEnv({ https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2', no_proxy: 'x', NO_PROXY: 'y' }), {
      proxy: 'http://a:1',
      noProxy: 'x',
    });
  });

  it('treats empty values as unset and adds a missing scheme', () => {
    assert.deepEqual(proxyFromEnv({ HTTPS_PROXY: '  ', HTTP_PROXY: 'proxy.corp:8080', NO_PROXY: '' }), { proxy: 'http://proxy.corp:8080' });
    assert.deepEqual(proxyFromEnv({}), {});
  });

  it('normalizes proxy URLs', () => {
    assert.equal(normalizeProxyUrl('proxy:3128'), 'http://proxy:3128');
    assert.equal(normalizeProxyUrl(' https://user:pw@proxy:443 '), 'https://user:pw@proxy:443');
  });
});
