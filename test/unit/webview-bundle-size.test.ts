// Each webview page's bundle stays small (issue #16: ≤ 150 KB minified): the pages are
// built as `npm run build:prod` builds them (scripts/webview-bundles.mjs), in memory, and
// measured. The Markdown previews are rendered by the extension host, so the renderer and
// the sanitizer (markdown-it, sanitize-html, entities, postcss, htmlparser2) must not creep
// back into a page.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = resolve(__dirname, '../..');

interface WebviewBundles {
  WEBVIEW_BUNDLES: Array<{ entry: string; outfile: string }>;
  WEBVIEW_BUNDLE_MAX_BYTES: number;
  webviewBuild(bundle: { entry: string; outfile: string }): esbuild.BuildOptions;
}

const RENDERER = /(^|\/)node_modules\/(markdown-it|sanitize-html|entities|postcss|htmlparser2|linkify-it|mdurl|@bbob)\/|^src\/helpdesk\/render\//;

describe('webview bundles: size', function () {
  this.timeout(60_000);
  let config: WebviewBundles;

  before(async () => {
    config = (await import(pathToFileURL(join(ROOT, 'scripts/webview-bundles.mjs')).href)) as WebviewBundles;
  });

  it('the build script builds the pages this test measures', () => {
    const build = readFileSync(join(ROOT, 'scripts/build.mjs'), 'utf8');
    assert.match(build, /\.\.\.WEBVIEW_BUNDLES\.map\(/);
    assert.deepEqual(config.WEBVIEW_BUNDLES.map((bundle) => bundle.outfile), ['dist/webview/main.js', 'dist/webview/createTicket.js']);
  });

  it('each page is at most 150 KB minified and carries no Markdown renderer or sanitizer', async () => {
    assert.ok(config.WEBVIEW_BUNDLE_MAX_BYTES <= 150_000);
    for (const bundle of config.WEBVIEW_BUNDLES) {
      const result = await esbuild.build({
        ...config.webviewBuild(bundle),
        absWorkingDir: ROOT,
        minify: true,
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      const size = result.outputFiles[0].contents.byteLength;
      const output = Object.values(result.metafile.outputs)[0];
      const largest = Object.entries(output.inputs)
        .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
        .slice(0, 8)
        .map(([input, { bytesInOutput }]) => `${input} ${Math.round(bytesInOutput / 1000)} KB`);
      assert.ok(size <= config.WEBVIEW_BUNDLE_MAX_BYTES, `${bundle.outfile} is ${Math.round(size / 1000)} KB minified; largest parts: ${largest.join(', ')}`);
      const renderer = Object.keys(output.inputs).filter((input) => RENDERER.test(input));
      assert.deepEqual(renderer, [], `${bundle.outfile} bundles the renderer (the host renders the previews)`);
    }
  });
});
