// Stay current, in the real extension host against all four simulators at once: the
// automatic refresh runs on a ManualClock handed over through the test API, so a simulated
// half hour passes in a moment. Unfocused: no request at all; focus again: one catch-up, one
// request per loaded list. Customer replies (each vendor's own live-activity writer) mark the
// tickets, count on the badge and the status bar across helpdesks, and make one summary
// notification; a failing helpdesk keeps its rows with a warning on its root.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HelpdeskTestApi } from '../../../src/extension';
import type { ActivityEvent } from '../../../src/sandbox/live';
import { Rng } from '../../../src/sandbox/prng';
import { deskproActivity } from '../../../src/sandbox/deskpro/activity';
import { startDeskproSimulator } from '../../../src/sandbox/deskpro';
import { jitbitActivity } from '../../../src/sandbox/jitbit/activity';
import { startJitbitSimulator } from '../../../src/sandbox/jitbit';
import { diamantedeskActivity } from '../../../src/sandbox/diamantedesk/activity';
import { startDiamantedeskSimulator } from '../../../src/sandbox/diamantedesk/server';
import { deskdirectorActivity } from '../../../src/sandbox/deskdirector/activity';
import { startDeskdirectorSimulator } from '../../../src/sandbox/deskdirector/server';
import type { Faults } from '../../../src/sandbox/faults';
import { Commands } from '../../../src/ui/commandIds';
import { ManualClock } from '../../../src/ui/current/clock';
import { UNSEEN_MARK } from '../../../src/ui/tree/present';
import type { ListNode, TicketNode, TreeNode } from '../../../src/ui/tree/nodes';
import { children, forgetCredentials, resetSettings, setUserSetting, testApi, treeItem } from '../support/helpdesk';
import { waitFor } from '../support/wait';

const MINUTE = 60_000;

interface Vendor {
  id: string;
  label: string;
  entry: Record<string, unknown>;
  credentials: { username?: string; secret: string };
  /** Requests the simulator has logged so far. */
  requests(): number;
  /** Its ticket-list requests so far. */
  listRequests(): number;
  faults: Faults;
  /** A customer replies to one of "my" tickets, in the simulator's own data. */
  customerReplies(now: number): ActivityEvent | undefined;
  close(): Promise<void>;
}

async function startVendors(): Promise<Vendor[]> {
  const rng = new Rng(13);
  const deskpro = await startDeskproSimulator({ port: 0, ticketCount: 120 });
  const jitbit = await startJitbitSimulator({ port: 0, ticketCount: 60 });
  const diamante = await startDiamantedeskSimulator({ port: 0, ticketCount: 60 });
  const director = await startDeskdirectorSimulator({ port: 0, ticketCount: 60 });
  return [
    {
      id: 'it-current-deskpro',
      label: 'Current DeskPRO',
      entry: { type: 'deskpro', baseUrl: deskpro.url },
      credentials: { secret: deskpro.apiKey },
      requests: () => deskpro.requests.length,
      listRequests: () => deskpro.requests.filter((r) => r.method === 'GET' && r.path === '/api/v2/tickets').length,
      faults: deskpro.faults,
      customerReplies: (now) => deskproActivity(deskpro.state, 'reply', now, rng),
      close: () => deskpro.close(),
    },
    {
      id: 'it-current-jitbit',
      label: 'Current Jitbit',
      entry: { type: 'jitbit', baseUrl: jitbit.url },
      credentials: { username: jitbit.username, secret: jitbit.password },
      requests: () => jitbit.requests.length,
      listRequests: () => jitbit.requests.filter((r) => r.method === 'GET' && /\/api\/tickets$/i.test(r.path)).length,
      faults: jitbit.faults,
      customerReplies: (now) => jitbitActivity(jitbit.state, 'reply', now, rng),
      close: () => jitbit.close(),
    },
    {
      id: 'it-current-diamantedesk',
      label: 'Current DiamanteDesk',
      entry: { type: 'diamantedesk', baseUrl: diamante.url },
      credentials: { username: diamante.username, secret: diamante.apiKey },
      requests: () => diamante.requests.length,
      listRequests: () => diamante.requests.filter((r) => r.method === 'GET' && /\/desk\/tickets(\.json)?$/.test(r.path)).length,
      faults: diamante.faults,
      customerReplies: (now) => diamantedeskActivity(diamante.state, 'reply', now, rng),
      close: () => diamante.close(),
    },
    {
      id: 'it-current-deskdirector',
      label: 'Current DeskDirector',
      entry: { type: 'deskdirector', baseUrl: director.url, authMethod: 'apiKey' },
      credentials: { secret: director.apiKey },
      requests: () => director.requests.length,
      listRequests: () => director.requests.filter((r) => r.method === 'GET' && r.path === '/api/v2/copilot/tickets').length,
      faults: director.faults,
      customerReplies: (now) => deskdirectorActivity(director.state, 'reply', now, rng),
      close: () => director.close(),
    },
  ];
}

