// How one instance's credentials are kept in SecretStorage: key
// `helpdesk.credentials.<instanceId>`, value JSON `{secret, username?, rejected?, expired?}`.
import type { StoredCredentials } from './connections';

export const KEY_PREFIX = 'helpdesk.credentials.';

export function credentialKey(instanceId: string): string {
  return KEY_PREFIX + instanceId;
}

/** Tolerates anything in the store: a damaged entry reads as "no credentials". */
export function parseStoredCredentials(raw: string | undefined): StoredCredentials | undefined {
  if (!raw) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  if (typeof fields.secret !== 'string' || fields.secret === '') return undefined;
  const stored: StoredCredentials = { secret: fields.secret };
  if (typeof fields.username === 'string' && fields.username !== '') stored.username = fields.username;
  if (fields.rejected === true) stored.rejected = true;
  if (typeof fields.expired === 'string' && fields.expired !== '') stored.expired = fields.expired;
  return stored;
}

export function sameStoredCredentials(a: StoredCredentials | undefined, b: StoredCredentials | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.secret === b.secret && a.username === b.username && (a.rejected === true) === (b.rejected === true) && a.expired === b.expired;
}
