// DeskDirector inside the extension host, configured the way a user does it (settings with
// the sign-in method, then Set Credentials with the secret), against the DeskDirector
// simulator in this process. Two instances of the same helpdesk: one signed in with an API
// key (lists, status changes, create through the automate connector) and one with a TECH
// personal access token (notes, which this instance offers only through its TECH API). The
// tree's lists, a ticket loaded in its panel, a status change and a note through the panel's
// message path, the reply refused once the notes route is gone, a ticket created through the
// dynamic form, and an access token that expires, each checked against what the simulator
// received. No PUT may reach the simulator, ever.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HelpdeskTestApi } from '../../../src/extension';
import type { DraftField } from '../../../src/helpdesk/model';
import { startDeskdirectorSimulator, type DeskdirectorRequestLogEntry, type DeskdirectorSimulator } from '../../../src/sandbox/deskdirector/server';
import { isClosed, notesOf, type TicketRecord } from '../../../src/sandbox/deskdirector/state';
import { TOKEN_EXPIRED_MESSAGE } from '../../../src/providers/deskdirector/guard';
import { Commands } from '../../../src/ui/commandIds';
import { CodeCommands } from '../../../src/ui/code/commandIds';
import type { CreateTicketFormController } from '../../../src/ui/code/createTicketForm';
import type { TicketPanelController } from '../../../src/ui/panel/controller';
import type { ListNode, TicketNode, TreeNode } from '../../../src/ui/tree/nodes';
import { children, forgetCredentials, panelController, resetSettings, setUserSetting, storedCredentials, testApi, treeItem } from '../support/helpdesk';
import { waitFor } from '../support/wait';

const KEY_INSTANCE = 'it-deskdirector';
const TECH_INSTANCE = 'it-deskdirector-tech';
const TOKEN_INSTANCE = 'it-deskdirector-token';
const PAGE_SIZE = 6;
const COPILOT = '/api/v2/copilot';
const CONNECTOR = '/api/v2/automate/connector';
const TECH = '/api/v2/tech';
const SWAGGER = '/swagger/v2/swagger.json';
const NOTE_FILE = { name: 'licence-order.txt', text: 'PO 55120: 5 seats, Microsoft 365 E3.\n' };
const CODE = '$users = Get-MsolUser -All\n# TODO: the sync skips disabled users\n$users | Where-Object { $_.IsLicensed } | Sync-Directory\n';

