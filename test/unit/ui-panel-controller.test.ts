import assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { silentLogger } from '../../src/helpdesk/log';
import type { Attachment, Message, Page, ReplyInput, Ticket, TicketPatch } from '../../src/helpdesk/model';
import type { CannedReply, HelpdeskProvider, ReferenceData } from '../../src/helpdesk/provider';
import type { RenderBody } from '../../src/helpdesk/render/types';
import type { Draft, HostToWebview } from '../../src/shared/protocol/panel';
import type { LinkedCodeSource, LinkedCodeView } from '../../src/ui/codeLinks/contracts';
import { type CannedReplyChoice, type PanelHost, type PanelSession, TicketPanelController } from '../../src/ui/panel/controller';
import { type DraftStore, MementoDraftStore } from '../../src/ui/panel/draftStore';
import type { PickedFile } from '../../src/ui/filePicker';
import { testCapabilities } from '../support/capabilities';

const capabilities = testCapabilities({ views: [{ kind: 'mine', label: 'My tickets' }], departmentLabel: 'Department' });

const baseTicket: Ticket = {
  id: '42',
  ref: 'T-42',
  subject: 'Cannot log in',
  status: { id: 'open', name: 'Open', kind: 'open' },
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-02T00:00:00Z',
  webUrl: 'https://help.example/t/42',
};

function message(n: number, attachments: Attachment[] = []): Message {
  return {
    id: `m${n}`,
    author: { id: 'u', name: 'User', isAgent: false },
    createdAt: '2025-01-01T00:00:00Z',
    body: `<p>message ${n} <img src="https://tracker.example/p.gif"></p>`,
    format: 'html',
    internal: false,
    attachments,
  };
}

/** A provider that records calls; behaviour is switched per test through its fields. */
class FakeProvider implements HelpdeskProvider {
  readonly type = 'deskpro' as const;
  capabilities = capabilities;
  ticket: Ticket = { ...baseTicket };
  messages: Message[] = Array.from({ length: 120 }, (_, i) => message(i + 1));
  messagePageSize = 40;
  replyError: HelpdeskError | undefined;
  readonly replies: ReplyInput[] = [];
  readonly updates: TicketPatch[] = [];
  readonly downloads: Attachment[] = [];
  readonly calls: string[] = [];
  /** Set by the canned-reply tests, as a vendor that has them would. */
  cannedReplies?: () => Promise<CannedReply[]>;

  async whoAmI() {
    return { id: 'me', name: 'Me' };
  }
  async listTickets(): Promise<Page<Ticket>> {
    return { items: [] };
  }
  async getTicket(id: string) {
    this.calls.push(`getTicket ${id}`);
    return this.ticket;
  }
  async listMessages(_ticketId: string, cursor?: string): Promise<Page<Message>> {
    this.calls.push(`listMessages ${cursor ?? ''}`);
    const start = cursor ? Number(cursor) : 0;
    const page: Page<Message> = { items: this.messages.slice(start, start + this.messagePageSize) };
    if (start + this.messagePageSize < this.messages.length) page.next = String(start + this.messagePageSize);
    return page;
  }
  async reply(_ticketId: string, input: ReplyInput): Promise<Message> {
    this.calls.push('reply');
    if (this.replyError) throw this.replyError;
    this.replies.push(input);
    return { ...message(999), body: input.bodyHtml };
  }
  async createTicket(): Promise<Ticket> {
    throw new Error('not used');
  }
  async updateTicket(_id: string, patch: TicketPatch) {
    this.calls.push('updateTicket');
    this.updates.push(patch);
    if (patch.status) this.ticket = { ...this.ticket, status: { id: patch.status, name: patch.status, kind: 'pending' } };
    return this.ticket;
  }
  async referenceData(): Promise<ReferenceData> {
    return {
      statuses: [{ id: 'open', name: 'Open', kind: 'open' }, { id: 'pending', name: 'Pending', kind: 'pending' }],
      priorities: [{ id: 'high', name: 'High' }],
      departments: [],
      agents: [{ id: 'a1', name: 'Agent One' }],
    };
  }
  async download(attachment: Attachment) {
    this.downloads.push(attachment);
    return { name: attachment.name, data: new Uint8Array([1, 2, 3]) };
  }
  async dispose() {}
}

