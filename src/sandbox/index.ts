// The sandbox bundle's entry (dist/sandbox.js): simulated helpdesks a new user can try
// without an account, and the same simulators tests and benchmarks start.
import { startDeskproSimulator } from './deskpro/server';

export { startDeskproSimulator } from './deskpro/server';
export type { DeskproSimulator, DeskproSimulatorOptions, RequestLogEntry } from './deskpro/server';
export type { DeskproState } from './deskpro/state';
export { BIG_THREAD_TICKET_ID, BIG_THREAD_MESSAGE_COUNT, HOSTILE_TICKET_ID, SEED_EPOCH } from './deskpro/data';
export { clearFaults, createFaults } from './faults';
export type { Faults, FailNext } from './faults';

export interface SandboxInstance {
  config: { id: string; label: string; type: 'deskpro'; baseUrl: string };
  credentials: { secret: string };
}

export interface RunningSandbox {
  instances: SandboxInstance[];
  close(): Promise<void>;
}

/** Starts every simulator on an ephemeral loopback port and describes them as instances. */
export async function startSandbox(): Promise<RunningSandbox> {
  const deskpro = await startDeskproSimulator({ port: 0 });
  return {
    instances: [
      {
        config: { id: 'sandbox-deskpro', label: 'Sandbox · DeskPRO', type: 'deskpro', baseUrl: deskpro.url },
        credentials: { secret: deskpro.apiKey },
      },
    ],
    close: () => deskpro.close(),
  };
}
