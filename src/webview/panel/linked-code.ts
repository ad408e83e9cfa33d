// "Linked code": the places in the workspace that were sent to this ticket (Add Selection to
// Ticket, New Ticket from Selection). One quiet line each; a click opens the code in an
// editor through the host. Hidden while there are none.
import type { LinkedCodeItem } from '../../shared/protocol/panel';
import { button, h, icon, setVisible } from '../common/dom';

/** More than this and the rest wait behind "Show all", so the conversation stays in view. */
const SHOWN_AT_FIRST = 5;

export function lineRange(link: Pick<LinkedCodeItem, 'startLine' | 'endLine'>): string {
  return link.endLine > link.startLine ? `${link.startLine}-${link.endLine}` : `${link.startLine}`;
}

function splitPath(file: string): { name: string; folder: string } {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? { name: file, folder: '' } : { name: file.slice(slash + 1), folder: file.slice(0, slash) };
}

export class LinkedCode {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly count: HTMLElement;
  private readonly more: HTMLButtonElement;
  private links: LinkedCodeItem[] = [];
  private expanded = false;

  constructor(private readonly open: (linkId: string) => void) {
    this.count = h('span', { className: 'count-badge' });
    this.list = h('ul', { className: 'linked-code-list', attrs: { 'aria-label': 'Linked code' } });
    this.more = button('', undefined, 'link-button linked-code-more', () => {
      this.expanded = !this.expanded;
      this.render();
    });
    this.element = h(
      'section',
      { className: 'linked-code', attrs: { 'aria-label': 'Linked code' } },
      h('div', { className: 'section-header' }, h('h2', { className: 'section-title', text: 'Linked code' }), this.count),
      this.list,
      this.more,
    );
    setVisible(this.element, false);
  }

  set(links: LinkedCodeItem[]): void {
    this.links = links;
    this.render();
  }

  private render(): void {
    const shown = this.expanded ? this.links : this.links.slice(0, SHOWN_AT_FIRST);
    this.list.replaceChildren(...shown.map((link) => h('li', {}, this.item(link))));
    this.count.textContent = String(this.links.length);
    const hiddenCount = this.links.length - SHOWN_AT_FIRST;
    setVisible(this.more, hiddenCount > 0);
    this.more.textContent = this.expanded ? 'Show fewer' : `Show ${hiddenCount} more`;
    setVisible(this.element, this.links.length > 0);
  }

  private item(link: LinkedCodeItem): HTMLButtonElement {
    const { name, folder } = splitPath(link.file);
    const lines = lineRange(link);
    const where = `${link.file}:${lines}`;
    return h(
      'button',
      {
        className: `linked-code-item${link.stale ? ' stale' : ''}`,
        title: link.stale ? `${where} — the code has moved or was removed since it was linked` : `Open ${where}`,
        attrs: { type: 'button' },
        on: { click: () => this.open(link.id) },
      },
      icon(link.stale ? 'warning' : 'file-code'),
      h('span', { className: 'linked-code-name', text: name }),
      h('span', { className: 'linked-code-lines', text: `:${lines}` }),
      folder ? h('span', { className: 'linked-code-folder', text: folder }) : null,
      link.stale ? h('span', { className: 'linked-code-stale', text: 'code moved or removed' }) : null,
    );
  }
}
