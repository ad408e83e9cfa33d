// DeskPRO list filters and orders (issue 13, find fast) against the simulator over loopback:
// a status filter goes out as `status`, narrowing the view's statuses; "created" and "last
// activity" go out as `order_by`; a status outside the view asks nothing.
import * as assert from 'node:assert/strict';
import { silentLogger } from '../../src/helpdesk/log';
import type { HelpdeskProvider } from '../../src/helpdesk/provider';
import { deskproDescriptor } from '../../src/providers/deskpro';
import { statusCode } from '../../src/providers/deskpro/queries';
import { startDeskproSimulator, type DeskproSimulator } from '../../src/sandbox/deskpro';
import { requestRecorder } from '../support/contract';

describe('DeskPRO contract: list filters and sorts', function () {
  this.timeout(30_000);
  let sim: DeskproSimulator;
  let provider: HelpdeskProvider;
  const recorded = requestRecorder(() => sim);

  before(async () => {
    sim = await startDeskproSimulator({ port: 0, ticketCount: 200 });
    provider = deskproDescriptor.create({
      config: { id: 'sim', label: 'Simulator', type: 'deskpro', baseUrl: sim.url },
      credentials: { secret: sim.apiKey },
      log: silentLogger,
      http: { timeoutMs: 10_000 },
    });
  });

  after(async () => {
    await provider?.dispose();
    await sim?.close();
  });

  const ticketRequests = (requests: typeof sim.requests) => requests.filter((entry) => entry.method === 'GET' && entry.path === '/api/v2/tickets');

  it('declares what its list API serves', () => {
    assert.deepEqual(provider.capabilities.listFilters, ['status']);
    assert.deepEqual(provider.capabilities.listSorts, ['activity', 'created']);
  });

  it('sends a status filter by name as the status code, within All Open, and gets only those tickets', async () => {
    const { result, requests } = await recorded(() => provider.listTickets({ view: 'open', filter: { status: 'Pending' } }, undefined, 50));
    const [request] = ticketRequests(requests);
    assert.ok(request);
    const params = new URLSearchParams(request.query);
    assert.equal(params.get('status'), 'pending');
    assert.ok(result.items.length > 0);
    assert.ok(result.items.every((ticket) => ticket.status.id === 'pending'));
    const expected = [...sim.state.tickets.values()].filter((ticket) => ticket.status === 'pending').length;
    assert.equal(result.total, expected, 'the helpdesk counted the filtered list');
  });

  it('asks nothing for a status outside the view (Resolved on All Open)', async () => {
    const { result, requests } = await recorded(() => provider.listTickets({ view: 'open', filter: { status: 'resolved' } }, undefined, 50));
    assert.deepEqual(ticketRequests(requests), []);
    assert.deepEqual(result, { items: [], total: 0 });
  });

  it('orders by created or by last activity, newest first, as the helpdesk serves it', async () => {
    const created = await recorded(() => provider.listTickets({ view: 'open', sort: 'created' }, undefined, 30));
    const createdParams = new URLSearchParams(ticketRequests(created.requests)[0]!.query);
    assert.equal(createdParams.get('order_by'), 'date_created');
    assert.equal(createdParams.get('order_dir'), 'desc');
    const times = created.result.items.map((ticket) => Date.parse(ticket.createdAt));
    for (let i = 1; i < times.length; i++) assert.ok(times[i - 1]! >= times[i]!, 'newest first');

    const activity = await recorded(() => provider.listTickets({ view: 'open', sort: 'activity' }, undefined, 30));
    assert.equal(new URLSearchParams(ticketRequests(activity.requests)[0]!.query).get('order_by'), 'date_last_user_reply');
  });

  it('reads a status as a code, a documented name or the helpdesk\'s own name, and refuses anything else', () => {
    assert.equal(statusCode('awaiting_agent'), 'awaiting_agent');
    assert.equal(statusCode('Awaiting Agent'), 'awaiting_agent');
    assert.equal(statusCode('hidden.spam'), 'hidden.spam');
    assert.equal(statusCode('Escalated', new Map([['awaiting_agent.escalated', 'Escalated']])), 'awaiting_agent.escalated');
    assert.throws(() => statusCode('Not A Status'), /not a DeskPRO status/);
  });
});
