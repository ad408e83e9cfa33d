// Jitbit JSON (the shapes in the API documents) read at the edge and mapped to the model.
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { decodeOffsetCursor, encodeOffsetCursor } from '../../src/providers/common/cursor';
import { parseJitbitErrorBody, saysLoginBlocked } from '../../src/providers/jitbit/errors';
import {
  detectBodyFormat,
  mapConversation,
  mapStatus,
  mapTicket,
  mapTicketDetail,
  statusKind,
} from '../../src/providers/jitbit/mapping';
import { clampPageSize, listRequest } from '../../src/providers/jitbit/queries';
import {
  readBody,
  readComment,
  readCreatedId,
  readList,
  readMe,
  readTemplate,
  readTicketDetail,
  readTicketSummary,
} from '../../src/providers/jitbit/schema';

/** A /api/Tickets item as the API documents show it. */
const LIST_ITEM = {
  IssueID: 382,
  Priority: 0,
  StatusID: 1,
  IssueDate: '2024-05-05T17:25:31.127Z',
  Subject: 'Test ticket',
  Status: 'In progress',
  UpdatedByUser: false,
  UpdatedByPerformer: false,
  CategoryID: 21,
  UserName: 'admin',
  Technician: null,
  FirstName: '',
  LastName: '',
  DueDate: null,
  TechFirstName: null,
  TechLastName: null,
  LastUpdated: '2024-05-06T10:24:13.873Z',
  UserID: 20,
  CompanyID: null,
  AssignedToUserID: 1,
  Category: 'test',
  Email: 'admin@admin.lvm',
};

/** A /api/ticket detail as the API documents show it (no LastUpdated). */
const DETAIL = {
  Attachments: [
    { FileName: 'icon.png', FileData: null, FileID: 1740828, CommentID: 12722431, CommentDate: '2020-02-28T04:48:00Z', FileHash: null, FileSize: 0, IssueID: 2431395, UserID: 43499, GoogleDriveUrl: null, ForTechsOnly: false, Url: 'https://support.example/helpdesk/File/Get?id=1740828' },
    { FileName: 'first.pdf', FileID: 5, CommentID: null, FileSize: 2048 },
  ],
  Tags: [{ TagID: 14502, Name: 'tag1', TagCount: 0 }],
  Status: 'In progress',
  SubmitterUserInfo: { UserID: 43499, Username: 'max', FirstName: 'Max', LastName: '', Email: 'max@test' },
  CategoryName: 'General issues',
  AssigneeUserInfo: { UserID: 43500, FullName: 'Tina Tech' },
  TicketID: 2431395,
  UserID: 43499,
  AssignedToUserID: 43500,
  IssueDate: '2020-02-28T04:48:00Z',
  Subject: 'test',
  Body: 'test ticket',
  Priority: 0,
  StatusID: 2,
  CategoryID: 7277,
  DueDate: null,
};

const COMMENTS = [
  { CommentID: 12722432, IssueID: 2431395, UserID: 43500, UserName: 'tina', Email: 't@test', FirstName: 'Tina', LastName: 'Tech', IsSystem: false, CommentDate: '2020-03-01T08:00:00Z', ForTechsOnly: true, Body: '<p>internal</p>' },
  { CommentID: 12722431, IssueID: 2431395, UserID: 43499, UserName: 'max', Email: 'max@test', FirstName: '', LastName: '', IsSystem: false, CommentDate: '2020-02-29T04:48:00Z', ForTechsOnly: false, Body: 'Hi\r\n\r\n' },
  { CommentID: 12722433, IssueID: 2431395, UserID: 43500, FirstName: 'Tina', LastName: 'Tech', IsSystem: true, CommentDate: '2020-03-01T08:00:00Z', ForTechsOnly: false, Body: 'Ticket closed' },
];

const lookups = { baseUrl: 'https://support.example/helpdesk' };

