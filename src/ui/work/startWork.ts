// "Start Work on Ticket": a branch named from the ticket, created or checked out through the
// Git extension's API (never a git process of our own), remembered as that ticket's branch;
// then, as the user chose once per helpdesk, the ticket set to their "in progress" status
// and assigned to them. Every question goes through StartWorkPrompts, so the integration
// suites answer them the way a user would.
import * as vscode from 'vscode';
import { toHelpdeskError } from '../../helpdesk/errors';
import type { Logger } from '../../helpdesk/log';
import type { Person, Ticket, TicketPatch, TicketStatus } from '../../helpdesk/model';
import { ticketRefFrom } from '../commands/args';
import type { Connection, Connections } from '../instances/connections';
import { capabilitiesOf, pickInstance } from '../code/instancePicker';
import type { LastInstance, RecentTickets } from '../code/recentTickets';
import { pickTicket } from '../code/ticketPicker';
import { ticketTitle } from '../code/ticketText';
import { branchNameFor } from './branchName';
import type { BranchTickets } from './branchTickets';
import {
  canSwitchBranches,
  changedFiles,
  currentRepository,
  type GitAccess,
  localBranchExists,
  remoteBranchExists,
  type WorkGitApi,
  type WorkRepository,
} from './gitRepositories';
import { planTicketUpdate, rankWorkStatuses, type UpdateSkip } from './ticketUpdate';
import type { StatusChoice, WorkChoiceStore } from './workChoices';

export interface SwitchQuestion {
  readonly branch: string;
  /** The branch exists already (checked out, not created). */
  readonly exists: boolean;
  /** Files with changes: staged, unstaged, untracked, merge. */
  readonly changes: number;
  readonly currentBranch?: string;
}

/** Every question Start Work asks. An undefined answer means the user dismissed it. */
export interface StartWorkPrompts {
  pickRepository(repositories: readonly WorkRepository[], preferred: WorkRepository | undefined): Promise<WorkRepository | undefined>;
  branchName(proposed: string, ticket: Ticket): Promise<string | undefined>;
  /** Only asked when the working tree has changes. True: switch anyway. */
  confirmSwitch(question: SwitchQuestion): Promise<boolean>;
  /** Asked once per helpdesk; `statuses` ranked, most likely first. */
  pickStatus(statuses: readonly TicketStatus[], instanceLabel: string): Promise<StatusChoice | undefined>;
  /** Asked once per helpdesk. */
  askAssign(instanceLabel: string): Promise<boolean | undefined>;
}

export interface StartWorkDeps {
  connections: Connections;
  instancesReady: () => Promise<void>;
  lastInstance: LastInstance;
  recents: RecentTickets;
  branches: BranchTickets;
  choices: WorkChoiceStore;
  /** The ticket of the focused ticket panel, for the palette run while one is in front. */
  activePanelTicket: () => { instanceId: string; ticketId: string } | undefined;
  /** The ticket changed at the helpdesk (the tree and its panel read it again). */
  ticketUpdated: (instanceId: string, ticketId: string) => void;
  branchPattern: () => string;
  git: () => Promise<GitAccess>;
  log: Logger;
}

export type BranchAction = 'created' | 'checkedOut' | 'tracking' | 'alreadyOn';

export interface StartWorkResult {
  readonly instanceId: string;
  readonly ticketId: string;
  readonly repositoryRoot: vscode.Uri;
  readonly branch: string;
  readonly action: BranchAction;
  /** What was sent to the helpdesk (absent: nothing). */
  readonly patch?: TicketPatch;
  readonly skipped: UpdateSkip[];
  /** Why the helpdesk change failed (the branch is done regardless). */
  readonly updateError?: string;
}

const TITLE = () => vscode.l10n.t('Start Work on Ticket');

export class StartWork {
  private readonly me = new WeakMap<Connection, Promise<Person>>();

  constructor(private readonly deps: StartWorkDeps) {}

