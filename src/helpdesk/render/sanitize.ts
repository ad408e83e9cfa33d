// Vendor bodies in, HTML safe for the ticket panel out. HTML goes through sanitize-html
// with an allow-list fit for email; nothing here is a regex over markup.
import sanitizeHtml from 'sanitize-html';
import { bbcodeToHtml } from './bbcode';
import { cleanMailto, isMailto } from './mailto';
import { markdownToHtml } from './markdown';
import { textToHtml } from './text';
import type { RenderBody, RenderedBody } from './types';

export const DEFAULT_MAX_INPUT_CHARS = 200_000;

/**
 * Tags past this depth are dropped (their text kept). Real mail nests layout tables a few
 * dozen deep; hostile input nesting thousands deep would only slow the panel's layout.
 */
const NESTING_LIMIT = 100;

/**
 * What a dropped image becomes: an empty span. Renaming it to a disallowed tag instead would
 * trip sanitize-html, which then forgets to clear its rename record and mislabels the next
 * closing tag at that depth.
 */
const nothing = (): sanitizeHtml.Tag => ({ tagName: 'span', attribs: {} });

const allowedTags = [
  'p', 'br', 'div', 'span', 'b', 'i', 'u', 'strong', 'em', 's', 'strike', 'del', 'ins', 'sub', 'sup',
  'small', 'mark', 'kbd', 'a', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'code',
  'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'img',
];

/**
 * Dropped together with everything inside them: code, embedded documents, form fields and
 * foreign content (svg/math), and the title. Other disallowed tags (form, button, font...)
 * go but their text stays. Not `head`: an unclosed <head> would take the whole body with it,
 * and its children (style, script, title) are dropped on their own.
 */
const nonTextTags = [
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'noframes', 'object',
  'embed', 'applet', 'svg', 'math', 'textarea', 'select', 'option', 'input', 'title',
  'xmp', 'noembed', 'plaintext',
];

/**
 * No `style` attribute survives: the panel's CSP (style-src without 'unsafe-inline') would
 * block it anyway, and inline styles are where mail hides tracking (background:url) and
 * layout that fights the theme. No `class` or `id` from the vendor either, so a body cannot
 * pick up or collide with the panel's own styles; only the classes this module emits pass.
 */
const allowedAttributes: sanitizeHtml.IOptions['allowedAttributes'] = {
  '*': ['dir', 'lang', 'title'],
  a: ['href', 'rel'],
  img: ['src', 'alt', 'width', 'height', 'referrerpolicy', 'loading'],
  span: ['data-src'],
  ol: ['start', 'type'],
  li: ['value'],
  td: ['colspan', 'rowspan', 'align', 'valign'],
  th: ['colspan', 'rowspan', 'align', 'valign', 'scope'],
  col: ['span'],
  colgroup: ['span'],
};

const allowedClasses: sanitizeHtml.IOptions['allowedClasses'] = {
  span: ['remote-image', 'missing-image'],
  // markdown-it marks fenced code with its language; kept for a later highlighter.
  code: ['language-*'],
};

type Attributes = sanitizeHtml.Attributes;

/**
 * The URL as a browser reads it: tabs and newlines anywhere, and control characters or
 * spaces at the ends, are ignored by URL parsing, so "jav&#9;ascript:" must not slip past.
 */
function cleanUrl(value: string | undefined): string {
  return (value ?? '').replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}

const webUrl = /^https?:\/\//i;
const linkUrl = /^(?:https?:\/\/|mailto:)/i;
const dataImageUrl = /^data:image\/[a-z0-9.+-]+[;,]/i;

function pixels(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$/i.exec(value);
  return match ? Number(match[1]) : undefined;
}

function styleProperty(style: string | undefined, name: string): string | undefined {
  if (!style) return undefined;
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    if (declaration.slice(0, colon).trim().toLowerCase() === name) {
      return declaration.slice(colon + 1).replace(/!important/i, '').trim().toLowerCase();
    }
  }
  return undefined;
}

/**
 * A tracking pixel: every declared dimension is at most 1px, or the image is hidden.
 * Such an image shows nothing, so dropping it loses nothing even when images are allowed.
 */
export function isTrackingPixel(attribs: Attributes): boolean {
  const style = attribs.style;
  const display = styleProperty(style, 'display');
  const visibility = styleProperty(style, 'visibility');
  if (display === 'none' || visibility === 'hidden' || styleProperty(style, 'opacity') === '0') return true;
  const dimensions = [
    pixels(attribs.width) ?? pixels(styleProperty(style, 'width')),
    pixels(attribs.height) ?? pixels(styleProperty(style, 'height')),
  ].filter((d): d is number => d !== undefined);
  return dimensions.length > 0 && dimensions.every((d) => d <= 1);
}

