// Issue 13 part 6 in a real extension host: the sandbox keeps what you did in the
// extension's global storage, so a reply is still there when the sandbox starts again
// (as after a window reload: a new process would read the same file); Stop Sandbox
// removes its roots and their credentials.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { HelpdeskTestApi } from '../../../src/extension';
import { silentLogger } from '../../../src/helpdesk/log';
import type { HelpdeskProvider } from '../../../src/helpdesk/provider';
import { jitbitDescriptor } from '../../../src/providers/jitbit';
import { Commands } from '../../../src/ui/commandIds';
import { USER_DATA_ENV } from '../support/env';
import { children, resetSettings, setUserSetting, testApi } from '../support/helpdesk';
import { waitFor } from '../support/wait';

const JITBIT = 'sandbox-jitbit';
const MARKER = 'Kept across reloads 91c2';

/** The first file called `name` under `dir`. */
function findFile(dir: string, name: string, depth = 0): string | undefined {
  if (depth > 6 || !existsSync(dir)) return undefined;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry === name) return path;
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      const found = findFile(path, name, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

describe('sandbox: alive and persistent', function () {
  this.timeout(90_000);
  let api: HelpdeskTestApi;
  const providers: HelpdeskProvider[] = [];

  function connect(): HelpdeskProvider {
    const entry = api.sandbox.entries().find((candidate) => candidate.ok && candidate.config.id === JITBIT);
    const credentials = api.sandbox.credentialsFor(JITBIT);
    assert.ok(entry?.ok && credentials, 'the Jitbit sandbox is not running');
    const provider = jitbitDescriptor.create({ config: entry.config, credentials, log: silentLogger, http: { timeoutMs: 10_000 } });
    providers.push(provider);
    return provider;
  }

  async function messageIds(provider: HelpdeskProvider, ticketId: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await provider.listMessages(ticketId, cursor);
      ids.push(...page.items.map((message) => message.id));
      cursor = page.next;
    } while (cursor);
    return ids;
  }

  const sandboxRoots = async (): Promise<string[]> => (await children(api)).map((node) => node.instanceId).filter((id): id is string => typeof id === 'string' && id.startsWith('sandbox-'));

  before(async () => {
    api = await testApi();
    await setUserSetting('sandbox.enabled', true);
    await waitFor('the sandbox roots', async () => (await sandboxRoots()).includes(JITBIT), { timeoutMs: 60_000 });
  });

  after(async () => {
    await Promise.all(providers.map((provider) => provider.dispose()));
    await setUserSetting('sandbox.enabled', undefined);
    await resetSettings();
  });

  it('a reply is saved to the global storage and is there when the sandbox starts again; Stop Sandbox removes roots and credentials', async () => {
    const before = connect();
    const sent = await before.reply('4101', { bodyHtml: `<p>${MARKER}</p>`, bodyMarkdown: MARKER, internal: false, attachments: [] });
    const oldCredentials = api.sandbox.credentialsFor(JITBIT);

    const userData = process.env[USER_DATA_ENV];
    assert.ok(userData, `${USER_DATA_ENV} is not set`);
    const file = await waitFor('the saved Jitbit data', () => {
      const path = findFile(userData, 'jitbit.json');
      return path && readFileSync(path, 'utf8').includes(MARKER) ? path : undefined;
    });
    assert.match(file, /globalStorage/);
    assert.ok(oldCredentials?.secret && !readFileSync(file, 'utf8').includes(oldCredentials.secret), 'the password was written to disk');

    await vscode.commands.executeCommand(Commands.stopSandbox);
    assert.equal(api.sandbox.isRunning, false);
    assert.equal(api.sandbox.credentialsFor(JITBIT), undefined, 'the sandbox credentials are still there');
    await waitFor('no sandbox roots', async () => (await sandboxRoots()).length === 0);

    await vscode.commands.executeCommand(Commands.trySandbox);
    await waitFor('the sandbox roots again', async () => (await sandboxRoots()).includes(JITBIT), { timeoutMs: 60_000 });
    assert.notEqual(api.sandbox.credentialsFor(JITBIT)?.secret, oldCredentials?.secret, 'the password was not new');
    assert.ok((await messageIds(connect(), '4101')).includes(sent.id), 'the reply is gone after the sandbox started again');
  });
});
