// Custom views an instance entry of `helpdesk.instances` declares:
// `views: [{label, query: {view?, status?, priority?, assignee?, text?, sort?}}]`.
// Read defensively (a hand-edited setting); a bad view is reported and skipped, never
// hiding the good ones. Pure.
import * as l10n from '@vscode/l10n';
import type { ListOptions, TicketSort, ViewKind } from '../../helpdesk/model';
import type { ViewDefinition } from '../../helpdesk/provider';
import { FILTER_FIELDS, SORTS, normalizeFilter } from './query';

const VIEW_KINDS: readonly ViewKind[] = ['mine', 'unassigned', 'unanswered', 'open', 'new', 'pending'];

export interface SavedView {
  /** Stable while the entry keeps its place and label. */
  key: string;
  label: string;
  /** The vendor list it narrows; absent: the instance's first view ("All Open" where there is one). */
  view?: ViewKind;
  options: ListOptions;
}

export interface SavedViewsResult {
  views: SavedView[];
  problems: string[];
}

export function readSavedViews(raw: unknown): SavedViewsResult {
  const result: SavedViewsResult = { views: [], problems: [] };
  if (raw === undefined || raw === null) return result;
  if (!Array.isArray(raw)) {
    result.problems.push(l10n.t('"views" must be a list of {0}.', '{label, query}'));
    return result;
  }
  const labels = new Set<string>();
  raw.forEach((item, index) => {
    const where = l10n.t('views #{0}', index + 1);
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      result.problems.push(l10n.t('{0} must be an object with "label" and "query".', where));
      return;
    }
    const fields = item as Record<string, unknown>;
    const label = typeof fields.label === 'string' ? fields.label.trim() : '';
    if (label === '') {
      result.problems.push(l10n.t('{0} has no "label".', where));
      return;
    }
    if (labels.has(label.toLowerCase())) {
      result.problems.push(l10n.t('{0}: the label "{1}" is used twice.', where, label));
      return;
    }
    const query = fields.query ?? {};
    if (typeof query !== 'object' || query === null || Array.isArray(query)) {
      result.problems.push(l10n.t('{0} ("{1}"): "query" must be an object.', where, label));
      return;
    }
    const q = query as Record<string, unknown>;
    const unknown = Object.keys(q).filter((name) => name !== 'view' && name !== 'sort' && !(FILTER_FIELDS as readonly string[]).includes(name));
    if (unknown.length > 0) {
      result.problems.push(l10n.t('{0} ("{1}"): unknown query field {2}.', where, label, unknown.map((name) => `"${name}"`).join(', ')));
      return;
    }
    let view: ViewKind | undefined;
    if (q.view !== undefined) {
      if (typeof q.view !== 'string' || !(VIEW_KINDS as readonly string[]).includes(q.view)) {
        result.problems.push(l10n.t('{0} ("{1}"): "view" must be one of {2}.', where, label, VIEW_KINDS.join(', ')));
        return;
      }
      view = q.view as ViewKind;
    }
    let sort: TicketSort | undefined;
    if (q.sort !== undefined) {
      if (typeof q.sort !== 'string' || !(SORTS as readonly string[]).includes(q.sort)) {
        result.problems.push(l10n.t('{0} ("{1}"): "sort" must be one of {2}.', where, label, SORTS.join(', ')));
        return;
      }
      sort = q.sort as TicketSort;
    }
    const filterFields: Record<string, string> = {};
    for (const field of FILTER_FIELDS) {
      const value = q[field];
      if (value === undefined) continue;
      if (typeof value !== 'string') {
        result.problems.push(l10n.t('{0} ("{1}"): "{2}" must be text.', where, label, field));
        return;
      }
      filterFields[field] = value;
    }
    const options: ListOptions = {};
    const filter = normalizeFilter(filterFields);
    if (filter) options.filter = filter;
    if (sort) options.sort = sort;
    labels.add(label.toLowerCase());
    const saved: SavedView = { key: `saved:${index}:${label}`, label, options };
    if (view) saved.view = view;
    result.views.push(saved);
  });
  return result;
}

/** The vendor view a saved view narrows, or a reason it cannot be shown on this helpdesk. */
export function baseViewOf(saved: SavedView, views: readonly ViewDefinition[]): { view: ViewKind } | { problem: string } {
  if (saved.view) {
    return views.some((definition) => definition.kind === saved.view)
      ? { view: saved.view }
      : { problem: l10n.t('This helpdesk has no "{0}" list.', saved.view) };
  }
  const open = views.find((definition) => definition.kind === 'open') ?? views[0];
  return open ? { view: open.kind } : { problem: l10n.t('This helpdesk has no list to narrow.') };
}
