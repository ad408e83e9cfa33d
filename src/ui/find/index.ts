// Finding tickets fast: Go to Ticket… across every helpdesk, a filter and order per list
// kept across reloads, and the saved views of each instance's settings entry.
import * as vscode from 'vscode';
import type { Logger } from '../../helpdesk/log';
import { RecentTickets } from '../code/recentTickets';
import { FindCommands } from '../commandIds';
import type { Connections } from '../instances/connections';
import { filterView, listArgs } from './filterCommands';
import { GoToTicket } from './goToTicket';
import { TreeListOptions } from './treeLists';
import { ViewFilters } from './viewFilters';

export interface FindDeps {
  connections: Connections;
  globalState: vscode.Memento;
  /** The request timeout: how long Go to Ticket waits for one helpdesk. */
  deadlineMs: () => number;
  log: Logger;
}

export interface FindHandle extends vscode.Disposable {
  /** Handed to the tree model. */
  readonly listOptions: TreeListOptions;
  readonly filters: ViewFilters;
  readonly goToTicket: GoToTicket;
  /** Registers the commands; call once the panels and tree exist. */
  register(): vscode.Disposable[];
}

export function createFind(deps: FindDeps): FindHandle {
  const filters = new ViewFilters(deps.globalState);
  const listOptions = new TreeListOptions(filters, deps.log);
  const goToTicket = new GoToTicket({
    sources: () => deps.connections.all(),
    recents: new RecentTickets(deps.globalState),
    deadlineMs: deps.deadlineMs,
  });
  return {
    listOptions,
    filters,
    goToTicket,
    register: () => [
      vscode.commands.registerCommand(FindCommands.goToTicket, async (arg?: unknown) => {
        const query = typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>).query : undefined;
        await goToTicket.show(typeof query === 'string' ? query : undefined);
      }),
      vscode.commands.registerCommand(FindCommands.filterView, (arg?: unknown) => filterView(arg, { connections: deps.connections, filters, listOptions })),
      vscode.commands.registerCommand(FindCommands.clearViewFilter, async (arg?: unknown) => {
        const target = listArgs(arg);
        if (target) await filters.clear(target.instanceId, target.listKey);
      }),
    ],
    dispose: () => {
      goToTicket.dispose();
      filters.dispose();
    },
  };
}
