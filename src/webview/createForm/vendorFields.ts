// The helpdesk's own part of the create form: a kind of ticket to pick (where the helpdesk
// has kinds) and the fields it asks for, drawn from what the host sends and read back as text.
import type { FormOption, FormValues, FormVendorField } from '../../shared/protocol/createForm';
import { h } from '../common/dom';

interface Control {
  field: FormVendorField;
  element: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  error: HTMLElement;
}

export class VendorFieldsSection {
  readonly element: HTMLElement;
  private readonly kindWrapper: HTMLElement;
  private readonly kindSelect: HTMLSelectElement;
  private readonly kindError: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly status: HTMLElement;
  private controls: Control[] = [];
  private hasKinds = false;
  /** Typed values kept across a change of kind, so a field both kinds have keeps its text. */
  private typed: Record<string, string | boolean> = {};

  constructor(private readonly kindChanged: (kind: string) => void) {
    this.kindSelect = h('select', {
      className: 'field-select',
      attrs: { id: 'field-kind', 'aria-describedby': 'field-kind-error' },
      on: { change: () => this.kindChanged(this.kindSelect.value) },
    });
    this.kindError = h('div', { className: 'field-error', attrs: { id: 'field-kind-error', role: 'alert' } });
    this.kindError.hidden = true;
    this.kindWrapper = h(
      'div',
      { className: 'form-field form-field-kind' },
      h('label', { className: 'form-label', text: 'Type', attrs: { for: 'field-kind' } }),
      this.kindSelect,
      this.kindError,
    );
    this.kindWrapper.hidden = true;
    this.grid = h('div', { className: 'form-grid vendor-fields' });
    this.status = h('div', { className: 'form-hint vendor-fields-status', attrs: { role: 'status' } });
    this.status.hidden = true;
    this.element = h('div', { className: 'vendor-section' }, this.kindWrapper, this.grid, this.status);
  }

  setKinds(kinds: FormOption[], keep: string | undefined): void {
    this.hasKinds = true;
    this.kindSelect.replaceChildren(...kinds.map((kind) => new Option(kind.name, kind.id)));
    if (keep !== undefined && kinds.some((kind) => kind.id === keep)) this.kindSelect.value = keep;
    this.kindWrapper.hidden = false;
    // The host loads the first kind's fields; ask for the kept one's instead.
    if (keep !== undefined && this.kindSelect.value === keep && kinds[0]?.id !== keep) this.kindChanged(keep);
  }

  setFields(fields: FormVendorField[], saved: Record<string, string | boolean> | undefined): void {
    this.remember();
    if (saved) this.typed = { ...saved, ...this.typed };
    this.status.hidden = true;
    this.controls = fields.map((field) => this.control(field));
    this.grid.replaceChildren(...this.controls.map((control) => this.wrap(control)));
  }

  failed(message: string): void {
    this.status.textContent = `The helpdesk’s own fields could not be loaded: ${message}`;
    this.status.hidden = false;
  }

  values(): Pick<FormValues, 'kind' | 'vendorFields'> {
    this.remember();
    const vendorFields: Record<string, string | boolean> = {};
    for (const { field, element } of this.controls) {
      vendorFields[field.name] = field.type === 'boolean' ? (element as HTMLInputElement).checked : element.value;
    }
    return {
      ...(this.hasKinds ? { kind: this.kindSelect.value } : {}),
      ...(this.controls.length > 0 ? { vendorFields } : {}),
    };
  }

  setDisabled(disabled: boolean): void {
    this.kindSelect.disabled = disabled;
    for (const { element } of this.controls) element.disabled = disabled;
  }

  /** Puts the host's per-field messages next to the fields; false when none of them is shown here. */
  showErrors(errors: Record<string, string>): HTMLElement | undefined {
    let first: HTMLElement | undefined;
    const show = (element: HTMLElement, error: HTMLElement, text: string) => {
      error.textContent = text;
      error.hidden = false;
      element.classList.add('invalid');
      element.setAttribute('aria-invalid', 'true');
      first ??= element;
    };
    if (errors.kind && this.hasKinds) show(this.kindSelect, this.kindError, errors.kind);
    for (const control of this.controls) {
      const text = errors[control.field.name];
      if (text) show(control.element, control.error, text);
    }
    return first;
  }

  clearErrors(): void {
    for (const [element, error] of [[this.kindSelect, this.kindError] as const, ...this.controls.map((c) => [c.element, c.error] as const)]) {
      error.hidden = true;
      element.classList.remove('invalid');
      element.removeAttribute('aria-invalid');
    }
  }

  private remember(): void {
    for (const { field, element } of this.controls) {
      this.typed[field.name] = field.type === 'boolean' ? (element as HTMLInputElement).checked : element.value;
    }
  }

  private control(field: FormVendorField): Control {
    const id = `vendor-${field.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const kept = this.typed[field.name];
    const initial = kept ?? field.defaultValue;
    let element: Control['element'];
    switch (field.type) {
      case 'multiline':
        element = h('textarea', { className: 'text-input', attrs: { rows: '3' } });
        break;
      case 'boolean':
        element = h('input', { attrs: { type: 'checkbox' } });
        (element as HTMLInputElement).checked = initial === true || initial === 'true';
        break;
      case 'choice': {
        const select = h('select', { className: 'field-select' });
        select.append(new Option(field.required ? '(choose)' : '(none)', ''), ...(field.options ?? []).map((option) => new Option(option.name, option.id)));
        element = select;
        break;
      }
      case 'number':
        element = h('input', { className: 'text-input', attrs: { type: 'number', step: 'any' } });
        break;
      case 'date':
        element = h('input', { className: 'text-input', attrs: { type: 'date' } });
        break;
      default:
        element = h('input', { className: 'text-input', attrs: { type: 'text', autocomplete: 'off' } });
    }
    if (field.type !== 'boolean' && initial !== undefined) element.value = String(initial);
    element.id = id;
    element.dataset.vendorField = field.name;
    element.setAttribute('aria-describedby', `${id}-error`);
    if (field.required) element.setAttribute('aria-required', 'true');
    const error = h('div', { className: 'field-error', attrs: { id: `${id}-error`, role: 'alert' } });
    error.hidden = true;
    element.addEventListener('input', () => {
      error.hidden = true;
      element.classList.remove('invalid');
      element.removeAttribute('aria-invalid');
    });
    return { field, element, error };
  }

  private wrap({ field, element, error }: Control): HTMLElement {
    const label = h('label', { className: 'form-label', text: field.required ? `${field.label} *` : field.label, attrs: { for: element.id } });
    if (field.type === 'boolean') {
      return h('div', { className: 'form-field vendor-field checkbox-field' }, h('label', { className: 'checkbox' }, element, h('span', { text: field.label })), error);
    }
    return h('div', { className: 'form-field vendor-field' }, label, element, field.description ? h('div', { className: 'form-hint', text: field.description }) : null, error);
  }
}
