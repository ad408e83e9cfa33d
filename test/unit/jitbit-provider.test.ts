// JitbitProvider with the real HttpClient against a small scripted Jitbit on loopback:
// which requests each call makes (route, query, form or multipart fields, headers) and what
// it makes of the answers. The full simulator is exercised by the contract test.
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { silentLogger, type Logger } from '../../src/helpdesk/log';
import type { Credentials } from '../../src/helpdesk/model';
import type { ProviderContext } from '../../src/helpdesk/provider';
import { renderBody } from '../../src/helpdesk/render';
import { jitbitDescriptor, JitbitProvider } from '../../src/providers/jitbit';
import { descriptorFor, isSupported } from '../../src/providers/registry';
import { type FakeJitbit, GOOD_TOKEN, startFakeJitbit } from './jitbit-fake-server';

const PASSWORD: Credentials = { username: 'admin', secret: 's3cret-pass' };

describe('jitbit provider', () => {
  let fake: FakeJitbit;
  let provider: JitbitProvider;
  let logLines: string[];

  function makeProvider(credentials: Credentials = PASSWORD, baseUrl = fake.url): JitbitProvider {
    logLines = [];
    const log: Logger = {
      trace: () => undefined,
      debug: () => undefined,
      info: (line) => logLines.push(line),
      warn: (line) => logLines.push(line),
      error: (line) => logLines.push(String(line)),
    };
    const context: ProviderContext = {
      config: { id: 'jb', label: 'JB', type: 'jitbit', baseUrl },
      credentials,
      log,
      http: { timeoutMs: 5000, retryBaseDelayMs: 1 },
    };
    return new JitbitProvider(context, { sleep: async () => undefined });
  }

  beforeEach(async () => {
    fake = await startFakeJitbit();
    provider = makeProvider();
  });

  afterEach(async () => {
    await provider.dispose();
    await fake.close();
  });

  const routes = () => fake.requests.map((r) => `${r.method} ${r.route}`);

  describe('registry and connection', () => {
    it('is registered under both names and usable', () => {
      assert.equal(descriptorFor('jitbit'), jitbitDescriptor);
      assert.ok(isSupported('jitbit'));
      assert.deepEqual(jitbitDescriptor.names, ['Jitbit Helpdesk', 'Destek Sitesi']);
      assert.equal(jitbitDescriptor.credentialPrompt.username?.optional, true);
      assert.match(jitbitDescriptor.lockoutWarning ?? '', /five minutes/);
    });

    it('tests the connection with POST /api/Authorization, Basic auth, gzip accepted', async () => {
      const me = await provider.whoAmI();
      assert.deepEqual(me, { id: '1', name: 'Ada Admin', email: 'admin@example.com', isAgent: true });
      const request = fake.requests[0]!;
      assert.equal(`${request.method} ${request.route}`, 'POST authorization');
      assert.equal(request.headers.authorization, `Basic ${Buffer.from('admin:s3cret-pass').toString('base64')}`);
      assert.match(String(request.headers['accept-encoding']), /gzip/);
    });

    it('logs in a Windows user as DOMAIN\\user, and a token as Bearer', async () => {
      await makeProvider({ username: 'CORP\\admin', secret: 's3cret-pass' }).whoAmI();
      await makeProvider({ secret: `Bearer ${GOOD_TOKEN}` }).whoAmI();
      assert.equal(fake.requests.at(-1)?.headers.authorization, `Bearer ${GOOD_TOKEN}`);
      assert.equal(fake.requests.length, 2);
    });

    it('says an HTML page does not look like a Jitbit API', async () => {
      fake.htmlSite = true;
      await assert.rejects(provider.whoAmI(), (error: HelpdeskError) => {
        assert.equal(error.kind, 'protocol');
        assert.match(error.message, /does not look like a Jitbit Helpdesk API/);
        assert.match(error.message, /sub-folder/);
        return true;
      });
    });

    it('says a missing /api route does not look like a Jitbit API', async () => {
      const wrong = makeProvider(PASSWORD, fake.url.replace('/helpdesk', '/nothing-here'));
      await assert.rejects(wrong.whoAmI(), /does not look like a Jitbit Helpdesk API/);
    });

    it('keeps the password out of the log', async () => {
      const wrong = makeProvider({ username: 'admin', secret: 'wrong-password' });
      await assert.rejects(wrong.whoAmI(), { kind: 'auth' });
      const encoded = Buffer.from('admin:wrong-password').toString('base64');
      for (const line of logLines) {
        assert.doesNotMatch(line, /wrong-password/);
        assert.ok(!line.includes(encoded));
      }
    });
  });

  describe('lockout safety', () => {
    it('sends exactly one request with a wrong password, however many calls ask at once', async () => {
      fake.delayMs = 20;
      const wrong = makeProvider({ username: 'admin', secret: 'wrong-password' });
      const results = await Promise.allSettled([
        wrong.listTickets({ view: 'mine' }),
        wrong.listTickets({ view: 'open' }),
        wrong.getTicket('101'),
        wrong.referenceData(),
        wrong.whoAmI(),
      ]);
      assert.ok(results.every((result) => result.status === 'rejected' && (result.reason as HelpdeskError).kind === 'auth'));
      assert.equal(fake.requests.length, 1, routes().join(', '));
      await assert.rejects(wrong.whoAmI(), { kind: 'auth' });
      await assert.rejects(wrong.listMessages('101'), { kind: 'auth' });
      assert.equal(fake.requests.length, 1, 'nothing more is sent with the refused credential');
    });

    it('runs at most two requests at once once the credential has worked', async () => {
      fake.delayMs = 30;
      await provider.whoAmI();
      await Promise.all([
        provider.listTickets({ view: 'mine' }),
        provider.listTickets({ view: 'open' }),
        provider.listTickets({ view: 'unanswered' }),
        provider.getTicket('101'),
      ]);
      assert.equal(fake.peakConcurrency, 2);
    });

    it('waits out a 429 on a write (Retry-After), then sends it once more', async () => {
      await provider.whoAmI();
      fake.rateLimit = { remaining: 1, retryAfter: '1' };
      await provider.updateTicket('102', { priority: '2' });
      const updates = fake.requests.filter((r) => r.route === 'updateticket');
      assert.equal(updates.length, 2);
      assert.equal(fake.tickets.find((t) => t.id === 102)?.priority, 2);
    });

    it('waits out a 429 on a read with backoff when no Retry-After is sent', async () => {
      await provider.whoAmI();
      fake.rateLimit = { remaining: 2 };
      const page = await provider.listTickets({ view: 'open' });
      assert.ok(page.items.length > 0);
      assert.equal(fake.requests.filter((r) => r.route === 'tickets').length, 3);
    });
  });

  describe('views and paging', () => {
    it('maps the views to modes and pages by count/offset without a total', async () => {
      const mine = await provider.listTickets({ view: 'mine' }, undefined, 2);
      const first = fake.requests.at(-1)!;
      assert.equal(first.query.get('mode'), 'handledbyme');
      assert.equal(first.query.get('count'), '2');
      assert.equal(first.query.get('offset'), '0');
      assert.equal(mine.items.length, 2);
      assert.equal(mine.total, undefined);
      assert.ok(mine.next);

      const second = await provider.listTickets({ view: 'mine' }, mine.next, 2);
      assert.equal(fake.requests.at(-1)?.query.get('offset'), '2');
      assert.equal(second.items.length, 1, 'three of mine: the short page');
      assert.equal(second.next, undefined, 'a short page is the end');

      await provider.listTickets({ view: 'unanswered' });
      assert.equal(fake.requests.at(-1)?.query.get('mode'), 'unanswered');
      await provider.listTickets({ view: 'open' });
      assert.equal(fake.requests.at(-1)?.query.get('mode'), 'unclosed');
      assert.equal(fake.requests.at(-1)?.query.get('count'), '50');
      await provider.listTickets({ status: '2' });
      assert.equal(fake.requests.at(-1)?.query.get('mode'), 'all');
      assert.equal(fake.requests.at(-1)?.query.get('statusId'), '2');
      assert.ok(fake.requests.every((r) => r.method === 'GET' || r.route === 'authorization'));
    });

    it('maps list items to tickets', async () => {
      const page = await provider.listTickets({ view: 'open' });
      const ticket = page.items.find((t) => t.id === '101')!;
      assert.deepEqual(ticket, {
        id: '101',
        ref: '#101',
        subject: 'Printer 1 is on fire',
        status: { id: '2', name: 'In process', kind: 'open' },
        priority: { id: '0', name: 'Normal' },
        requester: { id: '7', name: 'Joe Customer', email: 'joe@example.com', isAgent: false },
        agent: { id: '1', name: 'Ada Admin', isAgent: true },
        department: { id: '11', name: 'Hardware' },
        createdAt: '2024-05-01T10:00:00.000Z',
        updatedAt: '2024-05-02T10:00:01.000Z',
        webUrl: `${fake.url}/Ticket/101`,
      });
      assert.equal(page.items.find((t) => t.id === '106')?.status.kind, 'pending', 'custom "Waiting for customer"');
    });

    it('searches through /api/Search, paging its single answer', async () => {
      const page = await provider.listTickets({ search: ' printer 3 ' });
      assert.equal(fake.requests.at(-1)?.route, 'search');
      assert.deepEqual([...fake.requests.at(-1)!.query.keys()], ['query'], 'Search takes no count or offset');
      assert.equal(fake.requests.at(-1)?.query.get('query'), 'printer 3');
      assert.deepEqual(page.items.map((t) => t.id), ['103']);
      assert.equal(page.next, undefined);

      const first = await provider.listTickets({ search: 'printer' }, undefined, 4);
      assert.deepEqual(first.items.map((t) => t.id), ['101', '102', '103', '104']);
      const second = await provider.listTickets({ search: 'printer' }, first.next, 4);
      assert.deepEqual(second.items.map((t) => t.id), ['105', '106', '107']);
      assert.equal(second.next, undefined);
    });
  });

  describe('a ticket and its conversation', () => {
    it('fetches detail and comments side by side, and the conversation reuses them', async () => {
      const ticket = await provider.getTicket('101');
      assert.deepEqual(routes().sort(), ['GET comments', 'GET ticket']);
      assert.equal(ticket.subject, 'Printer 1 is on fire');
      assert.deepEqual(ticket.labels, ['printer']);
      assert.equal(ticket.updatedAt, '2024-05-02T10:00:01.000Z');
      const messages = (await provider.listMessages('101')).items;
      assert.equal(fake.requests.length, 2, 'no second fetch for the conversation');

      assert.deepEqual(
        messages.map((m) => [m.id, m.author.name, m.internal, m.system === true, m.format, m.attachments.map((a) => a.name)]),
        [
          ['ticket-101', 'Joe Customer', false, false, 'html', ['photo.png']],
          ['501', 'Joe Customer', false, false, 'text', ['log.txt']],
          ['502', 'Ada Admin', true, false, 'html', []],
          ['503', 'Ada Admin', false, true, 'text', []],
        ],
      );
      assert.equal(messages[2]?.author.isAgent, true);
      assert.equal(messages[1]?.author.isAgent, false);

      // Later loads fetch afresh.
      await provider.listMessages('101');
      assert.equal(fake.requests.length, 4);
    });

    it('renders a BBCode body, and broken BBCode as its text, safely', async () => {
      const [body] = (await provider.listMessages('102')).items;
      assert.equal(body!.format, 'bbcode');
      assert.equal(renderBody(body!.body, body!.format, { allowRemoteImages: false }).html, '<b>Knowledge</b> base <span>text</span>');
      const [broken] = (await provider.listMessages('104')).items;
      assert.equal(broken!.format, 'bbcode');
      assert.equal(
        renderBody(broken!.body, broken!.format, { allowRemoteImages: false }).html,
        '<div class="plain">[b]Never closed [url=https://x.example]link &amp; &lt;tag&gt;</div>',
      );
    });

    it('says a deleted ticket no longer exists', async () => {
      await assert.rejects(provider.getTicket('999'), (error: HelpdeskError) => {
        assert.equal(error.kind, 'notFound');
        assert.match(error.message, /Ticket #999 does not exist.*deleted/);
        return true;
      });
      fake.tickets = fake.tickets.filter((t) => t.id !== 101);
      await assert.rejects(provider.listMessages('101'), { kind: 'notFound' });
    });

    it('downloads an attachment through /api/attachment', async () => {
      const messages = (await provider.listMessages('101')).items;
      const file = messages[1]!.attachments[0]!;
      const download = await provider.download(file);
      assert.equal(fake.requests.at(-1)?.route, 'attachment');
      assert.equal(fake.requests.at(-1)?.query.get('id'), '9002');
      assert.equal(download.name, 'log.txt');
      assert.equal(Buffer.from(download.data).toString(), 'log line');
    });

    it('refuses a ticket id that is not a number without sending anything', async () => {
      await assert.rejects(provider.getTicket('abc'), { kind: 'validation' });
      assert.equal(fake.requests.length, 0);
    });
  });

  describe('writing', () => {
    it('replies form-encoded, never as JSON', async () => {
      const sent = await provider.reply('101', { bodyHtml: '<p>On it</p>', bodyMarkdown: 'On it', internal: false, attachments: [] });
      const post = fake.requests.find((r) => r.route === 'comment')!;
      assert.equal(post.method, 'POST');
      assert.match(post.contentType, /^application\/x-www-form-urlencoded/);
      assert.deepEqual(post.fields, { id: '101', body: '<p>On it</p>', forTechsOnly: 'false' });
      assert.equal(sent.body, '<p>On it</p>');
      assert.equal(sent.author.name, 'Ada Admin');
      assert.equal(sent.internal, false);
      assert.ok(fake.requests.every((r) => !String(r.headers['content-type'] ?? '').includes('json')));
    });

    it('adds an internal note with files as uploadFile parts', async () => {
      const sent = await provider.reply('101', {
        bodyHtml: '<p>See logs</p>',
        bodyMarkdown: 'See logs',
        internal: true,
        attachments: [
          { name: 'a.txt', contentType: 'text/plain', data: new TextEncoder().encode('aaa') },
          { name: 'b.log', contentType: 'text/plain', data: new TextEncoder().encode('bbbb') },
        ],
      });
      const post = fake.requests.find((r) => r.route === 'comment')!;
      assert.match(post.contentType, /^multipart\/form-data/);
      assert.equal(post.fields.forTechsOnly, 'true');
      assert.deepEqual(post.files, [
        { field: 'uploadFile', name: 'a.txt', size: 3 },
        { field: 'uploadFile', name: 'b.log', size: 4 },
      ]);
      assert.equal(sent.internal, true);
      assert.deepEqual(sent.attachments.map((a) => a.name), ['a.txt', 'b.log']);
    });

    it('creates a ticket with category, priority, requester by email and a file', async () => {
      const ticket = await provider.createTicket({
        subject: 'New laptop',
        bodyHtml: '<p>Please</p>',
        bodyMarkdown: 'Please',
        department: '12',
        priority: '1',
        requester: 'joe@example.com',
        agent: '9',
        attachments: [{ name: 'spec.pdf', contentType: 'application/pdf', data: new Uint8Array([1, 2, 3]) }],
      });
      const post = fake.requests.find((r) => r.method === 'POST' && r.route === 'ticket')!;
      assert.match(post.contentType, /^multipart\/form-data/);
      assert.deepEqual(post.fields, { categoryId: '12', subject: 'New laptop', body: '<p>Please</p>', priorityId: '1', userId: '7', assignedToUserId: '9' });
      assert.deepEqual(post.files, [{ field: 'uploadFile', name: 'spec.pdf', size: 3 }]);
      assert.equal(ticket.subject, 'New laptop');
      assert.equal(ticket.priority?.name, 'High');
      assert.equal(ticket.requester?.name, 'Joe Customer');
    });

    it('asks for a category when the helpdesk has several', async () => {
      await assert.rejects(
        provider.createTicket({ subject: 'x', bodyHtml: 'x', bodyMarkdown: 'x', attachments: [] }),
        (error: HelpdeskError) => error.kind === 'validation' && error.fields?.department !== undefined,
      );
      assert.ok(!fake.requests.some((r) => r.method === 'POST'));
    });

    it('updates status, priority, assignee and category through /api/UpdateTicket', async () => {
      const updated = await provider.updateTicket('102', { status: '2', priority: '2', agent: '9', department: '11' });
      const post = fake.requests.find((r) => r.route === 'updateticket')!;
      assert.deepEqual(post.fields, { id: '102', priority: '2', categoryId: '11', assignedUserId: '9', statusId: '2' });
      assert.equal(updated.status.id, '2');
      assert.equal(updated.agent?.name, 'Tess Tech');

      await provider.updateTicket('102', { agent: null });
      assert.equal(fake.requests.filter((r) => r.route === 'updateticket').at(-1)?.fields.assignedUserId, '0');
    });

    it('closes through /api/Close', async () => {
      const closed = await provider.updateTicket('101', { status: '3' });
      assert.ok(!fake.requests.some((r) => r.route === 'updateticket'));
      const post = fake.requests.find((r) => r.route === 'close')!;
      assert.equal(post.fields.id, '101');
      assert.equal(closed.status.kind, 'closed');
    });

    it('refuses a priority outside -1..2', async () => {
      await assert.rejects(provider.updateTicket('101', { priority: '7' }), { kind: 'validation' });
    });
  });

  describe('reference data and canned replies', () => {
    it('lists statuses, priorities, categories and the techs of every category', async () => {
      await provider.listTickets({ view: 'open' });
      const data = await provider.referenceData();
      assert.deepEqual(data.statuses.map((s) => [s.id, s.name, s.kind]), [
        ['1', 'New', 'new'],
        ['2', 'In process', 'open'],
        ['3', 'Closed', 'closed'],
        ['5', 'Waiting for customer', 'pending'],
      ]);
      assert.deepEqual(data.priorities.map((p) => p.id), ['-1', '0', '1', '2']);
      assert.deepEqual(data.departments, [
        { id: '11', name: 'IT \\ Hardware' },
        { id: '12', name: 'Software' },
      ]);
      assert.deepEqual(data.agents, [
        { id: '1', name: 'Ada Admin', isAgent: true },
        { id: '9', name: 'Tess Tech', isAgent: true },
      ]);
      assert.deepEqual(
        fake.requests.filter((r) => r.route === 'techsforcategory').map((r) => r.query.get('id')),
        ['11', '12'],
      );
    });

    it('offers the canned replies from /api/CommentTemplates', async () => {
      assert.equal(provider.capabilities.cannedReplies, true);
      const replies = await provider.cannedReplies();
      assert.deepEqual(replies, [
        { id: '1420', name: 'Restart', body: 'Please restart the printer.', format: 'text' },
        { id: '362', name: 'Which app??', body: '<p>Which <b>app</b>?</p>', format: 'html' },
      ]);
      await provider.cannedReplies();
      assert.equal(fake.requests.filter((r) => r.route === 'commenttemplates').length, 1, 'cached');
    });
  });
});
