// The Markdown preview of a reply or of a new ticket's description, in the webview pages.
// Rendered by the function that renders what is sent (markdown-it, raw HTML off), then
// through the sanitizer ticket bodies go through: markdown-it keeps `command:`,
// `vscode://` and protocol-relative links and remote images, and a canned reply written
// by the helpdesk's admins is as untrusted as any body.
import { markdownToHtml } from './markdown';
import { sanitizeBodyHtml } from './sanitize';

/** Safe HTML for the preview pane; remote images stay placeholders. */
export function renderPreview(markdown: string): string {
  return sanitizeBodyHtml(markdownToHtml(markdown), false).html;
}
