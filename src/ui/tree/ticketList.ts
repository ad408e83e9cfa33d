// Paging state of one ticket list in the tree (a view such as "My tickets", or a
// search). Loads the first page when the node is expanded and one more page per
// "Load more…" — never every page up front. Pure, so the paging rules are unit-tested.
import * as l10n from '@vscode/l10n';
import { type HelpdeskError, toHelpdeskError } from '../../helpdesk/errors';
import type { Page, Ticket } from '../../helpdesk/model';

export type FetchPage = (cursor: string | undefined) => Promise<Page<Ticket>>;

/**
 * What a refresh found. `changed`: tickets new to the list or with newer activity than before
 * (the list's first page is what was compared); `failed`: the rows loaded before stay.
 */
export type RefreshOutcome =
  | { kind: 'notLoaded' }
  | { kind: 'unchanged' }
  | { kind: 'changed'; changed: Ticket[] }
  | { kind: 'failed'; error: HelpdeskError };

export class TicketList {
  private _items: Ticket[] = [];
  private next: string | undefined;
  private _total: number | undefined;
  private _loaded = false;
  private _error: HelpdeskError | undefined;
  private inFlight: Promise<void> | undefined;
  private _staleError: HelpdeskError | undefined;
  private _needsRefresh = false;
  private refreshing: Promise<RefreshOutcome> | undefined;
  /** Bumped by reset() so an answer to a request made before it is dropped. */
  private generation = 0;
  /**
   * The page after the one a "Load more…" brought, asked for as soon as that one arrived:
   * someone paging through a long list gets the next page from memory while the rows are
   * drawn, instead of waiting for a round trip each time. Only after a Load more (one
   * look at a list costs one request), never past the end, dropped when a refresh finds the
   * first page changed (an unchanged one keeps the later pages, and so the next cursor).
   */
  private prefetched: { cursor: string; promise: Promise<Page<Ticket>> } | undefined;

  constructor(private readonly fetchPage: FetchPage) {}

  get items(): readonly Ticket[] {
    return this._items;
  }

  get total(): number | undefined {
    return this._total;
  }

  /** At least one page arrived. */
  get loaded(): boolean {
    return this._loaded;
  }

  get loading(): boolean {
    return this.inFlight !== undefined;
  }

  /** The last load failed (the first page, or a later one: items loaded so far stay). */
  get error(): HelpdeskError | undefined {
    return this._error;
  }

  /** Refresh asked for while the rows stay: the next listing reads the first page again. */
  get needsRefresh(): boolean {
    return this._needsRefresh;
  }

  /**
   * Refresh without blanking: a loaded list keeps its rows until the first page is read
   * again (at its next listing); one that never loaded starts over.
   */
  markStale(): void {
    if (this._loaded) this._needsRefresh = true;
    else this.reset();
  }

  /** The last refresh failed: the rows shown are the last good ones. */
  get staleError(): HelpdeskError | undefined {
    return this._staleError;
  }

  get hasMore(): boolean {
    return this._loaded && this.next !== undefined;
  }

  /** Where "Load more…" goes on (the provider's opaque cursor), for the offline cache. */
  get nextCursor(): string | undefined {
    return this._loaded ? this.next : undefined;
  }

