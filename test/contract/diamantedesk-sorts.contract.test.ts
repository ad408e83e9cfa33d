// DiamanteDesk list orders (issue 13, find fast) against the simulator over loopback: "last
// activity" and "created" go out as `sort=updatedAt|createdAt&order=desc` with the view's
// own filter, and the rows come back in that order.
import * as assert from 'node:assert/strict';
import { silentLogger } from '../../src/helpdesk/log';
import type { HelpdeskProvider } from '../../src/helpdesk/provider';
import { diamantedeskDescriptor } from '../../src/providers/diamantedesk';
import { startDiamantedeskSimulator, type DiamantedeskRequestLogEntry, type DiamantedeskSimulator } from '../../src/sandbox/diamantedesk/server';
import { requestRecorder } from '../support/contract';

function query(entry: DiamantedeskRequestLogEntry): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(entry.query));
}

describe('DiamanteDesk contract: list sorts', function () {
  this.timeout(30_000);
  let sim: DiamantedeskSimulator;
  let provider: HelpdeskProvider;
  const recorded = requestRecorder(() => sim);

  before(async () => {
    sim = await startDiamantedeskSimulator();
    provider = diamantedeskDescriptor.create({
      config: { id: 'dd', label: 'DiamanteDesk', type: 'diamantedesk', baseUrl: sim.url },
      credentials: { username: sim.username, secret: sim.apiKey },
      log: silentLogger,
      http: { timeoutMs: 10_000 },
    });
    await provider.whoAmI();
  });

  after(async () => {
    await provider?.dispose();
    await sim?.close();
  });

  it('declares the orders its list API serves and no server-side filter', () => {
    assert.deepEqual(provider.capabilities.listSorts, ['activity', 'created']);
    assert.equal(provider.capabilities.listFilters, undefined);
  });

  for (const [sort, property, field] of [
    ['created', 'createdAt', 'createdAt'],
    ['activity', 'updatedAt', 'updatedAt'],
  ] as const) {
    it(`sends "${sort}" as sort=${property}&order=desc with the view's filter, newest first`, async () => {
      const { result, requests } = await recorded(() => provider.listTickets({ view: 'open', sort }, undefined, 25));
      const lists = requests.filter((entry) => entry.method === 'GET' && /\/tickets$/.test(entry.path));
      assert.equal(lists.length, 1);
      const params = query(lists[0]!);
      assert.equal(params.sort, property);
      assert.equal(params.order, 'desc');
      assert.equal(params.status, 'open');
      assert.ok(result.items.length > 1);
      const times = result.items.map((ticket) => Date.parse(ticket[field]));
      for (let i = 1; i < times.length; i++) assert.ok(times[i - 1]! >= times[i]!, `not newest first at ${i}`);
    });
  }

  it('keeps the default order (id, newest first) with no sort, and for priority (the UI orders those rows)', async () => {
    for (const sort of [undefined, 'priority' as const]) {
      const { requests } = await recorded(() => provider.listTickets(sort ? { view: 'open', sort } : { view: 'open' }, undefined, 25));
      const params = query(requests.find((entry) => /\/tickets$/.test(entry.path))!);
      assert.equal(params.sort, undefined);
      assert.equal(params.order, 'desc');
    }
  });
});
