// Code ↔ ticket links in a real editor: a link recorded through the recorder shows as a
// CodeLens with the ticket's status from the helpdesk, follows lines inserted above it (and
// a save writes the new range to .vscode/helpdesk-links.json), goes stale when its code is
// deleted, and a link file this version cannot read is reported and never written over.
// Ticket references ("DP-<id>") become document links and hovers.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HelpdeskTestApi } from '../../../src/extension';
import type { DeskproSimulator } from '../../../src/sandbox/deskpro';
import { Commands } from '../../../src/ui/commandIds';
import { children, forgetCredentials, resetSettings, startSimulator, testApi } from '../support/helpdesk';
import { waitFor } from '../support/wait';

const INSTANCE = 'it-links';
const LINK_FILE = '.vscode/helpdesk-links.json';
const STALE = 'stale: code moved or removed';
const SOURCE = [
  '// Printer driver',
  '',
  'export function heat(level: number): void {',
  '  if (level > 9000) igniteFuser();',
  '}',
  '',
  'function igniteFuser(): void {}',
  '',
].join('\n');
const SNIPPET = 'export function heat(level: number): void {\n  if (level > 9000) igniteFuser();\n}';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface StoredLink {
  id: string;
  ticket: { instanceId: string; id: string };
  file: string;
  range: { start: number; end: number };
}

