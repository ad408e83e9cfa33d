// Messages between the ticket panel's host side (src/ui) and its browser side
// (src/webview). Both import this file; nothing else crosses the boundary.
// Bodies arrive already sanitized by the host; the webview never sees a secret.

import type { HelpdeskErrorKind } from '../../helpdesk/errors';
import type { Capabilities } from '../../helpdesk/provider';
import { isBoolean, isString, nullable, oneOf, optional, parseMessage, shape, type MessageParsers } from './check';
import { type PreviewAnswer, type PreviewRequest, previewRequestFields } from './preview';

/** What the panel may offer; the provider's capabilities, less what only the host needs. */
export type PanelCapabilities = Pick<
  Capabilities,
  | 'internalNotes'
  | 'changeStatus'
  | 'statusOnReply'
  | 'assign'
  | 'priority'
  | 'departmentLabel'
  | 'changeDepartment'
  | 'attachOnReply'
  | 'cannedReplies'
  | 'replyUnavailable'
  | 'downloadAttachments'
>;

export interface Option {
  id: string;
  name: string;
}

export interface StatusOption extends Option {
  /** StatusKind, for the icon. */
  kind: string;
}

export interface TicketView {
  instanceId: string;
  instanceLabel: string;
  id: string;
  ref: string;
  subject: string;
  status: StatusOption;
  priority?: Option;
  requester?: string;
  agent?: Option;
  department?: Option;
  labels: string[];
  createdAt: string;
  updatedAt: string;
  webUrl?: string;
}

export interface AttachmentView {
  id: string;
  name: string;
  size?: number;
  isImage?: boolean;
}

export interface MessageView {
  id: string;
  author: string;
  authorIsAgent: boolean;
  createdAt: string;
  /** Sanitized HTML, remote images replaced by placeholders unless allowed. */
  html: string;
  internal: boolean;
  system: boolean;
  attachments: AttachmentView[];
  /** The body was cut for size; the full text is reachable through Open in Browser. */
  truncated: boolean;
}

/** A file picked for the reply; the host keeps the bytes, the webview only the label. */
export interface PendingAttachment {
  id: string;
  name: string;
  size: number;
}

export interface Draft {
  markdown: string;
  internal: boolean;
  newStatus?: string;
}

/** A place in the workspace's code linked to this ticket. */
export interface LinkedCodeItem {
  id: string;
  /** Workspace-relative path, forward slashes. */
  file: string;
  startLine: number;
  endLine: number;
  /** The code is no longer where the link says. */
  stale: boolean;
}

/** Who wrote the ticket, for the requester card. */
export interface RequesterView {
  name: string;
  email?: string;
  organization?: string;
}

/** Another ticket of the requester's, openable from the card. */
export interface RelatedTicketView {
  id: string;
  ref: string;
  subject: string;
  status: StatusOption;
  updatedAt: string;
}

/**
 * The requester's other open tickets. 'unavailable': this helpdesk cannot list them (no
 * open-tickets list, or no requester to match); `reason` says why in a few words.
 * `partial`: only the newest open tickets were looked through.
 */
export type RequesterTickets =
  | { state: 'loading' }
  | { state: 'done'; tickets: RelatedTicketView[]; partial: boolean }
  | { state: 'unavailable'; reason: string }
  | { state: 'failed'; message: string };

/** A message that arrived on the helpdesk while the reply was being written. */
export interface ConflictMessage {
  id: string;
  author: string;
  createdAt: string;
  internal: boolean;
}

export type ConflictField = 'status' | 'priority' | 'agent' | 'department' | 'subject';

export interface ConflictChange {
  field: ConflictField;
  /** The field's name as the panel shows it (the vendor's word for departments). */
  label: string;
  from: string;
  to: string;
}

/** What changed on the helpdesk since the panel showed the ticket the reply was begun on. */
export interface ConflictView {
  /** Echoed by "Send anyway" so the host knows which warning was seen. */
  id: number;
  messages: ConflictMessage[];
  changes: ConflictChange[];
}

export type CopyWhat = 'link' | 'reference';

export type ErrorContext = 'load' | 'send' | 'update' | 'download' | 'attach' | 'cannedReply' | 'linkedCode';

export interface ErrorView {
  kind: HelpdeskErrorKind;
  message: string;
  /** A host action the panel can offer as a button. */
  action?: { label: string; command: 'setCredentials' | 'retry' | 'openInBrowser' };
}

