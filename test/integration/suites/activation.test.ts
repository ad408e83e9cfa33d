// The extension loads in a real extension host, activates, and registers what its
// manifest promises.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, VIEW_ID } from '../../../src/ui/commandIds';
import { helpdeskExtension, testApi } from '../support/helpdesk';

interface Manifest {
  contributes: { commands: Array<{ command: string }>; views: Record<string, Array<{ id: string }>> };
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
});
