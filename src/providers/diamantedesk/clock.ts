// WSSE tokens carry a `Created` time the server checks against its own clock: OroPlatform's
// guard (the /api/rest/... firewall) refuses any `Created` later than its current second
// ("Future token detected") or older than an hour ("Token has expired"), and answers both
// with an empty 401, the same as a wrong key. So the server's clock is learnt from the Date
// header of every response, and `Created` is stamped on it, a few seconds behind, never
// ahead. A 401 whose Date shows our stamp was off (or whose body says so, as DiamanteDesk's
// own guard does) is a clock problem, not a key problem: the offset is already corrected by
// then, so the request is sent once more; anything else is the key, and is not repeated.
import { HelpdeskError } from '../../helpdesk/errors';
import type { Logger } from '../../helpdesk/log';
import { formatCreated } from './auth';

/**
 * How far behind the server's clock `Created` is stamped. The Date header is cut to the
 * second and arrives a little late, so the learnt offset can be up to a second or two
 * short; five seconds leaves room for that and for load-balanced servers a little apart,
 * and is nothing against the guards' windows (an hour; five minutes for DiamanteDesk's own).
 */
export const CREATED_MARGIN_MS = 5_000;

/**
 * The largest difference between this computer's clock and the helpdesk's that is made
 * up for silently. Beyond it the user is asked to fix the clock: an offset that large
 * more likely comes from a stale Date (a caching proxy) than from a clock, and a computer
 * that far off breaks other sign-ins too.
 */
export const MAX_COMPENSATED_SKEW_MS = 5 * 60_000;

/** OroPlatform's WSSE token lifetime, the guard of the API this provider calls. */
const TOKEN_LIFETIME_MS = 3_600_000;

/** What DiamanteDesk's own guard says in its 401 body (OroPlatform's says nothing). */
const SAYS_CLOCK = /future token|token has expired/i;

export class ServerClock {
  /** Server minus local, in ms; 0 (trust this computer) until a response has a Date. */
  private offset = 0;
  private rejections = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** `Created` for a token sent now. */
  created(): string {
    return formatCreated(this.now() + this.compensation() - CREATED_MARGIN_MS);
  }

  /** For every response: learn the offset; count 401s that show our stamps were off. */
  observe(status: number, headers: Readonly<Record<string, string>>): void {
    const date = Date.parse(headers['date'] ?? '');
    if (Number.isNaN(date)) return;
    // Date is the server's time cut to the second, taken before the answer travelled
    // back: this estimate is never ahead of the true offset.
    const estimate = date - this.now();
    const stampedWith = this.compensation();
    this.offset = estimate;
    if (status === 401 && wasOff(stampedWith, estimate)) this.rejections++;
  }

  /** Server minus local, in ms, as last measured. */
  get offsetMs(): number {
    return this.offset;
  }

  /** How many 401s so far came with a Date showing our `Created` was outside the window. */
  get skewRejections(): number {
    return this.rejections;
  }

  get beyondCompensation(): boolean {
    return Math.abs(this.offset) > MAX_COMPENSATED_SKEW_MS;
  }

  private compensation(): number {
    return Math.max(-MAX_COMPENSATED_SKEW_MS, Math.min(MAX_COMPENSATED_SKEW_MS, this.offset));
  }
}

/** Whether a token stamped with `stampedWith` was from the future or expired, given the true `offset`. */
function wasOff(stampedWith: number, offset: number): boolean {
  // Up to a second of the margin is the Date header's own rounding.
  const ahead = stampedWith - offset > CREATED_MARGIN_MS - 1_000;
  const expired = offset - stampedWith + CREATED_MARGIN_MS > TOKEN_LIFETIME_MS;
  return ahead || expired;
}

/**
 * Sends a request; when it is refused because of the clock, sends it once more (the
 * client's authHeaders makes a new nonce and `Created`). A 401 comes from the firewall,
 * before the helpdesk acts, so even a POST may be repeated. A second clock refusal, or an
 * offset too large to make up for, ends with a message about the clock.
 */
export async function sendWithClock<T>(send: () => Promise<T>, clock: ServerClock, log: Logger): Promise<T> {
  const before = clock.skewRejections;
  try {
    return await send();
  } catch (error) {
    if (!isClockRefusal(error, clock, before)) throw error;
    if (clock.beyondCompensation) throw clockError(clock.offsetMs, error);
    log.warn(`DiamanteDesk refused the sign-in token's time (clocks ${describeSkew(clock.offsetMs)} apart); sending it once more on the helpdesk's clock.`);
  }
  const again = clock.skewRejections;
  try {
    return await send();
  } catch (error) {
    if (isClockRefusal(error, clock, again)) throw clockError(clock.offsetMs, error);
    throw error;
  }
}

function isClockRefusal(error: unknown, clock: ServerClock, rejectionsBefore: number): error is HelpdeskError {
  if (!(error instanceof HelpdeskError) || error.status !== 401) return false;
  return clock.skewRejections > rejectionsBefore || SAYS_CLOCK.test(error.message);
}

/** `HelpdeskError('clock')`: nothing about the credentials is wrong, so they are not marked rejected. */
export function clockError(offsetMs: number, cause?: unknown): HelpdeskError {
  const options = { status: 401, ...(cause !== undefined && { cause }) };
  if (Math.abs(offsetMs) < 2 * CREATED_MARGIN_MS) {
    return new HelpdeskError(
      'clock',
      "The helpdesk keeps refusing the sign-in token as too new or too old, although its clock agrees with this computer's. " +
        "Ask the helpdesk's administrator to check the server's clock, then refresh.",
      options,
    );
  }
  const direction = offsetMs < 0 ? 'ahead' : 'behind';
  return new HelpdeskError(
    'clock',
    `Your clock is ${describeSkew(offsetMs)} off the helpdesk's (${direction}), so the helpdesk refuses the sign-in tokens. ` +
      "Turn on automatic date and time on this computer (or ask the helpdesk's administrator to check the server's clock), then refresh.",
    options,
  );
}

/** `10 minutes`, `1 minute`, `40 seconds`. */
export function describeSkew(offsetMs: number): string {
  const seconds = Math.round(Math.abs(offsetMs) / 1000);
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
