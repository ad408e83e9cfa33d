// The offline cache in use (no VS Code): the tree and a ticket panel over real Connections, a
// real TreeModel and a real OfflineCache on disk, against a fake helpdesk that can be "switched
// off" (every request a network error). Loaded lists and opened tickets are shown from the
// cache with their marks; after a simulated restart (everything re-created from disk) with
// the helpdesk down, the views are still listed from the cached capabilities; when it comes
// back, normal loading replaces the cached rows. A refusal is never papered over.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { silentLogger } from '../../src/helpdesk/log';
import type { Message, Page, Ticket } from '../../src/helpdesk/model';
import type { Capabilities, HelpdeskProvider, ProviderDescriptor, ReferenceData } from '../../src/helpdesk/provider';
import type { HostToWebview } from '../../src/shared/protocol/panel';
import { Connections } from '../../src/ui/instances/connections';
import { createDescriptorCatalog } from '../../src/ui/instances/descriptors';
import { validateInstances } from '../../src/ui/instances/instanceValidation';
import { OfflineCache } from '../../src/ui/offline/cache';
import { asOfTime } from '../../src/ui/offline/cacheMarks';
import { TicketPanelController } from '../../src/ui/panel/controller';
import { MementoDraftStore } from '../../src/ui/panel/draftStore';
import { TreeModel } from '../../src/ui/tree/model';
import type { ListNode, TicketNode, TreeNode } from '../../src/ui/tree/nodes';
import { testCapabilities } from '../support/capabilities';
import { MemoryCredentials, recordingPanelHost } from '../support/uiLayer';

/** The helpdesk behind the fake provider: its tickets, and a switch that takes it off the network. */
class World {
  offline = false;
  /** The refusal to give instead of an answer (a 404, say), when set. */
  refuse: HelpdeskError | undefined;
  tickets: Ticket[] = [1, 2, 3].map((n) => ticket(String(n)));
  messages: Message[] = [1, 2].map((n) => ({ id: `m${n}`, author: { id: 'u', name: 'User' }, createdAt: '2026-01-01T00:00:00Z', body: `<p>hello ${n}</p>`, format: 'html', internal: false, attachments: [] }));
  readonly requests: string[] = [];
  answer<T>(what: string, value: T): T {
    this.requests.push(what);
    if (this.offline) throw new HelpdeskError('network', 'connect ECONNREFUSED 127.0.0.1');
    if (this.refuse) throw this.refuse;
    return value;
  }
}

