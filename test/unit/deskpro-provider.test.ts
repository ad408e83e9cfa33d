// DeskproProvider against a scripted transport: which requests each call makes, with
// what query and body, and what it makes of the answers. Real HTTP is in the contract test.
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import type { HttpClientOptions, HttpRequest, HttpResponse } from '../../src/helpdesk/http/types';
import { silentLogger } from '../../src/helpdesk/log';
import type { ProviderContext } from '../../src/helpdesk/provider';
import type { DeskproTransport } from '../../src/providers/deskpro/client';
import { DeskproProvider } from '../../src/providers/deskpro/provider';
import { deskproDescriptor } from '../../src/providers/deskpro';
import { descriptorFor, isSupported, providerDescriptors } from '../../src/providers/registry';

type Handler = (req: HttpRequest) => { status?: number; body?: unknown; headers?: Record<string, string> } | HelpdeskError;

class FakeTransport implements DeskproTransport {
  readonly requests: HttpRequest[] = [];
  closed = false;
  constructor(private readonly routes: Record<string, Handler>) {}

  async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    this.requests.push(req);
    const key = `${req.method} ${req.path}`;
    const handler = this.routes[key];
    if (!handler) throw new HelpdeskError('notFound', `no route ${key}`, { status: 404 });
    const result = handler(req);
    if (result instanceof HelpdeskError) throw result;
    return { status: result.status ?? 200, headers: result.headers ?? {}, body: result.body as T, url: `http://h/api/v2/${req.path}` };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  paths(): string[] {
    return this.requests.map((req) => `${req.method} ${req.path}`);
  }
}

const ME = { data: { auth_method: 'api_key', person_id: 3, person: { id: 3, name: 'Greg Lestrade', primary_email: 'greg@example.com', is_agent: true } } };

function ticket(id: number, overrides: Record<string, unknown> = {}) {
  return {
    id,
    ref: `REF-${id}`,
    subject: `Ticket ${id}`,
    status: 'awaiting_agent',
    person: 7,
    agent: 3,
    department: 1,
    priority: 2,
    date_created: '2025-05-01T08:02:02+0000',
    ...overrides,
  };
}

const linked = { person: { '7': { id: 7, name: 'Joanne Bloggs' }, '3': { id: 3, name: 'Greg Lestrade', is_agent: true } } };

function list(data: unknown[], page = 1, totalPages = 1) {
  return { data, meta: { pagination: { total: data.length * totalPages, count: data.length, per_page: 50, current_page: page, total_pages: totalPages } }, linked };
}

const referenceRoutes: Record<string, Handler> = {
  'GET me': () => ({ body: ME }),
  'GET ticket_priorities': () => ({ body: list([{ id: 2, title: 'High' }]) }),
  'GET ticket_departments': () => ({ body: list([{ id: 1, title: 'Support' }]) }),
  'GET ticket_statuses': () => new HelpdeskError('notFound', 'no such route', { status: 404 }),
  'GET agents': () => ({ body: list([{ id: 3, name: 'Greg Lestrade', primary_email: 'greg@example.com' }]) }),
};

function makeProvider(routes: Record<string, Handler>, secret = '4:SECRETCODE', extra: Record<string, unknown> = {}) {
  const transport = new FakeTransport({ ...referenceRoutes, ...routes });
  let options: HttpClientOptions | undefined;
  const context: ProviderContext = {
    config: { id: 'dp', label: 'DP', type: 'deskpro', baseUrl: 'https://acme.deskpro.com/api/v2/', ...extra },
    credentials: { secret },
    log: silentLogger,
    http: { timeoutMs: 5000 },
  };
  const provider = new DeskproProvider(context, (given) => {
    options = given;
    return transport;
  });
  return { provider, transport, options: () => options! };
}

