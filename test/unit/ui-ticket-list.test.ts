import assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import type { Page, Ticket } from '../../src/helpdesk/model';
import { TicketList } from '../../src/ui/tree/ticketList';

function tickets(from: number, count: number): Ticket[] {
  return Array.from({ length: count }, (_, i) => ({
    id: String(from + i),
    ref: `#${from + i}`,
    subject: `Ticket ${from + i}`,
    status: { id: 'open', name: 'Open', kind: 'open' as const },
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
  }));
}

/** A server with `total` tickets served `size` per page; records every cursor asked for. */
function pagedServer(total: number, size: number, reportTotal = true) {
  const requests: Array<string | undefined> = [];
  const fetch = async (cursor: string | undefined): Promise<Page<Ticket>> => {
    requests.push(cursor);
    const start = cursor === undefined ? 0 : Number(cursor);
    const page: Page<Ticket> = { items: tickets(start + 1, Math.min(size, total - start)) };
    if (start + size < total) page.next = String(start + size);
    if (reportTotal) page.total = total;
    return page;
  };
  return { requests, fetch };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ui: ticket list paging', () => {
  it('asks for the page after a Load more at once, never after the first page alone; a changed first page drops it', async () => {
    const server = pagedServer(400, 50);
    let renamed = false;
    const list = new TicketList(async (cursor) => {
      const page = await server.fetch(cursor);
      if (!renamed || cursor !== undefined) return page;
      return { ...page, items: [{ ...page.items[0]!, id: 'new', subject: 'A new ticket' }, ...page.items.slice(1)] };
    });
    await list.ensureFirstPage();
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepEqual(server.requests, [undefined], 'one look at a list costs one request');
    await list.loadMore();
    assert.deepEqual(server.requests, [undefined, '50', '100']);
    assert.deepEqual(await list.refresh(), { kind: 'unchanged' });
    await list.loadMore();
    assert.deepEqual(server.requests, [undefined, '50', '100', undefined, '150'], 'unchanged: the page read ahead is used');
    assert.equal(list.items.length, 150);
    renamed = true;
    assert.equal((await list.refresh()).kind, 'changed');
    await list.loadMore();
    assert.deepEqual(server.requests, [undefined, '50', '100', undefined, '150', undefined, '50', '100'], 'changed: the page read ahead for the old list was not used');
  });

  it('a failed prefetch is asked for again when the user gets there', async () => {
    const server = pagedServer(400, 50);
    let failNext = false;
    const list = new TicketList(async (cursor) => {
      if (failNext) {
        failNext = false;
        server.requests.push(`${cursor} (failed)`);
        throw new HelpdeskError('network', 'reset');
      }
      return server.fetch(cursor);
    });
    await list.ensureFirstPage();
    failNext = false;
    await list.loadMore();
    assert.deepEqual(server.requests, [undefined, '50', '100']);
    failNext = true;
    await list.loadMore();
    assert.deepEqual(server.requests, [undefined, '50', '100', '150 (failed)']);
    await list.loadMore();
    assert.equal(list.error, undefined);
    assert.deepEqual(server.requests, [undefined, '50', '100', '150 (failed)', '150', '200']);
    assert.equal(list.items.length, 200);
  });

  it('loads only the first page on expansion', async () => {
    const server = pagedServer(312, 50);
    const list = new TicketList(server.fetch);
    await list.ensureFirstPage();
    assert.equal(list.items.length, 50);
    assert.deepEqual(server.requests, [undefined]);
    assert.equal(list.hasMore, true);
    assert.equal(list.summary(), '50 of 312');
    await list.ensureFirstPage();
    assert.equal(server.requests.length, 1, 'a second expansion reuses the page');
  });

  it('appends the next page with the cursor on load more', async () => {
    const server = pagedServer(120, 50);
    const list = new TicketList(server.fetch);
    await list.ensureFirstPage();
    await list.loadMore();
    assert.deepEqual(server.requests, [undefined, '50', '100'], 'after a Load more, the page after it is asked for at once');
    assert.deepEqual(list.items.map((t) => t.id).slice(48, 52), ['49', '50', '51', '52']);
    await list.loadMore();
    assert.deepEqual(server.requests, [undefined, '50', '100'], 'and taken from memory: no request twice');
    assert.equal(list.items.length, 120);
    assert.equal(list.hasMore, false);
    await list.loadMore();
    assert.equal(server.requests.length, 3, 'nothing is fetched past the last page');
  });

  it('does not start a second load while one is in flight', async () => {
    const gate = deferred<Page<Ticket>>();
    let calls = 0;
    const list = new TicketList(() => {
      calls++;
      return gate.promise;
    });
    const first = list.ensureFirstPage();
    const second = list.loadMore();
    const third = list.ensureFirstPage();
    assert.equal(list.loading, true);
    gate.resolve({ items: tickets(1, 3) });
    await Promise.all([first, second, third]);
    assert.equal(calls, 1);
    assert.equal(list.items.length, 3);
    assert.equal(list.loading, false);
  });

  it('skips tickets already shown when pages shift', async () => {
    const pages: Array<Page<Ticket>> = [
      { items: tickets(1, 3), next: 'b' },
      { items: tickets(3, 3) },
    ];
    const list = new TicketList(async () => pages.shift() ?? { items: [] });
    await list.ensureFirstPage();
    await list.loadMore();
    assert.deepEqual(list.items.map((t) => t.id), ['1', '2', '3', '4', '5']);
  });

  it('keeps loaded tickets when a later page fails, and retries that page', async () => {
    let fail = false;
    const server = pagedServer(100, 50);
    const list = new TicketList(async (cursor) => {
      if (fail) throw new HelpdeskError('server', 'boom');
      return server.fetch(cursor);
    });
    await list.ensureFirstPage();
    fail = true;
    await list.loadMore();
    assert.equal(list.error?.kind, 'server');
    assert.equal(list.items.length, 50);
    fail = false;
    await list.retry();
    assert.equal(list.error, undefined);
    assert.equal(list.items.length, 100);
    assert.deepEqual(server.requests, [undefined, '50']);
  });

  it('reports a failed first page without loading anything else', async () => {
    const list = new TicketList(() => {
      throw new HelpdeskError('network', 'down');
    });
    await list.ensureFirstPage();
    assert.equal(list.error?.kind, 'network');
    assert.equal(list.loaded, false);
    assert.equal(list.loading, false);
  });

  it('drops an answer that arrives after a reset', async () => {
    const gate = deferred<Page<Ticket>>();
    const list = new TicketList(() => gate.promise);
    const pending = list.ensureFirstPage();
    list.reset();
    gate.resolve({ items: tickets(1, 5) });
    await pending;
    assert.equal(list.items.length, 0);
    assert.equal(list.loaded, false);
  });

  it('summarises lists without a total', async () => {
    const list = new TicketList(pagedServer(80, 50, false).fetch);
    assert.equal(list.summary(), undefined);
    await list.ensureFirstPage();
    assert.equal(list.summary(), '50+');
    await list.loadMore();
    assert.equal(list.summary(), '80');
  });
});
