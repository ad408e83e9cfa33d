// The Create Ticket form's page. It says `ready`, fills itself from the host's `init`, and
// posts the values on Create; the host does the checking and the sending and answers with
// errors (per field where it can), so nothing typed is ever lost on a failure.
import { h, icon } from '../common/dom';
import { interceptLinks } from '../common/interceptLinks';
import { BusyBar } from '../common/busyBar';
import { MarkdownPreview } from '../common/markdownPreview';
import { ignoreUnhandled } from '../../shared/protocol/check';
import type { FormField, FormInit, FormOption, FormReference, FormValues, HostToForm } from '../../shared/protocol/createForm';
import { AttachmentsSection } from './attachmentsSection';
import { VendorFieldsSection } from './vendorFields';
import { connectToHost } from './host';

const host = connectToHost();
const app = document.getElementById('app') ?? document.body;
const isMac = /Mac|iPhone|iPad/.test(navigator.userAgent);
const submitKeys = isMac ? '⌘+Enter' : 'Ctrl+Enter';

interface Field<E extends HTMLElement> {
  readonly wrapper: HTMLElement;
  readonly control: E;
  readonly error: HTMLElement;
}

function field<E extends HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(name: FormField, label: string, control: E, hint?: string): Field<E> {
  const id = `field-${name}`;
  control.id = id;
  control.dataset.field = name;
  const error = h('div', { className: 'field-error', attrs: { id: `${id}-error`, role: 'alert' } });
  error.hidden = true;
  control.setAttribute('aria-describedby', `${id}-error`);
  const wrapper = h(
    'div',
    { className: `form-field form-field-${name}` },
    h('label', { className: 'form-label', text: label, attrs: { for: id } }),
    control,
    hint ? h('div', { className: 'form-hint', text: hint }) : null,
    error,
  );
  return { wrapper, control, error };
}

function textInput(placeholder = ''): HTMLInputElement {
  return h('input', { className: 'text-input', attrs: { type: 'text', placeholder, spellcheck: 'true', autocomplete: 'off' } });
}

function selectInput(): HTMLSelectElement {
  return h('select', { className: 'field-select' });
}

const busy = new BusyBar();
const title = h('h1', { className: 'form-title', text: 'New Ticket' });
const subtitle = h('div', { className: 'form-subtitle' });
const errorBanner = h('div', { className: 'banner error form-error', attrs: { role: 'alert' } });
errorBanner.hidden = true;

const subject = field('subject', 'Subject', textInput('What is wrong, in a line'));
subject.control.classList.add('subject-input');
const department = field('department', 'Department', selectInput());
const priority = field('priority', 'Priority', selectInput());
const agent = field('agent', 'Assign to', selectInput());
const requester = field('requester', 'Requester', textInput('You (or an email address)'), 'Leave empty to file it as yourself.');
requester.control.setAttribute('spellcheck', 'false');
const fieldsGrid = h('div', { className: 'form-grid' }, department.wrapper, priority.wrapper, agent.wrapper, requester.wrapper);
const vendor = new VendorFieldsSection((kind) => {
  saveValues();
  host.post({ type: 'kindChanged', kind });
});

const textarea = h('textarea', {
  className: 'composer-input body-input',
  attrs: { rows: '12', spellcheck: 'true', 'aria-label': 'Description' },
});
const body = { control: textarea, error: h('div', { className: 'field-error', attrs: { role: 'alert' } }) };
body.error.hidden = true;
// Rendered by the host, as what is sent (common/markdownPreview.ts).
const preview = new MarkdownPreview((seq, markdown) => host.post({ type: 'renderPreview', seq, markdown }));
const writeTab = tab('Write', true, () => showPreview(false));
const previewTab = tab('Preview', false, () => showPreview(true));
const location = h('div', { className: 'code-location' });
const bodySection = h(
  'div',
  { className: 'form-field form-field-body' },
  h('div', { className: 'form-label-row' }, h('label', { className: 'form-label', text: 'Description', attrs: { for: 'field-body' } }), location),
  h(
    'div',
    { className: 'composer-box' },
    h(
      'div',
      { className: 'composer-tabs', attrs: { role: 'tablist' } },
      writeTab,
      previewTab,
      h('span', { className: 'spacer' }),
      h('span', { className: 'composer-hint', title: 'The description is written in Markdown' }, icon('markdown'), h('span', { text: 'Markdown' })),
    ),
    textarea,
    preview.element,
  ),
  body.error,
);
textarea.id = 'field-body';
textarea.dataset.field = 'body';

const attachments = new AttachmentsSection({
  add: (source) => host.post({ type: 'addAttachment', source }),
  remove: (id) => host.post({ type: 'removeAttachment', id }),
});

