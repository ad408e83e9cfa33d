// The health of one configured helpdesk, derived from what its requests returned.
// Pure: the tree turns it into icons and fix-it nodes, connections into request guards.
import * as l10n from '@vscode/l10n';
import { HelpdeskError } from '../../helpdesk/errors';

export type HealthStatus =
  | 'unknown' // not asked yet: nothing is fetched before the user opens the view
  | 'checking'
  | 'connected'
  | 'noCredentials'
  | 'authFailed'
  | 'forbidden'
  | 'unreachable'
  | 'rateLimited'
  | 'maintenance'
  | 'misconfigured'
  | 'clockSkew' // signed requests refused: this machine's clock is off the helpdesk's
  | 'tokenExpired' // a short-lived token ran out: only a new one helps, so nothing retries it
  | 'unsupported';

export interface Health {
  status: HealthStatus;
  /** Why, in words a user understands (the HTTP client has already redacted secrets). */
  detail?: string;
  /** rateLimited: when requests may resume, epoch ms. */
  retryAt?: number;
  /** connected: the name the helpdesk knows us by. */
  me?: string;
}

export type FixCommand = 'setCredentials' | 'refreshInstance' | 'openSettings';

export interface HealthFix {
  label: string;
  command?: FixCommand;
}

export interface IconSpec {
  /** Codicon id. */
  id: string;
  /** Theme colour id. */
  color?: string;
}

const DEFAULT_RATE_LIMIT_MS = 60_000;

/**
 * What a failed request says about the instance as a whole. `undefined` means the
 * failure belongs to that one request (a missing ticket, a refused field) and the
 * instance stays as it was. During the connection check every failure counts: a 404
 * or an HTML page from whoAmI means the address does not lead to a helpdesk API.
 */
export function healthFromError(error: HelpdeskError, now: number, context: 'check' | 'request'): Health | undefined {
  const detail = error.message;
  switch (error.kind) {
    case 'auth':
      return { status: 'authFailed', detail };
    case 'network':
    case 'timeout':
      return { status: 'unreachable', detail };
    case 'rateLimited':
      return { status: 'rateLimited', detail, retryAt: now + (error.retryAfterMs ?? DEFAULT_RATE_LIMIT_MS) };
    case 'maintenance':
      return { status: 'maintenance', detail };
    case 'config':
      return { status: 'misconfigured', detail };
    case 'clock':
      return { status: 'clockSkew', detail };
    case 'tokenExpired':
      return { status: 'tokenExpired', detail };
    case 'unsupported':
      return context === 'check' ? { status: 'unsupported', detail } : undefined;
    case 'forbidden':
      return context === 'check' ? { status: 'forbidden', detail } : undefined;
    case 'server':
      return context === 'check' ? { status: 'unreachable', detail } : undefined;
    case 'notFound':
    case 'protocol':
      return context === 'check' ? { status: 'misconfigured', detail: l10n.t('No helpdesk API answered at this address: {0}', detail) } : undefined;
    case 'validation':
    case 'tooLarge':
    case 'cancelled':
      return undefined;
  }
}

/** Whether a request may go out now; the error explains why not. */
export function requestBlockedBy(health: Health, now: number): HelpdeskError | undefined {
  switch (health.status) {
    case 'authFailed':
      // Vendors such as Jitbit block the caller's IP after a few failed logins: never
      // retry a rejected credential; wait for the user to set a new one.
      return new HelpdeskError('auth', l10n.t('The helpdesk rejected these credentials. Set new credentials to try again.'));
    case 'noCredentials':
      return new HelpdeskError('auth', l10n.t('No credentials are set for this helpdesk.'));
    case 'tokenExpired':
      // Sending the dead token again only earns another 401.
      return new HelpdeskError('tokenExpired', health.detail ?? l10n.t('Token expired'));
    case 'unsupported':
      return new HelpdeskError('unsupported', health.detail ?? l10n.t('This helpdesk type is not supported yet.'));
    case 'misconfigured':
      return new HelpdeskError('config', health.detail ?? l10n.t('The settings for this helpdesk are invalid.'));
    case 'rateLimited':
      if (health.retryAt !== undefined && health.retryAt > now) {
        return new HelpdeskError('rateLimited', l10n.t('Rate limited; retry in {0}s.', secondsUntil(health.retryAt, now)), {
          retryAfterMs: health.retryAt - now,
        });
      }
      return undefined;
    default:
      return undefined;
  }
}

export function isHealthy(health: Health): boolean {
  return health.status === 'connected';
}

