// JSON as PHP's json_encode writes it with default flags, which is what the JMS
// serializer and DiamanteDesk's error bodies use: slashes escaped (`http:\/\/host`) and
// every non-ASCII character as a \u escape (`\u0444`). A client must decode JSON, never
// match on raw text such as a URL.

/** Values the simulator serializes: plain JSON data, objects' undefined keys left out. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue | undefined };

export function phpJsonEncode(value: JsonValue): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]|\//g, (c) => (c === '/' ? '\\/' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
