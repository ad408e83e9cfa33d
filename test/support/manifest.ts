// package.json as VS Code shows it: each "%key%" replaced by its English text from
// package.nls.json (scripts/l10n-manifest.mjs moved the texts there). Tests that look at
// what the manifest says read it through this.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** `root`: the repository (ESM callers pass theirs: __dirname is not this file's there). */
export function englishManifest(root = resolve(__dirname, '../..')): unknown {
  const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string | { message: string }>;
  const english = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(english);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, english(item)]));
    if (typeof value !== 'string') return value;
    const key = /^%([^%\s]+)%$/.exec(value)?.[1];
    const entry = key === undefined ? undefined : nls[key];
    if (entry === undefined) return value;
    return typeof entry === 'string' ? entry : entry.message;
  };
  return english(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
}
