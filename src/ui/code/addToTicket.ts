// "Add Selection to Ticket…": the same snippet block (and, if the user wants, the same
// files) as a new ticket would get, added to an existing ticket's reply box for review.
// Nothing is sent here: the user sends from the panel.
import * as vscode from 'vscode';
import type { Logger } from '../../helpdesk/log';
import { checkFileCandidate, formatSize, SNIFF_BYTES } from '../../code/files';
import { snippetMarkdown } from '../../code/snippet';
import { ticketRefFrom } from '../commands/args';
import type { Connections } from '../instances/connections';
import type { CodeLinkRecorder } from '../codeLinks/contracts';
import type { TicketPanelManager } from '../panel/manager';
import type { PickedFile } from '../filePicker';
import { askScope, type CodeContext, gatherCodeContext } from './codeContext';
import { type CodeSnapshot, diffSource, snippetSource, type TextSource, wholeFileSource } from './codeSnapshot';
import { confirmSecrets, pickWorkspaceFiles } from './dialogs';
import { capabilitiesOf, pickInstance } from './instancePicker';
import type { LastInstance, RecentTickets } from './recentTickets';
import { countFindings, decodeText, encodeText, findSecrets, redactText, secretWarningDetail } from './secretReview';
import { type PickedTicket, pickTicket } from './ticketPicker';
import { ticketTitle } from './ticketText';

export interface AddToTicketDeps {
  connections: Connections;
  instancesReady: () => Promise<void>;
  panels: Pick<TicketPanelManager, 'addToDraft'>;
  recorder: CodeLinkRecorder | undefined;
  lastInstance: LastInstance;
  recents: RecentTickets;
  maxAttachmentBytes: () => number;
  log: Logger;
  /** Replaces the attachment step (tests); the user picks otherwise. */
  chooseFiles?: (snapshot: CodeSnapshot) => Promise<AttachedFile[] | undefined>;
}

/** A file ready to go into the reply, bytes in hand (they are scanned before they go). */
export interface AttachedFile {
  readonly name: string;
  readonly data: Uint8Array;
}

const TITLE = 'Add Selection to Ticket';

export async function addSelectionToTicket(deps: AddToTicketDeps, arg: unknown): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Helpdesk: select some code in an editor first.');
    return false;
  }
  const scope = await askScope(editor, TITLE);
  if (!scope) return false;
  // The code is read now, before the pickers: what was selected is what goes.
  const code = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Reading the selection…' }, () =>
    gatherCodeContext(editor, scope, deps.log),
  );
  await deps.instancesReady();
  const named = ticketRefFrom(arg);
  const connection = await pickInstance(deps.connections, deps.lastInstance, {
    ...(named ? { instanceId: named.instanceId } : {}),
    title: TITLE,
    placeHolder: 'Add the code to a ticket in which helpdesk?',
  });
  if (!connection) return false;
  const capabilities = await capabilitiesOf(connection);
  if (!capabilities) return false;
  await deps.lastInstance.set(connection.id);

  const ticket: PickedTicket | undefined = named
    ? await connection.run((provider) => provider.getTicket(named.ticketId))
    : await pickTicket(connection, deps.recents, `${TITLE} — ${connection.label}`);
  if (!ticket) return false;

  let files: AttachedFile[] = [];
  if (capabilities.attachOnReply) {
    const chosen = await (deps.chooseFiles ?? ((snapshot) => chooseFiles(snapshot, deps.maxAttachmentBytes())))(code.snapshot);
    if (!chosen) return false;
    files = chosen;
  }

  let markdown = snippetMarkdown(code.snapshot.snippet);
  const results = findSecrets([
    { label: 'The snippet', text: markdown },
    ...files.flatMap((file) => {
      const decoded = decodeText(file.data);
      return decoded ? [{ label: file.name, text: decoded.text }] : [];
    }),
  ]);
  if (results.length > 0) {
    const decision = await confirmSecrets(countFindings(results), secretWarningDetail(results), 'Add');
    if (decision === 'cancel') return false;
    if (decision === 'redact') {
      markdown = redactText(markdown);
      files = files.map(redactFile);
    }
  }

  await deps.panels.addToDraft(connection.id, ticket.id, { markdown, files: files.map(asPickedFile) });
  await deps.recents.remember(connection.id, ticket);
  // Recorded now, not when the reply is sent: the link says "this code concerns that
  // ticket", which the user has just decided; it can be removed like any other link.
  await recordLink(deps.recorder, code, connection.id, ticket);
  vscode.window.setStatusBarMessage(`Helpdesk: added to the reply of ${ticketTitle(ticket, 40)}`, 4000);
  return true;
}

