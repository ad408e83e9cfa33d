// "Stay current": refreshes the loaded views and open panels by themselves (paused while
// the window is unfocused), marks tickets that changed since they were last opened, counts
// those awaiting you on the view's badge and in the status bar, and notifies — at most once
// per refresh — when one of your tickets has new activity. The vscode side of current/*.
import * as vscode from 'vscode';
import type { Logger } from '../../helpdesk/log';
import type { Ticket } from '../../helpdesk/model';
import { Commands, VIEW_ID } from '../commandIds';
import type { Connections } from '../instances/connections';
import type { RecoveryTimers } from '../instances/recovery';
import type { TreeModel } from '../tree/model';
import type { TreeNode } from '../tree/nodes';
import type { SchedulerClock } from './clock';
import { notificationMode, type RefreshNotification, summarise, type TicketActivity } from './notify';
import { RefreshScheduler, type RefreshTick } from './scheduler';
import { type KeyValueStore, SeenMarks } from './seen';

export const AUTO_REFRESH_SETTING = 'helpdesk.autoRefreshMinutes';
export const NOTIFICATIONS_SETTING = 'helpdesk.notifications';
const DEFAULT_MINUTES = 2;

export interface StayCurrentDeps {
  connections: Connections;
  model: TreeModel;
  treeView: vscode.TreeView<TreeNode>;
  seen: SeenMarks;
  /** Panels showing a ticket of this instance load it again. */
  reloadPanels: (instanceId: string) => void;
  log: Logger;
}

/** What the integration suites may look at and drive (through HelpdeskTestApi). */
export interface StayCurrentTestHooks {
  /** Runs the scheduler on this clock and focus from now on (a ManualClock in tests); none: the window's again. */
  useClock(clock?: SchedulerClock): void;
  /** The status bar item's text, or undefined while it is hidden. */
  statusBarText(): string | undefined;
  badge(): number | undefined;
  /** Notifications shown so far, newest last. */
  readonly notifications: readonly RefreshNotification[];
  /** Settles when the refresh under way (if any) has finished. */
  idle(): Promise<void>;
  readonly seen: SeenMarks;
}

export function createSeenMarks(globalState: KeyValueStore): SeenMarks {
  return new SeenMarks({ store: globalState });
}

export function autoRefreshMinutes(): number {
  const value = vscode.workspace.getConfiguration().get<number>(AUTO_REFRESH_SETTING);
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.min(value, 24 * 60) : DEFAULT_MINUTES;
}

