// The vendor-HTML sanitizer: an XSS corpus, remote images, tracking pixels, links.
import * as assert from 'node:assert/strict';
import sanitizeHtml from 'sanitize-html';
import { renderBody } from '../../src/helpdesk/render';
import { isTrackingPixel } from '../../src/helpdesk/render/sanitize';

const blocked = { allowRemoteImages: false };
const allowed = { allowRemoteImages: true };

const forbiddenTags = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math',
  'form', 'input', 'button', 'textarea', 'select', 'option', 'base', 'meta', 'link', 'template',
  'noscript', 'xmp', 'title', 'video', 'audio', 'source', 'picture', 'marquee', 'details', 'body',
  'html', 'head', 'noembed', 'noframes', 'plaintext', 'use', 'image', 'animate', 'set',
]);
const forbiddenAttributes = new Set([
  'style', 'srcset', 'srcdoc', 'formaction', 'action', 'background', 'poster', 'xlink:href',
  'target', 'ping', 'id', 'name', 'content', 'http-equiv', 'form', 'is',
]);
const safeUrl = /^(?:https?:\/\/|mailto:|data:image\/)/i;

/** What in `html` could run code or navigate; sanitize-html is used here purely as a parser. */
function findExecutable(html: string): string[] {
  const problems: string[] = [];
  sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    onOpenTag(name, attribs) {
      if (forbiddenTags.has(name)) problems.push(`<${name}>`);
      for (const [attribute, value] of Object.entries(attribs)) {
        if (attribute.startsWith('on') || forbiddenAttributes.has(attribute)) problems.push(`${name}[${attribute}]`);
        if ((attribute === 'href' || attribute === 'src') && !safeUrl.test(value)) problems.push(`${name}[${attribute}=${value}]`);
      }
    },
  });
  if (/<\s*\/?\s*(script|iframe|svg|object|embed)/i.test(html)) problems.push('raw dangerous tag');
  if (/javascript\s*:|vbscript\s*:|data:text/i.test(html.replace(/&[a-z]+;|&#\d+;/gi, ''))) {
    // Allowed only as escaped text, never in an attribute.
    const inAttribute = /=\s*"[^"]*(javascript|vbscript|data:text)/i.test(html);
    if (inAttribute) problems.push('dangerous url in attribute');
  }
  return problems;
}

function tagsOf(html: string): string[] {
  const tags: string[] = [];
  sanitizeHtml(html, { allowedTags: false, allowedAttributes: false, allowVulnerableTags: true, onOpenTag: (name) => tags.push(name) });
  return tags;
}

