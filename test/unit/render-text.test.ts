// Plain-text bodies: escaped, web links linked, lines kept.
import * as assert from 'node:assert/strict';
import { renderBody, textToHtml } from '../../src/helpdesk/render';

const options = { allowRemoteImages: false };

describe('render: plain text bodies', () => {
  it('escapes markup and wraps the text in a plain div', () => {
    const { html, remoteImagesBlocked, truncated } = renderBody('<script>alert("x")</script> & \'q\'', 'text', options);
    assert.equal(html, '<div class="plain">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</div>');
    assert.equal(remoteImagesBlocked, 0);
    assert.equal(truncated, false);
  });

  it('keeps line breaks and spacing as written (shown with pre-wrap)', () => {
    assert.equal(textToHtml('a\r\nb\rc\n\n  d'), '<div class="plain">a\nb\nc\n\n  d</div>');
  });

  it('links http and https URLs and www. hosts, escaping them', () => {
    const { html } = renderBody('See https://example.com/a?b=1&c=2, http://x.example and www.acme.example/help.', 'text', options);
    assert.equal(
      html,
      '<div class="plain">See <a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer">https://example.com/a?b=1&amp;c=2</a>, ' +
        '<a href="http://x.example" rel="noopener noreferrer">http://x.example</a> and ' +
        '<a href="http://www.acme.example/help" rel="noopener noreferrer">www.acme.example/help</a>.</div>',
    );
  });

  it('does not link file names, other schemes or email addresses', () => {
    const { html } = renderBody('Edit readme.md and setup.py; ftp://x.example; javascript:alert(1); mail me@example.com', 'text', options);
    assert.doesNotMatch(html, /<a /);
  });

  it('does not let a link carry markup', () => {
    const { html } = renderBody('https://example.com/"><script>alert(1)</script>', 'text', options);
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /<a href="https:\/\/example.com\/" rel="noopener noreferrer">https:\/\/example.com\/<\/a>&quot;&gt;&lt;script/);
  });

  it('turns "> " quoted lines into a blockquote for folding', () => {
    const html = textToHtml('Thanks!\n\nOn Monday Ann wrote:\n> first\n>second\n> \n\nBye');
    assert.equal(html, '<div class="plain">Thanks!\n\nOn Monday Ann wrote:<blockquote>first\nsecond</blockquote>Bye</div>');
  });
});
