import assert from 'node:assert/strict';
import { appendMarkdown } from '../../src/shared/protocol/panel';
import { cannedReplyMarkdown, cannedReplyPreview, htmlToMarkdown } from '../../src/ui/panel/cannedReplyText';
import { insertionAt } from '../../src/webview/panel/text-insert';

describe('ui panel: canned reply text', () => {
  it('turns editor HTML into Markdown an agent can edit', () => {
    const html =
      '<p>Hello <b>Maria</b>,</p><p>please try:</p><ol><li>Sign out</li><li>Clear <em>site data</em></li></ol>' +
      '<p>See <a href="https://kb.example/x">the article</a>.</p><p>Best regards,<br>Tom</p>';
    assert.equal(
      htmlToMarkdown(html),
      'Hello **Maria**,\n\nplease try:\n\n1. Sign out\n2. Clear *site data*\n\nSee [the article](https://kb.example/x).\n\nBest regards,\nTom',
    );
  });

  it('keeps line breaks of div-and-br mail HTML, decodes entities, collapses source whitespace', () => {
    assert.equal(htmlToMarkdown('<div>Hi,<br><br>line&nbsp;two\n   continues</div><div><br></div><div>Thanks &amp; bye</div>'), 'Hi,\n\nline two continues\n\nThanks & bye');
  });

  it('writes quotes, nested lists, code and headings as Markdown', () => {
    assert.equal(htmlToMarkdown('<blockquote><p>quoted</p><p>more</p></blockquote><p>after</p>'), '> quoted\n>\n> more\n\nafter');
    assert.equal(htmlToMarkdown('<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>'), '- a\n  - b\n- c');
    assert.equal(htmlToMarkdown('<pre><code>x = 1\ny = 2</code></pre><p>Run <code>npm ci</code></p>'), '```\nx = 1\ny = 2\n```\n\nRun `npm ci`');
    assert.equal(htmlToMarkdown('<h2>Steps</h2><p>text <b>bold </b>end</p>'), '## Steps\n\ntext **bold** end');
  });

  it('drops scripts, styles and unsafe links, and bare links stay bare', () => {
    assert.equal(
      htmlToMarkdown('<style>p{}</style><script>alert(1)</script><p>ok <b> </b><a href="javascript:x()">bad</a> <a href="mailto:a@b.example">a@b.example</a> <a href="https://x.example/">https://x.example/</a></p>'),
      'ok bad a@b.example https://x.example/',
    );
  });

  it('escapes text that Markdown would read as formatting', () => {
    assert.equal(htmlToMarkdown('<p>Rate us 5*5 `now` or _never_; snake_case stays</p>'), 'Rate us 5\\*5 \\`now\\` or \\_never\\_; snake_case stays');
  });

  it('converts BBCode through HTML, and keeps text and Markdown as written', () => {
    assert.equal(cannedReplyMarkdown({ format: 'bbcode', body: '[b]Hi[/b]\n[url=https://x.example]the link[/url]' }), '**Hi**\n[the link](https://x.example)');
    assert.equal(cannedReplyMarkdown({ format: 'text', body: '\r\nLine one\r\nLine *two*\r\n' }), 'Line one\nLine *two*');
    assert.equal(cannedReplyMarkdown({ format: 'markdown', body: '**as is**' }), '**as is**');
  });

  it('previews a reply on one line, cut with an ellipsis', () => {
    assert.equal(cannedReplyPreview('one\n\ntwo   three'), 'one two three');
    assert.equal(cannedReplyPreview('x'.repeat(200), 20), `${'x'.repeat(19)}…`);
  });
});

describe('ui panel: text added to the reply', () => {
  it('appends Markdown after a blank line, or alone into an empty draft', () => {
    assert.equal(appendMarkdown('', 'code'), 'code');
    assert.equal(appendMarkdown('  \n', 'code'), 'code');
    assert.equal(appendMarkdown('Hi,\n\n\n', 'code'), 'Hi,\n\ncode');
    assert.equal(appendMarkdown('Hi,', 'code'), 'Hi,\n\ncode');
  });

  it('puts a canned reply at a line edge as a paragraph of its own', () => {
    const value = 'Hi Maria,\n\n\n\nTom';
    assert.deepEqual(insertionAt(value, 11, 11, 'TEXT'), { text: 'TEXT', caretOffset: 4 });
    assert.deepEqual(insertionAt('Hi Maria,', 9, 9, 'TEXT'), { text: '\n\nTEXT', caretOffset: 6 });
    assert.deepEqual(insertionAt('Hi,\nTom', 4, 4, 'TEXT'), { text: '\nTEXT\n\n', caretOffset: 5 });
    assert.deepEqual(insertionAt('', 0, 0, 'TEXT'), { text: 'TEXT', caretOffset: 4 });
  });

  it('joins a sentence with spaces when the cursor is inside a line', () => {
    assert.deepEqual(insertionAt('As promised:X Thanks', 12, 13, 'done.'), { text: ' done.', caretOffset: 6 });
    assert.deepEqual(insertionAt('a b', 2, 2, 'X'), { text: 'X ', caretOffset: 1 });
  });
});
