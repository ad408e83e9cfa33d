// The sandbox bundle's entry (dist/sandbox.js): simulated helpdesks a new user can try
// without an account, and the same simulators tests and benchmarks start.
import { startDeskproSimulator } from './deskpro/server';
import { startJitbitSimulator } from './jitbit/server';

export { startDeskproSimulator } from './deskpro/server';
export type { DeskproSimulator, DeskproSimulatorOptions, RequestLogEntry } from './deskpro/server';
export type { DeskproState } from './deskpro/state';
export { BIG_THREAD_TICKET_ID, BIG_THREAD_MESSAGE_COUNT, HOSTILE_TICKET_ID, SEED_EPOCH } from './deskpro/data';
export { startJitbitSimulator } from './jitbit/server';
export type { JitbitRequestLogEntry, JitbitSimulator, JitbitSimulatorOptions } from './jitbit/server';
export type { JitbitState } from './jitbit/state';
export {
  BIG_THREAD_COMMENT_COUNT as JITBIT_BIG_THREAD_COMMENT_COUNT,
  BIG_THREAD_TICKET_ID as JITBIT_BIG_THREAD_TICKET_ID,
  BROKEN_BBCODE_TICKET_ID as JITBIT_BROKEN_BBCODE_TICKET_ID,
  HOSTILE_TICKET_ID as JITBIT_HOSTILE_TICKET_ID,
  SEED_EPOCH as JITBIT_SEED_EPOCH,
} from './jitbit/data';
export { clearFaults, createFaults } from './faults';
export type { Faults, FailNext } from './faults';

export interface SandboxInstance {
  config: { id: string; label: string; type: 'deskpro' | 'jitbit'; baseUrl: string };
  credentials: { secret: string; username?: string };
}

export interface RunningSandbox {
  instances: SandboxInstance[];
  close(): Promise<void>;
}

/** Starts every simulator on an ephemeral loopback port and describes them as instances. */
export async function startSandbox(): Promise<RunningSandbox> {
  const [deskpro, jitbit] = await Promise.allSettled([startDeskproSimulator({ port: 0 }), startJitbitSimulator({ port: 0 })]);
  if (deskpro.status === 'rejected' || jitbit.status === 'rejected') {
    // One failed: stop the other, so a failed start leaves nothing listening.
    await Promise.allSettled([deskpro, jitbit].map((started) => (started.status === 'fulfilled' ? started.value.close() : undefined)));
    throw deskpro.status === 'rejected' ? deskpro.reason : (jitbit as PromiseRejectedResult).reason;
  }
  return {
    instances: [
      {
        config: { id: 'sandbox-deskpro', label: 'Sandbox · DeskPRO', type: 'deskpro', baseUrl: deskpro.value.url },
        credentials: { secret: deskpro.value.apiKey },
      },
      {
        config: { id: 'sandbox-jitbit', label: 'Sandbox · Jitbit', type: 'jitbit', baseUrl: jitbit.value.url },
        credentials: { username: jitbit.value.username, secret: jitbit.value.password },
      },
    ],
    close: async () => {
      await Promise.all([deskpro.value.close(), jitbit.value.close()]);
    },
  };
}
