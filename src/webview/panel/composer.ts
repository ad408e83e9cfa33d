// The reply box: Markdown with a preview the host renders with the very function it uses
// for the HTML it sends, then sanitizes as ticket bodies (common/markdownPreview); an
// internal-note switch, attachments, "and set status to", and a draft that survives reloads
// (webview state at once, the host's store debounced).
import { appendMarkdown, type ConflictView, type Draft, type ErrorView, type PendingAttachment, type StatusOption } from '../../shared/protocol/panel';
import type { PreviewAnswer } from '../../shared/protocol/preview';
import { pendingAttachmentChip } from '../common/attachmentChip';
import { button, h, icon, setVisible } from '../common/dom';
import { fileSize, plural } from '../common/format';
import { MarkdownPreview } from '../common/markdownPreview';
import type { HostCommand } from './host';
import type { TicketMessage } from './render-ticket';
import { insertionAt } from './text-insert';
import { timeElement } from './time';

export interface ComposerActions {
  /** Keeps the draft in the webview's state (cheap; survives the page being rebuilt). */
  saveDraft(draft: Draft): void;
  /** Tells the host (debounced), which keeps drafts across windows and restarts. */
  draftChanged(draft: Draft): void;
  /** `acknowledged`: the conflict warning the user chose to send anyway. */
  send(draft: Draft, acknowledged?: number): void;
  /** Reloads the ticket; the draft stays as it is. */
  refresh(): void;
  pickAttachments(): void;
  removeAttachment(id: string): void;
  /** Asks the host to offer the canned replies; the choice comes back through insertText. */
  pickCannedReply(): void;
  command(command: HostCommand): void;
  /** Asks the host for the preview of `markdown`; the answer comes back through previewAnswer. */
  renderPreview(seq: number, markdown: string): void;
}

const DRAFT_DEBOUNCE_MS = 300;
const isMac = /Mac|iPhone|iPad/.test(navigator.userAgent);
const sendKeys = isMac ? '⌘+Enter' : 'Ctrl+Enter';

export class Composer {
  readonly element: HTMLElement;
  private readonly textarea: HTMLTextAreaElement;
  private readonly preview: MarkdownPreview;
  private readonly writeTab: HTMLButtonElement;
  private readonly previewTab: HTMLButtonElement;
  private readonly internalToggle: HTMLLabelElement;
  private readonly internalBox: HTMLInputElement;
  private readonly attachButton: HTMLButtonElement;
  private readonly cannedButton: HTMLButtonElement;
  private readonly statusLabel: HTMLLabelElement;
  private readonly statusSelect: HTMLSelectElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly sendLabel: HTMLElement;
  private readonly sendIcon: HTMLElement;
  private readonly pendingList: HTMLElement;
  private readonly errorBox: HTMLElement;
  /** The ticket changed while the reply was written: what changed, Send anyway / Refresh first. */
  private readonly conflictBox: HTMLElement;
  /** The warning on screen: sending again while it shows is sending anyway. */
  private conflictId: number | undefined;
  /** Where the helpdesk takes no replies through its API: why, and the way to its own page. */
  private readonly unavailableBox: HTMLElement;
  private readonly unavailableText: HTMLElement;
  private readonly box: HTMLElement;
  private readonly footer: HTMLElement;
  private attachments: PendingAttachment[] = [];
  private ready = false;
  private sending = false;
  /**
   * The box holds words the host may not have yet: typed since the page loaded, or restored
   * from the webview state (saved on every keystroke, while the host hears of it debounced).
   * The host's copy of the draft is then older and must not replace it.
   */
  private local = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private wantedStatus: string | undefined;

  constructor(private readonly actions: ComposerActions) {
    this.textarea = h('textarea', {
      className: 'composer-input',
      attrs: { 'aria-label': 'Reply', rows: '6', spellcheck: 'true' },
      on: {
        input: () => this.changed(),
        keydown: (event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            this.send();
          }
        },
      },
    });
    this.preview = new MarkdownPreview((seq, markdown) => actions.renderPreview(seq, markdown));
    this.writeTab = this.tab('Write', true, () => this.showPreview(false));
    this.previewTab = this.tab('Preview', false, () => this.showPreview(true));

