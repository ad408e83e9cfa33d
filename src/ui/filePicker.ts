// Picking files from disk to attach: the open dialog, then each file's size at once and
// its bytes only when it is sent, so an oversized file is refused before it is read.
import * as vscode from 'vscode';

/** A file the user picked, not read yet: size comes from the file system. */
export interface PickedFile {
  name: string;
  size: number;
  read(): Promise<Uint8Array>;
}

/** `startIn`: the folder the dialog opens in; VS Code chooses when not given. */
export async function pickFilesFromDisk(startIn?: vscode.Uri): Promise<PickedFile[]> {
  const uris = await vscode.window.showOpenDialog({
    canSelectMany: true,
    canSelectFiles: true,
    canSelectFolders: false,
    openLabel: vscode.l10n.t('Attach'),
    ...(startIn ? { defaultUri: startIn } : {}),
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
