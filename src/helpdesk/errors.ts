// Every failure that crosses a provider boundary is a HelpdeskError with a kind the UI
// can act on (offer Set Credentials for `auth`, wait for `rateLimited`, and so on).

export type HelpdeskErrorKind =
  | 'auth' // credentials missing or rejected (401)
  | 'forbidden' // authenticated but not allowed (403)
  | 'notFound'
  | 'validation' // the helpdesk refused the input; see `fields`
  | 'rateLimited' // 429; see `retryAfterMs`
  | 'maintenance' // 423 / 503 helpdesk offline
  | 'network' // could not connect, reset, DNS, TLS
  | 'timeout'
  | 'server' // 5xx
  | 'protocol' // a response we cannot understand (HTML where JSON was expected...)
  | 'config' // the instance's settings are wrong (bad URL, unknown type)
  | 'clock' // this machine's clock is too far off the helpdesk's for its signed requests (WSSE)
  | 'tokenExpired' // a short-lived token the helpdesk cannot renew has expired: only a new one (pasted by the user) helps
  | 'tooLarge' // over a size limit: an attachment refused before sending, an answer too large to read, or 413
  | 'unsupported' // this helpdesk cannot do that
  | 'cancelled';

export interface HelpdeskErrorOptions {
  status?: number;
  /** Per-field messages from a validation error, keyed by the vendor's field path. */
  fields?: Record<string, string[]>;
  retryAfterMs?: number;
  cause?: unknown;
}

export class HelpdeskError extends Error {
  readonly kind: HelpdeskErrorKind;
  readonly status?: number;
  readonly fields?: Record<string, string[]>;
  readonly retryAfterMs?: number;

  constructor(kind: HelpdeskErrorKind, message: string, options: HelpdeskErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HelpdeskError';
    this.kind = kind;
    this.status = options.status;
    this.fields = options.fields;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** The message plus per-field details, for a notification or the panel. */
  describe(): string {
    if (!this.fields || Object.keys(this.fields).length === 0) return this.message;
    const details = Object.entries(this.fields)
      .map(([field, messages]) => `${field}: ${messages.join('; ')}`)
      .join('\n');
    return `${this.message}\n${details}`;
  }
}

export function isHelpdeskError(value: unknown): value is HelpdeskError {
  return value instanceof HelpdeskError;
}

/** Wraps anything thrown into a HelpdeskError so callers handle one type. */
export function toHelpdeskError(value: unknown): HelpdeskError {
  if (value instanceof HelpdeskError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new HelpdeskError('protocol', message, { cause: value });
}