export async function recordLink(recorder: CodeLinkRecorder | undefined, code: CodeContext, instanceId: string, ticket: PickedTicket): Promise<void> {
  if (!recorder || !code.linkTarget) return;
  await recorder.record({
    ticket: { instanceId, id: ticket.id, ref: ticket.ref, subject: ticket.subject },
    folder: code.linkTarget.folder,
    file: code.linkTarget.file,
    range: code.range,
    ...(code.snapshot.commit ? { commit: code.snapshot.commit } : {}),
    snippet: code.snapshot.snippet.text,
  });
}

function redactFile(file: AttachedFile): AttachedFile {
  const decoded = decodeText(file.data);
  if (!decoded) return file;
  const text = redactText(decoded.text);
  return text === decoded.text ? file : { name: file.name, data: encodeText({ ...decoded, text }) };
}

function asPickedFile(file: AttachedFile): PickedFile {
  return { name: file.name, size: file.data.byteLength, read: async () => file.data };
}

interface SourceItem extends vscode.QuickPickItem {
  text?: { name: string; text: string };
  fromDisk?: boolean;
}

/** Which files go with the snippet: none, or any of the code's own and files from disk. */
async function chooseFiles(snapshot: CodeSnapshot, maxBytes: number): Promise<AttachedFile[] | undefined> {
  const offer = (label: string, icon: string, source: TextSource): SourceItem => {
    if ('unavailable' in source) return { label: `$(${icon}) ${label}`, description: source.unavailable, text: undefined };
    const size = new TextEncoder().encode(source.text).byteLength;
    return { label: `$(${icon}) ${label}`, description: `${source.name} · ${formatSize(size)}`, text: source };
  };
  const items = [
    offer('Snippet as File', 'file-code', snippetSource(snapshot)),
    offer('Whole File', 'file', wholeFileSource(snapshot)),
    offer('Current Diff', 'diff', diffSource(snapshot)),
  ].filter((item) => item.text !== undefined);
  items.push({ label: '$(folder-opened) Other Files…', description: 'choose files from disk', fromDisk: true });
  const picked = await vscode.window.showQuickPick(items, {
    title: `${TITLE}: Attach Files`,
    placeHolder: 'Tick the files to attach to the reply, or press Enter to attach none',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  const files: AttachedFile[] = [];
  const refused: string[] = [];
  const accept = (name: string, data: Uint8Array) => {
    const check = checkFileCandidate({ name, sizeBytes: data.byteLength, head: data.subarray(0, SNIFF_BYTES) }, { maxBytes });
    if (check.ok) files.push({ name, data });
    else refused.push(check.reason);
  };
  for (const item of picked) if (item.text) accept(item.text.name, new TextEncoder().encode(item.text.text));
  if (picked.some((item) => item.fromDisk)) {
    for (const file of await pickWorkspaceFiles()) {
      const early = checkFileCandidate({ name: file.name, sizeBytes: file.size, head: new Uint8Array() }, { maxBytes });
      if (early.ok) accept(file.name, await file.read());
      else refused.push(early.reason);
    }
  }
  if (refused.length > 0) void vscode.window.showWarningMessage(`Helpdesk: not attached: ${refused.join(' ')}`);
  return files;
}