function pick(attribs: Attributes, names: string[]): Attributes {
  const picked: Attributes = {};
  for (const name of names) {
    const value = attribs[name];
    if (value !== undefined && value !== '') picked[name] = value;
  }
  return picked;
}

interface SanitizeResult {
  html: string;
  remoteImagesBlocked: number;
}

export function sanitizeBodyHtml(html: string, allowRemoteImages: boolean): SanitizeResult {
  let remoteImagesBlocked = 0;

  const transformImage = (_tag: string, attribs: Attributes): sanitizeHtml.Tag => {
    if (isTrackingPixel(attribs)) return nothing();
    const src = cleanUrl(attribs.src);
    const alt = (attribs.alt ?? '').trim();
    const kept = pick(attribs, ['alt', 'title', 'width', 'height']);
    if (dataImageUrl.test(src)) return { tagName: 'img', attribs: { ...kept, src } };
    if (webUrl.test(src)) {
      if (allowRemoteImages) {
        // no-referrer: the image host should not learn which helpdesk page showed it.
        return { tagName: 'img', attribs: { ...kept, src, referrerpolicy: 'no-referrer', loading: 'lazy' } };
      }
      remoteImagesBlocked++;
      return { tagName: 'span', attribs: { class: 'remote-image', 'data-src': src }, text: alt || 'Remote image' };
    }
    // cid: (inline mail parts), relative and unknown sources cannot be shown; keep the alt text.
    if (alt) return { tagName: 'span', attribs: { class: 'missing-image' }, text: alt };
    return nothing();
  };

  const transformLink = (_tag: string, attribs: Attributes): sanitizeHtml.Tag => {
    const href = cleanUrl(attribs.href);
    // The panel hands every link to the host to open; target is meaningless there, and
    // relative links would point into the webview itself.
    const result: Attributes = { rel: 'noopener noreferrer' };
    if (attribs.title) result.title = attribs.title;
    if (linkUrl.test(href)) result.href = isMailto(href) ? cleanMailto(href) : href;
    return { tagName: 'a', attribs: result };
  };

  // Only this module's placeholders may carry data-src / remote-image: a vendor span
  // dressed up as one is stripped back to a plain span.
  const transformSpan = (_tag: string, attribs: Attributes): sanitizeHtml.Tag => {
    const result: Attributes = {};
    if (attribs.dir) result.dir = attribs.dir;
    if (attribs.lang) result.lang = attribs.lang;
    if (attribs.title) result.title = attribs.title;
    return { tagName: 'span', attribs: result };
  };

  const out = sanitizeHtml(html, {
    allowedTags,
    allowedAttributes,
    allowedClasses,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'], a: ['http', 'https', 'mailto'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags,
    nestingLimit: NESTING_LIMIT,
    // Style attributes are never allowed, so postcss never needs to parse one.
    parseStyleAttributes: false,
    transformTags: { img: transformImage, a: transformLink, span: transformSpan },
  });
  return { html: out, remoteImagesBlocked };
}

/** Cuts before parsing, so a huge body costs no more than the limit; never splits a surrogate pair. */
function cut(body: string, max: number): { text: string; truncated: boolean } {
  if (body.length <= max) return { text: body, truncated: false };
  let end = Math.max(0, max);
  const last = body.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return { text: body.slice(0, end), truncated: true };
}

export const renderBody: RenderBody = (body, format, options): RenderedBody => {
  const { text, truncated } = cut(body, options.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS);
  switch (format) {
    case 'html':
      return { ...sanitizeBodyHtml(text, options.allowRemoteImages), truncated };
    case 'markdown':
      // Same renderer as replies (raw HTML off), then the same sanitizer as vendor HTML.
      return { ...sanitizeBodyHtml(markdownToHtml(text), options.allowRemoteImages), truncated };
    case 'bbcode':
      // BBCode -> HTML (bbob), then the same sanitizer as vendor HTML.
      return { ...renderBbcode(text, options.allowRemoteImages), truncated };
    case 'text':
      return { html: textToHtml(text), remoteImagesBlocked: 0, truncated };
  }
};

/** BBCode that is broken or nested past all reason is still shown, as its text. */
function renderBbcode(text: string, allowRemoteImages: boolean): SanitizeResult {
  try {
    return sanitizeBodyHtml(bbcodeToHtml(text), allowRemoteImages);
  } catch {
    return { html: textToHtml(text), remoteImagesBlocked: 0 };
  }
}
