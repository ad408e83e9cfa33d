// JitbitProvider against the Jitbit simulator over real loopback HTTP: the requests it
// sends (routes, query strings, form and multipart fields), what the simulator records,
// and what comes back through the shared HttpClient. Ends with lockout safety driven
// through the UI layer (Connections, tree model, panel controller) without VS Code.
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { silentLogger } from '../../src/helpdesk/log';
import type { Credentials, Message } from '../../src/helpdesk/model';
import type { HelpdeskProvider } from '../../src/helpdesk/provider';
import { renderBody } from '../../src/helpdesk/render';
import { jitbitDescriptor } from '../../src/providers/jitbit';
import { providerDescriptors } from '../../src/providers/registry';
import { clearFaults } from '../../src/sandbox';
import { BIG_THREAD_COMMENT_COUNT as JITBIT_BIG_THREAD_COMMENT_COUNT, BIG_THREAD_TICKET_ID as JITBIT_BIG_THREAD_TICKET_ID, BROKEN_BBCODE_TICKET_ID as JITBIT_BROKEN_BBCODE_TICKET_ID, HOSTILE_TICKET_ID as JITBIT_HOSTILE_TICKET_ID, startJitbitSimulator, type JitbitRequestLogEntry, type JitbitSimulator } from '../../src/sandbox/jitbit';
import type { HostToWebview } from '../../src/shared/protocol/panel';
import { Connections } from '../../src/ui/instances/connections';
import { createDescriptorCatalog } from '../../src/ui/instances/descriptors';
import { validateInstances } from '../../src/ui/instances/instanceValidation';
import { TreeModel } from '../../src/ui/tree/model';
import type { TreeNode } from '../../src/ui/tree/nodes';
import { isKind, PNG, requestRecorder, uploadFile } from '../support/contract';
import { connectedPanel, MemoryCredentials, recordingPanelHost } from '../support/uiLayer';
import { liveMarkup } from '../support/live-markup';

function line(entry: JitbitRequestLogEntry): string {
  return `${entry.method} ${entry.path.replace(/^\/helpdesk\/api\//, '')} ${entry.status}`;
}

