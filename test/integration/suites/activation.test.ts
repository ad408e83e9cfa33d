// The extension loads in a real extension host, activates, and registers what its
// manifest promises.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, VIEW_ID } from '../../../src/ui/commandIds';
import { helpdeskExtension, testApi } from '../support/helpdesk';

interface Manifest {
  displayName: string;
  contributes: {
    commands: Array<{ command: string; title: string; category: string }>;
    views: Record<string, Array<{ id: string; name?: string }>>;
    configuration: { properties: Record<string, { description?: string; markdownDescription?: string }> };
  };
}

describe('activation', () => {
  it('activates and hands the tests its tree, panels and secret storage', async () => {
    const api = await testApi();
    assert.equal(helpdeskExtension().isActive, true);
    assert.equal(typeof api.tree.getChildren, 'function');
    assert.equal(typeof api.panels.open, 'function');
    assert.equal(typeof api.secrets.get, 'function');
  });

  it('registers every command its manifest contributes, and contributes every command id it uses', async () => {
    await testApi();
    const manifest = helpdeskExtension().packageJSON as Manifest;
    const contributed = manifest.contributes.commands.map((entry) => entry.command).sort();
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), [], 'contributed but not registered');
    assert.deepEqual(Object.values(Commands).filter((id) => !contributed.includes(id)).sort(), [], 'used but not contributed');
  });

  it('contributes the Tickets view, which the workbench can focus', async () => {
    const manifest = helpdeskExtension().packageJSON as Manifest;
    const views = Object.values(manifest.contributes.views).flat().map((view) => view.id);
    assert.ok(views.includes(VIEW_ID), `${VIEW_ID} is not among ${views.join(', ')}`);
    // Rejects ("command not found") unless the workbench registered the view.
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
  });

  it('reads its manifest in English from package.nls.json: no %key% is left for the user to see', () => {
    const manifest = helpdeskExtension().packageJSON as Manifest;
    const refresh = manifest.contributes.commands.find((entry) => entry.command === Commands.refresh);
    assert.equal(refresh?.title, 'Refresh All');
    assert.equal(refresh?.category, 'Helpdesk');
    assert.equal(manifest.displayName, 'Helpdesk for VS Code');
    assert.equal(Object.values(manifest.contributes.views).flat().find((view) => view.id === VIEW_ID)?.name, 'Tickets');
    assert.match(manifest.contributes.configuration.properties['helpdesk.pageSize']?.description ?? '', /^Tickets fetched per page/);
    const unreplaced = JSON.stringify(manifest).match(/"%[\w.-]+%"/g) ?? [];
    assert.deepEqual(unreplaced, []);
    // The code's own strings: English from the source, with its arguments put in.
    assert.equal(vscode.l10n.t('Helpdesk: copied {0}', 'DP-7'), 'Helpdesk: copied DP-7');
  });
});
