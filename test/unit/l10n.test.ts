// Localisation, checked: every user-facing manifest string lives in package.nls.json, the UI
// code shows no text that bypasses l10n.t, and l10n/bundle.l10n.json holds every l10n.t
// message of src (so a translator's copy of it is complete).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as l10n from '@vscode/l10n';
import * as ts from 'typescript';
import { healthText } from '../../src/ui/instances/health';
import { relativeTime } from '../../src/ui/text';

const ROOT = resolve(__dirname, '../..');

/**
 * Paths (files or folders, from the repository root) whose strings are not converted yet:
 * other parts of issue #13 were being written while this test was. Empty it as each is
 * converted.
 */
const NOT_YET_CONVERTED: readonly string[] = [
];

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function repoPath(file: string): string {
  return relative(ROOT, file).split('\\').join('/');
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

function where(node: ts.Node): string {
  const source = node.getSourceFile();
  const { line } = source.getLineAndCharacterOfPosition(node.getStart());
  return `${repoPath(source.fileName)}:${line + 1}`;
}

// ---------------------------------------------------------------------------------------
// (a) The manifest

/** Fields whose string value a person reads (VS Code replaces `%key%` in any of them). */
const MANIFEST_TEXT_FIELDS = new Set([
  'title', 'shortTitle', 'category', 'displayName', 'description', 'markdownDescription',
  'deprecationMessage', 'markdownDeprecationMessage', 'patternErrorMessage', 'errorMessage',
  'contextualTitle', 'contents', 'label', 'altText', 'userDescription',
]);
const MANIFEST_TEXT_LISTS = new Set(['enumDescriptions', 'markdownEnumDescriptions', 'enumItemLabels']);
/**
 * Not text of ours: defaults, enums and examples are data; a language model tool's
 * modelDescription and inputSchema are what the model is told, kept in English whatever
 * the display language, so its behaviour does not change with it.
 */
const MANIFEST_SKIPPED = new Set(['default', 'examples', 'enum', 'const', 'modelDescription', 'inputSchema']);

interface ManifestText {
  path: string;
  value: string;
}

function manifestTexts(manifest: Record<string, unknown>): ManifestText[] {
  const found: ManifestText[] = [];
  const walk = (node: unknown, path: string, parentKey: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${path}[${i}]`, parentKey));
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (MANIFEST_SKIPPED.has(key)) continue;
      const here = `${path}.${key}`;
      // A view's name is its title; elsewhere (a tool's name, a property named "name") an id.
      const isText = MANIFEST_TEXT_FIELDS.has(key) || (key === 'name' && /^contributes\.views\.[^.]+$/.test(parentKey));
      if (isText && typeof value === 'string') found.push({ path: here, value });
      else if (MANIFEST_TEXT_LISTS.has(key) && Array.isArray(value)) {
        value.forEach((text, i) => typeof text === 'string' && found.push({ path: `${here}[${i}]`, value: text }));
      } else walk(value, here, here);
    }
  };
  for (const key of ['displayName', 'description'] as const) {
    const value = manifest[key];
    if (typeof value === 'string') found.push({ path: key, value });
  }
  walk(manifest.capabilities, 'capabilities', 'capabilities');
  walk(manifest.contributes, 'contributes', 'contributes');
  return found;
}

describe('l10n: the manifest', () => {
  let manifest: Record<string, unknown>;
  let nls: Record<string, unknown>;
  let texts: ManifestText[];
  before(() => {
    manifest = readJson('package.json') as Record<string, unknown>;
    nls = readJson('package.nls.json') as Record<string, unknown>;
    texts = manifestTexts(manifest);
  });

  it('finds the texts it checks (command titles, settings, the view)', () => {
    const paths = texts.map((text) => text.path);
    assert.ok(paths.includes('contributes.commands[0].title'), 'a command title');
    assert.ok(paths.includes('contributes.commands[0].category'), 'a command category');
    assert.ok(paths.some((path) => /^contributes\.views\.helpdesk\[0\]\.name$/.test(path)), 'the Tickets view name');
    assert.ok(paths.some((path) => path.endsWith('.enumDescriptions[0]')), 'an enum description');
    assert.ok(paths.length > 50, `only ${paths.length} texts found`);
  });

  it('has every user-facing string as %key% with the key in package.nls.json', () => {
    const literal = texts.filter((text) => !/^%[^%\s]+%$/.test(text.value));
    assert.deepEqual(literal.map((text) => `${text.path}: ${text.value}`), [], 'run `npm run l10n` to move them');
    const missing = texts.filter((text) => !(text.value.slice(1, -1) in nls));
    assert.deepEqual(missing.map((text) => `${text.path}: ${text.value}`), []);
  });

  it('has no unused keys in package.nls.json, and every entry is English text', () => {
    const used = new Set(JSON.stringify(manifest).match(/"%[^%"\s]+%"/g)?.map((ref) => ref.slice(2, -2)));
    assert.deepEqual(Object.keys(nls).filter((key) => !used.has(key)), []);
    for (const [key, entry] of Object.entries(nls)) {
      const message = typeof entry === 'object' && entry !== null ? (entry as { message?: unknown }).message : entry;
      assert.equal(typeof message, 'string', key);
      assert.match(message as string, /\p{L}/u, `${key} has no words`);
    }
  });

  it('shows the English titles VS Code will display', () => {
    const commands = (manifest.contributes as { commands: { command: string; title: string; category: string }[] }).commands;
    const refresh = commands.find((command) => command.command === 'helpdesk.refresh');
    assert.ok(refresh);
    assert.equal(nls[refresh.title.slice(1, -1)], 'Refresh All');
    assert.equal(nls[refresh.category.slice(1, -1)], 'Helpdesk');
  });

  it('points at the code bundle, and packages both files (.vscodeignore keeps them)', () => {
    assert.equal(manifest.l10n, './l10n');
    const kept = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n').map((line) => line.trim());
    assert.ok(kept.includes('!package.nls.json'), 'package.nls.json would be left out of the .vsix');
    assert.ok(kept.includes('!l10n/**'), 'l10n/ would be left out of the .vsix');
  });
});

// ---------------------------------------------------------------------------------------
// (b) The UI code

/** Object-literal properties (and assigned properties) that are shown as text. */
const TEXT_PROPERTIES = new Set([
  'label', 'description', 'detail', 'tooltip', 'placeHolder', 'placeholder', 'prompt', 'title',
  'message', 'validationMessage', 'openLabel', 'saveLabel', 'text',
]);
/** Property names that are text only when assigned (`item.text = …`); in object literals too generic. */
const ASSIGNED_ONLY = new Set(['text']);
const MESSAGE_FUNCTIONS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'setStatusBarMessage']);
const CONSTRUCTED = new Set(['TreeItem', 'MarkdownString', 'Hover']);
const MARKDOWN_APPENDS = new Set(['appendMarkdown', 'appendText']);

/**
 * A string that reads as words: letters left once codicons (`$(sync~spin)`) and `{0}` are
 * gone, and not a dotted id (`helpdesk.instances`, a setting or command named as such).
 */
function isProse(text: string): boolean {
  if (/^[a-z][\w-]*(\.[\w-]+)+$/.test(text)) return false;
  return /\p{L}/u.test(text.replace(/\$\([a-z0-9~-]+\)/g, '').replace(/\{\d+\}/g, ''));
}

function isL10nCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
  const callee = node.expression;
  if (callee.name.text !== 't') return false;
  const target = callee.expression;
  if (ts.isIdentifier(target)) return target.text === 'l10n';
  return ts.isPropertyAccessExpression(target) && target.name.text === 'l10n' && ts.isIdentifier(target.expression) && target.expression.text === 'vscode';
}

/** The prose literals an expression evaluates to without calling anything (a call, l10n.t included, is not looked into). */
function proseLiterals(node: ts.Expression): ts.Node[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return isProse(node.text) ? [node] : [];
  if (ts.isTemplateExpression(node)) {
    const text = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('');
    return isProse(text) ? [node] : node.templateSpans.flatMap((span) => proseLiterals(span.expression));
  }
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node)) return proseLiterals(node.expression);
  if (ts.isConditionalExpression(node)) return [...proseLiterals(node.whenTrue), ...proseLiterals(node.whenFalse)];
  if (ts.isBinaryExpression(node)) {
    const kind = node.operatorToken.kind;
    if (kind === ts.SyntaxKind.PlusToken || kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken) {
      return [...proseLiterals(node.left), ...proseLiterals(node.right)];
    }
    if (kind === ts.SyntaxKind.AmpersandAmpersandToken) return proseLiterals(node.right);
  }
  if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap((element) => (ts.isSpreadElement(element) ? [] : proseLiterals(element)));
  return [];
}

function propertyName(name: ts.PropertyName | ts.MemberName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name) ? name.text : undefined;
}

function calleeName(node: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** Every prose literal of a file in a position where VS Code shows it to the user. */
function unlocalized(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const report = (nodes: ts.Node[], why: string) => nodes.forEach((node) => found.push(`${where(node)} ${why}: ${node.getText().slice(0, 80)}`));
  const visit = (node: ts.Node): void => {
    if (isL10nCall(node)) return;
    if (ts.isPropertyAssignment(node)) {
      const name = propertyName(node.name);
      if (name && TEXT_PROPERTIES.has(name) && !ASSIGNED_ONLY.has(name)) report(proseLiterals(node.initializer), `property ${name}`);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
      const name = node.left.name.text;
      if (TEXT_PROPERTIES.has(name)) report(proseLiterals(node.right), `.${name} =`);
    } else if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name && MESSAGE_FUNCTIONS.has(name)) node.arguments.forEach((arg) => report(proseLiterals(arg), name));
      if (name === 'showQuickPick' && node.arguments[0]) report(proseLiterals(node.arguments[0]), 'quick pick item');
      if (name && MARKDOWN_APPENDS.has(name)) node.arguments.forEach((arg) => report(proseLiterals(arg), name));
    } else if (ts.isNewExpression(node)) {
      const name = calleeName(node);
      if (name && CONSTRUCTED.has(name) && node.arguments?.[0]) report(proseLiterals(node.arguments[0]), `new ${name}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function pending(path: string): boolean {
  return NOT_YET_CONVERTED.some((entry) => (entry.endsWith('/') ? path.startsWith(entry) : path === entry));
}

describe('l10n: the UI code', () => {
  let files: { path: string; source: ts.SourceFile }[];
  before(() => {
    files = sourceFiles(join(ROOT, 'src/ui')).map((file) => ({ path: repoPath(file), source: parse(file) }));
  });

  it('shows no text outside l10n.t (messages, quick picks, input boxes, tree items, status bar)', () => {
    const found = files.filter((file) => !pending(file.path)).flatMap((file) => unlocalized(file.source));
    assert.deepEqual(found, [], 'wrap each in vscode.l10n.t(…) (or l10n.t from @vscode/l10n where vscode is not imported)');
  });

  it('recognises text in each kind of position (the checker itself)', () => {
    const sample = ts.createSourceFile('sample.ts', [
      "vscode.window.showWarningMessage(`Remove ${name}?`, { modal: true, detail: 'It goes.' }, 'Remove');",
      "const pick = { label: '$(add) Add', description: vscode.l10n.t('Fine {0}', x), detail: ok ? 'Yes' : l10n.t('No') };",
      "item.tooltip = 'Open the ticket'; status.text = '$(sync~spin)'; status.tooltip = l10n.t('Sync');",
      "new vscode.TreeItem('Load more…'); vscode.window.showQuickPick(['Mine', 'All'], { placeHolder: 'Which?' });",
    ].join('\n'), ts.ScriptTarget.ES2022, true);
    const found = unlocalized(sample).map((line) => line.replace(/^\S+ /, ''));
    assert.deepEqual(found, [
      'showWarningMessage: `Remove ${name}?`',
      'showWarningMessage: \'Remove\'',
      'property detail: \'It goes.\'',
      'property label: \'$(add) Add\'',
      'property detail: \'Yes\'',
      '.tooltip =: \'Open the ticket\'',
      'new TreeItem: \'Load more…\'',
      'quick pick item: \'Mine\'',
      'quick pick item: \'All\'',
      'property placeHolder: \'Which?\'',
    ]);
  });
});

// ---------------------------------------------------------------------------------------
// (c) The code bundle

interface L10nCall {
  at: string;
  message?: string;
  topLevel: boolean;
}

function l10nCalls(source: ts.SourceFile): L10nCall[] {
  const calls: L10nCall[] = [];
  const visit = (node: ts.Node, inFunction: boolean): void => {
    if (isL10nCall(node)) {
      const first = node.arguments[0];
      let message: string | undefined;
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) message = first.text;
      else if (first && ts.isObjectLiteralExpression(first)) {
        const prop = first.properties.find((p) => ts.isPropertyAssignment(p) && propertyName(p.name) === 'message');
        if (prop && ts.isPropertyAssignment(prop) && ts.isStringLiteral(prop.initializer)) message = prop.initializer.text;
      }
      calls.push({ at: where(node), message, topLevel: !inFunction });
    }
    const entersFunction = ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node);
    ts.forEachChild(node, (child) => visit(child, inFunction || entersFunction));
  };
  visit(source, false);
  return calls;
}

describe('l10n: the code bundle', () => {
  let bundle: Record<string, unknown>;
  let calls: L10nCall[];
  before(() => {
    bundle = readJson('l10n/bundle.l10n.json') as Record<string, unknown>;
    calls = sourceFiles(join(ROOT, 'src')).flatMap((file) => l10nCalls(parse(file)));
  });
  const converted = (call: L10nCall) => !pending(call.at.replace(/:\d+$/, ''));

  it('is used: UI code goes through l10n.t', () => {
    assert.ok(calls.length > 100, `only ${calls.length} l10n.t calls`);
  });

  it('holds every l10n.t message of src (run `npm run l10n` after changing one)', () => {
    const missing = calls.filter((call) => call.message !== undefined && !(call.message in bundle));
    assert.deepEqual(missing.map((call) => `${call.at}: ${call.message}`), []);
  });

  it('has no message that the code no longer uses', () => {
    const used = new Set(calls.map((call) => call.message));
    assert.deepEqual(Object.keys(bundle).filter((key) => !used.has(key)), []);
  });

  it('gets a literal message from every call, made inside a function (not while the bundle loads)', () => {
    const checked = calls.filter(converted);
    assert.deepEqual(checked.filter((call) => call.message === undefined).map((call) => call.at), [], 'a message the exporter cannot read');
    assert.deepEqual(checked.filter((call) => call.topLevel).map((call) => call.at), [], 'runs before the translation bundle is loaded');
  });
});

describe('l10n: a translation', () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('changes the words of the modules without vscode once the bundle is shared, arguments kept', () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    assert.equal(healthText({ status: 'clockSkew' }, now), 'Clock off');
    assert.equal(relativeTime('2026-01-10T09:00:00Z', now), '3h ago');
    // What shareVscodeBundle() hands over when VS Code runs in another display language.
    l10n.config({ contents: { 'Clock off': 'Horloge décalée', '{0}h ago': 'il y a {0} h', 'Connected as {0}': 'Connecté en tant que {0}' } });
    assert.equal(healthText({ status: 'clockSkew' }, now), 'Horloge décalée');
    assert.equal(relativeTime('2026-01-10T09:00:00Z', now), 'il y a 3 h');
    assert.equal(healthText({ status: 'connected', me: 'Ada' }, now), 'Connecté en tant que Ada');
    assert.equal(healthText({ status: 'unreachable' }, now), 'Unreachable', 'an untranslated message stays English');
  });
});
