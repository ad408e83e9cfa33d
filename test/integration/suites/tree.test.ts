// A DeskPRO instance configured the way a user does it (settings plus Set Credentials)
// fills the Tickets tree from the helpdesk, a page at a time.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HelpdeskTestApi } from '../../../src/extension';
import type { DeskproSimulator } from '../../../src/sandbox/deskpro';
import { Commands } from '../../../src/ui/commandIds';
import type { ListNode, TicketNode, TreeNode } from '../../../src/ui/tree/nodes';
import {
  apiRequests,
  children,
  configureInstances,
  forgetCredentials,
  labelOf,
  resetSettings,
  setUserSetting,
  startSimulator,
  testApi,
  ticketIdsServedFor,
  treeItem,
} from '../support/helpdesk';
import { waitFor } from '../support/wait';

const INSTANCE = 'it-tree';
const PAGE_SIZE = 7;
const OPEN_STATUSES = new Set(['awaiting_agent', 'awaiting_user', 'pending']);

describe('ticket tree', () => {
  let sim: DeskproSimulator;
  let api: HelpdeskTestApi;
  let root: TreeNode;

  before(async () => {
    api = await testApi();
    sim = await startSimulator();
    await setUserSetting('pageSize', PAGE_SIZE);
    await configureInstances(api, [{ id: INSTANCE, label: 'Integration DeskPRO', baseUrl: sim.url }]);
    await vscode.commands.executeCommand(Commands.setCredentials, { instanceId: INSTANCE, secret: sim.apiKey });
    const found = (await children(api)).find((node) => node.instanceId === INSTANCE);
    assert.ok(found, `no root for ${INSTANCE}`);
    root = found;
  });

  after(async () => {
    await resetSettings();
    if (api) await forgetCredentials(api, INSTANCE);
    await sim?.close();
  });

  const lists = async (): Promise<ListNode[]> => (await children(api, root)).filter((node): node is ListNode => node.kind === 'list');
  const listNamed = async (label: string): Promise<ListNode> => {
    const found = (await lists()).find((node) => node.label === label);
    assert.ok(found, `no "${label}" list under the instance`);
    return found;
  };
  const tickets = (nodes: TreeNode[]): TicketNode[] => nodes.filter((node): node is TicketNode => node.kind === 'ticket');

  it('shows the instance as a connected root with the three DeskPRO views', async () => {
    assert.equal(await labelOf(api, root), 'Integration DeskPRO');
    assert.deepEqual((await lists()).map((node) => node.label), ['My Tickets', 'Unassigned', 'All Open']);
    // Connected means the key was checked against the helpdesk, and accepted.
    const me = apiRequests(sim, 'GET', '/api/v2/me');
    assert.ok(me.length >= 1, 'the extension never called GET /me');
    assert.ok(me.every((entry) => entry.authorized && entry.status === 200), 'GET /me was not authorized with the stored key');
    assert.equal((await treeItem(api, root)).contextValue, 'helpdeskInstance');
  });

  it('lists the first page of All Open exactly as the helpdesk serves it, with Load more', async () => {
    const before = apiRequests(sim, 'GET', '/api/v2/tickets').length;
    const nodes = await children(api, await listNamed('All Open'));
    const requests = apiRequests(sim, 'GET', '/api/v2/tickets').slice(before);
    assert.equal(requests.length, 1, 'expanding a list fetches one page');
    const [request] = requests;
    assert.ok(request && request.status === 200 && request.authorized);

    const shown = tickets(nodes).map((node) => node.ticket.id);
    assert.equal(shown.length, PAGE_SIZE);
    assert.deepEqual(shown, await ticketIdsServedFor(sim, request));
    for (const id of shown) assert.ok(OPEN_STATUSES.has(sim.state.tickets.get(Number(id))?.status ?? ''), `ticket ${id} is not open`);
    assert.equal(nodes.at(-1)?.kind, 'loadMore');
    assert.equal(await labelOf(api, nodes.at(-1) as TreeNode), 'Load more…');
  });

  it('My Tickets lists only open tickets assigned to the key’s agent', async () => {
    const shown = tickets(await children(api, await listNamed('My Tickets')));
    assert.ok(shown.length > 0, 'My Tickets is empty; the seed data should give the agent some');
    for (const node of shown) {
      const record = sim.state.tickets.get(Number(node.ticket.id));
      assert.equal(record?.agent, sim.me.id, `ticket ${node.ticket.id} belongs to agent ${record?.agent}`);
      assert.ok(OPEN_STATUSES.has(record?.status ?? ''));
    }
  });

  it('Load more appends the next page after the first, without repeating a ticket', async () => {
    const list = await listNamed('All Open');
    const firstPage = tickets(await children(api, list)).map((node) => node.ticket.id);
    const before = apiRequests(sim, 'GET', '/api/v2/tickets').length;

    await vscode.commands.executeCommand(Commands.loadMore, { instanceId: INSTANCE, listKey: list.listKey });

    // The page Load more shows, and the one after it, asked for ahead (so the next Load more needs no wait).
    const requests = await waitFor('page 3 asked for ahead', () => {
      const sent = apiRequests(sim, 'GET', '/api/v2/tickets').slice(before);
      return sent.length >= 2 ? sent : undefined;
    });
    assert.equal(requests.length, 2, 'each page once');
    const [request, ahead] = requests;
    assert.ok(request && ahead);
    assert.match(request.query, /[?&]page=2(&|$)/);
    assert.match(ahead.query, /[?&]page=3(&|$)/);
    const nodes = await children(api, list);
    const shown = tickets(nodes).map((node) => node.ticket.id);
    assert.equal(shown.length, 2 * PAGE_SIZE);
    assert.deepEqual(shown.slice(0, PAGE_SIZE), firstPage);
    assert.deepEqual(shown.slice(PAGE_SIZE), await ticketIdsServedFor(sim, request));
    assert.equal(new Set(shown).size, shown.length, 'a ticket appears twice');
    assert.equal(nodes.at(-1)?.kind, 'loadMore');
    assert.match(String((await treeItem(api, list)).description), new RegExp(`^${2 * PAGE_SIZE} of \\d+$`));
  });
});
