// Defect 5 (issue 12): the reply box's and the create form's Markdown previews go through
// the same sanitizer as ticket bodies. They used to show markdown-it's output as is, so a
// canned reply's `command:`, `vscode://` or protocol-relative link, or a remote image,
// reached the page (the host refused the links and the CSP the images, but the page held them).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownToHtml } from '../../src/helpdesk/render/markdown';
import { renderPreview } from '../../src/helpdesk/render/preview';

const HOSTILE = [
  '[quit](command:workbench.action.quit)',
  '[open](vscode://vscode.git/clone?url=https://evil.example/r)',
  '[rel](//evil.example/x)',
  '![pixel](https://tracker.example/p.gif)',
  '<img src=x onerror=alert(1)>',
  '[js](javascript:alert(1))',
  '<a href="command:x">raw</a>',
].join('\n\n');

describe('reliability: Markdown previews are sanitized (defect 5)', () => {
  it('markdown-it alone lets such links through (why the sanitizer is needed)', () => {
    assert.match(markdownToHtml(HOSTILE), /href="command:|href="vscode:|href="\/\/evil/);
  });

  it('keeps no command:, vscode:, protocol-relative or script link and no remote image', () => {
    const html = renderPreview(`${HOSTILE}\n\n[ok](https://example.com/a) and **bold**`);
    // Raw HTML is escaped to text by markdown-it; what matters is every real tag.
    const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
    for (const tag of tags) {
      assert.ok(!/href="(?:command|vscode|javascript):|href="\/\//i.test(tag), tag);
      assert.ok(!/^<img\b|\son[a-z]+=/i.test(tag), tag);
    }
    assert.match(html, /<a rel="noopener noreferrer" href="https:\/\/example\.com\/a">ok<\/a>/);
    assert.match(html, /<strong>bold<\/strong>/);
    assert.match(html, /class="remote-image"/, 'the remote image is a placeholder');
  });

  // Since issue #16 the host renders the previews (src/ui/markdownPreview.ts, whose rule
  // test/unit/ui-markdown-preview.test.ts checks equals renderPreview): a page that rendered
  // Markdown itself again would skip the sanitizer or bring the renderer back into its bundle.
  for (const page of ['src/webview/panel/composer.ts', 'src/webview/createForm/main.ts']) {
    it(`${page} has its preview rendered by the host, never markdown-it or the sanitizer itself`, () => {
      const source = readFileSync(join(__dirname, '../..', page), 'utf8');
      assert.match(source, /import \{ MarkdownPreview \} from '\.\.\/common\/markdownPreview'/);
      assert.ok(!/helpdesk\/render|\bmarkdownToHtml\b|markdown-it|sanitize-html/.test(source), `${page} renders Markdown itself`);
    });
  }
});
