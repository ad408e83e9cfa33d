// The HTTP layer's public face; providers import from here.
export { HttpClient, DEFAULT_TIMEOUT_MS, DEFAULT_USER_AGENT } from './client';
export { redact, REDACTED } from './redact';
export { proxyFromEnv, shouldUseProxy, normalizeProxyUrl, type ProxySettings, type Env } from './proxy';
export { encodeQuery } from './url';
export { parseRetryAfter } from './retry';
export type {
  HttpClientOptions,
  HttpMethod,
  HttpRequest,
  HttpResponse,
  ParsedErrorBody,
  QueryValue,
} from './types';
