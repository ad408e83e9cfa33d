// When the loaded views are refreshed by themselves: every `helpdesk.autoRefreshMinutes`
// while the window is focused, never while it is not (nobody is looking, and a laptop on a
// train would keep knocking), and once when focus comes back if a refresh fell due meanwhile.
// A long gap between two ticks (the machine slept) is reported so the caller summarises
// instead of notifying one by one. No vscode here: clock, timers and focus are injected.
import type { Disposable } from '../events';
import type { RecoveryTimers, WindowFocus } from '../instances/recovery';

export interface RefreshTick {
  /** The window came back into focus and this is the catch-up of a refresh missed meanwhile. */
  catchUp: boolean;
  /** Far longer than the interval passed since the last refresh (sleep, a long unfocused stretch). */
  afterLongGap: boolean;
}

export interface RefreshSchedulerOptions {
  /** Minutes between refreshes; 0 (or less) turns them off. Read at every arming. */
  intervalMinutes: () => number;
  focus: WindowFocus;
  timers: RecoveryTimers;
  /** One refresh; the next one is timed from when it settles, so two never overlap. */
  refresh: (tick: RefreshTick) => Promise<void>;
}

/** A gap of more than this many intervals between refreshes counts as a long one. */
export const LONG_GAP_INTERVALS = 3;

export class RefreshScheduler implements Disposable {
  private timer: unknown;
  private running = false;
  /** When the last refresh started (or the scheduler started), epoch ms of the injected clock. */
  private lastAt: number;
  private readonly subscription: Disposable;
  private disposed = false;

  constructor(private readonly options: RefreshSchedulerOptions) {
    this.lastAt = options.timers.now();
    this.subscription = options.focus.onDidChange((focused) => (focused ? this.resume() : this.pause()));
    this.arm();
  }

  /** The setting changed: time the next refresh from the last one with the new interval. */
  settingsChanged(): void {
    this.arm();
  }

  /** Someone refreshed by hand: the next automatic one waits a whole interval from now. */
  refreshedByHand(): void {
    this.lastAt = this.options.timers.now();
    this.arm();
  }

  /** Epoch ms the next refresh is due, or undefined when off or paused. */
  get dueAt(): number | undefined {
    const interval = this.intervalMs();
    if (interval === undefined || !this.options.focus.focused) return undefined;
    return this.lastAt + interval;
  }

  dispose(): void {
    this.disposed = true;
    this.disarm();
    this.subscription.dispose();
  }

  private intervalMs(): number | undefined {
    const minutes = this.options.intervalMinutes();
    return Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : undefined;
  }

  private arm(): void {
    this.disarm();
    if (this.disposed || this.running) return;
    const due = this.dueAt;
    if (due === undefined) return;
    const wait = Math.max(0, due - this.options.timers.now());
    this.timer = this.options.timers.setTimeout(() => void this.fire(false), wait);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.options.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private pause(): void {
    this.disarm();
  }

  /** Back in focus: one refresh now if one fell due while away, else carry on with the timer. */
  private resume(): void {
    const interval = this.intervalMs();
    if (interval === undefined || this.running) return;
    if (this.options.timers.now() >= this.lastAt + interval) {
      this.disarm();
      void this.fire(true);
    } else {
      this.arm();
    }
  }

  private async fire(catchUp: boolean): Promise<void> {
    this.timer = undefined;
    const interval = this.intervalMs();
    if (this.disposed || this.running || interval === undefined || !this.options.focus.focused) return;
    const now = this.options.timers.now();
    const afterLongGap = now - this.lastAt > interval * LONG_GAP_INTERVALS;
    this.lastAt = now;
    this.running = true;
    try {
      await this.options.refresh({ catchUp, afterLongGap });
    } catch {
      // The refresh reports its own failures on the tree; the schedule goes on.
    } finally {
      this.running = false;
    }
    this.arm();
  }
}
