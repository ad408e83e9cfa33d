// Start Work on Ticket in the real extension host, on a real git repository in a temp folder
// opened by the built-in Git extension: a new branch named from the ticket, an existing branch
// checked out rather than re-created, a dirty working tree stated before switching (cancel
// and go on), the status and agent set at the DeskPRO simulator as chosen once (DiamanteDesk:
// the status only, as it cannot assign), the status bar showing the branch's ticket, and the
// commit message referencing it. The questions are answered through the same prompts
// interface the command's dialogs implement.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { HelpdeskTestApi } from '../../../src/extension';
import type { DeskproSimulator } from '../../../src/sandbox/deskpro';
import type { TicketRecord } from '../../../src/sandbox/deskpro/state';
import { type DiamantedeskRequestLogEntry, type DiamantedeskSimulator, startDiamantedeskSimulator } from '../../../src/sandbox/diamantedesk/server';
import { ticketKey } from '../../../src/sandbox/diamantedesk/state';
import { Commands } from '../../../src/ui/commandIds';
import type { GitExtensionExports } from '../../../src/ui/code/gitApi';
import { branchNameFor, DEFAULT_BRANCH_PATTERN } from '../../../src/ui/work/branchName';
import { WorkCommands } from '../../../src/ui/work/commandIds';
import type { WorkGitApi, WorkRepository } from '../../../src/ui/work/gitRepositories';
import type { StartWorkPrompts, SwitchQuestion } from '../../../src/ui/work/startWork';
import { apiRequests, children, forgetCredentials, resetSettings, startSimulator, testApi } from '../support/helpdesk';
import { waitFor } from '../support/wait';

const INSTANCE = 'it-work';
const LABEL = 'Work DeskPRO';
const DD_INSTANCE = 'it-work-dd';

function git(cwd: string, ...args: string[]): string {
  const config = ['-c', 'user.name=Helpdesk Tests', '-c', 'user.email=tests@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main'];
  return execFileSync('git', [...config, ...args], { cwd, encoding: 'utf8' }).trim();
}

interface Script {
  branchName?: (proposed: string) => string | undefined;
  confirmSwitch?: boolean;
  status?: string;
  assign?: boolean;
}

/** Answers Start Work's questions as a user would, and records which were asked. */
function scripted(repository: () => WorkRepository, script: Script) {
  const asked: string[] = [];
  const switches: SwitchQuestion[] = [];
  const prompts: StartWorkPrompts = {
    pickRepository: async (repositories) => {
      asked.push('repository');
      return repositories.find((candidate) => candidate.rootUri.toString() === repository().rootUri.toString());
    },
    branchName: async (proposed) => {
      asked.push(`branchName:${proposed}`);
      return script.branchName ? script.branchName(proposed) : proposed;
    },
    confirmSwitch: async (question) => {
      asked.push('confirmSwitch');
      switches.push(question);
      return script.confirmSwitch ?? false;
    },
    pickStatus: async (statuses) => {
      asked.push(`pickStatus:${statuses.map((status) => status.id).join(',')}`);
      const found = statuses.find((status) => status.id === script.status);
      return found ? { statusId: found.id, name: found.name } : { none: true };
    },
    askAssign: async () => {
      asked.push('assign');
      return script.assign;
    },
  };
  return { prompts, asked, switches };
}

