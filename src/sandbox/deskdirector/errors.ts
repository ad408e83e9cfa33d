// DeskDirector's error body. The vendor's FAQ shows only `"errorCode": "Unauthorized"` for a
// wrong key; the simulator gives every error the same shape, `{errorCode, message}`, with
// the error code spelt as the HTTP reason in PascalCase (as "Unauthorized" is), plus an
// `errors` list of field problems on a 400. Inferred: everything beyond `errorCode`.
import { STATUS_CODES } from 'node:http';
import { jsonResponse, type SimResponse } from '../http-util';

export interface FieldError {
  /** The camelCase property or query parameter name, `contactId` or `assignedAgentIds[1]`. */
  field: string;
  message: string;
}

export interface ErrorBody {
  errorCode: string;
  message: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly fieldErrors?: FieldError[],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): ErrorBody {
    return { errorCode: errorCodeFor(this.status), message: this.message, ...(this.fieldErrors && { errors: this.fieldErrors }) };
  }

  response(): SimResponse {
    return jsonResponse(this.status, this.body(), this.headers);
  }
}

/** `401` → `Unauthorized`, `429` → `TooManyRequests`, `413` → `PayloadTooLarge`. */
export function errorCodeFor(status: number): string {
  const reason = status === 413 ? 'Payload Too Large' : (STATUS_CODES[status] ?? 'Error');
  return reason
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .split(' ')
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1).toLowerCase())
    .join('');
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'The request is invalid.',
  401: 'The request is not authorized. Check the Authorization header.',
  403: 'You do not have permission to perform this action.',
  404: 'The requested resource was not found.',
  405: 'The HTTP method is not allowed on this route.',
  413: 'The request body is too large.',
  415: 'The request content type is not supported.',
  429: 'Too many requests. Slow down and retry after the time given in Retry-After.',
  500: 'An unexpected error occurred on the server.',
  503: 'The service is temporarily unavailable.',
};

/** The body DeskDirector would send for a bare status (faults and generic failures). */
export function defaultErrorBody(status: number): ErrorBody {
  return { errorCode: errorCodeFor(status), message: DEFAULT_MESSAGES[status] ?? `HTTP error ${status}.` };
}

export function apiError(status: number, message?: string, headers?: Record<string, string>): ApiError {
  return new ApiError(status, message ?? defaultErrorBody(status).message, headers);
}

/** Collects every field problem of one request, then throws them as one 400. */
export class FieldErrors {
  readonly list: FieldError[] = [];

  get empty(): boolean {
    return this.list.length === 0;
  }

  add(field: string, message: string): void {
    this.list.push({ field, message });
  }

  throwIfAny(message = 'One or more fields are invalid.'): void {
    if (!this.empty) throw new ApiError(400, message, {}, this.list);
  }
}
