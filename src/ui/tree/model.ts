// What the ticket tree contains, without vscode: instances as roots, their views and
// searches, and paged ticket lists; how each node looks is present.ts. Every failure stays
// on the node where it happened, so one broken helpdesk never blanks the others.
import * as l10n from '@vscode/l10n';
import { type HelpdeskError, toHelpdeskError } from '../../helpdesk/errors';
import type { Page, Ticket, TicketQuery, ViewKind } from '../../helpdesk/model';
import type { HealthStatus } from '../instances/health';
import type { Connection, Connections } from '../instances/connections';
import { type RetryPlan, retryTextChangesIn } from '../instances/recovery';
import { Emitter, type Event } from '../events';
import type { LinkedCodeView } from '../codeLinks/contracts';
import type { Capabilities } from '../../helpdesk/provider';
import { isOfflineFailure, isOfflineStatus, offlineListMark } from '../offline/cacheMarks';
import type { OutboxItem } from '../offline/outboxItem';
import { viewIcon } from './format';
import { presentOutbox, presentOutboxItem } from './outboxPresent';
import type { FixNode, InstanceNode, LinkedCodeNode, ListNode, NodeView, SearchPromptNode, TicketNode, TreeNode } from './nodes';
import {
  presentFix,
  presentGone,
  presentInstance,
  presentLinkedCode,
  presentLinkedLocation,
  presentList,
  presentLoadMore,
  presentNotice,
  presentSearchPrompt,
  presentTicket,
} from './present';
import { type RefreshOutcome, TicketList } from './ticketList';

export interface TreeModelOptions {
  pageSize: () => number;
  /** Display name of a helpdesk type, for tooltips. */
  typeName: (type: string) => string;
  now?: () => number;
  /** Code linked to tickets; a ticket with links gets a "Linked code" child. */
  linkedCode?: TicketLinkSource;
  /** When an unhealthy helpdesk reconnects by itself; its root says so. */
  recovery?: RetrySchedule;
  /** Which tickets changed since they were last opened; those are marked. */
  seen?: SeenSource;
  /** Filters and orders set on lists, and the saved views of each instance (find/treeLists.ts). */
  listOptions?: ListOptionsSource;
  /** Where loaded lists are kept, and shown from while their helpdesk is unreachable. */
  cache?: ListCache;
  /** Replies and status changes waiting to be sent; an instance with any shows an "Outbox" group. */
  outbox?: OutboxSource;
}

/** The part of the outbox (offline/outbox.ts) the tree reads. */
export interface OutboxSource {
  load(instanceId: string): Promise<void>;
  items(instanceId: string): readonly OutboxItem[];
  item(instanceId: string, itemId: string): OutboxItem | undefined;
  readonly onDidChange: Event<string>;
}

/** The part of the offline cache (offline/cache.ts) the tree uses. */
export interface ListCache {
  ready(): Promise<void>;
  list(instanceId: string, listKey: string): Promise<{ data: CachedRows; savedAt: number } | undefined>;
  /** `produce` is asked when the write happens (debounced): the rows then, or undefined for none. */
  saveList(instanceId: string, listKey: string, produce: () => CachedRows | undefined): void;
}

export interface CachedRows {
  rows: Ticket[];
  next?: string;
  total?: number;
}

/** One list under an instance, and where its rows came from. */
interface ListEntry {
  node: ListNode;
  list: TicketList;
  /** Its first page was last read from the helpdesk then (epoch ms). */
  fetchedAt?: number;
  /** Its rows are the offline cache's, saved then (epoch ms). */
  cachedAsOf?: number;
}

