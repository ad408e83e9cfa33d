// Reads Jitbit's error bodies for the shared HTTP client. The API answers errors with a
// sentence, as plain text, as a JSON string, or as ASP.NET's `{"Message": "..."}`; an IIS
// or proxy error page is HTML and left to the client's generic excerpt.
import type { ParsedErrorBody } from '../../helpdesk/http/types';
import { isJsonObject } from '../../helpdesk/json';

/** Never throws: an unreadable body just yields less detail, the status still decides the kind. */
export function parseJitbitErrorBody(_status: number, body: unknown): ParsedErrorBody | undefined {
  const message = errorSentence(body);
  return message ? { message } : undefined;
}

function errorSentence(body: unknown): string | undefined {
  if (typeof body === 'string') {
    const text = body.trim();
    // Markup is a web server's page, not the API talking.
    if (text === '' || /^<|<\/?(?:html|body|head|div|p)\b/i.test(text)) return undefined;
    return text.replace(/\s+/g, ' ');
  }
  if (!isJsonObject(body)) return undefined;
  for (const key of ['Message', 'message', 'error', 'Error', 'ExceptionMessage']) {
    const value = body[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/**
 * The server's answer once an address has failed to log in too often: the caller's IP is
 * blocked for five minutes. Inferred: the status may be 401, 403 or 429, so the wording
 * tells; it must speak of logins (a plain rate limit also says "too many").
 */
export function saysLoginBlocked(message: string): boolean {
  const aboutLogins = /\b(?:log ?in|logon|sign-?in|password|credential|authenticat)/i.test(message);
  return aboutLogins && /\b(?:block|lock|too many)/i.test(message);
}
