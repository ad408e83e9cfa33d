// The offline cache in the real extension host against a DeskPRO simulator: views and a
// ticket loaded while it runs are kept on disk (never the API key); with the simulator
// stopped, Refresh shows the cached rows marked "offline — as of …", the root says it is
// offline (its Retry row stays) and the ticket's panel shows its cached copy under the
// offline banner. A window reload would end this very test run (the suites live in the
// extension host), so the restart is simulated: the cache, the connections and the tree
// are built anew from what is on disk, with the simulator still down. Then the simulator
// comes back on the same port and a Refresh replaces the cached rows.
import * as assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { HelpdeskTestApi } from '../../../src/extension';
import { silentLogger } from '../../../src/helpdesk/log';
import { providerDescriptors } from '../../../src/providers/registry';
import { type DeskproSimulator, startDeskproSimulator } from '../../../src/sandbox/deskpro';
import type { HostToWebview } from '../../../src/shared/protocol/panel';
import { Commands } from '../../../src/ui/commandIds';
import { Connections } from '../../../src/ui/instances/connections';
import { createDescriptorCatalog } from '../../../src/ui/instances/descriptors';
import { validateInstances } from '../../../src/ui/instances/instanceValidation';
import { OfflineCache } from '../../../src/ui/offline/cache';
import { type PanelHost, TicketPanelController } from '../../../src/ui/panel/controller';
import { MementoDraftStore } from '../../../src/ui/panel/draftStore';
import { markdownToHtml, renderBody } from '../../../src/helpdesk/render';
import { TreeModel } from '../../../src/ui/tree/model';
import type { ListNode, TicketNode, TreeNode } from '../../../src/ui/tree/nodes';
import { apiRequests, children, configureInstances, forgetCredentials, panelController, resetSettings, testApi, treeItem } from '../support/helpdesk';
import { waitFor } from '../support/wait';

const INSTANCE = 'it-offline';
const OFFLINE_MARK = /^offline — as of \d{1,2}[:.]\d{2}/;

type TicketMessage = Extract<HostToWebview, { type: 'ticket' }>;

