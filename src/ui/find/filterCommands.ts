// Filter View… and Clear Filter: a small menu over one list's filter (status, priority,
// assignee, text) and order, each change applied at once so the tree shows it; from the
// list node's inline action, or the view's title bar (which first asks which list).
import * as vscode from 'vscode';
import type { ListOptions, TicketFilter, TicketSort, ViewKind } from '../../helpdesk/model';
import type { Connection, Connections } from '../instances/connections';
import type { ViewFilters } from './viewFilters';
import type { TreeListOptions } from './treeLists';
import { SORTS, normalizeFilter, readListOptions, sortLabel } from './query';

export interface ListTarget {
  instanceId: string;
  listKey: string;
  label: string;
}

interface FieldItem extends vscode.QuickPickItem {
  field?: keyof TicketFilter | 'sort' | 'clear';
}

interface ValueItem extends vscode.QuickPickItem {
  value?: string;
}

/** `{instanceId, listKey}` from a list node or a keybinding; with `filter`/`sort` it is set without asking. */
export function listArgs(arg: unknown): { instanceId: string; listKey: string; options?: ListOptions; label?: string } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const fields = arg as Record<string, unknown>;
  if (typeof fields.instanceId !== 'string' || typeof fields.listKey !== 'string') return undefined;
  const result: { instanceId: string; listKey: string; options?: ListOptions; label?: string } = { instanceId: fields.instanceId, listKey: fields.listKey };
  if ('filter' in fields || 'sort' in fields) result.options = readListOptions(fields) ?? {};
  if (typeof fields.label === 'string') result.label = fields.label;
  return result;
}

/** The lists of every connected helpdesk that can be filtered, for the title bar's "which list?". */
export function filterableLists(connections: Connections, listOptions: TreeListOptions): Array<ListTarget & { instanceLabel: string }> {
  const lists: Array<ListTarget & { instanceLabel: string }> = [];
  for (const connection of connections.all()) {
    const capabilities = connection.capabilities;
    if (connection.health.status !== 'connected' || !capabilities) continue;
    for (const view of capabilities.views) lists.push({ instanceId: connection.id, listKey: viewKey(view.kind), label: view.label, instanceLabel: connection.label });
    for (const saved of listOptions.savedViews(connection)) {
      if (saved.view) lists.push({ instanceId: connection.id, listKey: saved.key, label: saved.label, instanceLabel: connection.label });
    }
  }
  return lists;
}

/** The tree's key for a vendor view (tree/model.ts names them so). */
function viewKey(kind: ViewKind): string {
  return `view:${kind}`;
}

export async function filterView(arg: unknown, deps: { connections: Connections; filters: ViewFilters; listOptions: TreeListOptions }): Promise<void> {
  let target = listArgs(arg);
  if (target?.options) {
    await deps.filters.set(target.instanceId, target.listKey, target.options);
    return;
  }
  if (!target) {
    const lists = filterableLists(deps.connections, deps.listOptions);
    if (lists.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No connected helpdesk has a list to filter yet. Open the Tickets view first.'));
      return;
    }
    const picked = await vscode.window.showQuickPick(
      lists.map((list) => ({ label: list.label, description: list.instanceLabel, list })),
      { title: vscode.l10n.t('Filter which list?'), matchOnDescription: true },
    );
    if (!picked) return;
    target = picked.list;
  }
  const connection = deps.connections.get(target.instanceId);
  if (!connection) return;
  await filterMenu(connection, target.listKey, target.label ?? listLabel(connection, target.listKey, deps.listOptions), deps.filters);
}

function listLabel(connection: Connection, listKey: string, listOptions: TreeListOptions): string {
  const view = connection.capabilities?.views.find((definition) => viewKey(definition.kind) === listKey);
  return view?.label ?? listOptions.savedViews(connection).find((saved) => saved.key === listKey)?.label ?? listKey;
}

