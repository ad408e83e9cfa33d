// What the parts of a ticket panel (conversation, drafts, attachments, replies, canned
// replies) share with the controller that composes them: the page to post to, the
// session to ask, and a way to show an error.
import type { HelpdeskError } from '../../helpdesk/errors';
import type { Logger } from '../../helpdesk/log';
import type { ReferenceData, HelpdeskProvider } from '../../helpdesk/provider';
import type { ErrorContext, HostToWebview } from '../../shared/protocol/panel';

/** The instance's connection, as far as a panel needs it. */
export interface PanelSession {
  readonly label: string;
  /** The provider without sending a request (for its capabilities), once a connection test under way has answered. */
  acquire(): Promise<HelpdeskProvider>;
  /** Sends a request; health bookkeeping happens behind it. */
  run<T>(request: (provider: HelpdeskProvider) => Promise<T>): Promise<T>;
  referenceData(): Promise<ReferenceData>;
}

export interface PanelContext {
  readonly instanceId: string;
  readonly ticketId: string;
  readonly session: PanelSession;
  readonly log: Logger;
  post(message: HostToWebview): void;
  postError(error: HelpdeskError, context: ErrorContext): void;
}
