// Which helpdesks a tool may use, and how it asks them. A tool goes through the same
// Connection as the tree and the panel, so the same guards hold: a credential the helpdesk
// rejected is never sent again (Jitbit blocks the caller's address after three failed
// logins), a rate-limit window is waited out, and an unproven credential is tried once,
// by the connection test the tree shares, before any tool request goes out with it.
import { HelpdeskError, toHelpdeskError } from '../../helpdesk/errors';
import type { HelpdeskProvider } from '../../helpdesk/provider';
import type { Connection } from '../instances/connections';
import { healthText } from '../instances/health';
import { ToolRefusal } from './types';

/** What a tool needs of a connection (a fake in unit tests). */
export type ToolConnection = Pick<Connection, 'id' | 'label' | 'entry' | 'config' | 'health' | 'capabilities' | 'check' | 'run' | 'referenceData'>;

export interface ToolAccessDeps {
  connections: { all(): readonly ToolConnection[]; get(id: string): ToolConnection | undefined };
  /** Resolves once the instances (sandbox ones too) exist. */
  instancesReady: () => Promise<void>;
  /** `helpdesk.agentTools.enabled`. */
  enabled: () => boolean;
  /** `helpdesk.requestTimeoutSeconds`, in ms: how long one instance's part of a result may take. */
  timeoutMs: () => number;
  now?: () => number;
}

export const DISABLED_REASON = 'The Helpdesk tools are turned off (setting helpdesk.agentTools.enabled).';

export class ToolAccess {
  constructor(private readonly deps: ToolAccessDeps) {}

  assertEnabled(): void {
    if (!this.deps.enabled()) throw new ToolRefusal(DISABLED_REASON);
  }

  /** The instances tools may use: configured correctly and not opted out. */
  async offered(): Promise<ToolConnection[]> {
    this.assertEnabled();
    await this.deps.instancesReady();
    return this.deps.connections.all().filter((connection) => connection.entry.ok && !optedOut(connection));
  }

  /** One instance by id (or, failing that, by its label); refused with the reason. */
  async connection(instance: string): Promise<ToolConnection> {
    this.assertEnabled();
    await this.deps.instancesReady();
    const all = this.deps.connections.all();
    const found =
      this.deps.connections.get(instance) ?? all.find((connection) => connection.label.toLowerCase() === instance.toLowerCase());
    if (!found) {
      const known = all.filter((connection) => connection.entry.ok && !optedOut(connection)).map((connection) => `"${connection.id}"`);
      throw new ToolRefusal(`No helpdesk instance "${instance}" is configured.${known.length > 0 ? ` Instances: ${known.join(', ')}.` : ''}`);
    }
    if (optedOut(found)) {
      throw new ToolRefusal(`The helpdesk "${found.id}" is not available to agent tools: its settings say "agentTools": false.`);
    }
    if (!found.entry.ok) throw new ToolRefusal(`The helpdesk "${found.id}" has invalid settings: ${found.entry.problem}`);
    return found;
  }

  /**
   * Sends a request once the connection is known to work. An instance in trouble (down,
   * rejected credentials, rate limited) answers with its health, without a request.
   */
  async run<T>(connection: ToolConnection, request: (provider: HelpdeskProvider) => Promise<T>): Promise<T> {
    await this.ready(connection);
    return connection.run(request);
  }

  async referenceData(connection: ToolConnection): ReturnType<ToolConnection['referenceData']> {
    await this.ready(connection);
    return connection.referenceData();
  }

  /** `work` within the per-instance timeout; past it, a timeout error (the request itself has its own too). */
  async withinTimeout<T>(connection: ToolConnection, work: () => Promise<T>): Promise<T> {
    const ms = this.deps.timeoutMs();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new HelpdeskError('timeout', `${connection.label} did not answer within ${Math.round(ms / 1000)} s.`)), ms);
    });
    try {
      return await Promise.race([work(), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async ready(connection: ToolConnection): Promise<void> {
    if (connection.health.status === 'connected') return;
    // Shared with the tree: one connection test at a time, and one that already failed is
    // answered from memory (never a second try of rejected credentials).
    const health = await connection.check();
    if (health.status !== 'connected') {
      const detail = health.detail?.split('\n')[0]?.trim();
      const text = healthText(health, (this.deps.now ?? Date.now)()) || 'Not connected';
      throw new HelpdeskError(kindOf(health.status), detail && detail !== text ? `${text}: ${detail}` : text);
    }
  }
}

/** `"agentTools": false` in the instance's entry; any value but `true` counts as no (the safe reading of a typo). */
export function optedOut(connection: Pick<ToolConnection, 'config'>): boolean {
  const value = connection.config?.agentTools;
  return value !== undefined && value !== true;
}

function kindOf(status: string): HelpdeskError['kind'] {
  switch (status) {
    case 'noCredentials':
    case 'authFailed':
      return 'auth';
    case 'tokenExpired':
      return 'tokenExpired';
    case 'rateLimited':
      return 'rateLimited';
    case 'maintenance':
      return 'maintenance';
    case 'misconfigured':
      return 'config';
    case 'unsupported':
      return 'unsupported';
    case 'forbidden':
      return 'forbidden';
    case 'clockSkew':
      return 'clock';
    default:
      return 'network';
  }
}

/** One line for an instance's part of a result that failed. */
export function failureLine(error: unknown): string {
  const failure = toHelpdeskError(error);
  const text = failure.describe().replace(/\s+/g, ' ').trim();
  if (failure.kind === 'auth') return `${text} (not retried by the tools; the user can fix it with Helpdesk: Set Credentials…)`;
  return text;
}
