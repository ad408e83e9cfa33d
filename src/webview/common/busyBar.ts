// The thin busy bar VS Code itself uses, for any page that waits on its host.
import { h } from './dom';

export class BusyBar {
  readonly element: HTMLElement;
  private readonly label: HTMLElement;

  constructor() {
    this.label = h('span', { className: 'visually-hidden', attrs: { 'aria-live': 'polite' } });
    this.element = h('div', { className: 'busy-bar', attrs: { role: 'progressbar', 'aria-hidden': 'true' } }, h('div', { className: 'busy-bar-slider' }));
    this.element.append(this.label);
  }

  set(busy: boolean, label?: string): void {
    this.element.classList.toggle('active', busy);
    this.element.setAttribute('aria-hidden', String(!busy));
    this.element.title = busy ? (label ?? 'Working…') : '';
    this.label.textContent = busy ? (label ?? 'Working…') : '';
  }
}