/** The part of TreeListOptions (find/treeLists.ts) the tree reads: filters, orders, saved views. */
export interface ListOptionsSource {
  readonly onDidChange: Event<{ instanceId: string; listKey: string }>;
  /** One page of a list: its query with the list's options, then what the vendor left to the UI. */
  fetch(connection: Connection, listKey: string, base: TicketQuery, request: (query: TicketQuery) => Promise<Page<Ticket>>): Promise<Page<Ticket>>;
  rows(connection: Connection | undefined, listKey: string, items: readonly Ticket[]): readonly Ticket[];
  describe(instanceId: string, listKey: string): string | undefined;
  savedViews(connection: Connection): Array<{ key: string; label: string; view?: ViewKind; problem?: string }>;}

/** The part of SeenMarks (current/seen.ts) the tree reads. */
export interface SeenSource {
  isUnseen(instanceId: string, ticket: Ticket): boolean;
  observe(instanceId: string, tickets: readonly Ticket[]): void;
  readonly onDidChange: Event<{ instanceId: string; ticketId?: string }>;
}

/** What refreshLoaded found in one list. */
export interface ListRefresh {
  instanceId: string;
  listKey: string;
  /** One of the "mine" views. */
  mine: boolean;
  outcome: RefreshOutcome;
}

/** Statuses that pass by themselves: the rows loaded before stay while they last. */
const TRANSIENT: ReadonlySet<HealthStatus> = new Set<HealthStatus>(['unreachable', 'rateLimited', 'maintenance', 'checking', 'unknown']);

/** The part of Recovery (instances/recovery.ts) the tree reads. */
export interface RetrySchedule {
  planFor(connection: Connection): RetryPlan | undefined;
  readonly onDidChange: Event<Connection>;
}

/** The part of the link service the tree reads. */
export interface TicketLinkSource {
  linksForTicket(instanceId: string, ticketId: string): LinkedCodeView[];
  readonly onDidChange: Event<void>;
}

/** Per-instance tree state; thrown away with its connection when settings change. */
interface InstanceState {
  node: InstanceNode;
  fix: FixNode;
  searchPrompt: SearchPromptNode;
  lists: Map<string, ListEntry>;
  searches: string[];
  /** Re-draws the root when a rate-limit window ends, so the countdown does not lie. */
  rateLimitTimer?: ReturnType<typeof setTimeout>;
  /** Re-draws the root as "retrying in …" counts down. */
  retryTimer?: ReturnType<typeof setTimeout>;
  /** The last refresh of a loaded list failed: its rows are the last good ones. */
  staleSince?: { error: HelpdeskError; at: number };
}

export class TreeModel {
  private readonly states = new Map<Connection, InstanceState>();
  private readonly changed = new Emitter<TreeNode | undefined>();
  /** A node (or the whole tree, for undefined) must be drawn again. */
  readonly onDidChange: Event<TreeNode | undefined> = this.changed.event;
  private readonly now: () => number;
  private readonly subscriptions: Array<{ dispose(): void }> = [];

  constructor(
    private readonly connections: Connections,
    private readonly options: TreeModelOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.subscriptions.push(
      connections.onDidChangeList(() => {
        this.forgetRemovedConnections();
        this.changed.fire(undefined);
      }),
      connections.onDidChangeHealth((connection) => this.onHealthChanged(connection)),
    );
    if (options.linkedCode) this.subscriptions.push(options.linkedCode.onDidChange(() => this.linksChanged()));
    if (options.recovery) this.subscriptions.push(options.recovery.onDidChange((connection) => this.retryPlanChanged(connection)));
    if (options.seen) this.subscriptions.push(options.seen.onDidChange(({ instanceId }) => this.marksChanged(instanceId)));
    if (options.listOptions) this.subscriptions.push(options.listOptions.onDidChange(({ instanceId, listKey }) => this.listOptionsChanged(instanceId, listKey)));
    if (options.outbox) this.subscriptions.push(options.outbox.onDidChange((instanceId) => this.outboxChanged(instanceId)));
  }

  roots(): TreeNode[] {
    return this.connections.all().map((connection) => this.stateOf(connection).node);
  }

