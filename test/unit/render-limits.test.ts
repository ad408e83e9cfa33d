// Size limits and hostile input: bodies are cut before parsing, and nothing freezes.
import * as assert from 'node:assert/strict';
import { DEFAULT_MAX_INPUT_CHARS, renderBody } from '../../src/helpdesk/render';
import type { RenderedBody } from '../../src/helpdesk/render';
import type { BodyFormat } from '../../src/helpdesk/model';

const options = { allowRemoteImages: false };
// No timing assertions here (machines are noisy; speed belongs in the benchmark). A
// catastrophic case (a regex gone quadratic, a parser recursing per tag) runs for
// minutes instead, and the suite's timeout below catches that.
const HANG_GUARD_MS = 15_000;
const timings: string[] = [];

function timedRender(label: string, body: string, format: BodyFormat, maxInputChars?: number): RenderedBody {
  const start = performance.now();
  const rendered = renderBody(body, format, { ...options, maxInputChars });
  const ms = performance.now() - start;
  timings.push(`${label}: ${ms.toFixed(0)} ms`);
  return rendered;
}

describe('render: limits and performance', function () {
  this.timeout(HANG_GUARD_MS);
  before(() => {
    // Warm the lazily built renderers so the first timed case measures rendering only.
    renderBody('<p>x</p>', 'html', options);
    renderBody('x', 'markdown', options);
    renderBody('x', 'text', options);
  });

  after(() => {
    // Visible in the test output, for the record.
    console.log(`      render timings: ${timings.join('; ')}`);
  });

  describe('truncation', () => {
    it('cuts input over maxInputChars before parsing', () => {
      const rendered = renderBody('a'.repeat(50) + '<b>never seen</b>', 'html', { ...options, maxInputChars: 50 });
      assert.equal(rendered.truncated, true);
      assert.equal(rendered.html, 'a'.repeat(50));
    });

    it('does not report truncation at or under the limit', () => {
      assert.equal(renderBody('abc', 'text', { ...options, maxInputChars: 3 }).truncated, false);
    });

    it('defaults to 200,000 characters', () => {
      assert.equal(DEFAULT_MAX_INPUT_CHARS, 200_000);
      const rendered = renderBody('x'.repeat(200_001), 'text', options);
      assert.equal(rendered.truncated, true);
      assert.equal(rendered.html, `<div class="plain">${'x'.repeat(200_000)}</div>`);
    });

    it('never splits a surrogate pair', () => {
      const rendered = renderBody(`ab😀cd`, 'text', { ...options, maxInputChars: 3 });
      assert.equal(rendered.html, '<div class="plain">ab</div>');
    });

    it('applies to every format', () => {
      for (const format of ['html', 'text', 'markdown', 'bbcode'] as const) {
        assert.equal(renderBody('y'.repeat(11), format, { ...options, maxInputChars: 10 }).truncated, true, format);
      }
    });
  });

  describe('hostile input finishes quickly', () => {
    it('10,000 nested tags', () => {
      const rendered = timedRender('10k nested div', '<div>'.repeat(10_000) + 'deep' + '</div>'.repeat(10_000), 'html');
      assert.match(rendered.html, /deep/);
      // Tags past the nesting limit are dropped, so the panel never lays out 10,000 levels.
      assert.ok((rendered.html.match(/<div>/g) ?? []).length <= 100);
    });

    it('10,000 unclosed and misnested tags', () => {
      timedRender('10k unclosed div', '<div>'.repeat(10_000) + 'x', 'html');
      timedRender('10k misnested b/i', '<b><i>'.repeat(5_000) + 'x' + '</b></i>'.repeat(5_000), 'html');
      timedRender('10k nested blockquote with text', '<blockquote>quote '.repeat(10_000), 'html');
      timedRender('3.4k nested tables', '<table><tr><td>'.repeat(3_400), 'html');
    });

    it('a 2 MB HTML email (cut to the default limit)', () => {
      const body = '<p>Hello <b>world</b> <a href="https://x.example">link</a> <img src="https://t.example/x.png"></p>'.repeat(25_000);
      assert.ok(body.length > 2_000_000);
      const rendered = timedRender('2 MB html', body, 'html');
      assert.equal(rendered.truncated, true);
      assert.ok(rendered.remoteImagesBlocked > 1000);
    });

    it('a 2 MB HTML email with the limit raised past its size', () => {
      const body = '<p>Hello <b>world</b> <a href="https://x.example">link</a></p>'.repeat(35_000);
      assert.ok(body.length > 2_000_000);
      const rendered = timedRender('2 MB html uncut', body, 'html', 3_000_000);
      assert.equal(rendered.truncated, false);
    });

    it('a 2 MB plain-text body', () => {
      timedRender('2 MB text with links', 'log line https://example.com/a?b=c and www.x.example\n'.repeat(40_000), 'text');
      timedRender('2 MB text one line', 'a'.repeat(2_000_000), 'text');
    });

    it('a 2 MB Markdown body', () => {
      timedRender('2 MB markdown', '# h\n\n* item **bold** _it_ [l](https://x.example)\n> q\n'.repeat(45_000), 'markdown');
    });

    it('pathological Markdown', () => {
      timedRender('md 100k brackets', '['.repeat(100_000) + ']'.repeat(100_000), 'markdown');
      timedRender('md nested quotes', '> '.repeat(100_000) + 'x', 'markdown');
      timedRender('md emphasis runs', '*a '.repeat(60_000), 'markdown');
      timedRender('md unclosed links', '[a](b '.repeat(30_000), 'markdown');
      timedRender('md backticks', '`a``'.repeat(50_000), 'markdown');
    });

    it('pathological links', () => {
      timedRender('www. repeated', 'www.'.repeat(500_000), 'text');
      timedRender('www. repeated (markdown)', 'www.'.repeat(500_000), 'markdown');
      timedRender('www. failing hosts', ('www.' + 'a'.repeat(250) + '_').repeat(8_000), 'text');
      timedRender('http:// repeated', 'http://'.repeat(300_000), 'text');
      timedRender('a@ repeated', 'a@'.repeat(1_000_000), 'markdown');
    });

    it('pathological HTML tokens', () => {
      timedRender('entities', '&amp;&#x3c;&lt'.repeat(200_000), 'html');
      timedRender('100k attributes', '<a ' + 'x=1 '.repeat(100_000) + '>', 'html');
      timedRender('unclosed comment', '<!--' + 'a'.repeat(2_000_000), 'html');
      timedRender('many tiny images', '<img src="https://t.example/p.gif" width=1 height=1>'.repeat(50_000), 'html');
    });
  });
});
