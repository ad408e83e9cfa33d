// Query parameters as ASP.NET model binding reads them (names case-insensitive, `true`/
// `False` for booleans, int32 for integers), checked against what each operation declares.
// Decision: a name the operation does not declare is refused with 400 where ASP.NET would
// ignore it, so a client that sends paging parameters to the Copilot search (`page`,
// `take`), or misspells a filter, fails a test instead of silently getting everything.
import { FieldErrors } from './errors';

export type QueryKind = 'string' | 'int' | 'bool' | 'dateTime' | 'enum';

export interface QueryParam {
  name: string;
  kind: QueryKind;
  required?: boolean;
  /** For `enum`: the accepted values (matched case-insensitively, returned lower-case). */
  values?: readonly string[];
}

/** Names every route takes besides its own: the FAQ's API key in the query string. */
const ALWAYS_ALLOWED = new Set(['api_key']);

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export function isIsoDateTime(text: string): boolean {
  return ISO_DATE_TIME.test(text) && !Number.isNaN(Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text));
}

export class QueryValues {
  constructor(private readonly values: Map<string, string | number | boolean>) {}

  string(name: string): string | undefined {
    const value = this.values.get(name);
    return typeof value === 'string' ? value : undefined;
  }

  int(name: string): number | undefined {
    const value = this.values.get(name);
    return typeof value === 'number' ? value : undefined;
  }

  bool(name: string): boolean | undefined {
    const value = this.values.get(name);
    return typeof value === 'boolean' ? value : undefined;
  }
}

/** Reads `search` against the declared parameters; throws one 400 listing every problem. */
export function readQuery(search: URLSearchParams, declared: readonly QueryParam[]): QueryValues {
  const errors = new FieldErrors();
  const byName = new Map(declared.map((param) => [param.name.toLowerCase(), param]));
  const values = new Map<string, string | number | boolean>();
  for (const [rawName, raw] of search) {
    const name = rawName.toLowerCase();
    if (ALWAYS_ALLOWED.has(name)) continue;
    const param = byName.get(name);
    if (!param) {
      const takes = declared.length > 0 ? `This operation takes: ${declared.map((p) => p.name).join(', ')}.` : 'This operation takes no query parameters.';
      errors.add(rawName, `Unknown query parameter "${rawName}". ${takes}`);
      continue;
    }
    if (values.has(param.name)) {
      errors.add(param.name, `"${param.name}" was given more than once.`);
      continue;
    }
    const value = convert(param, raw);
    if (value === undefined) errors.add(param.name, describe(param, raw));
    else values.set(param.name, value);
  }
  for (const param of declared) {
    if (param.required && !values.has(param.name) && !errors.list.some((error) => error.field === param.name)) errors.add(param.name, `The query parameter "${param.name}" is required.`);
  }
  errors.throwIfAny('One or more query parameters are invalid.');
  return new QueryValues(values);
}

function convert(param: QueryParam, raw: string): string | number | boolean | undefined {
  const text = raw.trim();
  switch (param.kind) {
    case 'int': {
      if (!/^-?\d{1,10}$/.test(text)) return undefined;
      const value = Number(text);
      return value >= -2147483648 && value <= 2147483647 ? value : undefined;
    }
    case 'bool':
      return /^true$/i.test(text) ? true : /^false$/i.test(text) ? false : undefined;
    case 'dateTime':
      return isIsoDateTime(text) ? text : undefined;
    case 'enum': {
      const value = text.toLowerCase();
      return param.values?.includes(value) ? value : undefined;
    }
    default:
      return raw;
  }
}

function describe(param: QueryParam, raw: string): string {
  switch (param.kind) {
    case 'int':
      return `The value "${raw}" is not valid for ${param.name}: a whole number is expected.`;
    case 'bool':
      return `The value "${raw}" is not valid for ${param.name}: true or false is expected.`;
    case 'dateTime':
      return `The value "${raw}" is not valid for ${param.name}: an ISO 8601 date and time such as 2024-01-31T00:00:00Z is expected.`;
    default:
      return `The value "${raw}" is not valid for ${param.name}. Possible values: ${(param.values ?? []).join(', ')}.`;
  }
}
