import assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { silentLogger } from '../../src/helpdesk/log';
import type { Page, Ticket, TicketQuery } from '../../src/helpdesk/model';
import type { HelpdeskProvider, ProviderDescriptor } from '../../src/helpdesk/provider';
import { SEEN_STORAGE_KEY, SeenMarks } from '../../src/ui/current/seen';
import { Connections } from '../../src/ui/instances/connections';
import { createDescriptorCatalog } from '../../src/ui/instances/descriptors';
import { validateInstances } from '../../src/ui/instances/instanceValidation';
import { TreeModel } from '../../src/ui/tree/model';
import type { ListNode, TicketNode, TreeNode } from '../../src/ui/tree/nodes';
import { UNSEEN_MARK } from '../../src/ui/tree/present';
import { TicketList } from '../../src/ui/tree/ticketList';
import { testCapabilities } from '../support/capabilities';
import { MemoryCredentials } from '../support/uiLayer';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function ticket(id: number, updated = T0 - 3_600_000): Ticket {
  return {
    id: String(id),
    ref: `#${id}`,
    subject: `Ticket ${id}`,
    status: { id: 'open', name: 'Open', kind: 'open' },
    createdAt: iso(T0 - 86_400_000),
    updatedAt: iso(updated),
  };
}

/** A helpdesk whose tickets the test edits between refreshes; pages of `size`. */
function helpdesk(count: number, size: number) {
  const tickets = Array.from({ length: count }, (_, i) => ticket(i + 1));
  const requests: Array<string | undefined> = [];
  let failure: Error | undefined;
  const fetch = async (cursor: string | undefined): Promise<Page<Ticket>> => {
    requests.push(cursor);
    if (failure) throw failure;
    const start = Number(cursor ?? 0);
    const page: Page<Ticket> = { items: tickets.slice(start, start + size).map((t) => ({ ...t })), total: tickets.length };
    if (start + size < tickets.length) page.next = String(start + size);
    return page;
  };
  return { tickets, requests, fetch, fail: (error: Error | undefined) => (failure = error) };
}

function memoryStore() {
  const values = new Map<string, unknown>();
  return {
    values,
    get: <T>(key: string) => values.get(key) as T | undefined,
    update: async (key: string, value: unknown) => void values.set(key, JSON.parse(JSON.stringify(value))),
  };
}

