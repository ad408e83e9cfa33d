// What git knows about the lines being sent, through the built-in Git extension: the commit
// they are at, a permalink when that commit is on a remote we can link to, and the file's
// diff. Everything is optional: no Git, no repository or no remote means no permalink and
// no diff, with a reason for the form, never an error.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../helpdesk/log';
import { buildPermalink } from '../../code/permalink';
import type { LineRange } from '../../code/linkFile';
import { type GitApi, type GitExtensionExports, type GitRepository, REMOTE_HEAD_REF } from './gitApi';
import { mapLinesToBase } from './lines';
import { chooseRemote, describeNoPermalink, type NoPermalinkReason } from './permalinkChoice';

export interface GitFacts {
  /** HEAD, when the lines are there unchanged. */
  commit?: string;
  permalink?: string;
  /** Why there is no permalink. */
  note?: string;
  /** `git diff HEAD` of the file, when it has changes. */
  diff?: string;
  diffUnavailable?: string;
}

// Git answers in milliseconds; a hung git must not hold the command up.
const GIT_DEADLINE_MS = 5_000;
const API_READY_MS = 3_000;

export async function gitFacts(document: vscode.TextDocument, range: LineRange, log: Logger): Promise<GitFacts> {
  const noGit = (reason: NoPermalinkReason): GitFacts => ({ note: describeNoPermalink(reason), diffUnavailable: vscode.l10n.t('The file is not in a Git repository.') });
  if (document.uri.scheme !== 'file') return { note: describeNoPermalink('notAFile'), diffUnavailable: vscode.l10n.t('The document is not a saved file.') };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<GitFacts>((resolve) => {
    timer = setTimeout(() => resolve({ note: describeNoPermalink('unknown'), diffUnavailable: vscode.l10n.t('Git did not answer in time.') }), GIT_DEADLINE_MS);
  });
  try {
    return await Promise.race([
      (async () => {
        const api = await gitApi();
        if (!api) return noGit('noGit');
        const repository = api.getRepository(document.uri);
        if (!repository) return noGit('notInRepository');
        return await factsIn(repository, document, range);
      })(),
      deadline,
    ]);
  } catch (error) {
    log.debug(`git facts for ${path.basename(document.uri.fsPath)}: ${error instanceof Error ? error.message : String(error)}`);
    return { note: describeNoPermalink('unknown'), diffUnavailable: vscode.l10n.t('Git could not produce a diff.') };
  } finally {
    clearTimeout(timer);
  }
}

async function gitApi(): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<GitExtensionExports>('vscode.git');
  if (!extension) return undefined;
  const exports = extension.isActive ? extension.exports : await extension.activate();
  if (!exports?.enabled || typeof exports.getAPI !== 'function') return undefined;
  const api = exports.getAPI(1);
  if (api.state !== 'initialized') {
    // Right after the window opens the extension is still finding repositories.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, API_READY_MS);
      const subscription = api.onDidChangeState((state) => state === 'initialized' && done());
      function done() {
        clearTimeout(timer);
        subscription.dispose();
        resolve();
      }
    });
  }
  return api;
}

async function factsIn(repository: GitRepository, document: vscode.TextDocument, range: LineRange): Promise<GitFacts> {
  const file = document.uri.fsPath;
  const head = repository.state.HEAD?.commit;
  if (!head) return { note: describeNoPermalink('noCommit'), diffUnavailable: vscode.l10n.t('The repository has no commits yet.') };
  try {
    await repository.getObjectDetails('HEAD', file);
  } catch {
    return { note: describeNoPermalink('notCommitted'), diffUnavailable: vscode.l10n.t('The file is not committed yet, so it has no diff.') };
  }
  const diff = await repository.diffWith('HEAD', file);
  const facts: GitFacts = diff.trim() === '' ? { diffUnavailable: vscode.l10n.t('The file has no changes since the last commit.') } : { diff };
  if (document.isDirty) return { ...facts, note: describeNoPermalink('unsaved') };
  const base = mapLinesToBase(diff, range);
  if (!base) return { ...facts, note: describeNoPermalink('changed') };
  facts.commit = head;
  const branch = repository.state.HEAD;
  const remote = chooseRemote(repository.state.remotes, branch?.upstream?.remote);
  if (!remote) return { ...facts, note: describeNoPermalink('noKnownRemote') };
  if (!(await isOnRemote(repository, head, remote.name))) return { ...facts, note: describeNoPermalink('notPushed', head) };
  const repoPath = path.relative(repository.rootUri.fsPath, file).split(path.sep).join('/');
  const permalink = buildPermalink({
    remoteUrl: remote.url,
    commit: head,
    path: repoPath,
    startLine: base.start,
    endLine: base.end,
    endLineLength: document.lineAt(Math.min(range.end, document.lineCount) - 1).text.length,
  });
  return permalink ? { ...facts, permalink } : { ...facts, note: describeNoPermalink('noKnownRemote') };
}

/** Whether a branch of `remote` (as last fetched) contains the commit: a permalink to it then works. */
async function isOnRemote(repository: GitRepository, commit: string, remote: string): Promise<boolean> {
  const branch = repository.state.HEAD;
  if (branch?.upstream?.remote === remote && branch.ahead === 0) return true;
  if (typeof repository.getRefs === 'function') {
    const refs = await repository.getRefs({ pattern: `refs/remotes/${remote}`, contains: commit, count: 1 });
    return refs.length > 0;
  }
  return repository.state.refs.some((ref) => ref.type === REMOTE_HEAD_REF && ref.remote === remote && ref.commit === commit);
}
