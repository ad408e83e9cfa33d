// The one HTTP client every provider uses: pooling, timeouts, gzip, proxy, TLS settings,
// a retry policy that only repeats what is safe, typed errors, and logs without secrets.
import { request as undiciRequest } from 'undici';
import { HelpdeskError, toHelpdeskError, type HelpdeskErrorKind } from '../errors';
import type { Logger } from '../log';
import { encodeRequestBody, type EncodedBody } from './body';
import { Deadline } from './deadline';
import { Dispatchers, type Route } from './dispatchers';
import { DEFAULT_MAX_RESPONSE_BYTES, megabytes, readResponseBody } from './limit';
import { errorCode, networkFailure } from './network';
import { redact } from './redact';
import {
  decodeText,
  mediaType,
  parseErrorPayload,
  parseSuccessBody,
  type BodyContext,
} from './response';
import {
  backoffDelay,
  cancelledError,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  isIdempotent,
  mayRetry,
  parseRetryAfter,
  retryAfterDelay,
  sleep,
  type Failure,
} from './retry';
import { statusFailure } from './status';
import type { HttpClientOptions, HttpMethod, HttpRequest, HttpResponse } from './types';
import { describeUrl, parseBaseUrl, resolveRequestUrl } from './url';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_USER_AGENT = 'helpdesk-vscode';
export { DEFAULT_MAX_RESPONSE_BYTES };
const MAX_REDIRECTS = 5;

type Expect = NonNullable<HttpRequest['expect']>;

/** Everything about one call that stays the same across its attempts. */
interface Call {
  req: HttpRequest;
  method: HttpMethod;
  url: URL;
  encoded: EncodedBody;
  expect: Expect;
  idempotent: boolean;
  timeoutMs: number;
  /** The most bytes a successful answer may have (as sent and decompressed). */
  maxResponseBytes: number;
  /** Which limit that is, for the message: downloads have their own. */
  limitName: string;
  /** Grows with every credential header we send, so an echo of one is redacted too. */
  secrets: Set<string>;
}

interface Exchange {
  status: number;
  headers: Record<string, string>;
  bytes: Buffer;
  /** Set when a successful answer was over the size limit; its body was not read. */
  tooLarge?: HelpdeskError;
}

type Outcome = { ok: true; response: HttpResponse<unknown> } | { ok: false; failure: Failure };

export class HttpClient {
  private readonly base: URL;
  private readonly dispatchers: Dispatchers;
  private readonly log: Logger;
  private readonly staticSecrets: string[];
  private closed = false;

  constructor(private readonly options: HttpClientOptions) {
    this.base = parseBaseUrl(options.baseUrl);
    this.dispatchers = new Dispatchers(options);
    this.log = options.log;
    this.staticSecrets = [...(options.secrets ?? []), ...this.dispatchers.proxySecrets];
  }

