// The create form of one request type, read from the automate connector's dynamic schema
// (`GET /api/v2/automate/connector/schema/ticket/$create-request?requestTypeId=N`, the
// x-ms-dynamic-schema of CreateTicket's body), and the body a draft becomes. The schema is
// per instance and per request type (admins build the forms), so nothing is assumed about
// its fields beyond JSON Schema: types, `required`, `enum`, `default`, and the Power
// Automate extensions `x-ms-summary` (label), `x-ms-visibility` and `x-ms-dynamic-values`
// (choices from another connector operation). Subject and body go to the fields whose
// names say summary/subject/title and description; a type we do not know is a text field.
import { HelpdeskError } from '../../helpdesk/errors';
import { isJsonObject, type JsonObject } from '../../helpdesk/json';
import type { DraftField, DraftFieldValue, TicketDraft } from '../../helpdesk/model';
import { Budget, flatten, keyword, own, ownObject, ownString, SchemaLimitError, type FlatSchema, type SchemaDocument } from './jsonSchema';

/** What a value is sent as. */
type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'unknown';

export interface FieldShape {
  /** Dotted path, also the DraftField name: `summary`, `contact.id`. */
  name: string;
  path: string[];
  type: DraftField['type'];
  valueType: ValueType;
  /** For arrays: what the items are sent as. */
  itemType?: ValueType;
  enumValues?: Array<string | number | boolean>;
  required: boolean;
  label: string;
}

export interface CreateForm {
  /** Fields to show: everything fillable but the subject and body. */
  fields: DraftField[];
  shapes: Map<string, FieldShape>;
  subjectField?: string;
  bodyField?: string;
  priorityField?: string;
  departmentField?: string;
  /** Choice fields whose options come from another connector operation, by field name. */
  dynamicChoices: Map<string, string>;
}

/** Bounds: forms are a few dozen fields, two levels deep at most. */
const MAX_FIELDS = 100;
const MAX_DEPTH = 3;
const MAX_STEPS = 20_000;
const HOSTILE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

const SUBJECT_NAMES = /^(?:summary|subject|title)$/i;
const BODY_NAMES = /^(?:description|initialDescription|details|body|problemDescription|message|note)$/i;
const PRIORITY_NAMES = /^priority(?:Id)?$/i;
const DEPARTMENT_NAMES = /^(?:board|queue|serviceBoard)(?:Id)?$/i;

export function readCreateForm(body: unknown): CreateForm {
  // Some connector schemas answer `{schema: {...}}`; the operation's own answer is the schema.
  const root = isJsonObject(body) && isJsonObject(own(body, 'schema')) && !isJsonObject(own(body, 'properties')) ? (own(body, 'schema') as JsonObject) : body;
  if (!isJsonObject(root)) throw new HelpdeskError('protocol', 'Unexpected DeskDirector response: the create form is not a JSON schema');
  const doc: SchemaDocument = { root, budget: new Budget(MAX_STEPS) };
  const form: CreateForm = { fields: [], shapes: new Map(), dynamicChoices: new Map() };
  try {
    const flat = flatten(doc, root);
    if (!flat) throw new HelpdeskError('protocol', 'Unexpected DeskDirector response: the create form is not a JSON schema');
    collect(doc, flat, [], [], true, form, 0);
  } catch (error) {
    if (error instanceof SchemaLimitError) throw new HelpdeskError('protocol', `DeskDirector's create form could not be read: ${error.message}`);
    throw error;
  }
  pickSpecialFields(form);
  return form;
}

function collect(doc: SchemaDocument, parent: FlatSchema, path: string[], labels: string[], parentRequired: boolean, form: CreateForm, depth: number): void {
  const referenceLike = parent.properties.has('id') && path.length > 0;
  for (const [name, value] of parent.properties) {
    if (form.shapes.size >= MAX_FIELDS) return;
    if (HOSTILE_NAMES.has(name)) continue;
    // Of a `{id, name}` reference only the id is sent; the name is the server's to fill.
    if (referenceLike && name === 'name') continue;
    const flat = flatten(doc, value);
    if (!flat || hidden(flat)) continue;
    const required = parentRequired && parent.required.has(name);
    const label = labelOf(flat, name);
    const childPath = [...path, name];
    if (flat.type === 'object' || (flat.type === undefined && flat.properties.size > 0)) {
      if (depth + 1 < MAX_DEPTH && flat.properties.size > 0) collect(doc, flat, childPath, [...labels, label], required, form, depth + 1);
      continue;
    }
    const shape = shapeOf(doc, flat, childPath, labelPath(labels, label, name), required);
    form.shapes.set(shape.name, shape);
    const dynamic = dynamicOperation(flat);
    if (dynamic) form.dynamicChoices.set(shape.name, dynamic);
    form.fields.push(draftField(shape, flat, dynamic !== undefined));
  }
}

