// Small checkers for reading vendor JSON at the edge. Each takes the value and the path it
// was found at, and either returns a typed value or throws a JsonShapeError naming the path
// ("tickets[3].subject is not a string"), so a changed API fails loudly in one place rather
// than letting `undefined` creep into the model. Vendor-neutral: every provider uses them.
import { HelpdeskError } from './errors';

export type JsonObject = Readonly<Record<string, unknown>>;

/** A checker: reads `value` (found at `path`) into a T or throws JsonShapeError. */
export type Reader<T> = (value: unknown, path: string) => T;

export class JsonShapeError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path || 'the response'} ${problem}`);
    this.name = 'JsonShapeError';
  }
}

/** `parent.name`, or `name` at the root. */
export function joinPath(parent: string, name: string | number): string {
  if (typeof name === 'number') return `${parent}[${name}]`;
  return parent ? `${parent}.${name}` : name;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function fail(path: string, expected: string, value: unknown): never {
  if (value === undefined) throw new JsonShapeError(path, `is missing (expected ${expected})`);
  throw new JsonShapeError(path, `is not ${expected} (got ${kindOf(value)})`);
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const asObject: Reader<JsonObject> = (value, path) => (isJsonObject(value) ? value : fail(path, 'an object', value));

export const asString: Reader<string> = (value, path) => (typeof value === 'string' ? value : fail(path, 'a string', value));

/** A string with something other than white space in it. */
export const asNonEmptyString: Reader<string> = (value, path) => {
  const text = asString(value, path);
  if (text.trim() === '') throw new JsonShapeError(path, 'is empty');
  return text;
};

export const asNumber: Reader<number> = (value, path) =>
  typeof value === 'number' && Number.isFinite(value) ? value : fail(path, 'a number', value);

export const asInt: Reader<number> = (value, path) =>
  typeof value === 'number' && Number.isSafeInteger(value) ? value : fail(path, 'an integer', value);

/** An integer, also when the vendor sends it as a string of digits (PHP back ends do). */
export const asIntLike: Reader<number> = (value, path) => {
  if (typeof value === 'string' && /^-?\d{1,15}$/.test(value)) return Number(value);
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : fail(path, 'an integer', value);
};

export const asBoolean: Reader<boolean> = (value, path) => (typeof value === 'boolean' ? value : fail(path, 'a boolean', value));

/** A flag sent as a boolean, as 0/1, or as "0"/"1" (vendors mix these even within one API). */
export const asFlag: Reader<boolean> = (value, path) => {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  if (value === '0' || value === '1') return value === '1';
  return fail(path, 'a boolean or 0/1', value);
};

/** An identifier the model keeps as a string: a non-empty string or an integer. */
export const asId: Reader<string> = (value, path) => {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value;
  return fail(path, 'an id', value);
};

/** `undefined` and `null` read as undefined; anything else must satisfy `reader`. */
export function optional<T>(reader: Reader<T>): Reader<T | undefined> {
  return (value, path) => (value === undefined || value === null ? undefined : reader(value, path));
}

export function arrayOf<T>(item: Reader<T>): Reader<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) return fail(path, 'an array', value);
    return value.map((element, index) => item(element, joinPath(path, index)));
  };
}

/** An object used as a map (`{"3": {...}, "7": {...}}`); PHP sends an empty one as `[]`. */
export function recordOf<T>(item: Reader<T>): Reader<Map<string, T>> {
  return (value, path) => {
    const result = new Map<string, T>();
    if (Array.isArray(value) && value.length === 0) return result;
    const object = asObject(value, path);
    for (const [key, element] of Object.entries(object)) result.set(key, item(element, joinPath(path, key)));
    return result;
  };
}

/** One of a fixed set of strings. */
export function oneOf<T extends string>(allowed: readonly T[]): Reader<T> {
  return (value, path) => {
    const text = asString(value, path);
    if ((allowed as readonly string[]).includes(text)) return text as T;
    throw new JsonShapeError(path, `is not one of ${allowed.join(', ')} (got "${text}")`);
  };
}

/** Reads `object[name]` with `reader`, naming the path in any error. */
export function field<T>(object: JsonObject, name: string, reader: Reader<T>, path: string): T {
  return reader(object[name], joinPath(path, name));
}

/** The first of `names` present (not undefined/null) on `object`, read with `reader`. */
export function firstField<T>(object: JsonObject, names: readonly string[], reader: Reader<T>, path: string): T {
  for (const name of names) {
    if (object[name] !== undefined && object[name] !== null) return field(object, name, reader, path);
  }
  return reader(undefined, joinPath(path, names[0] ?? ''));
}

const DATE_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Reads a vendor timestamp into ISO 8601 UTC with milliseconds. Accepts `Z`, `+0000`,
 * `+00:00` and `+00` offsets, a space instead of `T`, fractions of a second, and a bare
 * date. A timestamp without an offset is taken as UTC (what the vendors that omit it mean).
 * Impossible dates (month 13, 31 April) are rejected rather than rolled over.
 */
export function parseTimestamp(text: string): string | undefined {
  const match = DATE_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const millis = Math.floor(Number(`0.${fraction || '0'}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return undefined;
  if (day > daysInMonth(year, month)) return undefined;

  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMins = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (offsetHours > 14 || offsetMins > 59) return undefined;
    offsetMinutes = sign * (offsetHours * 60 + offsetMins);
  }
  // A leap second (:60) is folded into the next minute, as Date would do.
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  const date = new Date(utc);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A timestamp string, returned as ISO 8601 UTC (see parseTimestamp). */
export const asTimestamp: Reader<string> = (value, path) => {
  const text = asString(value, path);
  const iso = parseTimestamp(text);
  if (iso === undefined) throw new JsonShapeError(path, `is not a valid date (got "${truncate(text, 40)}")`);
  return iso;
};

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Runs `read` over a response body and turns a JsonShapeError into
 * HelpdeskError('protocol', 'Unexpected VENDOR response: PATH PROBLEM').
 */
export function readResponse<T>(vendor: string, body: unknown, read: (body: unknown) => T): T {
  try {
    return read(body);
  } catch (error) {
    if (error instanceof JsonShapeError) {
      throw new HelpdeskError('protocol', `Unexpected ${vendor} response: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
