// Create Ticket from Selection against the other sandbox helpdesk, Jitbit: its grouping is
// a Category (named so in the form, from its capabilities), which it requires when it has
// several; files go up as multipart parts of the same request.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HelpdeskTestApi } from '../../../src/extension';
import { type JitbitSimulator, startJitbitSimulator } from '../../../src/sandbox/jitbit';
import { Commands } from '../../../src/ui/commandIds';
import { CodeCommands } from '../../../src/ui/code/commandIds';
import type { CreateTicketFormController } from '../../../src/ui/code/createTicketForm';
import { children, forgetCredentials, panelController, resetSettings, testApi } from '../support/helpdesk';
import { waitFor } from '../support/wait';

const INSTANCE = 'it-code-jitbit';
const CODE = 'func Handle(w http.ResponseWriter, r *http.Request) {\n\tpanic("not yet")\n}\n';

describe('code to tickets on Jitbit', () => {
  let sim: JitbitSimulator;
  let api: HelpdeskTestApi;
  let document: vscode.TextDocument;

  before(async () => {
    api = await testApi();
    sim = await startJitbitSimulator({ port: 0, ticketCount: 40 });
    const entry = { id: INSTANCE, label: 'Code Jitbit', type: 'jitbit', baseUrl: sim.url };
    await vscode.workspace.getConfiguration('helpdesk').update('instances', [entry], vscode.ConfigurationTarget.Global);
    await waitFor(`"${INSTANCE}" among the tree's roots`, async () => (await children(api)).find((node) => node.instanceId === INSTANCE));
    await vscode.commands.executeCommand(Commands.setCredentials, { instanceId: INSTANCE, username: sim.username, secret: sim.password });
  });

  after(async () => {
    if (document && !document.isClosed) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetSettings();
    if (api) await forgetCredentials(api, INSTANCE);
    await sim?.close();
  });

  it('names the Category field as Jitbit does, needs one, and uploads the snippet with the ticket', async function () {
    this.timeout(90_000);
    assert.ok(sim.state.categories.size > 1, 'the simulator has several categories');
    document = await vscode.workspace.openTextDocument({ language: 'go', content: `package main\n\n${CODE}` });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(2, 0, 5, 0);
    await vscode.commands.executeCommand(CodeCommands.createTicketFromSelection, { instanceId: INSTANCE });
    const form = api.code.forms.controllers().at(-1) as CreateTicketFormController;
    // A hang guard: a webview may take a while to load on a busy machine.
    await waitFor('the form page to load', () => form.pageLoaded, { timeoutMs: 40_000 });
    const init = form.initialForm();
    assert.deepEqual(init.fields, { departmentLabel: 'Category', priority: true, agent: true });
    assert.equal(init.attachOnCreate, true);

    await form.handle({ type: 'addAttachment', source: 'snippet' });
    const createCalls = () => sim.requests.filter((entry) => entry.method === 'POST' && /\/api\/ticket$/i.test(entry.path));
    // Without a category Jitbit cannot file it: nothing is sent, the form stays for a choice.
    await form.handle({ type: 'submit', values: { subject: init.subject, body: init.body } });
    assert.equal(createCalls().length, 0);
    assert.equal(form.finished, false);

    const category = [...sim.state.categories.values()][1]!;
    await form.handle({ type: 'submit', values: { subject: init.subject, body: init.body, department: String(category.id), priority: '1' } });
    const calls = createCalls();
    assert.equal(calls.length, 1, 'one POST /api/ticket');
    const call = calls[0]!;
    assert.equal(call.status, 200);
    assert.equal(call.fields?.categoryId, String(category.id));
    assert.equal(call.fields?.priorityId, '1');
    assert.equal(call.fields?.subject, 'func Handle(w http.ResponseWriter, r *http.Request)');
    assert.match(String(call.fields?.body), /<pre><code class="language-go">func Handle/);
    assert.deepEqual(call.files?.map((file) => file.filename), ['snippet.go']);

    const ticket = [...sim.state.tickets.values()].at(-1)!;
    assert.equal(ticket.categoryId, category.id);
    const files = (sim.state.ticketFiles.get(ticket.id) ?? []).map((id) => sim.state.files.get(id)!);
    assert.deepEqual(files.map((file) => [file.fileName, file.data.toString('utf8')]), [['snippet.go', CODE]]);
    await waitFor('the new ticket’s panel', () => panelController(api, INSTANCE, String(ticket.id)));
  });
});
