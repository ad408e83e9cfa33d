// The sandbox bundle's entry (dist/sandbox.js): simulated helpdesks a new user can try
// without an account. Tests and benchmarks import each vendor's simulator from its own
// folder (src/sandbox/<vendor>), so a new vendor only adds a line to registry.ts.
import { sandboxEntries } from './registry';
import type { RunningSandbox, StartedSimulator } from './types';

export { clearFaults, createFaults } from './faults';
export type { Faults, FailNext } from './faults';

export type { RunningSandbox, SandboxEntry, SandboxInstance, StartedSimulator } from './types';
export { sandboxEntries } from './registry';

/** Starts every registered simulator on an ephemeral loopback port and describes them as instances. */
export async function startSandbox(): Promise<RunningSandbox> {
  const started = await startAll(sandboxEntries.map((entry) => () => entry.start({ port: 0 })));
  return {
    instances: started.map((simulator) => simulator.instance),
    close: async () => {
      await Promise.all(started.map((simulator) => simulator.close()));
    },
  };
}

/** Starts them all; if one fails, stops the others, so a failed start leaves nothing listening. */
export async function startAll(starts: Array<() => Promise<StartedSimulator>>): Promise<StartedSimulator[]> {
  const results = await Promise.allSettled(starts.map((start) => start()));
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (!failed) return results.map((result) => (result as PromiseFulfilledResult<StartedSimulator>).value);
  await Promise.allSettled(results.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)));
  throw failed.reason;
}