describe('DeskDirector in the extension host', () => {
  let sim: DeskdirectorSimulator;
  let expiring: DeskdirectorSimulator;
  /** How far the expiring simulator's clock is ahead of real time. */
  let ahead = 0;
  let api: HelpdeskTestApi;
  let document: vscode.TextDocument | undefined;
  const used = new Set<number>();

  before(async () => {
    api = await testApi();
    sim = await startDeskdirectorSimulator({ port: 0, ticketCount: 150 });
    expiring = await startDeskdirectorSimulator({ port: 0, ticketCount: 20, now: () => Date.now() + ahead });
    await setUserSetting('pageSize', PAGE_SIZE);
    const entries = [
      { id: KEY_INSTANCE, label: 'DeskDirector (API key)', type: 'deskdirector', baseUrl: sim.url, authMethod: 'apiKey' },
      { id: TECH_INSTANCE, label: 'DeskDirector (TECH)', type: 'deskdirector', baseUrl: sim.url, authMethod: 'techToken' },
      { id: TOKEN_INSTANCE, label: 'DeskDirector (access token)', type: 'deskdirector', baseUrl: expiring.url, authMethod: 'accessToken' },
    ];
    await vscode.workspace.getConfiguration('helpdesk').update('instances', entries, vscode.ConfigurationTarget.Global);
    for (const { id } of entries) await waitFor(`"${id}" among the tree's roots`, async () => (await children(api)).find((node) => node.instanceId === id));
    await vscode.commands.executeCommand(Commands.setCredentials, { instanceId: KEY_INSTANCE, secret: sim.apiKey });
    await vscode.commands.executeCommand(Commands.setCredentials, { instanceId: TECH_INSTANCE, secret: sim.techToken });
    await vscode.commands.executeCommand(Commands.setCredentials, { instanceId: TOKEN_INSTANCE, secret: expiring.issueAccessToken() });
  });

  /** Closes the panels and forms, and the untitled document without its "save changes?" prompt. */
  async function closeEditors(): Promise<void> {
    if (document && !document.isClosed) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }

  after(async () => {
    if (sim) sim.notesRoute = true;
    await closeEditors();
    await resetSettings();
    for (const id of [KEY_INSTANCE, TECH_INSTANCE, TOKEN_INSTANCE]) if (api) await forgetCredentials(api, id);
    await sim?.close();
    await expiring?.close();
  });

  afterEach(async () => {
    // Whatever a test did, DeskDirector's whole-ticket PUT must never have been sent.
    assert.equal(sim.state.putCount + expiring.state.putCount, 0, 'a PUT reached the simulator');
    await closeEditors();
  });

  const since = (mark: number, simulator = sim): DeskdirectorRequestLogEntry[] => simulator.requests.slice(mark);
  const describeRequests = (list: readonly DeskdirectorRequestLogEntry[]): string => list.map((r) => `${r.method} ${r.path}${r.query} ${r.status}`).join(', ') || 'none';
  const rootOf = async (instanceId: string): Promise<TreeNode> => {
    const found = (await children(api)).find((node) => node.instanceId === instanceId);
    assert.ok(found, `no root for ${instanceId}`);
    return found;
  };
  const listNamed = async (instanceId: string, label: string): Promise<ListNode> => {
    const found = (await children(api, await rootOf(instanceId))).find((node): node is ListNode => node.kind === 'list' && node.label === label);
    assert.ok(found, `no "${label}" under ${instanceId}`);
    return found;
  };
  const tickets = (nodes: TreeNode[]): TicketNode[] => nodes.filter((node): node is TicketNode => node.kind === 'ticket');

  /** A ticket of the instance's My Tickets no other test used, that fits `wanted`. */
  async function myTicket(instanceId: string, wanted: (ticket: TicketRecord) => boolean): Promise<TicketRecord> {
    for (const node of tickets(await children(api, await listNamed(instanceId, 'My Tickets')))) {
      const ticket = sim.state.tickets.get(Number(node.ticket.id));
      if (ticket && !used.has(ticket.id) && wanted(ticket)) {
        used.add(ticket.id);
        return ticket;
      }
    }
    throw new Error(`no unused ticket in ${instanceId}'s My Tickets fits`);
  }

  async function openPanel(instanceId: string, ticket: TicketRecord): Promise<TicketPanelController> {
    const mark = sim.requests.length;
    await vscode.commands.executeCommand(Commands.openTicket, { instanceId, ticketId: String(ticket.id) });
    const controller = await waitFor('the panel controller', () => panelController(api, instanceId, String(ticket.id)));
    await waitFor('the panel to load the ticket', () => since(mark).some((r) => r.path === `${COPILOT}/tickets/${ticket.id}` && r.status === 200));
    // Settled: a load awaited to its end (the page's own may still be on its way).
    await controller.handle({ type: 'refresh' });
    return controller;
  }

  it('keeps each secret in SecretStorage under its instance; both roots connect, each with its own kind of credential', async () => {
    assert.equal(JSON.parse((await storedCredentials(api, KEY_INSTANCE)) ?? '{}').secret, sim.apiKey);
    assert.equal(JSON.parse((await storedCredentials(api, TECH_INSTANCE)) ?? '{}').secret, sim.techToken);
    const settings = JSON.stringify(vscode.workspace.getConfiguration('helpdesk').inspect('instances')?.globalValue);
    assert.ok(!settings.includes(sim.apiKey) && !settings.includes(sim.techToken), 'no secret in helpdesk.instances');
    // Expanding a root checks its connection.
    const connected = async (instanceId: string): Promise<string> => {
      const root = await rootOf(instanceId);
      await children(api, root);
      return String((await treeItem(api, root)).description);
    };
    // The person the helpdesk assigns "my" tickets to, not the kind of credential.
    await waitFor('the API-key root to connect', async () => (await connected(KEY_INSTANCE)) === `Connected as ${sim.me.name}`);
    await waitFor('the TECH root to connect', async () => (await connected(TECH_INSTANCE)).startsWith('Connected'));
    const schemes = new Set(sim.requests.filter((r) => r.path.startsWith('/api/')).map((r) => r.scheme));
    assert.deepEqual([...schemes].sort(), ['Basic', 'DdApi']);
    assert.deepEqual(sim.requests.filter((r) => r.status >= 400).map((r) => `${r.method} ${r.path} ${r.status}`), []);
  });

  it('lists My Tickets from one request; Load more shows the next page from the same answer', async () => {
    const list = await listNamed(KEY_INSTANCE, 'My Tickets');
    const mark = sim.requests.length;
    const first = tickets(await children(api, list));
    // At most one request: none when the connection test's own My Tickets (read to learn who we are) is still fresh.
    const asked = since(mark).filter((r) => r.path === `${COPILOT}/tickets`);
    assert.ok(asked.length <= 1, describeRequests(asked));
    const answered = sim.requests.filter((r) => r.path === `${COPILOT}/tickets` && r.scheme === 'DdApi').at(-1);
    assert.deepEqual(Object.fromEntries(new URLSearchParams(answered?.query ?? '')), { status: 'open', assigned: 'me' });
    const mine = [...sim.state.tickets.values()].filter((t) => t.assignedAgentIds.includes(sim.me.id) && !isClosed(sim.state, t));
    assert.equal(first.length, PAGE_SIZE);
    assert.equal((await treeItem(api, list)).description, `${PAGE_SIZE} of ${mine.length}`);
    for (const node of first) assert.ok(mine.some((t) => String(t.id) === node.ticket.id), `#${node.ticket.id} is an open ticket of mine`);
    assert.ok(first.every((node) => node.ticket.ref === `#${node.ticket.id}`));

    const beforeMore = sim.requests.length;
    await vscode.commands.executeCommand(Commands.loadMore, { instanceId: KEY_INSTANCE, listKey: list.listKey });
    const both = tickets(await children(api, list));
    assert.equal(both.length, 2 * PAGE_SIZE);
    assert.deepEqual(both.slice(0, PAGE_SIZE).map((n) => n.ticket.id), first.map((n) => n.ticket.id));
    assert.equal(new Set(both.map((n) => n.ticket.id)).size, both.length, 'no ticket twice');
    assert.deepEqual(since(beforeMore).filter((r) => r.path.startsWith(COPILOT)).map((r) => r.path), [], 'the second page needed no request');
  });

  it('loads a ticket in its panel through the controller: the ticket and its notes from one request', async () => {
    const ticket = await myTicket(KEY_INSTANCE, (t) => notesOf(sim.state, t.id).some((n) => n.isInternal));
    const controller = await openPanel(KEY_INSTANCE, ticket);
    const mark = sim.requests.length;
    await controller.handle({ type: 'refresh' });
    assert.deepEqual(since(mark).filter((r) => r.path.startsWith(`${COPILOT}/tickets`)).map((r) => `${r.method} ${r.path} ${r.status}`), [`GET ${COPILOT}/tickets/${ticket.id} 200`]);
  });

  it('changes the status through the API-key panel: one PATCH with only the status id', async () => {
    const ticket = await myTicket(KEY_INSTANCE, (t) => t.boardId === 3 && t.statusId !== 32);
    const controller = await openPanel(KEY_INSTANCE, ticket);
    const mark = sim.requests.length;
    await controller.handle({ type: 'update', field: 'status', value: '32' });
    const writes = since(mark).filter((r) => r.method !== 'GET');
    assert.deepEqual(writes.map((r) => `${r.method} ${r.path} ${r.status}`), [`PATCH ${CONNECTOR}/tickets/${ticket.id} 200`]);
    assert.deepEqual(writes[0]!.body, { statusId: 32 });
    assert.equal(sim.state.tickets.get(ticket.id)?.statusId, 32);
  });

  it('adds an internal note with a file through the TECH panel: the file to TECH files, then the note naming it', async () => {
    const ticket = await myTicket(TECH_INSTANCE, () => true);
    const controller = await openPanel(TECH_INSTANCE, ticket);
    const bytes = new TextEncoder().encode(NOTE_FILE.text);
    await controller.addToDraft({ markdown: '', files: [{ name: NOTE_FILE.name, size: bytes.byteLength, read: () => Promise.resolve(bytes) }] });
    const mark = sim.requests.length;
    const markdown = 'Ordered **5** more seats; PO attached.';
    await controller.handle({ type: 'send', draft: { markdown, internal: true } });

    const writes = since(mark).filter((r) => r.method !== 'GET');
    assert.deepEqual(writes.map((r) => `${r.method} ${r.path} ${r.status} ${r.scheme}`), [`POST ${TECH}/files 200 Basic`, `POST ${TECH}/tickets/${ticket.id}/comments 200 Basic`]);
    const note = notesOf(sim.state, ticket.id).at(-1)!;
    assert.deepEqual(writes[1]!.body, { note: markdown, isInternal: true, attachmentIds: note.attachmentIds });
    assert.equal(note.isInternal, true);
    assert.deepEqual(note.author, { type: 'agent', id: sim.me.id });
    assert.deepEqual(note.attachmentIds.map((id) => [sim.state.files.get(id)?.name, sim.state.files.get(id)?.data.toString('utf8')]), [[NOTE_FILE.name, NOTE_FILE.text]]);
  });

  it('once the notes route is gone (and a Refresh), a reply is refused before any request', async () => {
    const ticket = await myTicket(TECH_INSTANCE, () => true);
    const controller = await openPanel(TECH_INSTANCE, ticket);
    sim.notesRoute = false;
    try {
      const mark = sim.requests.length;
      await vscode.commands.executeCommand(Commands.refreshInstance, { instanceId: TECH_INSTANCE });
      // The tree reconnects (Refresh), which reads the OpenAPI document again.
      await children(api, await rootOf(TECH_INSTANCE));
      await waitFor('the OpenAPI document read again', () => since(mark).some((r) => r.path === SWAGGER && r.status === 200));
      await controller.handle({ type: 'refresh' });
      const beforeSend = sim.requests.length;
      await controller.handle({ type: 'send', draft: { markdown: 'This must not be sent.', internal: false } });
      assert.deepEqual(since(beforeSend).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`), []);
      assert.ok(!notesOf(sim.state, ticket.id).some((n) => n.note.includes('must not be sent')));
      // The draft is kept for the user, not lost.
      assert.equal(controller.currentDraft()?.markdown, 'This must not be sent.');
    } finally {
      sim.notesRoute = true;
    }
  });

  it('creates a ticket through the dynamic form: a request type, its required fields, a time field typed as text', async function () {
    this.timeout(90_000);
    document = await vscode.workspace.openTextDocument({ language: 'powershell', content: `Import-Module MSOnline\n\n${CODE}` });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(2, 0, 5, 0);
    await vscode.commands.executeCommand(CodeCommands.createTicketFromSelection, { instanceId: KEY_INSTANCE });
    const form = api.code.forms.controllers().at(-1) as CreateTicketFormController;
    await waitFor('the form page to load', () => form.pageLoaded, { timeoutMs: 40_000 });
    assert.equal(form.initialForm().attachOnCreate, false);
    const reset = sim.state.requestTypes.find((type) => type.name === 'Password reset')!;
    const contact = [...sim.state.contacts.values()][0]!;
    // The page offers the request types once they have loaded; the user picks one and its fields load.
    // (The form keeps both private; bracket access reads them, as panelController() does the panels.)
    const vendor = () => form['vendorFields'] as unknown as { kinds?: Array<{ id: string; name: string }>; fields: DraftField[] };
    const kinds = await waitFor('the request types', () => vendor().kinds);
    assert.deepEqual(kinds.map((kind) => kind.name), [...sim.state.requestTypes.map((type) => type.name), 'Something Else']);
    await form.handle({ type: 'kindChanged', kind: String(reset.id) });
    const fields = new Map(vendor().fields.map((field) => [field.name, field]));
    assert.deepEqual(
      ['contactId', 'username', 'resetMfa', 'callbackTime'].map((name) => [name, fields.get(name)?.type, fields.get(name)?.required]),
      [
        ['contactId', 'number', true],
        ['username', 'text', true],
        ['resetMfa', 'boolean', false],
        // A time of day: no control of its own, so text.
        ['callbackTime', 'text', false],
      ],
    );

    const creates = () => sim.requests.filter((r) => r.method === 'POST' && r.path === `${CONNECTOR}/tickets`);
    const subject = 'Sync skips disabled users';
    // Its required fields empty: nothing is sent.
    await form.handle({ type: 'submit', values: { subject, body: '```powershell\n' + CODE + '```', kind: String(reset.id), vendorFields: { contactId: '', username: '' } } });
    assert.equal(creates().length, 0);
    assert.equal(form.finished, false);

    const values = { contactId: String(contact.id), username: 'samir.brennan', resetMfa: true, callbackTime: '17:30' };
    await form.handle({ type: 'submit', values: { subject, body: '```powershell\n' + CODE + '```', kind: String(reset.id), vendorFields: values } });
    assert.equal(creates().length, 1, describeRequests(creates()));
    const post = creates()[0]!;
    assert.equal(post.status, 200, JSON.stringify(post.body));
    assert.equal(new URLSearchParams(post.query).get('requestTypeId'), String(reset.id));
    const sent = post.body as Record<string, unknown>;
    assert.equal(sent.summary, subject);
    assert.match(String(sent.description), /Sync-Directory/);
    assert.equal(sent.contactId, contact.id);
    assert.equal(sent.username, 'samir.brennan');
    assert.equal(sent.resetMfa, true);
    assert.equal(sent.callbackTime, '17:30');

    const created = [...sim.state.tickets.values()].at(-1)!;
    assert.equal(created.requestTypeId, reset.id);
    assert.equal(created.contactId, contact.id);
    assert.deepEqual(created.customFields, { username: 'samir.brennan', resetMfa: true, callbackTime: '17:30' });
    assert.equal(form.finished, true);
    await waitFor('the new ticket’s panel', () => panelController(api, KEY_INSTANCE, String(created.id)));
  });

  it('an access token the helpdesk says has expired: the root says so after one request, and nothing more is sent', async () => {
    const root = await rootOf(TOKEN_INSTANCE);
    await children(api, root);
    await waitFor('the access-token root to connect', async () => String((await treeItem(api, root)).description).startsWith('Connected'));
    ahead = 61 * 60_000;
    const mark = expiring.requests.length;
    await vscode.commands.executeCommand(Commands.refreshInstance, { instanceId: TOKEN_INSTANCE });
    const fix = await waitFor('the fix-it row', async () => (await children(api, await rootOf(TOKEN_INSTANCE))).find((node) => node.kind === 'fix'));
    const item = await treeItem(api, await rootOf(TOKEN_INSTANCE));
    assert.equal(item.description, 'Token expired', 'its own state, not "Credentials rejected"');
    const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip);
    assert.ok(tooltip.includes(TOKEN_EXPIRED_MESSAGE), tooltip);
    assert.equal((await treeItem(api, fix)).tooltip, TOKEN_EXPIRED_MESSAGE);
    assert.equal((await treeItem(api, fix)).label, TOKEN_EXPIRED_MESSAGE, 'the fix-it row says it in the helpdesk\'s words');
    assert.equal((await treeItem(api, fix)).command?.command, Commands.setCredentials);
    // Asked again: the dead token is not sent.
    await vscode.commands.executeCommand(Commands.refreshInstance, { instanceId: TOKEN_INSTANCE });
    await children(api, await rootOf(TOKEN_INSTANCE));
    const sent = since(mark, expiring);
    assert.equal(sent.length, 1, describeRequests(sent));
    assert.equal(sent[0]!.status, 401);
    assert.equal(sent[0]!.scheme, 'DdAccessToken');
  });
});
