// The JMS serializer's XML form, which DiamanteDesk sends when a request's format is xml
// (only on its own /api/diamante/rest guard: on /api/rest the format listener forces
// JSON). Shape as JMS writes it: a <result> root, list items as <entry>, object keys as
// elements in order, strings in CDATA, null fields left out, two-space indentation.
import type { JsonValue } from './php-json';

export function jmsXml(value: JsonValue): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element('result', value, '')}\n`;
}

function element(name: string, value: JsonValue | undefined, indent: string): string {
  if (value === null || value === undefined) return `${indent}<${name}/>`;
  if (typeof value === 'string') return `${indent}<${name}>${cdata(value)}</${name}>`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${indent}<${name}>${String(value)}</${name}>`;
  const children = Array.isArray(value)
    ? value.filter((item) => item !== null).map((item) => element('entry', item, `${indent}  `))
    : Object.entries(value)
        .filter((entry): entry is [string, JsonValue] => entry[1] !== null && entry[1] !== undefined)
        .map(([key, item]) => element(key, item, `${indent}  `));
  if (children.length === 0) return `${indent}<${name}/>`;
  return `${indent}<${name}>\n${children.join('\n')}\n${indent}</${name}>`;
}

/** A CDATA section; `]]>` inside the text is split across two sections, as DOM does. */
function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}
