// What the sandbox hands the extension, and what each vendor's simulator offers the
// registry. The extension's side (src/ui/instances/sandbox.ts) imports these types only,
// so the simulators stay in their own bundle.
import type { Credentials, InstanceConfig } from '../helpdesk/model';

export interface SandboxInstance {
  config: InstanceConfig;
  credentials: Credentials;
}

export interface RunningSandbox {
  instances: SandboxInstance[];
  close(): Promise<void>;
}

export interface SandboxStartOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  seed?: number;
}

/** One simulator, started: the instance that points at it, and how to stop it. */
export interface StartedSimulator {
  instance: SandboxInstance;
  /** Lines the terminal sandbox prints: the address, the credentials, the seed data. */
  describe(): string[];
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
  close(): Promise<void>;
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
): SandboxEntry {
  return {
    type,
    async start(options) {
      const simulator = await start(options);
      const { credentials, describe } = present(simulator);
      return {
        instance: { config: { id: `sandbox-${type}`, label: `Sandbox · ${name}`, type, baseUrl: simulator.url }, credentials },
        describe: () => describe,
        close: () => simulator.close(),
      };
    },
  };
}
