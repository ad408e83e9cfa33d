// The faults of the matrix: what each one does on the wire (the proxy acts on `mode`) and
// what the client must make of it. Shared by the proxy (in its worker) and the suite.
import type { HelpdeskErrorKind } from '../../../src/helpdesk/errors';

/**
 * - `down`: the proxy stops listening before the operation (nothing reaches the helpdesk).
 * - `answer`: the proxy answers in the helpdesk's place; the request never reaches it.
 * - `forward`: the request reaches the helpdesk (a write is done), then the answer is lost or mangled.
 */
export type FaultMode = 'down' | 'answer' | 'forward';

export interface FaultSpec {
  id: FaultId;
  /** The column heading. */
  label: string;
  mode: FaultMode;
  /** The error kind a user must see. */
  kind: HelpdeskErrorKind;
  /** Whether the HTTP policy repeats a request that met this fault: never, idempotent ones, or any. */
  retried: 'never' | 'idempotent' | 'always';
  /**
   * The fault is in the answer's body, which a write whose answer is not read may never
   * look at: success is then right too. A trickle that ends within the deadline also succeeds.
   */
  mayPass?: 'writes' | 'any';
}

export const FAULTS = [
  { id: 'refused', label: 'refused', mode: 'down', kind: 'network', retried: 'always' },
  { id: 'reset', label: 'reset mid-body', mode: 'forward', kind: 'network', retried: 'idempotent' },
  { id: 'noAnswer', label: 'no answer', mode: 'answer', kind: 'timeout', retried: 'never' },
  { id: 'html500', label: '500 HTML', mode: 'answer', kind: 'server', retried: 'idempotent' },
  { id: 'status502', label: '502', mode: 'answer', kind: 'server', retried: 'idempotent' },
  { id: 'status503', label: '503', mode: 'answer', kind: 'server', retried: 'idempotent' },
  { id: 'truncated', label: 'truncated JSON', mode: 'forward', kind: 'protocol', retried: 'never', mayPass: 'writes' },
  { id: 'wrongShape', label: 'wrong shape', mode: 'forward', kind: 'protocol', retried: 'never', mayPass: 'writes' },
  { id: 'wrongType', label: 'wrong type', mode: 'forward', kind: 'protocol', retried: 'never', mayPass: 'writes' },
  { id: 'rateRetryAfter', label: '429 R-A', mode: 'answer', kind: 'rateLimited', retried: 'never' },
  { id: 'rate', label: '429', mode: 'answer', kind: 'rateLimited', retried: 'idempotent' },
  { id: 'status423', label: '423', mode: 'answer', kind: 'maintenance', retried: 'never' },
  { id: 'status401', label: '401', mode: 'answer', kind: 'auth', retried: 'never' },
  { id: 'status403', label: '403', mode: 'answer', kind: 'forbidden', retried: 'never' },
  { id: 'status404', label: '404', mode: 'answer', kind: 'notFound', retried: 'never' },
  { id: 'trickle', label: '1 KB/s', mode: 'forward', kind: 'timeout', retried: 'never', mayPass: 'any' },
  { id: 'gzipBomb', label: 'gzip bomb', mode: 'forward', kind: 'tooLarge', retried: 'never', mayPass: 'writes' },
  { id: 'huge', label: '100 MB', mode: 'forward', kind: 'tooLarge', retried: 'never', mayPass: 'writes' },
] as const satisfies readonly FaultSpecShape[];

interface FaultSpecShape {
  id: string;
  label: string;
  mode: FaultMode;
  kind: HelpdeskErrorKind;
  retried: FaultSpec['retried'];
  mayPass?: FaultSpec['mayPass'];
}

export type FaultId = (typeof FAULTS)[number]['id'];

/** The Retry-After of the `429 R-A` column: longer than the client waits out by itself. */
export const LONG_RETRY_AFTER_S = 30;

/** The request a fault is aimed at: the first of the operation's own requests with this method and path. */
export interface FaultTarget {
  method: string;
  /** URL path without the query. */
  path: string;
}

/** What the proxy saw of one request. */
export interface ProxyRecord {
  method: string;
  path: string;
  /** The request was passed on to the helpdesk (and so acted on). */
  forwarded: boolean;
  /** The helpdesk's status, when forwarded and answered. */
  upstreamStatus?: number;
  /** The fault that met this request. */
  fault?: FaultId;
  /** For a fault on the answer: whether there was anything to spoil (a 204 has no JSON to cut). */
  altered?: boolean;
}

/** How many times the policy lets a request meeting `fault` be sent, in all. */
export function allowedAttempts(fault: FaultSpec, method: string, maxRetries: number): { min: number; max: number } {
  const idempotent = ['GET', 'HEAD', 'PUT', 'DELETE'].includes(method);
  if (fault.retried === 'always' || (fault.retried === 'idempotent' && idempotent)) return { min: 1 + maxRetries, max: 1 + maxRetries };
  // A 429 says the helpdesk did not act (RFC 6585), so a vendor may send even a write
  // again (Jitbit's client does, a bounded number of times): it cannot be done twice.
  if (fault.id === 'rate') return { min: 1, max: 1 + maxRetries };
  return { min: 1, max: 1 };
}
