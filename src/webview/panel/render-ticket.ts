// The panel's header: subject, status pill, the ticket's fields (editable where the
// helpdesk allows) and the actions that act on the whole ticket.
import type { CopyWhat, HostToWebview, Option, WebviewToHost } from '../../shared/protocol/panel';
import { button, h, icon } from '../common/dom';
import { statusClass, statusIcon } from './status';
import { timeElement } from './time';

export type TicketMessage = Extract<HostToWebview, { type: 'ticket' }>;
type UpdateField = Extract<WebviewToHost, { type: 'update' }>['field'];

export interface HeaderActions {
  update(field: UpdateField, value: string | null): void;
  openInBrowser(): void;
  refresh(): void;
  jumpToReply(): void;
  copy(what: CopyWhat): void;
}

export function statusPill(name: string, kind: string): HTMLElement {
  return h('span', { className: `status-pill ${statusClass(kind)}`, title: `Status: ${name}` }, icon(statusIcon(kind)), h('span', { text: name }));
}

/** The value chosen in the dropdown is what the helpdesk will get: "" stands for "nobody". */
const NONE = '';

function selectFor(
  field: UpdateField,
  label: string,
  options: Option[],
  current: Option | undefined,
  noneLabel: string | undefined,
  actions: HeaderActions,
): HTMLSelectElement {
  const select = h('select', { className: 'field-select', attrs: { 'aria-label': label, 'data-field': field } });
  const known = new Set(options.map((option) => option.id));
  if (noneLabel !== undefined) select.append(new Option(noneLabel, NONE));
  // The current value may be missing from the lists (they failed to load, or it is retired).
  if (current && !known.has(current.id)) select.append(new Option(current.name, current.id));
  for (const option of options) select.append(new Option(option.name, option.id));
  select.value = current?.id ?? NONE;
  const initial = select.value;
  select.addEventListener('change', () => {
    if (select.value === initial) return;
    // Disabled until the host answers with the saved ticket (or puts the old value back).
    select.disabled = true;
    select.classList.add('saving');
    actions.update(field, select.value === NONE ? null : select.value);
  });
  return select;
}

function field(label: string, value: Node | string | undefined, className = ''): HTMLElement | null {
  if (value === undefined || value === '') return null;
  return h('div', { className: `field ${className}`.trim() }, h('dt', { text: label }), h('dd', {}, value));
}

function iconButton(iconName: string, label: string, title: string, onClick: () => void): HTMLButtonElement {
  const element = button('', iconName, 'icon-button ticket-copy', onClick, title);
  element.setAttribute('aria-label', label);
  return element;
}

function muted(text: string): HTMLElement {
  return h('span', { className: 'muted', text });
}

export function renderHeader(message: TicketMessage, actions: HeaderActions): HTMLElement {
  const { ticket, capabilities } = message;
  const departmentLabel = capabilities.departmentLabel ?? 'Department';

  // Read-only, the status is already the pill under the subject.
  const statusValue =
    capabilities.changeStatus && message.statuses.length > 0
      ? selectFor('status', 'Status', message.statuses, ticket.status, undefined, actions)
      : undefined;
  const priorityValue =
    capabilities.priority && message.priorities.length > 0
      ? selectFor('priority', 'Priority', message.priorities, ticket.priority, ticket.priority ? undefined : 'None', actions)
      : (ticket.priority?.name ?? muted('None'));
  const agentValue =
    capabilities.assign && message.agents.length > 0
      ? selectFor('agent', 'Agent', message.agents, ticket.agent, 'Unassigned', actions)
      : (ticket.agent?.name ?? muted('Unassigned'));
  const departmentValue =
    capabilities.departmentLabel !== undefined && capabilities.changeDepartment !== false && message.departments.length > 0
      ? selectFor('department', departmentLabel, message.departments, ticket.department, ticket.department ? undefined : 'None', actions)
      : ticket.department?.name;

  const labels =
    ticket.labels.length > 0
      ? h('span', { className: 'labels' }, ...ticket.labels.map((label) => h('span', { className: 'label-chip' }, icon('tag'), h('span', { text: label }))))
      : undefined;

  const subtitle = h(
    'div',
    { className: 'ticket-subtitle' },
    statusPill(ticket.status.name, ticket.status.kind),
    h('span', { className: 'ticket-ref', text: ticket.ref }),
    h('span', { className: 'separator', text: '·' }),
    h('span', { className: 'ticket-instance', text: ticket.instanceLabel }),
  );
  // Dates on a line of their own, each with a codicon instead of a separator, so a
  // narrow panel wraps them without a dangling dot.
  const dates = h(
    'div',
    { className: 'ticket-dates' },
    h('span', {}, icon('calendar'), ' Opened ', timeElement(ticket.createdAt), ticket.requester ? ` by ${ticket.requester}` : ''),
    h('span', {}, icon('history'), ' Updated ', timeElement(ticket.updatedAt)),
  );

  const toolbar = h(
    'div',
    { className: 'ticket-actions', attrs: { role: 'toolbar', 'aria-label': 'Ticket actions' } },
    button('Reply', 'reply', 'action-button', actions.jumpToReply, 'Jump to the reply box'),
    ticket.webUrl ? button('Open in Browser', 'link-external', 'action-button', actions.openInBrowser) : null,
    button('Refresh', 'refresh', 'action-button', actions.refresh),
    // Icon-only, as editor title actions are: the labels are in the tooltip and for screen readers.
    ticket.webUrl ? iconButton('link', 'Copy Link', `Copy the ticket’s web address`, () => actions.copy('link')) : null,
    iconButton('copy', 'Copy Reference', `Copy ${ticket.ref || 'the ticket’s reference'} as code refers to it`, () => actions.copy('reference')),
  );

  return h(
    'header',
    { className: 'ticket-header' },
    h('div', { className: 'ticket-title-row' }, h('h1', { className: 'ticket-subject', text: ticket.subject || '(no subject)' }), toolbar),
    subtitle,
    dates,
    h(
      'dl',
      { className: 'ticket-fields' },
      field('Status', statusValue),
      field('Priority', priorityValue),
      field('Agent', agentValue),
      field(departmentLabel, departmentValue),
      field('Requester', ticket.requester ?? muted('Unknown')),
      field('Labels', labels, 'field-wide'),
    ),
  );
}
