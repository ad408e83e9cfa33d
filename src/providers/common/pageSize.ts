// How many tickets a list page asks for: what the caller wants, within what the API serves.

/** When the caller does not say. */
export const DEFAULT_PAGE_SIZE = 50;

/** `size` as a whole number in 1..`max`; DEFAULT_PAGE_SIZE when not given. */
export function pageSizeWithin(size: number | undefined, max: number): number {
  if (size === undefined || !Number.isFinite(size)) return DEFAULT_PAGE_SIZE;
  return Math.min(max, Math.max(1, Math.floor(size)));
}
