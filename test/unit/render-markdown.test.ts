// Markdown: replies (markdownToHtml, also used by the composer's preview) and Markdown bodies.
import * as assert from 'node:assert/strict';
import { markdownToHtml, renderBody } from '../../src/helpdesk/render';

describe('render: markdown', () => {
  it('renders common Markdown', () => {
    const html = markdownToHtml('# Title\n\n**bold** _it_ `code`\n\n- a\n- b\n\n```js\nlet x = 1;\n```');
    assert.match(html, /<h1>Title<\/h1>/);
    assert.match(html, /<strong>bold<\/strong> <em>it<\/em> <code>code<\/code>/);
    assert.match(html, /<ul>\n<li>a<\/li>/);
    assert.match(html, /<pre><code class="language-js">let x = 1;\n<\/code><\/pre>/);
  });

  it('keeps single line breaks, as in email', () => {
    assert.equal(markdownToHtml('line one\nline two'), '<p>line one<br>\nline two</p>\n');
  });

  it('does not pass raw HTML through', () => {
    const html = markdownToHtml('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> <b>b</b>');
    assert.doesNotMatch(html, /<script|<img|<b>/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('refuses javascript:, vbscript: and data:text links', () => {
    const html = markdownToHtml('[a](javascript:alert(1)) [b](vbscript:x) [c](data:text/html,x) <javascript:alert(1)>');
    assert.doesNotMatch(html, /href=/);
  });

  it('links URLs and www. hosts but not file names', () => {
    const html = markdownToHtml('https://example.com www.acme.example readme.md main.rs');
    assert.match(html, /<a href="https:\/\/example.com">https:\/\/example.com<\/a>/);
    assert.match(html, /<a href="http:\/\/www.acme.example">www.acme.example<\/a>/);
    assert.doesNotMatch(html, /readme\.md<\/a>|main\.rs<\/a>/);
  });

  describe('Markdown bodies', () => {
    it('go through the same sanitizer, blocking remote images', () => {
      const rendered = renderBody('![chart](https://cdn.example/c.png) [x](https://ok.example)', 'markdown', { allowRemoteImages: false });
      assert.equal(rendered.remoteImagesBlocked, 1);
      assert.match(rendered.html, /<span class="remote-image" data-src="https:\/\/cdn.example\/c.png">chart<\/span>/);
      assert.match(rendered.html, /<a rel="noopener noreferrer" href="https:\/\/ok.example">x<\/a>/);
    });

    it('do not pass raw HTML through', () => {
      const { html } = renderBody('<iframe src="https://evil.example"></iframe>\n\n<b onclick=x>b</b>', 'markdown', { allowRemoteImages: true });
      assert.doesNotMatch(html, /<iframe|<b /);
      assert.match(html, /&lt;iframe/);
    });
  });
});