/** The menu; each choice is applied at once and the menu comes back, until it is closed. */
async function filterMenu(connection: Connection, listKey: string, label: string, filters: ViewFilters): Promise<void> {
  for (;;) {
    const current = filters.get(connection.id, listKey) ?? {};
    const filter = current.filter ?? {};
    const any = vscode.l10n.t('any');
    const items: FieldItem[] = [
      { label: `$(circle-large-outline) ${vscode.l10n.t('Status')}`, description: filter.status ?? any, field: 'status' },
      { label: `$(arrow-up) ${vscode.l10n.t('Priority')}`, description: filter.priority ?? any, field: 'priority' },
      { label: `$(account) ${vscode.l10n.t('Assignee')}`, description: filter.assignee ?? any, field: 'assignee' },
      { label: `$(whole-word) ${vscode.l10n.t('Text')}`, description: filter.text ? `"${filter.text}"` : any, field: 'text' },
      { label: `$(list-ordered) ${vscode.l10n.t('Sort by')}`, description: current.sort ? sortLabel(current.sort) : vscode.l10n.t('the helpdesk\'s order'), field: 'sort' },
    ];
    if (current.filter || current.sort) items.push({ label: `$(clear-all) ${vscode.l10n.t('Clear filter and order')}`, field: 'clear' });
    const choice = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Filter {0} — {1}', label, connection.label),
      placeHolder: vscode.l10n.t('Pick what to filter by; each change applies at once (Escape when done)'),
    });
    if (!choice?.field) return;
    if (choice.field === 'clear') {
      await filters.clear(connection.id, listKey);
      return;
    }
    if (choice.field === 'sort') {
      const sort = await pickSort(current.sort);
      if (sort === undefined) continue;
      await filters.set(connection.id, listKey, { ...current, sort: sort === '' ? undefined : sort });
      continue;
    }
    const value = choice.field === 'text' ? await askText(filter.text) : await pickValue(connection, choice.field, filter[choice.field]);
    if (value === undefined) continue;
    const next = normalizeFilter({ ...filter, [choice.field]: value });
    await filters.set(connection.id, listKey, { ...current, filter: next });
  }
}

async function askText(current: string | undefined): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Filter by text'),
    prompt: vscode.l10n.t('Words that must appear in the subject, reference or requester (empty: any)'),
    value: current ?? '',
  });
}

async function pickSort(current: TicketSort | undefined): Promise<TicketSort | '' | undefined> {
  const items: Array<vscode.QuickPickItem & { sort: TicketSort | '' }> = [
    { label: vscode.l10n.t('The helpdesk\'s order'), sort: '', picked: current === undefined },
    ...SORTS.map((sort) => ({ label: sortLabel(sort), sort, description: current === sort ? vscode.l10n.t('current') : undefined })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Sort by') });
  return picked?.sort;
}

/** A status, priority or assignee from the helpdesk's own lists; '' means any. */
async function pickValue(connection: Connection, field: 'status' | 'priority' | 'assignee', current: string | undefined): Promise<string | undefined> {
  const picker = vscode.window.createQuickPick<ValueItem>();
  picker.title = field === 'status' ? vscode.l10n.t('Filter by status') : field === 'priority' ? vscode.l10n.t('Filter by priority') : vscode.l10n.t('Filter by assignee');
  picker.busy = true;
  const anyItem: ValueItem = { label: vscode.l10n.t('Any'), value: '' };
  picker.items = [anyItem];
  picker.show();
  connection.referenceData().then(
    (data) => {
      const values: ValueItem[] =
        field === 'status'
          ? uniqueNames(data.statuses.map((status) => status.name)).map((name) => ({ label: name, value: name }))
          : field === 'priority'
            ? uniqueNames(data.priorities.map((priority) => priority.name)).map((name) => ({ label: name, value: name }))
            : [
                { label: vscode.l10n.t('Me'), description: connection.health.me, value: 'me' },
                { label: vscode.l10n.t('Unassigned'), value: 'none' },
                ...uniqueNames(data.agents.map((agent) => agent.name)).map((name) => ({ label: name, value: name })),
              ];
      picker.items = [anyItem, ...values.map((item) => (item.value === current ? { ...item, description: vscode.l10n.t('current') } : item))];
      picker.busy = false;
    },
    (error: unknown) => {
      picker.items = [anyItem, { label: `$(warning) ${vscode.l10n.t('Could not read the list: {0}', error instanceof Error ? error.message : String(error))}` }];
      picker.busy = false;
    },
  );
  return new Promise((resolve) => {
    let done = false;
    picker.onDidAccept(() => {
      const value = picker.selectedItems[0]?.value;
      if (value === undefined) return;
      done = true;
      resolve(value);
      picker.hide();
    });
    picker.onDidHide(() => {
      if (!done) resolve(undefined);
      picker.dispose();
    });
  });
}

function uniqueNames(names: string[]): string[] {
  return [...new Set(names.map((name) => name.trim()).filter((name) => name !== ''))];
}
