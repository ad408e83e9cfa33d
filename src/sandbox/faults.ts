// Fault switches shared by every simulator: a plain mutable object a test flips
// (`sim.faults.failNext = {status: 429, times: 1, headers: {'Retry-After': '2'}}`) to make
// the next requests misbehave the way real networks and helpdesks do. Vendor-neutral: a
// simulator supplies its own error body and login page through FaultVendor.
import { STATUS_CODES } from 'node:http';
import { jsonResponse, type SimResponse } from './http-util';

export interface FailNext {
  status: number;
  /** How many matching requests fail; the switch clears itself when it reaches 0. Default 1. */
  times?: number;
  /** Object → JSON; string → sent as is. Default: the vendor's own error body for `status`. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Faults {
  /** Delay before every matching request is answered. */
  latencyMs: number;
  failNext?: FailNext;
  /** Answer with an HTML page (an SSO/login or gateway page) instead of the API. */
  htmlErrorPage: boolean;
  /** Status of that HTML page: 200 (a login page that fools naive clients) or 502 etc. */
  htmlErrorStatus: number;
  /** Destroy the socket of this many matching requests without answering. */
  resetConnection: number;
  /** Send only half the body of this many matching responses. */
  truncateBody: number;
  /** 'clean': chunked response that ends normally mid-document; 'abort': drop the socket mid-body. */
  truncateMode: 'clean' | 'abort';
  /** When set, faults apply only to requests it accepts (`path` is the URL path, no query). */
  only?: (method: string, path: string) => boolean;
}

export function createFaults(): Faults {
  return { latencyMs: 0, htmlErrorPage: false, htmlErrorStatus: 200, resetConnection: 0, truncateBody: 0, truncateMode: 'clean' };
}

/** Turns every switch off again (between tests). */
export function clearFaults(faults: Faults): void {
  Object.assign(faults, createFaults());
  delete faults.failNext;
  delete faults.only;
}

/** What a vendor's simulator contributes so its faults look like that vendor. */
export interface FaultVendor {
  /** An object is sent as JSON, a string as text/plain. */
  errorBody(status: number): unknown;
  htmlPage(status: number): string;
}

export type FaultDecision =
  | { kind: 'pass' }
  | { kind: 'reset'; fault: 'resetConnection' }
  | { kind: 'respond'; fault: 'failNext' | 'htmlErrorPage'; response: SimResponse };

function applies(faults: Faults, method: string, path: string): boolean {
  return faults.only ? faults.only(method, path) : true;
}

/**
 * Decides, before the route runs, whether this request is answered by a fault. Order:
 * latency (always waited out), reset, HTML page, failNext. Truncation is decided later,
 * by takeTruncation, when the real response is written.
 */
export async function decideFault(faults: Faults, vendor: FaultVendor, method: string, path: string): Promise<FaultDecision> {
  if (!applies(faults, method, path)) return { kind: 'pass' };
  if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));

  if (faults.resetConnection > 0) {
    faults.resetConnection--;
    return { kind: 'reset', fault: 'resetConnection' };
  }
  if (faults.htmlErrorPage) {
    const status = faults.htmlErrorStatus;
    return {
      kind: 'respond',
      fault: 'htmlErrorPage',
      response: { status, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: Buffer.from(vendor.htmlPage(status), 'utf8') },
    };
  }
  const failure = faults.failNext;
  if (failure) {
    const remaining = (failure.times ?? 1) - 1;
    if (remaining <= 0) delete faults.failNext;
    else failure.times = remaining;
    return { kind: 'respond', fault: 'failNext', response: vendorErrorResponse(vendor, failure.status, failure.headers, failure.body) };
  }
  return { kind: 'pass' };
}

/**
 * Called once the real response is known: a response without a body (204) cannot be cut
 * short, so it does not use up a truncation.
 */
export function takeTruncation(faults: Faults, method: string, path: string, hasBody: boolean): 'clean' | 'abort' | undefined {
  if (!hasBody || faults.truncateBody <= 0 || !applies(faults, method, path)) return undefined;
  faults.truncateBody--;
  return faults.truncateMode;
}

/**
 * An error answer in the vendor's own form: `body` when given, else the vendor's error
 * body for `status`. A vendor whose errors are plain text (Jitbit) returns a string from
 * errorBody, sent as text/plain unless `headers` name a type; an object is sent as JSON.
 */
export function vendorErrorResponse(vendor: FaultVendor, status: number, headers: Record<string, string> = {}, body?: unknown): SimResponse {
  const payload = body ?? vendor.errorBody(status);
  if (typeof payload === 'string') {
    const hasType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
    return {
      status,
      headers: hasType ? { ...headers } : { 'Content-Type': 'text/plain; charset=utf-8', ...headers },
      body: Buffer.from(payload, 'utf8'),
    };
  }
  return jsonResponse(status, payload, headers);
}

/** `too_many_requests` for 429 and so on: a vendor-like code for any status. */
export function statusCodeName(status: number): string {
  return (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}
