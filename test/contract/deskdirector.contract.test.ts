// DeskdirectorProvider against the DeskDirector simulator over real loopback HTTP, in each
// of the three ways in (API key, TECH personal access token, access token): the requests
// it sends (routes, query strings, bodies, Authorization schemes), what the simulator
// records, what comes back through the shared HttpClient, and what the capabilities say
// each credential can do. No PUT may reach the simulator anywhere in this file.
import * as assert from 'node:assert/strict';
import { silentLogger } from '../../src/helpdesk/log';
import type { Attachment, Message, Ticket } from '../../src/helpdesk/model';
import type { HelpdeskProvider } from '../../src/helpdesk/provider';
import { renderBody } from '../../src/helpdesk/render';
import { CHANGES_NEED_API_KEY, deskdirectorDescriptor, NO_NOTES_ROUTE, NOTES_NEED_TECH_TOKEN, TOKEN_EXPIRED_MESSAGE } from '../../src/providers/deskdirector';
import { clearFaults } from '../../src/sandbox/faults';
import { HOSTILE_TICKET_ID } from '../../src/sandbox/deskdirector/data';
import { startDeskdirectorSimulator, type DeskdirectorRequestLogEntry, type DeskdirectorSimulator } from '../../src/sandbox/deskdirector/server';
import { isClosed, notesOf, type TicketRecord } from '../../src/sandbox/deskdirector/state';
import { isKind, PNG, requestRecorder, uploadFile } from '../support/contract';
import { liveMarkup } from '../support/live-markup';

type Method = 'apiKey' | 'techToken' | 'accessToken';

const MINUTE = 60_000;
const AUTOMATE = '/api/v2/automate/connector';
const COPILOT = '/api/v2/copilot';

function line(entry: DeskdirectorRequestLogEntry): string {
  return `${entry.method} ${entry.path}${entry.query} ${entry.status}`;
}

function query(entry: DeskdirectorRequestLogEntry | undefined): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(entry?.query ?? ''));
}

const REPLY = { bodyHtml: '<p>On it.</p>', bodyMarkdown: 'On it, **today**.', internal: false, attachments: [] };

