// DeskPRO: its registry entry and what tests and tools use of it.
export { deskproDescriptor } from './descriptor';
export { DeskproProvider, DESKPRO_CAPABILITIES } from './provider';
export { authorizationHeader, deskproAuth, type DeskproAuthMethod } from './auth';
export { apiRoot, normalizeBaseUrl } from './url';
export { parseDeskproErrorBody } from './errors';
