// Script payloads aimed at a simulator's own /__beacon route, as attackers put them in
// email: event handlers, javascript: links, SVG, CSS imports, iframes, forms. Every
// simulator's hostile ticket carries them; if a client ever executes or auto-loads one,
// the simulator's beacon counter goes above zero and the security tests fail. The whole
// corpus (xss-corpus.ts) is shaped for a ticket at the end of this file.
import { beaconUrl, chunks, corpusPayloads, XSS_CORPUS, type FilledVector } from './xss-corpus';

export { beaconUrl };

export function hostilePayloads(baseUrl: string): Record<string, string> {
  const beacon = (source: string): string => beaconUrl(baseUrl, source);
  return {
    imgOnerror: `<img src=x onerror="fetch('${beacon('img-onerror')}')">`,
    script: `<script>fetch('${beacon('script')}')</script>`,
    javascriptLink: `<a href="javascript:fetch('${beacon('js-link')}')">Open the invoice</a>`,
    svgOnload: `<svg onload="fetch('${beacon('svg-onload')}')"><circle r="4"></circle></svg>`,
    iframe: `<iframe src="${beacon('iframe')}" width="1" height="1"></iframe>`,
    cssImport: `<style>@import url("${beacon('css-import')}");</style>`,
    styleUrl: `<div style="background:url('${beacon('style-url')}')">styled</div>`,
    metaRefresh: `<meta http-equiv="refresh" content="0;url=${beacon('meta-refresh')}">`,
    objectData: `<object data="${beacon('object')}"></object>`,
    formAction: `<form action="${beacon('form')}" method="post"><button>Confirm</button></form>`,
    remoteImage: `<img src="${beacon('remote-image')}" alt="remote image">`,
    encodedJs: `<a href="&#106;avascript:fetch('${beacon('encoded-js')}')">encoded link</a>`,
  };
}

export interface HostileFile {
  filename: string;
  contentType: string;
  text: string;
}

/** What every simulator's hostile ticket says; each vendor puts it into its own records. */
export interface HostileTicketText {
  /** The attacker's names, each with a payload. */
  firstName: string;
  lastName: string;
  email: string;
  subject: string;
  /** The attacker's first message: every payload, one after another. */
  opening: string;
  /** On the first message: a script in a file name, an HTML page and an SVG with script. */
  files: readonly HostileFile[];
  /** The agent's public reply, quoting a payload. */
  agentReply: string;
  /** The attacker's last message: a javascript: link, an SVG data: image, an onclick. */
  attackerReply: string;
}

export function hostileTicketText(baseUrl: string): HostileTicketText {
  const beacon = (source: string): string => beaconUrl(baseUrl, source);
  const payloads = hostilePayloads(baseUrl);
  return {
    firstName: `Mallory <img src=x onerror="fetch('${beacon('first-name')}')">`,
    lastName: `"><script>fetch('${beacon('last-name')}')</script>`,
    email: 'mallory@attacker.example',
    subject: `Refund request <img src=x onerror="fetch('${beacon('subject')}')"> <script>fetch('${beacon('subject-script')}')</script>`,
    opening: [
      '<p>Hello, please process my refund. Details below.</p>',
      payloads.imgOnerror,
      payloads.script,
      `<p>${payloads.javascriptLink} | ${payloads.encodedJs}</p>`,
      payloads.svgOnload,
      payloads.iframe,
      payloads.cssImport,
      payloads.styleUrl,
      payloads.metaRefresh,
      payloads.objectData,
      payloads.formAction,
      payloads.remoteImage,
      '<p>Thanks,<br>Mallory</p>',
    ].join('\n'),
    files: [
      { filename: `"><img src=x onerror="fetch('${beacon('filename')}')">.txt`, contentType: 'text/plain', text: 'Nothing to see here.\n' },
      { filename: 'invoice.html', contentType: 'text/html', text: `<!doctype html><title>Invoice</title>${payloads.script}<h1>Invoice</h1>` },
      {
        filename: 'logo.svg',
        contentType: 'image/svg+xml',
        text: `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="fetch('${beacon('svg-file')}')"><script>fetch('${beacon('svg-file-script')}')</script><rect width="10" height="10"/></svg>`,
      },
    ],
    agentReply: `<p>Hi,</p><p>Could you send the order number?</p><p>Best regards,<br>Support</p>\n<blockquote>${payloads.imgOnerror}</blockquote>`,
    attackerReply: `<p>Order number: <a href="javascript:alert(document.cookie)">#12345</a></p>\n<img src="data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="fetch('${beacon('data-svg')}')"/>`).toString('base64')}">\n<p onclick="fetch('${beacon('onclick')}')">Click me</p>`,
  };
}

// ---- the whole corpus (src/sandbox/xss-corpus.ts), shaped for a hostile ticket --------------

/** How many vectors share one HTML body: enough messages to spread them, few enough to open fast. */
const VECTORS_PER_BODY = 12;
const LINK_TEXT_COUNT = 6;

