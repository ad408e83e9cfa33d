// The DeskPRO simulator's public face, for tests and benchmarks.
export { startDeskproSimulator } from './server';
export type { DeskproSimulator, DeskproSimulatorOptions, RequestLogEntry } from './server';
export type { DeskproState } from './state';
export { BIG_THREAD_TICKET_ID, BIG_THREAD_MESSAGE_COUNT, HOSTILE_TICKET_ID, SEED_EPOCH } from './data';
export { deskproSandbox } from './sandbox';
