// Text helpers every part of the UI writes with (the tree, code-link CodeLens and hovers).
import * as l10n from '@vscode/l10n';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

/** "just now", "5m ago", "3h ago", "2d ago", "3w ago", "4mo ago", "2y ago". */
export function relativeTime(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  // A helpdesk clock slightly ahead of ours must not read as "in 2 minutes".
  const elapsed = Math.max(0, now - then);
  if (elapsed < MINUTE) return l10n.t('just now');
  if (elapsed < HOUR) return l10n.t('{0}m ago', Math.floor(elapsed / MINUTE));
  if (elapsed < DAY) return l10n.t('{0}h ago', Math.floor(elapsed / HOUR));
  if (elapsed < WEEK) return l10n.t('{0}d ago', Math.floor(elapsed / DAY));
  if (elapsed < MONTH) return l10n.t('{0}w ago', Math.floor(elapsed / WEEK));
  if (elapsed < YEAR) return l10n.t('{0}mo ago', Math.floor(elapsed / MONTH));
  return l10n.t('{0}y ago', Math.floor(elapsed / YEAR));
}

/** Backslash-escapes Markdown punctuation so a subject cannot become a link or heading. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (char) => `\\${char}`);
}
