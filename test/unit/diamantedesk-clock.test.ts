// The server's clock for WSSE: the offset learnt from Date headers, `Created` never ahead
// of the server, one retry when a 401 shows the clock was the reason, the clock message
// after that, and a wrong key costing exactly one request.
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { silentLogger } from '../../src/helpdesk/log';
import {
  clockError,
  CREATED_MARGIN_MS,
  describeSkew,
  MAX_COMPENSATED_SKEW_MS,
  sendWithClock,
  ServerClock,
} from '../../src/providers/diamantedesk/clock';
import { API_KEY, type FakeDiamante, providerFor, startFakeDiamante, USERNAME } from './diamantedesk-fake-server.test';

const MINUTE = 60_000;

function dateHeader(ms: number): Record<string, string> {
  return { date: new Date(ms).toUTCString() };
}

function unauthorized(message = 'The helpdesk did not accept the credentials (401)'): HelpdeskError {
  return new HelpdeskError('auth', message, { status: 401 });
}

describe('diamantedesk clock', () => {
  describe('ServerClock', () => {
    let local: number;
    let clock: ServerClock;

    beforeEach(() => {
      local = Date.UTC(2024, 2, 1, 12, 0, 0, 400);
      clock = new ServerClock(() => local);
    });

    it('stamps a few seconds behind this computer until it has heard from the server', () => {
      assert.equal(clock.created(), new Date(Math.floor((local - CREATED_MARGIN_MS) / 1000) * 1000).toISOString().replace('.000', ''));
    });

    it('learns the offset from any response, a 401 included, and stamps on the server clock', () => {
      clock.observe(401, dateHeader(local + 2 * MINUTE));
      assert.ok(Math.abs(clock.offsetMs - 2 * MINUTE) <= 1000, String(clock.offsetMs));
      const created = Date.parse(clock.created());
      assert.ok(created <= local + 2 * MINUTE - CREATED_MARGIN_MS + 1000);
      assert.ok(created >= local + 2 * MINUTE - CREATED_MARGIN_MS - 2000);
    });

    it('never stamps ahead of the server, whatever the skew within the compensated range', () => {
      for (let i = 0; i < 500; i++) {
        const skew = Math.round((Math.random() * 2 - 1) * MAX_COMPENSATED_SKEW_MS);
        const serverNow = local + skew;
        clock.observe(200, dateHeader(serverNow));
        // Time passes between the response and the next request; the server's clock with it.
        local += Math.round(Math.random() * 3000);
        const created = Date.parse(clock.created());
        assert.ok(created <= Math.floor((local + skew) / 1000) * 1000, `skew ${skew}: ${clock.created()}`);
      }
    });

    it('ignores a missing or unreadable Date', () => {
      clock.observe(200, {});
      clock.observe(200, { date: 'yesterday-ish' });
      assert.equal(clock.offsetMs, 0);
    });

    it('counts a 401 as a clock refusal only when its Date shows the stamp was off', () => {
      clock.observe(401, dateHeader(local));
      assert.equal(clock.skewRejections, 0, 'clocks agree: the key was refused');
      clock.observe(200, dateHeader(local - 3 * MINUTE));
      assert.equal(clock.skewRejections, 0, 'a success is never a refusal');
      clock.observe(401, dateHeader(local - 3 * MINUTE));
      assert.equal(clock.skewRejections, 0, 'stamped on the learnt offset: not the clock');
      const fresh = new ServerClock(() => local);
      fresh.observe(401, dateHeader(local - 3 * MINUTE));
      assert.equal(fresh.skewRejections, 1, 'stamped 3 minutes ahead of the server');
      const behind = new ServerClock(() => local);
      behind.observe(401, dateHeader(local + 61 * MINUTE));
      assert.equal(behind.skewRejections, 1, 'stamped more than the token lifetime ago');
    });

    it('makes up for at most a few minutes', () => {
      clock.observe(200, dateHeader(local - 10 * MINUTE));
      assert.ok(clock.beyondCompensation);
      const created = Date.parse(clock.created());
      assert.ok(Math.abs(created - (local - MAX_COMPENSATED_SKEW_MS - CREATED_MARGIN_MS)) <= 1000);
    });

    it('describes skews in words', () => {
      assert.equal(describeSkew(-10 * MINUTE), '10 minutes');
      assert.equal(describeSkew(61_000), '1 minute');
      assert.equal(describeSkew(-40_400), '40 seconds');
      assert.equal(describeSkew(1000), '1 second');
      assert.match(clockError(-10 * MINUTE).message, /^Your clock is 10 minutes off the helpdesk's \(ahead\)/);
      assert.match(clockError(2 * MINUTE).message, /^Your clock is 2 minutes off the helpdesk's \(behind\)/);
      assert.match(clockError(1000).message, /agrees with this computer's/);
      assert.equal(clockError(0).kind, 'clock');
    });
  });

  describe('sendWithClock', () => {
    it('passes answers and non-401 errors through, one call each', async () => {
      const clock = new ServerClock();
      let calls = 0;
      assert.equal(await sendWithClock(async () => ++calls, clock, silentLogger), 1);
      await assert.rejects(
        sendWithClock(async () => {
          calls++;
          throw new HelpdeskError('server', 'boom', { status: 500 });
        }, clock, silentLogger),
        { kind: 'server' },
      );
      assert.equal(calls, 2);
    });

    it('does not repeat a 401 that says nothing about the clock', async () => {
      let calls = 0;
      await assert.rejects(
        sendWithClock(async () => {
          calls++;
          throw unauthorized();
        }, new ServerClock(), silentLogger),
        { kind: 'auth', status: 401 },
      );
      assert.equal(calls, 1);
    });

    it('repeats once on "Future token detected", then reports the clock', async () => {
      let calls = 0;
      const future = () => {
        calls++;
        throw unauthorized('The helpdesk did not accept the credentials (401): Future token detected.');
      };
      await assert.rejects(sendWithClock(async () => future(), new ServerClock(), silentLogger), (error: unknown) => {
        assert.ok(error instanceof HelpdeskError);
        assert.equal(error.kind, 'clock');
        return true;
      });
      assert.equal(calls, 2);
      calls = 0;
      let first = true;
      const once = async () => {
        calls++;
        if (first) {
          first = false;
          throw unauthorized('The helpdesk did not accept the credentials (401): Token has expired.');
        }
        return 'ok';
      };
      assert.equal(await sendWithClock(once, new ServerClock(), silentLogger), 'ok');
      assert.equal(calls, 2);
    });
  });

  describe('against a server', () => {
    let fake: FakeDiamante;
    const authRoutes = () => fake.requests.map((r) => `${r.route} ${r.auth}`);

    beforeEach(async () => {
      fake = await startFakeDiamante();
    });

    afterEach(async () => {
      await fake.close();
    });

    it('a clock 2 minutes ahead: one refused request, one retry on the server clock, then no more 401s', async () => {
      fake.skewMs = -2 * MINUTE;
      const { provider, logLines } = providerFor(fake);
      try {
        const me = await provider.whoAmI();
        assert.equal(me.name, 'Ada Admin');
        assert.deepEqual(authRoutes(), ['user/filter Future token detected.', 'user/filter ok']);
        const [first, second] = fake.requests;
        assert.notEqual(first?.nonce, second?.nonce);
        assert.ok(Date.parse(second?.created ?? '') <= Date.now() + fake.skewMs);
        assert.ok(logLines.some((line) => /once more on the helpdesk's clock/.test(line)));
        await provider.listTickets({ view: 'open' });
        assert.ok(fake.requests.slice(2).every((r) => r.auth === 'ok'), authRoutes().join('\n'));
      } finally {
        await provider.dispose();
      }
    });

    it('still refused after the retry: "Your clock is 2 minutes off the helpdesk\'s"', async () => {
      fake.skewMs = -2 * MINUTE;
      fake.authStyle = 'diamante';
      fake.forceFuture = 1;
      const { provider } = providerFor(fake);
      try {
        await assert.rejects(provider.whoAmI(), (error: unknown) => {
          assert.ok(error instanceof HelpdeskError);
          assert.equal(error.kind, 'clock');
          assert.equal(error.status, 401);
          assert.match(error.message, /^Your clock is 2 minutes off the helpdesk's/);
          assert.match(error.message, /automatic date and time/);
          return true;
        });
        assert.equal(fake.requests.length, 2);
      } finally {
        await provider.dispose();
      }
    });

    it('a body that says "Future token detected" while the clocks agree: one retry, then the server clock is blamed', async () => {
      fake.authStyle = 'diamante';
      fake.forceFuture = 2;
      const { provider } = providerFor(fake);
      try {
        await assert.rejects(provider.whoAmI(), /check the server's clock/);
        assert.equal(fake.requests.length, 2);
      } finally {
        await provider.dispose();
      }
    });

    it('a clock 10 minutes ahead: the clock message after exactly one request', async () => {
      fake.skewMs = -10 * MINUTE;
      const { provider } = providerFor(fake);
      try {
        await assert.rejects(provider.whoAmI(), (error: unknown) => {
          assert.ok(error instanceof HelpdeskError);
          assert.equal(error.kind, 'clock');
          assert.match(error.message, /^Your clock is 10 minutes off the helpdesk's \(ahead\)/);
          return true;
        });
        assert.equal(fake.requests.length, 1);
      } finally {
        await provider.dispose();
      }
    });

    it('a clock 10 minutes behind is still within the token lifetime: no 401 at all', async () => {
      fake.skewMs = 10 * MINUTE;
      const { provider } = providerFor(fake);
      try {
        await provider.whoAmI();
        await provider.listTickets({ view: 'open' });
        assert.ok(fake.requests.every((r) => r.auth === 'ok'), authRoutes().join('\n'));
      } finally {
        await provider.dispose();
      }
    });

    it('a wrong key: HelpdeskError(auth) after exactly one request, and nothing more is sent with it', async () => {
      const { provider } = providerFor(fake, {}, { username: USERNAME, secret: 'wrong-key-123' });
      try {
        await assert.rejects(provider.whoAmI(), (error: unknown) => {
          assert.ok(error instanceof HelpdeskError);
          assert.equal(error.kind, 'auth');
          assert.equal(error.status, 401);
          assert.ok(!error.message.includes('wrong-key-123'));
          assert.match(error.message, /did not accept the credentials \(401\)\. Check the user name, and use the API key/);
          return true;
        });
        assert.equal(fake.requests.length, 1);
        await assert.rejects(provider.listTickets({ view: 'open' }), { kind: 'auth' });
        await assert.rejects(provider.whoAmI(), { kind: 'auth' });
        assert.equal(fake.requests.length, 1);
      } finally {
        await provider.dispose();
      }
    });

    it('a wrong key with many requests at once: still one 401', async () => {
      fake.delayMs = 20;
      const { provider } = providerFor(fake, {}, { username: USERNAME, secret: 'wrong-key-123' });
      try {
        const results = await Promise.allSettled([
          provider.whoAmI(),
          provider.listTickets({ view: 'open' }),
          provider.listTickets({ view: 'unassigned' }),
          provider.referenceData(),
          provider.getTicket('1'),
        ]);
        assert.ok(results.every((result) => result.status === 'rejected'));
        assert.equal(fake.requests.length, 1);
      } finally {
        await provider.dispose();
      }
    });

    it('a skewed clock with many requests at once: one 401, the rest wait for the clock', async () => {
      fake.skewMs = -2 * MINUTE;
      fake.delayMs = 10;
      const { provider } = providerFor(fake);
      try {
        await Promise.all([provider.listTickets({ view: 'open' }), provider.listTickets({ search: 'Printer' }), provider.referenceData(), provider.getTicket('1')]);
        assert.equal(fake.requests.filter((r) => r.auth !== 'ok').length, 1, authRoutes().join('\n'));
      } finally {
        await provider.dispose();
      }
    });

    it('a fresh nonce and Created on every attempt, retries of a 503 included', async () => {
      fake.unavailable = 1;
      const { provider } = providerFor(fake);
      try {
        await provider.getTicket('1');
        const tries = fake.requests.filter((r) => r.route === 'desk/tickets/1');
        assert.equal(tries.length, 2);
        assert.ok(tries.every((r) => r.auth === 'ok'));
        assert.notEqual(tries[0]?.nonce, tries[1]?.nonce);
        assert.equal(new Set(fake.requests.map((r) => r.nonce)).size, fake.requests.length);
      } finally {
        await provider.dispose();
      }
    });

    it('never puts the key, a digest or a nonce in the log', async () => {
      fake.skewMs = -2 * MINUTE;
      fake.unavailable = 1;
      const { provider, logLines } = providerFor(fake);
      try {
        await provider.whoAmI();
        await provider.getTicket('1');
        const log = logLines.join('\n');
        assert.ok(!log.includes(API_KEY));
        for (const request of fake.requests) {
          if (request.nonce) assert.ok(!log.includes(request.nonce), request.nonce);
          const digest = /PasswordDigest="([^"]+)"/.exec(String(request.headers['x-wsse']))?.[1];
          if (digest) assert.ok(!log.includes(digest));
        }
      } finally {
        await provider.dispose();
      }
    });
  });
});
