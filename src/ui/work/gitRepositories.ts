// The parts of the built-in Git extension's API (`vscode.git`, version 1) that starting work
// needs beyond what src/ui/code/gitApi.ts types: the open repositories, their changes, and
// creating / checking out branches. Typed by hand, checked at run time: the extension may be
// disabled, older, or absent (VS Code for the Web). Nothing here runs git itself.
import * as vscode from 'vscode';
import type { GitApi, GitBranch, GitExtensionExports, GitRef, GitRepository } from '../code/gitApi';

export interface GitChange {
  readonly uri: vscode.Uri;
}

export interface WorkRepository extends GitRepository {
  readonly state: GitRepository['state'] & {
    readonly workingTreeChanges: readonly GitChange[];
    readonly indexChanges: readonly GitChange[];
    readonly mergeChanges: readonly GitChange[];
    /** Only with `git.untrackedChanges: separate`; otherwise untracked files are in workingTreeChanges. */
    readonly untrackedChanges?: readonly GitChange[];
    readonly onDidChange: vscode.Event<void>;
  };
  readonly inputBox: { value: string };
  readonly ui?: { readonly selected: boolean };
  createBranch(name: string, checkout: boolean, ref?: string): Promise<void>;
  /** Throws when there is no such branch. */
  getBranch(name: string): Promise<GitBranch>;
  checkout(treeish: string): Promise<void>;
}

export interface WorkGitApi extends GitApi {
  readonly repositories: readonly WorkRepository[];
  readonly onDidOpenRepository: vscode.Event<WorkRepository>;
  readonly onDidCloseRepository: vscode.Event<WorkRepository>;
  getRepository(uri: vscode.Uri): WorkRepository | null;
}

/** RefType.Head in the Git extension's API. */
const HEAD_REF = 0;
/** RefType.RemoteHead. */
const REMOTE_HEAD_REF = 1;
const API_READY_MS = 5_000;

/** The Git API, or why there is none (a sentence for the user). */
export type GitAccess = { api: WorkGitApi } | { unavailable: string };

/**
 * The Git extension's API, once it has looked for repositories. `activate`: start the Git
 * extension if it has not started (Start Work does; the status bar only looks when it runs).
 */
export async function workGitApi(activate = true): Promise<GitAccess> {
  const extension = vscode.extensions.getExtension<GitExtensionExports>('vscode.git');
  if (!extension) return { unavailable: vscode.l10n.t('The built-in Git extension is not available in this window.') };
  if (!extension.isActive && !activate) return { unavailable: vscode.l10n.t('The Git extension has not started.') };
  const exports = extension.isActive ? extension.exports : await extension.activate();
  if (!exports?.enabled || typeof exports.getAPI !== 'function') {
    return { unavailable: vscode.l10n.t('Git is turned off in this window (the "git.enabled" setting).') };
  }
  const api = exports.getAPI(1) as WorkGitApi;
  if (!Array.isArray(api.repositories) || typeof api.onDidOpenRepository !== 'function') {
    return { unavailable: vscode.l10n.t('This version of the Git extension does not offer what Start Work needs.') };
  }
  if (api.state !== 'initialized') await initialized(api);
  return { api };
}

function initialized(api: WorkGitApi): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, API_READY_MS);
    const subscription = api.onDidChangeState((state) => state === 'initialized' && done());
    function done() {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    }
  });
}

/** Whether the repository can make and switch branches through this API. */
export function canSwitchBranches(repository: WorkRepository): boolean {
  return typeof repository.createBranch === 'function' && typeof repository.checkout === 'function' && typeof repository.getBranch === 'function';
}

/** The files with changes git would carry over (or refuse to) on a switch: staged, unstaged, merge, untracked. */
export function changedFiles(repository: WorkRepository): number {
  const state = repository.state;
  const uris = new Set<string>();
  for (const group of [state.indexChanges, state.workingTreeChanges, state.mergeChanges, state.untrackedChanges ?? []]) {
    for (const change of group ?? []) uris.add(change.uri.toString());
  }
  return uris.size;
}

export async function localBranchExists(repository: WorkRepository, name: string): Promise<boolean> {
  if (repository.state.refs.some((ref) => ref.type === HEAD_REF && ref.name === name)) return true;
  try {
    const branch = await repository.getBranch(name);
    return branch.type === HEAD_REF && branch.name === name;
  } catch {
    return false;
  }
}

/** A remote's branch of that name (`origin/name`), which `git checkout name` makes a tracking branch of. */
export async function remoteBranchExists(repository: WorkRepository, name: string): Promise<boolean> {
  const isRemote = (ref: GitRef) => ref.type === REMOTE_HEAD_REF && ref.remote !== undefined && ref.name === `${ref.remote}/${name}`;
  if (repository.state.refs.some(isRemote)) return true;
  if (typeof repository.getRefs !== 'function') return false;
  try {
    return (await repository.getRefs({ pattern: `refs/remotes/*/${name}` })).some(isRemote);
  } catch {
    return false;
  }
}

/** The repository of the active editor, else the one the Source Control view has selected, else the only one. */
export function currentRepository(api: WorkGitApi): WorkRepository | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  const fromEditor = uri ? api.getRepository(uri) : null;
  if (fromEditor) return fromEditor;
  const repositories = api.repositories;
  if (repositories.length === 1) return repositories[0];
  return repositories.find((repository) => repository.ui?.selected);
}