/** The label a leaf shows: its own, or its parent's when it is a reference's `id` ("Contact", not "Contact › Id"). */
function labelPath(parents: string[], label: string, name: string): string {
  if (name === 'id' && parents.length > 0) return parents.join(' › ');
  return [...parents, label].join(' › ');
}

function hidden(flat: FlatSchema): boolean {
  return keyword(flat, 'readOnly') === true || keyword(flat, 'x-ms-visibility') === 'internal';
}

function labelOf(flat: FlatSchema, name: string): string {
  const summary = keyword(flat, 'x-ms-summary') ?? keyword(flat, 'title');
  if (typeof summary === 'string' && summary.trim() !== '') return summary.trim();
  return humanize(name);
}

function shapeOf(doc: SchemaDocument, flat: FlatSchema, path: string[], label: string, required: boolean): FieldShape {
  const valueType = valueTypeOf(flat.type);
  const enumValues = primitiveEnum(keyword(flat, 'enum'));
  const shape: FieldShape = { name: path.join('.'), path, type: fieldType(flat, valueType, enumValues), valueType, required, label };
  if (enumValues) shape.enumValues = enumValues;
  if (valueType === 'array') {
    const items = flatten(doc, keyword(flat, 'items'));
    shape.itemType = valueTypeOf(items?.type);
  }
  return shape;
}

function valueTypeOf(type: string | undefined): ValueType {
  switch (type) {
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
    case 'array':
      return type;
    default:
      return 'unknown';
  }
}

function fieldType(flat: FlatSchema, valueType: ValueType, enumValues: unknown[] | undefined): DraftField['type'] {
  if (enumValues || dynamicOperation(flat)) return 'choice';
  switch (valueType) {
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'string': {
      if (flat.format === 'date' || flat.format === 'date-time') return 'date';
      const editor = keyword(flat, 'x-ms-editor');
      const maxLength = keyword(flat, 'maxLength');
      if (flat.format === 'textarea' || flat.format === 'html' || editor === 'textarea' || (typeof maxLength === 'number' && maxLength > 500)) return 'multiline';
      return 'text';
    }
    default:
      // Arrays and anything we do not know: typed as text (arrays as comma-separated values).
      return 'text';
  }
}

function draftField(shape: FieldShape, flat: FlatSchema, dynamic: boolean): DraftField {
  const field: DraftField = { name: shape.name, label: shape.label, type: shape.type, required: shape.required };
  if (shape.enumValues) field.options = shape.enumValues.map((value) => ({ id: String(value), name: enumLabel(value) }));
  else if (dynamic) field.options = [];
  const description = keyword(flat, 'description');
  if (typeof description === 'string' && description.trim() !== '' && !repeatsLabel(description, shape.label)) field.description = description.trim();
  const fallback = keyword(flat, 'default');
  if (typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean') field.defaultValue = fallback;
  return field;
}

function primitiveEnum(value: unknown): Array<string | number | boolean> | undefined {
  if (!Array.isArray(value)) return undefined;
  const list = value.filter((item): item is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof item)).slice(0, 200);
  return list.length > 0 ? list : undefined;
}

/** The connector operation a field takes its choices from, when it names one without parameters we would have to fill. */
function dynamicOperation(flat: FlatSchema): string | undefined {
  for (const key of ['x-ms-dynamic-values', 'x-ms-dynamic-list']) {
    const spec = keyword(flat, key);
    if (!isJsonObject(spec)) continue;
    const operationId = ownString(spec, 'operationId');
    const parameters = ownObject(spec, 'parameters');
    if (operationId && (!parameters || Object.keys(parameters).length === 0)) return operationId;
  }
  return undefined;
}

function pickSpecialFields(form: CreateForm): void {
  const leaves = [...form.shapes.values()];
  const find = (pattern: RegExp, types: readonly ValueType[]): FieldShape | undefined =>
    leaves.find((shape) => shape.path.length === 1 && pattern.test(shape.name) && types.includes(shape.valueType)) ??
    leaves.find((shape) => shape.path.length === 2 && shape.path[1] === 'id' && pattern.test(shape.path[0] ?? '') && types.includes(shape.valueType));
  const subject = find(SUBJECT_NAMES, ['string', 'unknown']);
  const body = find(BODY_NAMES, ['string', 'unknown']);
  const priority = find(PRIORITY_NAMES, ['integer', 'number', 'string', 'unknown']);
  const department = find(DEPARTMENT_NAMES, ['integer', 'number', 'string', 'unknown']);
  if (subject) form.subjectField = subject.name;
  if (body && body !== subject) form.bodyField = body.name;
  if (priority) form.priorityField = priority.name;
  if (department) form.departmentField = department.name;
  // The UI asks for subject and body itself; the form shows the rest.
  form.fields = form.fields.filter((field) => field.name !== form.subjectField && field.name !== form.bodyField);
}

// ---- the body ---------------------------------------------------------------------------

