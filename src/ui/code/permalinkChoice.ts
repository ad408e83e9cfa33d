// The decisions behind a permalink that need git's facts but not git itself: which remote
// names the repository on the web, and why there is no permalink when there is none. The
// reasons are shown quietly in the form; a missing permalink is never an error.
import * as l10n from '@vscode/l10n';
import { parseRemoteUrl } from '../../code/permalink';

export interface RemoteFacts {
  readonly name: string;
  readonly fetchUrl?: string;
  readonly pushUrl?: string;
}

export interface ChosenRemote {
  readonly name: string;
  readonly url: string;
}

/**
 * The remote a permalink should point into: the upstream's remote, else "origin", else the
 * first remote; only remotes on a host we can link to count.
 */
export function chooseRemote(remotes: readonly RemoteFacts[], upstreamRemote?: string): ChosenRemote | undefined {
  const rank = (remote: RemoteFacts) => (remote.name === upstreamRemote ? 0 : remote.name === 'origin' ? 1 : 2);
  const ordered = [...remotes].sort((a, b) => rank(a) - rank(b));
  for (const remote of ordered) {
    for (const url of [remote.fetchUrl, remote.pushUrl]) {
      if (url && parseRemoteUrl(url)) return { name: remote.name, url };
    }
  }
  return undefined;
}

export type NoPermalinkReason =
  | 'notAFile'
  | 'noGit'
  | 'notInRepository'
  | 'noCommit'
  | 'notCommitted'
  | 'unsaved'
  | 'changed'
  | 'noKnownRemote'
  | 'notPushed'
  | 'unknown';

/** One sentence for the form. */
export function describeNoPermalink(reason: NoPermalinkReason, commit?: string): string {
  const short = commit ? commit.slice(0, 7) : undefined;
  switch (reason) {
    case 'notAFile':
      return l10n.t('No permalink: the document is not a saved file.');
    case 'noGit':
      return l10n.t('No permalink: Git is not available in this window.');
    case 'notInRepository':
      return l10n.t('No permalink: the file is not in a Git repository.');
    case 'noCommit':
      return l10n.t('No permalink: the repository has no commits yet.');
    case 'notCommitted':
      return l10n.t('No permalink: the file is not committed yet.');
    case 'unsaved':
      return l10n.t('No permalink: the file has unsaved changes.');
    case 'changed':
      return l10n.t('No permalink: these lines have changed since the last commit.');
    case 'noKnownRemote':
      return l10n.t('No permalink: the repository has no GitHub, GitLab, Bitbucket or Azure DevOps remote.');
    case 'notPushed':
      return short ? l10n.t('No permalink: commit {0} is not pushed yet.', short) : l10n.t('No permalink: the commit is not pushed yet.');
    case 'unknown':
      return l10n.t('No permalink: Git could not tell where these lines are.');
  }
}
