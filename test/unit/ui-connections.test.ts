import assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { silentLogger } from '../../src/helpdesk/log';
import type { Page, Ticket, TicketQuery } from '../../src/helpdesk/model';
import type { HelpdeskProvider, ProviderContext, ProviderDescriptor } from '../../src/helpdesk/provider';
import { Connections } from '../../src/ui/instances/connections';
import { createDescriptorCatalog } from '../../src/ui/instances/descriptors';
import { validateInstances } from '../../src/ui/instances/instanceValidation';
import { TreeModel } from '../../src/ui/tree/model';
import type { ListNode, TreeNode } from '../../src/ui/tree/nodes';
import { MemoryCredentials } from '../support/uiLayer';
import { testCapabilities } from '../support/capabilities';

const capabilities = testCapabilities({
  views: [
    { kind: 'mine', label: 'My tickets' },
    { kind: 'unassigned', label: 'Unassigned' },
  ],
  statusOnReply: true,
});

/** Per instance id: what the fake helpdesk answers, and every request it got. */
interface FakeServer {
  whoAmIError?: HelpdeskError;
  /** Answers at most this many tickets in all, still reporting the full total (DeskDirector). */
  cap?: number;
  listError?: HelpdeskError;
  tickets: number;
  requests: string[];
  created: ProviderContext[];
  disposed: number;
}

function servers() {
  const byId = new Map<string, FakeServer>();
  return (id: string): FakeServer => {
    let server = byId.get(id);
    if (!server) {
      server = { tickets: 120, requests: [], created: [], disposed: 0 };
      byId.set(id, server);
    }
    return server;
  };
}

function fakeDescriptor(server: (id: string) => FakeServer, type: 'deskpro' | 'jitbit' = 'deskpro', supported = true): ProviderDescriptor & { supported: boolean } {
  return {
    type,
    names: [type],
    supported,
    urlPlaceholder: 'https://x',
    credentialPrompt: { secret: { prompt: 'Key' } },
    normalizeBaseUrl: (input) => new URL(input).href.replace(/\/$/, ''),
    create(context): HelpdeskProvider {
      const s = server(context.config.id);
      s.created.push(context);
      const provider: HelpdeskProvider = {
        type,
        capabilities,
        whoAmI: async () => {
          s.requests.push('whoAmI');
          if (s.whoAmIError) throw s.whoAmIError;
          return { id: 'me', name: 'Agent Smith' };
        },
        listTickets: async (query: TicketQuery, cursor?: string, pageSize = 50): Promise<Page<Ticket>> => {
          s.requests.push(`list ${JSON.stringify(query)} ${cursor ?? '-'} ${pageSize}`);
          if (s.listError) throw s.listError;
          const start = Number(cursor ?? 0);
          const count = Math.max(0, Math.min(pageSize, (s.cap ?? s.tickets) - start));
          const items = Array.from({ length: count }, (_, i) => ({
            id: String(start + i + 1),
            ref: `#${start + i + 1}`,
            subject: `Ticket ${start + i + 1}`,
            status: { id: 'open', name: 'Open', kind: 'open' as const },
            createdAt: '2025-01-01T00:00:00Z',
            updatedAt: '2025-01-01T00:00:00Z',
          }));
          const page: Page<Ticket> = { items, total: s.tickets };
          if (start + pageSize < (s.cap ?? s.tickets)) page.next = String(start + pageSize);
          return page;
        },
        getTicket: async () => {
          throw new Error('unused');
        },
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
        dispose: async () => {
          s.disposed++;
        },
      };
      return provider;
    },
  };
}

function setup(instances: Array<Record<string, unknown>>, now = () => 1_000_000) {
  const server = servers();
  const catalog = createDescriptorCatalog([fakeDescriptor(server), fakeDescriptor(server, 'jitbit', false)]);
  const credentials = new MemoryCredentials();
  for (const instance of instances) if (typeof instance.id === 'string') credentials.values.set(instance.id, { secret: `secret-${instance.id}` });
  const connections = new Connections({
    catalog,
    credentials,
    log: silentLogger,
    transport: () => ({ timeoutMs: 30_000 }),
    now,
  });
  const apply = (list: Array<Record<string, unknown>>) => connections.setEntries(validateInstances(list, catalog));
  apply(instances);
  const model = new TreeModel(connections, { pageSize: () => 50, typeName: (type) => type, now });
  const redraws: Array<TreeNode | undefined> = [];
  model.onDidChange((node) => redraws.push(node));
  return { server, credentials, connections, model, apply, redraws, catalog };
}