describe('jitbit: reading responses', () => {
  it('reads a documented list item into a ticket', () => {
    const ticket = mapTicket(readTicketSummary(LIST_ITEM, 'tickets[0]'), lookups);
    assert.deepEqual(ticket, {
      id: '382',
      ref: '#382',
      subject: 'Test ticket',
      status: { id: '1', name: 'In progress', kind: 'new' },
      priority: { id: '0', name: 'Normal' },
      requester: { id: '20', name: 'admin', email: 'admin@admin.lvm', isAgent: false },
      agent: { id: '1', name: '#1', isAgent: true },
      department: { id: '21', name: 'test' },
      createdAt: '2024-05-05T17:25:31.127Z',
      updatedAt: '2024-05-06T10:24:13.873Z',
      webUrl: 'https://support.example/helpdesk/Ticket/382',
    });
  });

  it('reads field names in any case', () => {
    const lower = Object.fromEntries(Object.entries(LIST_ITEM).map(([key, value]) => [key.toLowerCase(), value]));
    assert.equal(readTicketSummary(lower, 't').id, '382');
    assert.equal(readTicketSummary(lower, 't').subject, 'Test ticket');
  });

  it('reads the detail, its dates taken from the comments when it has no LastUpdated', () => {
    const detail = readTicketDetail(DETAIL, 'ticket');
    const comments = readList(COMMENTS, readComment, 'comments');
    const ticket = mapTicketDetail(detail, lookups, comments);
    assert.equal(ticket.id, '2431395');
    assert.deepEqual(ticket.requester, { id: '43499', name: 'Max', email: 'max@test', isAgent: false });
    assert.deepEqual(ticket.agent, { id: '43500', name: 'Tina Tech', isAgent: true });
    assert.deepEqual(ticket.department, { id: '7277', name: 'General issues' });
    assert.deepEqual(ticket.labels, ['tag1']);
    assert.equal(ticket.updatedAt, '2020-03-01T08:00:00.000Z');
    assert.equal(mapTicketDetail(detail, lookups).updatedAt, '2020-02-28T04:48:00.000Z');
  });

  it('builds the conversation: the body first, comments oldest first, files with their comment', () => {
    const messages = mapConversation(readTicketDetail(DETAIL, 'ticket'), readList(COMMENTS, readComment, 'comments'));
    assert.deepEqual(
      messages.map((m) => ({ id: m.id, author: m.author.name, internal: m.internal, system: m.system ?? false, format: m.format, files: m.attachments.map((a) => a.name) })),
      [
        { id: 'ticket-2431395', author: 'Max', internal: false, system: false, format: 'text', files: ['first.pdf'] },
        { id: '12722431', author: 'max', internal: false, system: false, format: 'text', files: ['icon.png'] },
        { id: '12722432', author: 'Tina Tech', internal: true, system: false, format: 'html', files: [] },
        { id: '12722433', author: 'Tina Tech', internal: false, system: true, format: 'text', files: [] },
      ],
    );
    const icon = messages[1]!.attachments[0]!;
    assert.deepEqual(icon, { id: '1740828', name: 'icon.png', isImage: true, downloadRef: '1740828' }, 'size 0 means unknown');
    assert.equal(messages[0]!.attachments[0]!.size, 2048);
  });

  it('reads the signed-in user and canned replies', () => {
    const me = readMe({ UserID: 1, Username: 'admin', Email: 'admin@testmail', FirstName: '', LastName: '', IsAdmin: true, IsTech: false }, 'user');
    assert.deepEqual(me, { id: '1', name: 'admin', email: 'admin@testmail', username: 'admin', isAdmin: true, isTech: false });
    assert.deepEqual(readTemplate({ TemplateId: 362, Body: 'Which app?', Name: 'Which app??' }, 't'), { id: '362', name: 'Which app??', body: 'Which app?' });
  });

  it('fails loudly, naming the path, when the shape changes', () => {
    assert.throws(
      () => readList([{ ...LIST_ITEM, IssueDate: 'yesterday' }], readTicketSummary, 'tickets'),
      (error: HelpdeskError) => error.kind === 'protocol' && /tickets\[0\]\.IssueDate is not a valid date/.test(error.message),
    );
    assert.throws(() => readBody('<html>', readMe, 'user'), /Unexpected Jitbit response: user is not an object/);
  });

  it('reads a created id from a bare number, a JSON string or text', () => {
    assert.equal(readCreatedId('123'), '123');
    assert.equal(readCreatedId(' "456"\n'), '456');
    assert.equal(readCreatedId(''), undefined);
    assert.equal(readCreatedId('<html>'), undefined);
  });
});