describe('DeskPRO provider (scripted transport)', () => {
  it('builds the HTTP client from the context', () => {
    const { options } = makeProvider({});
    assert.equal(options().baseUrl, 'https://acme.deskpro.com/api/v2/');
    assert.deepEqual(options().authHeaders(), { Authorization: 'key 4:SECRETCODE' });
    assert.ok(options().secrets?.includes('4:SECRETCODE'));
    assert.ok(options().secrets?.includes('SECRETCODE'));
    assert.equal(options().timeoutMs, 5000);
    assert.equal(typeof options().parseErrorBody, 'function');
    const token = makeProvider({}, 'abc', { authMethod: 'apiKey' });
    assert.deepEqual(token.options().authHeaders(), { Authorization: 'key abc' });
  });

  it('lists "mine" with agent=<me>, side-loads, and caches me and reference names', async () => {
    const { provider, transport } = makeProvider({
      'GET tickets': (req) => ({ body: list([ticket(Number(req.query?.page))], Number(req.query?.page), 3) }),
    });
    const first = await provider.listTickets({ view: 'mine' }, undefined, 10);
    const tickets = transport.requests.filter((req) => req.path === 'tickets');
    assert.equal(tickets.length, 1);
    assert.deepEqual(tickets[0]!.query, {
      order_by: 'date_last_user_reply',
      order_dir: 'desc',
      agent: '3',
      status: 'awaiting_agent,awaiting_user,pending',
      page: 1,
      count: 10,
      include: 'person,agent',
    });
    assert.equal(first.items[0]!.priority?.name, 'High');
    assert.equal(first.items[0]!.department?.name, 'Support');
    assert.equal(first.items[0]!.requester?.name, 'Joanne Bloggs');
    assert.equal(first.total, 3);
    assert.ok(first.next);

    const before = transport.requests.length;
    const second = await provider.listTickets({ view: 'mine' }, first.next);
    assert.deepEqual(transport.paths().slice(before), ['GET tickets'], 'page 2 costs exactly one request');
    assert.equal(transport.requests.at(-1)!.query?.page, 2);
    assert.equal(transport.requests.at(-1)!.query?.count, 10, 'the cursor keeps the page size');
    const third = await provider.listTickets({ view: 'mine' }, second.next);
    assert.equal(third.next, undefined);
  });

  it('maps unassigned, open, search and status queries to filters', async () => {
    const { provider, transport } = makeProvider({ 'GET tickets': () => ({ body: list([]) }) });
    await provider.listTickets({ view: 'unassigned' });
    await provider.listTickets({ view: 'open' });
    await provider.listTickets({ search: ' printer ' });
    await provider.listTickets({ status: 'resolved' }, undefined, 1000);
    const queries = transport.requests.filter((req) => req.path === 'tickets').map((req) => req.query);
    assert.equal(queries[0]!.agent, 0);
    assert.equal(queries[1]!.status, 'awaiting_agent,awaiting_user,pending');
    assert.equal(queries[1]!.agent, undefined);
    assert.equal(queries[2]!.q, 'printer');
    assert.equal(queries[3]!.status, 'resolved');
    assert.equal(queries[3]!.count, 200, 'page size is capped at 200');
    assert.equal(queries[0]!.count, 50, 'default page size');
    assert.ok(!transport.paths().includes('GET me'), 'only "mine" needs me');
  });

  it('still lists tickets when the account may not read priorities', async () => {
    const { provider, transport } = makeProvider({
      'GET ticket_priorities': () => new HelpdeskError('forbidden', 'no', { status: 403 }),
      'GET tickets': () => ({ body: list([ticket(1)]) }),
    });
    const page = await provider.listTickets({ view: 'open' });
    assert.deepEqual(page.items[0]!.priority, { id: '2', name: 'Priority 2' });
    await provider.listTickets({ view: 'open' });
    assert.equal(transport.paths().filter((p) => p === 'GET ticket_priorities').length, 1);
    await assert.rejects(provider.referenceData(), (e: unknown) => e instanceof HelpdeskError && e.kind === 'forbidden');
  });

  it('pages messages and loads the attachment list once per conversation', async () => {
    const message = (id: number, attachments: number[] = []) => ({
      id,
      ticket: 9,
      person: 7,
      date_created: '2025-05-01T08:02:02+0000',
      is_agent_note: 0,
      message: `<p>${id}</p>`,
      attachments,
    });
    const { provider, transport } = makeProvider({
      'GET tickets/9/messages': (req) =>
        req.query?.page === 1
          ? { body: list([message(1, [50])], 1, 2) }
          : { body: list([message(2, [51])], 2, 2) },
      'GET tickets/9/attachments': () => ({
        body: list([
          { id: 50, message: 1, blob: { blob_auth: 'a', filename: 'a.txt', download_url: 'https://acme.deskpro.com/file.php/a' } },
          { id: 51, message: 2, blob: { blob_auth: 'b', filename: 'b.png', is_image: true, download_url: 'https://acme.deskpro.com/file.php/b' } },
        ]),
      }),
    });
    const first = await provider.listMessages('9');
    assert.equal(first.items[0]!.attachments[0]!.name, 'a.txt');
    assert.equal(first.items[0]!.author.name, 'Joanne Bloggs');
    const second = await provider.listMessages('9', first.next);
    assert.equal(second.items[0]!.attachments[0]!.isImage, true);
    assert.equal(second.next, undefined);
    assert.equal(transport.paths().filter((p) => p === 'GET tickets/9/attachments').length, 1);
    assert.deepEqual(transport.requests.find((r) => r.path === 'tickets/9/messages')!.query, {
      order_by: 'date_created',
      order_dir: 'asc',
      page: 1,
      count: 200,
      include: 'person',
    });
  });

  it('refreshes the cached attachment list once when a later page names an unknown attachment', async () => {
    const message = (id: number, attachments: number[]) => ({
      id, ticket: 9, person: 7, date_created: '2025-05-01T08:02:02+0000', is_agent_note: false, message: 'm', attachments,
    });
    const blob = (name: string) => ({ blob_auth: name, filename: name, download_url: `https://acme.deskpro.com/file.php/${name}` });
    let listed = [{ id: 50, message: 1, blob: blob('old.txt') }];
    const { provider, transport } = makeProvider({
      'GET tickets/9/messages': (req) => (req.query?.page === 1 ? { body: list([message(1, [50])], 1, 2) } : { body: list([message(2, [51])], 2, 2) }),
      'GET tickets/9/attachments': () => ({ body: list(listed) }),
    });
    const first = await provider.listMessages('9');
    listed = [...listed, { id: 51, message: 2, blob: blob('new.txt') }];
    const second = await provider.listMessages('9', first.next);
    assert.equal(second.items[0]!.attachments[0]!.name, 'new.txt');
    assert.equal(transport.paths().filter((p) => p === 'GET tickets/9/attachments').length, 2);
  });

  it('replies with blobs, then changes the status, and says so when only the reply worked', async () => {
    let blobCount = 0;
    const { provider, transport } = makeProvider({
      'POST blobs/temp': () => ({ status: 201, body: { data: { blob_id: ++blobCount, blob_auth: `AUTH${blobCount}`, filename: 'f' } } }),
      'POST tickets/9/messages': () => ({
        status: 201,
        body: { data: { id: 100, ticket: 9, person: 3, date_created: '2025-05-01T08:02:02+0000', is_agent_note: 1, message: '<p>x</p>', attachments: [] } },
      }),
      'PUT tickets/9': () => new HelpdeskError('forbidden', 'not allowed', { status: 403 }),
    });
    const files = [1, 2].map((n) => ({ name: `f${n}.txt`, contentType: 'text/plain', data: new TextEncoder().encode(`file ${n}`) }));
    await assert.rejects(
      provider.reply('9', { bodyHtml: '<p>x</p>', bodyMarkdown: 'x', internal: true, attachments: files, newStatus: 'resolved' }),
      (e: unknown) => e instanceof HelpdeskError && e.kind === 'forbidden' && /reply was sent/.test(e.message),
    );
    const post = transport.requests.find((r) => r.path === 'tickets/9/messages')!;
    assert.deepEqual(post.json, {
      message: '<p>x</p>',
      format: 'html',
      is_note: true,
      attachments: [
        { blob_auth: 'AUTH1', is_inline: false },
        { blob_auth: 'AUTH2', is_inline: false },
      ],
    });
    const upload = transport.requests.find((r) => r.path === 'blobs/temp')!;
    const part = upload.multipart?.get('file');
    assert.ok(part instanceof File);
    assert.equal(part.name, 'f1.txt');
    assert.equal(part.type, 'text/plain');
    assert.deepEqual(transport.requests.find((r) => r.method === 'PUT')!.json, { status: 'resolved' });
  });

  it('maps the created reply with me as author', async () => {
    const { provider } = makeProvider({
      'POST tickets/9/messages': () => ({
        status: 201,
        body: { data: { id: 100, ticket: 9, person: 3, date_created: '2025-05-01T08:02:02+0000', is_agent_note: 0, message: '<p>x</p>', attachments: [] } },
      }),
    });
    const message = await provider.reply('9', { bodyHtml: '<p>x</p>', bodyMarkdown: 'x', internal: false, attachments: [] });
    assert.equal(message.author.name, 'Greg Lestrade');
    assert.equal(message.internal, false);
  });

  it('creates a ticket for me by default, or for an email / id requester', async () => {
    const { provider, transport } = makeProvider({
      'POST tickets': () => ({ status: 201, body: undefined, headers: { location: 'https://acme.deskpro.com/api/v2/tickets/77' } }),
      'GET tickets/77': () => ({ body: { data: ticket(77), linked } }),
    });
    const created = await provider.createTicket({ subject: 'S', bodyHtml: '<p>b</p>', bodyMarkdown: 'b', attachments: [], priority: '2' });
    assert.equal(created.id, '77');
    await provider.createTicket({ subject: 'S', bodyHtml: 'b', bodyMarkdown: 'b', attachments: [], requester: 'joanne@example.com' });
    await provider.createTicket({ subject: 'S', bodyHtml: 'b', bodyMarkdown: 'b', attachments: [], requester: '7' });
    const bodies = transport.requests.filter((r) => r.method === 'POST').map((r) => r.json as Record<string, unknown>);
    assert.deepEqual(bodies[0], { subject: 'S', person: 3, message: { message: '<p>b</p>', format: 'html' }, priority: 2 });
    assert.equal(bodies[1]!.person, 'joanne@example.com');
    assert.equal(bodies[2]!.person, 7);
    await assert.rejects(
      provider.createTicket({ subject: 'S', bodyHtml: 'b', bodyMarkdown: 'b', attachments: [], agent: 'greg' }),
      (e: unknown) => e instanceof HelpdeskError && e.kind === 'validation' && !!e.fields?.agent,
    );
  });

  it('updates only the changed fields and unassigns with agent 0', async () => {
    const { provider, transport } = makeProvider({
      'PUT tickets/5': () => ({ status: 204 }),
      'GET tickets/5': () => ({ body: { data: ticket(5, { agent: null }), linked } }),
    });
    const updated = await provider.updateTicket('5', { agent: null, priority: '2' });
    assert.equal(updated.agent, undefined);
    assert.deepEqual(transport.requests.find((r) => r.method === 'PUT')!.json, { priority: 2, agent: 0 });
    const puts = transport.requests.filter((r) => r.method === 'PUT').length;
    await provider.updateTicket('5', {});
    assert.equal(transport.requests.filter((r) => r.method === 'PUT').length, puts, 'an empty patch sends no PUT');
  });

  it('offers the documented statuses when /ticket_statuses does not exist', async () => {
    const { provider } = makeProvider({});
    const data = await provider.referenceData();
    assert.deepEqual(
      data.statuses.map((s) => s.id),
      ['awaiting_agent', 'awaiting_user', 'pending', 'resolved'],
    );
    assert.deepEqual(data.priorities, [{ id: '2', name: 'High' }]);
    assert.deepEqual(data.agents, [{ id: '3', name: 'Greg Lestrade', email: 'greg@example.com', isAgent: true }]);
  });

  it('names a download from Content-Disposition, else from the attachment', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const { provider, transport } = makeProvider({
      'GET https://acme.deskpro.com/file.php/a': () => ({ body: bytes, headers: { 'content-disposition': 'attachment; filename="real.bin"', 'content-type': 'application/octet-stream' } }),
      'GET https://acme.deskpro.com/file.php/b': () => ({ body: bytes }),
    });
    const a = await provider.download({ id: '1', name: 'a', downloadRef: 'https://acme.deskpro.com/file.php/a' });
    assert.equal(a.name, 'real.bin');
    assert.equal(a.contentType, 'application/octet-stream');
    const b = await provider.download({ id: '2', name: 'b.txt', downloadRef: 'https://acme.deskpro.com/file.php/b', contentType: 'text/plain' });
    assert.equal(b.name, 'b.txt');
    assert.equal(b.contentType, 'text/plain');
    assert.equal(transport.requests[0]!.expect, 'bytes');
    await provider.dispose();
    assert.equal(transport.closed, true);
  });
});

describe('provider registry', () => {
  it('lists every helpdesk type once, each usable', () => {
    assert.deepEqual(
      providerDescriptors.map((d) => d.type),
      ['deskpro', 'deskdirector', 'jitbit', 'diamantedesk'],
    );
    assert.equal(descriptorFor('deskpro'), deskproDescriptor);
    for (const type of ['deskpro', 'deskdirector', 'jitbit', 'diamantedesk']) assert.equal(isSupported(type), true, type);
    assert.deepEqual(descriptorFor('jitbit')?.names, ['Jitbit Helpdesk', 'Destek Sitesi']);
    assert.equal(descriptorFor('nope'), undefined);
    assert.equal(isSupported('nope'), false);
  });

  it('describes DeskPRO for the Add Helpdesk flow', () => {
    assert.deepEqual(deskproDescriptor.names, ['DeskPRO']);
    assert.equal(deskproDescriptor.credentialPrompt.secret.prompt, 'API key (ID:CODE) or API token');
    assert.equal(deskproDescriptor.normalizeBaseUrl('https://acme.deskpro.com/api/v2/'), 'https://acme.deskpro.com');
  });
});
