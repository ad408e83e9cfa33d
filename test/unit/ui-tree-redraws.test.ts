import assert from 'node:assert/strict';
import { silentLogger } from '../../src/helpdesk/log';
import type { ProviderDescriptor } from '../../src/helpdesk/provider';
import { Connections } from '../../src/ui/instances/connections';
import { createDescriptorCatalog } from '../../src/ui/instances/descriptors';
import { validateInstances } from '../../src/ui/instances/instanceValidation';
import { TreeModel } from '../../src/ui/tree/model';
import type { TreeNode } from '../../src/ui/tree/nodes';
import { MemoryCredentials } from '../support/uiLayer';

// Every redraw of the whole tree makes VS Code drop the commands of all its rows until it
// has drawn them again (a click in between says "Actual command not found"), so the
// model asks for one only when what it shows changed.

const descriptor = {
  type: 'deskpro',
  names: ['DeskPRO'],
  urlPlaceholder: 'https://x',
  credentialPrompt: { secret: { prompt: 'Key' } },
  normalizeBaseUrl: (input: string) => new URL(input).href.replace(/\/$/, ''),
  create: () => {
    throw new Error('no requests in these tests');
  },
} as unknown as ProviderDescriptor;

function setup() {
  const catalog = createDescriptorCatalog([descriptor]);
  const connections = new Connections({ catalog, credentials: new MemoryCredentials(), log: silentLogger, transport: () => ({ timeoutMs: 1000 }) });
  const model = new TreeModel(connections, { pageSize: () => 50, typeName: (type) => type });
  const redraws: Array<TreeNode | undefined> = [];
  model.onDidChange((node) => redraws.push(node));
  const apply = (list: Array<Record<string, unknown>>) => connections.setEntries(validateInstances(list, catalog));
  return { connections, model, redraws, apply };
}

const acme = { id: 'acme', label: 'Acme', type: 'deskpro', baseUrl: 'https://acme.example' };
const beta = { id: 'beta', label: 'Beta', type: 'deskpro', baseUrl: 'https://beta.example' };

describe('ui: tree redraws', () => {
  it('redraws the whole tree when the settings add, edit, reorder or remove a helpdesk', () => {
    const t = setup();
    t.apply([acme]);
    t.apply([acme, beta]);
    t.apply([acme, { ...beta, label: 'Beta desk' }]);
    t.apply([{ ...beta, label: 'Beta desk' }, acme]);
    t.apply([acme]);
    assert.deepEqual(t.redraws, [undefined, undefined, undefined, undefined, undefined]);
    assert.deepEqual(
      t.model.roots().map((node) => node.instanceId),
      ['acme'],
    );
  });

  it('does not redraw when the same settings are applied again (Add Helpdesk applies them twice)', () => {
    const t = setup();
    t.apply([acme, beta]);
    const roots = t.model.roots();
    t.redraws.length = 0;
    t.apply([acme, beta]);
    t.apply([{ ...acme }, { ...beta }]);
    assert.deepEqual(t.redraws, []);
    assert.deepEqual(t.model.roots(), roots, 'the same root nodes, so VS Code keeps their rows');
  });
});
