// The clock, timers and window focus the refresh scheduler runs on. The real ones come from
// Node and vscode.window.state; ManualClock lets a test (unit, or the integration suite
// through the test API) move time and focus by hand.
import { Emitter, type Event } from '../events';
import type { RecoveryTimers, WindowFocus } from '../instances/recovery';

export interface SchedulerClock {
  timers: RecoveryTimers;
  focus: WindowFocus;
}

interface ManualTimer {
  id: number;
  at: number;
  callback: () => void;
}

export class ManualClock implements SchedulerClock {
  private current: number;
  private focused: boolean;
  private nextId = 1;
  private readonly pending = new Map<number, ManualTimer>();
  private readonly focusChanged = new Emitter<boolean>();

  constructor(start = Date.now(), focused = true) {
    this.current = start;
    this.focused = focused;
    const isFocused = () => this.focused;
    const onDidChange: Event<boolean> = this.focusChanged.event;
    this.focus = {
      get focused() {
        return isFocused();
      },
      onDidChange,
    };
  }

  readonly timers: RecoveryTimers = {
    now: () => this.current,
    setTimeout: (callback, ms) => {
      const id = this.nextId++;
      this.pending.set(id, { id, at: this.current + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout: (handle) => {
      if (typeof handle === 'number') this.pending.delete(handle);
    },
  };

  readonly focus: WindowFocus;

  now(): number {
    return this.current;
  }

  /** Timers waiting, for assertions. */
  get pendingTimers(): number {
    return this.pending.size;
  }

  setFocused(focused: boolean): void {
    if (focused === this.focused) return;
    this.focused = focused;
    this.focusChanged.fire(focused);
  }

  /** Moves time forward, running every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const due = [...this.pending.values()].filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.pending.delete(due.id);
      this.current = Math.max(this.current, due.at);
      due.callback();
    }
    this.current = end;
  }

  /** Jumps the clock without running timers on the way (a machine waking from sleep runs them late). */
  jump(ms: number): void {
    this.current += ms;
  }
}