  async children(node: TreeNode): Promise<TreeNode[]> {
    switch (node.kind) {
      case 'instance':
        return this.withOutbox(node.instanceId, await this.instanceChildren(node));
      case 'outbox':
        return (this.options.outbox?.items(node.instanceId) ?? []).map((item) => ({ kind: 'outboxItem', instanceId: node.instanceId, itemId: item.id }));
      case 'list':
        return this.listChildren(node);
      case 'ticket':
        return this.linksOf(node).length > 0 ? [{ kind: 'linkedCode', instanceId: node.instanceId, listKey: node.listKey, ticketId: node.ticket.id }] : [];
      case 'linkedCode':
        return this.linksOf(node).map((link) => ({ ...node, kind: 'linkedLocation', link }));
      default:
        return [];
    }
  }

  present(node: TreeNode): NodeView {
    const connection = this.connections.get(node.instanceId);
    switch (node.kind) {
      case 'instance':
        return connection
          ? presentInstance(
              node,
              connection,
              this.options.typeName,
              this.now(),
              this.options.recovery?.planFor(connection),
              this.staleOf(connection),
              this.options.cache !== undefined && isOfflineStatus(connection.health.status),
            )
          : presentGone(node);
      case 'fix':
        return presentFix(node, connection?.health ?? { status: 'unknown' }, this.now());
      case 'list': {
        const entry = connection ? this.stateOf(connection).lists.get(node.listKey) : undefined;
        const asOf = connection && entry ? this.offlineAsOf(connection, entry) : undefined;
        return presentList(
          node,
          entry?.list.summary(),
          this.options.listOptions?.describe(node.instanceId, node.listKey),
          asOf !== undefined ? offlineListMark(asOf, this.now()) : undefined,
        );
      }
      case 'searchPrompt':
        return presentSearchPrompt(node);
      case 'ticket':
        return presentTicket(node, {
          departmentLabel: connection?.capabilities?.departmentLabel,
          now: this.now(),
          hasLinks: this.linksOf(node).length > 0,
          unseen: this.options.seen?.isUnseen(node.instanceId, node.ticket) ?? false,
        });
      case 'linkedCode':
        return presentLinkedCode(node, this.linksOf(node));
      case 'linkedLocation':
        return presentLinkedLocation(node);
      case 'loadMore':
        return presentLoadMore(node);
      case 'notice':
        return presentNotice(node);
      case 'outbox':
        return presentOutbox(node, this.options.outbox?.items(node.instanceId) ?? []);
      case 'outboxItem':
        return presentOutboxItem(node, this.options.outbox?.item(node.instanceId, node.itemId));
    }
  }

  /** The node for an instance, to reveal it after it was added. */
  instanceNode(instanceId: string): InstanceNode | undefined {
    const connection = this.connections.get(instanceId);
    return connection ? this.stateOf(connection).node : undefined;
  }

  /** Loads the next page of a list (or retries its failed load) and redraws it. */
  async loadMore(instanceId: string, listKey: string): Promise<void> {
    const entry = this.findList(instanceId, listKey);
    if (!entry) return;
    const pending = entry.list.error ? entry.list.retry() : entry.list.loadMore();
    this.changed.fire(entry.node);
    await pending;
    this.options.seen?.observe(instanceId, entry.list.items);
    this.changed.fire(entry.node);
  }

  /** Adds (or re-runs) a search under the instance and returns its node to reveal. */
  addSearch(instanceId: string, text: string): ListNode | undefined {
    const connection = this.connections.get(instanceId);
    const query = text.trim();
    if (!connection || query === '') return undefined;
    const state = this.stateOf(connection);
    const listKey = searchKey(query);
    const existing = state.lists.get(listKey);
    if (existing) {
      existing.list.reset();
      this.changed.fire(existing.node);
      return existing.node;
    }
    state.searches.push(query);
    const entry = this.listEntry(connection, listKey, l10n.t('Search: {0}', query), { search: query }, { id: 'search' });
    this.changed.fire(state.node);
    return entry.node;
  }

