// Checks a JSON body against a field list (schema.ts), reporting every problem at once.
// Property names match case-insensitively, as ASP.NET Core's web JSON defaults bind them
// (so the PascalCase names /swagger shows are accepted too). Decision: a property the
// body type does not have is refused, where the server would drop it, so a misspelt field
// fails a test instead of silently changing nothing.
import { FieldErrors } from './errors';
import { isIsoDateTime } from './query';
import type { BodyField } from './schema';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ValidateOptions {
  /** A JSON null for a field that is not nullable counts as left out (create bodies). */
  nullMeansAbsent?: boolean;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The given values by canonical field name (`null` for a nullable field sent as null).
 * Problems go to `errors`; the caller throws them (after its own checks).
 */
export function validateBody(body: unknown, fields: readonly BodyField[], errors: FieldErrors, options: ValidateOptions = {}): Map<string, unknown> {
  const values = new Map<string, unknown>();
  if (!isObject(body)) {
    errors.add('body', 'The request body must be a JSON object.');
    return values;
  }
  const byName = new Map(fields.map((field) => [field.name.toLowerCase(), field]));
  for (const [key, value] of Object.entries(body)) {
    const field = byName.get(key.toLowerCase());
    if (!field) {
      errors.add(key, `Unknown property "${key}". Properties: ${fields.map((item) => item.name).join(', ')}.`);
      continue;
    }
    if (values.has(field.name)) {
      errors.add(field.name, `"${field.name}" was given more than once.`);
      continue;
    }
    if (value === null) {
      if (field.nullable && !field.required) values.set(field.name, null);
      else if (field.required) errors.add(field.name, `${field.title} is required.`);
      else if (!options.nullMeansAbsent) errors.add(field.name, `${field.title} cannot be null.`);
      continue;
    }
    const problem = check(field, value);
    if (problem) errors.add(field.name, problem);
    else values.set(field.name, value);
  }
  for (const field of fields) {
    if (!field.required || values.has(field.name) || errors.list.some((error) => error.field === field.name)) continue;
    errors.add(field.name, `${field.title} is required.`);
  }
  return values;
}

function check(field: BodyField, value: unknown): string | undefined {
  const { title } = field;
  switch (field.kind) {
    case 'string':
    case 'markdown': {
      if (typeof value !== 'string') return `${title} must be a string.`;
      if (field.required && value.trim() === '') return `${title} is required.`;
      if (field.maxLength !== undefined && value.length > field.maxLength) return `${title} must be ${field.maxLength} characters or fewer (got ${value.length}).`;
      return undefined;
    }
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > 2147483647) return `${title} must be a whole number.`;
      return range(field, value);
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${title} must be a number.`;
      return range(field, value);
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${title} must be true or false.`;
    case 'dateTime':
      return typeof value === 'string' && isIsoDateTime(value) ? undefined : `${title} must be an ISO 8601 date and time, such as 2024-01-31T00:00:00Z.`;
    case 'time':
      return typeof value === 'string' && TIME.test(value) ? undefined : `${title} must be a time of day as HH:mm.`;
    case 'enum':
      return typeof value === 'string' && (field.enum ?? []).includes(value) ? undefined : `${title} must be one of: ${(field.enum ?? []).join(', ')}.`;
    case 'emailList':
      return Array.isArray(value) && value.every((item) => typeof item === 'string' && EMAIL.test(item)) ? undefined : `${title} must be a list of email addresses.`;
    case 'intList':
      return Array.isArray(value) && value.every((item) => typeof item === 'number' && Number.isInteger(item)) ? undefined : `${title} must be a list of whole numbers.`;
    case 'stringList':
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? undefined : `${title} must be a list of strings.`;
    default:
      return isObject(value) ? undefined : `${title} must be an object.`;
  }
}

function range(field: BodyField, value: number): string | undefined {
  if (field.minimum !== undefined && value < field.minimum) return `${field.title} must be at least ${field.minimum}.`;
  if (field.maximum !== undefined && value > field.maximum) return `${field.title} must be at most ${field.maximum}.`;
  return undefined;
}
