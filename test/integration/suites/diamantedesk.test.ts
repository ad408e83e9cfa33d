// DiamanteDesk inside the extension host, configured the way a user does it (settings, then
// Set Credentials with the user name and API key), against the DiamanteDesk simulator in
// this process: the tree's five lists, a ticket loaded in its panel, a private note with a
// file and a status change through the panel's message path, and a ticket created from a
// selection with its branch, each checked against what the simulator received.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HelpdeskTestApi } from '../../../src/extension';
import type { DraftField } from '../../../src/helpdesk/model';
import { markdownToHtml } from '../../../src/helpdesk/render/markdown';
import { startDiamantedeskSimulator, type DiamantedeskRequestLogEntry, type DiamantedeskSimulator } from '../../../src/sandbox/diamantedesk/server';
import { commentsOf, ticketKey, type TicketRecord } from '../../../src/sandbox/diamantedesk/state';
import { Commands } from '../../../src/ui/commandIds';
import { CodeCommands } from '../../../src/ui/code/commandIds';
import type { CreateTicketFormController } from '../../../src/ui/code/createTicketForm';
import type { TicketPanelController } from '../../../src/ui/panel/controller';
import type { ListNode, TicketNode, TreeNode } from '../../../src/ui/tree/nodes';
import { children, forgetCredentials, labelOf, panelController, resetSettings, setUserSetting, storedCredentials, testApi, treeItem } from '../support/helpdesk';
import { waitFor } from '../support/wait';

const INSTANCE = 'it-diamantedesk';
const LABEL = 'Integration DiamanteDesk';
const PAGE_SIZE = 8;
const DESK = '/api/rest/latest/desk';
const NOTE_FILE = { name: 'refund-approval.txt', text: 'Approved by finance, ref FIN-2291.\n' };
const CODE = 'def apply_discount(total, code):\n    # TODO: expired codes still apply\n    return total * 0.9\n';

