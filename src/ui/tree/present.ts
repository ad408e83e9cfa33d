// How each kind of tree node looks: label, description, tooltip, icon and command. Pure
// functions of the node and what is known about its helpdesk, so wording and commands are
// unit-tested without an editor.
import * as l10n from '@vscode/l10n';
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

/** Starts the description of a ticket that changed since it was last opened. */
export const UNSEEN_MARK = '● ';
export const UNSEEN_ICON = { id: 'circle-filled', color: 'notificationsInfoIcon.foreground' } as const;

/** An instance whose settings entry went away while its node was still shown. */
export function presentGone(node: InstanceNode): NodeView {
  return { id: node.instanceId, label: node.instanceId, collapsible: 'none', contextValue: 'helpdeskGone' };
}

/**
 * `retry`: when the next reconnect by itself is (recovery.ts), said after the health.
 * `offline`: the helpdesk is away and its views show the offline cache.
 */
export function presentInstance(
  node: InstanceNode,
  connection: Connection,
  typeName: (type: string) => string,
  now: number,
  retry?: RetryPlan,
  stale?: { message: string; since: number },
  offline = false,
): NodeView {
  const health = connection.health;
  const config = connection.config;
  const lines = [`**${escapeMarkdown(connection.label)}**`, ''];
  if (config) {
    lines.push(`${escapeMarkdown(typeName(config.type))} — ${escapeMarkdown(config.baseUrl)}  `);
  }
  if (health.detail) lines.push('', escapeMarkdown(health.detail));
  if (offline) {
    lines.push('', l10n.t('Offline: the views show the tickets as they were last loaded; replies go to the outbox.'));
  } else if (stale) {
    lines.push(
      '',
      escapeMarkdown(stale.message ? l10n.t('Refresh failed: {0}', stale.message) : l10n.t('Could not refresh.')),
      '',
      l10n.t('The tickets shown are the last ones loaded.'),
    );
  }
  let contextValue: string;
  if (!connection.entry.ok) {
    contextValue = connection.entry.id ? 'helpdeskInvalidInstance.removable' : 'helpdeskInvalidInstance';
  } else {
    contextValue = connection.isSandbox ? 'helpdeskInstance.sandbox' : 'helpdeskInstance';
  }
  let description = retry ? `${healthText({ status: health.status }, now)} — ${retryText(retry, now)}` : healthText(health, now);
  if (offline) {
    description = `${description} · ${l10n.t('offline — showing cached tickets')}`;
  } else if (stale) {
    if (health.status === 'connected') {
      description = `⚠ ${stale.message ? l10n.t('Refresh failed: {0}', stale.message) : l10n.t('Showing the last loaded tickets')}`;
    } else {
      const what = stale.message ? l10n.t('refresh failed: {0}', stale.message) : l10n.t('showing the last loaded tickets');
      description = `${description} · ${what}`;
    }
  }
  return {
    id: `instance/${node.instanceId}`,
    label: connection.label,
    description: description || undefined,
    tooltipMarkdown: lines.join('\n'),
    icon: stale && health.status === 'connected' ? { id: 'warning', color: 'list.warningForeground' } : healthIcon(health),
    collapsible: 'expanded',
    contextValue,
  };
}

