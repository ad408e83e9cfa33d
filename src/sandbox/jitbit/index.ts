// The Jitbit simulator's public face, for tests and benchmarks.
export { startJitbitSimulator } from './server';
export type { JitbitRequestLogEntry, JitbitSimulator, JitbitSimulatorOptions } from './server';
export type { JitbitState } from './state';
export { BIG_THREAD_COMMENT_COUNT, BIG_THREAD_TICKET_ID, BROKEN_BBCODE_TICKET_ID, HOSTILE_TICKET_ID, SEED_EPOCH } from './data';
export { jitbitSandbox } from './sandbox';
