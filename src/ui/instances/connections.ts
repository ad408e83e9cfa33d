// One Connection per configured helpdesk: builds its provider lazily, tracks its health
// from what requests return, and refuses to send requests that cannot succeed (no
// credentials, credentials already rejected, rate-limit window still open).
// No vscode here: settings, secrets and transport arrive through small interfaces.
import * as l10n from '@vscode/l10n';
import { HelpdeskError, toHelpdeskError } from '../../helpdesk/errors';
import type { Logger } from '../../helpdesk/log';
import type { Credentials, InstanceConfig, Person } from '../../helpdesk/model';
import type { Capabilities, HelpdeskProvider, ReferenceData } from '../../helpdesk/provider';
import { isOfflineFailure, isOfflineStatus } from '../offline/cacheMarks';
import type { DescriptorCatalog } from './descriptors';
import { Emitter, type Event } from '../events';
import { type Health, healthFromError, requestBlockedBy } from './health';
import { entryKey, type InstanceEntry, SANDBOX_ID_PREFIX } from './instanceValidation';
import type { TransportOptions } from './transport';

/**
 * Credentials as stored: `rejected` remembers a 401 so no window retries that secret;
 * `expired` remembers that it was a short-lived token that ran out (said as such, never retried).
 */
export interface StoredCredentials extends Credentials {
  rejected?: boolean;
  /** What the helpdesk said when the token expired. */
  expired?: string;
}

export interface CredentialSource {
  get(instanceId: string): Promise<StoredCredentials | undefined>;
  /**
   * Remember that the helpdesk refused the current credential for this instance; with
   * `expiredMessage`, that it was a token which expired (and what the helpdesk said).
   */
  markRejected(instanceId: string, expiredMessage?: string): Promise<void>;
}

/**
 * What an instance was like when it last answered (the offline cache keeps it on disk), so
 * an unreachable helpdesk can still list its views and fill its dropdowns.
 */
export interface ConnectionMemory {
  remembered(instanceId: string): { capabilities: Capabilities; me?: Person; reference?: ReferenceData } | undefined;
  remember(instanceId: string, what: { capabilities?: Capabilities; me?: Person; reference?: ReferenceData }): void;
}

export interface ConnectionsDeps {
  catalog: DescriptorCatalog;
  credentials: CredentialSource;
  log: Logger;
  transport: () => TransportOptions;
  now?: () => number;
  memory?: ConnectionMemory;
}

type ResolvedDeps = Required<Omit<ConnectionsDeps, 'memory'>> & Pick<ConnectionsDeps, 'memory'>;

export class Connection {
  private _health: Health = { status: 'unknown' };
  private provider: HelpdeskProvider | undefined;
  private referenceDataPromise: Promise<ReferenceData> | undefined;
  private checkPromise: Promise<Health> | undefined;
  /** The user asked for a Refresh: the next connection test reads everything afresh. */
  private refreshRequested = false;
  /** The current provider passed a connection test (its capabilities are the instance's). */
  private verified = false;
  /** Bumped whenever the provider is thrown away, so late answers from the old one are ignored. */
  private generation = 0;
  /** Bumped when the credentials change: a late refusal of the ones still in use is never ignored. */
  private credentialsVersion = 0;
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(
    readonly entry: InstanceEntry,
    private readonly deps: ResolvedDeps,
  ) {
    if (!entry.ok) this._health = { status: 'misconfigured', detail: entry.problem };
  }

  get id(): string {
    return entryKey(this.entry);
  }

  get config(): InstanceConfig | undefined {
    return this.entry.ok ? this.entry.config : undefined;
  }

  get label(): string {
    return this.entry.ok ? this.entry.config.label : this.entry.label;
  }

  get isSandbox(): boolean {
    return this.id.startsWith(SANDBOX_ID_PREFIX);
  }

  get health(): Health {
    return this._health;
  }

  /**
   * Known once a provider has been built (no network needed for that). While the helpdesk is
   * away, the ones it had when it last answered: some vendors only say what an instance
   * offers at the connection test (DeskDirector), and after a reload that test failed.
   */
  get capabilities(): Capabilities | undefined {
    if (this.provider && this.verified) return this.provider.capabilities;
    if (isOfflineStatus(this._health.status)) {
      const remembered = this.deps.memory?.remembered(this.id)?.capabilities;
      if (remembered) return remembered;
    }
    return this.provider?.capabilities;
  }

