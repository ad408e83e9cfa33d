// Start Work's questions as VS Code asks them: quick picks, an input box with the proposed
// branch name, and a modal warning before switching with uncommitted changes.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ticket, TicketStatus } from '../../helpdesk/model';
import { ticketTitle } from '../code/ticketText';
import { branchNameProblem, type BranchNameProblem } from './branchName';
import type { WorkRepository } from './gitRepositories';
import type { StartWorkPrompts, SwitchQuestion } from './startWork';
import { looksLikeInProgress } from './ticketUpdate';
import type { StatusChoice } from './workChoices';

export const vscodeStartWorkPrompts: StartWorkPrompts = {
  async pickRepository(repositories, preferred) {
    const ordered = preferred ? [preferred, ...repositories.filter((repository) => repository !== preferred)] : [...repositories];
    const picked = await vscode.window.showQuickPick(
      ordered.map((repository) => ({
        label: `$(repo) ${path.basename(repository.rootUri.fsPath)}`,
        description: repository.state.HEAD?.name ?? '',
        detail: repository.rootUri.fsPath,
        repository,
      })),
      { title: vscode.l10n.t('Start Work on Ticket'), placeHolder: vscode.l10n.t('Create the branch in which repository?'), matchOnDetail: true },
    );
    return picked?.repository;
  },

  branchName(proposed: string, ticket: Ticket) {
    return Promise.resolve(
      vscode.window.showInputBox({
        title: vscode.l10n.t('Start Work on {0}', ticketTitle(ticket, 50)),
        prompt: vscode.l10n.t('The branch to create from the current commit and check out (the helpdesk.startWork.branchName setting proposes it)'),
        value: proposed,
        ignoreFocusOut: true,
        validateInput: (value) => describeProblem(branchNameProblem(value.trim())),
      }),
    ).then((value) => value?.trim() || undefined);
  },

  async confirmSwitch(question: SwitchQuestion) {
    const files = question.changes === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', question.changes);
    const message = question.currentBranch
      ? vscode.l10n.t('Branch {0} has uncommitted changes in {1}.', question.currentBranch, files)
      : vscode.l10n.t('The working tree has uncommitted changes in {0}.', files);
    const detail = question.exists
      ? vscode.l10n.t('Git takes them along to {0}, or refuses to switch if {0} changes the same files. Commit or stash them first to keep them where they are.', question.branch)
      : vscode.l10n.t('They come along to the new branch {0} as they are. Commit or stash them first to keep them on the current branch.', question.branch);
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, vscode.l10n.t('Switch Anyway'));
    return choice !== undefined;
  },

  async pickStatus(statuses: readonly TicketStatus[], instanceLabel: string): Promise<StatusChoice | undefined> {
    type Item = vscode.QuickPickItem & { choice: StatusChoice };
    const items: Item[] = [
      ...statuses.map((status) => ({ label: status.name, choice: { statusId: status.id, name: status.name } })),
      { label: '', kind: vscode.QuickPickItemKind.Separator, choice: { none: true } },
      { label: vscode.l10n.t('$(circle-slash) Leave the status as it is'), choice: { none: true } },
    ];
    const picker = vscode.window.createQuickPick<Item>();
    picker.title = vscode.l10n.t('Start Work — {0}', instanceLabel);
    picker.placeholder = vscode.l10n.t('Which status means you are working on a ticket? Asked once for this helpdesk.');
    picker.items = items;
    picker.ignoreFocusOut = true;
    const first = items[0];
    if (first && looksLikeInProgress(statuses[0])) picker.activeItems = [first];
    return new Promise<StatusChoice | undefined>((resolve) => {
      let answer: StatusChoice | undefined;
      picker.onDidAccept(() => {
        answer = picker.selectedItems[0]?.choice;
        picker.hide();
      });
      picker.onDidHide(() => {
        picker.dispose();
        resolve(answer);
      });
      picker.show();
    });
  },

  async askAssign(instanceLabel: string) {
    const yes = { label: vscode.l10n.t('$(account) Assign the ticket to me'), assign: true };
    const no = { label: vscode.l10n.t('$(circle-slash) Leave the agent as it is'), assign: false };
    const picked = await vscode.window.showQuickPick([yes, no], {
      title: vscode.l10n.t('Start Work — {0}', instanceLabel),
      placeHolder: vscode.l10n.t('When you start work on a ticket, assign it to you? Asked once for this helpdesk.'),
      ignoreFocusOut: true,
    });
    return picked?.assign;
  },
};

function describeProblem(problem: BranchNameProblem | undefined): string | undefined {
  switch (problem) {
    case undefined:
      return undefined;
    case 'empty':
      return vscode.l10n.t('Enter a branch name.');
    case 'characters':
      return vscode.l10n.t('A branch name cannot contain spaces, control characters, ~ ^ : ? * [ \\ or "@{".');
    case 'dots':
      return vscode.l10n.t('A branch name cannot contain "..", end with "." or have a part that starts with ".".');
    case 'slashes':
      return vscode.l10n.t('A branch name cannot start or end with "/" or contain "//".');
    case 'lock':
      return vscode.l10n.t('No part of a branch name can end with ".lock".');
    case 'reserved':
      return vscode.l10n.t('"HEAD" and "@" are not branch names.');
    case 'dash':
      return vscode.l10n.t('A branch name cannot start with "-".');
    case 'tooLong':
      return vscode.l10n.t('That name is too long for a branch.');
  }
}