export function presentFix(node: FixNode, health: Health, now: number): NodeView {
  const fix = healthFix(health, now) ?? { label: l10n.t('Not available') };
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
/** `filtered`: the filter and order set on the list ("filtered: status Open · by priority"), if any. */
/** `offline`: its rows are an offline copy ("offline — as of 10:42"), said first. */
export function presentList(node: ListNode, summary: string | undefined, filtered?: string, offline?: string): NodeView {
  return {
    id: `${node.instanceId}/${node.listKey}`,
    label: node.label,
    description: [offline, summary, filtered].filter((part) => part !== undefined && part !== '').join(' · ') || undefined,
    icon: node.icon,
    collapsible: 'collapsed',
    contextValue: 'search' in node.query ? 'helpdeskSearch' : filtered ? 'helpdeskList.filtered' : 'helpdeskList',
  };
}

export function presentSearchPrompt(node: SearchPromptNode): NodeView {
  return {
    id: `${node.instanceId}/search-prompt`,
    label: l10n.t('Search…'),
    icon: { id: 'search' },
    collapsible: 'none',
    command: { command: Commands.search, title: l10n.t('Search'), arguments: [{ instanceId: node.instanceId }] },
    contextValue: 'helpdeskSearchPrompt',
  };
}

/** `unseen`: changed since last opened; shown with a dot and a bold label until opened. */
export function presentTicket(
  node: TicketNode,
  context: { departmentLabel: string | undefined; now: number; hasLinks: boolean; unseen?: boolean },
): NodeView {
  const ticket = node.ticket;
  const label = ticketLabel(ticket);
  const description = ticketDescription(ticket, context.now);
  return {
    id: `${node.instanceId}/${node.listKey}/ticket/${ticket.id}`,
    label,
    labelHighlights: context.unseen ? [[0, label.length]] : undefined,
    description: context.unseen ? `${UNSEEN_MARK}${description}` : description,
    // Written when the row is hovered: VS Code asks for every row of a list each time it is
    // drawn (each "Load more…" of a long list asks for all of them again), and the hover is
    // most of a row's cost.
    resolveTooltipMarkdown: () => {
      const tooltip = ticketTooltipMarkdown(ticket, context.departmentLabel);
      return context.unseen ? `${tooltip}\n\n*${l10n.t('Changed since you last opened it')}*` : tooltip;
    },
    // The status stays in the hover; a changed ticket's dot is seen even when the row is too narrow for its description.
    icon: context.unseen ? UNSEEN_ICON : statusIcon(ticket.status.kind),
    collapsible: context.hasLinks ? 'collapsed' : 'none',
    command: {
      command: Commands.openTicket,
      title: l10n.t('Open Ticket'),
      arguments: [{ instanceId: node.instanceId, ticketId: ticket.id }],
    },
    contextValue: ticket.webUrl ? 'helpdeskTicket.web' : 'helpdeskTicket',
  };
}

export function presentLinkedCode(node: LinkedCodeNode, links: LinkedCodeView[]): NodeView {
  const stale = links.filter((link) => link.stale).length;
  return {
    id: `${node.instanceId}/${node.listKey}/ticket/${node.ticketId}/linked-code`,
    label: l10n.t('Linked code'),
    description: stale > 0 ? l10n.t('{0} · {1} stale', links.length, stale) : String(links.length),
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
  const lines = link.startLine === link.endLine ? l10n.t('line {0}', link.startLine) : l10n.t('lines {0}–{1}', link.startLine, link.endLine);
  return {
    id: `${node.instanceId}/${node.listKey}/ticket/${node.ticketId}/linked-code/${link.id}`,
    label: name,
    description: [folder, lines, link.stale ? l10n.t('stale') : ''].filter((part) => part !== '').join(' · '),
    tooltip: `${link.file}, ${lines}${link.stale ? `\n${l10n.t('Stale: the code was changed or removed; this is where it was.')}` : ''}`,
    icon: link.stale ? { id: 'warning', color: 'list.warningForeground' } : { id: 'file-code' },
    collapsible: 'none',
    command: { command: OPEN_LINKED_CODE_COMMAND, title: l10n.t('Open Linked Code'), arguments: [{ linkId: link.id }] },
    contextValue: 'helpdeskLinkedCode',
  };
}

export function presentLoadMore(node: LoadMoreNode): NodeView {
  return {
    id: `${node.instanceId}/${node.listKey}/load-more`,
    label: l10n.t('Load more…'),
    icon: { id: 'more' },
    collapsible: 'none',
    command: {
      command: Commands.loadMore,
      title: l10n.t('Load More'),
      arguments: [{ instanceId: node.instanceId, listKey: node.listKey }],
    },
    contextValue: 'helpdeskLoadMore',
  };
}

export function presentNotice(node: NoticeNode): NodeView {
  return {
    id: `${node.instanceId}/${node.listKey}/notice`,
    label: node.retry ? l10n.t('{0} — Retry', node.text) : node.text,
    tooltip: node.detail,
    icon: node.retry ? { id: 'error', color: 'problemsErrorIcon.foreground' } : { id: 'info' },
    collapsible: 'none',
    command: node.retry
      ? {
          command: Commands.loadMore,
          title: l10n.t('Retry'),
          arguments: [{ instanceId: node.instanceId, listKey: node.listKey }],
        }
      : undefined,
    contextValue: 'helpdeskNotice',
  };
}
