// The bodies the simulator's JSON routes take, as field lists, and the JSON schemas the
// connector's dynamic-schema routes serve for them (`schema/ticket/$create-request`,
// `schema/dynamic-types/{typeId}`). Power Automate builds its forms from these schemas,
// as a client may: one list feeds both the schema and validate.ts, so they cannot drift.
// Inferred: the properties of every dynamic type (the connector only names the types).
import { BASE_FIELDS } from './catalog';
import type { FieldKind, FieldSpec, RequestTypeRecord } from './state';

export type BodyKind = FieldKind | 'intList' | 'stringList' | 'object';

export interface BodyField extends Omit<FieldSpec, 'kind'> {
  kind: BodyKind;
  /** JSON null is accepted (and clears the value in a PATCH). */
  nullable?: boolean;
}

type JsonSchema = Record<string, unknown>;

const f = (name: string, title: string, kind: BodyKind, extra: Partial<BodyField> = {}): BodyField => ({ name, title, description: extra.description ?? title, kind, required: false, ...extra });

/** `UpdateTicketRequest`: a JSON merge patch; every property optional, null clears. */
export const UPDATE_FIELDS: readonly BodyField[] = [
  f('summary', 'Summary', 'string', { maxLength: 100 }),
  f('description', 'Description', 'markdown', { maxLength: 20_000, nullable: true }),
  f('boardId', 'Board', 'integer', { dynamicValues: 'ListBoards' }),
  f('statusId', 'Status', 'integer', { description: 'A status of the ticket\'s board (after any board change).' }),
  f('priorityId', 'Priority', 'integer', { nullable: true, dynamicValues: 'ListPriorities' }),
  f('contactId', 'Contact', 'integer'),
  f('assignedAgentIds', 'Assigned agents', 'intList', { description: 'Replaces the list of assigned agents (member IDs).' }),
  f('tags', 'Tags', 'stringList', { description: 'Replaces the ticket\'s tags.' }),
  f('dueDate', 'Due date', 'dateTime', { nullable: true }),
];

/**
 * The Admin API's full ticket for PUT /api/v2/tickets/{id}. PUT replaces the entity with
 * only what is sent (seed 002): every property left out is blanked.
 */
export const PUT_FIELDS: readonly BodyField[] = [
  f('summary', 'Summary', 'string', { required: true, maxLength: 100 }),
  f('boardId', 'Board', 'integer', { required: true }),
  f('statusId', 'Status', 'integer', { required: true }),
  f('description', 'Description', 'markdown', { maxLength: 20_000, nullable: true }),
  f('priorityId', 'Priority', 'integer', { nullable: true }),
  f('sourceId', 'Source', 'integer', { nullable: true }),
  f('contactId', 'Contact', 'integer', { nullable: true }),
  f('requestTypeId', 'Request type', 'integer', { nullable: true }),
  f('assignedAgentIds', 'Assigned agents', 'intList', { nullable: true }),
  f('tags', 'Tags', 'stringList', { nullable: true }),
  f('dueDate', 'Due date', 'dateTime', { nullable: true }),
  f('customFields', 'Custom fields', 'object', { nullable: true }),
];

export const FIND_STATUSES = ['open', 'closed', 'any'] as const;
export const FIND_MAX_TAKE = 100;
export const FIND_DEFAULT_TAKE = 20;

/** `FindTicketsRequest`: the connector's paged ticket search (skip/take, as v2 find APIs page). */
export const FIND_FIELDS: readonly BodyField[] = [
  f('search', 'Search', 'string', { description: 'Keywords in the summary or description.' }),
  f('status', 'Status', 'enum', { enum: FIND_STATUSES }),
  f('boardIds', 'Boards', 'intList'),
  f('statusIds', 'Statuses', 'intList'),
  f('priorityIds', 'Priorities', 'intList'),
  f('assignedAgentIds', 'Assigned agents', 'intList'),
  f('contactIds', 'Contacts', 'intList'),
  f('accountIds', 'Accounts', 'intList'),
  f('tags', 'Tags', 'stringList', { description: 'Tickets with all of these tags.' }),
  f('skip', 'Skip', 'integer', { minimum: 0 }),
  f('take', 'Take', 'integer', { minimum: 1, maximum: FIND_MAX_TAKE, description: `Page size, at most ${FIND_MAX_TAKE} (default ${FIND_DEFAULT_TAKE}).` }),
];

/** The create body of one request type: the fields every ticket has, then the type's own. */
export function createFields(requestType: RequestTypeRecord): BodyField[] {
  return [...BASE_FIELDS, ...requestType.fields];
}

