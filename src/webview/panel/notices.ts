// Transient notes and non-blocking errors, stacked at the top of the viewport so they are
// seen wherever the user has scrolled.
import type { ErrorView } from '../../shared/protocol/panel';
import { button, h, icon } from '../common/dom';
import type { HostCommand } from './host';

const NOTICE_MS = 6000;

export class Notices {
  readonly element: HTMLElement;

  constructor(private readonly command: (command: HostCommand) => void) {
    this.element = h('div', { className: 'toasts', attrs: { 'aria-live': 'polite' } });
  }

  info(text: string): void {
    const toast = this.toast('info', 'info', text, undefined);
    setTimeout(() => toast.remove(), NOTICE_MS);
  }

  /** Errors stay until dismissed: the user may be looking elsewhere. */
  error(error: ErrorView, prefix: string): void {
    this.toast('error', 'error', `${prefix}${error.message}`, error.action);
  }

  private toast(kind: string, iconName: string, text: string, action: ErrorView['action']): HTMLElement {
    const toast = h('div', { className: `toast banner ${kind}`, attrs: { role: kind === 'error' ? 'alert' : 'status' } });
    toast.append(
      icon(iconName),
      h('span', { className: 'banner-text', text }),
      action ? button(action.label, undefined, 'secondary-button', () => {
        toast.remove();
        this.command(action.command);
      }) : '',
      h('button', { className: 'icon-button', title: 'Dismiss', attrs: { type: 'button', 'aria-label': 'Dismiss' }, on: { click: () => toast.remove() } }, icon('close')),
    );
    this.element.append(toast);
    return toast;
  }
}
