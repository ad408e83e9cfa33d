// DeskDirector credentials: each Authorization form, the address rules, and an access token
// that has expired (refused locally when its JWT says so, one request when only the server
// can tell, nothing sent afterwards). One test runs the real HttpClient on loopback to show
// a 401 goes out once and is never retried.
import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { silentLogger } from '../../src/helpdesk/log';
import { AUTH_METHOD_CHOICES, deskdirectorAuth, deskdirectorDescriptor, normalizeBaseUrl, readAuthMethod, TOKEN_EXPIRED_MESSAGE, ticketWebUrl } from '../../src/providers/deskdirector';
import { DeskdirectorProvider } from '../../src/providers/deskdirector/provider';
import { makeProvider, ROUTE, ticketList } from './deskdirector-fake.test';

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

const NOW = Date.parse('2025-06-01T12:00:00Z');

/** The token ran out: its own kind (never `auth`, which would say the credentials were wrong). */
function isExpiredError(error: unknown): boolean {
  assert.ok(error instanceof HelpdeskError, `expected a HelpdeskError, got ${String(error)}`);
  assert.equal(error.kind, 'tokenExpired');
  assert.equal(error.message, TOKEN_EXPIRED_MESSAGE);
  assert.equal(error.status, 401);
  return true;
}

function isAuthError(message: string | RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof HelpdeskError, `expected a HelpdeskError, got ${String(error)}`);
    assert.equal(error.kind, 'auth');
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  };
}

