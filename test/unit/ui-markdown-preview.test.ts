// The Markdown previews are rendered by the extension host (src/ui/markdownPreview.ts): the
// same rule as when the pages rendered them (render/preview.ts), answered under the page's
// number, superseded answers not sent, a failure said rather than left hanging, and a
// renderer that answers later (a lazily loaded module) awaited.
import * as assert from 'node:assert/strict';
import { silentLogger } from '../../src/helpdesk/log';
import { renderBody } from '../../src/helpdesk/render';
import { renderPreview } from '../../src/helpdesk/render/preview';
import type { RenderedBody } from '../../src/helpdesk/render/types';
import { corpusPayloads } from '../../src/sandbox/xss-corpus';
import type { PreviewAnswer } from '../../src/shared/protocol/preview';
import { parseFormToHost } from '../../src/shared/protocol/createForm';
import { parseWebviewToHost } from '../../src/shared/protocol/panel';
import { previewHtml, PreviewResponder, type PreviewRenderBody } from '../../src/ui/markdownPreview';

const SAMPLE = 'Hi **Maria**,\n\n- one\n- two\n\n[docs](https://example.com/kb) ![x](https://images.example/a.png) [quit](command:workbench.action.quit)\n\n<b>raw</b>';

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: Error): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('ui: Markdown previews rendered by the host', () => {
  it('is exactly the preview rule: reply renderer, then the body sanitizer, remote images blocked, not cut', async () => {
    const long = `${'word '.repeat(50_000)}**end**`;
    for (const markdown of [SAMPLE, long, ...corpusPayloads('http://127.0.0.1:9', 'markdown').map((vector) => vector.payload)]) {
      assert.equal(await previewHtml(renderBody, markdown), renderPreview(markdown));
    }
    const html = await previewHtml(renderBody, SAMPLE);
    assert.match(html, /class="remote-image"/);
    assert.doesNotMatch(html, /command:|<b>/);
  });

  it('answers under the page’s number, with a renderer that answers at once or later', async () => {
    const posted: PreviewAnswer[] = [];
    const later: PreviewRenderBody = async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return renderBody(...args);
    };
    for (const render of [renderBody, later]) {
      posted.length = 0;
      await new PreviewResponder(render, (answer) => posted.push(answer), silentLogger).answer(7, '**b**');
      assert.deepEqual(posted, [{ type: 'preview', seq: 7, html: '<p><strong>b</strong></p>\n' }]);
    }
  });

  it('sends no answer that a newer request superseded while the renderer was loading', async () => {
    const posted: PreviewAnswer[] = [];
    const gate = deferred<void>();
    const render: PreviewRenderBody = async (...args): Promise<RenderedBody> => {
      await gate.promise;
      return renderBody(...args);
    };
    const responder = new PreviewResponder(render, (answer) => posted.push(answer), silentLogger);
    const first = responder.answer(1, 'first');
    const second = responder.answer(2, 'second');
    gate.resolve();
    await Promise.all([first, second]);
    assert.deepEqual(posted, [{ type: 'preview', seq: 2, html: '<p>second</p>\n' }]);
  });

  it('says so when the renderer fails, and logs why', async () => {
    const posted: PreviewAnswer[] = [];
    const warnings: string[] = [];
    const responder = new PreviewResponder(
      () => {
        throw new Error('module missing');
      },
      (answer) => posted.push(answer),
      { ...silentLogger, warn: (text) => warnings.push(text) },
    );
    await responder.answer(3, 'x');
    assert.equal(posted.length, 1);
    assert.equal(posted[0].type, 'previewFailed');
    assert.equal(posted[0].seq, 3);
    assert.match(warnings.join('\n'), /module missing/);
  });

  it('both pages’ hosts read a request whole, and refuse a malformed one', () => {
    for (const parse of [parseWebviewToHost, parseFormToHost]) {
      assert.deepEqual(parse({ type: 'renderPreview', seq: 0, markdown: '' }), { type: 'renderPreview', seq: 0, markdown: '' });
      for (const junk of [{ type: 'renderPreview', seq: -1, markdown: 'x' }, { type: 'renderPreview', seq: 1.5, markdown: 'x' }, { type: 'renderPreview', seq: 1 }, { type: 'renderPreview', seq: '1', markdown: 'x' }, { type: 'renderPreview', seq: 1, markdown: 3 }]) {
        assert.equal(parse(junk), undefined, JSON.stringify(junk));
      }
    }
  });
});
