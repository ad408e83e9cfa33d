// What a pasted DdAccessToken says about itself. DeskDirector access tokens are JWTs
// (DeskDirector/docs, features/forms/dynamic_field.md: "Access Token is an JWT token ...
// user ID, email, company ID"), valid for 60 minutes. The claims are read, never trusted:
// they only decide whether sending the token is pointless (expired) and what name to show.
// The signature is the server's business.
import { isJsonObject, type JsonObject } from '../../helpdesk/json';

export interface AccessTokenClaims {
  /** Expiry as epoch milliseconds, when the token carries `exp`. */
  expiresAt?: number;
  subject?: string;
  name?: string;
  email?: string;
}

/** Largest token we bother decoding; a JWT with a few claims is well under this. */
const MAX_TOKEN_LENGTH = 16_384;

/** The claims of a JWT-shaped token, or undefined for an opaque one. Never throws. */
export function readAccessTokenClaims(token: string): AccessTokenClaims | undefined {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isJsonObject(payload)) return undefined;
  const claims: AccessTokenClaims = {};
  const exp = own(payload, 'exp');
  if (typeof exp === 'number' && Number.isFinite(exp) && exp > 0) claims.expiresAt = exp * 1000;
  const subject = firstText(payload, ['sub', 'nameid', 'userId', 'uid']);
  const email = firstText(payload, ['email', 'upn']);
  const name = firstText(payload, ['name', 'unique_name', 'preferred_username']) ?? joinedName(payload);
  if (subject !== undefined) claims.subject = subject;
  if (email !== undefined) claims.email = email;
  if (name !== undefined) claims.name = name;
  return claims;
}

function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function firstText(object: JsonObject, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = own(object, key);
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  }
  return undefined;
}

function joinedName(object: JsonObject): string | undefined {
  const given = firstText(object, ['given_name']) ?? '';
  const family = firstText(object, ['family_name']) ?? '';
  const joined = `${given} ${family}`.trim();
  return joined === '' ? undefined : joined;
}
