// Which web page shows a repository, given the URL of a git remote. The remote may be any of
// the forms git accepts (https with or without credentials, `git@host:owner/repo.git`,
// `ssh://`, `git://`); the answer is the browsable https address with no credentials in it.
//
// Hosts recognised, and why:
// - github.com, gitlab.com, bitbucket.org and Azure DevOps (dev.azure.com, *.visualstudio.com,
//   their SSH hosts) by name, including the "SSH over port 443" hosts each documents
//   (ssh.github.com, altssh.gitlab.com, altssh.bitbucket.org) and GitHub's *.ghe.com.
// - Self-managed servers by a naming convention, since nothing in a remote URL says which
//   product serves it: a host name containing "gitlab" is taken for GitLab, one containing
//   "github" for GitHub Enterprise Server, and any https path with a `_git` segment for
//   Azure DevOps Server. Their web UI is assumed at https://<host>/ (an SSH port is dropped).
// - Anything else (Bitbucket Data Center, Gitea, SSH aliases from ~/.ssh/config such as
//   `github-work`, host names without a dot) is unknown: no permalink rather than a wrong one.

export type GitHostKind = 'github' | 'gitlab' | 'bitbucket' | 'azure';

export interface WebRepository {
  readonly kind: GitHostKind;
  /** The repository's page: https://github.com/owner/repo, https://dev.azure.com/org/project/_git/repo. */
  readonly webUrl: string;
}

interface RemoteParts {
  /** http or https for web remotes; ssh (or git) otherwise. */
  readonly scheme: string;
  /** Lower-cased host name, without port. */
  readonly host: string;
  /** host[:port] to use for the web page (the port only survives from http(s) remotes). */
  readonly webHost: string;
  /** The user name in the remote, which for Azure's old SSH URLs names the organization. */
  readonly user: string;
  /** Decoded path segments, empty ones dropped. */
  readonly segments: readonly string[];
}

const URL_SCHEMES = new Set(['http:', 'https:', 'ssh:', 'git:', 'git+ssh:', 'ssh+git:']);

/** The web address of the repository behind a git remote URL, or undefined for an unknown host. */
export function parseRemoteUrl(remoteUrl: string): WebRepository | undefined {
  const parts = splitRemote(remoteUrl.trim());
  if (!parts || !parts.host.includes('.')) return undefined;
  return classify(parts);
}

function classify(parts: RemoteParts): WebRepository | undefined {
  const { host } = parts;
  if (host === 'github.com' || host === 'www.github.com' || host === 'ssh.github.com') return ownerRepo('github', 'github.com', parts);
  if (host.endsWith('.ghe.com')) return ownerRepo('github', host, parts);
  if (host === 'gitlab.com' || host === 'altssh.gitlab.com') return gitlab('gitlab.com', parts);
  if (host === 'bitbucket.org' || host === 'www.bitbucket.org' || host === 'altssh.bitbucket.org') {
    return ownerRepo('bitbucket', 'bitbucket.org', parts);
  }
  if (host === 'dev.azure.com' || host === 'ssh.dev.azure.com' || host.endsWith('.visualstudio.com')) return azure(parts);
  if (parts.segments.includes('_git') || parts.segments.includes('_ssh')) return azureServer(parts);
  const labels = host.split('.');
  if (labels.some((label) => label.includes('gitlab'))) return gitlab(parts.webHost, parts);
  if (labels.some((label) => label.includes('github'))) return ownerRepo('github', parts.webHost, parts);
  return undefined;
}

function ownerRepo(kind: GitHostKind, webHost: string, parts: RemoteParts): WebRepository | undefined {
  const segments = withoutGitSuffix(parts.segments);
  if (segments.length !== 2) return undefined;
  return { kind, webUrl: webAddress(parts, webHost, segments) };
}

// GitLab nests projects in groups and subgroups: every segment belongs to the project path.
function gitlab(webHost: string, parts: RemoteParts): WebRepository | undefined {
  const segments = withoutGitSuffix(parts.segments);
  if (segments.length < 2) return undefined;
  return { kind: 'gitlab', webUrl: webAddress(parts, webHost, segments) };
}

