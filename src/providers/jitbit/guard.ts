// Lockout safety. Jitbit blocks the caller's IP for five minutes after three failed logins
// in a row, and every API request is a login. So, per credential:
//  - until one request has succeeded, requests go one at a time (a wrong password costs
//    exactly one failed request, however many views and panels ask at once);
//  - after that, at most two at a time (a password changed mid-session can fail at most
//    the two requests already on their way: never three);
//  - after a 401, nothing more is sent with that credential; every later request fails
//    at once with 'auth' until the provider is rebuilt with new credentials.
import { HelpdeskError } from '../../helpdesk/errors';
import type { HttpRequest, HttpResponse } from '../../helpdesk/http/types';
import { saysLoginBlocked } from './errors';

/** The slice of the shared HttpClient the Jitbit client needs (a fake in unit tests). */
export interface JitbitTransport {
  request<T>(req: HttpRequest): Promise<HttpResponse<T>>;
  close(): Promise<void>;
}

const UNPROVEN_CONCURRENCY = 1;
const PROVEN_CONCURRENCY = 2;

export class CredentialGuard {
  private proven = false;
  private refusal: HelpdeskError | undefined;
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  /** The credential was refused: nothing is sent with it again. */
  get rejected(): boolean {
    return this.refusal !== undefined;
  }

  async run<T>(send: () => Promise<T>): Promise<T> {
    await this.takeSlot();
    try {
      // Checked again after the wait: the request ahead of us may have been refused.
      if (this.refusal) throw this.refusal;
      const result = await send();
      this.proven = true;
      return result;
    } catch (error) {
      throw this.inspect(error);
    } finally {
      this.releaseSlot();
    }
  }

  private get limit(): number {
    return this.proven ? PROVEN_CONCURRENCY : UNPROVEN_CONCURRENCY;
  }

  private takeSlot(): Promise<void> {
    if (this.refusal) return Promise.reject(this.refusal);
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiting.push(() => {
        this.active++;
        resolve();
      });
    });
  }

  private releaseSlot(): void {
    this.active--;
    while (this.waiting.length > 0 && this.active < this.limit) this.waiting.shift()?.();
  }

  /** Turns a refused login into the guard's refusal; other errors pass unchanged. */
  private inspect(error: unknown): unknown {
    if (!(error instanceof HelpdeskError) || this.refusal) return error;
    const status = error.status;
    if (status !== undefined && [401, 403, 429].includes(status) && saysLoginBlocked(error.message)) {
      this.refuse();
      return new HelpdeskError(
        'auth',
        'The helpdesk has blocked this address after repeated failed logins. Wait five minutes, then set the credentials again.',
        { status, cause: error },
      );
    }
    if (error.kind === 'auth' && status === 401) {
      this.refuse();
      return error;
    }
    return error;
  }

  private refuse(): void {
    this.refusal = new HelpdeskError(
      'auth',
      'Not sent: the helpdesk rejected these credentials, and trying them again could get this address blocked. Set new credentials to reconnect.',
    );
  }
}

/** A transport whose every request passes the guard. */
export function guardedTransport(inner: JitbitTransport, guard: CredentialGuard): JitbitTransport {
  return {
    request: <T>(req: HttpRequest) => guard.run(() => inner.request<T>(req)),
    close: () => inner.close(),
  };
}
