import assert from 'node:assert/strict';
import type { Ticket } from '../../src/helpdesk/model';
import {
  clientSide,
  describeListOptions,
  filterPage,
  matchesFilter,
  priorityRank,
  readListOptions,
  sortTickets,
} from '../../src/ui/find/query';
import { baseViewOf, readSavedViews } from '../../src/ui/find/savedViews';
import { ViewFilters } from '../../src/ui/find/viewFilters';

function ticket(id: string, extra: Partial<Ticket> = {}): Ticket {
  return {
    id,
    ref: `REF-${id}`,
    subject: `Subject ${id}`,
    status: { id: 'awaiting_agent', name: 'Awaiting Agent', kind: 'open' },
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...extra,
  };
}

const alice = { id: '7', name: 'Alice Agent', email: 'alice@example.com' };

describe('find: filter matching', () => {
  it('matches a status, priority or agent by id or by name, case-insensitively', () => {
    const t = ticket('1', { priority: { id: '3', name: 'High' }, agent: alice });
    assert.ok(matchesFilter(t, { status: 'awaiting_agent' }));
    assert.ok(matchesFilter(t, { status: 'awaiting agent' }));
    assert.ok(!matchesFilter(t, { status: 'resolved' }));
    assert.ok(matchesFilter(t, { priority: 'high' }));
    assert.ok(matchesFilter(t, { priority: '3' }));
    assert.ok(!matchesFilter(t, { priority: 'Low' }));
    assert.ok(!matchesFilter(ticket('2'), { priority: 'High' }), 'a ticket without a priority matches no priority');
    assert.ok(matchesFilter(t, { assignee: '7' }));
    assert.ok(matchesFilter(t, { assignee: 'alice agent' }));
    assert.ok(matchesFilter(t, { assignee: 'alice@example.com' }));
    assert.ok(!matchesFilter(t, { assignee: 'Bob' }));
  });

  it('reads assignee "me" as the name the helpdesk knows us by, and "none" as unassigned', () => {
    const mine = ticket('1', { agent: alice });
    const nobody = ticket('2');
    assert.ok(matchesFilter(mine, { assignee: 'me' }, 'Alice Agent'));
    assert.ok(!matchesFilter(mine, { assignee: 'me' }, 'Bob'));
    assert.ok(!matchesFilter(mine, { assignee: 'me' }), 'without knowing who I am, nothing is mine');
    assert.ok(matchesFilter(nobody, { assignee: 'none' }));
    assert.ok(!matchesFilter(mine, { assignee: 'none' }));
  });

  it('needs every word of the text in the subject, reference, number or requester', () => {
    const t = ticket('42', { subject: 'Export times out', requester: { id: '1', name: 'Carol Customer' } });
    assert.ok(matchesFilter(t, { text: 'export carol' }));
    assert.ok(matchesFilter(t, { text: 'REF-42' }));
    assert.ok(!matchesFilter(t, { text: 'export import' }));
  });

  it('filters a page, keeps its cursor and drops a total counted before filtering', () => {
    const page = { items: [ticket('1'), ticket('2', { status: { id: 'resolved', name: 'Resolved', kind: 'resolved' } })], next: 'c2', total: 80 };
    const filtered = filterPage(page, { status: 'resolved' });
    assert.deepEqual(filtered.items.map((t) => t.id), ['2']);
    assert.equal(filtered.next, 'c2');
    assert.equal(filtered.total, undefined);
    assert.equal(filterPage(page, undefined), page, 'no filter: the page as it came');
  });

  it('leaves to the vendor what its capabilities say it serves, and does the rest', () => {
    const options = { filter: { status: 'open', text: 'x' }, sort: 'created' as const };
    assert.deepEqual(clientSide(options, undefined), options);
    assert.deepEqual(clientSide(options, { listFilters: ['status'], listSorts: ['created'] }), { filter: { text: 'x' } });
    assert.deepEqual(clientSide(options, { listFilters: ['status', 'text'], listSorts: ['created', 'activity'] }), {});
  });
});

