// Lockout safety end to end through the UI layer (no vscode): the real Jitbit provider
// from the registry, Connections, the tree model and a ticket panel controller, against
// the scripted Jitbit. A wrong password must cost exactly one failed request, whatever
// the tree, the panel and time do afterwards, until new credentials are saved.
import * as assert from 'node:assert/strict';
import { silentLogger } from '../../src/helpdesk/log';
import { providerDescriptors } from '../../src/providers/registry';
import type { HostToWebview } from '../../src/shared/protocol/panel';
import { Connections } from '../../src/ui/instances/connections';
import { createDescriptorCatalog } from '../../src/ui/instances/descriptors';
import { validateInstances } from '../../src/ui/instances/instanceValidation';
import { TreeModel } from '../../src/ui/tree/model';
import type { TreeNode } from '../../src/ui/tree/nodes';
import { connectedPanel, MemoryCredentials, recordingPanelHost } from '../support/uiLayer';
import { type FakeJitbit, startFakeJitbit } from './jitbit-fake-server';

describe('jitbit: lockout safety through the UI layer', () => {
  let fake: FakeJitbit;
  let connections: Connections;

  beforeEach(async () => {
    fake = await startFakeJitbit();
  });

  afterEach(async () => {
    connections?.dispose();
    await fake.close();
  });

  it('a wrong password costs one request across tree, panel, refreshes and a minute of polling', async () => {
    let clock = 1_000_000;
    const now = () => clock;
    const catalog = createDescriptorCatalog(providerDescriptors);
    const credentials = new MemoryCredentials();
    credentials.values.set('jb', { username: 'admin', secret: 'wrong-password' });
    connections = new Connections({ catalog, credentials, log: silentLogger, transport: () => ({ timeoutMs: 5000 }), now });
    const instance = { id: 'jb', label: 'Support', type: 'jitbit', baseUrl: fake.url };
    connections.setEntries(validateInstances([instance], catalog));
    const connection = () => connections.get('jb')!;
    const openTree = () => new TreeModel(connections, { pageSize: () => 50, typeName: (type) => catalog.displayName(type), now });
    let model = openTree();
    const labels = async (node: TreeNode) => (await model.children(node)).map((child) => model.present(child).label);

    // A panel restored at start-up loads while the tree checks the connection.
    const posted: HostToWebview[] = [];
    const panel = connectedPanel({ instanceId: 'jb', ticketId: '101', connection, host: recordingPanelHost(posted), now });

    const [rootChildren] = await Promise.all([labels(model.roots()[0]!), panel.load()]);
    assert.deepEqual(rootChildren, ['Credentials rejected — Set Credentials…']);
    assert.equal(fake.requests.length, 1, 'the check and the panel together sent one request');
    assert.equal(credentials.values.get('jb')?.rejected, true, 'remembered for other windows');
    const root = model.present(model.roots()[0]!);
    assert.equal(root.description, 'Credentials rejected');
    assert.match(root.tooltipMarkdown ?? '', /five minutes after three failed logins/);
    const panelError = posted.find((message) => message.type === 'error');
    assert.ok(panelError && panelError.type === 'error' && panelError.error.kind === 'auth');
    assert.equal(panelError.error.action?.command, 'setCredentials');

    // Refresh all, refresh the instance, reopen the tree, reload the panel.
    model.refreshAll();
    model.refreshInstance('jb');
    assert.deepEqual(await labels(model.roots()[0]!), ['Credentials rejected — Set Credentials…']);
    model.dispose();
    model = openTree();
    assert.deepEqual(await labels(model.roots()[0]!), ['Credentials rejected — Set Credentials…']);
    await panel.load();

    // A minute of whatever polls: redraws, retries, panel reloads, connection checks.
    for (let second = 0; second < 60; second += 5) {
      clock += 5_000;
      model.refreshAll();
      await labels(model.roots()[0]!);
      await panel.handle({ type: 'refresh' });
      await connection().check();
    }
    // A settings edit that rebuilds the connection starts from the stored rejection.
    connections.setEntries(validateInstances([{ ...instance, label: 'Support desk' }], catalog));
    model.dispose();
    model = openTree();
    assert.deepEqual(await labels(model.roots()[0]!), ['Credentials rejected — Set Credentials…']);
    assert.equal(fake.requests.length, 1, 'still exactly one failed request');

    // New credentials: the next look at the tree connects.
    credentials.values.set('jb', { username: 'admin', secret: 's3cret-pass' });
    connections.resetCredentials('jb');
    assert.deepEqual(await labels(model.roots()[0]!), ['My Tickets', 'Unanswered', 'All Open', 'Search…']);
    assert.equal(fake.requests.length, 2);
    assert.equal(model.present(model.roots()[0]!).description, 'Connected as Ada Admin');
    model.dispose();
  });
});
