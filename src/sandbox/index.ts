// The sandbox bundle's entry (dist/sandbox.js): simulated helpdesks a new user can try
// without an account. Tests and benchmarks import each vendor's simulator from its own
// folder (src/sandbox/<vendor>), so a new vendor only adds a line to registry.ts.
// Here the simulators are started for the extension: seeded at the start time (so the
// newest tickets are minutes old), with each one's data restored from and saved to the
// extension's global storage, and, when asked, live activity.
import { LiveActivity, type ActivityEvent, type LiveActivityOptions } from './live';
import { removeSnapshots, SnapshotFile, type Snapshot } from './persist';
import { Rng } from './prng';
import { sandboxEntries } from './registry';
import { epochAt } from './seed-timeline';
import type { RunningSandbox, SandboxEntry, StartedSimulator } from './types';

export { clearFaults, createFaults } from './faults';
export type { Faults, FailNext } from './faults';

export type { RunningSandbox, SandboxEntry, SandboxInstance, StartedSimulator } from './types';
export { sandboxEntries } from './registry';

/** Something the user should be told (the extension shows it). */
export interface SandboxNotice {
  kind: 'reset';
  type: string;
  /** The vendor's name ("DeskPRO"). */
  name: string;
  /** Why the saved data could not be used. */
  reason: string;
}

export interface SandboxOptions {
  /** Where each simulator's data is kept between starts (a file per vendor); without it nothing is kept. */
  storageDir?: string;
  /** Start with live activity on (default off; RunningSandbox.setLiveActivity changes it). */
  liveActivity?: boolean;
  /** The clock and pace of live activity (tests pass a fake clock). */
  activity?: Omit<LiveActivityOptions, 'onEvent'>;
  /** The start time the seed's dates are laid out before (default Date.now). */
  now?: () => number;
  /** How long after a change the data is written (default 1500 ms). */
  saveDelayMs?: number;
  onNotice?: (notice: SandboxNotice) => void;
  /** What happened, for the extension's log. */
  log?: (message: string) => void;
  /** Only these vendors (tests); default all in the registry. */
  types?: readonly string[];
}

/** One simulator as the sandbox runs it: its data file and its live activity. */
interface Running {
  started: StartedSimulator;
  live: LiveActivity;
  file: SnapshotFile | undefined;
}

/** Starts every registered simulator on an ephemeral loopback port and describes them as instances. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const entries = sandboxEntries.filter((entry) => !options.types || options.types.includes(entry.type));
  const results = await Promise.allSettled(entries.map((entry) => startOne(entry, options)));
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  const running = results.filter((result): result is PromiseFulfilledResult<Running> => result.status === 'fulfilled').map((result) => result.value);
  if (failed) {
    await Promise.allSettled(running.map((one) => stopOne(one)));
    throw failed.reason;
  }
  for (const one of running) if (options.liveActivity) one.live.start();
  return {
    instances: running.map((one) => one.started.instance),
    setLiveActivity(on) {
      for (const one of running) {
        if (on) one.live.start();
        else one.live.stop();
      }
    },
    happen(type, kind) {
      return running.find((one) => one.started.type === type)?.live.happen(kind);
    },
    close: async () => {
      await Promise.all(running.map((one) => stopOne(one)));
    },
  };
}

/** Deletes every simulator's saved data in `storageDir` (Reset Sandbox); the next start is the seed. */
export async function resetSandboxData(storageDir: string): Promise<void> {
  await removeSnapshots(storageDir, sandboxEntries.map((entry) => entry.type));
}

async function startOne(entry: SandboxEntry, options: SandboxOptions): Promise<Running> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const file = options.storageDir
    ? new SnapshotFile(options.storageDir, entry.type, { delayMs: options.saveDelayMs, onError: (error) => log(`sandbox: could not save the ${entry.type} data: ${String(error)}`) })
    : undefined;
  const read = file ? await file.read() : ({ kind: 'none' } as const);
  let saved: Snapshot | undefined;
  let resetReason: string | undefined;
  if (read.kind === 'ok') saved = read.snapshot;
  if (read.kind === 'corrupt') resetReason = read.reason;

  // Declared before the start: requests can only change data once the instance is handed out.
  let save = (): void => undefined;
  const onChange = (): void => save();
  let started = await entry.start({ port: 0, epoch: saved?.epoch ?? epochAt(now()), ...(saved && { seed: saved.seed }), onChange });
  if (saved) {
    try {
      started.restore(saved);
      log(`sandbox: ${entry.type} data restored (saved ${new Date(saved.savedAt).toISOString()})`);
    } catch (error) {
      resetReason = error instanceof Error ? error.message : String(error);
      await file?.quarantine();
      // Seeded at the saved epoch for the restore; the seed it falls back to is today's.
      await started.close();
      started = await entry.start({ port: 0, epoch: epochAt(now()), onChange });
    }
  }
  if (resetReason !== undefined) {
    log(`sandbox: the saved ${entry.type} data could not be read (${resetReason}); starting from the seed`);
    options.onNotice?.({ kind: 'reset', type: entry.type, name: started.name, reason: resetReason });
  }
  const current = started;
  save = () => file?.schedule(() => current.snapshot(Date.now()));
  const live = new LiveActivity((kind, at, rng) => current.activity(kind, at, rng), new Rng(now() ^ hash(entry.type)), {
    ...options.activity,
    onEvent: (event: ActivityEvent) => {
      log(`sandbox: ${entry.type}: ${event.summary}`);
      save();
    },
  });
  return { started: current, live, file };
}

async function stopOne(one: Running): Promise<void> {
  one.live.stop();
  await one.file?.flush();
  await one.started.close();
}

function hash(text: string): number {
  let h = 0;
  for (const char of text) h = (Math.imul(h, 31) + char.charCodeAt(0)) >>> 0;
  return h;
}

/** Starts them all; if one fails, stops the others, so a failed start leaves nothing listening. */
export async function startAll(starts: Array<() => Promise<StartedSimulator>>): Promise<StartedSimulator[]> {
  const results = await Promise.allSettled(starts.map((start) => start()));
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (!failed) return results.map((result) => (result as PromiseFulfilledResult<StartedSimulator>).value);
  await Promise.allSettled(results.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)));
  throw failed.reason;
}
