// What the lenses and hovers say about a ticket (status, requester, last activity), fetched
// only when one is shown and kept for a few minutes, so scrolling a file never floods the
// helpdesk. No request goes to an instance whose requests cannot succeed (credentials
// rejected or missing, rate-limit window open, misconfigured): the Connection's health says so.
import * as l10n from '@vscode/l10n';
import { toHelpdeskError } from '../../helpdesk/errors';
import type { Ticket } from '../../helpdesk/model';
import type { HelpdeskProvider } from '../../helpdesk/provider';
import { Emitter, type Event } from '../events';
import { type Health, requestBlockedBy } from '../instances/health';

/** The part of a Connection this needs. */
export interface TicketConnection {
  readonly health: Health;
  readonly label: string;
  run<T>(request: (provider: HelpdeskProvider) => Promise<T>): Promise<T>;
}

export interface TicketConnectionSource {
  get(instanceId: string): TicketConnection | undefined;
}

export type TicketInfo =
  | { readonly kind: 'ticket'; readonly ticket: Ticket }
  /** Nothing to show: why, in a sentence (the request was not sent, or failed). */
  | { readonly kind: 'unavailable'; readonly reason: string };

export interface TicketInfoOptions {
  /** How long a fetched ticket is shown without asking again. */
  ttlMs?: number;
  /** How long a failed fetch is remembered, so a broken ticket is not asked for on every scroll. */
  failureTtlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export interface TicketFetched {
  readonly instanceId: string;
  readonly ticketId: string;
  readonly info: TicketInfo;
}

interface Entry {
  info: TicketInfo;
  expires: number;
}

export class TicketInfoCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<TicketInfo>>();
  private readonly fetched = new Emitter<TicketFetched>();
  /** A fetch finished (success or failure): lenses showing that ticket may redraw. */
  readonly onDidFetch: Event<TicketFetched> = this.fetched.event;
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly connections: TicketConnectionSource,
    options: TicketInfoOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 3 * 60_000;
    this.failureTtlMs = options.failureTtlMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 500;
    this.now = options.now ?? Date.now;
  }

  /** What is known now, without a request: a fresh answer, or why none can be fetched. */
  peek(instanceId: string, ticketId: string): TicketInfo | undefined {
    const entry = this.entries.get(key(instanceId, ticketId));
    if (entry && entry.expires > this.now()) return entry.info;
    const blocked = this.blockedReason(instanceId);
    return blocked === undefined ? undefined : { kind: 'unavailable', reason: blocked };
  }

  /** A fresh answer, fetching it if needed; concurrent callers share one request. */
  get(instanceId: string, ticketId: string): Promise<TicketInfo> {
    const known = this.peek(instanceId, ticketId);
    if (known) return Promise.resolve(known);
    const id = key(instanceId, ticketId);
    let pending = this.pending.get(id);
    if (!pending) {
      pending = this.fetch(instanceId, ticketId).finally(() => this.pending.delete(id));
      this.pending.set(id, pending);
    }
    return pending;
  }

  /** Drops what is known of an instance (a ticket changed), or only its failures (its health changed). */
  forget(instanceId: string, failuresOnly = false): void {
    for (const [id, entry] of [...this.entries]) {
      if (!id.startsWith(`${instanceId}\n`)) continue;
      if (!failuresOnly || entry.info.kind === 'unavailable') this.entries.delete(id);
    }
  }

  dispose(): void {
    this.fetched.dispose();
    this.entries.clear();
  }

  private async fetch(instanceId: string, ticketId: string): Promise<TicketInfo> {
    const connection = this.connections.get(instanceId);
    if (!connection) return { kind: 'unavailable', reason: l10n.t('No helpdesk "{0}" is configured.', instanceId) };
    let info: TicketInfo;
    let ttl = this.ttlMs;
    try {
      info = { kind: 'ticket', ticket: await connection.run((provider) => provider.getTicket(ticketId)) };
    } catch (error) {
      const failure = toHelpdeskError(error);
      info = { kind: 'unavailable', reason: failure.kind === 'notFound' ? l10n.t('{0} has no ticket {1}.', connection.label, ticketId) : failure.message };
      ttl = this.failureTtlMs;
    }
    this.remember(key(instanceId, ticketId), { info, expires: this.now() + ttl });
    this.fetched.fire({ instanceId, ticketId, info });
    return info;
  }

  private remember(id: string, entry: Entry): void {
    this.entries.delete(id);
    this.entries.set(id, entry);
    // Maps keep insertion order: the first keys are the least recently fetched.
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  private blockedReason(instanceId: string): string | undefined {
    const connection = this.connections.get(instanceId);
    if (!connection) return undefined;
    return requestBlockedBy(connection.health, this.now())?.message;
  }
}

function key(instanceId: string, ticketId: string): string {
  return `${instanceId}\n${ticketId}`;
}
