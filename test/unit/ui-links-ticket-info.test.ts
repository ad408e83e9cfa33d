import assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import type { Ticket } from '../../src/helpdesk/model';
import type { HelpdeskProvider } from '../../src/helpdesk/provider';
import type { Health } from '../../src/ui/instances/health';
import { TicketInfoCache, type TicketConnection } from '../../src/ui/codeLinks/ticketInfo';

function ticket(id: string, status = 'Awaiting Agent'): Ticket {
  return {
    id,
    ref: `DP-${id}`,
    subject: `Ticket ${id}`,
    status: { id: 'awaiting_agent', name: status, kind: 'open' },
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-02T00:00:00Z',
  };
}

class FakeConnection implements TicketConnection {
  health: Health = { status: 'connected' };
  label = 'Acme';
  requests: string[] = [];
  failWith: HelpdeskError | undefined;
  status = 'Awaiting Agent';
  private release: (() => void) | undefined;
  hold = false;

  async run<T>(request: (provider: HelpdeskProvider) => Promise<T>): Promise<T> {
    const provider = {
      getTicket: async (id: string) => {
        this.requests.push(id);
        if (this.hold) await new Promise<void>((resolve) => (this.release = resolve));
        if (this.failWith) throw this.failWith;
        return ticket(id, this.status);
      },
    } as unknown as HelpdeskProvider;
    return request(provider);
  }

  finish(): void {
    this.release?.();
  }
}

function setup() {
  let now = 1_000_000;
  const connection = new FakeConnection();
  const cache = new TicketInfoCache({ get: (id) => (id === 'acme' ? connection : undefined) }, { ttlMs: 60_000, failureTtlMs: 10_000, maxEntries: 3, now: () => now });
  return { connection, cache, advance: (ms: number) => (now += ms) };
}

describe('ui links: ticket info cache', () => {
  it('fetches once, then answers from memory until the entry expires', async () => {
    const t = setup();
    assert.equal(t.cache.peek('acme', '7'), undefined);
    const first = await t.cache.get('acme', '7');
    assert.equal(first.kind === 'ticket' && first.ticket.status.name, 'Awaiting Agent');
    await t.cache.get('acme', '7');
    assert.equal(t.cache.peek('acme', '7')?.kind, 'ticket');
    assert.deepEqual(t.connection.requests, ['7']);
    t.advance(60_001);
    t.connection.status = 'Resolved';
    assert.equal(t.cache.peek('acme', '7'), undefined);
    const again = await t.cache.get('acme', '7');
    assert.equal(again.kind === 'ticket' && again.ticket.status.name, 'Resolved');
    assert.deepEqual(t.connection.requests, ['7', '7']);
  });

  it('shares one request between concurrent callers and tells listeners once', async () => {
    const t = setup();
    const heard: string[] = [];
    t.cache.onDidFetch((event) => heard.push(`${event.instanceId}/${event.ticketId}/${event.info.kind}`));
    t.connection.hold = true;
    const a = t.cache.get('acme', '7');
    const b = t.cache.get('acme', '7');
    await new Promise((resolve) => setImmediate(resolve));
    t.connection.finish();
    await Promise.all([a, b]);
    assert.deepEqual(t.connection.requests, ['7']);
    assert.deepEqual(heard, ['acme/7/ticket']);
  });

  for (const status of ['authFailed', 'noCredentials', 'misconfigured', 'unsupported'] as const) {
    it(`sends nothing to an instance whose health is ${status}`, async () => {
      const t = setup();
      t.connection.health = { status, detail: 'x' };
      const info = await t.cache.get('acme', '7');
      assert.equal(info.kind, 'unavailable');
      assert.equal(t.cache.peek('acme', '7')?.kind, 'unavailable');
      assert.deepEqual(t.connection.requests, []);
    });
  }

  it('waits out an open rate-limit window without a request', async () => {
    const t = setup();
    t.connection.health = { status: 'rateLimited', retryAt: 1_000_000 + 5_000 };
    assert.equal((await t.cache.get('acme', '7')).kind, 'unavailable');
    assert.deepEqual(t.connection.requests, []);
    t.advance(6_000);
    assert.equal((await t.cache.get('acme', '7')).kind, 'ticket');
  });

  it('remembers a failure briefly, with a reason; forgetting failures lets it ask again', async () => {
    const t = setup();
    t.connection.failWith = new HelpdeskError('notFound', 'Not found', { status: 404 });
    const info = await t.cache.get('acme', '404');
    assert.equal(info.kind, 'unavailable');
    assert.match(info.kind === 'unavailable' ? info.reason : '', /Acme has no ticket 404/);
    await t.cache.get('acme', '404');
    assert.equal(t.connection.requests.length, 1, 'not asked again at once');
    t.advance(10_001);
    await t.cache.get('acme', '404');
    assert.equal(t.connection.requests.length, 2);
    t.cache.forget('acme', true);
    t.connection.failWith = undefined;
    assert.equal((await t.cache.get('acme', '404')).kind, 'ticket');
  });

  it('forget(instance) drops its tickets; an unknown instance is unavailable without a request', async () => {
    const t = setup();
    await t.cache.get('acme', '1');
    t.cache.forget('acme');
    assert.equal(t.cache.peek('acme', '1'), undefined);
    const info = await t.cache.get('gone', '1');
    assert.equal(info.kind, 'unavailable');
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const t = setup();
    for (const id of ['1', '2', '3', '4']) await t.cache.get('acme', id);
    assert.equal(t.cache.peek('acme', '1'), undefined);
    assert.equal(t.cache.peek('acme', '4')?.kind, 'ticket');
  });
});