const xssCorpus: Record<string, string> = {
  'script tag': '<p>hi</p><script>alert(1)</script>',
  'script with src': '<script src="https://evil.example/x.js"></script>',
  'uppercase script': '<SCRIPT>alert(1)</SCRIPT>',
  'img onerror': '<img src=x onerror=alert(1)>',
  'remote img onerror': '<img src="https://cdn.example/a.png" onerror="alert(1)" onload="alert(2)">',
  'body onload': '<body onload=alert(1)><p>x</p></body>',
  'details ontoggle': '<details open ontoggle=alert(1)><summary>s</summary></details>',
  'marquee onstart': '<marquee onstart=alert(1)>m</marquee>',
  'div onmouseover': '<div onmouseover="alert(1)">hover</div>',
  'javascript href': '<a href="javascript:alert(1)">x</a>',
  'mixed case javascript href': '<a href="JaVaScRiPt:alert(1)">x</a>',
  'tab inside scheme': '<a href="jav&#x09;ascript:alert(1)">x</a>',
  'newline inside scheme': '<a href="java\nscript:alert(1)">x</a>',
  'leading space and control': '<a href=" \u0001javascript:alert(1)">x</a>',
  'decimal entities scheme': '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  'padded entities scheme': '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
  'named colon entity': '<a href="javascript&colon;alert(1)">x</a>',
  'vbscript href': '<a href="vbscript:msgbox(1)">x</a>',
  'data text/html href': '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  'data text/html img': '<img src="data:text/html,<script>alert(1)</script>">',
  'protocol relative': '<a href="//evil.example/">x</a><img src="//evil.example/p.png">',
  'svg onload': '<svg onload=alert(1)><circle r="1"/></svg>',
  'svg script': '<svg><script>alert(1)</script></svg>',
  'svg xlink': '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  'svg animate': '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>',
  'math mglyph mxss': '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  'style element': '<style>body{background:url(javascript:alert(1))}</style><p>x</p>',
  'style expression': '<div style="width: expression(alert(1))">x</div>',
  'style url': '<div style="background:url(javascript:alert(1))">x</div>',
  'style behavior': '<p style="behavior:url(x.htc)">x</p>',
  'iframe': '<iframe src="javascript:alert(1)"></iframe>',
  'iframe srcdoc': '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  'object': '<object data="javascript:alert(1)"></object>',
  'embed': '<embed src="javascript:alert(1)">',
  'form and input': '<form action="javascript:alert(1)"><input type=submit value=go><button formaction="javascript:alert(1)">b</button></form>',
  'meta refresh': '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  'base href': '<base href="javascript:/"><a href="x">x</a>',
  'link stylesheet': '<link rel="stylesheet" href="https://evil.example/x.css">',
  'video poster': '<video poster="javascript:alert(1)"><source src="x"></video>',
  'audio onerror': '<audio src=x onerror=alert(1)>',
  'table background': '<table background="javascript:alert(1)"><tr><td background="https://t.example/p">x</td></tr></table>',
  'srcset': '<img src="https://cdn.example/a.png" srcset="javascript:alert(1) 1x, https://t.example/p 2x">',
  'noscript mxss': '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  'title raw text': '<title><img src=x onerror=alert(1)></title>',
  'textarea raw text': '<textarea><img src=x onerror=alert(1)></textarea>',
  'xmp raw text': '<xmp><img src=x onerror=alert(1)></xmp>',
  'template': '<template><script>alert(1)</script></template>',
  'nested script split': '<scr<script>ipt>alert(1)</scr</script>ipt>',
  'double angle': '<<script>script>alert(1)<</script>/script>',
  'broken attribute quote': '<img """><script>alert(1)</script>">',
  'unclosed img': '<img src=x onerror=alert(1)//',
  'tag in attribute-less tag': '<div <img src=x onerror=alert(1)>>x</div>',
  'unterminated anchor': '<a href="https://ok.example" <script>alert(1)</script>',
  'comment': '<!--<img src=x onerror=alert(1)>--><p>x</p>',
  'conditional comment': '<!--[if gte mso 9]><script>alert(1)</script><![endif]-->',
  'cdata': '<![CDATA[<script>alert(1)</script>]]>',
  'escaped text stays text': '&lt;script&gt;alert(1)&lt;/script&gt;',
  'alt attribute breakout': '<img src="https://cdn.example/a.png" alt="&quot; onerror=&quot;alert(1)">',
  'target blank': '<a href="https://ok.example" target="_blank" onclick="alert(1)">ok</a>',
  'fake placeholder': '<span class="remote-image" data-src="javascript:alert(1)">x</span>',
  'id clobbering': '<p id="app" name="composer">x</p>',
};

