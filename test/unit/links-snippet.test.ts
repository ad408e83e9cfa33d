// Snippet formatting: the Markdown block, subject suggestions and snippet file names.
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { extensionForLanguage, fenceLanguage } from '../../src/code/languages';
import { dedent, lineRangeLabel, snippetCaption, snippetFileName, snippetMarkdown, suggestSubject } from '../../src/code/snippet';

const markdown = new MarkdownIt({ html: false });

describe('links: snippet Markdown', () => {
  it('writes a caption with path, lines and permalink, then a fence with the language', () => {
    const text = snippetMarkdown({
      text: 'function login() {\n  return check();\n}\n',
      languageId: 'typescript',
      relativePath: 'src/auth.ts',
      startLine: 10,
      endLine: 12,
      permalink: 'https://github.com/acme/app/blob/abc1234/src/auth.ts#L10-L12',
    });
    assert.equal(
      text,
      '`src/auth.ts`, lines 10-12 ([permalink](<https://github.com/acme/app/blob/abc1234/src/auth.ts#L10-L12>))\n\n' +
        '```typescript\nfunction login() {\n  return check();\n}\n```\n',
    );
  });

  it('renders as one code block whose content is exactly the code, with the link working', () => {
    const code = 'const a = 1;\nconst b = 2;';
    const html = markdown.render(snippetMarkdown({ text: code, languageId: 'javascript', relativePath: 'a.js', startLine: 1, endLine: 2, permalink: 'https://x.test/a' }));
    assert.match(html, /<a href="https:\/\/x\.test\/a">permalink<\/a>/);
    assert.match(html, /<pre><code class="language-javascript">const a = 1;\nconst b = 2;\n<\/code><\/pre>/);
  });

  it('picks a fence longer than any backtick run in the code, so the code cannot close it', () => {
    const code = 'const md = `\n````\nnot the end\n````\n`;';
    const text = snippetMarkdown({ text: code, languageId: 'javascript', startLine: 1, endLine: 5 });
    assert.ok(text.includes('\n`````javascript\n'), text);
    assert.ok(text.endsWith('\n`````\n'));
    const tokens = markdown.parse(text, {});
    const fences = tokens.filter((token) => token.type === 'fence');
    assert.equal(fences.length, 1);
    assert.equal(fences[0]!.content, code + '\n');
  });

  it('uses three backticks when the code has none, and a plain fence for plain text', () => {
    const text = snippetMarkdown({ text: 'hello', languageId: 'plaintext', startLine: 3, endLine: 3 });
    assert.equal(text, 'Line 3\n\n```\nhello\n```\n');
  });

  it('works without a path (untitled documents): no path, no permalink', () => {
    const text = snippetMarkdown({ text: 'print(1)', languageId: 'python', startLine: 1, endLine: 4 });
    assert.ok(text.startsWith('Lines 1-4\n\n```python\n'));
    assert.ok(!text.includes('permalink'));
  });

  it('normalizes CRLF and removes shared indentation, keeping relative indentation', () => {
    const text = snippetMarkdown({ text: '    if (x) {\r\n      y();\r\n    }\r\n', languageId: 'c', startLine: 5, endLine: 7 });
    assert.ok(text.includes('```c\nif (x) {\n  y();\n}\n```\n'), text);
  });

  it('maps language ids to fence names highlighters know, and refuses ids that could break the fence', () => {
    assert.equal(fenceLanguage('typescriptreact'), 'tsx');
    assert.equal(fenceLanguage('shellscript'), 'sh');
    assert.equal(fenceLanguage('rust'), 'rust');
    assert.equal(fenceLanguage('some-new-lang'), 'some-new-lang');
    assert.equal(fenceLanguage('evil`id'), '');
    assert.equal(fenceLanguage('two words'), '');
    assert.equal(fenceLanguage(undefined), '');
  });

  it('puts a path with backticks in a code span that survives them, and keeps < > out of the link destination', () => {
    const caption = snippetCaption({ relativePath: 'odd`name.ts', startLine: 2, endLine: 2, permalink: 'https://x.test/a b<c>' });
    assert.equal(caption, '``odd`name.ts``, line 2 ([permalink](<https://x.test/a%20b%3Cc%3E>))');
    const html = markdown.renderInline(caption);
    assert.ok(html.includes('<code>odd`name.ts</code>'), html);
    assert.ok(html.includes('href="https://x.test/a%20b%3Cc%3E"'), html);
  });

  it('labels single lines and ranges', () => {
    assert.equal(lineRangeLabel(7, 7), 'line 7');
    assert.equal(lineRangeLabel(10, 24), 'lines 10-24');
  });

  it('dedents only what every non-blank line shares', () => {
    assert.equal(dedent('  a\n\n    b\n  c'), 'a\n\n  b\nc');
    assert.equal(dedent('\ta\n  b'), '\ta\n  b');
    assert.equal(dedent('a\n  b'), 'a\n  b');
  });
});

