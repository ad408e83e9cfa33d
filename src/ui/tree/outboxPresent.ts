// How the outbox looks in the tree: an "Outbox" group under its helpdesk with the count,
// and one row per item with an icon for its state and, as description, the ticket, the
// state and why it waits. Pure functions, like present.ts.
import * as l10n from '@vscode/l10n';
import { Commands } from '../commandIds';
import type { IconSpec } from '../instances/health';
import type { OutboxItem, OutboxItemState } from '../offline/outboxItem';
import { escapeMarkdown } from '../text';
import type { NodeView, OutboxItemNode, OutboxNode } from './nodes';

export function presentOutbox(node: OutboxNode, items: readonly OutboxItem[]): NodeView {
  const needUser = items.filter((item) => item.state === 'conflict' || item.state === 'rejected').length;
  const count = String(items.length);
  return {
    id: `${node.instanceId}/outbox`,
    label: l10n.t('Outbox'),
    description: needUser > 0 ? l10n.t('{0} · {1} need you', count, String(needUser)) : count,
    // Also what screen readers say for the row: it starts with the group's name.
    tooltip: l10n.t('Outbox: {0} waiting to be sent (replies, notes and status changes)', count),
    icon: needUser > 0 ? { id: 'send', color: 'list.warningForeground' } : { id: 'send' },
    collapsible: 'expanded',
    contextValue: 'helpdeskOutbox',
  };
}

export function presentOutboxItem(node: OutboxItemNode, item: OutboxItem | undefined): NodeView {
  const id = `${node.instanceId}/outbox/${node.itemId}`;
  if (!item) return { id, label: l10n.t('(sent or discarded)'), collapsible: 'none', contextValue: 'helpdeskOutboxItemGone' };
  const reason = item.reason ? firstLine(item.reason) : undefined;
  const lines = [`**${escapeMarkdown(itemLabel(item))}**`, '', escapeMarkdown(`${item.ticketRef} — ${stateText(item.state)}`)];
  if (item.reason) lines.push('', escapeMarkdown(item.reason));
  for (const change of item.changes?.changes ?? []) lines.push('', escapeMarkdown(`${change.label}: ${change.from} → ${change.to}`));
  const newMessages = item.changes?.messages.length ?? 0;
  if (newMessages > 0) lines.push('', escapeMarkdown(l10n.t('{0} new message(s) since it was written', String(newMessages))));
  return {
    id,
    label: itemLabel(item),
    description: [item.ticketRef, stateText(item.state), reason].filter((part) => part !== undefined && part !== '').join(' · '),
    tooltipMarkdown: lines.join('\n'),
    icon: STATE_ICONS[item.state],
    collapsible: 'none',
    // A click shows the ticket; Edit takes the item out into the panel's draft.
    command: { command: Commands.openTicket, title: l10n.t('Open Ticket'), arguments: [{ instanceId: item.instanceId, ticketId: item.ticketId }] },
    contextValue: `helpdeskOutboxItem.${item.state}`,
  };
}

const STATE_ICONS: Record<OutboxItemState, IconSpec> = {
  queued: { id: 'clock' },
  sending: { id: 'sync~spin' },
  uncertain: { id: 'question', color: 'list.warningForeground' },
  conflict: { id: 'warning', color: 'list.warningForeground' },
  rejected: { id: 'error', color: 'list.errorForeground' },
};

export function stateText(state: OutboxItemState): string {
  switch (state) {
    case 'queued':
      return l10n.t('waiting');
    case 'sending':
      return l10n.t('sending');
    case 'uncertain':
      return l10n.t('checking whether it arrived');
    case 'conflict':
      return l10n.t('ticket changed');
    case 'rejected':
      return l10n.t('refused');
  }
}

/** "Reply: Thanks, the fix is…", "Note: …", "Status → Resolved". */
export function itemLabel(item: OutboxItem): string {
  const work = item.work;
  if (work.kind === 'status') return l10n.t('Status → {0}', work.statusName);
  const text = firstLine(work.bodyMarkdown.trim()) || work.files.map((file) => file.name).join(', ');
  return work.internal ? l10n.t('Note: {0}', text) : l10n.t('Reply: {0}', text);
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? text;
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
