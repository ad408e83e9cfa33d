#!/usr/bin/env node
// Bundles the integration runner and suites for the extension host, into out/integration/
// (git-ignored), which is also the companion extension's folder (its package.json is
// copied there). `vscode` comes from the host; mocha from the repository's node_modules
// (Node finds it walking up from out/integration), so it is not bundled.
//
//   node test/integration/build.mjs
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
export const integrationOutDir = join(root, 'out', 'integration');
/** The bundle test-electron runs (extensionTestsPath) and the companion extension's main. */
export const runnerBundle = join(integrationOutDir, 'runner.js');

export async function buildIntegration() {
  rmSync(integrationOutDir, { recursive: true, force: true });
  mkdirSync(integrationOutDir, { recursive: true });
  const suites = readdirSync(join(here, 'suites'))
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => `test/integration/suites/${name}`);
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['test/integration/runner.ts', ...suites],
    outbase: 'test/integration',
    outdir: 'out/integration',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  copyFileSync(join(here, 'companion', 'package.json'), join(integrationOutDir, 'package.json'));
  return { suites: suites.length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { suites } = await buildIntegration();
  console.log(`esbuild: built the integration runner and ${suites} suites into out/integration`);
}
