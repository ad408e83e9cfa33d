// Reads DeskPRO's error body for the shared HTTP client:
//   {status, code, message, errors?: {errors: [{code, message}], fields: {NAME: {errors: [...], fields?: {...}}}}}
// Nested inputs nest their field errors; they are flattened to paths like `message.attachments`.
import type { ParsedErrorBody } from '../../helpdesk/http/types';
import { isJsonObject, joinPath, type JsonObject } from '../../helpdesk/json';

/** Never throws: an unreadable body just yields less detail, the status still decides the kind. */
export function parseDeskproErrorBody(_status: number, body: unknown): ParsedErrorBody | undefined {
  if (!isJsonObject(body)) return undefined;
  const result: ParsedErrorBody = {};
  const message = typeof body.message === 'string' && body.message.trim() !== '' ? body.message.trim() : undefined;
  if (typeof body.code === 'string' && body.code !== '') result.code = body.code;

  const details = isJsonObject(body.errors) ? body.errors : undefined;
  const general = details ? errorMessages(details.errors) : [];
  const fields: Record<string, string[]> = {};
  if (details && isJsonObject(details.fields)) collectFields(details.fields, '', fields);

  // "Request input is invalid." alone says nothing; the input-wide errors say what.
  const parts = [message, ...general.filter((text) => text !== message)].filter((text): text is string => !!text);
  if (parts.length > 0) result.message = parts.join(' ');
  if (Object.keys(fields).length > 0) result.fields = fields;
  return result.message || result.code || result.fields ? result : undefined;
}

function collectFields(node: JsonObject, prefix: string, into: Record<string, string[]>): void {
  for (const [name, value] of Object.entries(node)) {
    if (!isJsonObject(value)) continue;
    const path = joinPath(prefix, name);
    const messages = errorMessages(value.errors);
    if (messages.length > 0) into[path] = [...(into[path] ?? []), ...messages];
    if (isJsonObject(value.fields)) collectFields(value.fields, path, into);
  }
}

/** `[{code, message}]` (or bare strings, which some endpoints send) to their messages. */
function errorMessages(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  const messages: string[] = [];
  for (const item of list) {
    if (typeof item === 'string' && item.trim() !== '') messages.push(item.trim());
    else if (isJsonObject(item)) {
      const text = typeof item.message === 'string' && item.message.trim() !== '' ? item.message.trim() : undefined;
      const code = typeof item.code === 'string' && item.code !== '' ? item.code : undefined;
      if (text ?? code) messages.push((text ?? code) as string);
    }
  }
  return messages;
}