  /** Loads the first page unless it is already here or on its way. */
  ensureFirstPage(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this._loaded || this._error) return Promise.resolve();
    return this.load(undefined);
  }

  /** Appends the next page. A second call while one is loading joins it instead of fetching twice. */
  loadMore(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (!this._loaded) return this.load(undefined);
    if (this.next === undefined) return Promise.resolve();
    return this.load(this.next);
  }

  /** Retry after an error: the failed page again, or the first one if nothing loaded yet. */
  retry(): Promise<void> {
    this._error = undefined;
    return this.loadMore();
  }

  /**
   * Reads the first page again, keeping what is shown meanwhile and when it fails. Unchanged
   * (same tickets in the same order with the same activity, same total): later pages loaded by
   * "Load more…" stay. Changed: the list becomes the new first page (later pages would be stale).
   */
  refresh(): Promise<RefreshOutcome> {
    if (this.refreshing) return this.refreshing;
    if (!this._loaded) {
      if (!this._error || this.inFlight) return Promise.resolve({ kind: 'notLoaded' });
      // The first load failed earlier: try it again (nothing to keep).
      return this.retry().then((): RefreshOutcome => (this._error ? { kind: 'failed', error: this._error } : { kind: 'changed', changed: [...this._items] }));
    }
    const generation = this.generation;
    this._needsRefresh = false;
    const request = Promise.resolve()
      .then(() => this.fetchPage(undefined))
      .then(
        (page): RefreshOutcome => {
          if (generation !== this.generation) return { kind: 'notLoaded' };
          this._staleError = undefined;
          return this.takeFirstPage(page);
        },
        (error: unknown): RefreshOutcome => {
          const failure = toHelpdeskError(error);
          if (generation === this.generation) this._staleError = failure;
          return { kind: 'failed', error: failure };
        },
      )
      .finally(() => {
        if (this.refreshing === request) this.refreshing = undefined;
      });
    this.refreshing = request;
    return request;
  }

  /** Forget everything; the next expansion fetches the first page again. */
  reset(): void {
    this.generation++;
    this._staleError = undefined;
    this._needsRefresh = false;
    this.refreshing = undefined;
    this._items = [];
    this.next = undefined;
    this._total = undefined;
    this._loaded = false;
    this._error = undefined;
    this.inFlight = undefined;
    this.prefetched = undefined;
  }

  /** For the view node's description: "50 of 312", or "50+" when the vendor reports no total. */
  summary(): string | undefined {
    if (!this._loaded) return undefined;
    const count = this._items.length;
    if (this._total !== undefined) return l10n.t('{0} of {1}', count, this._total);
    return this.next !== undefined ? `${count}+` : `${count}`;
  }

  private load(cursor: string | undefined): Promise<void> {
    const generation = this.generation;
    const isCurrent = () => generation === this.generation;
    // Start the fetch on a later tick so inFlight is set before any outcome is recorded,
    // even when fetchPage throws synchronously.
    const request: Promise<void> = Promise.resolve()
      .then(() => this.takePrefetched(cursor) ?? this.fetchPage(cursor))
      .then(
        (page) => {
          if (!isCurrent()) return;
          this.append(page);
          this._error = undefined;
          if (cursor !== undefined) this.prefetch(generation);
        },
        (error: unknown) => {
          if (isCurrent()) this._error = toHelpdeskError(error);
        },
      )
      .finally(() => {
        if (this.inFlight === request) this.inFlight = undefined;
      });
    this.inFlight = request;
    return request;
  }

  private takeFirstPage(page: Page<Ticket>): RefreshOutcome {
    const before = new Map(this._items.map((ticket) => [ticket.id, ticket.updatedAt]));
    const head = this._items.slice(0, page.items.length);
    // A "Load more…" that failed may have held a cursor the helpdesk no longer knows (one
    // bound to an answer of an earlier connection): start again from this first page.
    const same =
      this._error === undefined &&
      head.length === page.items.length &&
      head.every((ticket, index) => ticket.id === page.items[index]!.id && sameTicket(ticket, page.items[index]!)) &&
      (page.total === undefined || page.total === this._total) &&
      (this._items.length > page.items.length ? page.next !== undefined : (page.next === undefined) === (this.next === undefined));
    if (same) {
      // Same rows: keep the later pages, take the fresh copies of the first one. With only the
      // first page shown, its fresh cursor replaces the old one: some vendors' cursors point into
      // the answer they were given with (DeskDirector's whole answer, paged in memory).
      if (this._items.length <= page.items.length) this.next = page.next;
      this._items = [...page.items, ...this._items.slice(page.items.length)];
      return { kind: 'unchanged' };
    }
    const changed = page.items.filter((ticket) => {
      const known = before.get(ticket.id);
      return known === undefined || laterThan(ticket.updatedAt, known);
    });
    this._items = [];
    this.next = undefined;
    this._total = undefined;
    this._error = undefined;
    this.prefetched = undefined; // read for a list that is no longer there
    this.append(page);
    return { kind: 'changed', changed };
  }

  /** The prefetched page for `cursor`, if there is one; a failed prefetch is asked for again. */
  private takePrefetched(cursor: string | undefined): Promise<Page<Ticket>> | undefined {
    const prefetched = this.prefetched;
    this.prefetched = undefined;
    if (cursor === undefined || prefetched?.cursor !== cursor) return undefined;
    return prefetched.promise.catch(() => this.fetchPage(cursor));
  }

  private prefetch(generation: number): void {
    const cursor = this.next;
    if (cursor === undefined || generation !== this.generation) return;
    const promise = this.fetchPage(cursor);
    promise.catch(() => undefined); // asked for again when the user gets there
    this.prefetched = { cursor, promise };
  }

  private append(page: Page<Ticket>): void {
    // Tickets move between pages while we read them (a new ticket pushes the rest
    // down); skip the ones already shown so the tree never holds one ticket twice.
    const seen = new Set(this._items.map((ticket) => ticket.id));
    for (const ticket of page.items) {
      if (seen.has(ticket.id)) continue;
      seen.add(ticket.id);
      this._items.push(ticket);
    }
    this.next = page.next;
    if (page.total !== undefined) this._total = page.total;
    this._loaded = true;
  }
}

/** What a row shows: a difference here is worth a redraw. */
function sameTicket(a: Ticket, b: Ticket): boolean {
  return (
    a.updatedAt === b.updatedAt &&
    a.subject === b.subject &&
    a.status.id === b.status.id &&
    a.priority?.id === b.priority?.id &&
    a.agent?.id === b.agent?.id &&
    a.requester?.id === b.requester?.id
  );
}

function laterThan(a: string, b: string): boolean {
  const left = Date.parse(a);
  const right = Date.parse(b);
  return Number.isNaN(left) || Number.isNaN(right) ? a !== b : left > right;
}
