// DiamanteDeskProvider against the DiamanteDesk simulator over real loopback HTTP: WSSE on
// every request (one nonce each, the server's clock learnt from Date), "who am I" through
// OroPlatform's user routes, the five views and search paged to their end under both of
// the server's X-Total behaviours, the conversation and its files, replies, notes, status
// and priority changes (PATCH with only what changes, never PUT), ticket creation, the
// server's 500-with-violations validation, and answers that are not JSON.
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { silentLogger } from '../../src/helpdesk/log';
import type { Credentials, Ticket, TicketQuery } from '../../src/helpdesk/model';
import type { HelpdeskProvider } from '../../src/helpdesk/provider';
import { renderBody } from '../../src/helpdesk/render';
import { markdownToHtml } from '../../src/helpdesk/render/markdown';
import { diamantedeskDescriptor } from '../../src/providers/diamantedesk';
import { clearFaults } from '../../src/sandbox';
import { BIG_THREAD_COMMENT_COUNT, BIG_THREAD_TICKET_ID, HOSTILE_TICKET_ID } from '../../src/sandbox/diamantedesk/data';
import { startDiamantedeskSimulator, type DiamantedeskRequestLogEntry, type DiamantedeskSimulator } from '../../src/sandbox/diamantedesk/server';
import { commentsOf, moveTicket, type TicketRecord } from '../../src/sandbox/diamantedesk/state';
import { isKind, PNG, requestRecorder, uploadFile } from '../support/contract';
import { liveMarkup } from '../support/live-markup';

/** `GET desk/tickets 200`: the path under /api/rest/latest/ (or the whole path elsewhere). */
function line(entry: DiamantedeskRequestLogEntry): string {
  return `${entry.method} ${entry.path.replace(/^\/api\/rest\/latest\//, '')} ${entry.status}`;
}

function query(entry: DiamantedeskRequestLogEntry): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(entry.query));
}

const PAGE = 25;

