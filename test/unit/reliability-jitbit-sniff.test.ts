// Defect 2 (issue 12): telling a Jitbit body's format (HTML, BBCode, text) must be linear.
// The old patterns (`\b[^>]*>`, `[^\]\n]*`) rescanned to the end from every tag start:
// 256 KiB of "<p" or "[b=" in a customer's comment took 11 s, before any length cut.
import * as assert from 'node:assert/strict';
import { mapConversation, detectBodyFormat } from '../../src/providers/jitbit/mapping';
import type { JbComment, JbTicketDetail } from '../../src/providers/jitbit/schema';
import { looksLikeBbcode, looksLikeHtml } from '../../src/providers/common/markup';

const SIZE = 256 * 1024;
const hostile = ['<p', '[b=', '<div ', '[url=x', '<p<b', '[color=[b=', '&#'];

describe('reliability: Jitbit body format sniffing (defect 2)', function () {
  // A hang guard, not a speed claim: the old patterns need seconds per input.
  this.timeout(4_000);

  for (const unit of hostile) {
    it(`reads 256 KiB of ${JSON.stringify(unit)} as text, in linear time`, () => {
      assert.equal(detectBodyFormat(unit.repeat(SIZE / unit.length)), 'text');
    });
  }

  it('maps a conversation whose body is 256 KiB of "[b=" and comment of "<p"', () => {
    const detail: JbTicketDetail = { id: '1', subject: 's', statusId: '1', createdAt: '2024-01-01T00:00:00Z', body: '[b='.repeat(SIZE / 3), attachments: [], tags: [] };
    const comment: JbComment = { id: '2', author: { id: '3', name: 'c' }, body: '<p'.repeat(SIZE / 2), createdAt: '2024-01-02T00:00:00Z', forTechsOnly: false, isSystem: false };
    const messages = mapConversation(detail, [comment]);
    assert.deepEqual(messages.map((m) => m.format), ['text', 'text']);
  });

  it('still tells HTML, BBCode and text apart', () => {
    assert.equal(detectBodyFormat('<p class="x">Hello</p>'), 'html');
    assert.equal(detectBodyFormat('line<br/>next'), 'html');
    assert.equal(detectBodyFormat('a&nbsp;b'), 'html');
    assert.equal(detectBodyFormat('see [url=https://example.com]here[/url]'), 'bbcode');
    assert.equal(detectBodyFormat('[B]bold[/B]'), 'bbcode');
    assert.equal(detectBodyFormat('if a < b and c > d'), 'text');
    assert.equal(detectBodyFormat('[not a tag]'), 'text');
  });

  it('offers the sniffing to every provider as linear helpers', () => {
    const tags = ['p', 'b'];
    assert.equal(looksLikeHtml('x<p>y', tags), true);
    assert.equal(looksLikeHtml('<p'.repeat(SIZE / 2), tags), false);
    assert.equal(looksLikeBbcode('[b]y[/b]', tags), true);
    assert.equal(looksLikeBbcode('[b='.repeat(SIZE / 3), tags), false);
  });
});
