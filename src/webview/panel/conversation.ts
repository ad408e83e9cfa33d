// The conversation, oldest first. Messages arrive in chunks and are rendered in time slices:
// each slice is built off-document in one DocumentFragment and appended at once, and the
// browser paints between slices — so a 500-message thread shows its first messages at once
// and the panel stays responsive while the rest come in.
import type { MessageView } from '../../shared/protocol/panel';
import { button, h, icon, setVisible } from '../common/dom';
import { plural } from '../common/format';
import { type MessageActions, renderMessage } from './message';

export interface ConversationActions extends MessageActions {
  allowRemoteImages(): void;
  /** The whole conversation is on screen (epoch ms of the first and the last paint). */
  painted?(marks: { firstScreen: number; allPainted: number; messages: number }): void;
}

/** The first slice only has to fill the screen; later ones may take longer per frame. */
const FIRST_SLICE_MS = 12;
const SLICE_MS = 40;

/** Runs `next` after the browser had a chance to paint (or soon, if frames are not running). */
function afterPaint(next: () => void): void {
  let ran = false;
  const once = () => {
    if (!ran) {
      ran = true;
      next();
    }
  };
  requestAnimationFrame(() => setTimeout(once, 0));
  // A hidden webview gets no animation frames; do not stall the queue then.
  setTimeout(once, 100);
}

export class Conversation {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly progressText: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly imagesBar: HTMLElement;
  private readonly imagesText: HTMLElement;
  private readonly count: HTMLElement;
  private readonly jump: HTMLButtonElement;
  private messages = 0;
  /** Placeholders seen in the bodies so far; the host's total arrives with the ticket. */
  private placeholders = 0;
  private hostBlocked = 0;
  private imagesAllowed = false;
  private done = false;
  /** The host said the last chunk was sent; `done` once the queue is drained too. */
  private hostDone = false;
  private painted = false;
  private queue: MessageView[] = [];
  private pumpScheduled = false;
  private downloads = true;

  constructor(private readonly actions: ConversationActions) {
    this.count = h('span', { className: 'count-badge', text: '0' });
    this.jump = button('Latest', 'arrow-down', 'link-button jump-latest', () => this.scrollToLatest(), 'Jump to the latest message (Alt+End)');
    this.imagesText = h('span');
    this.imagesBar = h(
      'div',
      { className: 'banner info remote-images-bar', attrs: { role: 'status' } },
      icon('file-media'),
      this.imagesText,
      button('Load images', undefined, 'link-button', () => actions.allowRemoteImages(), 'Load the remote images in this ticket'),
    );
    this.list = h('div', { className: 'messages', attrs: { role: 'list' } });
    this.progressText = h('span', { text: 'Loading conversation…' });
    this.progress = h('div', { className: 'conversation-progress', attrs: { role: 'status' } }, icon('loading', 'codicon-modifier-spin'), this.progressText);
    this.empty = h('div', { className: 'conversation-empty', text: 'No messages yet.' });
    this.element = h(
      'section',
      { className: 'conversation', attrs: { 'aria-label': 'Conversation' } },
      h('div', { className: 'section-header' }, h('h2', { className: 'section-title', text: 'Conversation' }), this.count, h('span', { className: 'spacer' }), this.jump),
      this.imagesBar,
      this.list,
      this.progress,
      this.empty,
    );
    this.list.addEventListener('click', (event) => this.onPlaceholder(event));
    this.list.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') this.onPlaceholder(event);
    });
    this.updateChrome();
  }

  setRemoteImages(allowed: boolean, blocked: number): void {
    this.imagesAllowed = allowed;
    this.hostBlocked = blocked;
    this.updateChrome();
  }

  ingest(messages: MessageView[], reset: boolean, done: boolean): void {
    if (reset) {
      this.list.replaceChildren();
      this.queue = [];
      this.messages = 0;
      this.placeholders = 0;
      this.painted = false;
    }
    this.queue.push(...messages);
    this.hostDone = done;
    this.done = false;
    if (!this.pumpScheduled) this.pump();
  }

  /** A reply the user just sent: after everything already queued. */
  appendSent(message: MessageView): void {
    this.queue.push(message);
    if (this.pumpScheduled) return;
    const last = this.pump();
    last?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  /** Scrolls to the newest message and puts the keyboard focus on it (without a second scroll). */
  scrollToLatest(): void {
    const last = this.list.lastElementChild;
    if (!(last instanceof HTMLElement)) return;
    last.tabIndex = -1;
    last.focus({ preventScroll: true });
    last.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  /** Whether attachments can be downloaded here (from the ticket's capabilities). */
  setDownloads(allowed: boolean): void {
    this.downloads = allowed;
  }

  private messageActions(): MessageActions {
    if (this.downloads) return this.actions;
    return { openInBrowser: () => this.actions.openInBrowser() };
  }

  /** Renders queued messages for one time slice and schedules the rest after a paint. */
  private pump(): HTMLElement | undefined {
    const budget = this.painted ? SLICE_MS : FIRST_SLICE_MS;
    const start = performance.now();
    const fragment = document.createDocumentFragment();
    let last: HTMLElement | undefined;
    let count = 0;
    while (this.queue.length > 0 && (count === 0 || performance.now() - start < budget)) {
      const rendered = renderMessage(this.queue.shift() as MessageView, this.messageActions());
      this.placeholders += rendered.blockedImages;
      fragment.append(rendered.element);
      last = rendered.element;
      count++;
    }
    if (count > 0) {
      this.list.append(fragment);
      this.messages += count;
      if (!this.painted) {
        this.painted = true;
        performance.mark('helpdesk:messages-first');
        // The frame after this task is the first one showing messages.
        requestAnimationFrame(() => setTimeout(() => performance.mark('helpdesk:messages-first-paint'), 0));
      }
    }
    if (this.queue.length > 0) {
      this.pumpScheduled = true;
      afterPaint(() => {
        this.pumpScheduled = false;
        this.pump();
      });
    } else if (this.hostDone && !this.done) {
      this.done = true;
      performance.mark('helpdesk:messages-done');
      const messages = this.messages;
      afterPaint(() => {
        const done = performance.mark('helpdesk:messages-done-paint');
        const first = performance.getEntriesByName('helpdesk:messages-first-paint').at(-1) ?? done;
        this.actions.painted?.({ firstScreen: performance.timeOrigin + first.startTime, allPainted: performance.timeOrigin + done.startTime, messages });
      });
    }
    this.updateChrome();
    return last;
  }

  private onPlaceholder(event: Event): void {
    const target = event.target instanceof Element ? event.target.closest('.remote-image') : null;
    if (!target) return;
    event.preventDefault();
    this.actions.allowRemoteImages();
  }

  private updateChrome(): void {
    this.count.textContent = String(this.messages);
    this.count.title = plural(this.messages, 'message');
    setVisible(this.jump, this.messages > 1);
    setVisible(this.progress, !this.done);
    this.progressText.textContent = this.messages > 0 ? `Loading conversation… ${plural(this.messages, 'message')} so far` : 'Loading conversation…';
    setVisible(this.empty, this.done && this.messages === 0);
    const blocked = Math.max(this.hostBlocked, this.placeholders);
    setVisible(this.imagesBar, !this.imagesAllowed && blocked > 0);
    this.imagesText.textContent = `${plural(blocked, 'remote image')} blocked to protect your privacy.`;
  }
}
