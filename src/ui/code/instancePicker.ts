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
}

export async function pickInstance(connections: Connections, last: LastInstance, options: InstancePickOptions): Promise<Connection | undefined> {
  if (options.instanceId) {
    const named = connections.get(options.instanceId);
    if (!named?.entry.ok) {
      void vscode.window.showWarningMessage(`Helpdesk: no helpdesk with id "${options.instanceId}" is configured.`);
      return undefined;
    }
    return named;
  }
  const candidates = connections.all().filter((connection) => connection.entry.ok && connection.health.status !== 'unsupported');
  if (candidates.length === 0) {
    const choice = await vscode.window.showInformationMessage('No helpdesk is configured yet.', 'Add Helpdesk…', 'Try the Sandbox');
    if (choice === 'Add Helpdesk…') void vscode.commands.executeCommand(Commands.addInstance);
    if (choice === 'Try the Sandbox') void vscode.commands.executeCommand(Commands.trySandbox);
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const lastId = last.get();
  const ordered = [...candidates].sort((a, b) => Number(b.id === lastId) - Number(a.id === lastId));
  const picked = await vscode.window.showQuickPick(
    ordered.map((connection) => ({
      label: connection.label,
      description: connection.id === lastId ? 'last used' : undefined,
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
    const fix = failure.kind === 'auth' ? 'Set Credentials…' : undefined;
    const choice = await vscode.window.showErrorMessage(`${connection.label}: ${failure.message}`, ...(fix ? [fix] : []));
    if (choice === fix) void vscode.commands.executeCommand(Commands.setCredentials, { instanceId: connection.id });
    return undefined;
  }
}
