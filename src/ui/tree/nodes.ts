// The kinds of node the ticket tree shows, and the plain description of how each one
// looks (NodeView). The vscode adapter only turns NodeView into a TreeItem.
import type { Ticket, TicketQuery } from '../../helpdesk/model';
import type { IconSpec } from '../instances/health';
import type { LinkedCodeView } from '../codeLinks/contracts';

export interface InstanceNode {
  kind: 'instance';
  instanceId: string;
}

/** The single child of an unhealthy instance: what is wrong and how to fix it. */
export interface FixNode {
  kind: 'fix';
  instanceId: string;
}

/** A ticket list: one of the provider's views, or a search the user ran. */
export interface ListNode {
  kind: 'list';
  instanceId: string;
  listKey: string;
  label: string;
  query: TicketQuery;
  icon: IconSpec;
}

export interface SearchPromptNode {
  kind: 'searchPrompt';
  instanceId: string;
}

export interface TicketNode {
  kind: 'ticket';
  instanceId: string;
  listKey: string;
  ticket: Ticket;
}

/** Under a ticket that has code linked to it: the "Linked code" group. */
export interface LinkedCodeNode {
  kind: 'linkedCode';
  instanceId: string;
  listKey: string;
  ticketId: string;
}

/** One linked location; clicking it opens the code. */
export interface LinkedLocationNode {
  kind: 'linkedLocation';
  instanceId: string;
  listKey: string;
  ticketId: string;
  link: LinkedCodeView;
}

export interface LoadMoreNode {
  kind: 'loadMore';
  instanceId: string;
  listKey: string;
}

/** An empty list or a failed load, shown in place so other nodes keep working. */
export interface NoticeNode {
  kind: 'notice';
  instanceId: string;
  listKey: string;
  text: string;
  detail?: string;
  /** Offer to retry the list's last load. */
  retry: boolean;
}

/** Under an instance whose outbox holds items: the "Outbox" group. */
export interface OutboxNode {
  kind: 'outbox';
  instanceId: string;
}

/** One waiting reply, note or status change (offline/outboxItem.ts). */
export interface OutboxItemNode {
  kind: 'outboxItem';
  instanceId: string;
  itemId: string;
}

export type TreeNode =
  | InstanceNode
  | FixNode
  | ListNode
  | SearchPromptNode
  | TicketNode
  | LinkedCodeNode
  | LinkedLocationNode
  | LoadMoreNode
  | NoticeNode
  | OutboxNode
  | OutboxItemNode;

export interface CommandSpec {
  command: string;
  title: string;
  arguments?: unknown[];
}

export interface NodeView {
  /** Stable across refreshes so expansion and selection survive. */
  id: string;
  label: string;
  /** Ranges of the label shown bold (VS Code's TreeItemLabel highlights). */
  labelHighlights?: Array<[number, number]>;
  description?: string;
  /** Plain text tooltip. */
  tooltip?: string;
  /** Markdown tooltip (already escaped). */
  tooltipMarkdown?: string;
  /** A Markdown hover written only when the row is hovered (resolveTreeItem). */
  resolveTooltipMarkdown?: () => string;
  icon?: IconSpec;
  collapsible: 'none' | 'collapsed' | 'expanded';
  command?: CommandSpec;
  contextValue: string;
}

/** Arguments commands receive from tree nodes and from keybindings alike. */
export interface TicketRef {
  instanceId: string;
  ticketId: string;
}
