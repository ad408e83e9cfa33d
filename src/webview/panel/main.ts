// The ticket panel's browser side. It says `ready`, then renders whatever the host sends
// (see src/shared/protocol/panel.ts); everything it does goes back as a typed message.
import { ignoreUnhandled } from '../../shared/protocol/check';
import type { HostToWebview, PanelState } from '../../shared/protocol/panel';
import { Composer } from './composer';
import { Conversation } from './conversation';
import { h, icon } from '../common/dom';
import { connectToHost, type HostCommand } from './host';
import { LinkedCode } from './linked-code';
import { interceptLinks } from '../common/interceptLinks';
import { renderLoadError } from './load-error';
import { BusyBar } from '../common/busyBar';
import { Notices } from './notices';
import { renderHeader, type TicketMessage } from './render-ticket';
import { RequesterCard } from './requester-card';
import { refreshTimes } from './time';

const host = connectToHost();
const app = document.getElementById('app') ?? document.body;

const command = (name: HostCommand) => host.post({ type: 'command', command: name });
const busy = new BusyBar();
const notices = new Notices(command);
const conversation = new Conversation({
  download: (messageId, attachmentId) => host.post({ type: 'download', messageId, attachmentId }),
  openInBrowser: () => host.post({ type: 'openInBrowser' }),
  allowRemoteImages: () => host.post({ type: 'allowRemoteImages' }),
  painted: (marks) => host.post({ type: 'painted', ...marks }),
});
const composer = new Composer({
  saveDraft: (draft) => host.saveState({ draft }),
  draftChanged: (draft) => host.post({ type: 'draftChanged', draft }),
  send: (draft, acknowledged) => host.post({ type: 'send', draft, ...(acknowledged !== undefined && { acknowledged }) }),
  refresh: () => host.post({ type: 'refresh' }),
  pickAttachments: () => host.post({ type: 'pickAttachments' }),
  removeAttachment: (id) => host.post({ type: 'removeAttachment', id }),
  pickCannedReply: () => host.post({ type: 'pickCannedReply' }),
  command,
  renderPreview: (seq, markdown) => host.post({ type: 'renderPreview', seq, markdown }),
});
const linkedCode = new LinkedCode((linkId) => host.post({ type: 'openLinkedCode', linkId }));
const requesterCard = new RequesterCard((ticketId) => host.post({ type: 'openTicket', ticketId }));

const headerSlot = h('div', { className: 'header-slot' });
// Shown while the ticket is the host's cached copy (the helpdesk is unreachable); text only.
const offlineText = h('span', { className: 'banner-text' });
const offlineBanner = h('div', { className: 'banner warning offline-banner', attrs: { role: 'status' } }, icon('debug-disconnect'), offlineText);
offlineBanner.hidden = true;
const content = h('div', { className: 'content' }, offlineBanner, headerSlot, requesterCard.element, linkedCode.element, conversation.element, composer.element);
const errorSlot = h('div', { className: 'error-slot' });
errorSlot.hidden = true;
// Until the ticket (or an error) arrives the panel says what it is doing, never blank.
const loading = h('p', { className: 'boot', text: 'Loading ticket…' });
const page = h('main', { className: 'page' }, loading, errorSlot, content);
content.hidden = true;
app.replaceChildren(busy.element, notices.element, page);
interceptLinks((href) => host.post({ type: 'openLink', href }));

let ticketShown = false;

function showTicket(message: TicketMessage): void {
  // A re-render must not take the keyboard focus away from a dropdown the user is in.
  const focusedField = document.activeElement instanceof HTMLSelectElement ? document.activeElement.dataset.field : undefined;
  headerSlot.replaceChildren(
    renderHeader(message, {
      update: (field, value) => host.post({ type: 'update', field, value }),
      openInBrowser: () => host.post({ type: 'openInBrowser' }),
      refresh: () => host.post({ type: 'refresh' }),
      jumpToReply: () => composer.focus(),
      copy: (what) => host.post({ type: 'copy', what }),
    }),
  );
  if (focusedField) headerSlot.querySelector<HTMLSelectElement>(`select[data-field="${focusedField}"]`)?.focus();
  offlineText.textContent = message.offline ?? '';
  offlineBanner.hidden = message.offline === undefined;
  conversation.setRemoteImages(message.remoteImagesAllowed, message.remoteImagesBlocked);
  conversation.setDownloads(message.capabilities.downloadAttachments !== false);
  composer.configure(message);
  loading.hidden = true;
  errorSlot.hidden = true;
  content.hidden = false;
  ticketShown = true;
  // Remembered so VS Code can bring this panel back after a reload.
  const state: PanelState = { instanceId: message.ticket.instanceId, ticketId: message.ticket.id };
  host.saveState(state);
}

function handle(message: HostToWebview): void {
  switch (message.type) {
    case 'ticket':
      showTicket(message);
      break;
    case 'messages':
      conversation.ingest(message.messages, message.reset, message.done);
      break;
    case 'draft':
      composer.restore(message.draft, 'host', message.appended);
      composer.setAttachments(message.attachments);
      break;
    case 'appendToDraft':
      composer.append(message.markdown);
      break;
    case 'insertText':
      composer.insertText(message.text);
      break;
    case 'focusReply':
      composer.focus();
      break;
    case 'linkedCode':
      linkedCode.set(message.links);
      break;
    case 'attachments':
      composer.setAttachments(message.attachments);
      break;
    case 'busy':
      busy.set(message.busy, message.label);
      break;
    case 'sent':
      composer.sent();
      conversation.appendSent(message.message);
      break;
    case 'queued':
      composer.sent();
      notices.info(message.text);
      break;
    case 'notice':
      notices.info(message.text);
      break;
    case 'requester':
      requesterCard.set(message.requester, message.tickets);
      break;
    case 'conflict':
      composer.showConflict(message.conflict);
      break;
    case 'preview':
    case 'previewFailed':
      composer.previewAnswer(message);
      break;
    case 'error':
      switch (message.context) {
        case 'load':
          if (ticketShown) {
            // A failed refresh keeps what is on screen (and the draft being written).
            notices.error(message.error, 'Could not refresh: ');
          } else {
            errorSlot.replaceChildren(renderLoadError(message.error, command));
            loading.hidden = true;
            errorSlot.hidden = false;
            content.hidden = true;
          }
          break;
        case 'send':
        case 'attach':
        case 'cannedReply':
          composer.showError(message.error);
          break;
        case 'linkedCode':
          notices.error(message.error, 'Could not open the linked code: ');
          break;
        case 'update':
          notices.error(message.error, 'Could not save the change: ');
          break;
        case 'download':
          notices.error(message.error, 'Could not download: ');
          break;
        default:
          ignoreUnhandled(message.context);
      }
      break;
    default:
      ignoreUnhandled(message);
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data;
  if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') {
    handle(data as HostToWebview);
  }
});

const saved = host.savedState();
if (saved.draft) composer.restore(saved.draft, 'state');
setInterval(() => refreshTimes(app), 30_000);
// Jump to latest from anywhere: Alt+End (also in the reply box), or End outside text fields.
document.addEventListener('keydown', (event) => {
  if (event.key !== 'End' || event.ctrlKey || event.metaKey || event.shiftKey) return;
  if (!event.altKey && isEditable(event.target)) return;
  event.preventDefault();
  conversation.scrollToLatest();
});

function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}
// A hidden panel's page is thrown away: the host should have the last words typed.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') composer.flushDraft();
});
window.addEventListener('pagehide', () => composer.flushDraft());
host.post({ type: 'ready' });
