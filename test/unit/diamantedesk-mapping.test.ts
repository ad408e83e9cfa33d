// DiamanteDesk JSON to the model (tickets, comments in both author shapes, attachments),
// paging headers to cursors, addresses, and error bodies. Pure functions, no network.
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { diamantedeskDescriptor } from '../../src/providers/diamantedesk';
import { asValidation, parseDiamanteErrorBody } from '../../src/providers/diamantedesk/errors';
import { assigneeValue, ticketSegment } from '../../src/providers/diamantedesk/input';
import { bodyFormat, type Lookups, mapConversation, mapStatus, mapTicket, STATUSES } from '../../src/providers/diamantedesk/mapping';
import { MovedTickets } from '../../src/providers/diamantedesk/moved';
import { nextPage, parseLinks, readPaging, TicketCountCheck, totalOf } from '../../src/providers/diamantedesk/queries';
import { readBody, readList, readTicket } from '../../src/providers/diamantedesk/schema';
import { apiRoot, apiVersionInAddress, downloadUrl, normalizeBaseUrl, readApiVersion } from '../../src/providers/diamantedesk/url';

// The vendor's documented ticket detail, with a comment in each author shape.
const DETAIL = {
  attachments: [
    {
      id: 15,
      created_at: '2015-07-17T11:25:53+0000',
      updated_at: '2015-07-17T11:25:53+0000',
      file: { url: 'http://localhost/desk/attachments/download/file/450385ca08c7cfe5b507ad85f3a17428', filename: 'test.jpg' },
      thumbnails: { url: 'http://localhost/desk/attachments/download/thumbnail/450385ca08c7cfe5b507ad85f3a17428', filename: 'x.png' },
    },
  ],
  branch: 1,
  comments: [
    {
      attachments: [],
      author: { email: 'ada@example.com', id: 'oro_1', name: 'Ada Admin' },
      content: '<p>Internal <b>note</b></p>',
      created_at: '2015-07-18T11:25:22+0000',
      id: 104,
      private: true,
      ticket: 12,
      updated_at: '2015-07-18T11:25:22+0000',
    },
    {
      attachments: [{ id: 13, file: { url: 'http://localhost/desk/attachments/download/file/338477', filename: 'log.txt' } }],
      author: 2,
      author_type: 'diamante',
      content: 'Any news?\nStill broken.',
      created_at: '2015-07-17T12:00:00+0000',
      id: 101,
      private: false,
      ticket: 12,
    },
  ],
  created_at: '2015-07-17T11:25:47+0000',
  description: 'Test Description',
  id: 12,
  key: 'BRANCHB-3',
  priority: 'medium',
  reporter: 'diamante_2',
  source: 'phone',
  status: 'in_progress',
  subject: 'Test Ticket',
  unique_id: { id: '4b1573586e00d7760babf2aa0bdb9cdc' },
  updated_at: '2015-07-17T11:25:47+0000',
  tags: [{ id: 1, name: 'printer' }],
};

const LOOKUPS: Lookups = {
  baseUrl: 'https://desk.example.com',
  branches: new Map([['1', 'Support']]),
  person: (id) => (id === 'diamante_2' ? { id, name: 'Joe Customer', email: 'joe@example.com', isAgent: false } : undefined),
};

