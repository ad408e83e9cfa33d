// The helpdesk's own parts of the create form: its kinds of ticket (DeskDirector request
// types) and its own fields (per kind, or for every ticket: DiamanteDesk's source). Loads
// them through the provider, checks what the user typed against them, and turns the typed
// text into the values the provider sends.
import * as l10n from '@vscode/l10n';
import { toHelpdeskError } from '../../helpdesk/errors';
import type { DraftField, DraftFieldValue, Ref } from '../../helpdesk/model';
import type { FormValues, FormVendorField, HostToForm } from '../../shared/protocol/createForm';
import type { HelpdeskProvider } from '../../helpdesk/provider';

/** The part of the instance's connection these fields need. */
interface ProviderRunner {
  run<T>(request: (provider: HelpdeskProvider) => Promise<T>): Promise<T>;
}

export class VendorFields {
  private kinds: Ref[] | undefined;
  private fields: DraftField[] = [];
  /** Bumped per load, so the fields of a kind picked earlier never replace those of a later one. */
  private generation = 0;

  constructor(
    private readonly connection: ProviderRunner,
    private readonly post: (message: HostToForm) => void,
  ) {}

  /** Kinds first where the helpdesk has them (then the first kind's fields), else its fields. */
  async start(): Promise<void> {
    try {
      const offered = await this.connection.run(async (provider) => ({
        kinds: provider.createTicketKinds ? await provider.createTicketKinds() : undefined,
        fields: provider.createTicketFields !== undefined,
      }));
      if (offered.kinds) {
        this.kinds = offered.kinds;
        this.post({ type: 'kinds', kinds: offered.kinds.map(({ id, name }) => ({ id, name })) });
        if (offered.kinds[0]) await this.load(offered.kinds[0].id);
      } else if (offered.fields) {
        await this.load(undefined);
      }
    } catch (error) {
      this.post({ type: 'vendorFieldsFailed', message: toHelpdeskError(error).message });
    }
  }

  async load(kind: string | undefined): Promise<void> {
    if (kind !== undefined && !this.kinds?.some((known) => known.id === kind)) return;
    const generation = ++this.generation;
    try {
      const fields = await this.connection.run(async (provider) => (provider.createTicketFields ? provider.createTicketFields(kind) : []));
      if (generation !== this.generation) return;
      this.fields = fields;
      this.post({ type: 'vendorFields', ...(kind !== undefined ? { kind } : {}), fields: fields.map(fieldView) });
    } catch (error) {
      if (generation !== this.generation) return;
      this.fields = [];
      this.post({ type: 'vendorFieldsFailed', message: toHelpdeskError(error).message });
    }
  }

  /** Per field, why its value cannot go (required and empty, not a number, not one of the choices). */
  problems(values: FormValues): Record<string, string> {
    const problems: Record<string, string> = {};
    if (this.kinds && this.kinds.length > 0 && !this.kinds.some((kind) => kind.id === values.kind)) problems.kind = l10n.t('Choose one.');
    for (const field of this.fields) {
      const raw = values.vendorFields?.[field.name];
      const empty = raw === undefined || (typeof raw === 'string' && raw.trim() === '');
      if (empty) {
        if (field.required && field.type !== 'boolean') problems[field.name] = 'Required.';
        continue;
      }
      if (field.type === 'number' && !Number.isFinite(Number(raw))) problems[field.name] = l10n.t('Enter a number.');
      if (field.type === 'choice' && !field.options?.some((option) => option.id === raw)) problems[field.name] = l10n.t('Choose one of the options.');
    }
    return problems;
  }

  /** The draft's `kind` and `fields`, typed as the helpdesk describes them. */
  draftParts(values: FormValues): { kind?: string; fields?: Record<string, DraftFieldValue> } {
    const fields: Record<string, DraftFieldValue> = {};
    for (const field of this.fields) {
      const raw = values.vendorFields?.[field.name];
      if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) continue;
      if (field.type === 'boolean') fields[field.name] = raw === true || raw === 'true';
      else if (field.type === 'number') fields[field.name] = Number(raw);
      else fields[field.name] = typeof raw === 'string' ? raw.trim() : String(raw);
    }
    return {
      ...(this.kinds && values.kind !== undefined ? { kind: values.kind } : {}),
      ...(Object.keys(fields).length > 0 ? { fields } : {}),
    };
  }
}

function fieldView(field: DraftField): FormVendorField {
  const known = ['text', 'multiline', 'number', 'boolean', 'date', 'choice'];
  return {
    name: field.name,
    label: field.label,
    // A type this page does not know is asked for as text.
    type: known.includes(field.type) ? field.type : 'text',
    required: field.required,
    ...(field.options ? { options: field.options.map(({ id, name }) => ({ id, name })) } : {}),
    ...(field.description !== undefined ? { description: field.description } : {}),
    ...(field.defaultValue !== undefined ? { defaultValue: field.defaultValue } : {}),
  };
}
