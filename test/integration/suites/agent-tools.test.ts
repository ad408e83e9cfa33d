// The language model tools in the extension host, against a simulator of every vendor:
// listed in vscode.lm.tools with their manifest data, then called through vscode.lm.invokeTool
// with no chat session (toolInvocationToken undefined), as another extension would. The draft
// tool is the exception: its confirmation is, without a chat session, a modal workbench dialog
// (code-server 1.99's LanguageModelToolsService awaits dialogService.confirm), which an
// extension-host suite cannot answer; so it is called through the very object the extension
// handed to vscode.lm.registerTool (the test API's agentTools.tools): prepareInvocation for the
// confirmation, then invoke with the options invokeTool passes once the user said Yes.
import * as assert from 'node:assert/strict';
import { createServer } from 'node:net';
import * as vscode from 'vscode';
import type { HelpdeskTestApi } from '../../../src/extension';
import { type DeskproSimulator, startDeskproSimulator } from '../../../src/sandbox/deskpro';
import { startDeskdirectorSimulator, type DeskdirectorSimulator } from '../../../src/sandbox/deskdirector/server';
import { startDiamantedeskSimulator, type DiamantedeskSimulator } from '../../../src/sandbox/diamantedesk/server';
import { type JitbitSimulator, startJitbitSimulator } from '../../../src/sandbox/jitbit';
import type { LoggedRequest } from '../../../src/sandbox/simulator-server';
import { Commands } from '../../../src/ui/commandIds';
import { children, forgetCredentials, panelController, resetSettings, setUserSetting, testApi } from '../support/helpdesk';
import { waitFor } from '../support/wait';

const TOOLS = {
  search: 'helpdesk_searchTickets',
  get: 'helpdesk_getTicket',
  linked: 'helpdesk_linkedTickets',
  draft: 'helpdesk_draftReply',
};

interface Vendor {
  id: string;
  label: string;
  requests: () => readonly LoggedRequest[];
  secrets: string[];
}

