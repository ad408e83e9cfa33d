// The panel page and its Content-Security-Policy.
import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, panelHtml } from '../../src/ui/webviewPage';

const args = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'abc123+/=',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css',
  codiconUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/codicons/codicon.css',
  allowRemoteImages: false,
  title: 'ACME-1 <Printer> & "scanner"',
};

function policyOf(html: string): Map<string, string[]> {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match, 'no CSP meta tag');
  const policy = new Map<string, string[]>();
  for (const directive of match[1].replace(/&amp;/g, '&').split(';')) {
    const [name, ...values] = directive.trim().split(/\s+/);
    policy.set(name, values);
  }
  return policy;
}

describe('render: panel page', () => {
  it('allows only the nonce for scripts and nothing by default', () => {
    const policy = policyOf(panelHtml(args));
    assert.deepEqual(policy.get('default-src'), ["'none'"]);
    assert.deepEqual(policy.get('script-src'), ["'nonce-abc123+/='"]);
    assert.deepEqual(policy.get('style-src'), [args.cspSource]);
    assert.deepEqual(policy.get('font-src'), [args.cspSource]);
    assert.deepEqual(policy.get('base-uri'), ["'none'"]);
    assert.deepEqual(policy.get('form-action'), ["'none'"]);
  });

  it('lets https images in only when allowed', () => {
    assert.deepEqual(policyOf(panelHtml(args)).get('img-src'), [args.cspSource, 'data:']);
    assert.deepEqual(policyOf(panelHtml({ ...args, allowRemoteImages: true })).get('img-src'), [args.cspSource, 'data:', 'https:']);
    const imgSrc = contentSecurityPolicy({ ...args, allowRemoteImages: false }).split('; ').find((d) => d.startsWith('img-src'));
    assert.equal(imgSrc?.split(' ').includes('https:'), false);
  });

  it('has no inline style or unsafe-inline anywhere', () => {
    const html = panelHtml(args);
    assert.doesNotMatch(html, /style=|unsafe-inline|unsafe-eval|<style/);
  });

  it('loads the script with the nonce, and the stylesheets', () => {
    const html = panelHtml(args);
    assert.match(html, /<script nonce="abc123\+\/=" src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\/main\.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" href="[^"]*codicon\.css">/);
    assert.match(html, /<link rel="stylesheet" href="[^"]*panel\.css">/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
  });

  it('escapes the title', () => {
    assert.match(panelHtml(args), /<title>ACME-1 &lt;Printer&gt; &amp; &quot;scanner&quot;<\/title>/);
  });

  it('shows something before the script runs', () => {
    assert.match(panelHtml(args), /<div id="app" class="app"><p class="boot">Loading ticket…<\/p><\/div>/);
  });
});
