// Reading what came back: decompressing, decoding and parsing a response body.
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
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

/** undici.request hands over the bytes as sent, so Content-Encoding is ours to undo. */
export async function decodeContent(bytes: Buffer, contentEncoding: string | undefined): Promise<Buffer> {
  if (bytes.length === 0 || !contentEncoding) return bytes;
  const codings = contentEncoding
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding && coding !== 'identity');
  let out = bytes;
  // Codings are listed in the order they were applied; undo them in reverse.
  for (const coding of codings.reverse()) out = await undo(coding, out);
  return out;
}

async function undo(coding: string, bytes: Buffer): Promise<Buffer> {
  try {
    if (coding === 'gzip' || coding === 'x-gzip') return await gunzip(bytes);
    if (coding === 'br') return await brotli(bytes);
    if (coding === 'deflate') return await inflateDeflate(bytes);
  } catch (cause) {
    if (errorCode(cause) === 'Z_BUF_ERROR') throw new TruncatedBodyError(cause);
    throw new HelpdeskError('protocol', `The helpdesk sent a ${coding} body that does not decompress`, { cause });
  }
  throw new HelpdeskError('protocol', `The helpdesk sent a body in an encoding we did not ask for (${coding})`);
}

// "deflate" should be zlib-wrapped, but some servers (old IIS) send it raw.
async function inflateDeflate(bytes: Buffer): Promise<Buffer> {
  try {
    return await inflate(bytes);
  } catch (error) {
    if (errorCode(error) === 'Z_BUF_ERROR') throw error;
    return await inflateRaw(bytes);
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
 * The first words of a body, for an error message: tags and scripts removed, entities
 * for the common characters decoded, whitespace collapsed. This produces plain text for a
 * message, it does not sanitize HTML for display.
 */
export function excerpt(text: string, max = 120): string {
  const plain = plainText(text.replace(/<head\b[\s\S]*?<\/head\s*>/gi, ' '));
  // A page with an empty body (or only scripts) is still named by its <title>.
  const shown = plain || plainText(titleOf(text));
  return shown.length > max ? `${shown.slice(0, max - 1).trimEnd()}…` : shown;
}

function plainText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;|&apos;/gi, "'")
    .replace(/&amp;/gi, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

function titleOf(html: string): string {
  return /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '';
}
