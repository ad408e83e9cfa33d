// Which ticket the current branch is for: a status bar item (click opens the ticket's panel),
// the `helpdesk.branchHasTicket` context key (the commit-message command's menu), and a lookup
// for the code commands. It watches the Git extension only once a branch ↔ ticket pair
// exists, so a workspace that never used Start Work costs nothing.
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { ticketReference } from '../code/ticketText';
import type { BranchTicketEntry, BranchTickets } from './branchTickets';
import { currentRepository, type GitAccess, type WorkGitApi, type WorkRepository } from './gitRepositories';

export const BRANCH_HAS_TICKET_CONTEXT = 'helpdesk.branchHasTicket';

export interface BranchTicket {
  readonly repository: WorkRepository;
  readonly branch: string;
  readonly entry: BranchTicketEntry;
}

export class BranchTicketStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly repositorySubscriptions = new Map<WorkRepository, vscode.Disposable>();
  private api: WorkGitApi | undefined;
  private watching: Promise<void> | undefined;
  private shown: BranchTicket | undefined;

  constructor(
    private readonly branches: BranchTickets,
    private readonly git: (activate: boolean) => Promise<GitAccess>,
  ) {
    this.item = vscode.window.createStatusBarItem('helpdesk.branchTicket', vscode.StatusBarAlignment.Left, 9);
    this.item.name = vscode.l10n.t('Helpdesk: Ticket of the Current Branch');
    this.subscriptions.push(
      this.item,
      branches.onDidChange(() => {
        void this.watch().then(() => this.update());
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    if (!branches.isEmpty()) void this.watch().then(() => this.update());
  }

  /** The ticket of the branch checked out in the repository of `uri` (else the current repository). */
  async ticketFor(uri?: vscode.Uri): Promise<BranchTicket | undefined> {
    if (this.branches.isEmpty()) return undefined;
    await this.watch();
    return this.api ? this.lookup(this.api, uri) : undefined;
  }

  /** What the status bar shows now (the integration suites read it). */
  get current(): { text: string; tooltip: string; ticket: BranchTicket | undefined; command: vscode.Command | undefined } {
    const tooltip = this.item.tooltip;
    const command = typeof this.item.command === 'object' ? this.item.command : undefined;
    return { text: this.shown ? this.item.text : '', tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''), ticket: this.shown, command };
  }

  /** Reads the state again now (after a switch made here; Git's own event follows too). */
  refresh(): Promise<void> {
    return this.watch().then(() => this.update());
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    for (const subscription of this.repositorySubscriptions.values()) subscription.dispose();
    this.repositorySubscriptions.clear();
  }

  private watch(): Promise<void> {
    this.watching ??= this.git(true).then((access) => {
      if ('unavailable' in access) {
        this.watching = undefined;
        return;
      }
      const api = access.api;
      this.api = api;
      for (const repository of api.repositories) this.follow(repository);
      this.subscriptions.push(
        api.onDidOpenRepository((repository) => {
          this.follow(repository);
          this.update();
        }),
        api.onDidCloseRepository((repository) => {
          this.repositorySubscriptions.get(repository)?.dispose();
          this.repositorySubscriptions.delete(repository);
          this.update();
        }),
      );
    });
    return this.watching;
  }

  private follow(repository: WorkRepository): void {
    if (this.repositorySubscriptions.has(repository) || typeof repository.state.onDidChange !== 'function') return;
    this.repositorySubscriptions.set(repository, repository.state.onDidChange(() => this.update()));
  }

  private lookup(api: WorkGitApi, uri?: vscode.Uri): BranchTicket | undefined {
    const repository = (uri ? api.getRepository(uri) : null) ?? currentRepository(api) ?? this.onlyRepositoryWithTicket(api);
    const branch = repository?.state.HEAD?.name;
    if (!repository || !branch) return undefined;
    const entry = this.branches.get(repository.rootUri.toString(), branch);
    return entry ? { repository, branch, entry } : undefined;
  }

  /** With several repositories and no editor, the one whose branch has a ticket, if only one has. */
  private onlyRepositoryWithTicket(api: WorkGitApi): WorkRepository | undefined {
    const withTicket = api.repositories.filter((repository) => {
      const branch = repository.state.HEAD?.name;
      return branch !== undefined && this.branches.get(repository.rootUri.toString(), branch) !== undefined;
    });
    return withTicket.length === 1 ? withTicket[0] : undefined;
  }

  private update(): void {
    const found = this.api ? this.lookup(this.api) : undefined;
    this.shown = found;
    void vscode.commands.executeCommand('setContext', BRANCH_HAS_TICKET_CONTEXT, found !== undefined);
    if (!found) {
      this.item.hide();
      return;
    }
    const { entry, branch } = found;
    const reference = ticketReference({ id: entry.ticketId, ref: entry.ref });
    this.item.text = `$(issues) ${reference}`;
    const subject = entry.subject.trim();
    const about = subject !== '' ? vscode.l10n.t('Branch {0} is for ticket {1}: {2}', branch, reference, subject) : vscode.l10n.t('Branch {0} is for ticket {1}', branch, reference);
    this.item.tooltip = `${about}\n${vscode.l10n.t('Click to open the ticket.')}`;
    this.item.accessibilityInformation = { label: vscode.l10n.t('Ticket {0} of branch {1}', reference, branch) };
    this.item.command = {
      command: Commands.openTicket,
      title: vscode.l10n.t('Open Ticket'),
      arguments: [{ instanceId: entry.instanceId, ticketId: entry.ticketId }],
    };
    this.item.show();
  }
}
