// "Copy Ticket Reference" and "Insert Ticket Reference": a ticket's reference, in the form
// the editor recognises for that helpdesk, to the clipboard or at every cursor.
import * as vscode from 'vscode';
import { instanceIdFrom, ticketRefFrom } from '../commands/args';
import type { Connection, Connections } from '../instances/connections';
import { REFERENCE_PATTERNS_FIELD } from '../codeLinks/referenceSources';
import { pickInstance } from './instancePicker';
import type { LastInstance, RecentTickets } from './recentTickets';
import { type PickedTicket, pickTicket } from './ticketPicker';
import { codeReference } from './ticketText';

export interface ReferenceCommandDeps {
  connections: Connections;
  instancesReady: () => Promise<void>;
  lastInstance: LastInstance;
  recents: RecentTickets;
}

export async function copyTicketReference(deps: ReferenceCommandDeps, arg: unknown): Promise<string | undefined> {
  const chosen = await chooseTicket(deps, arg, vscode.l10n.t('Copy Ticket Reference'));
  if (!chosen) return undefined;
  const text = referenceText(chosen.connection, chosen.ticket);
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Helpdesk: copied {0}', text), 3000);
  return text;
}

export async function insertTicketReference(deps: ReferenceCommandDeps, arg: unknown): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Helpdesk: open a file to insert a ticket reference into.'));
    return undefined;
  }
  const chosen = await chooseTicket(deps, arg, vscode.l10n.t('Insert Ticket Reference'));
  if (!chosen) return undefined;
  const text = referenceText(chosen.connection, chosen.ticket);
  const applied = await editor.edit((builder) => {
    for (const selection of editor.selections) builder.replace(selection, text);
  });
  if (!applied) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Helpdesk: could not insert {0}; the document may be read-only or closed.', text));
    return undefined;
  }
  return text;
}

function referenceText(connection: Connection, ticket: PickedTicket): string {
  return codeReference(ticket, connection.config?.[REFERENCE_PATTERNS_FIELD]);
}

/** The ticket named by the argument (a tree node, `{instanceId, ticketId}`) or picked. */
async function chooseTicket(deps: ReferenceCommandDeps, arg: unknown, title: string): Promise<{ connection: Connection; ticket: PickedTicket } | undefined> {
  await deps.instancesReady();
  const ref = ticketRefFrom(arg);
  const node = nodeTicket(arg);
  const connection = await pickInstance(deps.connections, deps.lastInstance, {
    instanceId: ref?.instanceId ?? instanceIdFrom(arg),
    title,
    placeHolder: vscode.l10n.t('Which helpdesk is the ticket in?'),
  });
  if (!connection) return undefined;
  let ticket: PickedTicket | undefined = node;
  if (!ticket && ref) ticket = await connection.run((provider) => provider.getTicket(ref.ticketId));
  if (!ticket) {
    // Builds the provider so the picker knows whether the helpdesk can search.
    await connection.acquire();
    ticket = await pickTicket(connection, deps.recents, title);
  }
  if (!ticket) return undefined;
  await deps.recents.remember(connection.id, ticket);
  return { connection, ticket };
}

/** A tree node carries the ticket itself. */
function nodeTicket(arg: unknown): PickedTicket | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const ticket = (arg as { ticket?: unknown }).ticket;
  if (typeof ticket !== 'object' || ticket === null) return undefined;
  const { id, ref, subject } = ticket as Record<string, unknown>;
  return typeof id === 'string' && id !== '' ? { id, ref: typeof ref === 'string' ? ref : '', subject: typeof subject === 'string' ? subject : '' } : undefined;
}
