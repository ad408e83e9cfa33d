// Recovery by itself (src/ui/instances/recovery.ts) on a hand-driven clock: the backoff
// sequence and its jitter, waiting out a rate limit, never retrying what only the user can
// fix, the pause while the window is unfocused, one attempt at a time, and clean disposal.
import * as assert from 'node:assert/strict';
import { Emitter } from '../../src/ui/events';
import type { Health } from '../../src/ui/instances/health';
import {
  DEFAULT_BACKOFF,
  Recovery,
  reconnectDelay,
  retryText,
  retryTextChangesIn,
  type RecoveryTarget,
  type RecoveryTimers,
} from '../../src/ui/instances/recovery';

/** Timers that fire only when the test moves the clock. */
class ManualClock implements RecoveryTimers {
  time = 1_000_000;
  private nextId = 1;
  private readonly due = new Map<number, { at: number; callback: () => void }>();

  now = (): number => this.time;
  setTimeout = (callback: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.due.set(id, { at: this.time + ms, callback });
    return id;
  };
  clearTimeout = (handle: unknown): void => {
    this.due.delete(handle as number);
  };

  get pendingTimers(): number {
    return this.due.size;
  }

  /** Moves the clock forward, firing what falls due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const next = [...this.due.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      this.due.delete(next[0]);
      this.time = next[1].at;
      next[1].callback();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** A helpdesk whose connection check answers with whatever `answer` says. */
class FakeInstance implements RecoveryTarget {
  health: Health = { status: 'unknown' };
  attempts: number[] = [];
  answer: () => Health = () => ({ status: 'unreachable', detail: 'ECONNREFUSED' });
  /** Attempts stay open until the test calls `hold`. */
  holdOpen = false;
  hold: (() => void) | undefined;

  constructor(
    readonly id: string,
    private readonly changed: Emitter<FakeInstance>,
  ) {}

  set(health: Health): void {
    this.health = health;
    this.changed.fire(this);
  }

  async check(now: number): Promise<void> {
    this.attempts.push(now);
    this.set({ status: 'checking' });
    if (this.holdOpen) await new Promise<void>((resolve) => (this.hold = resolve));
    this.set(this.answer());
  }
}

function setup({ focused = true, random = (): number => 0.5 }: { focused?: boolean; random?: () => number } = {}) {
  const clock = new ManualClock();
  const healthChanged = new Emitter<FakeInstance>();
  const listChanged = new Emitter<void>();
  const focusChanged = new Emitter<boolean>();
  let instances: FakeInstance[] = [];
  const focus = {
    focused,
    onDidChange: focusChanged.event,
  };
  const recovery = new Recovery<FakeInstance>({
    source: { all: () => instances, onDidChangeHealth: healthChanged.event, onDidChangeList: listChanged.event },
    reconnect: (target) => target.check(clock.now()),
    focus,
    policy: () => DEFAULT_BACKOFF,
    timers: clock,
    random,
  });
  const add = (id: string): FakeInstance => {
    const instance = new FakeInstance(id, healthChanged);
    instances = [...instances, instance];
    return instance;
  };
  const remove = (instance: FakeInstance): void => {
    instances = instances.filter((other) => other !== instance);
    listChanged.fire();
  };
  const setFocused = (value: boolean): void => {
    focus.focused = value;
    focusChanged.fire(value);
  };
  return { clock, recovery, add, remove, setFocused };
}

/** Gaps between consecutive attempts, from when the failure was known. */
function gaps(start: number, attempts: readonly number[]): number[] {
  return attempts.map((at, i) => at - (i === 0 ? start : attempts[i - 1]!));
}

describe('ui: recovery by itself (recovery.ts)', () => {
  it('reconnectDelay doubles from the first delay and stops at the cap', () => {
    const middle = () => 0.5;
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 10].map((failures) => reconnectDelay(failures, DEFAULT_BACKOFF, middle)),
      [5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000],
    );
  });

  it('reconnectDelay spreads each delay by at most 20% either way, never past the cap', () => {
    for (const failures of [0, 1, 2, 3]) {
      const nominal = 5_000 * 2 ** failures;
      assert.equal(reconnectDelay(failures, DEFAULT_BACKOFF, () => 0), nominal * 0.8);
      assert.equal(reconnectDelay(failures, DEFAULT_BACKOFF, () => 0.999999), Math.round(nominal * 1.2));
    }
    for (let i = 0; i < 200; i++) {
      const delay = reconnectDelay(2, DEFAULT_BACKOFF);
      assert.ok(delay >= 16_000 && delay <= 24_000, `${delay} within 20 s ± 20%`);
    }
    assert.equal(reconnectDelay(9, DEFAULT_BACKOFF, () => 0.999999), 300_000);
  });

