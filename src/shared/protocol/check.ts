// Small guards to check a whole message from the other side of a webview before anyone
// acts on it. A message's parser table is typed against its union, so a message type with
// no parser, or a parser that forgets a field, fails to compile.

export type Guard<T> = (value: unknown) => value is T;

export const isString: Guard<string> = (value): value is string => typeof value === 'string';
export const isBoolean: Guard<boolean> = (value): value is boolean => typeof value === 'boolean';

export function oneOf<const L extends string>(...values: L[]): Guard<L> {
  const allowed: ReadonlySet<string> = new Set(values);
  return (value): value is L => typeof value === 'string' && allowed.has(value);
}

export function optional<T>(guard: Guard<T>): Guard<T | undefined> {
  return (value): value is T | undefined => value === undefined || guard(value);
}

export function nullable<T>(guard: Guard<T>): Guard<T | null> {
  return (value): value is T | null => value === null || guard(value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object whose every declared field passes its guard (fields it does not declare are ignored). */
export function shape<T extends object>(fields: { [K in keyof T]-?: Guard<T[K]> }): Guard<T> {
  const entries = Object.entries(fields) as Array<[string, Guard<unknown>]>;
  return (value): value is T => isRecord(value) && entries.every(([key, guard]) => guard(value[key]));
}

/** A plain object of any keys whose every value passes `guard` (at most `maxKeys` of them). */
export function recordOf<T>(guard: Guard<T>, maxKeys = 500): Guard<Record<string, T>> {
  return (value): value is Record<string, T> => {
    if (!isRecord(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
    const values = Object.values(value);
    return values.length <= maxKeys && values.every((item) => guard(item));
  };
}

type Payload<M extends { type: string }, K extends M['type']> = Omit<Extract<M, { type: K }>, 'type'>;

/** One guard per message type, for the payload beside `type`. */
export type MessageParsers<M extends { type: string }> = { [K in M['type']]: Guard<Payload<M, K>> };

/** The whole message, checked; undefined when its type is unknown or any field is wrong. */
export function parseMessage<M extends { type: string }>(parsers: MessageParsers<M>, raw: unknown): M | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string' || !Object.hasOwn(parsers, raw.type)) return undefined;
  const guard = parsers[raw.type as M['type']] as Guard<unknown>;
  return guard(raw) ? (raw as M) : undefined;
}

/** For a switch that has handled every case: a new case that is not handled fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(value)}`);
}

/** The same compile-time check for a page, which ignores (rather than throws on) anything else. */
export function ignoreUnhandled(value: never): void {
  void value;
}
