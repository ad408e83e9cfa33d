// What in rendered HTML could run, load by itself or navigate somewhere other than a web or
// mail address: parsed, so a vector shown as text ("&lt;img onerror=…") or inside a title
// attribute is not mistaken for markup. Used by the hostile-content tests of every layer.
import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';

/** Elements the sanitizer may emit: text structure, links and images. */
const INERT_ELEMENTS = new Set([
  'a', 'img', 'p', 'br', 'div', 'span', 'b', 'i', 'u', 'strong', 'em', 's', 'strike', 'del', 'ins', 'sub', 'sup', 'small', 'mark', 'kbd',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'code', 'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr',
]);

function elements(nodes: readonly ChildNode[]): Element[] {
  return nodes.flatMap((node) => ('children' in node ? [...(node.type === 'tag' ? [node as Element] : []), ...elements(node.children)] : []));
}

/** Each live part as `<tag>` or `tag[attribute=value…]`; empty when the HTML is inert. */
export function liveMarkup(html: string): string[] {
  const found: string[] = [];
  for (const element of elements(parseDocument(html).children)) {
    const name = element.name.toLowerCase();
    if (!INERT_ELEMENTS.has(name)) found.push(`<${name}>`);
    for (const [attribute, value] of Object.entries(element.attribs)) {
      const key = attribute.toLowerCase();
      if (/^on/.test(key) || ['style', 'srcdoc', 'formaction', 'action', 'srcset', 'background', 'ping', 'poster', 'xlink:href'].includes(key)) found.push(`${name}[${key}]`);
      if (key === 'href' && !/^(https?:\/\/|mailto:)/i.test(value)) found.push(`${name}[href=${value.slice(0, 40)}]`);
      if (key === 'src' && !/^data:image\//i.test(value)) found.push(`${name}[src=${value.slice(0, 40)}]`);
    }
  }
  return found;
}