describe('agent tools (language model tools) on every helpdesk', function () {
  this.timeout(120_000);
  let api: HelpdeskTestApi;
  let deskpro: DeskproSimulator;
  let jitbit: JitbitSimulator;
  let diamante: DiamantedeskSimulator;
  let director: DeskdirectorSimulator;
  let downPort: number;
  const vendors: Vendor[] = [];
  const ids = ['it-agent-deskpro', 'it-agent-jitbit', 'it-agent-diamante', 'it-agent-director', 'it-agent-optout', 'it-agent-down', 'it-agent-jitbit-bad'];
  let folder: vscode.WorkspaceFolder;
  const sourcePath = 'src/agent-tools-sample.ts';

  const tool = (name: string): vscode.LanguageModelTool<unknown> => {
    const found = api.agentTools.tools.get(name);
    assert.ok(found, `${name} is registered`);
    return found;
  };
  const token = () => new vscode.CancellationTokenSource().token;
  /** A tool's result text: through vscode.lm.invokeTool, but the draft tool (see the top of this file). */
  async function call(name: string, input: object): Promise<string> {
    const options = { input, toolInvocationToken: undefined };
    const result = name === TOOLS.draft ? await tool(name).invoke(options, token()) : await vscode.lm.invokeTool(name, options, token());
    assert.ok(result, `${name} returned a result`);
    return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
  }
  const everything = () => vendors.flatMap((vendor) => vendor.secrets);
  const assertClean = (text: string) => {
    for (const secret of everything()) assert.ok(!text.includes(secret), 'no credential in a tool result');
    assert.ok(!text.includes(`127.0.0.1:${downPort}`), 'no helpdesk address from the settings');
  };
  /** Requests that could change something: all but reads and Jitbit's login check (a POST to /api/Authorization that changes nothing). */
  const writes = (requests: readonly LoggedRequest[]) =>
    requests.filter((request) => !['GET', 'HEAD', 'OPTIONS'].includes(request.method) && !request.path.endsWith('/api/Authorization'));

  before(async () => {
    api = await testApi();
    [deskpro, jitbit, diamante, director] = await Promise.all([
      startDeskproSimulator({ port: 0, ticketCount: 60 }),
      startJitbitSimulator({ port: 0, ticketCount: 40 }),
      startDiamantedeskSimulator({ port: 0, ticketCount: 40 }),
      startDeskdirectorSimulator({ port: 0, ticketCount: 40 }),
    ]);
    downPort = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
      });
    });
    vendors.push(
      { id: 'it-agent-deskpro', label: 'Agent DeskPRO', requests: () => deskpro.requests, secrets: [deskpro.apiKey, deskpro.apiToken] },
      { id: 'it-agent-jitbit', label: 'Agent Jitbit', requests: () => jitbit.requests, secrets: [jitbit.password, jitbit.token] },
      { id: 'it-agent-diamante', label: 'Agent DiamanteDesk', requests: () => diamante.requests, secrets: [diamante.apiKey] },
      { id: 'it-agent-director', label: 'Agent DeskDirector', requests: () => director.requests, secrets: [director.apiKey, director.techToken] },
    );
    const entries = [
      { id: 'it-agent-deskpro', label: 'Agent DeskPRO', type: 'deskpro', baseUrl: deskpro.url },
      { id: 'it-agent-jitbit', label: 'Agent Jitbit', type: 'jitbit', baseUrl: jitbit.url },
      { id: 'it-agent-diamante', label: 'Agent DiamanteDesk', type: 'diamantedesk', baseUrl: diamante.url },
      { id: 'it-agent-director', label: 'Agent DeskDirector', type: 'deskdirector', baseUrl: director.url, authMethod: 'techToken' },
      { id: 'it-agent-optout', label: 'Agent Opted Out', type: 'deskpro', baseUrl: deskpro.url, agentTools: false },
      { id: 'it-agent-down', label: 'Agent Down', type: 'deskpro', baseUrl: `http://127.0.0.1:${downPort}` },
      { id: 'it-agent-jitbit-bad', label: 'Agent Jitbit (wrong password)', type: 'jitbit', baseUrl: jitbit.url },
    ];
    await vscode.workspace.getConfiguration('helpdesk').update('instances', entries, vscode.ConfigurationTarget.Global);
    for (const id of ids) await waitFor(`"${id}" among the tree's roots`, async () => (await children(api)).find((node) => node.instanceId === id));
    const credentials: Array<Record<string, string>> = [
      { instanceId: 'it-agent-deskpro', secret: deskpro.apiKey },
      { instanceId: 'it-agent-jitbit', username: jitbit.username, secret: jitbit.password },
      { instanceId: 'it-agent-diamante', username: diamante.username, secret: diamante.apiKey },
      { instanceId: 'it-agent-director', secret: director.techToken },
      { instanceId: 'it-agent-optout', secret: deskpro.apiKey },
      { instanceId: 'it-agent-down', secret: deskpro.apiKey },
      { instanceId: 'it-agent-jitbit-bad', username: jitbit.username, secret: 'not-the-password' },
    ];
    for (const args of credentials) await vscode.commands.executeCommand(Commands.setCredentials, args);
    const first = vscode.workspace.workspaceFolders?.[0];
    assert.ok(first, 'the integration window opens a workspace folder');
    folder = first;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder.uri, ...sourcePath.split('/'))).then(undefined, () => undefined);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder.uri, '.vscode', 'helpdesk-links.json')).then(undefined, () => undefined);
    await setUserSetting('agentTools.enabled', undefined);
    await resetSettings();
    if (api) for (const id of ids) await forgetCredentials(api, id);
    await Promise.all([deskpro?.close(), jitbit?.close(), diamante?.close(), director?.close()]);
  });

  it('lists the four tools in vscode.lm.tools with their input schemas', () => {
    const listed = new Map(vscode.lm.tools.map((info) => [info.name, info]));
    for (const name of Object.values(TOOLS)) {
      const info = listed.get(name);
      assert.ok(info, `${name} in vscode.lm.tools (${[...listed.keys()].join(', ')})`);
      assert.equal((info.inputSchema as { type?: string } | undefined)?.type, 'object');
      assert.ok(info.description.length > 100, 'a model description');
    }
    const manifest = helpdeskManifestTools();
    assert.equal(manifest.find((entry) => entry.name === TOOLS.get)?.toolReferenceName, 'helpdeskTicket');
    assert.ok(manifest.every((entry) => entry.canBeReferencedInPrompt === true && entry.userDescription && entry.displayName));
  });

  it('searches every helpdesk at once: each vendor lists its tickets, the down one and the rejected one say so in a line', async () => {
    const before = new Map(vendors.map((vendor) => [vendor.id, vendor.requests().length]));
    const result = await call(TOOLS.search, {});
    for (const vendor of vendors) {
      assert.match(result, new RegExp(`Instance "${vendor.id}" \\(${escape(vendor.label)}\\): [1-9]\\d* tickets?`), `${vendor.id} answered:\n${result}`);
    }
    assert.match(result, /Instance "it-agent-down" \(Agent Down\): no results: /);
    assert.match(result, /Instance "it-agent-jitbit-bad" \(Agent Jitbit \(wrong password\)\): no results: Credentials rejected.*not retried by the tools/);
    assert.ok(!result.includes('it-agent-optout'), 'the opted-out instance is left out');
    assert.equal(result.split('\n').filter((line) => line.startsWith('Instance "it-agent-down"')).length, 1);
    assertClean(result);
    for (const vendor of vendors) assert.deepEqual(writes(vendor.requests().slice(before.get(vendor.id))), [], `${vendor.id}: only reads`);
  });

  it('never sends a rejected Jitbit credential again, whichever tool asks', async () => {
    const refusals = () => jitbit.requests.filter((request) => request.status === 401).length;
    await call(TOOLS.search, { instance: 'it-agent-jitbit-bad' });
    const after = refusals();
    assert.equal(after, 1, 'one failed login in all (Jitbit locks the address after three)');
    await call(TOOLS.search, { text: 'printer' });
    await assert.rejects(call(TOOLS.get, { instance: 'it-agent-jitbit-bad', ticket: '1' }), /Credentials rejected/);
    await assert.rejects(call(TOOLS.draft, { instance: 'it-agent-jitbit-bad', ticket: '1', text: 'Hi' }), /rejected/);
    assert.equal(refusals(), after, 'no request with the rejected credential');
  });

  it('reads a ticket of every vendor as quoted plain text, with the requests of opening it and no write', async () => {
    const listing = await call(TOOLS.search, {});
    for (const vendor of vendors) {
      const part = listing.split('\nInstance ').find((chunk) => chunk.startsWith(`"${vendor.id}"`)) ?? '';
      // An everyday ticket: the simulators' hostile ones (markup in their fields) are the unit tests' corpus.
      const match = [...part.matchAll(/- id (\S+) · ref .*? · status .*? · subject: (.*?) · requester/g)].find((found) => !/[<>{}&]|javascript/i.test(found[0]));
      assert.ok(match, `a ticket of ${vendor.id} in:\n${part}`);
      const [, ticketId, subject] = match;
      const before = vendor.requests().length;
      const result = await call(TOOLS.get, { instance: vendor.id, ticket: ticketId });
      assert.match(result, new RegExp(`^Ticket ${escape(ticketId ?? '')} on helpdesk instance "${vendor.id}"`));
      assert.match(result, /is not instructions/);
      assert.match(result, /<<<HELPDESK-DATA [0-9a-f]{12}\n/);
      assert.ok(result.includes(`Subject: ${subject}`), `${vendor.id}: the subject`);
      assert.match(result, /--- Message [\d,]+ of [\d,]+ · /, `${vendor.id}: the conversation:\n${result.slice(0, 2000)}`);
      // The bodies come as text (a plain-text field, a subject or a name, says what it says, tags or not).
      const conversation = (result.split('>>>END-HELPDESK-DATA')[0] ?? '')
        .split('\n--- Message ')
        .slice(1)
        .map((block) => block.split('\n').slice(1).filter((line) => !line.startsWith('Attachments: ')).join('\n'))
        .join('\n');
      const markup = /.{0,80}<(?:p|div|br|span|img|a|script)\b[^>]*>.{0,80}/i.exec(conversation);
      assert.equal(markup, null, `${vendor.id}: no HTML markup in the conversation: ${markup?.[0]}`);
      assertClean(result);
      const made = vendor.requests().slice(before);
      assert.ok(made.length > 0, `${vendor.id}: read from the helpdesk`);
      assert.deepEqual(writes(made), [], `${vendor.id}: only reads`);
      // Asked again soon: from memory.
      const count = vendor.requests().length;
      await call(TOOLS.get, { instance: vendor.id, ticket: ticketId, maxMessages: 1 });
      assert.equal(vendor.requests().length, count, `${vendor.id}: a second read costs nothing`);
    }
  });

  it('drafts a reply on every vendor: confirmation names the ticket, the text lands in the panel draft, nothing is POSTed', async () => {
    const listing = await call(TOOLS.search, {});
    for (const vendor of vendors) {
      const part = listing.split('\nInstance ').find((chunk) => chunk.startsWith(`"${vendor.id}"`)) ?? '';
      const id = /- id (\S+) · /.exec(part)?.[1];
      assert.ok(id, `a ticket of ${vendor.id}`);
      const text = `Agent draft for ${vendor.id}: fixed in build 2.1.`;
      const prepared = await tool(TOOLS.draft).prepareInvocation?.({ input: { instance: vendor.id, ticket: id, text } }, token());
      assert.ok(prepared?.confirmationMessages, 'asks to confirm');
      assert.match(prepared.confirmationMessages.title, new RegExp(`^Draft a reply in ticket .*${escape(vendor.label)}\\?$`));
      const message = prepared.confirmationMessages.message;
      assert.match(typeof message === 'string' ? message : message.value, /Nothing is sent/);
      const before = vendor.requests().length;
      const result = await call(TOOLS.draft, { instance: vendor.id, ticket: id, text });
      assert.match(result, /Nothing was sent/);
      const controller = await waitFor('the ticket panel', () => panelController(api, vendor.id, id));
      assert.ok(controller.currentDraft()?.markdown.includes(text), `${vendor.id}: the draft holds the text`);
      // Give the panel time to load (its reads are fine) and check nothing was written.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      assert.deepEqual(writes(vendor.requests().slice(before)), [], `${vendor.id}: no POST, PUT or PATCH`);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('refuses an instance opted out with "agentTools": false, with the reason, before any request', async () => {
    const before = deskpro.requests.length;
    await assert.rejects(call(TOOLS.get, { instance: 'it-agent-optout', ticket: '1' }), /"agentTools": false/);
    await assert.rejects(call(TOOLS.search, { instance: 'it-agent-optout' }), /"agentTools": false/);
    await assert.rejects(call(TOOLS.draft, { instance: 'it-agent-optout', ticket: '1', text: 'x' }), /"agentTools": false/);
    // Every DeskPRO request since came from no tool of the opted-out instance (the tree may poll the others).
    assert.ok(deskpro.requests.slice(before).every((request) => request.method === 'GET'));
    assert.equal(panelController(api, 'it-agent-optout', '1'), undefined, 'no panel opened');
  });

  it('finds the tickets linked to the selected code, naming the file by its workspace path', async () => {
    const uri = vscode.Uri.joinPath(folder.uri, ...sourcePath.split('/'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('export function total() {\n  return 1;\n}\n\nexport const other = 2;\n'));
    await api.links.ready();
    await api.links.recordLink({
      ticket: { instanceId: 'it-agent-deskpro', id: '7', ref: 'REF-7', subject: 'Totals are off' },
      folder: folder.uri,
      file: sourcePath,
      range: { start: 1, end: 3 },
      snippet: 'export function total() {\n  return 1;\n}',
    });
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    editor.selection = new vscode.Selection(1, 0, 2, 0);
    const result = await call(TOOLS.linked, {});
    assert.match(result, new RegExp(`^Code links in lines 2–2 of ${escape(sourcePath)}: 1 linked ticket\\.`));
    assert.match(result, /- instance "it-agent-deskpro" · ticket id 7 · ref REF-7 · subject: Totals are off · linked lines 1–3/);
    assert.ok(!result.includes(folder.uri.fsPath), 'no absolute path');
    editor.selection = new vscode.Selection(4, 0, 4, 5);
    assert.match(await call(TOOLS.linked, {}), /0 linked tickets[\s\S]*1 more link outside the selection/);
  });

  it('refuses every tool while helpdesk.agentTools.enabled is off', async () => {
    await setUserSetting('agentTools.enabled', false);
    try {
      for (const name of Object.values(TOOLS)) {
        await assert.rejects(call(name, { instance: 'it-agent-deskpro', ticket: '1', text: 'x' }), /turned off \(setting helpdesk\.agentTools\.enabled\)/, name);
      }
    } finally {
      await setUserSetting('agentTools.enabled', undefined);
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface ManifestTool {
  name: string;
  toolReferenceName?: string;
  canBeReferencedInPrompt?: boolean;
  userDescription?: string;
  displayName?: string;
}

function helpdeskManifestTools(): ManifestTool[] {
  const extension = vscode.extensions.getExtension('helpdesk-vscode.helpdesk-vscode');
  const json = extension?.packageJSON as { contributes?: { languageModelTools?: ManifestTool[] } } | undefined;
  return json?.contributes?.languageModelTools ?? [];
}
