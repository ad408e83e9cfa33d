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
  const redactLabel = `Redact and ${verb}`;
  const anywayLabel = `${verb} Anyway`;
  const what = count === 1 ? 'Something here looks like a credential' : `${count} things here look like credentials`;
  const choice = await vscode.window.showWarningMessage(
    `${what}.`,
    {
      modal: true,
      detail: `${detail}\n\n"${redactLabel}" replaces each of them with ${REDACTED} before anything leaves the editor.`,
    },
    redactLabel,
    anywayLabel,
  );
  return choice === redactLabel ? 'redact' : choice === anywayLabel ? 'send' : 'cancel';
}
