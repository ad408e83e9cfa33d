// What the provider says about people and choices, where the API names them only indirectly:
// who "we" are (the agent on every ticket of My Tickets), the note just sent (its author and
// files as the helpdesk shows them), the statuses a ticket may take (its own board's), and
// the OpenAPI document read once per instance (again on Refresh).
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import type { ReplyInput } from '../../src/helpdesk/model';
import { DiscoveryCache } from '../../src/providers/deskdirector/discoveryCache';
import { detail, makeProvider, openApi3WithStagedFiles, ROUTE, summary, ticketList } from './deskdirector-fake.test';

const TECH = { authMethod: 'techToken' } as const;
const NOTE_PATH = 'POST api/v2/tech/tickets/12/comments';

function reply(overrides: Partial<ReplyInput> = {}): ReplyInput {
  return { bodyHtml: '<p>Done</p>', bodyMarkdown: 'Done', internal: false, attachments: [], ...overrides };
}

describe('DeskDirector identity, sent notes and per-ticket statuses', () => {
  describe('who am I', () => {
    it('is the one agent on every ticket of My Tickets, and the tree gets that answer without asking again', async () => {
      const mine = ticketList([
        summary(1, { assignedAgents: [{ id: 8, name: 'Devon Mensah' }, { id: 2, name: 'Riley Thompson' }] }),
        summary(2, { assignedAgents: [{ id: 8, name: 'Devon Mensah' }] }),
      ]);
      const { provider, transport } = makeProvider({ [ROUTE.tickets]: () => ({ body: mine }) });
      const me = await provider.whoAmI();
      assert.deepEqual(me, { id: '8', name: 'Devon Mensah', isAgent: true });
      assert.deepEqual(transport.requests.find((req) => req.path.endsWith('copilot/tickets'))?.query, { status: 'open', assigned: 'me' });
      const page = await provider.listTickets({ view: 'mine' });
      assert.deepEqual(page.items.map((ticket) => ticket.id), ['1', '2']);
      assert.equal(transport.count(ROUTE.tickets), 1, 'My Tickets came from the answer whoAmI read');
      await provider.listTickets({ view: 'mine' });
      assert.equal(transport.count(ROUTE.tickets), 2, 'handed over once: a later first page is a fresh fetch');
    });

    it('names the credential only when My Tickets cannot tell (no tickets, several agents on all, or the list refused)', async () => {
      const cases = [
        () => ({ body: ticketList([]) }),
        () => ({ body: ticketList([summary(1, { assignedAgents: [{ id: 8, name: 'A' }, { id: 9, name: 'B' }] })]) }),
        () => new HelpdeskError('validation', 'assigned=me needs a person (400)', { status: 400 }),
      ];
      for (const answer of cases) {
        const { provider } = makeProvider({ [ROUTE.tickets]: answer });
        assert.equal((await provider.whoAmI()).name, 'DeskDirector API key');
      }
    });
  });

  describe('a note just sent', () => {
    const routes = (answer: unknown) => ({
      [ROUTE.swaggerV2]: () => ({ body: openApi3WithStagedFiles() }),
      [ROUTE.tickets]: () => ({ body: ticketList([summary(3, { assignedAgents: [{ id: 8, name: 'Devon Mensah' }] })]) }),
      'POST api/v2/tech/files': () => ({ body: { id: 'guid-1', name: 'log.txt' } }),
      [NOTE_PATH]: () => ({ body: answer }),
    });
    const file = { name: 'log.txt', contentType: 'text/plain', data: new Uint8Array([65, 66]) };

    it('is the note the helpdesk answered: its author and its files', async () => {
      const answered = {
        id: 901,
        note: 'Done',
        type: 'comment',
        isInternal: true,
        createdOn: '2025-06-01T10:00:00Z',
        createdBy: { id: 8, name: 'Devon Mensah', userType: 'member' },
        attachments: [{ id: 'guid-1', name: 'log.txt' }],
      };
      const { provider } = makeProvider(routes(answered), TECH);
      await provider.whoAmI();
      const sent = await provider.reply('12', reply({ internal: true, attachments: [file] }));
      assert.equal(sent.id, '901');
      assert.deepEqual(sent.author, { id: '8', name: 'Devon Mensah', isAgent: true });
      assert.deepEqual(sent.attachments.map((attachment) => [attachment.id, attachment.name]), [['guid-1', 'log.txt']]);
      assert.equal(sent.internal, true);
    });

    it('when the answer names nobody: who we are, and the files we sent with the ids the uploads answered', async () => {
      const { provider } = makeProvider(routes({ id: 902 }), TECH);
      await provider.whoAmI();
      const sent = await provider.reply('12', reply({ attachments: [file] }));
      assert.equal(sent.id, '902');
      assert.deepEqual(sent.author, { id: '8', name: 'Devon Mensah', isAgent: true });
      assert.deepEqual(
        sent.attachments.map(({ id, name, size }) => ({ id, name, size })),
        [{ id: 'guid-1', name: 'log.txt', size: 2 }],
      );
      assert.notEqual(sent.attachments[0]?.downloadRef, '', 'downloadable by the id the helpdesk gave it');
    });
  });

  describe('statuses of a ticket', () => {
    it('are those of its own board only (another board\'s status would be refused with a 400)', async () => {
      const { provider, transport } = makeProvider({
        [ROUTE.ticket(12)]: () => ({ body: detail(12, { queue: { id: 2, name: 'Help Desk' }, status: { id: 11, name: 'In Progress' } }) }),
        [ROUTE.statuses]: (req) =>
          ({
            body:
              req.query?.boardId === '2'
                ? { results: [{ id: 10, name: 'New' }, { id: 11, name: 'In Progress' }, { id: 12, name: 'Closed' }], totalResults: 3 }
                : { results: [{ id: 30, name: 'Waiting on vendor' }], totalResults: 1 },
          }),
      });
      const ticket = await provider.getTicket('12');
      assert.deepEqual(ticket.statusChoices?.map((status) => status.id), ['10', '11', '12']);
      assert.deepEqual(transport.requests.filter((req) => req.path.endsWith('service/statuses')).map((req) => req.query), [{ boardId: '2' }]);
      await provider.getTicket('12');
      assert.equal(transport.count(ROUTE.statuses), 1, 'a board\'s statuses are read once per provider');
    });

    it('are left to the general list where the board\'s cannot be read, or with a TECH credential', async () => {
      const refused = makeProvider({ [ROUTE.ticket(12)]: () => ({ body: detail(12) }), [ROUTE.statuses]: () => new HelpdeskError('forbidden', 'Admin permissions are required (403)', { status: 403 }) });
      assert.equal((await refused.provider.getTicket('12')).statusChoices, undefined);
      const tech = makeProvider({ [ROUTE.ticket(12)]: () => ({ body: detail(12) }) }, TECH);
      assert.equal((await tech.provider.getTicket('12')).statusChoices, undefined);
      assert.equal(tech.transport.count(ROUTE.statuses), 0);
    });
  });

  describe('the OpenAPI document', () => {
    it('is read once per instance across providers (Add Helpdesk\'s test, then the tree), and again on Refresh', async () => {
      const cache = new DiscoveryCache();
      const routes = { [ROUTE.swaggerV2]: () => ({ body: openApi3WithStagedFiles() }) };
      const tested = makeProvider(routes, { ...TECH, discoveryCache: cache });
      await tested.provider.whoAmI();
      const connected = makeProvider(routes, { ...TECH, discoveryCache: cache });
      await connected.provider.whoAmI({ reuse: true });
      assert.equal(tested.transport.count(ROUTE.swaggerV2) + connected.transport.count(ROUTE.swaggerV2), 1);
      assert.equal(connected.provider.capabilities.replyUnavailable, undefined, 'the second provider knows the notes route all the same');

      const refreshed = makeProvider(routes, { ...TECH, discoveryCache: cache });
      await refreshed.provider.whoAmI();
      assert.equal(refreshed.transport.count(ROUTE.swaggerV2), 1, 'Refresh reads it again');

      const otherToken = makeProvider(routes, { ...TECH, secret: 'another-token', discoveryCache: cache });
      await otherToken.provider.whoAmI({ reuse: true });
      assert.equal(otherToken.transport.count(ROUTE.swaggerV2), 1, 'another credential may reach other routes: read again');
    });

    it('keeps no failed reading: the next connection tries again', async () => {
      const cache = new DiscoveryCache();
      const failing = makeProvider({ [ROUTE.swaggerV2]: () => new HelpdeskError('server', 'The helpdesk had a problem (503)', { status: 503 }) }, { ...TECH, discoveryCache: cache });
      await failing.provider.whoAmI();
      const next = makeProvider({ [ROUTE.swaggerV2]: () => ({ body: openApi3WithStagedFiles() }) }, { ...TECH, discoveryCache: cache });
      await next.provider.whoAmI({ reuse: true });
      assert.equal(next.transport.count(ROUTE.swaggerV2), 1);
    });
  });
});