function azure(parts: RemoteParts): WebRepository | undefined {
  const { host, segments } = parts;
  // SSH: v3/{organization}/{project}/{repository} on ssh.dev.azure.com or vs-ssh.visualstudio.com.
  if (segments[0] === 'v3' && (host === 'ssh.dev.azure.com' || host === 'vs-ssh.visualstudio.com')) {
    if (segments.length !== 4) return undefined;
    const [, organization, project, repository] = segments as [string, string, string, string];
    if (host === 'ssh.dev.azure.com') return azureRepository(`https://dev.azure.com/${encodeSegment(organization)}`, [project], repository);
    return azureRepository(organizationBase(organization), [project], repository);
  }
  const marker = gitMarkerIndex(segments);
  if (marker < 0 || marker !== segments.length - 2) return undefined;
  const repository = segments[marker + 1]!;
  const before = segments.slice(0, marker);
  if (host === 'dev.azure.com') {
    // https://dev.azure.com/{organization}/{project}/_git/{repository}; the project is absent
    // when it has the repository's name.
    if (before.length < 1 || before.length > 2) return undefined;
    const [organization, ...project] = before as [string, ...string[]];
    return azureRepository(`https://dev.azure.com/${encodeSegment(organization)}`, project, repository);
  }
  if (host === 'vs-ssh.visualstudio.com') {
    // The old SSH form ssh://{organization}@vs-ssh.visualstudio.com:22/{project}/_ssh/{repository}.
    return azureRepository(organizationBase(parts.user), before, repository);
  }
  // https://{organization}.visualstudio.com[/DefaultCollection]/{project}/_git/{repository}
  if (before.length > 2) return undefined;
  return azureRepository(`https://${host}`, before, repository);
}

// Azure DevOps Server: https://server[:port]/{virtual dir}/{collection}/{project}/_git/{repository}.
function azureServer(parts: RemoteParts): WebRepository | undefined {
  const marker = gitMarkerIndex(parts.segments);
  if (marker < 1 || marker !== parts.segments.length - 2) return undefined;
  const scheme = parts.scheme === 'http' ? 'http' : 'https';
  return azureRepository(`${scheme}://${parts.webHost}`, parts.segments.slice(0, marker), parts.segments[marker + 1]!);
}

function azureRepository(base: string | undefined, prefix: readonly string[], repository: string): WebRepository | undefined {
  if (base === undefined) return undefined;
  const path = [...prefix, '_git', repository].map(encodeSegment).join('/');
  return { kind: 'azure', webUrl: `${base}/${path}` };
}

function gitMarkerIndex(segments: readonly string[]): number {
  const index = segments.indexOf('_git');
  return index >= 0 ? index : segments.indexOf('_ssh');
}

// The organization becomes a DNS label of visualstudio.com; a name that cannot be one (or the
// generic "git" user) does not name an organization.
function organizationBase(organization: string): string | undefined {
  if (!/^[A-Za-z0-9-]{1,63}$/.test(organization) || organization === 'git') return undefined;
  return `https://${organization.toLowerCase()}.visualstudio.com`;
}

function webAddress(parts: RemoteParts, webHost: string, segments: readonly string[]): string {
  const scheme = parts.scheme === 'http' ? 'http' : 'https';
  return `${scheme}://${webHost}/${segments.map(encodeSegment).join('/')}`;
}

function withoutGitSuffix(segments: readonly string[]): string[] {
  const copy = [...segments];
  const last = copy.length - 1;
  if (last >= 0 && copy[last]!.toLowerCase().endsWith('.git')) copy[last] = copy[last]!.slice(0, -4);
  return copy.filter((segment) => segment !== '');
}

function splitRemote(remote: string): RemoteParts | undefined {
  if (remote === '' || /\s/.test(remote)) return undefined;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(remote)) return splitUrl(remote);
  return splitScpLike(remote);
}

function splitUrl(remote: string): RemoteParts | undefined {
  let url: URL;
  try {
    url = new URL(remote);
  } catch {
    return undefined;
  }
  if (!URL_SCHEMES.has(url.protocol) || url.hostname === '') return undefined;
  const scheme = url.protocol === 'http:' || url.protocol === 'https:' ? url.protocol.slice(0, -1) : 'ssh';
  const host = stripBrackets(url.hostname.toLowerCase());
  // Credentials (url.username/url.password) are read for Azure's organization name only and
  // never reach the web address.
  return {
    scheme,
    host,
    webHost: scheme === 'ssh' || url.port === '' ? host : `${host}:${url.port}`,
    user: safeDecode(url.username),
    segments: pathSegments(url.pathname),
  };
}

// git's scp-like syntax: [user@]host:path, where no slash comes before the colon.
function splitScpLike(remote: string): RemoteParts | undefined {
  const match = /^(?:([^@/:]*)@)?([^@/:]+):(?!\/\/)(.*)$/.exec(remote);
  if (!match) return undefined;
  const host = match[2]!.toLowerCase();
  return { scheme: 'ssh', host, webHost: host, user: match[1] ?? '', segments: pathSegments(match[3]!) };
}

function pathSegments(path: string): string[] {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map(safeDecode);
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** One path segment, percent-encoded for a URL path (also encodes "/", "?" and "#"). */
export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment);
}
