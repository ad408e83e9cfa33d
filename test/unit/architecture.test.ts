// The architecture's rules, checked: ESLint's layer rules catch a violating import, and no
// two folders of src/ import each other (directly or round a longer loop).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Folder → the sibling or cousin folders its files import (relative imports, type imports
 * included). A folder and its own subfolders are one room (src/helpdesk/http uses
 * src/helpdesk/errors.ts), so edges between them do not count.
 */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const from = relative(ROOT, dirname(file));
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const match of readFileSync(file, 'utf8').matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'/g)) {
      const target = resolve(dirname(file), match[1] as string);
      const targetDir = relative(ROOT, sourceFileExists(target) ? dirname(target) : target);
      if (!nested(from, targetDir)) edges.add(targetDir);
    }
  }
  return graph;
}

function nested(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

function sourceFileExists(path: string): boolean {
  try {
    return statSync(`${path}.ts`).isFile();
  } catch {
    return false;
  }
}

function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('architecture', () => {
  it('no two folders of src/ import each other, directly or round a loop', () => {
    const cycle = findCycle(folderGraph());
    assert.equal(cycle, undefined, `folder cycle: ${cycle?.join(' → ')}`);
  });

  describe('lint layer rules', function () {
    this.timeout(60_000);
    const eslint = new ESLint({ cwd: ROOT });

    async function errorsFor(filePath: string, code: string): Promise<string[]> {
      const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
      return (result?.messages ?? []).filter((message) => message.severity === 2).map((message) => message.ruleId ?? message.message);
    }

    const violations: Array<[string, string, string]> = [
      ['the domain imports vscode', 'src/helpdesk/example.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n"],
      ['the domain imports the UI', 'src/helpdesk/example.ts', "import { HelpdeskSettings } from '../ui/instances/settings';\nexport const s = HelpdeskSettings;\n"],
      ['a provider imports the UI', 'src/providers/deskpro/example.ts', "import { HelpdeskSettings } from '../../ui/instances/settings';\nexport const s = HelpdeskSettings;\n"],
      ['a provider imports a simulator', 'src/providers/jitbit/example.ts', "import { startJitbitSimulator } from '../../sandbox/jitbit';\nexport const s = startJitbitSimulator;\n"],
      ['a simulator imports a provider', 'src/sandbox/jitbit/example.ts', "import { jitbitDescriptor } from '../../providers/jitbit';\nexport const d = jitbitDescriptor;\n"],
      ['a page imports the UI', 'src/webview/panel/example.ts', "import { isSafeExternalUrl } from '../../ui/safeUrl';\nexport const f = isSafeExternalUrl;\n"],
      ['a page imports Node', 'src/webview/panel/example.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
      ['a page imports vscode', 'src/webview/createForm/example.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n"],
      ['the code-link core imports vscode', 'src/code/example.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n"],
    ];
    for (const [what, filePath, code] of violations) {
      it(`fails when ${what}`, async () => {
        assert.deepEqual(await errorsFor(filePath, code), ['no-restricted-imports']);
      });
    }

    it('passes the imports each layer is meant to make', async () => {
      assert.deepEqual(await errorsFor('src/providers/deskpro/example.ts', "import { HelpdeskError } from '../../helpdesk/errors';\nexport const e = HelpdeskError;\n"), []);
      assert.deepEqual(await errorsFor('src/webview/panel/example.ts', "import type { PanelState } from '../../shared/protocol/panel';\nexport type S = PanelState;\n"), []);
      assert.deepEqual(await errorsFor('src/ui/example.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n"), []);
    });

    it('fails on `any`', async () => {
      assert.deepEqual(await errorsFor('src/helpdesk/example.ts', 'export const value: any = 1;\n'), ['@typescript-eslint/no-explicit-any']);
    });
  });
});
