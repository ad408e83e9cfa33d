// Credentials go to SecretStorage only: never to any helpdesk.* setting, the user's
// settings.json, or the extension's log.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { HelpdeskTestApi } from '../../../src/extension';
import type { DeskproSimulator } from '../../../src/sandbox/deskpro';
import { Commands } from '../../../src/ui/commandIds';
import {
  apiRequests,
  children,
  configureInstances,
  forgetCredentials,
  helpdeskExtension,
  resetSettings,
  startSimulator,
  storedCredentials,
  testApi,
} from '../support/helpdesk';
import { USER_DATA_ENV } from '../support/env';

const INSTANCE = 'it-credentials';

interface Manifest {
  contributes: { configuration: { properties: Record<string, unknown> } };
}

/** Every file under `dir` (a log folder is small; the cap keeps a surprise from stalling the test). */
function filesUnder(dir: string, found: string[] = []): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return found;
  }
  for (const name of names) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) filesUnder(path, found);
    else if (stat?.isFile() && stat.size < 5_000_000 && found.length < 2000) found.push(path);
  }
  return found;
}

describe('credentials', () => {
  let sim: DeskproSimulator;
  let api: HelpdeskTestApi;
  /** The key and, separately, its secret half: a leak of either counts. */
  let needles: string[];

  before(async () => {
    api = await testApi();
    sim = await startSimulator();
    await configureInstances(api, [{ id: INSTANCE, label: 'Credentials DeskPRO', baseUrl: sim.url }]);
    await vscode.commands.executeCommand(Commands.setCredentials, { instanceId: INSTANCE, secret: sim.apiKey });
    // Use the key once, so the log has requests in it that could have leaked it.
    const root = (await children(api)).find((node) => node.instanceId === INSTANCE);
    assert.ok(root);
    await children(api, root);
    const code = sim.apiKey.split(':')[1] ?? '';
    needles = [sim.apiKey, ...(code.length >= 8 ? [code] : [])];
  });

  after(async () => {
    await resetSettings();
    if (api) await forgetCredentials(api, INSTANCE);
    await sim?.close();
  });

  const leaks = (text: string) => needles.filter((needle) => text.includes(needle)).length;

  it('Set Credentials stores the key in SecretStorage, and the helpdesk accepts it', async () => {
    const raw = await storedCredentials(api, INSTANCE);
    assert.ok(raw, 'nothing in SecretStorage for the instance');
    assert.equal((JSON.parse(raw) as { secret?: unknown }).secret, sim.apiKey);
    const me = apiRequests(sim, 'GET', '/api/v2/me');
    assert.ok(me.some((entry) => entry.authorized && entry.status === 200), 'no authorized GET /me');
  });

  it('no helpdesk.* setting holds the key, in any scope', () => {
    const manifest = helpdeskExtension().packageJSON as Manifest;
    const names = Object.keys(manifest.contributes.configuration.properties);
    assert.ok(names.includes('helpdesk.instances'));
    const config = vscode.workspace.getConfiguration();
    const inspected = names.map((name) => ({ name, inspect: config.inspect(name) }));
    // The instance is in settings: the inspection looked at the right place.
    assert.match(JSON.stringify(inspected), new RegExp(INSTANCE));
    for (const { name, inspect } of inspected) assert.equal(leaks(JSON.stringify(inspect ?? null)), 0, `${name} holds the key`);
    assert.equal(leaks(JSON.stringify(vscode.workspace.getConfiguration('helpdesk'))), 0, 'the helpdesk section holds the key');
  });

  it("neither the user's settings.json nor any log file contains the key", function () {
    const userData = process.env[USER_DATA_ENV];
    // The launchers set it; a host started another way has no known user-data folder.
    if (!userData) this.skip();
    const settingsText = readFileSync(join(userData, 'User', 'settings.json'), 'utf8');
    assert.match(settingsText, new RegExp(INSTANCE), 'settings.json does not list the instance: wrong file?');
    assert.equal(leaks(settingsText), 0, 'settings.json holds the key');

    const logs = filesUnder(join(userData, 'logs'));
    const texts = logs.map((file) => ({ file, text: readFileSync(file, 'latin1') }));
    // Only meaningful if the extension's own log is among them.
    assert.ok(texts.some(({ text }) => /Helpdesk [\d.]+ activated/.test(text)), `the Helpdesk log is not under ${join(userData, 'logs')}`);
    assert.deepEqual(texts.filter(({ text }) => leaks(text) > 0).map(({ file }) => file), [], 'log files hold the key');
  });
});
