// The longest time the event loop was held by this thread's own work. A timer ticks every
// few ms; a late tick means the loop was busy. On a machine shared with other work (the
// simulators' worker, other processes), a thread also waits for a CPU while it is ready
// to run, which is not the extension's doing: Linux reports that wait per thread in
// /proc/thread-self/schedstat (ns), and it is taken off each late tick. Elsewhere the
// plain lateness is reported, as monitorEventLoopDelay would.
import { readFileSync } from 'node:fs';

const TICK_MS = 2;
const SCHEDSTAT = '/proc/thread-self/schedstat';

function runQueueWaitMs(): number | undefined {
  try {
    const fields = readFileSync(SCHEDSTAT, 'utf8').trim().split(/\s+/);
    return Number(fields[1]) / 1e6;
  } catch {
    return undefined;
  }
}

export class LoopBlockMeter {
  private timer: NodeJS.Timeout | undefined;
  private longest = 0;

  start(): void {
    let last = performance.now();
    let waited = runQueueWaitMs();
    this.longest = 0;
    this.timer = setInterval(() => {
      const now = performance.now();
      const nowWaited = runQueueWaitMs();
      const stolen = waited !== undefined && nowWaited !== undefined ? nowWaited - waited : 0;
      this.longest = Math.max(this.longest, now - last - TICK_MS - stolen);
      last = now;
      waited = nowWaited;
    }, TICK_MS);
  }

  /** Stops the meter: the longest block in ms. */
  stop(): number {
    clearInterval(this.timer);
    return Math.max(0, Math.round(this.longest));
  }
}
