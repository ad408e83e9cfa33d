// The link service: every workspace folder's links (one FolderLinkStore each), where they
// are in open documents while those are edited, and the operations on them: record, open,
// unlink. It is the CodeLinkRecorder the code commands use and the LinkedCodeSource the
// ticket panel and the tree read.
// Edits shift ranges in memory only; a save finds the snippets again and writes moved
// ranges back (never on each keystroke). A folder whose link file cannot be used is reported
// once and left untouched: no link of it is written until the file is fixed.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Logger } from '../../helpdesk/log';
import { countLineBreaks, type LineEdit } from '../../code/anchor';
import { redact, scanForSecrets } from '../../code/secrets';
import { addLink, type CodeLink, LINK_FILE_PATH, removeLink, toLinkPath, updateLink } from '../../code/linkFile';
import type { CodeLinkRecorder, LinkedCodeSource, LinkedCodeView, NewCodeLink } from './contracts';
import { FolderLinkStore, LinkFileUnusableError } from './folderLinkStore';
import { linkFileUri, linkStorageKind, type LinkStorageKind, WorkspaceFileStorage, WorkspaceStateStorage } from './linkStorage';
import { DocumentAnchors, type LiveLink } from './liveAnchors';
import { SerialQueue } from './serialQueue';

export interface LinkServiceDeps {
  /** Where `helpdesk.links.storage: "local"` keeps links. */
  workspaceState: vscode.Memento;
  log: Logger;
}

/** A request the service turns down with a reason for the user (not a bug). */
export class LinkRefusedError extends Error {}

interface FolderEntry {
  folder: vscode.WorkspaceFolder;
  readonly storage: LinkStorageKind;
  readonly store: FolderLinkStore;
  readonly watcher?: vscode.Disposable;
  /** The problem last reported, so one broken file is reported once. */
  reported?: string;
}

interface TrackedDocument {
  readonly document: vscode.TextDocument;
  readonly folderKey: string;
  readonly file: string;
  readonly anchors: DocumentAnchors;
}

/** A link as it stands in an open document. */
export type DocumentLinkState = LiveLink;

const COMMIT_PATTERN = /^[0-9a-fA-F]{7,64}$/;

export class LinkService implements CodeLinkRecorder, LinkedCodeSource, vscode.Disposable {
  private readonly folders = new Map<string, FolderEntry>();
  private readonly documents = new Map<string, TrackedDocument>();
  /** One queue for every folder's writes. */
  private readonly queue = new SerialQueue();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Links were added, removed, moved by a save, or became (no longer) stale. */
  readonly onDidChange: vscode.Event<void> = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private loading: Promise<void>;
  /**
   * Each folder's links grouped by ticket, keyed by the store's links array: the tree asks
   * once or twice per ticket row, and a scan of every link per row adds up. A store replaces
   * its array on every change (links are immutable), so a stale index is never found.
   */
  private readonly byTicket = new WeakMap<readonly CodeLink[], Map<string, Map<string, CodeLink[]>>>();

