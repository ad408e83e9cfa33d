// The ticket panel's niceties on the host side: the conflict warning (what changed while a
// reply was written, held back once, never sent twice), the requester card's other open
// tickets, and Copy Link / Copy Reference.
import assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { silentLogger } from '../../src/helpdesk/log';
import type { Message, Page, Person, ReplyInput, Ticket, TicketPatch, TicketQuery } from '../../src/helpdesk/model';
import type { Capabilities, HelpdeskProvider, ReferenceData } from '../../src/helpdesk/provider';
import type { Draft, HostToWebview } from '../../src/shared/protocol/panel';
import { ConflictGuard, ticketChanges } from '../../src/ui/panel/conflict';
import { type PanelHost, type PanelSession, TicketPanelController } from '../../src/ui/panel/controller';
import { type DraftStore, MementoDraftStore } from '../../src/ui/panel/draftStore';
import { OPEN_TICKETS_LOOKED_AT, OTHER_TICKETS_REUSED_MS, samePerson } from '../../src/ui/panel/requester';
import { testCapabilities } from '../support/capabilities';

const maria: Person = { id: 'p7', name: 'Maria Schulz', email: 'maria@acme.example', isAgent: false, organization: 'ACME GmbH' };
const tom: Person = { id: 'a1', name: 'Tom Becker', isAgent: true };
const lena: Person = { id: 'a2', name: 'Lena Ito', isAgent: true };

const baseTicket: Ticket = {
  id: '42',
  ref: 'T-42',
  subject: 'VPN drops every hour',
  status: { id: 'open', name: 'Open', kind: 'open' },
  priority: { id: 'normal', name: 'Normal' },
  requester: maria,
  agent: tom,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-02T00:00:00Z',
  webUrl: 'https://help.example/t/42',
};

function message(id: string, author: Person = maria, extra: Partial<Message> = {}): Message {
  return { id, author, createdAt: '2025-01-02T10:00:00Z', body: `<p>${id}</p>`, format: 'html', internal: false, attachments: [], ...extra };
}

function other(id: string, requester: Person | undefined, kind: Ticket['status']['kind'] = 'open', updatedAt = '2025-01-03T00:00:00Z'): Ticket {
  return { ...baseTicket, id, ref: `T-${id}`, subject: `Ticket ${id}`, status: { id: kind, name: kind, kind }, updatedAt, ...(requester ? { requester } : { requester: undefined }) };
}

class FakeProvider implements HelpdeskProvider {
  readonly type = 'deskpro' as const;
  capabilities: Capabilities = testCapabilities({ views: [{ kind: 'mine', label: 'My Tickets' }, { kind: 'open', label: 'All Open' }], departmentLabel: 'Department' });
  ticket: Ticket = { ...baseTicket };
  messages: Message[] = [message('m1'), message('m2', tom)];
  openTickets: Ticket[] = [];
  openTicketsMore = false;
  listError: HelpdeskError | undefined;
  readError: HelpdeskError | undefined;
  readonly replies: ReplyInput[] = [];
  readonly calls: string[] = [];
  readonly queries: Array<{ query: TicketQuery; pageSize: number | undefined }> = [];

