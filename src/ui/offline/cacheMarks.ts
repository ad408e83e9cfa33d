// When the offline cache stands in for the helpdesk, and how the tree and the panel say so.
// Only an unreachable helpdesk counts: a refusal (credentials, permissions, a missing
// ticket) must be shown as it is, never papered over with yesterday's copy.
import * as l10n from '@vscode/l10n';
import type { HelpdeskError } from '../../helpdesk/errors';

/** Failures that mean "the helpdesk cannot be reached now": the cache may answer instead. */
export function isOfflineFailure(error: HelpdeskError): boolean {
  return error.kind === 'network' || error.kind === 'timeout' || error.kind === 'maintenance' || error.kind === 'server';
}

/**
 * Failures of a send that mean "it never got through": the outbox takes the reply or status
 * change. A plain 5xx is not one of them: the helpdesk answered, and sending the same thing
 * again later would likely fail the same way, so the panel shows the error with the draft kept.
 */
export function isUnreachableFailure(error: HelpdeskError): boolean {
  return error.kind === 'network' || error.kind === 'timeout' || error.kind === 'maintenance';
}

/**
 * Health (instances/health.ts HealthStatus) of a helpdesk that is away; a 5xx at the
 * connection check is `unreachable` too. Takes the plain string so this folder needs nothing from instances/.
 */
export function isOfflineStatus(status: string): boolean {
  return status === 'unreachable' || status === 'maintenance';
}

/** "10:42", or "3 Dec, 10:42" when it was not today (the user's locale). */
export function asOfTime(savedAt: number, now: number): string {
  const saved = new Date(savedAt);
  const time = saved.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (saved.toDateString() === new Date(now).toDateString()) return time;
  const date = saved.toLocaleDateString(undefined, { day: 'numeric', month: 'short', ...(saved.getFullYear() !== new Date(now).getFullYear() && { year: 'numeric' }) });
  return `${date}, ${time}`;
}

/** A list's description while its rows come from the cache (or were loaded before it went away). */
export function offlineListMark(savedAt: number, now: number): string {
  return l10n.t('offline — as of {0}', asOfTime(savedAt, now));
}

/** The banner over a ticket panel showing the cached ticket. */
export function offlinePanelBanner(savedAt: number, now: number): string {
  return l10n.t('Offline — as of {0}; replies go to the outbox', asOfTime(savedAt, now));
}
