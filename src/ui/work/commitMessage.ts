// "Reference Ticket in Commit Message": puts the current branch's ticket reference into the
// Source Control message box, only when the user runs it (from the Source Control view's
// title bar or the palette): as the subject's prefix when the message is empty, else as a
// "Refs:" trailer at its end; never twice.
import * as vscode from 'vscode';
import { codeReference } from '../code/ticketText';
import type { Connections } from '../instances/connections';
import type { BranchTicketStatus } from './branchStatus';
import { withTicketReference } from './commitText';

export interface CommitReferenceDeps {
  status: BranchTicketStatus;
  connections: Connections;
}

/** From the Source Control view, `arg` is its SourceControl (with `rootUri`). */
export async function referenceTicketInCommit(deps: CommitReferenceDeps, arg: unknown): Promise<string | undefined> {
  const rootUri = typeof arg === 'object' && arg !== null ? (arg as { rootUri?: unknown }).rootUri : undefined;
  const found = await deps.status.ticketFor(rootUri instanceof vscode.Uri ? rootUri : undefined);
  if (!found) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Helpdesk: the current branch has no ticket. Run "Start Work on Ticket" to make one that has.'));
    return undefined;
  }
  const { entry, repository } = found;
  const patterns = deps.connections.get(entry.instanceId)?.config?.referencePatterns;
  const reference = codeReference({ id: entry.ticketId, ref: entry.ref }, patterns);
  const next = withTicketReference(repository.inputBox.value, reference);
  if (next === undefined) {
    vscode.window.setStatusBarMessage(vscode.l10n.t('Helpdesk: the commit message already mentions {0}', reference), 4000);
    return repository.inputBox.value;
  }
  repository.inputBox.value = next;
  await vscode.commands.executeCommand('workbench.view.scm');
  return next;
}
