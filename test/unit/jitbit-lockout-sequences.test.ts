// Issue 12, suite 5: for Jitbit, no sequence of user actions and background refreshes sends
// three failed logins without the user typing new credentials each time. Seeded random
// sequences drive the UI layer (no vscode) as the extension wires it — Connections, the
// tree model with a stand-in tree view that re-reads what changed, ticket panels, the
// Create Ticket form, the code-lens ticket cache and automatic recovery — against the
// strict Jitbit simulator (three failed logins lock the address for five minutes) on a
// virtual clock. After every step: failed logins since the last credential entry ≤ 1.
//
//   JITBIT_LOCKOUT_SEED=123 npx mocha --no-config --require tsx/cjs --extension ts test/unit/jitbit-lockout-sequences.test.ts
// replays one sequence (printed with its steps when it fails).
import * as assert from 'node:assert/strict';
import { silentLogger } from '../../src/helpdesk/log';
import { markdownToHtml, renderBody } from '../../src/helpdesk/render';
import { providerDescriptors } from '../../src/providers/registry';
import { Rng } from '../../src/sandbox/prng';
import { startJitbitSimulator, type JitbitSimulator } from '../../src/sandbox/jitbit';
import type { HostToWebview } from '../../src/shared/protocol/panel';
import { CreateTicketFormController } from '../../src/ui/code/createTicketForm';
import type { CodeSnapshot } from '../../src/ui/code/codeSnapshot';
import { TicketInfoCache } from '../../src/ui/codeLinks/ticketInfo';
import { Emitter } from '../../src/ui/events';
import { Connections, type Connection } from '../../src/ui/instances/connections';
import { createDescriptorCatalog } from '../../src/ui/instances/descriptors';
import { validateInstances } from '../../src/ui/instances/instanceValidation';
import { DEFAULT_BACKOFF, Recovery, type RecoveryTimers } from '../../src/ui/instances/recovery';
import { transportOptions } from '../../src/ui/instances/transport';
import type { TicketPanelController } from '../../src/ui/panel/controller';
import { TreeModel } from '../../src/ui/tree/model';
import type { TreeNode } from '../../src/ui/tree/nodes';
import { connectedPanel, MemoryCredentials, recordingPanelHost } from '../support/uiLayer';

const SEQUENCES = 200;
const STEPS = 30;
const FIRST_SEED = 1;
const ID = 'jb';
const catalog = createDescriptorCatalog(providerDescriptors);

/** Timers for Recovery on the virtual clock: due callbacks run when the test moves time on. */
class VirtualTimers implements RecoveryTimers {
  clock = Date.UTC(2026, 0, 5, 9);
  private nextId = 0;
  private readonly due = new Map<number, { at: number; callback: () => void }>();
  now = (): number => this.clock;
  setTimeout(callback: () => void, ms: number): unknown {
    this.nextId += 1;
    this.due.set(this.nextId, { at: this.clock + ms, callback });
    return this.nextId;
  }
  clearTimeout(handle: unknown): void {
    this.due.delete(handle as number);
  }
  /** Moves the clock to `to`, running each timer due on the way at its own time. */
  runUntil(to: number): void {
    for (;;) {
      const next = [...this.due].filter(([, t]) => t.at <= to).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      this.due.delete(next[0]);
      this.clock = Math.max(this.clock, next[1].at);
      next[1].callback();
    }
    this.clock = Math.max(this.clock, to);
  }
}

/** The extension's window for one instance: what a reload throws away and builds again. */
interface Window {
  connections: Connections;
  model: TreeModel;
  recovery: Recovery<Connection>;
  lenses: TicketInfoCache;
  panels: Array<{ ticketId: string; panel: TicketPanelController; posted: HostToWebview[] }>;
  /** Keys of expanded tree nodes (`root`, `list:<key>`), as VS Code keeps them. */
  expanded: Set<string>;
  /** What each expanded node showed last. */
  shown: Map<string, TreeNode[]>;
  dispose(): void;
}

const SNAPSHOT: CodeSnapshot = {
  snippet: { text: 'retry(request);\n', languageId: 'typescript', relativePath: 'src/net.ts', startLine: 3, endLine: 3 },
  fileName: 'net.ts',
  documentName: 'net.ts',
  documentText: 'export {};\nretry(request);\n',
};