/** Counts remote images like the real renderer would, without depending on it. */
const fakeRender: RenderBody = (body, _format, options) => {
  const images = (body.match(/<img /g) ?? []).length;
  return { html: options.allowRemoteImages ? body : body.replace(/<img [^>]*>/g, '[image]'), remoteImagesBlocked: options.allowRemoteImages ? 0 : images, truncated: false };
};

/** A link service stand-in: a list per ticket and a change event the test fires. */
class FakeLinkedCode implements LinkedCodeSource {
  links: LinkedCodeView[] = [];
  readonly asked: string[] = [];
  private listeners: Array<() => void> = [];
  linksForTicket(instanceId: string, ticketId: string): LinkedCodeView[] {
    this.asked.push(`${instanceId}/${ticketId}`);
    return this.links;
  }
  readonly onDidChange = (listener: () => void) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  get listenerCount(): number {
    return this.listeners.length;
  }
  fire(): void {
    for (const listener of this.listeners) listener();
  }
}

function setup(options: { maxBytes?: () => number; now?: () => number; linkedCode?: LinkedCodeSource } = {}) {
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
  let picked: PickedFile[] = [];
  const reads: string[] = [];
  const picker = {
    /** What the picker was offered, per time it opened. */
    offered: [] as CannedReplyChoice[][],
    /** Picks the choice with this name; undefined cancels. */
    choose: undefined as string | undefined,
    openLinkedCodeError: undefined as Error | undefined,
  };
  const host: PanelHost = {
    post: (message) => posted.push(message),
    setTitle: (title) => events.push(`title ${title}`),
    ticketShown: (ticket) => events.push(`shown ${ticket.id}`),
    reloadWithRemoteImages: () => events.push('reload'),
    pickFiles: async () => picked,
    pickSaveTarget: async (name) => `/tmp/${name}`,
    writeFile: async (target, data) => {
      events.push(`write ${target} ${data.byteLength}`);
    },
    downloaded: (target) => events.push(`downloaded ${target}`),
    openExternal: (url) => events.push(`open ${url}`),
    setCredentials: () => events.push('setCredentials'),
    ticketChanged: () => events.push('ticketChanged'),
    pickCannedReply: async (choices) => {
      const list = await choices;
      picker.offered.push(list);
      return list.find((choice) => choice.name === picker.choose)?.id;
    },
    openLinkedCode: async (linkId) => {
      if (picker.openLinkedCodeError) throw picker.openLinkedCodeError;
      events.push(`openLinkedCode ${linkId}`);
    },
  };
  const session: PanelSession = {
    label: 'Acme',
    acquire: async () => provider,
    run: (request) => request(provider),
    referenceData: () => provider.referenceData(),
  };
  const controller = new TicketPanelController({
    instanceId: 'acme',
    ticketId: '42',
    session,
    host,
    drafts,
    render: { renderBody: fakeRender, markdownToHtml: (md) => `<p>${md}</p>` },
    maxAttachmentBytes: options.maxBytes ?? (() => 1000),
    log: { ...silentLogger, warn: (text) => warnings.push(text) },
    now: options.now ?? (() => 0),
    ...(options.linkedCode && { linkedCode: options.linkedCode }),
  });
  const file = (name: string, size: number): PickedFile => ({
    name,
    size,
    read: async () => {
      reads.push(name);
      return new Uint8Array(size);
    },
  });
  return {
    provider,
    posted,
    warnings,
    drafts,
    events,
    reads,
    controller,
    picker,
    store,
    file,
    pick: (files: PickedFile[]) => (picked = files),
    ofType: <K extends HostToWebview['type']>(type: K) => posted.filter((m): m is Extract<HostToWebview, { type: K }> => m.type === type),
  };
}

const draft = (markdown: string, extra: Partial<Draft> = {}): Draft => ({ markdown, internal: false, ...extra });

