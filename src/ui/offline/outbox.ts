// The outbox: replies, notes and status changes that wait for their helpdesk, per instance,
// on disk (outboxStore.ts) before anyone is told they are queued. It is flushed when the
// instance's connection becomes connected (the reconnect with backoff in recovery.ts gets it
// there) and, while items wait on a helpdesk that answers but failed them, on a backoff
// timer of its own that is paused while the window is unfocused. One flush per instance at
// a time, items in order of creation, each sent at most once (outboxSender.ts).
// No vscode here: connections, focus, timers and ids are injected.
import { randomUUID } from 'node:crypto';
import * as l10n from '@vscode/l10n';
import type { Logger } from '../../helpdesk/log';
import type { UploadFile } from '../../helpdesk/model';
import type { HelpdeskProvider } from '../../helpdesk/provider';
import { Emitter, type Disposable, type Event } from '../events';
import {
  absorbOwnDelivery,
  type Moved,
  type OutboxBaseline,
  type OutboxItem,
  recovered,
  type ReplyWork,
  retry,
  sendAnyway,
  sendOrder,
  waitsForUser,
} from './outboxItem';
import { type ConflictCheck, sendItem } from './outboxSender';
import type { OutboxContents, OutboxStore } from './outboxStore';

/** The part of a Connection (instances/connections.ts) the outbox uses. */
export interface OutboxConnection {
  readonly id: string;
  readonly label: string;
  readonly health: { readonly status: string };
  readonly capabilities: { readonly departmentLabel?: string } | undefined;
  run<T>(request: (provider: HelpdeskProvider) => Promise<T>): Promise<T>;
  check(): Promise<unknown>;
}

export interface OutboxConnections<C extends OutboxConnection> {
  get(id: string): C | undefined;
  readonly onDidChangeHealth: Event<C>;
}

interface NewItemBase {
  instanceId: string;
  ticketId: string;
  ticketRef: string;
  /** What the panel showed when the user began writing; absent: no conflict check. */
  baseline?: OutboxBaseline;
}

export interface NewReply extends NewItemBase {
  bodyMarkdown: string;
  bodyHtml: string;
  internal: boolean;
  files: readonly UploadFile[];
  newStatus?: string;
  /** A send of it began then and may have reached the helpdesk: it is looked for before it is sent again. */
  sentAt?: number;
}

export interface NewStatusChange extends NewItemBase {
  status: string;
  statusName: string;
}

/** Whether the window is focused (recovery.ts's WindowFocus has this shape). */
export interface OutboxFocus {
  readonly focused: boolean;
  readonly onDidChange: Event<boolean>;
}

/** The clock and timers (recovery.ts's RecoveryTimers has this shape). */
export interface OutboxTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface OutboxOptions<C extends OutboxConnection> {
  store: OutboxStore;
  connections: OutboxConnections<C>;
  focus: OutboxFocus;
  /** The wait before the next own flush after `failures` failed ones: recovery.ts's reconnectDelay, as the wiring passes it. */
  retryDelay(failures: number): number;
  /** The panel's conflict logic (panel/conflict.ts), as the wiring passes it. */
  conflicts: ConflictCheck;
  log: Logger;
  timers?: OutboxTimers;
  newId?: () => string;
}

/** An item was taken out to be edited in its panel: its words and files. */
export interface TakenItem {
  item: OutboxItem;
  files: UploadFile[];
}

interface InstanceOutbox {
  contents: OutboxContents;
  /** Writes of this instance's file, one after another (each waits for the one before). */
  chain: Promise<unknown>;
  flushing?: Promise<void>;
  /** Asked to flush while one ran: go round once more. */
  again: boolean;
  /** The own backoff timer: failures so far, when the next flush is due, the armed timer. */
  failures: number;
  dueAt?: number;
  timer?: unknown;
}