describe('DeskDirector auth and address', () => {
  it('sends an API key as DdApi, the default when no method is set', () => {
    const { options } = makeProvider({}, { secret: '  abc123  ' });
    assert.deepEqual(options().authHeaders(), { Authorization: 'DdApi abc123' });
    assert.equal(options().baseUrl, 'https://acme.deskdirector.com/');
    assert.ok(options().secrets?.includes('abc123'));
    assert.equal(typeof options().parseErrorBody, 'function');
  });

  it('sends a TECH personal access token as "Basic <token>", verbatim as the Tech connector does', () => {
    const { options } = makeProvider({}, { secret: 'cGF0LXRva2Vu', authMethod: 'techToken' });
    // Not base64 of user:password: the token itself follows "Basic ".
    assert.deepEqual(options().authHeaders(), { Authorization: 'Basic cGF0LXRva2Vu' });
  });

  it('sends an access token as DdAccessToken', () => {
    const { options } = makeProvider({}, { secret: 'opaque-token', authMethod: 'accessToken' });
    assert.deepEqual(options().authHeaders(), { Authorization: 'DdAccessToken opaque-token' });
  });

  it('accepts a pasted header value and lets its scheme word choose the method when none is set', () => {
    assert.equal(deskdirectorAuth('DdApi k1').header, 'DdApi k1');
    assert.equal(deskdirectorAuth('DdAccessToken t1').method, 'accessToken');
    assert.equal(deskdirectorAuth('Basic p1').header, 'Basic p1');
    // The setting wins over the pasted word; the word itself is never sent twice.
    assert.equal(deskdirectorAuth('DdApi k1', 'techToken').header, 'Basic k1');
  });

  it('refuses empty or spaced secrets and unknown methods', () => {
    assert.throws(() => deskdirectorAuth('   '), (error: unknown) => error instanceof HelpdeskError && error.kind === 'auth' && /No DeskDirector API key/.test(error.message));
    assert.throws(() => deskdirectorAuth('two words', 'techToken'), /contains spaces/);
    assert.throws(() => readAuthMethod('password'), (error: unknown) => error instanceof HelpdeskError && error.kind === 'config');
    assert.equal(readAuthMethod(undefined), undefined);
    assert.equal(readAuthMethod('accessToken'), 'accessToken');
  });

  it('normalises addresses, including pasted API, Swagger and portal URLs', () => {
    assert.equal(normalizeBaseUrl('https://acme.deskdirector.com/'), 'https://acme.deskdirector.com');
    assert.equal(normalizeBaseUrl('https://acme.deskdirector.com/api/v2/copilot/tickets'), 'https://acme.deskdirector.com');
    assert.equal(normalizeBaseUrl('https://acme.deskdirector.com/swagger/index.html'), 'https://acme.deskdirector.com');
    assert.equal(normalizeBaseUrl('https://support.acme.com/tech'), 'https://support.acme.com');
    assert.throws(() => normalizeBaseUrl('acme.deskdirector.com'), (error: unknown) => error instanceof HelpdeskError && error.kind === 'config');
    assert.throws(() => normalizeBaseUrl('https://user:pw@acme.deskdirector.com'), /user name and password/);
    assert.equal(ticketWebUrl('https://acme.deskdirector.com', '123'), 'https://acme.deskdirector.com/portal/deeplink?name=ticket&ticket_id=123');
  });

  it('offers Add Helpdesk one choice per method, the default first, each sending its own scheme', () => {
    assert.deepEqual(AUTH_METHOD_CHOICES.map((choice) => choice.method), ['apiKey', 'techToken', 'accessToken']);
    const schemes = AUTH_METHOD_CHOICES.map((choice) => makeProvider({}, { secret: 's3cr3t', authMethod: choice.method }).options().authHeaders().Authorization);
    assert.deepEqual(schemes, ['DdApi s3cr3t', 'Basic s3cr3t', 'DdAccessToken s3cr3t']);
    assert.match(AUTH_METHOD_CHOICES[2]?.detail ?? '', /60 minutes/);
  });

  it('says beside each sign-in method what it allows from here', () => {
    const described = Object.fromEntries((deskdirectorDescriptor.credentialPrompt.methods ?? []).map((method) => [method.id, method.description]));
    assert.deepEqual(described, {
      apiKey: 'Read, create and update tickets; no notes',
      techToken: 'Read tickets, add notes and files',
      accessToken: 'Temporary: expires after 60 minutes',
    });
  });

  it('describes itself to the registry', () => {
    assert.equal(deskdirectorDescriptor.type, 'deskdirector');
    assert.deepEqual(deskdirectorDescriptor.names, ['DeskDirector']);
    assert.equal(deskdirectorDescriptor.urlPlaceholder, 'https://acme.deskdirector.com');
    const provider = deskdirectorDescriptor.create({
      config: { id: 'x', label: 'x', type: 'deskdirector', baseUrl: 'https://acme.deskdirector.com' },
      credentials: { secret: 'k' },
      log: silentLogger,
      http: {},
    });
    assert.ok(provider instanceof DeskdirectorProvider);
    return provider.dispose();
  });

  describe('an expired access token', () => {
    it('is refused without a request when its JWT says it expired', async () => {
      const token = jwt({ sub: '42', name: 'Ann Agent', exp: Math.floor((NOW - 5 * 60_000) / 1000) });
      const { provider, transport } = makeProvider({}, { secret: token, authMethod: 'accessToken', now: () => NOW });
      await assert.rejects(provider.whoAmI(), isExpiredError);
      await assert.rejects(provider.listTickets({ view: 'open' }), isExpiredError);
      assert.equal(transport.requests.length, 0);
    });

    it('costs exactly one request when only the server can tell, and nothing is sent after it', async () => {
      const refused = () => new HelpdeskError('auth', 'The helpdesk did not accept the credentials (401): Unauthorized', { status: 401 });
      const { provider, transport } = makeProvider(
        { [ROUTE.copilotTest]: refused, [ROUTE.tickets]: refused },
        { secret: 'opaque-token', authMethod: 'accessToken', now: () => NOW },
      );
      await assert.rejects(provider.whoAmI(), isExpiredError);
      assert.deepEqual(transport.paths(), [ROUTE.copilotTest]);
      await assert.rejects(provider.listTickets({ view: 'mine' }), isExpiredError);
      assert.equal(transport.requests.length, 1, 'the dead token is not sent again');
    });

    it('says a 401 is not expiry when the token is still valid by its own word', async () => {
      const token = jwt({ sub: '42', exp: Math.floor((NOW + 30 * 60_000) / 1000) });
      const { provider, transport } = makeProvider(
        { [ROUTE.tickets]: () => new HelpdeskError('auth', 'refused', { status: 401 }), [ROUTE.ticket(5)]: () => ({ body: {} }) },
        { secret: token, authMethod: 'accessToken', now: () => NOW },
      );
      await assert.rejects(provider.listTickets({ view: 'open' }), isAuthError(/about 30 more min; this part of the API probably needs an API key/));
      // Not spent: the next request still goes out.
      await assert.rejects(provider.getTicket('5'));
      assert.equal(transport.requests.length, 2);
    });

    it('believes a 401 that says "expired" over a JWT that still looks valid here (the server\'s clock decides)', async () => {
      const token = jwt({ sub: '42', exp: Math.floor((NOW + 30 * 60_000) / 1000) });
      const { provider, transport } = makeProvider(
        { [ROUTE.copilotTest]: () => new HelpdeskError('auth', 'The helpdesk did not accept the credentials (401): The access token has expired.', { status: 401 }) },
        { secret: token, authMethod: 'accessToken', now: () => NOW },
      );
      await assert.rejects(provider.whoAmI(), isExpiredError);
      await assert.rejects(provider.listTickets({ view: 'open' }), isExpiredError);
      assert.equal(transport.requests.length, 1);
    });

    it('names the person from a valid token', async () => {
      const token = jwt({ sub: '42', name: 'Ann Agent', email: 'ann@example.com', exp: Math.floor((NOW + 30 * 60_000) / 1000) });
      const { provider, transport } = makeProvider({}, { secret: token, authMethod: 'accessToken', now: () => NOW });
      assert.deepEqual(await provider.whoAmI(), { id: '42', name: 'Ann Agent', email: 'ann@example.com' });
      assert.equal(transport.paths()[0], ROUTE.copilotTest);
    });
  });

  describe('the connection test', () => {
    it('uses the automate connector route for an API key and returns a generic person', async () => {
      // A name in the answer would be the site's or the key's, not a person's.
      const { provider, transport } = makeProvider({ [ROUTE.automateTest]: () => ({ body: { name: 'acme' } }) });
      assert.deepEqual(await provider.whoAmI(), { id: 'api-key', name: 'DeskDirector API key', isAgent: true });
      assert.equal(transport.paths()[0], ROUTE.automateTest);
    });

    it('uses the Copilot route for a TECH token and takes a name the answer carries', async () => {
      const { provider, transport } = makeProvider({ [ROUTE.copilotTest]: () => ({ body: { id: 9, name: 'Sam Tech', email: 'sam@msp.example' } }) }, { authMethod: 'techToken' });
      assert.deepEqual(await provider.whoAmI(), { id: '9', name: 'Sam Tech', email: 'sam@msp.example' });
      assert.equal(transport.paths()[0], ROUTE.copilotTest);
    });
  });

  describe('with the real HTTP client on loopback', () => {
    let server: Server;
    let seen: IncomingMessage[];

    beforeEach(async () => {
      seen = [];
      server = createServer((req, res) => {
        seen.push(req);
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errorCode: 'Unauthorized', message: 'Access token is expired.' }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });

    afterEach(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('sends a refused key once (a 401 is never retried) and reports the vendor message', async () => {
      const { port } = server.address() as AddressInfo;
      const provider = new DeskdirectorProvider({
        config: { id: 'dd', label: 'DD', type: 'deskdirector', baseUrl: `http://127.0.0.1:${port}` },
        credentials: { secret: 'bad-key' },
        log: silentLogger,
        http: { timeoutMs: 5000, retryBaseDelayMs: 1 },
      });
      try {
        await assert.rejects(provider.whoAmI(), isAuthError(/did not accept the credentials \(401\): Access token is expired\./));
        assert.equal(seen.length, 1);
        assert.equal(seen[0]?.headers.authorization, 'DdApi bad-key');
        assert.equal(seen[0]?.url, '/api/v2/automate/connector/connections/test');
      } finally {
        await provider.dispose();
      }
    });

    it('turns the 401 of an opaque access token into the expiry message after one request', async () => {
      const { port } = server.address() as AddressInfo;
      const provider = new DeskdirectorProvider({
        config: { id: 'dd', label: 'DD', type: 'deskdirector', baseUrl: `http://127.0.0.1:${port}`, authMethod: 'accessToken' },
        credentials: { secret: 'opaque' },
        log: silentLogger,
        http: { timeoutMs: 5000, retryBaseDelayMs: 1 },
      });
      try {
        await assert.rejects(provider.listTickets({ view: 'open' }), isExpiredError);
        await assert.rejects(provider.getTicket('7'), isExpiredError);
        assert.equal(seen.length, 1);
        assert.equal(seen[0]?.headers.authorization, 'DdAccessToken opaque');
      } finally {
        await provider.dispose();
      }
    });
  });

  it('reads expiry from the 401 challenge when the body says nothing (real HTTP client on loopback)', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(401, { 'www-authenticate': `DdAccessToken error="invalid_token", error_description="The token expired at '06/01/2025 11:00:00'"` });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    // Valid for another 30 minutes by this machine's clock.
    const token = jwt({ sub: '42', exp: Math.floor((Date.now() + 30 * 60_000) / 1000) });
    const provider = new DeskdirectorProvider({
      config: { id: 'dd', label: 'DD', type: 'deskdirector', baseUrl: `http://127.0.0.1:${port}`, authMethod: 'accessToken' },
      credentials: { secret: token },
      log: silentLogger,
      http: { timeoutMs: 5000, retryBaseDelayMs: 1 },
    });
    try {
      await assert.rejects(provider.whoAmI(), isExpiredError);
    } finally {
      await provider.dispose();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('keeps the fixtures honest: an unexpired opaque token lists tickets', async () => {
    const { provider } = makeProvider({ [ROUTE.tickets]: () => ({ body: ticketList([]) }) }, { secret: 'opaque', authMethod: 'accessToken' });
    assert.deepEqual((await provider.listTickets({ view: 'open' })).items, []);
  });
});
