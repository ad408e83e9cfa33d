import assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import type { Page, Ticket, TicketQuery } from '../../src/helpdesk/model';
import type { Capabilities, HelpdeskProvider } from '../../src/helpdesk/provider';
import { type FindSource, type FindUpdate, TicketFinder } from '../../src/ui/find/finder';
import type { Health } from '../../src/ui/instances/health';

function ticket(id: string, subject = `Subject ${id}`): Ticket {
  return { id, ref: `#${id}`, subject, status: { id: 'open', name: 'Open', kind: 'open' }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' };
}

const capabilities = { search: true, views: [] } as unknown as Capabilities;

interface FakeOptions {
  health?: Health;
  checkResult?: Health;
  search?: (text: string) => Promise<Page<Ticket>>;
  get?: (id: string) => Promise<Ticket>;
}

/** A source whose requests are counted; `run` is what the Connection would send. */
function source(id: string, options: FakeOptions = {}) {
  const calls: string[] = [];
  let health: Health = options.health ?? { status: 'connected', me: 'Me' };
  const provider = {
    listTickets: (query: TicketQuery) => {
      calls.push(`search:${'search' in query ? query.search : '?'}`);
      return options.search ? options.search('search' in query ? query.search : '') : Promise.resolve({ items: [] });
    },
    getTicket: (ticketId: string) => {
      calls.push(`get:${ticketId}`);
      return options.get ? options.get(ticketId) : Promise.reject(new HelpdeskError('notFound', 'No such ticket'));
    },
  } as unknown as HelpdeskProvider;
  const fake: FindSource & { calls: string[] } = {
    id,
    label: id.toUpperCase(),
    config: {},
    get health() {
      return health;
    },
    capabilities,
    calls,
    check: async () => {
      calls.push('check');
      if (options.checkResult) health = options.checkResult;
      return health;
    },
    run: (request) => request(provider),
  };
  return fake;
}

function collect(): { updates: FindUpdate[]; onUpdate: (update: FindUpdate) => void } {
  const updates: FindUpdate[] = [];
  return { updates, onUpdate: (update) => updates.push(update) };
}

describe('find: Go to Ticket across helpdesks', () => {
  it('streams each helpdesk\'s answer as it comes; a hanging one ends as "unreachable" at its deadline, never holding the others', async () => {
    const fast = source('fast', { search: async () => ({ items: [ticket('1', 'VPN down'), ticket('2', 'VPN slow')] }) });
    const hanging = source('acme', { search: () => new Promise<Page<Ticket>>(() => undefined) });
    const finder = new TicketFinder(() => [hanging, fast], { deadlineMs: () => 150 });
    const { updates, onUpdate } = collect();
    const started = Date.now();
    await finder.find('vpn', onUpdate);
    assert.ok(Date.now() - started < 1500);
    assert.equal(updates[0]?.pending, 2, 'first: every helpdesk pending');
    const afterFast = updates.find((update) => update.results[1]?.result.state === 'done');
    assert.ok(afterFast, 'the fast helpdesk reported');
    assert.equal(afterFast.results[0]?.result.state, 'pending', 'its rows arrived while the other was still pending');
    assert.equal(afterFast.pending, 1);
    const last = updates.at(-1)!;
    assert.equal(last.pending, 0);
    assert.deepEqual(last.results[0]?.result, { state: 'failed', reason: 'unreachable', detail: 'No answer within 0 s.' });
    const done = last.results[1]?.result;
    assert.ok(done?.state === 'done');
    assert.deepEqual(done.found.map((t) => t.subject), ['VPN down', 'VPN slow']);
  });

  it('says a network failure as one "unreachable" entry', async () => {
    const down = source('acme', { search: () => Promise.reject(new HelpdeskError('network', 'connect ECONNREFUSED 127.0.0.1:9')) });
    const finder = new TicketFinder(() => [down], { deadlineMs: () => 5000 });
    const { updates, onUpdate } = collect();
    await finder.find('printer', onUpdate);
    assert.deepEqual(updates.at(-1)?.results[0]?.result, { state: 'failed', reason: 'unreachable', detail: 'connect ECONNREFUSED 127.0.0.1:9' });
  });

  it('sends nothing to a helpdesk whose credentials were rejected, or that has none', async () => {
    const rejected = source('jitbit', { health: { status: 'authFailed', detail: 'The helpdesk rejected these credentials earlier.' } });
    const none = source('other', { health: { status: 'noCredentials' } });
    const finder = new TicketFinder(() => [rejected, none], { deadlineMs: () => 5000 });
    const { updates, onUpdate } = collect();
    await finder.find('123', onUpdate);
    assert.deepEqual(rejected.calls, [], 'not even a connection test');
    assert.deepEqual(none.calls, []);
    const results = updates.at(-1)!.results.map((entry) => entry.result);
    assert.deepEqual(results[0], { state: 'failed', reason: 'credentials rejected', detail: 'The helpdesk rejected these credentials earlier.' });
    assert.equal(results[1]?.state === 'failed' && results[1].reason, 'no credentials');
  });

  it('tests an unknown connection first and stops there when it fails', async () => {
    const refused = source('dd', { health: { status: 'unknown' }, checkResult: { status: 'authFailed', detail: 'Unauthorized' } });
    const finder = new TicketFinder(() => [refused], { deadlineMs: () => 5000 });
    const { updates, onUpdate } = collect();
    await finder.find('vpn', onUpdate);
    assert.deepEqual(refused.calls, ['check']);
    assert.equal(updates.at(-1)?.results[0]?.result.state, 'failed');
  });

  it('looks a typed number or reference up directly besides searching; a number one helpdesk lacks is no failure', async () => {
    const has = source('a', { get: async (id) => ticket(id, 'Direct hit'), search: async () => ({ items: [ticket('123', 'Direct hit'), ticket('9', 'Mentions 123')] }) });
    const lacks = source('b');
    const finder = new TicketFinder(() => [has, lacks], { deadlineMs: () => 5000 });
    const { updates, onUpdate } = collect();
    await finder.find('#123', onUpdate);
    assert.deepEqual(has.calls.sort(), ['check', 'get:123', 'search:#123']);
    const [a, b] = updates.at(-1)!.results.map((entry) => entry.result);
    assert.ok(a?.state === 'done');
    assert.equal(a.direct?.id, '123');
    assert.deepEqual(a.found.map((t) => t.id), ['9'], 'the direct hit is not listed twice');
    assert.deepEqual(b, { state: 'done', found: [] });
  });

  it('drops the answers of a search the user typed past, and reports nothing after cancel', async () => {
    let release: (page: Page<Ticket>) => void = () => undefined;
    const slow = source('a', { search: (text) => (text === 'vp' ? new Promise((resolve) => (release = resolve)) : Promise.resolve({ items: [ticket('5', 'VPN')] })) });
    const finder = new TicketFinder(() => [slow], { deadlineMs: () => 5000 });
    const first = collect();
    const stale = finder.find('vp', first.onUpdate);
    const second = collect();
    await finder.find('vpn', second.onUpdate);
    release({ items: [ticket('1', 'stale')] });
    await stale;
    assert.equal(first.updates.length, 1, 'only the first "all pending" update of the stale search');
    const done = second.updates.at(-1)?.results[0]?.result;
    assert.ok(done?.state === 'done' && done.found[0]?.id === '5');
    const third = collect();
    const cancelled = finder.find('vpn', third.onUpdate);
    finder.cancel();
    await cancelled;
    assert.equal(third.updates.length, 1);
  });
});
