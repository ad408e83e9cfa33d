// Plain-`http` plumbing shared by the simulators: reading request bodies under a size
// limit, parsing JSON and multipart, and writing a response (optionally gzipped or cut
// short by a fault). No framework: the simulators must behave byte-for-byte as written.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

/** What a route handler produces; written to the socket in one place (writeResponse). */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body?: Buffer;
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads the whole request body. Past `limit` bytes it stops keeping data but keeps
 * draining to the end, so the client sees a clean error response rather than a reset
 * while it is still uploading.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => (tooLarge ? reject(new BodyTooLargeError(limit)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/** readBody, answering a body over `limit` with the vendor's own error. */
export async function readBodyWithin(req: IncomingMessage, limit: number, tooLarge: () => Error): Promise<Buffer> {
  try {
    return await readBody(req, limit);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw tooLarge();
    throw error;
  }
}

/** The media type of a Content-Type header, lower-cased and without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export type JsonParse = { ok: true; value: unknown } | { ok: false };

export function parseJson(body: Buffer): JsonParse {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Parses a multipart/form-data body with the runtime's own (undici) parser, so the
 * simulator accepts exactly what a standards-following parser accepts. Throws on a
 * malformed body or a missing boundary.
 */
export async function parseMultipart(body: Buffer, contentType: string): Promise<FormData> {
  // A fresh Uint8Array view satisfies BodyInit's ArrayBuffer-backed view type.
  const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength) as Uint8Array<ArrayBuffer>;
  return new Response(bytes, { headers: { 'content-type': contentType } }).formData();
}

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: Buffer.from(JSON.stringify(value), 'utf8'),
  };
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): SimResponse {
  return { status, headers };
}

/**
 * `attachment; filename="..."; filename*=UTF-8''...`: an ASCII fallback with quotes and
 * control characters replaced (a header cannot carry them raw) plus the exact UTF-8 name.
 */
export function contentDisposition(filename: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export interface WriteOptions {
  /** Compress when the client accepts gzip and the body is worth it (real servers do). */
  gzip: boolean;
  /** Cut the body in half: 'clean' ends the response normally, 'abort' drops the socket. */
  truncate?: 'clean' | 'abort';
}

const GZIP_MIN_BYTES = 1024;

export function acceptsGzip(req: IncomingMessage): boolean {
  return /\bgzip\b/i.test(String(req.headers['accept-encoding'] ?? ''));
}

export function writeResponse(res: ServerResponse, response: SimResponse, options: WriteOptions): void {
  const headers: Record<string, string> = { ...response.headers };
  let body = response.body;
  if (body && options.gzip && body.length >= GZIP_MIN_BYTES && isTextual(headers['Content-Type'])) {
    body = gzipSync(body);
    headers['Content-Encoding'] = 'gzip';
    headers.Vary = 'Accept-Encoding';
  }
  if (!body || body.length === 0 || !options.truncate) {
    if (body) headers['Content-Length'] = String(body.length);
    res.writeHead(response.status, headers);
    res.end(body);
    return;
  }
  const half = body.subarray(0, Math.floor(body.length / 2));
  if (options.truncate === 'abort') {
    // The full length is promised and never delivered: the client sees a premature close.
    headers['Content-Length'] = String(body.length);
    res.writeHead(response.status, headers);
    res.write(half, () => res.destroy());
    return;
  }
  // No Content-Length: a chunked response that ends cleanly with half a document in it,
  // the way a misbehaving proxy delivers it. The client must notice the JSON is broken.
  res.writeHead(response.status, headers);
  res.end(half);
}

function isTextual(contentType: string | undefined): boolean {
  const type = mediaType(contentType);
  return type === 'application/json' || type.startsWith('text/');
}
