// What an HTTP error status means for the user, and whether asking again could help.
import { HelpdeskError, type HelpdeskErrorKind } from '../errors';
import { excerpt } from './response';
import type { Failure, RetryScope } from './retry';
import type { ParsedErrorBody } from './types';

export interface StatusContext {
  method: string;
  target: string;
  status: number;
  /** The error body: parsed JSON, or the text when it is not JSON. */
  payload: unknown;
  retryAfterMs?: number;
  parseErrorBody?: (status: number, body: unknown) => ParsedErrorBody | undefined;
}

export function statusFailure(ctx: StatusContext): Failure {
  const parsed = readErrorBody(ctx);
  const kind = kindOf(ctx.status, parsed, ctx.payload);
  const message = withVendorMessage(headline(kind, ctx), ctx.status, parsed.message);
  const error = new HelpdeskError(kind, message, {
    status: ctx.status,
    ...(parsed.fields && Object.keys(parsed.fields).length > 0 ? { fields: parsed.fields } : {}),
    ...(ctx.retryAfterMs === undefined ? {} : { retryAfterMs: ctx.retryAfterMs }),
  });
  return { error, retry: retryScope(kind, ctx.status), label: String(ctx.status) };
}

function kindOf(status: number, parsed: ParsedErrorBody, payload: unknown): HelpdeskErrorKind {
  switch (status) {
    case 400:
    case 409:
    case 412:
    case 422:
      return 'validation';
    case 401:
      return 'auth';
    case 403:
      return 'forbidden';
    case 404:
    case 410:
      return 'notFound';
    case 408:
      return 'timeout';
    case 413:
      return 'tooLarge';
    case 423:
      return 'maintenance';
    case 429:
      return 'rateLimited';
    case 503:
      return saysMaintenance(parsed, payload) ? 'maintenance' : 'server';
  }
  // 405, 406, 415...: we sent something this helpdesk does not speak, a bug on our side.
  return status >= 500 ? 'server' : 'protocol';
}

// 401 and 403 are deliberately absent: repeating a rejected login gets the caller's IP
// locked (Jitbit, after three). Maintenance will not be over in a second either.
function retryScope(kind: HelpdeskErrorKind, status: number): RetryScope {
  if (kind === 'rateLimited') return 'idempotent';
  if (kind === 'server' && [500, 502, 503, 504].includes(status)) return 'idempotent';
  return 'never';
}

function headline(kind: HelpdeskErrorKind, ctx: StatusContext): string {
  const request = `${ctx.method} ${ctx.target}`;
  switch (kind) {
    case 'auth':
      return `The helpdesk did not accept the credentials (${ctx.status})`;
    case 'forbidden':
      return `The helpdesk does not allow ${request} for this account (${ctx.status})`;
    case 'notFound':
      return `The helpdesk found nothing at ${request} (${ctx.status})`;
    case 'validation':
      return `The helpdesk refused the request (${ctx.status})`;
    case 'tooLarge':
      return `The helpdesk refused the request as too large (${ctx.status})`;
    case 'maintenance':
      return `The helpdesk is down for maintenance (${ctx.status})`;
    case 'rateLimited':
      return `The helpdesk is limiting requests (${ctx.status})${retryHint(ctx.retryAfterMs)}`;
    case 'timeout':
      return `The helpdesk gave up waiting for ${request} (${ctx.status})`;
    case 'server':
      return `The helpdesk failed to handle ${request} (${ctx.status})`;
    default:
      return `The helpdesk does not accept ${request} (${ctx.status})`;
  }
}

function retryHint(retryAfterMs: number | undefined): string {
  if (retryAfterMs === undefined) return '; try again in a moment';
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return seconds < 120 ? `; try again in ${seconds} s` : `; try again in ${Math.ceil(seconds / 60)} min`;
}

function withVendorMessage(headline: string, status: number, vendorMessage: string | undefined): string {
  const said = vendorMessage ? excerpt(vendorMessage, 300) : '';
  // A vendor message that only repeats the status ("Not Found") adds nothing.
  if (!said || said === String(status)) return headline;
  return `${headline}: ${said}`;
}

function readErrorBody(ctx: StatusContext): ParsedErrorBody {
  const fromVendor = safeParse(ctx);
  if (fromVendor?.message) return fromVendor;
  return { ...fromVendor, message: genericMessage(ctx.payload) };
}

// A vendor parser that trips over an unexpected body must not hide the HTTP error itself.
function safeParse(ctx: StatusContext): ParsedErrorBody | undefined {
  try {
    return ctx.parseErrorBody?.(ctx.status, ctx.payload);
  } catch {
    return undefined;
  }
}

/** The usual places a JSON error body keeps its sentence, or the start of a text body. */
function genericMessage(payload: unknown): string | undefined {
  if (typeof payload === 'string') return payload.trim() ? excerpt(payload) : undefined;
  if (typeof payload !== 'object' || payload === null) return undefined;
  const record = payload as Record<string, unknown>;
  for (const key of ['message', 'Message', 'error_description', 'error', 'detail', 'title']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) return value;
    if (typeof value === 'object' && value !== null) {
      const nested = (value as Record<string, unknown>).message;
      if (typeof nested === 'string' && nested.trim()) return nested;
    }
  }
  return undefined;
}

function saysMaintenance(parsed: ParsedErrorBody, payload: unknown): boolean {
  const text = [parsed.code, parsed.message, typeof payload === 'string' ? payload : undefined].join(' ');
  return /maint[ae]n[ae]nce|\bmaint\b/i.test(text);
}
