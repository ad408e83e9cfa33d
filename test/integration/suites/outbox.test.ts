// The outbox in the real extension host against a DeskPRO simulator: with the simulator
// stopped, two replies and a status change made in the ticket's panel go to the outbox
// (the panel says so, the tree shows an "Outbox" group with the count). A window reload
// would end this very test run (the suites live in the extension host), so the reload is
// simulated: the extension's outbox service throws its Outbox away and builds it again
// from what is on disk (OutboxService.recreate). Then the simulator comes back on the same
// port, and each item arrives exactly once and the outbox is empty, on disk too.
import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { HelpdeskTestApi } from '../../../src/extension';
import { type DeskproSimulator, startDeskproSimulator } from '../../../src/sandbox/deskpro';
import type { HostToWebview } from '../../../src/shared/protocol/panel';
import { Commands } from '../../../src/ui/commandIds';
import type { TicketPanelController } from '../../../src/ui/panel/controller';
import type { ListNode, TicketNode, TreeNode } from '../../../src/ui/tree/nodes';
import { apiRequests, children, configureInstances, forgetCredentials, panelController, resetSettings, testApi, treeItem } from '../support/helpdesk';
import { waitFor } from '../support/wait';

const INSTANCE = 'it-outbox';

describe('outbox', function () {
  this.timeout(180_000);
  let api: HelpdeskTestApi;
  let sim: DeskproSimulator;
  let port: number;
  let apiKey: string;
  let ticketId: string;
  let controller: TicketPanelController;
  const words = Math.random().toString(36).slice(2, 8);
  const texts = [`First outbox reply ${words}`, `Second outbox reply ${words}`];
  let newStatus: string;

  const root = async (): Promise<TreeNode> => (await children(api)).find((node) => node.instanceId === INSTANCE)!;
  const outbox = () => {
    assert.ok(api.outbox, 'the extension has an outbox');
    return api.outbox;
  };

  /** Records what the panel's controller posts to its webview (and still posts it). */
  function recordPosts(target: TicketPanelController): HostToWebview[] {
    const posted: HostToWebview[] = [];
    const host = target['host'];
    const post = host.post.bind(host);
    host.post = (message) => {
      posted.push(message);
      post(message);
    };
    return posted;
  }

  before(async () => {
    api = await testApi();
    sim = await startDeskproSimulator({ port: 0, ticketCount: 300 });
    port = Number(new URL(sim.url).port);
    apiKey = sim.apiKey;
    await configureInstances(api, [{ id: INSTANCE, label: 'Outbox DeskPRO', baseUrl: sim.url }]);
    await vscode.commands.executeCommand(Commands.setCredentials, { instanceId: INSTANCE, secret: apiKey });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetSettings();
    if (api) await forgetCredentials(api, INSTANCE);
    await sim?.close().catch(() => undefined);
  });

  it('opens a ticket while the helpdesk runs', async () => {
    const list = await waitFor('All Open listed', async () => (await children(api, await root())).find((node): node is ListNode => node.kind === 'list' && node.label === 'All Open'));
    ticketId = (await children(api, list)).find((node): node is TicketNode => node.kind === 'ticket')!.ticket.id;
    await vscode.commands.executeCommand(Commands.openTicket, { instanceId: INSTANCE, ticketId });
    await waitFor('the panel loaded its conversation', () => apiRequests(sim, 'GET', `/api/v2/tickets/${ticketId}/messages`).some((entry) => entry.status === 200));
    controller = await waitFor('the panel', () => panelController(api, INSTANCE, ticketId));
    await waitFor('the ticket shown', () => controller['ticket'] !== undefined && controller['capabilities'] !== undefined);
    const ticket = controller['ticket']!;
    // Not "awaiting user": an agent's reply puts a DeskPRO ticket there by itself, and a status the
    // ticket already has is done without a request.
    const statuses = controller['reference'].statuses.filter((status) => status.id !== ticket.status.id && status.id !== 'awaiting_user' && status.kind !== 'closed');
    assert.ok(statuses.length > 0, 'another status to choose');
    newStatus = statuses[0]!.id;
  });

  it('with the helpdesk stopped, two replies and a status change go to the outbox, shown in the tree', async () => {
    await sim.close();
    await vscode.commands.executeCommand(Commands.refreshInstance, { instanceId: INSTANCE });
    await waitFor('the helpdesk is unreachable', async () => (await children(api, await root()))[0]?.kind === 'fix' || (await children(api, await root()))[1]?.kind === 'fix');
    const posted = recordPosts(controller);
    for (const text of texts) {
      await controller.handle({ type: 'draftChanged', draft: { markdown: text, internal: false } });
      await controller.handle({ type: 'send', draft: { markdown: text, internal: false } });
    }
    await controller.handle({ type: 'update', field: 'status', value: newStatus });
    const queued = posted.filter((message) => message.type === 'queued');
    assert.equal(queued.length, 2, JSON.stringify(posted.filter((message) => message.type === 'error')));
    assert.match(queued[0]!.type === 'queued' ? queued[0]!.text : '', /^Queued in the outbox: it will be sent when Outbox DeskPRO is reachable\.$/);
    assert.equal(posted.some((message) => message.type === 'error'), false);
    assert.deepEqual(outbox().items(INSTANCE).map((item) => `${item.work.kind} ${item.state}`), ['reply queued', 'reply queued', 'status queued']);

    const group = await waitFor('the Outbox group', async () => (await children(api, await root())).find((node) => node.kind === 'outbox'));
    assert.equal((await treeItem(api, group)).description, '3');
    const rows = await children(api, group);
    assert.equal(rows.length, 3);
    assert.match(String((await treeItem(api, rows[0]!)).label), new RegExp(`^Reply: ${texts[0]}`));
  });

  it('after a (simulated) reload, the outbox is read back from disk, and once the helpdesk is back each item arrives once', async () => {
    await outbox().recreate();
    await outbox().load(INSTANCE);
    assert.equal(outbox().items(INSTANCE).length, 3, 'read back from disk');

    sim = await startDeskproSimulator({ port, ticketCount: 300, apiKey });
    await vscode.commands.executeCommand(Commands.refreshInstance, { instanceId: INSTANCE });
    await waitFor('the outbox empty', async () => {
      await children(api, await root());
      return outbox().items(INSTANCE).length === 0;
    });
    const replies = apiRequests(sim, 'POST', `/api/v2/tickets/${ticketId}/messages`);
    assert.equal(replies.length, 2, 'each reply posted once');
    const changes = apiRequests(sim, 'PUT', `/api/v2/tickets/${ticketId}`);
    assert.equal(changes.length, 1, 'the status changed once');
    const onDisk = JSON.parse(await readFile(join(outbox().dir, `${INSTANCE}.json`), 'utf8')) as { items: unknown[] };
    assert.deepEqual(onDisk.items, []);
    assert.equal((await children(api, await root())).some((node) => node.kind === 'outbox'), false, 'no Outbox group once empty');
  });
});
