// Permalinks for each host type, from every remote URL form git accepts.
import assert from 'node:assert/strict';
import { buildPermalink, encodeRepoPath, parseRemoteUrl, type PermalinkRequest } from '../../src/code/permalink';

const SHA = '0123456789abcdef0123456789abcdef01234567';

function link(remoteUrl: string, overrides: Partial<PermalinkRequest> = {}): string | undefined {
  return buildPermalink({ remoteUrl, commit: SHA, path: 'src/auth.ts', startLine: 10, endLine: 24, ...overrides });
}

describe('links: remote URLs', () => {
  it('reads https, ssh, scp-like, git:// and .git-less forms of one GitHub repository alike', () => {
    for (const remote of [
      'https://github.com/acme/app.git',
      'https://github.com/acme/app',
      'https://github.com/acme/app/',
      'http://github.com/acme/app.git',
      'git@github.com:acme/app.git',
      'github.com:acme/app',
      'ssh://git@github.com/acme/app.git',
      'ssh://git@ssh.github.com:443/acme/app.git',
      'git+ssh://git@github.com/acme/app.git',
      'git://github.com/acme/app.git',
      '  https://www.github.com/acme/app.git\n',
    ]) {
      const expected = remote.startsWith('http://') ? 'http://github.com/acme/app' : 'https://github.com/acme/app';
      assert.deepEqual(parseRemoteUrl(remote), { kind: 'github', webUrl: expected }, remote);
    }
  });

  it('strips credentials from the URL', () => {
    for (const remote of ['https://user:ghp_secret123@github.com/acme/app.git', 'https://oauth2:glpat-abc@gitlab.com/g/p.git', 'https://x-token-auth@bitbucket.org/ws/repo.git']) {
      const web = parseRemoteUrl(remote);
      assert.ok(web, remote);
      assert.ok(!web.webUrl.includes('@') && !web.webUrl.includes('secret') && !web.webUrl.includes('glpat'), web.webUrl);
    }
  });

  it('keeps an https port for self-hosted servers and drops an ssh port', () => {
    assert.equal(parseRemoteUrl('https://gitlab.example.com:8443/team/app.git')?.webUrl, 'https://gitlab.example.com:8443/team/app');
    assert.equal(parseRemoteUrl('ssh://git@gitlab.example.com:2222/team/app.git')?.webUrl, 'https://gitlab.example.com/team/app');
  });

  it('keeps GitLab groups and subgroups', () => {
    assert.deepEqual(parseRemoteUrl('git@gitlab.com:group/sub/deeper/project.git'), { kind: 'gitlab', webUrl: 'https://gitlab.com/group/sub/deeper/project' });
    assert.deepEqual(parseRemoteUrl('ssh://git@altssh.gitlab.com:443/group/project.git'), { kind: 'gitlab', webUrl: 'https://gitlab.com/group/project' });
  });

  it('reads every Azure DevOps form into the dev.azure.com or visualstudio.com web address', () => {
    const cases: [string, string][] = [
      ['https://dev.azure.com/org/project/_git/repo', 'https://dev.azure.com/org/project/_git/repo'],
      ['https://org@dev.azure.com/org/project/_git/repo', 'https://dev.azure.com/org/project/_git/repo'],
      ['https://dev.azure.com/org/My%20Project/_git/My%20Repo', 'https://dev.azure.com/org/My%20Project/_git/My%20Repo'],
      ['https://dev.azure.com/org/_git/repo', 'https://dev.azure.com/org/_git/repo'],
      ['git@ssh.dev.azure.com:v3/org/project/repo', 'https://dev.azure.com/org/project/_git/repo'],
      ['ssh://git@ssh.dev.azure.com/v3/org/project/repo', 'https://dev.azure.com/org/project/_git/repo'],
      ['https://org.visualstudio.com/project/_git/repo', 'https://org.visualstudio.com/project/_git/repo'],
      ['https://org.visualstudio.com/DefaultCollection/project/_git/repo', 'https://org.visualstudio.com/DefaultCollection/project/_git/repo'],
      ['org@vs-ssh.visualstudio.com:v3/org/project/repo', 'https://org.visualstudio.com/project/_git/repo'],
      ['ssh://org@vs-ssh.visualstudio.com:22/project/_ssh/repo', 'https://org.visualstudio.com/project/_git/repo'],
      ['https://tfs.corp.example/tfs/Collection/Project/_git/repo', 'https://tfs.corp.example/tfs/Collection/Project/_git/repo'],
    ];
    for (const [remote, web] of cases) assert.deepEqual(parseRemoteUrl(remote), { kind: 'azure', webUrl: web }, remote);
  });

  it('takes host names containing gitlab or github for self-managed servers (documented guess)', () => {
    assert.deepEqual(parseRemoteUrl('git@gitlab.corp.example:platform/api.git'), { kind: 'gitlab', webUrl: 'https://gitlab.corp.example/platform/api' });
    assert.deepEqual(parseRemoteUrl('https://github.corp.example/team/app.git'), { kind: 'github', webUrl: 'https://github.corp.example/team/app' });
    assert.deepEqual(parseRemoteUrl('git@octo.ghe.com:team/app.git'), { kind: 'github', webUrl: 'https://octo.ghe.com/team/app' });
  });

  it('knows nothing of other hosts, ssh aliases, local paths and malformed remotes', () => {
    for (const remote of [
      'https://git.example.com/team/app.git',
      'https://bitbucket.corp.example/scm/proj/repo.git',
      'git@github-work:acme/app.git',
      '/home/me/repos/app',
      '../app.git',
      'file:///srv/git/app.git',
      'C:\\repos\\app',
      'https://github.com/acme',
      'https://github.com/acme/app/extra',
      'https://dev.azure.com/org/project/repo',
      'ssh://git@ssh.dev.azure.com/v3/org/repo',
      'git@vs-ssh.visualstudio.com:v3/bad org/project/repo',
      '',
      'not a url',
    ]) {
      assert.equal(parseRemoteUrl(remote), undefined, remote);
    }
  });
});

