// The four shapes an error takes on a DiamanteDesk server, each from a different layer:
// - DeskError: DiamanteDesk's HandleException listener, `{"error": message}`. Its status
//   comes from the exception class: not found and every other RuntimeException → 404,
//   permission → 403, and anything else, validation included, → 500.
// - HttpStatusError: a Symfony HttpException (no route, wrong verb, unreadable JSON, no
//   token on DiamanteDesk's guard) rendered by FOSRest's ExceptionController, which in
//   production hides the message: `{"code": 404, "message": "Not Found"}`.
// - WsseChallenge: the Escape bundle's entry point on /api/rest, 401 with no body.
// - DiamanteAuthFailure: DiamanteDesk's WsseListener, 401 `{"message": reason}`.
// - TicketMoved: HandleException's answer to TicketMovedException, a 301 with no body and
//   `X-Location` naming the ticket's current key on DiamanteDesk's own prefix.
// - PlatformError: an answer of OroPlatform's own controllers (routes/platform.ts), body as they build it.
import { STATUS_CODES } from 'node:http';
import { WWW_AUTHENTICATE } from './auth';
import type { SimResponse } from '../http-util';
import type { JsonValue } from './php-json';
import { emptyResult, htmlResult, serializedResult, type Format } from './respond';
import type { DiamantedeskState } from './state';

export class DeskError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'DeskError';
  }
}

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string> = {},
    /** What the server logs; the client sees only the status text. */
    detail = '',
  ) {
    super(detail || statusText(status));
    this.name = 'HttpStatusError';
  }
}

export class WsseChallenge extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WsseChallenge';
  }
}

export class TicketMoved extends Error {
  constructor(readonly currentKey: string) {
    super(`Ticket moved to ${currentKey}`);
    this.name = 'TicketMoved';
  }
}

export class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly body: JsonValue,
  ) {
    super(`platform ${status}`);
    this.name = 'PlatformError';
  }
}

export class DiamanteAuthFailure extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'DiamanteAuthFailure';
  }
}

/** The permission check every service method makes (Oro ACL or DiamanteDesk's own map). */
export function notEnoughPermissions(): DeskError {
  return new DeskError(403, 'Not enough permissions.');
}

/** Symfony 2.8's status texts, where they differ from Node's. */
const SYMFONY_TEXTS: Record<number, string> = { 413: 'Request Entity Too Large', 414: 'Request-URI Too Long', 416: 'Requested Range Not Satisfiable' };

export function statusText(status: number): string {
  return SYMFONY_TEXTS[status] ?? STATUS_CODES[status] ?? 'error';
}

/** Symfony's production error page (TwigBundle error.html.twig), for HTML-format errors. */
export function symfonyErrorPage(status: number): string {
  const text = statusText(status);
  return (
    '<!DOCTYPE html>\n<html>\n    <head>\n        <meta charset="UTF-8" />\n' +
    `        <title>An Error Occurred: ${text}</title>\n    </head>\n    <body>\n` +
    `        <h1>Oops! An Error Occurred</h1>\n        <h2>The server returned a "${status} ${text}".</h2>\n` +
    '        <div>\n            Something is broken. Please let us know what you were doing when this error occurred.\n' +
    '            We will fix it as soon as possible. Sorry for any inconvenience caused.\n        </div>\n    </body>\n</html>\n'
  );
}

/** Where the error happened decides its format: JSON/XML on an API route, HTML elsewhere. */
export type ErrorFormat = Format | 'html';

export function errorResult(state: DiamantedeskState, error: unknown, format: ErrorFormat): SimResponse {
  const dataFormat: Format = format === 'html' ? 'json' : format;
  if (error instanceof DeskError) return serializedResult(state, error.status, dataFormat, { error: error.message });
  if (error instanceof WsseChallenge) return emptyResult(state, 401, dataFormat, { 'WWW-Authenticate': WWW_AUTHENTICATE });
  if (error instanceof TicketMoved) {
    // router->generate('diamante_ticket_api_service_diamante_load_ticket_by_key'): a path on
    // the customer prefix, whatever prefix was asked; version and format at their defaults.
    return emptyResult(state, 301, dataFormat, { 'X-Location': `/api/diamante/rest/latest/desk/tickets/${encodeURIComponent(error.currentKey)}` });
  }
  if (error instanceof PlatformError) return serializedResult(state, error.status, 'json', error.body);
  if (error instanceof DiamanteAuthFailure) return serializedResult(state, 401, dataFormat, { message: error.message });
  if (error instanceof HttpStatusError) {
    if (format === 'html') return htmlResult(state, error.status, symfonyErrorPage(error.status), error.headers);
    return serializedResult(state, error.status, format, { code: error.status, message: statusText(error.status) }, error.headers);
  }
  // A fault in the simulator itself: what PHP would answer for an uncaught error.
  const message = error instanceof Error ? error.message : String(error);
  return serializedResult(state, 500, dataFormat, { error: message });
}
