// What a failure below HTTP (DNS, TCP, TLS, proxy, a cut body) means for the user, and
// whether asking again could help.
import { HelpdeskError } from '../errors';
import type { Failure } from './retry';

export interface NetworkContext {
  method: string;
  target: string;
  /** host[:port] of the helpdesk. */
  host: string;
  /** host[:port] of the proxy the request went through, if any. */
  proxyHost?: string;
}

// The connection broke while the request or response was on the wire: the server may
// have acted, so only an idempotent request may be repeated.
const CUT_OFF = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'TRUNCATED_BODY',
]);

const CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UND_ERR_PRX_TLS',
]);

const TRUST_HINT =
  'If your network inspects HTTPS, add its CA certificate to the helpdesk settings, or set http.proxyStrictSSL to false';

export function networkFailure(thrown: unknown, ctx: NetworkContext): Failure {
  const code = errorCode(thrown);
  const label = code ?? 'network error';
  const fail = (message: string, retry: Failure['retry'], kind: 'network' | 'timeout' = 'network'): Failure => ({
    error: new HelpdeskError(kind, message, { cause: thrown }),
    retry,
    label,
  });
  const proxyStatus = proxyRefusal(thrown);
  if (proxyStatus !== undefined) {
    const hint = proxyStatus === 407 ? '; check the proxy credentials' : '';
    return fail(`The proxy ${ctx.proxyHost ?? ''} refused to connect to ${ctx.host} (${proxyStatus})${hint}`, 'never');
  }
  const peer = ctx.proxyHost ? `The proxy ${ctx.proxyHost}` : ctx.host;
  switch (code) {
    case 'ENOTFOUND':
      return fail(
        `Could not find host ${ctx.proxyHost ?? ctx.host} (ENOTFOUND); check the ${ctx.proxyHost ? 'proxy setting' : 'address'}`,
        'never',
      );
    case 'EAI_AGAIN':
      return fail(`Could not look up host ${ctx.proxyHost ?? ctx.host} (EAI_AGAIN); check the network connection`, 'always');
    case 'ECONNREFUSED':
      // Nothing was sent, so even a POST may try again.
      return fail(`${peer} refused the connection (ECONNREFUSED)`, 'always');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return fail(`${peer} cannot be reached from this network (${code})`, 'never');
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return fail(`${peer} did not accept a connection in time (${code})`, 'never', 'timeout');
  }
  if (code && CERTIFICATE.has(code)) {
    const what = code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? 'is not valid for that name' : 'was not trusted';
    return fail(`The certificate of ${ctx.host} ${what} (${code}). ${TRUST_HINT}`, 'never');
  }
  if ((code && CUT_OFF.has(code)) || /socket hang up|other side closed|terminated/i.test(messageOf(thrown))) {
    // undici's own codes (UND_ERR_SOCKET) mean nothing to a reader; Node's (ECONNRESET) might.
    const shown = code?.startsWith('E') ? ` (${code})` : '';
    return {
      ...fail(`The connection to ${ctx.host} was cut off during ${ctx.method} ${ctx.target}${shown}`, 'idempotent'),
      label: shown ? label : 'connection cut off',
    };
  }
  return fail(`Could not reach ${ctx.host}: ${messageOf(thrown)}${code ? ` (${code})` : ''}`, 'never');
}

/** The most telling `code` along the cause chain (undici wraps Node's socket errors). */
export function errorCode(thrown: unknown): string | undefined {
  const codes: string[] = [];
  for (let error = thrown, depth = 0; typeof error === 'object' && error !== null && depth < 5; depth++) {
    const { code, cause } = error as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') codes.push(code);
    error = cause;
  }
  // undici's generic UND_ERR_SOCKET says less than the ECONNRESET it may wrap.
  return codes.find((code) => code !== 'UND_ERR_SOCKET') ?? codes[0];
}

function messageOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}

// undici reports a proxy that will not tunnel as an aborted request naming the status.
function proxyRefusal(thrown: unknown): number | undefined {
  const match = /Proxy response \((\d{3})\)|Proxy Authentication Required \((\d{3})\)/.exec(messageOf(thrown));
  return match ? Number(match[1] ?? match[2]) : undefined;
}
