// WSSE UsernameToken headers for DiamanteDesk. Both guards of the real server (OroPlatform's
// Escape WSSE provider for /api/rest/..., DiamanteDesk's own WsseProvider for
// /api/diamante/rest/...) compute
//   base64(sha1(base64_decode(Nonce) . Created . secret, raw))
// so the digest is taken over the nonce's *decoded bytes*, not its base64 text. Each guard
// stores the nonce before checking the digest: a nonce is never sent twice, not even on a
// retry, so every call here makes a fresh one.
import { createHash, randomBytes as cryptoRandomBytes } from 'node:crypto';
import { HelpdeskError } from '../../helpdesk/errors';
import type { Credentials } from '../../helpdesk/model';

export interface WsseCredentials {
  username: string;
  apiKey: string;
}

export type RandomBytes = (size: number) => Uint8Array;

/** 16 random bytes, as DiamanteDesk's own header generator makes (md5 hex cut to 16). */
export const NONCE_BYTES = 16;

/** The profile the Escape bundle's entry point names in WWW-Authenticate. */
export const WSSE_AUTHORIZATION = 'WSSE profile="UsernameToken"';

export function wsseCredentials(credentials: Credentials): WsseCredentials {
  const username = credentials.username?.trim() ?? '';
  const apiKey = credentials.secret.trim();
  if (username === '') throw new HelpdeskError('auth', 'No DiamanteDesk user name is set.');
  // DiamanteDesk's own guard reads the header with `Username="([^"]+)"`: a quote or a line
  // break cannot be carried, and would let the name rewrite the other fields.
  if (/["\r\n]/.test(username)) throw new HelpdeskError('auth', 'A DiamanteDesk user name cannot contain quotes or line breaks.');
  if (apiKey === '') throw new HelpdeskError('auth', 'No DiamanteDesk API key is set.');
  if (/\s/.test(apiKey)) throw new HelpdeskError('auth', 'The DiamanteDesk API key contains spaces; paste it again.');
  return { username, apiKey };
}

/** `base64(sha1(nonceBytes ‖ created ‖ apiKey))`, over the nonce's decoded bytes. */
export function passwordDigest(nonce: Uint8Array, created: string, apiKey: string): string {
  return createHash('sha1').update(nonce).update(created, 'utf8').update(apiKey, 'utf8').digest('base64');
}

export interface UsernameToken {
  username: string;
  digest: string;
  /** Base64, as sent. */
  nonce: string;
  created: string;
}

/**
 * The X-WSSE value. DiamanteDesk's own listener matches one fixed, case-sensitive pattern,
 * so the order of the fields and the `", "` between them are part of the format.
 */
export function usernameTokenHeader(token: UsernameToken): string {
  return `UsernameToken Username="${token.username}", PasswordDigest="${token.digest}", Nonce="${token.nonce}", Created="${token.created}"`;
}

/** ISO 8601 in UTC to the second, as both guards parse it (`strtotime`). */
export function formatCreated(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A fresh token: new nonce, the given `Created`. */
export function usernameToken(credentials: WsseCredentials, created: string, randomBytes: RandomBytes = cryptoRandomBytes): UsernameToken {
  const nonce = randomBytes(NONCE_BYTES);
  return {
    username: credentials.username,
    digest: passwordDigest(nonce, created, credentials.apiKey),
    nonce: Buffer.from(nonce).toString('base64'),
    created,
  };
}

/** Both headers of one request. */
export function wsseHeaders(credentials: WsseCredentials, created: string, randomBytes?: RandomBytes): Record<string, string> {
  return {
    Authorization: WSSE_AUTHORIZATION,
    'X-WSSE': usernameTokenHeader(usernameToken(credentials, created, randomBytes)),
  };
}
