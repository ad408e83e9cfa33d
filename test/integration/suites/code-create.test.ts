// Sending code to tickets from a real editor: select lines of a file in a git repository
// whose remote is on GitHub, run "Create Ticket from Selection…", attach the snippet and the
// whole file through the form's message path (what its webview posts), create, and check
// exactly what the DeskPRO simulator received; then an untitled document, "Add Selection to
// Ticket…" into a panel's reply box, and the ticket reference commands.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { HelpdeskTestApi } from '../../../src/extension';
import type { DeskproSimulator } from '../../../src/sandbox/deskpro';
import { Commands } from '../../../src/ui/commandIds';
import { CodeCommands } from '../../../src/ui/code/commandIds';
import type { CreateTicketFormController } from '../../../src/ui/code/createTicketForm';
import type { GitExtensionExports } from '../../../src/ui/code/gitApi';
import { apiRequests, children, forgetCredentials, panelController, resetSettings, startSimulator, testApi } from '../support/helpdesk';
import { waitFor } from '../support/wait';

const INSTANCE = 'it-code';
const LINK_FILE = '.vscode/helpdesk-links.json';
const REMOTE = 'https://github.com/acme/portal.git';
// Python: the window has no language server for it, so opening it costs no background work
// that would slow the suites after this one.
const SOURCE = [
  'from .http import fetch_token',
  '',
  'def refresh(session):',
  '    # TODO: retry once when the token has just expired',
  '    token = fetch_token(session.user)',
  '    return {**session, "token": token}',
  '',
].join('\n');
// Lines 3-6 of SOURCE, as selected.
const SELECTED = SOURCE.split('\n').slice(2, 6).join('\n');

