// BBCode bodies (Jitbit knowledge-base text and the like) to HTML, with bbob as the
// parser and renderer. The result goes through the same sanitizer as vendor HTML, so this
// module only has to make the markup look right; safety is the sanitizer's job. Still,
// raw HTML in the input is escaped first: BBCode text must never smuggle tags in.
import bbobHtml from '@bbob/html';
import presetHTML5 from '@bbob/preset-html5';
import type { BBobPluginFunction, NodeContent, PresetTagsDefinition, TagNodeObject } from '@bbob/types';
import { bbcodeShape, KNOWN_TAGS, MAX_BBCODE_DEPTH, MAX_BBCODE_TAGS, SELF_CLOSING } from './bbcodeShape';

/** Tags that start their own block: a line break right after one would add an empty line. */
const BLOCK_TAGS = new Set(['quote', 'code', 'list', 'center', 'left', 'right', 'justify', 'hr']);

/** A closing tag of one of the tags that need one. */
const CLOSING_TAG = new RegExp(
  `\\[/(?:${KNOWN_TAGS.filter((name) => !SELF_CLOSING.has(name)).join('|')})\\]`,
  'gi',
);

/** Past bbcodeShape's limits we give up and show the text (see bbcodeToHtml). */
const MAX_DEPTH = MAX_BBCODE_DEPTH;

/** Why a body was not rendered as BBCode; the caller shows it as plain text instead. */
export class BbcodeNotRendered extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'BbcodeNotRendered';
  }
}

type Node = NodeContent;
type Tag = TagNodeObject<string>;

function tag(name: string, attrs: Record<string, string>, content: Node[] | null): Tag {
  return { tag: name, attrs, content };
}

function isTag(node: Node): node is Tag {
  return typeof node === 'object' && node !== null && typeof node.tag === 'string';
}

function contentOf(node: Tag): Node[] {
  const content = node.content;
  if (content === undefined || content === null) return [];
  return Array.isArray(content) ? content : [content];
}

/** `[url=X]` is stored by bbob as the attribute `{X: X}`. */
function uniqueAttr(node: Tag): string | undefined {
  for (const [key, value] of Object.entries(node.attrs ?? {})) {
    if (key === value && typeof value === 'string') return value;
  }
  return undefined;
}

