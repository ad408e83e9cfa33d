// DeskproProvider against the DeskPRO simulator over real loopback HTTP: the requests it
// sends, what the simulator records, and what comes back through the shared HttpClient.
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { silentLogger } from '../../src/helpdesk/log';
import type { Message, Ticket } from '../../src/helpdesk/model';
import type { HelpdeskProvider } from '../../src/helpdesk/provider';
import { renderBody } from '../../src/helpdesk/render';
import { deskproDescriptor } from '../../src/providers/deskpro';
import { clearFaults } from '../../src/sandbox';
import { BIG_THREAD_TICKET_ID, HOSTILE_TICKET_ID, startDeskproSimulator, type DeskproSimulator } from '../../src/sandbox/deskpro';
import { isKind, PNG, requestRecorder, uploadFile } from '../support/contract';
import { liveMarkup } from '../support/live-markup';

const OPEN_KINDS = new Set(['open', 'pending', 'onHold']);

describe('DeskPRO contract (simulator over loopback HTTP)', function () {
  this.timeout(30_000);
  let sim: DeskproSimulator;
  const opened: HelpdeskProvider[] = [];

  function connect(secret: string, extra: Record<string, unknown> = {}): HelpdeskProvider {
    const provider = deskproDescriptor.create({
      config: { id: 'sim', label: 'Simulator', type: 'deskpro', baseUrl: sim.url, ...extra },
      credentials: { secret },
      log: silentLogger,
      http: { timeoutMs: 10_000 },
    });
    opened.push(provider);
    return provider;
  }

  /** The simulator's log of requests made while `run` ran. */
  const recorded = requestRecorder(() => sim);

  before(async () => {
    sim = await startDeskproSimulator({ port: 0 });
  });

  afterEach(() => clearFaults(sim.faults));

  after(async () => {
    await Promise.all(opened.map((provider) => provider.dispose()));
    await sim?.close();
  });

  describe('authentication', () => {
    it('identifies the agent behind an API key', async () => {
      const me = await connect(sim.apiKey).whoAmI();
      assert.deepEqual(me, { id: String(sim.me.id), name: sim.me.name, email: sim.me.email, isAgent: true });
    });

    it('identifies the agent behind an API token', async () => {
      const { result: me, requests } = await recorded(() => connect(sim.apiToken).whoAmI());
      assert.equal(me.id, String(sim.me.id));
      assert.deepEqual(requests.map((r) => `${r.method} ${r.path} ${r.status}`), ['GET /api/v2/me 200']);
    });

    it('reports a wrong key as auth after exactly one request', async () => {
      const { requests } = await recorded(() =>
        assert.rejects(connect('1:WRONGWRONGWRONG').whoAmI(), isKind('auth')),
      );
      assert.equal(requests.length, 1);
      assert.equal(requests[0]!.status, 401);
    });

    it('reports a wrong token as auth without retrying', async () => {
      const { requests } = await recorded(() => assert.rejects(connect('not-a-token').listTickets({ view: 'open' }), isKind('auth')));
      assert.ok(requests.every((r) => r.status === 401));
      assert.ok(requests.length <= 4, 'one try per endpoint, no retries');
      assert.equal(requests.filter((r) => r.path === '/api/v2/tickets').length, 1);
    });

    it('reports a key without agent permissions as forbidden', async () => {
      const restricted = connect(sim.restrictedApiKey);
      const me = await restricted.whoAmI();
      assert.equal(me.isAgent, false);
      await assert.rejects(restricted.listTickets({ view: 'open' }), isKind('forbidden'));
    });
  });

  describe('ticket lists', () => {
    let provider: HelpdeskProvider;
    before(() => {
      provider = connect(sim.apiKey);
    });

    it('lists "mine" with agent=<me> in one request, names included', async () => {
      // Warm the caches (me, reference lists) so the list's own cost shows.
      await Promise.all([provider.whoAmI(), provider.referenceData()]);
      const { result: page, requests } = await recorded(() => provider.listTickets({ view: 'mine' }, undefined, 25));
      assert.equal(requests.length, 1);
      const query = new URLSearchParams(requests[0]!.query);
      assert.equal(query.get('agent'), String(sim.me.id));
      assert.equal(query.get('include'), 'person,agent');
      assert.equal(page.items.length, 25);
      assert.ok(page.next);
      for (const ticket of page.items) {
        assert.equal(ticket.agent?.id, String(sim.me.id));
        assert.equal(ticket.agent?.name, sim.me.name);
        assert.ok(OPEN_KINDS.has(ticket.status.kind), ticket.status.id);
        assert.ok(ticket.requester?.name && !ticket.requester.name.startsWith('#'), 'requester named from linked');
      }
      const expected = [...sim.state.tickets.values()].filter(
        (t) => t.agent === sim.me.id && ['awaiting_agent', 'awaiting_user', 'pending'].includes(t.status),
      ).length;
      assert.equal(page.total, expected);
    });

    it('lists unassigned tickets with agent=0', async () => {
      const { result: page, requests } = await recorded(() => provider.listTickets({ view: 'unassigned' }, undefined, 10));
      assert.equal(new URLSearchParams(requests.at(-1)!.query).get('agent'), '0');
      assert.ok(page.items.length > 0);
      assert.ok(page.next);
      for (const ticket of page.items) {
        assert.equal(ticket.agent, undefined);
        assert.ok(OPEN_KINDS.has(ticket.status.kind));
      }
    });

    it('lists all open tickets, most recent activity first', async () => {
      const { result: page, requests } = await recorded(() => provider.listTickets({ view: 'open' }));
      const query = new URLSearchParams(requests.at(-1)!.query);
      assert.equal(query.get('status'), 'awaiting_agent,awaiting_user,pending');
      assert.equal(query.get('order_dir'), 'desc');
      const replied = page.items.map((t) => sim.state.tickets.get(Number(t.id))!.date_last_user_reply ?? '');
      assert.deepEqual(replied, [...replied].sort().reverse());
      assert.equal(page.items.length, 50);
      assert.ok(page.next);
      assert.ok(page.items.every((ticket) => OPEN_KINDS.has(ticket.status.kind)));
      const expected = [...sim.state.tickets.values()].filter((t) => ['awaiting_agent', 'awaiting_user', 'pending'].includes(t.status));
      assert.equal(page.total, expected.length);
      const ticket = page.items[0]!;
      assert.match(ticket.createdAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
      assert.equal(ticket.webUrl, `${sim.url}/agent/#app.tickets,t.o:${ticket.id}`);
    });

    it('pages through three pages without duplicates, one request each', async () => {
      const seen = new Set<string>();
      let cursor: string | undefined;
      for (let page = 1; page <= 3; page++) {
        const { result, requests } = await recorded(() => provider.listTickets({ view: 'open' }, cursor, 40));
        assert.equal(requests.length, 1);
        assert.equal(new URLSearchParams(requests[0]!.query).get('page'), String(page));
        for (const ticket of result.items) {
          assert.ok(!seen.has(ticket.id), `ticket ${ticket.id} repeated on page ${page}`);
          seen.add(ticket.id);
        }
        cursor = result.next;
        assert.ok(cursor);
      }
      assert.equal(seen.size, 120);
    });

    it('ends with no next cursor on the last page', async () => {
      const first = await provider.listTickets({ search: 'tracking thread' });
      assert.equal(first.next, undefined);
      assert.ok(first.items.some((ticket) => ticket.id === String(BIG_THREAD_TICKET_ID)));
    });

    it('searches subjects with q=', async () => {
      const target = sim.state.tickets.get(17)!;
      const word = target.subject.split(/\s+/).sort((a, b) => b.length - a.length)[0]!;
      const { result: page, requests } = await recorded(() => provider.listTickets({ search: word }, undefined, 200));
      assert.equal(new URLSearchParams(requests.at(-1)!.query).get('q'), word);
      assert.ok(page.items.length > 0);
      for (const ticket of page.items) assert.ok(ticket.subject.toLowerCase().includes(word.toLowerCase()));
    });

    it('gets one ticket with names for requester, agent, priority and department', async () => {
      const ticket = await provider.getTicket(String(BIG_THREAD_TICKET_ID));
      const raw = sim.state.tickets.get(BIG_THREAD_TICKET_ID)!;
      assert.equal(ticket.subject, raw.subject);
      assert.equal(ticket.ref, raw.ref);
      assert.equal(ticket.agent?.name, sim.me.name);
      assert.equal(ticket.requester?.name, sim.state.people.get(raw.person)!.name);
      assert.equal(ticket.priority?.name, sim.state.priorities.find((p) => p.id === raw.priority)!.title);
      assert.equal(ticket.department?.name, sim.state.departments.find((d) => d.id === raw.department)!.title);
      assert.deepEqual(ticket.labels, raw.labels);
      assert.ok(ticket.updatedAt >= ticket.createdAt);
    });

    it('reports a missing ticket as notFound', async () => {
      await assert.rejects(provider.getTicket('999999'), isKind('notFound'));
    });

    it('maps the hostile ticket without choking on its content', async () => {
      const ticket = await provider.getTicket(String(HOSTILE_TICKET_ID));
      assert.match(ticket.subject, /<script>/, 'bodies and subjects pass through raw; rendering sanitizes');
      const messages = await provider.listMessages(String(HOSTILE_TICKET_ID));
      assert.ok(messages.items.length > 0);
      for (const message of messages.items) {
        const { html } = renderBody(message.body, message.format, { allowRemoteImages: false });
        assert.deepEqual(liveMarkup(html), [], message.id);
      }
      assert.equal(sim.beaconHits, 0);
    });
  });

  describe('conversation', () => {
    let provider: HelpdeskProvider;
    before(() => {
      provider = connect(sim.apiKey);
    });

    it('pages the 500-message thread oldest first, loading attachments once', async () => {
      const all: Message[] = [];
      let cursor: string | undefined;
      let pages = 0;
      const { requests } = await recorded(async () => {
        do {
          const page = await provider.listMessages(String(BIG_THREAD_TICKET_ID), cursor);
          all.push(...page.items);
          cursor = page.next;
          pages++;
        } while (cursor);
      });
      assert.equal(all.length, 500);
      assert.equal(pages, 3);
      assert.equal(new Set(all.map((m) => m.id)).size, 500);
      for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.createdAt <= all[i]!.createdAt, `message ${i} out of order`);
      assert.equal(requests.filter((r) => r.path.endsWith('/attachments')).length, 1);
      assert.equal(requests.filter((r) => r.path.endsWith('/messages')).length, 3);
      const notes = [...sim.state.messages.values()].filter((m) => m.ticket === BIG_THREAD_TICKET_ID && m.is_agent_note === 1);
      assert.equal(all.filter((m) => m.internal).length, notes.length);
      assert.ok(all.every((m) => m.format === 'html' && m.author.name !== ''));
    });

    it('resolves attachment ids to names, sizes and download links', async () => {
      const all: Message[] = [];
      let cursor: string | undefined;
      do {
        const page = await provider.listMessages(String(BIG_THREAD_TICKET_ID), cursor);
        all.push(...page.items);
        cursor = page.next;
      } while (cursor);
      const withFiles = all.filter((m) => m.attachments.length > 0);
      const expected = [...sim.state.messages.values()].filter((m) => m.ticket === BIG_THREAD_TICKET_ID && m.attachments.length > 0);
      assert.ok(expected.length > 0);
      assert.equal(withFiles.length, expected.length);
      for (const message of withFiles) {
        const raw = sim.state.messages.get(Number(message.id))!;
        const attachment = message.attachments[0]!;
        const record = sim.state.attachments.get(raw.attachments[0]!)!;
        const blob = sim.state.blobs.get(record.blob_id)!;
        assert.equal(attachment.id, String(record.id));
        assert.equal(attachment.name, blob.filename);
        assert.equal(attachment.size, blob.data.length);
        assert.equal(attachment.contentType, blob.content_type);
        assert.ok(attachment.downloadRef.startsWith(`${sim.url}/`));
      }
      const first = withFiles[0]!.attachments[0]!;
      const download = await provider.download(first);
      const blob = [...sim.state.blobs.values()].find((b) => first.downloadRef.includes(b.blob_auth))!;
      assert.deepEqual(Buffer.from(download.data), blob.data);
      assert.equal(download.name, blob.filename);
    });
  });

  describe('writing', () => {
    let provider: HelpdeskProvider;
    before(() => {
      provider = connect(sim.apiKey);
    });

    function lastMessageOf(ticketId: number) {
      const ids = sim.state.ticketMessages.get(ticketId)!;
      return sim.state.messages.get(ids.at(-1)!)!;
    }

    it('replies with two attachments: blobs first, then the message with their blob_auths', async () => {
      const ticketId = 21;
      const html = '<p>Here are the <strong>logs</strong>.</p>';
      const files = [uploadFile('server log.txt', 'text/plain', 'line 1\nline 2\n'), uploadFile('shot.png', 'image/png', PNG)];
      const { result: message, requests } = await recorded(() =>
        provider.reply(String(ticketId), { bodyHtml: html, bodyMarkdown: 'Here are the **logs**.', internal: false, attachments: files }),
      );
      const writes = requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path} ${r.status}`);
      assert.deepEqual(writes, [
        'POST /api/v2/blobs/temp 201',
        'POST /api/v2/blobs/temp 201',
        `POST /api/v2/tickets/${ticketId}/messages 201`,
      ]);
      const stored = lastMessageOf(ticketId);
      assert.equal(stored.message, html);
      assert.equal(stored.is_agent_note, 0);
      assert.equal(stored.person, sim.me.id);
      const blobs = stored.attachments.map((id) => sim.state.blobs.get(sim.state.attachments.get(id)!.blob_id)!);
      assert.deepEqual(blobs.map((b) => b.filename), ['server-log.txt', 'shot.png']);
      assert.deepEqual(blobs[1]!.data, PNG);
      const posted = requests.find((r) => r.path.endsWith('/messages') && r.method === 'POST')!.body as Record<string, unknown>;
      assert.deepEqual(posted, {
        message: html,
        format: 'html',
        is_note: false,
        attachments: blobs.map((b) => ({ blob_auth: b.blob_auth, is_inline: false })),
      });
      assert.equal(message.id, String(stored.id));
      assert.equal(message.author.id, String(sim.me.id));
      assert.equal(message.author.name, sim.me.name);
      assert.deepEqual(message.attachments.map((a) => a.name), ['server-log.txt', 'shot.png']);
      assert.equal(message.attachments[1]!.isImage, true);

      const download = await provider.download(message.attachments[1]!);
      assert.deepEqual(Buffer.from(download.data), PNG);
    });

    it('adds an internal note with is_agent_note', async () => {
      const ticketId = 22;
      const statusBefore = sim.state.tickets.get(ticketId)!.status;
      const message = await provider.reply(String(ticketId), { bodyHtml: '<p>note</p>', bodyMarkdown: 'note', internal: true, attachments: [] });
      assert.equal(message.internal, true);
      assert.equal(lastMessageOf(ticketId).is_agent_note, 1);
      assert.equal(sim.state.tickets.get(ticketId)!.status, statusBefore);
    });

    it('replies and then sets the new status', async () => {
      const ticketId = 23;
      const { requests } = await recorded(() =>
        provider.reply(String(ticketId), { bodyHtml: '<p>Fixed.</p>', bodyMarkdown: 'Fixed.', internal: false, attachments: [], newStatus: 'resolved' }),
      );
      const writes = requests.filter((r) => r.method !== 'GET');
      assert.deepEqual(writes.map((r) => `${r.method} ${r.path}`), [`POST /api/v2/tickets/${ticketId}/messages`, `PUT /api/v2/tickets/${ticketId}`]);
      assert.deepEqual(writes[1]!.body, { status: 'resolved' });
      assert.equal(sim.state.tickets.get(ticketId)!.status, 'resolved');
    });

    it('creates a ticket with an attachment for a new requester', async () => {
      const reference = await provider.referenceData();
      const department = reference.departments.at(-1)!;
      const priority = reference.priorities[0]!;
      const ticket: Ticket = await provider.createTicket({
        subject: 'Crash in parser.ts:42',
        bodyHtml: '<pre><code>throw new Error()</code></pre>',
        bodyMarkdown: '```\nthrow new Error()\n```',
        requester: 'new.reporter@example.com',
        department: department.id,
        priority: priority.id,
        attachments: [uploadFile('snippet.ts', 'text/plain', 'export const x = 1;\n')],
      });
      assert.equal(ticket.subject, 'Crash in parser.ts:42');
      assert.equal(ticket.requester?.email, 'new.reporter@example.com');
      assert.deepEqual(ticket.department, department);
      assert.deepEqual(ticket.priority, priority);
      assert.equal(ticket.status.kind, 'open');
      const stored = sim.state.tickets.get(Number(ticket.id))!;
      const firstMessage = sim.state.messages.get(sim.state.ticketMessages.get(stored.id)![0]!)!;
      assert.equal(firstMessage.message, '<pre><code>throw new Error()</code></pre>');
      assert.equal(sim.state.blobs.get(sim.state.attachments.get(firstMessage.attachments[0]!)!.blob_id)!.filename, 'snippet.ts');
    });

    it('creates a ticket for me when no requester is given', async () => {
      const ticket = await provider.createTicket({ subject: 'Note to self', bodyHtml: '<p>x</p>', bodyMarkdown: 'x', attachments: [] });
      assert.equal(ticket.requester?.id, String(sim.me.id));
    });

    it('refuses an empty subject as validation with fields.subject', async () => {
      await assert.rejects(
        provider.createTicket({ subject: '', bodyHtml: '<p>x</p>', bodyMarkdown: 'x', attachments: [] }),
        (error: unknown) => {
          isKind('validation')(error);
          assert.ok((error as HelpdeskError).fields?.subject?.length, JSON.stringify((error as HelpdeskError).fields));
          return true;
        },
      );
    });

    it('updates status, agent, priority, and unassigns', async () => {
      const ticketId = '31';
      const reference = await provider.referenceData();
      const otherAgent = reference.agents.find((agent) => agent.id !== String(sim.me.id))!;
      const priority = reference.priorities.at(-1)!;

      const { result: pending, requests } = await recorded(() => provider.updateTicket(ticketId, { status: 'pending' }));
      assert.deepEqual(requests.find((r) => r.method === 'PUT')!.body, { status: 'pending' });
      assert.equal(pending.status.kind, 'onHold');

      const assigned = await provider.updateTicket(ticketId, { agent: otherAgent.id, priority: priority.id });
      assert.equal(assigned.agent?.id, otherAgent.id);
      assert.equal(assigned.agent?.name, otherAgent.name);
      assert.deepEqual(assigned.priority, priority);

      const { result: unassigned, requests: unassignRequests } = await recorded(() => provider.updateTicket(ticketId, { agent: null }));
      assert.deepEqual(unassignRequests.find((r) => r.method === 'PUT')!.body, { agent: 0 });
      assert.equal(unassigned.agent, undefined);
      assert.equal(sim.state.tickets.get(Number(ticketId))!.agent, null);
    });

    it('loads reference data in parallel from the four lists', async () => {
      const fresh = connect(sim.apiKey);
      const { result: data, requests } = await recorded(() => fresh.referenceData());
      assert.deepEqual(
        requests.map((r) => r.path).sort(),
        ['/api/v2/agents', '/api/v2/ticket_departments', '/api/v2/ticket_priorities', '/api/v2/ticket_statuses'],
      );
      assert.deepEqual(data.statuses.map((s) => s.id), ['awaiting_agent', 'awaiting_user', 'pending', 'resolved']);
      assert.deepEqual(data.priorities, sim.state.priorities.map((p) => ({ id: String(p.id), name: p.title })));
      assert.deepEqual(data.departments, sim.state.departments.map((d) => ({ id: String(d.id), name: d.title })));
      const agents = [...sim.state.people.values()].filter((p) => p.is_agent);
      assert.equal(data.agents.length, agents.length);
      assert.ok(data.agents.every((agent) => agent.isAgent === true));
      const again = await recorded(() => fresh.referenceData());
      assert.equal(again.requests.length, 0, 'cached per provider instance');
    });
  });

  describe('faults', () => {
    let provider: HelpdeskProvider;
    before(async () => {
      provider = connect(sim.apiKey);
      await provider.referenceData();
    });

    it('waits out a 429 with Retry-After: 1 on a GET', async () => {
      sim.faults.only = (_method, path) => path === '/api/v2/tickets';
      sim.faults.failNext = { status: 429, headers: { 'Retry-After': '1' } };
      const started = Date.now();
      const { result: page, requests } = await recorded(() => provider.listTickets({ view: 'open' }));
      assert.ok(Date.now() - started >= 900, 'waited about a second');
      assert.ok(page.items.length > 0);
      assert.deepEqual(requests.map((r) => r.status), [429, 200]);
    });

    it('reports 423 as maintenance', async () => {
      sim.faults.failNext = { status: 423 };
      await assert.rejects(provider.getTicket('5'), isKind('maintenance'));
    });

    it('reports an HTML login page as protocol', async () => {
      sim.faults.htmlErrorPage = true;
      await assert.rejects(provider.listTickets({ view: 'open' }), isKind('protocol'));
    });

    it('does not repeat a reply when the POST fails', async () => {
      sim.faults.only = (method, path) => method === 'POST' && path.endsWith('/messages');
      sim.faults.failNext = { status: 500 };
      const { requests } = await recorded(() =>
        assert.rejects(provider.reply('24', { bodyHtml: '<p>x</p>', bodyMarkdown: 'x', internal: false, attachments: [] }), isKind('server')),
      );
      assert.equal(requests.filter((r) => r.method === 'POST').length, 1);
    });
  });
});