describe('find: sorting the loaded rows', () => {
  const rows = [
    ticket('1', { createdAt: '2026-01-03T00:00:00Z', updatedAt: '2026-01-04T00:00:00Z', priority: { id: 'l', name: 'Low' } }),
    ticket('2', { createdAt: '2026-01-05T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z', priority: { id: 'u', name: 'Urgent' } }),
    ticket('3', { createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-09T00:00:00Z', priority: { id: 'm', name: 'Medium' } }),
    ticket('4', { createdAt: '2026-01-02T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', priority: { id: 'h', name: 'High' } }),
  ];
  const ids = (list: readonly Ticket[]) => list.map((t) => t.id);

  it('orders by last activity, created or priority, highest first, without touching the input', () => {
    assert.deepEqual(ids(sortTickets(rows, 'activity')), ['3', '1', '2', '4']);
    assert.deepEqual(ids(sortTickets(rows, 'created')), ['2', '1', '4', '3']);
    assert.deepEqual(ids(sortTickets(rows, 'priority')), ['2', '4', '3', '1']);
    assert.deepEqual(ids(rows), ['1', '2', '3', '4']);
    assert.deepEqual(ids(sortTickets(rows, undefined)), ['1', '2', '3', '4']);
  });

  it('ranks priority names the way vendors name them; ties keep the vendor order', () => {
    assert.ok(priorityRank({ id: '2', name: 'Critical' }) > priorityRank({ id: '1', name: 'High' }));
    assert.ok(priorityRank({ id: '1', name: 'High' }) > priorityRank({ id: '0', name: 'Normal' }));
    assert.ok(priorityRank({ id: '0', name: 'Normal' }) > priorityRank({ id: '-1', name: 'Low' }));
    const tied = [ticket('a', { priority: { id: 'x', name: 'Normal' } }), ticket('b', { priority: { id: 'y', name: 'Medium' } })];
    assert.deepEqual(ids(sortTickets(tied, 'priority')), ['a', 'b']);
  });
});

describe('find: list options as shown and stored', () => {
  it('describes a filter and an order for the view node', () => {
    assert.equal(describeListOptions({ filter: { status: 'Open', assignee: 'me', text: 'export' }, sort: 'priority' }), 'filtered: status Open, assignee me, "export" · by priority');
    assert.equal(describeListOptions({ sort: 'created' }), 'by created');
    assert.equal(describeListOptions({ filter: { text: '  ' } }), undefined);
  });

  it('reads stored or configured options defensively', () => {
    assert.deepEqual(readListOptions({ filter: { status: ' Open ', priority: 3, bogus: 'x' }, sort: 'created' }), { filter: { status: 'Open' }, sort: 'created' });
    assert.deepEqual(readListOptions({ status: 'Open', sort: 'sideways' }), { filter: { status: 'Open' } });
    assert.equal(readListOptions('nonsense'), undefined);
    assert.equal(readListOptions({}), undefined);
  });

  it('keeps each list\'s options apart across a reload (a new store over the same memento) and clears them', async () => {
    const data = new Map<string, unknown>();
    const memento = { get: <T>(key: string) => data.get(key) as T | undefined, update: async (key: string, value: unknown) => void data.set(key, value) };
    const changes: string[] = [];
    const store = new ViewFilters(memento);
    store.onDidChange(({ instanceId, listKey }) => changes.push(`${instanceId}/${listKey}`));
    await store.set('a', 'view:open', { filter: { status: 'Pending' }, sort: 'priority' });
    await store.set('b', 'view:open', { filter: { text: 'vpn' } });
    const reloaded = new ViewFilters(memento);
    assert.deepEqual(reloaded.get('a', 'view:open'), { filter: { status: 'Pending' }, sort: 'priority' });
    assert.deepEqual(reloaded.get('b', 'view:open'), { filter: { text: 'vpn' } });
    assert.equal(reloaded.get('a', 'view:mine'), undefined);
    await reloaded.clear('a', 'view:open');
    assert.equal(new ViewFilters(memento).get('a', 'view:open'), undefined);
    assert.deepEqual(new ViewFilters(memento).get('b', 'view:open'), { filter: { text: 'vpn' } });
    assert.deepEqual(changes, ['a/view:open', 'b/view:open']);
  });
});

describe('find: saved views in instance settings', () => {
  it('reads {label, query} entries with the intent-level fields', () => {
    const { views, problems } = readSavedViews([
      { label: 'Urgent for me', query: { view: 'mine', priority: 'High', sort: 'created' } },
      { label: 'VPN', query: { text: 'vpn', assignee: 'none' } },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(views, [
      { key: 'saved:0:Urgent for me', label: 'Urgent for me', view: 'mine', options: { filter: { priority: 'High' }, sort: 'created' } },
      { key: 'saved:1:VPN', label: 'VPN', options: { filter: { text: 'vpn', assignee: 'none' } } },
    ]);
  });

  it('reports each bad entry and keeps the good ones', () => {
    const { views, problems } = readSavedViews([
      { query: { view: 'mine' } },
      { label: 'Odd', query: { view: 'everything' } },
      { label: 'Typo', query: { stauts: 'Open' } },
      { label: 'Sorted', query: { sort: 'random' } },
      { label: 'Number', query: { priority: 3 } },
      'text',
      { label: 'Good', query: { status: 'Open' } },
      { label: 'good', query: {} },
    ]);
    assert.deepEqual(views.map((view) => view.label), ['Good']);
    assert.equal(problems.length, 7);
    assert.match(problems[0]!, /views #1 has no "label"/);
    assert.match(problems[1]!, /"view" must be one of/);
    assert.match(problems[2]!, /unknown query field "stauts"/);
    assert.match(problems[3]!, /"sort" must be one of/);
    assert.match(problems[4]!, /"priority" must be text/);
    assert.match(problems[6]!, /used twice/);
    assert.deepEqual(readSavedViews('nope').problems, ['"views" must be a list of {label, query}.']);
    assert.deepEqual(readSavedViews(undefined), { views: [], problems: [] });
  });

  it('narrows the view it names, else All Open, else the first view; a view the vendor lacks is a problem', () => {
    const views = [
      { kind: 'mine' as const, label: 'My Tickets' },
      { kind: 'open' as const, label: 'All Open' },
    ];
    assert.deepEqual(baseViewOf({ key: 'k', label: 'x', view: 'mine', options: {} }, views), { view: 'mine' });
    assert.deepEqual(baseViewOf({ key: 'k', label: 'x', options: {} }, views), { view: 'open' });
    assert.deepEqual(baseViewOf({ key: 'k', label: 'x', options: {} }, [views[0]!]), { view: 'mine' });
    assert.match((baseViewOf({ key: 'k', label: 'x', view: 'pending', options: {} }, views) as { problem: string }).problem, /no "pending" list/);
  });
});
