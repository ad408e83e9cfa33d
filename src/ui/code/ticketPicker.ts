// "Which ticket?": recent tickets first, then the user's own, and as the user types, the
// helpdesk's search and a direct jump to a typed number. Answers that arrive after the
// user typed something else are dropped.
import * as vscode from 'vscode';
import { isHelpdeskError, toHelpdeskError } from '../../helpdesk/errors';
import type { Ticket } from '../../helpdesk/model';
import type { Connection } from '../instances/connections';
import type { RecentTickets } from './recentTickets';
import { looksLikeTicketId, ticketReference } from './ticketText';

export type PickedTicket = Pick<Ticket, 'id' | 'ref' | 'subject'>;

interface TicketItem extends vscode.QuickPickItem {
  ticket?: PickedTicket;
  /** Look the typed number up when accepted. */
  lookup?: string;
}

const SEARCH_DELAY_MS = 300;
const LIST_SIZE = 20;

/** `branchTicket`: the current branch's ticket (Start Work), offered first. */
export function pickTicket(connection: Connection, recents: RecentTickets, title: string, branchTicket?: { ticket: PickedTicket; branch: string }): Promise<PickedTicket | undefined> {
  const picker = vscode.window.createQuickPick<TicketItem>();
  picker.title = title;
  picker.placeholder = vscode.l10n.t('Pick a recent ticket, or type to search or enter a ticket number');
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  picker.ignoreFocusOut = true;

  const capabilities = connection.capabilities;
  const recent = recents.list(connection.id).map((entry) => ticketItem(entry, '$(history)'));
  const onBranch = branchTicket ? [{ ...ticketItem(branchTicket.ticket, '$(git-branch)'), detail: vscode.l10n.t('The ticket of branch {0}', branchTicket.branch) }] : [];
  let mine: TicketItem[] = [];
  let found: TicketItem[] = [];
  let extra: TicketItem[] = [];
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending = 0;

  const render = () => {
    const seen = new Set<string>();
    const section = (label: string, items: TicketItem[]): TicketItem[] => {
      const fresh = items.filter((item) => !item.ticket || !seen.has(item.ticket.id));
      for (const item of fresh) if (item.ticket) seen.add(item.ticket.id);
      return fresh.length > 0 ? [{ label, kind: vscode.QuickPickItemKind.Separator }, ...fresh] : [];
    };
    picker.items = [...extra, ...section(vscode.l10n.t('Current Branch'), onBranch), ...section(vscode.l10n.t('Search Results'), found), ...section(vscode.l10n.t('Recent'), recent), ...section(vscode.l10n.t('My Tickets'), mine)];
    picker.busy = pending > 0;
  };

  const request = <T>(work: () => Promise<T>, apply: (value: T) => void, failed: (message: string) => void) => {
    const mark = generation;
    pending++;
    render();
    work().then(
      (value) => mark === generation && apply(value),
      (error: unknown) => mark === generation && failed(toHelpdeskError(error).message),
    ).finally(() => {
      pending--;
      render();
    });
  };

  if (capabilities?.views.some((view) => view.kind === 'mine')) {
    const first = generation;
    pending++;
    connection
      .run((provider) => provider.listTickets({ view: 'mine' }, undefined, LIST_SIZE))
      .then(
        (page) => {
          mine = page.items.map((ticket) => ticketItem(ticket, '$(account)'));
        },
        (error: unknown) => {
          if (first === generation && recent.length === 0) extra = [problemItem(vscode.l10n.t('Could not list your tickets: {0}', toHelpdeskError(error).message))];
        },
      )
      .finally(() => {
        pending--;
        render();
      });
  }

  picker.onDidChangeValue((value) => {
    generation++;
    clearTimeout(timer);
    found = [];
    const text = value.trim();
    const id = looksLikeTicketId(text);
    extra = id ? [{ label: `$(arrow-right) ${vscode.l10n.t('Ticket {0}', id)}`, description: vscode.l10n.t('Go to this ticket number'), alwaysShow: true, lookup: id }] : [];
    render();
    if (text.length < 2 || capabilities?.search === false) return;
    timer = setTimeout(() => {
      request(
        () => connection.run((provider) => provider.listTickets({ search: text }, undefined, LIST_SIZE)),
        (page) => {
          found = page.items.map((ticket) => ({ ...ticketItem(ticket, '$(search)'), alwaysShow: true }));
          if (found.length === 0 && !id) extra = [problemItem(vscode.l10n.t('No tickets match "{0}".', text))];
        },
        (message) => {
          extra = [...extra, problemItem(vscode.l10n.t('Search failed: {0}', message))];
        },
      );
    }, SEARCH_DELAY_MS);
  });

  render();
  picker.show();

  return new Promise<PickedTicket | undefined>((resolve) => {
    let settled = false;
    const finish = (ticket: PickedTicket | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(ticket);
      picker.hide();
    };
    picker.onDidAccept(async () => {
      const item = picker.selectedItems[0];
      if (item?.ticket) return finish(item.ticket);
      if (!item?.lookup) return;
      picker.busy = true;
      try {
        const ticket = await connection.run((provider) => provider.getTicket(item.lookup!));
        finish(ticket);
      } catch (error) {
        const message = isHelpdeskError(error) && error.kind === 'notFound' ? vscode.l10n.t('{0} has no ticket {1}.', connection.label, item.lookup) : toHelpdeskError(error).message;
        extra = [problemItem(message)];
        render();
      }
    });
    picker.onDidHide(() => {
      finish(undefined);
      picker.dispose();
    });
  });
}

function ticketItem(ticket: PickedTicket, icon: string): TicketItem {
  return {
    label: `${icon} ${ticket.subject.trim() || vscode.l10n.t('(no subject)')}`,
    description: ticketReference(ticket),
    ticket: { id: ticket.id, ref: ticket.ref, subject: ticket.subject },
  };
}

function problemItem(message: string): TicketItem {
  return { label: `$(info) ${message}`, alwaysShow: true };
}