  constructor(private readonly deps: LinkServiceDeps) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.syncFolders()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('helpdesk.links.storage')) this.syncFolders();
      }),
      vscode.workspace.onDidChangeTextDocument((event) => this.onEdit(event)),
      vscode.workspace.onDidSaveTextDocument((document) => void this.onSave(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.documents.delete(document.uri.toString())),
    );
    this.loading = this.loadFolders();
  }

  /** Resolves once every folder's links have been read (and after each folder change). */
  ready(): Promise<void> {
    return this.loading;
  }

  /** Why a folder's links cannot be used (and are left untouched), if they cannot. */
  problem(folder: vscode.Uri): string | undefined {
    return this.entryFor(folder)?.store.problem;
  }

  // CodeLinkRecorder ---------------------------------------------------------------------

  async record(input: NewCodeLink): Promise<void> {
    try {
      await this.recordLink(input);
    } catch (error) {
      this.reportFailure(vscode.l10n.t('The link to {0} was not recorded', ticketName(input.ticket)), error, this.entryFor(input.folder));
    }
  }

  /** Records the link and returns it as stored (merged into an existing one to the same lines); throws on failure. */
  async recordLink(input: NewCodeLink): Promise<CodeLink> {
    await this.loading;
    const entry = this.entryFor(input.folder);
    if (!entry) throw new LinkRefusedError(vscode.l10n.t('{0} is not a folder of this workspace; links are kept per workspace folder.', input.folder.fsPath || input.folder.toString()));
    const link = newLink(input);
    const stored = await entry.store.update((file) => {
      const added = addLink(file, link);
      return { file: added.file, result: added.link };
    });
    this.storeChanged(entry);
    return stored;
  }

  // LinkedCodeSource ---------------------------------------------------------------------

  linksForTicket(instanceId: string, ticketId: string): LinkedCodeView[] {
    const views: LinkedCodeView[] = [];
    const prefixFolder = this.folders.size > 1;
    for (const [key, entry] of this.folders) {
      for (const link of this.ticketLinks(entry, instanceId, ticketId)) {
        const live = this.liveLink(key, link);
        views.push({
          id: link.id,
          file: prefixFolder ? `${entry.folder.name}/${link.file}` : link.file,
          startLine: live?.startLine ?? link.range.start,
          endLine: live?.endLine ?? link.range.end,
          stale: live?.stale ?? false,
        });
      }
    }
    return views;
  }

  // Documents ----------------------------------------------------------------------------

  /** The links in an open document, where they are now (found again if edits touched them). */
  linksInDocument(document: vscode.TextDocument): DocumentLinkState[] {
    const tracked = this.track(document);
    if (!tracked) return [];
    if (tracked.anchors.settle(() => document.getText())) this.changed.fire();
    return tracked.anchors.all();
  }

  /** A recorded link by id, with its folder. */
  find(linkId: string): { link: CodeLink; folder: vscode.WorkspaceFolder } | undefined {
    for (const entry of this.folders.values()) {
      const link = entry.store.links.find((candidate) => candidate.id === linkId);
      if (link) return { link, folder: entry.folder };
    }
    return undefined;
  }

  /** Opens the linked code and selects it; a stale link opens where it was, with a message. */
  async open(linkId: string): Promise<void> {
    await this.loading;
    const found = this.find(linkId);
    if (!found) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Helpdesk: that linked code is no longer recorded (the link was removed).'));
      return;
    }
    const { link, folder } = found;
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(fileUri(folder, link.file));
    } catch {
      const unlink = vscode.l10n.t('Unlink');
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Helpdesk: {0}, linked to {1}, no longer exists.', link.file, ticketName(link.ticket)), unlink);
      if (choice === unlink) await this.unlink(linkId);
      return;
    }
    const live = this.linksInDocument(document).find((candidate) => candidate.link.id === linkId);
    const lastLine = Math.max(0, document.lineCount - 1);
    const start = clamp((live?.startLine ?? link.range.start) - 1, 0, lastLine);
    const end = clamp((live?.endLine ?? link.range.end) - 1, start, lastLine);
    const stale = live?.stale ?? false;
    const selection = stale ? new vscode.Range(start, 0, start, 0) : new vscode.Range(start, 0, end, document.lineAt(end).text.length);
    const editor = await vscode.window.showTextDocument(document, { selection, preview: true });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    if (stale) {
      const unlink = vscode.l10n.t('Unlink');
      void vscode.window
        .showInformationMessage(
          vscode.l10n.t('Helpdesk: the code linked to {0} is no longer in {1}: it was changed or removed. This is where it was.', ticketName(link.ticket), link.file),
          unlink,
        )
        .then((choice) => (choice === unlink ? this.unlink(linkId) : undefined));
    }
  }

  /** Removes a link; true when it was removed. Reports its own failures. */
  async unlink(linkId: string): Promise<boolean> {
    await this.loading;
    const found = this.find(linkId);
    const entry = found && this.entryFor(found.folder.uri);
    if (!found || !entry) return false;
    try {
      await entry.store.update((file) => ({ file: removeLink(file, linkId), result: undefined }));
    } catch (error) {
      this.reportFailure(vscode.l10n.t('The link to {0} was not removed', ticketName(found.link.ticket)), error, entry);
      return false;
    }
    this.storeChanged(entry);
    return true;
  }

  dispose(): void {
    for (const entry of this.folders.values()) entry.watcher?.dispose();
    this.folders.clear();
    this.documents.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }

  // Folders ------------------------------------------------------------------------------

  private syncFolders(): void {
    this.loading = this.loading.then(() => this.loadFolders());
  }

  private async loadFolders(): Promise<void> {
    const current = vscode.workspace.workspaceFolders ?? [];
    const seen = new Set<string>();
    const added: FolderEntry[] = [];
    let removed = false;
    for (const folder of current) {
      const key = folder.uri.toString();
      seen.add(key);
      const storage = linkStorageKind(folder);
      const existing = this.folders.get(key);
      if (existing && existing.storage === storage) {
        existing.folder = folder;
        continue;
      }
      existing?.watcher?.dispose();
      const entry = this.createEntry(folder, storage);
      this.folders.set(key, entry);
      added.push(entry);
    }
    for (const [key, entry] of this.folders) {
      if (seen.has(key)) continue;
      entry.watcher?.dispose();
      this.folders.delete(key);
      removed = true;
    }
    await Promise.all(added.map((entry) => entry.store.reload().catch((error: unknown) => this.deps.log.warn(`links: ${String(error)}`))));
    for (const entry of added) this.storeChanged(entry, false);
    if (removed || added.length > 0) {
      for (const [key, tracked] of this.documents) if (!this.folders.has(tracked.folderKey)) this.documents.delete(key);
      this.changed.fire();
    }
  }

  private createEntry(folder: vscode.WorkspaceFolder, storage: LinkStorageKind): FolderEntry {
    if (storage === 'local') {
      return { folder, storage, store: new FolderLinkStore(new WorkspaceStateStorage(this.deps.workspaceState, folder), this.queue) };
    }
    const file = new WorkspaceFileStorage(folder);
    const store = new FolderLinkStore(file, this.queue);
    const entry: FolderEntry = { folder, storage, store, watcher: file.watch(() => void this.reloadEntry(entry)) };
    return entry;
  }

  /** The file changed on disk (a `git pull`, another window, our own write). */
  private async reloadEntry(entry: FolderEntry): Promise<void> {
    let changed: boolean;
    try {
      changed = await entry.store.reload();
    } catch (error) {
      this.deps.log.warn(`links: ${String(error)}`);
      return;
    }
    if (changed && this.folders.get(entry.folder.uri.toString()) === entry) this.storeChanged(entry);
  }

  /** After the folder's links changed: report a problem once, follow them in open documents, tell listeners. */
  private storeChanged(entry: FolderEntry, fire = true): void {
    this.reportProblem(entry);
    const key = entry.folder.uri.toString();
    for (const document of vscode.workspace.textDocuments) {
      const tracked = this.documents.get(document.uri.toString());
      if (tracked) {
        if (tracked.folderKey === key) tracked.anchors.sync(this.linksIn(entry, tracked.file), () => document.getText());
      } else if (this.locate(document.uri)?.entry === entry) {
        this.track(document);
      }
    }
    if (fire) this.changed.fire();
  }

  private reportProblem(entry: FolderEntry): void {
    const key = entry.store.problemKey;
    if (key === undefined || key === entry.reported) {
      entry.reported = key;
      return;
    }
    entry.reported = key;
    const problem = entry.store.problem ?? '';
    this.deps.log.warn(`links: ${describeStorage(entry)} cannot be used: ${problem}`);
    const openFile = vscode.l10n.t('Open File');
    const actions = entry.storage === 'workspaceFile' ? [openFile] : [];
    void vscode.window
      .showWarningMessage(
        vscode.l10n.t('Helpdesk: {0} cannot be used. {1} It is left as it is, and no link is written to it until it is fixed.', describeStorage(entry), problem),
        ...actions,
      )
      .then((choice) => {
        if (choice === openFile) void vscode.window.showTextDocument(linkFileUri(entry.folder));
      });
  }

  private reportFailure(what: string, error: unknown, entry: FolderEntry | undefined): void {
    if (error instanceof LinkFileUnusableError && entry) {
      this.reportProblem(entry);
      const openFile = vscode.l10n.t('Open File');
      const actions = entry.storage === 'workspaceFile' ? [openFile] : [];
      void vscode.window
        .showErrorMessage(vscode.l10n.t('Helpdesk: {0}: {1} cannot be used ({2}) and was left as it is.', what, describeStorage(entry), error.message), ...actions)
        .then((choice) => {
          if (choice === openFile) void vscode.window.showTextDocument(linkFileUri(entry.folder));
        });
      return;
    }
    const reason = error instanceof Error ? error.message : String(error);
    this.deps.log.warn(`links: ${what}: ${reason}`);
    if (error instanceof LinkRefusedError) void vscode.window.showWarningMessage(vscode.l10n.t('Helpdesk: {0}: {1}', what, reason));
    else void vscode.window.showErrorMessage(vscode.l10n.t('Helpdesk: {0}: {1}', what, reason));
  }

  private entryFor(folder: vscode.Uri): FolderEntry | undefined {
    const exact = this.folders.get(folder.toString());
    if (exact) return exact;
    for (const entry of this.folders.values()) {
      if (entry.folder.uri.scheme === folder.scheme && entry.folder.uri.authority === folder.authority && trimSlash(entry.folder.uri.path) === trimSlash(folder.path)) return entry;
    }
    return undefined;
  }

  private ticketLinks(entry: FolderEntry, instanceId: string, ticketId: string): readonly CodeLink[] {
    const links = entry.store.links;
    let index = this.byTicket.get(links);
    if (!index) {
      index = new Map();
      for (const link of links) {
        let tickets = index.get(link.ticket.instanceId);
        if (!tickets) index.set(link.ticket.instanceId, (tickets = new Map()));
        const group = tickets.get(link.ticket.id);
        if (group) group.push(link);
        else tickets.set(link.ticket.id, [link]);
      }
      this.byTicket.set(links, index);
    }
    return index.get(instanceId)?.get(ticketId) ?? [];
  }

  private linksIn(entry: FolderEntry, file: string): CodeLink[] {
    return entry.store.links.filter((link) => link.file === file);
  }

  // Documents ----------------------------------------------------------------------------

  private locate(uri: vscode.Uri): { entry: FolderEntry; key: string; file: string } | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const key = folder.uri.toString();
    const entry = this.folders.get(key);
    const file = entry && relativeLinkPath(folder.uri, uri);
    if (!entry || !file || file === LINK_FILE_PATH) return undefined;
    return { entry, key, file };
  }

  /** Starts following an open document that has links; found again in its current text. */
  private track(document: vscode.TextDocument): TrackedDocument | undefined {
    const uri = document.uri.toString();
    const existing = this.documents.get(uri);
    if (existing) return existing;
    if (document.isClosed) return undefined;
    const place = this.locate(document.uri);
    if (!place) return undefined;
    const links = this.linksIn(place.entry, place.file);
    if (links.length === 0) return undefined;
    const tracked: TrackedDocument = { document, folderKey: place.key, file: place.file, anchors: new DocumentAnchors() };
    tracked.anchors.sync(links, () => document.getText());
    this.documents.set(uri, tracked);
    return tracked;
  }

  private liveLink(folderKey: string, link: CodeLink): LiveLink | undefined {
    for (const tracked of this.documents.values()) {
      if (tracked.folderKey === folderKey && tracked.file === link.file) return tracked.anchors.get(link.id);
    }
    return undefined;
  }

  private onEdit(event: vscode.TextDocumentChangeEvent): void {
    const tracked = this.documents.get(event.document.uri.toString());
    if (!tracked || event.contentChanges.length === 0) return;
    const edits: LineEdit[] = event.contentChanges.map((change) => ({
      startLine: change.range.start.line + 1,
      endLine: change.range.end.line + 1,
      endCharacter: change.range.end.character,
      insertedLineBreaks: countLineBreaks(change.text),
    }));
    tracked.anchors.applyEdits(edits);
  }

  /** Finds every link of the saved document again and writes the ranges that moved. */
  private async onSave(document: vscode.TextDocument): Promise<void> {
    const tracked = this.track(document);
    if (!tracked) return;
    if (tracked.anchors.reanchorAll(document.getText())) this.changed.fire();
    const moved = tracked.anchors.moved();
    const entry = this.folders.get(tracked.folderKey);
    if (moved.length === 0 || !entry || entry.store.problem !== undefined) return;
    try {
      await entry.store.update((file) => {
        let next = file;
        for (const { link, range, snippet } of moved) {
          const latest = next.links.find((candidate) => candidate.id === link.id);
          // Changed elsewhere since this document read it (another window, a pull): theirs wins.
          if (!latest || latest.range.start !== link.range.start || latest.range.end !== link.range.end || latest.snippet !== link.snippet) continue;
          next = updateLink(next, link.id, snippet === undefined ? { range } : { range, snippet: redact(snippet, scanForSecrets(snippet)) });
        }
        return { file: next, result: undefined };
      });
    } catch (error) {
      this.reportFailure(vscode.l10n.t('Moved links in {0} were not saved', tracked.file), error, entry);
      return;
    }
    this.storeChanged(entry);
  }
}

