// Helpers for faults.test.mts: when each request reached a simulator (their logs carry no
// times), grouping those into connection attempts, bringing a stopped DeskPRO back on its
// port with the same keys, and taking the window's focus away from the workbench for real.
import type { Page } from 'playwright-core';
import { startDeskproSimulator, type DeskproSimulator } from '../../../src/sandbox/deskpro/index.js';
import { until } from './ui.mjs';

/**
 * Notes when each request first appears in a simulator's log, polling every `intervalMs`
 * (the simulators run in this process, so a poll costs nothing). Accurate to the interval.
 */
export class RequestTimes<Entry> {
  readonly seen: Array<{ entry: Entry; at: number }> = [];
  private count: number;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly requests: readonly Entry[],
    intervalMs = 25,
  ) {
    this.count = requests.length;
    this.timer = setInterval(() => this.poll(), intervalMs);
  }

  poll(): void {
    for (; this.count < this.requests.length; this.count++) this.seen.push({ entry: this.requests[this.count]!, at: Date.now() });
  }

  /** Arrival times of the requests `wanted` accepts. */
  times(wanted: (entry: Entry) => boolean): number[] {
    this.poll();
    return this.seen.filter(({ entry }) => wanted(entry)).map(({ at }) => at);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * Requests into attempts: the HTTP client repeats a failed read a few times within a second
 * (250 ms, then 500 ms, with jitter); a new attempt starts after a longer quiet spell.
 */
export function attempts(times: readonly number[], quietMs = 1_000): number[][] {
  const groups: number[][] = [];
  for (const at of times) {
    const last = groups[groups.length - 1];
    if (last && at - last[last.length - 1]! < quietMs) last.push(at);
    else groups.push([at]);
  }
  return groups;
}

/** The quiet time before each attempt after the first: from the previous attempt's last request. */
export function gapsBetween(groups: readonly number[][]): number[] {
  return groups.slice(1).map((group, i) => group[0]! - groups[i]![groups[i]!.length - 1]!);
}

/** A DeskPRO that was stopped, started again on the same port with the same keys (fresh data). */
export async function restartDeskpro(stopped: DeskproSimulator): Promise<DeskproSimulator> {
  await stopped.close();
  return startDeskproSimulator({
    port: Number(new URL(stopped.url).port),
    apiKey: stopped.apiKey,
    apiToken: stopped.apiToken,
    restrictedApiKey: stopped.restrictedApiKey,
  });
}

/**
 * Takes the focus away from the workbench the way switching to another window does.
 *
 * The workbench tells the extension host `focused` from `document.hasFocus()`, read when the
 * window's focus, blur or visibilitychange events fire. Playwright emulates focus for every
 * page, so `hasFocus()` stays true whatever happens, and a synthetic `blur` event changes
 * nothing. So: focus emulation off for the workbench (a DevTools protocol switch), then
 * another page brought to the front — the workbench then gets a real blur with
 * `hasFocus()` false. The returned function brings the workbench back to the front (a real
 * focus event) and turns the emulation on again.
 */
export async function takeFocusAway(page: Page): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
  const other = await page.context().newPage();
  await other.bringToFront();
  await until('the workbench to lose focus', async () => !(await page.evaluate(() => document.hasFocus())), { timeoutMs: 10_000 });
  return async () => {
    await other.close();
    await page.bringToFront();
    await until('the workbench to have focus again', () => page.evaluate(() => document.hasFocus()), { timeoutMs: 10_000 });
    await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: true });
    await cdp.detach();
  };
}
