// The filter and order the user set on each view, per instance and list, kept in
// globalState: instances are user settings (the same in every window), so a view's filter
// follows its instance rather than the folder. Read defensively. No vscode.
import type { ListOptions } from '../../helpdesk/model';
import type { MementoLike } from '../code/recentTickets';
import { Emitter, type Event } from '../events';
import { normalizeFilter, readListOptions } from './query';

const KEY = 'helpdesk.viewFilters';

export interface ListOptionsChange {
  instanceId: string;
  listKey: string;
}

export class ViewFilters {
  private readonly changed = new Emitter<ListOptionsChange>();
  readonly onDidChange: Event<ListOptionsChange> = this.changed.event;

  constructor(private readonly memento: MementoLike) {}

  get(instanceId: string, listKey: string): ListOptions | undefined {
    return readListOptions(this.all()[storeKey(instanceId, listKey)]);
  }

  /** Sets (or with an empty value, clears) the list's options. */
  async set(instanceId: string, listKey: string, options: ListOptions | undefined): Promise<void> {
    const all = this.all();
    const key = storeKey(instanceId, listKey);
    const clean: ListOptions = {};
    const filter = normalizeFilter(options?.filter);
    if (filter) clean.filter = filter;
    if (options?.sort) clean.sort = options.sort;
    if (clean.filter || clean.sort) all[key] = clean;
    else delete all[key];
    await this.memento.update(KEY, all);
    this.changed.fire({ instanceId, listKey });
  }

  clear(instanceId: string, listKey: string): Promise<void> {
    return this.set(instanceId, listKey, undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }

  private all(): Record<string, unknown> {
    const value = this.memento.get<unknown>(KEY);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
  }
}

function storeKey(instanceId: string, listKey: string): string {
  return `${instanceId}\u0000${listKey}`;
}
