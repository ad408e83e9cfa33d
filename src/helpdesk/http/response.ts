// Reading what came back: decompressing, decoding and parsing a response body.
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { Parser } from 'htmlparser2';
import { HelpdeskError } from '../errors';
import { errorCode } from './network';
import type { HttpRequest } from './types';

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

/** The body ended before the compressed stream did: a cut connection, worth a retry. */
export class TruncatedBodyError extends Error {
  readonly code = 'TRUNCATED_BODY';
  constructor(cause: unknown) {
    super('the response body was cut short', { cause });
  }
}

/** Decompressing went past the size limit: the answer is larger than we will hold. */
export class DecodedTooLargeError extends Error {
  readonly code = 'DECODED_TOO_LARGE';
  constructor(cause: unknown) {
    super('the response body decompresses past the size limit', { cause });
  }
}

/**
 * undici.request hands over the bytes as sent, so Content-Encoding is ours to undo. No
 * stage may produce more than `maxBytes` (a gzip bomb stops there, DecodedTooLargeError).
 */
export async function decodeContent(bytes: Buffer, contentEncoding: string | undefined, maxBytes: number): Promise<Buffer> {
  if (bytes.length === 0 || !contentEncoding) return bytes;
  const codings = contentEncoding
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding && coding !== 'identity');
  let out = bytes;
  // Codings are listed in the order they were applied; undo them in reverse.
  for (const coding of codings.reverse()) out = await undo(coding, out, { maxOutputLength: maxBytes });
  return out;
}

async function undo(coding: string, bytes: Buffer, limit: zlib.ZlibOptions & zlib.BrotliOptions): Promise<Buffer> {
  try {
    if (coding === 'gzip' || coding === 'x-gzip') return await gunzip(bytes, limit);
    if (coding === 'br') return await brotli(bytes, limit);
    if (coding === 'deflate') return await inflateDeflate(bytes, limit);
  } catch (cause) {
    if (errorCode(cause) === 'ERR_BUFFER_TOO_LARGE') throw new DecodedTooLargeError(cause);
    if (errorCode(cause) === 'Z_BUF_ERROR') throw new TruncatedBodyError(cause);
    throw new HelpdeskError('protocol', `The helpdesk sent a ${coding} body that does not decompress`, { cause });
  }
  throw new HelpdeskError('protocol', `The helpdesk sent a body in an encoding we did not ask for (${coding})`);
}

// "deflate" should be zlib-wrapped, but some servers (old IIS) send it raw.
async function inflateDeflate(bytes: Buffer, limit: zlib.ZlibOptions): Promise<Buffer> {
  try {
    return await inflate(bytes, limit);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'Z_BUF_ERROR' || code === 'ERR_BUFFER_TOO_LARGE') throw error;
    return await inflateRaw(bytes, limit);
  }
}

export function decodeText(bytes: Uint8Array): string {
  // TextDecoder drops a leading BOM, which ASP.NET helpdesks like to send before JSON.
  return new TextDecoder('utf-8').decode(bytes);
}

export interface BodyContext {
  method: string;
  target: string;
  status: number;
  contentType: string;
}

/** The body of a successful response, read as the request asked. */
export function parseSuccessBody(bytes: Buffer, expect: NonNullable<HttpRequest['expect']>, ctx: BodyContext): unknown {
  switch (expect) {
    case 'none':
      return undefined;
    case 'bytes':
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    case 'text':
      return decodeText(bytes);
    case 'json':
      return parseJsonBody(decodeText(bytes), ctx);
  }
}

function parseJsonBody(text: string, ctx: BodyContext): unknown {
  // 204, or a 200 with nothing in it after a PUT: there is no value, which is not an error.
  if (text.trim() === '') return undefined;
  // The body decides, not the content type: some helpdesks label JSON text/html, and an
  // HTML page never parses as JSON anyway.
  const parsed = tryParseJson(text);
  if (parsed.ok) return parsed.value;
  const got = ctx.contentType ? ctx.contentType : 'a body without a content type';
  const what = isJsonType(ctx.contentType) ? `${got} that does not parse` : got;
  throw new HelpdeskError(
    'protocol',
    `Expected JSON from ${ctx.method} ${ctx.target} but got ${what} (${ctx.status}): "${excerpt(text)}"`,
    { status: ctx.status },
  );
}

/** An error body for parseErrorBody: JSON when it parses, otherwise the text. */
export function parseErrorPayload(text: string): unknown {
  const parsed = tryParseJson(text);
  return parsed.ok ? parsed.value : text;
}

export function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(trimmed) as unknown };
  } catch {
    return { ok: false };
  }
}

/** `text/html; charset=utf-8` → `text/html`. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function isJsonType(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json');
}

/**
 * How much of a body an excerpt looks at. An error message needs the first words, and a
 * bounded prefix keeps a hostile or huge body (a megabyte of "<") from costing more than a
 * normal page.
 */
export const EXCERPT_SCAN_CHARS = 16 * 1024;

/** Elements whose text is not the page's message. */
const HIDDEN_ELEMENTS = new Set(['head', 'script', 'style', 'noscript', 'template', 'title']);

/**
 * The first words of a body, for an error message: tags and scripts removed, entities
 * decoded, whitespace collapsed. This produces plain text for a message, it does not
 * sanitize HTML for display. Read with the HTML parser we ship (linear, no backtracking)
 * over a bounded prefix.
 */
export function excerpt(text: string, max = 120): string {
  const { body, title } = pageText(text.length > EXCERPT_SCAN_CHARS ? text.slice(0, EXCERPT_SCAN_CHARS) : text);
  // A page with an empty body (or only scripts) is still named by its <title>.
  const shown = collapse(body) || collapse(title);
  return shown.length > max ? `${shown.slice(0, max - 1).trimEnd()}…` : shown;
}

function pageText(html: string): { body: string; title: string } {
  const body: string[] = [];
  const title: string[] = [];
  // Open hidden elements, innermost last; an unclosed <head> ends where <body> starts.
  const hidden: string[] = [];
  const parser = new Parser(
    {
      onopentagname(name) {
        if (name === 'body') hidden.length = 0;
        if (HIDDEN_ELEMENTS.has(name)) hidden.push(name);
        // A tag separates words: "<h1>502</h1><center>nginx" reads "502 nginx".
        body.push(' ');
      },
      onclosetag(name) {
        const at = hidden.lastIndexOf(name);
        if (at >= 0) hidden.length = at;
        body.push(' ');
      },
      ontext(data) {
        if (hidden.length === 0) body.push(data);
        else if (hidden.at(-1) === 'title') title.push(data);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return { body: body.join(''), title: title.join('') };
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
