// Opening a ticket creates its panel; the webview (rendered by the real workbench) asks
// for the ticket; a reply posted through the panel's message path reaches the helpdesk.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HelpdeskTestApi } from '../../../src/extension';
import type { DeskproSimulator } from '../../../src/sandbox/deskpro';
import { Commands } from '../../../src/ui/commandIds';
import type { TicketPanelController } from '../../../src/ui/panel/controller';
import type { TicketNode } from '../../../src/ui/tree/nodes';
import {
  apiRequests,
  children,
  configureInstances,
  forgetCredentials,
  panelController,
  resetSettings,
  startSimulator,
  testApi,
  ticketPanelTabs,
} from '../support/helpdesk';
import { waitFor } from '../support/wait';

const INSTANCE = 'it-panel';

describe('ticket panel', () => {
  let sim: DeskproSimulator;
  let api: HelpdeskTestApi;
  let ticketId: string;
  let controller: TicketPanelController;

  before(async () => {
    api = await testApi();
    sim = await startSimulator();
    await configureInstances(api, [{ id: INSTANCE, label: 'Panel DeskPRO', baseUrl: sim.url }]);
    await vscode.commands.executeCommand(Commands.setCredentials, { instanceId: INSTANCE, secret: sim.apiKey });
    // A ticket as the user finds it: the first one under All Open.
    const root = (await children(api)).find((node) => node.instanceId === INSTANCE);
    assert.ok(root);
    const allOpen = (await children(api, root)).find((node) => node.kind === 'list' && node.label === 'All Open');
    assert.ok(allOpen);
    const first = (await children(api, allOpen)).find((node): node is TicketNode => node.kind === 'ticket');
    assert.ok(first, 'All Open has no tickets');
    ticketId = first.ticket.id;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetSettings();
    if (api) await forgetCredentials(api, INSTANCE);
    await sim?.close();
  });

  const messagesPath = () => `/api/v2/tickets/${ticketId}/messages`;
  /** The controller loads only when the webview, running in the workbench, posts `ready`. */
  const panelLoaded = () =>
    waitFor('GET of the ticket and its messages', () =>
      apiRequests(sim, 'GET', `/api/v2/tickets/${ticketId}`).some((entry) => entry.status === 200) &&
      apiRequests(sim, 'GET', messagesPath()).some((entry) => entry.status === 200),
    );

  it('Open Ticket creates its panel, and the webview loads the ticket through the host', async () => {
    const tabsBefore = ticketPanelTabs().length;
    await vscode.commands.executeCommand(Commands.openTicket, { instanceId: INSTANCE, ticketId });
    controller = await waitFor('the panel controller', () => panelController(api, INSTANCE, ticketId));
    // The workbench reports the new tab to the extension host a moment later.
    await waitFor('a ticket panel tab', () => ticketPanelTabs().length === tabsBefore + 1);
    await panelLoaded();
    const record = sim.state.tickets.get(Number(ticketId));
    assert.ok(record);
    const title = `${record.ref} ${record.subject}`.trim();
    const expected = title.length > 60 ? `${title.slice(0, 59)}…` : title;
    await waitFor(`a tab titled "${expected}"`, () => ticketPanelTabs().some((tab) => tab.label === expected));
  });

  it('Open Ticket again reveals the same panel instead of a second one', async () => {
    assert.equal(ticketPanelTabs().length, 1);
    await vscode.commands.executeCommand(Commands.openTicket, { instanceId: INSTANCE, ticketId });
    // Give a second tab the same time the first one needed to show up, then count.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(ticketPanelTabs().length, 1);
    assert.equal(panelController(api, INSTANCE, ticketId), controller);
  });

  it('a reply sent through the panel’s message path reaches the helpdesk once, as a public reply', async () => {
    await panelLoaded();
    const postsBefore = apiRequests(sim, 'POST', messagesPath()).length;
    const messagesBefore = sim.state.ticketMessages.get(Number(ticketId))?.length ?? 0;

    await controller.handle({ type: 'send', draft: { markdown: 'Thanks for **waiting**, it is fixed.', internal: false } });

    const posts = apiRequests(sim, 'POST', messagesPath()).slice(postsBefore);
    assert.equal(posts.length, 1, 'expected exactly one POST of the reply');
    const [post] = posts;
    assert.ok(post);
    assert.equal(post.status, 201);
    const body = post.body as { message?: string; format?: string; is_note?: boolean };
    assert.match(body.message ?? '', /Thanks for <strong>waiting<\/strong>, it is fixed\./);
    assert.equal(body.format, 'html');
    assert.equal(body.is_note, false);

    const ids = sim.state.ticketMessages.get(Number(ticketId)) ?? [];
    assert.equal(ids.length, messagesBefore + 1);
    const stored = sim.state.messages.get(ids.at(-1) as number);
    assert.equal(stored?.is_agent_note, 0);
    assert.equal(stored?.person, sim.me.id);
    assert.match(stored?.message ?? '', /<strong>waiting<\/strong>/);
  });

  it('an internal note sent the same way is stored as an agent note', async () => {
    const postsBefore = apiRequests(sim, 'POST', messagesPath()).length;
    await controller.handle({ type: 'send', draft: { markdown: 'Customer called back.', internal: true } });

    const posts = apiRequests(sim, 'POST', messagesPath()).slice(postsBefore);
    assert.equal(posts.length, 1, 'expected exactly one POST of the note');
    assert.equal((posts[0]?.body as { is_note?: boolean }).is_note, true);
    const ids = sim.state.ticketMessages.get(Number(ticketId)) ?? [];
    const stored = sim.state.messages.get(ids.at(-1) as number);
    assert.equal(stored?.is_agent_note, 1);
    assert.match(stored?.message ?? '', /Customer called back\./);
  });
});