export type HostToWebview =
  | {
      type: 'ticket';
      ticket: TicketView;
      capabilities: PanelCapabilities;
      statuses: StatusOption[];
      priorities: Option[];
      agents: Option[];
      departments: Option[];
      remoteImagesAllowed: boolean;
      remoteImagesBlocked: number;
      maxAttachmentBytes: number;
      /** Shown from the offline cache: the banner's words ("Offline — as of 10:42; …"), plain text. */
      offline?: string;
    }
  /** The conversation arrives in chunks so a 500-message thread never blocks the first paint. */
  | { type: 'messages'; messages: MessageView[]; reset: boolean; done: boolean }
  /**
   * The host's copy of the draft. `appended`: Markdown the host added (Add Selection to
   * Ticket) since the page last saw the draft; it is already part of `draft`, and a page
   * that keeps newer words of its own appends these pieces to them instead.
   */
  | { type: 'draft'; draft: Draft; attachments: PendingAttachment[]; appended?: string[] }
  /** Markdown the host adds to the end of the draft the page is showing. */
  | { type: 'appendToDraft'; markdown: string }
  /** Text to put into the reply box at the cursor (a canned reply). */
  | { type: 'insertText'; text: string }
  | { type: 'focusReply' }
  | { type: 'linkedCode'; links: LinkedCodeItem[] }
  | { type: 'attachments'; attachments: PendingAttachment[] }
  | { type: 'busy'; busy: boolean; label?: string }
  | { type: 'error'; error: ErrorView; context: ErrorContext }
  | { type: 'sent'; message: MessageView }
  /** The reply went to the outbox instead (the helpdesk is away): the composer empties, `text` says so. */
  | { type: 'queued'; text: string }
  | { type: 'notice'; text: string }
  | { type: 'requester'; requester: RequesterView | undefined; tickets: RequesterTickets }
  /** The reply was not sent: the ticket changed since it was begun. The draft is kept. */
  | { type: 'conflict'; conflict: ConflictView }
  /** The reply's preview, rendered by the host (protocol/preview.ts). */
  | PreviewAnswer;

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'draftChanged'; draft: Draft }
  /** `acknowledged`: the id of the conflict warning the user chose to send anyway. */
  | { type: 'send'; draft: Draft; acknowledged?: number }
  | { type: 'update'; field: 'status' | 'priority' | 'agent' | 'department'; value: string | null }
  | { type: 'pickAttachments' }
  | { type: 'removeAttachment'; id: string }
  | { type: 'download'; attachmentId: string; messageId: string }
  | { type: 'openInBrowser' }
  | { type: 'refresh' }
  | { type: 'allowRemoteImages' }
  | { type: 'command'; command: 'setCredentials' | 'retry' | 'openInBrowser' }
  | { type: 'openLink'; href: string }
  /** Asks the host to offer the canned replies; the chosen one comes back as `insertText`. */
  | { type: 'pickCannedReply' }
  | { type: 'openLinkedCode'; linkId: string }
  /** Opens another ticket of the same helpdesk in its own panel (one the host listed). */
  | { type: 'openTicket'; ticketId: string }
  | { type: 'copy'; what: CopyWhat }
  /** The reply's Markdown, for the preview (protocol/preview.ts). */
  | PreviewRequest
  /**
   * The conversation is on screen: when the first messages and the last were painted, as
   * epoch milliseconds from the page's own performance marks (the log and the benchmark read them).
   */
  | { type: 'painted'; firstScreen: number; allPainted: number; messages: number };

export type UpdateField = Extract<WebviewToHost, { type: 'update' }>['field'];
export type HostCommand = Extract<WebviewToHost, { type: 'command' }>['command'];

const isHostCommand = oneOf<HostCommand>('setCredentials', 'retry', 'openInBrowser');
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** Drafts come back from storage and from the webview; both are checked before use. */
export const isDraft = shape<Draft>({ markdown: isString, internal: isBoolean, newStatus: optional(isString) });

const webviewToHostParsers: MessageParsers<WebviewToHost> = {
  ready: shape({}),
  draftChanged: shape({ draft: isDraft }),
  send: shape({ draft: isDraft, acknowledged: optional(isCount) }),
  update: shape({ field: oneOf<UpdateField>('status', 'priority', 'agent', 'department'), value: nullable(isString) }),
  pickAttachments: shape({}),
  removeAttachment: shape({ id: isString }),
  download: shape({ attachmentId: isString, messageId: isString }),
  openInBrowser: shape({}),
  refresh: shape({}),
  allowRemoteImages: shape({}),
  command: shape({ command: isHostCommand }),
  openLink: shape({ href: isString }),
  pickCannedReply: shape({}),
  openLinkedCode: shape({ linkId: isString }),
  openTicket: shape({ ticketId: isString }),
  copy: shape({ what: oneOf<CopyWhat>('link', 'reference') }),
  renderPreview: shape(previewRequestFields),
  painted: shape({ firstScreen: isTime, allPainted: isTime, messages: isCount }),
};

/** The host reads what the webview posts through this, whole, before acting on it. */
export function parseWebviewToHost(raw: unknown): WebviewToHost | undefined {
  return parseMessage(webviewToHostParsers, raw);
}

/**
 * The draft with Markdown added at its end, a blank line between. Host and page both use
 * it, so the draft the host stores and the one the page shows come out the same.
 */
export function appendMarkdown(existing: string, addition: string): string {
  const head = existing.replace(/\s+$/, '');
  return head === '' ? addition : `${head}\n\n${addition}`;
}

/** What the webview keeps with setState so a reload restores the panel. */
export interface PanelState {
  instanceId: string;
  ticketId: string;
  draft?: Draft;
}