describe('offline cache', function () {
  this.timeout(180_000);
  let api: HelpdeskTestApi;
  let sim: DeskproSimulator;
  let port: number;
  let apiKey: string;
  let ticketId: string;
  let onlineRows: string[];

  const root = async (): Promise<TreeNode> => (await children(api)).find((node) => node.instanceId === INSTANCE)!;
  const allOpenOf = async (nodes: TreeNode[]) => nodes.find((node): node is ListNode => node.kind === 'list' && node.label === 'All Open');
  const subjects = (nodes: TreeNode[]) => nodes.filter((node): node is TicketNode => node.kind === 'ticket').map((node) => node.ticket.subject);
  const cacheDir = () => {
    assert.ok(api.offlineCache, 'the extension has an offline cache');
    return api.offlineCache.dir;
  };

  /** Records what the panel's controller posts to its webview (and still posts it). */
  function recordPosts(controller: TicketPanelController): HostToWebview[] {
    const posted: HostToWebview[] = [];
    const host = controller['host'] as PanelHost;
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
    await configureInstances(api, [{ id: INSTANCE, label: 'Offline DeskPRO', baseUrl: sim.url }]);
    await vscode.commands.executeCommand(Commands.setCredentials, { instanceId: INSTANCE, secret: apiKey });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetSettings();
    if (api) await forgetCredentials(api, INSTANCE);
    await sim?.close().catch(() => undefined);
  });

  it('keeps the loaded views and the opened ticket on disk, without the API key', async () => {
    const allOpen = await waitFor('All Open listed', async () => allOpenOf(await children(api, await root())));
    onlineRows = subjects(await children(api, allOpen));
    assert.ok(onlineRows.length > 0, 'All Open has tickets');
    ticketId = (await children(api, allOpen)).find((node): node is TicketNode => node.kind === 'ticket')!.ticket.id;
    await vscode.commands.executeCommand(Commands.openTicket, { instanceId: INSTANCE, ticketId });
    await waitFor('the panel loaded its ticket and conversation', () => apiRequests(sim, 'GET', `/api/v2/tickets/${ticketId}/messages`).some((entry) => entry.status === 200));
    await waitFor('the ticket in the cache', async () => {
      await api.offlineCache!.flush();
      return (await api.offlineCache!.ticket(INSTANCE, ticketId)) !== undefined;
    });
    const dir = cacheDir();
    const files: string[] = [];
    for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) files.push(join(entry.parentPath, entry.name));
    assert.ok(files.some((file) => file.includes(INSTANCE) && file.endsWith('index.json')), files.join('\n'));
    const secretPart = apiKey.split(':')[1]!;
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      assert.ok(!text.includes(apiKey) && !text.includes(secretPart), `${file} holds the API key`);
    }
  });

  it('with the helpdesk stopped, Refresh shows the cached rows marked offline, the root says so, the panel its cached copy', async () => {
    await sim.close();
    await vscode.commands.executeCommand(Commands.refreshInstance, { instanceId: INSTANCE });
    const nodes = await waitFor('the Retry row first', async () => {
      const list = await children(api, await root());
      return list[0]?.kind === 'fix' ? list : undefined;
    });
    const fixLabel = String((await treeItem(api, nodes[0]!)).label);
    assert.match(fixLabel, /Retry/);
    const allOpen = await allOpenOf(nodes);
    assert.ok(allOpen, 'All Open is still listed');
    assert.deepEqual(subjects(await children(api, allOpen)), onlineRows);
    assert.match(String((await treeItem(api, allOpen)).description), OFFLINE_MARK);
    assert.match(String((await treeItem(api, await root())).description), /offline/);

    const controller = panelController(api, INSTANCE, ticketId);
    assert.ok(controller, 'the panel is open');
    const posted = recordPosts(controller);
    await controller.handle({ type: 'refresh' });
    const shown = posted.filter((message): message is TicketMessage => message.type === 'ticket').at(-1);
    assert.ok(shown, JSON.stringify(posted.filter((message) => message.type === 'error')));
    assert.match(shown.offline ?? '', /^Offline — as of .+; replies go to the outbox$/);
    assert.ok(posted.some((message) => message.type === 'messages' && message.messages.length > 0), 'the cached conversation');
    assert.equal(posted.find((message) => message.type === 'error'), undefined);
  });

  it('after a (simulated) restart with the helpdesk down, the views are listed from the cache and the ticket opens from it', async () => {
    await api.offlineCache!.flush();
    // The services as activate() builds them, from disk: a new cache, new connections, a new tree.
    const cache = new OfflineCache({ dir: cacheDir(), maxBytes: () => 50 * 1024 * 1024, log: silentLogger });
    const catalog = createDescriptorCatalog(providerDescriptors);
    const connections = new Connections({
      catalog,
      credentials: { get: async () => ({ secret: apiKey }), markRejected: async () => undefined },
      log: silentLogger,
      transport: () => ({ timeoutMs: 5000 }),
      memory: cache,
    });
    connections.setEntries(validateInstances([{ id: INSTANCE, label: 'Offline DeskPRO', type: 'deskpro', baseUrl: `http://127.0.0.1:${port}` }], catalog));
    const model = new TreeModel(connections, { pageSize: () => 50, typeName: (type) => type, cache });
    try {
      const instance = model.roots()[0]!;
      const nodes = await model.children(instance);
      assert.equal(nodes[0]?.kind, 'fix');
      const allOpen = await allOpenOf(nodes);
      assert.ok(allOpen, `the views are listed offline: ${nodes.map((node) => node.kind).join(', ')}`);
      assert.deepEqual(subjects(await model.children(allOpen)), onlineRows);
      assert.match(model.present(allOpen).description ?? '', OFFLINE_MARK);

      const posted: HostToWebview[] = [];
      const store = new Map<string, unknown>();
      const connection = () => connections.get(INSTANCE)!;
      const controller = new TicketPanelController({
        instanceId: INSTANCE,
        ticketId,
        session: { label: 'Offline DeskPRO', acquire: () => connection().acquire(), run: (request) => connection().run(request), referenceData: () => connection().referenceData() },
        host: { ...nullHost(), post: (message) => posted.push(message) },
        drafts: new MementoDraftStore({ get: <T>(key: string) => store.get(key) as T | undefined, update: async (key, value) => void store.set(key, value) }),
        render: { renderBody, markdownToHtml },
        maxAttachmentBytes: () => 1_000_000,
        log: silentLogger,
        offline: cache,
      });
      await controller.load();
      controller.dispose();
      const shown = posted.filter((message): message is TicketMessage => message.type === 'ticket').at(-1);
      assert.ok(shown?.offline, JSON.stringify(posted.filter((message) => message.type === 'error')));
      assert.ok(shown.statuses.length > 0, 'the status list from the cache');
    } finally {
      model.dispose();
      connections.dispose();
      await cache.dispose();
    }
  });

  it('when the helpdesk is back, a Refresh replaces the cached rows', async () => {
    sim = await startDeskproSimulator({ port, ticketCount: 300, apiKey });
    const before = apiRequests(sim, 'GET', '/api/v2/tickets').length;
    await vscode.commands.executeCommand(Commands.refreshInstance, { instanceId: INSTANCE });
    const allOpen = await waitFor('connected again', async () => {
      const nodes = await children(api, await root());
      return nodes[0]?.kind === 'list' ? allOpenOf(nodes) : undefined;
    });
    await waitFor('All Open read again without the offline mark', async () => {
      await children(api, allOpen);
      return apiRequests(sim, 'GET', '/api/v2/tickets').length > before && !OFFLINE_MARK.test(String((await treeItem(api, allOpen)).description));
    });
    assert.doesNotMatch(String((await treeItem(api, await root())).description ?? ''), /offline/);
  });
});

function nullHost(): PanelHost {
  return {
    post: () => undefined,
    setTitle: () => undefined,
    reloadWithRemoteImages: () => undefined,
    pickFiles: async () => [],
    pickSaveTarget: async () => undefined,
    writeFile: async () => undefined,
    downloaded: () => undefined,
    openExternal: () => undefined,
    setCredentials: () => undefined,
    ticketChanged: () => undefined,
  };
}
