// Rendering of ticket bodies (sanitize / text / Markdown). Node and browser safe: no vscode.
export { renderBody, sanitizeBodyHtml, DEFAULT_MAX_INPUT_CHARS } from './sanitize';
export { markdownToHtml } from './markdown';
export { textToHtml, escapeHtml } from './text';
export type { RenderBody, RenderOptions, RenderedBody } from './types';
