// Reads DeskDirector's error bodies for the shared HTTP client. The vendor's own FAQ shows
// `"errorCode": "Unauthorized"`; its server validates with FluentValidation (DeskDirector's
// public Optional.FluentValidation package), whose failures carry `propertyName` and
// `errorMessage`. Inferred, since no error schema is published: the envelope is
// `{errorCode, message, ...}` with validation details under one of `errors`, `details`,
// `validationErrors` or `failures`, either as a list of failures or as ASP.NET's
// `{field: [messages]}` map. Every shape is read defensively; nothing here throws.
import type { ParsedErrorBody } from '../../helpdesk/http/types';
import { isJsonObject, type JsonObject } from '../../helpdesk/json';

const MESSAGE_KEYS = ['message', 'errorMessage', 'title', 'error_description', 'errorDescription', 'detail', 'error'] as const;
const DETAIL_KEYS = ['errors', 'details', 'validationErrors', 'failures', 'modelState'] as const;
const FIELD_KEYS = ['propertyName', 'property', 'field', 'fieldName', 'name', 'path', 'memberNames'] as const;
const FAILURE_TEXT_KEYS = ['errorMessage', 'message', 'description', 'error'] as const;
/** Bounds for a hostile or runaway error body. */
const MAX_DETAILS = 50;
const MAX_TEXT = 500;

/** Never throws: an unreadable body just yields less detail, the status still decides the kind. */
export function parseDeskdirectorErrorBody(_status: number, body: unknown): ParsedErrorBody | undefined {
  if (typeof body === 'string') return plainText(body);
  if (!isJsonObject(body)) return undefined;
  const result: ParsedErrorBody = {};
  const code = text(own(body, 'errorCode')) ?? text(own(body, 'code'));
  if (code !== undefined) result.code = code;

  const fields: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  const general: string[] = [];
  for (const key of DETAIL_KEYS) collectDetails(own(body, key), fields, general);

  const message = firstText(body, MESSAGE_KEYS);
  // With no sentence at all, the code itself ("Unauthorized", "ValidationFailed") is the message.
  const parts = [message ?? (code !== undefined ? humanize(code) : undefined), ...general.filter((line) => line !== message)];
  const said = parts.filter((part): part is string => part !== undefined && part !== '');
  if (said.length > 0) result.message = said.join(' ');
  if (Object.keys(fields).length > 0) result.fields = { ...fields };
  return result.message || result.code || result.fields ? result : undefined;
}

function collectDetails(value: unknown, fields: Record<string, string[]>, general: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value.slice(0, MAX_DETAILS)) {
      if (typeof item === 'string') pushText(general, item);
      else if (isJsonObject(item)) addFailure(item, fields, general);
    }
    return;
  }
  if (!isJsonObject(value)) return;
  // ASP.NET's `{field: ["message", ...]}` (or `{field: "message"}`).
  for (const [name, messages] of Object.entries(value).slice(0, MAX_DETAILS)) {
    const list = Array.isArray(messages) ? messages : [messages];
    for (const message of list.slice(0, MAX_DETAILS)) {
      const said = typeof message === 'string' ? message : isJsonObject(message) ? firstText(message, FAILURE_TEXT_KEYS) : undefined;
      if (!said) continue;
      // `$` is ASP.NET's name for the body as a whole: that is the request's problem, not a field's.
      const field = fieldName(name);
      if (field === '') pushText(general, said);
      else addField(fields, field, said);
    }
  }
}

function addFailure(item: JsonObject, fields: Record<string, string[]>, general: string[]): void {
  const said = firstText(item, FAILURE_TEXT_KEYS) ?? text(own(item, 'errorCode'));
  if (!said) return;
  const name = fieldOf(item);
  if (name) addField(fields, fieldName(name), said);
  else pushText(general, said);
}

function fieldOf(item: JsonObject): string | undefined {
  for (const key of FIELD_KEYS) {
    const value = own(item, key);
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (Array.isArray(value) && typeof value[0] === 'string' && value[0].trim() !== '') return value[0].trim();
  }
  return undefined;
}

function addField(fields: Record<string, string[]>, name: string, message: string): void {
  const list = Object.hasOwn(fields, name) ? (fields[name] as string[]) : [];
  if (list.length < MAX_DETAILS) list.push(clip(message));
  fields[name] = list;
}

/** `$.Summary`, `Summary` and `summary` name the same field: the schema's camelCase name. */
function fieldName(name: string): string {
  const bare = name.replace(/^\$\.?/, '').replace(/^(?:req|request|body)\./i, '');
  return bare.replace(/(^|\.)([A-Z])/g, (_all, dot: string, letter: string) => `${dot}${letter.toLowerCase()}`);
}

function plainText(body: string): ParsedErrorBody | undefined {
  const trimmed = body.trim();
  // Markup is a web server's page, not the API talking; the client's excerpt handles it.
  if (trimmed === '' || /^</.test(trimmed)) return undefined;
  return { message: clip(trimmed.replace(/\s+/g, ' ')) };
}

function firstText(object: JsonObject, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const said = text(own(object, key));
    if (said !== undefined) return said;
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? clip(value.trim()) : undefined;
}

function pushText(list: string[], value: string): void {
  const said = value.trim();
  if (said !== '' && list.length < MAX_DETAILS) list.push(clip(said));
}

function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function clip(value: string): string {
  return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT - 1)}…` : value;
}

/** `ValidationFailed` → `Validation failed`, `NotFound` → `Not found`. */
function humanize(code: string): string {
  const words = code.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim().toLowerCase();
  return words === '' ? code : `${words[0]?.toUpperCase() ?? ''}${words.slice(1)}`;
}
