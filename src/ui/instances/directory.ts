// The configured helpdesks: user settings plus, when turned on, the sandbox. Keeps
// Connections in step with both, without a reload, and writes the settings list.
import * as vscode from 'vscode';
import type { Logger } from '../../helpdesk/log';
import type { Credentials, InstanceConfig } from '../../helpdesk/model';
import { Commands } from '../commandIds';
import type { Connections, CredentialSource, StoredCredentials } from './connections';
import type { DescriptorCatalog } from './descriptors';
import { type InstanceEntry, validateInstances } from './instanceValidation';
import type { SandboxHost } from './sandbox';
import type { CredentialStore } from './secrets';
import { HelpdeskSettings } from './settings';

/** Credentials for connections: the sandbox's built-in ones, else SecretStorage's. */
export class InstanceCredentials implements CredentialSource {
  /** Sandbox credentials refused once stay refused until the sandbox restarts. */
  /** Per sandbox instance: refused, with what the helpdesk said if the token expired. */
  private readonly rejectedSandbox = new Map<string, string | undefined>();

  constructor(
    private readonly sandbox: SandboxHost,
    private readonly store: CredentialStore,
  ) {}

  async get(instanceId: string): Promise<StoredCredentials | undefined> {
    const sandboxCredentials = this.sandbox.credentialsFor(instanceId);
    if (!sandboxCredentials) return this.store.get(instanceId);
    if (!this.rejectedSandbox.has(instanceId)) return { ...sandboxCredentials };
    const expired = this.rejectedSandbox.get(instanceId);
    return { ...sandboxCredentials, rejected: true, ...(expired !== undefined && { expired }) };
  }

  async markRejected(instanceId: string, expiredMessage?: string): Promise<void> {
    if (this.sandbox.credentialsFor(instanceId)) this.rejectedSandbox.set(instanceId, expiredMessage);
    else await this.store.markRejected(instanceId, expiredMessage);
  }

  forgetSandboxRejections(): void {
    this.rejectedSandbox.clear();
  }
}

export class InstanceDirectory implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private sandboxReady: Promise<void> | undefined;

  constructor(
    private readonly settings: HelpdeskSettings,
    private readonly catalog: DescriptorCatalog,
    private readonly sandbox: SandboxHost,
    private readonly credentialStore: CredentialStore,
    /** What connections read credentials from (sandbox first, then SecretStorage). */
    readonly credentials: InstanceCredentials,
    private readonly connections: Connections,
    private readonly log: Logger,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (HelpdeskSettings.affectsInstances(event)) this.apply();
        if (HelpdeskSettings.affectsSandbox(event)) void this.syncSandbox();
        if (settings.affectsTransport(event)) connections.resetTransport();
      }),
      credentialStore.onDidChange((instanceId) => connections.resetCredentials(instanceId)),
    );
    this.apply();
  }

  /** Called before the tree lists instances: starts the sandbox if it is turned on. */
  ready(): Promise<void> {
    if (!this.settings.sandboxEnabled()) return Promise.resolve();
    this.sandboxReady ??= this.syncSandbox();
    return this.sandboxReady;
  }

  entries(): InstanceEntry[] {
    return validateInstances(this.settings.rawInstances(), this.catalog);
  }

  /** Re-reads settings and updates connections (unchanged instances keep theirs). */
  apply(): void {
    this.connections.setEntries([...this.entries(), ...this.sandbox.entries()]);
  }

  async add(config: InstanceConfig): Promise<void> {
    const list = this.rawList();
    list.push({ ...config });
    await this.settings.writeInstances(list);
    this.apply();
  }

  /** Removes by id, or by position ("#3") for an entry too broken to have an id. */
  async remove(key: string): Promise<boolean> {
    const list = this.rawList();
    const position = /^#(\d+)$/.exec(key);
    const index = position
      ? Number(position[1]) - 1
      : list.findIndex((item) => typeof item === 'object' && item !== null && (item as { id?: unknown }).id === key);
    if (index < 0 || index >= list.length) return false;
    list.splice(index, 1);
    await this.settings.writeInstances(list);
    this.apply();
    return true;
  }

  async setCredentials(instanceId: string, credentials: Credentials): Promise<void> {
    // The store's change event resets the connection (exactly once).
    await this.credentialStore.set(instanceId, credentials);
  }

  async deleteCredentials(instanceId: string): Promise<void> {
    await this.credentialStore.delete(instanceId);
  }

  takenIds(): Set<string> {
    return new Set(this.connections.all().map((connection) => connection.id));
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    void this.sandbox.stop();
  }

  private rawList(): unknown[] {
    const raw = this.settings.rawInstances();
    return Array.isArray(raw) ? [...raw] : [];
  }

  private async syncSandbox(): Promise<void> {
    try {
      if (this.settings.sandboxEnabled()) {
        await this.sandbox.start();
      } else {
        this.sandboxReady = undefined;
        await this.sandbox.stop();
        this.credentials.forgetSandboxRejections();
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(`sandbox could not start: ${message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Helpdesk: the sandbox could not start: {0}', message), vscode.l10n.t('Show Log')).then((choice) => {
        if (choice) void vscode.commands.executeCommand(Commands.showLog);
      });
    }
    this.apply();
  }
}