describe('Jitbit contract (simulator over loopback HTTP)', function () {
  this.timeout(30_000);
  let sim: JitbitSimulator;
  const opened: HelpdeskProvider[] = [];

  function connect(credentials: Credentials, baseUrl = sim.url): HelpdeskProvider {
    const provider = jitbitDescriptor.create({
      config: { id: 'sim', label: 'Simulator', type: 'jitbit', baseUrl },
      credentials,
      log: silentLogger,
      http: { timeoutMs: 10_000 },
    });
    opened.push(provider);
    return provider;
  }

  const me = (): Credentials => ({ username: sim.username, secret: sim.password });

  /** The simulator's log of requests made while `run` ran. */
  const recorded = requestRecorder(() => sim);

  before(async () => {
    sim = await startJitbitSimulator({ port: 0 });
  });

  afterEach(() => {
    clearFaults(sim.faults);
    // No test may leave the loopback address locked for the next.
    sim.state.resetLocks();
  });

  after(async () => {
    await Promise.all(opened.map((provider) => provider.dispose()));
    await sim?.close();
  });

  describe('connection', () => {
    it('identifies me by user name and password with one POST /api/Authorization', async () => {
      const { result, requests } = await recorded(() => connect(me()).whoAmI());
      assert.deepEqual(result, { id: String(sim.me.id), name: sim.me.name, email: sim.me.email, isAgent: true });
      assert.deepEqual(requests.map(line), ['POST Authorization 200']);
    });

    it('identifies me by API token (Bearer), pasted with its scheme word or not', async () => {
      assert.equal((await connect({ secret: sim.token }).whoAmI()).id, String(sim.me.id));
      assert.equal((await connect({ secret: `Bearer ${sim.token}` }).whoAmI()).id, String(sim.me.id));
    });

    it('logs in a Windows account as DOMAIN\\user', async () => {
      const user = await connect({ username: sim.domainUsername, secret: sim.domainPassword }).whoAmI();
      assert.equal(user.id, String(sim.state.domainUserId));
      assert.equal(user.isAgent, true);
    });

    it('accepts the address as pasted from the API documents or a ticket page', async () => {
      assert.equal((await connect(me(), `${sim.url}/api/`).whoAmI()).id, String(sim.me.id));
      assert.equal((await connect(me(), `${sim.url}/Ticket/4101`).whoAmI()).id, String(sim.me.id));
    });

    it('says an address without the /helpdesk sub-folder does not look like a Jitbit API', async () => {
      const root = sim.url.replace(/\/helpdesk$/, '');
      const { requests } = await recorded(() =>
        assert.rejects(connect(me(), root).whoAmI(), isKind('protocol', /does not look like a Jitbit Helpdesk API.*sub-folder/s)),
      );
      assert.equal(requests.length, 1);
    });

    it('says an HTML login page does not look like a Jitbit API', async () => {
      sim.faults.htmlErrorPage = true;
      await assert.rejects(connect(me()).whoAmI(), isKind('protocol', /does not look like a Jitbit Helpdesk API/));
    });

    it('reports a wrong password as auth after exactly one request, and sends nothing more with it', async () => {
      const wrong = connect({ username: sim.username, secret: 'not-the-password' });
      const { requests } = await recorded(async () => {
        await assert.rejects(wrong.whoAmI(), isKind('auth'));
        const later = await Promise.allSettled([wrong.listTickets({ view: 'open' }), wrong.getTicket('4101'), wrong.referenceData(), wrong.whoAmI()]);
        assert.ok(later.every((result) => result.status === 'rejected' && (result.reason as HelpdeskError).kind === 'auth'));
      });
      assert.deepEqual(requests.map(line), ['POST Authorization 401']);
      assert.equal(sim.state.failedLogins('127.0.0.1'), 1);
    });

    it('fails at most two requests when the password changes mid-session: the address is never locked', async () => {
      const user = sim.state.users.get(sim.state.domainUserId)!;
      const original = user.password;
      const provider = connect({ username: sim.domainUsername, secret: original });
      await provider.whoAmI();
      user.password = 'changed-elsewhere';
      try {
        const { requests } = await recorded(() =>
          Promise.allSettled([
            provider.listTickets({ view: 'open' }),
            provider.listTickets({ view: 'mine' }),
            provider.listTickets({ view: 'unanswered' }),
            provider.getTicket('4101'),
            provider.whoAmI(),
          ]),
        );
        assert.ok(requests.length <= 2, requests.map(line).join(', '));
        assert.equal(sim.state.lockedUntil('127.0.0.1'), undefined);
      } finally {
        user.password = original;
      }
    });

    it('explains a locked address and does not extend the lock', async () => {
      let clock = Date.UTC(2025, 6, 1);
      const locking = await startJitbitSimulator({ port: 0, now: () => clock });
      try {
        // Three people (or three edits at Add Helpdesk) typing the wrong password.
        for (let attempt = 0; attempt < 3; attempt++) {
          const wrong = jitbitDescriptor.create({
            config: { id: 'lock', label: 'Lock', type: 'jitbit', baseUrl: locking.url },
            credentials: { username: locking.username, secret: `wrong-${attempt}` },
            log: silentLogger,
            http: { timeoutMs: 10_000 },
          });
          await assert.rejects(wrong.whoAmI(), isKind('auth'));
          await wrong.dispose();
        }
        const good = jitbitDescriptor.create({
          config: { id: 'lock', label: 'Lock', type: 'jitbit', baseUrl: locking.url },
          credentials: { username: locking.username, secret: locking.password },
          log: silentLogger,
          http: { timeoutMs: 10_000 },
        });
        await assert.rejects(good.whoAmI(), isKind('auth', /blocked this address.*five minutes/));
        await assert.rejects(good.listTickets({ view: 'open' }), isKind('auth', /Not sent/));
        assert.equal(locking.requests.length, 4, 'the blocked answer stops the provider');
        await good.dispose();
        clock += 5 * 60_000 + 1000;
        const later = jitbitDescriptor.create({
          config: { id: 'lock', label: 'Lock', type: 'jitbit', baseUrl: locking.url },
          credentials: { username: locking.username, secret: locking.password },
          log: silentLogger,
          http: { timeoutMs: 10_000 },
        });
        assert.equal((await later.whoAmI()).name, locking.me.name);
        await later.dispose();
      } finally {
        await locking.close();
      }
    });
  });

  describe('ticket lists', () => {
    let provider: HelpdeskProvider;
    before(async () => {
      provider = connect(me());
      await provider.whoAmI();
    });

    it('lists "My Tickets" with mode=handledbyme, one request, no total', async () => {
      const { result: page, requests } = await recorded(() => provider.listTickets({ view: 'mine' }, undefined, 20));
      assert.deepEqual(requests.map(line), ['GET Tickets 200']);
      const query = new URLSearchParams(requests[0]!.query);
      assert.deepEqual(Object.fromEntries(query), { mode: 'handledbyme', count: '20', offset: '0' });
      assert.equal(page.total, undefined);
      assert.ok(page.items.length > 0);
      for (const ticket of page.items) {
        assert.equal(ticket.agent?.id, String(sim.me.id));
        assert.notEqual(ticket.status.kind, 'closed');
        assert.match(ticket.ref, /^#\d+$/);
        assert.equal(ticket.webUrl, `${sim.url}/Ticket/${ticket.id}`);
      }
    });

    it('lists "Unanswered" and "All Open" with their modes', async () => {
      const { result: unanswered, requests } = await recorded(() => provider.listTickets({ view: 'unanswered' }));
      assert.equal(new URLSearchParams(requests[0]!.query).get('mode'), 'unanswered');
      assert.ok(unanswered.items.length > 0);
      const { result: open, requests: openRequests } = await recorded(() => provider.listTickets({ view: 'open' }));
      assert.equal(new URLSearchParams(openRequests[0]!.query).get('mode'), 'unclosed');
      assert.ok(open.items.every((ticket) => ticket.status.kind !== 'closed'));
      assert.ok(open.items.some((ticket) => ticket.status.kind === 'onHold' || ticket.status.kind === 'pending'), 'custom statuses get a kind');
    });

    it('pages by count/offset to the end: no duplicates, a short page ends the list', async () => {
      const seen = new Set<string>();
      let cursor: string | undefined;
      let pages = 0;
      const { requests } = await recorded(async () => {
        do {
          const page = await provider.listTickets({ status: '4' }, cursor, 7);
          for (const ticket of page.items) {
            assert.ok(!seen.has(ticket.id), `ticket ${ticket.id} twice`);
            seen.add(ticket.id);
            assert.equal(ticket.status.id, '4');
          }
          cursor = page.next;
          pages++;
        } while (cursor && pages < 100);
      });
      const expected = [...sim.state.tickets.values()].filter((ticket) => ticket.statusId === 4).length;
      assert.equal(seen.size, expected);
      assert.equal(requests.length, pages);
      assert.deepEqual(
        requests.map((r) => new URLSearchParams(r.query).get('offset')),
        Array.from({ length: pages }, (_, i) => String(i * 7)),
      );
    });

    it('searches through /api/Search with the query only, paging its answer locally', async () => {
      const word = sim.state.tickets.get(4101)!.subject.split(/\s+/).find((w) => w.length > 4)!;
      const { result: first, requests } = await recorded(() => provider.listTickets({ search: word }, undefined, 2));
      assert.deepEqual(requests.map(line), ['GET Search 200']);
      assert.deepEqual([...new URLSearchParams(requests[0]!.query).keys()], ['query']);
      assert.ok(first.items.length > 0);
      if (first.next) {
        const second = await provider.listTickets({ search: word }, first.next, 2);
        assert.ok(second.items.every((ticket) => !first.items.some((earlier) => earlier.id === ticket.id)));
      }
    });
  });

  describe('a ticket and its conversation', () => {
    let provider: HelpdeskProvider;
    before(async () => {
      provider = connect(me());
      await provider.whoAmI();
    });

    /** A ticket with a technicians-only note, a system line and a file on a comment. */
    function richTicketId(): number {
      for (const ticket of sim.state.tickets.values()) {
        const comments = (sim.state.ticketComments.get(ticket.id) ?? []).map((id) => sim.state.comments.get(id)!);
        const files = (sim.state.ticketFiles.get(ticket.id) ?? []).map((id) => sim.state.files.get(id)!);
        if (comments.some((c) => c.forTechsOnly) && comments.some((c) => c.isSystem) && files.some((f) => f.commentId !== null)) return ticket.id;
      }
      throw new Error('the seed has no such ticket');
    }

    it('fetches the detail and the comments side by side, and the conversation costs nothing more', async () => {
      const id = String(richTicketId());
      const { result: ticket, requests } = await recorded(() => provider.getTicket(id));
      assert.deepEqual(requests.map(line).sort(), ['GET comments 200', 'GET ticket 200']);
      const record = sim.state.tickets.get(Number(id))!;
      assert.equal(ticket.subject, record.subject);
      assert.equal(ticket.department?.id, String(record.categoryId));
      assert.deepEqual(ticket.labels ?? [], record.tags);
      const { result: page, requests: more } = await recorded(() => provider.listMessages(id));
      assert.equal(more.length, 0);
      assert.equal(page.next, undefined);

      const comments = (sim.state.ticketComments.get(Number(id)) ?? []).map((cid) => sim.state.comments.get(cid)!);
      const [first, ...rest] = page.items;
      assert.equal(first!.id, `ticket-${id}`, 'the ticket body opens the conversation');
      assert.deepEqual(rest.map((m) => m.id), comments.map((c) => String(c.id)));
      for (const [index, comment] of comments.entries()) {
        const message = rest[index]!;
        assert.equal(message.internal, comment.forTechsOnly);
        assert.equal(message.system === true, comment.isSystem);
      }
      const files = (sim.state.ticketFiles.get(Number(id)) ?? []).map((fid) => sim.state.files.get(fid)!);
      for (const stored of files) {
        const owner = stored.commentId === null ? first! : rest.find((m) => m.id === String(stored.commentId))!;
        assert.ok(owner.attachments.some((a) => a.id === String(stored.id) && a.name === stored.fileName), `file ${stored.id}`);
      }
    });

    it('downloads an attachment through /api/attachment with its name and bytes', async () => {
      const id = richTicketId();
      const stored = (sim.state.ticketFiles.get(id) ?? []).map((fid) => sim.state.files.get(fid)!)[0]!;
      const messages = (await provider.listMessages(String(id))).items;
      const attachment = messages.flatMap((m) => m.attachments).find((a) => a.id === String(stored.id))!;
      const { result: download, requests } = await recorded(() => provider.download(attachment));
      assert.deepEqual(requests.map(line), ['GET attachment 200']);
      assert.equal(download.name, stored.fileName);
      assert.deepEqual(Buffer.from(download.data), stored.data);
    });

    it('reads the 300-comment thread in one page', async () => {
      const page = await provider.listMessages(String(JITBIT_BIG_THREAD_TICKET_ID));
      assert.equal(page.items.length, JITBIT_BIG_THREAD_COMMENT_COUNT + 1);
      const dates = page.items.map((m) => m.createdAt);
      assert.deepEqual(dates, [...dates].sort(), 'oldest first');
    });

    it('renders the hostile ticket safely', async () => {
      const ticket = await provider.getTicket(String(JITBIT_HOSTILE_TICKET_ID));
      assert.match(ticket.subject, /Refund request/);
      const messages = (await provider.listMessages(String(JITBIT_HOSTILE_TICKET_ID))).items;
      assert.ok(messages.length > 1);
      for (const message of messages) {
        const { html } = renderBody(message.body, message.format, { allowRemoteImages: false });
        // Nothing that runs, loads by itself (remote images become data-src placeholders) or links off the web.
        assert.deepEqual(liveMarkup(html), [], `${message.id} (${message.format})`);
      }
      assert.equal(sim.beaconHits, 0);
    });

    it('renders the broken BBCode ticket as readable text', async () => {
      const messages = (await provider.listMessages(String(JITBIT_BROKEN_BBCODE_TICKET_ID))).items;
      const body = messages[0]!;
      assert.equal(body.format, 'bbcode');
      const { html } = renderBody(body.body, body.format, { allowRemoteImages: false });
      assert.match(html, /^<div class="plain">/, 'shown as the text it is');
      assert.match(html, /Export keeps failing since the update/);
      assert.match(html, /values &lt; 0 &amp; &gt; 100 are rejected/);
      assert.doesNotMatch(html, /<script|\son\w+=|href="\s*javascript:/i);
      assert.doesNotMatch(html, /<a [^>]*>[^<]*Error 0x80004005/, 'no link stretched over the text after it');
      for (const message of messages.slice(1)) {
        const rendered = renderBody(message.body, message.format, { allowRemoteImages: false }).html;
        assert.doesNotMatch(rendered, /<script|\son\w+=|href="\s*javascript:/i, message.id);
      }
    });

    it('says a missing ticket, or one deleted while open, does not exist', async () => {
      await assert.rejects(provider.getTicket('999999'), isKind('notFound', /#999999 does not exist/));
      // The panel had it open; then someone deleted it, and the panel reloads.
      const victim = [...sim.state.tickets.keys()].find((id) => id > 4200 && id !== JITBIT_HOSTILE_TICKET_ID)!;
      await provider.getTicket(String(victim));
      await provider.listMessages(String(victim));
      sim.state.tickets.delete(victim);
      await assert.rejects(provider.getTicket(String(victim)), isKind('notFound', /deleted/));
      await assert.rejects(connect(me()).listMessages(String(victim)), isKind('notFound', /deleted/));
    });
  });

  describe('writing', () => {
    let provider: HelpdeskProvider;
    let ticketId: number;
    before(async () => {
      provider = connect(me());
      await provider.whoAmI();
      ticketId = [...sim.state.tickets.values()].find((t) => t.statusId !== 3 && t.id > 4300 && t.id !== JITBIT_HOSTILE_TICKET_ID)!.id;
    });

    it('replies form-encoded (never JSON) and returns the comment as stored', async () => {
      const { result: sent, requests } = await recorded(() =>
        provider.reply(String(ticketId), { bodyHtml: '<p>We are on it.</p>', bodyMarkdown: 'We are on it.', internal: false, attachments: [] }),
      );
      const post = requests.find((r) => r.method === 'POST')!;
      assert.equal(line(post), 'POST comment 200');
      assert.deepEqual(post.fields, { id: String(ticketId), body: '<p>We are on it.</p>', forTechsOnly: 'false' });
      assert.ok(requests.every((r) => r.json === undefined));
      const stored = sim.state.comments.get(Number(sent.id))!;
      assert.equal(stored.body, '<p>We are on it.</p>');
      assert.equal(sent.author.id, String(sim.me.id));
      assert.equal(sent.internal, false);
    });

    it('adds an internal note with two files as uploadFile parts', async () => {
      const { result: sent, requests } = await recorded(() =>
        provider.reply(String(ticketId), {
          bodyHtml: '<p>Logs attached</p>',
          bodyMarkdown: 'Logs attached',
          internal: true,
          attachments: [uploadFile('pixel.png', 'image/png', PNG), uploadFile('notes.txt', 'text/plain', 'hello')],
        }),
      );
      const post = requests.find((r) => r.method === 'POST')!;
      assert.equal(post.fields?.forTechsOnly, 'true');
      assert.deepEqual(post.files?.map((f) => [f.field, f.filename, f.size]), [
        ['uploadFile', 'pixel.png', PNG.length],
        ['uploadFile', 'notes.txt', 5],
      ]);
      assert.equal(sent.internal, true);
      assert.deepEqual(sent.attachments.map((a) => a.name), ['pixel.png', 'notes.txt']);
      assert.equal(sim.state.comments.get(Number(sent.id))?.forTechsOnly, true);
    });

    it('offers the canned replies of /api/CommentTemplates', async () => {
      const replies = await provider.cannedReplies!();
      assert.deepEqual(replies.map((r) => [r.id, r.name, r.body]), sim.state.commentTemplates.map((t) => [String(t.id), t.name, t.body]));
    });

    it('creates a ticket with category, priority and a file', async () => {
      const data = await provider.referenceData();
      const category = data.departments.find((d) => d.name.includes('Billing'))!;
      const { result: ticket, requests } = await recorded(() =>
        provider.createTicket({
          subject: 'Invoice PDF is blank',
          bodyHtml: '<p>The PDF has no pages.</p>',
          bodyMarkdown: 'The PDF has no pages.',
          department: category.id,
          priority: '1',
          attachments: [uploadFile('invoice.pdf', 'application/pdf', '%PDF-1.4')],
        }),
      );
      const post = requests.find((r) => r.method === 'POST')!;
      assert.equal(line(post), 'POST ticket 200');
      assert.deepEqual(post.fields, { categoryId: category.id, subject: 'Invoice PDF is blank', body: '<p>The PDF has no pages.</p>', priorityId: '1' });
      assert.deepEqual(post.files?.map((f) => f.filename), ['invoice.pdf']);
      const stored = sim.state.tickets.get(Number(ticket.id))!;
      assert.equal(stored.priority, 1);
      assert.equal(stored.categoryId, Number(category.id));
      assert.equal(ticket.priority?.name, 'High');
      assert.equal(ticket.requester?.id, String(sim.me.id));
      const messages = (await provider.listMessages(ticket.id)).items;
      assert.deepEqual(messages[0]!.attachments.map((a) => a.name), ['invoice.pdf']);
    });

    it('updates status, priority, assignee and category through /api/UpdateTicket, and unassigns', async () => {
      const data = await provider.referenceData();
      const record = sim.state.tickets.get(ticketId)!;
      const category = sim.state.categories.get(record.categoryId)!;
      const tech = category.techIds.find((id) => id !== record.assignedToUserId)!;
      const { result: updated, requests } = await recorded(() =>
        provider.updateTicket(String(ticketId), { status: '4', priority: '2', agent: String(tech) }),
      );
      const post = requests.find((r) => r.method === 'POST')!;
      assert.equal(line(post), 'POST UpdateTicket 200');
      assert.deepEqual(post.fields, { id: String(ticketId), priority: '2', assignedUserId: String(tech), statusId: '4' });
      assert.equal(updated.status.id, '4');
      assert.equal(updated.status.kind, 'pending');
      assert.equal(updated.agent?.id, String(tech));
      assert.ok(data.agents.some((agent) => agent.id === String(tech)), 'the assignee list knows that tech');

      await provider.updateTicket(String(ticketId), { agent: null });
      assert.equal(sim.state.tickets.get(ticketId)!.assignedToUserId, null);
    });

    it('closes through /api/Close', async () => {
      const { result: closed, requests } = await recorded(() => provider.updateTicket(String(ticketId), { status: '3' }));
      assert.deepEqual(requests.filter((r) => r.method === 'POST').map(line), ['POST Close 200']);
      assert.equal(closed.status.kind, 'closed');
      assert.equal(sim.state.tickets.get(ticketId)!.statusId, 3);
      // Read back with its comments, so "updated" is the latest activity, not the creation date.
      const before = await provider.getTicket(String(ticketId));
      assert.equal(closed.updatedAt, before.updatedAt);
      assert.ok(Date.parse(closed.updatedAt) > Date.parse(closed.createdAt), `${closed.updatedAt} after ${closed.createdAt}`);
    });

    it('lists statuses (custom ones seen on tickets), priorities, categories and techs', async () => {
      const fresh = connect(me());
      await fresh.listTickets({ view: 'open' }, undefined, 300);
      const data = await fresh.referenceData();
      assert.deepEqual(data.statuses.slice(0, 3).map((s) => [s.id, s.kind]), [['1', 'new'], ['2', 'open'], ['3', 'closed']]);
      assert.ok(data.statuses.some((s) => s.id === '7' && s.kind === 'onHold'));
      assert.deepEqual(data.priorities.map((p) => p.id), ['-1', '0', '1', '2']);
      const visible = [...sim.state.categories.values()].map((c) => String(c.id)).sort();
      assert.deepEqual(data.departments.map((d) => d.id).sort(), visible);
      const techs = new Set([...sim.state.categories.values()].flatMap((c) => c.techIds.map(String)));
      assert.deepEqual(new Set(data.agents.map((a) => a.id)), techs);
    });
  });

  describe('faults', () => {
    let provider: HelpdeskProvider;
    before(async () => {
      provider = connect(me());
      await provider.whoAmI();
    });

    it('waits out a 429 with Retry-After: 1 on a GET', async () => {
      sim.faults.only = (_method, path) => path.endsWith('/api/Tickets');
      sim.faults.failNext = { status: 429, headers: { 'Retry-After': '1' } };
      const started = Date.now();
      const { result: page, requests } = await recorded(() => provider.listTickets({ view: 'open' }));
      assert.ok(Date.now() - started >= 900, 'waited about a second');
      assert.ok(page.items.length > 0);
      assert.deepEqual(requests.map((r) => r.status), [429, 200]);
    });

    it('waits out a 429 on a reply and sends it once more: one comment', async () => {
      const ticket = [...sim.state.tickets.values()].find((t) => t.statusId !== 3 && t.id > 4400 && t.id !== JITBIT_HOSTILE_TICKET_ID)!;
      const before = (sim.state.ticketComments.get(ticket.id) ?? []).length;
      sim.faults.only = (method, path) => method === 'POST' && path.endsWith('/api/comment');
      sim.faults.failNext = { status: 429, headers: { 'Retry-After': '1' } };
      const { requests } = await recorded(() =>
        provider.reply(String(ticket.id), { bodyHtml: '<p>retry me</p>', bodyMarkdown: 'retry me', internal: false, attachments: [] }),
      );
      assert.deepEqual(requests.filter((r) => r.method === 'POST').map((r) => r.status), [429, 200]);
      assert.equal((sim.state.ticketComments.get(ticket.id) ?? []).length, before + 1);
    });

    it('does not repeat a reply when the POST fails with 500', async () => {
      sim.faults.only = (method, path) => method === 'POST' && path.endsWith('/api/comment');
      sim.faults.failNext = { status: 500 };
      const { requests } = await recorded(() =>
        assert.rejects(provider.reply('4101', { bodyHtml: '<p>x</p>', bodyMarkdown: 'x', internal: false, attachments: [] }), isKind('server')),
      );
      assert.equal(requests.filter((r) => r.method === 'POST').length, 1);
    });
  });

  describe('lockout safety through the UI layer', () => {
    it('a wrong password costs ONE failed request across a refresh, a reopened tree, panel reloads and a minute of polling', async () => {
      let clock = 5_000_000;
      const now = () => clock;
      const catalog = createDescriptorCatalog(providerDescriptors);
      const credentials = new MemoryCredentials();
      credentials.values.set('jb', { username: sim.username, secret: 'wrong-password' });
      const connections = new Connections({ catalog, credentials, log: silentLogger, transport: () => ({ timeoutMs: 10_000 }), now });
      connections.setEntries(validateInstances([{ id: 'jb', label: 'Support', type: 'jitbit', baseUrl: sim.url }], catalog));
      const connection = () => connections.get('jb')!;
      const openTree = () => new TreeModel(connections, { pageSize: () => 50, typeName: (type) => catalog.displayName(type), now });
      let model = openTree();
      const labels = async (node: TreeNode) => (await model.children(node)).map((child) => model.present(child).label);
      const posted: HostToWebview[] = [];
      const panel = connectedPanel({ instanceId: 'jb', ticketId: '4101', connection, host: recordingPanelHost(posted), now });

      const start = sim.requests.length;
      try {
        // The tree opens and a restored panel loads at the same moment.
        const [children] = await Promise.all([labels(model.roots()[0]!), panel.load()]);
        assert.deepEqual(children, ['Credentials rejected — Set Credentials…']);
        assert.match(model.present(model.roots()[0]!).tooltipMarkdown ?? '', /blocks the address for five minutes after three failed logins/);
        assert.ok(posted.some((m) => m.type === 'error' && m.error.kind === 'auth' && m.error.action?.command === 'setCredentials'));

        model.refreshAll();
        assert.deepEqual(await labels(model.roots()[0]!), ['Credentials rejected — Set Credentials…']);
        model.dispose();
        model = openTree();
        assert.deepEqual(await labels(model.roots()[0]!), ['Credentials rejected — Set Credentials…']);
        for (let second = 0; second < 60; second += 5) {
          clock += 5_000;
          model.refreshAll();
          model.refreshInstance('jb');
          await labels(model.roots()[0]!);
          await panel.handle({ type: 'refresh' });
          await connection().check();
        }
        const sent = sim.requests.slice(start);
        assert.deepEqual(sent.map(line), ['POST Authorization 401'], 'exactly one failed request');
        assert.equal(sim.state.failedLogins('127.0.0.1'), 1);
        assert.equal(sim.state.lockedUntil('127.0.0.1'), undefined);

        // New credentials: the next look connects, and the panel loads.
        credentials.values.set('jb', { username: sim.username, secret: sim.password });
        connections.resetCredentials('jb');
        assert.deepEqual(await labels(model.roots()[0]!), ['My Tickets', 'Unanswered', 'All Open', 'Search…']);
        posted.length = 0;
        await panel.load();
        assert.ok(posted.some((m) => m.type === 'ticket' && m.ticket.id === '4101'));
        assert.ok(!posted.some((m) => m.type === 'error'));
      } finally {
        model.dispose();
        connections.dispose();
      }
    });
  });
});
