// The helpdesk types are listed once, in src/providers/registry.ts; the manifest's `type`
// enum (which VS Code uses to check settings.json) must say the same, in the same order.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { englishManifest } from '../support/manifest';
import { providerDescriptors } from '../../src/providers/registry';
import { sandboxEntries } from '../../src/sandbox/registry';

interface TypeProperty {
  enum: string[];
  enumDescriptions: string[];
}

function manifestTypeProperty(): TypeProperty {
  const manifest = englishManifest() as {
    contributes: { configuration: { properties: Record<string, { items: { properties: { type: TypeProperty } } }> } };
  };
  return manifest.contributes.configuration.properties['helpdesk.instances']!.items.properties.type;
}

describe('manifest and registries', () => {
  it("package.json's helpdesk type enum is the provider registry's list, in its order", () => {
    const property = manifestTypeProperty();
    assert.deepEqual(property.enum, providerDescriptors.map((descriptor) => descriptor.type));
  });

  it('each type is described by the name its registry entry gives it', () => {
    const property = manifestTypeProperty();
    assert.equal(property.enumDescriptions.length, property.enum.length);
    providerDescriptors.forEach((descriptor, index) => {
      assert.ok(property.enumDescriptions[index]?.startsWith(descriptor.names[0] ?? '\u0000'), `${descriptor.type}: "${property.enumDescriptions[index]}"`);
    });
  });

  it('every simulator in the sandbox registry stands in for a registered helpdesk type, once', () => {
    const types = new Set(providerDescriptors.map((descriptor) => descriptor.type));
    const simulated = sandboxEntries.map((entry) => entry.type);
    assert.deepEqual(simulated.filter((type) => !types.has(type)), []);
    assert.equal(new Set(simulated).size, simulated.length);
  });
});