  async whoAmI() {
    return { id: 'me', name: 'Me' };
  }
  async listTickets(query: TicketQuery, _cursor?: string, pageSize?: number): Promise<Page<Ticket>> {
    this.calls.push('listTickets');
    this.queries.push({ query, pageSize });
    if (this.listError) throw this.listError;
    return { items: this.openTickets, ...(this.openTicketsMore && { next: '2' }) };
  }
  async getTicket() {
    this.calls.push('getTicket');
    if (this.readError) throw this.readError;
    return this.ticket;
  }
  async listMessages(): Promise<Page<Message>> {
    this.calls.push('listMessages');
    if (this.readError) throw this.readError;
    return { items: this.messages };
  }
  async reply(_ticketId: string, input: ReplyInput): Promise<Message> {
    this.calls.push('reply');
    this.replies.push(input);
    const sent = message(`sent${this.replies.length}`, tom);
    // The helpdesk now has it, as the next read will show.
    this.messages = [...this.messages, sent];
    return sent;
  }
  async createTicket(): Promise<Ticket> {
    throw new Error('not used');
  }
  async updateTicket(_id: string, patch: TicketPatch) {
    this.calls.push('updateTicket');
    if (patch.status) this.ticket = { ...this.ticket, status: { id: patch.status, name: patch.status, kind: 'pending' } };
    if (patch.priority) this.ticket = { ...this.ticket, priority: { id: patch.priority, name: patch.priority } };
    return this.ticket;
  }
  async referenceData(): Promise<ReferenceData> {
    return { statuses: [{ id: 'open', name: 'Open', kind: 'open' }, { id: 'pending', name: 'Pending', kind: 'pending' }], priorities: [{ id: 'high', name: 'High' }], departments: [], agents: [tom, lena] };
  }
  async download(): Promise<never> {
    throw new Error('not used');
  }
  async dispose() {}
}

function setup(clock: { now: number } = { now: 0 }) {
  const provider = new FakeProvider();
  const posted: HostToWebview[] = [];
  const store = new Map<string, unknown>();
  const drafts: DraftStore = new MementoDraftStore({
    get: <T>(key: string) => store.get(key) as T | undefined,
    update: async (key, value) => {
      if (value === undefined) store.delete(key);
      else store.set(key, value);
    },
  });
  const events: string[] = [];
  const warnings: string[] = [];
  const host: PanelHost = {
    post: (m) => posted.push(m),
    setTitle: () => {},
    reloadWithRemoteImages: () => {},
    pickFiles: async () => [],
    pickSaveTarget: async () => undefined,
    writeFile: async () => {},
    downloaded: () => {},
    openExternal: (url) => events.push(`open ${url}`),
    setCredentials: () => {},
    ticketChanged: () => events.push('ticketChanged'),
    openTicket: (id) => events.push(`openTicket ${id}`),
    copyTicket: async (what, ticket) => {
      events.push(`copy ${what} ${ticket.ref} ${ticket.webUrl ?? ''}`);
    },
  };
  const session: PanelSession = { label: 'Acme', acquire: async () => provider, run: (request) => request(provider), referenceData: () => provider.referenceData() };
  const controller = new TicketPanelController({
    instanceId: 'acme',
    ticketId: '42',
    session,
    host,
    drafts,
    render: { renderBody: (body) => ({ html: body, remoteImagesBlocked: 0, truncated: false }), markdownToHtml: (md) => `<p>${md}</p>` },
    maxAttachmentBytes: () => 1000,
    log: { ...silentLogger, warn: (text) => warnings.push(text) },
    now: () => clock.now,
  });
  const ofType = <K extends HostToWebview['type']>(type: K) => posted.filter((m): m is Extract<HostToWebview, { type: K }> => m.type === type);
  return { provider, posted, drafts, events, warnings, controller, ofType };
}

const draft = (markdown: string): Draft => ({ markdown, internal: false });

