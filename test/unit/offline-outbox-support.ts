// Shared by the outbox's unit suites: an in-memory helpdesk whose writes can be made to fail
// the ways networks fail (refused before, reset after the request went, answer lost), a
// connection over it, and an outbox over a temporary directory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { silentLogger } from '../../src/helpdesk/log';
import type { Message, Page, Person, ReplyInput, Ticket, TicketPatch } from '../../src/helpdesk/model';
import type { HelpdeskProvider } from '../../src/helpdesk/provider';
import { Emitter } from '../../src/ui/events';
import { reconnectDelay } from '../../src/ui/instances/recovery';
import { readCurrentTicket, ticketChanges } from '../../src/ui/panel/conflict';
import { Outbox, type OutboxConnection } from '../../src/ui/offline/outbox';
import { OutboxStore } from '../../src/ui/offline/outboxStore';
import { testCapabilities } from '../support/capabilities';

export const ME: Person = { id: 'me', name: 'Morgan', email: 'morgan@example.com' };

/** What the next write meets: nothing, a refused connection, a reset after it arrived, a refusal, a 500 after or before it arrived. */
export type WriteFault = 'refused' | 'lostAnswer' | 'maintenance' | 'validation' | 'server' | 'serverBefore';

export function refusedError(): HelpdeskError {
  return new HelpdeskError('network', 'refused', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
}

export function resetError(): HelpdeskError {
  return new HelpdeskError('network', 'other side closed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
}

export class FakeHelpdesk {
  tickets = new Map<string, Ticket>();
  messages = new Map<string, Message[]>();
  /** The helpdesk's clock runs this far from ours (ms). */
  clockOffsetMs = 0;
  /** Faults for the next writes, in order. */
  writeFaults: WriteFault[] = [];
  /** Every read fails with this while set (the helpdesk is down). */
  down: HelpdeskError | undefined;
  /** Writes that reached the helpdesk (whatever the client heard back). */
  readonly writes: string[] = [];
  private counter = 0;

  constructor() {
    for (const id of ['1', '2']) {
      this.tickets.set(id, { id, ref: `#${id}`, subject: `Ticket ${id}`, status: { id: 'open', name: 'Open', kind: 'open' }, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z' });
      this.messages.set(id, [this.message(id, { author: { id: 'c', name: 'Customer' }, body: '<p>It is broken</p>' })]);
    }
  }

  message(ticketId: string, overrides: Partial<Message>): Message {
    return {
      id: `${ticketId}-m${++this.counter}`,
      author: ME,
      createdAt: new Date(Date.now() + this.clockOffsetMs).toISOString(),
      body: '',
      format: 'html',
      internal: false,
      attachments: [],
      ...overrides,
    };
  }

  /** Someone else answers the ticket (a change the outbox must notice). */
  customerReplies(ticketId: string, text: string): void {
    this.messages.get(ticketId)!.push(this.message(ticketId, { author: { id: 'c', name: 'Customer' }, body: `<p>${text}</p>` }));
  }

  repliesWith(ticketId: string, text: string): Message[] {
    return this.messages.get(ticketId)!.filter((message) => message.author.id === ME.id && message.body.includes(text));
  }

  provider(): HelpdeskProvider {
    const helpdesk = this;
    const read = <T>(value: () => T): Promise<T> => (helpdesk.down ? Promise.reject(helpdesk.down) : Promise.resolve(value()));
    const write = async <T>(what: string, act: () => T): Promise<T> => {
      if (helpdesk.down) throw helpdesk.down;
      const fault = helpdesk.writeFaults.shift();
      if (fault === 'refused') throw refusedError();
      if (fault === 'maintenance') throw new HelpdeskError('maintenance', 'down for maintenance', { status: 423 });
      if (fault === 'validation') throw new HelpdeskError('validation', 'The ticket is closed', { status: 400 });
      if (fault === 'serverBefore') throw new HelpdeskError('server', 'HTTP 500', { status: 500 });
      const result = act();
      helpdesk.writes.push(what);
      if (fault === 'lostAnswer') throw resetError();
      if (fault === 'server') throw new HelpdeskError('server', 'HTTP 500', { status: 500 });
      return result;
    };
    return {
      type: 'deskpro',
      capabilities: testCapabilities(),
      whoAmI: () => read(() => ME),
      listTickets: () => read((): Page<Ticket> => ({ items: [...helpdesk.tickets.values()] })),
      getTicket: (id) => read(() => helpdesk.ticket(id)),
      listMessages: (id) => read((): Page<Message> => ({ items: [...(helpdesk.messages.get(id) ?? [])] })),
      reply: (id, input: ReplyInput) =>
        write(`reply ${id}`, () => {
          helpdesk.ticket(id);
          const message = helpdesk.message(id, { body: input.bodyHtml, internal: input.internal, attachments: input.attachments.map((file, n) => ({ id: `f${n}`, name: file.name, downloadRef: file.name })) });
          helpdesk.messages.get(id)!.push(message);
          if (input.newStatus) helpdesk.setStatus(id, input.newStatus);
          return message;
        }),
      updateTicket: (id, patch: TicketPatch) =>
        write(`status ${id}`, () => {
          if (patch.status) helpdesk.setStatus(id, patch.status);
          return helpdesk.ticket(id);
        }),
      createTicket: () => Promise.reject(new Error('not used')),
      referenceData: () => read(() => ({ statuses: [], priorities: [], departments: [], agents: [] })),
      download: () => Promise.reject(new Error('not used')),
      dispose: () => Promise.resolve(),
    };
  }

  ticket(id: string): Ticket {
    const ticket = this.tickets.get(id);
    if (!ticket) throw new HelpdeskError('notFound', `no ticket ${id}`, { status: 404 });
    return ticket;
  }

  setStatus(id: string, status: string): void {
    this.tickets.set(id, { ...this.ticket(id), status: { id: status, name: status, kind: 'pending' } });
  }
}

/** A connection over the fake: health follows what requests return, as Connection's does. */
export class FakeConnection implements OutboxConnection {
  readonly id = 'desk';
  readonly label = 'Desk';
  health: { status: string } = { status: 'connected' };
  readonly capabilities = { departmentLabel: 'Department' };
  readonly healthChanged = new Emitter<FakeConnection>();
  private readonly provider: HelpdeskProvider;

  constructor(readonly helpdesk: FakeHelpdesk) {
    this.provider = helpdesk.provider();
  }

  async run<T>(request: (provider: HelpdeskProvider) => Promise<T>): Promise<T> {
    try {
      const result = await request(this.provider);
      return result;
    } catch (error) {
      if (error instanceof HelpdeskError && (error.kind === 'network' || error.kind === 'maintenance')) this.setStatus(error.kind === 'network' ? 'unreachable' : 'maintenance');
      throw error;
    }
  }

  async check(): Promise<unknown> {
    this.setStatus(this.helpdesk.down ? 'unreachable' : 'connected');
    return this.health;
  }

  setStatus(status: string): void {
    if (this.health.status === status) return;
    this.health = { status };
    this.healthChanged.fire(this);
  }
}

/** Timers run by hand: `fire()` runs what is due. */
export class ManualTimers {
  time = Date.parse('2025-06-01T10:00:00Z');
  private pending: Array<{ at: number; callback: () => void; id: number }> = [];
  private next = 0;
  now = () => this.time;
  setTimeout = (callback: () => void, ms: number) => {
    const id = ++this.next;
    this.pending.push({ at: this.time + ms, callback, id });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.pending = this.pending.filter((timer) => timer.id !== handle);
  };
  get armed(): number {
    return this.pending.length;
  }
  /** Moves the clock to the earliest timer and runs it. */
  fire(): boolean {
    const first = [...this.pending].sort((a, b) => a.at - b.at)[0];
    if (!first) return false;
    this.pending = this.pending.filter((timer) => timer !== first);
    this.time = Math.max(this.time, first.at);
    first.callback();
    return true;
  }
}

export class FakeFocus {
  focused = true;
  readonly changed = new Emitter<boolean>();
  readonly onDidChange = this.changed.event;
  set(focused: boolean): void {
    this.focused = focused;
    this.changed.fire(focused);
  }
}

export interface Rig {
  dir: string;
  helpdesk: FakeHelpdesk;
  connection: FakeConnection;
  timers: ManualTimers;
  focus: FakeFocus;
  outbox: Outbox<FakeConnection>;
  asides: string[];
  /** A new Outbox over the same directory: what a window reload (or a crash) does. */
  reopen(): Outbox<FakeConnection>;
  close(): Promise<void>;
}

export async function rig(): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'outbox-'));
  const helpdesk = new FakeHelpdesk();
  const connection = new FakeConnection(helpdesk);
  const timers = new ManualTimers();
  const focus = new FakeFocus();
  const asides: string[] = [];
  let ids = 0;
  const make = () =>
    new Outbox<FakeConnection>({
      store: new OutboxStore({ dir, setAside: (instanceId, _reason, aside) => asides.push(`${instanceId}:${aside ?? ''}`), now: timers.now }),
      connections: { get: (id) => (id === connection.id ? connection : undefined), onDidChangeHealth: connection.healthChanged.event },
      focus,
      retryDelay: (failures) => reconnectDelay(failures, { firstDelayMs: 5_000, maxDelayMs: 60_000 }, () => 0.5),
      conflicts: {
        read: (session, ticketId) => readCurrentTicket(session, ticketId),
        changes: (baseline, current, label) => ticketChanges({ ticket: baseline.ticket, messageIds: new Set(baseline.messageIds) }, current, label),
      },
      log: silentLogger,
      timers,
      newId: () => `item-${++ids}-${Math.random().toString(36).slice(2, 8)}`,
    });
  const result: Rig = {
    dir,
    helpdesk,
    connection,
    timers,
    focus,
    asides,
    outbox: make(),
    reopen() {
      result.outbox.dispose();
      result.outbox = make();
      return result.outbox;
    },
    async close() {
      await result.outbox.settled();
      result.outbox.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return result;
}

/** What the panel showed of ticket `id` just now: the baseline of an item written now. */
export function baselineOf(helpdesk: FakeHelpdesk, id: string) {
  return { ticket: helpdesk.ticket(id), messageIds: helpdesk.messages.get(id)!.map((message) => message.id) };
}

export function reply(helpdesk: FakeHelpdesk, ticketId: string, text: string, extra: { internal?: boolean } = {}) {
  return {
    instanceId: 'desk',
    ticketId,
    ticketRef: `#${ticketId}`,
    bodyMarkdown: text,
    bodyHtml: `<p>${text}</p>`,
    internal: extra.internal ?? false,
    files: [],
    baseline: baselineOf(helpdesk, ticketId),
  };
}
