// Reading an X-WSSE header the two ways the real server does, and the digest both check.
// - /api/rest (OroPlatform's firewall, Escape WSSE bundle Listener): each field found on
//   its own with `Field="value"`, so order and separators are free; a field missing or
//   empty means the header is ignored (and the request unauthenticated).
// - /api/diamante/rest (DiamanteDesk's WsseListener): one regex, fields in this order,
//   with exactly `, ` between them, case-sensitive.
import { createHash } from 'node:crypto';
import { phpBase64Decode } from './php-text';

export interface WsseFields {
  username: string;
  digest: string;
  nonce: string;
  created: string;
}

function field(header: string, name: string): string | undefined {
  // Same pattern as the bundle's parseValue: unanchored, case-sensitive, non-empty value.
  return new RegExp(`${name}="([^"]+)"`).exec(header)?.[1];
}

export function parseEscapeHeader(header: string): WsseFields | undefined {
  const username = field(header, 'Username');
  const digest = field(header, 'PasswordDigest');
  const nonce = field(header, 'Nonce');
  const created = field(header, 'Created');
  if (username === undefined || digest === undefined || nonce === undefined || created === undefined) return undefined;
  return { username, digest, nonce, created };
}

const DIAMANTE_WSSE = /UsernameToken Username="([^"]+)", PasswordDigest="([^"]+)", Nonce="([^"]+)", Created="([^"]+)"/;

export function parseDiamanteHeader(header: string): WsseFields | undefined {
  const match = DIAMANTE_WSSE.exec(header);
  if (!match) return undefined;
  const [, username = '', digest = '', nonce = '', created = ''] = match;
  return { username, digest, nonce, created };
}

/**
 * `base64(sha1(base64_decode(Nonce) . Created . secret, raw))`: the bytes of the decoded
 * nonce, then Created exactly as sent, then the secret (the agent's API key or the
 * customer's API password).
 */
export function expectedDigest(nonce: string, created: string, secret: string): string {
  return createHash('sha1')
    .update(Buffer.concat([phpBase64Decode(nonce), Buffer.from(created + secret, 'utf8')]))
    .digest('base64');
}
