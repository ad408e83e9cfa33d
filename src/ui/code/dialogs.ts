// The two dialogs the code commands share: picking files from disk (read lazily, size
// first) and the warning about credential-like text before anything leaves the editor.
import * as vscode from 'vscode';
import { REDACTED } from '../../helpdesk/http/redact';
import type { PickedFile } from '../panel/pendingAttachments';
import type { SecretDecision } from './createTicketForm';

export async function pickFilesFromDisk(openLabel = 'Attach'): Promise<PickedFile[]> {
  const uris = await vscode.window.showOpenDialog({
    canSelectMany: true,
    canSelectFiles: true,
    canSelectFolders: false,
    openLabel,
    ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  });
  if (!uris) return [];
  const files: PickedFile[] = [];
  for (const uri of uris) {
    const stat = await vscode.workspace.fs.stat(uri);
    files.push({
      name: uri.path.slice(uri.path.lastIndexOf('/') + 1),
      size: stat.size,
      read: async () => vscode.workspace.fs.readFile(uri),
    });
  }
  return files;
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
