// The hostile-content corpus (src/sandbox/xss-corpus.ts): big enough, every family the
// security issue names, every vector names itself at the beacon, and every one is inert
// once rendered the way the panel renders the formats it targets.
import assert from 'node:assert/strict';
import { renderBody } from '../../src/helpdesk/render';
import { renderPreview } from '../../src/helpdesk/render/preview';
import { hostileCorpus } from '../../src/sandbox/hostile-payloads';
import { beaconUrl, corpusPayloads, XSS_CORPUS, XSS_FAMILIES, type XssTarget } from '../../src/sandbox/xss-corpus';
import { liveMarkup } from '../support/live-markup';

const ORIGIN = 'http://127.0.0.1:4321';

describe('xss corpus', () => {
  it('holds at least 150 distinct vectors, ids and payloads alike', () => {
    const ids = new Set(XSS_CORPUS.map((vector) => vector.id));
    const payloads = new Set(XSS_CORPUS.map((vector) => vector.payload(beaconUrl(ORIGIN, 'same'))));
    assert.ok(XSS_CORPUS.length >= 150, `${XSS_CORPUS.length} vectors`);
    assert.equal(ids.size, XSS_CORPUS.length, 'ids are unique');
    assert.equal(payloads.size, XSS_CORPUS.length, 'no two vectors are the same payload');
  });

  it('covers every family the issue lists', () => {
    const present = new Set(XSS_CORPUS.map((vector) => vector.family));
    // Issue #12, suite 3: SVG, MathML, javascript:/data: URLs, CSS, meta refresh, form actions, srcdoc, mXSS, template injection.
    for (const family of ['svg', 'mathml', 'url', 'css', 'meta-refresh', 'form', 'srcdoc', 'mxss', 'template', 'handler', 'base-href', 'embed', 'link', 'bbcode', 'markdown'] as const) {
      assert.ok(present.has(family), family);
    }
    assert.deepEqual([...present].sort(), [...XSS_FAMILIES].sort());
    const urls = XSS_CORPUS.filter((vector) => vector.family === 'url').map((vector) => vector.payload('B'));
    for (const scheme of [/javascript:/i, /vbscript:/i, /data:text\/html/i, /data:image\/svg/i, /&#/]) assert.ok(urls.some((url) => scheme.test(url)), String(scheme));
  });

  it('aims every vector at the beacon with its own id', () => {
    for (const vector of XSS_CORPUS) {
      const beacon = beaconUrl(ORIGIN, vector.id);
      const payload = vector.payload(beacon);
      // Some vectors carry the beacon encoded (base64 data: URLs, percent-encoding).
      const decoded = [payload, decodeURIComponent(payload.replace(/%(?![0-9a-f]{2})/gi, '%25')), ...[...payload.matchAll(/base64,([A-Za-z0-9+/=]+)/g)].map((m) => Buffer.from(m[1] as string, 'base64').toString('utf8'))];
      assert.ok(decoded.some((text) => text.includes(beacon) || text.includes(beacon.replace(/^https?:/, ''))), vector.id);
      assert.ok(vector.where.length > 0, `${vector.id} names its formats`);
    }
  });

  for (const target of ['html', 'bbcode', 'markdown', 'text'] as const satisfies readonly XssTarget[]) {
    it(`renders every ${target} vector inert`, () => {
      const vectors = corpusPayloads(ORIGIN, target);
      assert.ok(vectors.length > 0);
      const live = vectors
        .map((vector) => ({ id: vector.id, parts: liveMarkup(renderBody(vector.payload, target, { allowRemoteImages: false }).html) }))
        .filter((result) => result.parts.length > 0);
      assert.deepEqual(live, []);
    });
  }

  it('renders every Markdown vector inert in the reply preview', () => {
    const live = corpusPayloads(ORIGIN, 'markdown')
      .map((vector) => ({ id: vector.id, parts: liveMarkup(renderPreview(vector.payload)) }))
      .filter((result) => result.parts.length > 0);
    assert.deepEqual(live, []);
  });

  it('spreads the whole corpus over a hostile ticket, each vector once in its formats', () => {
    const corpus = hostileCorpus(ORIGIN);
    const bodies = [...corpus.htmlBodies, corpus.bbcodeBody, corpus.bbcodeHtmlBody, corpus.markdownBody, corpus.markdownHtmlBody].join('\n');
    for (const vector of XSS_CORPUS) {
      const payload = vector.payload(beaconUrl(ORIGIN, vector.id));
      assert.ok(bodies.includes(payload), `${vector.id} is in a body`);
    }
    // A vector that may swallow what follows it always ends its body.
    for (const body of corpus.htmlBodies) {
      const swallowers = corpusPayloads(ORIGIN, 'html').filter((vector) => vector.swallowsRest && body.includes(vector.payload));
      assert.ok(swallowers.length <= 1 && swallowers.every((vector) => body.endsWith(vector.payload)), body.slice(0, 80));
    }
    const names = Array.from({ length: 15 }, corpus.nextText);
    assert.equal(new Set(names).size, 15, 'names take different vectors');
    assert.ok(names.every((name) => !/[\r\n]/.test(name)), 'names stay on one line');
  });
});
