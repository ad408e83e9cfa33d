// When the ticket cannot be loaded at all, the whole panel says why and offers the fix,
// rather than staying blank with the reason only in a log.
import type { ErrorView } from '../../shared/protocol/panel';
import { button, h, icon } from '../common/dom';
import type { HostCommand } from './host';

const headings: Partial<Record<ErrorView['kind'], [string, string]>> = {
  auth: ['Credentials rejected', 'key'],
  forbidden: ['Access denied', 'lock'],
  notFound: ['Ticket not found', 'search'],
  network: ['Cannot reach the helpdesk', 'debug-disconnect'],
  timeout: ['The helpdesk did not answer in time', 'watch'],
  rateLimited: ['Too many requests', 'watch'],
  maintenance: ['The helpdesk is under maintenance', 'tools'],
  server: ['The helpdesk ran into a problem', 'error'],
  protocol: ['Unexpected answer from the helpdesk', 'question'],
  config: ['The connection settings need attention', 'settings-gear'],
};

export function renderLoadError(error: ErrorView, command: (command: HostCommand) => void): HTMLElement {
  const [title, iconName] = headings[error.kind] ?? ['Could not load the ticket', 'error'];
  const action = error.action;
  return h(
    'div',
    { className: 'load-error', attrs: { role: 'alert' } },
    icon(iconName, 'load-error-icon'),
    h('h1', { className: 'load-error-title', text: title }),
    h('p', { className: 'load-error-message', text: error.message }),
    h(
      'div',
      { className: 'load-error-actions' },
      action ? button(action.label, undefined, 'primary-button', () => command(action.command)) : null,
      action?.command !== 'retry' ? button('Retry', 'refresh', action ? 'secondary-button' : 'primary-button', () => command('retry')) : null,
    ),
  );
}
