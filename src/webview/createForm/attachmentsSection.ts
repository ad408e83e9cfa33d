// The form's attachments: a button per file the code offers (snippet, whole file, diff),
// "Other Files…", and the chosen files as chips with their sizes, each removable.
import { pendingAttachmentChip } from '../common/attachmentChip';
import { fileSize } from '../common/format';
import { h, icon } from '../common/dom';
import type { AttachmentSource, FormAttachmentView, SourceOffer } from '../../shared/protocol/createForm';

const SOURCE_ICONS: Record<AttachmentSource, string> = {
  snippet: 'file-code',
  file: 'file',
  diff: 'diff',
  picked: 'file',
};

export interface AttachmentActions {
  add(source: AttachmentSource): void;
  remove(id: string): void;
}

export class AttachmentsSection {
  readonly element: HTMLElement;
  private readonly offersRow: HTMLElement;
  private readonly chips: HTMLElement;
  private readonly hint: HTMLElement;
  private readonly unsupported: HTMLElement;
  private offers: SourceOffer[] = [];
  private attached: FormAttachmentView[] = [];
  private disabled = false;

  constructor(private readonly actions: AttachmentActions) {
    this.offersRow = h('div', { className: 'attach-offers', attrs: { role: 'group', 'aria-label': 'Attach' } });
    this.chips = h('div', { className: 'attached-files', attrs: { 'aria-label': 'Files to attach', role: 'list' } });
    this.hint = h('p', { className: 'form-hint' });
    this.unsupported = h('p', { className: 'form-hint', text: 'This helpdesk does not accept attachments on new tickets.' });
    this.unsupported.hidden = true;
    this.element = h(
      'section',
      { className: 'form-section attachments-section', attrs: { 'aria-labelledby': 'attachments-title' } },
      h('h2', { className: 'section-title', text: 'Attachments', attrs: { id: 'attachments-title' } }),
      this.unsupported,
      this.offersRow,
      this.chips,
      this.hint,
    );
  }

  configure(offers: SourceOffer[], attachOnCreate: boolean, limitBytes: number): void {
    this.offers = offers;
    this.unsupported.hidden = attachOnCreate;
    this.offersRow.hidden = !attachOnCreate;
    this.chips.hidden = !attachOnCreate;
    this.hint.hidden = !attachOnCreate;
    const limit = fileSize(limitBytes);
    this.hint.textContent = `Text files${limit ? ` up to ${limit} each` : ''}. Everything is checked for credentials before it is sent.`;
    this.render();
  }

  setAttached(attached: FormAttachmentView[]): void {
    this.attached = attached;
    this.render();
  }

  setDisabled(disabled: boolean): void {
    this.disabled = disabled;
    this.render();
  }

  private render(): void {
    const present = new Set(this.attached.map((file) => file.source));
    this.offersRow.replaceChildren(
      ...this.offers.map((offer) => this.offerButton(offer, present.has(offer.source))),
      this.pickButton(),
    );
    this.chips.replaceChildren(...this.attached.map((file) => this.chip(file)));
    this.chips.hidden = this.attached.length === 0 || this.offersRow.hidden;
  }

  private offerButton(offer: SourceOffer, attached: boolean): HTMLButtonElement {
    const detail = offer.unavailable ?? (attached ? 'Attached' : [offer.name, fileSize(offer.size)].filter(Boolean).join(' · '));
    const button = h(
      'button',
      {
        className: `attach-offer${offer.unavailable ? ' unavailable' : ''}`,
        title: offer.unavailable ?? (attached ? `${offer.name} is attached` : `Attach ${offer.name}`),
        attrs: { type: 'button', 'data-source': offer.source },
        on: { click: () => this.actions.add(offer.source) },
      },
      icon(attached ? 'check' : SOURCE_ICONS[offer.source], 'attach-offer-icon'),
      h('span', { className: 'attach-offer-text' }, h('span', { className: 'attach-offer-label', text: offer.label }), h('span', { className: 'attach-offer-detail', text: detail })),
    );
    button.disabled = this.disabled || attached || offer.unavailable !== undefined;
    return button;
  }

  private pickButton(): HTMLButtonElement {
    const button = h(
      'button',
      { className: 'attach-offer', title: 'Attach files from disk', attrs: { type: 'button', 'data-source': 'picked' }, on: { click: () => this.actions.add('picked') } },
      icon('folder-opened', 'attach-offer-icon'),
      h('span', { className: 'attach-offer-text' }, h('span', { className: 'attach-offer-label', text: 'Other Files…' }), h('span', { className: 'attach-offer-detail', text: 'Choose from disk' })),
    );
    button.disabled = this.disabled;
    return button;
  }

  private chip(file: FormAttachmentView): HTMLElement {
    return pendingAttachmentChip({
      name: file.name,
      size: file.size,
      iconName: SOURCE_ICONS[file.source],
      attrs: { role: 'listitem' },
      onRemove: () => !this.disabled && this.actions.remove(file.id),
    });
  }
}
