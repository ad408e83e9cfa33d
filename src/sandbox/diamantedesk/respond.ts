// Responses as Symfony sends them: a `Date` from the server's own clock (skew included,
// so a client can learn the offset it must sign with), `Cache-Control: no-cache`, and
// a Content-Type from the request format (`application/json`, or `text/xml;
// charset=UTF-8`), even on an empty 401.
import type { SimResponse } from '../http-util';
import { jmsXml } from './jms-xml';
import { phpJsonEncode, type JsonValue } from './php-json';
import { serverNow, type DiamantedeskState } from './state';

export type Format = 'json' | 'xml';

const CONTENT_TYPES: Record<Format, string> = { json: 'application/json', xml: 'text/xml; charset=UTF-8' };

export function baseHeaders(state: DiamantedeskState): Record<string, string> {
  return { Date: new Date(serverNow(state)).toUTCString(), 'Cache-Control': 'no-cache' };
}

export function serializedResult(state: DiamantedeskState, status: number, format: Format, value: JsonValue, headers: Record<string, string> = {}): SimResponse {
  const text = format === 'xml' ? jmsXml(value) : phpJsonEncode(value);
  return { status, headers: { ...baseHeaders(state), 'Content-Type': CONTENT_TYPES[format], ...headers }, body: Buffer.from(text, 'utf8') };
}

export function emptyResult(state: DiamantedeskState, status: number, format: Format, headers: Record<string, string> = {}): SimResponse {
  // An empty body still goes out with `Content-Length: 0`, not chunked.
  return { status, headers: { ...baseHeaders(state), 'Content-Type': CONTENT_TYPES[format], ...headers }, body: Buffer.alloc(0) };
}

export function htmlResult(state: DiamantedeskState, status: number, html: string, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { ...baseHeaders(state), 'Content-Type': 'text/html; charset=UTF-8', ...headers }, body: Buffer.from(html, 'utf8') };
}
