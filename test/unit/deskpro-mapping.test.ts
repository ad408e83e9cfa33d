import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { asTimestamp, parseTimestamp } from '../../src/helpdesk/json';
import { authorizationHeader, deskproAuth, readAuthMethod } from '../../src/providers/deskpro/auth';
import { hasNextPage } from '../../src/providers/deskpro/client';
import { parseDeskproErrorBody } from '../../src/providers/deskpro/errors';
import { mapMessage, mapStatus, mapTicket, namesById } from '../../src/providers/deskpro/mapping';
import {
  linkedPeople,
  readCollection,
  readMessage,
  readResource,
  readSingle,
  readMe,
  readTicket,
  readAttachment,
} from '../../src/providers/deskpro/schema';
import { apiRoot, normalizeBaseUrl } from '../../src/providers/deskpro/url';
import { decodePageCursor, encodePageCursor } from '../../src/providers/common/cursor';
import { filenameFromContentDisposition } from '../../src/providers/common/contentDisposition';

function ticketJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 42,
    ref: 'ABCD-1234-WXYZ',
    subject: 'Printer on fire',
    status: 'awaiting_agent',
    person: 7,
    agent: 3,
    department: 2,
    priority: 5,
    labels: ['hardware'],
    date_created: '2025-05-01T08:02:02+0000',
    date_last_agent_reply: '2025-05-02T09:00:00+0000',
    date_last_user_reply: '2025-05-03T10:30:00+0000',
    ...overrides,
  };
}

const linked = {
  person: {
    '7': { id: 7, name: 'Joanne Bloggs', primary_email: 'joanne@example.com', is_agent: false },
    '3': { id: 3, name: 'Greg Lestrade', primary_email: 'greg@example.com', is_agent: true },
  },
};

function expectProtocol(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof HelpdeskError, `expected a HelpdeskError, got ${String(error)}`);
    assert.equal(error.kind, 'protocol');
    assert.match(error.message, message);
    return true;
  });
}

