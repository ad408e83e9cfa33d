// Keeps a wrong key or a wrong clock from turning into a burst of 401s. Per provider:
//  - until one request has succeeded, requests go one at a time: the first learns the
//    server's clock (clock.ts) or finds the key wrong, and the others wait for that;
//  - a refused key is remembered: nothing more is sent with it, every later request fails
//    at once with the same error (the UI builds a new provider for new credentials);
//  - a refusal because of the clock fails the requests waiting behind it, not later ones
//    (the user may have fixed the clock meanwhile).
import { HelpdeskError } from '../../helpdesk/errors';
import type { HttpRequest, HttpResponse } from '../../helpdesk/http/types';
import type { Logger } from '../../helpdesk/log';
import { sendWithClock, type ServerClock } from './clock';

/** The slice of the shared HttpClient the DiamanteDesk client needs (a fake in unit tests). */
export interface DiamanteTransport {
  request<T>(req: HttpRequest): Promise<HttpResponse<T>>;
  close(): Promise<void>;
}

export class CredentialGuard {
  private proven = false;
  private busy = false;
  private refusal: HelpdeskError | undefined;
  private waiting: Array<{ go: () => void; fail: (error: HelpdeskError) => void }> = [];

  async run<T>(send: () => Promise<T>): Promise<T> {
    await this.takeTurn();
    try {
      const result = await send();
      this.proven = true;
      return result;
    } catch (error) {
      throw this.inspect(error);
    } finally {
      this.release();
    }
  }

  private takeTurn(): Promise<void> {
    if (this.refusal) return Promise.reject(this.refusal);
    if (this.proven || !this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.waiting.push({ go: resolve, fail: reject }));
  }

  private release(): void {
    this.busy = false;
    if (this.proven) {
      // Proven: everyone still waiting may go at once.
      for (const waiter of this.waiting.splice(0)) waiter.go();
      return;
    }
    const next = this.waiting.shift();
    if (next) {
      this.busy = true;
      next.go();
    }
  }

  /** Remembers a refused key (worded for DiamanteDesk) and fails the requests queued behind a 401. */
  private inspect(error: unknown): unknown {
    if (!(error instanceof HelpdeskError) || error.status !== 401) return error;
    const failure = error.kind === 'auth' ? keyRefused(error) : error;
    if (failure.kind === 'auth') this.refusal = failure;
    for (const waiter of this.waiting.splice(0)) waiter.fail(failure);
    return failure;
  }
}

function keyRefused(error: HelpdeskError): HelpdeskError {
  const hint = 'Check the user name, and use the API key generated on your DiamanteDesk user page (not the password).';
  return new HelpdeskError('auth', `${error.message.replace(/\.?$/, '.')} ${hint}`, { status: 401, cause: error });
}

/** A transport whose every request passes the guard and the clock check. */
export function guardedTransport(inner: DiamanteTransport, guard: CredentialGuard, clock: ServerClock, log: Logger): DiamanteTransport {
  return {
    request: <T>(req: HttpRequest) => guard.run(() => sendWithClock(() => inner.request<T>(req), clock, log)),
    close: () => inner.close(),
  };
}