describe('code links', () => {
  let sim: DeskproSimulator;
  let api: HelpdeskTestApi;
  let folder: vscode.WorkspaceFolder;
  let ticketId: string;
  let sourceUri: vscode.Uri;
  let linkFileUri: vscode.Uri;
  let linkId: string;

  const fileUri = (path: string) => vscode.Uri.joinPath(folder.uri, ...path.split('/'));
  const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const storedLinks = async (): Promise<StoredLink[]> => (JSON.parse(await read(linkFileUri)) as { links: StoredLink[] }).links;
  const lenses = async (): Promise<vscode.CodeLens[]> =>
    (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', sourceUri, 10)) ?? [];
  const ticketLens = async () => (await lenses()).find((lens) => lens.command?.command === Commands.openTicket);

  before(async () => {
    api = await testApi();
    const first = vscode.workspace.workspaceFolders?.[0];
    assert.ok(first, 'the integration window opens a workspace folder');
    folder = first;
    sourceUri = fileUri('src/printer.ts');
    linkFileUri = fileUri(LINK_FILE);
    sim = await startSimulator();
    const entry = { id: INSTANCE, label: 'Links DeskPRO', type: 'deskpro', baseUrl: sim.url, referencePatterns: ['DP-{id}'] };
    await vscode.workspace.getConfiguration('helpdesk').update('instances', [entry], vscode.ConfigurationTarget.Global);
    await waitFor(`"${INSTANCE}" among the tree's roots`, async () => (await children(api)).find((node) => node.instanceId === INSTANCE));
    await vscode.commands.executeCommand(Commands.setCredentials, { instanceId: INSTANCE, secret: sim.apiKey });
    const record = [...sim.state.tickets.values()][0];
    assert.ok(record, 'the simulator has tickets');
    record.status = 'awaiting_user';
    ticketId = String(record.id);
    await write(sourceUri, SOURCE);
    await api.links.ready();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const path of [LINK_FILE, 'src/printer.ts', 'notes.md']) {
      await vscode.workspace.fs.delete(fileUri(path)).then(undefined, () => undefined);
    }
    await resetSettings();
    if (api) await forgetCredentials(api, INSTANCE);
    await sim?.close();
  });

  it('a recorded link is written to the link file and shows as a CodeLens with the ticket’s status', async () => {
    const record = sim.state.tickets.get(Number(ticketId));
    assert.ok(record);
    const stored = await api.links.recordLink({
      ticket: { instanceId: INSTANCE, id: ticketId, ref: record.ref, subject: record.subject },
      folder: folder.uri,
      file: 'src/printer.ts',
      range: { start: 3, end: 5 },
      snippet: SNIPPET,
    });
    linkId = stored.id;
    const links = await storedLinks();
    assert.deepEqual(
      links.map((link) => [link.id, link.ticket.id, link.file, link.range]),
      [[linkId, ticketId, 'src/printer.ts', { start: 3, end: 5 }]],
    );

    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(sourceUri));
    const lens = await waitFor('a lens with the ticket’s status', async () => {
      const found = await ticketLens();
      return found?.command?.title.match(/Awaiting User$/i) ? found : undefined;
    });
    assert.equal(lens.range.start.line, 2, 'on the first linked line');
    // The status's name is the helpdesk's own ("Awaiting user" in its status list).
    assert.match(lens.command?.title ?? '', new RegExp(`^${escapeRegExp(`${record.ref} · ${record.subject} · `)}Awaiting User$`, 'i'));
    assert.deepEqual(lens.command?.arguments, [{ instanceId: INSTANCE, ticketId }]);
    assert.ok((await lenses()).some((candidate) => candidate.command?.title === 'Unlink'));
  });

  it('survives lines inserted above: the lens moves at once, a save writes the new range', async () => {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(sourceUri, new vscode.Position(0, 0), '// one\n// two\n// three\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the lens three lines lower', async () => (await ticketLens())?.range.start.line === 5);
    assert.deepEqual((await storedLinks())[0]?.range, { start: 3, end: 5 }, 'not written on each edit');

    const document = await vscode.workspace.openTextDocument(sourceUri);
    assert.ok(await document.save());
    await waitFor('the new range in the link file', async () => (await storedLinks())[0]?.range.start === 6);
    assert.deepEqual((await storedLinks())[0]?.range, { start: 6, end: 8 });
  });

  it('Open Linked Code selects the code where it is now; the ticket lists it for the panel', async () => {
    assert.deepEqual(
      api.links.linksForTicket(INSTANCE, ticketId).map((view) => [view.id, view.file, view.startLine, view.endLine, view.stale]),
      [[linkId, 'src/printer.ts', 6, 8, false]],
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('helpdesk.openLinkedCode', { linkId });
    const editor = await waitFor('an editor on the linked file', () =>
      vscode.window.activeTextEditor?.document.uri.toString() === sourceUri.toString() ? vscode.window.activeTextEditor : undefined,
    );
    assert.equal(editor.selection.start.line, 5);
    assert.equal(editor.selection.end.line, 7);
    assert.equal(editor.document.getText(editor.selection), SNIPPET);
  });

  it('deleting the linked code makes the link stale instead of pointing at other lines', async () => {
    const edit = new vscode.WorkspaceEdit();
    edit.delete(sourceUri, new vscode.Range(5, 0, 8, 0));
    assert.ok(await vscode.workspace.applyEdit(edit));
    const lens = await waitFor('a stale lens', async () => {
      const found = await ticketLens();
      return found?.command?.title.includes(STALE) ? found : undefined;
    });
    assert.equal(lens.range.start.line, 0, 'shown at the top of the file, not on the code now at the old lines');
    assert.equal(api.links.linksForTicket(INSTANCE, ticketId)[0]?.stale, true);

    const document = await vscode.workspace.openTextDocument(sourceUri);
    assert.ok(await document.save());
    // Give a (wrong) write the time the previous save needed, then check nothing moved.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual((await storedLinks())[0]?.range, { start: 6, end: 8 }, 'a stale link keeps its stored range');
  });

  it('a ticket reference DP-<id> becomes a document link and a hover with the ticket’s status', async () => {
    const notesUri = fileUri('notes.md');
    const reference = `DP-${ticketId}`;
    await write(notesUri, `# Notes\n\nThe fuser fix is tracked in ${reference}, see there.\n`);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(notesUri));

    const links = await waitFor('a document link', async () => {
      const found = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', notesUri);
      return found && found.length > 0 ? found : undefined;
    });
    assert.equal(links.length, 1);
    const [link] = links;
    const column = `The fuser fix is tracked in `.length;
    assert.deepEqual([link!.range.start.line, link!.range.start.character, link!.range.end.character], [2, column, column + reference.length]);
    assert.equal(link!.target?.scheme, 'command');
    assert.equal(link!.target?.path, Commands.openTicket);
    assert.deepEqual(JSON.parse(decodeURIComponent(link!.target?.query ?? '')), [{ instanceId: INSTANCE, ticketId }]);

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', notesUri, new vscode.Position(2, column + 2));
    const text = (hovers ?? [])
      .flatMap((hover) => hover.contents)
      .map((content) => (typeof content === 'string' ? content : content.value))
      .join('\n');
    assert.match(text, /Status: Awaiting User/i);
    assert.match(text, /Last activity: /);
    assert.match(text, /\[Open Ticket\]\(command:helpdesk\.openTicket/);
  });

  it('a malformed or newer link file is reported and never overwritten; fixing it brings the links back', async () => {
    const recordAnother = () =>
      api.links.recordLink({
        ticket: { instanceId: INSTANCE, id: ticketId, ref: 'DP', subject: 'x' },
        folder: folder.uri,
        file: 'src/printer.ts',
        range: { start: 1, end: 1 },
        snippet: '// one',
      });
    const good = await read(linkFileUri);
    for (const [broken, reason] of [
      ['{"version": 1, "links": [', /not valid JSON/],
      [JSON.stringify({ version: 99, links: [] }), /newer version/],
    ] as const) {
      await write(linkFileUri, broken);
      await waitFor('the problem to be noticed', () => api.links.problem(folder.uri)?.match(reason));
      await assert.rejects(recordAnother(), reason);
      // A save of a file with links would write moved ranges; here it must not.
      const document = await vscode.workspace.openTextDocument(sourceUri);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(sourceUri, new vscode.Position(0, 0), '\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await document.save());
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(await read(linkFileUri), broken, 'left exactly as it was');
      assert.equal(await ticketLens(), undefined, 'no lens from a file that cannot be read');
    }

    await write(linkFileUri, good);
    await waitFor('the links back', () => api.links.problem(folder.uri) === undefined && api.links.linksForTicket(INSTANCE, ticketId).length === 1);
  });
});