const acme = { id: 'acme', label: 'Acme', type: 'deskpro' as const, baseUrl: 'https://acme.example' };
const beta = { id: 'beta', label: 'Beta', type: 'deskpro' as const, baseUrl: 'https://beta.example' };

async function labels(model: TreeModel, node: TreeNode): Promise<string[]> {
  return (await model.children(node)).map((child) => model.present(child).label);
}

describe('ui: connections', () => {
  it('stops sending requests after the helpdesk rejects the credential, until new credentials arrive', async () => {
    const t = setup([acme]);
    const server = t.server('acme');
    server.whoAmIError = new HelpdeskError('auth', 'Unauthorized', { status: 401 });
    const connection = t.connections.get('acme')!;

    assert.equal((await connection.check()).status, 'authFailed');
    assert.equal(t.credentials.values.get('acme')?.rejected, true, 'remembered for other windows and reloads');
    await assert.rejects(connection.run((p) => p.whoAmI()), { kind: 'auth' });
    connection.retry();
    await assert.rejects(connection.run((p) => p.whoAmI()), { kind: 'auth' });
    assert.deepEqual(server.requests, ['whoAmI'], 'exactly one attempt with the bad credential');

    server.whoAmIError = undefined;
    t.credentials.values.set('acme', { secret: 'new' });
    t.connections.resetCredentials('acme');
    assert.equal((await connection.check()).status, 'connected');
    assert.equal(server.created.at(-1)?.credentials.secret, 'new');
    assert.ok(!('rejected' in (server.created.at(-1)?.credentials ?? {})), 'the provider gets only secret and username');
  });

  it('an expired token: its own state, remembered with the helpdesk\'s words, never retried by Refresh, cleared by new credentials', async () => {
    const t = setup([acme]);
    const server = t.server('acme');
    const said = 'Token expired — paste a new one or use an API key';
    server.whoAmIError = new HelpdeskError('tokenExpired', said, { status: 401 });
    const connection = t.connections.get('acme')!;

    assert.deepEqual(await connection.check(), { status: 'tokenExpired', detail: said });
    assert.equal(t.credentials.values.get('acme')?.expired, said, 'remembered for other windows and reloads');
    connection.retry();
    assert.equal(connection.health.status, 'tokenExpired', 'Refresh does not send the dead token again');
    await assert.rejects(connection.run((p) => p.whoAmI()), { kind: 'tokenExpired', message: said });
    assert.deepEqual(server.requests, ['whoAmI'], 'exactly one attempt with the expired token');

    // A window opened later (a new connection over the same stored credential) says the same without a request.
    t.apply([{ ...acme, label: 'Acme again' }]);
    const reopened = t.connections.get('acme')!;
    assert.deepEqual(await reopened.check(), { status: 'tokenExpired', detail: said });
    assert.deepEqual(server.requests, ['whoAmI']);

    server.whoAmIError = undefined;
    t.credentials.values.set('acme', { secret: 'fresh-token' });
    t.connections.resetCredentials('acme');
    assert.equal((await reopened.check()).status, 'connected');
  });

  it('reports missing credentials without a request', async () => {
    const t = setup([acme]);
    t.credentials.values.clear();
    assert.equal((await t.connections.get('acme')!.check()).status, 'noCredentials');
    assert.equal(t.server('acme').created.length, 0);
  });

  it('marks unsupported types without building a provider', async () => {
    const t = setup([{ id: 'jb', type: 'jitbit', baseUrl: 'https://jb.example' }]);
    assert.equal((await t.connections.get('jb')!.check()).status, 'unsupported');
  });

  it('holds requests during a rate-limit window and lets a retry through after it', async () => {
    let now = 1_000_000;
    const t = setup([acme], () => now);
    const server = t.server('acme');
    server.listError = new HelpdeskError('rateLimited', 'Too many', { retryAfterMs: 10_000 });
    const connection = t.connections.get('acme')!;
    await assert.rejects(connection.run((p) => p.listTickets({ view: 'mine' })));
    assert.equal(connection.health.status, 'rateLimited');
    await assert.rejects(connection.run((p) => p.listTickets({ view: 'mine' })), { kind: 'rateLimited' });
    assert.equal(server.requests.length, 1);
    now += 11_000;
    server.listError = undefined;
    await connection.run((p) => p.listTickets({ view: 'mine' }));
    assert.equal(connection.health.status, 'connected');
  });

  it('keeps unchanged instances (and their providers) across settings edits and disposes changed ones', async () => {
    const t = setup([acme, beta]);
    await t.connections.get('acme')!.check();
    await t.connections.get('beta')!.check();
    const acmeBefore = t.connections.get('acme');
    t.apply([acme, { ...beta, baseUrl: 'https://beta2.example' }]);
    assert.equal(t.connections.get('acme'), acmeBefore);
    assert.equal(t.server('beta').disposed, 1);
    assert.equal(t.server('acme').disposed, 0);
    t.apply([beta]);
    assert.equal(t.server('acme').disposed, 1);
    assert.deepEqual(t.connections.all().map((c) => c.id), ['beta']);
  });

  it('acquireSettled waits for a connection test under way, and sends nothing itself', async () => {
    const t = setup([acme]);
    const server = t.server('acme');
    const connection = t.connections.get('acme')!;
    assert.ok(await connection.acquireSettled());
    assert.deepEqual(server.requests, [], 'no test under way: the provider at once, without a request');

    let answer!: () => void;
    const provider = await connection.acquire();
    const whoAmI = provider.whoAmI.bind(provider);
    provider.whoAmI = () => new Promise((resolve) => (answer = () => resolve(whoAmI())));
    const check = connection.check();
    let settled = false;
    const acquired = connection.acquireSettled().then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(settled, false, 'held while the test is under way');
    answer();
    await acquired;
    assert.equal((await check).status, 'connected');
    assert.deepEqual(server.requests, ['whoAmI']);
  });

  it('passes transport options and a logger to the provider', async () => {
    const t = setup([acme]);
    await t.connections.get('acme')!.check();
    assert.deepEqual(t.server('acme').created[0]?.http, { timeoutMs: 30_000 });
    assert.equal(t.server('acme').created[0]?.config.baseUrl, 'https://acme.example');
  });
});