  removeSearch(instanceId: string, listKey: string): void {
    const connection = this.connections.get(instanceId);
    if (!connection) return;
    const state = this.stateOf(connection);
    state.searches = state.searches.filter((query) => searchKey(query) !== listKey);
    state.lists.delete(listKey);
    this.changed.fire(state.node);
  }

  /**
   * Re-fetches one instance: clears transient failures (never a rejected credential) and
   * re-reads its lists when they are next listed; loaded rows stay until then, and stay if that fails.
   */
  refreshInstance(instanceId: string): void {
    const connection = this.connections.get(instanceId);
    if (!connection) return;
    connection.retry();
    const state = this.stateOf(connection);
    for (const { list } of state.lists.values()) list.markStale();
    this.changed.fire(state.node);
  }

  refreshAll(): void {
    for (const connection of this.connections.all()) {
      connection.retry();
      for (const { list } of this.stateOf(connection).lists.values()) list.markStale();
    }
    this.changed.fire(undefined);
  }

  /** A ticket changed (reply sent, status updated): re-fetch the lists of its instance. */
  ticketChanged(instanceId: string): void {
    const connection = this.connections.get(instanceId);
    if (!connection) return;
    const state = this.stateOf(connection);
    for (const { node, list } of state.lists.values()) {
      if (!list.loaded) continue;
      list.markStale();
      this.changed.fire(node);
    }
  }

  /**
   * The automatic refresh: the first page of every loaded list of each connected helpdesk
   * (plus its "mine" view, so the badge counts what awaits you even with the view closed).
   * Redraws only the lists that changed; a failure keeps the rows and says so on the root.
   * Never starts a connection: a helpdesk not connected is left to its own recovery.
   */
  async refreshLoaded(): Promise<ListRefresh[]> {
    const work: Array<Promise<ListRefresh[]>> = [];
    for (const connection of this.connections.all()) {
      const capabilities = connection.capabilities;
      if (connection.health.status !== 'connected' || !capabilities) continue;
      const mine = capabilities.views.find((view) => view.kind === 'mine');
      const mineKey = mine ? this.listEntry(connection, `view:${mine.kind}`, mine.label, { view: mine.kind }, viewIcon(mine.kind)).node.listKey : undefined;
      work.push(this.refreshConnection(connection, mineKey));
    }
    return (await Promise.all(work)).flat();
  }

  /** Tickets with unseen changes in the "mine" views, per instance (each ticket once). */
  awaitingYou(): Map<string, number> {
    const counts = new Map<string, number>();
    const seen = this.options.seen;
    if (!seen) return counts;
    for (const connection of this.connections.all()) {
      const state = this.states.get(connection);
      if (!state) continue;
      const ids = new Set<string>();
      for (const { node, list } of state.lists.values()) {
        if (!('view' in node.query) || node.query.view !== 'mine') continue;
        for (const ticket of list.items) if (seen.isUnseen(connection.id, ticket)) ids.add(ticket.id);
      }
      if (ids.size > 0) counts.set(connection.id, ids.size);
    }
    return counts;
  }

  /** The loaded tickets of an instance, for looking one up by id. */
  loadedTicket(instanceId: string, ticketId: string): Ticket | undefined {
    const connection = this.connections.get(instanceId);
    const state = connection ? this.states.get(connection) : undefined;
    for (const { list } of state?.lists.values() ?? []) {
      const ticket = list.items.find((item) => item.id === ticketId);
      if (ticket) return ticket;
    }
    return undefined;
  }

