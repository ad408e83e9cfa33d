// Two rules every DeskDirector request passes through, whatever part of the provider sends it:
//  - No PUT, ever. DeskDirector's PUT replaces the whole entity with only what was sent
//    (vendor article "DeskDirector API", "Using our APIs to update entities"); a partial
//    PUT would wipe a ticket. Updates go as PATCH; a PUT is refused here before it leaves.
//  - An access token lives 60 minutes and cannot be renewed. Once it has expired (its JWT
//    `exp` says so, or the server answered 401: one that says "expired" even while `exp`
//    looks valid here, since the server's clock decides), nothing more is sent with it: every call
//    fails at once with the same plain message, instead of a stream of 401s. A 401 is
//    never retried (the shared HTTP client never repeats one either).
import { HelpdeskError } from '../../helpdesk/errors';
import type { HttpRequest, HttpResponse } from '../../helpdesk/http/types';
import type { DeskdirectorAuth } from './auth';

/** The slice of the shared HttpClient this provider needs (a fake in unit tests). */
export interface DeskdirectorTransport {
  request<T>(req: HttpRequest): Promise<HttpResponse<T>>;
  close(): Promise<void>;
}

export const TOKEN_EXPIRED_MESSAGE = 'Token expired — paste a new one or use an API key';

/** Our clock may run a little ahead of the server's; only a token this far past `exp` is surely dead. */
const CLOCK_SKEW_MS = 60_000;

/** Words of a 401 (its message or its challenge) saying the token has expired. */
const SAYS_EXPIRED = /\bexpired\b/i;
const SAYS_INVALID = /\binvalid\b/i;

export class AccessTokenGuard {
  private spent = false;
  /** A 401 challenge said the token has expired (the body may be empty then). */
  private challengedExpired = false;

  constructor(
    private readonly auth: DeskdirectorAuth,
    private readonly now: () => number,
  ) {}

  /** Throws the expiry error when sending would be pointless. */
  check(): void {
    if (this.auth.method !== 'accessToken') return;
    const expiresAt = this.auth.claims?.expiresAt;
    if (!this.spent && expiresAt !== undefined && this.now() > expiresAt + CLOCK_SKEW_MS) this.spent = true;
    if (this.spent) throw expired();
  }

  /**
   * Sees every response's headers (the HTTP client's onResponse): a 401 whose challenge
   * says the token expired (`WWW-Authenticate: ... error_description="The token expired at
   * ..."`, as ASP.NET's JwtBearer writes it) settles expiry even when the body says nothing.
   */
  observe(status: number, headers: Readonly<Record<string, string>>): void {
    if (this.auth.method !== 'accessToken' || status !== 401) return;
    const challenge = headers['www-authenticate'] ?? '';
    if (SAYS_EXPIRED.test(challenge)) this.challengedExpired = true;
  }

  /** Turns a 401 for an access token into the expiry error (or says why it is not one). */
  inspect(error: unknown): unknown {
    if (this.auth.method !== 'accessToken' || !(error instanceof HelpdeskError) || error.status !== 401) return error;
    const expiresAt = this.auth.claims?.expiresAt;
    // The server's word beats our clock: a 401 saying "expired" is expiry whatever `exp` says here.
    const serverSaysExpired = this.challengedExpired || SAYS_EXPIRED.test(error.message);
    // A token the server calls invalid (never issued, mistyped) is a wrong credential, not a spent one.
    if (!serverSaysExpired && SAYS_INVALID.test(error.message)) return error;
    if (expiresAt !== undefined && this.now() < expiresAt - CLOCK_SKEW_MS && !serverSaysExpired) {
      // Still valid by its own word: this part of the API wants another kind of credential.
      const minutes = Math.max(1, Math.round((expiresAt - this.now()) / 60_000));
      return new HelpdeskError(
        'auth',
        `DeskDirector did not accept the access token here (401), though it is valid for about ${minutes} more min; this part of the API probably needs an API key.`,
        { status: 401, cause: error },
      );
    }
    this.spent = true;
    return expired(error);
  }
}

/** Its own kind, not `auth`: the token was fine until it ran out, and only a new one helps (never a retry). */
function expired(cause?: unknown): HelpdeskError {
  return new HelpdeskError('tokenExpired', TOKEN_EXPIRED_MESSAGE, { status: 401, ...(cause !== undefined && { cause }) });
}

/** A transport that refuses PUT and keeps an expired access token from being sent. */
export function guardedTransport(inner: DeskdirectorTransport, guard: AccessTokenGuard): DeskdirectorTransport {
  return {
    async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
      if (req.method === 'PUT') {
        throw new HelpdeskError('config', `Refused to send PUT ${req.path}: DeskDirector's PUT replaces the whole entity; changes go as PATCH.`);
      }
      guard.check();
      try {
        return await inner.request<T>(req);
      } catch (error) {
        throw guard.inspect(error);
      }
    },
    close: () => inner.close(),
  };
}
