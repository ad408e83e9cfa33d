// Jitbit authentication: `Basic base64(user:pass)` (Windows/AD users as `DOMAIN\user`) or
// `Bearer <token>`, checked on every API call, and the product's brute-force guard:
// "passing wrong username and/or password to the app 3 times in a row blocks your IP
// address for 5 minutes".
import type { UserRecord } from './state';

export const MAX_FAILED_LOGINS = 3;
export const LOCK_MS = 5 * 60_000;

export type AuthResult =
  | { kind: 'ok'; user: UserRecord; method: 'basic' | 'bearer' }
  /** No Authorization header at all. */
  | { kind: 'missing' }
  /** Credentials were sent and are wrong (or malformed, or of a disabled user). */
  | { kind: 'invalid'; reason: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads the Authorization header against the users. The scheme word is case-insensitive
 * as in any HTTP scheme. Inferred: login names (including the domain part) compare
 * case-insensitively, as Windows and the product's SQL collation do; passwords and
 * tokens exactly.
 */
export function authenticate(users: Iterable<UserRecord>, header: string | undefined): AuthResult {
  if (header === undefined || header.trim() === '') return { kind: 'missing' };
  const match = /^(\S+)\s+(\S+)\s*$/.exec(header.trim());
  const scheme = match?.[1]?.toLowerCase();
  const value = match?.[2] ?? '';
  if (scheme === 'basic') {
    if (!BASE64.test(value) || value.length % 4 !== 0) return { kind: 'invalid', reason: 'The Basic credentials are not valid base64.' };
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { kind: 'invalid', reason: 'The Basic credentials must be "username:password".' };
    const username = decoded.slice(0, colon).toLowerCase();
    const password = decoded.slice(colon + 1);
    for (const user of users) {
      if (user.username.toLowerCase() === username && user.password === password && !user.disabled) return { kind: 'ok', user, method: 'basic' };
    }
    return { kind: 'invalid', reason: 'Wrong username or password.' };
  }
  if (scheme === 'bearer') {
    for (const user of users) {
      if (user.token === value && !user.disabled) return { kind: 'ok', user, method: 'bearer' };
    }
    return { kind: 'invalid', reason: 'The token is invalid or has expired (tokens expire when the password changes).' };
  }
  return { kind: 'invalid', reason: 'Unsupported Authorization header: send "Basic base64(username:password)" or "Bearer TOKEN".' };
}

interface GuardEntry {
  failures: number;
  lockedUntil?: number;
}

/**
 * Counts consecutive failed logins per client IP; the third locks the IP for five
 * minutes, during which every request from it is refused, good credentials or not.
 * A successful login resets the count.
 * Inferred: a request without any Authorization header is not a login attempt and does
 * not count; requests refused during the lock are not evaluated, so they neither count
 * nor extend it; the count starts again from zero when a lock ends.
 */
export class LoginGuard {
  private readonly entries = new Map<string, GuardEntry>();

  constructor(private readonly now: () => number) {}

  lockedUntil(ip: string): number | undefined {
    const entry = this.entries.get(ip);
    if (entry?.lockedUntil === undefined) return undefined;
    if (this.now() < entry.lockedUntil) return entry.lockedUntil;
    this.entries.delete(ip);
    return undefined;
  }

  failures(ip: string): number {
    return this.lockedUntil(ip) === undefined ? (this.entries.get(ip)?.failures ?? 0) : 0;
  }

  /** Returns true when this failure locked the IP. */
  recordFailure(ip: string): boolean {
    const entry = this.entries.get(ip) ?? { failures: 0 };
    entry.failures++;
    if (entry.failures >= MAX_FAILED_LOGINS) {
      entry.failures = 0;
      entry.lockedUntil = this.now() + LOCK_MS;
    }
    this.entries.set(ip, entry);
    return entry.lockedUntil !== undefined;
  }

  recordSuccess(ip: string): void {
    this.entries.delete(ip);
  }

  reset(ip?: string): void {
    if (ip === undefined) this.entries.clear();
    else this.entries.delete(ip);
  }
}