  private async refreshConnection(connection: Connection, alwaysKey: string | undefined): Promise<ListRefresh[]> {
    const state = this.stateOf(connection);
    // Lists never expanded cost nothing, except the one the badge needs.
    const entries = [...state.lists.values()].filter(({ node, list }) => list.loaded || list.error || node.listKey === alwaysKey);
    const results: ListRefresh[] = [];
    for (const entry of entries) {
      const { node, list } = entry;
      const outcome = list.loaded || list.error ? await list.refresh() : await list.ensureFirstPage().then((): RefreshOutcome => ({ kind: 'changed', changed: [] }));
      results.push({ instanceId: connection.id, listKey: node.listKey, mine: 'view' in node.query && node.query.view === 'mine', outcome });
      if (outcome.kind === 'failed') break; // the helpdesk is failing: no more requests this round
    }
    const failure = results.find((result) => result.outcome.kind === 'failed');
    const staleBefore = state.staleSince;
    if (failure && failure.outcome.kind === 'failed') {
      state.staleSince = { error: failure.outcome.error, at: staleBefore?.at ?? this.now() };
    } else {
      state.staleSince = undefined;
    }
    for (const { list } of state.lists.values()) if (list.loaded) this.options.seen?.observe(connection.id, list.items);
    for (const result of results) {
      if (result.outcome.kind === 'changed') this.changed.fire(state.lists.get(result.listKey)?.node);
    }
    if ((staleBefore === undefined) !== (state.staleSince === undefined) || failure) this.changed.fire(state.node);
    return results;
  }

  dispose(): void {
    for (const state of this.states.values()) {
      clearTimeout(state.rateLimitTimer);
      clearTimeout(state.retryTimer);
    }
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }

  private async instanceChildren(node: InstanceNode): Promise<TreeNode[]> {
    const connection = this.connections.get(node.instanceId);
    if (!connection) return [];
    const state = this.stateOf(connection);
    const health = await connection.check();
    // The capabilities of an unreachable helpdesk may be the cached ones.
    await this.options.cache?.ready();
    const capabilities = connection.capabilities;
    if (health.status !== 'connected' || !capabilities) {
      // Offline with a cache: the lists with rows to show (kept or cached) stay, under the fix (Retry).
      if (this.options.cache && capabilities && isOfflineStatus(health.status)) return [state.fix, ...(await this.offlineLists(connection, capabilities))];
      // A helpdesk that went away for a while keeps the rows loaded before, under its fix.
      const kept = capabilities && TRANSIENT.has(health.status) ? [...state.lists.values()].filter(({ list }) => list.items.length > 0) : [];
      return [state.fix, ...kept.map(({ node }) => node)];
    }
    return this.viewNodes(connection, capabilities);
  }

  /** The "Outbox" group goes first under its helpdesk, while it holds anything. */
  private async withOutbox(instanceId: string, children: TreeNode[]): Promise<TreeNode[]> {
    const outbox = this.options.outbox;
    if (!outbox) return children;
    await outbox.load(instanceId).catch(() => undefined);
    return outbox.items(instanceId).length > 0 ? [{ kind: 'outbox', instanceId }, ...children] : children;
  }

  /** Items were added, moved on or removed: the root (whose children include the group) is drawn again. */
  private outboxChanged(instanceId: string): void {
    const connection = this.connections.get(instanceId);
    const state = connection ? this.states.get(connection) : undefined;
    if (state) this.changed.fire(state.node);
  }

  /** The instance's views, saved views and searches, in the order the tree shows them. */
  /** The lists an unreachable helpdesk can still show: rows loaded before, or a cached page. */
  private async offlineLists(connection: Connection, capabilities: Capabilities): Promise<TreeNode[]> {
    const state = this.stateOf(connection);
    const cache = this.options.cache;
    const lists = this.viewNodes(connection, capabilities).filter((node): node is ListNode => node.kind === 'list');
    const shown = await Promise.all(
      lists.map(async (node) => {
        const entry = state.lists.get(node.listKey);
        if (entry && entry.list.items.length > 0) return true;
        const cached = await cache?.list(connection.id, node.listKey).catch(() => undefined);
        return cached !== undefined && cached.data.rows.length > 0;
      }),
    );
    return lists.filter((_, i) => shown[i]);
  }

