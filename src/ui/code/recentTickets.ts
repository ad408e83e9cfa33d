// Tickets the user worked with lately, newest first, for pickers that start with them.
// Kept in globalState (shared by every window, small, no secrets), read defensively: the
// stored value may come from an older or newer version.
import type { Ticket } from '../../helpdesk/model';

export interface RecentTicket {
  readonly instanceId: string;
  readonly id: string;
  readonly ref: string;
  readonly subject: string;
  /** Milliseconds since the epoch. */
  readonly at: number;
}

/** The part of vscode.Memento used here. */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

const KEY = 'helpdesk.recentTickets';
const LIMIT = 40;

export class RecentTickets {
  constructor(
    private readonly memento: MementoLike,
    private readonly now: () => number = Date.now,
  ) {}

  /** Newest first; only one instance's when `instanceId` is given. */
  list(instanceId?: string): RecentTicket[] {
    const all = readRecents(this.memento.get<unknown>(KEY));
    return instanceId === undefined ? all : all.filter((entry) => entry.instanceId === instanceId);
  }

  /** Moves (or adds) the ticket to the top. */
  async remember(instanceId: string, ticket: Pick<Ticket, 'id' | 'ref' | 'subject'>): Promise<void> {
    const entry: RecentTicket = { instanceId, id: ticket.id, ref: ticket.ref, subject: ticket.subject, at: this.now() };
    await this.memento.update(KEY, addRecent(this.list(), entry));
  }

  async forget(instanceId: string, ticketId: string): Promise<void> {
    await this.memento.update(KEY, this.list().filter((entry) => !(entry.instanceId === instanceId && entry.id === ticketId)));
  }
}

export function addRecent(list: readonly RecentTicket[], entry: RecentTicket, limit = LIMIT): RecentTicket[] {
  const rest = list.filter((existing) => !(existing.instanceId === entry.instanceId && existing.id === entry.id));
  return [entry, ...rest].slice(0, limit);
}

export function readRecents(value: unknown): RecentTicket[] {
  if (!Array.isArray(value)) return [];
  const result: RecentTicket[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const { instanceId, id, ref, subject, at } = item as Record<string, unknown>;
    if (typeof instanceId !== 'string' || typeof id !== 'string' || instanceId === '' || id === '') continue;
    result.push({
      instanceId,
      id,
      ref: typeof ref === 'string' ? ref : id,
      subject: typeof subject === 'string' ? subject : '',
      at: typeof at === 'number' && Number.isFinite(at) ? at : 0,
    });
  }
  return result.sort((a, b) => b.at - a.at).slice(0, LIMIT);
}

/** Where the last create went, so the next one starts there. */
export class LastInstance {
  private static readonly KEY = 'helpdesk.lastCodeInstance';

  constructor(private readonly memento: MementoLike) {}

  get(): string | undefined {
    const value = this.memento.get<unknown>(LastInstance.KEY);
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  async set(instanceId: string): Promise<void> {
    await this.memento.update(LastInstance.KEY, instanceId);
  }
}