class Sequence {
  readonly credentials = new MemoryCredentials();
  readonly focus = { focused: true, changed: new Emitter<boolean>() };
  readonly log: string[] = [];
  /** Request log index when the user last entered credentials. */
  private mark = 0;
  private inFlight = new Set<Promise<unknown>>();
  private label = 'Support';
  win!: Window;

  constructor(
    readonly rng: Rng,
    readonly sim: JitbitSimulator,
    readonly timers: VirtualTimers,
  ) {}

  get connection(): Connection {
    return this.win.connections.get(ID)!;
  }

  /** Starts `work` without waiting: it runs alongside whatever comes next until settle(). */
  track(work: Promise<unknown>): void {
    const tracked = work.catch(() => undefined).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  async settle(): Promise<void> {
    for (let rounds = 0; rounds < 50; rounds++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.inFlight.size === 0) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        if (this.inFlight.size === 0) return;
      }
      await Promise.all([...this.inFlight]);
    }
  }

  failedLoginsSinceEntry(): number {
    return this.sim.requests.slice(this.mark).filter((r) => r.status === 401 && r.fault === undefined).length;
  }

  openWindow(): void {
    const now = this.timers.now;
    const http = { ...transportOptions({ userAgent: 'lockout-sequences', env: {} }), retryBaseDelayMs: 5 };
    const connections = new Connections({ catalog, credentials: this.credentials, log: silentLogger, transport: () => http, now });
    connections.setEntries(validateInstances([{ id: ID, label: this.label, type: 'jitbit', baseUrl: this.sim.url }], catalog));
    const focusState = this.focus;
    const recovery = new Recovery<Connection>({
      source: connections,
      reconnect: (connection) => {
        model.refreshInstance(connection.id);
        const attempt = connection.check();
        this.track(attempt);
        return attempt;
      },
      focus: { get focused() { return focusState.focused; }, onDidChange: (listener) => focusState.changed.event(listener) },
      policy: () => DEFAULT_BACKOFF,
      timers: this.timers,
      random: () => this.rng.next(),
    });
    const model = new TreeModel(connections, { pageSize: () => 25, typeName: (type) => catalog.displayName(type), now, recovery });
    const lenses = new TicketInfoCache(connections, { now });
    const expanded = new Set<string>();
    const shown = new Map<string, TreeNode[]>();
    const subscriptions = [
      // VS Code asks again for the children of whatever changed and is expanded.
      model.onDidChange((node) => {
        const key = node === undefined ? undefined : node.kind === 'instance' ? 'root' : node.kind === 'list' ? `list:${node.listKey}` : undefined;
        for (const open of expanded) if (key === undefined || key === open) this.track(this.read(open));
      }),
      connections.onDidChangeHealth((connection) => lenses.forget(connection.id, true)),
    ];
    this.win = {
      connections,
      model,
      recovery,
      lenses,
      panels: [],
      expanded,
      shown,
      dispose: () => {
        for (const s of subscriptions) s.dispose();
        for (const p of this.win.panels) p.panel.dispose();
        recovery.dispose();
        model.dispose();
        lenses.dispose();
        connections.dispose();
      },
    };
  }

  /** What the tree view does for an expanded node: getChildren. */
  async read(key: string): Promise<void> {
    const { model, shown } = this.win;
    const root = model.roots()[0];
    if (!root) return;
    const node = key === 'root' ? root : (shown.get('root') ?? []).find((n) => n.kind === 'list' && `list:${n.listKey}` === key);
    if (!node) return;
    shown.set(key, await model.children(node));
  }

  private lists(): Array<Extract<TreeNode, { kind: 'list' }>> {
    return (this.win.shown.get('root') ?? []).filter((n): n is Extract<TreeNode, { kind: 'list' }> => n.kind === 'list');
  }

  private knownTicketIds(): string[] {
    const ids = new Set<string>();
    for (const nodes of this.win.shown.values()) for (const n of nodes) if (n.kind === 'ticket') ids.add(n.ticket.id);
    if (ids.size === 0) for (const id of [...this.sim.state.tickets.keys()].slice(0, 5)) ids.add(String(id));
    return [...ids];
  }

  private panel(): Window['panels'][number] | undefined {
    return this.win.panels.length ? this.rng.pick(this.win.panels) : undefined;
  }

  /** Every user action and background event the UI layer has; each returns what it did. */
  readonly actions: ReadonlyArray<readonly [string, number, () => string | Promise<string>]> = [
    ['expand the root', 4, () => (this.win.expanded.add('root'), this.track(this.read('root')), 'expand root')],
    ['expand a list', 5, () => {
      const list = this.lists().length ? this.rng.pick(this.lists()) : undefined;
      if (!list) return 'expand a list (none shown)';
      this.win.expanded.add(`list:${list.listKey}`);
      this.track(this.read(`list:${list.listKey}`));
      return `expand ${list.listKey}`;
    }],
    ['collapse', 2, () => {
      const open = [...this.win.expanded];
      if (!open.length) return 'collapse (nothing open)';
      const key = this.rng.pick(open);
      this.win.expanded.delete(key);
      return `collapse ${key}`;
    }],
    ['load more', 3, () => {
      const list = this.lists().find((l) => (this.win.shown.get(`list:${l.listKey}`) ?? []).some((n) => n.kind === 'loadMore'));
      if (!list) return 'load more (no Load more row)';
      this.track(this.win.model.loadMore(ID, list.listKey));
      return `load more ${list.listKey}`;
    }],
    ['refresh the helpdesk', 3, () => (this.win.model.refreshInstance(ID), 'refresh instance')],
    ['refresh all', 3, () => (this.win.model.refreshAll(), 'refresh all')],
    ['search', 2, () => {
      const node = this.win.model.addSearch(ID, this.rng.pick(['printer', 'VPN', 'invoice']));
      if (node) this.track(this.win.model.children(node));
      return 'search';
    }],
    ['open a ticket', 4, () => {
      const ticketId = this.rng.pick(this.knownTicketIds());
      const posted: HostToWebview[] = [];
      const panel = connectedPanel({ instanceId: ID, ticketId, connection: () => this.connection, host: recordingPanelHost(posted), now: this.timers.now });
      this.win.panels.push({ ticketId, panel, posted });
      this.track(panel.handle({ type: 'ready' }));
      return `open ticket ${ticketId}`;
    }],
    ['reload a panel', 2, () => {
      const p = this.panel();
      if (p) this.track(p.panel.handle({ type: 'refresh' }));
      return 'panel refresh';
    }],
    ['send a reply', 3, () => {
      const p = this.panel();
      if (!p) return 'reply (no panel)';
      this.track(p.panel.handle({ type: 'send', draft: { markdown: `Checked it, step ${this.log.length}.`, internal: this.rng.chance(0.3) } }));
      return `reply on ${p.ticketId}`;
    }],
    ['change the status', 2, () => {
      const p = this.panel();
      const ticket = p?.posted.filter((m) => m.type === 'ticket').pop();
      if (!p || !ticket || ticket.type !== 'ticket' || ticket.statuses.length === 0) return 'status (no loaded panel)';
      this.track(p.panel.handle({ type: 'update', field: 'status', value: this.rng.pick(ticket.statuses).id }));
      return `status on ${p.ticketId}`;
    }],
    ['close a panel', 1, () => {
      const p = this.panel();
      if (!p) return 'close panel (none)';
      p.panel.dispose();
      this.win.panels.splice(this.win.panels.indexOf(p), 1);
      return `close panel ${p.ticketId}`;
    }],
    ['create a ticket', 2, async () => {
      // As the command does: the capabilities first (refused when requests cannot succeed), then the form.
      let capabilities;
      try {
        capabilities = (await this.connection.acquire()).capabilities;
      } catch {
        return 'create ticket (refused before the form)';
      }
      const form = new CreateTicketFormController({
        connection: this.connection,
        capabilities,
        snapshot: SNAPSHOT,
        host: { post: () => undefined, pickFiles: async () => [], confirmSecrets: async () => 'send', created: async () => undefined, close: () => undefined, openExternal: () => undefined },
        maxAttachmentBytes: () => 1_000_000,
        markdownToHtml,
        renderBody,
        log: silentLogger,
      });
      this.track(form.handle({ type: 'ready' }).then(() => form.handle({ type: 'submit', values: { subject: 'Retry loop', body: 'See the code.' } })));
      return 'create ticket';
    }],
    ['a code lens shows a ticket', 2, () => (this.track(this.win.lenses.get(ID, this.rng.pick(this.knownTicketIds()))), 'code lens')],
    ['window loses focus', 2, () => ((this.focus.focused = false), this.focus.changed.fire(false), 'blur')],
    ['window gains focus', 2, () => ((this.focus.focused = true), this.focus.changed.fire(true), 'focus')],
    ['time passes', 5, () => {
      const ms = this.rng.pick([1_000, 5_000, 30_000, 61_000, 5 * 60_000 + 1_000]);
      this.timers.runUntil(this.timers.clock + ms);
      return `+${ms / 1000}s`;
    }],
    ['the helpdesk has trouble', 2, () => {
      const kind = this.rng.pick(['503', '429', 'reset'] as const);
      if (kind === 'reset') this.sim.faults.resetConnection = this.rng.int(1, 3);
      else this.sim.faults.failNext = { status: Number(kind), times: this.rng.int(1, 4), ...(kind === '429' && { headers: { 'Retry-After': '30' } }) };
      return `server ${kind}`;
    }],
    ['settings change', 1, () => {
      this.label = this.label === 'Support' ? 'Support desk' : 'Support';
      this.win.connections.setEntries(validateInstances([{ id: ID, label: this.label, type: 'jitbit', baseUrl: this.sim.url }], catalog));
      return 'settings edit';
    }],
    ['transport settings change', 1, () => (this.win.connections.resetTransport(), 'timeout/proxy setting edit')],
    ['reload the window', 1, async () => {
      await this.settle();
      const restored = this.win.panels.map((p) => p.ticketId);
      const expanded = [...this.win.expanded];
      this.win.dispose();
      this.openWindow();
      for (const key of expanded) this.win.expanded.add(key);
      for (const ticketId of restored) {
        const posted: HostToWebview[] = [];
        const panel = connectedPanel({ instanceId: ID, ticketId, connection: () => this.connection, host: recordingPanelHost(posted), now: this.timers.now });
        this.win.panels.push({ ticketId, panel, posted });
        this.track(panel.handle({ type: 'ready' }));
      }
      if (this.win.expanded.has('root')) this.track(this.read('root'));
      return `reload window (${restored.length} panels)`;
    }],
    ['set credentials', 3, async () => {
      // The user takes seconds to type: whatever was on its way has arrived by then.
      await this.settle();
      const kind = this.rng.weighted([['right password', 3], ['wrong password', 3], ['right token', 1], ['wrong token', 1]] as const);
      const secret = kind === 'right password' ? this.sim.password : kind === 'right token' ? this.sim.token : `${kind === 'wrong token' ? this.sim.token : this.sim.password}-typo${this.log.length}`;
      this.credentials.values.set(ID, kind.endsWith('password') ? { username: this.sim.username, secret } : { secret });
      this.mark = this.sim.requests.length;
      // Set Credentials: the store's change resets the connection, then open panels reload.
      this.win.connections.resetCredentials(ID);
      for (const p of this.win.panels) this.track(p.panel.load());
      return `set credentials: ${kind}`;
    }],
  ];

  async step(): Promise<void> {
    const [name, , run] = this.rng.weighted(this.actions.map((action) => [action, action[1]] as const));
    const what = await run();
    this.log.push(`${what === name ? name : what} [${this.connection.health.status}, ${this.sim.requests.length} requests]`);
    // Sometimes the next action comes before this one's requests are answered.
    if (this.rng.chance(0.7)) await this.settle();
  }
}

