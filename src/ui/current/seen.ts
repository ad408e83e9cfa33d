// Which tickets changed since you last looked at them. A ticket is "unseen" when its last
// activity (Ticket.updatedAt) is newer than what its panel showed the last time it was
// opened; a ticket never opened counts as seen up to when this helpdesk was first watched,
// so the first run marks nothing and only what happens afterwards is marked. Kept in a
// key-value store (the extension's globalState), bounded. No vscode here.
import { Emitter, type Event } from '../events';
import type { Ticket } from '../../helpdesk/model';

/** The part of vscode.Memento used here. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export const SEEN_STORAGE_KEY = 'helpdesk.seenTickets';
/** Tickets remembered at most; the ones opened longest ago are forgotten first. */
export const MAX_SEEN_TICKETS = 2000;

interface StoredSeen {
  version: 1;
  /** Per instance: epoch ms when it was first watched. */
  since: Record<string, number>;
  /** `instanceId\nticketId` → [updatedAt ms seen, epoch ms when opened]. */
  tickets: Record<string, [number, number]>;
}

export interface SeenMarksOptions {
  store: KeyValueStore;
  now?: () => number;
  max?: number;
}

export class SeenMarks {
  private readonly since = new Map<string, number>();
  private readonly tickets = new Map<string, [number, number]>();
  /** Tickets shown in a panel this session, per instance, for acceptOwnChange. */
  private readonly shownThisSession = new Map<string, Set<string>>();
  /** Tickets whose next newer activity is our own (a reply or update sent from a panel). */
  private readonly ownChangePending = new Set<string>();
  private readonly changed = new Emitter<{ instanceId: string; ticketId?: string }>();
  /** A mark came or went (a ticket opened, an instance first watched). */
  readonly onDidChange: Event<{ instanceId: string; ticketId?: string }> = this.changed.event;
  private readonly now: () => number;
  private readonly max: number;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly options: SeenMarksOptions) {
    this.now = options.now ?? Date.now;
    this.max = options.max ?? MAX_SEEN_TICKETS;
    this.load(options.store.get<unknown>(SEEN_STORAGE_KEY));
  }

  /** Changed since last opened (or, never opened, since the helpdesk was first watched). */
  isUnseen(instanceId: string, ticket: Ticket): boolean {
    const updated = Date.parse(ticket.updatedAt);
    if (Number.isNaN(updated)) return false;
    const seen = this.tickets.get(key(instanceId, ticket.id))?.[0] ?? this.since.get(instanceId);
    return seen !== undefined && updated > seen;
  }

  /**
   * A list of this instance was loaded: start watching it (the first time), and take in
   * the activity of tickets whose change was our own.
   */
  observe(instanceId: string, tickets: readonly Ticket[]): void {
    let dirty = false;
    if (!this.since.has(instanceId)) {
      // Everything already there when we start watching counts as seen.
      const newest = Math.max(this.now(), ...tickets.map((ticket) => Date.parse(ticket.updatedAt)).filter((time) => !Number.isNaN(time)));
      this.since.set(instanceId, newest);
      dirty = true;
    }
    for (const ticket of tickets) {
      const id = key(instanceId, ticket.id);
      if (!this.ownChangePending.has(id) || !this.isUnseen(instanceId, ticket)) continue;
      this.ownChangePending.delete(id);
      this.remember(id, ticket);
      dirty = true;
    }
    if (dirty) this.save();
  }

  /** A panel showed the ticket: it is seen as it is now. */
  opened(instanceId: string, ticket: Ticket): void {
    const wasUnseen = this.isUnseen(instanceId, ticket);
    const id = key(instanceId, ticket.id);
    this.remember(id, ticket);
    this.ownChangePending.delete(id);
    let shown = this.shownThisSession.get(instanceId);
    if (!shown) this.shownThisSession.set(instanceId, (shown = new Set()));
    shown.add(ticket.id);
    if (!this.since.has(instanceId)) this.since.set(instanceId, this.now());
    this.save();
    if (wasUnseen) this.changed.fire({ instanceId, ticketId: ticket.id });
  }

  /**
   * A panel of this instance sent a reply or an update. The panel host says only which
   * instance, so each ticket shown in a panel this session takes its next newer activity as ours.
   */
  acceptOwnChange(instanceId: string): void {
    for (const ticketId of this.shownThisSession.get(instanceId) ?? []) this.ownChangePending.add(key(instanceId, ticketId));
  }

  /** Forget a helpdesk removed from the settings. */
  forgetInstance(instanceId: string): void {
    this.since.delete(instanceId);
    for (const id of [...this.tickets.keys()]) if (id.startsWith(`${instanceId}\n`)) this.tickets.delete(id);
    this.shownThisSession.delete(instanceId);
    this.save();
  }

  /** Settles when the last change has been written. */
  flush(): Promise<void> {
    return this.saving;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private remember(id: string, ticket: Ticket): void {
    const updated = Date.parse(ticket.updatedAt);
    this.tickets.delete(id); // re-inserted last: Map order is the eviction order
    this.tickets.set(id, [Number.isNaN(updated) ? 0 : updated, this.now()]);
    while (this.tickets.size > this.max) {
      const oldest = this.tickets.keys().next().value;
      if (oldest === undefined) break;
      this.tickets.delete(oldest);
    }
  }

  private load(raw: unknown): void {
    if (!isStoredSeen(raw)) return;
    for (const [instanceId, at] of Object.entries(raw.since)) if (typeof at === 'number') this.since.set(instanceId, at);
    const entries = Object.entries(raw.tickets)
      .filter((entry): entry is [string, [number, number]] => isPair(entry[1]))
      .sort((a, b) => a[1][1] - b[1][1])
      .slice(-this.max);
    for (const [id, value] of entries) this.tickets.set(id, value);
  }

  private save(): void {
    const value: StoredSeen = { version: 1, since: Object.fromEntries(this.since), tickets: Object.fromEntries(this.tickets) };
    this.saving = this.saving.then(
      () => Promise.resolve(this.options.store.update(SEEN_STORAGE_KEY, value)).catch(() => undefined),
    );
  }
}

function key(instanceId: string, ticketId: string): string {
  return `${instanceId}\n${ticketId}`;
}

function isPair(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number';
}

function isStoredSeen(value: unknown): value is StoredSeen {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return record.version === 1 && typeof record.since === 'object' && record.since !== null && typeof record.tickets === 'object' && record.tickets !== null;
}
