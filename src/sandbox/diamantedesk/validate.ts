// DiamanteDesk's command binding and validation (ApiBundle MethodParameters), step by
// step as the server runs it, because each step shows through:
// 1. map the merged request data onto the command's public properties; a null value
//    counts as absent (`isset`), and numeric strings become numbers only for properties
//    whose docblock names an integer type;
// 2. run strip_tags (with the allowlist) over `name`, `subject`, `description`,
//    `comment` and `content`: a missing subject or comment content becomes '' and so
//    passes NotNull;
// 3. validate with Symfony's validator; any violation throws an InvalidArgumentException
//    with the violation list as text, which HandleException maps to 500 (not 400):
//    `{"error":"Object(Diamante\\DeskBundle\\Api\\Command\\CreateTicketCommand).status:\n    This value should not be null. (code ad32d13f-...)\n"}`.
import { DeskError } from './errors';
import { DIAMANTE_ALLOWED_TAGS, phpStripTags } from './php-text';
import type { Bag } from './request';

type Check = (value: unknown) => { message: string; code?: string } | undefined;

const CODES = {
  isNull: 'ad32d13f-c3d4-423b-909a-857b961eb720',
  isBlank: 'c1051bb4-d103-4f74-8988-acbcafc7fdc3',
  invalidType: 'ba785a8c-82cb-4283-967c-3cf342181b40',
  regexFailed: 'de1e3db3-5ed4-4941-aae4-59f3667cc3a3',
  tooShort: '9ff3fdc4-b214-49db-8718-39c315e33d45',
  invalidEmail: 'bd79c0ab-ddba-46cc-a703-a7a4b08de310',
};

export const REQUIRED = 'This is a required field';

export function notNull(message = 'This value should not be null.'): Check {
  return (value) => (value === null || value === undefined ? { message, code: CODES.isNull } : undefined);
}

export function notBlank(message = 'This value should not be blank.'): Check {
  return (value) => {
    const blank = value === false || value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    return blank ? { message, code: CODES.isBlank } : undefined;
  };
}

/** PHP's is_* for a decoded value: JSON objects are PHP arrays, only defaults are objects. */
function isType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'int':
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'bool':
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return typeof value === 'object' && value !== null && !(value instanceof PhpObject);
    case 'object':
      return value instanceof PhpObject;
    default:
      return false;
  }
}

/** Marks a command default that is a PHP object (an empty ArrayCollection). */
export class PhpObject {}

export function type(name: string): Check {
  return (value) => (value === null || value === undefined || isType(value, name) ? undefined : { message: `This value should be of type ${name}.`, code: CODES.invalidType });
}

export function regex(pattern: RegExp, message = 'This value is not valid.'): Check {
  return (value) => (value === null || value === undefined || value === '' || pattern.test(String(value)) ? undefined : { message, code: CODES.regexFailed });
}

/** Symfony's Email constraint (non-strict): something@host.tld. */
export function email(message = 'This value is not a valid email address.'): Check {
  return (value) => (value === null || value === undefined || value === '' || /^.+@\S+\.\S+$/.test(String(value)) ? undefined : { message, code: CODES.invalidEmail });
}

export function minLength(min: number): Check {
  return (value) =>
    value === null || value === undefined || value === '' || [...String(value)].length >= min
      ? undefined
      : { message: `This value is too short. It should have ${min} character${min === 1 ? '' : 's'} or more.`, code: CODES.tooShort };
}

/** DiamanteDesk's PrintType: no control characters (a newline in a subject fails). */
export function printType(): Check {
  return (value) => (value === null || value === undefined || !/[\x00-\x1F\x80-\x9F]/u.test(String(value)) ? undefined : { message: 'This value should be of type print.' });
}

/** DiamanteDesk's User constraint: a typed id `oro_N` / `diamante_N`. */
export function typedUser(): Check {
  return (value) =>
    value === null || value === undefined || (typeof value === 'string' && /^(diamante|oro)_\d+$/i.test(value)) ? undefined : { message: 'This value should be object or identifier to represent entity.' };
}

/** DiamanteDesk's Any: at least one of the inner constraints passes. */
export function any(...checks: Check[]): Check {
  return (value) => (checks.some((check) => check(value) === undefined) ? undefined : { message: 'This value should satisfy at least one of the constraints.' });
}

export interface PropertyDef {
  name: string;
  checks?: readonly Check[];
  /** The docblock names an integer type: numeric strings are converted. */
  integer?: boolean;
  /** The property's default when the request does not set it. */
  fallback?: unknown;
}

export interface CommandDef {
  /** The PHP class, as the violation text names it. */
  className: string;
  properties: readonly PropertyDef[];
}

const FILTERED = new Set(['name', 'subject', 'description', 'comment', 'content']);

/** strip_tags on a command value: scalars become strings, arrays fail (PHP 7 returns null). */
function stripped(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return null;
  if (typeof value === 'boolean') return value ? '1' : '';
  return phpStripTags(String(value), DIAMANTE_ALLOWED_TAGS);
}

function numeric(value: unknown): unknown {
  if (typeof value === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) return Number(value);
  return value;
}

/** Binds and validates; throws the server's 500 with the violation list on failure. */
export function bindCommand(def: CommandDef, data: Bag): Bag {
  const command: Bag = {};
  for (const property of def.properties) {
    const raw = data[property.name];
    let value: unknown = raw === null || raw === undefined ? property.fallback : property.integer ? numeric(raw) : raw;
    if (FILTERED.has(property.name)) value = stripped(value);
    command[property.name] = value;
  }
  const violations: string[] = [];
  for (const property of def.properties) {
    for (const check of property.checks ?? []) {
      const failure = check(command[property.name]);
      if (failure) violations.push(`Object(${def.className}).${property.name}:\n    ${failure.message}${failure.code ? ` (code ${failure.code})` : ''}`);
    }
  }
  if (violations.length > 0) throw new DeskError(500, violations.map((v) => `${v}\n`).join(''));
  return command;
}