describe('current: change detection in a list', () => {
  it('an unchanged first page keeps the later pages loaded', async () => {
    const h = helpdesk(120, 50);
    const list = new TicketList(h.fetch);
    await list.ensureFirstPage();
    await list.loadMore();
    assert.equal(list.items.length, 100);
    const outcome = await list.refresh();
    assert.deepEqual(outcome, { kind: 'unchanged' });
    assert.equal(list.items.length, 100, 'page two is still there');
    assert.deepEqual(h.requests, [undefined, '50', '100', undefined], 'the page after the Load more read ahead, then one request: the first page');
  });

  it('newer activity on a ticket is a change that names it; the list becomes the fresh first page', async () => {
    const h = helpdesk(120, 50);
    const list = new TicketList(h.fetch);
    await list.ensureFirstPage();
    await list.loadMore();
    h.tickets[3] = ticket(4, T0);
    const outcome = await list.refresh();
    assert.equal(outcome.kind, 'changed');
    assert.deepEqual(outcome.kind === 'changed' && outcome.changed.map((t) => t.id), ['4']);
    assert.equal(list.items.length, 50, 'later pages dropped: they may be stale now');
    assert.equal(list.hasMore, true);
  });

  it('a new ticket at the top is a change; a ticket gone is a change without activity', async () => {
    const h = helpdesk(10, 50);
    const list = new TicketList(h.fetch);
    await list.ensureFirstPage();
    h.tickets.unshift(ticket(99, T0));
    let outcome = await list.refresh();
    assert.deepEqual(outcome.kind === 'changed' && outcome.changed.map((t) => t.id), ['99']);
    h.tickets.splice(2, 1);
    outcome = await list.refresh();
    assert.deepEqual(outcome, { kind: 'changed', changed: [] });
    assert.equal(list.items.length, 10);
  });

  it('a failed refresh keeps every row and says so; the next success clears it', async () => {
    const h = helpdesk(120, 50);
    const list = new TicketList(h.fetch);
    await list.ensureFirstPage();
    await list.loadMore();
    h.fail(new HelpdeskError('network', 'connect ECONNREFUSED'));
    const outcome = await list.refresh();
    assert.equal(outcome.kind, 'failed');
    assert.equal(list.items.length, 100);
    assert.equal(list.error, undefined, 'not a load error: no "Could not load" row');
    assert.equal(list.staleError?.kind, 'network');
    h.fail(undefined);
    assert.deepEqual(await list.refresh(), { kind: 'unchanged' });
    assert.equal(list.staleError, undefined);
  });

  it('an unchanged first page alone takes the fresh cursor: one bound to the earlier answer may be gone', async () => {
    // A vendor whose cursors point into the answer they came with (DeskDirector pages one answer in memory).
    let answer = 0;
    const tickets = Array.from({ length: 30 }, (_, i) => ticket(i + 1));
    const requests: Array<string | undefined> = [];
    const list = new TicketList(async (cursor) => {
      requests.push(cursor);
      if (cursor !== undefined && !cursor.startsWith(`a${answer}:`)) throw new HelpdeskError('protocol', 'This list position is no longer valid; refresh the list.');
      if (cursor === undefined) answer++;
      const start = cursor === undefined ? 0 : Number(cursor.split(':')[1]);
      const page: Page<Ticket> = { items: tickets.slice(start, start + 10).map((t) => ({ ...t })), total: tickets.length };
      if (start + 10 < tickets.length) page.next = `a${answer}:${start + 10}`;
      return page;
    });
    await list.ensureFirstPage();
    assert.deepEqual(await list.refresh(), { kind: 'unchanged' });
    await list.loadMore();
    assert.equal(list.error, undefined, 'the next page came from the fresh answer');
    assert.equal(list.items.length, 20);
    assert.deepEqual(requests, [undefined, undefined, 'a2:10', 'a2:20'], 'and the page after it, read ahead from the same answer');
  });

  it('a refresh after a failed "Load more…" starts again from the first page, the error gone', async () => {
    const h = helpdesk(120, 50);
    const list = new TicketList(h.fetch);
    await list.ensureFirstPage();
    h.fail(new HelpdeskError('protocol', 'This list position is no longer valid; refresh the list.'));
    await list.loadMore();
    assert.equal(list.error?.kind, 'protocol');
    h.fail(undefined);
    assert.deepEqual(await list.refresh(), { kind: 'changed', changed: [] });
    assert.equal(list.error, undefined);
    assert.equal(list.items.length, 50);
    await list.loadMore();
    assert.equal(list.items.length, 100);
  });

  it('markStale keeps the rows until the next listing reads the first page again', async () => {
    const h = helpdesk(10, 50);
    const list = new TicketList(h.fetch);
    await list.ensureFirstPage();
    list.markStale();
    assert.equal(list.items.length, 10);
    assert.equal(list.needsRefresh, true);
    await list.refresh();
    assert.equal(list.needsRefresh, false);
  });
});

describe('current: seen marks', () => {
  it('marks nothing on the first run, then what changed after it, until opened', () => {
    const store = memoryStore();
    let now = T0;
    const seen = new SeenMarks({ store, now: () => now });
    const old = ticket(1);
    seen.observe('acme', [old]);
    assert.equal(seen.isUnseen('acme', old), false, 'older than when we started watching');
    now += 60_000;
    const replied = ticket(1, now);
    assert.equal(seen.isUnseen('acme', replied), true);
    seen.opened('acme', replied);
    assert.equal(seen.isUnseen('acme', replied), false);
    assert.equal(seen.isUnseen('acme', ticket(1, now + 1000)), true, 'newer again after opening');
  });

  it('persists across instances of the store and stays bounded', async () => {
    const store = memoryStore();
    const first = new SeenMarks({ store, now: () => T0, max: 3 });
    first.observe('acme', []);
    for (let id = 1; id <= 5; id++) first.opened('acme', ticket(id, T0 + id));
    await first.flush();
    const saved = store.values.get(SEEN_STORAGE_KEY) as { tickets: Record<string, unknown> };
    assert.equal(Object.keys(saved.tickets).length, 3, 'only the 3 opened last are kept');
    const second = new SeenMarks({ store, now: () => T0 });
    assert.equal(second.isUnseen('acme', ticket(5, T0 + 5)), false);
    assert.equal(second.isUnseen('acme', ticket(5, T0 + 6)), true);
    assert.equal(second.isUnseen('acme', ticket(1, T0 + 1)), true, 'forgotten: compared with the watch start');
  });

  it('ignores a stored value of the wrong shape', () => {
    const store = memoryStore();
    store.values.set(SEEN_STORAGE_KEY, { version: 1, since: 'x', tickets: [] });
    const seen = new SeenMarks({ store, now: () => T0 });
    assert.equal(seen.isUnseen('acme', ticket(1, T0 + 5)), false, 'not watched yet: nothing marked');
  });

  it('our own reply from a panel is not a change to mark', () => {
    const seen = new SeenMarks({ store: memoryStore(), now: () => T0 });
    seen.observe('acme', []);
    seen.opened('acme', ticket(1, T0 - 1000));
    seen.acceptOwnChange('acme');
    const afterReply = ticket(1, T0 + 5_000);
    seen.observe('acme', [afterReply]);
    assert.equal(seen.isUnseen('acme', afterReply), false);
    const customer = ticket(1, T0 + 60_000);
    seen.observe('acme', [customer]);
    assert.equal(seen.isUnseen('acme', customer), true, 'only the next change was ours');
  });
});

