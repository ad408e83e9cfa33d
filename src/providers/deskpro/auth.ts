// The Authorization header for DeskPRO API v2. An API key is "ID:CODE" and goes as
// `key ID:CODE`; an API token goes as `token TOKEN`. The shape of the secret tells them
// apart, and the instance's `authMethod` setting overrides that guess.
import { HelpdeskError } from '../../helpdesk/errors';

export type DeskproAuthMethod = 'apiKey' | 'token';

const API_KEY_PATTERN = /^\d+:\S+$/;
/** Users paste the whole header value from the docs ("key 4:ABC...") as often as the secret. */
const PASTED_SCHEME = /^(key|token)\s+(\S.*)$/i;

/** Reads the optional `authMethod` instance setting; anything else is a settings mistake. */
export function readAuthMethod(value: unknown): DeskproAuthMethod | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value === 'apiKey' || value === 'token') return value;
  throw new HelpdeskError('config', `"authMethod" must be "apiKey" or "token" (got ${JSON.stringify(value)}).`);
}

export interface DeskproAuth {
  method: DeskproAuthMethod;
  /** The secret as sent, without a pasted scheme word. */
  credential: string;
  header: string;
}

export function deskproAuth(secret: string, method?: DeskproAuthMethod): DeskproAuth {
  let credential = secret.trim();
  let pastedMethod: DeskproAuthMethod | undefined;
  const pasted = PASTED_SCHEME.exec(credential);
  if (pasted) {
    credential = (pasted[2] ?? '').trim();
    pastedMethod = pasted[1]?.toLowerCase() === 'key' ? 'apiKey' : 'token';
  }
  if (credential === '') throw new HelpdeskError('auth', 'No DeskPRO API key or token is set.');
  if (/\s/.test(credential)) {
    throw new HelpdeskError('auth', 'The DeskPRO API key or token contains spaces; paste it again.');
  }
  const chosen = method ?? pastedMethod ?? (API_KEY_PATTERN.test(credential) ? 'apiKey' : 'token');
  const header = chosen === 'apiKey' ? `key ${credential}` : `token ${credential}`;
  return { method: chosen, credential, header };
}

/** Just the header value, e.g. `key 4:G24M3K6Y3R3H8DN9B6QGH3NW4`. */
export function authorizationHeader(secret: string, method?: DeskproAuthMethod): string {
  return deskproAuth(secret, method).header;
}
