// Bundle options shared by the build script and the tests that check what a bundle holds.
import * as esbuild from 'esbuild';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * What the extension host loads only when it is first needed (issue #16): each module here
 * becomes its own file in dist/, `lazy-<name>.js`, and the code that needs it loads it with a
 * plain `require()` at the point of use, typed with `typeof import(...)`:
 *
 *     // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when first needed (scripts/bundles.mjs)
 *     const provider = (): typeof import('./provider') => require('./provider');
 *
 * Why `require()` and not `await import()`:
 * - it is synchronous, so no API had to become async (a descriptor's `create`, the panel's
 *   injected renderer, the agent tools' plain text stay as they were);
 * - the unit tests run the sources with tsx/cjs, which cannot `import()` a .ts file, but
 *   `require()` of one works there and returns the very module the static imports got.
 * In the build a `require()` with a literal path in src/ must name one of these modules (the
 * plugin below fails the build otherwise) and becomes a require of its `lazy-<name>.js`.
 *
 * Why one split build and not separate bundles: the extension entry and all these modules are
 * built together with esbuild's code splitting (ESM only), so every module is in exactly one
 * file: what several of them use (src/helpdesk/errors.ts, whose classes the UI tests with
 * `instanceof` and `isHelpdeskError`; undici; htmlparser2) sits in a shared `chunk-<hash>.js`
 * they all require. A provider bundle with its own copy of errors.ts would break that. Each
 * output file is then turned into CommonJS (esbuild transform, no bundling): VS Code 1.99
 * loads extensions as CommonJS, `import` of a chunk becomes `require('./chunk-….js')`, and
 * Node's module cache makes the chunks shared. Everything stays flat in dist/, so a relative
 * `./lazy-x.js` is right from whichever file the requiring code ended up in.
 *
 * test/unit/extension-size.test.ts keeps what activation loads (extension.js and the chunks
 * it requires at its top) under 300 KB minified.
 */
export const LAZY_MODULES = {
  // A vendor's provider (its client, mapping, schemas; with the first of them the HTTP
  // client and undici): when an instance of it connects (descriptor.create).
  'src/providers/deskpro/provider.ts': 'deskpro',
  'src/providers/deskdirector/provider.ts': 'deskdirector',
  'src/providers/diamantedesk/provider.ts': 'diamantedesk',
  'src/providers/jitbit/provider.ts': 'jitbit',
  // The ticket panel's host side: when a panel opens (or is restored).
  'src/ui/panel/controller.ts': 'panel',
  // Create Ticket from Selection's form: when it first opens.
  'src/ui/code/createTicketPanel.ts': 'create-form',
  // The body renderer (sanitize-html, markdown-it, BBCode; htmlparser2, entities, postcss):
  // when a body is rendered (a panel, a reply's HTML, a preview).
  'src/helpdesk/render/index.ts': 'render',
  // Bodies as plain text for the agent tools (htmlparser2): when a tool reads a ticket.
  'src/helpdesk/render/plainText.ts': 'plain-text',
  // The words of a sent reply (htmlparser2, BBCode), to find it after a lost answer.
  'src/helpdesk/deliveryText.ts': 'delivery-text',
};

/** The output files of the extension host build that are not the entry. */
export const LAZY_FILE = /^lazy-[\w-]+\.js$/;
export const CHUNK_FILE = /^chunk-\w+\.js$/;

/**
 * The extension host build: Node, CommonJS, vscode provided by the host; dist/extension.js
 * (package.json `main`) plus its chunks and lazy modules, all in `outdir`. Only a
 * non-production build can hand its test API (and so SecretStorage) to the integration
 * suites: the production one has that code removed. Run it with `esbuild.build()` or
 * `esbuild.context()`; the files are written by the plugin once converted to CommonJS, and the
 * result's metafile describes the ESM split (outputs, which imports which, and how).
 * @param {{ production: boolean, root: string, outdir?: string, logLevel?: esbuild.LogLevel }} options
 * @returns {esbuild.BuildOptions}
 */
export function extensionBuild({ production, root, outdir = 'dist', logLevel = 'warning' }) {
  const absOutdir = resolve(root, outdir);
  const entryPoints = { extension: 'src/extension.ts' };
  for (const [source, name] of Object.entries(LAZY_MODULES)) entryPoints[`lazy-${name}`] = source;
  return {
    absWorkingDir: root,
    entryPoints,
    outdir: absOutdir,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    minify: production,
    // Inline here, so the CommonJS step reads it and writes the final map next to each file.
    sourcemap: production ? false : 'inline',
    define: { HELPDESK_TEST_BUILD: production ? 'false' : 'true' },
    metafile: true,
    write: false,
    logLevel,
    plugins: [lazyRequirePlugin(root), oneHtmlparser2Plugin(), commonJsPlugin({ production, outdir: absOutdir })],
  };
}

/** `require('<literal>')` in src/ → the lazy module's own file (see LAZY_MODULES). */
function lazyRequirePlugin(root) {
  const lazy = new Map(Object.entries(LAZY_MODULES).map(([source, name]) => [resolve(root, source), name]));
  const src = join(root, 'src') + sep;
  return {
    name: 'helpdesk-lazy-require',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'require-call' || !args.importer.startsWith(src) || args.pluginData === ONE_COPY) return undefined;
        const found = await build.resolve(args.path, { kind: 'import-statement', importer: args.importer, resolveDir: args.resolveDir });
        if (found.errors.length > 0) return { errors: found.errors };
        const name = lazy.get(found.path);
        if (name === undefined) {
          const where = relative(root, found.path).split(sep).join('/');
          return { errors: [{ text: `require('${args.path}') loads ${where}, which is not in LAZY_MODULES (scripts/bundles.mjs): add it there, or import it` }] };
        }
        return { path: `./lazy-${name}.js`, external: true };
      });
    },
  };
}

