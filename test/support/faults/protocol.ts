// The messages between the suite and the worker that runs the helpdesks (worker.ts).
import type { Credentials, InstanceConfig } from '../../../src/helpdesk/model';
import type { FaultId, FaultTarget } from './catalog';

/** One helpdesk as the suite connects to it: the simulator's instance, addressed through its proxy. */
export interface LabHelpdesk {
  type: string;
  config: InstanceConfig;
  credentials: Credentials;
}

export type LabRequest = { id: number } & (
  | { command: 'start' }
  | { command: 'close' }
  | { command: 'arm'; type: string; fault: FaultId; target: FaultTarget }
  | { command: 'disarm' | 'down' | 'up' | 'mark'; type: string }
  | { command: 'records'; type: string; from: number }
);

export type LabReply = { id: number } & ({ ok: true; value: unknown } | { ok: false; error: string });