const createButton = h('button', { className: 'primary-button create-button', attrs: { type: 'submit' } }, icon('issue-draft'), h('span', { className: 'button-label', text: 'Create Ticket' }));
const cancelButton = h('button', { className: 'secondary-button cancel-button', attrs: { type: 'button' }, on: { click: () => host.post({ type: 'cancel' }) } }, h('span', { className: 'button-label', text: 'Cancel' }));
const footer = h(
  'div',
  { className: 'form-footer' },
  h('span', { className: 'form-hint', text: `${submitKeys} to create` }),
  h('span', { className: 'spacer' }),
  cancelButton,
  createButton,
);

const form = h(
  'form',
  {
    className: 'ticket-form',
    attrs: { novalidate: 'true', 'aria-label': 'New ticket' },
    on: {
      submit: (event) => {
        event.preventDefault();
        submit();
      },
      input: () => saveValues(),
      change: () => saveValues(),
      keydown: (event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          submit();
        }
      },
    },
  },
  subject.wrapper,
  vendor.element,
  fieldsGrid,
  bodySection,
  attachments.element,
  footer,
);
form.hidden = true;

const boot = h('p', { className: 'boot', text: 'Preparing the ticket…' });
const page = h('main', { className: 'page create-ticket' }, h('header', { className: 'form-header' }, title, subtitle), errorBanner, boot, form);
app.replaceChildren(busy.element, page);
interceptLinks((href) => host.post({ type: 'openLink', href }));

let sending = false;
let requiredDepartment = false;
/** Values chosen before the lists arrived (or restored), applied once they do. */
let wanted: Pick<FormValues, 'department' | 'priority' | 'agent'> = {};

function tab(label: string, selected: boolean, onSelect: () => void): HTMLButtonElement {
  return h('button', {
    className: 'tab',
    text: label,
    attrs: { type: 'button', role: 'tab', 'aria-selected': String(selected) },
    on: {
      click: onSelect,
      // As in the ticket panel's reply box: the arrow keys move between Write and Preview.
      keydown: (event) => {
        if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
        event.preventDefault();
        const showingPreview = !preview.hidden;
        showPreview(!showingPreview);
        (showingPreview ? writeTab : previewTab).focus();
      },
    },
  });
}

function showPreview(show: boolean): void {
  if (show) {
    if (!textarea.hidden) preview.element.style.minHeight = `${textarea.offsetHeight}px`;
    preview.show(textarea.value);
  } else {
    preview.hide();
  }
  textarea.hidden = show;
  writeTab.setAttribute('aria-selected', String(!show));
  previewTab.setAttribute('aria-selected', String(show));
}

function values(): FormValues {
  const result: FormValues = { subject: subject.control.value, body: textarea.value };
  const optional = (key: 'department' | 'priority' | 'agent' | 'requester', control: HTMLInputElement | HTMLSelectElement, shown: boolean) => {
    const value = control.value.trim();
    if (shown && value !== '') result[key] = value;
  };
  const shown = (wrapper: HTMLElement) => !wrapper.hidden && !fieldsGrid.hidden;
  optional('department', department.control, shown(department.wrapper));
  optional('priority', priority.control, shown(priority.wrapper));
  optional('agent', agent.control, shown(agent.wrapper));
  optional('requester', requester.control, shown(requester.wrapper));
  return { ...result, ...vendor.values() };
}

function saveValues(): void {
  const current = values();
  wanted = { department: current.department ?? wanted.department, priority: current.priority ?? wanted.priority, agent: current.agent ?? wanted.agent };
  host.saveValues(current);
  clearFieldError(document.activeElement);
}

function submit(): void {
  if (sending) return;
  clearErrors();
  const current = values();
  if (current.subject.trim() === '') {
    showErrors('Enter a subject for the ticket.', { subject: 'Required.' });
    return;
  }
  setSending(true);
  host.post({ type: 'submit', values: current });
}

function setSending(on: boolean): void {
  sending = on;
  createButton.disabled = on;
  cancelButton.disabled = on;
  for (const control of [subject.control, department.control, priority.control, agent.control, requester.control]) control.disabled = on;
  vendor.setDisabled(on);
  textarea.readOnly = on;
  attachments.setDisabled(on);
}

const fieldsByName: Record<FormField, { control: HTMLElement; error: HTMLElement }> = {
  subject,
  body,
  department,
  priority,
  agent,
  requester,
};

function showErrors(message: string, fields?: Partial<Record<FormField, string>>, vendorErrors?: Record<string, string>): void {
  errorBanner.replaceChildren(
    icon('error'),
    h('span', { className: 'banner-text', text: message }),
    h('button', { className: 'icon-button', title: 'Dismiss', attrs: { type: 'button', 'aria-label': 'Dismiss' }, on: { click: () => (errorBanner.hidden = true) } }, icon('close')),
  );
  errorBanner.hidden = false;
  let first: HTMLElement | undefined;
  for (const [name, text] of Object.entries(fields ?? {}) as Array<[FormField, string]>) {
    const target = fieldsByName[name];
    // A field the page does not show (the helpdesk named it anyway): the banner says it.
    if (!target || target.control.closest('[hidden]')) continue;
    target.error.textContent = text;
    target.error.hidden = false;
    target.control.classList.add('invalid');
    target.control.setAttribute('aria-invalid', 'true');
    first ??= target.control;
  }
  if (vendorErrors) first ??= vendor.showErrors(vendorErrors);
  (first ?? errorBanner).scrollIntoView({ block: 'nearest' });
  first?.focus();
}

