// The connection pools of one client: a direct Agent, and a ProxyAgent when a proxy is set.
// Our own dispatchers, never undici's global one, so settings and sockets stay per instance.
import * as tls from 'node:tls';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import { HelpdeskError } from '../errors';
import { normalizeProxyUrl, shouldUseProxy } from './proxy';

export interface TransportOptions {
  proxy?: string;
  noProxy?: string;
  strictSSL?: boolean;
  ca?: string;
}

export interface Route {
  dispatcher: Dispatcher;
  /** host[:port] of the proxy, for messages; absent when going direct. */
  proxyHost?: string;
}

// Browsers' per-host limit: enough parallelism for a tree refresh, polite to small servers.
const CONNECTIONS_PER_ORIGIN = 6;

export class Dispatchers {
  private direct?: Agent;
  private proxied?: ProxyAgent;
  private readonly proxyUrl?: URL;

  constructor(private readonly options: TransportOptions) {
    this.proxyUrl = options.proxy?.trim() ? parseProxyUrl(options.proxy) : undefined;
  }

  /** The proxy's password, so the client can keep it out of logs. */
  get proxySecrets(): string[] {
    const password = this.proxyUrl?.password;
    if (!password) return [];
    try {
      return [password, decodeURIComponent(password)];
    } catch {
      return [password];
    }
  }

  route(url: URL): Route {
    if (this.proxyUrl && shouldUseProxy(url, this.options.noProxy)) {
      this.proxied ??= this.createProxyAgent(this.proxyUrl);
      return { dispatcher: this.proxied, proxyHost: this.proxyUrl.host };
    }
    this.direct ??= new Agent({ connections: CONNECTIONS_PER_ORIGIN, connect: tlsOptions(this.options) });
    return { dispatcher: this.direct };
  }

  async close(): Promise<void> {
    const open = [this.direct, this.proxied].filter((d): d is Agent | ProxyAgent => d !== undefined);
    this.direct = undefined;
    this.proxied = undefined;
    await Promise.all(open.map((dispatcher) => dispatcher.close()));
  }

  private createProxyAgent(proxyUrl: URL): ProxyAgent {
    const tlsSettings = tlsOptions(this.options);
    return new ProxyAgent({
      uri: proxyUrl.href,
      connections: CONNECTIONS_PER_ORIGIN,
      // Plain-http targets go as absolute-form requests, as every proxy understands;
      // many corporate proxies refuse CONNECT to port 80. HTTPS always tunnels.
      proxyTunnel: false,
      requestTls: tlsSettings,
      // Corporate HTTPS proxies are signed by the same internal CA as what they inspect.
      proxyTls: tlsSettings,
    });
  }
}

interface TlsSettings {
  rejectUnauthorized: boolean;
  ca?: string[];
}

/**
 * A custom CA is added to Node's bundled roots rather than replacing them, so public
 * helpdesks keep working. (Node 20 has no API for the roots plus NODE_EXTRA_CA_CERTS;
 * whoever sets `ca` gets the bundled roots plus that CA.)
 */
export function tlsOptions(options: Pick<TransportOptions, 'strictSSL' | 'ca'>): TlsSettings {
  const settings: TlsSettings = { rejectUnauthorized: options.strictSSL !== false };
  if (options.ca?.trim()) settings.ca = [...tls.rootCertificates, options.ca];
  return settings;
}

function parseProxyUrl(proxy: string): URL {
  try {
    const url = new URL(normalizeProxyUrl(proxy));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`unsupported scheme ${url.protocol}`);
    return url;
  } catch (cause) {
    // The proxy setting may carry a password; name only its host, if there is one.
    const shown = /@([^/]+)/.exec(proxy)?.[1] ?? proxy.replace(/\/\/[^@/]*@/, '//');
    throw new HelpdeskError('config', `The proxy setting "${shown}" is not an http:// or https:// URL`, { cause });
  }
}