describe('ui: ticket panel — what changed while a reply was written', () => {
  const shown = { ticket: baseTicket, messageIds: new Set(['m1', 'm2']) };

  it('finds nothing when the helpdesk has what the panel showed (a newer updatedAt alone is no change)', () => {
    assert.equal(ticketChanges(shown, { ticket: { ...baseTicket, updatedAt: '2030-01-01T00:00:00Z' }, messages: [message('m1'), message('m2', tom)] }), undefined);
  });

  it('lists new messages with their author, and status, priority, agent, department and subject changes by name', () => {
    const changes = ticketChanges(
      shown,
      {
        ticket: { ...baseTicket, subject: 'VPN drops', status: { id: 'pending', name: 'Waiting for customer', kind: 'pending' }, priority: { id: 'high', name: 'High' }, agent: lena, department: { id: 'd2', name: 'Network' } },
        messages: [message('m1'), message('m2', tom), message('m3', maria), message('m4', lena, { internal: true }), message('m5', lena, { system: true })],
      },
      'Branch',
    );
    assert.deepEqual(changes?.messages, [
      { id: 'm3', author: 'Maria Schulz', createdAt: '2025-01-02T10:00:00Z', internal: false },
      { id: 'm4', author: 'Lena Ito', createdAt: '2025-01-02T10:00:00Z', internal: true },
    ]);
    assert.deepEqual(changes?.changes, [
      { field: 'status', label: 'Status', from: 'Open', to: 'Waiting for customer' },
      { field: 'priority', label: 'Priority', from: 'Normal', to: 'High' },
      { field: 'agent', label: 'Agent', from: 'Tom Becker', to: 'Lena Ito' },
      { field: 'department', label: 'Branch', from: 'None', to: 'Network' },
      { field: 'subject', label: 'Subject', from: 'VPN drops every hour', to: 'VPN drops' },
    ]);
  });

  it('names an unassigned ticket as such', () => {
    const { agent: _agent, ...unassigned } = baseTicket;
    const changes = ticketChanges(shown, { ticket: unassigned, messages: [message('m1'), message('m2', tom)] });
    assert.deepEqual(changes?.changes, [{ field: 'agent', label: 'Agent', from: 'Tom Becker', to: 'Unassigned' }]);
  });

  it('compares with what was shown when writing began, not with later background loads', () => {
    const guard = new ConflictGuard();
    guard.showed(baseTicket, ['m1']);
    guard.writing(true);
    guard.showed({ ...baseTicket, status: { id: 'pending', name: 'Pending', kind: 'pending' } }, ['m1', 'm2']);
    assert.deepEqual([...(guard.comparedWith()?.messageIds ?? [])], ['m1']);
    assert.equal(guard.comparedWith()?.ticket.status.id, 'open');
    // Refresh first: the reply is now begun on what the refresh shows.
    guard.refreshed();
    guard.writing(true);
    assert.deepEqual([...(guard.comparedWith()?.messageIds ?? [])], ['m1', 'm2']);
    // Emptied, then written again: begun anew.
    guard.writing(false);
    guard.showed(baseTicket, ['m1', 'm2', 'm3']);
    guard.writing(true);
    assert.equal(guard.comparedWith()?.messageIds.size, 3);
  });

  it('counts one’s own changes and messages as seen, and only the warning on screen as acknowledged', () => {
    const guard = new ConflictGuard();
    guard.showed(baseTicket, ['m1']);
    guard.writing(true);
    guard.ownUpdate({ priority: 'high' }, { ...baseTicket, priority: { id: 'high', name: 'High' }, agent: lena });
    const seen = guard.comparedWith()?.ticket;
    assert.equal(seen?.priority?.id, 'high', 'the user changed the priority here');
    assert.equal(seen?.agent?.id, 'a1', 'the agent change came from elsewhere: still news');
    guard.ownMessage('mine');
    assert.ok(guard.comparedWith()?.messageIds.has('mine'));
    assert.equal(guard.acknowledges(undefined), false);
    const first = guard.warn({ messages: [], changes: [] });
    const second = guard.warn({ messages: [], changes: [] });
    assert.equal(guard.acknowledges(first.id), false, 'an older warning does not count');
    assert.equal(guard.acknowledges(second.id), true);
    guard.writing(false);
    assert.equal(guard.acknowledges(second.id), false, 'a sent reply closes the warning');
  });
});