  private viewNodes(connection: Connection, capabilities: Capabilities): TreeNode[] {
    const state = this.stateOf(connection);
    const children: TreeNode[] = capabilities.views.map(
      (view) => this.listEntry(connection, `view:${view.kind}`, view.label, { view: view.kind }, viewIcon(view.kind)).node,
    );
    for (const saved of this.options.listOptions?.savedViews(connection) ?? []) {
      children.push(
        saved.view
          ? this.listEntry(connection, saved.key, saved.label, { view: saved.view }, { id: 'filter' }).node
          : { kind: 'notice', instanceId: connection.id, listKey: saved.key, text: saved.problem ?? saved.label, retry: false },
      );
    }
    if (capabilities.search) {
      children.push(state.searchPrompt);
      for (const query of state.searches) {
        children.push(this.listEntry(connection, searchKey(query), l10n.t('Search: {0}', query), { search: query }, { id: 'search' }).node);
      }
    }
    return children;
  }

  private async listChildren(node: ListNode): Promise<TreeNode[]> {
    const entry = this.findList(node.instanceId, node.listKey);
    if (!entry) return [];
    const { list } = entry;
    const summaryBefore = list.summary();
    const connection = this.connections.get(node.instanceId);
    // Read again unless the helpdesk is failing (then the rows stay, and its recovery refreshes).
    const status = connection?.health.status;
    if (connection && list.needsRefresh && (status === 'connected' || status === 'unknown' || status === 'checking')) {
      const outcome = await list.refresh();
      this.noteRefresh(connection, outcome);
    } else {
      await list.ensureFirstPage();
    }
    if (list.loaded) this.options.seen?.observe(node.instanceId, list.items);
    // The description ("50 of 312") is only known now; ask for the node to be drawn again.
    // (The provider sends this as a change of the instance: see refreshGate.ts.)
    if (list.summary() !== summaryBefore) queueMicrotask(() => this.changed.fire(entry.node));

    const rows = this.options.listOptions?.rows(this.connections.get(node.instanceId), node.listKey, list.items) ?? list.items;
    const children: TreeNode[] = rows.map((ticket) => ({
      kind: 'ticket',
      instanceId: node.instanceId,
      listKey: node.listKey,
      ticket,
    }));
    const base = { kind: 'notice' as const, instanceId: node.instanceId, listKey: node.listKey };
    if (list.error) {
      const reason = firstLine(list.error.message);
      const text = list.loaded ? l10n.t('Could not load more: {0}', reason) : l10n.t('Could not load tickets: {0}', reason);
      children.push({ ...base, text, detail: list.error.describe(), retry: true });
    } else if (list.loaded && list.items.length === 0) {
      // A filter applied here (the vendor cannot) may leave a page empty while more are behind it.
      const text = list.hasMore
        ? l10n.t('No matching tickets among those loaded so far')
        : 'search' in node.query
          ? l10n.t('No tickets found')
          : l10n.t('No tickets');
      children.push({ ...base, text, retry: false });
    } else if (list.loaded && !list.hasMore && list.total !== undefined && list.total > list.items.length) {
      // The helpdesk capped its answer (DeskDirector returns one page at most): say so, never hide it.
      children.push({
        ...base,
        text: l10n.t('Only the first {0} of {1} tickets: the helpdesk returns no more for one list', list.items.length, list.total),
        detail: l10n.t('Search, or a narrower view, finds the others.'),
        retry: false,
      });
    }
    if (!list.error && list.hasMore) {
      children.push({ kind: 'loadMore', instanceId: node.instanceId, listKey: node.listKey });
    }
    return children;
  }

  /** A list read again at its listing: a failure there marks the root stale too. */
  private noteRefresh(connection: Connection, outcome: RefreshOutcome): void {
    const state = this.stateOf(connection);
    const before = state.staleSince;
    if (outcome.kind === 'failed') state.staleSince = { error: outcome.error, at: before?.at ?? this.now() };
    else if (outcome.kind !== 'notLoaded') state.staleSince = undefined;
    if ((before === undefined) !== (state.staleSince === undefined)) queueMicrotask(() => this.changed.fire(state.node));
  }