describe('links: permalinks', () => {
  it('GitHub: /blob/<sha>/<path>#L10-L24, and #L10 for one line', () => {
    assert.equal(link('git@github.com:acme/app.git'), `https://github.com/acme/app/blob/${SHA}/src/auth.ts#L10-L24`);
    assert.equal(link('git@github.com:acme/app.git', { startLine: 7, endLine: 7 }), `https://github.com/acme/app/blob/${SHA}/src/auth.ts#L7`);
  });

  it('GitLab: /-/blob/<sha>/<path>#L10-24, subgroups kept', () => {
    assert.equal(link('https://gitlab.com/group/sub/project.git'), `https://gitlab.com/group/sub/project/-/blob/${SHA}/src/auth.ts#L10-24`);
    assert.equal(link('https://gitlab.com/g/p.git', { startLine: 3, endLine: 3 }), `https://gitlab.com/g/p/-/blob/${SHA}/src/auth.ts#L3`);
  });

  it('Bitbucket: /src/<sha>/<path>#lines-10:24', () => {
    assert.equal(link('git@bitbucket.org:team/repo.git'), `https://bitbucket.org/team/repo/src/${SHA}/src/auth.ts#lines-10:24`);
    assert.equal(link('git@bitbucket.org:team/repo.git', { startLine: 5, endLine: 5 }), `https://bitbucket.org/team/repo/src/${SHA}/src/auth.ts#lines-5`);
  });

  it('Azure DevOps: ?path=/…&version=GC<sha>&line…, to the end of the last line when its length is known', () => {
    assert.equal(
      link('https://dev.azure.com/org/project/_git/repo', { endLineLength: 17 }),
      `https://dev.azure.com/org/project/_git/repo?path=/src/auth.ts&version=GC${SHA}&line=10&lineEnd=24&lineStartColumn=1&lineEndColumn=18&lineStyle=plain&_a=contents`,
    );
    // Without the length: up to the start of the next line, as Azure's own whole-line selection does.
    assert.equal(
      link('git@ssh.dev.azure.com:v3/org/project/repo'),
      `https://dev.azure.com/org/project/_git/repo?path=/src/auth.ts&version=GC${SHA}&line=10&lineEnd=25&lineStartColumn=1&lineEndColumn=1&lineStyle=plain&_a=contents`,
    );
  });

  it('percent-encodes each path segment (spaces, #, ?, %, non-ASCII) but not the slashes', () => {
    const url = link('git@github.com:acme/app.git', { path: 'docs/my file#1?.md' });
    assert.equal(url, `https://github.com/acme/app/blob/${SHA}/docs/my%20file%231%3F.md#L10-L24`);
    assert.equal(encodeRepoPath('dir/ünï 100%.txt'), 'dir/%C3%BCn%C3%AF%20100%25.txt');
    const azure = link('https://dev.azure.com/org/p/_git/r', { path: 'a&b/c=d.ts', endLineLength: 0 });
    assert.ok(azure?.includes('?path=/a%26b/c%3Dd.ts&version='), azure);
  });

  it('accepts backslashes and a leading ./ in the path, and refuses paths that climb out', () => {
    assert.equal(encodeRepoPath('.\\src\\auth.ts'), 'src/auth.ts');
    assert.equal(encodeRepoPath('/src//auth.ts'), 'src/auth.ts');
    assert.equal(encodeRepoPath('../secret.txt'), undefined);
    assert.equal(encodeRepoPath('src/../../x'), undefined);
    assert.equal(encodeRepoPath(''), undefined);
    assert.equal(link('git@github.com:acme/app.git', { path: '../x.ts' }), undefined);
  });

  it('lower-cases the commit, accepts SHA-256 and short ids, and refuses anything else', () => {
    assert.equal(link('git@github.com:a/b.git', { commit: 'ABCDEF1' }), 'https://github.com/a/b/blob/abcdef1/src/auth.ts#L10-L24');
    assert.ok(link('git@github.com:a/b.git', { commit: 'a'.repeat(64) }));
    for (const commit of ['', 'abc', 'HEAD', 'main', 'g123456789', 'a'.repeat(65), `${SHA}/../x`]) {
      assert.equal(link('git@github.com:a/b.git', { commit }), undefined, commit);
    }
  });

  it('orders a reversed range and refuses line numbers below 1 or not integers', () => {
    assert.equal(link('git@github.com:a/b.git', { startLine: 24, endLine: 10 }), `https://github.com/a/b/blob/${SHA}/src/auth.ts#L10-L24`);
    assert.equal(link('git@github.com:a/b.git', { startLine: 0, endLine: 3 }), undefined);
    assert.equal(link('git@github.com:a/b.git', { startLine: 1.5, endLine: 3 }), undefined);
  });

  it('gives no permalink for an unknown host', () => {
    assert.equal(link('https://git.example.com/team/app.git'), undefined);
  });
});
