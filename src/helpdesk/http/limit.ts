// How much of a response we are willing to hold. A helpdesk (or whatever answers in its
// place) decides how many bytes it sends and how far they decompress; without a limit a
// 510 KiB gzip answer became 512 MiB in the extension host. Bodies are counted while they
// stream in, and decompression stops at the same limit (response.ts).
import type { Dispatcher } from 'undici';
import { decodeContent, DecodedTooLargeError } from './response';

const MiB = 1024 * 1024;

/** The default limit of an answer we read (JSON, text), after decompression. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * MiB;

/**
 * Error answers (4xx, 5xx, redirects) are read only for a message, and an excerpt looks at
 * its first few KB; past this the rest is left unread and the status speaks for itself.
 */
export const ERROR_BODY_BYTES = 256 * 1024;

type Body = Dispatcher.ResponseData['body'];

export interface LimitedBody {
  /** The body, or as much of it as fitted under the limit. */
  bytes: Buffer;
  /** False when the body was longer than the limit and the rest was left unread. */
  complete: boolean;
}

/**
 * One response's body within `maxBytes`, as sent and decompressed. A successful answer
 * over the limit is `tooLarge` (never retried: asking again fetches the same). An error
 * answer (anything but 2xx) is read only for its first words: over ERROR_BODY_BYTES its
 * start is kept when it is plain, dropped when compressed (a cut stream does not inflate),
 * and the status speaks for itself. `wanted` false (a write whose answer is not read): a
 * long body is left unread, never an error, since the request itself succeeded.
 */
export async function readResponseBody(
  body: Body,
  headers: Record<string, string>,
  status: number,
  limits: { maxBytes: number; wanted: boolean },
): Promise<{ bytes: Buffer } | { tooLarge: true }> {
  const success = status >= 200 && status < 300;
  const limit = success ? limits.maxBytes : Math.min(ERROR_BODY_BYTES, limits.maxBytes);
  const encoding = headers['content-encoding'];
  // A successful answer over the limit is refused whole, so its start is not worth a copy;
  // an unwanted one is only counted.
  const raw = await readLimited(body, limit, headers['content-length'], { keep: !success || limits.wanted, keepPartial: !success });
  if (success && !limits.wanted) return { bytes: Buffer.alloc(0) };
  if (raw.complete) {
    try {
      return { bytes: await decodeContent(raw.bytes, encoding, limit) };
    } catch (thrown) {
      if (!(thrown instanceof DecodedTooLargeError)) throw thrown;
    }
  } else if (!success) {
    return { bytes: encoding ? Buffer.alloc(0) : raw.bytes };
  }
  return success ? { tooLarge: true } : { bytes: Buffer.alloc(0) };
}

export interface ReadOptions {
  /** False: the bytes are only counted (an answer nobody reads); `bytes` comes back empty. Default true. */
  keep?: boolean;
  /**
   * False: a body over the limit comes back empty instead of as its first `limit` bytes.
   * Joining 32 MB only to throw it away blocked the event loop for 70–140 ms. Default true.
   */
  keepPartial?: boolean;
}

/**
 * Reads at most `limit` bytes. A body declared (Content-Length) or found to be longer is
 * abandoned at once: the stream is destroyed, which closes the connection, so the server
 * cannot make us wait for, or buffer, the rest.
 */
export async function readLimited(body: Body, limit: number, contentLength: string | undefined, options: ReadOptions = {}): Promise<LimitedBody> {
  const { keep = true, keepPartial = true } = options;
  const declared = contentLength === undefined ? NaN : Number(contentLength);
  if (Number.isFinite(declared) && declared > limit) {
    abandon(body);
    return { bytes: Buffer.alloc(0), complete: false };
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (total + chunk.length > limit) {
      abandon(body);
      if (!keep || !keepPartial) return { bytes: Buffer.alloc(0), complete: false };
      chunks.push(chunk.subarray(0, limit - total));
      return { bytes: Buffer.concat(chunks, limit), complete: false };
    }
    if (keep) chunks.push(chunk);
    total += chunk.length;
  }
  return { bytes: keep ? Buffer.concat(chunks, total) : Buffer.alloc(0), complete: true };
}

// Destroying undici's body aborts the request, which it reports as an error event; that
// abort is ours, so it is not an error of the request.
function abandon(body: Body): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** `33554432` → `32 MB`, for messages. */
export function megabytes(bytes: number): string {
  const mb = bytes / MiB;
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
