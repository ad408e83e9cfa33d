// What the sandbox hands the extension, and what each vendor's simulator offers the
// registry. The extension's side (src/ui/instances/sandbox.ts) imports these types only,
// so the simulators stay in their own bundle.
import type { Credentials, InstanceConfig } from '../helpdesk/model';
import type { ActivityEvent, ActivityKind } from './live';
import { encodeSnapshot, restoreSnapshot, type PersistSpec, type Snapshot } from './persist';
import type { Rng } from './prng';

export interface SandboxInstance {
  config: InstanceConfig;
  credentials: Credentials;
}

export interface RunningSandbox {
  instances: SandboxInstance[];
  /** Turns live activity (customers replying, tickets arriving) on or off. */
  setLiveActivity(on: boolean): void;
  /** Makes one live-activity event happen now in one simulator (tests; saved like any other). */
  happen(type: string, kind?: ActivityKind): ActivityEvent | undefined;
  /** Stops the simulators, after writing any change not yet saved. */
  close(): Promise<void>;
}

export interface SandboxStartOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  seed?: number;
  /** Where the seed's dates end (default: the fixed SEED_EPOCH). */
  epoch?: number;
  /** Called after a request that may have changed the data. */
  onChange?: () => void;
}

/** One simulator, started: the instance that points at it, and how to stop it. */
export interface StartedSimulator {
  type: string;
  /** The vendor's name, as users read it ("DeskPRO"). */
  name: string;
  instance: SandboxInstance;
  /** The seed's number and epoch this simulator was started with. */
  seed: number;
  seedEpoch: number;
  /** Lines the terminal sandbox prints: the address, the credentials, the seed data. */
  describe(): string[];
  /** The persisted part of the data, as a snapshot file's text (src/sandbox/persist.ts). */
  snapshot(savedAt: number): Promise<string>;
  /** Replaces the data with a snapshot's; throws (leaving the seed) when it does not fit. */
  restore(snapshot: Snapshot): void;
  /** Makes one live-activity event happen in the data (src/sandbox/live.ts). */
  activity(kind: ActivityKind, now: number, rng: Rng): ActivityEvent | undefined;
  close(): Promise<void>;
}

/** A vendor's entry in the sandbox registry (src/sandbox/registry.ts). */
export interface SandboxEntry {
  /** The helpdesk type the simulator stands in for; also the `--only` name of the CLI. */
  type: string;
  start(options: SandboxStartOptions): Promise<StartedSimulator>;
}

/** A running simulator as the registry needs it. */
interface Simulator {
  url: string;
  state: { seed: number; seedEpoch: number };
  close(): Promise<void>;
}

/** What a vendor adds for persistence and live activity (its activity.ts). */
export interface SandboxData<S extends Simulator> {
  persist: PersistSpec;
  activity(state: S['state'], kind: ActivityKind, now: number, rng: Rng): ActivityEvent | undefined;
}

/**
 * A registry entry from a vendor's start function and what its instance looks like:
 * the sandbox's instance id and label come from the vendor's name.
 */
export function sandboxEntry<S extends Simulator>(
  type: string,
  name: string,
  start: (options: SandboxStartOptions) => Promise<S>,
  present: (simulator: S) => { credentials: SandboxInstance['credentials']; describe: string[] },
  data: SandboxData<S>,
): SandboxEntry {
  return {
    type,
    async start(options) {
      const simulator = await start(options);
      const { credentials, describe } = present(simulator);
      const origin = new URL(simulator.url).origin;
      const { seed, seedEpoch } = simulator.state;
      return {
        type,
        name,
        instance: { config: { id: `sandbox-${type}`, label: `Sandbox · ${name}`, type, baseUrl: simulator.url }, credentials },
        seed,
        seedEpoch,
        describe: () => describe,
        snapshot: (savedAt) => encodeSnapshot(simulator.state, data.persist, { vendor: type, seed, epoch: seedEpoch, origin }, savedAt),
        restore: (snapshot) => restoreSnapshot(simulator.state, data.persist, snapshot, origin),
        activity: (kind, now, rng) => data.activity(simulator.state, kind, now, rng),
        close: () => simulator.close(),
      };
    },
  };
}