/** The node's text, when it is text only (`[url]https://…[/url]`). */
function plainContent(node: Tag): string | undefined {
  const content = contentOf(node);
  return content.every((item) => typeof item === 'string' || typeof item === 'number') ? content.join('') : undefined;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const UNESCAPES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/** Quotes stay: `[url="…"]` needs them, and in text they are harmless. */
function escapeMarkup(text: string): string {
  return text.replace(/[&<>]/g, (c) => ESCAPES[c] ?? c);
}

/** Attribute values are escaped again when rendered, so undo our own escaping first. */
function unescapeMarkup(text: string): string {
  return text.replace(/&(?:amp|lt|gt);/g, (entity) => UNESCAPES[entity] ?? entity);
}

/** A link target we are willing to emit (the sanitizer checks again). */
function linkTarget(raw: string | undefined, kind: 'url' | 'email'): string | undefined {
  const text = unescapeMarkup(raw ?? '').trim().replace(/^"(.*)"$/, '$1');
  if (kind === 'email') return /^[^\s@"<>]+@[^\s@"<>]+$/.test(text) ? `mailto:${text}` : undefined;
  if (/^(?:https?:\/\/|mailto:)\S+$/i.test(text)) return text;
  if (/^www\.\S+$/i.test(text)) return `http://${text}`;
  return undefined;
}

function span(node: Tag): Tag {
  return tag('span', {}, contentOf(node));
}

/**
 * The preset's tags, made semantic: its bold, italic and the rest are spans with inline
 * styles, which the sanitizer (rightly) drops. Links and images take only a checked URL.
 */
const semanticTags = presetHTML5.extend((base) => {
  const tags: PresetTagsDefinition<string> = {
    b: (node) => tag('b', {}, contentOf(node)),
    i: (node) => tag('i', {}, contentOf(node)),
    u: (node) => tag('u', {}, contentOf(node)),
    s: (node) => tag('s', {}, contentOf(node)),
    strike: (node) => tag('s', {}, contentOf(node)),
    sub: (node) => tag('sub', {}, contentOf(node)),
    sup: (node) => tag('sup', {}, contentOf(node)),
    color: span,
    size: span,
    font: span,
    center: (node) => tag('div', {}, contentOf(node)),
    left: (node) => tag('div', {}, contentOf(node)),
    right: (node) => tag('div', {}, contentOf(node)),
    justify: (node) => tag('div', {}, contentOf(node)),
    hr: () => tag('hr', {}, null),
    url: (node) => {
      const href = linkTarget(uniqueAttr(node) ?? plainContent(node), 'url');
      return href ? tag('a', { href }, contentOf(node)) : span(node);
    },
    email: (node) => {
      const href = linkTarget(uniqueAttr(node) ?? plainContent(node), 'email');
      return href ? tag('a', { href }, contentOf(node)) : span(node);
    },
    img: (node) => {
      const source = plainContent(node);
      const src = linkTarget(source, 'url');
      if (!src || !/^https?:/i.test(src)) return span(node);
      return tag('img', { src, alt: 'image' }, null);
    },
    quote: (node) => {
      const author = uniqueAttr(node);
      const content = contentOf(node);
      const cite = author ? [tag('p', {}, [tag('b', {}, [author.replace(/^"(.*)"$/, '$1')]), ' wrote:'])] : [];
      return tag('blockquote', {}, [...cite, ...content]);
    },
    // A bare <pre>: a nested <code> would be walked again as the [code] tag, for ever.
    code: (node) => tag('pre', {}, contentOf(node)),
    // The preset's list turns [*] runs into items; an [*] outside a list is just a bullet.
    list: (node, core, options) => {
      const list = base.list ? base.list(node, core, options) : tag('ul', {}, contentOf(node));
      const type = String(list.attrs?.type ?? '');
      return tag(list.tag, /^[1aAiI]$/.test(type) ? { type } : {}, contentOf(list));
    },
    '*': (node) => tag('span', {}, ['• ', ...contentOf(node)]),
  };
  return tags;
});

/**
 * Broken BBCode (a tag never closed, a closing tag with no opening one) is not guessed at:
 * bbob would drop the stray tags and stretch an unclosed link over the rest of the body,
 * turning text into something it is not. Such a body is shown as the text it is.
 */
function requireWellFormed(source: string): BBobPluginFunction {
  return (tree) => {
    let closedTags = 0;
    const verbatim: Array<[number, number]> = [];
    const pending: Array<{ nodes: Node[]; depth: number }> = [{ nodes: tree, depth: 0 }];
    for (let next = pending.pop(); next; next = pending.pop()) {
      if (next.depth > MAX_DEPTH) throw new BbcodeNotRendered('BBCode nested too deeply to render');
      for (const node of next.nodes) {
        if (!isTag(node)) continue;
        const name = node.tag.toLowerCase();
        if (!SELF_CLOSING.has(name)) {
          if (!node.end) throw new BbcodeNotRendered(`[${name}] is never closed`);
          closedTags++;
          if (name === 'code' && node.start) verbatim.push([node.start.to, node.end.from]);
        }
        pending.push({ nodes: contentOf(node), depth: next.depth + 1 });
      }
    }
    // Both in source order, so one walk over each (a `some` per closer was quadratic).
    verbatim.sort((a, b) => a[0] - b[0]);
    let closers = 0;
    let range = 0;
    for (const match of source.matchAll(CLOSING_TAG)) {
      while (range < verbatim.length && (verbatim[range]?.[1] ?? 0) <= match.index) range++;
      const [from, to] = verbatim[range] ?? [Infinity, Infinity];
      if (!(match.index >= from && match.index < to)) closers++;
    }
    if (closers !== closedTags) throw new BbcodeNotRendered('a closing tag has no opening tag');
    return tree;
  };
}

/** `[B]` and `[b]` are the same tag; bbob keeps the case it saw. */
const lowerCaseTags: BBobPluginFunction = (tree) =>
  tree.walk((node) => {
    if (isTag(node)) return { ...node, tag: node.tag.toLowerCase() };
    return node;
  });

/**
 * Line breaks as `<br>`: written BBCode means its newlines. Not inside [code] (a <pre>),
 * not the ones that only separate a block or a list item from its neighbours.
 */
const lineBreaks: BBobPluginFunction = (tree) => {
  const converted = convertBreaks(tree, undefined, 0);
  tree.splice(0, tree.length, ...converted);
  return tree;
};

function convertBreaks(content: Node[], parent: string | undefined, depth: number): Node[] {
  if (depth > MAX_DEPTH) throw new BbcodeNotRendered('BBCode nested too deeply to render');
  const trimmed = parent && BLOCK_TAGS.has(parent) ? trimNewlines(content) : content;
  if (parent === 'code') return trimmed;
  const out: Node[] = [];
  for (let index = 0; index < trimmed.length; index++) {
    const node = trimmed[index] ?? null;
    if (node === '\n') {
      const before = trimmed[index - 1];
      const after = trimmed[index + 1];
      // After a block, or just before a list item, the block itself breaks the line.
      if (before !== undefined && isTag(before) && BLOCK_TAGS.has(before.tag)) continue;
      if (parent === 'list' && (after === undefined || (isTag(after) && after.tag === '*'))) continue;
      out.push(tag('br', {}, null));
      continue;
    }
    if (isTag(node)) {
      out.push({ ...node, content: convertBreaks(contentOf(node), node.tag, depth + 1) });
      continue;
    }
    out.push(node);
  }
  return out;
}

function trimNewlines(content: Node[]): Node[] {
  let start = 0;
  let end = content.length;
  while (start < end && content[start] === '\n') start++;
  while (end > start && content[end - 1] === '\n') end--;
  return content.slice(start, end);
}

/**
 * BBCode to (unsanitized) HTML. Throws BbcodeNotRendered for broken BBCode and for input
 * nested too deeply to render; the caller then shows the body as plain text.
 */
export function bbcodeToHtml(text: string): string {
  const source = escapeMarkup(text.replace(/\r\n?/g, '\n'));
  // Counted before bbob sees it: on hostile input the parse itself is the slow part.
  const shape = bbcodeShape(source);
  if (shape.depth > MAX_DEPTH) throw new BbcodeNotRendered('BBCode nested too deeply to render');
  if (shape.tags > MAX_BBCODE_TAGS) throw new BbcodeNotRendered('BBCode with too many tags to render');
  try {
    return bbobHtml(source, [requireWellFormed(source), lowerCaseTags, lineBreaks, semanticTags()], {
      onlyAllowTags: KNOWN_TAGS,
      contextFreeTags: ['code'],
      caseFreeTags: true,
    });
  } catch (error) {
    // Deep nesting overflows bbob's recursive walkers before ours can count it.
    if (error instanceof RangeError) throw new BbcodeNotRendered('BBCode nested too deeply to render');
    throw error;
  }
}