describe('links: subject suggestion', () => {
  it('takes the text of a TODO or FIXME comment, without the marker or comment syntax', () => {
    assert.equal(suggestSubject('const x = 1;\n// TODO: handle token refresh\nfoo();'), 'handle token refresh');
    assert.equal(suggestSubject('# FIXME(alice) - retry on 503\npass'), 'retry on 503');
    assert.equal(suggestSubject('/* XXX: race with the cache */'), 'race with the cache');
    assert.equal(suggestSubject('<!-- TODO translate this -->'), 'translate this');
  });

  it('ignores a lower-case "todo" in ordinary code and a marker with no text', () => {
    assert.equal(suggestSubject('const todoList = load();'), 'const todoList = load();');
    assert.equal(suggestSubject('// TODO\nparseHeaders(raw)'), 'parseHeaders(raw)');
  });

  it('otherwise takes the first meaningful line, comment markers stripped, braces and blank lines skipped', () => {
    assert.equal(suggestSubject('\n  {\n  /**\n   * Parses the session cookie.\n   */'), 'Parses the session cookie.');
    assert.equal(suggestSubject('});\n\n-- count open tickets per agent\nSELECT 1'), 'count open tickets per agent');
    assert.equal(suggestSubject('export function authenticate(user: User) {\n  return 1;\n}'), 'export function authenticate(user: User)');
  });

  it('collapses white space and trims long lines at a word, with an ellipsis', () => {
    const subject = suggestSubject('// ' + 'word '.repeat(40), { maxLength: 30 });
    assert.ok(subject.length <= 30, subject);
    assert.ok(subject.endsWith('…'));
    assert.equal(subject, 'word word word word word word…');
    assert.equal(suggestSubject('a    b\t\tc'), 'a b c');
  });

  it('cuts a long unbroken line hard rather than returning nothing', () => {
    const subject = suggestSubject('x'.repeat(200), { maxLength: 20 });
    assert.equal(subject, 'x'.repeat(19) + '…');
  });

  it('falls back when nothing is worth a subject', () => {
    assert.equal(suggestSubject('}\n);\n', { fallback: 'Code from auth.ts' }), 'Code from auth.ts');
    assert.equal(suggestSubject(''), '');
  });
});

describe('links: snippet file names', () => {
  it('builds name-Lstart-Lend.ext from the source file', () => {
    assert.equal(snippetFileName({ sourceName: 'src/auth.ts', languageId: 'typescript', startLine: 10, endLine: 24 }), 'auth-L10-L24.ts');
    assert.equal(snippetFileName({ sourceName: 'C:\\work\\app\\main.py', startLine: 3, endLine: 3 }), 'main-L3.py');
    assert.equal(snippetFileName({ sourceName: 'auth.test.ts', startLine: 1, endLine: 2 }), 'auth.test-L1-L2.ts');
  });

  it('uses the language for untitled documents and extension-less files', () => {
    assert.equal(snippetFileName({ languageId: 'python', startLine: 1, endLine: 5 }), 'snippet.py');
    assert.equal(snippetFileName({ languageId: 'unknown-lang', startLine: 1, endLine: 5 }), 'snippet.txt');
    assert.equal(snippetFileName({ sourceName: 'Dockerfile', languageId: 'dockerfile', startLine: 2, endLine: 4 }), 'Dockerfile-L2-L4.dockerfile');
    assert.equal(snippetFileName({ sourceName: '.env', languageId: 'dotenv', startLine: 1, endLine: 2 }), 'env-L1-L2.env');
  });

  it('keeps characters file systems refuse out of the name', () => {
    assert.equal(snippetFileName({ sourceName: 'a:b*c?.ts', startLine: 1, endLine: 1 }), 'a_b_c_-L1.ts');
  });

  it('has an extension for the common languages and none for unknown ids or prototype names', () => {
    for (const [id, extension] of [
      ['typescript', '.ts'],
      ['javascriptreact', '.jsx'],
      ['csharp', '.cs'],
      ['go', '.go'],
      ['rust', '.rs'],
      ['shellscript', '.sh'],
      ['yaml', '.yaml'],
      ['markdown', '.md'],
    ] as const) {
      assert.equal(extensionForLanguage(id), extension, id);
    }
    assert.equal(extensionForLanguage('constructor'), undefined);
    assert.equal(extensionForLanguage('nope'), undefined);
  });
});