function describeRun(sequence: Sequence): string {
  return (
    `Steps:\n${sequence.log.map((s, n) => `  ${n + 1}. ${s}`).join('\n')}\n` +
    `Requests:\n${sequence.sim.requests.map((r) => `  ${r.method} ${r.path} ${r.status}${r.fault ? ` (${r.fault})` : ''}`).join('\n')}`
  );
}

async function runSequence(seed: number): Promise<void> {
  const rng = new Rng(seed);
  const timers = new VirtualTimers();
  // The simulator's clock is the test's: the five-minute lock passes when the test moves time on.
  const sim = await startJitbitSimulator({ port: 0, seed, ticketCount: 40, now: timers.now });
  const sequence = new Sequence(rng, sim, timers);
  // The instance starts with what the user typed at Add Helpdesk: right or wrong.
  sequence.credentials.values.set(ID, { username: sim.username, secret: rng.chance(0.5) ? sim.password : `${sim.password}-typo` });
  sequence.openWindow();
  try {
    for (let i = 0; i < STEPS; i++) {
      await sequence.step();
      const failed = sequence.failedLoginsSinceEntry();
      if (failed > 1) {
        await sequence.settle();
        throw new Error(
          `seed ${seed}: ${failed} failed logins since the user last entered credentials, after step ${i + 1}.\n` +
            `Replay: JITBIT_LOCKOUT_SEED=${seed} npx mocha --no-config --require tsx/cjs --extension ts test/unit/jitbit-lockout-sequences.test.ts\n` +
            describeRun(sequence),
        );
      }
    }
    await sequence.settle();
    assert.ok(sequence.failedLoginsSinceEntry() <= 1, `seed ${seed}: more than one failed login once everything settled`);
    if (process.env.JITBIT_LOCKOUT_SEED) console.log(describeRun(sequence));
  } finally {
    sequence.win.dispose();
    await sim.close();
  }
}