  /** Who we were signed in as the last time the helpdesk answered (it may be unreachable now). */
  get lastKnownMe(): Person | undefined {
    return this.deps.memory?.remembered(this.id)?.me;
  }

  /** Checks the connection with whoAmI once; later calls reuse the answer until a retry. */
  check(): Promise<Health> {
    if (this._health.status !== 'unknown' && this._health.status !== 'checking') return Promise.resolve(this._health);
    this.checkPromise ??= this.runCheck().finally(() => (this.checkPromise = undefined));
    return this.checkPromise;
  }

  private async runCheck(): Promise<Health> {
    const generation = this.generation;
    const credentialsVersion = this.credentialsVersion;
    let provider: HelpdeskProvider;
    try {
      provider = await this.acquire();
    } catch {
      // acquire() has already set the health that explains the refusal.
      return this._health;
    }
    let me: Person;
    try {
      this.setHealth({ status: 'checking' });
      const refresh = this.refreshRequested;
      this.refreshRequested = false;
      me = await provider.whoAmI({ reuse: !refresh });
    } catch (error) {
      await this.recordLateFailure(toHelpdeskError(error), 'check', generation, credentialsVersion);
      return this._health;
    }
    if (generation === this.generation) {
      this.verified = true;
      this.deps.memory?.remember(this.id, { capabilities: provider.capabilities, me });
      this.setHealth({ status: 'connected', me: me.name });
    }
    return this._health;
  }

  /**
   * Runs one request against the provider. Failures that concern the whole instance
   * (credentials, network, rate limit) update its health; the error is rethrown for the
   * caller to show where the user was looking.
   */
  async run<T>(request: (provider: HelpdeskProvider) => Promise<T>): Promise<T> {
    const generation = this.generation;
    const credentialsVersion = this.credentialsVersion;
    const provider = await this.acquire();
    try {
      const result = await request(provider);
      if (generation === this.generation && this._health.status !== 'connected') {
        this.setHealth({ status: 'connected', me: this._health.me });
      }
      return result;
    } catch (error) {
      const failure = toHelpdeskError(error);
      await this.recordLateFailure(failure, 'request', generation, credentialsVersion);
      throw failure;
    }
  }

  /** Statuses, priorities, departments and agents, fetched once per provider. */
  referenceData(): Promise<ReferenceData> {
    if (!this.referenceDataPromise) {
      const pending = this.run((provider) => provider.referenceData()).then(
        (reference) => {
          this.deps.memory?.remember(this.id, { reference });
          return reference;
        },
        (error: unknown) => {
          // Unreachable: the lists as they were, so the dropdowns still fill (not kept as the answer).
          const failure = toHelpdeskError(error);
          const remembered = isOfflineFailure(failure) ? this.deps.memory?.remembered(this.id)?.reference : undefined;
          if (remembered) {
            queueMicrotask(() => {
              if (this.referenceDataPromise === pending) this.referenceDataPromise = undefined;
            });
            return remembered;
          }
          throw failure;
        },
      );
      this.referenceDataPromise = pending;
      // A failure should not be cached: the next caller asks again.
      pending.catch(() => {
        if (this.referenceDataPromise === pending) this.referenceDataPromise = undefined;
      });
    }
    return this.referenceDataPromise;
  }

  /**
   * The provider once a connection test under way has answered (what a provider offers may
   * follow that test, as DeskDirector's notes do after a Refresh). Sends no request itself.
   */
  async acquireSettled(): Promise<HelpdeskProvider> {
    await this.checkPromise;
    return this.acquire();
  }

