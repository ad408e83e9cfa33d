// Bundles the extension host code, the webview code and the sandbox with esbuild.
//   node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extensionBuild } from './bundles.mjs';
import { WEBVIEW_BUNDLES, webviewBuild } from './webview-bundles.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};

const builds = [
  // Extension host: Node, CommonJS, vscode provided by the host; dist/extension.js and the
  // chunks and lazy modules it loads (scripts/bundles.mjs says how and why).
  extensionBuild({ production, root, outdir: 'dist', logLevel: common.logLevel }),
  // The simulators, loaded only when the user asks for the sandbox.
  { ...common, entryPoints: ['src/sandbox/index.ts'], outfile: 'dist/sandbox.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The ticket panel and the Create Ticket form, in their webviews (scripts/webview-bundles.mjs).
  ...WEBVIEW_BUNDLES.map((bundle) => ({ ...common, ...webviewBuild(bundle) })),
];

rmSync(join(root, 'dist'), { recursive: true, force: true });
mkdirSync(join(root, 'dist/codicons'), { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) {
  cpSync(join(root, 'node_modules/@vscode/codicons/dist', file), join(root, 'dist/codicons', file));
}

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`esbuild: built ${builds.length} bundles${production ? ' (production)' : ''}`);
}
