// How each kind of tree node looks: label, description, tooltip, icon and command. Pure
// functions of the node and what is known about its helpdesk, so wording and commands are
// unit-tested without an editor.
import { Commands } from '../commandIds';
import type { LinkedCodeView } from '../codeLinks/contracts';
import { OPEN_LINKED_CODE_COMMAND } from '../codeLinks/contracts';
import type { Connection } from '../instances/connections';
import { type Health, healthFix, healthIcon, healthText } from '../instances/health';
import { type RetryPlan, retryText } from '../instances/recovery';
import { escapeMarkdown, statusIcon, ticketDescription, ticketLabel, ticketTooltipMarkdown } from './format';
import type {
  FixNode,
  InstanceNode,
  LinkedCodeNode,
  LinkedLocationNode,
  ListNode,
  LoadMoreNode,
  NodeView,
  NoticeNode,
  SearchPromptNode,
  TicketNode,
} from './nodes';

/** An instance whose settings entry went away while its node was still shown. */
export function presentGone(node: InstanceNode): NodeView {
  return { id: node.instanceId, label: node.instanceId, collapsible: 'none', contextValue: 'helpdeskGone' };
}

/** `retry`: when the next reconnect by itself is (recovery.ts), said after the health. */
export function presentInstance(
  node: InstanceNode,
  connection: Connection,
  typeName: (type: string) => string,
  now: number,
  retry?: RetryPlan,
): NodeView {
  const health = connection.health;
  const config = connection.config;
  const lines = [`**${escapeMarkdown(connection.label)}**`, ''];
  if (config) {
    lines.push(`${escapeMarkdown(typeName(config.type))} — ${escapeMarkdown(config.baseUrl)}  `);
  }
  if (health.detail) lines.push('', escapeMarkdown(health.detail));
  let contextValue: string;
  if (!connection.entry.ok) {
    contextValue = connection.entry.id ? 'helpdeskInvalidInstance.removable' : 'helpdeskInvalidInstance';
  } else {
    contextValue = connection.isSandbox ? 'helpdeskInstance.sandbox' : 'helpdeskInstance';
  }
  return {
    id: `instance/${node.instanceId}`,
    label: connection.label,
    description: (retry ? `${healthText({ status: health.status }, now)} — ${retryText(retry, now)}` : healthText(health, now)) || undefined,
    tooltipMarkdown: lines.join('\n'),
    icon: healthIcon(health),
    collapsible: 'expanded',
    contextValue,
  };
}

export function presentFix(node: FixNode, health: Health, now: number): NodeView {
  const fix = healthFix(health, now) ?? { label: 'Not available' };
  const command = fix.command
    ? { command: Commands[fix.command], title: fix.label, arguments: [{ instanceId: node.instanceId }] }
    : undefined;
  return {
    id: `${node.instanceId}/fix`,
    label: fix.label,
    tooltip: health.detail,
    icon: fix.command ? { id: 'arrow-right' } : { id: 'info' },
    collapsible: 'none',
    command,
    contextValue: 'helpdeskFix',
  };
}

/** `summary`: what is loaded so far ("50 of 312"), once the list has been read. */
export function presentList(node: ListNode, summary: string | undefined): NodeView {
  return {
    id: `${node.instanceId}/${node.listKey}`,
    label: node.label,
    description: summary,
    icon: node.icon,
    collapsible: 'collapsed',
    contextValue: 'search' in node.query ? 'helpdeskSearch' : 'helpdeskList',
  };
}

export function presentSearchPrompt(node: SearchPromptNode): NodeView {
  return {
    id: `${node.instanceId}/search-prompt`,
    label: 'Search…',
    icon: { id: 'search' },
    collapsible: 'none',
    command: { command: Commands.search, title: 'Search', arguments: [{ instanceId: node.instanceId }] },
    contextValue: 'helpdeskSearchPrompt',
  };
}

export function presentTicket(node: TicketNode, context: { departmentLabel: string | undefined; now: number; hasLinks: boolean }): NodeView {
  const ticket = node.ticket;
  return {
    id: `${node.instanceId}/${node.listKey}/ticket/${ticket.id}`,
    label: ticketLabel(ticket),
    description: ticketDescription(ticket, context.now),
    tooltipMarkdown: ticketTooltipMarkdown(ticket, context.departmentLabel),
    icon: statusIcon(ticket.status.kind),
    collapsible: context.hasLinks ? 'collapsed' : 'none',
    command: {
      command: Commands.openTicket,
      title: 'Open Ticket',
      arguments: [{ instanceId: node.instanceId, ticketId: ticket.id }],
    },
    contextValue: ticket.webUrl ? 'helpdeskTicket.web' : 'helpdeskTicket',
  };
}

export function presentLinkedCode(node: LinkedCodeNode, links: LinkedCodeView[]): NodeView {
  const stale = links.filter((link) => link.stale).length;
  return {
    id: `${node.instanceId}/${node.listKey}/ticket/${node.ticketId}/linked-code`,
    label: 'Linked code',
    description: stale > 0 ? `${links.length} · ${stale} stale` : String(links.length),
    icon: { id: 'link' },
    collapsible: 'collapsed',
    contextValue: 'helpdeskLinkedCodeGroup',
  };
}

export function presentLinkedLocation(node: LinkedLocationNode): NodeView {
  const { link } = node;
  const slash = link.file.lastIndexOf('/');
  const name = link.file.slice(slash + 1);
  const folder = slash > 0 ? link.file.slice(0, slash) : '';
  const lines = link.startLine === link.endLine ? `line ${link.startLine}` : `lines ${link.startLine}–${link.endLine}`;
  return {
    id: `${node.instanceId}/${node.listKey}/ticket/${node.ticketId}/linked-code/${link.id}`,
    label: name,
    description: [folder, lines, link.stale ? 'stale' : ''].filter((part) => part !== '').join(' · '),
    tooltip: `${link.file}, ${lines}${link.stale ? '\nStale: the code was changed or removed; this is where it was.' : ''}`,
    icon: link.stale ? { id: 'warning', color: 'list.warningForeground' } : { id: 'file-code' },
    collapsible: 'none',
    command: { command: OPEN_LINKED_CODE_COMMAND, title: 'Open Linked Code', arguments: [{ linkId: link.id }] },
    contextValue: 'helpdeskLinkedCode',
  };
}

export function presentLoadMore(node: LoadMoreNode): NodeView {
  return {
    id: `${node.instanceId}/${node.listKey}/load-more`,
    label: 'Load more…',
    icon: { id: 'more' },
    collapsible: 'none',
    command: {
      command: Commands.loadMore,
      title: 'Load More',
      arguments: [{ instanceId: node.instanceId, listKey: node.listKey }],
    },
    contextValue: 'helpdeskLoadMore',
  };
}

export function presentNotice(node: NoticeNode): NodeView {
  return {
    id: `${node.instanceId}/${node.listKey}/notice`,
    label: node.retry ? `${node.text} — Retry` : node.text,
    tooltip: node.detail,
    icon: node.retry ? { id: 'error', color: 'problemsErrorIcon.foreground' } : { id: 'info' },
    collapsible: 'none',
    command: node.retry
      ? {
          command: Commands.loadMore,
          title: 'Retry',
          arguments: [{ instanceId: node.instanceId, listKey: node.listKey }],
        }
      : undefined,
    contextValue: 'helpdeskNotice',
  };
}