function ticket(id: string, subject = `Ticket ${id}`): Ticket {
  return { id, ref: `T-${id}`, subject, status: { id: 'open', name: 'Open', kind: 'open' }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z' };
}

const reference: ReferenceData = { statuses: [{ id: 'open', name: 'Open', kind: 'open' }, { id: 'closed', name: 'Closed', kind: 'closed' }], priorities: [], departments: [], agents: [] };

/** Like DeskDirector: what the instance offers is only known once the connection test has run. */
class FakeProvider implements HelpdeskProvider {
  readonly type = 'deskpro' as const;
  capabilities: Capabilities = testCapabilities({ views: [] });
  constructor(private readonly world: World) {}
  async whoAmI() {
    const me = this.world.answer('whoAmI', { id: 'me', name: 'Me' });
    this.capabilities = testCapabilities({ views: [{ kind: 'mine', label: 'My Tickets' }, { kind: 'unassigned', label: 'Unassigned' }] });
    return me;
  }
  async listTickets(): Promise<Page<Ticket>> {
    return this.world.answer('listTickets', { items: [...this.world.tickets], next: 'page-2', total: 10 });
  }
  async getTicket(id: string) {
    return this.world.answer('getTicket', this.world.tickets.find((t) => t.id === id) ?? ticket(id));
  }
  async listMessages(): Promise<Page<Message>> {
    return this.world.answer('listMessages', { items: [...this.world.messages] });
  }
  async referenceData() {
    return this.world.answer('referenceData', reference);
  }
  async reply(): Promise<Message> {
    throw new Error('not used');
  }
  async createTicket(): Promise<Ticket> {
    throw new Error('not used');
  }
  async updateTicket(): Promise<Ticket> {
    throw new Error('not used');
  }
  async download(): Promise<never> {
    throw new Error('not used');
  }
  async dispose() {}
}

const acme = { id: 'acme', label: 'Acme', type: 'deskpro', baseUrl: 'https://acme.example' };

describe('offline cache: the tree and the panel fall back to it', () => {
  let dir: string;
  let world: World;
  let clock: number;
  const disposables: Array<{ dispose(): unknown }> = [];

  /** Everything an extension host builds at activation, from what is on disk. */
  function start() {
    const descriptor = {
      type: 'deskpro',
      names: ['DeskPRO'],
      urlPlaceholder: 'https://x',
      credentialPrompt: { secret: { prompt: 'Key' } },
      normalizeBaseUrl: (input: string) => new URL(input).href.replace(/\/$/, ''),
      create: () => new FakeProvider(world),
    } as unknown as ProviderDescriptor;
    const catalog = createDescriptorCatalog([descriptor]);
    const cache = new OfflineCache({ dir, maxBytes: () => 5 * 1024 * 1024, log: silentLogger, now: () => clock, delayMs: 5 });
    const credentials = new MemoryCredentials();
    credentials.values.set('acme', { secret: 'the-api-key' });
    const connections = new Connections({ catalog, credentials, log: silentLogger, transport: () => ({ timeoutMs: 1000 }), memory: cache, now: () => clock });
    connections.setEntries(validateInstances([acme], catalog));
    const model = new TreeModel(connections, { pageSize: () => 50, typeName: (type) => type, cache, now: () => clock });
    disposables.push(model, connections, { dispose: () => cache.dispose() });
    const root = model.roots()[0]!;
    const lists = async () => (await model.children(root)).filter((node): node is ListNode => node.kind === 'list');
    const rows = async (list: ListNode) => (await model.children(list)).filter((node): node is TicketNode => node.kind === 'ticket').map((node) => node.ticket.subject);
    const panel = () => {
      const posted: HostToWebview[] = [];
      const store = new Map<string, unknown>();
      const connection = () => connections.get('acme')!;
      const controller = new TicketPanelController({
        instanceId: 'acme',
        ticketId: '2',
        session: { label: 'Acme', acquire: () => connection().acquire(), run: (request) => connection().run(request), referenceData: () => connection().referenceData() },
        host: recordingPanelHost(posted),
        drafts: new MementoDraftStore({ get: <T>(key: string) => store.get(key) as T | undefined, update: async (key, value) => void store.set(key, value) }),
        render: { renderBody: (body) => ({ html: body, remoteImagesBlocked: 0, truncated: false }), markdownToHtml: (markdown) => markdown },
        maxAttachmentBytes: () => 1000,
        log: silentLogger,
        now: () => clock,
        offline: cache,
      });
      disposables.push(controller);
      return { controller, posted };
    };
    return { cache, connections, model, root, lists, rows, panel };
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'helpdesk-offline-'));
    world = new World();
    clock = new Date(2026, 5, 1, 10, 42).getTime();
  });
  afterEach(async () => {
    for (const item of disposables.splice(0).reverse()) await item.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists: cached rows marked "offline — as of", the root says offline; a restart with the helpdesk down lists the views from the cache', async () => {
    const first = start();
    const [mine] = await first.lists();
    assert.ok(mine);
    assert.deepEqual(await first.rows(mine), ['Ticket 1', 'Ticket 2', 'Ticket 3']);
    assert.equal(first.model.present(mine).description, '3 of 10');
    await first.cache.flush();
    const savedAt = clock;

    // The helpdesk goes away; Refresh: the rows stay, marked, under the Retry row.
    clock += 5 * 60_000;
    world.offline = true;
    first.model.refreshInstance('acme');
    const children = await first.model.children(first.root);
    assert.equal(children[0]?.kind, 'fix');
    assert.equal(first.model.present(children[0]!).label.includes('Retry'), true, first.model.present(children[0]!).label);
    assert.deepEqual(await first.rows(mine), ['Ticket 1', 'Ticket 2', 'Ticket 3']);
    assert.equal(first.model.present(mine).description, `offline — as of ${asOfTime(savedAt, clock)} · 3 of 10`);
    assert.match(first.model.present(first.root).description ?? '', /offline — showing cached tickets/);
    for (const item of disposables.splice(0).reverse()) await item.dispose();

    // A window reload with the helpdesk still down: the views come from the cached capabilities,
    // the rows from the cache, without asking the helpdesk for the list.
    clock += 60_000;
    const second = start();
    const before = world.requests.length;
    const offlineChildren = await second.model.children(second.root);
    // Only the lists with something to show: a view never cached (and Search, which needs the helpdesk) waits for it.
    assert.deepEqual(offlineChildren.map((node) => node.kind), ['fix', 'list']);
    const [cachedMine] = await second.lists();
    assert.deepEqual(await second.rows(cachedMine!), ['Ticket 1', 'Ticket 2', 'Ticket 3']);
    assert.equal(second.model.present(cachedMine!).description, `offline — as of ${asOfTime(savedAt, clock)} · 3 of 10`);
    assert.deepEqual(world.requests.slice(before), ['whoAmI'], 'only the connection test went out');

    // Back: normal loading replaces the cached rows, and the mark goes.
    world.offline = false;
    world.tickets = [ticket('4', 'New one'), ...world.tickets];
    second.model.refreshInstance('acme');
    assert.deepEqual((await second.model.children(second.root)).map((node) => node.kind), ['list', 'list', 'searchPrompt'], 'every view again');
    assert.deepEqual(await second.rows(cachedMine!), ['New one', 'Ticket 1', 'Ticket 2', 'Ticket 3']);
    assert.equal(second.model.present(cachedMine!).description, '4 of 10');
    assert.doesNotMatch(second.model.present(second.root).description ?? '', /offline/);
  });

  it('panel: the cached ticket and conversation under the offline banner, also after a restart; reference lists from the cache', async () => {
    const first = start();
    await first.connections.get('acme')!.check();
    const online = first.panel();
    await online.controller.load();
    assert.equal(online.posted.find((m) => m.type === 'ticket' && 'offline' in m), undefined, 'no banner while online');
    await first.cache.flush();
    const savedAt = clock;
    for (const item of disposables.splice(0).reverse()) await item.dispose();

    clock += 60_000;
    world.offline = true;
    const second = start();
    const { controller, posted } = second.panel();
    await controller.load();
    assert.equal(posted.find((m) => m.type === 'error'), undefined, JSON.stringify(posted.filter((m) => m.type === 'error')));
    const shown = posted.filter((m): m is Extract<HostToWebview, { type: 'ticket' }> => m.type === 'ticket').at(-1);
    assert.equal(shown?.ticket.subject, 'Ticket 2');
    assert.equal(shown?.offline, `Offline — as of ${asOfTime(savedAt, clock)}; replies go to the outbox`);
    assert.equal(shown?.capabilities.downloadAttachments, false, 'a cached copy offers no downloads');
    assert.deepEqual(shown?.statuses.map((s) => s.id), ['open', 'closed'], 'the dropdowns fill from the cached lists');
    const messages = posted.filter((m): m is Extract<HostToWebview, { type: 'messages' }> => m.type === 'messages').flatMap((m) => m.messages);
    assert.deepEqual(messages.map((m) => m.id), ['m1', 'm2']);

    // Back: a reload shows the helpdesk's copy, without the banner.
    world.offline = false;
    second.connections.get('acme')!.retry();
    posted.length = 0;
    await controller.load();
    const fresh = posted.filter((m): m is Extract<HostToWebview, { type: 'ticket' }> => m.type === 'ticket').at(-1);
    assert.equal(fresh?.offline, undefined);
    assert.notEqual(fresh?.capabilities.downloadAttachments, false);
  });

  it('never shows the cached copy for a refusal (a ticket gone, credentials rejected), only for being unreachable', async () => {
    const first = start();
    await first.connections.get('acme')!.check();
    await first.panel().controller.load();
    await first.cache.flush();
    world.refuse = new HelpdeskError('notFound', 'no such ticket', { status: 404 });
    const { controller, posted } = first.panel();
    await controller.load();
    assert.equal(posted.filter((m) => m.type === 'ticket').length, 0);
    assert.equal(posted.find((m): m is Extract<HostToWebview, { type: 'error' }> => m.type === 'error')?.error.kind, 'notFound');
  });
});
