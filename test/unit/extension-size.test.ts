// What the extension host loads at activation stays small (issue #16): the production
// dist/extension.js and every chunk it requires at its top, together at most 300 KB
// minified. The rest (providers and undici, the renderer, the panel, the Create Ticket form)
// is in lazy-*.js files required when first needed (scripts/bundles.mjs, LAZY_MODULES); each
// of those loads on its own and gives what its source exports.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = resolve(__dirname, '../..');
const ACTIVATION_LIMIT_BYTES = 300 * 1024;

interface Bundles {
  LAZY_MODULES: Record<string, string>;
  extensionBuild(options: { production: boolean; root: string; outdir: string; logLevel?: esbuild.LogLevel }): esbuild.BuildOptions;
}

/** A `vscode` good enough to load a module that reads names off it at its top. */
function vscodeStandIn(): unknown {
  const handler: ProxyHandler<() => unknown> = { get: (_target, key) => (key === 'then' ? undefined : stub), apply: () => stub, construct: () => stub as object };
  const stub: unknown = new Proxy(function stand() {}, handler);
  return stub;
}

function requireWithVscode(file: string): Record<string, unknown> {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  const vscode = vscodeStandIn();
  loader._load = (request, ...rest) => (request === 'vscode' ? vscode : original(request, ...rest));
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as Record<string, unknown>;
  } finally {
    loader._load = original;
  }
}

describe('extension: what activation loads', function () {
  this.timeout(120_000);
  let dir: string;
  let bundles: Bundles;
  let metafile: esbuild.Metafile;
  /** Output file name → what the ESM split says about it (imports, exports, inputs). */
  const outputs = new Map<string, esbuild.Metafile['outputs'][string]>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'helpdesk-size-'));
    bundles = (await import(pathToFileURL(join(ROOT, 'scripts/bundles.mjs')).href)) as Bundles;
    const result = await esbuild.build(bundles.extensionBuild({ production: true, root: ROOT, outdir: dir, logLevel: 'silent' }));
    metafile = result.metafile as esbuild.Metafile;
    for (const [path, output] of Object.entries(metafile.outputs)) outputs.set(basename(path), output);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  /** extension.js and the chunks it imports statically, transitively (not the lazy requires). */
  function activationSet(): string[] {
    const found = new Set<string>();
    const visit = (name: string): void => {
      if (found.has(name)) return;
      found.add(name);
      const output = outputs.get(name);
      assert.ok(output, `${name} is in the build`);
      for (const imported of output.imports) if (imported.kind === 'import-statement' && !imported.external) visit(basename(imported.path));
    };
    visit('extension.js');
    return [...found];
  }

  it('extension.js and the chunks it requires at load are at most 300 KB minified', () => {
    const files = activationSet();
    const sizes = files.map((name) => ({ name, bytes: statSync(join(dir, name)).size }));
    const total = sizes.reduce((sum, file) => sum + file.bytes, 0);
    const listed = sizes
      .sort((a, b) => b.bytes - a.bytes)
      .map((file) => `${file.name} ${(file.bytes / 1024).toFixed(1)} KB`)
      .join(', ');
    assert.ok(total <= ACTIVATION_LIMIT_BYTES, `activation loads ${(total / 1024).toFixed(1)} KB (limit 300 KB): ${listed}`);
  });

  it('no provider, undici, renderer, parser, panel controller or form controller is loaded at activation', () => {
    const inputs = new Set(activationSet().flatMap((name) => Object.keys(outputs.get(name)?.inputs ?? {})));
    const lazyOnly = [
      /^node_modules\/(undici|markdown-it|sanitize-html|htmlparser2|entities|postcss|@bbob)\//,
      /^src\/providers\/(deskpro|deskdirector|diamantedesk|jitbit)\/provider\.ts$/,
      /^src\/helpdesk\/http\/client\.ts$/,
      /^src\/helpdesk\/render\/(sanitize|markdown|bbcode|plainText)\.ts$/,
      /^src\/ui\/panel\/controller\.ts$/,
      /^src\/ui\/code\/createTicketForm\.ts$/,
    ];
    const early = [...inputs].filter((input) => lazyOnly.some((pattern) => pattern.test(input)));
    assert.deepEqual(early, [], 'loaded at activation although they are needed later');
  });

  it('each lazy module is its own file that loads and exports what its source does', () => {
    const written = new Set(readdirSync(dir));
    for (const [source, name] of Object.entries(bundles.LAZY_MODULES)) {
      const file = `lazy-${name}.js`;
      assert.ok(written.has(file), `${file} (${source}) is written`);
      const output = outputs.get(file);
      assert.equal(output?.entryPoint, source, `${file} is built from ${source}`);
      const loaded = requireWithVscode(join(dir, file));
      for (const exported of output.exports) assert.notEqual(loaded[exported], undefined, `${file} exports ${exported}`);
      assert.ok(output.exports.length > 0, `${file} exports something`);
    }
  });
});
