// Which addresses may leave the editor: only web pages and mail links. Anything else a
// ticket body might carry (javascript:, file:, command:, vscode:) is refused.
const EXTERNAL_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

export function isSafeExternalUrl(href: unknown): href is string {
  if (typeof href !== 'string' || href.length > 8192) return false;
  try {
    return EXTERNAL_SCHEMES.has(new URL(href).protocol);
  } catch {
    return false;
  }
}