/** What every simulator's corpus ticket carries; each vendor puts it into its own records. */
export interface HostileCorpus {
  /** Every vector aimed at HTML, a dozen per body; a vector that may swallow the rest ends its body. */
  htmlBodies: string[];
  /** The BBCode vectors without HTML tags, one per paragraph. */
  bbcodeBody: string;
  /** The BBCode vectors holding HTML tags or entities: a vendor that sniffs for tags reads this one as HTML. */
  bbcodeHtmlBody: string;
  /** The Markdown vectors without raw HTML, and the template vectors: read as Markdown. */
  markdownBody: string;
  /** The Markdown vectors that are raw HTML: a vendor that sniffs for tags reads this one as HTML. */
  markdownHtmlBody: string;
  /** Template injection with no tag in it: a body a vendor reads as plain text. */
  textBody: string;
  /** Vectors as the text of links to a harmless address, in each format. */
  linkTexts: { html: string; bbcode: string; markdown: string };
  /** One vector per call, families taken in turn, on one line: names, status names, tags, subjects. */
  nextText(): string;
  /** File names (a vector plus an extension) for `count` attachments. */
  fileNames(count: number): string[];
  /** Canned replies: one HTML, one plain text holding the Markdown (and template) vectors. */
  cannedReplies: Array<{ name: string; body: string }>;
}

/** Each family's vectors in turn, so a handful of names already spans many families. */
function byFamiliesInTurn(vectors: readonly FilledVector[]): FilledVector[] {
  const groups = new Map<string, FilledVector[]>();
  for (const vector of vectors) groups.set(vector.family, [...(groups.get(vector.family) ?? []), vector]);
  const queues = [...groups.values()];
  const out: FilledVector[] = [];
  for (let round = 0; out.length < vectors.length; round++) for (const queue of queues) if (round < queue.length) out.push(queue[round] as FilledVector);
  return out;
}

/** Bodies of at most `size` vectors; vectors that may swallow the rest each end one. */
function htmlBodies(vectors: readonly FilledVector[], size: number): string[] {
  const tame = vectors.filter((vector) => !vector.swallowsRest);
  const swallowers = vectors.filter((vector) => vector.swallowsRest);
  const groups = chunks(tame, size - 1);
  while (groups.length < swallowers.length) groups.push([]);
  swallowers.forEach((vector, index) => groups[index]?.push(vector));
  return groups.map((group, index) => [`<p>Corpus part ${index + 1} of ${groups.length}.</p>`, ...group.map((vector) => vector.payload)].join('\n'));
}

/** Raw HTML in Markdown or BBCode: a tag, not an autolink (`<https://…>`) or a scheme (`<javascript:…>`). */
const RAW_HTML = /<(?![a-z]+:)[a-z!/]/i;
/** What a vendor sniffing for HTML takes as HTML in BBCode: a tag or an entity. */
const HTML_IN_BBCODE = /<(?![a-z]+:)[a-z!/]|&(?:#\d+|nbsp|amp|lt|gt|quot);/i;

export function hostileCorpus(origin: string): HostileCorpus {
  const html = corpusPayloads(origin, 'html');
  const markdown = corpusPayloads(origin, 'markdown');
  const bbcode = corpusPayloads(origin, 'bbcode');
  const templates = XSS_CORPUS.filter((vector) => vector.family === 'template').map((vector) => vector.id);
  const text = byFamiliesInTurn(corpusPayloads(origin, 'text')).map((vector) => vector.payload.replace(/\s+/g, ' ').trim());
  let cursor = 0;
  const nextText = (): string => text[cursor++ % text.length] as string;
  const plainTemplates = markdown.filter((vector) => templates.includes(vector.id) && !RAW_HTML.test(vector.payload));
  const links = Array.from({ length: LINK_TEXT_COUNT }, nextText);
  const safe = 'https://example.com/order/12345';
  return {
    htmlBodies: htmlBodies(html, VECTORS_PER_BODY),
    bbcodeBody: bbcode.filter((vector) => !HTML_IN_BBCODE.test(vector.payload)).map((vector) => vector.payload).join('\r\n\r\n'),
    bbcodeHtmlBody: bbcode.filter((vector) => HTML_IN_BBCODE.test(vector.payload)).map((vector) => vector.payload).join('\r\n\r\n'),
    markdownBody: markdown.filter((vector) => !RAW_HTML.test(vector.payload)).map((vector) => vector.payload).join('\n\n'),
    markdownHtmlBody: markdown.filter((vector) => RAW_HTML.test(vector.payload)).map((vector) => vector.payload).join('\n\n'),
    textBody: plainTemplates.map((vector) => vector.payload).join('\n\n'),
    linkTexts: {
      html: links.map((label) => `<p><a href="${safe}">${label}</a></p>`).join('\n'),
      bbcode: links.map((label) => `[url=${safe}]${label}[/url]`).join('\r\n'),
      markdown: links.map((label) => `[${label.replace(/[[\]]/g, '\\$&')}](${safe})`).join('\n\n'),
    },
    nextText,
    fileNames: (count) => Array.from({ length: count }, (_, index) => `${nextText()}${['.txt', '.pdf', '.png', '.html'][index % 4]}`),
    cannedReplies: [
      { name: nextText(), body: htmlBodies(html, VECTORS_PER_BODY)[0] as string },
      { name: nextText(), body: markdown.filter((vector) => !RAW_HTML.test(vector.payload)).map((vector) => vector.payload).join('\n\n') },
    ],
  };
}
