// Reconnects by itself to a helpdesk that went away for a reason that passes: the network or
// the server was down, it rate-limited us, it was in maintenance. Never for what only the user
// can fix (rejected credentials — Jitbit locks the account after three failed logins — an
// expired token, a clock that is off, bad settings): those statuses are simply not listed.
// Attempts back off exponentially with jitter, wait out a rate limit, and pause while the
// window is unfocused (nobody is looking, and a laptop on a train would keep knocking); the
// user coming back gets one prompt attempt. No vscode here: clock, timers and focus are injected.
import * as l10n from '@vscode/l10n';
import { Emitter, type Disposable, type Event } from '../events';
import type { Health, HealthStatus } from './health';

/** Statuses that pass by themselves, so trying again later can help. */
const RECOVERABLE: ReadonlySet<HealthStatus> = new Set<HealthStatus>(['unreachable', 'rateLimited', 'maintenance']);
/** Someone (the Retry row, Refresh All, our own attempt) is connecting right now. */
const IN_PROGRESS: ReadonlySet<HealthStatus> = new Set<HealthStatus>(['unknown', 'checking']);

export interface BackoffPolicy {
  /** Wait before the first attempt; each further one waits twice as long. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { firstDelayMs: 5_000, maxDelayMs: 5 * 60_000 };
/** Each delay is spread this much either way, so windows that lost the same server do not return in step. */
export const JITTER = 0.2;
/** Added after a rate limit ends, for the same reason. */
export const RATE_LIMIT_JITTER_MS = 1_000;

/** The delay before attempt number `failures + 1`: first, 2×first, 4×first … up to the cap, ±JITTER. */
export function reconnectDelay(failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const nominal = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, failures));
  return Math.min(policy.maxDelayMs, Math.round(nominal * (1 - JITTER + 2 * JITTER * random())));
}

export interface RecoveryTarget {
  readonly id: string;
  readonly health: Health;
}

/** What Connections offers: the instances and their health changes. */
export interface RecoverySource<T extends RecoveryTarget> {
  all(): readonly T[];
  readonly onDidChangeHealth: Event<T>;
  readonly onDidChangeList: Event<void>;
}

export interface WindowFocus {
  readonly focused: boolean;
  readonly onDidChange: Event<boolean>;
}

export interface RecoveryTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: RecoveryTimers = {
  now: Date.now,
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    timer.unref?.();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface RecoveryOptions<T extends RecoveryTarget> {
  source: RecoverySource<T>;
  /** One attempt: forget the failure and connect again; settles when the answer is known. */
  reconnect(target: T): Promise<unknown>;
  focus: WindowFocus;
  policy: () => BackoffPolicy;
  timers?: RecoveryTimers;
  random?: () => number;
  log?: (message: string) => void;
}

/** When the next attempt is, for the tree to say. */
export interface RetryPlan {
  /** Epoch ms the attempt is due. */
  at: number;
  /** The window is unfocused: nothing is tried until it is focused again. */
  paused: boolean;
}

interface Pending {
  failures: number;
  dueAt?: number;
  timer?: unknown;
  running: boolean;
  lastAttemptAt?: number;
}

export class Recovery<T extends RecoveryTarget> implements Disposable {
  private readonly pending = new Map<T, Pending>();
  private readonly timers: RecoveryTimers;
  private readonly random: () => number;
  private readonly subscriptions: Disposable[];
  private readonly changed = new Emitter<T>();
  /** A target's plan changed (scheduled, paused, resumed, started, stopped). */
  readonly onDidChange: Event<T> = this.changed.event;

  constructor(private readonly options: RecoveryOptions<T>) {
    this.timers = options.timers ?? realTimers;
    this.random = options.random ?? Math.random;
    this.subscriptions = [
      options.source.onDidChangeHealth((target) => this.healthChanged(target)),
      options.source.onDidChangeList(() => this.forgetRemoved()),
      options.focus.onDidChange((focused) => (focused ? this.resume() : this.pause())),
    ];
  }

  planFor(target: T): RetryPlan | undefined {
    const state = this.pending.get(target);
    if (!state || state.running || state.dueAt === undefined) return undefined;
    return { at: state.dueAt, paused: !this.options.focus.focused };
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    for (const state of this.pending.values()) this.disarm(state);
    this.pending.clear();
    this.changed.dispose();
  }

  private healthChanged(target: T): void {
    const state = this.pending.get(target);
    // Our own attempt decides what comes next once it has settled.
    if (state?.running) return;
    const health = target.health;
    if (IN_PROGRESS.has(health.status)) {
      // Someone else is connecting: no attempt of ours alongside; keep the count of failures.
      if (state && state.dueAt !== undefined) {
        this.disarm(state);
        state.dueAt = undefined;
        this.changed.fire(target);
      }
      return;
    }
    if (!RECOVERABLE.has(health.status)) return this.stop(target);
    if (!state || state.dueAt === undefined) return this.schedule(target, state ?? { failures: 0, running: false });
    // Already waiting: only a rate limit that ends later than planned moves the attempt.
    const limitEnds = rateLimitEnd(health, this.random);
    if (limitEnds !== undefined && limitEnds > state.dueAt) {
      state.dueAt = limitEnds;
      this.arm(target, state);
      this.changed.fire(target);
    }
  }

