// What an instance's OpenAPI document offered, kept across providers of the same instance
// (issue #11: read it once per instance, again on Refresh). Add Helpdesk tests a connection
// with one provider and the tree then connects with another; without this both would read
// a document that can run to megabytes. Keyed by instance, address, kind of credential and
// a digest of the secret, so new credentials (which may reach other routes) read it again.
import { createHash } from 'node:crypto';
import type { DeskdirectorAuth } from './auth';
import type { Discovery } from './discovery';

/** Instances kept at once; a user has a handful. */
const DEFAULT_KEPT = 32;

export class DiscoveryCache {
  private readonly kept = new Map<string, Discovery>();

  constructor(private readonly maxKept = DEFAULT_KEPT) {}

  get(key: string): Discovery | undefined {
    return this.kept.get(key);
  }

  set(key: string, discovery: Discovery): void {
    this.kept.delete(key);
    this.kept.set(key, discovery);
    // The oldest goes first: a Map iterates in insertion order.
    while (this.kept.size > this.maxKept) {
      const oldest = this.kept.keys().next().value;
      if (oldest === undefined) break;
      this.kept.delete(oldest);
    }
  }
}

export function discoveryKey(instanceId: string, baseUrl: string, auth: DeskdirectorAuth): string {
  const secret = createHash('sha256').update(auth.credential).digest('base64url');
  return JSON.stringify([instanceId, baseUrl, auth.method, secret]);
}
