// Dates, sizes and names as people read them.

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
const shortDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function parseDate(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** "just now", "5 minutes ago", "yesterday"; past a month, the date itself. */
export function relativeTime(iso: string, now = Date.now()): string {
  const date = parseDate(iso);
  if (!date) return iso;
  const elapsed = now - date.getTime();
  const abs = Math.abs(elapsed);
  if (abs < 45_000) return 'just now';
  if (abs < HOUR) return relative.format(-Math.round(elapsed / MINUTE), 'minute');
  if (abs < DAY) return relative.format(-Math.round(elapsed / HOUR), 'hour');
  if (abs < 30 * DAY) return relative.format(-Math.round(elapsed / DAY), 'day');
  return shortDate.format(date);
}

export function absoluteTime(iso: string): string {
  const date = parseDate(iso);
  return date ? absolute.format(date) : iso;
}

export function fileSize(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function initials(name: string): string {
  const words = name.replace(/[<(].*$/, '').trim().split(/[\s._@-]+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = words[0][0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1][0] ?? '') : '';
  return (first + last).toUpperCase();
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
