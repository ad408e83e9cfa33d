// Changing tickets: PATCH with only the changed fields, named as the instance's
// UpdateTicketRequest schema names them; reference data (statuses by board, priorities,
// boards, agents); and a guard that fails if any PUT is ever sent.
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import type { HttpRequest } from '../../src/helpdesk/http/types';
import { CHANGES_NEED_API_KEY } from '../../src/providers/deskdirector';
import { deskdirectorAuth } from '../../src/providers/deskdirector/auth';
import { AccessTokenGuard, guardedTransport } from '../../src/providers/deskdirector/guard';
import { detail, FakeTransport, makeProvider, openApi3WithNotes, ROUTE, summary, ticketList, withNeutralNotes, type Handler } from './deskdirector-fake.test';

const UPDATE_SCHEMA = {
  type: 'object',
  properties: {
    summary: { type: 'string' },
    statusId: { type: 'integer' },
    priority: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
    boardId: { type: 'integer' },
  },
};

function updateRoutes(patches: unknown[]): Record<string, Handler> {
  return {
    [ROUTE.updateSchema]: () => ({ body: UPDATE_SCHEMA }),
    [ROUTE.patch(12)]: (req) => (patches.push(req.json), { body: detail(12) }),
    [ROUTE.ticket(12)]: () => ({ body: detail(12) }),
  };
}

