// DeskPRO's error body, `{status, code, message, errors?: {errors, fields}}`, and the
// helpers route handlers use to build it. Handlers throw ApiError; the server writes it.
import { statusCodeName } from '../faults';

export interface ErrorItem {
  code: string;
  message: string;
}

export interface FieldErrors {
  errors: ErrorItem[];
  fields?: Record<string, FieldErrors>;
}

export interface ErrorBody {
  status: number;
  code: string;
  message: string;
  errors?: { errors: ErrorItem[]; fields: Record<string, FieldErrors> };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorBody['errors'],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): ErrorBody {
    return { status: this.status, code: this.code, message: this.message, ...(this.details && { errors: this.details }) };
  }
}

/** Inferred: codes for statuses the documents give no code for (401, 403, 404, 405, 423, 429...). */
const DEFAULT_ERRORS: Record<number, ErrorItem> = {
  400: { code: 'bad_request', message: 'The request could not be understood.' },
  401: { code: 'unauthorized', message: 'You are not authenticated. Send an API key or token in the Authorization header.' },
  403: { code: 'forbidden', message: 'You do not have permission to perform this action.' },
  404: { code: 'not_found', message: 'The requested resource was not found.' },
  405: { code: 'method_not_allowed', message: 'Method not allowed.' },
  413: { code: 'request_too_large', message: 'The request body is too large.' },
  423: { code: 'helpdesk_offline', message: 'The helpdesk is offline for maintenance. Please try again later.' },
  429: { code: 'too_many_requests', message: 'API rate limit exceeded for this API key.' },
  500: { code: 'internal_error', message: 'An internal error occurred.' },
  503: { code: 'service_unavailable', message: 'The service is temporarily unavailable.' },
};

/** The body DeskPRO would send for a bare status (used by faults and generic errors). */
export function defaultErrorBody(status: number): ErrorBody {
  const known = DEFAULT_ERRORS[status];
  return { status, code: known?.code ?? statusCodeName(status), message: known?.message ?? `HTTP error ${status}.` };
}

export function apiError(status: number, message?: string, code?: string, headers?: Record<string, string>): ApiError {
  const fallback = defaultErrorBody(status);
  return new ApiError(status, code ?? fallback.code, message ?? fallback.message, undefined, headers);
}

/**
 * Collects validation problems for one request; `fail()` throws them as one 400
 * `invalid_input`, the way DeskPRO reports every bad field at once rather than the first.
 */
export class InputErrors {
  private readonly global: ErrorItem[] = [];
  private readonly fields: Record<string, FieldErrors> = {};

  get empty(): boolean {
    return this.global.length === 0 && Object.keys(this.fields).length === 0;
  }

  addGlobal(code: string, message: string): void {
    this.global.push({ code, message });
  }

  /** `path` is the field's name, or its nesting (`['message', 'attachments', '0', 'blob_auth']`). */
  add(path: string | readonly string[], code: string, message: string): void {
    const names = typeof path === 'string' ? [path] : path;
    if (names.length === 0) return this.addGlobal(code, message);
    let level = this.fields;
    let node: FieldErrors | undefined;
    names.forEach((name, index) => {
      node = level[name] ??= { errors: [] };
      if (index < names.length - 1) level = node.fields ??= {};
    });
    (node as FieldErrors | undefined)?.errors.push({ code, message });
  }

  /** Names a body may not carry: an `extra_fields` error where they sit, and one per name. */
  rejectUnknown(body: Record<string, unknown>, allowed: readonly string[], at: readonly string[] = []): void {
    const extra = Object.keys(body).filter((name) => !allowed.includes(name));
    if (extra.length === 0) return;
    const message = `Unexpected field names: ${extra.join(', ')}`;
    if (at.length === 0) this.addGlobal('extra_fields', message);
    else this.add(at, 'extra_fields', message);
    for (const name of extra) this.add([...at, name], 'extra_field', 'This field is not expected.');
  }

  throwIfAny(): void {
    if (this.empty) return;
    // Nodes that only hold children still carry an `errors` array, as the seed's example does.
    throw new ApiError(400, 'invalid_input', 'Request input is invalid.', { errors: this.global, fields: this.fields });
  }
}
