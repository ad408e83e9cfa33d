// Turns editor settings and the environment into the HTTP client's transport options.
// Pure so proxy precedence and defaults are tested without an editor.
import type { ProviderContext } from '../../helpdesk/provider';

export type TransportOptions = ProviderContext['http'];

export interface TransportSettings {
  /** `helpdesk.requestTimeoutSeconds`. */
  requestTimeoutSeconds?: number;
  /** `helpdesk.maxResponseSizeMB`: the largest answer read into memory. */
  maxResponseSizeMB?: number;
  /** `helpdesk.maxAttachmentSizeMB` in bytes: also the largest download. */
  maxAttachmentBytes?: number;
  /** `http.proxy`: the editor's proxy wins over the environment, as in VS Code itself. */
  proxy?: string;
  /** `http.noProxy`. */
  noProxy?: readonly string[];
  /** `http.proxyStrictSSL`. */
  strictSSL?: boolean;
  /** Contents of `helpdesk.extraCaCertificatesFile`. */
  ca?: string;
  userAgent: string;
  env: Readonly<Record<string, string | undefined>>;
}

export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_MAX_RESPONSE_MB = 32;
const MiB = 1024 * 1024;

export function transportOptions(settings: TransportSettings): TransportOptions {
  const seconds =
    typeof settings.requestTimeoutSeconds === 'number' && settings.requestTimeoutSeconds >= 1
      ? settings.requestTimeoutSeconds
      : DEFAULT_TIMEOUT_SECONDS;
  const env = settings.env;
  const proxy =
    nonEmpty(settings.proxy) ??
    nonEmpty(env.HTTPS_PROXY) ??
    nonEmpty(env.https_proxy) ??
    nonEmpty(env.HTTP_PROXY) ??
    nonEmpty(env.http_proxy);
  const noProxyParts = [
    ...(settings.noProxy ?? []),
    ...(nonEmpty(env.NO_PROXY) ?? nonEmpty(env.no_proxy) ?? '').split(','),
  ]
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const options: TransportOptions = {
    timeoutMs: Math.round(seconds * 1000),
    strictSSL: settings.strictSSL !== false,
    userAgent: settings.userAgent,
  };
  // Left out when unset or nonsense: the HTTP client has its own defaults.
  if (positive(settings.maxResponseSizeMB)) options.maxResponseBytes = Math.floor(settings.maxResponseSizeMB * MiB);
  if (positive(settings.maxAttachmentBytes)) options.maxDownloadBytes = Math.floor(settings.maxAttachmentBytes);
  if (proxy) options.proxy = proxy;
  if (noProxyParts.length > 0) options.noProxy = [...new Set(noProxyParts)].join(',');
  if (settings.ca) options.ca = settings.ca;
  return options;
}

function positive(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
