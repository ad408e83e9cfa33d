// Helpdesk: Go to Ticket… — one quick pick over every helpdesk. Recently opened tickets
// come first; as the user types (debounced), each helpdesk is searched and looked up
// directly, and its rows appear as soon as it answers, under its own name. A helpdesk that
// fails shows as one row ("ACME: unreachable"). Enter opens the ticket's panel.
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import type { RecentTicket, RecentTickets } from '../code/recentTickets';
import { ticketReference } from '../code/ticketText';
import type { Ticket } from '../../helpdesk/model';
import { type FindSource, type FindUpdate, TicketFinder } from './finder';

export interface GoToTicketItem extends vscode.QuickPickItem {
  /** Opened on Enter. */
  target?: { instanceId: string; ticketId: string };
  /** A failed helpdesk's row. */
  failedInstance?: string;
}

export interface GoToTicketDeps {
  sources: () => readonly FindSource[];
  recents: RecentTickets;
  /** The request timeout, in ms: how long one helpdesk may take. */
  deadlineMs: () => number;
}

const TYPING_DELAY_MS = 250;
const RECENT_LIMIT = 10;

export class GoToTicket implements vscode.Disposable {
  /** The quick pick while it is open (read by the integration suites). */
  current: vscode.QuickPick<GoToTicketItem> | undefined;

  constructor(private readonly deps: GoToTicketDeps) {}

  /** Shows the picker; resolves with what was opened, if anything. `initial` pre-fills the text. */
  show(initial?: string): Promise<{ instanceId: string; ticketId: string } | undefined> {
    this.current?.hide();
    const picker = vscode.window.createQuickPick<GoToTicketItem>();
    this.current = picker;
    picker.title = vscode.l10n.t('Go to Ticket');
    picker.placeholder = vscode.l10n.t('Type a reference (ABC-12, #123), a number or words to search every helpdesk');
    picker.matchOnDescription = true;
    picker.matchOnDetail = true;
    const finder = new TicketFinder(this.deps.sources, { deadlineMs: this.deps.deadlineMs });
    let last: FindUpdate | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const render = () => {
      const text = picker.value.trim();
      // Rows arrive while the user moves through them: keep the row they are on.
      const active = picker.activeItems[0]?.target;
      const items = buildItems(text, this.recentRows(text), last && last.text === text ? last : undefined);
      picker.items = items;
      const same = active && items.find((item) => item.target?.instanceId === active.instanceId && item.target.ticketId === active.ticketId);
      if (same) picker.activeItems = [same];
      picker.busy = (last?.pending ?? 0) > 0 || timer !== undefined;
    };

    const start = (value: string) => {
      clearTimeout(timer);
      timer = undefined;
      finder.cancel();
      last = undefined;
      const text = value.trim();
      if (text === '') {
        render();
        return;
      }
      timer = setTimeout(() => {
        timer = undefined;
        void finder.find(text, (update) => {
          last = update;
          render();
        });
      }, TYPING_DELAY_MS);
      render();
    };

    const disposables: vscode.Disposable[] = [picker.onDidChangeValue(start)];
    if (initial) picker.value = initial;
    start(picker.value);
    picker.show();

    return new Promise((resolve) => {
      let settled = false;
      const finish = (value: { instanceId: string; ticketId: string } | undefined) => {
        if (settled) return;
        settled = true;
        resolve(value);
      };
      disposables.push(
        picker.onDidAccept(() => {
          const target = picker.selectedItems[0]?.target ?? picker.activeItems[0]?.target;
          if (!target) return;
          finish(target);
          picker.hide();
          void vscode.commands.executeCommand(Commands.openTicket, target);
        }),
        picker.onDidHide(() => {
          clearTimeout(timer);
          finder.cancel();
          finish(undefined);
          for (const disposable of disposables) disposable.dispose();
          if (this.current === picker) this.current = undefined;
          picker.dispose();
        }),
      );
    });
  }

  dispose(): void {
    this.current?.hide();
  }

  private recentRows(text: string): Array<{ entry: RecentTicket; instanceLabel: string }> {
    const labels = new Map(this.deps.sources().filter((source) => source.config !== undefined).map((source) => [source.id, source.label]));
    const words = text.toLowerCase().split(/\s+/).filter((word) => word !== '');
    const rows: Array<{ entry: RecentTicket; instanceLabel: string }> = [];
    for (const entry of this.deps.recents.list()) {
      const instanceLabel = labels.get(entry.instanceId);
      if (instanceLabel === undefined) continue;
      const haystack = `${entry.subject}\n${entry.ref}\n${entry.id}\n#${entry.id}`.toLowerCase();
      if (!words.every((word) => haystack.includes(word))) continue;
      rows.push({ entry, instanceLabel });
      if (rows.length >= RECENT_LIMIT) break;
    }
    return rows;
  }
}

/** The rows in order: recent tickets, then each helpdesk's direct match, search results or failure. */
export function buildItems(text: string, recents: ReadonlyArray<{ entry: RecentTicket; instanceLabel: string }>, update: FindUpdate | undefined): GoToTicketItem[] {
  const items: GoToTicketItem[] = [];
  const shown = new Set<string>();
  if (recents.length > 0) {
    items.push({ label: vscode.l10n.t('Recent'), kind: vscode.QuickPickItemKind.Separator });
    for (const { entry, instanceLabel } of recents) {
      shown.add(`${entry.instanceId}\u0000${entry.id}`);
      items.push({
        label: `$(history) ${entry.subject.trim() || vscode.l10n.t('(no subject)')}`,
        description: `${ticketReference(entry)} · ${instanceLabel}`,
        alwaysShow: true,
        target: { instanceId: entry.instanceId, ticketId: entry.id },
      });
    }
  }
  for (const { source, result } of update?.results ?? []) {
    if (result.state === 'pending') continue;
    if (result.state === 'failed') {
      items.push({
        label: `$(warning) ${vscode.l10n.t('{0}: {1}', source.label, result.reason)}`,
        detail: result.detail?.split('\n')[0],
        alwaysShow: true,
        failedInstance: source.id,
      });
      continue;
    }
    const rows: GoToTicketItem[] = [];
    const add = (ticket: Ticket, icon: string) => {
      const key = `${source.id}\u0000${ticket.id}`;
      if (shown.has(key)) return;
      shown.add(key);
      rows.push({
        label: `${icon} ${ticket.subject.trim() || vscode.l10n.t('(no subject)')}`,
        description: [ticketReference(ticket), ticket.status.name, source.label].filter((part) => part).join(' · '),
        alwaysShow: true,
        target: { instanceId: source.id, ticketId: ticket.id },
      });
    };
    if (result.direct) add(result.direct, '$(arrow-right)');
    for (const ticket of result.found) add(ticket, '$(issues)');
    if (rows.length === 0) continue;
    items.push({ label: source.label, kind: vscode.QuickPickItemKind.Separator }, ...rows);
  }
  if (update && update.pending === 0 && text !== '' && !items.some((item) => item.target && !isRecent(item, recents))) {
    items.push({ label: `$(info) ${vscode.l10n.t('No tickets match "{0}".', text)}`, alwaysShow: true });
  }
  return items;
}

function isRecent(item: GoToTicketItem, recents: ReadonlyArray<{ entry: RecentTicket }>): boolean {
  return recents.some(({ entry }) => entry.instanceId === item.target?.instanceId && entry.id === item.target?.ticketId);
}
