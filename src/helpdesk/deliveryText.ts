// The text of a body as delivery.ts compares it (a reply looked for after its answer was lost).
// Apart from delivery.ts because it parses HTML: htmlparser2 and the BBCode renderer are
// loaded only when a reply is looked for (scripts/bundles.mjs, LAZY_MODULES).
import { Parser } from 'htmlparser2';
import type { BodyFormat } from './model';
import { bbcodeToHtml } from './render/bbcode';

/** A body's text, whatever its format (BBCode the renderer refuses is compared as written). */
export function bodyText(body: string, format: BodyFormat): string {
  switch (format) {
    case 'html':
      return htmlText(body);
    case 'bbcode':
      try {
        return htmlText(bbcodeToHtml(body));
      } catch {
        return body;
      }
    default:
      return body;
  }
}

/** The text of an HTML fragment, entities decoded, tags as word breaks (a linear parse). */
export function htmlText(html: string): string {
  const parts: string[] = [];
  const parser = new Parser(
    {
      ontext: (text) => parts.push(text),
      onopentagname: () => parts.push(' '),
      onclosetag: () => parts.push(' '),
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return parts.join('');
}
