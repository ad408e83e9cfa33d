// The webview pages' bundles (browser, DOM only, no Node), shared by the build script, the
// webview harness and test/unit/webview-bundle-size.test.ts, which keeps each of them under
// WEBVIEW_BUNDLE_MAX_BYTES minified (issue #16). The Markdown previews are rendered by the
// extension host (src/ui/markdownPreview.ts), so no page bundles markdown-it or the sanitizer.

export const WEBVIEW_BUNDLES = [
  // The ticket panel.
  { entry: 'src/webview/panel/main.ts', outfile: 'dist/webview/main.js' },
  // The Create Ticket form (Create Ticket from Selection), in its own webview.
  { entry: 'src/webview/createForm/main.ts', outfile: 'dist/webview/createTicket.js' },
];

export const WEBVIEW_BUNDLE_MAX_BYTES = 150_000;

/** esbuild options for one page's bundle; the caller adds minify, sourcemap and where to write. */
export function webviewBuild({ entry, outfile }) {
  return { entryPoints: [entry], outfile, bundle: true, platform: 'browser', format: 'iife', target: 'es2022' };
}