function clearFieldError(element: Element | null): void {
  if (!(element instanceof HTMLElement) || !element.classList.contains('invalid')) return;
  const name = element.dataset.field as FormField | undefined;
  const target = name ? fieldsByName[name] : undefined;
  element.classList.remove('invalid');
  element.removeAttribute('aria-invalid');
  if (target) target.error.hidden = true;
}

function clearErrors(): void {
  errorBanner.hidden = true;
  vendor.clearErrors();
  for (const target of Object.values(fieldsByName)) {
    target.error.hidden = true;
    target.control.classList.remove('invalid');
    target.control.removeAttribute('aria-invalid');
  }
}

function fillSelect(select: HTMLSelectElement, options: FormOption[], none: string, keep: string | undefined): void {
  select.replaceChildren(new Option(none, ''), ...options.map((option) => new Option(option.name, option.id)));
  if (keep !== undefined && options.some((option) => option.id === keep)) select.value = keep;
}

function init(data: FormInit): void {
  const saved = host.savedValues();
  subtitle.replaceChildren(icon('organization'), h('span', { text: data.instanceLabel }));
  subject.control.value = saved?.subject ?? data.subject;
  textarea.value = saved?.body ?? data.body;
  requester.control.value = saved?.requester ?? '';
  wanted = { department: saved?.department, priority: saved?.priority, agent: saved?.agent };

  const departmentLabel = data.fields.departmentLabel;
  department.wrapper.hidden = !departmentLabel;
  if (departmentLabel) department.wrapper.querySelector('label')!.textContent = data.fields.departmentRequired ? `${departmentLabel} *` : departmentLabel;
  requiredDepartment = data.fields.departmentRequired === true;
  priority.wrapper.hidden = !data.fields.priority;
  agent.wrapper.hidden = !data.fields.agent;
  for (const select of [department.control, priority.control, agent.control]) {
    select.replaceChildren(new Option('Loading…', ''));
    select.disabled = true;
  }

  location.replaceChildren(
    icon('file-code'),
    h('span', { className: 'code-caption', text: data.location.caption.replace(/`/g, '') }),
    ...(data.location.permalink
      ? [h('span', { className: 'separator', text: '·' }), h('a', { className: 'permalink', text: 'Permalink', title: data.location.permalink, attrs: { href: data.location.permalink } })]
      : data.location.note
        ? [h('span', { className: 'separator', text: '·' }), h('span', { className: 'permalink-note', text: data.location.note, title: data.location.note })]
        : []),
  );
  attachments.configure(data.offers, data.attachOnCreate, data.maxAttachmentBytes);
  boot.hidden = true;
  form.hidden = false;
  document.title = `New Ticket — ${data.instanceLabel}`;
  subject.control.focus();
  subject.control.select();
}

function reference(data: FormReference): void {
  fillSelect(department.control, data.departments, requiredDepartment ? '(choose)' : '(none)', wanted.department);
  fillSelect(priority.control, data.priorities, '(default)', wanted.priority);
  fillSelect(agent.control, data.agents, '(unassigned)', wanted.agent);
  for (const select of [department.control, priority.control, agent.control]) select.disabled = sending;
}

function referenceFailed(message: string): void {
  for (const select of [department.control, priority.control, agent.control]) {
    select.replaceChildren(new Option('(could not load)', ''));
    select.title = message;
    select.disabled = true;
  }
}

window.addEventListener('message', (event: MessageEvent<HostToForm | undefined>) => {
  const message = event.data;
  if (!message) return;
  switch (message.type) {
    case 'init':
      init(message.form);
      break;
    case 'reference':
      reference(message.reference);
      break;
    case 'referenceFailed':
      referenceFailed(message.message);
      break;
    case 'attachments':
      attachments.setAttached(message.attachments);
      break;
    case 'busy':
      busy.set(message.busy, message.label);
      if (!message.busy && sending) setSending(false);
      break;
    case 'error':
      setSending(false);
      showErrors(message.message, message.fields, message.vendorFields);
      break;
    case 'kinds':
      // A helpdesk with kinds of ticket asks for everything else in each kind's own fields
      // (its priority, board and contact among them): the general pickers would say it twice.
      fieldsGrid.hidden = true;
      vendor.setKinds(message.kinds, host.savedValues()?.kind);
      break;
    case 'vendorFields':
      vendor.setFields(message.fields, host.savedValues()?.vendorFields);
      break;
    case 'vendorFieldsFailed':
      vendor.failed(message.message);
      break;
    case 'values':
      subject.control.value = message.subject;
      textarea.value = message.body;
      preview.update(message.body);
      saveValues();
      break;
    case 'preview':
    case 'previewFailed':
      preview.answer(message);
      break;
    default:
      ignoreUnhandled(message);
  }
});

host.post({ type: 'ready' });
