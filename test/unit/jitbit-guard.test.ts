// The lockout guard on its own: one request at a time until the credential has worked,
// two at most after, nothing at all after a refusal.
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { CredentialGuard } from '../../src/providers/jitbit/guard';

/** A request that finishes when told, recording how many were in flight at once. */
function gate() {
  let inFlight = 0;
  let peak = 0;
  const pending: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  const send = (): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      pending.push({
        resolve: () => {
          inFlight--;
          resolve('ok');
        },
        reject: (error) => {
          inFlight--;
          reject(error);
        },
      });
    });
  const settle = async (how: 'ok' | HelpdeskError) => {
    await new Promise((resolve) => setImmediate(resolve));
    const next = pending.shift();
    if (!next) throw new Error('nothing in flight');
    if (how === 'ok') next.resolve();
    else next.reject(how);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    send,
    settle,
    get peak() {
      return peak;
    },
  };
}

const unauthorized = () => new HelpdeskError('auth', 'The helpdesk did not accept the credentials (401)', { status: 401 });

describe('jitbit: credential guard', () => {
  it('sends one request at a time until one succeeds, then two', async () => {
    const guard = new CredentialGuard();
    const g = gate();
    const calls = [1, 2, 3, 4].map(() => guard.run(g.send));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(g.peak, 1, 'the others wait for the first answer');
    await g.settle('ok');
    assert.equal(g.peak, 2, 'then two go at once');
    await g.settle('ok');
    await g.settle('ok');
    await g.settle('ok');
    await Promise.all(calls);
    assert.equal(g.peak, 2);
  });

  it('after a 401 refuses everything queued and everything later, without sending', async () => {
    const guard = new CredentialGuard();
    let sent = 0;
    const send = async () => {
      sent++;
      throw unauthorized();
    };
    const results = await Promise.allSettled([guard.run(send), guard.run(send), guard.run(send)]);
    assert.equal(sent, 1);
    assert.ok(results.every((r) => r.status === 'rejected' && (r.reason as HelpdeskError).kind === 'auth'));
    assert.match(String((results[1] as PromiseRejectedResult).reason.message), /Not sent/);
    await assert.rejects(guard.run(send), /Not sent/);
    assert.equal(sent, 1);
    assert.ok(guard.rejected);
  });

  it('treats a "blocked after failed logins" answer as a refusal whatever its status', async () => {
    const guard = new CredentialGuard();
    const blocked = new HelpdeskError('forbidden', 'The helpdesk does not allow GET /api/Tickets (403): Too many failed login attempts, IP blocked', { status: 403 });
    await assert.rejects(guard.run(async () => Promise.reject(blocked)), (error: HelpdeskError) => error.kind === 'auth' && /five minutes/.test(error.message));
    assert.ok(guard.rejected);
  });

  it('lets other failures through without refusing the credential', async () => {
    const guard = new CredentialGuard();
    const forbidden = new HelpdeskError('forbidden', 'not a tech', { status: 403 });
    const limited = new HelpdeskError('rateLimited', 'too many requests', { status: 429 });
    await assert.rejects(guard.run(async () => Promise.reject(forbidden)), { kind: 'forbidden' });
    await assert.rejects(guard.run(async () => Promise.reject(limited)), { kind: 'rateLimited' });
    assert.equal(await guard.run(async () => 'fine'), 'fine');
    assert.ok(!guard.rejected);
  });

  it('after a password change mid-session, at most the two requests in flight fail', async () => {
    const guard = new CredentialGuard();
    await guard.run(async () => 'proven');
    let sent = 0;
    const send = () =>
      new Promise<string>((_, reject) => {
        sent++;
        setTimeout(() => reject(unauthorized()), 5);
      });
    await Promise.allSettled([1, 2, 3, 4, 5].map(() => guard.run(send)));
    assert.equal(sent, 2);
  });
});
