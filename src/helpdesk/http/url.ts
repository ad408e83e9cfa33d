// Building request URLs from the instance's address, and naming them in logs and errors.
import { HelpdeskError } from '../errors';
import type { QueryValue } from './types';

/** The instance's address, checked once so every later failure is about the request. */
export function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch (cause) {
    throw new HelpdeskError('config', `"${baseUrl}" is not a valid helpdesk address`, { cause });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new HelpdeskError('config', `The helpdesk address must start with https:// (got ${url.protocol}//)`);
  }
  // Credentials belong in SecretStorage, not in the address; dropping them here keeps
  // them out of every URL we build and log.
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return url;
}

/**
 * `path` is relative to the base address — `tickets`, `/tickets` and a base with or
 * without a trailing slash all give `<base>/tickets` — or an absolute URL on the same
 * origin (a vendor's "next" link). Anything else would send our credentials to a stranger.
 */
export function resolveRequestUrl(base: URL, path: string, query?: Record<string, QueryValue>): URL {
  const url = isAbsolute(path) ? sameOriginUrl(base, path) : joinedUrl(base, path);
  const extra = encodeQuery(query);
  if (extra) url.search = url.search ? `${url.search}&${extra}` : `?${extra}`;
  return url;
}

/**
 * Query strings with encodeURIComponent (space as %20, which every server reads the same
 * way, unlike `+`). Arrays repeat the key; undefined and null are left out.
 */
export function encodeQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (item === undefined || item === null) continue;
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(item))}`);
    }
  }
  return parts.join('&');
}

/** Path and query for the base origin (`/api/v2/tickets?page=2`), the full URL for others. */
export function describeUrl(url: URL, base: URL): string {
  const pathAndQuery = `${url.pathname}${url.search}`;
  return url.origin === base.origin ? pathAndQuery : `${url.origin}${pathAndQuery}`;
}

function isAbsolute(path: string): boolean {
  return /^[a-z][a-z\d+.-]*:/i.test(path) || path.startsWith('//');
}

function sameOriginUrl(base: URL, path: string): URL {
  let url: URL;
  try {
    url = new URL(path, base);
  } catch (cause) {
    throw new HelpdeskError('protocol', `"${path}" is not a valid URL`, { cause });
  }
  if (url.origin !== base.origin) {
    throw new HelpdeskError(
      'protocol',
      `Refusing to send a request to ${url.origin}: it is not the helpdesk's address (${base.origin})`,
    );
  }
  url.hash = '';
  return url;
}

function joinedUrl(base: URL, path: string): URL {
  const [pathPart, search = ''] = splitOnce(path.replace(/#.*$/, ''), '?');
  const relative = pathPart.replace(/^\/+/, '');
  const basePath = base.pathname.replace(/\/+$/, '');
  const joinedPath = relative ? `${basePath}/${relative}` : base.pathname;
  const url = new URL(base.origin);
  url.pathname = joinedPath;
  url.search = search;
  return url;
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}
