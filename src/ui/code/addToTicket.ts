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
import { ticketReference, ticketTitle } from './ticketText';
import { type BranchTicketLookup, branchTicketOf } from './branchTicket';

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
  /** The current branch's ticket (Start Work), offered first. */
  branchTicket?: BranchTicketLookup;
}

/** A file ready to go into the reply, bytes in hand (they are scanned before they go). */
export interface AttachedFile {
  readonly name: string;
  readonly data: Uint8Array;
}

const title = () => vscode.l10n.t('Add Selection to Ticket');

export async function addSelectionToTicket(deps: AddToTicketDeps, arg: unknown): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Helpdesk: select some code in an editor first.'));
    return false;
  }
  const scope = await askScope(editor, title());
  if (!scope) return false;
  // The code is read now, before the pickers: what was selected is what goes.
  const code = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading the selection…') }, () =>
    gatherCodeContext(editor, scope, deps.log),
  );
  await deps.instancesReady();
  const named = ticketRefFrom(arg);
  const onBranch = named ? undefined : await branchTicketOf(deps.branchTicket, editor.document.uri, deps.log);
  const connection = await pickInstance(deps.connections, deps.lastInstance, {
    ...(named ? { instanceId: named.instanceId } : {}),
    title: title(),
    placeHolder: vscode.l10n.t('Add the code to a ticket in which helpdesk?'),
    ...(onBranch ? { preferred: { instanceId: onBranch.instanceId, description: vscode.l10n.t('ticket {0} is this branch\'s', ticketReference(onBranch.ticket)) } } : {}),
  });
  if (!connection) return false;
  const capabilities = await capabilitiesOf(connection);
  if (!capabilities) return false;
  await deps.lastInstance.set(connection.id);

  const ticket: PickedTicket | undefined = named
    ? await connection.run((provider) => provider.getTicket(named.ticketId))
    : await pickTicket(connection, deps.recents, vscode.l10n.t('{0} — {1}', title(), connection.label), onBranch?.instanceId === connection.id ? onBranch : undefined);
  if (!ticket) return false;

  let files: AttachedFile[] = [];
  if (capabilities.attachOnReply) {
    const chosen = await (deps.chooseFiles ?? ((snapshot) => chooseFiles(snapshot, deps.maxAttachmentBytes())))(code.snapshot);
    if (!chosen) return false;
    files = chosen;
  }

  let markdown = snippetMarkdown(code.snapshot.snippet);
  const results = findSecrets([
    { label: vscode.l10n.t('The snippet'), text: markdown },
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
  vscode.window.setStatusBarMessage(vscode.l10n.t('Helpdesk: added to the reply of {0}', ticketTitle(ticket, 40)), 4000);
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
    offer(vscode.l10n.t('Snippet as File'), 'file-code', snippetSource(snapshot)),
    offer(vscode.l10n.t('Whole File'), 'file', wholeFileSource(snapshot)),
    offer(vscode.l10n.t('Current Diff'), 'diff', diffSource(snapshot)),
  ].filter((item) => item.text !== undefined);
  items.push({ label: `$(folder-opened) ${vscode.l10n.t('Other Files…')}`, description: vscode.l10n.t('choose files from disk'), fromDisk: true });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('{0}: Attach Files', title()),
    placeHolder: vscode.l10n.t('Tick the files to attach to the reply, or press Enter to attach none'),
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
  if (refused.length > 0) void vscode.window.showWarningMessage(vscode.l10n.t('Helpdesk: not attached: {0}', refused.join(' ')));
  return files;
}