describe('ui: ticket panel controller — conflict warning', () => {
  it('sends at once when nothing changed: one extra read of ticket and conversation, one reply', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    t.provider.calls.length = 0;
    await t.controller.handle({ type: 'draftChanged', draft: draft('Hello') });
    await t.controller.handle({ type: 'send', draft: draft('Hello') });
    assert.deepEqual(t.provider.calls.slice(0, 3).sort(), ['getTicket', 'listMessages', 'reply']);
    assert.equal(t.provider.calls.filter((c) => c === 'reply').length, 1);
    assert.equal(t.ofType('conflict').length, 0);
    assert.equal(t.ofType('sent').length, 1);
  });

  it('holds the reply back when the ticket changed while writing, shows what changed, keeps the draft; Send anyway sends once', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    await t.controller.handle({ type: 'draftChanged', draft: draft('We are on it') });
    // Meanwhile, on the helpdesk: the customer writes again and a colleague takes the ticket.
    t.provider.messages = [...t.provider.messages, message('m3', maria, { createdAt: '2025-01-02T11:00:00Z' })];
    t.provider.ticket = { ...t.provider.ticket, agent: lena, status: { id: 'pending', name: 'Pending', kind: 'pending' } };

    await t.controller.handle({ type: 'send', draft: draft('We are on it') });
    assert.equal(t.provider.replies.length, 0, 'nothing was sent');
    const conflict = t.ofType('conflict')[0]?.conflict;
    assert.ok(conflict);
    assert.deepEqual(conflict.messages.map((m) => `${m.author} ${m.createdAt}`), ['Maria Schulz 2025-01-02T11:00:00Z']);
    assert.deepEqual(conflict.changes.map((c) => `${c.label}: ${c.from} → ${c.to}`), ['Status: Open → Pending', 'Agent: Tom Becker → Lena Ito']);
    assert.deepEqual(t.drafts.get('acme', '42'), draft('We are on it'), 'the draft is kept');
    assert.equal(t.posted.at(-1)?.type, 'conflict');
    assert.deepEqual(t.ofType('busy').at(-1), { type: 'busy', busy: false });

    // A send that names no warning (or an old one) is checked again.
    await t.controller.handle({ type: 'send', draft: draft('We are on it'), acknowledged: conflict.id + 5 });
    assert.equal(t.provider.replies.length, 0);
    const again = t.ofType('conflict').at(-1)?.conflict;
    assert.ok(again && again.id !== conflict.id);

    t.provider.calls.length = 0;
    await t.controller.handle({ type: 'send', draft: draft('We are on it'), acknowledged: again.id });
    assert.equal(t.provider.replies.length, 1);
    assert.equal(t.provider.calls.filter((c) => c === 'reply').length, 1);
    assert.ok(!t.provider.calls.slice(0, t.provider.calls.indexOf('reply')).includes('listMessages'), 'Send anyway does not read again first');
    assert.equal(t.drafts.get('acme', '42'), undefined, 'sent: the draft is cleared');

    // The next reply is compared with what the panel now shows, the own reply included.
    await t.controller.handle({ type: 'draftChanged', draft: draft('One more thing') });
    await t.controller.handle({ type: 'send', draft: draft('One more thing') });
    assert.equal(t.provider.replies.length, 2);
  });

  it('Refresh first reloads, keeps the draft, and the next send compares with what the refresh showed', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    await t.controller.handle({ type: 'draftChanged', draft: draft('Draft text') });
    t.provider.messages = [...t.provider.messages, message('m3')];
    await t.controller.handle({ type: 'send', draft: draft('Draft text') });
    assert.equal(t.ofType('conflict').length, 1);

    t.posted.length = 0;
    await t.controller.handle({ type: 'refresh' });
    assert.ok(t.ofType('messages').some((chunk) => chunk.messages.some((m) => m.id === 'm3')), 'the new message is shown');
    assert.deepEqual(t.ofType('draft').at(-1)?.draft, draft('Draft text'), 'the draft comes back with the refresh');
    await t.controller.handle({ type: 'send', draft: draft('Draft text') });
    assert.equal(t.ofType('conflict').length, 0);
    assert.equal(t.provider.replies.length, 1);
  });

  it('a background reload while writing does not hide what arrived since writing began', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    await t.controller.handle({ type: 'draftChanged', draft: draft('Draft') });
    t.provider.messages = [...t.provider.messages, message('m3')];
    await t.controller.load();
    await t.controller.handle({ type: 'send', draft: draft('Draft') });
    assert.deepEqual(t.ofType('conflict')[0]?.conflict.messages.map((m) => m.id), ['m3']);
    assert.equal(t.provider.replies.length, 0);
  });

  it('one’s own status change from the header is no conflict', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    await t.controller.handle({ type: 'draftChanged', draft: draft('Draft') });
    await t.controller.handle({ type: 'update', field: 'status', value: 'pending' });
    await t.controller.handle({ type: 'send', draft: draft('Draft') });
    assert.equal(t.ofType('conflict').length, 0);
    assert.equal(t.provider.replies.length, 1);
  });

  it('a draft kept from before the panel loaded is compared with what the load showed', async () => {
    const t = setup();
    await t.drafts.set('acme', '42', draft('from yesterday'));
    await t.controller.handle({ type: 'ready' });
    t.provider.ticket = { ...t.provider.ticket, priority: { id: 'high', name: 'High' } };
    await t.controller.handle({ type: 'send', draft: draft('from yesterday') });
    assert.deepEqual(t.ofType('conflict')[0]?.conflict.changes.map((c) => c.field), ['priority']);
  });

  it('a check that cannot be made does not stop the reply, and is logged', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    await t.controller.handle({ type: 'draftChanged', draft: draft('Hello') });
    t.provider.readError = new HelpdeskError('timeout', 'slow');
    // The reply's own follow-up read fails too; the reply itself goes once.
    await t.controller.handle({ type: 'send', draft: draft('Hello') });
    assert.equal(t.provider.replies.length, 1);
    assert.ok(t.warnings.some((w) => /could not check the ticket for changes/.test(w)));
  });

  it('two clicks on Send while the check runs send at most once', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    await Promise.all([t.controller.handle({ type: 'send', draft: draft('Hi') }), t.controller.handle({ type: 'send', draft: draft('Hi') })]);
    assert.equal(t.provider.replies.length, 1);
  });
});

