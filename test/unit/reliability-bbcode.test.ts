// Defect 4 (issue 12): hostile BBCode is refused before bbob parses it. The depth check
// used to run after the parse (25,000 open tags: 3.4 s per message); now one linear pass
// counts tags and depth first, and a body over either limit is shown as its text.
import * as assert from 'node:assert/strict';
import { BbcodeNotRendered, bbcodeToHtml } from '../../src/helpdesk/render/bbcode';
import { bbcodeShape, MAX_BBCODE_DEPTH, MAX_BBCODE_TAGS } from '../../src/helpdesk/render/bbcodeShape';
import { renderBody } from '../../src/helpdesk/render/sanitize';

function refusal(text: string): string {
  try {
    bbcodeToHtml(text);
  } catch (error) {
    assert.ok(error instanceof BbcodeNotRendered, String(error));
    return error.message;
  }
  return assert.fail('expected BbcodeNotRendered');
}

describe('reliability: BBCode limits before parsing (defect 4)', function () {
  // A hang guard, not a speed claim.
  this.timeout(10_000);

  it('counts tags and depth in one pass, skipping unknown tags and [code] contents', () => {
    assert.deepEqual(bbcodeShape('[b]a[i]b[/i][/b] [x]y[/x] [*] [hr]'), { tags: 6, depth: 2 });
    assert.deepEqual(bbcodeShape('[url=https://e.example/?a=1]x[/url] [url=[b]'), { tags: 3, depth: 1 });
    assert.deepEqual(bbcodeShape('[code][b][b][b][/code][CODE]x[/CODE]'), { tags: 4, depth: 1 });
    assert.deepEqual(bbcodeShape('[b='.repeat(1000)), { tags: 0, depth: 0 });
  });

  it('refuses deep nesting before the parse says anything else about it', () => {
    // Unclosed: the old code parsed all 25,000 first and then complained about [b].
    assert.match(refusal('[b]'.repeat(25_000)), /nested too deeply/);
    assert.match(refusal('[quote]'.repeat(MAX_BBCODE_DEPTH + 1)), /nested too deeply/);
  });

  it('refuses a body with more tags than the limit, and renders it as text', () => {
    const body = '[b]x[/b]'.repeat(MAX_BBCODE_TAGS);
    assert.match(refusal(body), /too many tags/);
    const rendered = renderBody(body, 'bbcode', { allowRemoteImages: false });
    assert.ok(!rendered.html.includes('<b>'), rendered.html.slice(0, 80));
    assert.ok(rendered.html.includes('[b]x[/b]'));
  });

  it('still renders BBCode within the limits, [code] blocks included', () => {
    const pairs = '[code]x[/b][/code]'.repeat(Math.floor(MAX_BBCODE_TAGS / 2) - 10);
    assert.match(bbcodeToHtml(`[b]bold[/b] ${pairs}`), /^<b>bold<\/b> <pre>x\[\/b\]<\/pre>/);
    assert.equal(bbcodeToHtml('[quote]'.repeat(50) + 'q' + '[/quote]'.repeat(50)).split('<blockquote>').length, 51);
  });
});
