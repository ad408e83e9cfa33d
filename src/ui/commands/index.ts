// Registers every Helpdesk command. Each one reports failures to the user with what to
// do next (never only in the log).
import * as vscode from 'vscode';
import { isHelpdeskError } from '../../helpdesk/errors';
import type { Logger } from '../../helpdesk/log';
import type { Credentials } from '../../helpdesk/model';
import { Commands, VIEW_ID } from '../commandIds';
import type { Connection, Connections } from '../instances/connections';
import type { DescriptorCatalog } from '../instances/descriptors';
import type { InstanceDirectory } from '../instances/directory';
import { isSafeExternalUrl } from '../safeUrl';
import type { TicketPanelManager } from '../panel/manager';
import type { HelpdeskSettings } from '../instances/settings';
import type { TreeModel } from '../tree/model';
import type { TreeNode } from '../tree/nodes';
import { addInstance } from './addInstance';
import {
  credentialArgsFrom,
  instanceIdFrom,
  listRefFrom,
  ticketDisplayRefFrom,
  ticketRefFrom,
  ticketWebUrlFrom,
} from './args';

export interface CommandDeps {
  catalog: DescriptorCatalog;
  directory: InstanceDirectory;
  connections: Connections;
  model: TreeModel;
  treeView: vscode.TreeView<TreeNode>;
  panels: TicketPanelManager;
  settings: HelpdeskSettings;
  log: Logger & { show(): void };
  /** Removing a helpdesk discards its outbox (offline/outboxView.ts); the question says how much. */
  outbox?: { count(instanceId: string): Promise<number>; removeInstance(instanceId: string): Promise<void> };
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { catalog, directory, connections, model, treeView, panels, settings, log, outbox } = deps;

  const reveal = async (instanceId: string): Promise<void> => {
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    const node = model.instanceNode(instanceId);
    if (node) await treeView.reveal(node, { select: true, focus: true, expand: true });
  };

  const handlers: Record<string, (arg?: unknown) => unknown> = {
    [Commands.addInstance]: () =>
      addInstance({ catalog, directory, transport: () => settings.transport(), log, reveal }),

    [Commands.setCredentials]: async (arg) => {
      const args = credentialArgsFrom(arg);
      const connection = await resolveInstance(connections, args.instanceId, vscode.l10n.t('Set credentials for which helpdesk?'), (c) => c.entry.ok && !c.isSandbox);
      if (!connection?.config) return;
      if (connection.isSandbox) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The sandbox has its own credentials; nothing to set.'));
        return;
      }
      let credentials: Credentials | undefined;
      if (args.secret) {
        credentials = { secret: args.secret };
        if (args.username) credentials.username = args.username;
      } else {
        credentials = await promptCredentials(catalog, connection, directory);
      }
      if (!credentials) return;
      await directory.setCredentials(connection.id, credentials);
      panels.reloadInstance(connection.id);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Helpdesk: credentials saved for {0}', connection.label), 4000);
    },

    [Commands.removeInstance]: async (arg) => {
      const connection = await resolveInstance(connections, instanceIdFrom(arg), vscode.l10n.t('Remove which helpdesk?'), () => true);
      if (!connection) return;
      // The sandbox comes back with the same id, so its outbox stays for it.
      const unsent = connection.isSandbox ? 0 : ((await outbox?.count(connection.id)) ?? 0);
      const detail = [
        connection.isSandbox ? vscode.l10n.t('This turns the sandbox off.') : vscode.l10n.t('Its settings entry and its saved credentials will be deleted.'),
        ...(unsent > 0 ? [vscode.l10n.t('{0} unsent item(s) in its outbox will be discarded.', String(unsent))] : []),
      ].join('\n');
      const remove = vscode.l10n.t('Remove');
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Remove "{0}"?', connection.label), { modal: true, detail }, remove);
      if (choice !== remove) return;
      if (connection.isSandbox) {
        await settings.setSandboxEnabled(false);
        return;
      }
      const entry = connection.entry;
      // A broken entry is removed by its key (its position when it has no usable id);
      // credentials go only with an id that is really its own (not a duplicate's).
      const removed = await directory.remove(entry.ok ? entry.config.id : entry.key);
      const credentialId = entry.ok ? entry.config.id : entry.id;
      if (credentialId) await directory.deleteCredentials(credentialId);
      if (removed) await outbox?.removeInstance(connection.id).catch((error: unknown) => log.warn(`outbox: could not delete ${connection.id}'s: ${String(error)}`));
      if (!removed) {
        void vscode.window.showWarningMessage(vscode.l10n.t('"{0}" is not in your user settings; edit settings.json to remove it.', connection.label));
      }
    },