  async run(arg: unknown, prompts: StartWorkPrompts): Promise<StartWorkResult | undefined> {
    const { deps } = this;
    await deps.instancesReady();
    const target = await this.pickTarget(arg);
    if (!target) return undefined;
    const { connection } = target;
    const capabilities = await capabilitiesOf(connection);
    if (!capabilities) return undefined;
    const ticket = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading the ticket…') }, () =>
      connection.run((provider) => provider.getTicket(target.ticketId)),
    );

    const access = await deps.git();
    if ('unavailable' in access) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Helpdesk: Start Work needs Git. {0}', access.unavailable));
      return undefined;
    }
    const repository = await this.pickRepository(access.api, prompts);
    if (!repository) return undefined;
    if (!canSwitchBranches(repository)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Helpdesk: this version of the Git extension cannot create branches for Start Work.'));
      return undefined;
    }
    const root = repository.rootUri.toString();

    // The branch already started for this ticket wins over a new name, if it still exists.
    const remembered = deps.branches.branchFor(root, connection.id, ticket.id);
    let branch: string | undefined = remembered && (await localBranchExists(repository, remembered)) ? remembered : undefined;
    if (!branch) {
      const proposed = branchNameFor(deps.branchPattern(), ticket, connection.id);
      branch = (await localBranchExists(repository, proposed)) ? proposed : await prompts.branchName(proposed, ticket);
    }
    if (!branch) return undefined;

    const action = await this.switchTo(repository, branch, prompts);
    if (!action) return undefined;
    await deps.branches.set(root, branch, { instanceId: connection.id, ticketId: ticket.id, ref: ticket.ref, subject: ticket.subject });
    await deps.recents.remember(connection.id, ticket);
    await deps.lastInstance.set(connection.id);

    const update = await this.updateTicket(connection, capabilities, ticket, prompts);
    const result: StartWorkResult = { instanceId: connection.id, ticketId: ticket.id, repositoryRoot: repository.rootUri, branch, action, ...update };
    this.report(result, ticket);
    return result;
  }

  private async pickTarget(arg: unknown): Promise<{ connection: Connection; ticketId: string } | undefined> {
    const { deps } = this;
    const named = ticketRefFrom(arg) ?? deps.activePanelTicket();
    if (named) {
      const connection = await pickInstance(deps.connections, deps.lastInstance, { instanceId: named.instanceId, title: TITLE(), placeHolder: '' });
      return connection ? { connection, ticketId: named.ticketId } : undefined;
    }
    const connection = await pickInstance(deps.connections, deps.lastInstance, {
      title: TITLE(),
      placeHolder: vscode.l10n.t('Start work on a ticket of which helpdesk?'),
    });
    if (!connection) return undefined;
    const picked = await pickTicket(connection, deps.recents, `${TITLE()} — ${connection.label}`);
    return picked ? { connection, ticketId: picked.id } : undefined;
  }

  private async pickRepository(api: WorkGitApi, prompts: StartWorkPrompts): Promise<WorkRepository | undefined> {
    const repositories = api.repositories;
    if (repositories.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Helpdesk: open a folder with a Git repository to start work on a ticket.'));
      return undefined;
    }
    if (repositories.length === 1) return repositories[0];
    return prompts.pickRepository(repositories, currentRepository(api));
  }

  /** Checks the branch out (creating it from HEAD when it does not exist), after stating uncommitted changes. */
  private async switchTo(repository: WorkRepository, branch: string, prompts: StartWorkPrompts): Promise<BranchAction | undefined> {
    const current = repository.state.HEAD?.name;
    if (current === branch) return 'alreadyOn';
    const local = await localBranchExists(repository, branch);
    const remote = !local && (await remoteBranchExists(repository, branch));
    const changes = changedFiles(repository);
    if (changes > 0) {
      const proceed = await prompts.confirmSwitch({ branch, exists: local || remote, changes, ...(current ? { currentBranch: current } : {}) });
      if (!proceed) return undefined;
    }
    try {
      if (local) {
        await repository.checkout(branch);
        return 'checkedOut';
      }
      if (remote) {
        // `git checkout name` makes the local branch that tracks the remote's.
        await repository.checkout(branch);
        return 'tracking';
      }
      await repository.createBranch(branch, true);
      return 'created';
    } catch (error) {
      const message = gitMessage(error);
      this.deps.log.error(`start work: switching to ${branch} failed: ${message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Helpdesk: could not switch to branch {0}: {1}', branch, message));
      return undefined;
    }
  }

  private async updateTicket(
    connection: Connection,
    capabilities: { changeStatus: boolean; assign: boolean },
    ticket: Ticket,
    prompts: StartWorkPrompts,
  ): Promise<Pick<StartWorkResult, 'patch' | 'skipped' | 'updateError'>> {
    const { choices } = this.deps;
    let statuses: readonly TicketStatus[] | undefined = ticket.statusChoices;
    let status: StatusChoice | undefined;
    let assignTo: string | undefined;
    try {
      if (capabilities.changeStatus) {
        status = choices.get(connection.id).status;
        if (!status || (!('none' in status) && ticket.statusChoices === undefined)) statuses ??= (await connection.referenceData()).statuses;
        if (!status) {
          const offered = rankWorkStatuses(statuses ?? []);
          if (offered.length > 0) {
            status = await prompts.pickStatus(offered, connection.label);
            if (status) await choices.setStatus(connection.id, status);
          }
        }
      }
      if (capabilities.assign) {
        let assign = choices.get(connection.id).assign;
        if (assign === undefined) {
          assign = await prompts.askAssign(connection.label);
          if (assign !== undefined) await choices.setAssign(connection.id, assign);
        }
        if (assign) assignTo = (await this.whoAmI(connection)).id;
      }
      const plan = planTicketUpdate({ ticket, ...(status ? { status } : {}), ...(statuses ? { statuses } : {}), ...(assignTo !== undefined ? { assignTo } : {}) });
      if (Object.keys(plan.patch).length === 0) return { skipped: plan.skipped };
      await connection.run((provider) => provider.updateTicket(ticket.id, plan.patch));
      this.deps.ticketUpdated(connection.id, ticket.id);
      return { patch: plan.patch, skipped: plan.skipped };
    } catch (error) {
      const failure = toHelpdeskError(error);
      this.deps.log.error(`start work: updating ${connection.id}/${ticket.id} failed: ${failure.describe()}`);
      return { skipped: [], updateError: failure.message };
    }
  }

  private whoAmI(connection: Connection): Promise<Person> {
    let known = this.me.get(connection);
    if (!known) {
      known = connection.run((provider) => provider.whoAmI({ reuse: true }));
      this.me.set(connection, known);
      known.catch(() => this.me.delete(connection));
    }
    return known;
  }

  private report(result: StartWorkResult, ticket: Ticket): void {
    const title = ticketTitle(ticket, 40);
    const where =
      result.action === 'created'
        ? vscode.l10n.t('created branch {0}', result.branch)
        : result.action === 'alreadyOn'
          ? vscode.l10n.t('already on branch {0}', result.branch)
          : vscode.l10n.t('switched to branch {0}', result.branch);
    if (result.updateError) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Helpdesk: {0} for {1}, but the ticket was not updated: {2}', where, title, result.updateError));
      return;
    }
    const notOffered = result.skipped.find((skip) => skip.kind === 'statusNotOffered');
    if (notOffered && notOffered.kind === 'statusNotOffered') {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Helpdesk: {0} for {1}. Its status stays: "{2}" is not one of this ticket\'s statuses.', where, title, notOffered.name),
      );
      return;
    }
    vscode.window.setStatusBarMessage(vscode.l10n.t('Helpdesk: {0} for {1}', where, title), 5000);
  }
}

function gitMessage(error: unknown): string {
  // The Git extension's GitError carries git's own words in stderr.
  if (typeof error === 'object' && error !== null) {
    const { stderr, message } = error as { stderr?: unknown; message?: unknown };
    if (typeof stderr === 'string' && stderr.trim() !== '') return stderr.trim().split('\n').slice(-3).join(' ');
    if (typeof message === 'string') return message;
  }
  return String(error);
}