// The tree model over a fake provider: refresh, marks, badge count, last good rows.
const capabilities = testCapabilities({
  views: [
    { kind: 'mine', label: 'My tickets' },
    { kind: 'unassigned', label: 'Unassigned' },
  ],
});

function treeSetup() {
  const mine = Array.from({ length: 3 }, (_, i) => ticket(i + 1));
  const requests: string[] = [];
  let listError: HelpdeskError | undefined;
  const descriptor: ProviderDescriptor = {
    type: 'deskpro',
    names: ['deskpro'],
    urlPlaceholder: 'https://x',
    credentialPrompt: { secret: { prompt: 'Key' } },
    normalizeBaseUrl: (input) => input,
    create(): HelpdeskProvider {
      return {
        type: 'deskpro',
        capabilities,
        whoAmI: async () => ({ id: 'me', name: 'Me' }),
        listTickets: async (query: TicketQuery): Promise<Page<Ticket>> => {
          requests.push(JSON.stringify(query));
          if (listError) throw listError;
          return { items: ('view' in query && query.view === 'mine' ? mine : []).map((t) => ({ ...t })), total: 3 };
        },
        getTicket: async () => ticket(1),
        listMessages: async () => ({ items: [] }),
        reply: async () => {
          throw new Error('unused');
        },
        createTicket: async () => {
          throw new Error('unused');
        },
        updateTicket: async () => {
          throw new Error('unused');
        },
        referenceData: async () => ({ statuses: [], priorities: [], departments: [], agents: [] }),
        download: async () => {
          throw new Error('unused');
        },
        dispose: async () => {},
      };
    },
  } as ProviderDescriptor;
  const catalog = createDescriptorCatalog([descriptor]);
  const credentials = new MemoryCredentials();
  credentials.values.set('acme', { secret: 's' });
  let now = T0;
  const connections = new Connections({ catalog, credentials, log: silentLogger, transport: () => ({ timeoutMs: 1000 }), now: () => now });
  connections.setEntries(validateInstances([{ id: 'acme', label: 'Acme', type: 'deskpro', baseUrl: 'https://acme.example' }], catalog));
  const seen = new SeenMarks({ store: memoryStore(), now: () => now });
  const model = new TreeModel(connections, { pageSize: () => 50, typeName: (type) => type, now: () => now, seen });
  return {
    mine,
    requests,
    model,
    seen,
    connections,
    setNow: (value: number) => (now = value),
    fail: (error: HelpdeskError | undefined) => (listError = error),
  };
}

async function expandAll(model: TreeModel) {
  const root = model.roots()[0]!;
  const lists = (await model.children(root)) as TreeNode[];
  const mine = lists.find((node) => node.kind === 'list' && model.present(node).label === 'My tickets') as ListNode;
  return { root, lists, mine, rows: async () => (await model.children(mine)) as TicketNode[] };
}

