// Live activity: now and then a customer replies to one of "my" tickets or a new ticket
// arrives, so refresh, change marks, the badge and notifications have something to show
// without an account. Each simulator writes the event in its own data model (its
// activity.ts); this file only decides when. The clock is injectable, so tests run
// hours of activity in a moment.
import type { Rng } from './prng';

export type ActivityKind = 'reply' | 'ticket';

/** What happened, for the log. */
export interface ActivityEvent {
  kind: ActivityKind;
  /** The ticket's record id (what the vendor's API takes in its ticket routes). */
  ticketId: number;
  summary: string;
}

/** A vendor's side: make one event happen in the state at `now`; undefined when nothing fits. */
export type ActivityWriter = (kind: ActivityKind, now: number, rng: Rng) => ActivityEvent | undefined;

export interface ActivityClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: ActivityClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface LiveActivityOptions {
  clock?: ActivityClock;
  /** Shortest and longest pause between two events of one simulator (default 3 to 8 minutes). */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Share of events that are replies rather than new tickets (default 0.7). */
  replyShare?: number;
  /** Told after each event, once the state has it (the caller saves and logs). */
  onEvent?: (event: ActivityEvent) => void;
}

export const DEFAULT_MIN_DELAY_MS = 3 * 60_000;
export const DEFAULT_MAX_DELAY_MS = 8 * 60_000;

/** One simulator's activity; stopped until start(). */
export class LiveActivity {
  private handle: unknown;
  private running = false;
  private readonly clock: ActivityClock;

  constructor(
    private readonly write: ActivityWriter,
    private readonly rng: Rng,
    private readonly options: LiveActivityOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.arm();
  }

  stop(): void {
    this.running = false;
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }

  /** Makes one event happen now (also what the timer does). */
  happen(kind?: ActivityKind): ActivityEvent | undefined {
    const chosen = kind ?? (this.rng.chance(this.options.replyShare ?? 0.7) ? 'reply' : 'ticket');
    // No ticket of mine is waiting on the customer: a new ticket arrives instead.
    const event = this.write(chosen, this.clock.now(), this.rng) ?? (chosen === 'reply' ? this.write('ticket', this.clock.now(), this.rng) : undefined);
    if (event) this.options.onEvent?.(event);
    return event;
  }

  /** The next pause: uniform between the bounds (jitter, so simulators do not fire together). */
  nextDelay(): number {
    const min = this.options.minDelayMs ?? DEFAULT_MIN_DELAY_MS;
    const max = Math.max(min, this.options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS);
    return Math.round(min + (max - min) * this.rng.next());
  }

  private arm(): void {
    this.handle = this.clock.setTimeout(() => {
      this.handle = undefined;
      if (!this.running) return;
      try {
        this.happen();
      } finally {
        if (this.running) this.arm();
      }
    }, this.nextDelay());
  }
}