describe('DeskDirector ticket updates', () => {
  it('PATCHes only the changed field, named as the update schema names it', async () => {
    const patches: unknown[] = [];
    const { provider, transport } = makeProvider(updateRoutes(patches));
    const ticket = await provider.updateTicket('12', { status: '5' });
    await provider.updateTicket('12', { priority: '4' });
    await provider.updateTicket('12', { status: '6', priority: '1', department: '2' });
    assert.deepEqual(patches, [{ statusId: 5 }, { priority: { id: 4 } }, { statusId: 6, priority: { id: 1 }, boardId: 2 }]);
    assert.equal(ticket.id, '12', 'the ticket is read back after the change');
    assert.equal(transport.count(ROUTE.updateSchema), 1, 'the schema is read once per provider');
    assert.ok(transport.requests.filter((req) => req.method === 'PATCH').every((req) => req.path === 'api/v2/automate/connector/tickets/12'));
  });

  it('sends nothing for an empty patch, and refuses what cannot be changed before sending', async () => {
    const patches: unknown[] = [];
    const { provider, transport } = makeProvider(updateRoutes(patches));
    await provider.updateTicket('12', {});
    // The ticket read back, with its board's statuses as its choices.
    assert.deepEqual(transport.paths(), [ROUTE.ticket(12), ROUTE.statuses]);
    await assert.rejects(provider.updateTicket('12', { agent: '9' }), (error: unknown) => error instanceof HelpdeskError && error.kind === 'unsupported');
    await assert.rejects(provider.updateTicket('12', { status: 'Closed' }), (error: unknown) => error instanceof HelpdeskError && error.kind === 'validation' && error.fields?.status !== undefined);
    assert.deepEqual(patches, []);
    const noStatus = makeProvider({ [ROUTE.updateSchema]: () => ({ body: { type: 'object', properties: { summary: { type: 'string' } } } }) });
    await assert.rejects(noStatus.provider.updateTicket('12', { status: '5' }), /update form has no status field/);
  });

  it('changes the status after a note as a second request', async () => {
    // An API key writes notes only through a route outside the TECH API.
    const patches: unknown[] = [];
    const { provider, transport } = makeProvider({
      ...updateRoutes(patches),
      [ROUTE.swaggerV2]: () => ({ body: withNeutralNotes(openApi3WithNotes()) }),
      'POST api/v4/tickets/12/notes': () => ({ body: { id: 1 } }),
    });
    await provider.whoAmI();
    await provider.reply('12', { bodyHtml: '', bodyMarkdown: 'Done', internal: false, attachments: [], newStatus: '7' });
    assert.deepEqual(patches, [{ statusId: 7 }]);
    const writes = transport.paths().filter((path) => !path.startsWith('GET'));
    assert.deepEqual(writes, ['POST api/v4/tickets/12/notes', ROUTE.patch(12)]);
  });

  it('with a TECH credential, refuses create and updates before sending: the automate connector takes an API key', async () => {
    for (const authMethod of ['techToken', 'accessToken']) {
      const patches: unknown[] = [];
      const { provider, transport } = makeProvider(
        { ...updateRoutes(patches), [ROUTE.tickets]: () => ({ body: ticketList([summary(12, { status: { id: 11, name: 'In Progress' } })]) }) },
        { authMethod },
      );
      const needsKey = (error: unknown): boolean => error instanceof HelpdeskError && error.kind === 'unsupported' && error.message === CHANGES_NEED_API_KEY;
      await assert.rejects(provider.updateTicket('12', { status: '5' }), needsKey);
      await assert.rejects(provider.createTicketKinds(), needsKey);
      await assert.rejects(provider.createTicketFields('3'), needsKey);
      await assert.rejects(provider.createTicket({ subject: 'S', bodyHtml: '', bodyMarkdown: 'B', kind: '3', attachments: [] }), needsKey);
      assert.deepEqual(transport.requests, []);
      // Reference data is what tickets showed: the connector's lists are not asked for.
      await provider.listTickets({ view: 'open' });
      const data = await provider.referenceData();
      assert.deepEqual(data, { statuses: [{ id: '11', name: 'In Progress', kind: 'open' }], priorities: [], departments: [], agents: [] });
      assert.deepEqual(transport.paths(), [ROUTE.tickets]);
      assert.deepEqual(patches, []);
    }
  });

  describe('never a PUT', () => {
    it('sends no PUT anywhere in a whole session', async () => {
      const patches: unknown[] = [];
      const made = makeProvider({
        ...updateRoutes(patches),
        [ROUTE.swaggerV2]: () => ({ body: withNeutralNotes(openApi3WithNotes()) }),
        'POST api/v4/tickets/12/notes': () => ({ body: { id: 1 } }),
        [ROUTE.tickets]: () => ({ body: ticketList([summary(12)]) }),
        [ROUTE.requestTypes]: () => ({ body: { results: [{ id: 3, name: 'Hardware' }] } }),
        [ROUTE.createSchema]: () => ({ body: { type: 'object', properties: { summary: { type: 'string' }, description: { type: 'string' } } } }),
        [ROUTE.create]: () => ({ body: { id: 12 } }),
        [ROUTE.boards]: () => ({ body: { results: [{ id: 2, name: 'Help Desk' }] } }),
        [ROUTE.statuses]: () => ({ body: { results: [{ id: 5, name: 'New' }] } }),
        [ROUTE.priorities]: () => ({ body: { results: [{ id: 4, name: 'High' }] } }),
        [ROUTE.members]: () => ({ body: { results: [{ id: 9, name: 'Sam Tech' }] } }),
      });
      const { provider, transport } = made;
      // Any PUT reaching the transport fails the test on the spot.
      const send = transport.request.bind(transport);
      transport.request = <T>(req: HttpRequest) => {
        if (req.method === 'PUT') assert.fail(`a PUT was sent: ${req.path}`);
        return send<T>(req);
      };
      await provider.whoAmI();
      await provider.listTickets({ view: 'open' });
      await provider.getTicket('12');
      await provider.listMessages('12');
      await provider.reply('12', { bodyHtml: '', bodyMarkdown: 'Hi', internal: true, attachments: [], newStatus: '5' });
      await provider.updateTicket('12', { status: '5', priority: '4', department: '2' });
      await provider.createTicketKinds();
      await provider.createTicketFields('3');
      await provider.createTicket({ subject: 'S', bodyHtml: '', bodyMarkdown: 'B', kind: '3', attachments: [] });
      await provider.referenceData();
      assert.ok(transport.requests.length >= 12);
      assert.deepEqual(transport.requests.filter((req) => req.method === 'PUT'), []);
      assert.deepEqual([...new Set(transport.requests.map((req) => req.method))].sort(), ['GET', 'PATCH', 'POST']);
    });

    it('refuses a PUT at the transport before it leaves', async () => {
      const inner = new FakeTransport({ 'PUT api/v2/automate/connector/tickets/1': () => ({ body: {} }) });
      const transport = guardedTransport(inner, new AccessTokenGuard(deskdirectorAuth('k'), Date.now));
      await assert.rejects(transport.request({ method: 'PUT', path: 'api/v2/automate/connector/tickets/1', json: {} }), /Refused to send PUT/);
      assert.equal(inner.requests.length, 0);
    });
  });

  describe('reference data', () => {
    it('lists statuses by board (naming the board where names repeat), priorities, boards and agents', async () => {
      const { provider, transport } = makeProvider({
        [ROUTE.boards]: () => ({ body: { results: [{ id: 2, name: 'Help Desk' }, { id: 3, name: 'Projects' }] } }),
        [ROUTE.statuses]: (req) =>
          req.query?.boardId === '2'
            ? { body: { results: [{ id: 21, name: 'New' }, { id: 22, name: 'Waiting on Customer' }] } }
            : { body: { results: [{ id: 31, name: 'New' }, { id: 32, name: 'Completed' }] } },
        [ROUTE.priorities]: () => ({ body: { results: [{ id: 4, name: 'High' }] } }),
        [ROUTE.members]: () => ({ body: { results: [{ id: 9, name: 'Sam Tech' }] } }),
      });
      const data = await provider.referenceData();
      assert.deepEqual(data.statuses, [
        { id: '21', name: 'New (Help Desk)', kind: 'new' },
        { id: '22', name: 'Waiting on Customer', kind: 'pending' },
        { id: '31', name: 'New (Projects)', kind: 'new' },
        { id: '32', name: 'Completed', kind: 'resolved' },
      ]);
      assert.deepEqual(data.priorities, [{ id: '4', name: 'High' }]);
      assert.deepEqual(data.departments, [
        { id: '2', name: 'Help Desk' },
        { id: '3', name: 'Projects' },
      ]);
      assert.deepEqual(data.agents, [{ id: '9', name: 'Sam Tech', isAgent: true }]);
      assert.deepEqual(
        transport.requests.filter((req) => req.path.endsWith('/statuses')).map((req) => req.query),
        [{ boardId: '2' }, { boardId: '3' }],
      );
    });

    it('adds statuses seen on tickets, and leaves out agents this key may not list', async () => {
      const { provider, logs } = makeProvider({
        [ROUTE.tickets]: () => ({ body: ticketList([summary(1, { status: { id: 99, name: 'Closed by script' }, isClosed: true })]) }),
        [ROUTE.boards]: () => ({ body: { results: [] } }),
        [ROUTE.priorities]: () => ({ body: { results: [] } }),
        [ROUTE.members]: () => new HelpdeskError('forbidden', 'The helpdesk does not allow it (403)', { status: 403 }),
      });
      await provider.listTickets({ view: 'open' });
      const data = await provider.referenceData();
      assert.deepEqual(data.statuses, [{ id: '99', name: 'Closed by script', kind: 'closed' }]);
      assert.deepEqual(data.agents, []);
      assert.ok(logs.warn.some((line) => /cannot read agents/.test(line)));
    });
  });
});