  /** The root's warning: the last refresh failed (or the helpdesk is away) and older rows are shown. */
  private staleOf(connection: Connection): { message: string; since: number } | undefined {
    const state = this.states.get(connection);
    if (!state) return undefined;
    if (state.staleSince) return { message: firstLine(state.staleSince.error.message), since: state.staleSince.at };
    const keptRows = [...state.lists.values()].some(({ list }) => list.items.length > 0);
    if (keptRows && connection.health.status !== 'connected' && TRANSIENT.has(connection.health.status) && connection.health.status !== 'checking' && connection.health.status !== 'unknown') {
      return { message: '', since: this.now() };
    }
    return undefined;
  }

  /** A ticket was opened (or first watched): redraw the loaded lists of its instance, from memory. */
  /** A list's filter or order changed: its rows are read again from the first page. */
  private listOptionsChanged(instanceId: string, listKey: string): void {
    const entry = this.findList(instanceId, listKey);
    if (!entry) return;
    entry.list.reset();
    this.changed.fire(entry.node);
  }

  private marksChanged(instanceId: string): void {
    const connection = this.connections.get(instanceId);
    const state = connection ? this.states.get(connection) : undefined;
    if (!state) return;
    for (const { node, list } of state.lists.values()) if (list.loaded) this.changed.fire(node);
  }

  private linksOf(node: TicketNode | LinkedCodeNode): LinkedCodeView[] {
    const ticketId = node.kind === 'ticket' ? node.ticket.id : node.ticketId;
    return this.options.linkedCode?.linksForTicket(node.instanceId, ticketId) ?? [];
  }

  /** Links were added, removed or went stale: redraw the loaded lists (from memory, no request). */
  private linksChanged(): void {
    for (const state of this.states.values()) {
      for (const { node, list } of state.lists.values()) if (list.loaded) this.changed.fire(node);
    }
  }

  private listEntry(connection: Connection, listKey: string, label: string, query: TicketQuery, icon: ListNode['icon']): ListEntry {
    const state = this.stateOf(connection);
    let entry = state.lists.get(listKey);
    if (!entry) {
      const node: ListNode = { kind: 'list', instanceId: connection.id, listKey, label, query, icon };
      const fetchFromHelpdesk = (cursor: string | undefined) =>
        this.options.listOptions
          ? this.options.listOptions.fetch(connection, listKey, query, (filtered) => connection.run((provider) => provider.listTickets(filtered, cursor, this.options.pageSize())))
          : connection.run((provider) => provider.listTickets(query, cursor, this.options.pageSize()));
      const created: ListEntry = { node, list: new TicketList((cursor) => this.fetchPage(connection, created, cursor, fetchFromHelpdesk)) };
      entry = created;
      state.lists.set(listKey, entry);
    }
    return entry;
  }

  /**
   * One page for a list. Its first load while the helpdesk is away (or failing to answer) is
   * the cached rows, without a request when its health already says so; every page that
   * arrives is saved. A list with rows keeps them on a failed refresh (TicketList does that).
   */
  private async fetchPage(connection: Connection, entry: ListEntry, cursor: string | undefined, fetch: (cursor: string | undefined) => Promise<Page<Ticket>>): Promise<Page<Ticket>> {
    const cache = this.options.cache;
    const firstLoad = cursor === undefined && !entry.list.loaded;
    if (cache && firstLoad && isOfflineStatus(connection.health.status)) {
      const cached = await this.cachedPage(connection, entry);
      if (cached) return cached;
    }
    let page: Page<Ticket>;
    try {
      page = await fetch(cursor);
    } catch (error) {
      const cached = cache && firstLoad && isOfflineFailure(toHelpdeskError(error)) ? await this.cachedPage(connection, entry) : undefined;
      if (cached) return cached;
      throw error;
    }
    if (cursor === undefined) {
      entry.fetchedAt = this.now();
      entry.cachedAsOf = undefined;
    }
    const { list } = entry;
    cache?.saveList(connection.id, entry.node.listKey, () =>
      entry.cachedAsOf === undefined && list.loaded ? { rows: [...list.items], ...(list.nextCursor !== undefined && { next: list.nextCursor }), ...(list.total !== undefined && { total: list.total }) } : undefined,
    );
    return page;
  }