describe('ui: ticket panel controller', () => {
  it('on ready sends the ticket, then the conversation in chunks, then the draft', async () => {
    const t = setup();
    await t.drafts.set('acme', '42', draft('half-written'));
    await t.controller.handle({ type: 'ready' });

    const kinds = t.posted.map((m) => m.type).filter((type) => type !== 'busy');
    assert.equal(kinds[0], 'ticket');
    assert.equal(kinds[kinds.length - 1], 'draft');
    const chunks = t.ofType('messages');
    assert.deepEqual(chunks.map((c) => c.messages.length), [50, 50, 20]);
    assert.deepEqual(chunks.map((c) => c.reset), [true, false, false]);
    assert.deepEqual(chunks.map((c) => c.done), [false, false, true]);
    assert.equal(chunks[0]?.messages[0]?.html, '<p>message 1 [image]</p>');

    const ticket = t.ofType('ticket')[0];
    assert.equal(ticket?.ticket.ref, 'T-42');
    assert.equal(ticket?.ticket.instanceId, 'acme', 'for the panel state a reload restores');
    assert.equal(ticket?.capabilities.attachOnReply, true);
    assert.equal(ticket?.statuses.length, 2);
    assert.equal(ticket?.maxAttachmentBytes, 1000);
    // Once all bodies are rendered the header learns how many images were held back.
    assert.equal(t.ofType('ticket').at(-1)?.remoteImagesBlocked, 120);
    assert.deepEqual(t.ofType('draft')[0]?.draft, draft('half-written'));
    assert.ok(t.events.includes('title T-42 Cannot log in'));
    assert.ok(t.events.includes('shown 42'), 'a loaded ticket counts as recently seen');
  });

  it('a load started with the panel (preload) asks the helpdesk before the page is ready and sends what it posted, in order, once it is', async () => {
    const t = setup();
    t.controller.preload();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(t.provider.calls.includes('getTicket 42'), 'the ticket was asked for before the page said ready');
    assert.equal(t.posted.length, 0, 'nothing posted to a page that is not listening yet');
    await t.controller.handle({ type: 'ready' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const kinds = t.posted.map((m) => m.type).filter((type) => type !== 'busy');
    assert.equal(kinds[0], 'ticket');
    assert.deepEqual(t.ofType('messages').map((c) => c.messages.length), [50, 50, 20]);
    assert.equal(t.provider.calls.filter((call) => call.startsWith('getTicket')).length, 1, 'ready did not load it a second time');
  });

  it('a preload\'s held posts also go when the page posts anything else first (it is listening then)', async () => {
    const t = setup();
    t.controller.preload();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(t.posted.length, 0);
    await t.controller.handle({ type: 'refresh' });
    assert.ok(t.ofType('ticket').length >= 1, 'the ticket reached the page');
    assert.ok(t.ofType('messages').some((chunk) => chunk.done), 'and the whole conversation');
  });

  it('sends one final, empty chunk for a ticket without messages', async () => {
    const t = setup();
    t.provider.messages = [];
    await t.controller.handle({ type: 'ready' });
    assert.deepEqual(t.ofType('messages'), [{ type: 'messages', messages: [], reset: true, done: true }]);
  });

  it('reports a load failure with a way to fix it, and still restores the draft', async () => {
    const t = setup();
    t.provider.getTicket = async () => {
      throw new HelpdeskError('auth', 'rejected');
    };
    await t.controller.handle({ type: 'ready' });
    const error = t.ofType('error')[0];
    assert.equal(error?.context, 'load');
    assert.deepEqual(error?.error.action, { label: 'Set Credentials…', command: 'setCredentials' });
    assert.equal(t.ofType('draft').length, 1);
  });

  it('on a successful send renders the markdown, posts the message and clears the draft', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    await t.controller.handle({ type: 'draftChanged', draft: draft('Thanks!', { internal: true }) });
    assert.ok(t.drafts.get('acme', '42'));

    await t.controller.handle({ type: 'send', draft: draft('Thanks!', { internal: true }) });
    assert.deepEqual(t.provider.replies[0], { bodyHtml: '<p>Thanks!</p>', bodyMarkdown: 'Thanks!', internal: true, attachments: [] });
    assert.equal(t.ofType('sent')[0]?.message.html, '<p>Thanks!</p>');
    assert.equal(t.drafts.get('acme', '42'), undefined);
    assert.ok(t.events.includes('ticketChanged'));
  });

  it('on a failed send keeps the draft and the attachments and says why', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    t.pick([t.file('log.txt', 10)]);
    await t.controller.handle({ type: 'pickAttachments' });
    t.provider.replyError = new HelpdeskError('validation', 'The helpdesk refused the reply', { fields: { message: ['too short'] } });

    await t.controller.handle({ type: 'send', draft: draft('x') });
    const error = t.ofType('error').at(-1);
    assert.equal(error?.context, 'send');
    assert.equal(error?.error.message, 'The helpdesk refused the reply\nmessage: too short');
    assert.deepEqual(t.drafts.get('acme', '42'), draft('x'));
    assert.equal(t.ofType('sent').length, 0);

    // The same files go out on the next try.
    t.provider.replyError = undefined;
    await t.controller.handle({ type: 'send', draft: draft('x') });
    assert.equal(t.provider.replies[0]?.attachments[0]?.name, 'log.txt');
  });

  it('refuses an oversize file before reading it or calling the provider', async () => {
    const t = setup({ maxBytes: () => 1000 });
    await t.controller.handle({ type: 'ready' });
    t.pick([t.file('small.txt', 500), t.file('huge.zip', 5000)]);
    await t.controller.handle({ type: 'pickAttachments' });
    assert.deepEqual(t.reads, ['small.txt']);
    const error = t.ofType('error').at(-1);
    assert.equal(error?.context, 'attach');
    assert.match(error?.error.message ?? '', /"huge\.zip" is 4\.9 KB, over the 1000 B limit/);
    assert.deepEqual(t.ofType('attachments').at(-1)?.attachments.map((a) => a.name), ['small.txt']);
    assert.ok(!t.provider.calls.includes('reply'));
  });

  it('checks attachments against the limit again when sending', async () => {
    let limit = 1000;
    const t = setup({ maxBytes: () => limit });
    await t.controller.handle({ type: 'ready' });
    t.pick([t.file('a.txt', 800)]);
    await t.controller.handle({ type: 'pickAttachments' });
    limit = 500;
    await t.controller.handle({ type: 'send', draft: draft('see attached') });
    assert.ok(!t.provider.calls.includes('reply'));
    assert.equal(t.ofType('error').at(-1)?.error.kind, 'tooLarge');
  });

  it('removes a pending attachment', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    t.pick([t.file('a.txt', 1), t.file('b.txt', 1)]);
    await t.controller.handle({ type: 'pickAttachments' });
    const first = t.ofType('attachments').at(-1)?.attachments[0];
    await t.controller.handle({ type: 'removeAttachment', id: first?.id });
    assert.deepEqual(t.ofType('attachments').at(-1)?.attachments.map((a) => a.name), ['b.txt']);
  });

  it('changes the status separately after a reply when the vendor cannot do both at once', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    await t.controller.handle({ type: 'send', draft: draft('done', { newStatus: 'pending' }) });
    assert.equal(t.provider.replies[0]?.newStatus, undefined);
    assert.deepEqual(t.provider.updates, [{ status: 'pending' }]);
    assert.equal(t.ofType('ticket').at(-1)?.ticket.status.id, 'pending');
  });

  it('update calls the provider with the right patch and re-sends the ticket', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    const before = t.ofType('ticket').length;
    await t.controller.handle({ type: 'update', field: 'priority', value: 'high' });
    await t.controller.handle({ type: 'update', field: 'agent', value: null });
    await t.controller.handle({ type: 'update', field: 'status', value: 'pending' });
    assert.deepEqual(t.provider.updates, [{ priority: 'high' }, { agent: null }, { status: 'pending' }]);
    assert.equal(t.ofType('ticket').length, before + 3);
    assert.equal(t.events.filter((e) => e === 'ticketChanged').length, 3);
  });

  it('refuses updates the helpdesk cannot make, and malformed ones', async () => {
    const t = setup();
    t.provider.capabilities = { ...capabilities, assign: false };
    await t.controller.handle({ type: 'ready' });
    await t.controller.handle({ type: 'update', field: 'agent', value: 'a1' });
    await t.controller.handle({ type: 'update', field: 'status', value: null });
    await t.controller.handle({ type: 'update', field: 'subject', value: 'x' });
    assert.deepEqual(t.provider.updates, []);
    assert.equal(t.ofType('error').at(-1)?.error.kind, 'unsupported');
  });

  it('downloads an attachment to the chosen file', async () => {
    const t = setup();
    t.provider.messages = [message(1, [{ id: 'f1', name: 'shot.png', downloadRef: 'blob/1' }])];
    await t.controller.handle({ type: 'ready' });
    await t.controller.handle({ type: 'download', messageId: 'm1', attachmentId: 'f1' });
    assert.equal(t.provider.downloads[0]?.downloadRef, 'blob/1');
    assert.ok(t.events.includes('write /tmp/shot.png 3'));
    assert.ok(t.events.includes('downloaded /tmp/shot.png'));
  });

  it('opens only safe links, and the ticket in the browser', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    await t.controller.handle({ type: 'openLink', href: 'javascript:alert(1)' });
    await t.controller.handle({ type: 'openLink', href: 'https://docs.example/x' });
    await t.controller.handle({ type: 'openInBrowser' });
    assert.deepEqual(t.events.filter((e) => e.startsWith('open ')), ['open https://docs.example/x', 'open https://help.example/t/42']);
  });

  it('reloads the page to allow remote images, then renders them', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    await t.controller.handle({ type: 'allowRemoteImages' });
    assert.ok(t.events.includes('reload'));
    t.posted.length = 0;
    await t.controller.handle({ type: 'ready' });
    assert.match(t.ofType('messages')[0]?.messages[0]?.html ?? '', /tracker\.example/);
    assert.equal(t.ofType('ticket')[0]?.remoteImagesAllowed, true);
  });

  it('replays a page rebuilt soon after loading without asking the helpdesk again', async () => {
    let now = 0;
    const t = setup({ now: () => now });
    await t.controller.handle({ type: 'ready' });
    await t.controller.handle({ type: 'send', draft: draft('new reply') });
    const callsAfterLoad = t.provider.calls.length;
    t.posted.length = 0;

    now = 60_000;
    await t.controller.handle({ type: 'ready' });
    assert.equal(t.provider.calls.length, callsAfterLoad, 'no request for a replay');
    const chunks = t.ofType('messages');
    assert.deepEqual(chunks.map((c) => c.messages.length), [50, 50, 21], 'the sent reply is part of the replay');
    assert.equal(chunks.at(-1)?.done, true);
    assert.equal(t.posted[0]?.type, 'ticket');
    assert.equal(t.posted.at(-1)?.type, 'draft');

    now = 10 * 60_000;
    await t.controller.handle({ type: 'ready' });
    assert.ok(t.provider.calls.length > callsAfterLoad, 'a stale page is fetched again');
    const beforeRefresh = t.provider.calls.length;
    await t.controller.handle({ type: 'refresh' });
    assert.ok(t.provider.calls.length > beforeRefresh, 'refresh always fetches');
  });

  it('answers the reply box’s preview through the injected renderer: Markdown, remote images blocked, under the page’s number', async () => {
    const t = setup();
    await t.controller.handle({ type: 'renderPreview', seq: 4, markdown: 'Hi <img src="https://x.example/a.png">' });
    assert.deepEqual(t.ofType('preview'), [{ type: 'preview', seq: 4, html: 'Hi [image]' }]);
    assert.deepEqual(t.provider.calls, [], 'the helpdesk is not asked');
  });

  it('ignores unknown and malformed messages', async () => {
    const t = setup();
    for (const junk of [null, 'ready', { type: 'deleteEverything' }, { kind: 'ready' }, { type: 'send', draft: 'x' }, { type: 'download' }]) {
      await t.controller.handle(junk);
    }
    assert.deepEqual(t.posted, []);
    assert.deepEqual(t.provider.calls, []);
  });

  it('where the helpdesk takes no replies, tells the page why and refuses a send without a request', async () => {
    const t = setup();
    const reason = 'This instance takes no notes through its API.';
    t.provider.capabilities = { ...capabilities, replyUnavailable: reason, downloadAttachments: false };
    await t.controller.handle({ type: 'ready' });
    const ticket = t.posted.find((m) => m.type === 'ticket');
    assert.equal(ticket?.type === 'ticket' && ticket.capabilities.replyUnavailable, reason);
    assert.equal(ticket?.type === 'ticket' && ticket.capabilities.downloadAttachments, false);
    await t.controller.handle({ type: 'send', draft: { markdown: 'Hello', internal: false } });
    assert.equal(t.provider.calls.includes('reply'), false);
    const error = t.posted.filter((m) => m.type === 'error').pop();
    assert.equal(error?.type === 'error' && error.error.message, reason);
    assert.equal(error?.type === 'error' && error.error.action?.command, 'openInBrowser');
  });

  it('refuses to move a ticket to another department where the helpdesk cannot, before any request', async () => {
    const t = setup();
    t.provider.capabilities = { ...capabilities, changeDepartment: false };
    await t.controller.handle({ type: 'ready' });
    const ticket = t.posted.find((m) => m.type === 'ticket');
    assert.equal(ticket?.type === 'ticket' && ticket.capabilities.changeDepartment, false);
    await t.controller.handle({ type: 'update', field: 'department', value: 'd2' });
    assert.equal(t.provider.calls.includes('updateTicket'), false);
    const error = t.posted.filter((m) => m.type === 'error').pop();
    assert.equal(error?.type === 'error' && error.error.kind, 'unsupported');
  });

  it('acts on no part of a malformed message once loaded, and logs each without its content', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    const calls = t.provider.calls.length;
    const posts = t.posted.length;
    const junk = [
      { type: 'send', draft: { markdown: 'secret words', internal: 'yes' } },
      { type: 'send', draft: { markdown: 'secret words', internal: false, newStatus: 5 } },
      { type: 'update', field: 'subject', value: 'x' },
      { type: 'update', field: 'status', value: 7 },
      { type: 'download', attachmentId: 1, messageId: 'm1' },
      { type: 'command', command: 'deleteAll' },
      { type: 'openLinkedCode', linkId: ['l1'] },
    ];
    for (const message of junk) await t.controller.handle(message);
    assert.equal(t.provider.calls.length, calls, 'no request was sent');
    assert.equal(t.posted.length, posts, 'nothing was posted');
    assert.equal(t.provider.replies.length, 0);
    assert.equal(t.warnings.filter((w) => w.includes('malformed')).length, junk.length);
    assert.ok(t.warnings.every((w) => !w.includes('secret words')), 'the log names the type, not the content');
  });
});

