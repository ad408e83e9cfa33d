// One message of the conversation: a card for people, a quiet line for the helpdesk's own
// events. The body HTML was sanitized by the host; it is parsed inertly and only ever placed
// inside the card's body container.
import type { AttachmentView, MessageView } from '../../shared/protocol/panel';
import { fileSize, initials } from '../common/format';
import { fragmentFromHtml, h, icon } from '../common/dom';
import { foldQuotedText } from './quotes';
import { timeElement } from './time';

export interface MessageActions {
  /** Absent where the helpdesk offers no download: attachments are then listed by name. */
  download?(messageId: string, attachmentId: string): void;
  openInBrowser(): void;
}

const codeExtensions = /\.(c|cc|cpp|cs|css|go|h|html?|java|js|json|jsx|kt|log|md|php|py|rb|rs|sh|sql|swift|toml|ts|tsx|xml|ya?ml)$/i;

function attachmentIcon(attachment: AttachmentView): string {
  const name = attachment.name.toLowerCase();
  if (attachment.isImage || /\.(png|jpe?g|gif|webp|bmp|svg|heic)$/.test(name)) return 'file-media';
  if (/\.(zip|7z|rar|gz|tgz|tar|bz2|xz)$/.test(name)) return 'file-zip';
  if (name.endsWith('.pdf')) return 'file-pdf';
  if (codeExtensions.test(name)) return 'file-code';
  if (/\.(txt|csv|rtf|docx?|odt)$/.test(name)) return 'file-text';
  return 'file';
}

export function attachmentChip(attachment: AttachmentView, onClick: (() => void) | undefined): HTMLElement {
  const size = fileSize(attachment.size);
  if (!onClick) {
    return h(
      'span',
      { className: 'attachment-chip static', title: `${attachment.name}${size ? ` (${size})` : ''}: this helpdesk offers no download here; open the ticket in the browser to get it` },
      icon(attachmentIcon(attachment)),
      h('span', { className: 'attachment-name', text: attachment.name }),
      size ? h('span', { className: 'attachment-size', text: size }) : null,
    );
  }
  return h(
    'button',
    {
      className: 'attachment-chip',
      title: `Download ${attachment.name}${size ? ` (${size})` : ''}`,
      attrs: { type: 'button' },
      on: { click: onClick },
    },
    icon(attachmentIcon(attachment)),
    h('span', { className: 'attachment-name', text: attachment.name }),
    size ? h('span', { className: 'attachment-size', text: size }) : null,
    icon('cloud-download', 'attachment-download'),
  );
}

/** Remote-image placeholders get an icon and a hint; clicking one asks for images (delegated). */
function decoratePlaceholders(body: HTMLElement): number {
  const placeholders = body.querySelectorAll<HTMLElement>('.remote-image');
  for (const placeholder of placeholders) {
    placeholder.prepend(icon('file-media'));
    placeholder.title = `Remote image blocked: ${placeholder.dataset.src ?? ''}\nClick to load remote images`;
    placeholder.setAttribute('role', 'button');
    placeholder.tabIndex = 0;
  }
  return placeholders.length;
}

function renderBody(message: MessageView, className: string): { element: HTMLElement; blockedImages: number } {
  const body = h('div', { className });
  body.append(fragmentFromHtml(message.html));
  const blockedImages = decoratePlaceholders(body);
  return { element: body, blockedImages };
}

function renderSystem(message: MessageView): { element: HTMLElement; blockedImages: number } {
  const body = renderBody(message, 'system-text rendered');
  const element = h(
    'div',
    { className: 'message system', attrs: { 'data-message-id': message.id, role: 'listitem' } },
    icon('info', 'system-icon'),
    body.element,
    h('span', { className: 'system-meta' }, message.author ? `${message.author} · ` : '', timeElement(message.createdAt)),
  );
  return { element, blockedImages: body.blockedImages };
}

export function renderMessage(message: MessageView, actions: MessageActions): { element: HTMLElement; blockedImages: number } {
  if (message.system) return renderSystem(message);

  const classes = ['message', message.authorIsAgent ? 'from-agent' : 'from-requester', message.internal ? 'internal' : ''];
  const body = renderBody(message, 'message-body rendered');
  foldQuotedText(body.element);

  const header = h(
    'header',
    { className: 'message-header' },
    h('span', { className: 'avatar', text: initials(message.author), attrs: { 'aria-hidden': 'true' } }),
    h('span', { className: 'message-author', text: message.author || 'Unknown' }),
    message.authorIsAgent ? h('span', { className: 'badge agent-badge', text: 'Agent' }) : null,
    message.internal
      ? h('span', { className: 'internal-label', title: 'Only agents can see this note' }, icon('lock'), h('span', { text: 'Internal note' }))
      : null,
    h('span', { className: 'spacer' }),
    timeElement(message.createdAt, 'message-time'),
  );

  const truncated = message.truncated
    ? h(
        'div',
        { className: 'message-truncated' },
        icon('warning'),
        h('span', { text: 'This message is too long to show in full. ' }),
        h('button', { className: 'link-button', text: 'Open in Browser', attrs: { type: 'button' }, on: { click: () => actions.openInBrowser() } }),
      )
    : null;

  const attachments =
    message.attachments.length > 0
      ? h(
          'div',
          { className: 'attachments', attrs: { 'aria-label': 'Attachments' } },
          ...message.attachments.map((attachment) => {
            const download = actions.download?.bind(actions);
            return attachmentChip(attachment, download ? () => download(message.id, attachment.id) : undefined);
          }),
        )
      : null;

  const element = h(
    'article',
    { className: classes.filter(Boolean).join(' '), attrs: { 'data-message-id': message.id, role: 'listitem' } },
    header,
    body.element,
    truncated,
    attachments,
  );
  return { element, blockedImages: body.blockedImages };
}
