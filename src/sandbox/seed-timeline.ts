// When seed tickets happen, the same in every simulator: dates laid out before an epoch,
// thinning out into the past. Tests use the fixed SEED_EPOCH so dates do not drift with
// the wall clock; the sandbox passes its start time, so the newest tickets read "minutes
// ago" whatever the day (the offsets from the epoch are the same either way).
import type { Rng } from './prng';

/** Seed dates end here by default (2025-06-02 09:00 UTC). */
export const SEED_EPOCH = Date.UTC(2025, 5, 2, 9, 0, 0);
export const DEFAULT_SEED = 20250602;
export const DAY = 86_400_000;
export const MINUTE = 60_000;
/** How far back the oldest seed ticket goes. */
const SPAN_DAYS = 540;

/**
 * The creation time of the `index`th of `total` tickets: ids grow with time, as in a real
 * helpdesk. Times thin out into the past (a growing helpdesk): about 16% of tickets fall
 * in the last 30 days, so the open queues have enough recent ones to page through.
 */
export function creationTime(index: number, total: number, rng: Rng, epoch: number = SEED_EPOCH): number {
  const at = (position: number): number => epoch - MINUTE - SPAN_DAYS * DAY * (1 - position) ** 1.6;
  const from = at(index / total);
  const to = at((index + 1) / total);
  return Math.floor(from + (to - from) * rng.next() * 0.9);
}

/** The epoch the sandbox seeds with: `now` to the whole minute (the same minute gives the same data). */
export function epochAt(now: number): number {
  return Math.floor(now / MINUTE) * MINUTE;
}
