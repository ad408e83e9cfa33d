// Starting work on a ticket, registered in one place: the Start Work command, the status bar
// item showing the current branch's ticket, the commit-message reference command, and the
// command that forgets the once-asked answers. extension.ts calls registerWork() once.
import * as vscode from 'vscode';
import { isHelpdeskError } from '../../helpdesk/errors';
import type { Logger } from '../../helpdesk/log';
import { instanceIdFrom } from '../commands/args';
import type { Connections } from '../instances/connections';
import { LastInstance, type RecentTickets } from '../code/recentTickets';
import type { PickedTicket } from '../code/ticketPicker';
import { DEFAULT_BRANCH_PATTERN } from './branchName';
import { type BranchTicket, BranchTicketStatus } from './branchStatus';
import { BranchTickets } from './branchTickets';
import { BRANCH_PATTERN_SETTING, WorkCommands } from './commandIds';
import { referenceTicketInCommit } from './commitMessage';
import { workGitApi } from './gitRepositories';
import { vscodeStartWorkPrompts } from './prompts';
import { StartWork, type StartWorkPrompts, type StartWorkResult } from './startWork';
import { WorkChoiceStore } from './workChoices';

export interface WorkDeps {
  connections: Connections;
  instancesReady: () => Promise<void>;
  recents: RecentTickets;
  globalState: vscode.Memento;
  workspaceState: vscode.Memento;
  panels: {
    activeTicket(): { instanceId: string; ticketId: string } | undefined;
    reloadTicket(instanceId: string, ticketId: string): void;
  };
  ticketChanged: (instanceId: string) => void;
  log: Logger & { show(): void };
}

export interface WorkHandle extends vscode.Disposable {
  readonly status: BranchTicketStatus;
  readonly branches: BranchTickets;
  readonly choices: WorkChoiceStore;
  /** Start Work with other prompts (the integration suites answer the questions). */
  startWork(arg: unknown, prompts?: StartWorkPrompts): Promise<StartWorkResult | undefined>;
  /** The ticket of the branch checked out where `uri` is (the code commands offer it first). */
  branchTicket(uri?: vscode.Uri): Promise<{ instanceId: string; ticket: PickedTicket; branch: string } | undefined>;
}

export function registerWork(deps: WorkDeps): WorkHandle {
  const { connections, log } = deps;
  const branches = new BranchTickets(deps.workspaceState);
  const choices = new WorkChoiceStore(deps.globalState);
  const status = new BranchTicketStatus(branches, (activate) => workGitApi(activate));
  const startWork = new StartWork({
    connections,
    instancesReady: deps.instancesReady,
    lastInstance: new LastInstance(deps.globalState),
    recents: deps.recents,
    branches,
    choices,
    activePanelTicket: () => deps.panels.activeTicket(),
    ticketUpdated: (instanceId, ticketId) => {
      deps.ticketChanged(instanceId);
      deps.panels.reloadTicket(instanceId, ticketId);
    },
    branchPattern: () => vscode.workspace.getConfiguration('helpdesk').get<string>(BRANCH_PATTERN_SETTING) ?? DEFAULT_BRANCH_PATTERN,
    git: () => workGitApi(true),
    log,
  });

  const run = async (arg: unknown, prompts: StartWorkPrompts) => {
    const result = await startWork.run(arg, prompts);
    if (result) await status.refresh();
    return result;
  };

  const handlers: Record<string, (arg?: unknown) => Promise<unknown>> = {
    [WorkCommands.startWork]: (arg) => run(arg, vscodeStartWorkPrompts),
    [WorkCommands.referenceTicketInCommit]: (arg) => referenceTicketInCommit({ status, connections }, arg),
    [WorkCommands.forgetStartWorkChoices]: async (arg) => forgetChoices(choices, connections, instanceIdFrom(arg)),
  };
  const disposables = Object.entries(handlers).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (arg?: unknown) => {
      try {
        return await handler(arg);
      } catch (error) {
        const message = isHelpdeskError(error) ? error.describe() : error instanceof Error ? error.message : String(error);
        log.error(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Helpdesk: {0}', message), vscode.l10n.t('Show Log')).then((choice) => {
          if (choice) log.show();
        });
        return undefined;
      }
    }),
  );

  return {
    status,
    branches,
    choices,
    startWork: (arg, prompts = vscodeStartWorkPrompts) => run(arg, prompts),
    branchTicket: async (uri) => {
      const found: BranchTicket | undefined = await status.ticketFor(uri);
      if (!found) return undefined;
      const { entry } = found;
      return { instanceId: entry.instanceId, ticket: { id: entry.ticketId, ref: entry.ref, subject: entry.subject }, branch: found.branch };
    },
    dispose: () => {
      for (const disposable of disposables) disposable.dispose();
      status.dispose();
      branches.dispose();
    },
  };
}

async function forgetChoices(choices: WorkChoiceStore, connections: Connections, instanceId: string | undefined): Promise<void> {
  if (instanceId) return choices.forget(instanceId);
  const known = choices.instanceIds();
  if (known.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Helpdesk: Start Work has no answers to forget.'));
    return;
  }
  const all = { label: vscode.l10n.t('All helpdesks'), instanceId: undefined as string | undefined };
  const picked = await vscode.window.showQuickPick(
    [all, ...known.map((id) => ({ label: connections.get(id)?.label ?? id, instanceId: id as string | undefined }))],
    {
      title: vscode.l10n.t('Forget Start Work Choices'),
      placeHolder: vscode.l10n.t('Ask again which status to set and whether to assign, for which helpdesk?'),
    },
  );
  if (!picked) return;
  await choices.forget(picked.instanceId);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Helpdesk: Start Work will ask again'), 4000);
}