const realTimers: OutboxTimers = {
  now: Date.now,
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    timer.unref?.();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The item is not in the outbox any more (discarded while a flush was on its way to it). */
class ItemGone extends Error {}

export class Outbox<C extends OutboxConnection = OutboxConnection> implements Disposable {
  private readonly instances = new Map<string, InstanceOutbox>();
  private readonly loading = new Map<string, Promise<InstanceOutbox>>();
  private readonly timers: OutboxTimers;
  private readonly newId: () => string;
  private readonly changed = new Emitter<string>();
  private readonly subscriptions: Disposable[];
  private disposed = false;
  /** An instance's items changed (added, moved on, removed). */
  readonly onDidChange: Event<string> = this.changed.event;

  constructor(private readonly options: OutboxOptions<C>) {
    this.timers = options.timers ?? realTimers;
    this.newId = options.newId ?? randomUUID;
    this.subscriptions = [
      options.connections.onDidChangeHealth((connection) => {
        if (connection.health.status === 'connected') this.connected(connection.id);
      }),
      options.focus.onDidChange((focused) => (focused ? this.resume() : this.pause())),
    ];
  }

  /** Reads the instance's outbox from disk (once); items found `sending` are uncertain now. */
  load(instanceId: string): Promise<void> {
    return this.state(instanceId).then(() => undefined);
  }

  /** The items, in order of creation; empty until load() has read them. */
  items(instanceId: string): readonly OutboxItem[] {
    return sendOrder(this.instances.get(instanceId)?.contents.items ?? []);
  }

  item(instanceId: string, itemId: string): OutboxItem | undefined {
    return this.instances.get(instanceId)?.contents.items.find((item) => item.id === itemId);
  }

  /** Items of this ticket wait: a new reply must queue behind them, never overtake them. */
  async waitingFor(instanceId: string, ticketId: string): Promise<boolean> {
    const state = await this.state(instanceId);
    return state.contents.items.some((item) => item.ticketId === ticketId);
  }

  /** Queues a reply or note, its files copied first; resolves once both are on disk, rejects (ENOSPC…) with nothing queued. */
  async addReply(input: NewReply): Promise<OutboxItem> {
    const id = this.newId();
    const files = await this.options.store.writeFiles(input.instanceId, id, input.files);
    try {
      const work: ReplyWork = {
        kind: 'reply',
        bodyMarkdown: input.bodyMarkdown,
        bodyHtml: input.bodyHtml,
        internal: input.internal,
        files,
        ...(input.newStatus !== undefined && { newStatus: input.newStatus }),
      };
      const uncertain = input.sentAt === undefined ? undefined : { startedAt: input.sentAt };
      return await this.add(input, id, work, uncertain);
    } catch (error) {
      await this.options.store.removeFiles(input.instanceId, id).catch(() => undefined);
      throw error;
    }
  }

  addStatusChange(input: NewStatusChange): Promise<OutboxItem> {
    return this.add(input, this.newId(), { kind: 'status', status: input.status, statusName: input.statusName });
  }

  /** Removes an item and its files (Discard). An item being sent right now cannot be. */
  async discard(instanceId: string, itemId: string): Promise<boolean> {
    let removed = false;
    await this.update(instanceId, itemId, (item) => {
      if (item.state === 'sending') return item;
      removed = true;
      return 'delivered';
    });
    if (removed) await this.options.store.removeFiles(instanceId, itemId).catch(() => undefined);
    return removed;
  }

  /**
   * Takes an item out to be edited in its panel: its words and files are returned, and it
   * leaves the outbox (the panel's draft holds it from then on, and Send queues it anew if
   * the helpdesk is still away). Not an item that may have arrived, nor one being sent.
   */
  async take(instanceId: string, itemId: string): Promise<TakenItem | undefined> {
    const item = this.item(instanceId, itemId);
    if (!item || item.state === 'sending' || item.state === 'uncertain') return undefined;
    const files = item.work.kind === 'reply' ? await this.options.store.readFiles(instanceId, itemId, item.work.files) : [];
    let removed = false;
    await this.update(instanceId, itemId, (current) => {
      if (current.state === 'sending' || current.state === 'uncertain') return current;
      removed = true;
      return 'delivered';
    });
    if (!removed) return undefined;
    await this.options.store.removeFiles(instanceId, itemId).catch(() => undefined);
    return { item, files };
  }

  /**
   * Send Now: a conflict is sent anyway, a rejected item tried again, and the instance is
   * flushed at once (focused or not: the user asked).
   */
  async sendNow(instanceId: string, itemId?: string): Promise<void> {
    if (itemId !== undefined) {
      await this.update(instanceId, itemId, (item) => (item.state === 'conflict' ? sendAnyway(item) : item.state === 'rejected' ? retry(item) : item));
    }
    await this.flush(instanceId);
  }

  /** Sends what can be sent now. Settles when this flush (and any asked for meanwhile) is done. */
  flush(instanceId: string): Promise<void> {
    const loaded = this.instances.get(instanceId);
    // Started at once when loaded, so settled() right after a health change sees it.
    return loaded ? this.startFlush(instanceId, loaded) : this.state(instanceId).then((state) => this.startFlush(instanceId, state));
  }

  private startFlush(instanceId: string, state: InstanceOutbox): Promise<void> {
    if (state.flushing) {
      state.again = true;
      return state.flushing;
    }
    this.disarm(state);
    state.dueAt = undefined;
    const run = async () => {
      try {
        do {
          state.again = false;
          await this.flushOnce(instanceId, state);
        } while (state.again && !this.disposed);
      } finally {
        state.flushing = undefined;
      }
    };
    state.flushing = run();
    return state.flushing;
  }

  /** The instance was removed by the user: its outbox and files are deleted. */
  async removeInstance(instanceId: string): Promise<void> {
    const state = this.instances.get(instanceId);
    if (state) {
      this.disarm(state);
      await state.flushing?.catch(() => undefined);
      await state.chain.catch(() => undefined);
    }
    this.instances.delete(instanceId);
    this.loading.delete(instanceId);
    await this.options.store.removeInstance(instanceId);
    this.changed.fire(instanceId);
  }

  /** Waits for the flushes and writes under way (tests; before disposing). */
  async settled(): Promise<void> {
    await Promise.all([...this.loading.values()].map((loading) => loading.catch(() => undefined)));
    for (const state of this.instances.values()) {
      while (state.flushing) await state.flushing.catch(() => undefined);
      await state.chain.catch(() => undefined);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const subscription of this.subscriptions) subscription.dispose();
    for (const state of this.instances.values()) this.disarm(state);
    this.changed.dispose();
  }

  private async add(input: NewItemBase, id: string, work: OutboxItem['work'], uncertain?: { startedAt: number }): Promise<OutboxItem> {
    const state = await this.state(input.instanceId);
    let added: OutboxItem | undefined;
    await this.write(input.instanceId, state, (contents) => {
      added = {
        id,
        seq: contents.nextSeq,
        instanceId: input.instanceId,
        ticketId: input.ticketId,
        ticketRef: input.ticketRef,
        createdAt: this.timers.now(),
        work,
        ...(input.baseline && { baseline: input.baseline }),
        ...(uncertain
          ? { state: 'uncertain', startedAt: uncertain.startedAt, attempts: 1, reason: l10n.t('The answer to the send was lost; the conversation is checked before it is sent again.') }
          : { state: 'queued', attempts: 0 }),
      };
      return { nextSeq: contents.nextSeq + 1, items: [...contents.items, added] };
    });
    this.kick(input.instanceId, state);
    return added!;
  }

  /** Applies one move to one item and writes the file; false when the item is not there. */
  private async update(instanceId: string, itemId: string, move: (item: OutboxItem) => Moved): Promise<boolean> {
    const state = await this.state(instanceId);
    let found = false;
    await this.write(instanceId, state, (contents) => {
      const item = contents.items.find((candidate) => candidate.id === itemId);
      if (!item) return contents;
      found = true;
      return replaceItem(contents, item, move(item));
    });
    return found;
  }

  /** The next contents, computed from the current ones once earlier writes are done; kept only once on disk. */
  private write(instanceId: string, state: InstanceOutbox, next: (contents: OutboxContents) => OutboxContents): Promise<void> {
    const run = state.chain.then(async () => {
      const contents = next(state.contents);
      if (contents === state.contents) return;
      await this.options.store.save(instanceId, contents);
      state.contents = contents;
      this.changed.fire(instanceId);
    });
    state.chain = run.catch(() => undefined);
    return run;
  }

  private async flushOnce(instanceId: string, state: InstanceOutbox): Promise<void> {
    const connection = this.options.connections.get(instanceId);
    if (!connection || this.disposed) return;
    const held = new Set<string>();
    let offline = false;
    for (const { id } of sendOrder(state.contents.items)) {
      const item = state.contents.items.find((candidate) => candidate.id === id);
      if (!item || held.has(item.ticketId)) continue;
      if (waitsForUser(item)) {
        held.add(item.ticketId);
        continue;
      }
      let outcome;
      try {
        outcome = await sendItem(item, {
          run: (request) => connection.run(request),
          persist: (before, moved) => this.persist(instanceId, state, before, moved),
          files: (current) => (current.work.kind === 'reply' ? this.options.store.readFiles(instanceId, current.id, current.work.files) : Promise.resolve([])),
          now: () => this.timers.now(),
          conflicts: this.options.conflicts,
          ...(connection.capabilities?.departmentLabel !== undefined && { departmentLabel: connection.capabilities.departmentLabel }),
        });
      } catch (error) {
        if (error instanceof ItemGone) continue;
        // The outbox file could not be written: nothing more is sent until it can be.
        this.options.log.warn(`outbox [${instanceId}]: ${error instanceof Error ? error.message : String(error)}`);
        offline = true;
        break;
      }
      if (outcome.kind === 'delivered') {
        this.options.log.info(`outbox [${instanceId}]: item ${id} for ticket ${item.ticketId} delivered`);
        await this.options.store.removeFiles(instanceId, id).catch(() => undefined);
        const { messageId, ticket } = outcome;
        await this.write(instanceId, state, (contents) => ({
          ...contents,
          items: contents.items.map((later) => (later.ticketId === item.ticketId ? absorbOwnDelivery(later, { ...(messageId !== undefined && { messageId }), ...(ticket && { ticket }) }) : later)),
        })).catch(() => undefined);
      } else if (outcome.kind === 'held') {
        held.add(item.ticketId);
      } else {
        this.options.log.info(`outbox [${instanceId}]: stopped, ${outcome.reason.kind}: ${outcome.reason.message}`);
        offline = true;
        break;
      }
    }
    if (offline) this.retryLater(instanceId, state);
    else state.failures = 0;
  }

  private persist(instanceId: string, state: InstanceOutbox, before: OutboxItem, moved: Moved): Promise<void> {
    return this.write(instanceId, state, (contents) => {
      const current = contents.items.find((item) => item.id === before.id);
      if (!current) throw new ItemGone(before.id);
      return replaceItem(contents, current, moved);
    });
  }

  private state(instanceId: string): Promise<InstanceOutbox> {
    const loaded = this.instances.get(instanceId);
    if (loaded) return Promise.resolve(loaded);
    let loading = this.loading.get(instanceId);
    if (!loading) {
      loading = this.options.store.load(instanceId).then((contents) => {
        const state: InstanceOutbox = { contents: { ...contents, items: contents.items.map(recovered) }, chain: Promise.resolve(), again: false, failures: 0 };
        if (this.loading.get(instanceId) === loading) {
          this.instances.set(instanceId, state);
          this.loading.delete(instanceId);
        }
        if (state.contents.items.length > 0) {
          this.changed.fire(instanceId);
          this.kick(instanceId, state);
        }
        return state;
      });
      this.loading.set(instanceId, loading);
      loading.catch(() => this.loading.delete(instanceId));
    }
    return loading;
  }

  /** Items wait: flush once the helpdesk answers (asking it, if nobody has yet since the start). */
  private kick(instanceId: string, state: InstanceOutbox): void {
    const connection = this.options.connections.get(instanceId);
    if (!connection || !state.contents.items.some((item) => !waitsForUser(item))) return;
    const status = connection.health.status;
    if (status === 'unknown') void connection.check().catch(() => undefined);
    // Queued while it answers (a send failed on a 5xx, say): not at once, after a backoff.
    else if (status === 'connected') this.retryLater(instanceId, state);
    // Otherwise its reconnect (recovery.ts) brings it back, and `connected` flushes.
  }

  private connected(instanceId: string): void {
    const state = this.instances.get(instanceId);
    if (state) {
      if (state.contents.items.some((item) => !waitsForUser(item))) void this.flush(instanceId);
      return;
    }
    // Not read yet: reading it kicks a flush if anything waits.
    void this.load(instanceId).catch((error: unknown) => this.options.log.warn(`outbox [${instanceId}]: could not be read: ${String(error)}`));
  }

  /** The own backoff: while items wait on a helpdesk that answers, try again later. */
  private retryLater(instanceId: string, state: InstanceOutbox): void {
    if (this.disposed || !state.contents.items.some((item) => !waitsForUser(item))) return;
    const connection = this.options.connections.get(instanceId);
    // Not connected: its reconnect is in charge, and `connected` flushes.
    if (connection?.health.status !== 'connected') return;
    const delay = this.options.retryDelay(state.failures);
    state.failures += 1;
    state.dueAt = this.timers.now() + delay;
    this.arm(instanceId, state);
  }

  private arm(instanceId: string, state: InstanceOutbox): void {
    this.disarm(state);
    if (!this.options.focus.focused || state.dueAt === undefined) return;
    state.timer = this.timers.setTimeout(() => {
      state.timer = undefined;
      void this.flush(instanceId);
    }, Math.max(0, state.dueAt - this.timers.now()));
  }

  private disarm(state: InstanceOutbox): void {
    if (state.timer !== undefined) this.timers.clearTimeout(state.timer);
    state.timer = undefined;
  }

  private pause(): void {
    for (const state of this.instances.values()) this.disarm(state);
  }

  private resume(): void {
    for (const [instanceId, state] of this.instances) if (state.dueAt !== undefined) this.arm(instanceId, state);
  }
}

function replaceItem(contents: OutboxContents, item: OutboxItem, moved: Moved): OutboxContents {
  if (moved === item) return contents;
  return { ...contents, items: moved === 'delivered' ? contents.items.filter((other) => other !== item) : contents.items.map((other) => (other === item ? moved : other)) };
}

/** "Queued in the outbox: it will be sent when DeskPRO is reachable." */
export function queuedNotice(helpdesk: string): string {
  return l10n.t('Queued in the outbox: it will be sent when {0} is reachable.', helpdesk);
}
