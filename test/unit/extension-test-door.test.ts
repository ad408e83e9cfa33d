// The production bundle has no test door: whatever its environment says, activate() hands
// no other extension this extension's SecretStorage. The same activate() built for the
// test launchers does return it, so this test would see the door come back.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = resolve(__dirname, '../..');
const ExtensionMode = { Production: 1, Development: 2, Test: 3 } as const;

/**
 * A stand-in for the `vscode` module good enough for activate() to run: each name the API
 * exports (read from @types/vscode, since bundles copy a module's own names) is a callable,
 * constructible stand-in, except the few values activate() compares.
 */
function fakeVscode(): Record<string, unknown> {
  const handler: ProxyHandler<() => unknown> = {
    get: (_target, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : stub),
    apply: () => stub,
    construct: () => stub as object,
    // activate() sets properties on what the API hands it (a status bar item's name, text).
    set: () => true,
  };
  const stub: unknown = new Proxy(function stand() {}, handler);
  const declarations = readFileSync(join(ROOT, 'node_modules/@types/vscode/index.d.ts'), 'utf8');
  const api: Record<string, unknown> = {};
  for (const match of declarations.matchAll(/^\texport (?:class|namespace|enum|const|let|function) (\w+)/gm)) api[match[1] as string] = stub;
  return { ...api, ExtensionMode, version: '1.99.3' };
}

function fakeContext(mode: number): unknown {
  const memento = { get: () => undefined, update: async () => {}, keys: () => [] };
  return {
    extensionMode: mode,
    extension: { packageJSON: { version: '0.0.0-test' } },
    extensionPath: ROOT,
    extensionUri: { fsPath: ROOT, path: ROOT, scheme: 'file', with: () => ({}) },
    globalStorageUri: { fsPath: join(tmpdir(), 'helpdesk-door-storage'), path: '/storage', scheme: 'file', with: () => ({}) },
    subscriptions: [] as unknown[],
    secrets: { get: async () => undefined, store: async () => {}, delete: async () => {}, onDidChange: () => ({ dispose() {} }) },
    globalState: memento,
    workspaceState: memento,
  };
}

type Activate = (context: unknown) => unknown;

/** Loads a bundle with `vscode` resolved to the stand-in. */
function load(file: string): { activate: Activate } {
  const moduleLoader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = moduleLoader._load;
  const vscode = fakeVscode();
  moduleLoader._load = (request, ...rest) => (request === 'vscode' ? vscode : original(request, ...rest));
  try {
    // The bundle is CommonJS, loaded while `vscode` resolves to the stand-in: a plain require.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as { activate: Activate };
  } finally {
    moduleLoader._load = original;
  }
}

describe('extension: no test door in production', function () {
  this.timeout(60_000);
  let dir: string;
  const bundles: Record<'production' | 'test', string> = { production: '', test: '' };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'helpdesk-bundle-'));
    const { extensionBuild } = (await import(pathToFileURL(join(ROOT, 'scripts/bundles.mjs')).href)) as {
      extensionBuild(options: { production: boolean; root: string; outdir: string; logLevel?: esbuild.LogLevel }): esbuild.BuildOptions;
    };
    // Each build is a folder: extension.js with its chunks and lazy modules (scripts/bundles.mjs).
    for (const kind of ['production', 'test'] as const) {
      bundles[kind] = join(dir, kind, 'extension.js');
      await esbuild.build(extensionBuild({ production: kind === 'production', root: ROOT, outdir: join(dir, kind), logLevel: 'silent' }));
    }
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const saved = process.env.HELPDESK_TEST_API;
  beforeEach(() => (process.env.HELPDESK_TEST_API = '1'));
  afterEach(() => (saved === undefined ? delete process.env.HELPDESK_TEST_API : (process.env.HELPDESK_TEST_API = saved)));

  it('the production bundle returns nothing from activate(), in every mode, with HELPDESK_TEST_API=1', () => {
    const { activate } = load(bundles.production);
    for (const mode of Object.values(ExtensionMode)) assert.equal(activate(fakeContext(mode)), undefined, `mode ${mode}`);
    const folder = dirname(bundles.production);
    for (const file of readdirSync(folder)) {
      assert.doesNotMatch(readFileSync(join(folder, file), 'utf8'), /HELPDESK_TEST_API/, `the check itself is gone from the bundle (${file})`);
    }
  });

  it('the test build hands out its API only in a test run or a host the launchers flag', () => {
    const { activate } = load(bundles.test);
    const api = activate(fakeContext(ExtensionMode.Development)) as { secrets?: unknown } | undefined;
    assert.ok(api?.secrets, 'a host started with HELPDESK_TEST_API=1 gets the API');
    delete process.env.HELPDESK_TEST_API;
    assert.ok(activate(fakeContext(ExtensionMode.Test)), 'a test run gets the API');
    assert.equal(activate(fakeContext(ExtensionMode.Development)), undefined, 'a development host without the variable does not');
    assert.equal(activate(fakeContext(ExtensionMode.Production)), undefined, 'nor does any other');
  });
});
