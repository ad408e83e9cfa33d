// Defect 6 (issue 12): the sandbox simulators listen on loopback, but a web page can still
// reach them by DNS rebinding (`rebind.attacker.example` resolving to 127.0.0.1), so they
// refuse any request whose Host is not a loopback name with their own port. And their
// keys and passwords are new on every start: the same seed used to give the same key.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { startDeskproSimulator, type DeskproSimulator } from '../../src/sandbox/deskpro/server';
import { startJitbitSimulator, type JitbitSimulator } from '../../src/sandbox/jitbit/server';

function get(url: string, path: string, host: string | undefined, authorization?: string): Promise<{ status: number; body: string }> {
  const target = new URL(path, url);
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { ...(authorization && { authorization }) };
    if (host !== undefined) headers.host = host;
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'GET', headers, setHost: host === undefined }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

const basic = (username: string, password: string): string => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

describe('reliability: the sandbox refuses foreign hosts and repeats no keys (defect 6)', () => {
  let deskpro: DeskproSimulator;
  let jitbit: JitbitSimulator;

  before(async () => {
    [deskpro, jitbit] = await Promise.all([startDeskproSimulator({ seed: 7, ticketCount: 50 }), startJitbitSimulator({ seed: 7, ticketCount: 50 })]);
  });

  after(async () => {
    await Promise.all([deskpro.close(), jitbit.close()]);
  });

  const cases = (): Array<{ name: string; url: string; path: string; auth: string }> => [
    { name: 'DeskPRO', url: deskpro.url, path: '/api/v2/me', auth: `key ${deskpro.apiKey}` },
    { name: 'Jitbit', url: jitbit.url, path: `${new URL(jitbit.url).pathname}/api/Authorization`, auth: basic(jitbit.username, jitbit.password) },
  ];

  it('refuses a request whose Host is not loopback, or not its port, before anything else', async () => {
    for (const { name, url, path, auth } of cases()) {
      const port = new URL(url).port;
      for (const host of ['rebind.attacker.example', `rebind.attacker.example:${port}`, `127.0.0.1:${Number(port) + 1}`, `localhost.attacker.example:${port}`, `10.0.0.1:${port}`, '']) {
        const answer = await get(url, path, host, auth);
        assert.ok(answer.status === 421 || answer.status === 403, `${name} answered ${answer.status} for Host ${JSON.stringify(host)}`);
      }
      const beacon = await get(url, '/__beacon', `rebind.attacker.example:${port}`);
      assert.ok(beacon.status === 421 || beacon.status === 403, `${name} counted a foreign beacon`);
    }
    assert.equal(deskpro.beaconHits + jitbit.beaconHits, 0);
  });

  it('answers loopback names with its port', async () => {
    for (const { name, url, path, auth } of cases()) {
      const port = new URL(url).port;
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `127.1.2.3:${port}`, `[::1]:${port}`, undefined]) {
        const answer = await get(url, path, host, auth);
        assert.equal(answer.status, 200, `${name} answered ${answer.status} for Host ${JSON.stringify(host)}: ${answer.body.slice(0, 120)}`);
      }
    }
  });

  it('makes new DeskPRO keys on every start, unless a test fixes them', async () => {
    const again = await startDeskproSimulator({ seed: 7, ticketCount: 50 });
    const fixed = await startDeskproSimulator({ seed: 7, ticketCount: 50, apiKey: '1:FIXEDKEY', apiToken: 'fixedtoken', restrictedApiKey: '2:FIXEDRESTRICTED' });
    try {
      assert.notEqual(again.apiKey, deskpro.apiKey);
      assert.notEqual(again.apiToken, deskpro.apiToken);
      assert.notEqual(again.restrictedApiKey, deskpro.restrictedApiKey);
      assert.match(again.apiKey, /^1:[A-Z0-9]{20,}$/);
      assert.equal(fixed.apiKey, '1:FIXEDKEY');
      assert.equal(fixed.apiToken, 'fixedtoken');
      assert.equal(fixed.restrictedApiKey, '2:FIXEDRESTRICTED');
      assert.equal((await get(fixed.url, '/api/v2/me', undefined, 'key 1:FIXEDKEY')).status, 200);
      assert.equal((await get(fixed.url, '/api/v2/me', undefined, `key ${deskpro.apiKey}`)).status, 401);
    } finally {
      await Promise.all([again.close(), fixed.close()]);
    }
  });

  it('makes new Jitbit passwords and tokens for every user on every start, unless a test fixes them', async () => {
    const again = await startJitbitSimulator({ seed: 7, ticketCount: 50 });
    const fixed = await startJitbitSimulator({ seed: 7, ticketCount: 50, password: 'fixed-pass', token: 'fixed-token' });
    try {
      assert.notEqual(again.password, jitbit.password);
      assert.notEqual(again.token, jitbit.token);
      assert.notEqual(again.domainPassword, jitbit.domainPassword);
      for (const [id, user] of again.state.users) {
        const before = jitbit.state.users.get(id);
        assert.notEqual(user.password, before?.password, `user ${id} kept its password`);
        assert.notEqual(user.token, before?.token, `user ${id} kept its token`);
      }
      assert.equal(fixed.password, 'fixed-pass');
      assert.equal(fixed.token, 'fixed-token');
      const path = `${new URL(fixed.url).pathname}/api/Authorization`;
      assert.equal((await get(fixed.url, path, undefined, basic(fixed.username, 'fixed-pass'))).status, 200);
      assert.equal((await get(fixed.url, path, undefined, 'Bearer fixed-token')).status, 200);
    } finally {
      await Promise.all([again.close(), fixed.close()]);
    }
  });
});
