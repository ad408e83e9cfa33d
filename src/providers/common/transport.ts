// How a provider reaches its helpdesk: the one HTTP client (src/helpdesk/http) set up for
// one instance, with its API root, its Authorization header, its vendor's error bodies,
// and every form of its secret redacted from log lines and errors.
import { HttpClient } from '../../helpdesk/http/client';
import type { HttpClientOptions } from '../../helpdesk/http/types';
import type { ProviderContext } from '../../helpdesk/provider';

/** Builds a provider's transport; tests pass one that fakes or records requests. */
export type TransportFactory<Transport> = (options: HttpClientOptions) => Transport;

export const httpClientTransport: TransportFactory<HttpClient> = (options) => new HttpClient(options);

export interface ApiAccess {
  /** The API root, with the trailing slash relative paths need. */
  apiRoot: string;
  /** The whole Authorization header value, e.g. `Basic …`. */
  authorization: string;
  parseErrorBody: HttpClientOptions['parseErrorBody'];
  /** Every form of the secret that could show up in a log line or an error. */
  secrets: readonly string[];
}

/** The HTTP client options of one instance: its transport settings plus how to reach its API. */
export function instanceHttpOptions(context: ProviderContext, access: ApiAccess): HttpClientOptions {
  return {
    ...context.http,
    baseUrl: access.apiRoot,
    authHeaders: () => ({ Authorization: access.authorization }),
    log: context.log,
    parseErrorBody: access.parseErrorBody,
    // A fragment of a few characters would blank out unrelated text all over the log.
    secrets: access.secrets.filter((secret) => secret.length >= 4),
  };
}
