// The pure pieces of "send code to a ticket": which remote a permalink uses and why there
// is none, what the form starts with, how tickets are named and remembered, and what the
// form's page may post.
import assert from 'node:assert/strict';
import { defaultBody, defaultSubject, diffSource, locationCaption, snippetSource, wholeFileSource, type CodeSnapshot } from '../../src/ui/code/codeSnapshot';
import { createTicketFormHtml } from '../../src/ui/code/formHtml';
import { isFormToHost } from '../../src/shared/protocol/createForm';
import { chooseRemote, describeNoPermalink } from '../../src/ui/code/permalinkChoice';
import { addRecent, LastInstance, readRecents, RecentTickets, type MementoLike } from '../../src/ui/code/recentTickets';
import { codeReference, looksLikeTicketId, ticketReference, ticketTitle } from '../../src/ui/code/ticketText';

function memento(): MementoLike & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: <T>(key: string) => data.get(key) as T | undefined,
    update: async (key, value) => {
      // Stored as VS Code stores it: JSON, so nothing shares identity with the caller.
      data.set(key, JSON.parse(JSON.stringify(value)));
    },
  };
}

describe('code: the remote a permalink points into', () => {
  const github = { name: 'origin', fetchUrl: 'git@github.com:acme/portal.git' };
  const fork = { name: 'fork', fetchUrl: 'https://gitlab.com/me/portal.git' };
  const internal = { name: 'upstream', fetchUrl: 'ssh://git@intranet/portal.git' };

  it('takes the upstream branch’s remote first, then origin, then any other', () => {
    assert.deepEqual(chooseRemote([github, fork], 'fork'), { name: 'fork', url: fork.fetchUrl });
    assert.deepEqual(chooseRemote([fork, github]), { name: 'origin', url: github.fetchUrl });
    assert.deepEqual(chooseRemote([fork]), { name: 'fork', url: fork.fetchUrl });
  });

  it('skips remotes on hosts it cannot link to, and uses the push URL when the fetch URL is not one', () => {
    assert.deepEqual(chooseRemote([internal, fork], 'upstream'), { name: 'fork', url: fork.fetchUrl });
    assert.deepEqual(chooseRemote([{ name: 'origin', fetchUrl: '/srv/mirror.git', pushUrl: 'https://github.com/acme/portal' }]), {
      name: 'origin',
      url: 'https://github.com/acme/portal',
    });
    assert.equal(chooseRemote([internal]), undefined);
    assert.equal(chooseRemote([]), undefined);
  });

  it('says why there is no permalink, naming a commit by its short id', () => {
    assert.equal(describeNoPermalink('notPushed', '0123456789abcdef'), 'No permalink: commit 0123456 is not pushed yet.');
    assert.match(describeNoPermalink('noKnownRemote'), /GitHub, GitLab, Bitbucket or Azure DevOps/);
    assert.match(describeNoPermalink('changed'), /changed since the last commit/);
  });
});

const snapshot = (overrides: Partial<CodeSnapshot> = {}, snippet: Partial<CodeSnapshot['snippet']> = {}): CodeSnapshot => ({
  snippet: { text: '  // TODO: retry when the token expired\n  return refresh();\n', languageId: 'typescript', relativePath: 'src/auth.ts', startLine: 10, endLine: 11, ...snippet },
  fileName: 'auth.ts',
  documentName: 'auth.ts',
  documentText: 'line\n'.repeat(20),
  ...overrides,
});

