// Reset Sandbox, Stop Sandbox, the live-activity setting followed without a reload, and
// what the user is told about the sandbox's saved data (src/ui/instances/sandbox.ts).
import * as vscode from 'vscode';
import type { Logger } from '../../helpdesk/log';
import type { SandboxNotice } from '../../sandbox/index';
import { Commands } from '../commandIds';
import type { InstanceDirectory } from './directory';
import type { SandboxHost } from './sandbox';
import { HelpdeskSettings } from './settings';

export interface SandboxCommandsDeps {
  host: SandboxHost;
  directory: InstanceDirectory;
  settings: HelpdeskSettings;
  log: Logger;
}

/** Shown when a simulator's saved data could not be read and it started from the seed. */
export function showSandboxNotice(notice: SandboxNotice): void {
  void vscode.window.showWarningMessage(
    vscode.l10n.t('Helpdesk: the saved sandbox data of {0} could not be read, so it starts again from its seed data ({1}).', notice.name, notice.reason),
  );
}

export function registerSandboxCommands({ host, directory, settings, log }: SandboxCommandsDeps): vscode.Disposable[] {
  const reset = async (): Promise<void> => {
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Reset the sandbox?'),
      { modal: true, detail: vscode.l10n.t('Your replies, changes and new tickets in the simulated helpdesks are deleted, and they start again from their seed data.') },
      vscode.l10n.t('Reset'),
    );
    if (!choice) return;
    await host.reset();
    directory.credentials.forgetSandboxRejections();
    directory.apply();
    vscode.window.setStatusBarMessage(vscode.l10n.t('Helpdesk: the sandbox starts again from its seed data.'), 4000);
  };

  const stop = async (): Promise<void> => {
    const ids = host.entries().flatMap((entry) => (entry.ok ? [entry.config.id] : []));
    await settings.setSandboxEnabled(false);
    // The setting's change event stops it too; this makes it so before the command returns.
    await host.stop();
    directory.credentials.forgetSandboxRejections();
    directory.apply();
    // The sandbox's own credentials lived in memory and are gone with it; anything stored under its ids goes too.
    await Promise.all(ids.map((id) => directory.deleteCredentials(id).catch((error: unknown) => log.warn(`could not delete the stored credentials of ${id}: ${String(error)}`))));
    vscode.window.setStatusBarMessage(vscode.l10n.t('Helpdesk: the sandbox is stopped. Its data is kept for the next time you try it.'), 4000);
  };

  const run = (id: string, handler: () => Promise<void>): vscode.Disposable =>
    vscode.commands.registerCommand(id, async () => {
      try {
        await handler();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.error(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Helpdesk: {0}', message));
      }
    });

  return [
    run(Commands.resetSandbox, reset),
    run(Commands.stopSandbox, stop),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (HelpdeskSettings.affectsSandboxLiveActivity(event)) host.setLiveActivity(settings.sandboxLiveActivity());
    }),
  ];
}
