// BBCode bodies: bbob turns them into HTML, the shared sanitizer makes it safe.
import * as assert from 'node:assert/strict';
import { renderBody } from '../../src/helpdesk/render';

const options = { allowRemoteImages: false };

function html(body: string, allowRemoteImages = false): string {
  return renderBody(body, 'bbcode', { allowRemoteImages }).html;
}

describe('render: BBCode bodies', () => {
  it('renders the inline tags as semantic HTML the sanitizer keeps', () => {
    assert.equal(html('[b]bold[/b] [i]it[/i] [u]under[/u] [s]gone[/s]'), '<b>bold</b> <i>it</i> <u>under</u> <s>gone</s>');
  });

  it('reads tags in any case', () => {
    assert.equal(html('[B]up[/B] [I]mixed[/i]'), '<b>up</b> <i>mixed</i>');
  });

  it('turns [url] into links, with the target from the tag or the text', () => {
    assert.equal(
      html('[url=https://x.example/a?b=1&c=2]the docs[/url] and [url]http://y.example[/url] and [url=www.z.example]z[/url]'),
      '<a rel="noopener noreferrer" href="https://x.example/a?b=1&amp;c=2">the docs</a> and ' +
        '<a rel="noopener noreferrer" href="http://y.example">http://y.example</a> and ' +
        '<a rel="noopener noreferrer" href="http://www.z.example">z</a>',
    );
  });

  it('keeps a link with a script or other scheme as plain text', () => {
    const out = html('[url=javascript:alert(1)]click[/url] [url]vbscript:x[/url] [email]a@b.example[/email]');
    assert.equal(out, '<span>click</span> <span>vbscript:x</span> <a rel="noopener noreferrer" href="mailto:a@b.example">a@b.example</a>');
  });

  it('blocks remote [img] images until allowed, and never loads other sources', () => {
    assert.equal(html('[img]https://i.example/a.png[/img]'), '<span class="remote-image" data-src="https://i.example/a.png">image</span>');
    assert.equal(html('[img]https://i.example/a.png[/img]', true), '<img alt="image" src="https://i.example/a.png" referrerpolicy="no-referrer" loading="lazy" />');
    assert.equal(renderBody('[img]https://i.example/a.png[/img]', 'bbcode', options).remoteImagesBlocked, 1);
    assert.equal(html('[img]javascript:alert(1)[/img]'), '<span>javascript:alert(1)</span>');
  });

  it('renders quotes, with the author when given', () => {
    assert.equal(html('[quote]\nearlier\n[/quote]\nreply'), '<blockquote>earlier</blockquote>reply');
    assert.equal(html('[quote=Ann]earlier[/quote]'), '<blockquote><p><b>Ann</b> wrote:</p>earlier</blockquote>');
  });

  it('keeps [code] verbatim: no tags inside, spacing kept', () => {
    assert.equal(html('[code]\n[b]not bold[/b]\n  indented <x>\n[/code]'), '<pre>[b]not bold[/b]\n  indented &lt;x&gt;</pre>');
  });

  it('renders bulleted and numbered lists without stray breaks', () => {
    assert.equal(html('[list]\n[*]one\n[*]two\nmore\n[/list]\nafter'), '<ul><li>one</li><li>two<br />more</li></ul>after');
    assert.equal(html('[list=1][*]first[*]second[/list]'), '<ol type="1"><li>first</li><li>second</li></ol>');
  });

  it('turns line breaks into <br>', () => {
    assert.equal(html('line 1\r\nline 2\n\nline 3'), 'line 1<br />line 2<br /><br />line 3');
  });

  it('drops colours and sizes but keeps their text', () => {
    assert.equal(html('[color=red]red[/color] [size=20]big[/size]'), '<span>red</span> <span>big</span>');
  });

  it('escapes raw HTML in the BBCode text instead of passing it through', () => {
    const out = html('[b]hi[/b] <script>alert(1)</script> <img src=x onerror=alert(1)> & "q"');
    assert.equal(out, '<b>hi</b> &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; &amp; "q"');
  });

  it('shows unknown tags as the text they are', () => {
    assert.equal(html('[script]alert(1)[/script] [table][td]x[/td][/table] [h1]t[/h1]'), '[script]alert(1)[/script] [table][td]x[/td][/table] [h1]t[/h1]');
  });

  it('shows broken BBCode as the text it is rather than guessing', () => {
    assert.equal(html('[b]never closed'), '<div class="plain">[b]never closed</div>');
    assert.equal(html('[b]ok[/b] [/b] stray <x>'), '<div class="plain">[b]ok[/b] [/b] stray &lt;x&gt;</div>');
    // An unclosed link would otherwise swallow everything after it.
    assert.equal(
      html('[url=https://x.example]Export[/url\nError & more'),
      '<div class="plain">[url=https://x.example]Export[/url\nError &amp; more</div>',
    );
    assert.equal(html('a [ b ] c [/x] ['), 'a [ b ] c [/x] [');
    assert.match(html('[b][i]crossed[/b][/i]'), /crossed/);
    assert.match(html('[url="https://x.example" onclick="alert(1)"]bad[/url]'), /^<span>bad<\/span>$/);
  });

  it('does not count tags inside [code] when checking the BBCode is whole', () => {
    assert.equal(html('[code][/b] [b][/code] [b]x[/b]'), '<pre>[/b] [b]</pre> <b>x</b>');
  });

  it('falls back to plain text for nesting too deep to render', function () {
    this.timeout(20_000);
    const body = '[b]'.repeat(30_000) + 'deep' + '[/b]'.repeat(30_000);
    const out = html(body);
    assert.ok(out.startsWith('<div class="plain">[b][b]'), out.slice(0, 80));
    assert.match(out, /deep/);
  });

  it('finishes on hostile bracket soup', function () {
    this.timeout(20_000);
    const out = renderBody('[[[]]][url=[img]'.repeat(20_000), 'bbcode', options);
    assert.ok(out.html.length > 0);
    assert.equal(renderBody('[b]'.repeat(60_000), 'bbcode', options).truncated, false);
  });
});
