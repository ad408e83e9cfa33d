// The outbox's vscode side: the service over global storage, what each ticket panel gets of
// it, the warning for a file set aside, and the commands of its rows in the tree (Edit in
// Panel, Send Now, Discard). The logic is vscode-free, in src/ui/offline/outbox*.ts; this
// wiring sits in its own folder so that folder imports neither the panel's nor the tree's.
import * as vscode from 'vscode';
import type { Logger } from '../../helpdesk/log';
import { appendMarkdown } from '../../shared/protocol/panel';
import { OutboxCommands } from '../commandIds';
import { Emitter, type Event } from '../events';
import type { PickedFile } from '../filePicker';
import type { Connection, Connections } from '../instances/connections';
import { type BackoffPolicy, reconnectDelay } from '../instances/recovery';
import type { DraftStore } from '../panel/draftStore';
import type { TicketPanelManager } from '../panel/manager';
import type { PanelOutbox } from '../panel/replySender';
import type { OutboxSource } from '../tree/model';
import { isOfflineStatus } from '../offline/cacheMarks';
import { Outbox } from '../offline/outbox';
import type { OutboxItem } from '../offline/outboxItem';
import { OutboxStore } from '../offline/outboxStore';
import { readCurrentTicket, ticketChanges } from '../panel/conflict';
import { itemLabel } from '../tree/outboxPresent';

export interface OutboxServiceDeps {
  /** globalStorage/outbox */
  dir: string;
  connections: Connections;
  policy: () => BackoffPolicy;
  log: Logger;
}

/**
 * The outbox as the rest of the extension holds it. The Outbox behind it can be thrown away
 * and read again from disk (recreate: what a window reload does to it, for the tests).
 */
export class OutboxService implements OutboxSource, vscode.Disposable {
  private current: Outbox<Connection>;
  private subscription: { dispose(): void };
  private readonly changed = new Emitter<string>();
  readonly onDidChange: Event<string> = this.changed.event;
  /** Instances whose set-aside file the user has been told of (once per session each). */
  private readonly toldAside = new Set<string>();

  constructor(private readonly deps: OutboxServiceDeps) {
    this.current = this.create();
    this.subscription = this.current.onDidChange((instanceId) => this.changed.fire(instanceId));
  }

  get outbox(): Outbox<Connection> {
    return this.current;
  }

  get dir(): string {
    return this.deps.dir;
  }

  load(instanceId: string): Promise<void> {
    return this.current.load(instanceId);
  }

  items(instanceId: string): readonly OutboxItem[] {
    return this.current.items(instanceId);
  }

  item(instanceId: string, itemId: string): OutboxItem | undefined {
    return this.current.item(instanceId, itemId);
  }

  /** What one ticket panel of this instance uses. */
  panelOutbox(instanceId: string): PanelOutbox {
    const connections = this.deps.connections;
    return {
      offline: () => isOfflineStatus(connections.get(instanceId)?.health.status ?? ''),
      waitingFor: (ticketId) => this.current.waitingFor(instanceId, ticketId),
      addReply: (input) => this.current.addReply({ ...input, instanceId }),
      addStatusChange: (input) => this.current.addStatusChange({ ...input, instanceId }),
    };
  }

  /** How many items would go with the instance (for Remove Helpdesk's question). */
  async count(instanceId: string): Promise<number> {
    await this.current.load(instanceId).catch(() => undefined);
    return this.current.items(instanceId).length;
  }

  removeInstance(instanceId: string): Promise<void> {
    return this.current.removeInstance(instanceId);
  }

  /** Drops the Outbox in memory and builds it again from what is on disk, as a reload would. */
  async recreate(): Promise<void> {
    await this.current.settled();
    this.subscription.dispose();
    this.current.dispose();
    this.current = this.create();
    this.subscription = this.current.onDidChange((instanceId) => this.changed.fire(instanceId));
    for (const connection of this.deps.connections.all()) this.changed.fire(connection.id);
  }

  dispose(): void {
    this.subscription.dispose();
    this.current.dispose();
    this.changed.dispose();
  }

  private create(): Outbox<Connection> {
    const { deps } = this;
    return new Outbox<Connection>({
      store: new OutboxStore({
        dir: deps.dir,
        setAside: (instanceId, reason, aside) => this.setAside(instanceId, reason, aside),
      }),
      connections: deps.connections,
      focus: {
        get focused() {
          return vscode.window.state.focused;
        },
        onDidChange: (listener) => vscode.window.onDidChangeWindowState((state) => listener(state.focused)),
      },
      retryDelay: (failures) => reconnectDelay(failures, deps.policy()),
      conflicts: {
        read: (session, ticketId) => readCurrentTicket(session, ticketId),
        changes: (baseline, current, departmentLabel) => ticketChanges({ ticket: baseline.ticket, messageIds: new Set(baseline.messageIds) }, current, departmentLabel),
      },
      log: deps.log,
    });
  }