describe('DeskPRO mapping', () => {
  describe('collections', () => {
    it('reads the meta.pagination form (what servers send)', () => {
      const body = {
        data: [ticketJson(), ticketJson({ id: 43 })],
        meta: { pagination: { total: 120, count: 2, per_page: 2, current_page: 1, total_pages: 60 } },
        linked,
      };
      const collection = readCollection(body, readTicket, 'tickets');
      assert.equal(collection.items.length, 2);
      assert.deepEqual(collection.paging, { total: 120, page: 1, totalPages: 60 });
      assert.equal(hasNextPage(collection, 1, 2), true);
    });

    it('reads the meta{total,page,per_page,total_pages} + links form (the v2 overview)', () => {
      const body = {
        links: { first: '/tickets', next: null, prev: '/tickets?page=1', last: '/tickets?page=2' },
        data: [ticketJson()],
        meta: { total: 3, page: 2, per_page: 2, total_pages: 2 },
      };
      const collection = readCollection(body, readTicket, 'tickets');
      assert.deepEqual(collection.paging, { total: 3, page: 2, totalPages: 2, hasNextLink: false });
      assert.equal(hasNextPage(collection, 2, 2), false);
    });

    it('falls back to links.next, then total, then a full page', () => {
      const withLink = readCollection({ data: [ticketJson()], links: { next: '/tickets?page=3' } }, readTicket, 't');
      assert.equal(hasNextPage(withLink, 2, 1), true);
      const withTotal = readCollection({ data: [ticketJson()], meta: { total: 2 } }, readTicket, 't');
      assert.equal(hasNextPage(withTotal, 1, 1), true);
      assert.equal(hasNextPage(withTotal, 2, 1), false);
      const bare = readCollection({ data: [ticketJson()] }, readTicket, 't');
      assert.equal(hasNextPage(bare, 1, 1), true);
      assert.equal(hasNextPage(bare, 1, 50), false);
    });

    it('leaves null side-loads unnamed', () => {
      const collection = readCollection({ data: [], linked: { person: { '7': null, '3': linked.person['3'] } } }, readTicket, 't');
      assert.deepEqual([...linkedPeople(collection.linked).keys()], ['3']);
    });

    it('accepts PHP\'s empty-array linked', () => {
      const collection = readCollection({ data: [], meta: {}, linked: [] }, readTicket, 'tickets');
      assert.equal(linkedPeople(collection.linked).size, 0);
    });
  });

  describe('tickets', () => {
    it('maps a ticket with side-loaded people and reference names', () => {
      const collection = readCollection({ data: [ticketJson()], linked }, readTicket, 'tickets');
      const ticket = mapTicket(collection.items[0]!, {
        baseUrl: 'https://acme.deskpro.com',
        people: linkedPeople(collection.linked),
        priorities: new Map([['5', 'High']]),
        departments: new Map([['2', 'Support']]),
      });
      assert.deepEqual(ticket, {
        id: '42',
        ref: 'ABCD-1234-WXYZ',
        subject: 'Printer on fire',
        status: { id: 'awaiting_agent', name: 'Awaiting Agent', kind: 'open' },
        priority: { id: '5', name: 'High' },
        requester: { id: '7', name: 'Joanne Bloggs', email: 'joanne@example.com', isAgent: false },
        agent: { id: '3', name: 'Greg Lestrade', email: 'greg@example.com', isAgent: true },
        department: { id: '2', name: 'Support' },
        labels: ['hardware'],
        createdAt: '2025-05-01T08:02:02.000Z',
        updatedAt: '2025-05-03T10:30:00.000Z',
        webUrl: 'https://acme.deskpro.com/agent/#app.tickets,t.o:42',
      });
    });

    it('leaves out null references and keeps ids when names are unknown', () => {
      const raw = readTicket(ticketJson({ agent: null, department: null, priority: 9, labels: undefined }), 'ticket');
      const ticket = mapTicket(raw, { baseUrl: 'https://h', people: new Map(), priorities: new Map(), departments: new Map() });
      assert.equal(ticket.agent, undefined);
      assert.equal(ticket.department, undefined);
      assert.equal(ticket.labels, undefined);
      assert.deepEqual(ticket.priority, { id: '9', name: 'Priority 9' });
      assert.deepEqual(ticket.requester, { id: '7', name: '#7' });
    });

    it('treats agent 0 as unassigned and tolerates person_id', () => {
      const raw = readTicket(ticketJson({ agent: 0, person: undefined, person_id: 4 }), 'ticket');
      assert.equal(raw.agentId, undefined);
      assert.equal(raw.personId, '4');
    });

    it('takes updatedAt as the latest of date_created and the date_last_* fields', () => {
      const onlyCreated = readTicket(ticketJson({ date_last_agent_reply: null, date_last_user_reply: null }), 't');
      assert.equal(onlyCreated.updatedAt, '2025-05-01T08:02:02.000Z');
      const agentLatest = readTicket(ticketJson({ date_last_agent_reply: '2025-06-01T00:00:00+0200' }), 't');
      assert.equal(agentLatest.updatedAt, '2025-05-31T22:00:00.000Z');
    });

    it('names the path of a field with the wrong shape', () => {
      const body = { data: [ticketJson(), ticketJson(), ticketJson(), ticketJson({ subject: 12 })] };
      expectProtocol(() => readCollection(body, readTicket, 'tickets'), /^Unexpected DeskPRO response: tickets\[3\]\.subject is not a string/);
    });

    it('fails on a missing data array, a bad date and a bad linked person', () => {
      expectProtocol(() => readCollection({ tickets: [] }, readTicket, 'tickets'), /tickets is missing/);
      expectProtocol(() => readCollection('<html>', readTicket, 'tickets'), /the response is not an object/);
      expectProtocol(
        () => readCollection({ data: [ticketJson({ date_created: 'yesterday' })] }, readTicket, 'tickets'),
        /tickets\[0\]\.date_created is not a valid date/,
      );
      expectProtocol(
        () => readCollection({ data: [ticketJson({ id: 'x'.repeat(0) })] }, readTicket, 'tickets'),
        /tickets\[0\]\.id is not an id/,
      );
      const collection = readCollection({ data: [], linked: { person: { '7': { id: 'seven!', name: 5 } } } }, readTicket, 't');
      expectProtocol(() => linkedPeople(collection.linked), /linked\.person\.7\.name is not a string/);
    });

    it('reads a single resource with its linked people', () => {
      const resource = readResource({ data: ticketJson(), linked }, readTicket, 'ticket');
      assert.equal(resource.item.id, '42');
      assert.equal(linkedPeople(resource.linked).get('3')?.name, 'Greg Lestrade');
      expectProtocol(() => readSingle({ meta: {} }, readTicket, 'ticket'), /data is missing/);
    });
  });

  describe('statuses', () => {
    it('maps the documented statuses to kinds and names', () => {
      assert.deepEqual(mapStatus('awaiting_agent'), { id: 'awaiting_agent', name: 'Awaiting Agent', kind: 'open' });
      assert.deepEqual(mapStatus('awaiting_user'), { id: 'awaiting_user', name: 'Awaiting User', kind: 'pending' });
      assert.deepEqual(mapStatus('pending'), { id: 'pending', name: 'Pending', kind: 'onHold' });
      assert.deepEqual(mapStatus('resolved'), { id: 'resolved', name: 'Resolved', kind: 'resolved' });
      assert.deepEqual(mapStatus('hidden'), { id: 'hidden', name: 'Hidden', kind: 'closed' });
    });

    it('gives sub-statuses their parent kind and unknown ones a readable name', () => {
      assert.deepEqual(mapStatus('hidden.spam'), { id: 'hidden.spam', name: 'Spam', kind: 'closed' });
      assert.deepEqual(mapStatus('on_the_moon'), { id: 'on_the_moon', name: 'On The Moon', kind: 'open' });
      assert.equal(mapStatus('awaiting_agent', namesById([{ id: 'awaiting_agent', name: 'Needs us' }])).name, 'Needs us');
    });
  });

  describe('messages', () => {
    const attachmentJson = {
      id: 900,
      message: 77,
      is_agent_note: false,
      blob: {
        blob_id: 5682,
        blob_auth: '5682XGMHPR8QZWMXZD0',
        download_url: 'https://acme.deskpro.com/file.php/5682XGMHPR8QZWMXZD0/log.txt',
        filename: 'log.txt',
        filesize: 1234,
        content_type: 'text/plain',
        is_image: false,
      },
    };

    it('maps a message with 0/1 note flags and resolves attachment ids', () => {
      const attachment = readAttachment(attachmentJson, 'attachments[0]')!;
      const raw = readMessage(
        { id: 77, ticket: 42, person: 3, date_created: '2025-05-01T08:02:02+0000', is_agent_note: 1, message: '<p>Hi</p>', attachments: [900] },
        'messages[0]',
      );
      const message = mapMessage(raw, {
        people: linkedPeople(readCollection({ data: [], linked }, readMessage, 'm').linked),
        attachments: new Map([
          [
            '900',
            {
              id: '900',
              name: attachment.blob.filename,
              size: 1234,
              contentType: 'text/plain',
              isImage: false,
              downloadRef: attachment.downloadUrl,
            },
          ],
        ]),
      });
      assert.equal(message.internal, true);
      assert.equal(message.format, 'html');
      assert.equal(message.author.name, 'Greg Lestrade');
      assert.equal(message.createdAt, '2025-05-01T08:02:02.000Z');
      assert.deepEqual(
        message.attachments.map((a) => [a.name, a.downloadRef]),
        [['log.txt', 'https://acme.deskpro.com/file.php/5682XGMHPR8QZWMXZD0/log.txt']],
      );
    });

    it('accepts booleans for is_agent_note and rejects other values', () => {
      const base = { id: 1, person: 3, date_created: '2025-05-01T08:02:02+0000', message: 'x' };
      assert.equal(readMessage({ ...base, is_agent_note: true }, 'm').isNote, true);
      assert.equal(readMessage({ ...base, is_agent_note: 0 }, 'm').isNote, false);
      expectProtocol(() => readCollection({ data: [{ ...base, is_agent_note: 'yes' }] }, readMessage, 'messages'), /messages\[0\]\.is_agent_note is not a boolean or 0\/1/);
    });

    it('skips an attachment whose blob is gone', () => {
      assert.equal(readAttachment({ ...attachmentJson, blob: null }, 'attachments[0]'), undefined);
    });

    it('requires a download URL on an attachment', () => {
      const { download_url: _omitted, ...blob } = attachmentJson.blob;
      expectProtocol(
        () => readCollection({ data: [{ ...attachmentJson, blob }] }, readAttachment, 'attachments'),
        /attachments\[0\]\.blob\.download_url is missing/,
      );
    });

    it('reads GET /me', () => {
      const me = readSingle({ data: { auth_method: 'api_key', person_id: 3, person: linked.person['3'] } }, readMe, 'data');
      assert.equal(me.personId, '3');
      assert.equal(me.person?.name, 'Greg Lestrade');
      expectProtocol(() => readSingle({ data: { auth_method: 'api_key' } }, readMe, 'data'), /data\.person_id is missing/);
    });
  });

  describe('dates', () => {
    const cases: Array<[string, string]> = [
      ['2025-05-01T08:02:02+0000', '2025-05-01T08:02:02.000Z'],
      ['2025-05-01T08:02:02+00:00', '2025-05-01T08:02:02.000Z'],
      ['2025-05-01T08:02:02Z', '2025-05-01T08:02:02.000Z'],
      ['2025-05-01T10:02:02+0200', '2025-05-01T08:02:02.000Z'],
      ['2025-05-01T03:32:02-0430', '2025-05-01T08:02:02.000Z'],
      ['2025-05-01 08:02:02', '2025-05-01T08:02:02.000Z'],
      ['2025-05-01T08:02:02.1234567Z', '2025-05-01T08:02:02.123Z'],
      ['2025-05-01', '2025-05-01T00:00:00.000Z'],
      ['2024-12-31T23:30:00-0100', '2025-01-01T00:30:00.000Z'],
    ];
    for (const [input, expected] of cases) {
      it(`reads ${input}`, () => assert.equal(parseTimestamp(input), expected));
    }

    for (const bad of ['', 'yesterday', '2025-13-01T00:00:00Z', '2025-04-31T00:00:00Z', '2025-02-29T00:00:00Z', '2025-05-01T24:00:00Z', '2025-05-01T08:02:02+2500', '1714550522']) {
      it(`rejects "${bad}"`, () => assert.equal(parseTimestamp(bad), undefined));
    }

    it('accepts 29 February in a leap year', () => assert.equal(parseTimestamp('2024-02-29T12:00:00Z'), '2024-02-29T12:00:00.000Z'));

    it('reports a non-string date with its path', () => {
      assert.throws(() => asTimestamp(1714550522, 'tickets[0].date_created'), /tickets\[0\]\.date_created is not a string/);
    });
  });

  describe('auth header', () => {
    it('sends an ID:CODE secret as an API key', () => {
      assert.equal(authorizationHeader('4:G24M3K6Y3R3H8DN9B6QGH3NW4'), 'key 4:G24M3K6Y3R3H8DN9B6QGH3NW4');
      assert.equal(authorizationHeader('  4:ABC \n'), 'key 4:ABC');
    });

    it('sends anything else as a token', () => {
      assert.equal(authorizationHeader('abcdef0123456789'), 'token abcdef0123456789');
      assert.equal(authorizationHeader('x4:ABC'), 'token x4:ABC');
    });

    it('lets authMethod override the guess', () => {
      assert.equal(authorizationHeader('4:ABC', 'token'), 'token 4:ABC');
      assert.equal(authorizationHeader('plain', 'apiKey'), 'key plain');
    });

    it('accepts a pasted header value', () => {
      assert.equal(authorizationHeader('key 4:ABC'), 'key 4:ABC');
      assert.equal(authorizationHeader('Token xyz'), 'token xyz');
      assert.equal(deskproAuth('token 4:ABC').credential, '4:ABC');
    });

    it('rejects an empty secret and a bad authMethod', () => {
      assert.throws(() => authorizationHeader('  '), (e: unknown) => e instanceof HelpdeskError && e.kind === 'auth');
      assert.throws(() => readAuthMethod('basic'), (e: unknown) => e instanceof HelpdeskError && e.kind === 'config');
      assert.equal(readAuthMethod(undefined), undefined);
      assert.equal(readAuthMethod('token'), 'token');
    });
  });

  describe('base URL', () => {
    const accepted: Array<[string, string]> = [
      ['https://acme.deskpro.com', 'https://acme.deskpro.com'],
      ['https://acme.deskpro.com/', 'https://acme.deskpro.com'],
      ['  https://ACME.deskpro.com// ', 'https://acme.deskpro.com'],
      ['https://acme.deskpro.com/api/v2', 'https://acme.deskpro.com'],
      ['https://acme.deskpro.com/api/v2/', 'https://acme.deskpro.com'],
      ['https://acme.deskpro.com/api', 'https://acme.deskpro.com'],
      ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
      ['https://intranet.example.com/deskpro/api/v2', 'https://intranet.example.com/deskpro'],
    ];
    for (const [input, expected] of accepted) {
      it(`accepts ${JSON.stringify(input)}`, () => assert.equal(normalizeBaseUrl(input), expected));
    }

    const rejected: Array<[string, RegExp]> = [
      ['', /Enter the address/],
      ['acme.deskpro.com', /start it with https:\/\//],
      ['ftp://acme.deskpro.com', /must start with https:\/\/ or http:\/\//],
      ['https://', /not a valid address|no host/],
      ['https://user:pw@acme.deskpro.com', /user name and password/],
      ['https://acme.deskpro.com/?x=1', /without "\?" or "#"/],
      ['https://acme.deskpro.com/api/v1', /inside the API/],
      ['https://acme.deskpro.com/api/v2/tickets', /inside the API/],
    ];
    for (const [input, reason] of rejected) {
      it(`rejects ${JSON.stringify(input)}`, () => {
        assert.throws(
          () => normalizeBaseUrl(input),
          (e: unknown) => e instanceof HelpdeskError && e.kind === 'config' && reason.test(e.message),
        );
      });
    }

    it('derives the API root', () => {
      assert.equal(apiRoot('https://acme.deskpro.com'), 'https://acme.deskpro.com/api/v2/');
      assert.equal(apiRoot('https://acme.deskpro.com/api/v2/'), 'https://acme.deskpro.com/api/v2/');
    });
  });

  describe('error bodies', () => {
    it('flattens nested field errors to dotted paths', () => {
      const parsed = parseDeskproErrorBody(400, {
        status: 400,
        code: 'invalid_input',
        message: 'Request input is invalid.',
        errors: {
          errors: [{ code: 'extra_fields', message: 'Unexpected field names: name' }],
          fields: {
            email: { errors: [{ code: 'required', message: 'This value should not be blank.' }] },
            date: {
              errors: [{ code: 'invalid_date', message: 'This date is invalid' }],
              fields: {
                day: { errors: [{ code: 'out_of_range', message: 'Must be a number between 1 and 31' }] },
                year: { errors: [{ code: 'required', message: 'This value is required' }] },
              },
            },
            message: { fields: { attachments: { errors: [{ code: 'invalid', message: 'Unknown blob' }] } } },
          },
        },
      });
      assert.deepEqual(parsed, {
        code: 'invalid_input',
        message: 'Request input is invalid. Unexpected field names: name',
        fields: {
          email: ['This value should not be blank.'],
          date: ['This date is invalid'],
          'date.day': ['Must be a number between 1 and 31'],
          'date.year': ['This value is required'],
          'message.attachments': ['Unknown blob'],
        },
      });
    });

    it('reads the plain form and ignores what it does not know', () => {
      assert.deepEqual(parseDeskproErrorBody(400, { status: 400, code: 'invalid_json_body', message: 'Invalid JSON body' }), {
        code: 'invalid_json_body',
        message: 'Invalid JSON body',
      });
      assert.equal(parseDeskproErrorBody(502, '<html>Bad gateway</html>'), undefined);
      assert.equal(parseDeskproErrorBody(500, { errors: 'nope' }), undefined);
      assert.equal(parseDeskproErrorBody(500, null), undefined);
    });
  });

  describe('cursors and downloads', () => {
    it('round-trips a page cursor and rejects a foreign one', () => {
      assert.deepEqual(decodePageCursor(encodePageCursor({ page: 3, count: 50 })), { page: 3, count: 50 });
      for (const bad of ['2', 'not-base64!', Buffer.from('{"p":0,"c":5}').toString('base64url')]) {
        assert.throws(() => decodePageCursor(bad), (e: unknown) => e instanceof HelpdeskError);
      }
    });

    it('reads file names from Content-Disposition', () => {
      assert.equal(filenameFromContentDisposition('attachment; filename="report.pdf"'), 'report.pdf');
      assert.equal(filenameFromContentDisposition('attachment; filename=plain.txt; size=3'), 'plain.txt');
      assert.equal(filenameFromContentDisposition("attachment; filename=\"a.txt\"; filename*=UTF-8''na%C3%AFve%20file.txt"), 'naïve file.txt');
      assert.equal(filenameFromContentDisposition('attachment; filename="../../etc/passwd"'), 'passwd');
      assert.equal(filenameFromContentDisposition('inline'), undefined);
      assert.equal(filenameFromContentDisposition(undefined), undefined);
    });
  });
});