describe('render: sanitize vendor HTML', () => {
  describe('XSS corpus leaves nothing executable', () => {
    for (const [name, input] of Object.entries(xssCorpus)) {
      for (const options of [blocked, allowed]) {
        it(`${name}${options.allowRemoteImages ? ' (remote images allowed)' : ''}`, () => {
          const { html } = renderBody(input, 'html', options);
          assert.deepEqual(findExecutable(html), [], html);
        });
      }
    }

    it('the checker itself flags the raw corpus (so a pass above means something)', () => {
      // Inputs that are inert as written and aim at a careless serializer or parser instead.
      const harmless = new Set([
        'escaped text stays text', 'comment', 'conditional comment', 'cdata', 'fake placeholder',
        'unclosed img', 'alt attribute breakout',
      ]);
      const unflagged = Object.entries(xssCorpus)
        .filter(([name, input]) => !harmless.has(name) && findExecutable(input).length === 0)
        .map(([name]) => name);
      assert.deepEqual(unflagged, []);
    });

    it('keeps escaped markup as visible text', () => {
      const { html } = renderBody('&lt;script&gt;alert(1)&lt;/script&gt;', 'html', blocked);
      assert.equal(html, '&lt;script&gt;alert(1)&lt;/script&gt;');
    });

    it('keeps the text of a dropped form but none of its controls', () => {
      const { html } = renderBody('<form action="x">Name <input value="secret"><select><option>o</option></select></form>', 'html', blocked);
      assert.equal(html.trim(), 'Name');
    });

    it('strips a vendor span posing as a remote-image placeholder', () => {
      const { html } = renderBody('<span class="remote-image" data-src="https://x.example/a.png">x</span>', 'html', blocked);
      assert.equal(html, '<span>x</span>');
    });
  });

  describe('allowed markup', () => {
    it('keeps email formatting', () => {
      const input =
        '<h2>Title</h2><p>Hello <b>bold</b> <i>it</i> <u>u</u> <s>s</s> <del>d</del> H<sub>2</sub>O x<sup>2</sup></p>' +
        '<ul><li>one</li></ul><ol start="3"><li>three</li></ol><blockquote>quoted</blockquote>' +
        '<pre><code>code</code></pre><table><thead><tr><th>h</th></tr></thead><tbody><tr><td colspan="2">c</td></tr></tbody></table><hr>';
      const { html } = renderBody(input, 'html', blocked);
      for (const tag of ['h2', 'p', 'b', 'i', 'u', 's', 'del', 'sub', 'sup', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr']) {
        assert.ok(tagsOf(html).includes(tag), `${tag} missing from ${html}`);
      }
      assert.match(html, /<ol start="3">/);
      assert.match(html, /<td colspan="2">/);
    });

    it('drops style, class and id attributes', () => {
      const { html } = renderBody('<p style="color:red" class="header" id="x">t</p>', 'html', blocked);
      assert.equal(html, '<p>t</p>');
    });

    it('drops the whole content of script, style, svg and math', () => {
      const { html } = renderBody('a<script>b</script><style>c</style><svg><text>d</text></svg><math><mi>e</mi></math>f', 'html', blocked);
      assert.equal(html, 'af');
    });

    it('keeps a whole document body, dropping head content', () => {
      const { html } = renderBody('<html><head><title>T</title><style>p{}</style></head><body><p>Body</p></body></html>', 'html', blocked);
      assert.equal(html, '<p>Body</p>');
    });

    it('keeps the body after an unclosed head', () => {
      const { html } = renderBody('<head><meta charset="utf-8"><p>Body', 'html', blocked);
      assert.equal(html, '<p>Body</p>');
    });
  });

  describe('links', () => {
    it('keeps http, https and mailto links with rel and without target', () => {
      const { html } = renderBody('<a href="https://a.example/x?y=1&amp;z=2" target="_blank">a</a><a href="http://b.example">b</a><a href="mailto:c@example.com">c</a>', 'html', blocked);
      assert.equal(
        html,
        '<a rel="noopener noreferrer" href="https://a.example/x?y=1&amp;z=2">a</a><a rel="noopener noreferrer" href="http://b.example">b</a><a rel="noopener noreferrer" href="mailto:c@example.com">c</a>',
      );
    });

    it('removes relative, fragment and other-scheme hrefs but keeps the text', () => {
      for (const href of ['/relative', '#top', 'ftp://x.example', 'file:///etc/passwd', 'tel:123', '']) {
        const { html } = renderBody(`<a href="${href}">t</a>`, 'html', blocked);
        assert.equal(html, '<a rel="noopener noreferrer">t</a>', href);
      }
    });
  });

  describe('remote images', () => {
    const email = '<p>Logo: <img src="https://cdn.example/logo.png" alt="ACME logo" width="120"></p><img src="http://cdn.example/b.png"><img src="https://cdn.example/c.png" alt="">';

    it('replaces them with placeholders and counts them when not allowed', () => {
      const rendered = renderBody(email, 'html', blocked);
      assert.equal(rendered.remoteImagesBlocked, 3);
      assert.equal(
        rendered.html,
        '<p>Logo: <span class="remote-image" data-src="https://cdn.example/logo.png">ACME logo</span></p>' +
          '<span class="remote-image" data-src="http://cdn.example/b.png">Remote image</span>' +
          '<span class="remote-image" data-src="https://cdn.example/c.png">Remote image</span>',
      );
      assert.ok(!tagsOf(rendered.html).includes('img'));
    });

    it('keeps them with no-referrer when allowed, counting none', () => {
      const rendered = renderBody(email, 'html', allowed);
      assert.equal(rendered.remoteImagesBlocked, 0);
      assert.match(rendered.html, /<img alt="ACME logo" width="120" src="https:\/\/cdn.example\/logo.png" referrerpolicy="no-referrer" loading="lazy" \/>/);
      assert.equal(tagsOf(rendered.html).filter((t) => t === 'img').length, 3);
    });

    it('overrides a vendor referrerpolicy', () => {
      const { html } = renderBody('<img src="https://cdn.example/a.png" referrerpolicy="unsafe-url">', 'html', allowed);
      assert.match(html, /referrerpolicy="no-referrer"/);
      assert.doesNotMatch(html, /unsafe-url/);
    });

    it('keeps data:image images either way', () => {
      const png = 'data:image/png;base64,iVBORw0KGgo=';
      for (const options of [blocked, allowed]) {
        const rendered = renderBody(`<img src="${png}" alt="inline">`, 'html', options);
        assert.equal(rendered.html, `<img alt="inline" src="${png}" />`);
        assert.equal(rendered.remoteImagesBlocked, 0);
      }
    });

    it('shows the alt text of images it cannot load (cid: parts)', () => {
      const { html, remoteImagesBlocked } = renderBody('<img src="cid:image001.png@01D9" alt="Signature">', 'html', blocked);
      assert.equal(html, '<span class="missing-image">Signature</span>');
      assert.equal(remoteImagesBlocked, 0);
    });

    it('escapes the alt text in a placeholder', () => {
      const { html } = renderBody('<img src="https://cdn.example/a.png" alt="<b>x</b> &quot;">', 'html', blocked);
      assert.equal(html, '<span class="remote-image" data-src="https://cdn.example/a.png">&lt;b&gt;x&lt;/b&gt; "</span>');
    });
  });

  describe('tracking pixels', () => {
    const pixels = [
      '<img src="https://t.example/open.gif" width="1" height="1">',
      '<img src="https://t.example/open.gif" width="1px" height="1px" alt="">',
      '<img src="https://t.example/open.gif" width="0" height="0">',
      '<img src="https://t.example/open.gif" style="width:1px;height:1px">',
      '<img src="https://t.example/open.gif" style="display:none">',
      '<img src="https://t.example/open.gif" style="visibility: hidden !important">',
      '<img src="https://t.example/open.gif" height="1">',
      '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="1" height="1">',
    ];
    for (const pixel of pixels) {
      it(`drops ${pixel} whether or not images are allowed, without counting it`, () => {
        for (const options of [blocked, allowed]) {
          const rendered = renderBody(`<p>a${pixel}b</p>`, 'html', options);
          assert.ok(!tagsOf(rendered.html).includes('img'), rendered.html);
          assert.doesNotMatch(rendered.html, /t\.example|remote-image/);
          assert.equal(rendered.remoteImagesBlocked, 0);
        }
      });
    }

    it('does not mistake ordinary images for pixels', () => {
      assert.equal(isTrackingPixel({ width: '1', height: '40' }), false);
      assert.equal(isTrackingPixel({ width: '100%' }), false);
      assert.equal(isTrackingPixel({}), false);
      assert.equal(isTrackingPixel({ style: 'width: 300px' }), false);
    });

    it('leaves the structure after a dropped image intact', () => {
      const { html } = renderBody('<p><b><img src=x>bold</b> <a href="https://x.example">link</a></p>', 'html', blocked);
      assert.equal(html, '<p><b><span></span>bold</b> <a rel="noopener noreferrer" href="https://x.example">link</a></p>');
    });
  });
});
