// Paging over answers held in memory. DeskDirector's ticket search returns its whole answer
// at once (no paging parameters), so a list is fetched once, kept here, and each cursor
// reveals the next slice of that same answer: paging never asks the server again, and the
// pages of one list never shift under the user while they scroll. A fresh first page
// (no cursor) is a fresh fetch.
import { randomUUID } from 'node:crypto';
import { HelpdeskError } from '../../helpdesk/errors';
import type { Page } from '../../helpdesk/model';
import { decodeCursor, encodeCursor } from '../common/cursor';

export interface Snapshot<T> {
  items: readonly T[];
  /** What Page.total reports for this answer. */
  total?: number;
}

/** Answers kept at once: one per open list (views, a search) is plenty. */
const DEFAULT_KEPT = 8;

export class SnapshotStore<T> {
  /** Tells this provider's cursors from another's (a reconnect makes a new provider). */
  private readonly owner = randomUUID().slice(0, 8);
  private serial = 0;
  private readonly kept = new Map<number, Snapshot<T>>();

  constructor(private readonly maxKept = DEFAULT_KEPT) {}

  /** Keeps an answer and returns its first page. */
  first(snapshot: Snapshot<T>, count: number): Page<T> {
    const id = ++this.serial;
    this.kept.set(id, snapshot);
    // The oldest answer goes first: a Map iterates in insertion order.
    while (this.kept.size > this.maxKept) {
      const oldest = this.kept.keys().next().value;
      if (oldest === undefined) break;
      this.kept.delete(oldest);
    }
    return this.slice(id, snapshot, 0, count);
  }

  /** The page a cursor from `first` (or a later page) points at. */
  next(cursor: string): Page<T> {
    const position = decodeCursor(cursor, (state) => {
      const { k, s, o, c } = state;
      if (k !== this.owner || !isCount(s) || !isCount(o) || !isCount(c)) return undefined;
      return { id: s, offset: o, count: c };
    });
    const snapshot = this.kept.get(position.id);
    if (!snapshot) throw new HelpdeskError('protocol', 'This list position is no longer valid; refresh the list.');
    return this.slice(position.id, snapshot, position.offset, position.count);
  }

  private slice(id: number, snapshot: Snapshot<T>, offset: number, count: number): Page<T> {
    const items = snapshot.items.slice(offset, offset + count);
    const page: Page<T> = { items: [...items] };
    const end = offset + items.length;
    if (end < snapshot.items.length) page.next = encodeCursor({ k: this.owner, s: id, o: end, c: count });
    if (snapshot.total !== undefined) page.total = snapshot.total;
    return page;
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}
