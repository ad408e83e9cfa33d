// Model inputs as the values DeskDirector's request bodies take. Ids are strings in the model
// and int32 in DeskDirector; a non-numeric id is caught here as a validation error rather
// than sent. The update body follows the automate connector's dynamic UpdateTicketRequest
// schema (`schema/dynamic-types/UpdateTicketRequest`): its field names are the instance's,
// so they are read from it, and only the fields a patch changes are sent. The server reads
// PATCH as a merge (DeskDirector's public Optional<T> library exists to tell "absent" from
// "null"), so an absent field stays as it is.
import { HelpdeskError } from '../../helpdesk/errors';
import { isJsonObject } from '../../helpdesk/json';
import type { TicketPatch } from '../../helpdesk/model';
import { Budget, flatten, propertyNamed, SchemaLimitError, type SchemaDocument } from './jsonSchema';

const MAX_INT32 = 2_147_483_647;

/** A ticket, status, priority or board id: a positive int32. */
export function deskdirectorId(value: string, what: string, field = what): number {
  return int32(value, what, field, 1);
}

/**
 * A request type id. Any int32: the connector lists the portal's "Something Else" option
 * among the request types, and its id is not documented to be positive.
 */
export function requestTypeId(value: string): number {
  return int32(value, 'request type', 'kind', -MAX_INT32 - 1);
}

function int32(value: string, what: string, field: string, min: number): number {
  const text = value.trim().replace(/^#/, '');
  const number = /^-?\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > MAX_INT32) {
    throw new HelpdeskError('validation', `"${value}" is not a DeskDirector ${what} id.`, { fields: { [field]: [`Not a ${what} id.`] } });
  }
  return number;
}

/** Where a changed value goes in the update body: `statusId: 5` or `status: {id: 5}`. */
export interface UpdateTarget {
  path: string[];
  /** Sent as a number unless the schema says string. */
  asString: boolean;
}

export interface UpdateForm {
  status?: UpdateTarget;
  priority?: UpdateTarget;
  department?: UpdateTarget;
}

const STATUS_NAMES = ['statusId', 'status'];
const PRIORITY_NAMES = ['priorityId', 'priority'];
const DEPARTMENT_NAMES = ['boardId', 'board', 'queueId', 'queue'];

export function readUpdateForm(body: unknown): UpdateForm {
  if (!isJsonObject(body)) throw new HelpdeskError('protocol', "Unexpected DeskDirector response: the ticket update form is not a JSON schema");
  const doc: SchemaDocument = { root: body, budget: new Budget(5_000) };
  try {
    const flat = flatten(doc, body);
    if (!flat) throw new HelpdeskError('protocol', "Unexpected DeskDirector response: the ticket update form is not a JSON schema");
    const target = (names: readonly string[]): UpdateTarget | undefined => {
      const property = propertyNamed(flat, names);
      if (!property) return undefined;
      const inner = flatten(doc, property.schema);
      if (inner && inner.type === 'object') {
        const id = propertyNamed(inner, ['id']);
        if (!id) return undefined;
        return { path: [property.name, id.name], asString: flatten(doc, id.schema)?.type === 'string' };
      }
      return { path: [property.name], asString: inner?.type === 'string' };
    };
    const form: UpdateForm = {};
    const status = target(STATUS_NAMES);
    const priority = target(PRIORITY_NAMES);
    const department = target(DEPARTMENT_NAMES);
    if (status) form.status = status;
    if (priority) form.priority = priority;
    if (department) form.department = department;
    return form;
  } catch (error) {
    if (error instanceof SchemaLimitError) throw new HelpdeskError('protocol', `DeskDirector's ticket update form could not be read: ${error.message}`);
    throw error;
  }
}

/** The PATCH body: exactly the fields the patch changes, nothing else. */
export function buildUpdateBody(form: UpdateForm, patch: TicketPatch): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (patch.agent !== undefined) {
    throw new HelpdeskError('unsupported', 'DeskDirector assignments cannot be changed from here; assign the ticket in DeskDirector.');
  }
  const set = (target: UpdateTarget | undefined, value: string | undefined, what: string, field: string): void => {
    if (value === undefined) return;
    if (!target) throw new HelpdeskError('unsupported', `This DeskDirector instance's update form has no ${what} field.`);
    const id = deskdirectorId(value, what, field);
    setPath(body, target.path, target.asString ? String(id) : id);
  };
  set(form.status, patch.status, 'status', 'status');
  set(form.priority, patch.priority, 'priority', 'priority');
  set(form.department, patch.department, 'board', 'department');
  return body;
}

function setPath(body: Record<string, unknown>, path: readonly string[], value: unknown): void {
  const [first, second] = path;
  if (first === undefined) return;
  if (second === undefined) {
    body[first] = value;
    return;
  }
  body[first] = { [second]: value };
}
