// Messages between the ticket panel's host side (src/ui) and its browser side
// (src/webview). Both import this file; nothing else crosses the boundary.
// Bodies arrive already sanitized by the host; the webview never sees a secret.

import type { HelpdeskErrorKind } from '../helpdesk/errors';

export interface PanelCapabilities {
  internalNotes: boolean;
  changeStatus: boolean;
  statusOnReply: boolean;
  assign: boolean;
  priority: boolean;
  departmentLabel?: string;
  attachOnReply: boolean;
}

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
    }
  /** The conversation arrives in chunks so a 500-message thread never blocks the first paint. */
  | { type: 'messages'; messages: MessageView[]; reset: boolean; done: boolean }
  | { type: 'draft'; draft: Draft; attachments: PendingAttachment[] }
  | { type: 'attachments'; attachments: PendingAttachment[] }
  | { type: 'busy'; busy: boolean; label?: string }
  | { type: 'error'; error: ErrorView; context: 'load' | 'send' | 'update' | 'download' | 'attach' }
  | { type: 'sent'; message: MessageView }
  | { type: 'notice'; text: string };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'draftChanged'; draft: Draft }
  | { type: 'send'; draft: Draft }
  | { type: 'update'; field: 'status' | 'priority' | 'agent' | 'department'; value: string | null }
  | { type: 'pickAttachments' }
  | { type: 'removeAttachment'; id: string }
  | { type: 'download'; attachmentId: string; messageId: string }
  | { type: 'openInBrowser' }
  | { type: 'refresh' }
  | { type: 'allowRemoteImages' }
  | { type: 'command'; command: 'setCredentials' | 'retry' | 'openInBrowser' }
  | { type: 'openLink'; href: string };

const webviewMessageTypes: ReadonlySet<string> = new Set<WebviewToHost['type']>([
  'ready', 'draftChanged', 'send', 'update', 'pickAttachments', 'removeAttachment',
  'download', 'openInBrowser', 'refresh', 'allowRemoteImages', 'command', 'openLink',
]);

/** The host checks what the webview posts before acting on it. */
export function isWebviewToHost(value: unknown): value is WebviewToHost {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    webviewMessageTypes.has((value as { type: string }).type)
  );
}

/** Drafts come back from storage and from the webview; both are checked before use. */
export function isDraft(value: unknown): value is Draft {
  if (typeof value !== 'object' || value === null) return false;
  const draft = value as Record<string, unknown>;
  return (
    typeof draft.markdown === 'string' &&
    typeof draft.internal === 'boolean' &&
    (draft.newStatus === undefined || typeof draft.newStatus === 'string')
  );
}

/** What the webview keeps with setState so a reload restores the panel. */
export interface PanelState {
  instanceId: string;
  ticketId: string;
  draft?: Draft;
}