describe('jitbit: no sequence of actions and background refreshes risks the lockout', function () {
  this.timeout(600_000);

  it(`${SEQUENCES} seeded sequences of ${STEPS} steps: at most one failed login per credential entry`, async () => {
    const replay = process.env.JITBIT_LOCKOUT_SEED;
    const seeds = replay ? [Number(replay)] : Array.from({ length: SEQUENCES }, (_, i) => FIRST_SEED + i);
    for (const seed of seeds) await runSequence(seed);
  });

  // Found while building the sequences: a refusal that arrives after its provider was thrown
  // away (a transport setting changed meanwhile) was ignored, and the next check sent the same
  // wrong password again.
  it('a transport setting changed while the first login is on its way: the refusal still counts', async () => {
    const timers = new VirtualTimers();
    const sim = await startJitbitSimulator({ port: 0, ticketCount: 10, now: timers.now });
    const sequence = new Sequence(new Rng(1), sim, timers);
    sequence.credentials.values.set(ID, { username: sim.username, secret: `${sim.password}-typo` });
    sequence.openWindow();
    try {
      const first = sequence.connection.check();
      await new Promise((resolve) => setImmediate(resolve));
      sequence.win.connections.resetTransport();
      await first;
      sequence.win.model.refreshAll();
      await sequence.connection.check();
      await sequence.win.model.children(sequence.win.model.roots()[0]!);
      assert.equal(sequence.failedLoginsSinceEntry(), 1, sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`).join(', '));
      assert.equal(sequence.connection.health.status, 'authFailed');
    } finally {
      sequence.win.dispose();
      await sim.close();
    }
  });

  // Found by seed 194: Refresh pressed while the check of new credentials was on its way
  // started a second check beside it, so the wrong password went out twice at once.
  it('Refresh while new credentials are being checked joins that check instead of sending them again', async () => {
    const timers = new VirtualTimers();
    const sim = await startJitbitSimulator({ port: 0, ticketCount: 10, now: timers.now });
    const sequence = new Sequence(new Rng(1), sim, timers);
    sequence.credentials.values.set(ID, { username: sim.username, secret: `${sim.password}-typo` });
    sequence.openWindow();
    try {
      const { model } = sequence.win;
      const first = model.children(model.roots()[0]!);
      await new Promise((resolve) => setImmediate(resolve));
      model.refreshInstance(ID);
      const second = model.children(model.roots()[0]!);
      await Promise.all([first, second]);
      assert.equal(sequence.failedLoginsSinceEntry(), 1, sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`).join(', '));
      assert.equal(sequence.connection.health.status, 'authFailed');
    } finally {
      sequence.win.dispose();
      await sim.close();
    }
  });
});
