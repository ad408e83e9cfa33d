// What one refresh tells the user: at most one notification, naming the ticket when one
// changed and summarising when several did (or after a long gap, such as waking from sleep,
// when whatever piled up is one summary, never a storm). Pure, so the wording is unit-tested.
import * as l10n from '@vscode/l10n';
import type { Ticket } from '../../helpdesk/model';

export type NotificationMode = 'off' | 'mine' | 'all';

export function notificationMode(value: unknown): NotificationMode {
  return value === 'off' || value === 'all' ? value : 'mine';
}

/** A ticket that has new activity since the last refresh, in a view the user sees. */
export interface TicketActivity {
  instanceId: string;
  instanceLabel: string;
  ticket: Ticket;
  /** It sits in one of the "mine" views (assigned to you). */
  mine: boolean;
}

export interface RefreshNotification {
  message: string;
  /** Set when the notification is about one ticket: its Open action opens it. */
  open?: { instanceId: string; ticketId: string };
}

export function summarise(
  activity: readonly TicketActivity[],
  mode: NotificationMode,
  options: { afterLongGap: boolean },
): RefreshNotification | undefined {
  if (mode === 'off') return undefined;
  const relevant = dedupe(activity.filter((entry) => mode === 'all' || entry.mine));
  if (relevant.length === 0) return undefined;
  if (relevant.length === 1 && !options.afterLongGap) {
    const [{ instanceId, instanceLabel, ticket }] = relevant as [TicketActivity];
    const name = `${ticket.ref} ${ticket.subject}`.trim();
    return {
      message: mode === 'mine' ? l10n.t('New activity on your ticket {0} ({1})', name, instanceLabel) : l10n.t('New activity on {0} ({1})', name, instanceLabel),
      open: { instanceId, ticketId: ticket.id },
    };
  }
  const helpdesks = new Set(relevant.map((entry) => entry.instanceLabel));
  const where = [...helpdesks].join(', ');
  if (options.afterLongGap) {
    return relevant.length === 1
      ? { message: l10n.t('While you were away: new activity on 1 ticket ({0})', where), open: { instanceId: relevant[0]!.instanceId, ticketId: relevant[0]!.ticket.id } }
      : { message: l10n.t('While you were away: new activity on {0} tickets ({1})', relevant.length, where) };
  }
  return {
    message: mode === 'mine' ? l10n.t('New activity on {0} of your tickets ({1})', relevant.length, where) : l10n.t('New activity on {0} tickets ({1})', relevant.length, where),
  };
}

/** One ticket can sit in several views at once; count it once. */
function dedupe(activity: readonly TicketActivity[]): TicketActivity[] {
  const byKey = new Map<string, TicketActivity>();
  for (const entry of activity) {
    const id = `${entry.instanceId}\n${entry.ticket.id}`;
    const known = byKey.get(id);
    byKey.set(id, known ? { ...known, mine: known.mine || entry.mine } : entry);
  }
  return [...byKey.values()];
}
