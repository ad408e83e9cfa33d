// The host's half of the Markdown previews (the reply box, the Create Ticket description).
//
// Why the host renders the preview and the page only shows it (issue #16): the renderer
// (markdown-it + sanitize-html, ~380 KB minified with entities, postcss and htmlparser2) is
// in the extension host already, to render ticket bodies and the HTML a reply sends, and is
// loaded once there for every panel. Bundling it into each webview page as well made each
// page ~400 KB instead of ~30 KB, parsed again in every panel that opens; a separate lazy
// bundle would still ship and parse a second copy per page, need a second script under the
// page's CSP and a global hook between two bundles. Asking the host costs one message each
// way (a few ms on the same machine), only when the preview tab is opened, never while
// typing; and what is previewed comes from the very function instance that renders what is
// sent. The page numbers its requests and shows only the answer to its last one.
// No vscode here: the panel and form controllers call it, tests drive it with fakes.
import * as l10n from '@vscode/l10n';
import type { Logger } from '../helpdesk/log';
import type { BodyFormat } from '../helpdesk/model';
import type { RenderedBody, RenderOptions } from '../helpdesk/render/types';
import type { PreviewAnswer } from '../shared/protocol/preview';

/** renderBody as the extension injects it: answering at once, or once its module has loaded. */
export type PreviewRenderBody = (body: string, format: BodyFormat, options: RenderOptions) => RenderedBody | PromiseLike<RenderedBody>;

/**
 * The preview rule, unchanged from when the page rendered it (render/preview.ts): the reply
 * renderer (markdown-it, raw HTML off), then the sanitizer ticket bodies go through, remote
 * images as placeholders and `command:` links dropped; renderBody's 'markdown' format is
 * exactly that. Not cut: the preview shows all that would be sent.
 */
const PREVIEW_OPTIONS: RenderOptions = { allowRemoteImages: false, maxInputChars: Number.POSITIVE_INFINITY };

export async function previewHtml(renderBody: PreviewRenderBody, markdown: string): Promise<string> {
  return (await renderBody(markdown, 'markdown', PREVIEW_OPTIONS)).html;
}

/** Answers one page's preview requests. */
export class PreviewResponder {
  /** Requests received (the host's own count: a rebuilt page counts from 1 again). */
  private received = 0;

  constructor(
    private readonly renderBody: PreviewRenderBody,
    private readonly post: (answer: PreviewAnswer) => void,
    private readonly log: Logger,
  ) {}

  async answer(seq: number, markdown: string): Promise<void> {
    const mine = ++this.received;
    let answer: PreviewAnswer;
    try {
      answer = { type: 'preview', seq, html: await previewHtml(this.renderBody, markdown) };
    } catch (error) {
      this.log.warn(`preview: could not render (${error instanceof Error ? error.message : String(error)})`);
      answer = { type: 'previewFailed', seq, message: l10n.t('The preview could not be rendered. The text itself is kept as written.') };
    }
    // A newer request came while this one waited (for a renderer still loading, say): the
    // page would drop this answer anyway, so it is not sent.
    if (mine !== this.received) return;
    this.post(answer);
  }
}