    [Commands.refresh]: () => model.refreshAll(),

    [Commands.refreshInstance]: (arg) => {
      const instanceId = instanceIdFrom(arg);
      if (instanceId) model.refreshInstance(instanceId);
      else model.refreshAll();
    },

    [Commands.openTicket]: async (arg) => {
      const ref = ticketRefFrom(arg);
      if (ref) {
        panels.open(ref.instanceId, ref.ticketId);
        return;
      }
      const connection = await resolveInstance(connections, instanceIdFrom(arg), vscode.l10n.t('Open a ticket from which helpdesk?'), (c) => c.entry.ok);
      if (!connection) return;
      const typed = await vscode.window.showInputBox({
        title: vscode.l10n.t('Open Ticket — {0}', connection.label),
        prompt: vscode.l10n.t('Ticket number'),
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('Enter the ticket number') : undefined),
      });
      if (!typed) return;
      // Looked up first so a mistyped number says so here instead of opening a broken panel.
      const ticketId = typed.trim().replace(/^#/, '');
      try {
        const ticket = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Opening ticket {0}…', ticketId) },
          () => connection.run((provider) => provider.getTicket(ticketId)),
        );
        panels.open(connection.id, ticket.id);
      } catch (error) {
        const message = isHelpdeskError(error) && error.kind === 'notFound'
          ? vscode.l10n.t("{0} has no ticket {1}. Enter the ticket's number as shown in the list.", connection.label, ticketId)
          : vscode.l10n.t('Could not open ticket {0}: {1}', ticketId, error instanceof Error ? error.message : String(error));
        log.error(message);
        void vscode.window.showErrorMessage(message);
      }
    },

    [Commands.loadMore]: async (arg) => {
      const ref = listRefFrom(arg);
      if (ref) await model.loadMore(ref.instanceId, ref.listKey);
    },

    [Commands.search]: async (arg) => {
      const connection = await resolveInstance(
        connections,
        instanceIdFrom(arg),
        vscode.l10n.t('Search which helpdesk?'),
        (c) => c.entry.ok && c.capabilities?.search !== false,
      );
      if (!connection) return;
      if (connection.capabilities && !connection.capabilities.search) {
        void vscode.window.showInformationMessage(vscode.l10n.t('{0} does not offer ticket search.', connection.label));
        return;
      }
      const text = await vscode.window.showInputBox({
        title: vscode.l10n.t('Search Tickets — {0}', connection.label),
        prompt: vscode.l10n.t('Words to look for in subjects and messages'),
        ignoreFocusOut: true,
      });
      if (!text?.trim()) return;
      const node = model.addSearch(connection.id, text);
      if (node) await treeView.reveal(node, { select: true, focus: true, expand: true });
    },

    [Commands.closeSearch]: (arg) => {
      const ref = listRefFrom(arg);
      if (ref) model.removeSearch(ref.instanceId, ref.listKey);
    },

    [Commands.openSettings]: async (arg) => {
      if (instanceIdFrom(arg)) {
        // The instances list is only editable as JSON; go straight to it.
        try {
          await vscode.commands.executeCommand('workbench.action.openSettingsJson', { revealSetting: { key: 'helpdesk.instances' } });
          return;
        } catch {
          // Older hosts without revealSetting: fall through to the settings editor.
        }
      }
      await vscode.commands.executeCommand('workbench.action.openSettings', 'helpdesk.');
    },

    [Commands.showLog]: () => log.show(),

    [Commands.trySandbox]: async () => {
      await settings.setSandboxEnabled(true);
      await directory.ready();
      const first = connections.all().find((c) => c.isSandbox);
      if (first) await reveal(first.id);
      else await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    },

    [Commands.openInBrowser]: async (arg) => {
      const url = ticketWebUrlFrom(arg);
      if (!isSafeExternalUrl(url)) {
        void vscode.window.showInformationMessage(vscode.l10n.t('This helpdesk gives no web address for that ticket.'));
        return;
      }
      await vscode.env.openExternal(vscode.Uri.parse(url, true));
    },

    [Commands.copyTicketLink]: async (arg) => {
      const text = ticketWebUrlFrom(arg) ?? ticketDisplayRefFrom(arg);
      if (!text) return;
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', text), 3000);
    },
  };

  return Object.entries(handlers).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (arg?: unknown) => {
      try {
        return await handler(arg);
      } catch (error) {
        reportFailure(id, error, log);
        return undefined;
      }
    }),
  );
}

