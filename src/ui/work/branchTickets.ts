// Which ticket each branch is for, per repository, as Start Work on Ticket recorded it. Kept
// in the workspace's state (this machine, this workspace: branches are local), read
// defensively, bounded. Pure: the memento arrives through a small interface.
import { Emitter, type Event } from '../events';
import type { MementoLike } from '../code/recentTickets';

export interface BranchTicketEntry {
  readonly instanceId: string;
  readonly ticketId: string;
  readonly ref: string;
  readonly subject: string;
  /** Milliseconds since the epoch, when work started. */
  readonly at: number;
}

/** A repository's root (its URI as a string) → branch name → ticket. */
type Stored = Record<string, Record<string, BranchTicketEntry>>;

const KEY = 'helpdesk.work.branchTickets';
/** Per repository; the oldest go first. */
const LIMIT = 200;

export class BranchTickets {
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(
    private readonly memento: MementoLike,
    private readonly now: () => number = Date.now,
  ) {}

  get(repositoryRoot: string, branch: string): BranchTicketEntry | undefined {
    return this.read()[repositoryRoot]?.[branch];
  }

  /** The branch last started for this ticket in this repository. */
  branchFor(repositoryRoot: string, instanceId: string, ticketId: string): string | undefined {
    const branches = this.read()[repositoryRoot] ?? {};
    const matches = Object.entries(branches).filter(([, entry]) => entry.instanceId === instanceId && entry.ticketId === ticketId);
    matches.sort((a, b) => b[1].at - a[1].at);
    return matches[0]?.[0];
  }

  isEmpty(): boolean {
    return Object.values(this.read()).every((branches) => Object.keys(branches).length === 0);
  }

  async set(repositoryRoot: string, branch: string, ticket: Omit<BranchTicketEntry, 'at'>): Promise<void> {
    const all = this.read();
    const branches = { ...(all[repositoryRoot] ?? {}), [branch]: { ...ticket, at: this.now() } };
    const kept = Object.entries(branches)
      .sort((a, b) => b[1].at - a[1].at)
      .slice(0, LIMIT);
    await this.memento.update(KEY, { ...all, [repositoryRoot]: Object.fromEntries(kept) });
    this.changed.fire();
  }

  async forget(repositoryRoot: string, branch: string): Promise<void> {
    const all = this.read();
    if (!all[repositoryRoot]?.[branch]) return;
    const { [branch]: _gone, ...rest } = all[repositoryRoot];
    await this.memento.update(KEY, { ...all, [repositoryRoot]: rest });
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private read(): Stored {
    return readStored(this.memento.get<unknown>(KEY));
  }
}

export function readStored(value: unknown): Stored {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const result: Stored = {};
  for (const [root, branches] of Object.entries(value as Record<string, unknown>)) {
    if (typeof branches !== 'object' || branches === null || Array.isArray(branches)) continue;
    const kept: Record<string, BranchTicketEntry> = {};
    for (const [branch, entry] of Object.entries(branches as Record<string, unknown>)) {
      const parsed = readEntry(entry);
      if (parsed && branch !== '') kept[branch] = parsed;
    }
    result[root] = kept;
  }
  return result;
}

function readEntry(value: unknown): BranchTicketEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { instanceId, ticketId, ref, subject, at } = value as Record<string, unknown>;
  if (typeof instanceId !== 'string' || typeof ticketId !== 'string' || instanceId === '' || ticketId === '') return undefined;
  return {
    instanceId,
    ticketId,
    ref: typeof ref === 'string' ? ref : '',
    subject: typeof subject === 'string' ? subject : '',
    at: typeof at === 'number' && Number.isFinite(at) ? at : 0,
  };
}