function newLink(input: NewCodeLink): CodeLink {
  const instanceId = input.ticket.instanceId.trim();
  const ticketId = input.ticket.id.trim();
  if (instanceId === '' || ticketId === '') throw new LinkRefusedError(vscode.l10n.t('the ticket has no helpdesk or id.'));
  const file = toLinkPath(input.file);
  if (file === undefined) throw new LinkRefusedError(vscode.l10n.t('"{0}" is not a path inside the workspace folder.', input.file));
  const { start, end } = input.range;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 1 || end < start) {
    throw new LinkRefusedError(vscode.l10n.t('lines {0}–{1} are not a range of lines.', start, end));
  }
  const commit = input.commit !== undefined && COMMIT_PATTERN.test(input.commit) ? input.commit : undefined;
  return {
    id: randomUUID(),
    ticket: { instanceId, id: ticketId, ref: input.ticket.ref, subject: input.ticket.subject },
    file,
    range: { start, end },
    ...(commit === undefined ? {} : { commit }),
    // The link file is meant to be committed: a credential in the code (a .env line, a key)
    // must not be copied into it. The link still finds its code (see liveAnchors: most of
    // the snippet's lines are enough).
    snippet: redact(input.snippet, scanForSecrets(input.snippet)),
    createdAt: new Date().toISOString(),
  };
}

/** The document's path inside the folder, as the link file stores it; undefined outside it. */
export function relativeLinkPath(folder: vscode.Uri, uri: vscode.Uri): string | undefined {
  if (folder.scheme !== uri.scheme || folder.authority !== uri.authority) return undefined;
  const base = trimSlash(folder.path);
  if (!uri.path.startsWith(`${base}/`)) return undefined;
  return toLinkPath(uri.path.slice(base.length + 1));
}

export function fileUri(folder: vscode.WorkspaceFolder, file: string): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, ...file.split('/'));
}

function describeStorage(entry: FolderEntry): string {
  return entry.storage === 'workspaceFile'
    ? vscode.l10n.t('{0} in "{1}"', LINK_FILE_PATH, entry.folder.name)
    : vscode.l10n.t('the links kept on this machine for "{0}"', entry.folder.name);
}

function ticketName(ticket: { ref: string; id: string }): string {
  return ticket.ref.trim() !== '' ? ticket.ref.trim() : vscode.l10n.t('ticket {0}', ticket.id);
}

function trimSlash(path: string): string {
  return path.replace(/\/+$/, '');
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
