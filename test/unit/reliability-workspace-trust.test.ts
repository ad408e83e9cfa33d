// Defect 10 (issue 12): a cloned repository's .vscode/settings.json must not start the
// sandbox's servers or change the extension's limits. The manifest declares how the
// extension behaves in Restricted Mode and in virtual workspaces, and every setting that
// starts a server or changes a limit is application- or machine-scoped (VS Code then
// ignores it in workspace settings). Restricted Mode in a real VS Code is tested later.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { englishManifest } from '../support/manifest';

interface Setting {
  scope?: string;
  default?: unknown;
  type?: string;
}

interface Manifest {
  capabilities?: {
    untrustedWorkspaces?: { supported?: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] };
    virtualWorkspaces?: boolean | { supported?: boolean | 'limited'; description?: string };
  };
  contributes: { configuration: { properties: Record<string, Setting> } };
}

const manifest = englishManifest() as Manifest;
const settings = manifest.contributes.configuration.properties;

/** Settings that start servers, change limits or decide where secrets and requests go. */
const GUARDED = [
  'helpdesk.sandbox.enabled',
  'helpdesk.maxAttachmentSizeMB',
  'helpdesk.requestTimeoutSeconds',
  'helpdesk.maxResponseSizeMB',
  'helpdesk.extraCaCertificatesFile',
  'helpdesk.instances',
];

describe('reliability: Workspace Trust and virtual workspaces (defect 10)', () => {
  it('declares limited support for untrusted workspaces, naming the settings it restricts', () => {
    const untrusted = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    assert.ok((untrusted?.description ?? '').length > 20, 'says what Restricted Mode changes');
    for (const name of GUARDED) assert.ok(untrusted?.restrictedConfigurations?.includes(name), `${name} is restricted`);
    for (const name of untrusted?.restrictedConfigurations ?? []) assert.ok(settings[name], `${name} is a setting`);
  });

  it('declares how it behaves in a virtual workspace', () => {
    const virtual = manifest.capabilities?.virtualWorkspaces;
    assert.ok(virtual !== undefined, 'virtualWorkspaces declared');
    if (typeof virtual === 'object') {
      assert.ok(virtual.supported === true || virtual.supported === 'limited');
      if (virtual.supported === 'limited') assert.ok((virtual.description ?? '').length > 20);
    }
  });

  it('takes no guarded setting from a workspace: each is application- or machine-scoped', () => {
    for (const name of GUARDED) {
      const scope = settings[name]?.scope;
      assert.ok(scope === 'application' || scope === 'machine', `${name} has scope ${String(scope)}`);
    }
  });

  it('has the response size limit as a setting, 32 MB by default', () => {
    const limit = settings['helpdesk.maxResponseSizeMB'];
    assert.equal(limit?.type, 'number');
    assert.equal(limit?.default, 32);
  });
});