  private async cachedPage(connection: Connection, entry: ListEntry): Promise<Page<Ticket> | undefined> {
    const cached = await this.options.cache?.list(connection.id, entry.node.listKey).catch(() => undefined);
    if (!cached) return undefined;
    entry.cachedAsOf = cached.savedAt;
    return { items: cached.data.rows, ...(cached.data.next !== undefined && { next: cached.data.next }), ...(cached.data.total !== undefined && { total: cached.data.total }) };
  }

  /** When the rows a list shows were read, if they are an offline copy (cached, or kept from before the helpdesk went away). */
  private offlineAsOf(connection: Connection, entry: ListEntry): number | undefined {
    if (!this.options.cache || !entry.list.loaded) return undefined;
    if (entry.cachedAsOf !== undefined) return entry.cachedAsOf;
    const away = isOfflineStatus(connection.health.status) || (entry.list.staleError !== undefined && isOfflineFailure(entry.list.staleError));
    return away ? entry.fetchedAt : undefined;
  }

  private findList(instanceId: string, listKey: string) {
    const connection = this.connections.get(instanceId);
    return connection ? this.stateOf(connection).lists.get(listKey) : undefined;
  }

  private stateOf(connection: Connection): InstanceState {
    let state = this.states.get(connection);
    if (!state) {
      const instanceId = connection.id;
      state = {
        node: { kind: 'instance', instanceId },
        fix: { kind: 'fix', instanceId },
        searchPrompt: { kind: 'searchPrompt', instanceId },
        lists: new Map(),
        searches: [],
      };
      this.states.set(connection, state);
    }
    return state;
  }

  private onHealthChanged(connection: Connection): void {
    const state = this.states.get(connection);
    if (!state) return;
    // Back: rows shown from the cache are read again at their next listing.
    if (connection.health.status === 'connected') {
      for (const { list, cachedAsOf } of state.lists.values()) if (cachedAsOf !== undefined) list.markStale();
    }
    clearTimeout(state.rateLimitTimer);
    state.rateLimitTimer = undefined;
    const retryAt = connection.health.retryAt;
    if (connection.health.status === 'rateLimited' && retryAt !== undefined) {
      const timer = setTimeout(() => this.changed.fire(state.node), Math.max(0, retryAt - this.now()) + 50);
      timer.unref?.();
      state.rateLimitTimer = timer;
    }
    this.changed.fire(state.node);
  }

  /** Draws the root again now, and each time its "retrying in …" would read differently. */
  private retryPlanChanged(connection: Connection): void {
    const state = this.states.get(connection);
    if (!state) return;
    clearTimeout(state.retryTimer);
    state.retryTimer = undefined;
    const plan = this.options.recovery?.planFor(connection);
    const wait = plan ? retryTextChangesIn(plan, this.now()) : undefined;
    if (wait !== undefined) {
      const timer = setTimeout(() => this.retryPlanChanged(connection), wait + 20);
      timer.unref?.();
      state.retryTimer = timer;
    }
    this.changed.fire(state.node);
  }

  private forgetRemovedConnections(): void {
    const live = new Set(this.connections.all());
    for (const [connection, state] of this.states) {
      if (live.has(connection)) continue;
      clearTimeout(state.rateLimitTimer);
      clearTimeout(state.retryTimer);
      this.states.delete(connection);
    }
  }
}

function searchKey(query: string): string {
  return `search:${query}`;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? text;
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}
