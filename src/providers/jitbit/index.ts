// Jitbit Helpdesk: its registry entry and what tests and tools use of it.
export { JITBIT_LOCKOUT_WARNING, jitbitDescriptor } from './descriptor';
export { JitbitProvider, JITBIT_CAPABILITIES } from './provider';
export { jitbitAuth } from './auth';
export { apiRoot, normalizeBaseUrl, ticketWebUrl } from './url';
export { parseJitbitErrorBody } from './errors';
export { detectBodyFormat } from './mapping';