describe('diamantedesk mapping', () => {
  describe('tickets', () => {
    it('maps the documented detail: key as ref, string ids, branch, status kind, people, link', () => {
      const ticket = mapTicket(readBody(DETAIL, readTicket, 'ticket'), LOOKUPS);
      assert.equal(ticket.id, '12');
      assert.equal(ticket.ref, 'BRANCHB-3');
      assert.equal(ticket.subject, 'Test Ticket');
      assert.deepEqual(ticket.status, { id: 'in_progress', name: 'In progress', kind: 'open' });
      assert.deepEqual(ticket.priority, { id: 'medium', name: 'Medium' });
      assert.deepEqual(ticket.department, { id: '1', name: 'Support' });
      assert.equal(ticket.requester?.name, 'Joe Customer');
      assert.equal(ticket.agent, undefined, 'no assignee field: unassigned');
      assert.deepEqual(ticket.labels, ['printer']);
      assert.equal(ticket.createdAt, '2015-07-17T11:25:47.000Z');
      assert.equal(ticket.updatedAt, '2015-07-18T11:25:22.000Z', 'the latest comment counts as activity');
      assert.equal(ticket.webUrl, 'https://desk.example.com/desk/tickets/view/BRANCHB-3');
    });

    it('maps a list item with an assignee to the agent oro_N, known or not', () => {
      const [item] = readList(
        [{ assignee: 4, branch: 9, created_at: '2015-07-17T11:25:21+0000', id: 1, key: 'BRANCHC-1', priority: 'low', reporter: 'oro_1', status: 'new', subject: 's' }],
        readTicket,
        'tickets',
      );
      const ticket = mapTicket(item!, LOOKUPS);
      assert.deepEqual(ticket.agent, { id: 'oro_4', name: 'Agent #4', isAgent: true });
      assert.deepEqual(ticket.requester, { id: 'oro_1', name: 'Agent #1', isAgent: true });
      assert.deepEqual(ticket.department, { id: '9', name: 'Branch 9' });
    });

    it('knows the six statuses and their kinds, and keeps an unknown one readable', () => {
      assert.deepEqual(
        STATUSES.map((status) => `${status.id}:${status.kind}`),
        ['new:new', 'open:open', 'pending:pending', 'in_progress:open', 'on_hold:onHold', 'closed:closed'],
      );
      assert.deepEqual(mapStatus('waiting_vendor'), { id: 'waiting_vendor', name: 'Waiting vendor', kind: 'open' });
    });

    it('fails loudly on a changed API', () => {
      assert.throws(() => readList(null, readTicket, 'tickets'), (error: unknown) => error instanceof HelpdeskError && error.kind === 'protocol');
      assert.throws(() => readBody({ id: 1, created_at: 'soon' }, readTicket, 'ticket'), /ticket\.status is missing/);
    });
  });

  describe('conversation', () => {
    const messages = mapConversation(readBody(DETAIL, readTicket, 'ticket'), LOOKUPS);

    it('is the description, then the comments oldest first', () => {
      assert.deepEqual(
        messages.map((m) => m.id),
        ['ticket-12', '101', '104'],
      );
    });

    it('gives the description the ticket files and the reporter', () => {
      const [description] = messages;
      assert.equal(description?.author.name, 'Joe Customer');
      assert.equal(description?.body, 'Test Description');
      assert.equal(description?.format, 'text');
      assert.deepEqual(description?.attachments, [
        { id: '15', name: 'test.jpg', isImage: true, downloadRef: 'http://localhost/desk/attachments/download/file/450385ca08c7cfe5b507ad85f3a17428' },
      ]);
    });

    it('reads both author shapes; private comments are internal', () => {
      const customer = messages[1];
      assert.deepEqual(customer?.author, { id: 'diamante_2', name: 'Joe Customer', email: 'joe@example.com', isAgent: false });
      assert.equal(customer?.internal, false);
      assert.equal(customer?.attachments[0]?.name, 'log.txt');
      const note = messages[2];
      assert.deepEqual(note?.author, { id: 'oro_1', name: 'Ada Admin', email: 'ada@example.com', isAgent: true });
      assert.equal(note?.internal, true);
      assert.equal(note?.format, 'html');
    });

    it('tells HTML from plain text', () => {
      assert.equal(bodyFormat('<p>x</p>'), 'html');
      assert.equal(bodyFormat('a < b and c > d'), 'text');
    });
  });

  describe('paging', () => {
    const LINK =
      '<http://h/api/rest/latest/desk/tickets?limit=25&page=1>; rel="first", <http://h/api/rest/latest/desk/tickets?limit=25&page=5>; rel="last", ' +
      '<http://h/api/rest/latest/desk/tickets?limit=25&page=3>; rel="next", <http://h/api/rest/latest/desk/tickets?limit=25&page=1>; rel="previous"';

    it('reads the Link relations, prev and previous alike', () => {
      const links = parseLinks(LINK);
      assert.deepEqual([...links.entries()], [['first', 1], ['last', 5], ['next', 3], ['previous', 1]]);
      assert.equal(parseLinks('<http://h/x?page=1>; rel=prev').get('previous'), 1);
      assert.equal(parseLinks('').size, 0);
    });

    it('reads X-Total; an empty Link header still counts as present', () => {
      assert.deepEqual(readPaging({ 'x-total': '110' }), { total: 110 });
      assert.equal(readPaging({ link: '' }).links?.size, 0);
      assert.equal(readPaging({ 'x-total': 'many' }).total, undefined);
    });

    it('finds the next page from Link, then X-Total, then a full page', () => {
      assert.equal(nextPage(2, 25, 25, readPaging({ link: LINK, 'x-total': '110' })), 3);
      assert.equal(nextPage(5, 25, 25, readPaging({ link: '<http://h/x?page=4>; rel="previous"', 'x-total': '125' })), undefined);
      assert.equal(nextPage(1, 25, 25, readPaging({ link: '' })), undefined);
      assert.equal(nextPage(1, 25, 25, { total: 60 }), 2);
      assert.equal(nextPage(3, 25, 25, { total: 75 }), undefined);
      assert.equal(nextPage(1, 25, 25, {}), 2);
    });

    it('stops at a short or empty page whatever the headers say, and never goes backwards', () => {
      assert.equal(nextPage(2, 25, 7, readPaging({ link: LINK, 'x-total': '110' })), undefined);
      assert.equal(nextPage(2, 25, 0, {}), undefined);
      assert.equal(nextPage(4, 25, 25, readPaging({ link: '<http://h/x?page=2>; rel="next"' })), undefined);
    });

    it('corrects X-Total when the last page shows the real count', () => {
      assert.equal(totalOf(1, 25, 25, { total: 110 }), 110);
      assert.equal(totalOf(3, 25, 4, { total: 900 }), 54);
      assert.equal(totalOf(1, 25, 4, {}), undefined);
    });

    it("believes the tickets' X-Total only after a page whose end is known agreed with it", () => {
      const right = new TicketCountCheck();
      assert.equal(right.total(1, 25, 25, { total: 54 }), undefined, 'not yet known to be right');
      assert.equal(right.total(3, 25, 4, { total: 54 }), 54);
      assert.equal(right.trusted, true);
      assert.equal(right.total(1, 25, 25, { total: 110 }), 110);
      // The released server: (all tickets) × (matching ones).
      const crossJoin = new TicketCountCheck();
      assert.equal(crossJoin.total(1, 25, 25, { total: 600 * 54 }), undefined);
      assert.equal(crossJoin.total(3, 25, 4, { total: 600 * 54 }), 54, 'the end shows the real count');
      assert.equal(crossJoin.total(2, 25, 0, { total: 600 * 25 }), 25, 'an empty page after a full one');
      assert.equal(crossJoin.trusted, false);
      assert.equal(crossJoin.total(1, 25, 25, { total: 600 * 600 }), undefined);
      // Once wrong, a chance agreement changes nothing.
      assert.equal(crossJoin.total(1, 25, 1, { total: 1 }), 1);
      assert.equal(crossJoin.total(1, 25, 25, { total: 60 }), undefined);
      assert.equal(new TicketCountCheck().total(1, 25, 3, {}), 3, 'no X-Total: the short page still counts');
    });
  });

  describe('moved tickets', () => {
    const moved301 = () => new HelpdeskError('protocol', 'The helpdesk redirected GET desk/tickets/BRANCHA-5 (301)', { status: 301 });

    it('repeats a request refused with 301 once, by the key X-Location names', async () => {
      const moved = new MovedTickets();
      const asked: string[] = [];
      const result = await moved.follow('BRANCHA-5', 'BRANCHA-5', async (segment) => {
        asked.push(segment);
        if (segment !== 'BRANCHA-5') return 'found';
        moved.observe(301, { 'x-location': '/api/diamante/rest/latest/desk/tickets/BRANCHC-12' });
        throw moved301();
      });
      assert.equal(result, 'found');
      assert.deepEqual(asked, ['BRANCHA-5', 'BRANCHC-12']);
    });

    it('does not guess when another 301 arrived meanwhile, or X-Location names no key', async () => {
      const moved = new MovedTickets();
      const twice = moved.follow('BRANCHA-5', 'BRANCHA-5', async () => {
        moved.observe(301, { 'x-location': '/api/diamante/rest/latest/desk/tickets/BRANCHC-12' });
        moved.observe(301, { 'x-location': '/api/diamante/rest/latest/desk/tickets/BRANCHB-2' });
        throw moved301();
      });
      await assert.rejects(twice, (error: unknown) => error instanceof HelpdeskError && error.kind === 'notFound' && /moved to another branch/.test(error.message));
      const odd = moved.follow('BRANCHA-5', 'BRANCHA-5', async () => {
        moved.observe(301, { 'x-location': '/somewhere/else' });
        throw moved301();
      });
      await assert.rejects(odd, { kind: 'notFound' });
      await assert.rejects(moved.follow('1', '1', async () => Promise.reject(new HelpdeskError('server', 'boom', { status: 500 }))), { kind: 'server' });
    });
  });

  describe('addresses', () => {
    it('accepts the helpdesk address and pasted API or agent-interface URLs', () => {
      assert.equal(normalizeBaseUrl('https://desk.example.com/'), 'https://desk.example.com');
      assert.equal(normalizeBaseUrl('https://desk.example.com/api/rest/latest/desk'), 'https://desk.example.com');
      assert.equal(normalizeBaseUrl('https://desk.example.com/api/rest/v1/desk/tickets/'), 'https://desk.example.com');
      assert.equal(normalizeBaseUrl('https://host/diamantedesk/web/api/rest/latest/desk'), 'https://host/diamantedesk/web');
      assert.equal(normalizeBaseUrl('https://host/api/diamante/rest/latest/desk/tickets'), 'https://host');
      assert.equal(normalizeBaseUrl('https://desk.example.com/desk/tickets/view/BRANCHB-3'), 'https://desk.example.com');
      assert.equal(normalizeBaseUrl('https://host/desk'), 'https://host/desk', 'a bare /desk may be the install folder');
      assert.equal(diamantedeskDescriptor.normalizeBaseUrl('https://desk.example.com/api/rest/latest/desk/'), 'https://desk.example.com');
    });

    it('refuses what cannot be a helpdesk address', () => {
      for (const bad of ['', 'desk.example.com', 'ftp://desk.example.com', 'https://user:pw@desk.example.com', 'https://desk.example.com/?x=1', 'https://h/api/other']) {
        assert.throws(() => normalizeBaseUrl(bad), (error: unknown) => error instanceof HelpdeskError && error.kind === 'config', bad);
      }
    });

    it('derives the API root for either version', () => {
      assert.equal(apiRoot('https://desk.example.com', 'latest'), 'https://desk.example.com/api/rest/latest/');
      assert.equal(apiRoot('https://h/sub', 'v1'), 'https://h/sub/api/rest/v1/');
      assert.equal(readApiVersion(undefined), 'latest');
      assert.equal(readApiVersion('v1'), 'v1');
      assert.throws(() => readApiVersion('v2'), { kind: 'config' });
      assert.equal(apiVersionInAddress('https://h/api/rest/v1/desk'), 'v1');
      assert.equal(apiVersionInAddress('https://h'), undefined);
    });

    it("fetches files from the configured origin, keeping the server's path", () => {
      assert.equal(downloadUrl('http://localhost/desk/attachments/download/file/abc', 'https://desk.example.com'), 'https://desk.example.com/desk/attachments/download/file/abc');
      assert.equal(downloadUrl('https://desk.example.com/web/desk/attachments/download/file/abc', 'https://desk.example.com/web'), 'https://desk.example.com/web/desk/attachments/download/file/abc');
    });
  });

  describe('inputs', () => {
    it('takes tickets by id or key and agents as oro_N', () => {
      assert.equal(ticketSegment('12'), '12');
      assert.equal(ticketSegment('BRANCHB-3'), 'BRANCHB-3');
      assert.throws(() => ticketSegment('../users'), { kind: 'validation' });
      assert.equal(assigneeValue('oro_4'), 4);
      assert.equal(assigneeValue('4'), 4);
      assert.throws(() => assigneeValue('diamante_2'), { kind: 'validation' });
    });
  });

  describe('error bodies', () => {
    it('reads {"error": ...} and {"message": ...}', () => {
      assert.deepEqual(parseDiamanteErrorBody(404, { error: 'Ticket loading failed, ticket not found.' }), { message: 'Ticket loading failed, ticket not found.' });
      assert.deepEqual(parseDiamanteErrorBody(401, { message: ' Incorrect email or password.' }), { message: 'Incorrect email or password.' });
      assert.equal(parseDiamanteErrorBody(401, ''), undefined);
      assert.equal(parseDiamanteErrorBody(500, '<html><body>Oops</body></html>'), undefined);
      assert.equal(parseDiamanteErrorBody(500, { unrelated: true }), undefined);
    });

    it("reads the validator's dump into field errors and makes its 500 a validation error", () => {
      const dump =
        'Object(Diamante\\DeskBundle\\Api\\Command\\CreateTicketCommand).subject:\n    This is a required field\n' +
        'Object(Diamante\\DeskBundle\\Api\\Command\\CreateTicketCommand).reporter:\n    This is a required field\n';
      const parsed = parseDiamanteErrorBody(500, { error: dump });
      assert.deepEqual(parsed?.fields, { subject: ['This is a required field'], reporter: ['This is a required field'] });
      // Symfony's violation text ends with the constraint's code: left out.
      const coded = 'Object(Diamante\\DeskBundle\\Api\\Command\\CommentCommand).content:\n    This is a required field (code ad32d13f-c3d4-423b-909a-857b961eb720)\n';
      assert.deepEqual(parseDiamanteErrorBody(500, { error: coded })?.fields, { content: ['This is a required field'] });
      const error = asValidation(new HelpdeskError('server', 'The helpdesk failed to handle POST /x (500)', { status: 500, fields: parsed?.fields ?? {} }));
      assert.ok(error instanceof HelpdeskError);
      assert.equal(error.kind, 'validation');
      assert.match(error.message, /subject: This is a required field/);
      const plain = new HelpdeskError('server', 'boom', { status: 500 });
      assert.equal(asValidation(plain), plain);
    });
  });
});