  it('tries an unreachable helpdesk again after 5, 10, 20, 40 s and stops once it connects', async () => {
    const { clock, recovery, add } = setup();
    const desk = add('desk');
    const start = clock.now();
    desk.set({ status: 'unreachable' });
    assert.deepEqual(recovery.planFor(desk), { at: start + 5_000, paused: false });

    await clock.advance(5_000 + 10_000 + 20_000 + 39_999);
    assert.deepEqual(gaps(start, desk.attempts), [5_000, 10_000, 20_000]);
    desk.answer = () => ({ status: 'connected', me: 'Agent' });
    await clock.advance(1);
    assert.deepEqual(gaps(start, desk.attempts), [5_000, 10_000, 20_000, 40_000]);
    assert.equal(desk.health.status, 'connected');
    assert.equal(recovery.planFor(desk), undefined);
    assert.equal(clock.pendingTimers, 0, 'nothing left scheduled');
    await clock.advance(600_000);
    assert.equal(desk.attempts.length, 4, 'no attempt after success');
  });

  it('never retries what only the user can fix: rejected credentials, an expired token, a clock off, bad settings', async () => {
    for (const status of ['authFailed', 'tokenExpired', 'clockSkew', 'noCredentials', 'forbidden', 'misconfigured', 'unsupported'] as const) {
      const { clock, recovery, add } = setup();
      const desk = add('desk');
      desk.set({ status } as Health);
      assert.equal(recovery.planFor(desk), undefined, status);
      await clock.advance(3_600_000);
      assert.deepEqual(desk.attempts, [], `${status}: no attempt`);
      assert.equal(clock.pendingTimers, 0, `${status}: no timer`);
    }
  });

  it('stops retrying when an attempt ends in rejected credentials (no second failed login)', async () => {
    const { clock, add } = setup();
    const desk = add('desk');
    desk.set({ status: 'unreachable' });
    desk.answer = () => ({ status: 'authFailed' });
    await clock.advance(5_000);
    assert.equal(desk.attempts.length, 1);
    await clock.advance(3_600_000);
    assert.equal(desk.attempts.length, 1, 'one login attempt, then nothing');
  });

  it('waits out a rate limit (plus up to a second of jitter) before trying again', async () => {
    const { clock, recovery, add } = setup({ random: () => 0.25 });
    const desk = add('desk');
    const retryAt = clock.now() + 30_000;
    desk.set({ status: 'rateLimited', retryAt });
    assert.deepEqual(recovery.planFor(desk), { at: retryAt + 250, paused: false });
    await clock.advance(30_249);
    assert.deepEqual(desk.attempts, []);
    desk.answer = () => ({ status: 'connected' });
    await clock.advance(1);
    assert.deepEqual(desk.attempts, [retryAt + 250]);
  });

  it('a rate limit shorter than the backoff still waits the backoff', async () => {
    const { clock, recovery, add } = setup();
    const desk = add('desk');
    desk.set({ status: 'rateLimited', retryAt: clock.now() });
    assert.equal(recovery.planFor(desk)?.at, clock.now() + 5_000);
  });

  it('makes no attempt while the window is unfocused, and one promptly once it is focused again', async () => {
    const { clock, recovery, add, setFocused } = setup();
    const desk = add('desk');
    const start = clock.now();
    desk.set({ status: 'unreachable' });
    await clock.advance(5_000); // attempt 1 fails; the next is due 10 s later
    assert.equal(desk.attempts.length, 1);

    setFocused(false);
    assert.equal(recovery.planFor(desk)?.paused, true);
    assert.equal(clock.pendingTimers, 0, 'no timer while unfocused');
    await clock.advance(120_000);
    assert.equal(desk.attempts.length, 1, 'nothing tried while unfocused, though it fell due');

    setFocused(true);
    await clock.advance(0);
    assert.deepEqual(gaps(start, desk.attempts), [5_000, 120_000], 'tried at once on focus');
    // It failed again: the backoff goes on from there (third attempt: 20 s).
    assert.equal(recovery.planFor(desk)?.at, clock.now() + 20_000);
  });

  it('a helpdesk lost while the window is unfocused waits for focus before its first attempt', async () => {
    const { clock, recovery, add, setFocused } = setup({ focused: false });
    const desk = add('desk');
    desk.set({ status: 'unreachable' });
    assert.equal(recovery.planFor(desk)?.paused, true);
    await clock.advance(600_000);
    assert.deepEqual(desk.attempts, [], 'nothing tried while unfocused');
    setFocused(true);
    await clock.advance(0);
    assert.deepEqual(desk.attempts, [clock.now()], 'tried as soon as the window is focused');
  });