describe('ui: ticket tree model', () => {
  it('lists instances as roots, bad settings included', () => {
    const t = setup([acme, { id: 'broken', type: 'zendesk', baseUrl: 'https://z.example' }]);
    const roots = t.model.roots();
    assert.deepEqual(roots.map((node) => t.model.present(node).label), ['Acme', 'broken']);
    const broken = t.model.present(roots[1]!);
    assert.equal(broken.description, 'Invalid settings');
    assert.equal(broken.contextValue, 'helpdeskInvalidInstance.removable');
  });

  it('shows views and search under a healthy instance, without fetching tickets', async () => {
    const t = setup([acme]);
    const root = t.model.roots()[0]!;
    assert.deepEqual(await labels(t.model, root), ['My tickets', 'Unassigned', 'Search…']);
    assert.deepEqual(t.server('acme').requests, ['whoAmI']);
    assert.equal(t.model.present(root).description, 'Connected as Agent Smith');
  });

  it('shows one fix node under an unhealthy instance, and the others keep working', async () => {
    const t = setup([acme, beta]);
    t.server('acme').whoAmIError = new HelpdeskError('auth', 'Unauthorized');
    const [acmeRoot, betaRoot] = t.model.roots();
    const fix = await t.model.children(acmeRoot!);
    assert.equal(fix.length, 1);
    const view = t.model.present(fix[0]!);
    assert.equal(view.label, 'Credentials rejected — Set Credentials…');
    assert.deepEqual(view.command, { command: 'helpdesk.setCredentials', title: view.label, arguments: [{ instanceId: 'acme' }] });
    assert.deepEqual(await labels(t.model, betaRoot!), ['My tickets', 'Unassigned', 'Search…']);
  });

  it('says "Invalid settings — Open Settings" for a broken entry', async () => {
    const t = setup([{ id: 'x', type: 'deskpro', baseUrl: 'nope' }]);
    assert.deepEqual(await labels(t.model, t.model.roots()[0]!), ['Invalid settings — Open Settings']);
  });

  it('loads one page per view, then more on request, with the total in the description', async () => {
    const t = setup([acme]);
    const root = t.model.roots()[0]!;
    const mine = (await t.model.children(root))[0] as ListNode;
    const first = await t.model.children(mine);
    assert.equal(first.length, 51);
    assert.equal(t.model.present(first[50]!).label, 'Load more…');
    assert.equal(t.model.present(mine).description, '50 of 120');
    assert.deepEqual(t.server('acme').requests.slice(1), ['list {"view":"mine"} - 50']);

    await t.model.loadMore('acme', mine.listKey);
    const second = await t.model.children(mine);
    assert.equal(second.length, 101);
    assert.equal(t.model.present(mine).description, '100 of 120');
    assert.deepEqual(t.server('acme').requests.slice(1), ['list {"view":"mine"} - 50', 'list {"view":"mine"} 50 50', 'list {"view":"mine"} 100 50'], 'the page after it is on its way');
    const ticket = t.model.present(second[0]!);
    assert.equal(ticket.command?.command, 'helpdesk.openTicket');
    assert.deepEqual(ticket.command?.arguments, [{ instanceId: 'acme', ticketId: '1' }]);
  });

  it('says so when the helpdesk capped its answer below the total it reports', async () => {
    const t = setup([acme]);
    t.server('acme').cap = 30;
    const mine = (await t.model.children(t.model.roots()[0]!))[0] as ListNode;
    const children = await t.model.children(mine);
    assert.equal(children.length, 31, 'the 30 tickets and one notice, no Load more');
    const notice = t.model.present(children[30]!);
    assert.equal(notice.label, 'Only the first 30 of 120 tickets: the helpdesk returns no more for one list');
    assert.equal(notice.command, undefined);
    assert.equal(t.model.present(mine).description, '30 of 120');
    t.server('acme').cap = undefined;
  });

  it('keeps a list failure on the list node, with a retry', async () => {
    const t = setup([acme]);
    t.server('acme').listError = new HelpdeskError('server', 'Internal error', { status: 500 });
    const mine = (await t.model.children(t.model.roots()[0]!))[0] as ListNode;
    const children = await t.model.children(mine);
    assert.equal(children.length, 1);
    const notice = t.model.present(children[0]!);
    assert.equal(notice.label, 'Could not load tickets: Internal error — Retry');
    assert.equal(notice.command?.command, 'helpdesk.loadMore');
    assert.equal(t.connections.get('acme')!.health.status, 'connected', 'a 500 on one list does not mark the instance');
  });

  it('adds a search node that loads its own results', async () => {
    const t = setup([acme]);
    await t.model.children(t.model.roots()[0]!);
    const search = t.model.addSearch('acme', 'printer')!;
    assert.equal(t.model.present(search).label, 'Search: printer');
    await t.model.children(search);
    assert.equal(t.server('acme').requests.at(-1), 'list {"search":"printer"} - 50');
    assert.deepEqual(await labels(t.model, t.model.roots()[0]!), ['My tickets', 'Unassigned', 'Search…', 'Search: printer']);
    t.model.removeSearch('acme', search.listKey);
    assert.deepEqual(await labels(t.model, t.model.roots()[0]!), ['My tickets', 'Unassigned', 'Search…']);
  });

  it('refreshing an instance re-fetches its lists from the first page', async () => {
    const t = setup([acme]);
    const mine = (await t.model.children(t.model.roots()[0]!))[0] as ListNode;
    await t.model.children(mine);
    await t.model.loadMore('acme', mine.listKey);
    t.model.refreshInstance('acme');
    await t.model.children(mine);
    assert.equal(t.server('acme').requests.at(-1), 'list {"view":"mine"} - 50');
  });
});
