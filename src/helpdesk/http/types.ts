// The shape of the one HTTP client all providers share (implementation: client.ts).
import type { Logger } from '../log';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | boolean | undefined | null | Array<string | number>;

export interface HttpRequest {
  method: HttpMethod;
  /** Relative to the client's baseUrl (no leading slash needed), or an absolute URL on the same origin. */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string | number | boolean | undefined>;
  /** Sent as multipart/form-data (undici's FormData). */
  multipart?: FormData;
  /** Sent as is. */
  body?: string | Uint8Array;
  /** What to read the response as; default 'json'. */
  expect?: 'json' | 'text' | 'bytes' | 'none';
  /** Overrides the method's default: GET/HEAD/PUT/DELETE are retried, POST/PATCH are not. */
  idempotent?: boolean;
  timeoutMs?: number;
  /**
   * Most bytes this answer may have, as sent and after decompression; overrides the
   * client's maxResponseBytes / maxDownloadBytes. Over it the request fails with tooLarge.
   */
  maxResponseBytes?: number;
  signal?: AbortSignal;
}

export interface HttpResponse<T = unknown> {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: T;
  /** The final URL, for relative Link headers. */
  url: string;
}

/** What a vendor's error body says, for HelpdeskError's message and fields. */
export interface ParsedErrorBody {
  message?: string;
  fields?: Record<string, string[]>;
  code?: string;
}

export interface HttpClientOptions {
  baseUrl: string;
  /** Called once per attempt, so WSSE can make a fresh nonce each time. */
  authHeaders: () => Record<string, string>;
  /**
   * Called once per received response (redirects, errors and 401s included), so WSSE can
   * learn the server's clock from its Date header. Must not throw.
   */
  onResponse?: (status: number, headers: Record<string, string>) => void;
  log: import('../log').Logger;
  /** Vendor hook: read the error body into a message and per-field errors. */
  parseErrorBody?: (status: number, body: unknown) => ParsedErrorBody | undefined;
  /** Strings that must never appear in a log line or error message. */
  secrets?: string[];
  timeoutMs?: number;
  /**
   * Most bytes a successful answer may have, as sent and after decompression (default
   * 32 MiB). Counted while it streams in; over it the request fails with tooLarge.
   */
  maxResponseBytes?: number;
  /** The same for downloads (`expect: 'bytes'`): the attachment limit. Default maxResponseBytes. */
  maxDownloadBytes?: number;
  /** Retries for safe requests (network error, 5xx, 429); default 2. */
  maxRetries?: number;
  /** Longest Retry-After we wait out inside one call before giving up with rateLimited. */
  maxRetryAfterMs?: number;
  /** First backoff between retries (doubled each time, with jitter); default 250 ms. Tests lower it. */
  retryBaseDelayMs?: number;
  /** Proxy URL (from `http.proxy` or HTTPS_PROXY); NO_PROXY is honoured. */
  proxy?: string;
  noProxy?: string;
  /** `http.proxyStrictSSL`; false accepts self-signed certificates. */
  strictSSL?: boolean;
  /** Extra CA certificates (PEM) trusted in addition to the system's. */
  ca?: string;
  userAgent?: string;
}

export type { Logger };