describe('start work on a ticket', () => {
  let sim: DeskproSimulator;
  let api: HelpdeskTestApi;
  let gitApi: WorkGitApi;
  let folder: string;
  let repository: WorkRepository;
  const ticketsUsed: TicketRecord[] = [];

  const head = () => git(folder, 'rev-parse', '--abbrev-ref', 'HEAD');
  const localBranches = () => git(folder, 'branch', '--format=%(refname:short)').split('\n').filter(Boolean).sort();
  const puts = () => apiRequests(sim, 'PUT', /\/api\/v2\/tickets\/\d+/);

  /** A ticket not yet used here, awaiting an agent and someone else's (or nobody's). */
  function freshTicket(): TicketRecord {
    const found = [...sim.state.tickets.values()].find(
      (ticket) => ticket.status === 'awaiting_agent' && ticket.agent !== sim.state.meId && ticket.subject.trim() !== '' && !ticketsUsed.includes(ticket),
    );
    assert.ok(found, 'the simulator has a ticket awaiting an agent');
    ticketsUsed.push(found);
    return found;
  }

  const expectedBranch = (ticket: TicketRecord) => branchNameFor(DEFAULT_BRANCH_PATTERN, { id: String(ticket.id), ref: ticket.ref, subject: ticket.subject }, INSTANCE);

  /** The Git extension's view of the folder, after it has looked again. */
  async function gitSees(what: string, probe: () => boolean): Promise<void> {
    await waitFor(what, async () => {
      await (repository as unknown as { status(): Promise<void> }).status();
      return probe();
    });
  }

  before(async function () {
    this.timeout(90_000);
    api = await testApi();
    sim = await startSimulator();
    const entry = { id: INSTANCE, label: LABEL, type: 'deskpro', baseUrl: sim.url, referencePatterns: ['DP-{id}'] };
    await vscode.workspace.getConfiguration('helpdesk').update('instances', [entry], vscode.ConfigurationTarget.Global);
    await waitFor(`"${INSTANCE}" among the tree's roots`, async () => (await children(api)).find((node) => node.instanceId === INSTANCE));
    await vscode.commands.executeCommand(Commands.setCredentials, { instanceId: INSTANCE, secret: sim.apiKey });
    await api.work.choices.forget(INSTANCE);

    // A repository in a temp folder, outside the workspace, with one commit.
    folder = realpathSync(mkdtempSync(join(tmpdir(), 'helpdesk-work-')));
    writeFileSync(join(folder, 'app.py'), 'print("hello")\n');
    git(folder, 'init', '-q');
    git(folder, 'add', '.');
    git(folder, 'commit', '-q', '-m', 'first');

    // The Git extension opens a repository outside the workspace folders only with this
    // setting (otherwise it offers it as a "parent repository" in a notification).
    await vscode.workspace.getConfiguration('git').update('openRepositoryInParentFolders', 'always', vscode.ConfigurationTarget.Global);
    const extension = vscode.extensions.getExtension<GitExtensionExports>('vscode.git');
    assert.ok(extension, 'the built-in Git extension ships with this VS Code');
    const exports = await extension.activate();
    assert.equal(exports.enabled, true, 'the Git extension is enabled');
    gitApi = exports.getAPI(1) as WorkGitApi;
    const opened = await (gitApi as unknown as { openRepository(root: vscode.Uri): Promise<WorkRepository | null> }).openRepository(vscode.Uri.file(folder));
    assert.ok(opened, 'the Git extension opened the temp repository');
    repository = opened;
    await waitFor('the Git extension to see the repository on main', () => repository.state.HEAD?.name === 'main');
    // The status bar follows the active editor's repository.
    await vscode.window.showTextDocument(vscode.Uri.file(join(folder, 'app.py')));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (repository) repository.inputBox.value = '';
    if (api) await api.work.choices.forget(INSTANCE);
    if (api && repository) for (const branch of localBranches()) await api.work.branches.forget(repository.rootUri.toString(), branch);
    if (repository) await vscode.commands.executeCommand('git.close', repository).then(undefined, () => undefined);
    if (folder) rmSync(folder, { recursive: true, force: true });
    await vscode.workspace.getConfiguration('git').update('openRepositoryInParentFolders', undefined, vscode.ConfigurationTarget.Global);
    await resetSettings();
    if (api) await forgetCredentials(api, INSTANCE);
    await sim?.close();
  });

  it('the command is registered and the Git extension is active in this host', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of Object.values(WorkCommands)) assert.ok(commands.includes(id), id);
    assert.equal(vscode.extensions.getExtension('vscode.git')?.isActive, true);
    assert.equal(api.work.status.current.ticket, undefined, 'no ticket before any work started');
  });

  it('creates and checks out a branch named from the ticket, then sets the chosen status and assigns it to me, asking each once', async function () {
    this.timeout(60_000);
    const ticket = freshTicket();
    const branch = expectedBranch(ticket);
    assert.match(branch, new RegExp(`^${ticket.ref.replace(/[^A-Za-z0-9-]/g, '')}-[a-z0-9-]+$`));
    const putsBefore = puts().length;
    const { prompts, asked } = scripted(() => repository, { status: 'pending', assign: true });

    const result = await api.work.startWork({ instanceId: INSTANCE, ticketId: String(ticket.id) }, prompts);

    assert.ok(result, 'Start Work finished');
    assert.equal(result.action, 'created');
    assert.equal(result.branch, branch);
    assert.equal(head(), branch, 'git has the new branch checked out');
    assert.deepEqual(localBranches(), [branch, 'main'].sort());
    assert.deepEqual(
      asked.filter((question) => question !== 'repository'),
      [`branchName:${branch}`, 'pickStatus:awaiting_agent,awaiting_user,pending', 'assign'],
      'asked for the name, the status (open ones first, no resolved) and assign',
    );
    // One PUT with both changes; the helpdesk has them.
    const sent = puts().slice(putsBefore);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.path, `/api/v2/tickets/${ticket.id}`);
    assert.deepEqual(sent[0]!.body, { status: 'pending', agent: sim.state.meId });
    assert.equal(sim.state.tickets.get(ticket.id)?.status, 'pending');
    assert.equal(sim.state.tickets.get(ticket.id)?.agent, sim.state.meId);

    // The pair is remembered; the status bar shows the ticket and opens it.
    assert.equal(api.work.branches.get(repository.rootUri.toString(), branch)?.ticketId, String(ticket.id));
    await waitFor('the status bar to show the ticket', () => api.work.status.current.ticket?.branch === branch);
    assert.equal(api.work.status.current.text, `$(issues) ${ticket.ref}`);
    assert.match(api.work.status.current.tooltip, new RegExp(`Branch ${branch} is for ticket ${ticket.ref}`));
    assert.deepEqual(api.work.status.current.command?.arguments, [{ instanceId: INSTANCE, ticketId: String(ticket.id) }]);
    assert.equal(api.work.status.current.command?.command, Commands.openTicket);
    const onBranch = await api.work.branchTicket(vscode.Uri.file(join(folder, 'app.py')));
    assert.deepEqual(onBranch, { instanceId: INSTANCE, ticket: { id: String(ticket.id), ref: ticket.ref, subject: ticket.subject }, branch });
  });

  it('the commit message references the branch’s ticket when asked: a prefix when empty, never twice', async () => {
    repository.inputBox.value = '';
    const ticketId = api.work.status.current.ticket!.entry.ticketId;
    await vscode.commands.executeCommand(WorkCommands.referenceTicketInCommit, { rootUri: repository.rootUri });
    assert.equal(repository.inputBox.value, `DP-${ticketId}: `);
    await vscode.commands.executeCommand(WorkCommands.referenceTicketInCommit, { rootUri: repository.rootUri });
    assert.equal(repository.inputBox.value, `DP-${ticketId}: `, 'not added twice');
    repository.inputBox.value = 'Fix the export';
    await vscode.commands.executeCommand(WorkCommands.referenceTicketInCommit);
    assert.equal(repository.inputBox.value, `Fix the export\n\nRefs: DP-${ticketId}`);
    repository.inputBox.value = '';
  });

  it('checks out a branch that exists already instead of re-creating it, without asking again what was answered', async function () {
    this.timeout(60_000);
    const ticket = freshTicket();
    const branch = expectedBranch(ticket);
    // Someone made the branch earlier, from main.
    git(folder, 'branch', branch, 'main');
    await waitFor('the Git extension to see the new branch', () => repository.getBranch(branch).then((found) => found.name === branch, () => false));
    const branchesBefore = localBranches();
    const putsBefore = puts().length;
    const { prompts, asked } = scripted(() => repository, {});

    const result = await api.work.startWork({ instanceId: INSTANCE, ticketId: String(ticket.id) }, prompts);

    assert.ok(result);
    assert.equal(result.action, 'checkedOut');
    assert.equal(head(), branch);
    assert.deepEqual(localBranches(), branchesBefore, 'no branch was created');
    assert.deepEqual(asked.filter((question) => question !== 'repository'), [], 'no name asked (the branch exists), status and assign remembered');
    const sent = puts().slice(putsBefore);
    assert.deepEqual(sent.map((request) => request.body), [{ status: 'pending', agent: sim.state.meId }]);
    await waitFor('the status bar to follow the switch', () => api.work.status.current.ticket?.branch === branch);
  });

  it('starting work on the first ticket again goes back to its remembered branch, and sends nothing already so', async function () {
    this.timeout(60_000);
    const first = ticketsUsed[0]!;
    const putsBefore = puts().length;
    const { prompts, asked } = scripted(() => repository, {});
    const result = await api.work.startWork({ instanceId: INSTANCE, ticketId: String(first.id) }, prompts);
    assert.ok(result);
    assert.equal(result.action, 'checkedOut');
    assert.equal(head(), expectedBranch(first));
    assert.deepEqual(asked.filter((question) => question !== 'repository'), []);
    assert.equal(puts().length, putsBefore, 'already pending and mine: no request');
    assert.deepEqual(result.skipped.map((skip) => skip.kind), ['alreadyInStatus', 'alreadyYours']);
  });

  it('states uncommitted changes before switching: cancelled, nothing changes; confirmed, the changes come along', async function () {
    this.timeout(60_000);
    const before = head();
    writeFileSync(join(folder, 'app.py'), 'print("hello, world")\n');
    writeFileSync(join(folder, 'notes.txt'), 'untracked\n');
    await gitSees('the Git extension to see two changed files', () => repository.state.workingTreeChanges.length + (repository.state.untrackedChanges?.length ?? 0) >= 2);
    const ticket = freshTicket();
    const branch = expectedBranch(ticket);
    const putsBefore = puts().length;

    const cancelled = scripted(() => repository, { confirmSwitch: false });
    assert.equal(await api.work.startWork({ instanceId: INSTANCE, ticketId: String(ticket.id) }, cancelled.prompts), undefined);
    assert.deepEqual(cancelled.switches, [{ branch, exists: false, changes: 2, currentBranch: before }]);
    assert.equal(head(), before, 'still on the branch it was on');
    assert.equal(localBranches().includes(branch), false, 'no branch created');
    assert.equal(puts().length, putsBefore, 'nothing sent to the helpdesk');
    assert.equal(api.work.branches.get(repository.rootUri.toString(), branch), undefined);

    const confirmed = scripted(() => repository, { confirmSwitch: true });
    const result = await api.work.startWork({ instanceId: INSTANCE, ticketId: String(ticket.id) }, confirmed.prompts);
    assert.ok(result);
    assert.equal(result.action, 'created');
    assert.equal(head(), branch);
    assert.deepEqual(confirmed.switches.map((question) => question.changes), [2]);
    assert.match(git(folder, 'status', '--porcelain'), /^ ?M app\.py\n\?\? notes\.txt$/, 'the changes came along untouched');
    assert.equal(puts().length, putsBefore + 1);
  });

  it('with the status answered "leave it" and assign "no", only the branch is made', async function () {
    this.timeout(60_000);
    await api.work.choices.forget(INSTANCE);
    git(folder, 'stash', '-u', '-q');
    await gitSees('a clean working tree', () => repository.state.workingTreeChanges.length + (repository.state.untrackedChanges?.length ?? 0) === 0);
    const ticket = freshTicket();
    const putsBefore = puts().length;
    const { prompts, asked } = scripted(() => repository, { assign: false });
    const result = await api.work.startWork({ instanceId: INSTANCE, ticketId: String(ticket.id) }, prompts);
    assert.ok(result);
    assert.equal(result.action, 'created');
    assert.equal(result.patch, undefined);
    assert.equal(puts().length, putsBefore, 'no request to the helpdesk');
    assert.ok(asked.some((question) => question.startsWith('pickStatus:')) && asked.includes('assign'));
    assert.deepEqual(api.work.choices.get(INSTANCE), { status: { none: true }, assign: false });
    assert.equal(sim.state.tickets.get(ticket.id)?.status, 'awaiting_agent');
  });
});