describe('jitbit: statuses and body formats', () => {
  it('knows the standard statuses and judges custom ones by name', () => {
    assert.equal(statusKind('1', 'Yeni'), 'new');
    assert.equal(statusKind('3', 'Kapalı'), 'closed');
    assert.equal(statusKind('7', 'On hold'), 'onHold');
    assert.equal(statusKind('8', 'Waiting for customer'), 'pending');
    assert.equal(statusKind('9', 'Resolved'), 'resolved');
    assert.equal(statusKind('10', 'Escalated'), 'open');
    assert.deepEqual(mapStatus('2', undefined, new Map([['2', 'İşlemde']])), { id: '2', name: 'İşlemde', kind: 'open' });
    assert.deepEqual(mapStatus('12', undefined), { id: '12', name: 'Status 12', kind: 'open' });
  });

  it('tells HTML, BBCode and plain text bodies apart', () => {
    assert.equal(detectBodyFormat('<p>Hello</p>'), 'html');
    assert.equal(detectBodyFormat('Hello<br>there'), 'html');
    assert.equal(detectBodyFormat('a&nbsp;b'), 'html');
    assert.equal(detectBodyFormat('[b]Subtitle[/b]\r\n\r\nText'), 'bbcode');
    assert.equal(detectBodyFormat('[url=https://x.example]x[/url]'), 'bbcode');
    assert.equal(detectBodyFormat('Hi\r\n\r\nif a < b and [1] then'), 'text');
  });
});

describe('jitbit: queries and cursors', () => {
  it('maps views, statuses and searches', () => {
    assert.deepEqual(listRequest({ view: 'mine' }), { kind: 'tickets', mode: 'handledbyme' });
    assert.deepEqual(listRequest({ view: 'unanswered' }), { kind: 'tickets', mode: 'unanswered' });
    assert.deepEqual(listRequest({ view: 'open' }), { kind: 'tickets', mode: 'unclosed' });
    assert.deepEqual(listRequest({ status: '5' }), { kind: 'tickets', mode: 'all', statusId: 5 });
    assert.deepEqual(listRequest({ search: ' toner ' }), { kind: 'search', text: 'toner' });
    assert.throws(() => listRequest({ view: 'unassigned' }), { kind: 'unsupported' });
    assert.throws(() => listRequest({ search: '  ' }), { kind: 'validation' });
  });

  it('clamps the page size to 1..300', () => {
    assert.equal(clampPageSize(undefined), 50);
    assert.equal(clampPageSize(1000), 300);
    assert.equal(clampPageSize(0), 1);
  });

  it('round-trips cursors and refuses foreign ones', () => {
    const cursor = encodeOffsetCursor({ offset: 50, count: 50 });
    assert.deepEqual(decodeOffsetCursor(cursor), { offset: 50, count: 50 });
    assert.throws(() => decodeOffsetCursor('nonsense'), { kind: 'protocol' });
    assert.throws(() => decodeOffsetCursor(Buffer.from('{"p":2,"c":50}').toString('base64url')), { kind: 'protocol' });
  });
});

describe('jitbit: error bodies', () => {
  it('reads the sentence from text, a JSON string or {Message}', () => {
    assert.deepEqual(parseJitbitErrorBody(400, 'Category not found '), { message: 'Category not found' });
    assert.deepEqual(parseJitbitErrorBody(400, { Message: 'The request is invalid.' }), { message: 'The request is invalid.' });
    assert.equal(parseJitbitErrorBody(500, '<html><body>IIS error</body></html>'), undefined);
    assert.equal(parseJitbitErrorBody(500, 42), undefined);
  });

  it('recognises a login block, not a plain rate limit', () => {
    assert.ok(saysLoginBlocked('Too many failed login attempts. Your IP is blocked for 5 minutes.'));
    assert.ok(saysLoginBlocked('Your IP address has been locked out after wrong password attempts'));
    assert.ok(!saysLoginBlocked('Rate limit exceeded: too many requests'));
    assert.ok(!saysLoginBlocked('The helpdesk did not accept the credentials (401): Unauthorized'));
  });
});
