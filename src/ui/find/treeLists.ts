// What the ticket tree asks about filters, orders and saved views: the options in force on
// one list (a saved view's own query, then what the user set on it), the query sent for it,
// the part the vendor does not serve applied to each page as it arrives (never loading more
// pages for it), and the saved views of an instance's settings entry. No vscode.
import * as l10n from '@vscode/l10n';
import type { ListOptions, Page, Ticket, TicketFilter, TicketQuery, ViewKind } from '../../helpdesk/model';
import type { Logger } from '../../helpdesk/log';
import type { Connection } from '../instances/connections';
import type { Event } from '../events';
import { clientSide, describeListOptions, filterPage, normalizeFilter, sortTickets } from './query';
import { baseViewOf, readSavedViews } from './savedViews';
import type { ListOptionsChange, ViewFilters } from './viewFilters';

/** A saved view as the tree shows it: a list over `view`, or a notice saying why it cannot be. */
export interface SavedViewEntry {
  key: string;
  label: string;
  view?: ViewKind;
  problem?: string;
}

export class TreeListOptions {
  readonly onDidChange: Event<ListOptionsChange>;
  private readonly reported = new Set<string>();

  constructor(
    private readonly filters: ViewFilters,
    private readonly log?: Logger,
  ) {
    this.onDidChange = filters.onDidChange;
  }

  /** What the user set on the list (shown on its node, cleared by Clear Filter). */
  userOptions(instanceId: string, listKey: string): ListOptions | undefined {
    return this.filters.get(instanceId, listKey);
  }

  /** A saved view's own query, with what the user set on it on top. */
  optionsFor(connection: Connection, listKey: string): ListOptions {
    const saved = this.savedOptions(connection, listKey);
    const user = this.filters.get(connection.id, listKey);
    const filter: TicketFilter | undefined = normalizeFilter({ ...saved?.filter, ...user?.filter });
    const result: ListOptions = {};
    if (filter) result.filter = filter;
    const sort = user?.sort ?? saved?.sort;
    if (sort) result.sort = sort;
    return result;
  }

  /** One page of the list: the query with its options, then what the vendor left to us. */
  async fetch(connection: Connection, listKey: string, base: TicketQuery, request: (query: TicketQuery) => Promise<Page<Ticket>>): Promise<Page<Ticket>> {
    const options = this.optionsFor(connection, listKey);
    const query: TicketQuery = { ...base };
    if (options.filter) query.filter = options.filter;
    if (options.sort) query.sort = options.sort;
    const page = await request(query);
    const local = clientSide(options, connection.capabilities);
    return filterPage(page, local.filter, connection.health.me);
  }

  /** The loaded rows in the list's order, where the vendor could not order them. */
  rows(connection: Connection | undefined, listKey: string, items: readonly Ticket[]): readonly Ticket[] {
    if (!connection) return items;
    const local = clientSide(this.optionsFor(connection, listKey), connection.capabilities);
    return local.sort ? sortTickets(items, local.sort) : items;
  }

  /** `filtered: status Open · by priority`, for the list's node. */
  describe(instanceId: string, listKey: string): string | undefined {
    return describeListOptions(this.filters.get(instanceId, listKey));
  }

  /** The instance's saved views, each on the vendor view it narrows (or why it cannot be shown). */
  savedViews(connection: Connection): SavedViewEntry[] {
    const config = connection.config;
    const capabilities = connection.capabilities;
    if (!config || !capabilities) return [];
    const { views, problems } = readSavedViews(config.views);
    for (const problem of problems) this.report(connection.id, problem);
    const entries: SavedViewEntry[] = views.map((saved) => {
      const base = baseViewOf(saved, capabilities.views);
      return 'view' in base ? { key: saved.key, label: saved.label, view: base.view } : { key: saved.key, label: saved.label, problem: l10n.t('{0}: {1}', saved.label, base.problem) };
    });
    // A broken saved view is said where it would be, so a typo in settings is not silently lost.
    problems.forEach((problem, index) => entries.push({ key: `saved-problem:${index}`, label: problem, problem: l10n.t('Saved view not shown: {0}', problem) }));
    return entries;
  }

  private savedOptions(connection: Connection, listKey: string): ListOptions | undefined {
    if (!listKey.startsWith('saved:')) return undefined;
    return readSavedViews(connection.config?.views).views.find((view) => view.key === listKey)?.options;
  }

  private report(instanceId: string, problem: string): void {
    const key = `${instanceId}: ${problem}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.log?.warn(`helpdesk.instances "${instanceId}": ${problem}`);
  }
}