  /** The provider, built on first use. Throws when a request must not be sent. */
  async acquire(): Promise<HelpdeskProvider> {
    const entry = this.entry;
    if (!entry.ok) throw new HelpdeskError('config', entry.problem);
    const blocked = requestBlockedBy(this._health, this.deps.now());
    if (blocked) throw blocked;
    if (this.provider) return this.provider;

    const config = entry.config;
    const descriptor = this.deps.catalog.get(config.type);
    if (!descriptor || !this.deps.catalog.isSupported(config.type)) {
      const name = this.deps.catalog.displayName(config.type);
      this.setHealth({ status: 'unsupported', detail: l10n.t('{0} is not supported yet.', name) });
      throw new HelpdeskError('unsupported', l10n.t('{0} is not supported yet.', name));
    }

    const generation = this.generation;
    const stored = await this.deps.credentials.get(config.id);
    if (generation !== this.generation) return this.acquire();
    if (this.provider) return this.provider;
    if (!stored) {
      this.setHealth({ status: 'noCredentials' });
      throw new HelpdeskError('auth', l10n.t('No credentials are set for {0}.', config.label));
    }
    if (stored.expired !== undefined) {
      this.setHealth({ status: 'tokenExpired', detail: stored.expired });
      throw requestBlockedBy(this._health, this.deps.now()) ?? new HelpdeskError('tokenExpired', stored.expired);
    }
    if (stored.rejected) {
      this.setHealth({ status: 'authFailed', detail: this.withLockoutWarning(l10n.t('The helpdesk rejected these credentials earlier.')) });
      throw requestBlockedBy(this._health, this.deps.now()) ?? new HelpdeskError('auth', l10n.t('Credentials rejected.'));
    }
    const credentials: Credentials = { secret: stored.secret };
    if (stored.username !== undefined) credentials.username = stored.username;
    try {
      this.provider = descriptor.create({
        config,
        credentials,
        log: prefixedLogger(this.deps.log, config.id),
        http: this.deps.transport(),
      });
    } catch (error) {
      const failure = toHelpdeskError(error);
      await this.recordFailure(failure, 'check');
      throw failure;
    }
    return this.provider;
  }

  /**
   * The user asked to try again: forget transient failures. A rejected credential is
   * not forgotten here — only new credentials clear it (see resetCredentials).
   */
  retry(): void {
    const status = this._health.status;
    if (status === 'authFailed' || status === 'tokenExpired' || !this.entry.ok) return;
    // Already connecting: the attempt under way is the retry. Starting a second one beside it
    // would send unproven credentials twice at once (two failed logins towards Jitbit's three).
    if (status === 'unknown' || status === 'checking') {
      this.refreshRequested = true;
      return;
    }
    this.discardProvider();
    this.refreshRequested = true;
    this.setHealth({ status: 'unknown' });
  }

  /** Credentials changed (here or in another window): start over with the new ones. */
  resetCredentials(): void {
    if (!this.entry.ok) return;
    this.credentialsVersion++;
    this.discardProvider();
    this.setHealth({ status: 'unknown' });
  }

  /** Transport settings changed: rebuild the provider on next use, keep what we know about credentials. */
  resetTransport(): void {
    if (!this.entry.ok) return;
    this.discardProvider();
    if (this._health.status !== 'authFailed' && this._health.status !== 'tokenExpired' && this._health.status !== 'noCredentials') {
      this.setHealth({ status: 'unknown' });
    }
  }

  dispose(): void {
    this.discardProvider();
    this.changed.dispose();
  }

  /**
   * A failure of the current provider counts; one of a provider a Refresh threw away counts
   * only when it refused the credentials still in use, else the next provider would send them again.
   */
  private async recordLateFailure(error: HelpdeskError, context: 'check' | 'request', generation: number, credentialsVersion: number): Promise<void> {
    const refusal = error.kind === 'auth' || error.kind === 'tokenExpired';
    if (generation === this.generation || (refusal && credentialsVersion === this.credentialsVersion)) await this.recordFailure(error, context);
  }

  private async recordFailure(error: HelpdeskError, context: 'check' | 'request'): Promise<void> {
    const health = healthFromError(error, this.deps.now(), context);
    if (!health) return;
    this.deps.log.warn(`[${this.id}] ${health.status}: ${error.message}`);
    if (health.status === 'authFailed' || health.status === 'tokenExpired') {
      // Drop the provider so no queued request reuses the refused credential.
      this.discardProvider();
      const expired = health.status === 'tokenExpired';
      this.setHealth(expired ? health : { ...health, detail: this.withLockoutWarning(health.detail) });
      try {
        await this.deps.credentials.markRejected(this.id, expired ? (health.detail ?? error.message) : undefined);
      } catch (markError) {
        this.deps.log.warn(`[${this.id}] could not remember the rejected credential: ${String(markError)}`);
      }
      return;
    }
    this.setHealth(health);
  }