describe('ui: ticket panel controller — canned replies', () => {
  const templates: CannedReply[] = [
    { id: 't1', name: 'Clear cache', body: '<p>Could you <b>clear the cache</b>?</p><p>Thanks,<br>Support</p>', format: 'html' },
    { id: 't2', name: 'Need details', body: 'Which browser do you use?', format: 'text' },
  ];

  function withCannedReplies() {
    const t = setup();
    let loads = 0;
    t.provider.capabilities = { ...capabilities, cannedReplies: true };
    t.provider.cannedReplies = async () => {
      loads++;
      return templates;
    };
    return { ...t, loads: () => loads };
  }

  it('offers them only where the helpdesk has them', async () => {
    const without = setup();
    await without.controller.handle({ type: 'ready' });
    assert.equal(without.ofType('ticket')[0]?.capabilities.cannedReplies, false);
    await without.controller.handle({ type: 'pickCannedReply' });
    assert.equal(without.ofType('error').at(-1)?.context, 'cannedReply');
    assert.equal(without.picker.offered.length, 0);

    const t = withCannedReplies();
    await t.controller.handle({ type: 'ready' });
    assert.equal(t.ofType('ticket')[0]?.capabilities.cannedReplies, true);
  });

  it('loads them on first use only, once per panel, and inserts the chosen one as Markdown', async () => {
    const t = withCannedReplies();
    await t.controller.handle({ type: 'ready' });
    assert.equal(t.loads(), 0, 'opening the panel does not load them');

    t.picker.choose = 'Clear cache';
    await t.controller.handle({ type: 'pickCannedReply' });
    assert.deepEqual(t.picker.offered[0], [
      { id: 't1', name: 'Clear cache', preview: 'Could you **clear the cache**? Thanks, Support' },
      { id: 't2', name: 'Need details', preview: 'Which browser do you use?' },
    ]);
    assert.deepEqual(t.ofType('insertText'), [{ type: 'insertText', text: 'Could you **clear the cache**?\n\nThanks,\nSupport' }]);

    t.picker.choose = 'Need details';
    await t.controller.handle({ type: 'pickCannedReply' });
    assert.equal(t.ofType('insertText').at(-1)?.text, 'Which browser do you use?');
    assert.equal(t.loads(), 1, 'the second use is served from the panel’s copy');
  });

  it('inserts nothing when the picker is cancelled', async () => {
    const t = withCannedReplies();
    await t.controller.handle({ type: 'ready' });
    t.picker.choose = undefined;
    await t.controller.handle({ type: 'pickCannedReply' });
    assert.equal(t.picker.offered.length, 1);
    assert.deepEqual(t.ofType('insertText'), []);
  });

  it('reports a failed load in the reply box, keeps the draft, and asks again next time', async () => {
    const t = withCannedReplies();
    await t.controller.handle({ type: 'ready' });
    await t.controller.handle({ type: 'draftChanged', draft: draft('half-written') });
    let fail = true;
    t.provider.cannedReplies = async () => {
      if (fail) throw new HelpdeskError('network', 'Could not reach help.example');
      return templates;
    };
    t.picker.choose = 'Need details';
    await t.controller.handle({ type: 'pickCannedReply' });
    const error = t.ofType('error').at(-1);
    assert.equal(error?.context, 'cannedReply');
    assert.match(error?.error.message ?? '', /^Could not load the canned replies: Could not reach help\.example/);
    assert.deepEqual(t.drafts.get('acme', '42'), draft('half-written'));

    fail = false;
    await t.controller.handle({ type: 'pickCannedReply' });
    assert.equal(t.ofType('insertText').at(-1)?.text, 'Which browser do you use?');
  });

  it('says so when the helpdesk has none', async () => {
    const t = withCannedReplies();
    t.provider.cannedReplies = async () => [];
    await t.controller.handle({ type: 'ready' });
    await t.controller.handle({ type: 'pickCannedReply' });
    assert.deepEqual(t.ofType('notice').map((n) => n.text), ['Acme has no canned replies yet.']);
  });
});

