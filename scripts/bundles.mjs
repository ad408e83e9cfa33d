// Bundle options shared by the build script and the tests that check what a bundle holds.

/**
 * The extension host bundle. Only a non-production build can hand its test API (and so
 * SecretStorage) to the integration suites: the production one has that code removed.
 */
export function extensionBuild(forProduction) {
  return {
    entryPoints: ['src/extension.ts'],
    bundle: true,
    minify: forProduction,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    define: { HELPDESK_TEST_BUILD: forProduction ? 'false' : 'true' },
  };
}
