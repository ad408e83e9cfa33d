// What the ticket tree contains, without vscode: instances as roots, their views and
// searches, and paged ticket lists; how each node looks is present.ts. Every failure stays
// on the node where it happened, so one broken helpdesk never blanks the others.
import type { TicketQuery } from '../../helpdesk/model';
import type { Connection, Connections } from '../instances/connections';
import { type RetryPlan, retryTextChangesIn } from '../instances/recovery';
import { Emitter, type Event } from '../events';
import type { LinkedCodeView } from '../codeLinks/contracts';
import { viewIcon } from './format';
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
import { TicketList } from './ticketList';

export interface TreeModelOptions {
  pageSize: () => number;
  /** Display name of a helpdesk type, for tooltips. */
  typeName: (type: string) => string;
  now?: () => number;
  /** Code linked to tickets; a ticket with links gets a "Linked code" child. */
  linkedCode?: TicketLinkSource;
  /** When an unhealthy helpdesk reconnects by itself; its root says so. */
  recovery?: RetrySchedule;
}

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
  lists: Map<string, { node: ListNode; list: TicketList }>;
  searches: string[];
  /** Re-draws the root when a rate-limit window ends, so the countdown does not lie. */
  rateLimitTimer?: ReturnType<typeof setTimeout>;
  /** Re-draws the root as "retrying in …" counts down. */
  retryTimer?: ReturnType<typeof setTimeout>;
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
  }

  roots(): TreeNode[] {
    return this.connections.all().map((connection) => this.stateOf(connection).node);
  }

  async children(node: TreeNode): Promise<TreeNode[]> {
    switch (node.kind) {
      case 'instance':
        return this.instanceChildren(node);
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
          ? presentInstance(node, connection, this.options.typeName, this.now(), this.options.recovery?.planFor(connection))
          : presentGone(node);
      case 'fix':
        return presentFix(node, connection?.health ?? { status: 'unknown' }, this.now());
      case 'list': {
        const entry = connection ? this.stateOf(connection).lists.get(node.listKey) : undefined;
        return presentList(node, entry?.list.summary());
      }
      case 'searchPrompt':
        return presentSearchPrompt(node);
      case 'ticket':
        return presentTicket(node, { departmentLabel: connection?.capabilities?.departmentLabel, now: this.now(), hasLinks: this.linksOf(node).length > 0 });
      case 'linkedCode':
        return presentLinkedCode(node, this.linksOf(node));
      case 'linkedLocation':
        return presentLinkedLocation(node);
      case 'loadMore':
        return presentLoadMore(node);
      case 'notice':
        return presentNotice(node);
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
    const entry = this.listEntry(connection, listKey, `Search: ${query}`, { search: query }, { id: 'search' });
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

  /** Re-fetches one instance: clears transient failures (never a rejected credential) and its lists. */
  refreshInstance(instanceId: string): void {
    const connection = this.connections.get(instanceId);
    if (!connection) return;
    connection.retry();
    const state = this.stateOf(connection);
    for (const { list } of state.lists.values()) list.reset();
    this.changed.fire(state.node);
  }

  refreshAll(): void {
    for (const connection of this.connections.all()) {
      connection.retry();
      for (const { list } of this.stateOf(connection).lists.values()) list.reset();
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
      list.reset();
      this.changed.fire(node);
    }
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
    const capabilities = connection.capabilities;
    if (health.status !== 'connected' || !capabilities) return [state.fix];
    const children: TreeNode[] = capabilities.views.map(
      (view) => this.listEntry(connection, `view:${view.kind}`, view.label, { view: view.kind }, viewIcon(view.kind)).node,
    );
    if (capabilities.search) {
      children.push(state.searchPrompt);
      for (const query of state.searches) {
        children.push(this.listEntry(connection, searchKey(query), `Search: ${query}`, { search: query }, { id: 'search' }).node);
      }
    }
    return children;
  }

  private async listChildren(node: ListNode): Promise<TreeNode[]> {
    const entry = this.findList(node.instanceId, node.listKey);
    if (!entry) return [];
    const { list } = entry;
    const summaryBefore = list.summary();
    await list.ensureFirstPage();
    // The description ("50 of 312") is only known now; ask for the node to be drawn again.
    // (The provider sends this as a change of the instance: see refreshGate.ts.)
    if (list.summary() !== summaryBefore) queueMicrotask(() => this.changed.fire(entry.node));

    const children: TreeNode[] = list.items.map((ticket) => ({
      kind: 'ticket',
      instanceId: node.instanceId,
      listKey: node.listKey,
      ticket,
    }));
    const base = { kind: 'notice' as const, instanceId: node.instanceId, listKey: node.listKey };
    if (list.error) {
      const what = list.loaded ? 'Could not load more' : 'Could not load tickets';
      children.push({ ...base, text: `${what}: ${firstLine(list.error.message)}`, detail: list.error.describe(), retry: true });
    } else if (list.loaded && list.items.length === 0) {
      children.push({ ...base, text: 'search' in node.query ? 'No tickets found' : 'No tickets', retry: false });
    } else if (list.loaded && !list.hasMore && list.total !== undefined && list.total > list.items.length) {
      // The helpdesk capped its answer (DeskDirector returns one page at most): say so, never hide it.
      children.push({
        ...base,
        text: `Only the first ${list.items.length} of ${list.total} tickets: the helpdesk returns no more for one list`,
        detail: 'Search, or a narrower view, finds the others.',
        retry: false,
      });
    }
    if (!list.error && list.hasMore) {
      children.push({ kind: 'loadMore', instanceId: node.instanceId, listKey: node.listKey });
    }
    return children;
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

  private listEntry(connection: Connection, listKey: string, label: string, query: TicketQuery, icon: ListNode['icon']) {
    const state = this.stateOf(connection);
    let entry = state.lists.get(listKey);
    if (!entry) {
      const node: ListNode = { kind: 'list', instanceId: connection.id, listKey, label, query, icon };
      const list = new TicketList((cursor) =>
        connection.run((provider) => provider.listTickets(query, cursor, this.options.pageSize())),
      );
      entry = { node, list };
      state.lists.set(listKey, entry);
    }
    return entry;
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