const realTimers: RecoveryTimers = {
  now: Date.now,
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    timer.unref?.();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const windowClock: SchedulerClock = {
  timers: realTimers,
  focus: {
    get focused() {
      return vscode.window.state.focused;
    },
    onDidChange: (listener) => vscode.window.onDidChangeWindowState((state) => listener(state.focused)),
  },
};

export class StayCurrent implements vscode.Disposable {
  private scheduler: RefreshScheduler;
  private readonly statusBar: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly shown: RefreshNotification[] = [];
  private running: Promise<void> = Promise.resolve();
  private countTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: StayCurrentDeps) {
    this.statusBar = vscode.window.createStatusBarItem('helpdesk.awaiting', vscode.StatusBarAlignment.Left, 50);
    this.statusBar.name = vscode.l10n.t('Helpdesk: Tickets Awaiting You');
    this.statusBar.command = { command: `${VIEW_ID}.focus`, title: vscode.l10n.t('Show Tickets') };
    this.scheduler = this.createScheduler(windowClock);
    this.subscriptions.push(
      this.statusBar,
      deps.model.onDidChange(() => this.countSoon()),
      deps.connections.onDidChangeList(() => this.countSoon()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(AUTO_REFRESH_SETTING)) this.scheduler.settingsChanged();
      }),
    );
    this.updateCounts();
  }

  /** A panel showed the ticket: its mark goes. */
  ticketShown(instanceId: string, ticket: Ticket): void {
    this.deps.seen.opened(instanceId, ticket);
  }

  /** A panel of this instance sent a reply or an update: the activity that follows is ours. */
  ticketChanged(instanceId: string): void {
    this.deps.seen.acceptOwnChange(instanceId);
  }

  testHooks(): StayCurrentTestHooks {
    return {
      useClock: (clock) => {
        this.scheduler.dispose();
        this.scheduler = this.createScheduler(clock ?? windowClock);
      },
      statusBarText: () => (this.statusBarVisible ? this.statusBar.text : undefined),
      badge: () => this.deps.treeView.badge?.value,
      notifications: this.shown,
      idle: () => this.running,
      seen: this.deps.seen,
    };
  }

  dispose(): void {
    clearTimeout(this.countTimer);
    this.scheduler.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private statusBarVisible = false;

  private createScheduler(clock: SchedulerClock): RefreshScheduler {
    return new RefreshScheduler({
      intervalMinutes: autoRefreshMinutes,
      focus: clock.focus,
      timers: clock.timers,
      refresh: (tick) => {
        const run = this.refresh(tick);
        this.running = run.catch(() => undefined);
        return run;
      },
    });
  }

  private async refresh(tick: RefreshTick): Promise<void> {
    const started = Date.now();
    const results = await this.deps.model.refreshLoaded();
    const activity: TicketActivity[] = [];
    const changedInstances = new Set<string>();
    for (const result of results) {
      if (result.outcome.kind !== 'changed') continue;
      changedInstances.add(result.instanceId);
      const label = this.deps.connections.get(result.instanceId)?.label ?? result.instanceId;
      for (const ticket of result.outcome.changed) {
        if (this.deps.seen.isUnseen(result.instanceId, ticket)) {
          activity.push({ instanceId: result.instanceId, instanceLabel: label, ticket, mine: result.mine });
        }
      }
    }
    for (const instanceId of changedInstances) this.deps.reloadPanels(instanceId);
    const failed = results.filter((result) => result.outcome.kind === 'failed').length;
    this.deps.log.info(
      `auto-refresh${tick.catchUp ? ' (catch-up)' : ''}${tick.afterLongGap ? ' (after a long gap)' : ''}: ${results.length} lists, ` +
        `${changedInstances.size} helpdesks changed, ${failed} failed, ${Date.now() - started} ms`,
    );
    this.updateCounts();
    const notification = summarise(activity, notificationMode(vscode.workspace.getConfiguration().get(NOTIFICATIONS_SETTING)), {
      afterLongGap: tick.afterLongGap,
    });
    if (notification) this.notify(notification);
  }

  private notify(notification: RefreshNotification): void {
    this.shown.push(notification);
    if (this.shown.length > 50) this.shown.shift();
    const open = vscode.l10n.t('Open');
    const show = vscode.l10n.t('Show Tickets');
    const target = notification.open;
    void vscode.window.showInformationMessage(notification.message, target ? open : show).then((choice) => {
      if (choice === open && target) void vscode.commands.executeCommand(Commands.openTicket, target);
      else if (choice === show) void vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    });
  }

  /** Counting is from memory; many tree changes in a row count once. */
  private countSoon(): void {
    if (this.countTimer !== undefined) return;
    this.countTimer = setTimeout(() => {
      this.countTimer = undefined;
      this.updateCounts();
    }, 50);
  }

  private updateCounts(): void {
    const counts = this.deps.model.awaitingYou();
    const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
    const parts = [...counts].map(([instanceId, count]) => `${this.deps.connections.get(instanceId)?.label ?? instanceId}: ${count}`);
    const tooltip = total === 1 ? vscode.l10n.t('1 ticket of yours changed since you last opened it') : vscode.l10n.t('{0} tickets of yours changed since you last opened them', total);
    this.deps.treeView.badge = total > 0 ? { value: total, tooltip } : undefined;
    if (total > 0 && this.deps.connections.all().length > 0) {
      this.statusBar.text = `$(inbox) ${total}`;
      this.statusBar.tooltip = `${tooltip}\n${parts.join('\n')}`;
      this.statusBar.accessibilityInformation = { label: tooltip };
      this.statusBar.show();
      this.statusBarVisible = true;
    } else {
      this.statusBar.hide();
      this.statusBarVisible = false;
    }
  }
}
