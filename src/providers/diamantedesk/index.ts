// DiamanteDesk: its registry entry and what tests and tools use of it.
export { diamantedeskDescriptor } from './descriptor';
export { DiamanteDeskProvider, DIAMANTEDESK_CAPABILITIES, type DiamanteDeskProviderOptions } from './provider';
export { passwordDigest, usernameTokenHeader, wsseCredentials, wsseHeaders, formatCreated } from './auth';
export { ServerClock, clockError, describeSkew, CREATED_MARGIN_MS, MAX_COMPENSATED_SKEW_MS } from './clock';
export { apiRoot, apiVersionInAddress, normalizeBaseUrl, readApiVersion, ticketWebUrl, type ApiVersion } from './url';
export { parseDiamanteErrorBody } from './errors';