/**
 * htmlparser2 and entities ship an ESM and a CommonJS build ("exports": import / require).
 * sanitize-html requires the CommonJS ones; our `import { Parser } from 'htmlparser2'` and
 * markdown-it's `import … from 'entities'` would take the ESM ones, and the bundle would carry
 * both (~130 KB more to load with the renderer). Imports take the CommonJS builds too, as the
 * sources do under tsx in the unit tests.
 */
const ONE_COPY = Symbol('one htmlparser2');

function oneHtmlparser2Plugin() {
  return {
    name: 'helpdesk-one-htmlparser2',
    setup(build) {
      build.onResolve({ filter: /^(htmlparser2|entities)(\/|$)/ }, (args) =>
        args.kind === 'import-statement'
          ? build.resolve(args.path, { kind: 'require-call', importer: args.importer, resolveDir: args.resolveDir, pluginData: ONE_COPY })
          : undefined,
      );
    },
  };
}

/**
 * Each ESM output → CommonJS in `outdir` (`import()` would become a lazy require too, but the
 * sources use `require()`; see LAZY_MODULES). Files of an earlier build (watch mode) that this
 * one did not make are removed.
 */
function commonJsPlugin({ production, outdir }) {
  return {
    name: 'helpdesk-commonjs',
    setup(build) {
      build.onEnd(async (result) => {
        if (result.errors.length > 0 || !result.outputFiles) return;
        const written = new Set();
        mkdirSync(outdir, { recursive: true });
        for (const file of result.outputFiles) {
          if (!file.path.endsWith('.js') || !isAbsolute(file.path) || dirname(file.path) !== outdir) {
            throw new Error(`unexpected extension output ${file.path}`);
          }
          const name = basename(file.path);
          const converted = await esbuild.transform(file.text, {
            format: 'cjs',
            platform: 'node',
            target: 'node20',
            minify: production,
            supported: { 'dynamic-import': false },
            sourcefile: file.path,
            sourcemap: production ? false : 'external',
            logLevel: 'warning',
          });
          const mapName = `${name}.map`;
          writeFileSync(file.path, production ? converted.code : `${converted.code}//# sourceMappingURL=${mapName}\n`);
          written.add(name);
          if (!production) {
            writeFileSync(join(outdir, mapName), converted.map);
            written.add(mapName);
          }
        }
        for (const name of readdirSync(outdir)) {
          const stem = name.endsWith('.map') ? name.slice(0, -4) : name;
          if ((LAZY_FILE.test(stem) || CHUNK_FILE.test(stem) || stem === 'extension.js') && !written.has(name)) rmSync(join(outdir, name), { force: true });
        }
      });
    },
  };
}
