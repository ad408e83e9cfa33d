// Which requests go through the proxy. Pure functions, so the rules are testable without
// a network.

export interface ProxySettings {
  /** Proxy URL, always with a scheme. */
  proxy?: string;
  /** NO_PROXY list as found, comma separated. */
  noProxy?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the proxy from the environment the way curl and most tools do: HTTPS_PROXY first
 * (helpdesks are HTTPS), then HTTP_PROXY; lower-case spellings win over upper-case ones
 * because that is what curl does. Empty values count as unset.
 */
export function proxyFromEnv(env: Env): ProxySettings {
  const proxy = firstSet(env, ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']);
  const noProxy = firstSet(env, ['no_proxy', 'NO_PROXY']);
  return {
    ...(proxy === undefined ? {} : { proxy: normalizeProxyUrl(proxy) }),
    ...(noProxy === undefined ? {} : { noProxy }),
  };
}

/** `proxy.corp:8080` is how people write it; undici wants `http://proxy.corp:8080`. */
export function normalizeProxyUrl(proxy: string): string {
  const trimmed = proxy.trim();
  return /^[a-z][a-z\d+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
}

/**
 * Whether a request to `url` should go through the proxy, given a NO_PROXY list.
 *
 * Rules (curl's, which most tools share): entries are comma or space separated; `*`
 * bypasses everything; `example.com`, `.example.com` and `*.example.com` all match the
 * host and its subdomains; ports in entries are ignored; IP addresses match exactly.
 *
 * Loopback (localhost, 127.0.0.0/8, ::1) never goes through the proxy, whatever the list
 * says: a proxy cannot reach the user's own machine, and the local simulators (sandbox)
 * must keep working behind a corporate proxy. This is Chrome's and Go's default too.
 */
export function shouldUseProxy(url: string | URL, noProxy?: string): boolean {
  const host = hostOf(url);
  if (host === undefined || isLoopback(host)) return false;
  for (const entry of noProxyEntries(noProxy)) {
    if (entry === '*' || matchesEntry(host, entry)) return false;
  }
  return true;
}

function firstSet(env: Env, names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

function hostOf(url: string | URL): string | undefined {
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    return stripBrackets(parsed.hostname.toLowerCase().replace(/\.$/, ''));
  } catch {
    return undefined;
  }
}

function noProxyEntries(noProxy: string | undefined): string[] {
  if (!noProxy) return [];
  return noProxy
    .split(/[\s,]+/)
    .map((entry) => withoutPort(entry.trim().toLowerCase()))
    .map((entry) => entry.replace(/^\*?\./, '').replace(/\.$/, ''))
    .filter((entry) => entry.length > 0);
}

function withoutPort(entry: string): string {
  if (entry.startsWith('[')) return stripBrackets(entry.replace(/\]:\d+$/, ']'));
  // More than one colon is a bare IPv6 address, not host:port.
  return (entry.match(/:/g) ?? []).length === 1 ? entry.replace(/:\d*$/, '') : entry;
}

function matchesEntry(host: string, entry: string): boolean {
  return host === entry || host.endsWith(`.${entry}`);
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