/** Closes an untitled document without the "save changes?" dialog a test cannot answer. */
async function discard(document: vscode.TextDocument): Promise<void> {
  if (document.isClosed) return;
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

function git(cwd: string, ...args: string[]): string {
  const config = ['-c', 'user.name=Helpdesk Tests', '-c', 'user.email=tests@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main'];
  return execFileSync('git', [...config, ...args], { cwd, encoding: 'utf8' }).trim();
}

describe('code to tickets', () => {
  let sim: DeskproSimulator;
  let api: HelpdeskTestApi;
  let folder: vscode.WorkspaceFolder;
  let head: string;
  let linkFileExisted = false;
  const createdTickets: string[] = [];

  const fileUri = (path: string) => vscode.Uri.joinPath(folder.uri, ...path.split('/'));
  const sourceUri = () => fileUri('portal/src/session.py');

  /** Runs the command as the editor menu does; the form's controller is what its webview talks to. */
  async function openForm(): Promise<CreateTicketFormController> {
    const before = api.code.forms.controllers().length;
    const returned = await vscode.commands.executeCommand<CreateTicketFormController | undefined>(CodeCommands.createTicketFromSelection, { instanceId: INSTANCE });
    const form = api.code.forms.controllers()[before];
    assert.ok(form, 'the command opened a form');
    assert.equal(returned, form);
    // The page, running in the workbench, says `ready` and is filled from the host.
    await waitFor('the form page to load', () => form.pageLoaded, { timeoutMs: 40_000 });
    return form;
  }

  async function createdTicketId(postsBefore: number): Promise<string> {
    const posts = apiRequests(sim, 'POST', '/api/v2/tickets').slice(postsBefore);
    assert.equal(posts.length, 1, 'exactly one POST /tickets');
    assert.equal(posts[0]!.status, 201);
    const ticket = [...sim.state.tickets.values()].at(-1)!;
    createdTickets.push(String(ticket.id));
    return String(ticket.id);
  }

  before(async () => {
    api = await testApi();
    const first = vscode.workspace.workspaceFolders?.[0];
    assert.ok(first, 'the integration window opens a workspace folder');
    folder = first;
    linkFileExisted = await vscode.workspace.fs.stat(fileUri(LINK_FILE)).then(() => true, () => false);
    sim = await startSimulator();
    const entry = { id: INSTANCE, label: 'Code DeskPRO', type: 'deskpro', baseUrl: sim.url, referencePatterns: ['DP-{id}'] };
    await vscode.workspace.getConfiguration('helpdesk').update('instances', [entry], vscode.ConfigurationTarget.Global);
    await waitFor(`"${INSTANCE}" among the tree's roots`, async () => (await children(api)).find((node) => node.instanceId === INSTANCE));
    await vscode.commands.executeCommand(Commands.setCredentials, { instanceId: INSTANCE, secret: sim.apiKey });

    // A repository inside the workspace, committed, whose commit is on origin/main.
    const repo = fileUri('portal');
    await vscode.workspace.fs.writeFile(sourceUri(), new TextEncoder().encode(SOURCE));
    git(repo.fsPath, 'init', '-q');
    git(repo.fsPath, 'add', '.');
    git(repo.fsPath, 'commit', '-q', '-m', 'session refresh');
    git(repo.fsPath, 'remote', 'add', 'origin', REMOTE);
    head = git(repo.fsPath, 'rev-parse', 'HEAD');
    git(repo.fsPath, 'update-ref', 'refs/remotes/origin/main', head);
    git(repo.fsPath, 'branch', '--set-upstream-to=origin/main');
    const gitApi = (await vscode.extensions.getExtension<GitExtensionExports>('vscode.git')!.activate()).getAPI(1) as unknown as {
      openRepository(root: vscode.Uri): Promise<unknown>;
    };
    await gitApi.openRepository(repo);
    await waitFor('the Git extension to see the repository at its commit', () => {
      const found = (gitApi as unknown as { getRepository(uri: vscode.Uri): { state: { HEAD?: { commit?: string } } } | null }).getRepository(sourceUri());
      return found?.state.HEAD?.commit === head;
    });
  });

  after(async () => {
    for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.isUntitled)) await discard(document);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const ticketId of createdTickets) {
      for (const link of api?.links.linksForTicket(INSTANCE, ticketId) ?? []) await api.links.unlink(link.id);
    }
    const leftovers = ['portal', ...(linkFileExisted ? [] : [LINK_FILE])];
    for (const path of leftovers) await vscode.workspace.fs.delete(fileUri(path), { recursive: true }).then(undefined, () => undefined);
    await resetSettings();
    if (api) await forgetCredentials(api, INSTANCE);
    await sim?.close();
  });

  it('creates a ticket from selected lines with two attachments: the helpdesk receives exactly the code, its place, a permalink and both files', async function () {
    // A hang guard: a webview may take a while to load on a busy machine.
    this.timeout(90_000);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(sourceUri()));
    // Lines 3-6, selected the way the gutter does it: up to the start of line 7.
    editor.selection = new vscode.Selection(2, 0, 6, 0);
    const form = await openForm();
    const init = form.initialForm();
    const permalink = `https://github.com/acme/portal/blob/${head}/src/session.py#L3-L6`;
    assert.equal(init.subject, 'retry once when the token has just expired');
    assert.deepEqual(init.location, { caption: '`portal/src/session.py`, lines 3-6', permalink });
    assert.deepEqual(init.offers.map((offer) => [offer.source, offer.name ?? offer.unavailable]), [
      ['snippet', 'session-L3-L6.py'],
      ['file', 'session.py'],
      ['diff', 'The file has no changes since the last commit.'],
    ]);

    const blobsBefore = apiRequests(sim, 'POST', '/api/v2/blobs/temp').length;
    const postsBefore = apiRequests(sim, 'POST', '/api/v2/tickets').length;
    await form.handle({ type: 'addAttachment', source: 'snippet' });
    await form.handle({ type: 'addAttachment', source: 'file' });
    const body = `Refreshing fails right after the token expires.\n\n${init.body}`;
    await form.handle({ type: 'submit', values: { subject: 'Token refresh fails after expiry', body } });

    const ticketId = await createdTicketId(postsBefore);
    const post = apiRequests(sim, 'POST', '/api/v2/tickets').at(-1)!;
    const sent = post.body as { subject: string; message: { message: string; format: string; attachments: unknown[] } };
    assert.equal(sent.subject, 'Token refresh fails after expiry');
    assert.equal(sent.message.format, 'html');
    const html = sent.message.message;
    assert.match(html, /<p>Refreshing fails right after the token expires\.<\/p>/);
    assert.ok(html.includes(`<code>portal/src/session.py</code>, lines 3-6 (<a href="${permalink}">permalink</a>)`), html);
    const code = SELECTED.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    assert.ok(html.includes(`<pre><code class="language-python">${code}\n</code></pre>`), html);
    assert.equal(sent.message.attachments.length, 2);

    // Two uploads, then the ticket's first message carries both, byte for byte.
    const uploads = apiRequests(sim, 'POST', '/api/v2/blobs/temp').slice(blobsBefore);
    assert.deepEqual(uploads.map((upload) => [upload.status, (upload.body as { file: { filename: string } }).file.filename]), [
      [201, 'session-L3-L6.py'],
      [201, 'session.py'],
    ]);
    const record = sim.state.tickets.get(Number(ticketId))!;
    assert.equal(record.subject, 'Token refresh fails after expiry');
    const [messageId] = sim.state.ticketMessages.get(Number(ticketId)) ?? [];
    const message = sim.state.messages.get(messageId!)!;
    const files = message.attachments.map((id) => sim.state.blobs.get(sim.state.attachments.get(id)!.blob_id)!);
    assert.deepEqual(files.map((blob) => [blob.filename, blob.content_type, Buffer.from(blob.data).toString('utf8')]), [
      ['session-L3-L6.py', 'text/plain', `${SELECTED}\n`],
      ['session.py', 'text/plain', SOURCE],
    ]);

    // Afterwards: the form is gone, the ticket is open in its panel, the link is recorded, it is recent.
    await waitFor('the ticket panel', () => panelController(api, INSTANCE, ticketId));
    assert.equal(api.code.forms.controllers().includes(form), false, 'the form closed');
    const links = await waitFor('the recorded link', () => {
      const found = api.links.linksForTicket(INSTANCE, ticketId);
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(links.map((link) => [link.file, link.startLine, link.endLine, link.stale]), [['portal/src/session.py', 3, 6, false]]);
    const stored = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(fileUri(LINK_FILE)))) as {
      links: Array<{ ticket: { id: string; ref: string }; commit?: string; snippet: string }>;
    };
    const mine = stored.links.find((link) => link.ticket.id === ticketId);
    assert.equal(mine?.commit, head);
    assert.equal(mine?.ticket.ref, record.ref);
    assert.equal(mine?.snippet, `${SELECTED}\n`);
    assert.equal(api.code.recents.list(INSTANCE)[0]?.id, ticketId);
  });

  it('creates a ticket from an untitled document: no path, no permalink, no link', async function () {
    // A hang guard: a webview may take a while to load on a busy machine.
    this.timeout(90_000);
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: 'def handler(event):\n    raise KeyError(event["id"])\n' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(1, 4, 1, 31);
    const form = await openForm();
    const init = form.initialForm();
    assert.match(init.location.caption, /^Untitled-\d+, line 2$/);
    assert.equal(init.location.permalink, undefined);
    assert.equal(init.offers[0]?.name, 'snippet.py');
    assert.equal(init.offers[2]?.unavailable, 'The document is not saved to a file.');

    const postsBefore = apiRequests(sim, 'POST', '/api/v2/tickets').length;
    await form.handle({ type: 'submit', values: { subject: init.subject, body: init.body } });
    const ticketId = await createdTicketId(postsBefore);
    const html = (apiRequests(sim, 'POST', '/api/v2/tickets').at(-1)!.body as { message: { message: string } }).message.message;
    assert.ok(html.startsWith('<p>Line 2</p>\n<pre><code class="language-python">raise KeyError(event[&quot;id&quot;])\n</code></pre>'), html);
    assert.equal(sim.state.tickets.get(Number(ticketId))?.subject, 'raise KeyError(event["id"])');
    await waitFor('the ticket panel', () => panelController(api, INSTANCE, ticketId));
    assert.deepEqual(api.links.linksForTicket(INSTANCE, ticketId), []);
    await discard(document);
  });

  it('adds a selection to a ticket picked from the recent ones, into its reply box for review, sending nothing', async () => {
    // The ticket picker starts with the recent tickets, newest first: the one created last.
    const ticketId = api.code.recents.list(INSTANCE)[0]!.id;
    assert.equal(ticketId, createdTickets.at(-1));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(sourceUri()));
    editor.selection = new vscode.Selection(4, 0, 5, 0);
    const requestsBefore = sim.requests.length;
    const adding = vscode.commands.executeCommand<boolean>(CodeCommands.addSelectionToTicket, { instanceId: INSTANCE });
    let settled = false;
    void adding.then(() => (settled = true), () => (settled = true));
    // Two questions: which ticket (Enter takes the first, the most recent) and which files
    // to attach (Enter with none ticked attaches none).
    await waitFor('the ticket and attachment questions to be answered', async () => {
      if (settled) return true;
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled;
    }, { intervalMs: 250 });
    assert.equal(await adding, true);
    const controller = await waitFor('the ticket panel', () => panelController(api, INSTANCE, ticketId));
    const draft = (controller as unknown as { currentDraft(): { markdown: string } | undefined }).currentDraft();
    assert.equal(draft?.markdown, `\`portal/src/session.py\`, line 5 ([permalink](<https://github.com/acme/portal/blob/${head}/src/session.py#L5>))\n\n\`\`\`python\ntoken = fetch_token(session.user)\n\`\`\``);
    const posts = sim.requests.slice(requestsBefore).filter((entry) => entry.method !== 'GET');
    assert.deepEqual(posts, [], 'nothing was sent to the helpdesk');
    // Recorded when added: the link says this code concerns that ticket.
    assert.deepEqual(api.links.linksForTicket(INSTANCE, ticketId).map((link) => [link.file, link.startLine, link.endLine]), [['portal/src/session.py', 5, 5]]);
  });

  it('copies and inserts a ticket reference in the helpdesk’s reference form', async () => {
    const ticketId = createdTickets[0]!;
    const copied = await vscode.commands.executeCommand<string>(CodeCommands.copyTicketReference, { instanceId: INSTANCE, ticketId });
    assert.equal(copied, `DP-${ticketId}`);
    const document = await vscode.workspace.openTextDocument({ content: '// see \n' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 7, 0, 7);
    const inserted = await vscode.commands.executeCommand<string>(CodeCommands.insertTicketReference, { instanceId: INSTANCE, ticketId });
    assert.equal(inserted, `DP-${ticketId}`);
    assert.equal(document.getText(), `// see DP-${ticketId}\n`);
    await discard(document);
  });
});