describe('DiamanteDesk in the extension host', () => {
  let sim: DiamantedeskSimulator;
  let api: HelpdeskTestApi;
  let root: TreeNode;
  let document: vscode.TextDocument | undefined;
  const used = new Set<number>();

  before(async () => {
    api = await testApi();
    sim = await startDiamantedeskSimulator({ port: 0, ticketCount: 150 });
    await setUserSetting('pageSize', PAGE_SIZE);
    const entry = { id: INSTANCE, label: LABEL, type: 'diamantedesk', baseUrl: sim.url };
    await vscode.workspace.getConfiguration('helpdesk').update('instances', [entry], vscode.ConfigurationTarget.Global);
    await waitFor(`"${INSTANCE}" among the tree's roots`, async () => (await children(api)).find((node) => node.instanceId === INSTANCE));
    await vscode.commands.executeCommand(Commands.setCredentials, { instanceId: INSTANCE, username: sim.username, secret: sim.apiKey });
    const found = (await children(api)).find((node) => node.instanceId === INSTANCE);
    assert.ok(found);
    root = found;
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
    await closeEditors();
    await resetSettings();
    if (api) await forgetCredentials(api, INSTANCE);
    await sim?.close();
  });

  // One panel at a time, as a user mostly has them.
  afterEach(closeEditors);

  const requests = (method?: string, path?: string | RegExp): DiamantedeskRequestLogEntry[] =>
    sim.requests.filter(
      (r) => (method === undefined || r.method === method) && (path === undefined || (typeof path === 'string' ? r.path === path : path.test(r.path))),
    );
  const lists = async (): Promise<ListNode[]> => (await children(api, root)).filter((node): node is ListNode => node.kind === 'list');
  const listNamed = async (label: string): Promise<ListNode> => {
    const found = (await lists()).find((node) => node.label === label);
    assert.ok(found, `no "${label}" list`);
    return found;
  };
  const tickets = (nodes: TreeNode[]): TicketNode[] => nodes.filter((node): node is TicketNode => node.kind === 'ticket');
  const record = (node: TicketNode): TicketRecord => {
    const found = sim.state.tickets.get(Number(node.ticket.id));
    assert.ok(found, `the simulator has no ticket ${node.ticket.id}`);
    return found;
  };

  /** A ticket of My Tickets no other test used, that fits `wanted`. */
  async function myTicket(wanted: (ticket: TicketRecord) => boolean): Promise<TicketRecord> {
    for (const node of tickets(await children(api, await listNamed('My Tickets')))) {
      const ticket = record(node);
      if (!used.has(ticket.id) && wanted(ticket)) {
        used.add(ticket.id);
        return ticket;
      }
    }
    throw new Error('no unused ticket in My Tickets fits');
  }

  /** Opens the ticket's panel the way a tree click does and waits until the webview has loaded it. */
  async function openPanel(ticket: TicketRecord): Promise<TicketPanelController> {
    const before = requests('GET', `${DESK}/tickets/${ticket.id}`).length;
    await vscode.commands.executeCommand(Commands.openTicket, { instanceId: INSTANCE, ticketId: String(ticket.id) });
    const controller = await waitFor('the panel controller', () => panelController(api, INSTANCE, String(ticket.id)));
    await waitFor('the panel to load the ticket', () => requests('GET', `${DESK}/tickets/${ticket.id}`).slice(before).some((r) => r.status === 200));
    // Settled: a load awaited to its end (the page's own may still be on its way).
    await controller.handle({ type: 'refresh' });
    return controller;
  }

  it('keeps the user name and API key in SecretStorage only, and connects as the agent', async () => {
    const stored = JSON.parse((await storedCredentials(api, INSTANCE)) ?? '{}') as { username?: string; secret?: string };
    assert.equal(stored.username, sim.username);
    assert.equal(stored.secret, sim.apiKey);
    const settings = JSON.stringify(vscode.workspace.getConfiguration('helpdesk').inspect('instances')?.globalValue);
    assert.ok(!settings.includes(sim.apiKey), 'the key is not in helpdesk.instances');
    assert.equal(await labelOf(api, root), LABEL);
    // Expanding the root checks the connection.
    await children(api, root);
    await waitFor('the root to connect', async () => (await treeItem(api, root)).description === `Connected as ${sim.me.name}`);
    // Every request was signed with WSSE for this agent, each with its own nonce, and let in.
    const signed = sim.requests.filter((r) => r.path.startsWith('/api/'));
    assert.ok(signed.length > 0);
    assert.ok(signed.every((r) => r.authorized && r.wsse?.username === sim.username), signed.map((r) => `${r.path} ${r.status} ${r.authFailure ?? ''}`).join(', '));
    assert.equal(new Set(signed.map((r) => r.wsse?.nonce)).size, signed.length, 'no nonce was sent twice');
  });

  it('lists My Tickets, Unassigned, Open, New and Pending from the helpdesk, each ticket by its key', async () => {
    assert.deepEqual((await lists()).map((node) => node.label), ['My Tickets', 'Unassigned', 'Open', 'New', 'Pending']);
    const before = requests('GET', `${DESK}/tickets`).length;
    const mine = tickets(await children(api, await listNamed('My Tickets')));
    const asked = requests('GET', `${DESK}/tickets`).slice(before);
    assert.equal(asked.length, 1, 'one page, one request');
    const query = new URLSearchParams(asked[0]!.query);
    assert.equal(query.get('assignee'), String(sim.me.id));
    assert.equal(query.get('limit'), String(PAGE_SIZE));
    const expected = [...sim.state.tickets.values()].filter((t) => t.assigneeId === sim.me.id).sort((a, b) => b.id - a.id).slice(0, PAGE_SIZE);
    assert.deepEqual(mine.map((node) => node.ticket.ref), expected.map((t) => ticketKey(sim.state, t)));
    assert.ok(mine.every((node) => /^BRANCH[A-C]-\d+$/.test(node.ticket.ref)), mine.map((node) => node.ticket.ref).join(', '));
    assert.match(String((await treeItem(api, mine[0]!)).description), new RegExp(`^${mine[0]!.ticket.ref} · `));

    const belongs: Record<string, (t: TicketRecord) => boolean> = {
      Unassigned: (t) => t.assigneeId === null && t.status !== 'closed',
      Open: (t) => t.status === 'open',
      New: (t) => t.status === 'new',
      Pending: (t) => t.status === 'pending',
    };
    for (const [label, fits] of Object.entries(belongs)) {
      const shown = tickets(await children(api, await listNamed(label)));
      assert.ok(shown.length > 0, `${label} lists tickets`);
      for (const node of shown) assert.ok(fits(record(node)), `${label}: ${node.ticket.ref} (${record(node).status}, assignee ${record(node).assigneeId})`);
    }
  });

  it('loads a ticket in its panel through the controller: the conversation from one detail request', async () => {
    const ticket = await myTicket((t) => commentsOf(sim.state, t.id).some((c) => c.private));
    const controller = await openPanel(ticket);
    // The panel's Refresh: the ticket and its comments again, from one request (the detail carries both).
    const before = sim.requests.length;
    await controller.handle({ type: 'refresh' });
    const asked = sim.requests.slice(before).filter((r) => r.path.startsWith(`${DESK}/tickets`));
    assert.deepEqual(asked.map((r) => `${r.method} ${r.path} ${r.status}`), [`GET ${DESK}/tickets/${ticket.id} 200`]);
  });

  it('sends a private note with a file through the panel’s message path: one comment, private, the file base64 on its attachments endpoint', async () => {
    const ticket = await myTicket((t) => t.status !== 'closed');
    const controller = await openPanel(ticket);
    const bytes = new TextEncoder().encode(NOTE_FILE.text);
    // The way "Add Selection to Ticket" hands files to a reply.
    await controller.addToDraft({ markdown: '', files: [{ name: NOTE_FILE.name, size: bytes.byteLength, read: () => Promise.resolve(bytes) }] });
    const before = sim.requests.length;
    const markdown = 'Refund **approved**; credit note follows.';
    await controller.handle({ type: 'send', draft: { markdown, internal: true } });

    const writes = sim.requests.slice(before).filter((r) => r.method !== 'GET');
    const comment = commentsOf(sim.state, ticket.id).at(-1)!;
    assert.deepEqual(writes.map((r) => `${r.method} ${r.path} ${r.status}`), [`POST ${DESK}/comments 201`, `POST ${DESK}/comments/${comment.id}/attachments 201`]);
    assert.deepEqual(writes[0]!.json, { content: markdownToHtml(markdown), ticket: ticket.id, author: sim.me.typedId, ticketStatus: ticket.status, private: true });
    assert.deepEqual(writes[1]!.json, { attachmentsInput: [{ filename: NOTE_FILE.name, content: Buffer.from(NOTE_FILE.text).toString('base64') }] });
    assert.equal(comment.private, true);
    assert.equal(comment.author, sim.me.typedId);
    const files = comment.attachmentIds.map((id) => sim.state.attachments.get(id)!);
    assert.deepEqual(files.map((file) => [file.filename, file.data.toString('utf8')]), [[NOTE_FILE.name, NOTE_FILE.text]]);
  });

  it('changes the status through the panel: one PATCH carrying only the status, never a PUT', async () => {
    const ticket = await myTicket((t) => t.status === 'open' || t.status === 'new');
    const controller = await openPanel(ticket);
    const before = sim.requests.length;
    await controller.handle({ type: 'update', field: 'status', value: 'on_hold' });

    const writes = sim.requests.slice(before).filter((r) => r.method !== 'GET');
    assert.equal(writes.length, 1, writes.map((r) => `${r.method} ${r.path}`).join(', '));
    assert.equal(writes[0]!.method, 'PATCH');
    assert.match(writes[0]!.path, new RegExp(`^${DESK}/tickets/(${ticket.id}|${ticketKey(sim.state, ticket)})$`));
    assert.deepEqual(writes[0]!.json, { status: 'on_hold' });
    assert.equal(sim.state.tickets.get(ticket.id)?.status, 'on_hold');
    assert.deepEqual(requests('PUT').map((r) => r.path), []);
  });

  it('creates a ticket from a selection with its branch: the helpdesk has it in that branch, me as reporter, the snippet in the description', async function () {
    this.timeout(90_000);
    document = await vscode.workspace.openTextDocument({ language: 'python', content: `import math\n\n${CODE}` });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(2, 0, 5, 0);
    await vscode.commands.executeCommand(CodeCommands.createTicketFromSelection, { instanceId: INSTANCE });
    const form = api.code.forms.controllers().at(-1) as CreateTicketFormController;
    await waitFor('the form page to load', () => form.pageLoaded, { timeoutMs: 40_000 });
    const init = form.initialForm();
    assert.deepEqual(init.fields, { departmentLabel: 'Branch', departmentRequired: true, priority: true, agent: false });
    assert.equal(init.attachOnCreate, true);

    // DiamanteDesk's own field, Source (a required choice, Web by default), as the page gets it once loaded.
    // (The form keeps it private; bracket access reads it, as panelController() does the panels.)
    const vendorFields = () => (form['vendorFields'] as unknown as { fields: DraftField[] }).fields;
    const sourceField = await waitFor('the Source field', () => vendorFields().find((field) => field.name === 'source'));
    assert.deepEqual([sourceField.type, sourceField.required, sourceField.defaultValue], ['choice', true, 'web']);
    const creates = () => requests('POST', `${DESK}/tickets`);
    // No branch: nothing is sent, the form stays open for a choice.
    // The form as its page posts it: the Source field shows its default, Web.
    const source = { source: 'web' };
    await form.handle({ type: 'submit', values: { subject: init.subject, body: init.body, vendorFields: source } });
    assert.equal(creates().length, 0);
    assert.equal(form.finished, false);

    const branch = [...sim.state.branches.values()].find((b) => b.key === 'BRANCHC')!;
    await form.handle({ type: 'submit', values: { subject: init.subject, body: init.body, department: String(branch.id), priority: 'high', vendorFields: source } });
    assert.equal(creates().length, 1, 'one POST /tickets');
    const post = creates()[0]!;
    assert.equal(post.status, 201);
    const sent = post.json as Record<string, unknown>;
    assert.equal(sent.branch, branch.id);
    assert.equal(sent.reporter, sim.me.typedId);
    assert.equal(sent.priority, 'high');
    assert.equal(sent.subject, 'expired codes still apply');

    const created = [...sim.state.tickets.values()].at(-1)!;
    assert.equal(created.branchId, branch.id);
    assert.equal(created.reporter, sim.me.typedId);
    assert.match(ticketKey(sim.state, created), /^BRANCHC-\d+$/);
    // The snippet goes out as a paragraph with <br> between lines and &nbsp; for indentation
    // (the server's strip_tags keeps no <pre>), so each line arrives whole, ending its line.
    const shown = created.description.replace(/&nbsp;/g, ' ');
    for (const line of CODE.trimEnd().split('\n')) assert.ok(shown.includes(`${line}<br>`) || shown.includes(`${line}</p>`), `the description holds "${line}"`);
    assert.equal(form.finished, true);
    await waitFor('the new ticket’s panel', () => panelController(api, INSTANCE, String(created.id)));
  });
});