    this.internalBox = h('input', { attrs: { type: 'checkbox' }, on: { change: () => this.changed() } });
    this.internalToggle = h(
      'label',
      { className: 'checkbox internal-toggle', title: 'Only agents will see this note' },
      this.internalBox,
      icon('lock'),
      h('span', { text: 'Internal note' }),
    );
    this.attachButton = button('Attach Files…', 'attach', 'secondary-button', () => actions.pickAttachments());
    this.cannedButton = button(
      'Canned Reply…',
      'comment-discussion-quote',
      'secondary-button canned-reply-button',
      () => actions.pickCannedReply(),
      'Insert one of the helpdesk’s canned replies at the cursor',
    );
    this.cannedButton.hidden = true;
    this.statusSelect = h('select', { className: 'field-select', attrs: { 'aria-label': 'Status after sending' }, on: { change: () => this.changed() } });
    this.statusLabel = h('label', { className: 'status-on-reply' }, h('span', { text: 'and set status to' }), this.statusSelect);
    this.sendIcon = icon('send');
    this.sendLabel = h('span', { className: 'button-label', text: 'Send Reply' });
    this.sendButton = h('button', { className: 'primary-button send-button', attrs: { type: 'button' }, on: { click: () => this.send() } }, this.sendIcon, this.sendLabel);
    this.pendingList = h('div', { className: 'pending-attachments', attrs: { role: 'group', 'aria-label': 'Files to attach' } });
    this.errorBox = h('div', { className: 'banner error composer-error', attrs: { role: 'alert' } });
    this.errorBox.hidden = true;
    this.conflictBox = h('div', { className: 'banner warning conflict-warning', attrs: { role: 'alert' } });
    this.conflictBox.hidden = true;
    this.unavailableText = h('span', { className: 'banner-text' });
    this.unavailableBox = h(
      'div',
      { className: 'banner info reply-unavailable', attrs: { role: 'note' } },
      icon('info'),
      this.unavailableText,
      button('Open in Browser', 'link-external', 'secondary-button', () => actions.command('openInBrowser')),
    );
    this.unavailableBox.hidden = true;

