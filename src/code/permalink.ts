// A link to lines of a file at one commit, in the form each host's web UI uses itself:
//   GitHub     {repo}/blob/{sha}/{path}#L10-L24
//   GitLab     {repo}/-/blob/{sha}/{path}#L10-24
//   Bitbucket  {repo}/src/{sha}/{path}#lines-10:24
//   Azure      {repo}?path=/{path}&version=GC{sha}&line=10&lineEnd=24&lineStartColumn=1&lineEndColumn=…
// Whether the commit has been pushed is the caller's question (it needs git); this module
// only builds the address.
import { encodeSegment, parseRemoteUrl, type WebRepository } from './remote';

export { parseRemoteUrl, type GitHostKind, type WebRepository } from './remote';

export interface PermalinkRequest {
  /** The git remote URL, in any form git accepts. */
  readonly remoteUrl: string;
  /** Full or abbreviated commit id (SHA-1 or SHA-256, hex). */
  readonly commit: string;
  /** Path of the file from the repository root, forward slashes. */
  readonly path: string;
  /** 1-based, inclusive. */
  readonly startLine: number;
  /** 1-based, inclusive. */
  readonly endLine: number;
  /**
   * Length in characters of the last line, so Azure DevOps highlights up to its end. Without
   * it the link ends at the start of the next line, which is what Azure's own whole-line
   * selections produce.
   */
  readonly endLineLength?: number;
}

/** The permalink, or undefined for an unknown host, a path outside the repository or a malformed commit. */
export function buildPermalink(request: PermalinkRequest): string | undefined {
  const repository = parseRemoteUrl(request.remoteUrl);
  const commit = request.commit.trim().toLowerCase();
  const path = encodeRepoPath(request.path);
  const lines = lineRange(request.startLine, request.endLine);
  if (!repository || !/^[0-9a-f]{7,64}$/.test(commit) || path === undefined || !lines) return undefined;
  return permalinkFor(repository, commit, path, lines, request.endLineLength);
}

function permalinkFor(
  repository: WebRepository,
  commit: string,
  path: string,
  [start, end]: readonly [number, number],
  endLineLength: number | undefined,
): string {
  const { webUrl } = repository;
  switch (repository.kind) {
    case 'github':
      return `${webUrl}/blob/${commit}/${path}#L${start}${end > start ? `-L${end}` : ''}`;
    case 'gitlab':
      return `${webUrl}/-/blob/${commit}/${path}#L${start}${end > start ? `-${end}` : ''}`;
    case 'bitbucket':
      return `${webUrl}/src/${commit}/${path}#lines-${start}${end > start ? `:${end}` : ''}`;
    case 'azure': {
      const known = endLineLength !== undefined && Number.isSafeInteger(endLineLength) && endLineLength >= 0;
      const query = [
        `path=/${path}`,
        `version=GC${commit}`,
        `line=${start}`,
        `lineEnd=${known ? end : end + 1}`,
        'lineStartColumn=1',
        `lineEndColumn=${known ? endLineLength + 1 : 1}`,
        'lineStyle=plain',
        '_a=contents',
      ];
      return `${webUrl}?${query.join('&')}`;
    }
  }
}

/**
 * A repository-relative path, each segment percent-encoded; undefined when it is empty or
 * would climb out of the repository. Backslashes count as separators (a Windows caller).
 */
export function encodeRepoPath(path: string): string | undefined {
  const segments = path.replace(/\\/g, '/').replace(/^\.\//, '').split('/').filter((segment) => segment !== '');
  if (segments.length === 0 || segments.some((segment) => segment === '.' || segment === '..')) return undefined;
  return segments.map(encodeSegment).join('/');
}

function lineRange(startLine: number, endLine: number): [number, number] | undefined {
  if (!Number.isSafeInteger(startLine) || !Number.isSafeInteger(endLine) || startLine < 1 || endLine < 1) return undefined;
  return [Math.min(startLine, endLine), Math.max(startLine, endLine)];
}
