// Request parameters as an ASP.NET action sees them: gathered from form fields, the
// `/api/Method/{id}` path segment and the query string, with names matched
// case-insensitively (`categoryid` binds `categoryId`). Binder converts them to ints,
// bools and dates, collecting conversion failures into one problem document.
import { BindingErrors } from './errors';

export type ParamSource = 'form' | 'route' | 'query';

interface Value {
  name: string;
  value: string;
  source: ParamSource;
}

export class Params {
  private readonly byName = new Map<string, Value[]>();

  /** Sources in priority order: form fields win over the route id, which wins over the query. */
  constructor(entries: ReadonlyArray<readonly [string, string, ParamSource]>) {
    const rank: Record<ParamSource, number> = { form: 0, route: 1, query: 2 };
    const sorted = [...entries].sort((a, b) => rank[a[2]] - rank[b[2]]);
    for (const [name, value, source] of sorted) {
      const key = name.toLowerCase();
      let list = this.byName.get(key);
      if (!list) this.byName.set(key, (list = []));
      list.push({ name, value, source });
    }
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  get(name: string): string | undefined {
    return this.byName.get(name.toLowerCase())?.[0]?.value;
  }

  /** Every value of a repeatable parameter (`statusId=1&statusId=2`), from the first source that has it. */
  getAll(name: string): string[] {
    const list = this.byName.get(name.toLowerCase()) ?? [];
    const first = list[0]?.source;
    return list.filter((item) => item.source === first).map((item) => item.value);
  }

  /** The names as the client spelt them, once each. */
  names(): string[] {
    return [...this.byName.values()].map((list) => list[0]?.name ?? '');
  }
}

const INT = /^[+-]?\d{1,10}$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Reads typed values. A missing or empty value is `undefined` (the action decides whether
 * that is an error); a present value that does not convert is a binding error.
 */
export class Binder {
  readonly errors = new BindingErrors();

  constructor(readonly params: Params) {}

  text(name: string): string | undefined {
    return this.params.get(name);
  }

  int(name: string): number | undefined {
    const raw = this.params.get(name);
    if (raw === undefined || raw.trim() === '') return undefined;
    return this.toInt(name, raw.trim());
  }

  /** A repeatable int (`categoryId=1&categoryId=2`); commas are not a separator. */
  ints(name: string): number[] | undefined {
    const raws = this.params.getAll(name).filter((raw) => raw.trim() !== '');
    if (raws.length === 0) return undefined;
    const values: number[] = [];
    for (const raw of raws) {
      const value = this.toInt(name, raw.trim());
      if (value !== undefined) values.push(value);
    }
    return values;
  }

  /** `true` / `false`, any case, as .NET reads a bool. Inferred: `1`, `0`, `on`, `yes` are refused. */
  bool(name: string): boolean | undefined {
    const raw = this.params.get(name);
    if (raw === undefined || raw.trim() === '') return undefined;
    const value = raw.trim().toLowerCase();
    if (value === 'true') return true;
    if (value === 'false') return false;
    this.errors.add(name, `The value '${raw}' is not a valid boolean: use true or false.`);
    return undefined;
  }

  /** `YYYY-MM-DD`, the form the seed prescribes for date filters; midnight UTC. */
  dateOnly(name: string): number | undefined {
    const raw = this.params.get(name);
    if (raw === undefined || raw.trim() === '') return undefined;
    const match = DATE_ONLY.exec(raw.trim());
    const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
    if (!match || Number.isNaN(ms) || new Date(ms).getUTCDate() !== Number(match[3])) {
      this.errors.add(name, `The value '${raw}' is not a valid date: use YYYY-MM-DD, e.g. 2016-11-24.`);
      return undefined;
    }
    return ms;
  }

  /**
   * A DateTime: ISO 8601 with or without time and zone (no zone means UTC). Inferred: the
   * product takes "any format"; the simulator takes the unambiguous ISO forms only.
   */
  dateTime(name: string): number | undefined {
    const raw = this.params.get(name);
    if (raw === undefined || raw.trim() === '') return undefined;
    const text = raw.trim();
    const iso = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(text);
    const ms = iso ? Date.parse(iso[1] ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}${text.length === 10 ? 'T00:00:00' : ''}Z`) : NaN;
    if (Number.isNaN(ms)) {
      this.errors.add(name, `The value '${raw}' is not a valid date and time: use ISO 8601, e.g. 2018-12-01 or 2018-12-01T14:30:00Z.`);
      return undefined;
    }
    return ms;
  }

  /** Throws the collected conversion failures as one 400 problem document. */
  check(): void {
    this.errors.throwIfAny();
  }

  private toInt(name: string, raw: string): number | undefined {
    const value = INT.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value > 2_147_483_647 || value < -2_147_483_648) {
      this.errors.add(name, `The value '${raw}' is not a valid whole number.`);
      return undefined;
    }
    return value;
  }
}
