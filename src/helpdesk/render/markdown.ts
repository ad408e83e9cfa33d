// Markdown -> HTML for replies. The composer's preview and the HTML actually sent to
// the helpdesk come from this one function, so what the user previews is what goes out.
// It has no Node dependency: the webview bundles it for the preview.
import MarkdownIt from 'markdown-it';
import { configureLinkify } from './linkify';

let renderer: MarkdownIt | undefined;

function getRenderer(): MarkdownIt {
  if (!renderer) {
    // html: false — raw HTML in a reply is shown as text, never passed through.
    // breaks: true — people type replies like email, where a newline is a newline.
    renderer = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
    configureLinkify(renderer.linkify);
  }
  return renderer;
}

export function markdownToHtml(markdown: string): string {
  return getRenderer().render(markdown);
}
