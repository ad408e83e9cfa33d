// A file waiting to be sent, shown as a chip: icon, name, size and a button that removes
// it. The ticket panel's reply box and the Create Ticket form show the same chip.
import { h, icon } from './dom';
import { fileSize } from './format';

export interface PendingChip {
  name: string;
  /** Bytes. */
  size: number;
  /** The codicon name. */
  iconName: string;
  onRemove(): void;
  /** Extra attributes of the chip itself, such as its role in a list. */
  attrs?: Record<string, string>;
}

export function pendingAttachmentChip(chip: PendingChip): HTMLElement {
  return h(
    'span',
    { className: 'attachment-chip pending', title: chip.name, ...(chip.attrs && { attrs: chip.attrs }) },
    icon(chip.iconName),
    h('span', { className: 'attachment-name', text: chip.name }),
    h('span', { className: 'attachment-size', text: fileSize(chip.size) }),
    h(
      'button',
      {
        className: 'chip-remove',
        title: `Remove ${chip.name}`,
        attrs: { type: 'button', 'aria-label': `Remove ${chip.name}` },
        on: { click: () => chip.onRemove() },
      },
      icon('close'),
    ),
  );
}
