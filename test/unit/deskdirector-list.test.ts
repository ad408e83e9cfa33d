// Ticket lists: which filters each view sends, client-side paging over one fetched answer
// (counting requests: a later page never asks again), and a capped answer's total.
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import type { Page, Ticket } from '../../src/helpdesk/model';
import { makeProvider, ROUTE, summary, ticketList } from './deskdirector-fake.test';

function many(count: number, from = 1): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => summary(from + index));
}

async function allPages(first: Page<Ticket>, next: (cursor: string) => Promise<Page<Ticket>>): Promise<Page<Ticket>[]> {
  const pages = [first];
  let cursor = first.next;
  while (cursor !== undefined) {
    const page = await next(cursor);
    pages.push(page);
    cursor = page.next;
  }
  return pages;
}

describe('DeskDirector ticket lists', () => {
  it('sends the filters each view stands for', async () => {
    const { provider, transport } = makeProvider({ [ROUTE.tickets]: () => ({ body: ticketList([]) }) });
    await provider.listTickets({ view: 'mine' });
    await provider.listTickets({ view: 'unassigned' });
    await provider.listTickets({ view: 'open' });
    await provider.listTickets({ view: 'unanswered' });
    await provider.listTickets({ search: '  printer fire ' });
    await provider.listTickets({ status: 'closed' });
    assert.deepEqual(
      transport.requests.map((req) => req.query),
      [
        { status: 'open', assigned: 'me' },
        { status: 'open', assigned: 'unassigned' },
        { status: 'open', assigned: 'any' },
        { status: 'open', assigned: 'any', lastContactMessage: true },
        { status: 'any', assigned: 'any', search: 'printer fire' },
        { status: 'closed', assigned: 'any' },
      ],
    );
    assert.ok(transport.requests.every((req) => req.method === 'GET' && req.path === 'api/v2/copilot/tickets'));
  });

  it('fetches once and pages through the answer from memory, without a request per page', async () => {
    const { provider, transport } = makeProvider({ [ROUTE.tickets]: () => ({ body: ticketList(many(120)) }) });
    const first = await provider.listTickets({ view: 'open' }, undefined, 50);
    const pages = await allPages(first, (cursor) => provider.listTickets({ view: 'open' }, cursor, 50));
    assert.deepEqual(pages.map((page) => page.items.length), [50, 50, 20]);
    assert.deepEqual(pages.flatMap((page) => page.items.map((ticket) => ticket.id)), many(120).map((ticket) => String(ticket.id)));
    assert.equal(transport.count(ROUTE.tickets), 1, 'one request for three pages');
    assert.equal(pages[2]?.next, undefined);
    assert.ok(pages.every((page) => page.total === 120));
  });

  it('keeps the page size chosen for the first page, and a fresh first page fetches afresh', async () => {
    let served = many(7);
    const { provider, transport } = makeProvider({ [ROUTE.tickets]: () => ({ body: ticketList(served) }) });
    const first = await provider.listTickets({ view: 'mine' }, undefined, 3);
    served = many(2, 100);
    const second = await provider.listTickets({ view: 'mine' }, first.next, 50);
    assert.deepEqual(second.items.map((ticket) => ticket.id), ['4', '5', '6'], 'the cursor pages the answer it came from');
    const again = await provider.listTickets({ view: 'mine' }, undefined, 3);
    assert.deepEqual(again.items.map((ticket) => ticket.id), ['100', '101']);
    assert.equal(transport.count(ROUTE.tickets), 2);
  });

  it('reports the server total when the server capped the answer', async () => {
    const { provider, logs } = makeProvider({ [ROUTE.tickets]: () => ({ body: ticketList(many(100), 1234) }) });
    const first = await provider.listTickets({ search: 'printer' }, undefined, 60);
    const pages = await allPages(first, (cursor) => provider.listTickets({ search: 'printer' }, cursor));
    assert.equal(pages.flatMap((page) => page.items).length, 100);
    assert.ok(pages.every((page) => page.total === 1234), 'total is what the server counted, not what it sent');
    assert.ok(logs.info.some((line) => /returned 100 of 1234 tickets/.test(line)));
  });

  it('tells capped from complete by total against resultsCount', async () => {
    const { provider } = makeProvider({ [ROUTE.tickets]: () => ({ body: { total: 3, resultsCount: 3, results: many(3) } }) });
    assert.equal((await provider.listTickets({ view: 'open' })).total, 3);
    const capped = makeProvider({ [ROUTE.tickets]: () => ({ body: { total: 900, resultsCount: 500, results: many(500) } }) });
    const page = await capped.provider.listTickets({ view: 'open' });
    assert.equal(page.total, 900);
    assert.equal(page.items.length, 50, 'the default page size');
  });

  it('filters a status id locally (the route only knows open, closed and any)', async () => {
    const results = [summary(1, { status: { id: 5, name: 'Waiting' } }), summary(2), summary(3, { status: { id: 5, name: 'Waiting' } })];
    const { provider, transport } = makeProvider({ [ROUTE.tickets]: () => ({ body: ticketList(results) }) });
    const page = await provider.listTickets({ status: '5' });
    assert.deepEqual(page.items.map((ticket) => ticket.id), ['1', '3']);
    assert.equal(page.total, 2);
    assert.deepEqual(transport.requests[0]?.query, { status: 'any', assigned: 'any' });
    await assert.rejects(provider.listTickets({ status: 'waiting' }), (error: unknown) => error instanceof HelpdeskError && error.kind === 'validation');
  });

  it('refuses a cursor from another provider or a forgotten answer, asking for a refresh', async () => {
    const routes = { [ROUTE.tickets]: () => ({ body: ticketList(many(10)) }) };
    const one = makeProvider(routes);
    const other = makeProvider(routes);
    const first = await one.provider.listTickets({ view: 'open' }, undefined, 2);
    assert.ok(first.next);
    await assert.rejects(other.provider.listTickets({ view: 'open' }, first.next), /no longer valid; refresh the list/);
    // Answers are kept for the open lists only: the oldest goes when many more arrive.
    for (let i = 0; i < 10; i++) await one.provider.listTickets({ view: 'open' }, undefined, 2);
    await assert.rejects(one.provider.listTickets({ view: 'open' }, first.next), /no longer valid; refresh the list/);
    await assert.rejects(one.provider.listTickets({ view: 'open' }, 'not-a-cursor'), /no longer valid/);
  });

  it('refuses an empty search before asking', async () => {
    const { provider, transport } = makeProvider({});
    await assert.rejects(provider.listTickets({ search: '   ' }), (error: unknown) => error instanceof HelpdeskError && error.kind === 'validation');
    assert.equal(transport.requests.length, 0);
  });

  it('says which part of a bad answer is wrong', async () => {
    const { provider } = makeProvider({ [ROUTE.tickets]: () => ({ body: { total: 1, results: [{ id: 'x', summary: 3 }] } }) });
    await assert.rejects(provider.listTickets({ view: 'open' }), (error: unknown) => error instanceof HelpdeskError && error.kind === 'protocol' && /results\[0\]\.summary is not a string/.test(error.message));
  });
});
