// Credentials in SecretStorage, one entry per instance, never in settings. A cache saves
// round trips; SecretStorage's change event keeps it (and every window) in sync.
import * as vscode from 'vscode';
import type { Credentials } from '../../helpdesk/model';
import type { CredentialSource, StoredCredentials } from './connections';
import { credentialKey, KEY_PREFIX, parseStoredCredentials, sameStoredCredentials } from './credentialFormat';

export class CredentialStore implements CredentialSource, vscode.Disposable {
  private readonly cache = new Map<string, Promise<StoredCredentials | undefined>>();
  private readonly changed = new vscode.EventEmitter<string>();
  /**
   * Fires once with the instance id when its credentials change, in this window or
   * another. Our own writes update the cache first, so the echo from SecretStorage is
   * recognised and not reported twice (a second reset would mean a second login attempt).
   */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((event) => {
      if (event.key.startsWith(KEY_PREFIX)) void this.reconcile(event.key.slice(KEY_PREFIX.length));
    });
  }

  get(instanceId: string): Promise<StoredCredentials | undefined> {
    let pending = this.cache.get(instanceId);
    if (!pending) {
      pending = this.read(instanceId);
      this.cache.set(instanceId, pending);
    }
    return pending;
  }

  async set(instanceId: string, credentials: Credentials): Promise<void> {
    const stored: StoredCredentials = { secret: credentials.secret };
    if (credentials.username) stored.username = credentials.username;
    await this.write(instanceId, stored);
    this.changed.fire(instanceId);
  }

  /** Remembers a 401 (or an expired token) for this credential; other windows learn it through SecretStorage. */
  async markRejected(instanceId: string, expiredMessage?: string): Promise<void> {
    const current = await this.get(instanceId);
    if (!current || (current.rejected && current.expired === expiredMessage)) return;
    await this.write(instanceId, { ...current, rejected: true, ...(expiredMessage !== undefined && { expired: expiredMessage }) });
  }

  async delete(instanceId: string): Promise<void> {
    this.cache.set(instanceId, Promise.resolve(undefined));
    await this.secrets.delete(credentialKey(instanceId));
    this.changed.fire(instanceId);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private async write(instanceId: string, stored: StoredCredentials): Promise<void> {
    this.cache.set(instanceId, Promise.resolve(stored));
    try {
      await this.secrets.store(credentialKey(instanceId), JSON.stringify(stored));
    } catch (error) {
      this.cache.delete(instanceId);
      throw error;
    }
  }

  private async read(instanceId: string): Promise<StoredCredentials | undefined> {
    try {
      return parseStoredCredentials(await this.secrets.get(credentialKey(instanceId)));
    } catch {
      return undefined;
    }
  }

  private async reconcile(instanceId: string): Promise<void> {
    const known = this.cache.get(instanceId);
    const before = known ? await known : undefined;
    const fresh = this.read(instanceId);
    this.cache.set(instanceId, fresh);
    const after = await fresh;
    if (known && sameStoredCredentials(before, after)) return;
    this.changed.fire(instanceId);
  }
}
