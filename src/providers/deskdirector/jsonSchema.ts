// Reading JSON Schema objects that come from the server (the instance's OpenAPI document,
// the connector's dynamic `$create-request` and `UpdateTicketRequest` schemas) without
// trusting them: only own properties are read (a key such as `constructor` never reaches
// Object.prototype), `$ref`s resolve only inside the same document and never loop, and
// every walk spends from one budget, so a hostile or runaway document ends in a
// SchemaLimitError instead of a hang.
import { isJsonObject, type JsonObject } from '../../helpdesk/json';

export class SchemaLimitError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SchemaLimitError';
  }
}

/** How much reading one document may cost. */
export class Budget {
  private spent = 0;
  constructor(private readonly max: number) {}

  spend(what: string): void {
    this.spent++;
    if (this.spent > this.max) throw new SchemaLimitError(`reading stopped after ${this.max} steps (at ${what})`);
  }
}

/** `$ref` hops followed for one schema: a chain longer than this is a loop or not worth it. */
const MAX_REF_HOPS = 12;
/** JSON pointer segments in one `$ref`. */
const MAX_POINTER_SEGMENTS = 12;
/** `allOf` members merged into one schema, and how deep they may nest. */
const MAX_ALL_OF = 16;
const MAX_ALL_OF_DEPTH = 4;
/** Properties read from one object schema. */
export const MAX_PROPERTIES = 200;

export interface SchemaDocument {
  /** What local `$ref`s (`#/...`) point into. */
  root: JsonObject;
  budget: Budget;
}

/** `object[key]` when it is the object's own property. */
export function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

export function ownObject(object: JsonObject, key: string): JsonObject | undefined {
  const value = own(object, key);
  return isJsonObject(value) ? value : undefined;
}

export function ownString(object: JsonObject, key: string): string | undefined {
  const value = own(object, key);
  return typeof value === 'string' ? value : undefined;
}

/**
 * The schema `value` stands for, `$ref`s followed. Undefined for anything that is not an
 * object, a `$ref` outside the document (never fetched), a dangling one, or a loop.
 */
export function resolve(doc: SchemaDocument, value: unknown): JsonObject | undefined {
  let current = value;
  const seen = new Set<string>();
  for (let hop = 0; hop <= MAX_REF_HOPS; hop++) {
    doc.budget.spend('$ref');
    if (!isJsonObject(current)) return undefined;
    const ref = ownString(current, '$ref');
    if (ref === undefined) return current;
    if (seen.has(ref)) return undefined;
    seen.add(ref);
    current = pointer(doc.root, ref);
  }
  return undefined;
}

/** The value at a local JSON pointer (`#/components/schemas/Note`), own properties only. */
function pointer(root: JsonObject, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  const segments = ref.slice(2).split('/');
  if (segments.length > MAX_POINTER_SEGMENTS) return undefined;
  let current: unknown = root;
  for (const raw of segments) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (isJsonObject(current)) current = own(current, segment);
    else return undefined;
  }
  return current;
}

/** A schema with its `allOf` members folded in (Swashbuckle wraps nullable refs in `allOf`). */
export interface FlatSchema {
  type?: string;
  format?: string;
  properties: Map<string, unknown>;
  required: Set<string>;
  /** The schema objects merged, first the outer one; for reading keywords such as `enum`. */
  parts: JsonObject[];
}

export function flatten(doc: SchemaDocument, value: unknown): FlatSchema | undefined {
  const first = resolve(doc, value);
  if (!first) return undefined;
  const flat: FlatSchema = { properties: new Map(), required: new Set(), parts: [] };
  merge(doc, first, flat, 0);
  return flat;
}

function merge(doc: SchemaDocument, schema: JsonObject, into: FlatSchema, depth: number): void {
  doc.budget.spend('schema');
  into.parts.push(schema);
  const type = schemaType(schema);
  if (type !== undefined && into.type === undefined) into.type = type;
  const format = ownString(schema, 'format');
  if (format !== undefined && into.format === undefined) into.format = format;
  const properties = ownObject(schema, 'properties');
  if (properties) {
    for (const [name, property] of Object.entries(properties).slice(0, MAX_PROPERTIES)) {
      doc.budget.spend('property');
      if (!into.properties.has(name) && into.properties.size < MAX_PROPERTIES) into.properties.set(name, property);
    }
  }
  const required = own(schema, 'required');
  if (Array.isArray(required)) {
    for (const name of required.slice(0, MAX_PROPERTIES)) if (typeof name === 'string') into.required.add(name);
  }
  if (depth >= MAX_ALL_OF_DEPTH) return;
  // allOf merges; of oneOf/anyOf the first readable member stands for the whole (a
  // nullable wrapper in OpenAPI 3.1 style is `anyOf: [{$ref}, {type: null}]`).
  const allOf = own(schema, 'allOf');
  if (Array.isArray(allOf)) {
    for (const member of allOf.slice(0, MAX_ALL_OF)) {
      const resolved = resolve(doc, member);
      if (resolved) merge(doc, resolved, into, depth + 1);
    }
  }
  for (const key of ['oneOf', 'anyOf']) {
    const options = own(schema, key);
    if (!Array.isArray(options)) continue;
    for (const option of options.slice(0, MAX_ALL_OF)) {
      const resolved = resolve(doc, option);
      if (resolved && schemaType(resolved) !== 'null') {
        merge(doc, resolved, into, depth + 1);
        break;
      }
    }
  }
}

/** `type`, also when given as `["string", "null"]`. */
export function schemaType(schema: JsonObject): string | undefined {
  const type = own(schema, 'type');
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((item): item is string => typeof item === 'string' && item !== 'null');
  return undefined;
}

/** The first of `parts` that has `key`. */
export function keyword(flat: FlatSchema, key: string): unknown {
  for (const part of flat.parts) {
    const value = own(part, key);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The property of `flat` named `name` regardless of case, with its real name. */
export function propertyNamed(flat: FlatSchema, names: readonly string[]): { name: string; schema: unknown } | undefined {
  for (const wanted of names) {
    const lower = wanted.toLowerCase();
    for (const [name, schema] of flat.properties) if (name.toLowerCase() === lower) return { name, schema };
  }
  return undefined;
}

/**
 * JSON.parse that refuses a `__proto__` key anywhere. Such a key is harmless to read with
 * `own`, but it only ever appears in a document crafted to pollute prototypes, so the
 * whole document is untrustworthy.
 */
export function parseJsonRefusingProto(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => {
    if (key === '__proto__') throw new SchemaLimitError('the document has a "__proto__" key');
    return value;
  });
}
