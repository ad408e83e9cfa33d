// DiamanteDeskProvider with the real HttpClient against a small scripted DiamanteDesk on
// loopback: which requests each call makes (route, query, JSON body, method) and what it
// makes of the answers. No request in this file may ever be a PUT.
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import type { UploadFile } from '../../src/helpdesk/model';
import { DIAMANTEDESK_CAPABILITIES, diamantedeskDescriptor, DiamanteDeskProvider } from '../../src/providers/diamantedesk';
import { attachmentsInput, DEFAULT_MAX_UPLOAD_BYTES } from '../../src/providers/diamantedesk/input';
import { API_KEY, type FakeDiamante, providerFor, startFakeDiamante } from './diamantedesk-fake-server.test';

/** Bytes that cannot be encoded: reading them to base64 throws. Proves a refusal came first. */
class Tripwire extends Uint8Array {
  override get buffer(): ArrayBuffer {
    throw new Error('the file was read for encoding');
  }
}

function file(name: string, text: string): UploadFile {
  return { name, contentType: 'text/plain', data: new Uint8Array(Buffer.from(text)) };
}

describe('diamantedesk provider', () => {
  let fake: FakeDiamante;
  let provider: DiamanteDeskProvider;
  let logLines: string[];

  beforeEach(async () => {
    fake = await startFakeDiamante();
    ({ provider, logLines } = providerFor(fake, { maxUploadBytes: 64 }));
  });

  afterEach(async () => {
    await provider.dispose();
    assert.deepEqual(
      fake.requests.filter((r) => r.method === 'PUT'),
      [],
      'never PUT',
    );
    await fake.close();
  });

  const requestsTo = (route: string) => fake.requests.filter((r) => r.route === route);
  const ticketLists = () => fake.requests.filter((r) => r.route === 'desk/tickets' && r.method === 'GET');
  const writes = () => fake.requests.filter((r) => r.method !== 'GET').map((r) => ({ method: r.method, route: r.route, json: r.json }));

  describe('descriptor and connection', () => {
    it('describes the vendor, its credentials and capabilities', () => {
      assert.equal(diamantedeskDescriptor.type, 'diamantedesk');
      assert.deepEqual(diamantedeskDescriptor.names, ['DiamanteDesk']);
      assert.equal(diamantedeskDescriptor.urlPlaceholder, 'https://desk.example.com');
      assert.ok(diamantedeskDescriptor.credentialPrompt.username);
      assert.ok(!diamantedeskDescriptor.credentialPrompt.username?.optional);
      assert.match(diamantedeskDescriptor.credentialPrompt.secret.prompt, /API key/);
      assert.deepEqual(
        DIAMANTEDESK_CAPABILITIES.views.map((view) => view.kind),
        ['mine', 'unassigned', 'open', 'new', 'pending'],
      );
      assert.equal(DIAMANTEDESK_CAPABILITIES.statusOnReply, true);
      assert.equal(DIAMANTEDESK_CAPABILITIES.departmentRequiredOnCreate, true);
      assert.equal(DIAMANTEDESK_CAPABILITIES.departmentLabel, 'Branch');
    });

    it('asks OroPlatform who the login is: one request, WSSE on it', async () => {
      const me = await provider.whoAmI();
      assert.deepEqual(me, { id: 'oro_1', name: 'Ada Admin', email: 'admin@example.com', isAgent: true });
      assert.equal(fake.requests.length, 1);
      const [request] = fake.requests;
      assert.equal(request?.route, 'user/filter');
      assert.equal(request?.query.get('username'), 'admin');
      assert.equal(request?.auth, 'ok');
      assert.equal(request?.headers['authorization'], 'WSSE profile="UsernameToken"');
      assert.match(String(request?.headers['accept']), /application\/json/);
    });

    it("when not allowed to look users up, asks OroPlatform 2's /api/userprofile", async () => {
      fake.forbiddenRoutes.add('user/filter');
      const me = await provider.whoAmI();
      assert.deepEqual(me, { id: 'oro_1', name: 'Ada Admin', email: 'admin@example.com', isAgent: true });
      assert.deepEqual(
        fake.requests.map((r) => `${r.route} ${r.auth}`),
        ['user/filter ok', '/api/userprofile ok'],
      );
      assert.equal(fake.requests[1]?.headers['accept'], 'application/vnd.api+json');
    });

    it('without those routes, finds the login in the documented /users (logins by email)', async () => {
      fake.missingRoutes.add('user/filter');
      fake.missingRoutes.add('/api/userprofile');
      fake.missingRoutes.add('users');
      fake.docUsers = true;
      fake.username = 'admin@example.com';
      await provider.dispose();
      ({ provider } = providerFor(fake, {}, { username: 'admin@example.com', secret: API_KEY }));
      const me = await provider.whoAmI();
      assert.equal(me.id, 'oro_1');
      assert.equal(fake.requests[0]?.query.get('email'), 'admin@example.com');
      assert.equal(fake.requests[2]?.route, 'desk/users');
      const data = await provider.referenceData();
      assert.deepEqual(
        data.agents.map((agent) => agent.id),
        ['oro_1', 'oro_4'],
      );
    });

    it('when nobody says who the login is: connected by name, and replies refuse plainly', async () => {
      fake.missingRoutes.add('user/filter');
      fake.missingRoutes.add('/api/userprofile');
      const me = await provider.whoAmI();
      assert.deepEqual(me, { id: '', name: 'admin', isAgent: true });
      assert.ok(logLines.some((line) => /did not say which agent/.test(line)));
      await assert.rejects(provider.reply('1', { bodyHtml: '<p>x</p>', bodyMarkdown: 'x', internal: false, attachments: [] }), { kind: 'unsupported' });
      assert.deepEqual(writes(), []);
    });
  });

  describe('lists', () => {
    it('"Open" is status=open, newest first, with X-Total as the total', async () => {
      const page = await provider.listTickets({ view: 'open' });
      const [request] = ticketLists();
      assert.equal(request?.query.get('status'), 'open');
      assert.equal(request?.query.get('order'), 'desc');
      assert.equal(request?.query.get('page'), '1');
      assert.equal(request?.query.get('limit'), '50');
      assert.deepEqual(
        page.items.map((t) => t.ref),
        ['BRANCHB-7', 'BRANCHC-2'],
      );
      assert.equal(page.total, 2);
      assert.equal(page.next, undefined);
      const ticket = page.items[1];
      assert.equal(ticket?.id, '2');
      assert.equal(ticket?.agent?.name, 'Tess Tech');
      assert.equal(ticket?.department?.name, 'Sales');
    });

    it('"My Tickets" filters on my agent id', async () => {
      const page = await provider.listTickets({ view: 'mine' });
      assert.equal(ticketLists()[0]?.query.get('assignee'), '1');
      assert.ok(page.items.length > 0);
      assert.ok(page.items.every((t) => t.agent?.id === 'oro_1'));
    });

    it('New and Pending are status queries', async () => {
      assert.deepEqual(
        (await provider.listTickets({ status: 'new' })).items.map((t) => t.status.kind),
        ['new'],
      );
      assert.deepEqual(
        (await provider.listTickets({ status: 'pending' })).items.map((t) => t.status.id),
        ['pending'],
      );
      await assert.rejects(provider.listTickets({ status: 'awaiting_agent' }), { kind: 'validation' });
    });

    it('pages by Link, keeping its own filters (the links carry only paging), with a fresh nonce per page', async () => {
      const first = await provider.listTickets({ search: 'Ticket' }, undefined, 2);
      assert.equal(first.total, 6);
      assert.ok(first.next);
      const second = await provider.listTickets({ search: 'Ticket' }, first.next);
      const third = await provider.listTickets({ search: 'Ticket' }, second.next);
      assert.equal(third.next, undefined);
      const searches = requestsTo('desk/tickets/search');
      assert.deepEqual(
        searches.map((r) => `${r.query.get('q')} ${r.query.get('page')} ${r.query.get('limit')} ${r.query.get('order')}`),
        ['Ticket 1 2 desc', 'Ticket 2 2 desc', 'Ticket 3 2 desc'],
      );
      assert.deepEqual(
        [...first.items, ...second.items, ...third.items].map((t) => t.id),
        ['7', '6', '5', '4', '2', '1'],
      );
      assert.equal(new Set(fake.requests.map((r) => r.nonce)).size, fake.requests.length);
    });

    it('search falls back to the subject filter where /tickets/search is missing, and remembers', async () => {
      fake.missingRoutes.add('desk/tickets/search');
      const page = await provider.listTickets({ search: 'Printer' });
      assert.deepEqual(
        page.items.map((t) => t.subject),
        ['Printer is on fire'],
      );
      await provider.listTickets({ search: 'Printer' });
      assert.equal(requestsTo('desk/tickets/search').length, 1);
      assert.deepEqual(
        ticketLists().map((r) => r.query.get('subject')),
        ['Printer', 'Printer'],
      );
      await assert.rejects(provider.listTickets({ search: '  ' }), { kind: 'validation' });
    });

    it('"Unassigned" reads pages of all tickets and keeps the ones nobody has', async () => {
      const all = await provider.listTickets({ view: 'unassigned' });
      assert.deepEqual(
        all.items.map((t) => t.id),
        ['6', '3'],
      );
      assert.equal(all.total, undefined);
      assert.ok(ticketLists().every((r) => r.query.get('assignee') === null));
      // Small pages: each call looks on until a page has some.
      const seen: string[] = [];
      let cursor: string | undefined;
      let calls = 0;
      do {
        const page = await provider.listTickets({ view: 'unassigned' }, cursor, 2);
        seen.push(...page.items.map((t) => t.id));
        cursor = page.next;
        calls++;
      } while (cursor && calls < 10);
      assert.deepEqual(seen, ['6', '3']);
      assert.equal(cursor, undefined);
    });

    it('refuses an answer that is HTML or XML where JSON was expected, naming the status', async () => {
      fake.htmlRoutes.add('desk/tickets');
      await assert.rejects(provider.listTickets({ view: 'open' }), (error: unknown) => {
        assert.ok(error instanceof HelpdeskError);
        assert.equal(error.kind, 'protocol');
        assert.match(error.message, /text\/html \(200\)/);
        return true;
      });
      fake.htmlRoutes.clear();
      fake.xmlRoutes.add('desk/tickets');
      await assert.rejects(provider.listTickets({ view: 'open' }), /application\/xml \(200\)/);
    });
  });

  describe('a ticket', () => {
    it('is read by id with names of its people, and its conversation comes from the same answer', async () => {
      const ticket = await provider.getTicket('1');
      assert.equal(ticket.ref, 'BRANCHB-1');
      assert.deepEqual(ticket.requester, { id: 'diamante_2', name: 'Joe Customer', email: 'joe@example.com', isAgent: false });
      assert.equal(ticket.agent?.name, 'Ada Admin');
      const messages = await provider.listMessages('1');
      assert.equal(requestsTo('desk/tickets/1').length, 1, 'the detail is fetched once for both');
      assert.deepEqual(
        messages.items.map((m) => [m.id, m.author.name, m.internal, m.attachments.map((a) => a.name).join()]),
        [
          ['ticket-1', 'Joe Customer', false, 'screen.png'],
          ['101', 'Joe Customer', false, 'log.txt'],
          ['102', 'Ada Admin', true, ''],
        ],
      );
      assert.equal(messages.items[0]?.format, 'html');
      assert.equal(messages.next, undefined);
    });

    it('is read by key too, and a missing one says so', async () => {
      assert.equal((await provider.getTicket('BRANCHC-2')).id, '2');
      await assert.rejects(provider.getTicket('999'), (error: unknown) => {
        assert.ok(error instanceof HelpdeskError);
        assert.equal(error.kind, 'notFound');
        assert.match(error.message, /Ticket 999 does not exist/);
        return true;
      });
    });

    it('downloads an attachment from file.url on the configured origin, with WSSE', async () => {
      const messages = await provider.listMessages('1');
      const attachment = messages.items[0]?.attachments[0];
      assert.ok(attachment);
      assert.match(attachment.downloadRef, /^http:\/\/localhost\//);
      const download = await provider.download(attachment);
      assert.equal(Buffer.from(download.data).toString(), 'PNGDATA');
      assert.equal(download.name, 'screen.png');
      const request = fake.requests.at(-1);
      assert.equal(request?.route, '/desk/attachments/download/file/aa11');
      assert.equal(request?.auth, 'sent');
    });
  });

  describe('replies and notes', () => {
    it('posts the comment with the current status, me as author, then its files as base64 JSON', async () => {
      const sent = await provider.reply('1', {
        bodyHtml: '<p>On it</p>',
        bodyMarkdown: 'On it',
        internal: false,
        attachments: [file('trace.txt', 'stack trace')],
      });
      assert.deepEqual(writes(), [
        { method: 'POST', route: 'desk/comments', json: { content: '<p>On it</p>', ticket: 1, author: 'oro_1', ticketStatus: 'new', private: false } },
        {
          method: 'POST',
          route: `desk/comments/${sent.id}/attachments`,
          json: { attachmentsInput: [{ filename: 'trace.txt', content: Buffer.from('stack trace').toString('base64') }] },
        },
      ]);
      assert.equal(sent.author.id, 'oro_1');
      assert.equal(sent.internal, false);
      assert.deepEqual(
        sent.attachments.map((a) => a.name),
        ['trace.txt'],
      );
    });

    it('a private note with a new status: the status rides on the comment and is set by a PATCH of only that field', async () => {
      await provider.reply('1', { bodyHtml: 'note', bodyMarkdown: 'note', internal: true, newStatus: 'pending', attachments: [] });
      assert.deepEqual(writes(), [
        { method: 'POST', route: 'desk/comments', json: { content: 'note', ticket: 1, author: 'oro_1', ticketStatus: 'pending', private: true } },
        { method: 'PATCH', route: 'desk/tickets/1', json: { status: 'pending' } },
      ]);
      assert.equal(requestsTo('desk/tickets/1').filter((r) => r.method === 'GET').length, 0);
    });

    it('refuses a file over the limit before encoding it or sending anything', async () => {
      const big: UploadFile = { name: 'huge.bin', contentType: 'application/octet-stream', data: new Tripwire(65) };
      await assert.rejects(provider.reply('1', { bodyHtml: 'x', bodyMarkdown: 'x', internal: false, attachments: [big] }), (error: unknown) => {
        assert.ok(error instanceof HelpdeskError);
        assert.equal(error.kind, 'tooLarge');
        assert.match(error.message, /huge\.bin/);
        return true;
      });
      await assert.rejects(provider.createTicket({ subject: 's', bodyHtml: 'b', bodyMarkdown: 'b', department: '1', attachments: [big] }), { kind: 'tooLarge' });
      assert.deepEqual(fake.requests, []);
    });

    it('says the reply was sent when only its file failed', async () => {
      fake.missingRoutes.add('desk/comments/500/attachments');
      await assert.rejects(provider.reply('1', { bodyHtml: 'x', bodyMarkdown: 'x', internal: false, attachments: [file('a.txt', 'a')] }), /The reply was sent, but "a\.txt" was not attached/);
    });

    it('takes an upload answered with no attachment as a failed upload, not as done', async () => {
      fake.dropUploads = true;
      await assert.rejects(provider.reply('1', { bodyHtml: 'x', bodyMarkdown: 'x', internal: false, attachments: [file('a.txt', 'a')] }), (error: unknown) => {
        assert.ok(error instanceof HelpdeskError);
        assert.match(error.message, /The reply was sent, but "a\.txt" was not attached: the helpdesk answered without storing it/);
        return true;
      });
    });

    it('keeps files to 4 MiB by default: base64 JSON must pass PHP\'s default post_max_size (8M) with room to spare', () => {
      assert.equal(DEFAULT_MAX_UPLOAD_BYTES, 4 * 1024 * 1024);
      const body = JSON.stringify(attachmentsInput({ name: 'f.bin', contentType: 'application/octet-stream', data: new Uint8Array(DEFAULT_MAX_UPLOAD_BYTES) }));
      assert.ok(body.length < 0.7 * 8 * 1024 * 1024, `${body.length} bytes`);
    });
  });

  describe('creating and updating', () => {
    it('creates with branch, status new, source, priority and me as reporter, then attaches files', async () => {
      const ticket = await provider.createTicket({
        subject: ' Broken build ',
        bodyHtml: '<p>It fails</p>',
        bodyMarkdown: 'It fails',
        department: '2',
        priority: 'high',
        agent: 'oro_4',
        fields: { source: 'email' },
        attachments: [file('build.log', 'error')],
      });
      const [create, attach] = writes();
      assert.deepEqual(create, {
        method: 'POST',
        route: 'desk/tickets',
        json: { branch: 2, subject: 'Broken build', description: '<p>It fails</p>', status: 'new', priority: 'high', source: 'email', reporter: 'oro_1', assignee: 4 },
      });
      assert.equal(attach?.route, `desk/tickets/${ticket.id}/attachments`);
      assert.equal(ticket.ref, `BRANCHC-${ticket.id}`);
      assert.equal(ticket.status.id, 'new');
      assert.equal(ticket.agent?.id, 'oro_4');
    });

    it('defaults to source web and priority medium; a requester email becomes that customer', async () => {
      await provider.createTicket({ subject: 's', bodyHtml: 'b', bodyMarkdown: 'b', department: '1', requester: 'joe@example.com', attachments: [] });
      assert.deepEqual(writes()[0]?.json, { branch: 1, subject: 's', description: 'b', status: 'new', priority: 'medium', source: 'web', reporter: 'diamante_2' });
      await assert.rejects(provider.createTicket({ subject: 's', bodyHtml: 'b', bodyMarkdown: 'b', department: '1', requester: 'nobody@example.com', attachments: [] }), {
        kind: 'validation',
      });
    });

    it('refuses a draft without branch, subject or description, or with a wrong source, before sending', async () => {
      const base = { subject: 's', bodyHtml: 'b', bodyMarkdown: 'b', department: '1', attachments: [] };
      for (const draft of [{ ...base, department: undefined }, { ...base, subject: ' ' }, { ...base, bodyHtml: '' }, { ...base, fields: { source: 'fax' } }, { ...base, priority: 'urgent' }]) {
        await assert.rejects(provider.createTicket(draft), { kind: 'validation' });
      }
      assert.deepEqual(writes(), []);
    });

    it('offers source as a create field', async () => {
      const [source] = await provider.createTicketFields();
      assert.equal(source?.name, 'source');
      assert.equal(source?.type, 'choice');
      assert.equal(source?.defaultValue, 'web');
      assert.deepEqual(
        source?.options?.map((o) => o.id),
        ['web', 'email', 'phone'],
      );
    });

    it('PATCHes only the fields that change', async () => {
      const closed = await provider.updateTicket('1', { status: 'closed' });
      assert.equal(closed.status.kind, 'closed');
      const unassigned = await provider.updateTicket('3', { agent: null });
      assert.equal(unassigned.agent, undefined);
      await provider.updateTicket('BRANCHC-2', { priority: 'high', status: 'open' });
      assert.deepEqual(writes(), [
        { method: 'PATCH', route: 'desk/tickets/1', json: { status: 'closed' } },
        { method: 'PATCH', route: 'desk/tickets/3', json: { assignee: null } },
        { method: 'PATCH', route: 'desk/tickets/BRANCHC-2', json: { status: 'open', priority: 'high' } },
      ]);
      await assert.rejects(provider.updateTicket('1', { status: 'done' }), { kind: 'validation' });
    });

    it('refuses to assign an existing ticket or move it to another branch, which the API answers with 500', async () => {
      assert.equal(provider.capabilities.assign, false);
      await assert.rejects(provider.updateTicket('3', { agent: 'oro_4' }), { kind: 'unsupported' });
      await assert.rejects(provider.updateTicket('3', { status: 'open', department: '1' }), { kind: 'unsupported' });
      assert.deepEqual(writes(), []);
    });

    it('sends a subject without control characters, which the server refuses in a subject', async () => {
      await provider.createTicket({ subject: ' Build fails\r\n\ton CI ', bodyHtml: 'b', bodyMarkdown: 'b', department: '1', attachments: [] });
      const [post] = writes();
      assert.equal((post?.json as { subject?: string }).subject, 'Build fails on CI');
    });

    it("turns the server validator's dump in a 500 into a validation error with fields", async () => {
      fake.refuseOnCreate = ['subject'];
      await assert.rejects(provider.createTicket({ subject: 's', bodyHtml: 'b', bodyMarkdown: 'b', department: '1', attachments: [] }), (error: unknown) => {
        assert.ok(error instanceof HelpdeskError);
        assert.equal(error.kind, 'validation');
        assert.deepEqual(error.fields, { subject: ['This is a required field'] });
        return true;
      });
      assert.equal(writes().length, 1, 'a POST is never repeated');
    });
  });

  describe('reference data', () => {
    it('has the six statuses, three priorities, branches as departments and OroPlatform users as agents', async () => {
      const data = await provider.referenceData();
      assert.deepEqual(
        data.statuses.map((s) => s.id),
        ['new', 'open', 'pending', 'in_progress', 'on_hold', 'closed'],
      );
      assert.deepEqual(
        data.priorities.map((p) => p.id),
        ['low', 'medium', 'high'],
      );
      assert.deepEqual(data.departments, [
        { id: '1', name: 'Support' },
        { id: '2', name: 'Sales' },
      ]);
      assert.deepEqual(
        data.agents.map((a) => [a.id, a.name]),
        [
          ['oro_1', 'Ada Admin'],
          ['oro_4', 'Tess Tech'],
        ],
      );
      assert.equal(requestsTo('users').length, 1);
      assert.equal(requestsTo('desk/users').length, 0, "the desk API's users are customers");
    });
  });
});

describe('diamantedesk descriptor: settings a pasted address implies', () => {
  it('a pasted v1 API address keeps apiVersion v1; latest or a plain address adds nothing', () => {
    assert.deepEqual(diamantedeskDescriptor.settingsFromAddress?.('https://desk.example.com/api/rest/v1/desk'), { apiVersion: 'v1' });
    assert.deepEqual(diamantedeskDescriptor.settingsFromAddress?.('https://desk.example.com/api/rest/latest/desk/'), {});
    assert.deepEqual(diamantedeskDescriptor.settingsFromAddress?.('https://desk.example.com'), {});
    assert.equal(diamantedeskDescriptor.normalizeBaseUrl('https://desk.example.com/api/rest/v1/desk'), 'https://desk.example.com');
  });
});
