// Which helpdesk a code command goes to: the one named by the argument, the only one, or
// one the user picks with the last used first.
import * as vscode from 'vscode';
import { toHelpdeskError } from '../../helpdesk/errors';
import type { Capabilities } from '../../helpdesk/provider';
import { Commands } from '../commandIds';
import type { Connection, Connections } from '../instances/connections';
import type { LastInstance } from './recentTickets';

export interface InstancePickOptions {
  instanceId?: string;
  title: string;
  placeHolder: string;
  /** Offered first, said why (the current branch's ticket is there), ahead of the last used. */
  preferred?: { instanceId: string; description: string };
}

export async function pickInstance(connections: Connections, last: LastInstance, options: InstancePickOptions): Promise<Connection | undefined> {
  if (options.instanceId) {
    const named = connections.get(options.instanceId);
    if (!named?.entry.ok) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Helpdesk: no helpdesk with id "{0}" is configured.', options.instanceId));
      return undefined;
    }
    return named;
  }
  const candidates = connections.all().filter((connection) => connection.entry.ok && connection.health.status !== 'unsupported');
  if (candidates.length === 0) {
    const add = vscode.l10n.t('Add Helpdesk…');
    const sandbox = vscode.l10n.t('Try the Sandbox');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('No helpdesk is configured yet.'), add, sandbox);
    if (choice === add) void vscode.commands.executeCommand(Commands.addInstance);
    if (choice === sandbox) void vscode.commands.executeCommand(Commands.trySandbox);
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const lastId = last.get();
  const preferredId = options.preferred?.instanceId;
  const ordered = [...candidates]
    .sort((a, b) => Number(b.id === lastId) - Number(a.id === lastId))
    .sort((a, b) => Number(b.id === preferredId) - Number(a.id === preferredId));
  const picked = await vscode.window.showQuickPick(
    ordered.map((connection) => ({
      label: connection.label,
      description: connection.id === preferredId ? options.preferred?.description : connection.id === lastId ? vscode.l10n.t('last used') : undefined,
      detail: connection.config?.baseUrl,
      connection,
    })),
    { title: options.title, placeHolder: options.placeHolder, matchOnDetail: true },
  );
  return picked?.connection;
}

/**
 * The helpdesk's capabilities (building its provider; no request is sent). Reports why
 * it cannot be used (no credentials, rejected ones) and returns undefined then.
 */
export async function capabilitiesOf(connection: Connection): Promise<Capabilities | undefined> {
  try {
    return (await connection.acquire()).capabilities;
  } catch (error) {
    const failure = toHelpdeskError(error);
    const fix = failure.kind === 'auth' ? vscode.l10n.t('Set Credentials…') : undefined;
    const choice = await vscode.window.showErrorMessage(vscode.l10n.t('{0}: {1}', connection.label, failure.message), ...(fix ? [fix] : []));
    if (choice === fix) void vscode.commands.executeCommand(Commands.setCredentials, { instanceId: connection.id });
    return undefined;
  }
}
