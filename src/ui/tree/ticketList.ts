// Paging state of one ticket list in the tree (a view such as "My tickets", or a
// search). Loads the first page when the node is expanded and one more page per
// "Load more…" — never every page up front. Pure, so the paging rules are unit-tested.
import { type HelpdeskError, toHelpdeskError } from '../../helpdesk/errors';
import type { Page, Ticket } from '../../helpdesk/model';

export type FetchPage = (cursor: string | undefined) => Promise<Page<Ticket>>;

export class TicketList {
  private _items: Ticket[] = [];
  private next: string | undefined;
  private _total: number | undefined;
  private _loaded = false;
  private _error: HelpdeskError | undefined;
  private inFlight: Promise<void> | undefined;
  /** Bumped by reset() so an answer to a request made before it is dropped. */
  private generation = 0;

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

  get hasMore(): boolean {
    return this._loaded && this.next !== undefined;
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

  /** Forget everything; the next expansion fetches the first page again. */
  reset(): void {
    this.generation++;
    this._items = [];
    this.next = undefined;
    this._total = undefined;
    this._loaded = false;
    this._error = undefined;
    this.inFlight = undefined;
  }

  /** For the view node's description: "50 of 312", or "50+" when the vendor reports no total. */
  summary(): string | undefined {
    if (!this._loaded) return undefined;
    const count = this._items.length;
    if (this._total !== undefined) return `${count} of ${this._total}`;
    return this.next !== undefined ? `${count}+` : `${count}`;
  }

  private load(cursor: string | undefined): Promise<void> {
    const generation = this.generation;
    const isCurrent = () => generation === this.generation;
    // Start the fetch on a later tick so inFlight is set before any outcome is recorded,
    // even when fetchPage throws synchronously.
    const request: Promise<void> = Promise.resolve()
      .then(() => this.fetchPage(cursor))
      .then(
        (page) => {
          if (!isCurrent()) return;
          this.append(page);
          this._error = undefined;
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
