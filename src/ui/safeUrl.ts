// Which addresses may leave the editor: only web pages and mail links. Anything else a
// ticket body might carry (javascript:, file:, command:, vscode:) is refused, and so is a
// mail link with fields beyond to/cc/subject/body (`attach=` makes some clients attach a file).
import { cleanMailto } from '../helpdesk/render/mailto';

const EXTERNAL_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

export function isSafeExternalUrl(href: unknown): href is string {
  if (typeof href !== 'string' || href.length > 8192) return false;
  try {
    const protocol = new URL(href).protocol;
    if (protocol === 'mailto:') return cleanMailto(href) === href;
    return EXTERNAL_SCHEMES.has(protocol);
  } catch {
    return false;
  }
}