describe('DeskDirector contract (simulator over loopback HTTP)', function () {
  this.timeout(30_000);
  let sim: DeskdirectorSimulator;
  /** How far the simulator's clock runs ahead of ours (moved by the expiry test). */
  let skewMs = 0;
  const opened: HelpdeskProvider[] = [];

  function connect(method: Method, secret: string): HelpdeskProvider {
    const provider = deskdirectorDescriptor.create({
      config: { id: 'sim', label: 'Simulator', type: 'deskdirector', baseUrl: sim.url, authMethod: method },
      credentials: { secret },
      log: silentLogger,
      http: { timeoutMs: 10_000, retryBaseDelayMs: 1 },
    });
    opened.push(provider);
    return provider;
  }

  const withApiKey = (): HelpdeskProvider => connect('apiKey', sim.apiKey);
  const withTechToken = (): HelpdeskProvider => connect('techToken', sim.techToken);

  /** The simulator's log of requests made while `run` ran. */
  const recorded = requestRecorder(() => sim);

  /** A seed ticket (not the hostile one) that `pick` accepts. */
  function seedTicket(pick: (ticket: TicketRecord) => boolean): TicketRecord {
    const found = [...sim.state.tickets.values()].find((ticket) => ticket.id !== HOSTILE_TICKET_ID && pick(ticket));
    assert.ok(found, 'the seed data has such a ticket');
    return found;
  }

  before(async () => {
    sim = await startDeskdirectorSimulator({ port: 0, now: () => Date.now() + skewMs });
  });

  afterEach(() => {
    clearFaults(sim.faults);
    sim.notesRoute = true;
    skewMs = 0;
  });

  after(async () => {
    await Promise.all(opened.map((provider) => provider.dispose()));
    await sim?.close();
  });

  describe('connection test and discovery, per credential', () => {
    it('an API key: the automate connector test, then the instance OpenAPI document', async () => {
      const { result: me, requests } = await recorded(() => withApiKey().whoAmI());
      // The person the helpdesk assigns "my" tickets to: the key's own agent.
      assert.deepEqual(me, { id: String(sim.me.id), name: sim.me.name, isAgent: true });
      assert.deepEqual(requests.map(line), [`GET ${AUTOMATE}/connections/test 200`, `GET ${COPILOT}/tickets?status=open&assigned=me 200`, 'GET /swagger/v2/swagger.json 200']);
      assert.equal(requests[0]?.scheme, 'DdApi');
    });

    it('a TECH personal access token: the Copilot test, sent as "Basic <token>"', async () => {
      const { result: me, requests } = await recorded(() => withTechToken().whoAmI());
      assert.deepEqual(me, { id: String(sim.me.id), name: sim.me.name, isAgent: true });
      assert.deepEqual(requests.map(line), [`GET ${COPILOT}/connections/test 200`, `GET ${COPILOT}/tickets?status=open&assigned=me 200`, 'GET /swagger/v2/swagger.json 200']);
      assert.equal(requests[0]?.scheme, 'Basic');
    });

    it('an access token: the Copilot test, sent as DdAccessToken', async () => {
      const { result: me, requests } = await recorded(() => connect('accessToken', sim.issueAccessToken()).whoAmI());
      assert.equal(me.name, sim.me.name);
      assert.deepEqual(requests.map(line), [`GET ${COPILOT}/connections/test 200`, `GET ${COPILOT}/tickets?status=open&assigned=me 200`, 'GET /swagger/v2/swagger.json 200']);
      assert.equal(requests[0]?.scheme, 'DdAccessToken');
    });

    for (const [method, label] of [
      ['apiKey', 'API key'],
      ['techToken', 'TECH token'],
      ['accessToken', 'access token'],
    ] as const) {
      it(`a wrong ${label}: auth after exactly one request, never retried`, async () => {
        const provider = connect(method, 'not-a-real-secret');
        const { requests } = await recorded(() => assert.rejects(provider.whoAmI(), isKind('auth')));
        assert.equal(requests.length, 1, requests.map(line).join(', '));
        assert.equal(requests[0]?.status, 401);
      });
    }

    it('with an API key, the TECH note routes are not offered: the reply box says why, and nothing is posted', async () => {
      const provider = withApiKey();
      await provider.whoAmI();
      const capabilities = provider.capabilities;
      assert.equal(capabilities.replyUnavailable, NOTES_NEED_TECH_TOKEN);
      assert.equal(capabilities.internalNotes, false);
      assert.equal(capabilities.attachOnReply, false);
      assert.equal(capabilities.downloadAttachments, false, 'the download route is a TECH one too');
      assert.equal(capabilities.changeStatus, true);
      assert.equal(capabilities.priority, true);
      const { requests } = await recorded(() => assert.rejects(provider.reply('10001', REPLY), isKind('unsupported', /TECH personal access token/)));
      assert.deepEqual(requests, []);
    });

    it('with a TECH token, notes, files and downloads are on; create, status and priority are off', async () => {
      const provider = withTechToken();
      await provider.whoAmI();
      const capabilities = provider.capabilities;
      assert.equal(capabilities.replyUnavailable, undefined);
      assert.equal(capabilities.internalNotes, true);
      assert.equal(capabilities.attachOnReply, true);
      assert.equal(capabilities.downloadAttachments, true);
      assert.equal(capabilities.changeStatus, false);
      assert.equal(capabilities.priority, false);
      const { requests } = await recorded(async () => {
        await assert.rejects(provider.createTicketKinds!(), isKind('unsupported', /needs a DeskDirector API key/));
        await assert.rejects(provider.createTicketFields!('21'), isKind('unsupported'));
        await assert.rejects(provider.createTicket({ subject: 'S', bodyHtml: '', bodyMarkdown: 'B', kind: '21', attachments: [] }), isKind('unsupported', /needs a DeskDirector API key/));
        await assert.rejects(provider.updateTicket('10001', { status: '32' }), (error: unknown) => isKind('unsupported')(error) && (error as Error).message === CHANGES_NEED_API_KEY);
        // A status change with a note is refused before the note goes, so nothing is half done.
        await assert.rejects(provider.reply('10001', { ...REPLY, newStatus: '32' }), isKind('unsupported', /needs a DeskDirector API key/));
      });
      assert.deepEqual(requests, [], 'nothing is sent that the automate connector would refuse');
      const { result: data, requests: lists } = await recorded(() => provider.referenceData());
      assert.deepEqual(lists, [], 'the reference lists are the automate connector\'s');
      assert.deepEqual(data.priorities, []);
    });

    it('without a notes route in the document, says so in either mode, and sees the route again on a new connection test', async () => {
      sim.notesRoute = false;
      const tech = withTechToken();
      const key = withApiKey();
      await Promise.all([tech.whoAmI(), key.whoAmI()]);
      assert.equal(tech.capabilities.replyUnavailable, NO_NOTES_ROUTE);
      assert.equal(key.capabilities.replyUnavailable, NO_NOTES_ROUTE);
      assert.equal(tech.capabilities.downloadAttachments, false);
      const { requests } = await recorded(() => assert.rejects(tech.reply('10001', REPLY), isKind('unsupported', /offers no way to add notes/)));
      assert.deepEqual(requests, []);

      sim.notesRoute = true;
      assert.equal(tech.capabilities.replyUnavailable, NO_NOTES_ROUTE, 'the document is not read again until the next connection test');
      const { requests: again } = await recorded(() => tech.whoAmI());
      assert.ok(again.some((entry) => entry.path === '/swagger/v2/swagger.json'));
      assert.equal(tech.capabilities.replyUnavailable, undefined);
      await key.whoAmI();
      assert.equal(key.capabilities.replyUnavailable, NOTES_NEED_TECH_TOKEN);
    });
  });

  describe('ticket lists (client-side paging, one request per query)', () => {
    let provider: HelpdeskProvider;
    before(async () => {
      provider = withApiKey();
      await provider.whoAmI();
    });

    /** Every page of a list, and the requests all of them cost. */
    async function allPages(run: (cursor?: string) => Promise<{ items: Ticket[]; next?: string; total?: number }>) {
      const { result, requests } = await recorded(async () => {
        const items: Ticket[] = [];
        const totals: Array<number | undefined> = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await run(cursor);
          items.push(...page.items);
          totals.push(page.total);
          cursor = page.next;
          pages++;
        } while (cursor !== undefined && pages < 100);
        return { items, totals, pages };
      });
      return { ...result, requests };
    }

    it('"My Tickets" asks status=open&assigned=me once and pages the answer from memory', async () => {
      // The first My Tickets after a connection test is the answer whoAmI read (to learn who we are): no request at all.
      const { requests: handedOver } = await allPages((cursor) => provider.listTickets({ view: 'mine' }, cursor, 7));
      assert.deepEqual(handedOver, []);
      const { items, pages, totals, requests } = await allPages((cursor) => provider.listTickets({ view: 'mine' }, cursor, 7));
      assert.deepEqual(requests.map((entry) => `${entry.method} ${entry.path} ${entry.status}`), [`GET ${COPILOT}/tickets 200`]);
      assert.deepEqual(query(requests[0]), { status: 'open', assigned: 'me' });
      assert.ok(pages > 1, 'more than one page');
      const mine = [...sim.state.tickets.values()].filter((ticket) => ticket.assignedAgentIds.includes(sim.me.id) && !isClosed(sim.state, ticket));
      assert.equal(new Set(items.map((ticket) => ticket.id)).size, items.length, 'no duplicates across pages');
      assert.equal(items.length, Math.min(mine.length, sim.state.limits.copilotResultCap));
      assert.ok(totals.every((total) => total === mine.length));
      for (const ticket of items) {
        const record = sim.state.tickets.get(Number(ticket.id));
        assert.ok(record?.assignedAgentIds.includes(sim.me.id));
        assert.notEqual(ticket.status.kind, 'closed');
        assert.notEqual(ticket.status.kind, 'resolved');
        assert.match(ticket.ref, /^#\d+$/);
        assert.equal(ticket.webUrl, `${sim.url}/portal/deeplink?name=ticket&ticket_id=${ticket.id}`);
      }
    });

    it('"Unassigned" asks assigned=unassigned; none of its tickets has an agent', async () => {
      const { items, requests } = await allPages((cursor) => provider.listTickets({ view: 'unassigned' }, cursor, 20));
      assert.equal(requests.length, 1);
      assert.deepEqual(query(requests[0]), { status: 'open', assigned: 'unassigned' });
      assert.ok(items.length > 0);
      assert.ok(items.every((ticket) => ticket.agent === undefined));
    });

    it('"All Open" is capped by the server: Page.total says how many there are, beyond the items it returned', async () => {
      const open = [...sim.state.tickets.values()].filter((ticket) => !isClosed(sim.state, ticket)).length;
      const cap = sim.state.limits.copilotResultCap;
      assert.ok(open > cap, `the seed has more open tickets (${open}) than the cap (${cap})`);
      const { items, totals, pages, requests } = await allPages((cursor) => provider.listTickets({ view: 'open' }, cursor, 20));
      assert.equal(requests.length, 1, 'one request for the whole list');
      assert.deepEqual(query(requests[0]), { status: 'open', assigned: 'any' });
      assert.equal(pages, Math.ceil(cap / 20));
      assert.equal(items.length, cap);
      assert.ok(totals.every((total) => total === open), `total ${String(totals[0])}, expected ${open}`);
      assert.ok(totals[0]! > items.length);
    });

    it('searches with search= over every status, and a fresh first page asks again', async () => {
      // The rarest long word of some summary, so the capped answer surely holds the ticket.
      const words = (text: string): string[] => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((item) => item.length >= 6);
      const uses = new Map<string, number>();
      for (const ticket of sim.state.tickets.values()) for (const item of new Set(words(`${ticket.summary} ${ticket.description}`))) uses.set(item, (uses.get(item) ?? 0) + 1);
      const target = seedTicket((ticket) => words(ticket.summary).some((item) => (uses.get(item) ?? 0) <= 3));
      const word = words(target.summary).find((item) => (uses.get(item) ?? 0) <= 3)!;
      const { result: page, requests } = await recorded(() => provider.listTickets({ search: word }, undefined, 50));
      assert.equal(requests.length, 1);
      assert.deepEqual(query(requests[0]), { search: word, status: 'any', assigned: 'any' });
      assert.ok(page.items.some((ticket) => ticket.id === String(target.id)), `#${target.id} found by "${word}"`);
      const { requests: again } = await recorded(() => provider.listTickets({ search: word }, undefined, 50));
      assert.equal(again.length, 1);
    });

    it('reports a capped search as such: more in total than reachable', async () => {
      const cap = sim.state.limits.copilotResultCap;
      sim.state.limits.copilotResultCap = 5;
      try {
        const { items, totals, requests } = await allPages((cursor) => provider.listTickets({ view: 'unassigned' }, cursor, 2));
        assert.equal(requests.length, 1);
        assert.equal(items.length, 5);
        assert.ok(totals[0]! > 5);
      } finally {
        sim.state.limits.copilotResultCap = cap;
      }
    });

    it('filters a status id locally and says no total of a capped answer', async () => {
      const status = sim.state.statuses.find((item) => item.name === 'In Progress')!;
      const { result: page, requests } = await recorded(() => provider.listTickets({ status: String(status.id) }, undefined, 100));
      assert.equal(requests.length, 1);
      assert.deepEqual(query(requests[0]), { status: 'any', assigned: 'any' });
      assert.ok(page.items.every((ticket) => ticket.status.id === String(status.id)));
      assert.equal(page.total, undefined);
    });
  });

  describe('a ticket and its conversation', () => {
    let provider: HelpdeskProvider;
    before(async () => {
      provider = withApiKey();
      await provider.whoAmI();
    });

    it('getTicket names status, priority, board, requester and agent, with ISO dates', async () => {
      const record = seedTicket((ticket) => ticket.assignedAgentIds.length > 0 && ticket.priorityId !== null && ticket.contactId !== null);
      const { result: ticket, requests } = await recorded(() => provider.getTicket(String(record.id)));
      // The ticket, and its board's statuses: the only ones it can be moved to.
      assert.deepEqual(requests.map(line), [`GET ${COPILOT}/tickets/${record.id} 200`, `GET ${AUTOMATE}/service/statuses?boardId=${record.boardId} 200`]);
      assert.deepEqual(
        ticket.statusChoices?.map((status) => status.id),
        sim.state.statuses.filter((status) => status.boardId === record.boardId).map((status) => String(status.id)),
      );
      const status = sim.state.statuses.find((item) => item.id === record.statusId)!;
      assert.equal(ticket.subject, record.summary);
      assert.deepEqual(ticket.status, { id: String(status.id), name: status.name, kind: ticket.status.kind });
      assert.equal(ticket.priority?.name, sim.state.priorities.find((item) => item.id === record.priorityId)?.name);
      assert.equal(ticket.department?.name, sim.state.boards.find((item) => item.id === record.boardId)?.name);
      assert.equal(ticket.requester?.name, sim.state.contacts.get(record.contactId!)?.name);
      assert.equal(ticket.agent?.id, String(record.assignedAgentIds[0]));
      assert.equal(ticket.createdAt, new Date(record.createdOn).toISOString());
      assert.match(ticket.updatedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      assert.ok(ticket.updatedAt >= ticket.createdAt);
    });

    it('listMessages: the description first, then the notes oldest first, with internal flags, time entries and attachments by name', async () => {
      const record = seedTicket((ticket) => {
        const notes = notesOf(sim.state, ticket.id);
        return notes.some((note) => note.isInternal) && notes.some((note) => note.timeEntry !== null) && notes.length >= 3 && ticket.description.trim() !== '';
      });
      const notes = notesOf(sim.state, record.id);
      const [ticket, messages] = await Promise.all([provider.getTicket(String(record.id)), provider.listMessages(String(record.id))]);
      assert.equal(ticket.id, String(record.id));
      const items = messages.items;
      assert.equal(messages.next, undefined, 'the whole conversation in one page');
      assert.equal(items.length, notes.length + 1);
      assert.equal(items[0]?.id, `description-${record.id}`);
      assert.equal(items[0]?.body, record.description);
      assert.equal(items[0]?.internal, false);
      const times = items.map((message) => message.createdAt);
      assert.deepEqual(times, [...times].sort(), 'oldest first');
      for (const note of notes) {
        const message = items.find((item) => item.id === String(note.id));
        assert.ok(message, `note ${note.id} is shown`);
        assert.equal(message.internal, note.isInternal);
        if (note.timeEntry) assert.match(message.body, /^\*Time entry: [\d.]+ h worked/);
        assert.equal(message.author.isAgent, note.author.type === 'agent');
        assert.deepEqual(message.attachments.map((file) => file.name), note.attachmentIds.map((id) => sim.state.files.get(id)?.name));
      }
    });

    it('getTicket and listMessages asked together cost one request', async () => {
      const record = seedTicket((ticket) => notesOf(sim.state, ticket.id).length > 0);
      const { requests } = await recorded(() => Promise.all([provider.getTicket(String(record.id)), provider.listMessages(String(record.id))]));
      assert.deepEqual(requests.map(line), [`GET ${COPILOT}/tickets/${record.id} 200`]);
    });

    it('lists attachments by name and offers no download with an API key (the file route is TECH), sending nothing', async () => {
      const record = seedTicket((ticket) => notesOf(sim.state, ticket.id).some((note) => note.attachmentIds.length > 0));
      const file = (await provider.listMessages(String(record.id))).items.flatMap((message) => message.attachments)[0]!;
      assert.ok(file.name.length > 0);
      const { requests } = await recorded(() => assert.rejects(provider.download(file), isKind('unsupported')));
      assert.deepEqual(requests, []);
    });

    it('downloads an attachment where the TECH file route is offered', async () => {
      const tech = withTechToken();
      await tech.whoAmI();
      const record = seedTicket((ticket) => notesOf(sim.state, ticket.id).some((note) => note.attachmentIds.length > 0));
      const note = notesOf(sim.state, record.id).find((item) => item.attachmentIds.length > 0)!;
      const stored = sim.state.files.get(note.attachmentIds[0]!)!;
      const file = (await tech.listMessages(String(record.id))).items.find((message) => message.id === String(note.id))!.attachments[0]!;
      const { result: download, requests } = await recorded(() => tech.download(file));
      assert.deepEqual(requests.map(line), [`GET /api/v2/tech/files/${stored.id} 200`]);
      assert.equal(download.name, stored.name);
      assert.deepEqual(Buffer.from(download.data), stored.data);
      assert.equal(download.contentType, stored.contentType);
    });

    it('reports a missing ticket as notFound, in words', async () => {
      await assert.rejects(provider.getTicket('999999'), isKind('notFound', /Ticket #999999 does not exist/));
    });

    it('maps the hostile ticket without throwing, and rendering runs none of it', async () => {
      const id = String(HOSTILE_TICKET_ID);
      const ticket = await provider.getTicket(id);
      assert.match(ticket.subject, /<script>/, 'subjects pass through raw; rendering sanitizes');
      assert.ok(ticket.labels?.some((tag) => tag.includes('<svg')));
      const messages = await provider.listMessages(id);
      assert.equal(messages.items.length, notesOf(sim.state, HOSTILE_TICKET_ID).length + 1);
      assert.ok(messages.items.some((message) => message.internal));
      for (const message of messages.items) {
        const { html } = renderBody(message.body, message.format, { allowRemoteImages: false });
        assert.deepEqual(liveMarkup(html), [], message.id);
      }
      const stored = notesOf(sim.state, HOSTILE_TICKET_ID).flatMap((note) => note.attachmentIds);
      assert.equal(messages.items.flatMap((message: Message) => message.attachments).length, stored.length);
      const found = await provider.listTickets({ search: 'Refund' });
      assert.ok(found.items.some((item) => item.id === id));
      assert.equal(sim.beaconHits, 0);
    });
  });

  describe('notes and files with a TECH token (upload first, then the note with the ids)', () => {
    let provider: HelpdeskProvider;
    let ticketId: number;
    before(async () => {
      provider = withTechToken();
      await provider.whoAmI();
      ticketId = seedTicket((ticket) => !isClosed(sim.state, ticket)).id;
    });

    it('posts a public reply as {note, isInternal} in camelCase, and it arrives as the agent', async () => {
      const before = notesOf(sim.state, ticketId).length;
      const { result: sent, requests } = await recorded(() => provider.reply(String(ticketId), REPLY));
      assert.deepEqual(requests.map(line), [`POST /api/v2/tech/tickets/${ticketId}/comments 200`]);
      assert.equal(requests[0]?.scheme, 'Basic');
      assert.deepEqual(requests[0]?.body, { note: 'On it, **today**.', isInternal: false });
      const notes = notesOf(sim.state, ticketId);
      assert.equal(notes.length, before + 1);
      const note = notes.at(-1)!;
      assert.equal(note.note, 'On it, **today**.');
      assert.equal(note.isInternal, false);
      assert.deepEqual(note.author, { type: 'agent', id: sim.me.id });
      assert.equal(sent.id, String(note.id));
      assert.equal(sent.internal, false);
    });

    it('adds an internal note with a file: the file is uploaded, then the note carries its id', async () => {
      const png = uploadFile('screenshot.png', 'image/png', PNG);
      const { result: sent, requests } = await recorded(() => provider.reply(String(ticketId), { ...REPLY, bodyMarkdown: 'Internal: see screenshot', internal: true, attachments: [png] }));
      assert.deepEqual(requests.map(line), ['POST /api/v2/tech/files 200', `POST /api/v2/tech/tickets/${ticketId}/comments 200`]);
      assert.deepEqual(requests[0]?.body, { file: { name: 'screenshot.png', size: PNG.length, contentType: 'image/png' } });
      const note = notesOf(sim.state, ticketId).at(-1)!;
      assert.equal(note.isInternal, true);
      assert.equal(note.attachmentIds.length, 1);
      assert.deepEqual(requests[1]?.body, { note: 'Internal: see screenshot', isInternal: true, attachmentIds: note.attachmentIds });
      const stored = sim.state.files.get(note.attachmentIds[0]!)!;
      assert.equal(stored.name, 'screenshot.png');
      assert.deepEqual(stored.data, PNG);
      assert.equal(stored.noteId, note.id);
      assert.equal(sent.internal, true);

      // Read back: listed by name on the new note, and downloadable.
      const message = (await provider.listMessages(String(ticketId))).items.find((item) => item.id === String(note.id))!;
      assert.equal(message.internal, true);
      const file: Attachment = message.attachments[0]!;
      assert.equal(file.name, 'screenshot.png');
      assert.equal(file.isImage, true);
      const download = await provider.download(file);
      assert.deepEqual(Buffer.from(download.data), PNG);
    });

    it('uploads several files one at a time before one note', async () => {
      const files = [uploadFile('log.txt', 'text/plain', 'line 1\nline 2\n'), uploadFile('config.json', 'application/json', '{"a":1}')];
      const { requests } = await recorded(() => provider.reply(String(ticketId), { ...REPLY, attachments: files }));
      assert.deepEqual(
        requests.map((entry) => `${entry.method} ${entry.path}`),
        ['POST /api/v2/tech/files', 'POST /api/v2/tech/files', `POST /api/v2/tech/tickets/${ticketId}/comments`],
      );
      const note = notesOf(sim.state, ticketId).at(-1)!;
      assert.deepEqual(note.attachmentIds.map((id) => sim.state.files.get(id)?.name), ['log.txt', 'config.json']);
    });

    it('sends no note when an upload fails, and says so', async () => {
      const before = notesOf(sim.state, ticketId).length;
      const limit = sim.state.limits.maxUploadBytes;
      sim.state.limits.maxUploadBytes = 10;
      try {
        const { requests } = await recorded(() =>
          assert.rejects(provider.reply(String(ticketId), { ...REPLY, attachments: [uploadFile('big.bin', 'application/octet-stream', new Uint8Array(64))] }), isKind('tooLarge', /The note was not sent: "big\.bin"/)),
        );
        assert.deepEqual(requests.map((entry) => `${entry.method} ${entry.path} ${entry.status}`), ['POST /api/v2/tech/files 413']);
      } finally {
        sim.state.limits.maxUploadBytes = limit;
      }
      assert.equal(notesOf(sim.state, ticketId).length, before);
    });

    it('an access token posts notes on the same routes', async () => {
      const viaToken = connect('accessToken', sim.issueAccessToken());
      await viaToken.whoAmI();
      assert.equal(viaToken.capabilities.replyUnavailable, undefined);
      const { requests } = await recorded(() => viaToken.reply(String(ticketId), { ...REPLY, internal: true }));
      assert.deepEqual(requests.map(line), [`POST /api/v2/tech/tickets/${ticketId}/comments 200`]);
      assert.equal(requests[0]?.scheme, 'DdAccessToken');
    });

    it('does not repeat a note when its POST fails', async () => {
      sim.faults.only = (method, path) => method === 'POST' && path.endsWith('/comments');
      sim.faults.failNext = { status: 500 };
      const { requests } = await recorded(() => assert.rejects(provider.reply(String(ticketId), REPLY), isKind('server')));
      assert.equal(requests.length, 1);
    });
  });

  describe('creating tickets with an API key', () => {
    let provider: HelpdeskProvider;
    before(async () => {
      provider = withApiKey();
      await provider.whoAmI();
    });

    it('offers the request types, "Something Else" included', async () => {
      const { result: kinds, requests } = await recorded(() => provider.createTicketKinds!());
      assert.deepEqual(requests.map(line), [`GET ${AUTOMATE}/service/request-types?withSomethingElse=true 200`]);
      assert.deepEqual(
        kinds.map((kind) => kind.id),
        [...sim.state.requestTypes.map((type) => String(type.id)), '0'],
      );
      assert.equal(kinds.at(-1)?.name, 'Something Else');
    });

    it('reads a request type\'s form: required fields, enums, dynamic choices, and unknown types as text', async () => {
      const { result: fields, requests } = await recorded(() => provider.createTicketFields!('24'));
      assert.deepEqual(requests.map(line), [`GET ${AUTOMATE}/schema/ticket/$create-request?requestTypeId=24 200`, `GET ${AUTOMATE}/service/priorities 200`]);
      const byName = new Map(fields.map((field) => [field.name, field]));
      assert.ok(!byName.has('summary') && !byName.has('description'), 'subject and body are the UI\'s own');
      assert.deepEqual(byName.get('contactId'), { ...byName.get('contactId'), type: 'number', required: true, label: 'Contact' });
      assert.deepEqual(byName.get('department')?.options?.map((option) => option.id), ['Finance', 'Sales', 'Operations', 'IT', 'HR']);
      assert.equal(byName.get('department')?.type, 'choice');
      assert.equal(byName.get('department')?.required, true);
      assert.equal(byName.get('needsLaptop')?.type, 'boolean');
      assert.equal(byName.get('startDate')?.type, 'date');
      assert.equal(byName.get('monitorCount')?.type, 'number');
      assert.equal(byName.get('monitorCount')?.required, false);
      assert.equal(byName.get('distributionLists')?.type, 'text', 'a list of e-mail addresses has no control of its own');
      assert.equal(byName.get('priorityId')?.type, 'choice');
      assert.deepEqual(byName.get('priorityId')?.options?.map((option) => option.id), sim.state.priorities.map((priority) => String(priority.id)));
      const reset = await provider.createTicketFields!('21');
      assert.equal(reset.find((field) => field.name === 'callbackTime')?.type, 'text', 'a time of day is an unknown type here');
    });

    it('names a required field the draft leaves empty, before sending anything', async () => {
      const { requests } = await recorded(() =>
        assert.rejects(
          provider.createTicket({ subject: 'New starter', bodyHtml: '', bodyMarkdown: 'Starts Monday.', kind: '24', attachments: [], fields: { contactId: 4001, startDate: '2025-09-01', department: 'Sales', needsLaptop: true } }),
          (error: unknown) => isKind('validation', /Employee name/)(error) && (error as { fields?: Record<string, string[]> }).fields?.employeeName !== undefined,
        ),
      );
      assert.ok(requests.every((entry) => entry.method === 'GET'), 'nothing was posted');
    });

    it('creates a ticket of a request type with extra required fields: summary and description from the draft', async () => {
      const contact = [...sim.state.contacts.values()][0]!;
      const draft = {
        subject: 'New starter: Kim Lee',
        bodyHtml: '<p>Starts <strong>Monday</strong>.</p>',
        bodyMarkdown: 'Starts **Monday**.',
        kind: '24',
        priority: '6',
        attachments: [],
        fields: { contactId: String(contact.id), employeeName: 'Kim Lee', startDate: '2025-09-01T00:00:00Z', department: 'Sales', needsLaptop: 'true', monitorCount: '2' },
      };
      const { result: ticket, requests } = await recorded(() => provider.createTicket(draft));
      const post = requests.find((entry) => entry.method === 'POST')!;
      assert.equal(`${post.path}${post.query}`, `${AUTOMATE}/tickets?requestTypeId=24`);
      assert.equal(post.status, 200);
      assert.deepEqual(post.body, {
        summary: 'New starter: Kim Lee',
        description: 'Starts **Monday**.',
        contactId: contact.id,
        priorityId: 6,
        employeeName: 'Kim Lee',
        startDate: '2025-09-01T00:00:00Z',
        department: 'Sales',
        needsLaptop: true,
        monitorCount: 2,
      });
      const record = sim.state.tickets.get(Number(ticket.id))!;
      assert.equal(record.summary, 'New starter: Kim Lee');
      assert.equal(record.requestTypeId, 24);
      assert.equal(record.priorityId, 6);
      assert.deepEqual(record.customFields, { employeeName: 'Kim Lee', startDate: '2025-09-01T00:00:00Z', department: 'Sales', needsLaptop: true, monitorCount: 2 });
      assert.equal(ticket.subject, 'New starter: Kim Lee');
      assert.equal(ticket.requester?.id, String(contact.id));
      assert.ok(requests.some((entry) => entry.path === `${COPILOT}/tickets/${ticket.id}`), 'read back through the Copilot route');
    });

    it('reports the server refusing a value as validation, naming the field', async () => {
      const { requests } = await recorded(() =>
        assert.rejects(
          provider.createTicket({ subject: 'Printer jam', bodyHtml: '', bodyMarkdown: 'Tray 2.', kind: '33', attachments: [], fields: { contactId: '999999' } }),
          (error: unknown) => isKind('validation')(error) && /Contact 999999 does not exist/.test((error as { fields?: Record<string, string[]> }).fields?.contactId?.join(' ') ?? ''),
        ),
      );
      assert.deepEqual(requests.filter((entry) => entry.method === 'POST').map(line), [`POST ${AUTOMATE}/tickets?requestTypeId=33 400`]);
    });
  });

  describe('updating tickets with an API key', () => {
    let provider: HelpdeskProvider;
    before(async () => {
      provider = withApiKey();
      await provider.whoAmI();
    });

    it('changes the status with a PATCH carrying only statusId', async () => {
      const record = seedTicket((ticket) => ticket.statusId === 32);
      const before = { ...record, assignedAgentIds: [...record.assignedAgentIds], tags: [...record.tags] };
      const { result: ticket, requests } = await recorded(() => provider.updateTicket(String(record.id), { status: '33' }));
      const patch = requests.find((entry) => entry.method === 'PATCH')!;
      assert.equal(patch.path, `${AUTOMATE}/tickets/${record.id}`);
      assert.equal(patch.status, 200);
      assert.deepEqual(patch.body, { statusId: 33 });
      assert.equal(ticket.status.id, '33');
      const after = sim.state.tickets.get(record.id)!;
      assert.equal(after.statusId, 33);
      for (const field of ['summary', 'description', 'priorityId', 'contactId', 'boardId', 'tags', 'assignedAgentIds'] as const) assert.deepEqual(after[field], before[field], field);
    });

    it('changes the priority with a PATCH carrying only priorityId, and both together', async () => {
      const record = seedTicket((ticket) => !isClosed(sim.state, ticket) && ticket.priorityId !== 4 && ticket.boardId === 3);
      const { requests } = await recorded(async () => {
        await provider.updateTicket(String(record.id), { priority: '4' });
        await provider.updateTicket(String(record.id), { status: '34', priority: '6' });
      });
      assert.deepEqual(requests.filter((entry) => entry.method === 'PATCH').map((entry) => entry.body), [{ priorityId: 4 }, { statusId: 34, priorityId: 6 }]);
      assert.equal(sim.state.tickets.get(record.id)?.priorityId, 6);
    });

    it('reports a status of another board as validation, naming the field', async () => {
      const record = seedTicket((ticket) => ticket.boardId === 3 && !isClosed(sim.state, ticket));
      await assert.rejects(
        provider.updateTicket(String(record.id), { status: '72' }),
        (error: unknown) => isKind('validation')(error) && /does not belong to the board/.test((error as { fields?: Record<string, string[]> }).fields?.statusId?.join(' ') ?? ''),
      );
    });

    it('loads reference data: statuses by board, priorities, boards, agents', async () => {
      const data = await provider.referenceData();
      assert.equal(data.departments.length, sim.state.boards.length);
      assert.deepEqual(data.priorities.map((priority) => priority.id), sim.state.priorities.map((priority) => String(priority.id)));
      assert.ok(data.statuses.some((status) => status.name === 'New (Help Desk)'), 'a name several boards share says which board');
      assert.equal(data.agents.length, sim.state.agents.size);
    });
  });

  describe('an expired access token', () => {
    it('says "Token expired" after one request once the server\'s clock has passed 60 minutes, and sends nothing more', async () => {
      const provider = connect('accessToken', sim.issueAccessToken());
      skewMs = 61 * MINUTE;
      const { requests } = await recorded(async () => {
        await assert.rejects(provider.whoAmI(), isKind('tokenExpired', new RegExp(`^${TOKEN_EXPIRED_MESSAGE}$`)));
        await assert.rejects(provider.listTickets({ view: 'mine' }), isKind('tokenExpired', new RegExp(`^${TOKEN_EXPIRED_MESSAGE}$`)));
        await assert.rejects(provider.getTicket('10001'), isKind('tokenExpired'));
      });
      assert.deepEqual(requests.map(line), [`GET ${COPILOT}/connections/test 401`]);
    });
  });

  describe('faults', () => {
    let provider: HelpdeskProvider;
    before(async () => {
      provider = withApiKey();
      await provider.whoAmI();
    });

    it('reports an HTML sign-in page (200) as protocol', async () => {
      sim.faults.htmlErrorPage = true;
      await assert.rejects(provider.listTickets({ view: 'open' }), isKind('protocol'));
    });

    it('reports an HTML gateway page (502) as server', async () => {
      sim.faults.htmlErrorPage = true;
      sim.faults.htmlErrorStatus = 502;
      await assert.rejects(provider.getTicket('10001'), isKind('server'));
    });

    it('reports a 500 on a write as server, sent once', async () => {
      sim.faults.only = (method) => method === 'PATCH';
      sim.faults.failNext = { status: 500 };
      const { requests } = await recorded(() => assert.rejects(provider.updateTicket('10001', { priority: '8' }), isKind('server', /500/)));
      assert.equal(requests.filter((entry) => entry.method === 'PATCH').length, 1);
    });

    it('retries a GET through a 500 and a 429 with Retry-After', async () => {
      sim.faults.only = (_method, path) => path === `${COPILOT}/tickets`;
      sim.faults.failNext = { status: 500 };
      const { result: page, requests } = await recorded(() => provider.listTickets({ view: 'unassigned' }));
      assert.ok(page.items.length > 0);
      assert.deepEqual(requests.map((entry) => entry.status), [500, 200]);
      sim.faults.failNext = { status: 429, headers: { 'Retry-After': '1' } };
      const { requests: limited } = await recorded(() => provider.listTickets({ view: 'unassigned' }));
      assert.deepEqual(limited.map((entry) => entry.status), [429, 200]);
    });

    it('reads the vendor error envelope into the message', async () => {
      sim.faults.failNext = { status: 403 };
      await assert.rejects(provider.getTicket('10001'), isKind('forbidden', /You do not have permission/));
    });
  });

  describe('over the whole file', () => {
    it('no PUT ever reached the simulator', () => {
      assert.ok(sim.requests.length > 50, 'the file did talk to the simulator');
      assert.equal(sim.state.putCount, 0);
      assert.deepEqual(sim.requests.filter((entry) => entry.method === 'PUT'), []);
    });
  });
});