describe('code: what the form starts with', () => {
  it('takes the subject from a TODO, else from the first line, else names the place', () => {
    assert.equal(defaultSubject(snapshot()), 'retry when the token expired');
    assert.equal(defaultSubject(snapshot({}, { text: 'function refresh() {\n}' })), 'function refresh()');
    assert.equal(defaultSubject(snapshot({}, { text: '}\n)' })), 'Code in auth.ts, lines 10-11');
    assert.equal(defaultSubject(snapshot({ fileName: undefined, documentName: 'Untitled-1' }, { text: '  ', relativePath: undefined, startLine: 3, endLine: 3 })), 'Code in Untitled-1, line 3');
  });

  it('fills the body with the caption, the permalink and the code fenced in its language', () => {
    const body = defaultBody(snapshot({}, { permalink: 'https://github.com/acme/portal/blob/abc1234/src/auth.ts#L10-L11' }));
    assert.equal(
      body,
      '`src/auth.ts`, lines 10-11 ([permalink](<https://github.com/acme/portal/blob/abc1234/src/auth.ts#L10-L11>))\n\n```typescript\n// TODO: retry when the token expired\nreturn refresh();\n```\n',
    );
  });

  it('captions an untitled document by its name, without a path', () => {
    const untitled = snapshot({ fileName: undefined, documentName: 'Untitled-1' }, { relativePath: undefined });
    assert.equal(locationCaption(untitled), 'Untitled-1, lines 10-11');
    assert.equal(locationCaption(snapshot()), '`src/auth.ts`, lines 10-11');
  });

  it('names the snippet, whole-file and diff attachments after the file', () => {
    assert.deepEqual(snippetSource(snapshot()), { name: 'auth-L10-L11.ts', text: snapshot().snippet.text });
    assert.deepEqual(wholeFileSource(snapshot()), { name: 'auth.ts', text: 'line\n'.repeat(20) });
    assert.deepEqual(diffSource(snapshot({ diff: '--- a\n+++ b\n@@ -1 +1 @@\n-a\n+b\n' })), { name: 'auth.ts.diff', text: '--- a\n+++ b\n@@ -1 +1 @@\n-a\n+b\n' });
  });

  it('names an untitled document’s files by its language', () => {
    const untitled = snapshot({ fileName: undefined, documentName: 'Untitled-1' }, { relativePath: undefined, languageId: 'python' });
    assert.equal((snippetSource(untitled) as { name: string }).name, 'snippet.py');
    assert.equal((wholeFileSource(untitled) as { name: string }).name, 'Untitled-1.py');
  });

  it('says why a file cannot be attached', () => {
    assert.deepEqual(diffSource(snapshot({ diffUnavailable: 'The file is not in a Git repository.' })), { unavailable: 'The file is not in a Git repository.' });
    assert.deepEqual(diffSource(snapshot()), { unavailable: 'The file has no changes against the last commit.' });
    assert.deepEqual(wholeFileSource(snapshot({ documentText: '' })), { unavailable: 'The file is empty.' });
    assert.deepEqual(snippetSource(snapshot({}, { text: ' \n' })), { unavailable: 'The selection is empty.' });
  });
});

describe('code: ticket names and references', () => {
  const ticket = { id: '1234', ref: 'ABCD-1234-WXYZ', subject: 'Exports time out' };

  it('uses the helpdesk’s reference, else the number', () => {
    assert.equal(ticketReference(ticket), 'ABCD-1234-WXYZ');
    assert.equal(ticketReference({ id: '77', ref: ' ' }), '#77');
    assert.equal(ticketTitle(ticket), 'ABCD-1234-WXYZ: Exports time out');
    assert.equal(ticketTitle({ ...ticket, subject: 'x'.repeat(100) }, 10), `ABCD-1234-WXYZ: ${'x'.repeat(9)}…`);
  });

  it('writes a code reference in the instance’s first reference form', () => {
    assert.equal(codeReference(ticket, ['DP-{id}', 'deskpro#{id}']), 'DP-1234');
    assert.equal(codeReference(ticket, ['  DP-']), 'DP-1234');
    assert.equal(codeReference(ticket, ['{id}{id}']), 'ABCD-1234-WXYZ');
    assert.equal(codeReference(ticket, [42, '', 'T{id}']), 'T1234');
    assert.equal(codeReference(ticket, undefined), 'ABCD-1234-WXYZ');
  });

  it('recognises a typed ticket number or reference', () => {
    assert.equal(looksLikeTicketId('#123'), '123');
    assert.equal(looksLikeTicketId(' ABCD-1234-WXYZ '), 'ABCD-1234-WXYZ');
    assert.equal(looksLikeTicketId('login fails'), undefined);
    assert.equal(looksLikeTicketId('export'), undefined);
  });
});

