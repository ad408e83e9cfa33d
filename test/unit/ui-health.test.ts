import assert from 'node:assert/strict';
import { HelpdeskError, type HelpdeskErrorKind } from '../../src/helpdesk/errors';
import { healthFix, healthFromError, healthIcon, healthText, requestBlockedBy } from '../../src/ui/instances/health';

const NOW = 1_700_000_000_000;

function statusFor(kind: HelpdeskErrorKind, context: 'check' | 'request') {
  return healthFromError(new HelpdeskError(kind, `${kind} happened`), NOW, context)?.status;
}

describe('ui: health from errors', () => {
  it('maps instance-wide failures the same for checks and requests', () => {
    for (const context of ['check', 'request'] as const) {
      assert.equal(statusFor('auth', context), 'authFailed');
      assert.equal(statusFor('network', context), 'unreachable');
      assert.equal(statusFor('timeout', context), 'unreachable');
      assert.equal(statusFor('rateLimited', context), 'rateLimited');
      assert.equal(statusFor('maintenance', context), 'maintenance');
      assert.equal(statusFor('config', context), 'misconfigured');
    }
  });

  it('says on the root by how much the clock is off, offers Retry, and never marks the credentials rejected', () => {
    const error = new HelpdeskError('clock', "Your clock is 10 minutes off the helpdesk's (ahead), so the helpdesk refuses the sign-in tokens. Turn on automatic time.");
    const health = healthFromError(error, NOW, 'request');
    assert.equal(health?.status, 'clockSkew');
    assert.equal(healthText(health!, NOW), 'Clock off');
    assert.deepEqual(healthFix(health!, NOW), { label: "Your clock is 10 minutes off the helpdesk's (ahead) — Retry", command: 'refreshInstance' });
    assert.equal(requestBlockedBy(health!, NOW), undefined, 'a retry may go: the clock may have been set right');
  });

  it('gives an expired token its own state: the helpdesk\'s sentence on the root, Set Credentials, no request and no Retry', () => {
    const said = 'Token expired — paste a new one or use an API key';
    for (const context of ['check', 'request'] as const) {
      const health = healthFromError(new HelpdeskError('tokenExpired', said, { status: 401 }), NOW, context);
      assert.equal(health?.status, 'tokenExpired', context);
      assert.equal(healthText(health!, NOW), 'Token expired');
      assert.deepEqual(healthFix(health!, NOW), { label: said, command: 'setCredentials' });
      assert.equal(requestBlockedBy(health!, NOW)?.kind, 'tokenExpired', 'the dead token is not sent again');
      assert.equal(requestBlockedBy(health!, NOW)?.message, said);
      assert.deepEqual(healthIcon(health!), { id: 'key', color: 'problemsWarningIcon.foreground' });
    }
    assert.deepEqual(healthFix({ status: 'tokenExpired' }, NOW), { label: 'Token expired — Set Credentials…', command: 'setCredentials' });
  });

  it('leaves the instance alone when one request fails for its own reasons', () => {
    for (const kind of ['notFound', 'validation', 'server', 'protocol', 'forbidden', 'tooLarge', 'cancelled'] as const) {
      assert.equal(statusFor(kind, 'request'), undefined, kind);
    }
  });

  it('treats any failure of the connection check as the instance\'s', () => {
    assert.equal(statusFor('forbidden', 'check'), 'forbidden');
    assert.equal(statusFor('notFound', 'check'), 'misconfigured');
    assert.equal(statusFor('protocol', 'check'), 'misconfigured');
    assert.equal(statusFor('server', 'check'), 'unreachable');
    assert.equal(statusFor('unsupported', 'check'), 'unsupported');
  });

  it('takes the rate-limit window from Retry-After, with a default', () => {
    const withHint = healthFromError(new HelpdeskError('rateLimited', 'slow down', { retryAfterMs: 12_000 }), NOW, 'request');
    assert.equal(withHint?.retryAt, NOW + 12_000);
    const without = healthFromError(new HelpdeskError('rateLimited', 'slow down'), NOW, 'request');
    assert.equal(without?.retryAt, NOW + 60_000);
  });
});

describe('ui: request guards', () => {
  it('never sends with a rejected credential', () => {
    assert.equal(requestBlockedBy({ status: 'authFailed' }, NOW)?.kind, 'auth');
    assert.equal(requestBlockedBy({ status: 'noCredentials' }, NOW)?.kind, 'auth');
  });

  it('holds requests until the rate-limit window ends', () => {
    assert.equal(requestBlockedBy({ status: 'rateLimited', retryAt: NOW + 5000 }, NOW)?.kind, 'rateLimited');
    assert.equal(requestBlockedBy({ status: 'rateLimited', retryAt: NOW - 1 }, NOW), undefined);
  });

  it('lets requests through for healthy, unknown and transiently failing instances', () => {
    for (const status of ['connected', 'unknown', 'checking', 'unreachable', 'maintenance', 'forbidden'] as const) {
      assert.equal(requestBlockedBy({ status }, NOW), undefined, status);
    }
  });
});

describe('ui: health wording', () => {
  it('names the fix for each unhealthy state', () => {
    assert.deepEqual(healthFix({ status: 'authFailed' }, NOW), { label: 'Credentials rejected — Set Credentials…', command: 'setCredentials' });
    assert.deepEqual(healthFix({ status: 'unsupported' }, NOW), { label: 'Not yet supported' });
    assert.deepEqual(healthFix({ status: 'misconfigured' }, NOW), { label: 'Invalid settings — Open Settings', command: 'openSettings' });
    assert.deepEqual(healthFix({ status: 'unreachable' }, NOW), { label: 'Unreachable — Retry', command: 'refreshInstance' });
    assert.equal(healthFix({ status: 'rateLimited', retryAt: NOW + 41_500 }, NOW)?.label, 'Rate limited — retry in 42s');
    assert.equal(healthFix({ status: 'maintenance' }, NOW)?.command, 'refreshInstance');
    assert.equal(healthFix({ status: 'connected' }, NOW), undefined);
  });

  it('describes the state next to the instance name', () => {
    assert.equal(healthText({ status: 'connected', me: 'Ada' }, NOW), 'Connected as Ada');
    assert.equal(healthText({ status: 'unknown' }, NOW), '');
    assert.equal(healthText({ status: 'noCredentials' }, NOW), 'No credentials');
  });

  it('colours problem icons', () => {
    assert.deepEqual(healthIcon({ status: 'authFailed' }), { id: 'key', color: 'problemsErrorIcon.foreground' });
    assert.equal(healthIcon({ status: 'checking' }).id, 'loading~spin');
  });
});
