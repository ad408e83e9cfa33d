// Jitbit's error responses. The seed says only "ALWAYS LOOK AT THE RESPONSE BODY"; the
// notes say "a plain-text or JSON body". The simulator sends both kinds, each where an
// ASP.NET app sends it:
// - the controller's own checks (missing parameter, unknown ticket, no permission) answer
//   with a plain-text sentence;
// - a value the framework cannot convert (`id=abc`, `statusId=1,2`, `forTechsOnly=yes`)
//   is refused before the controller runs, with a JSON problem document listing every
//   bad parameter.
// Inferred: which errors take which form; a client must read both.
import type { SimResponse } from '../http-util';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    /** When set, the body is this JSON problem document instead of the message. */
    readonly problem?: ProblemDetails,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  response(): SimResponse {
    if (this.problem) {
      return {
        status: this.status,
        headers: { 'Content-Type': 'application/problem+json; charset=utf-8', ...this.headers },
        body: Buffer.from(JSON.stringify(this.problem), 'utf8'),
      };
    }
    return textResponse(this.status, this.message, this.headers);
  }
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  /** Parameter name → what is wrong with its value. */
  errors: Record<string, string[]>;
}

export function textResponse(status: number, text: string, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, body: Buffer.from(text, 'utf8') };
}

/** The plain-text body Jitbit would send for a bare status (faults, generic failures). */
export function defaultErrorText(status: number): string {
  switch (status) {
    case 400:
      return 'Bad request.';
    case 401:
      return 'Authentication failed: wrong username, password or token.';
    case 403:
      return 'You do not have permission to do this.';
    case 404:
      return 'Not found.';
    case 405:
      return 'Method not allowed.';
    case 413:
      return 'The request is too large.';
    // Inferred wording; the seed says only that 429 means the rate limit was exceeded.
    case 429:
      return 'Too many requests. The API is rate limited: wait a couple of minutes and try again.';
    case 500:
      return 'An error occurred while processing your request.';
    case 503:
      return 'The service is temporarily unavailable.';
    default:
      return `HTTP error ${status}.`;
  }
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, message);
}

export function notFound(message: string): ApiError {
  return new ApiError(404, message);
}

export function forbidden(message: string): ApiError {
  return new ApiError(403, message);
}

/**
 * Conversion failures for one request, reported together (as model binding does) by
 * `throwIfAny()`.
 */
export class BindingErrors {
  private readonly errors: Record<string, string[]> = {};

  add(name: string, message: string): void {
    (this.errors[name] ??= []).push(message);
  }

  throwIfAny(): void {
    if (Object.keys(this.errors).length === 0) return;
    throw new ApiError(400, 'One or more parameters could not be read.', {}, {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more parameters could not be read.',
      status: 400,
      errors: this.errors,
    });
  }
}