describe('ui: ticket panel controller — linked code', () => {
  const links: LinkedCodeView[] = [
    { id: 'k1', file: 'src/auth/login.ts', startLine: 10, endLine: 24, stale: false },
    { id: 'k2', file: 'src/old.ts', startLine: 3, endLine: 3, stale: true },
  ];

  it('sends the ticket’s links on load and again whenever they change', async () => {
    const source = new FakeLinkedCode();
    source.links = links;
    const t = setup({ linkedCode: source });
    await t.controller.handle({ type: 'ready' });
    assert.deepEqual(t.ofType('linkedCode').at(-1)?.links, links);
    assert.ok(source.asked.every((key) => key === 'acme/42'));

    source.links = [links[0] as LinkedCodeView];
    source.fire();
    assert.deepEqual(t.ofType('linkedCode').at(-1)?.links.map((l) => l.id), ['k1']);

    t.controller.dispose();
    assert.equal(source.listenerCount, 0, 'a closed panel stops listening');
  });

  it('opens only links it showed, through the host', async () => {
    const source = new FakeLinkedCode();
    source.links = links;
    const t = setup({ linkedCode: source });
    await t.controller.handle({ type: 'ready' });
    await t.controller.handle({ type: 'openLinkedCode', linkId: 'k2' });
    await t.controller.handle({ type: 'openLinkedCode', linkId: 'not-shown' });
    await t.controller.handle({ type: 'openLinkedCode', linkId: 42 });
    await t.controller.handle({ type: 'openLinkedCode' });
    assert.deepEqual(t.events.filter((e) => e.startsWith('openLinkedCode')), ['openLinkedCode k2']);

    t.picker.openLinkedCodeError = new Error("command 'helpdesk.openLinkedCode' not found");
    await t.controller.handle({ type: 'openLinkedCode', linkId: 'k1' });
    assert.equal(t.ofType('error').at(-1)?.context, 'linkedCode');
  });

  it('sends nothing without a link service', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    assert.deepEqual(t.ofType('linkedCode'), []);
  });
});