  private setAside(instanceId: string, reason: string, aside: string | undefined): void {
    this.deps.log.warn(`outbox [${instanceId}]: the file could not be read (${reason}); ${aside ? `set aside as ${aside}` : 'it could not be moved aside'}`);
    if (this.toldAside.has(instanceId)) return;
    this.toldAside.add(instanceId);
    const label = this.deps.connections.get(instanceId)?.label ?? instanceId;
    const message = aside
      ? vscode.l10n.t('The outbox of {0} could not be read, so it starts empty. The file was kept as {1}.', label, aside)
      : vscode.l10n.t('The outbox of {0} could not be read, so it starts empty.', label);
    void vscode.window.showWarningMessage(message);
  }
}

export interface OutboxCommandDeps {
  service: OutboxService;
  panels: TicketPanelManager;
  drafts: DraftStore;
  log: Logger;
}

interface ItemArg {
  instanceId: string;
  itemId?: string;
}

function itemArg(arg: unknown): ItemArg | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { instanceId, itemId } = arg as Record<string, unknown>;
  if (typeof instanceId !== 'string') return undefined;
  return typeof itemId === 'string' ? { instanceId, itemId } : { instanceId };
}

export function registerOutboxCommands({ service, panels, drafts, log }: OutboxCommandDeps): vscode.Disposable[] {
  const edit = async (arg: unknown): Promise<void> => {
    const ref = itemArg(arg);
    const item = ref?.itemId === undefined ? undefined : service.item(ref.instanceId, ref.itemId);
    if (!item) return;
    if (item.state === 'sending' || item.state === 'uncertain') {
      void vscode.window.showInformationMessage(vscode.l10n.t('It may have reached the helpdesk already; it can be edited once that has been checked.'));
      panels.open(item.instanceId, item.ticketId);
      return;
    }
    const existing = drafts.get(item.instanceId, item.ticketId);
    if (item.work.kind === 'reply' && existing && existing.markdown.trim() !== '') {
      // Merged into a draft of its own, a note's "internal" could quietly become a public reply's.
      void vscode.window.showWarningMessage(vscode.l10n.t('Ticket {0} has a reply draft already: send or clear it first, then edit this one.', item.ticketRef));
      panels.open(item.instanceId, item.ticketId);
      return;
    }
    const taken = await service.outbox.take(item.instanceId, item.id);
    if (!taken) return;
    const work = taken.item.work;
    if (work.kind === 'status') {
      panels.open(item.instanceId, item.ticketId);
      void vscode.window.showInformationMessage(vscode.l10n.t('The status change to {0} was taken out of the outbox; choose the status again in the panel.', work.statusName));
      return;
    }
    await drafts.set(item.instanceId, item.ticketId, { markdown: appendMarkdown(existing?.markdown ?? '', work.bodyMarkdown), internal: work.internal, ...(work.newStatus !== undefined && { newStatus: work.newStatus }) });
    // An open panel shows the draft now; a new one reads it when its page is ready.
    panels.reloadTicket(item.instanceId, item.ticketId);
    const files: PickedFile[] = taken.files.map((file) => ({ name: file.name, size: file.data.byteLength, read: () => Promise.resolve(file.data) }));
    await panels.addToDraft(item.instanceId, item.ticketId, { markdown: '', files });
  };

  const sendNow = async (arg: unknown): Promise<void> => {
    const ref = itemArg(arg);
    if (!ref) return;
    const item = ref.itemId === undefined ? undefined : service.item(ref.instanceId, ref.itemId);
    if (item?.state === 'conflict') {
      const changes = [
        ...(item.changes?.changes ?? []).map((change) => `${change.label}: ${change.from} → ${change.to}`),
        ...(item.changes && item.changes.messages.length > 0 ? [vscode.l10n.t('{0} new message(s) since it was written', String(item.changes.messages.length))] : []),
      ];
      const send = vscode.l10n.t('Send Anyway');
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Ticket {0} changed since this was written.', item.ticketRef), { modal: true, detail: changes.join('\n') }, send);
      if (choice !== send) return;
    }
    try {
      await service.outbox.sendNow(ref.instanceId, ref.itemId);
    } catch (error) {
      log.warn(`outbox: Send Now failed: ${String(error)}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('The outbox could not be written: {0}', error instanceof Error ? error.message : String(error)));
      return;
    }
    const left = service.items(ref.instanceId).filter((other) => ref.itemId === undefined || other.id === ref.itemId);
    if (left.length > 0) vscode.window.setStatusBarMessage(vscode.l10n.t('Helpdesk: {0} item(s) still wait in the outbox', String(left.length)), 4000);
  };

  const discard = async (arg: unknown): Promise<void> => {
    const ref = itemArg(arg);
    const item = ref?.itemId === undefined ? undefined : service.item(ref.instanceId, ref.itemId);
    if (!item) return;
    const remove = vscode.l10n.t('Discard');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Discard "{0}"? It has not been sent to ticket {1}.', itemLabel(item), item.ticketRef), { modal: true }, remove);
    if (choice !== remove) return;
    if (!(await service.outbox.discard(item.instanceId, item.id))) {
      void vscode.window.showInformationMessage(vscode.l10n.t('It is being sent right now; try again in a moment.'));
    }
  };

  return [
    vscode.commands.registerCommand(OutboxCommands.edit, edit),
    vscode.commands.registerCommand(OutboxCommands.sendNow, sendNow),
    vscode.commands.registerCommand(OutboxCommands.discard, discard),
  ];
}