function dynamicValues(operationId: string): JsonSchema {
  return { 'x-ms-dynamic-values': { operationId, 'value-collection': 'results', 'value-path': 'id', 'value-title': 'name' } };
}

export function fieldSchema(field: BodyField): JsonSchema {
  const meta: JsonSchema = { 'x-ms-summary': field.title, description: field.description, ...(field.required && { 'x-ms-visibility': 'important' }) };
  const bounds = { ...(field.minimum !== undefined && { minimum: field.minimum }), ...(field.maximum !== undefined && { maximum: field.maximum }) };
  const nullable = field.nullable ? { 'x-nullable': true } : {};
  switch (field.kind) {
    case 'string':
    case 'markdown':
      return { type: 'string', ...(field.maxLength !== undefined && { maxLength: field.maxLength }), ...meta, ...nullable };
    case 'integer':
      return { type: 'integer', format: 'int32', ...bounds, ...meta, ...nullable, ...(field.dynamicValues && dynamicValues(field.dynamicValues)) };
    case 'number':
      return { type: 'number', format: 'double', ...bounds, ...meta, ...nullable };
    case 'boolean':
      return { type: 'boolean', ...meta, ...nullable };
    case 'dateTime':
      return { type: 'string', format: 'date-time', ...meta, ...nullable };
    case 'time':
      return { type: 'string', format: 'time', ...meta, ...nullable };
    case 'enum':
      return { type: 'string', enum: [...(field.enum ?? [])], ...meta, ...nullable };
    case 'emailList':
      return { type: 'array', items: { type: 'string', format: 'email' }, ...meta, ...nullable };
    case 'intList':
      return { type: 'array', items: { type: 'integer', format: 'int32' }, ...meta, ...nullable };
    case 'stringList':
      return { type: 'array', items: { type: 'string' }, ...meta, ...nullable };
    default:
      return { type: 'object', additionalProperties: true, ...meta, ...nullable };
  }
}

export function objectSchema(fields: readonly BodyField[], extra: JsonSchema = {}): JsonSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(fields.map((field) => [field.name, fieldSchema(field)])),
    required: fields.filter((field) => field.required).map((field) => field.name),
    ...extra,
  };
}

export function createRequestSchema(requestType: RequestTypeRecord): JsonSchema {
  return objectSchema(createFields(requestType), { 'x-ms-summary': requestType.name });
}

const REF: JsonSchema = { type: 'object', properties: { id: { type: 'integer', format: 'int32' }, name: { type: 'string' } } };
const date = (title: string): JsonSchema => ({ type: 'string', format: 'date-time', 'x-ms-summary': title });

const TICKET_DETAILS: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer', format: 'int32', 'x-ms-summary': 'Ticket ID' },
    summary: { type: 'string', 'x-ms-summary': 'Summary' },
    requestType: { ...REF, 'x-ms-summary': 'Request type' },
    account: { ...REF, 'x-ms-summary': 'Account' },
    contact: { ...REF, 'x-ms-summary': 'Contact' },
    source: { ...REF, 'x-ms-summary': 'Source' },
    status: { ...REF, 'x-ms-summary': 'Status' },
    priority: { ...REF, 'x-ms-summary': 'Priority' },
    assignedAgents: { type: 'array', items: REF, 'x-ms-summary': 'Assigned agents' },
    createdOn: date('Created on'),
    modifiedOn: date('Modified on'),
    closedOn: date('Closed on'),
    isClosed: { type: 'boolean', 'x-ms-summary': 'Is closed' },
    tags: { type: 'array', items: { type: 'string' }, 'x-ms-summary': 'Tags' },
    board: { ...REF, 'x-ms-summary': 'Board' },
    description: { type: 'string', 'x-ms-summary': 'Description' },
    dueDate: date('Due date'),
    customFields: { type: 'object', additionalProperties: true, 'x-ms-summary': 'Form answers' },
  },
};

/** The dynamic types the simulator serves; the connector names more (ContactDetails...). */
export function dynamicType(typeId: string): JsonSchema | undefined {
  switch (typeId.toLowerCase()) {
    case 'ticketdetails':
      return TICKET_DETAILS;
    case 'updateticketrequest':
      return objectSchema(UPDATE_FIELDS);
    case 'findticketsrequest':
      return objectSchema(FIND_FIELDS);
    case 'findticketsresponse':
      return { type: 'object', properties: { results: { type: 'array', items: TICKET_DETAILS }, totalResults: { type: 'integer', format: 'int32' } } };
    default:
      return undefined;
  }
}