describe('DiamanteDesk contract (simulator over loopback HTTP)', function () {
  this.timeout(60_000);
  /** The sandbox's instance: X-Total as a server without the count bug gives it. */
  let sim: DiamantedeskSimulator;
  /** The released server's X-Total: a cross join, far past the real end. */
  let buggy: DiamantedeskSimulator;
  const opened: HelpdeskProvider[] = [];

  function connect(target: DiamantedeskSimulator = sim, credentials?: Credentials, baseUrl = target.url): HelpdeskProvider {
    const provider = diamantedeskDescriptor.create({
      config: { id: 'dd', label: 'DiamanteDesk', type: 'diamantedesk', baseUrl },
      credentials: credentials ?? { username: target.username, secret: target.apiKey },
      log: silentLogger,
      http: { timeoutMs: 10_000 },
    });
    opened.push(provider);
    return provider;
  }

  const recorded = requestRecorder(() => sim);
  const recordedOn = (target: () => DiamantedeskSimulator) => requestRecorder(target);

  before(async () => {
    sim = await startDiamantedeskSimulator({ ticketTotal: 'any-filter' });
    buggy = await startDiamantedeskSimulator();
  });

  afterEach(() => {
    for (const s of [sim, buggy]) {
      clearFaults(s.faults);
      s.clockSkewMs = 0;
    }
  });

  after(async () => {
    await Promise.all(opened.map((provider) => provider.dispose()));
    // Updates are PATCH with only what changes: a PUT would read as "replace" to a reader of the API.
    for (const s of [sim, buggy]) assert.deepEqual(s?.requests.filter((r) => r.method === 'PUT').map(line) ?? [], [], 'no PUT, ever');
    await Promise.all([sim?.close(), buggy?.close()]);
  });

  describe('connection and "me"', () => {
    it('learns who I am from OroPlatform\'s user/filter in one request, with WSSE in the canonical form', async () => {
      const { result, requests } = await recorded(() => connect().whoAmI());
      assert.deepEqual(result, { id: sim.me.typedId, name: sim.me.name, email: sim.me.email, isAgent: true });
      assert.deepEqual(requests.map(line), ['GET user/filter 200']);
      assert.deepEqual(query(requests[0]!), { username: sim.username });
      assert.match(requests[0]!.wsseHeader ?? '', /^UsernameToken Username="[^"]+", PasswordDigest="[^"]+", Nonce="[^"]+", Created="[^"]+"$/);
    });

    it("falls back to the Data API's /api/userprofile where user/filter is refused", async () => {
      sim.faults.only = (_method, path) => path.endsWith('/user/filter');
      sim.faults.failNext = { status: 403 };
      const { result, requests } = await recorded(() => connect().whoAmI());
      assert.equal(result.id, sim.me.typedId);
      assert.equal(result.name, sim.me.name);
      assert.deepEqual(requests.map(line), ['GET user/filter 403', 'GET /api/userprofile 200']);
      assert.equal(requests[1]!.caller, sim.username, 'signed like every other request');
    });

    it('accepts the API root as pasted, and v1', async () => {
      assert.equal((await connect(sim, undefined, `${sim.url}/api/rest/latest/desk/`).whoAmI()).id, sim.me.typedId);
      const v1 = diamantedeskDescriptor.settingsFromAddress?.(`${sim.url}/api/rest/v1/desk`) ?? {};
      const provider = diamantedeskDescriptor.create({
        config: { id: 'v1', label: 'v1', type: 'diamantedesk', baseUrl: diamantedeskDescriptor.normalizeBaseUrl(`${sim.url}/api/rest/v1/desk`), ...v1 },
        credentials: { username: sim.username, secret: sim.apiKey },
        log: silentLogger,
        http: { timeoutMs: 10_000 },
      });
      opened.push(provider);
      const { requests } = await recorded(() => provider.whoAmI());
      assert.deepEqual(requests.map((r) => r.path), ['/api/rest/v1/user/filter']);
    });

    it('reports a wrong key as auth after exactly one request, and sends nothing more with it', async () => {
      const wrong = connect(sim, { username: sim.username, secret: 'not-the-api-key' });
      const { requests } = await recorded(async () => {
        await assert.rejects(wrong.whoAmI(), isKind('auth', /API key/));
        const later = await Promise.allSettled([wrong.listTickets({ view: 'open' }), wrong.getTicket('1'), wrong.referenceData(), wrong.whoAmI()]);
        assert.ok(later.every((r) => r.status === 'rejected' && (r.reason as HelpdeskError).kind === 'auth'));
      });
      assert.deepEqual(requests.map(line), ['GET user/filter 401']);
      assert.equal(requests[0]!.authFailure, 'WSSE authentication failed.');
    });
  });

  describe('the clock', () => {
    it('signs with a clock 10 minutes behind the server without a second request', async () => {
      sim.clockSkewMs = 10 * 60_000;
      const provider = connect();
      const { result, requests } = await recorded(() => provider.whoAmI());
      assert.equal(result.id, sim.me.typedId);
      assert.deepEqual(requests.map(line), ['GET user/filter 200']);
      const { requests: next } = await recorded(() => provider.listTickets({ view: 'new' }));
      assert.ok(next.length >= 1 && next.every((r) => r.status === 200), next.map(line).join(', '));
    });

    it('corrects once from the Date header when this clock runs 90 s ahead, then succeeds', async () => {
      sim.clockSkewMs = -90_000;
      const provider = connect();
      const { result, requests } = await recorded(() => provider.whoAmI());
      assert.equal(result.id, sim.me.typedId);
      assert.deepEqual(requests.map(line), ['GET user/filter 401', 'GET user/filter 200']);
      assert.equal(requests[0]!.authFailure, 'Future token detected.');
      assert.notEqual(requests[0]!.wsse?.nonce, requests[1]!.wsse?.nonce, 'a new nonce for the retry');
      const { requests: next } = await recorded(() => provider.getTicket('BRANCHB-3'));
      assert.ok(next.every((r) => r.status === 200), next.map(line).join(', '));
    });

    it('says the clock is 10 minutes off when it runs that far ahead, in at most two requests per operation', async () => {
      sim.clockSkewMs = -10 * 60_000;
      const provider = connect();
      const { requests } = await recorded(() => assert.rejects(provider.whoAmI(), isKind('clock', /Your clock is 10 minutes off the helpdesk's/)));
      assert.ok(requests.length >= 1 && requests.length <= 2, requests.map(line).join(', '));
      assert.ok(requests.every((r) => r.status === 401 && r.authFailure === 'Future token detected.'));
      for (const operation of [() => provider.listTickets({ view: 'open' }), () => provider.getTicket('1')]) {
        const { requests: more } = await recorded(() => assert.rejects(operation(), isKind('clock')));
        assert.ok(more.length <= 2, more.map(line).join(', '));
      }
      // The clock is fixed: the same provider works again.
      sim.clockSkewMs = 0;
      assert.equal((await provider.whoAmI()).id, sim.me.typedId);
    });

    it('never reuses a nonce across 50 concurrent requests', async () => {
      const provider = connect();
      await provider.whoAmI();
      const ids = [...sim.state.tickets.keys()].slice(0, 50).map(String);
      const { result, requests } = await recorded(() => Promise.all(ids.map((id) => provider.getTicket(id))));
      assert.deepEqual(result.map((t) => t.id), ids);
      const nonces = requests.map((r) => r.wsse?.nonce);
      assert.ok(requests.length >= 50);
      assert.ok(requests.every((r) => r.status === 200), requests.filter((r) => r.status !== 200).map(line).join(', '));
      assert.equal(new Set(nonces).size, nonces.length, 'every nonce once');
    });
  });

  for (const mode of ['any-filter', 'cross-join'] as const) {
    describe(`ticket lists (X-Total ${mode === 'cross-join' ? 'as the released server counts it: a cross join' : 'counted right'})`, () => {
      const target = () => (mode === 'cross-join' ? buggy : sim);
      const on = recordedOn(target);
      let provider: HelpdeskProvider;
      before(async () => {
        provider = connect(target());
        await provider.whoAmI();
      });

      const records = (): TicketRecord[] => [...target().state.tickets.values()];
      const expected: Record<string, (t: TicketRecord) => boolean> = {
        mine: (t) => t.assigneeId === target().me.id,
        unassigned: (t) => t.assigneeId === null && t.status !== 'closed',
        open: (t) => t.status === 'open',
        new: (t) => t.status === 'new',
        pending: (t) => t.status === 'pending',
      };

      /** Pages `q` to its end; every ticket once. */
      async function pageThrough(q: TicketQuery) {
        const pages: Array<{ items: Ticket[]; total?: number }> = [];
        const seen = new Set<string>();
        let cursor: string | undefined;
        do {
          const page = await provider.listTickets(q, cursor, PAGE);
          for (const ticket of page.items) {
            assert.ok(!seen.has(ticket.id), `ticket ${ticket.id} twice`);
            seen.add(ticket.id);
          }
          pages.push({ items: page.items, ...(page.total !== undefined && { total: page.total }) });
          cursor = page.next;
        } while (cursor && pages.length < 200);
        return { pages, seen };
      }

      it('believes X-Total only once a page whose end is known agreed with it', async () => {
        const fresh = connect(target());
        await fresh.whoAmI();
        const mine = records().filter(expected.mine!).length;
        const first = await fresh.listTickets({ view: 'mine' }, undefined, PAGE);
        assert.equal(first.total, undefined, 'not yet known to be right');
        let page = first;
        while (page.next) page = await fresh.listTickets({ view: 'mine' }, page.next, PAGE);
        assert.equal(page.total, mine, 'the last page knows the real count');
        const again = await fresh.listTickets({ view: 'mine' }, undefined, PAGE);
        assert.equal(again.total, mode === 'cross-join' ? undefined : mine);
      });

      for (const view of ['mine', 'open', 'new', 'pending'] as const) {
        it(`pages "${view}" to its end with page/limit, stopping at a short or empty page`, async () => {
          const want = records().filter(expected[view]!);
          const { result, requests } = await on(() => pageThrough({ view }));
          assert.deepEqual([...result.seen].sort(), want.map((t) => String(t.id)).sort());
          const lists = requests.filter((r) => r.route === 'listAllTickets');
          const pages = Math.max(1, Math.ceil(want.length / PAGE));
          // A full last page may need one empty page to prove the end where the links overstate.
          assert.ok(lists.length === pages || (want.length % PAGE === 0 && lists.length === pages + 1), lists.map(line).join(', '));
          lists.forEach((r, index) => {
            const q = query(r);
            assert.equal(q.page, String(index + 1));
            assert.equal(q.limit, String(PAGE));
            if (view === 'mine') assert.equal(q.assignee, String(target().me.id));
            else assert.equal(q.status, view);
          });
          const last = result.pages[result.pages.length - 1]!;
          assert.equal(last.total, want.length, 'the end shows the real count');
          for (const page of result.pages.slice(0, -1)) {
            if (mode === 'cross-join') assert.equal(page.total, undefined, 'an overstated count is not shown');
            else if (page.total !== undefined) assert.equal(page.total, want.length);
          }
          for (const ticket of result.pages.flatMap((p) => p.items)) {
            const record = target().state.tickets.get(Number(ticket.id))!;
            assert.match(ticket.ref, /^BRANCH[ABC]-\d+$/);
            assert.equal(ticket.webUrl, `${target().url}/desk/tickets/view/${ticket.ref}`);
            assert.equal(ticket.status.id, record.status);
          }
        });
      }

      it(`ends a list whose last page is full ${mode === 'cross-join' ? 'with one empty page, as the links overstate' : 'without another request, as the links say'}`, async () => {
        // Exactly two pages of on-hold tickets (assigned ones, so "unassigned" is untouched).
        const onHold = records().filter((t) => t.status === 'on_hold');
        for (const t of records().filter((r) => r.status === 'closed' && r.assigneeId !== null).slice(0, 2 * PAGE - onHold.length)) t.status = 'on_hold';
        const want = records().filter((t) => t.status === 'on_hold');
        assert.equal(want.length, 2 * PAGE);
        const { result, requests } = await on(() => pageThrough({ status: 'on_hold' }));
        assert.equal(result.seen.size, 2 * PAGE);
        const pages = requests.filter((r) => r.route === 'listAllTickets').map((r) => query(r).page);
        assert.deepEqual(pages, mode === 'cross-join' ? ['1', '2', '3'] : ['1', '2']);
        const last = result.pages[result.pages.length - 1]!;
        assert.equal(last.total, 2 * PAGE);
        if (mode === 'cross-join') assert.deepEqual(last.items, []);
      });

      it('pages "unassigned" by reading all tickets and keeping those nobody has', async () => {
        const want = records().filter(expected.unassigned!);
        const { result, requests } = await on(() => pageThrough({ view: 'unassigned' }));
        assert.deepEqual([...result.seen].sort(), want.map((t) => String(t.id)).sort());
        assert.ok(result.pages.every((p) => p.total === undefined));
        const lists = requests.filter((r) => r.route === 'listAllTickets');
        assert.ok(lists.every((r) => query(r).assignee === undefined && query(r).status === undefined));
        assert.ok(lists.length <= Math.ceil(records().length / PAGE) + 1, `${lists.length} server pages`);
      });

      it('searches subject and description with /tickets/search?q=, paged to the end', async () => {
        const word = 'invoice';
        const want = records().filter((t) => `${t.subject}\n${t.description}`.toLowerCase().includes(word));
        assert.ok(want.length > PAGE, 'enough for several pages');
        const { result, requests } = await on(() => pageThrough({ search: word }));
        assert.deepEqual([...result.seen].sort(), want.map((t) => String(t.id)).sort());
        const searches = requests.filter((r) => r.route === 'searchTickets');
        assert.equal(searches.length, result.pages.length);
        assert.ok(searches.every((r) => query(r).q === word));
        // The search route counts its own matches (no cross join): every page has the total.
        assert.ok(result.pages.every((p) => p.total === want.length));
      });
    });
  }

  describe('a ticket and its conversation', () => {
    let provider: HelpdeskProvider;
    before(async () => {
      provider = connect();
      await provider.whoAmI();
    });

    /** A ticket with its own file, private comments and a file on a comment. */
    function richTicket(): TicketRecord {
      for (const ticket of sim.state.tickets.values()) {
        const comments = commentsOf(sim.state, ticket.id);
        if (ticket.attachmentIds.length > 0 && comments.some((c) => c.private) && comments.some((c) => c.attachmentIds.length > 0)) return ticket;
      }
      throw new Error('the seed has no such ticket');
    }

    it('opens a ticket by its key, and shows the key as the reference', async () => {
      const { result: ticket, requests } = await recorded(() => provider.getTicket('BRANCHB-3'));
      assert.equal(requests[0] && line(requests[0]), 'GET desk/tickets/BRANCHB-3 200');
      const record = [...sim.state.tickets.values()].find((t) => t.branchId === 2 && t.sequenceNumber === 3)!;
      assert.equal(ticket.id, String(record.id));
      assert.equal(ticket.ref, 'BRANCHB-3');
      assert.equal(ticket.department?.name, 'Billing');
      assert.equal(ticket.subject, record.subject);
    });

    it('reads the description, then the comments oldest first, private ones as internal notes, from the one detail request', async () => {
      const record = richTicket();
      const id = String(record.id);
      await provider.getTicket(id);
      const { result: page, requests } = await recorded(() => provider.listMessages(id));
      assert.deepEqual(requests.filter((r) => r.route === 'loadTicket').map(line), [], 'the detail just fetched is reused');
      assert.equal(page.next, undefined);
      const comments = commentsOf(sim.state, record.id).sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
      const [description, ...rest] = page.items;
      assert.equal(description!.id, `ticket-${id}`);
      assert.equal(description!.body, record.description);
      assert.deepEqual(description!.attachments.map((a) => a.name), record.attachmentIds.map((a) => sim.state.attachments.get(a)!.filename));
      assert.deepEqual(rest.map((m) => m.id), comments.map((c) => String(c.id)));
      for (const [index, comment] of comments.entries()) {
        const message = rest[index]!;
        assert.equal(message.internal, comment.private);
        assert.equal(message.author.id, comment.author, 'the author object carries the typed id');
        assert.ok(message.author.name.length > 0 && !/^(Agent|Customer) #/.test(message.author.name), 'and the name');
        assert.deepEqual(message.attachments.map((a) => a.name), comment.attachmentIds.map((a) => sim.state.attachments.get(a)!.filename));
      }
      const dates = page.items.map((m) => m.createdAt);
      assert.deepEqual(dates, [...dates].sort());
    });

    it('downloads the files of the ticket and of a comment intact, from file.url', async () => {
      const record = richTicket();
      const messages = (await provider.listMessages(String(record.id))).items;
      const files = messages.flatMap((m) => m.attachments);
      assert.ok(files.length >= 2);
      for (const attachment of files) {
        const stored = sim.state.attachments.get(Number(attachment.id))!;
        const { result: download, requests } = await recorded(() => provider.download(attachment));
        assert.deepEqual(requests.map(line), [`GET /desk/attachments/download/file/${stored.hash} 200`]);
        assert.equal(download.name, stored.filename);
        assert.deepEqual(Buffer.from(download.data), stored.data);
      }
    });

    it('reads the 200-comment thread whole, oldest first', async () => {
      const page = await provider.listMessages(String(BIG_THREAD_TICKET_ID));
      assert.equal(page.items.length, BIG_THREAD_COMMENT_COUNT + 1);
      assert.equal(page.next, undefined);
      const dates = page.items.map((m) => m.createdAt);
      assert.deepEqual(dates, [...dates].sort());
    });

    it('maps the hostile ticket without throwing, and it renders safely', async () => {
      const ticket = await provider.getTicket(String(HOSTILE_TICKET_ID));
      assert.ok(ticket.subject.length > 0);
      const messages = (await provider.listMessages(String(HOSTILE_TICKET_ID))).items;
      assert.ok(messages.length > 1);
      for (const message of messages) {
        const { html } = renderBody(message.body, message.format, { allowRemoteImages: false });
        // Nothing that runs, loads by itself (remote images become data-src placeholders) or links off the web.
        assert.deepEqual(liveMarkup(html), [], message.id);
      }
      const listed = await provider.listTickets({ search: ticket.subject.slice(0, 12) }, undefined, 100);
      assert.ok(listed.items.some((t) => t.id === String(HOSTILE_TICKET_ID)));
      assert.equal(sim.beaconHits, 0);
    });

    it('follows a ticket moved to another branch from its old key (301 with X-Location) to its new one', async () => {
      const record = [...sim.state.tickets.values()].find((t) => t.branchId === 1 && t.status === 'open' && t.id !== HOSTILE_TICKET_ID)!;
      const oldKey = `BRANCHA-${record.sequenceNumber}`;
      moveTicket(sim.state, record, sim.state.branches.get(4)!);
      const newKey = `BRANCHC-${record.sequenceNumber}`;
      const { result: ticket, requests } = await recorded(() => provider.getTicket(oldKey));
      assert.deepEqual(requests.filter((r) => r.route?.startsWith('loadTicket')).map(line), [`GET desk/tickets/${oldKey} 301`, `GET desk/tickets/${newKey} 200`]);
      assert.equal(ticket.id, String(record.id));
      assert.equal(ticket.ref, newKey);
      const { requests: patched } = await recorded(() => provider.updateTicket(oldKey, { priority: 'low' }));
      assert.deepEqual(patched.map(line), [`PATCH desk/tickets/${oldKey} 301`, `PATCH desk/tickets/${newKey} 200`]);
      assert.equal(sim.state.tickets.get(record.id)!.priority, 'low');
    });

    it('does not call a ticket deleted when the server fails on a comment by a user who no longer exists', async () => {
      const victim = [...sim.state.tickets.values()].find((t) => t.status === 'closed' && commentsOf(sim.state, t.id).length > 0)!;
      const comment = commentsOf(sim.state, victim.id)[0]!;
      const author = comment.author;
      comment.author = 'oro_999';
      try {
        const { requests } = await recorded(() => assert.rejects(connect().getTicket(String(victim.id)), isKind('server', /no longer exists/)));
        assert.ok(requests.some((r) => r.route === 'loadTicket' && r.status === 404));
      } finally {
        comment.author = author;
      }
    });

    it('says a missing ticket does not exist', async () => {
      await assert.rejects(provider.getTicket('999999'), isKind('notFound', /999999 does not exist/));
      await assert.rejects(provider.getTicket('BRANCHA-99999'), isKind('notFound'));
    });
  });

  describe('writing', () => {
    let provider: HelpdeskProvider;
    let ticket: TicketRecord;
    before(async () => {
      provider = connect();
      await provider.whoAmI();
      ticket = [...sim.state.tickets.values()].find((t) => t.status === 'open' && t.id !== HOSTILE_TICKET_ID && t.id !== BIG_THREAD_TICKET_ID)!;
    });

    const json = (entry: DiamantedeskRequestLogEntry) => entry.json as Record<string, unknown>;

    it('replies with POST /comments carrying the current status, and nothing else changes', async () => {
      const { result: sent, requests } = await recorded(() =>
        provider.reply(String(ticket.id), { bodyHtml: '<p>We are on it.</p>', bodyMarkdown: 'We are on it.', internal: false, attachments: [] }),
      );
      const writes = requests.filter((r) => r.method !== 'GET');
      assert.deepEqual(writes.map(line), ['POST desk/comments 201']);
      assert.deepEqual(json(writes[0]!), { content: '<p>We are on it.</p>', ticket: ticket.id, author: sim.me.typedId, ticketStatus: 'open', private: false });
      const stored = sim.state.comments.get(Number(sent.id))!;
      assert.equal(stored.content, '<p>We are on it.</p>');
      assert.equal(stored.private, false);
      assert.equal(sent.author.id, sim.me.typedId);
      assert.equal(sim.state.tickets.get(ticket.id)!.status, 'open');
    });

    it('adds a private note with a file sent as base64 JSON to the comment\'s attachments, arriving intact', async () => {
      const notes = uploadFile('notes.txt', 'text/plain', 'line one\nline two\n');
      const { result: sent, requests } = await recorded(() =>
        provider.reply(String(ticket.id), { bodyHtml: '<p>Logs attached</p>', bodyMarkdown: 'Logs attached', internal: true, attachments: [uploadFile('pixel.png', 'image/png', PNG), notes] }),
      );
      const writes = requests.filter((r) => r.method !== 'GET');
      assert.deepEqual(writes.map(line), ['POST desk/comments 201', `POST desk/comments/${sent.id}/attachments 201`, `POST desk/comments/${sent.id}/attachments 201`]);
      assert.equal(json(writes[0]!).private, true);
      assert.equal(json(writes[0]!).ticketStatus, 'open');
      assert.deepEqual(json(writes[1]!), { attachmentsInput: [{ filename: 'pixel.png', content: PNG.toString('base64') }] });
      const stored = sim.state.comments.get(Number(sent.id))!;
      assert.equal(stored.private, true);
      const files = stored.attachmentIds.map((id) => sim.state.attachments.get(id)!);
      assert.deepEqual(files.map((f) => f.filename), ['pixel.png', 'notes.txt']);
      assert.deepEqual(files[0]!.data, PNG);
      assert.deepEqual(files[1]!.data, Buffer.from(notes.data));
      assert.equal(sent.internal, true);
      assert.deepEqual(sent.attachments.map((a) => a.name), ['pixel.png', 'notes.txt']);
      // And the conversation shows it, with the file downloadable.
      const shown = (await provider.listMessages(String(ticket.id))).items.find((m) => m.id === sent.id)!;
      assert.equal(shown.internal, true);
      const download = await provider.download(shown.attachments[1]!);
      assert.deepEqual(Buffer.from(download.data), Buffer.from(notes.data));
    });

    it('changes the status on reply with a separate PATCH, since POST /comments ignores ticketStatus', async () => {
      const { requests } = await recorded(() =>
        provider.reply(String(ticket.id), { bodyHtml: '<p>Waiting for you</p>', bodyMarkdown: 'Waiting for you', internal: false, attachments: [], newStatus: 'pending' }),
      );
      const writes = requests.filter((r) => r.method !== 'GET');
      assert.deepEqual(writes.map(line), ['POST desk/comments 201', `PATCH desk/tickets/${ticket.id} 200`]);
      assert.deepEqual(json(writes[1]!), { status: 'pending' });
      assert.equal(sim.state.tickets.get(ticket.id)!.status, 'pending');
    });

    it('refuses a 5 MB file before sending anything', async () => {
      const big = uploadFile('dump.bin', 'application/octet-stream', new Uint8Array(5 * 1024 * 1024));
      const { requests } = await recorded(async () => {
        await assert.rejects(provider.reply(String(ticket.id), { bodyHtml: '<p>x</p>', bodyMarkdown: 'x', internal: false, attachments: [big] }), isKind('tooLarge', /dump\.bin/));
        await assert.rejects(provider.createTicket({ subject: 's', bodyHtml: '<p>b</p>', bodyMarkdown: 'b', department: '1', attachments: [big] }), isKind('tooLarge'));
      });
      assert.deepEqual(requests.map(line), []);
    });

    it('updates status and priority with a PATCH of only the changed fields, and unassigns', async () => {
      const { result: updated, requests } = await recorded(() => provider.updateTicket(String(ticket.id), { status: 'on_hold', priority: 'high' }));
      assert.deepEqual(requests.map(line), [`PATCH desk/tickets/${ticket.id} 200`]);
      assert.deepEqual(json(requests[0]!), { status: 'on_hold', priority: 'high' });
      assert.equal(updated.status.kind, 'onHold');
      assert.equal(updated.priority?.id, 'high');
      const record = sim.state.tickets.get(ticket.id)!;
      assert.equal(record.status, 'on_hold');
      assert.equal(record.priority, 'high');

      const { requests: one } = await recorded(() => provider.updateTicket(String(ticket.id), { priority: 'low' }));
      assert.deepEqual(json(one[0]!), { priority: 'low' });
      assert.equal(sim.state.tickets.get(ticket.id)!.status, 'on_hold', 'the status is left alone');

      const assigned = [...sim.state.tickets.values()].find((t) => t.assigneeId !== null && t.status !== 'closed' && t.id !== HOSTILE_TICKET_ID)!;
      const { result: unassigned, requests: cleared } = await recorded(() => provider.updateTicket(String(assigned.id), { agent: null }));
      assert.deepEqual(json(cleared[0]!), { assignee: null });
      assert.equal(unassigned.agent, undefined);
      assert.equal(sim.state.tickets.get(assigned.id)!.assigneeId, null);
    });

    it('does not offer to assign an existing ticket (the server answers 500), and says so without a request', async () => {
      assert.equal(provider.capabilities.assign, false);
      const { requests } = await recorded(async () => {
        await assert.rejects(provider.updateTicket(String(ticket.id), { agent: 'oro_5' }), isKind('unsupported', /cannot assign/));
        await assert.rejects(provider.updateTicket(String(ticket.id), { department: '4' }), isKind('unsupported', /branch/));
      });
      assert.deepEqual(requests.map(line), []);
    });

    it('creates a ticket with branch, subject, description, priority, source, reporter = me and a file', async () => {
      const data = await provider.referenceData();
      const billing = data.departments.find((d) => d.name === 'Billing')!;
      const fields = await provider.createTicketFields!();
      assert.deepEqual(fields.map((f) => f.name), ['source']);
      const { result: created, requests } = await recorded(() =>
        provider.createTicket({
          subject: 'Invoice PDF is blank',
          bodyHtml: '<p>The PDF has no pages.</p>',
          bodyMarkdown: 'The PDF has no pages.',
          department: billing.id,
          priority: 'high',
          fields: { source: 'email' },
          attachments: [uploadFile('invoice.pdf', 'application/pdf', '%PDF-1.4\n%%EOF\n')],
        }),
      );
      const writes = requests.filter((r) => r.method !== 'GET');
      assert.deepEqual(writes.map(line), ['POST desk/tickets 201', `POST desk/tickets/${created.id}/attachments 201`]);
      assert.deepEqual(json(writes[0]!), {
        branch: Number(billing.id),
        subject: 'Invoice PDF is blank',
        description: '<p>The PDF has no pages.</p>',
        status: 'new',
        priority: 'high',
        source: 'email',
        reporter: sim.me.typedId,
      });
      const record = sim.state.tickets.get(Number(created.id))!;
      assert.equal(record.branchId, Number(billing.id));
      assert.equal(record.reporter, sim.me.typedId);
      assert.equal(record.source, 'email');
      assert.match(created.ref, /^BRANCHB-\d+$/);
      assert.equal(created.requester?.id, sim.me.typedId);
      const file = sim.state.attachments.get(record.attachmentIds[0]!)!;
      assert.equal(file.filename, 'invoice.pdf');
      assert.equal(file.data.toString('utf8'), '%PDF-1.4\n%%EOF\n');
      const messages = (await provider.listMessages(created.id)).items;
      assert.deepEqual(messages[0]!.attachments.map((a) => a.name), ['invoice.pdf']);
    });

    it('sends a code snippet in tags the server keeps, so its lines and indentation survive strip_tags', async () => {
      const data = await provider.referenceData();
      const markdown = 'See:\n\n```ts\nif (a < b) {\n  return a;\n}\n```\n';
      const created = await provider.createTicket({
        subject: 'Snippet',
        bodyHtml: markdownToHtml(markdown),
        bodyMarkdown: markdown,
        department: data.departments[0]!.id,
        attachments: [],
      });
      const stored = sim.state.tickets.get(Number(created.id))!.description;
      assert.match(stored, /if \(a &lt; b\) \{<br>\n&nbsp;&nbsp;return a;<br>\n\}/);
      const sent = await provider.reply(created.id, { bodyHtml: markdownToHtml('```\nx\n  y\n```'), bodyMarkdown: '', internal: true, attachments: [] });
      const comment = sim.state.comments.get(Number(sent.id))!;
      assert.match(comment.content, /<p>x<br>\n&nbsp;&nbsp;y<\/p>/);
      // Shown back in the panel, the lines are still lines.
      const shown = (await provider.listMessages(created.id)).items[0]!;
      const { html } = renderBody(shown.body, shown.format, { allowRemoteImages: false });
      assert.match(html, /\{<br \/?>\n(?:\u00a0|&nbsp;){2}return a;<br \/?>/);
    });

    it('turns the server\'s 500 with the validator\'s text into a validation error naming the field', async () => {
      // Markup the server strips whole leaves an empty description, which it requires.
      const { requests } = await recorded(() =>
        assert.rejects(
          provider.createTicket({ subject: 'Empty', bodyHtml: '<div></div>', bodyMarkdown: '', department: '1', attachments: [] }),
          (error: unknown) => {
            assert.ok(error instanceof HelpdeskError);
            assert.equal(error.kind, 'validation');
            assert.deepEqual(error.fields, { description: ['This is a required field'] });
            assert.match(error.message, /description: This is a required field/);
            return true;
          },
        ),
      );
      assert.deepEqual(requests.filter((r) => r.method === 'POST').map(line), ['POST desk/tickets 500']);
      const { requests: none } = await recorded(() =>
        assert.rejects(provider.createTicket({ subject: '  ', bodyHtml: '<p>b</p>', bodyMarkdown: 'b', department: '1', attachments: [] }), isKind('validation')),
      );
      assert.deepEqual(none.map(line), [], 'a missing subject is caught before sending');
    });

    it('sends a subject without the line breaks the server refuses', async () => {
      const { result: created, requests } = await recorded(() =>
        provider.createTicket({ subject: 'Build fails\non CI', bodyHtml: '<p>see log</p>', bodyMarkdown: 'see log', department: '1', attachments: [] }),
      );
      assert.equal(json(requests.find((r) => r.method === 'POST')!).subject, 'Build fails on CI');
      assert.equal(created.subject, 'Build fails on CI');
    });
  });

  describe('answers that are not JSON', () => {
    let provider: HelpdeskProvider;
    before(async () => {
      provider = connect();
      await provider.whoAmI();
    });

    it('names the status of an HTML page where JSON was expected (protocol)', async () => {
      sim.faults.htmlErrorPage = true;
      await assert.rejects(provider.listTickets({ view: 'open' }), isKind('protocol', /200/));
      sim.faults.htmlErrorStatus = 502;
      await assert.rejects(provider.getTicket('1'), (error: unknown) => {
        assert.ok(error instanceof HelpdeskError);
        assert.match(error.message, /502/);
        return true;
      });
    });

    it('names the status of an XML answer where JSON was expected (protocol)', async () => {
      sim.faults.failNext = { status: 200, body: '<?xml version="1.0" encoding="UTF-8"?>\n<result><entry/></result>', headers: { 'Content-Type': 'text/xml; charset=UTF-8' } };
      await assert.rejects(provider.listTickets({ view: 'new' }), isKind('protocol', /200/));
    });

    it('still answers JSON when a path asks for .xml on /api/rest', async () => {
      const response = await fetch(`${sim.url}/api/rest/latest/desk/branches.xml`, { headers: { 'X-WSSE': 'none' } });
      assert.equal(response.status, 401);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    });
  });
});