describe('ui: ticket panel controller — requester card', () => {
  it('shows the requester and their other open tickets from one page of the open list, newest first; opens only those', async () => {
    const t = setup();
    t.provider.openTickets = [
      other('42', maria),
      other('7', maria, 'open', '2025-01-01T00:00:00Z'),
      other('8', { ...maria, id: '', name: 'Maria S.' }),
      other('9', { id: 'p9', name: 'Someone else', email: 'maria@acme.example' }),
      other('10', maria, 'closed'),
      other('11', undefined),
      other('12', maria, 'pending', '2025-01-05T00:00:00Z'),
    ];
    t.provider.openTicketsMore = true;
    await t.controller.handle({ type: 'ready' });
    const cards = t.ofType('requester');
    assert.equal(cards[0]?.tickets.state, 'loading');
    const card = cards.at(-1);
    assert.deepEqual(card?.requester, { name: 'Maria Schulz', email: 'maria@acme.example', organization: 'ACME GmbH' });
    assert.equal(card?.tickets.state, 'done');
    if (card?.tickets.state !== 'done') return;
    // 8 has no id to compare: matched by email; 9 has another id: someone else with the address.
    assert.deepEqual(card.tickets.tickets.map((ticket) => ticket.id), ['12', '8', '7']);
    assert.equal(card.tickets.partial, true);
    assert.deepEqual(t.provider.queries, [{ query: { view: 'open' }, pageSize: OPEN_TICKETS_LOOKED_AT }]);

    await t.controller.handle({ type: 'openTicket', ticketId: '12' });
    await t.controller.handle({ type: 'openTicket', ticketId: '10' });
    await t.controller.handle({ type: 'openTicket', ticketId: '99' });
    assert.deepEqual(t.events.filter((e) => e.startsWith('openTicket')), ['openTicket 12']);
  });

  it('says so where the helpdesk has no open list, without asking it', async () => {
    const t = setup();
    t.provider.capabilities = testCapabilities({ views: [{ kind: 'mine', label: 'My Tickets' }] });
    await t.controller.handle({ type: 'ready' });
    assert.equal(t.ofType('requester').at(-1)?.tickets.state, 'unavailable');
    assert.equal(t.provider.calls.includes('listTickets'), false);
  });

  it('a ticket without a requester gets no card; a failed list says why and leaves the rest of the panel alone', async () => {
    const t = setup();
    const { requester: _r, ...anonymous } = baseTicket;
    t.provider.ticket = anonymous;
    await t.controller.handle({ type: 'ready' });
    assert.equal(t.ofType('requester').at(-1)?.requester, undefined);
    assert.equal(t.provider.calls.includes('listTickets'), false);

    const u = setup();
    u.provider.listError = new HelpdeskError('server', 'boom');
    await u.controller.handle({ type: 'ready' });
    const card = u.ofType('requester').at(-1);
    assert.equal(card?.tickets.state, 'failed');
    assert.equal(u.ofType('error').length, 0);
    assert.equal(u.ofType('messages').at(-1)?.done, true);
  });

  it('a rebuilt page gets the card again from memory', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    t.posted.length = 0;
    t.provider.calls.length = 0;
    t.controller.pageHidden();
    await t.controller.handle({ type: 'ready' });
    assert.equal(t.ofType('requester').length, 1);
    assert.equal(t.provider.calls.includes('listTickets'), false);
  });

  it('a refresh (by hand or automatic) reuses the list for a few minutes, then reads it again', async () => {
    const clock = { now: 1_000 };
    const t = setup(clock);
    t.provider.openTickets = [other('7', maria)];
    await t.controller.handle({ type: 'ready' });
    clock.now += OTHER_TICKETS_REUSED_MS - 1;
    await t.controller.handle({ type: 'refresh' });
    assert.equal(t.provider.calls.filter((c) => c === 'listTickets').length, 1);
    const reused = t.ofType('requester').at(-1);
    assert.equal(reused?.tickets.state === 'done' && reused.tickets.tickets.length, 1);
    await t.controller.handle({ type: 'openTicket', ticketId: '7' });
    assert.deepEqual(t.events.filter((e) => e.startsWith('openTicket')), ['openTicket 7'], 'a reused row still opens');
    clock.now += 2;
    await t.controller.load();
    assert.equal(t.provider.calls.filter((c) => c === 'listTickets').length, 2);
  });

  it('matches people by id, else by email', () => {
    assert.equal(samePerson(maria, { id: 'p7', name: 'x' }), true);
    assert.equal(samePerson(maria, { id: 'p8', name: 'x', email: 'maria@acme.example' }), false);
    assert.equal(samePerson({ id: '', name: 'M', email: 'Maria@ACME.example' }, { id: 'p8', name: 'x', email: 'maria@acme.example' }), true);
    assert.equal(samePerson({ id: '', name: 'M' }, { id: '', name: 'M' }), false);
    assert.equal(samePerson(maria, undefined), false);
  });
});

describe('ui: ticket panel controller — copy link and reference', () => {
  it('hands the shown ticket to the host’s copy commands', async () => {
    const t = setup();
    await t.controller.handle({ type: 'copy', what: 'link' });
    assert.equal(t.events.length, 0, 'nothing to copy before the ticket is loaded');
    await t.controller.handle({ type: 'ready' });
    await t.controller.handle({ type: 'copy', what: 'link' });
    await t.controller.handle({ type: 'copy', what: 'reference' });
    assert.deepEqual(t.events.filter((e) => e.startsWith('copy')), ['copy link T-42 https://help.example/t/42', 'copy reference T-42 https://help.example/t/42']);
  });
});