  /** Adds what the vendor says about lock-outs (Jitbit blocks the IP after three failed logins). */
  private withLockoutWarning(detail: string | undefined): string | undefined {
    const config = this.entry.ok ? this.entry.config : undefined;
    const warning = config ? this.deps.catalog.get(config.type)?.lockoutWarning : undefined;
    if (!warning) return detail;
    return detail ? `${detail}\n\n${warning}` : warning;
  }

  private discardProvider(): void {
    this.generation++;
    this.verified = false;
    const provider = this.provider;
    this.provider = undefined;
    this.referenceDataPromise = undefined;
    this.checkPromise = undefined;
    if (provider) {
      provider.dispose().catch((error: unknown) => this.deps.log.warn(`[${this.id}] dispose failed: ${String(error)}`));
    }
  }

  private setHealth(health: Health): void {
    const before = this._health;
    this._health = health;
    if (
      before.status !== health.status ||
      before.detail !== health.detail ||
      before.retryAt !== health.retryAt ||
      before.me !== health.me
    ) {
      this.changed.fire();
    }
  }
}

/** All connections, in the order the user configured them, then the sandbox ones. */
export class Connections {
  private readonly deps: ResolvedDeps;
  private connections: Connection[] = [];
  private readonly subscriptions = new Map<Connection, { dispose(): void }>();
  private readonly listChanged = new Emitter<void>();
  private readonly healthChanged = new Emitter<Connection>();
  /** The list of instances changed (added, removed, edited). */
  readonly onDidChangeList: Event<void> = this.listChanged.event;
  /** One instance's health changed. */
  readonly onDidChangeHealth: Event<Connection> = this.healthChanged.event;

  constructor(deps: ConnectionsDeps) {
    this.deps = { now: Date.now, ...deps };
  }

  all(): readonly Connection[] {
    return this.connections;
  }

  get(id: string): Connection | undefined {
    return this.connections.find((connection) => connection.id === id);
  }

  /**
   * Applies a new list of entries. Unchanged entries keep their connection (and its
   * pooled sockets and health); changed or removed ones are disposed.
   */
  setEntries(entries: readonly InstanceEntry[]): void {
    const previous = new Map(this.connections.map((connection) => [connection.id, connection]));
    const next: Connection[] = [];
    for (const entry of entries) {
      const key = entryKey(entry);
      const existing = previous.get(key);
      if (existing && sameEntry(existing.entry, entry)) {
        previous.delete(key);
        next.push(existing);
        continue;
      }
      next.push(this.createConnection(entry));
    }
    for (const stale of previous.values()) this.disposeConnection(stale);
    const same = next.length === this.connections.length && next.every((connection, i) => connection === this.connections[i]);
    this.connections = next;
    // Add Helpdesk applies the settings twice (its own write, then the change event): a
    // redraw of the whole tree for nothing would drop every row's command for a moment.
    if (!same) this.listChanged.fire();
  }

  resetCredentials(instanceId: string): void {
    this.get(instanceId)?.resetCredentials();
  }

  resetTransport(): void {
    for (const connection of this.connections) connection.resetTransport();
  }

  dispose(): void {
    for (const connection of this.connections) this.disposeConnection(connection);
    this.connections = [];
    this.listChanged.dispose();
    this.healthChanged.dispose();
  }

  private createConnection(entry: InstanceEntry): Connection {
    const connection = new Connection(entry, this.deps);
    this.subscriptions.set(connection, connection.onDidChange(() => this.healthChanged.fire(connection)));
    return connection;
  }

  private disposeConnection(connection: Connection): void {
    this.subscriptions.get(connection)?.dispose();
    this.subscriptions.delete(connection);
    connection.dispose();
  }
}

function sameEntry(a: InstanceEntry, b: InstanceEntry): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function prefixedLogger(log: Logger, instanceId: string): Logger {
  const prefix = `[${instanceId}] `;
  return {
    trace: (message) => log.trace(prefix + message),
    debug: (message) => log.debug(prefix + message),
    info: (message) => log.info(prefix + message),
    warn: (message) => log.warn(prefix + message),
    error: (message) => log.error(typeof message === 'string' ? prefix + message : message),
  };
}
