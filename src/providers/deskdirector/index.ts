// DeskDirector: its registry entry and what tests and tools use of it.
export { AUTH_METHOD_CHOICES, type AuthMethodChoice, deskdirectorDescriptor } from './descriptor';
export { DeskdirectorProvider, type DeskdirectorProviderOptions } from './provider';
export { capabilitiesFor, CHANGES_NEED_API_KEY, NO_NOTES_ROUTE, NOTES_NEED_TECH_TOKEN } from './capabilities';
export { deskdirectorAuth, readAuthMethod, type DeskdirectorAuthMethod } from './auth';
export { TOKEN_EXPIRED_MESSAGE } from './guard';
export { apiRoot, normalizeBaseUrl, ticketWebUrl } from './url';
export { parseDeskdirectorErrorBody } from './errors';
export { discoverRoutes, type Discovery, type RouteAccess } from './discovery';
export { OPENAPI_DOCUMENT_PATHS } from './client';