  private schedule(target: T, state: Pending): void {
    const now = this.timers.now();
    const delay = reconnectDelay(state.failures, this.options.policy(), this.random);
    state.failures += 1;
    state.dueAt = Math.max(now + delay, rateLimitEnd(target.health, this.random) ?? 0);
    this.pending.set(target, state);
    this.arm(target, state);
    this.log(target, `${target.health.status}: next reconnect in ${Math.round((state.dueAt - now) / 100) / 10} s${this.options.focus.focused ? '' : ' (paused while the window is unfocused)'}`);
    this.changed.fire(target);
  }

  private arm(target: T, state: Pending): void {
    this.disarm(state);
    if (!this.options.focus.focused || state.dueAt === undefined) return;
    const wait = Math.max(0, state.dueAt - this.timers.now());
    state.timer = this.timers.setTimeout(() => void this.attempt(target, state), wait);
  }

  private disarm(state: Pending): void {
    if (state.timer !== undefined) this.timers.clearTimeout(state.timer);
    state.timer = undefined;
  }

  private async attempt(target: T, state: Pending): Promise<void> {
    state.timer = undefined;
    if (this.pending.get(target) !== state || state.running || !this.options.focus.focused) return;
    state.running = true;
    state.dueAt = undefined;
    state.lastAttemptAt = this.timers.now();
    this.log(target, `reconnecting (attempt ${state.failures})`);
    this.changed.fire(target);
    try {
      await this.options.reconnect(target);
    } catch (error) {
      this.log(target, `reconnect failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      state.running = false;
    }
    if (this.pending.get(target) !== state) return; // removed meanwhile
    const status = target.health.status;
    if (RECOVERABLE.has(status)) this.schedule(target, state);
    else if (!IN_PROGRESS.has(status)) this.stop(target);
    // In progress: another check took over; its outcome arrives as a health change.
  }

  private stop(target: T): void {
    const state = this.pending.get(target);
    if (!state) return;
    this.disarm(state);
    this.pending.delete(target);
    if (target.health.status === 'connected') this.log(target, 'reconnected');
    this.changed.fire(target);
  }

  private pause(): void {
    for (const [target, state] of this.pending) {
      if (state.timer === undefined) continue;
      this.disarm(state);
      this.changed.fire(target);
    }
  }

  /** Back in focus: try soon (no sooner than the first delay after the last attempt, nor inside a rate limit). */
  private resume(): void {
    const now = this.timers.now();
    const gap = this.options.policy().firstDelayMs;
    for (const [target, state] of this.pending) {
      if (state.running || state.dueAt === undefined) continue;
      const health = target.health;
      const earliest = Math.max(
        now,
        state.lastAttemptAt === undefined ? now : state.lastAttemptAt + gap,
        health.status === 'rateLimited' ? (health.retryAt ?? 0) : 0,
      );
      state.dueAt = Math.min(state.dueAt, earliest);
      this.arm(target, state);
      this.changed.fire(target);
    }
  }

  private forgetRemoved(): void {
    const live = new Set(this.options.source.all());
    for (const [target, state] of this.pending) {
      if (live.has(target)) continue;
      this.disarm(state);
      this.pending.delete(target);
    }
  }

  private log(target: T, message: string): void {
    this.options.log?.(`[${target.id}] ${message}`);
  }
}

function rateLimitEnd(health: Health, random: () => number): number | undefined {
  if (health.status !== 'rateLimited' || health.retryAt === undefined) return undefined;
  return health.retryAt + Math.round(random() * RATE_LIMIT_JITTER_MS);
}

/**
 * "retrying in 20 s" / "in 3 min" / "when this window is focused". Seconds in steps of five,
 * so the tree redraws the root every five seconds at most (a redraw drops the rows' commands
 * for a moment, and a click then would miss).
 */
export function retryText(plan: RetryPlan, now: number): string {
  if (plan.paused) return l10n.t('retrying when this window is focused');
  const remaining = Math.max(0, plan.at - now);
  if (remaining <= 60_000) return l10n.t('retrying in {0} s', Math.max(5, Math.ceil(remaining / 5_000) * 5));
  return l10n.t('retrying in {0} min', Math.ceil(remaining / 60_000));
}

/** How long until retryText would say something else (undefined: not until the plan changes). */
export function retryTextChangesIn(plan: RetryPlan, now: number): number | undefined {
  if (plan.paused) return undefined;
  const remaining = plan.at - now;
  if (remaining <= 5_000) return undefined;
  if (remaining <= 60_000) return remaining - (Math.ceil(remaining / 5_000) - 1) * 5_000;
  return remaining - Math.max(60_000, (Math.ceil(remaining / 60_000) - 1) * 60_000);
}
