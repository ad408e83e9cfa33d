import assert from 'node:assert/strict';
import { ManualClock } from '../../src/ui/current/clock';
import { LONG_GAP_INTERVALS, RefreshScheduler, type RefreshTick } from '../../src/ui/current/scheduler';

const MINUTE = 60_000;

/** Lets the refresh's promise settle (the scheduler re-arms after it). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup(minutes = 2, focused = true) {
  const clock = new ManualClock(1_000_000, focused);
  const ticks: Array<RefreshTick & { at: number }> = [];
  let interval = minutes;
  const scheduler = new RefreshScheduler({
    intervalMinutes: () => interval,
    focus: clock.focus,
    timers: clock.timers,
    refresh: async (tick) => {
      ticks.push({ ...tick, at: clock.now() });
    },
  });
  const advance = async (ms: number, step = MINUTE) => {
    for (let done = 0; done < ms; done += step) {
      clock.advance(Math.min(step, ms - done));
      await settle();
    }
  };
  return { clock, ticks, scheduler, advance, setInterval: (value: number) => (interval = value) };
}

describe('current: refresh scheduler', () => {
  it('refreshes every interval while the window is focused', async () => {
    const t = setup(2);
    await t.advance(10 * MINUTE);
    assert.equal(t.ticks.length, 5);
    assert.deepEqual(
      t.ticks.map((tick) => tick.at - 1_000_000),
      [2, 4, 6, 8, 10].map((m) => m * MINUTE),
    );
    assert.ok(t.ticks.every((tick) => !tick.catchUp && !tick.afterLongGap));
    t.scheduler.dispose();
  });

  it('does nothing while unfocused, and catches up exactly once on focus', async () => {
    const t = setup(2);
    await t.advance(1 * MINUTE);
    t.clock.setFocused(false);
    await t.advance(30 * MINUTE);
    assert.equal(t.ticks.length, 0, 'no refresh while unfocused');
    assert.equal(t.clock.pendingTimers, 0, 'no timer kept while unfocused');
    t.clock.setFocused(true);
    await settle();
    assert.equal(t.ticks.length, 1, 'one catch-up refresh on focus');
    assert.equal(t.ticks[0]!.catchUp, true);
    assert.equal(t.ticks[0]!.afterLongGap, true, 'half an hour away is a long gap');
    await t.advance(1 * MINUTE);
    assert.equal(t.ticks.length, 1, 'the next one waits a whole interval after the catch-up');
    await t.advance(1 * MINUTE);
    assert.equal(t.ticks.length, 2);
    assert.equal(t.ticks[1]!.catchUp, false);
    t.scheduler.dispose();
  });

  it('a short blur does not cause a catch-up: the timer just resumes', async () => {
    const t = setup(2);
    await t.advance(1 * MINUTE);
    t.clock.setFocused(false);
    await t.advance(30_000, 30_000);
    t.clock.setFocused(true);
    await settle();
    assert.equal(t.ticks.length, 0);
    await t.advance(30_000, 30_000);
    assert.equal(t.ticks.length, 1, 'due at the original time');
    assert.equal(t.ticks[0]!.catchUp, false);
    t.scheduler.dispose();
  });

  it('0 turns it off; turning it on again starts the timer', async () => {
    const t = setup(0);
    await t.advance(20 * MINUTE);
    assert.equal(t.ticks.length, 0);
    assert.equal(t.clock.pendingTimers, 0);
    t.setInterval(5);
    t.scheduler.settingsChanged();
    t.clock.advance(0);
    await settle();
    assert.equal(t.ticks.length, 1, 'counted from the start, 5 minutes are long past: one refresh now');
    await t.advance(4 * MINUTE);
    assert.equal(t.ticks.length, 1);
    await t.advance(1 * MINUTE);
    assert.equal(t.ticks.length, 2, 'then every 5 minutes');
    t.scheduler.dispose();
  });

  it('reports a long gap when the machine slept (a timer firing far too late)', async () => {
    const t = setup(2);
    await t.advance(2 * MINUTE);
    assert.equal(t.ticks.length, 1);
    t.clock.jump((LONG_GAP_INTERVALS + 5) * 2 * MINUTE); // asleep: no timer ran
    t.clock.advance(0); // waking: the late timer runs now
    await settle();
    assert.equal(t.ticks.length, 2);
    assert.equal(t.ticks[1]!.afterLongGap, true);
    await t.advance(2 * MINUTE);
    assert.equal(t.ticks.length, 3, 'one refresh after waking, then the usual pace');
    assert.equal(t.ticks[2]!.afterLongGap, false);
    t.scheduler.dispose();
  });

  it('never runs two refreshes at once', async () => {
    const clock = new ManualClock(0, true);
    let running = 0;
    let most = 0;
    let release!: () => void;
    const scheduler = new RefreshScheduler({
      intervalMinutes: () => 1,
      focus: clock.focus,
      timers: clock.timers,
      refresh: async () => {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => (release = resolve));
        running--;
      },
    });
    clock.advance(MINUTE);
    await settle();
    clock.advance(5 * MINUTE);
    clock.setFocused(false);
    clock.setFocused(true);
    await settle();
    assert.equal(most, 1);
    release();
    await settle();
    scheduler.dispose();
  });

  it('stops for good on dispose', async () => {
    const t = setup(1);
    t.scheduler.dispose();
    await t.advance(5 * MINUTE);
    t.clock.setFocused(false);
    t.clock.setFocused(true);
    await settle();
    assert.equal(t.ticks.length, 0);
  });
});
