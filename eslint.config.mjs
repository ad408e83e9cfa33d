// Lint guards the architecture, not taste: which layer may import which (DESIGN.md's
// layering), no import cycles, and no `any`. `npm run lint`, run in npm test's type-check layer.
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Relative imports that reach into one of these top-level rooms of src/. */
const into = (...rooms) => ({
  regex: `^(\\.\\./)+(${rooms.join('|')})(/|$)`,
  message: `This layer may not import from src/${rooms.length > 1 ? `{${rooms.join(',')}}` : rooms[0]} (see DESIGN.md, Layers).`,
});
const noVscode = { name: 'vscode', message: 'Only src/ui (and src/extension.ts) may import vscode.' };
const noNode = { regex: '^node:', message: 'Webview pages run in a browser: no Node modules.' };

function layer(files, { paths = [], patterns = [] }) {
  return { files, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.test-host/**', 'test-results/**', '**/*.js', '**/*.mjs', '**/*.mts'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
      // no-cycle parses the files it follows; they are TypeScript.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts'],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-require-imports': 'error',
    },
  },
  { files: ['src/**/*.ts'], rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] } },
  // The domain knows no editor, no vendor and no page.
  layer(['src/helpdesk/**/*.ts'], { paths: [noVscode], patterns: [into('ui', 'providers', 'sandbox', 'webview', 'code', 'shared')] }),
  // Code snippets, permalinks and the secret scan: pure, below the UI.
  layer(['src/code/**/*.ts'], { paths: [noVscode], patterns: [into('ui', 'providers', 'sandbox', 'webview', 'shared')] }),
  // A provider speaks to its vendor through the domain only.
  layer(['src/providers/**/*.ts'], { paths: [noVscode], patterns: [into('ui', 'sandbox', 'webview', 'code', 'shared')] }),
  // A simulator is written from the vendor's documents, never from our client.
  layer(['src/sandbox/**/*.ts'], { paths: [noVscode], patterns: [into('ui', 'providers', 'webview', 'code', 'shared')] }),
  // Message types, imported by both sides.
  layer(['src/shared/**/*.ts'], { paths: [noVscode], patterns: [into('ui', 'providers', 'sandbox', 'webview', 'code')] }),
  // Browser code: talks to its host only through src/shared/protocol.
  layer(['src/webview/**/*.ts'], { paths: [noVscode], patterns: [into('ui', 'providers', 'sandbox', 'code'), noNode] }),
);