describe('ui: ticket panel controller — addToDraft', () => {
  const code = 'From `src/a.ts` line 3:\n\n```ts\nconst a = 1;\n```';

  it('before the page is ready: stores the text at once and hands it to the page with the draft', async () => {
    const t = setup({ maxBytes: () => 1000 });
    await t.drafts.set('acme', '42', draft('Hello,\n\n', { internal: true, newStatus: 'pending' }));

    await t.controller.addToDraft({ markdown: `\n${code}\n\n`, files: [t.file('a.ts', 10), t.file('dump.bin', 5000)] });
    // The store has it before the page said anything: a reload now would not lose it.
    assert.deepEqual(t.drafts.get('acme', '42'), draft(`Hello,\n\n${code}`, { internal: true, newStatus: 'pending' }));
    assert.deepEqual(t.reads, ['a.ts'], 'the oversize file is refused unread');
    assert.deepEqual(t.ofType('appendToDraft'), [], 'no page to append to yet');
    assert.deepEqual(t.ofType('focusReply'), []);

    t.posted.length = 0;
    await t.controller.handle({ type: 'ready' });
    const sent = t.ofType('draft')[0];
    assert.deepEqual(sent?.draft.markdown, `Hello,\n\n${code}`);
    assert.deepEqual(sent?.appended, [code]);
    assert.deepEqual(sent?.attachments.map((a) => a.name), ['a.ts']);
    // After the draft: why dump.bin is missing, then the cursor into the reply box.
    const afterDraft = t.posted.slice(t.posted.indexOf(sent as HostToWebview) + 1).map((m) => m.type);
    assert.deepEqual(afterDraft, ['error', 'focusReply']);
    const refusal = t.ofType('error')[0];
    assert.equal(refusal?.context, 'attach');
    assert.match(refusal?.error.message ?? '', /"dump\.bin" is 4\.9 KB, over the 1000 B limit/);

    // The additions went to that page; a later one (after a refresh) does not get them again.
    await t.controller.handle({ type: 'refresh' });
    assert.equal(t.ofType('draft').at(-1)?.appended, undefined);
  });

  it('with the page showing the draft: appends in the page, stores it, and focuses the reply', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    await t.controller.handle({ type: 'draftChanged', draft: draft('See below:') });
    t.posted.length = 0;

    await t.controller.addToDraft({ markdown: code, files: [t.file('a.ts', 10)] });
    assert.deepEqual(t.drafts.get('acme', '42'), draft(`See below:\n\n${code}`));
    assert.deepEqual(t.posted.map((m) => m.type), ['appendToDraft', 'attachments', 'focusReply']);
    assert.deepEqual(t.ofType('appendToDraft')[0], { type: 'appendToDraft', markdown: code });
    assert.deepEqual(t.ofType('attachments')[0]?.attachments.map((a) => a.name), ['a.ts']);

    // The added file goes out with the reply.
    await t.controller.handle({ type: 'send', draft: draft(`See below:\n\n${code}`) });
    assert.equal(t.provider.replies[0]?.attachments[0]?.name, 'a.ts');
  });

  it('while the tab is hidden: waits for the rebuilt page', async () => {
    let now = 0;
    const t = setup({ now: () => now });
    await t.controller.handle({ type: 'ready' });
    t.controller.pageHidden();
    t.posted.length = 0;

    await t.controller.addToDraft({ markdown: code, files: [] });
    assert.equal(t.posted.length, 0, 'nothing is posted to a page that is gone');
    assert.equal(t.drafts.get('acme', '42')?.markdown, code);

    now = 1000;
    await t.controller.handle({ type: 'ready' });
    assert.deepEqual(t.ofType('draft').at(-1)?.appended, [code]);
    assert.equal(t.posted.at(-1)?.type, 'focusReply');
  });

  it('during a send: waits for the reply, so clearing the sent draft does not take the addition with it', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    let answer: () => void = () => {};
    const replied = new Promise<void>((resolve) => (answer = resolve));
    const reply = t.provider.reply.bind(t.provider);
    t.provider.reply = async (id, input) => {
      await replied;
      return reply(id, input);
    };
    const sending = t.controller.handle({ type: 'send', draft: draft('the old reply') });
    const adding = t.controller.addToDraft({ markdown: code, files: [t.file('a.ts', 10)] });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(t.ofType('appendToDraft'), [], 'nothing is added while the reply is on its way');
    answer();
    await Promise.all([sending, adding]);
    assert.equal(t.provider.replies[0]?.attachments.length, 0, 'the added file did not go out with the earlier reply');
    assert.deepEqual(t.drafts.get('acme', '42'), draft(code));
    const types = t.posted.map((m) => m.type);
    assert.ok(types.indexOf('sent') < types.indexOf('appendToDraft'));
    assert.deepEqual(t.ofType('attachments').at(-1)?.attachments.map((a) => a.name), ['a.ts']);
  });

  it('puts an addition back if the previous page saved its words over it', async () => {
    const t = setup();
    await t.controller.handle({ type: 'ready' });
    t.controller.pageHidden();
    await t.controller.addToDraft({ markdown: code, files: [] });
    // The hidden page's last debounced save arrives late.
    await t.controller.handle({ type: 'draftChanged', draft: draft('words typed before') });
    await t.controller.handle({ type: 'ready' });
    assert.equal(t.ofType('draft').at(-1)?.draft.markdown, `words typed before\n\n${code}`);
    assert.equal(t.drafts.get('acme', '42')?.markdown, `words typed before\n\n${code}`);
  });

  it('files only: the draft text stays as it was', async () => {
    const t = setup();
    await t.drafts.set('acme', '42', draft('unchanged'));
    await t.controller.handle({ type: 'ready' });
    await t.controller.addToDraft({ markdown: '  \n', files: [t.file('log.txt', 5)] });
    assert.deepEqual(t.drafts.get('acme', '42'), draft('unchanged'));
    assert.deepEqual(t.ofType('appendToDraft'), []);
    assert.deepEqual(t.ofType('attachments').at(-1)?.attachments.map((a) => a.name), ['log.txt']);
  });
});
