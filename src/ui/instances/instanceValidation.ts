// Reads the raw `helpdesk.instances` setting into instances the rest of the UI can
// trust. Pure (no vscode) so every rule is unit-tested. A bad entry never hides the
// good ones: it becomes a problem entry the tree shows with a way to fix it.
import * as l10n from '@vscode/l10n';
import type { InstanceConfig } from '../../helpdesk/model';
import type { DescriptorCatalog } from './descriptors';

export interface ValidInstance {
  ok: true;
  config: InstanceConfig;
}

export interface InstanceProblem {
  ok: false;
  /** Stable key for the tree node: the id when there is one, else the entry's position. */
  key: string;
  label: string;
  /** Present when the entry has a usable id (e.g. an unknown type), for removal. */
  id?: string;
  problem: string;
}

export type InstanceEntry = ValidInstance | InstanceProblem;

/** Ids reach secret keys, tree ids and panel keys; keep them to unambiguous characters. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Sandbox instances are added at runtime with this prefix; user entries may not use it. */
export const SANDBOX_ID_PREFIX = 'sandbox-';

export function entryKey(entry: InstanceEntry): string {
  return entry.ok ? entry.config.id : entry.key;
}

export function validateInstances(raw: unknown, catalog: DescriptorCatalog): InstanceEntry[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    return [{ ok: false, key: '#setting', label: 'helpdesk.instances', problem: l10n.t('The setting must be a list of helpdesks.') }];
  }
  const firstIndexOfId = new Map<string, number>();
  return raw.map((item, index) => validateOne(item, index, catalog, firstIndexOfId));
}

function validateOne(
  item: unknown,
  index: number,
  catalog: DescriptorCatalog,
  firstIndexOfId: Map<string, number>,
): InstanceEntry {
  const position = `#${index + 1}`;
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return problem(position, l10n.t('Entry {0}', position), l10n.t('Entry {0} must be an object with id, type and baseUrl.', position));
  }
  const fields = item as Record<string, unknown>;
  const rawLabel = typeof fields.label === 'string' && fields.label.trim() !== '' ? fields.label.trim() : undefined;

  const id = typeof fields.id === 'string' ? fields.id.trim() : '';
  if (id === '') {
    return problem(position, rawLabel ?? l10n.t('Entry {0}', position), l10n.t('Entry {0} has no "id".', position));
  }
  const label = rawLabel ?? id;
  if (!ID_PATTERN.test(id)) {
    return problem(position, label, l10n.t('The id "{0}" may only contain letters, digits, ".", "_" and "-".', id));
  }
  if (id.startsWith(SANDBOX_ID_PREFIX)) {
    return problem(position, label, l10n.t('Ids starting with "{0}" are reserved for the sandbox.', SANDBOX_ID_PREFIX));
  }
  const earlier = firstIndexOfId.get(id);
  if (earlier !== undefined) {
    return problem(position, label, l10n.t('The id "{0}" is already used by entry #{1}; ids must be unique.', id, earlier + 1));
  }
  firstIndexOfId.set(id, index);

  const type = typeof fields.type === 'string' ? fields.type.trim() : '';
  if (type === '') return problem(id, label, l10n.t('"{0}" has no "type".', id), id);
  const descriptor = catalog.get(type);
  if (!descriptor) {
    const known = catalog.all().map((d) => d.type).join(', ');
    return problem(id, label, l10n.t('"{0}" has an unknown type "{1}" (expected one of: {2}).', id, type, known), id);
  }

  const typedUrl = typeof fields.baseUrl === 'string' ? fields.baseUrl.trim() : '';
  if (typedUrl === '') return problem(id, label, l10n.t('"{0}" has no "baseUrl".', id), id);
  let baseUrl: string;
  try {
    baseUrl = descriptor.normalizeBaseUrl(typedUrl);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return problem(id, label, l10n.t('"{0}" has an invalid baseUrl "{1}": {2}', id, typedUrl, reason), id);
  }

  const config: InstanceConfig = {
    ...fields,
    id,
    label: rawLabel ?? labelFromUrl(baseUrl) ?? id,
    type: descriptor.type,
    baseUrl,
  };
  return { ok: true, config };
}

function problem(key: string, label: string, text: string, id?: string): InstanceProblem {
  return id === undefined ? { ok: false, key, label, problem: text } : { ok: false, key, label, id, problem: text };
}

function labelFromUrl(url: string): string | undefined {
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}

/** A settings id for a new instance: readable, derived from the address, never clashing. */
export function suggestInstanceId(baseUrl: string, taken: ReadonlySet<string>): string {
  let base = 'helpdesk';
  try {
    const host = new URL(baseUrl).hostname.replace(/^www\./, '');
    const slug = host.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
    if (slug !== '' && !slug.startsWith(SANDBOX_ID_PREFIX)) base = slug;
  } catch {
    // Fall back to the generic base; the URL step validates addresses separately.
  }
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
