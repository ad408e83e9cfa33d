// Where a folder's links live: the workspace file a team commits, or this machine's
// workspace state (setting `helpdesk.links.storage`).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { LINK_FILE_PATH } from '../../code/linkFile';
import type { LinkStorage } from './folderLinkStore';

export type LinkStorageKind = 'workspaceFile' | 'local';

export function linkStorageKind(folder: vscode.WorkspaceFolder): LinkStorageKind {
  return vscode.workspace.getConfiguration('helpdesk', folder.uri).get<string>('links.storage') === 'local' ? 'local' : 'workspaceFile';
}

export function linkFileUri(folder: vscode.WorkspaceFolder): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, ...LINK_FILE_PATH.split('/'));
}

/** `.vscode/helpdesk-links.json` in the folder, read and written through vscode.workspace.fs. */
export class WorkspaceFileStorage implements LinkStorage {
  readonly uri: vscode.Uri;

  constructor(private readonly folder: vscode.WorkspaceFolder) {
    this.uri = linkFileUri(folder);
  }

  async read(): Promise<string | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(this.uri);
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
      throw error;
    }
    return new TextDecoder('utf-8').decode(bytes);
  }

  // Written beside and renamed over, so a reader (git, another window) never sees half a file.
  async write(text: string): Promise<void> {
    const directory = vscode.Uri.joinPath(this.uri, '..');
    await vscode.workspace.fs.createDirectory(directory);
    const temporary = vscode.Uri.joinPath(directory, `.helpdesk-links.${randomBytes(6).toString('hex')}.tmp`);
    await vscode.workspace.fs.writeFile(temporary, new TextEncoder().encode(text));
    try {
      await vscode.workspace.fs.rename(temporary, this.uri, { overwrite: true });
    } catch (error) {
      await vscode.workspace.fs.delete(temporary).then(undefined, () => undefined);
      throw error;
    }
  }

  /** Fires when the file is created, changed or deleted by anyone (a `git pull`, another window). */
  watch(onChange: () => void): vscode.Disposable {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.folder, LINK_FILE_PATH));
    return vscode.Disposable.from(watcher, watcher.onDidCreate(onChange), watcher.onDidChange(onChange), watcher.onDidDelete(onChange));
  }
}

/** The same text, kept in workspace state: links only this machine sees. */
export class WorkspaceStateStorage implements LinkStorage {
  private readonly key: string;

  constructor(
    private readonly memento: vscode.Memento,
    folder: vscode.WorkspaceFolder,
  ) {
    this.key = `helpdesk.links:${folder.uri.toString()}`;
  }

  async read(): Promise<string | undefined> {
    const value = this.memento.get<unknown>(this.key);
    return typeof value === 'string' ? value : undefined;
  }

  async write(text: string): Promise<void> {
    await this.memento.update(this.key, text);
  }
}