describe('code: recent tickets', () => {
  it('puts the newest first, once, per instance', async () => {
    let now = 1000;
    const recents = new RecentTickets(memento(), () => now++);
    await recents.remember('a', { id: '1', ref: 'R1', subject: 'one' });
    await recents.remember('b', { id: '1', ref: 'B1', subject: 'other helpdesk' });
    await recents.remember('a', { id: '2', ref: 'R2', subject: 'two' });
    await recents.remember('a', { id: '1', ref: 'R1', subject: 'one, renamed' });
    assert.deepEqual(recents.list('a').map((entry) => [entry.id, entry.subject]), [['1', 'one, renamed'], ['2', 'two']]);
    assert.deepEqual(recents.list().map((entry) => `${entry.instanceId}:${entry.id}`), ['a:1', 'a:2', 'b:1']);
    await recents.forget('a', '2');
    assert.deepEqual(recents.list('a').map((entry) => entry.id), ['1']);
  });

  it('keeps a bounded list', () => {
    let list = readRecents([]);
    for (let i = 0; i < 50; i++) list = addRecent(list, { instanceId: 'a', id: String(i), ref: '', subject: '', at: i }, 40);
    assert.equal(list.length, 40);
    assert.equal(list[0]?.id, '49');
  });

  it('reads whatever was stored without trusting it', () => {
    assert.deepEqual(readRecents('nonsense'), []);
    assert.deepEqual(readRecents([null, { instanceId: 'a' }, { instanceId: 'a', id: '9', at: 'x' }]), [{ instanceId: 'a', id: '9', ref: '9', subject: '', at: 0 }]);
  });

  it('remembers the last helpdesk used', async () => {
    const store = memento();
    const last = new LastInstance(store);
    assert.equal(last.get(), undefined);
    await last.set('acme');
    assert.equal(new LastInstance(store).get(), 'acme');
  });
});

describe('code: the create form’s page and messages', () => {
  it('accepts only the messages the page sends, with the right fields', () => {
    assert.ok(isFormToHost({ type: 'ready' }));
    assert.ok(isFormToHost({ type: 'addAttachment', source: 'diff' }));
    assert.ok(isFormToHost({ type: 'submit', values: { subject: 's', body: 'b', priority: '2' } }));
    assert.ok(!isFormToHost({ type: 'addAttachment', source: 'etc/passwd' }));
    assert.ok(!isFormToHost({ type: 'submit', values: { subject: 's' } }));
    assert.ok(!isFormToHost({ type: 'submit', values: { subject: 's', body: 'b', agent: 7 } }));
    assert.ok(!isFormToHost({ type: 'removeAttachment' }));
    assert.ok(!isFormToHost({ type: 'send' }));
    assert.ok(!isFormToHost(null));
  });

  it('builds a page whose only script is the nonce’d one and whose styles come from the extension', () => {
    const html = createTicketFormHtml({
      cspSource: 'https://ext.example',
      nonce: 'abc123',
      scriptUri: 'https://ext.example/dist/webview/createTicket.js',
      styleUris: ['https://ext.example/media/panel.css', 'https://ext.example/media/create-ticket.css'],
      codiconUri: 'https://ext.example/dist/codicons/codicon.css',
      title: 'New Ticket — "ACME" <support>',
    });
    assert.match(html, /default-src 'none'/);
    assert.match(html, /script-src 'nonce-abc123'/);
    assert.match(html, /style-src https:\/\/ext\.example;/);
    assert.ok(!html.includes('unsafe-inline'));
    assert.match(html, /img-src https:\/\/ext\.example data:;/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<script nonce="abc123" src="https:\/\/ext\.example\/dist\/webview\/createTicket\.js">/);
    assert.match(html, /<title>New Ticket — &quot;ACME&quot; &lt;support&gt;<\/title>/);
    assert.ok(html.indexOf('panel.css') < html.indexOf('create-ticket.css'));
  });
});