describe('current: tree refresh, marks and count', () => {
  it('marks a ticket whose activity is newer than when last opened, counts it, and unmarks on open', async () => {
    const t = treeSetup();
    const { mine, rows } = await expandAll(t.model);
    const before = await rows();
    assert.ok(before.every((row) => !t.model.present(row).description?.startsWith(UNSEEN_MARK)));
    assert.deepEqual([...t.model.awaitingYou()], []);

    t.setNow(T0 + 120_000);
    t.mine[1] = ticket(2, T0 + 60_000);
    const results = await t.model.refreshLoaded();
    const mineResult = results.find((r) => r.listKey === mine.listKey)!;
    assert.equal(mineResult.mine, true);
    assert.deepEqual(mineResult.outcome.kind === 'changed' && mineResult.outcome.changed.map((x) => x.id), ['2']);
    const after = await rows();
    const marked = t.model.present(after[1]!);
    assert.ok(marked.description?.startsWith(UNSEEN_MARK), marked.description);
    assert.deepEqual(marked.labelHighlights, [[0, marked.label.length]]);
    assert.equal(marked.icon?.id, 'circle-filled');
    assert.equal(t.model.present(after[0]!).icon?.id, 'issues', 'the others keep their status icon');
    assert.equal(t.model.present(after[0]!).labelHighlights, undefined);
    assert.deepEqual([...t.model.awaitingYou()], [['acme', 1]]);

    t.seen.opened('acme', after[1]!.ticket);
    assert.deepEqual([...t.model.awaitingYou()], []);
    assert.ok(!t.model.present((await rows())[1]!).description?.startsWith(UNSEEN_MARK));
  });

  it('an unchanged view costs one request per loaded list; lists never expanded cost none', async () => {
    const t = treeSetup();
    const { rows } = await expandAll(t.model);
    await rows();
    t.requests.length = 0;
    const results = await t.model.refreshLoaded();
    assert.deepEqual(t.requests, ['{"view":"mine"}'], 'only the loaded "mine" list, once');
    assert.deepEqual(results.map((r) => r.outcome.kind), ['unchanged']);
  });

  it('a refresh failure keeps the last good rows and warns on the root', async () => {
    const t = treeSetup();
    const { root, rows } = await expandAll(t.model);
    await rows();
    t.fail(new HelpdeskError('server', 'Internal Server Error', { status: 500 }));
    await t.model.refreshLoaded();
    assert.equal((await rows()).length, 3, 'rows stay');
    const view = t.model.present(root);
    assert.match(view.description ?? '', /Refresh failed: Internal Server Error/);
    assert.equal(view.icon?.id, 'warning');
    assert.match(view.tooltipMarkdown ?? '', /last ones loaded/);
    t.fail(undefined);
    await t.model.refreshLoaded();
    assert.doesNotMatch(t.model.present(root).description ?? '', /Refresh failed/);
  });

  it('a helpdesk that became unreachable keeps its rows under the fix row', async () => {
    const t = treeSetup();
    const { root, rows } = await expandAll(t.model);
    await rows();
    t.fail(new HelpdeskError('network', 'connect ECONNREFUSED'));
    await t.model.refreshLoaded();
    assert.equal(t.connections.get('acme')!.health.status, 'unreachable');
    const children = await t.model.children(root);
    assert.equal(children[0]!.kind, 'fix');
    const kept = children.filter((child) => child.kind === 'list');
    assert.equal(kept.length, 1, 'the list that had rows');
    assert.equal((await t.model.children(kept[0]!)).length, 3);
    assert.match(t.model.present(root).description ?? '', /Unreachable · refresh failed: connect ECONNREFUSED/);
  });

  it('a manual refresh that fails keeps the rows too', async () => {
    const t = treeSetup();
    const { rows } = await expandAll(t.model);
    await rows();
    t.model.refreshInstance('acme');
    await expandAll(t.model);
    t.fail(new HelpdeskError('server', 'Bad Gateway', { status: 502 }));
    assert.equal((await rows()).length, 3);
  });

  it('loads the "mine" view for the count even when it was never expanded (connected helpdesks only)', async () => {
    const t = treeSetup();
    assert.deepEqual(await t.model.refreshLoaded(), [], 'not connected yet: no request');
    assert.deepEqual(t.requests, []);
    await t.model.children(t.model.roots()[0]!); // connects
    await t.model.refreshLoaded();
    assert.deepEqual(t.requests, ['{"view":"mine"}']);
  });
});