describe('start work on a DiamanteDesk ticket', () => {
  let sim: DiamantedeskSimulator;
  let api: HelpdeskTestApi;
  let folder: string;
  let repository: WorkRepository;

  before(async function () {
    this.timeout(90_000);
    api = await testApi();
    sim = await startDiamantedeskSimulator({ port: 0, ticketCount: 60 });
    const entry = { id: DD_INSTANCE, label: 'Work DiamanteDesk', type: 'diamantedesk', baseUrl: sim.url };
    await vscode.workspace.getConfiguration('helpdesk').update('instances', [entry], vscode.ConfigurationTarget.Global);
    await waitFor(`"${DD_INSTANCE}" among the tree's roots`, async () => (await children(api)).find((node) => node.instanceId === DD_INSTANCE));
    await vscode.commands.executeCommand(Commands.setCredentials, { instanceId: DD_INSTANCE, username: sim.username, secret: sim.apiKey });
    await api.work.choices.forget(DD_INSTANCE);
    folder = realpathSync(mkdtempSync(join(tmpdir(), 'helpdesk-work-dd-')));
    writeFileSync(join(folder, 'README.md'), '# desk\n');
    git(folder, 'init', '-q');
    git(folder, 'add', '.');
    git(folder, 'commit', '-q', '-m', 'first');
    await vscode.workspace.getConfiguration('git').update('openRepositoryInParentFolders', 'always', vscode.ConfigurationTarget.Global);
    const gitApi = (await vscode.extensions.getExtension<GitExtensionExports>('vscode.git')!.activate()).getAPI(1) as unknown as {
      openRepository(root: vscode.Uri): Promise<WorkRepository | null>;
    };
    const opened = await gitApi.openRepository(vscode.Uri.file(folder));
    assert.ok(opened);
    repository = opened;
    await waitFor('the Git extension to see the repository on main', () => repository.state.HEAD?.name === 'main');
  });

  after(async () => {
    if (api) await api.work.choices.forget(DD_INSTANCE);
    if (api && repository) for (const branch of git(folder, 'branch', '--format=%(refname:short)').split('\n')) await api.work.branches.forget(repository.rootUri.toString(), branch);
    if (repository) await vscode.commands.executeCommand('git.close', repository).then(undefined, () => undefined);
    if (folder) rmSync(folder, { recursive: true, force: true });
    await vscode.workspace.getConfiguration('git').update('openRepositoryInParentFolders', undefined, vscode.ConfigurationTarget.Global);
    await resetSettings();
    if (api) await forgetCredentials(api, DD_INSTANCE);
    await sim?.close();
  });

  it('offers "In progress" first, sets it with one PATCH, and never asks to assign (DiamanteDesk cannot)', async function () {
    this.timeout(60_000);
    const ticket = [...sim.state.tickets.values()].find((candidate) => candidate.status === 'open' || candidate.status === 'new');
    assert.ok(ticket);
    const { prompts, asked } = scripted(() => repository, { status: 'in_progress', assign: true });
    const before = sim.requests.length;
    const result = await api.work.startWork({ instanceId: DD_INSTANCE, ticketId: String(ticket.id) }, prompts);
    assert.ok(result);
    assert.equal(result.action, 'created');
    const ref = ticketKey(sim.state, ticket);
    assert.equal(result.branch, branchNameFor(DEFAULT_BRANCH_PATTERN, { id: String(ticket.id), ref, subject: ticket.subject }, DD_INSTANCE));
    assert.equal(git(folder, 'rev-parse', '--abbrev-ref', 'HEAD'), result.branch);
    const statusQuestion = asked.find((question) => question.startsWith('pickStatus:'));
    assert.equal(statusQuestion?.split(':')[1]?.split(',')[0], 'in_progress', statusQuestion);
    assert.equal(asked.includes('assign'), false, 'no assign question where the helpdesk cannot assign');
    const writes = sim.requests.slice(before).filter((request: DiamantedeskRequestLogEntry) => request.method !== 'GET');
    assert.deepEqual(writes.map((request) => [request.method, request.json]), [['PATCH', { status: 'in_progress' }]]);
    assert.equal(sim.state.tickets.get(ticket.id)?.status, 'in_progress');
  });
});
