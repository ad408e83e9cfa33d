// The Markdown preview pane of the reply box and of the Create Ticket description. The page
// renders no Markdown itself: it asks the host, which answers with sanitized HTML from the
// renderer that renders what is sent (src/ui/markdownPreview.ts says why the host and not a
// bundle here). Each request carries a number counted up; only the answer to the latest one
// is shown, so a late answer never replaces a newer preview. Until it is in, the pane says
// "Rendering preview…"; the last answer is kept, so going back and forth between Write and
// Preview without typing shows it at once. Nothing is asked for while typing (the text box
// and the preview are never shown together), so there is no stream of requests to debounce:
// the host is asked once per Preview shown with changed text.
import type { PreviewAnswer } from '../../shared/protocol/preview';
import { fragmentFromHtml, h, icon } from './dom';

export class MarkdownPreview {
  readonly element: HTMLElement;
  private seq = 0;
  /** The request whose answer the pane waits for. */
  private waiting: { seq: number; markdown: string } | undefined;
  /** The last answer, for the Markdown it was asked for. */
  private rendered: { markdown: string; html: string } | undefined;

  constructor(private readonly request: (seq: number, markdown: string) => void) {
    this.element = h('div', { className: 'composer-preview rendered', attrs: { role: 'tabpanel', 'aria-label': 'Preview', 'aria-busy': 'false' } });
    this.element.hidden = true;
  }

  /** Shows the preview of `markdown`: at once if it is empty or already rendered, else once the host answers. */
  show(markdown: string): void {
    if (markdown.trim() === '') {
      this.waiting = undefined;
      this.setContent(h('p', { className: 'muted', text: 'Nothing to preview.' }));
    } else if (this.rendered?.markdown === markdown) {
      this.waiting = undefined;
      this.setContent(fragmentFromHtml(this.rendered.html));
    } else if (this.waiting?.markdown !== markdown) {
      const seq = ++this.seq;
      this.waiting = { seq, markdown };
      this.setContent(
        h('p', { className: 'preview-pending', attrs: { role: 'status' } }, icon('loading', 'codicon-modifier-spin'), h('span', { text: 'Rendering preview…' })),
        true,
      );
      this.request(seq, markdown);
    }
    this.element.hidden = false;
  }

  /** The text changed under a visible preview (the host rewrote it): shown anew. */
  update(markdown: string): void {
    if (!this.element.hidden) this.show(markdown);
  }

  hide(): void {
    this.element.hidden = true;
  }

  get hidden(): boolean {
    return this.element.hidden;
  }

  /** The host's answer; one to an earlier request than the latest is dropped. */
  answer(message: PreviewAnswer): void {
    if (this.waiting === undefined || message.seq !== this.waiting.seq) return;
    const { markdown } = this.waiting;
    this.waiting = undefined;
    if (message.type === 'preview') {
      this.rendered = { markdown, html: message.html };
      this.setContent(fragmentFromHtml(message.html));
    } else {
      this.setContent(h('p', { className: 'preview-failed', attrs: { role: 'alert' } }, icon('warning'), h('span', { text: message.message })));
    }
  }

  private setContent(content: Node, busy = false): void {
    this.element.replaceChildren(content);
    this.element.setAttribute('aria-busy', String(busy));
  }
}
