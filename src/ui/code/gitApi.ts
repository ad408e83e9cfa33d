// The few parts of the built-in Git extension's API (`vscode.git`, API version 1) used here,
// typed by hand so the extension needs no dependency on it. Every member used is checked
// at run time too: the extension may be disabled, older, or absent (VS Code for the Web).
import type * as vscode from 'vscode';

export interface GitExtensionExports {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

export type GitApiState = 'uninitialized' | 'initialized';

export interface GitApi {
  readonly state: GitApiState;
  readonly onDidChangeState: vscode.Event<GitApiState>;
  getRepository(uri: vscode.Uri): GitRepository | null;
}

/** RefType.RemoteHead in the Git extension's API. */
export const REMOTE_HEAD_REF = 1;

export interface GitRef {
  readonly type: number;
  readonly name?: string;
  readonly commit?: string;
  readonly remote?: string;
}

export interface GitBranch extends GitRef {
  readonly upstream?: { readonly remote: string; readonly name: string; readonly commit?: string };
  readonly ahead?: number;
  readonly behind?: number;
}

export interface GitRemote {
  readonly name: string;
  readonly fetchUrl?: string;
  readonly pushUrl?: string;
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: {
    readonly HEAD: GitBranch | undefined;
    readonly remotes: readonly GitRemote[];
    readonly refs: readonly GitRef[];
  };
  /** `git diff <ref> -- <path>`; the path may be absolute. */
  diffWith(ref: string, path: string): Promise<string>;
  /** Throws when the path is not in that tree. */
  getObjectDetails(treeish: string, path: string): Promise<{ mode: string; object: string; size: number }>;
  /** `git for-each-ref`; absent in older hosts. */
  getRefs?(query: { pattern?: string; contains?: string; count?: number }): Promise<GitRef[]>;
}
