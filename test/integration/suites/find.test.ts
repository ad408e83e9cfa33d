// Find any ticket fast, in the real extension host: Go to Ticket… across two helpdesks (one
// of them hanging, so it must never hold up the other's rows and ends as one row), Enter
// opening the panel; a filter on a view kept in the store and shown on the node; a saved
// view from the instance's settings entry.
import * as assert from 'node:assert/strict';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import * as vscode from 'vscode';
import type { HelpdeskTestApi } from '../../../src/extension';
import type { DeskproSimulator } from '../../../src/sandbox/deskpro';
import { Commands, FindCommands } from '../../../src/ui/commandIds';
import type { GoToTicketItem } from '../../../src/ui/find/goToTicket';
import type { ListNode, TicketNode, TreeNode } from '../../../src/ui/tree/nodes';
import { apiRequests, children, forgetCredentials, panelController, resetSettings, setUserSetting, startSimulator, testApi, treeItem } from '../support/helpdesk';
import { waitFor } from '../support/wait';

const DESKPRO = 'it-find-dp';
const HANGING = 'it-find-acme';
const TIMEOUT_SECONDS = 4;

describe('find: Go to Ticket and view filters', () => {
  let api: HelpdeskTestApi;
  let sim: DeskproSimulator;
  let hanging: Server;
  const sockets = new Set<Socket>();
  let hangingRequests = 0;

  before(async () => {
    api = await testApi();
    sim = await startSimulator();
    // Accepts connections and never answers: a helpdesk that is down behind a load balancer.
    hanging = createServer((socket) => {
      sockets.add(socket);
      socket.on('data', () => hangingRequests++);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const port = (hanging.address() as AddressInfo).port;
    await setUserSetting('requestTimeoutSeconds', TIMEOUT_SECONDS);
    await setUserSetting('instances', [
      {
        id: DESKPRO,
        label: 'Find DeskPRO',
        type: 'deskpro',
        baseUrl: sim.url,
        views: [{ label: 'Pending by priority', query: { view: 'open', status: 'pending', sort: 'priority' } }, { label: 'Broken', query: { view: 'sideways' } }],
      },
      { id: HANGING, label: 'ACME', type: 'jitbit', baseUrl: `http://127.0.0.1:${port}` },
    ]);
    await vscode.commands.executeCommand(Commands.setCredentials, { instanceId: DESKPRO, secret: sim.apiKey });
    await vscode.commands.executeCommand(Commands.setCredentials, { instanceId: HANGING, username: 'agent', secret: 'not-checked' });
    await waitFor('both roots', async () => {
      const roots = await children(api);
      return roots.some((node) => node.instanceId === DESKPRO) && roots.some((node) => node.instanceId === HANGING);
    });
  });

  after(async () => {
    api?.find.goToTicket.current?.hide();
    await vscode.workspace.getConfiguration('helpdesk').update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await resetSettings();
    if (api) {
      await forgetCredentials(api, DESKPRO);
      await forgetCredentials(api, HANGING);
      await api.find.filters.clear(DESKPRO, 'view:open');
    }
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => hanging?.close(resolve));
    await sim?.close();
  });

  const targets = (items: readonly GoToTicketItem[], instanceId: string) => items.filter((item) => item.target?.instanceId === instanceId);
  const failureRow = (items: readonly GoToTicketItem[], instanceId: string) => items.find((item) => item.failedInstance === instanceId);

  it('shows one helpdesk\'s results while the other hangs, then the hanging one as one "unreachable" row; Enter opens the panel', async () => {
    const wanted = [...sim.state.tickets.values()].find((ticket) => ticket.status !== 'hidden' && /\w{5,}/.test(ticket.subject));
    assert.ok(wanted);
    const word = /\w{5,}/.exec(wanted.subject)![0];
    const expected = [...sim.state.tickets.values()].filter((ticket) => ticket.status !== 'hidden' && ticket.subject.toLowerCase().includes(word.toLowerCase()));
    const searchesBefore = apiRequests(sim, 'GET', '/api/v2/tickets').length;
    const started = Date.now();

    void vscode.commands.executeCommand(FindCommands.goToTicket, { query: word });
    const picker = await waitFor('the Go to Ticket picker', () => api.find.goToTicket.current);
    assert.equal(picker.value, word);

    // DeskPRO's rows arrive while ACME is still pending: the picker is busy and ACME has no row yet.
    const early = await waitFor('DeskPRO results', () => (targets(picker.items, DESKPRO).length > 0 ? [...picker.items] : undefined), { timeoutMs: 15_000 });
    const earlyAt = Date.now() - started;
    assert.ok(earlyAt < TIMEOUT_SECONDS * 1000, `DeskPRO's rows took ${earlyAt} ms: they waited for the hanging helpdesk`);
    assert.equal(failureRow(early, HANGING), undefined, 'ACME already had its row: it did not hang');
    assert.equal(picker.busy, true, 'busy while ACME is pending');
    const shownIds = targets(early, DESKPRO).map((item) => item.target!.ticketId);
    for (const id of shownIds) assert.ok(expected.some((ticket) => String(ticket.id) === id), `ticket ${id} does not match "${word}"`);
    assert.ok(shownIds.includes(String(expected[0]!.id)) || shownIds.length >= Math.min(expected.length, 20));
    assert.ok(apiRequests(sim, 'GET', '/api/v2/tickets').length > searchesBefore, 'DeskPRO was searched');

    const row = await waitFor('ACME\'s one row', () => failureRow(picker.items, HANGING), { timeoutMs: TIMEOUT_SECONDS * 1000 + 15_000 });
    assert.equal(row.label, '$(warning) ACME: unreachable');
    assert.equal(picker.items.filter((item) => item.failedInstance === HANGING).length, 1);
    assert.ok(hangingRequests >= 1, 'ACME was asked');
    await waitFor('the picker idle', () => !picker.busy);
    // DeskPRO's rows are all still there.
    assert.deepEqual(targets(picker.items, DESKPRO).map((item) => item.target!.ticketId), shownIds);

    const pick = targets(picker.items, DESKPRO)[0]!;
    picker.activeItems = [pick];
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await waitFor('the ticket panel', () => panelController(api, DESKPRO, pick.target!.ticketId));
    await waitFor('the picker closed', () => api.find.goToTicket.current === undefined);
  });

  it('starts with recently opened tickets and looks a typed number up directly', async () => {
    const recent = await waitFor('the opened ticket among the recents', () => api.code.recents.list(DESKPRO)[0]);
    void vscode.commands.executeCommand(FindCommands.goToTicket);
    const picker = await waitFor('the Go to Ticket picker', () => api.find.goToTicket.current);
    const first = picker.items.find((item) => item.target);
    assert.deepEqual(first?.target, { instanceId: DESKPRO, ticketId: recent.id });
    assert.match(first!.label, /^\$\(history\)/);

    const other = [...sim.state.tickets.values()].find((ticket) => String(ticket.id) !== recent.id && ticket.status !== 'hidden')!;
    const before = apiRequests(sim, 'GET', `/api/v2/tickets/${other.id}`).length;
    picker.value = `#${other.id}`;
    const direct = await waitFor('the direct match', () => picker.items.find((item) => item.target?.ticketId === String(other.id) && item.label.startsWith('$(arrow-right)')), { timeoutMs: 15_000 });
    assert.equal(direct.target?.instanceId, DESKPRO);
    assert.ok(apiRequests(sim, 'GET', `/api/v2/tickets/${other.id}`).length > before, 'looked up with GET /tickets/{id}');
    picker.hide();
    await waitFor('the picker closed', () => api.find.goToTicket.current === undefined);
  });

  const deskproRoot = async (): Promise<TreeNode> => {
    const root = (await children(api)).find((node) => node.instanceId === DESKPRO);
    assert.ok(root);
    return root;
  };
  const list = async (label: string): Promise<ListNode> => {
    const found = (await children(api, await deskproRoot())).find((node): node is ListNode => node.kind === 'list' && node.label === label);
    assert.ok(found, `no "${label}" list`);
    return found;
  };
  const rows = async (node: ListNode): Promise<TicketNode[]> => (await children(api, node)).filter((child): child is TicketNode => child.kind === 'ticket');

  it('filters All Open by status, says so on the node, keeps it in the store, and clears it', async () => {
    const open = await list('All Open');
    const unfiltered = await rows(open);
    assert.ok(unfiltered.some((row) => row.ticket.status.id !== 'pending'), 'the seed has open tickets that are not pending');

    await vscode.commands.executeCommand(FindCommands.filterView, { instanceId: DESKPRO, listKey: open.listKey, filter: { status: 'pending' } });
    assert.deepEqual(api.find.filters.get(DESKPRO, open.listKey), { filter: { status: 'pending' } });
    const filtered = await waitFor('the filtered rows', async () => {
      const now = await rows(await list('All Open'));
      return now.length > 0 && now.every((row) => row.ticket.status.id === 'pending') ? now : undefined;
    });
    assert.ok(filtered.length > 0);
    const item = await waitFor('the count and the filter on the node', async () => {
      const now = await treeItem(api, await list('All Open'));
      return /^\d+ of \d+ · filtered: status pending$/.test(String(now.description)) ? now : undefined;
    }, { timeoutMs: 10_000 });
    assert.equal(item.contextValue, 'helpdeskList.filtered');

    await vscode.commands.executeCommand(FindCommands.clearViewFilter, { instanceId: DESKPRO, listKey: open.listKey });
    assert.equal(api.find.filters.get(DESKPRO, open.listKey), undefined);
    const cleared = await treeItem(api, await list('All Open'));
    assert.doesNotMatch(String(cleared.description ?? ''), /filtered/);
    assert.equal(cleared.contextValue, 'helpdeskList');
    await waitFor('the unfiltered rows', async () => (await rows(await list('All Open'))).some((row) => row.ticket.status.id !== 'pending'));
  });

  it('shows a saved view from the instance settings, filtered and ordered, and a broken one as a notice', async () => {
    const saved = await list('Pending by priority');
    const shown = await rows(saved);
    assert.ok(shown.length > 0);
    assert.ok(shown.every((row) => row.ticket.status.id === 'pending'));
    const ranks = shown.map((row) => row.ticket.priority?.name ?? '');
    const rank = (name: string) => (/(urgent|critical)/i.test(name) ? 4 : /high/i.test(name) ? 3 : /low/i.test(name) ? 1 : 2);
    for (let i = 1; i < ranks.length; i++) assert.ok(rank(ranks[i - 1]!) >= rank(ranks[i]!), `not by priority: ${ranks.join(', ')}`);
    const notice = (await children(api, await deskproRoot())).find((node) => node.kind === 'notice');
    assert.ok(notice && notice.kind === 'notice');
    assert.match(notice.text, /Saved view not shown: views #2 \("Broken"\): "view" must be one of/);
  });
});