/** The short text next to the instance's name. */
export function healthText(health: Health, now: number): string {
  switch (health.status) {
    case 'unknown':
      return '';
    case 'checking':
      return l10n.t('Connecting…');
    case 'connected':
      return health.me ? l10n.t('Connected as {0}', health.me) : l10n.t('Connected');
    case 'noCredentials':
      return l10n.t('No credentials');
    case 'authFailed':
      return l10n.t('Credentials rejected');
    case 'forbidden':
      return l10n.t('Access denied');
    case 'unreachable':
      return l10n.t('Unreachable');
    case 'rateLimited':
      return health.retryAt !== undefined && health.retryAt > now
        ? l10n.t('Rate limited ({0}s)', secondsUntil(health.retryAt, now))
        : l10n.t('Rate limited');
    case 'maintenance':
      return l10n.t('Maintenance');
    case 'misconfigured':
      return l10n.t('Invalid settings');
    case 'clockSkew':
      return l10n.t('Clock off');
    case 'tokenExpired':
      return l10n.t('Token expired');
    case 'unsupported':
      return l10n.t('Not yet supported');
  }
}

/** The one child an unhealthy instance shows: what is wrong and the command that fixes it. */
export function healthFix(health: Health, now: number): HealthFix | undefined {
  switch (health.status) {
    case 'unknown':
    case 'checking':
    case 'connected':
      return undefined;
    case 'noCredentials':
      return { label: l10n.t('No credentials — Set Credentials…'), command: 'setCredentials' };
    case 'authFailed':
      return { label: l10n.t('Credentials rejected — Set Credentials…'), command: 'setCredentials' };
    case 'forbidden':
      return { label: l10n.t('Access denied — Set Credentials…'), command: 'setCredentials' };
    case 'unreachable':
      return { label: l10n.t('Unreachable — Retry'), command: 'refreshInstance' };
    case 'rateLimited':
      return health.retryAt !== undefined && health.retryAt > now
        ? { label: l10n.t('Rate limited — retry in {0}s', secondsUntil(health.retryAt, now)), command: 'refreshInstance' }
        : { label: l10n.t('Rate limited — Retry'), command: 'refreshInstance' };
    case 'maintenance':
      return { label: l10n.t('Maintenance — Retry'), command: 'refreshInstance' };
    case 'misconfigured':
      return { label: l10n.t('Invalid settings — Open Settings'), command: 'openSettings' };
    case 'clockSkew':
      // The detail says by how much; once the clock is set right a retry connects.
      return { label: l10n.t('{0} — Retry', firstClause(health.detail) ?? l10n.t('This computer’s clock is off the helpdesk’s')), command: 'refreshInstance' };
    case 'tokenExpired':
      // The helpdesk's own sentence says what to paste instead ("… or use an API key").
      return { label: firstLine(health.detail) ?? l10n.t('Token expired — Set Credentials…'), command: 'setCredentials' };
    case 'unsupported':
      return { label: l10n.t('Not yet supported') };
  }
}

export function healthIcon(health: Health): IconSpec {
  switch (health.status) {
    case 'unknown':
      return { id: 'inbox' };
    case 'checking':
      return { id: 'loading~spin' };
    case 'connected':
      return { id: 'inbox', color: 'charts.green' };
    case 'noCredentials':
      return { id: 'key', color: 'problemsWarningIcon.foreground' };
    case 'authFailed':
      return { id: 'key', color: 'problemsErrorIcon.foreground' };
    case 'forbidden':
      return { id: 'lock', color: 'problemsErrorIcon.foreground' };
    case 'unreachable':
      return { id: 'debug-disconnect', color: 'problemsErrorIcon.foreground' };
    case 'rateLimited':
      return { id: 'watch', color: 'problemsWarningIcon.foreground' };
    case 'maintenance':
      return { id: 'tools', color: 'problemsWarningIcon.foreground' };
    case 'misconfigured':
      return { id: 'warning', color: 'problemsWarningIcon.foreground' };
    case 'clockSkew':
      return { id: 'watch', color: 'problemsErrorIcon.foreground' };
    case 'tokenExpired':
      return { id: 'key', color: 'problemsWarningIcon.foreground' };
    case 'unsupported':
      return { id: 'circle-slash', color: 'disabledForeground' };
  }
}

function firstLine(text: string | undefined): string | undefined {
  const line = text?.split('\n')[0]?.trim();
  return line ? line : undefined;
}

/** "Your clock is 10 minutes off the helpdesk's (ahead)" from the sentence that explains it. */
function firstClause(text: string | undefined): string | undefined {
  const clause = text?.split(/, so |\. /)[0]?.trim();
  return clause ? clause.replace(/\.$/, '') : undefined;
}

function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 1000));
}
