// DeskDirector JSON to the model: tickets, the conversation (description first, notes oldest
// first, internal flags), time entries as a line in their note, attachments by name, and
// statuses' kinds.
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { mapConversation, mapTicket, statusKind, timeEntryLine } from '../../src/providers/deskdirector/mapping';
import { readTicket, readTicketList } from '../../src/providers/deskdirector/schema';
import { detail, makeProvider, ROUTE, summary, ticketList } from './deskdirector-fake.test';

const BASE = 'https://acme.deskdirector.com';

describe('DeskDirector mapping', () => {
  it('maps a ticket summary', () => {
    const [first] = readTicketList(ticketList([summary(42)])).results;
    assert.ok(first);
    assert.deepEqual(mapTicket(first, BASE), {
      id: '42',
      ref: '#42',
      subject: 'Printer 42 is on fire',
      status: { id: '11', name: 'In Progress', kind: 'open' },
      priority: { id: '4', name: 'High' },
      requester: { id: '742', name: 'Jane Doe', isAgent: false },
      agent: { id: '9', name: 'Sam Tech', isAgent: true },
      department: { id: '2', name: 'Help Desk' },
      labels: ['printer'],
      createdAt: '2025-05-01T08:00:00.000Z',
      updatedAt: '2025-05-02T09:30:00.000Z',
      webUrl: 'https://acme.deskdirector.com/portal/deeplink?name=ticket&ticket_id=42',
    });
  });

  it('reads nulls, empty references and .NET "no date" as absent', () => {
    const [ticket] = readTicketList(
      ticketList([summary(1, { status: null, priority: { id: 0, name: '' }, assignedAgents: null, tags: null, modifiedOn: '0001-01-01T00:00:00', isClosed: true, closedOn: '2025-05-03T00:00:00' })]),
    ).results;
    assert.ok(ticket);
    const mapped = mapTicket(ticket, BASE);
    assert.deepEqual(mapped.status, { id: '', name: 'Closed', kind: 'closed' });
    assert.equal(mapped.priority, undefined);
    assert.equal(mapped.agent, undefined);
    assert.equal(mapped.labels, undefined);
    assert.equal(mapped.updatedAt, '2025-05-03T00:00:00.000Z', 'a date without offset is UTC; the closing date is the latest');
  });

  it('moves "updated" to the newest note', () => {
    const [ticket] = readTicketList(ticketList([summary(1, { latestNote: { id: 9, notePreview: 'x', createdOn: '2025-06-01T00:00:00Z' } })])).results;
    assert.ok(ticket);
    assert.equal(mapTicket(ticket, BASE).updatedAt, '2025-06-01T00:00:00.000Z');
  });

  it('judges status kinds by name, and by the closed flag when there is one', () => {
    assert.equal(statusKind('New'), 'new');
    assert.equal(statusKind('Waiting on Customer'), 'pending');
    assert.equal(statusKind('On Hold'), 'onHold');
    assert.equal(statusKind('Resolved'), 'resolved');
    assert.equal(statusKind('Closed'), 'closed');
    assert.equal(statusKind('Assigned'), 'open');
    assert.equal(statusKind('Completed', true), 'resolved');
    assert.equal(statusKind('Archived', true), 'closed');
  });

  it('makes the conversation: description first, notes oldest first, internal flags kept', () => {
    const messages = mapConversation(readTicket(detail(12)));
    assert.deepEqual(messages.map((message) => message.id), ['description-12', '501', '502']);
    const [description, publicNote, timeEntry] = messages;
    assert.deepEqual(description, {
      id: 'description-12',
      author: { id: '712', name: 'Jane Doe', isAgent: false },
      createdAt: '2025-05-01T08:00:00.000Z',
      body: 'It smokes **a lot**.',
      format: 'markdown',
      internal: false,
      attachments: [],
    });
    assert.equal(publicNote?.internal, false);
    assert.deepEqual(publicNote?.author, { id: '9', name: 'Sam Tech', isAgent: true });
    assert.deepEqual(publicNote?.attachments, [{ id: 'f-77', name: 'smoke.png', isImage: true, downloadRef: JSON.stringify({ t: '12', a: 'f-77' }) }]);
    assert.equal(timeEntry?.internal, true);
  });

  it('shows a time entry as a line above its note text', () => {
    const [, , entry] = mapConversation(readTicket(detail(12)));
    assert.equal(entry?.body, '*Time entry: 1.5 h worked, 1 h billed (08:00–09:30 UTC, 2 May 2025)*\n\nReplaced the fuser.');
    assert.equal(entry?.system, undefined, 'a person\'s work, not the helpdesk talking');
    assert.equal(timeEntryLine({ actualHours: 0.333333 }), '*Time entry: 0.33 h worked*');
    assert.equal(timeEntryLine({ timeStart: '2025-05-02T22:00:00.000Z', timeEnd: '2025-05-03T01:15:00.000Z' }), '*Time entry: recorded (22:00–2025-05-03 01:15 UTC, 2 May 2025)*');
    assert.equal(timeEntryLine({}), undefined);
    const onlyTime = readTicket(detail(3, { description: '', notes: [{ id: 1, note: '', isInternal: true, createdOn: '2025-01-01T00:00:00Z', timeEntry: { actualHours: 2 } }] }));
    assert.deepEqual(mapConversation(onlyTime).map((message) => message.body), ['*Time entry: 2 h worked*']);
  });

  it('reads a description that came in by email as HTML, everything else as Markdown', () => {
    const [description, note] = mapConversation(
      readTicket(detail(4, { description: '<div>Hello<br>there</div>', notes: [{ id: 1, note: 'a < b and **bold**', isInternal: false, createdOn: '2025-01-01T00:00:00Z' }] })),
    );
    assert.equal(description?.format, 'html');
    assert.equal(note?.format, 'markdown');
  });

  it('marks notes the helpdesk wrote itself, and names an author it does not know', () => {
    const ticket = readTicket(
      detail(3, {
        notes: [
          { id: 1, note: 'Status changed', type: 'SystemNote', isInternal: false, createdOn: '2025-01-01T00:00:00Z', createdBy: null },
          { id: 2, note: 'Thanks', isInternal: false, createdOn: '2025-01-01T00:00:00Z', createdBy: { id: 712, name: 'Jane Doe', userType: 'contact' } },
        ],
      }),
    );
    const [, system, contact] = mapConversation(ticket);
    assert.equal(system?.system, true);
    assert.deepEqual(system?.author, { id: '', name: 'DeskDirector' });
    assert.deepEqual(contact?.author, { id: '712', name: 'Jane Doe', isAgent: false });
  });

  it('serves getTicket and listMessages from one request when asked together', async () => {
    const { provider, transport } = makeProvider({ [ROUTE.ticket(12)]: () => ({ body: detail(12) }) });
    const [ticket, messages] = await Promise.all([provider.getTicket('12'), provider.listMessages('12')]);
    assert.equal(ticket.subject, 'Printer 12 is on fire');
    assert.equal(ticket.updatedAt, '2025-05-02T09:30:00.000Z');
    assert.equal(messages.items.length, 3);
    assert.equal(messages.next, undefined);
    assert.equal(transport.count(ROUTE.ticket(12)), 1);
    await provider.listMessages('12');
    assert.equal(transport.count(ROUTE.ticket(12)), 2, 'the prefetch is used once');
  });

  it('says a missing ticket in words, and refuses a non-numeric id before asking', async () => {
    const { provider, transport } = makeProvider({});
    await assert.rejects(provider.getTicket('99'), (error: unknown) => error instanceof HelpdeskError && error.kind === 'notFound' && /Ticket #99 does not exist/.test(error.message));
    await assert.rejects(provider.getTicket('ABC-1'), (error: unknown) => error instanceof HelpdeskError && error.kind === 'validation');
    assert.equal(transport.requests.length, 1);
  });

  it('lists attachments by name only while no download route is known', async () => {
    const { provider } = makeProvider({ [ROUTE.ticket(12)]: () => ({ body: detail(12) }) });
    await provider.whoAmI();
    assert.equal(provider.capabilities.downloadAttachments, false);
    const file = (await provider.listMessages('12')).items.flatMap((message) => message.attachments)[0];
    assert.equal(file?.name, 'smoke.png');
    assert.ok(file);
    await assert.rejects(provider.download(file), (error: unknown) => error instanceof HelpdeskError && error.kind === 'unsupported');
  });
});