/** The create body for a draft; throws HelpdeskError('validation') naming missing or bad fields. */
export function buildCreateBody(form: CreateForm, draft: TicketDraft): Record<string, unknown> {
  const values = new Map<string, DraftFieldValue>();
  for (const [name, value] of Object.entries(draft.fields ?? {})) {
    if (form.shapes.has(name) && value !== '') values.set(name, value);
  }
  placeText(form, draft, values);
  if (form.priorityField && !values.has(form.priorityField) && draft.priority) values.set(form.priorityField, draft.priority);
  if (form.departmentField && !values.has(form.departmentField) && draft.department) values.set(form.departmentField, draft.department);

  const problems: Record<string, string[]> = {};
  const body: Record<string, unknown> = {};
  for (const shape of form.shapes.values()) {
    const value = values.get(shape.name);
    if (value === undefined) {
      if (shape.required) problems[shape.name] = ['Required.'];
      continue;
    }
    const converted = convert(shape, value);
    if (converted.ok) setPath(body, shape.path, converted.value);
    else problems[shape.name] = [converted.problem];
  }
  if (Object.keys(problems).length > 0) {
    const names = Object.keys(problems).map((name) => form.shapes.get(name)?.label ?? name);
    throw new HelpdeskError('validation', `Check these fields: ${names.join(', ')}.`, { fields: problems });
  }
  return body;
}

/** Subject and body into the form's summary and description; a form without a summary field gets the subject as the description's first line. */
function placeText(form: CreateForm, draft: TicketDraft, values: Map<string, DraftFieldValue>): void {
  const subject = draft.subject.trim();
  const text = draft.bodyMarkdown.trim();
  if (form.subjectField && subject !== '') values.set(form.subjectField, subject);
  if (form.bodyField) {
    const withSubject = !form.subjectField && subject !== '' ? `**${subject}**${text ? `\n\n${text}` : ''}` : text;
    if (withSubject !== '') values.set(form.bodyField, withSubject);
  } else if (text !== '' || (!form.subjectField && subject !== '')) {
    throw new HelpdeskError('validation', 'This request type has no description field; fill in its own fields instead.', {
      fields: { body: ['This request type takes no description.'] },
    });
  }
}

type Converted = { ok: true; value: unknown } | { ok: false; problem: string };

function convert(shape: FieldShape, value: DraftFieldValue): Converted {
  if (shape.enumValues) {
    const match = shape.enumValues.find((option) => String(option) === String(value));
    return match === undefined ? { ok: false, problem: 'Not one of the choices.' } : { ok: true, value: match };
  }
  switch (shape.valueType) {
    case 'integer':
    case 'number':
      return numberOf(value, shape.valueType === 'integer');
    case 'boolean':
      return { ok: true, value: value === true || value === 'true' || value === 1 || value === '1' };
    case 'array': {
      const items = String(value).split(',').map((item) => item.trim()).filter((item) => item !== '');
      if (shape.itemType !== 'integer' && shape.itemType !== 'number') return { ok: true, value: items };
      const numbers = items.map((item) => numberOf(item, shape.itemType === 'integer'));
      const bad = numbers.find((item) => !item.ok);
      return bad ?? { ok: true, value: numbers.map((item) => (item.ok ? item.value : undefined)) };
    }
    case 'string':
      return { ok: true, value: String(value) };
    default:
      return { ok: true, value };
  }
}

function numberOf(value: DraftFieldValue, integer: boolean): Converted {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number)) return { ok: false, problem: 'Enter a number.' };
  if (integer && !Number.isSafeInteger(number)) return { ok: false, problem: 'Enter a whole number.' };
  return { ok: true, value: number };
}

/** Sets `body.a.b = value`; the names come from a checked schema (no hostile keys), but each level is an own, plain object. */
function setPath(body: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = body;
  for (const [index, key] of path.entries()) {
    if (HOSTILE_NAMES.has(key)) return;
    if (index === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (isJsonObject(next)) node = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    }
  }
}

/** A choice as the admin wrote it ("VIP Customer", "IT"): the value is the vendor's own wording, not an identifier. */
function enumLabel(value: string | number | boolean): string {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : String(value);
}

/** A hint that only says the label again ("Department" under "Department") is noise. */
function repeatsLabel(description: string, label: string): boolean {
  const words = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const hint = words(description);
  return hint === '' || words(label).includes(hint);
}

/**
 * A key without a title, in words: `requestTypeId` → `Request type id`, `due_date` →
 * `Due date`. Acronyms keep their capitals (`ITContact` → `IT contact`).
 */
function humanize(name: string): string {
  const spaced = name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim();
  if (spaced === '') return name;
  const words = spaced.split(/\s+/).map((word, index) => (/^[A-Z\d]{2,}$/.test(word) ? word : index === 0 ? word : word.toLowerCase()));
  const first = words[0] ?? '';
  words[0] = /^[A-Z\d]{2,}$/.test(first) ? first : `${first[0]?.toUpperCase() ?? ''}${first.slice(1).toLowerCase()}`;
  return words.join(' ');
}
