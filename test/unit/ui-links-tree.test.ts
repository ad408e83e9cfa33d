import assert from 'node:assert/strict';
import { silentLogger } from '../../src/helpdesk/log';
import type { Ticket } from '../../src/helpdesk/model';
import type { HelpdeskProvider, ProviderDescriptor } from '../../src/helpdesk/provider';
import { Connections } from '../../src/ui/instances/connections';
import { createDescriptorCatalog } from '../../src/ui/instances/descriptors';
import { Emitter } from '../../src/ui/events';
import { validateInstances } from '../../src/ui/instances/instanceValidation';
import { OPEN_LINKED_CODE_COMMAND, type LinkedCodeView } from '../../src/ui/codeLinks/contracts';
import { TreeModel, type TicketLinkSource } from '../../src/ui/tree/model';
import type { TicketNode, TreeNode } from '../../src/ui/tree/nodes';
import { testCapabilities } from '../support/capabilities';

const capabilities = testCapabilities({ views: [{ kind: 'open', label: 'All Open' }], statusOnReply: true, search: false });

function ticket(id: string): Ticket {
  return {
    id,
    ref: `DP-${id}`,
    subject: `Ticket ${id}`,
    status: { id: 'open', name: 'Open', kind: 'open' },
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

const descriptor: ProviderDescriptor = {
  type: 'deskpro',
  names: ['DeskPRO'],
  urlPlaceholder: 'https://x',
  credentialPrompt: { secret: { prompt: 'Key' } },
  normalizeBaseUrl: (input) => input.replace(/\/$/, ''),
  create: () =>
    ({
      type: 'deskpro',
      capabilities,
      whoAmI: async () => ({ id: 'me', name: 'Me' }),
      listTickets: async () => ({ items: [ticket('1'), ticket('2')] }),
      dispose: async () => undefined,
    }) as unknown as HelpdeskProvider,
};

class FakeLinks implements TicketLinkSource {
  readonly emitter = new Emitter<void>();
  readonly onDidChange = this.emitter.event;
  links = new Map<string, LinkedCodeView[]>();
  linksForTicket(instanceId: string, ticketId: string): LinkedCodeView[] {
    return this.links.get(`${instanceId}/${ticketId}`) ?? [];
  }
}

async function setup() {
  const catalog = createDescriptorCatalog([descriptor]);
  const connections = new Connections({
    catalog,
    credentials: { get: async () => ({ secret: 's' }), markRejected: async () => undefined },
    log: silentLogger,
    transport: () => ({ timeoutMs: 1000 }),
  });
  connections.setEntries(validateInstances([{ id: 'acme', type: 'deskpro', baseUrl: 'https://acme.example' }], catalog));
  const links = new FakeLinks();
  links.links.set('acme/1', [
    { id: 'l1', file: 'src/printer/fire.ts', startLine: 3, endLine: 5, stale: false },
    { id: 'l2', file: 'README.md', startLine: 9, endLine: 9, stale: true },
  ]);
  const model = new TreeModel(connections, { pageSize: () => 50, typeName: (type) => type, linkedCode: links });
  const redraws: Array<TreeNode | undefined> = [];
  model.onDidChange((node) => redraws.push(node));
  const [root] = model.roots();
  const [list] = await model.children(root!);
  const tickets = (await model.children(list!)) as TicketNode[];
  return { model, links, list: list!, tickets, redraws };
}

describe('ui links: linked code in the ticket tree', () => {
  it('a ticket with links expands to "Linked code" and its locations; one without stays a leaf', async () => {
    const { model, tickets } = await setup();
    const [linked, plain] = tickets;
    assert.equal(model.present(linked!).collapsible, 'collapsed');
    assert.equal(model.present(plain!).collapsible, 'none');
    assert.deepEqual(await model.children(plain!), []);

    const [group, ...rest] = await model.children(linked!);
    assert.equal(rest.length, 0);
    const groupView = model.present(group!);
    assert.equal(groupView.label, 'Linked code');
    assert.equal(groupView.description, '2 · 1 stale');
    assert.equal(groupView.collapsible, 'collapsed');

    const locations = await model.children(group!);
    const views = locations.map((node) => model.present(node));
    assert.deepEqual(views.map((view) => [view.label, view.description]), [
      ['fire.ts', 'src/printer · lines 3–5'],
      ['README.md', 'line 9 · stale'],
    ]);
    assert.deepEqual(views[0]!.command, { command: OPEN_LINKED_CODE_COMMAND, title: 'Open Linked Code', arguments: [{ linkId: 'l1' }] });
    assert.equal(views[1]!.icon?.id, 'warning');
    assert.equal(new Set([groupView.id, ...views.map((view) => view.id)]).size, 3, 'ids are distinct');
  });

  it('redraws the loaded lists (without fetching) when links change', async () => {
    const { model, links, list, tickets, redraws } = await setup();
    links.links.set('acme/2', [{ id: 'l3', file: 'a.ts', startLine: 1, endLine: 1, stale: false }]);
    links.emitter.fire();
    assert.ok(redraws.includes(list), 'the list is redrawn');
    const again = (await model.children(list)) as TicketNode[];
    assert.equal(again.length, tickets.length);
    assert.equal(model.present(again[1]!).collapsible, 'collapsed');
  });
});
