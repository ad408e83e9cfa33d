// Reads DiamanteDesk's error bodies for the shared HTTP client. The API's exception
// listener answers `{"error": "..."}`; DiamanteDesk's own WSSE guard `{"message": "..."}`;
// OroPlatform's WSSE guard an empty 401. Input that fails the server's validator comes
// back as the validator's text dump, one `Object(Class).field:\n    message` per problem,
// and (it is thrown as an InvalidArgumentException, which the listener does not map) with
// status 500: those are read into field errors and turned back into 'validation'.
import { HelpdeskError } from '../../helpdesk/errors';
import type { ParsedErrorBody } from '../../helpdesk/http/types';
import { isJsonObject } from '../../helpdesk/json';

const VIOLATION = /Object\([^)]*\)\.([\w.[\]]+):\s*\n?\s*([^\n]+)/g;

/** Never throws: an unreadable body just yields less detail, the status still decides the kind. */
export function parseDiamanteErrorBody(_status: number, body: unknown): ParsedErrorBody | undefined {
  const text = errorSentence(body);
  if (!text) return undefined;
  const fields = violations(text);
  if (Object.keys(fields).length === 0) return { message: text.replace(/\s+/g, ' ').trim() };
  return { message: `Some fields were refused (${summarize(fields)})`, fields };
}

function summarize(fields: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(fields)
    .map(([field, messages]) => `${field}: ${messages.join('; ')}`)
    .join('; ');
}

function errorSentence(body: unknown): string | undefined {
  if (typeof body === 'string') {
    const text = body.trim();
    // Markup is a web server's or proxy's page, not the API talking: left to the client's excerpt.
    if (text === '' || text.startsWith('<')) return undefined;
    return text;
  }
  if (!isJsonObject(body)) return undefined;
  for (const key of ['error', 'message', 'error_description']) {
    const value = body[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (isJsonObject(value) && typeof value.message === 'string' && value.message.trim() !== '') return value.message.trim();
  }
  return undefined;
}

/** Symfony's ConstraintViolation::__toString ends with the constraint's code: not for people. */
const CODE_SUFFIX = /\s*\(code [0-9a-f-]+\)\s*$/i;

function violations(text: string): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const match of text.matchAll(VIOLATION)) {
    const field = match[1] ?? '';
    const message = (match[2] ?? '').replace(CODE_SUFFIX, '').trim();
    if (field && message) fields[field] = [...(fields[field] ?? []), message];
  }
  return fields;
}

/** A 500 that carries the validator's field errors is the input's fault: say so. */
export function asValidation(error: unknown): unknown {
  if (!(error instanceof HelpdeskError) || error.kind !== 'server' || !error.fields) return error;
  const status = error.status === undefined ? '' : ` (${error.status})`;
  return new HelpdeskError('validation', `The helpdesk refused the request${status}: ${summarize(error.fields)}`, {
    ...(error.status !== undefined && { status: error.status }),
    fields: error.fields,
    cause: error,
  });
}