  it('on focus soon after an attempt, waits the first delay rather than knocking at once', async () => {
    const { clock, add, setFocused } = setup();
    const desk = add('desk');
    desk.set({ status: 'unreachable' });
    await clock.advance(5_000);
    const failedAt = clock.now();
    setFocused(false);
    await clock.advance(1_000);
    setFocused(true);
    await clock.advance(3_999);
    assert.equal(desk.attempts.length, 1);
    await clock.advance(1);
    assert.deepEqual(desk.attempts.slice(1), [failedAt + 5_000]);
  });

  it('a focus change brings nothing forward inside a rate limit', async () => {
    const { clock, add, setFocused } = setup({ random: () => 0 });
    const desk = add('desk');
    const retryAt = clock.now() + 60_000;
    desk.set({ status: 'rateLimited', retryAt });
    setFocused(false);
    setFocused(true);
    await clock.advance(59_999);
    assert.deepEqual(desk.attempts, []);
    await clock.advance(1);
    assert.deepEqual(desk.attempts, [retryAt]);
  });

  it('runs one attempt at a time per instance, and leaves others to their own schedule', async () => {
    const { clock, recovery, add } = setup();
    const slow = add('slow');
    slow.holdOpen = true;
    const other = add('other');
    slow.set({ status: 'unreachable' });
    await clock.advance(2_000);
    other.set({ status: 'unreachable' });
    await clock.advance(3_000); // slow's attempt starts and hangs
    assert.equal(slow.attempts.length, 1);
    assert.equal(recovery.planFor(slow), undefined, 'running: no next attempt planned yet');
    // Health changes while it runs (the check reports progress) schedule nothing more.
    slow.set({ status: 'unreachable', detail: 'still down' });
    await clock.advance(60_000);
    assert.equal(slow.attempts.length, 1, 'no second attempt while the first runs');
    assert.ok(other.attempts.length >= 2, 'the other instance kept its own schedule');
    slow.hold?.();
    await settle();
    assert.equal(recovery.planFor(slow)?.at, clock.now() + 10_000, 'the next one is planned once it ends');
  });

  it('a Retry by the user in between keeps the backoff going rather than starting over', async () => {
    const { clock, recovery, add } = setup();
    const desk = add('desk');
    desk.set({ status: 'unreachable' });
    await clock.advance(5_000);
    desk.set({ status: 'unknown' }); // the Retry row
    assert.equal(recovery.planFor(desk), undefined);
    assert.equal(clock.pendingTimers, 0, 'no attempt of ours alongside the user’s');
    desk.set({ status: 'unreachable' });
    assert.equal(recovery.planFor(desk)?.at, clock.now() + 20_000);
  });

  it('forgets an instance that was removed', async () => {
    const { clock, add, remove } = setup();
    const desk = add('desk');
    desk.set({ status: 'unreachable' });
    remove(desk);
    assert.equal(clock.pendingTimers, 0);
    await clock.advance(600_000);
    assert.deepEqual(desk.attempts, []);
  });

  it('dispose cancels every timer and ignores later changes', async () => {
    const { clock, recovery, add, setFocused } = setup();
    const a = add('a');
    const b = add('b');
    a.set({ status: 'unreachable' });
    b.set({ status: 'maintenance' });
    assert.equal(clock.pendingTimers, 2);
    recovery.dispose();
    assert.equal(clock.pendingTimers, 0);
    a.set({ status: 'unreachable' });
    setFocused(false);
    setFocused(true);
    await clock.advance(600_000);
    assert.deepEqual([a.attempts, b.attempts], [[], []]);
  });

  it('says when the next attempt is, in five-second steps, and when that text changes', () => {
    const now = 0;
    assert.equal(retryText({ at: 20_000, paused: false }, now), 'retrying in 20 s');
    assert.equal(retryText({ at: 17_500, paused: false }, now), 'retrying in 20 s');
    assert.equal(retryText({ at: 900, paused: false }, now), 'retrying in 5 s');
    assert.equal(retryText({ at: 150_000, paused: false }, now), 'retrying in 3 min');
    assert.equal(retryText({ at: 20_000, paused: true }, now), 'retrying when this window is focused');
    assert.equal(retryTextChangesIn({ at: 17_500, paused: false }, now), 2_500);
    assert.equal(retryTextChangesIn({ at: 150_000, paused: false }, now), 30_000);
    assert.equal(retryTextChangesIn({ at: 61_000, paused: false }, now), 1_000);
    assert.equal(retryTextChangesIn({ at: 4_000, paused: false }, now), undefined);
    assert.equal(retryTextChangesIn({ at: 20_000, paused: true }, now), undefined);
  });
});