  async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    const call = this.prepare(req);
    for (let attempt = 1; ; attempt++) {
      if (this.closed) throw new HelpdeskError('cancelled', 'The helpdesk connection was closed');
      if (req.signal?.aborted) throw cancelledError();
      const outcome = await this.attempt(call);
      // The body's type is the caller's claim; providers check it in their mapping.
      if (outcome.ok) return outcome.response as HttpResponse<T>;
      const delay = this.retryDelay(call, outcome.failure, attempt);
      if (delay === undefined) throw this.giveUp(call, outcome.failure, attempt);
      this.logRetry(call, outcome.failure, delay, attempt);
      await sleep(delay, req.signal);
    }
  }

  /** Closes the pooled connections; requests made afterwards fail with 'cancelled'. */
  async close(): Promise<void> {
    this.closed = true;
    await this.dispatchers.close();
  }

  private get maxRetries(): number {
    return this.options.maxRetries ?? DEFAULT_MAX_RETRIES;
  }

  private prepare(req: HttpRequest): Call {
    const secrets = new Set(this.staticSecrets);
    const expect = req.expect ?? 'json';
    try {
      return {
        req,
        method: req.method,
        url: resolveRequestUrl(this.base, req.path, req.query),
        encoded: encodeRequestBody(req),
        expect,
        idempotent: isIdempotent(req),
        timeoutMs: positiveOr(req.timeoutMs, positiveOr(this.options.timeoutMs, DEFAULT_TIMEOUT_MS)),
        ...this.sizeLimit(req, expect),
        secrets,
      };
    } catch (thrown) {
      // The path may be a pasted URL with a token in its query.
      throw redactedError(toHelpdeskError(thrown), [...secrets]);
    }
  }

  // The request's own limit, else downloads (bytes) have the attachment limit and
  // everything else the limit for answers.
  private sizeLimit(req: HttpRequest, expect: Expect): Pick<Call, 'maxResponseBytes' | 'limitName'> {
    const own = positiveOr(req.maxResponseBytes, 0);
    if (own > 0) return { maxResponseBytes: own, limitName: 'limit for this request' };
    const download = positiveOr(this.options.maxDownloadBytes, 0);
    if (expect === 'bytes' && download > 0) return { maxResponseBytes: download, limitName: 'download limit' };
    return { maxResponseBytes: positiveOr(this.options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES), limitName: 'limit for answers' };
  }

  /** One attempt: the request, and any redirects a GET or HEAD is sent on to. */
  private async attempt(call: Call): Promise<Outcome> {
    const deadline = new Deadline(call.timeoutMs, call.req.signal);
    try {
      let url = call.url;
      for (let hop = 0; ; hop++) {
        const started = performance.now();
        const route = this.dispatchers.route(url);
        const headers = this.headersFor(call, url);
        let exchange: Exchange;
        try {
          exchange = await this.exchange(call, url, headers, route, deadline);
        } catch (thrown) {
          const failure = this.failureFrom(thrown, call, url, route, deadline);
          this.logAttempt(call, url, failure.label, started);
          return { ok: false, failure };
        }
        this.logAttempt(call, url, String(exchange.status), started);
        this.options.onResponse?.(exchange.status, exchange.headers);
        const next = this.redirectTarget(call, url, exchange, hop);
        if (next) {
          url = next;
          continue;
        }
        return this.interpret(call, url, exchange);
      }
    } finally {
      deadline.dispose();
    }
  }

  private async exchange(
    call: Call,
    url: URL,
    headers: Record<string, string>,
    route: Route,
    deadline: Deadline,
  ): Promise<Exchange> {
    const response = await undiciRequest(url, {
      dispatcher: route.dispatcher,
      method: call.method,
      headers,
      body: url === call.url ? call.encoded.body : undefined,
      signal: deadline.signal,
      // Our deadline covers the whole exchange; undici's own timers only back it up.
      headersTimeout: call.timeoutMs + 1000,
      bodyTimeout: call.timeoutMs + 1000,
    });
    const status = response.statusCode;
    const responseHeaders = flattenHeaders(response.headers);
    const read = await readResponseBody(response.body, responseHeaders, status, { maxBytes: call.maxResponseBytes, wanted: call.expect !== 'none' });
    if ('bytes' in read) return { status, headers: responseHeaders, bytes: read.bytes };
    return { status, headers: responseHeaders, bytes: Buffer.alloc(0), tooLarge: this.tooLargeError(call, url, status) };
  }

  private tooLargeError(call: Call, url: URL, status: number): HelpdeskError {
    const message = `The helpdesk's answer to ${call.method} ${this.target(url)} is larger than the ${megabytes(call.maxResponseBytes)} ${call.limitName}; it was not read`;
    return new HelpdeskError('tooLarge', message, { status });
  }

  private headersFor(call: Call, url: URL): Record<string, string> {
    const headers: Record<string, string> = {
      accept: call.expect === 'json' || call.expect === 'none' ? 'application/json' : '*/*',
      'accept-encoding': 'gzip, deflate',
      'user-agent': this.options.userAgent ?? DEFAULT_USER_AGENT,
    };
    if (call.encoded.contentType && url === call.url) headers['content-type'] = call.encoded.contentType;
    // A redirect to another site (a CDN for attachments) gets no credentials.
    if (!this.sendsCredentials(url)) return headers;
    for (const [name, value] of Object.entries(this.credentials(call))) {
      headers[name.toLowerCase()] = value;
      call.secrets.add(value);
    }
    for (const [name, value] of Object.entries(call.req.headers ?? {})) headers[name.toLowerCase()] = value;
    return headers;
  }

  // Called for every attempt: WSSE needs a fresh nonce and timestamp each time.
  private credentials(call: Call): Record<string, string> {
    try {
      return this.options.authHeaders();
    } catch (thrown) {
      if (thrown instanceof HelpdeskError) throw thrown;
      const reason = thrown instanceof Error ? thrown.message : String(thrown);
      throw new HelpdeskError('auth', this.clean(call, `Could not prepare the credentials: ${reason}`), { cause: thrown });
    }
  }

  // Same origin, or the same host moving up from http to https (the credentials already
  // went over http, so the upgrade exposes nothing new).
  private sendsCredentials(url: URL): boolean {
    if (url.origin === this.base.origin) return true;
    const upgrade = this.base.protocol === 'http:' && url.protocol === 'https:';
    return upgrade && url.hostname === this.base.hostname && (url.port === '' || url.port === this.base.port);
  }

  private redirectTarget(call: Call, url: URL, exchange: Exchange, hop: number): URL | undefined {
    if (![301, 302, 303, 307, 308].includes(exchange.status)) return undefined;
    if (call.method !== 'GET' && call.method !== 'HEAD') return undefined;
    const location = exchange.headers.location;
    if (!location || hop >= MAX_REDIRECTS) return undefined;
    try {
      const next = new URL(location, url);
      return next.protocol === 'https:' || next.protocol === 'http:' ? next : undefined;
    } catch {
      return undefined;
    }
  }

  private interpret(call: Call, url: URL, exchange: Exchange): Outcome {
    const { status, headers, bytes } = exchange;
    // Asking again would only fetch the same oversized answer.
    if (exchange.tooLarge) return { ok: false, failure: { error: exchange.tooLarge, retry: 'never', label: 'tooLarge' } };
    if ((status >= 200 && status < 300) || status === 304) {
      try {
        const context = this.bodyContext(call, url, exchange);
        const body = status === 304 ? undefined : parseSuccessBody(bytes, call.expect, context);
        return { ok: true, response: { status, headers, body, url: url.href } };
      } catch (thrown) {
        const error = toHelpdeskError(thrown);
        return { ok: false, failure: { error, retry: 'never', label: String(status) } };
      }
    }
    if (status >= 300 && status < 400) return { ok: false, failure: this.unfollowedRedirect(call, url, exchange) };
    return {
      ok: false,
      failure: statusFailure({
        method: call.method,
        target: this.target(url),
        status,
        payload: parseErrorPayload(decodeText(bytes)),
        retryAfterMs: parseRetryAfter(headers['retry-after']),
        parseErrorBody: this.options.parseErrorBody,
      }),
    };
  }

  // Usually an http:// address answered with a move to https://, or a login page.
  private unfollowedRedirect(call: Call, url: URL, exchange: Exchange): Failure {
    const to = exchange.headers.location ? ` to ${exchange.headers.location}` : '';
    const { status } = exchange;
    const message = `The helpdesk redirected ${call.method} ${this.target(url)}${to} (${status}); check the helpdesk address`;
    return { error: new HelpdeskError('protocol', message, { status }), retry: 'never', label: String(status) };
  }

  private bodyContext(call: Call, url: URL, exchange: Exchange): BodyContext {
    return {
      method: call.method,
      target: this.target(url),
      status: exchange.status,
      contentType: mediaType(exchange.headers['content-type']),
    };
  }

  private failureFrom(thrown: unknown, call: Call, url: URL, route: Route, deadline: Deadline): Failure {
    const target = this.target(url);
    if (deadline.cancelled) return { error: cancelledError(), retry: 'never', label: 'cancelled' };
    const code = errorCode(thrown);
    if (deadline.timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      const message = `${url.host} did not answer within ${seconds(call.timeoutMs)} s (${call.method} ${target})`;
      // Not retried: three times the timeout is longer than anyone waits for a list.
      return { error: new HelpdeskError('timeout', message, { cause: thrown }), retry: 'never', label: 'timeout' };
    }
    if (this.closed) {
      const error = new HelpdeskError('cancelled', 'The helpdesk connection was closed', { cause: thrown });
      return { error, retry: 'never', label: 'closed' };
    }
    if (thrown instanceof HelpdeskError) return { error: thrown, retry: 'never', label: thrown.kind };
    return networkFailure(thrown, { method: call.method, target, host: url.host, proxyHost: route.proxyHost });
  }

  private retryDelay(call: Call, failure: Failure, attempt: number): number | undefined {
    if (attempt > this.maxRetries || !mayRetry(failure.retry, call.idempotent)) return undefined;
    const retryAfter = failure.error.retryAfterMs;
    const base = this.options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
    if (retryAfter === undefined) return backoffDelay(attempt, base);
    // A long Retry-After is the caller's to wait out (the UI can say when), not ours.
    if (retryAfter > (this.options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS)) return undefined;
    return retryAfterDelay(retryAfter, base);
  }

  /** The final error, redacted, logged once with its cause. */
  private giveUp(call: Call, failure: Failure, attempts: number): HelpdeskError {
    const suffix = attempts > 1 ? `; gave up after ${attempts} attempts` : '';
    const final = redactedError(failure.error, [...call.secrets], suffix);
    this.logFailure(call, final);
    return final;
  }

  private logRetry(call: Call, failure: Failure, delay: number, attempt: number): void {
    const request = `${call.method} ${this.target(call.url)}`;
    this.log.warn(this.clean(call, `Retrying ${request} in ${delay} ms after ${failure.label} (retry ${attempt} of ${this.maxRetries})`));
  }

  private logAttempt(call: Call, url: URL, outcome: string, started: number): void {
    const ms = Math.round(performance.now() - started);
    this.log.info(this.clean(call, `${call.method} ${this.target(url)} → ${outcome} (${ms} ms)`));
  }

  private logFailure(call: Call, error: HelpdeskError): void {
    if (error.kind === 'cancelled') return;
    const cause = describeCause(error.cause);
    const request = `${call.method} ${this.target(call.url)}`;
    const line = this.clean(call, `${request} failed: ${error.message}${cause ? ` [${cause}]` : ''}`);
    if (EXPECTED_KINDS.has(error.kind)) this.log.warn(line);
    else this.log.error(line);
  }

  private target(url: URL): string {
    return describeUrl(url, this.base);
  }

  private clean(call: Call, text: string): string {
    return redact(text, [...call.secrets]);
  }
}

// Answers the helpdesk gave on purpose: worth a warning, not an error in the log.
const EXPECTED_KINDS = new Set<HelpdeskErrorKind>([
  'auth',
  'forbidden',
  'notFound',
  'validation',
  'rateLimited',
  'tooLarge',
  'maintenance',
]);

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function describeCause(cause: unknown): string | undefined {
  if (cause === undefined) return undefined;
  const code = errorCode(cause);
  const message = cause instanceof Error ? cause.message : String(cause);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? String(s) : s.toFixed(1).replace(/\.0$/, '');
}

/** A copy of the error whose message and field messages are safe to show and log. */
function redactedError(error: HelpdeskError, secrets: string[], suffix = ''): HelpdeskError {
  const fields = error.fields
    ? Object.fromEntries(Object.entries(error.fields).map(([name, list]) => [name, list.map((m) => redact(m, secrets))]))
    : undefined;
  return new HelpdeskError(error.kind, redact(`${error.message}${suffix}`, secrets), {
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(fields ? { fields } : {}),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    ...(error.cause === undefined ? {} : { cause: error.cause }),
  });
}

function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}
