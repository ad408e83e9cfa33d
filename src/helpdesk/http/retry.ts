// When a failed attempt may be repeated, and how long to wait before doing so.
import { HelpdeskError } from '../errors';
import type { HttpRequest } from './types';

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_MAX_RETRY_AFTER_MS = 10_000;
export const DEFAULT_RETRY_BASE_DELAY_MS = 250;
const MAX_BACKOFF_MS = 4_000;

/**
 * Which requests a failure allows to be repeated:
 * - `never`: the server may have acted on it and repeating could act twice, or repeating
 *   cannot help (401/403 — Jitbit locks the caller's IP after three failed logins);
 * - `idempotent`: safe only when repeating the request has the same effect as sending it once;
 * - `always`: the request never left this machine (connection refused, DNS hiccup).
 */
export type RetryScope = 'never' | 'idempotent' | 'always';

/** A failed attempt: the error to report if we stop here, and whether we may go on. */
export interface Failure {
  error: HelpdeskError;
  retry: RetryScope;
  /** What the attempt's log line says after the arrow: `503`, `ECONNRESET`, `timeout`. */
  label: string;
}

export function isIdempotent(req: Pick<HttpRequest, 'method' | 'idempotent'>): boolean {
  if (req.idempotent !== undefined) return req.idempotent;
  return req.method === 'GET' || req.method === 'HEAD' || req.method === 'PUT' || req.method === 'DELETE';
}

export function mayRetry(scope: RetryScope, idempotent: boolean): boolean {
  return scope === 'always' || (scope === 'idempotent' && idempotent);
}

/** Exponential backoff with "equal jitter", so many clients do not retry in step. */
export function backoffDelay(retry: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * How long to wait when the server said how long: never less than `floorMs` (a
 * `Retry-After: 0` would otherwise come straight back, again and again), plus up to
 * `floorMs` of jitter so clients told the same time do not all return at once.
 */
export function retryAfterDelay(retryAfterMs: number, floorMs: number, random: () => number = Math.random): number {
  return Math.round(Math.max(retryAfterMs, floorMs) + random() * floorMs);
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A wait that ends early, with 'cancelled', when the caller gives up. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function cancelledError(): HelpdeskError {
  return new HelpdeskError('cancelled', 'The request was cancelled');
}
