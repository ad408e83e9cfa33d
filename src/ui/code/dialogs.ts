// The two dialogs the code commands share: picking files from disk (read lazily, size
// first) and the warning about credential-like text before anything leaves the editor.
import * as vscode from 'vscode';
import { REDACTED } from '../../helpdesk/http/redact';
import { pickFilesFromDisk } from '../filePicker';
import type { PickedFile } from '../filePicker';
import type { SecretDecision } from './createTicketForm';

/** The open dialog for files to attach, starting in the first workspace folder. */
export function pickWorkspaceFiles(): Promise<PickedFile[]> {
  return pickFilesFromDisk(vscode.workspace.workspaceFolders?.[0]?.uri);
}

/**
 * A modal warning: nothing that looks like a credential leaves silently. `verb` names what
 * happens next ("Send", "Add"). Closing the dialog cancels.
 */
export async function confirmSecrets(count: number, detail: string, verb: 'Send' | 'Add'): Promise<SecretDecision> {
  const redactLabel = verb === 'Send' ? vscode.l10n.t('Redact and Send') : vscode.l10n.t('Redact and Add');
  const anywayLabel = verb === 'Send' ? vscode.l10n.t('Send Anyway') : vscode.l10n.t('Add Anyway');
  const what = count === 1 ? vscode.l10n.t('Something here looks like a credential.') : vscode.l10n.t('{0} things here look like credentials.', count);
  const choice = await vscode.window.showWarningMessage(
    what,
    {
      modal: true,
      detail: vscode.l10n.t('{0}\n\n"{1}" replaces each of them with {2} before anything leaves the editor.', detail, redactLabel, REDACTED),
    },
    redactLabel,
    anywayLabel,
  );
  return choice === redactLabel ? 'redact' : choice === anywayLabel ? 'send' : 'cancel';
}