describe('stay current', function () {
  this.timeout(180_000);
  let api: HelpdeskTestApi;
  let vendors: Vendor[];
  let clock: ManualClock;
  const roots = new Map<string, TreeNode>();
  const mineLists = new Map<string, ListNode>();

  /** Moves the simulated clock and waits for the refresh it started, if any. */
  async function advance(ms: number): Promise<void> {
    clock.advance(ms);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await api.current.idle();
  }
  const total = (count: (vendor: Vendor) => number) => vendors.reduce((sum, vendor) => sum + count(vendor), 0);
  const rowsOf = async (vendor: Vendor): Promise<TicketNode[]> =>
    (await children(api, mineLists.get(vendor.id)!)).filter((node): node is TicketNode => node.kind === 'ticket');

  before(async () => {
    api = await testApi();
    vendors = await startVendors();
    await setUserSetting('pageSize', 50);
    await setUserSetting('autoRefreshMinutes', 2);
    await setUserSetting('notifications', 'mine');
    const entries = vendors.map((vendor) => ({ id: vendor.id, label: vendor.label, ...vendor.entry }));
    await vscode.workspace.getConfiguration('helpdesk').update('instances', entries, vscode.ConfigurationTarget.Global);
    for (const vendor of vendors) {
      await waitFor(`"${vendor.id}" among the roots`, async () => (await children(api)).find((node) => node.instanceId === vendor.id));
      await vscode.commands.executeCommand(Commands.setCredentials, { instanceId: vendor.id, ...vendor.credentials });
    }
    clock = new ManualClock(Date.now(), true);
    api.current.useClock(clock);
    for (const vendor of vendors) {
      const root = (await children(api)).find((node) => node.instanceId === vendor.id)!;
      roots.set(vendor.id, root);
      const lists = await waitFor(`${vendor.label} connected`, async () => {
        const nodes = (await children(api, root)).filter((node): node is ListNode => node.kind === 'list');
        return nodes.length > 0 ? nodes : undefined;
      });
      const mine = lists.find((list) => 'view' in list.query && list.query.view === 'mine');
      assert.ok(mine, `${vendor.label} has a "mine" view`);
      mineLists.set(vendor.id, mine);
      assert.ok((await rowsOf(vendor)).length > 0, `${vendor.label}: my tickets are listed`);
    }
  });

  after(async () => {
    api?.current.useClock();
    const config = vscode.workspace.getConfiguration('helpdesk');
    for (const name of ['autoRefreshMinutes', 'notifications']) await config.update(name, undefined, vscode.ConfigurationTarget.Global);
    await resetSettings();
    for (const vendor of vendors ?? []) {
      await forgetCredentials(api, vendor.id);
      await vendor.close();
    }
  });

  it('sends nothing while the window is unfocused, and one catch-up (one request per loaded list) on focus', async () => {
    clock.setFocused(false);
    const before = total((vendor) => vendor.requests());
    await advance(10 * MINUTE);
    await advance(20 * MINUTE);
    assert.equal(total((vendor) => vendor.requests()) - before, 0, 'no request to any helpdesk in half an hour unfocused');

    const lists = vendors.map((vendor) => vendor.listRequests());
    clock.setFocused(true);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await api.current.idle();
    assert.deepEqual(
      vendors.map((vendor, index) => vendor.listRequests() - lists[index]!),
      [1, 1, 1, 1],
      'exactly one catch-up: one request for each helpdesk\'s loaded "mine" list',
    );
    const again = vendors.map((vendor) => vendor.listRequests());
    await advance(1 * MINUTE);
    assert.deepEqual(vendors.map((vendor, index) => vendor.listRequests() - again[index]!), [0, 0, 0, 0], 'not again before the interval');
    await advance(1 * MINUTE);
    assert.deepEqual(vendors.map((vendor, index) => vendor.listRequests() - again[index]!), [1, 1, 1, 1], 'then every two minutes');
    assert.equal(api.current.statusBarText(), undefined, 'nothing changed: no status bar item');
    assert.equal(api.current.badge(), undefined);
  });

  it('marks the tickets customers replied to, counts them on the badge and the status bar, and notifies once', async () => {
    const notificationsBefore = api.current.notifications.length;
    const replied = new Map<string, string>();
    for (const vendor of vendors) {
      const event = vendor.customerReplies(Date.now() + 2_000);
      assert.ok(event, `${vendor.label}: a customer replied`);
      replied.set(vendor.id, String(event.ticketId));
    }
    await advance(2 * MINUTE);

    for (const vendor of vendors) {
      const rows = await rowsOf(vendor);
      const marked = [];
      for (const row of rows) {
        const item = await treeItem(api, row);
        if (typeof item.description === 'string' && item.description.startsWith(UNSEEN_MARK)) marked.push(row);
      }
      assert.equal(marked.length, 1, `${vendor.label}: one marked ticket, got ${marked.map((row) => row.ticket.ref).join(', ')}`);
      const item = await treeItem(api, marked[0]!);
      const label = item.label as vscode.TreeItemLabel;
      assert.deepEqual(label.highlights, [[0, label.label.length]], `${vendor.label}: the label is bold`);
      assert.equal((item.iconPath as vscode.ThemeIcon).id, 'circle-filled', `${vendor.label}: the dot icon`);
    }
    assert.equal(api.current.badge(), 4);
    assert.equal(api.current.statusBarText(), '$(inbox) 4');
    const shown = api.current.notifications.slice(notificationsBefore);
    assert.equal(shown.length, 1, 'one notification for the whole refresh');
    assert.match(shown[0]!.message, /New activity on 4 of your tickets/);

    // Nothing new: the next refresh notifies nothing and keeps the marks.
    await advance(2 * MINUTE);
    assert.equal(api.current.notifications.length, notificationsBefore + 1);
    assert.equal(api.current.badge(), 4);
  });

  it('opening a marked ticket unmarks it; the count follows, and the status bar hides at 0', async () => {
    for (const [index, vendor] of vendors.entries()) {
      const rows = await rowsOf(vendor);
      for (const row of rows) {
        if (!api.current.seen.isUnseen(vendor.id, row.ticket)) continue;
        api.current.seen.opened(vendor.id, row.ticket); // what a panel's ticketShown does
      }
      await waitFor(`count ${3 - index}`, () => (3 - index === 0 ? api.current.statusBarText() === undefined : api.current.statusBarText() === `$(inbox) ${3 - index}`));
    }
    assert.equal(api.current.badge(), undefined);
  });

  it('a helpdesk failing its refresh keeps its rows with a warning on its root; the others go on', async () => {
    const [failing, ...others] = vendors as [Vendor, ...Vendor[]];
    const rowsBefore = (await rowsOf(failing)).length;
    failing.faults.failNext = { status: 500, times: 1000 };
    try {
      await advance(2 * MINUTE);
      const root = await treeItem(api, roots.get(failing.id)!);
      assert.match(String(root.description), /Refresh failed/);
      assert.equal((await rowsOf(failing)).length, rowsBefore, 'the last good rows stay');
      for (const other of others) assert.doesNotMatch(String((await treeItem(api, roots.get(other.id)!)).description), /Refresh failed/);
    } finally {
      failing.faults.failNext = undefined;
    }
    await advance(2 * MINUTE);
    assert.doesNotMatch(String((await treeItem(api, roots.get(failing.id)!)).description), /Refresh failed/);
  });
});