function reportFailure(commandId: string, error: unknown, log: Logger & { show(): void }): void {
  const message = isHelpdeskError(error) ? error.describe() : error instanceof Error ? error.message : String(error);
  log.error(`${commandId} failed: ${message}`);
  void vscode.window.showErrorMessage(vscode.l10n.t('Helpdesk: {0}', message), vscode.l10n.t('Show Log')).then((choice) => {
    if (choice) log.show();
  });
}

/** The instance named by the argument, or one the user picks; undefined if none or cancelled. */
async function resolveInstance(
  connections: Connections,
  instanceId: string | undefined,
  placeholder: string,
  eligible: (connection: Connection) => boolean,
): Promise<Connection | undefined> {
  if (instanceId) {
    const connection = connections.get(instanceId);
    if (!connection) void vscode.window.showWarningMessage(vscode.l10n.t('Helpdesk: no helpdesk with id "{0}" is configured.', instanceId));
    return connection;
  }
  const candidates = connections.all().filter(eligible);
  if (candidates.length === 0) {
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('No helpdesk is configured yet.'), vscode.l10n.t('Add Helpdesk…'));
    if (choice) void vscode.commands.executeCommand(Commands.addInstance);
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((connection) => ({
      label: connection.label,
      description: connection.config?.baseUrl,
      connection,
    })),
    { placeHolder: placeholder },
  );
  return picked?.connection;
}

async function promptCredentials(
  catalog: DescriptorCatalog,
  connection: Connection,
  directory: InstanceDirectory,
): Promise<Credentials | undefined> {
  const config = connection.config;
  const descriptor = config ? catalog.get(config.type) : undefined;
  if (!config || !descriptor) return undefined;
  const title = vscode.l10n.t('Set Credentials — {0}', connection.label);
  let username: string | undefined;
  const usernamePrompt = descriptor.credentialPrompt.username;
  if (usernamePrompt) {
    const current = await directory.credentials.get(config.id);
    username = await vscode.window.showInputBox({
      title,
      prompt: usernamePrompt.prompt,
      placeHolder: usernamePrompt.placeholder,
      value: current?.username ?? '',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === '' && !usernamePrompt.optional ? vscode.l10n.t('Required') : undefined),
    });
    if (username === undefined) return undefined;
  }
  // Where the vendor has several kinds of secret, ask for the one this instance uses.
  const method = descriptor.credentialPrompt.methods?.find((option) => option.id === config.authMethod) ?? descriptor.credentialPrompt.methods?.[0];
  const secretPrompt = method?.secret ?? descriptor.credentialPrompt.secret;
  const secret = await vscode.window.showInputBox({
    title,
    prompt: secretPrompt.prompt,
    placeHolder: secretPrompt.placeholder,
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('Required') : undefined),
  });
  if (secret === undefined) return undefined;
  const credentials: Credentials = { secret: secret.trim() };
  if (username?.trim()) credentials.username = username.trim();
  return credentials;
}