    this.box = h(
      'div',
      { className: 'composer-box' },
      h(
        'div',
        { className: 'composer-tabs', attrs: { role: 'tablist' } },
        this.writeTab,
        this.previewTab,
        h('span', { className: 'spacer' }),
        h('span', { className: 'composer-hint', title: 'Replies are written in Markdown' }, icon('markdown'), h('span', { text: `Markdown · ${sendKeys} to send` })),
      ),
      this.textarea,
      this.preview.element,
      this.pendingList,
    );
    this.footer = h(
      'div',
      { className: 'composer-footer' },
      this.internalToggle,
      this.attachButton,
      this.cannedButton,
      h('span', { className: 'spacer' }),
      this.statusLabel,
      this.sendButton,
    );
    this.element = h(
      'section',
      { className: 'composer', attrs: { 'aria-label': 'Reply' } },
      h('h2', { className: 'section-title', text: 'Reply' }),
      this.errorBox,
      this.conflictBox,
      this.unavailableBox,
      this.box,
      this.footer,
    );
    this.refresh();
  }

  /** Called with every ticket message: capabilities and lists may change on refresh. */
  configure(message: TicketMessage): void {
    const { capabilities, ticket } = message;
    this.ready = true;
    // No reply box at all where the helpdesk cannot take one: a box that fails on Send is worse.
    const unavailable = capabilities.replyUnavailable;
    this.unavailableText.textContent = unavailable ?? '';
    this.unavailableBox.hidden = unavailable === undefined;
    this.box.hidden = unavailable !== undefined;
    this.footer.hidden = unavailable !== undefined;
    this.textarea.disabled = unavailable !== undefined;
    setVisible(this.internalToggle, capabilities.internalNotes);
    if (!capabilities.internalNotes) this.internalBox.checked = false;
    setVisible(this.attachButton, capabilities.attachOnReply);
    const limit = fileSize(message.maxAttachmentBytes);
    this.attachButton.title = limit ? `Attach files (up to ${limit} each)` : 'Attach files';
    setVisible(this.cannedButton, capabilities.cannedReplies);

    const offerStatus = capabilities.statusOnReply && message.statuses.length > 0;
    setVisible(this.statusLabel, offerStatus);
    if (offerStatus) this.fillStatuses(message.statuses, ticket.status);
    this.refresh();
  }

  /**
   * From the saved webview state (source 'state') or the host's store ('host'). `appended`:
   * what the host added to its copy while this page was away; words of our own that are newer
   * than the host's copy keep their place and get those pieces added instead.
   */
  restore(draft: Draft, source: 'state' | 'host', appended: string[] = []): void {
    if (source === 'host' && this.local) {
      if (appended.length > 0) this.setTextAtEnd(appended.reduce(appendMarkdown, this.textarea.value));
      return;
    }
    if (source === 'state') this.local = draft.markdown !== '';
    this.textarea.value = draft.markdown;
    this.internalBox.checked = draft.internal;
    this.wantedStatus = draft.newStatus;
    if (draft.newStatus !== undefined && [...this.statusSelect.options].some((o) => o.value === draft.newStatus)) {
      this.statusSelect.value = draft.newStatus;
    }
    this.refresh();
  }

  setAttachments(attachments: PendingAttachment[]): void {
    this.attachments = attachments;
    this.pendingList.replaceChildren(
      ...attachments.map((attachment) =>
        pendingAttachmentChip({ name: attachment.name, size: attachment.size, iconName: 'file', onRemove: () => this.actions.removeAttachment(attachment.id) }),
      ),
    );
    setVisible(this.pendingList, attachments.length > 0);
    this.refresh();
  }

  /** Markdown the host adds (Add Selection to Ticket): at the end, after a blank line. */
  append(markdown: string): void {
    this.setTextAtEnd(appendMarkdown(this.textarea.value, markdown));
  }

  /** A canned reply: at the cursor (replacing a selection), as a paragraph of its own at a line's edge. */
  insertText(text: string): void {
    if (this.sending || text === '') return;
    this.showPreview(false);
    const start = this.textarea.selectionStart;
    const end = this.textarea.selectionEnd;
    const insertion = insertionAt(this.textarea.value, start, end, text);
    this.textarea.focus({ preventScroll: true });
    this.textarea.setSelectionRange(start, end);
    // execCommand keeps the insertion on the textarea's undo stack (Ctrl+Z takes it back) and
    // fires `input`; setRangeText is the fallback where the command is unavailable.
    const inserted = document.execCommand('insertText', false, insertion.text);
    if (!inserted || this.textarea.value.slice(start, start + insertion.text.length) !== insertion.text) {
      this.textarea.setRangeText(insertion.text, start, end, 'end');
      this.changed();
    }
    const caret = start + insertion.caretOffset;
    this.textarea.setSelectionRange(caret, caret);
  }

  /** Errors about sending or attaching: shown above the box, the text stays as written. */
  showError(error: ErrorView): void {
    this.sending = false;
    const action = error.action;
    this.errorBox.replaceChildren(
      icon('error'),
      h('span', { className: 'banner-text', text: error.message }),
      ...(action ? [button(action.label, undefined, 'secondary-button', () => this.actions.command(action.command))] : []),
      h('button', { className: 'icon-button', title: 'Dismiss', attrs: { type: 'button', 'aria-label': 'Dismiss' }, on: { click: () => this.clearError() } }, icon('close')),
    );
    this.errorBox.hidden = false;
    this.refresh();
  }

  /** Not sent: the ticket changed on the helpdesk since the reply was begun. The text stays. */
  showConflict(conflict: ConflictView): void {
    this.sending = false;
    const items: HTMLElement[] = [
      ...conflict.messages.map((message) =>
        h(
          'li',
          { className: 'conflict-message' },
          icon(message.internal ? 'lock' : 'comment'),
          h('span', { text: ` ${message.internal ? 'Internal note' : 'New message'} from ` }),
          h('strong', { text: message.author }),
          h('span', { text: ' · ' }),
          timeElement(message.createdAt),
        ),
      ),
      ...conflict.changes.map((change) =>
        h(
          'li',
          { className: 'conflict-change', attrs: { 'data-field': change.field } },
          icon('edit'),
          h('span', { text: ` ${change.label}: ` }),
          h('s', { className: 'conflict-from', text: change.from }),
          h('span', { text: ' → ' }),
          h('strong', { className: 'conflict-to', text: change.to }),
        ),
      ),
    ];
    const news = [
      conflict.messages.length > 0 ? plural(conflict.messages.length, 'new message') : '',
      conflict.changes.length > 0 ? plural(conflict.changes.length, 'change') : '',
    ].filter(Boolean);
    this.conflictBox.replaceChildren(
      icon('warning'),
      h(
        'div',
        { className: 'banner-text' },
        h('p', { className: 'conflict-title', text: `This ticket changed while you were writing (${news.join(', ')}). Your reply has not been sent.` }),
        h('ul', { className: 'conflict-list' }, ...items),
        h(
          'div',
          { className: 'conflict-actions' },
          button('Send Anyway', 'send', 'primary-button conflict-send', () => this.send(conflict.id), 'Send the reply as it is'),
          button('Refresh First', 'refresh', 'secondary-button conflict-refresh', () => {
            this.clearConflict();
            this.actions.refresh();
          }, 'Show the newest messages and fields; your reply stays here'),
        ),
      ),
    );
    this.conflictBox.hidden = false;
    this.conflictId = conflict.id;
    this.refresh();
    this.conflictBox.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  /** The host accepted the reply. */
  sent(): void {
    this.cancelPendingPost();
    this.sending = false;
    this.local = false;
    this.textarea.value = '';
    this.wantedStatus = undefined;
    this.statusSelect.value = '';
    this.clearError();
    this.clearConflict();
    this.showPreview(false);
    this.actions.saveDraft(this.draft());
    this.refresh();
  }

  focus(): void {
    this.element.scrollIntoView({ block: 'end', behavior: 'smooth' });
    this.showPreview(false);
    this.textarea.focus({ preventScroll: true });
  }

  private tab(label: string, selected: boolean, onSelect: () => void): HTMLButtonElement {
    return h('button', {
      className: 'tab',
      text: label,
      attrs: { type: 'button', role: 'tab', 'aria-selected': String(selected) },
      on: {
        click: onSelect,
        keydown: (event) => {
          if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
            const showingPreview = !this.preview.hidden;
            this.showPreview(!showingPreview);
            (showingPreview ? this.writeTab : this.previewTab).focus();
          }
        },
      },
    });
  }

  private fillStatuses(statuses: StatusOption[], current: StatusOption): void {
    const keep = this.statusSelect.value || this.wantedStatus || '';
    this.statusSelect.replaceChildren(
      new Option(`${current.name} (unchanged)`, ''),
      ...statuses.filter((status) => status.id !== current.id).map((status) => new Option(status.name, status.id)),
    );
    if ([...this.statusSelect.options].some((option) => option.value === keep)) this.statusSelect.value = keep;
  }

  /** The host's answer to renderPreview. */
  previewAnswer(answer: PreviewAnswer): void {
    this.preview.answer(answer);
  }

  private showPreview(preview: boolean): void {
    if (preview) {
      // Keep the box from jumping: the preview takes the editor's height at least.
      if (!this.textarea.hidden) this.preview.element.style.minHeight = `${this.textarea.offsetHeight}px`;
      this.preview.show(this.textarea.value);
    } else {
      this.preview.hide();
    }
    this.textarea.hidden = preview;
    this.writeTab.setAttribute('aria-selected', String(!preview));
    this.previewTab.setAttribute('aria-selected', String(preview));
  }

  private draft(): Draft {
    const draft: Draft = { markdown: this.textarea.value, internal: this.internalBox.checked };
    const status = this.statusSelect.value || undefined;
    if (status !== undefined) draft.newStatus = status;
    return draft;
  }

  /** Posts a pending draft now: the page may be about to go away. */
  flushDraft(): void {
    if (this.timer === undefined) return;
    this.cancelPendingPost();
    this.actions.draftChanged(this.draft());
  }

  /** Replaces the text, cursor at the end, and tells the host at once (it changed the draft itself). */
  private setTextAtEnd(markdown: string): void {
    this.showPreview(false);
    this.textarea.value = markdown;
    this.textarea.setSelectionRange(markdown.length, markdown.length);
    this.textarea.scrollTop = this.textarea.scrollHeight;
    this.changed();
    this.flushDraft();
  }

  private changed(): void {
    this.local = true;
    this.wantedStatus = this.statusSelect.value || undefined;
    const draft = this.draft();
    this.actions.saveDraft(draft);
    this.cancelPendingPost();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.actions.draftChanged(draft);
    }, DRAFT_DEBOUNCE_MS);
    this.refresh();
  }

  private cancelPendingPost(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private canSend(): boolean {
    return this.ready && !this.sending && (this.textarea.value.trim() !== '' || this.attachments.length > 0);
  }

  private send(acknowledged = this.conflictId): void {
    if (!this.canSend()) return;
    // The send carries the draft; a debounced draftChanged arriving after it would be stale.
    this.cancelPendingPost();
    const draft = this.draft();
    this.actions.saveDraft(draft);
    this.sending = true;
    this.clearError();
    this.clearConflict();
    this.refresh();
    this.actions.send(draft, acknowledged);
  }

  private clearConflict(): void {
    this.conflictId = undefined;
    this.conflictBox.hidden = true;
    this.conflictBox.replaceChildren();
  }

  private clearError(): void {
    this.errorBox.hidden = true;
    this.errorBox.replaceChildren();
  }

  private refresh(): void {
    const internal = this.internalBox.checked;
    this.element.classList.toggle('internal', internal);
    this.textarea.placeholder = internal
      ? 'Write an internal note — only agents will see it'
      : 'Write a reply to the requester';
    // Nothing about the reply changes while it is on its way.
    this.textarea.readOnly = this.sending;
    this.internalBox.disabled = this.sending;
    this.statusSelect.disabled = this.sending;
    this.attachButton.disabled = this.sending;
    this.cannedButton.disabled = this.sending;
    for (const remove of this.pendingList.querySelectorAll('button')) remove.disabled = this.sending;
    this.sendButton.disabled = !this.canSend();
    this.sendButton.title = `${internal ? 'Add the internal note' : 'Send the reply'} (${sendKeys})`;
    this.sendLabel.textContent = this.sending ? 'Sending…' : internal ? 'Add Internal Note' : 'Send Reply';
    this.sendIcon.className = this.sending ? 'codicon codicon-loading codicon-modifier-spin' : `codicon codicon-${internal ? 'lock' : 'send'}`;
    this.element.setAttribute('aria-busy', String(this.sending));
  }
}
