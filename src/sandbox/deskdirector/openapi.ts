// The instance's own OpenAPI document (GET /swagger/v2/swagger.json), built from the route
// table so it lists exactly the routes that answer: the TECH note and file routes appear
// only while the notesRoute switch is on. As the vendor warns, "Swagger shows the service
// models as pascal case" while the JSON is camelCase: component properties here are
// PascalCase, and a client that reads them must camelCase the names.
import { ROUTES } from './routes';
import type { Route, RouteMethod, Verb } from './router';
import type { QueryParam } from './query';
import { COMMENT_FIELDS } from './routes/tech';
import { objectSchema, PUT_FIELDS } from './schema';
import type { DeskdirectorState } from './state';

type Schema = Record<string, unknown>;

const COPILOT_NS = 'DeskDirector.Server.Features.AutomateConnector.ServiceModels.Copilot';
const MODEL_NS = 'DeskDirector.ServiceModel';

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const int32: Schema = { type: 'integer', format: 'int32' };
const str: Schema = { type: 'string' };
const bool: Schema = { type: 'boolean' };
const dateTime: Schema = { type: 'string', format: 'date-time' };
const nullableDate: Schema = { type: 'string', format: 'date-time', nullable: true };
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });
const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', properties, ...(required.length > 0 && { required }), additionalProperties: false });

const REF_INT = `${MODEL_NS}.Workflows.ReferenceEntity[System.Int32]`;
const REF_STRING = `${MODEL_NS}.Workflows.ReferenceEntity[System.String]`;
const LIST = 'DeskDirector.ServiceModels.Connector.DynamicListResponse[System.Int32]';
const ERROR = `${MODEL_NS}.ErrorResponse`;

const summaryProperties = (): Record<string, Schema> => ({
  id: int32,
  summary: str,
  requestType: ref(REF_INT),
  account: ref(REF_INT),
  contactGroup: ref(REF_STRING),
  contact: ref(REF_INT),
  categories: arrayOf(ref(REF_STRING)),
  source: ref(REF_INT),
  queue: ref(REF_INT),
  status: ref(REF_INT),
  priority: ref(REF_INT),
  assignedAgents: arrayOf(ref(REF_INT)),
  createdOn: dateTime,
  modifiedOn: dateTime,
  closedOn: nullableDate,
  isClosed: bool,
  tags: arrayOf(str),
});

const COMPONENTS: Record<string, Schema> = {
  [REF_INT]: obj({ id: int32, name: str }),
  [REF_STRING]: obj({ id: str, name: str }),
  [`${MODEL_NS}.General.Tasks.TaskProgress`]: obj({ done: int32, total: int32 }),
  [`${COPILOT_NS}.TicketNoteUser`]: obj({ id: int32, name: str, userType: str }),
  [`${COPILOT_NS}.TicketActivityUser`]: obj({ id: str, name: str, userType: str }),
  [`${COPILOT_NS}.TicketTimeEntry`]: obj({ timeStart: dateTime, timeEnd: dateTime, actualHours: { type: 'number', format: 'double' }, hoursBilled: { type: 'number', format: 'double' } }),
  [`${COPILOT_NS}.TicketNotePreview`]: obj({ id: int32, notePreview: str, createdOn: dateTime, createdBy: ref(`${COPILOT_NS}.TicketNoteUser`) }),
  [`${COPILOT_NS}.TicketNote`]: obj({
    id: int32,
    note: str,
    type: { type: 'string', enum: ['comment', 'timeEntry'] },
    isInternal: bool,
    createdOn: dateTime,
    createdBy: ref(`${COPILOT_NS}.TicketNoteUser`),
    timeEntry: ref(`${COPILOT_NS}.TicketTimeEntry`),
    attachments: arrayOf(ref(REF_STRING)),
  }),
  [`${COPILOT_NS}.TicketActivity`]: obj({ id: str, type: str, createdOn: dateTime, createdBy: ref(`${COPILOT_NS}.TicketActivityUser`) }),
  [`${COPILOT_NS}.TicketTaskList`]: obj({
    id: str,
    name: str,
    isPrivate: bool,
    isArchived: bool,
    progress: ref(`${MODEL_NS}.General.Tasks.TaskProgress`),
    createdOn: dateTime,
    createdBy: ref(REF_STRING),
    modifiedOn: dateTime,
    modifiedBy: ref(REF_STRING),
  }),
  [`${COPILOT_NS}.TicketSummary`]: obj({ ...summaryProperties(), descriptionPreview: str, latestNote: ref(`${COPILOT_NS}.TicketNotePreview`) }),
  [`${COPILOT_NS}.Ticket`]: obj({
    ...summaryProperties(),
    description: str,
    notes: arrayOf(ref(`${COPILOT_NS}.TicketNote`)),
    activities: arrayOf(ref(`${COPILOT_NS}.TicketActivity`)),
    taskProgress: ref(`${MODEL_NS}.General.Tasks.TaskProgress`),
    taskLists: arrayOf(ref(`${COPILOT_NS}.TicketTaskList`)),
  }),
  [`${COPILOT_NS}.FindTicketsResponse`]: obj({ total: int32, resultsCount: int32, results: arrayOf(ref(`${COPILOT_NS}.TicketSummary`)) }),
  [`${COPILOT_NS}.FindMyTicketTimeEntriesResponseItem`]: obj({
    id: int32,
    note: str,
    isInternal: bool,
    startTime: dateTime,
    endTime: dateTime,
    actualHours: { type: 'number', format: 'double' },
    createdOn: dateTime,
    parentTicket: ref(REF_INT),
  }),
  [`${COPILOT_NS}.FindMyTicketTimeEntriesResponse`]: obj({ total: int32, resultsCount: int32, results: arrayOf(ref(`${COPILOT_NS}.FindMyTicketTimeEntriesResponseItem`)) }),
  [LIST]: obj({ results: arrayOf(ref(REF_INT)), totalResults: int32 }),
  [`${MODEL_NS}.Tickets.ReplaceTicketRequest`]: objectSchema(PUT_FIELDS),
  [`${MODEL_NS}.Tickets.CreateTicketCommentRequest`]: objectSchema(COMMENT_FIELDS),
  [`${MODEL_NS}.Files.FileDetails`]: obj({ id: str, name: str, contentType: str, size: { type: 'integer', format: 'int64' }, createdOn: dateTime }),
  [`${MODEL_NS}.Users.UserKeyResponse`]: obj({ userKey: str }),
  [ERROR]: obj({ errorCode: str, message: str, errors: arrayOf(obj({ field: str, message: str })) }, ['errorCode', 'message']),
};

const DYNAMIC: Schema = { type: 'object', additionalProperties: true };

interface OperationDoc {
  tag: string;
  summary: string;
  description?: string;
  request?: Schema;
  /** The 200 body; a `binary` one is a file download. */
  response: Schema | 'binary';
}

const connectorDynamic = (typeId: string): string => `Dynamic: the schema is served by GET /api/v2/automate/connector/schema/dynamic-types/${typeId}.`;

const OPERATIONS: Record<string, OperationDoc> = {
  Copilot_FindTickets: { tag: 'Copilot', summary: 'Find tickets', description: 'Retrieve a list of tickets based on filter options. No paging: at most a fixed number of results; `total` counts all matches.', response: ref(`${COPILOT_NS}.FindTicketsResponse`) },
  Copilot_GetTicket: { tag: 'Copilot', summary: 'Get ticket full content', description: 'Ticket with all notes, time entries, activities and task lists.', response: ref(`${COPILOT_NS}.Ticket`) },
  Copilot_FindTimeEntries: { tag: 'Copilot', summary: 'Find time entries', description: "Find my time entries: 'today', 'this_week', 'last_week', 'this_month', 'last_month'.", response: ref(`${COPILOT_NS}.FindMyTicketTimeEntriesResponse`) },
  Copilot_TestConnection: { tag: 'Copilot', summary: 'Test connection', response: { type: 'object' } },
  AutomateConnector_TestConnection: { tag: 'AutomateConnector', summary: 'Test connection', response: { type: 'object' } },
  AutomateConnector_ListRequestTypes: { tag: 'AutomateConnector', summary: 'List request types', response: ref(LIST) },
  AutomateConnector_ListBoards: { tag: 'AutomateConnector', summary: 'List ticket boards', response: ref(LIST) },
  AutomateConnector_ListStatuses: { tag: 'AutomateConnector', summary: 'List ticket statuses of a board', response: ref(LIST) },
  AutomateConnector_ListPriorities: { tag: 'AutomateConnector', summary: 'List ticket priorities', response: ref(LIST) },
  AutomateConnector_ListSources: { tag: 'AutomateConnector', summary: 'List ticket sources', response: ref(LIST) },
  AutomateConnector_ListMembers: { tag: 'AutomateConnector', summary: 'List members', response: ref(LIST) },
  AutomateConnector_ListCompanies: { tag: 'AutomateConnector', summary: 'List companies', response: ref(LIST) },
  AutomateConnector_GetCreateTicketRequestSchema: { tag: 'AutomateConnector', summary: 'Get create ticket request schema', description: 'A JSON schema of the create body for the request type.', response: { type: 'object' } },
  AutomateConnector_GetDynamicSchema: { tag: 'AutomateConnector', summary: 'Get dynamic schema', description: 'The JSON schema of a dynamic type (TicketDetails, UpdateTicketRequest, FindTicketsRequest, FindTicketsResponse).', response: { type: 'object' } },
  AutomateConnector_CreateTicket: { tag: 'AutomateConnector', summary: 'Create a ticket', description: 'Dynamic: the body schema is served by GET /api/v2/automate/connector/schema/ticket/$create-request?requestTypeId=N.', request: DYNAMIC, response: { ...DYNAMIC, description: connectorDynamic('TicketDetails') } },
  AutomateConnector_FindTickets: { tag: 'AutomateConnector', summary: 'Find tickets', description: connectorDynamic('FindTicketsRequest'), request: DYNAMIC, response: { ...DYNAMIC, description: connectorDynamic('FindTicketsResponse') } },
  AutomateConnector_GetTicket: { tag: 'AutomateConnector', summary: 'Get a ticket', response: { ...DYNAMIC, description: connectorDynamic('TicketDetails') } },
  AutomateConnector_UpdateTicket: { tag: 'AutomateConnector', summary: 'Update a ticket', description: `Partial update (JSON merge patch): only the properties sent change. ${connectorDynamic('UpdateTicketRequest')}`, request: DYNAMIC, response: { ...DYNAMIC, description: connectorDynamic('TicketDetails') } },
  Tickets_ReplaceTicket: { tag: 'Tickets', summary: 'Update a ticket', description: 'Replaces the whole ticket: properties left out are cleared.', request: ref(`${MODEL_NS}.Tickets.ReplaceTicketRequest`), response: { ...DYNAMIC, description: connectorDynamic('TicketDetails') } },
  UserMember_GetUserKey: { tag: 'UserMember', summary: "Get a member's user key", description: 'An access token (DdAccessToken) to act on behalf of the member; valid for 60 minutes.', response: ref(`${MODEL_NS}.Users.UserKeyResponse`) },
  TechTicketComments_CreateComment: { tag: 'TechTicketComments', summary: 'Add a note to a ticket', description: 'Adds a public or internal note on behalf of the signed-in agent, with uploaded files attached.', request: ref(`${MODEL_NS}.Tickets.CreateTicketCommentRequest`), response: ref(`${COPILOT_NS}.TicketNote`) },
  TechFiles_UploadFile: {
    tag: 'TechFiles',
    summary: 'Upload a file',
    description: 'Uploads a file to attach to a note (its id goes in attachmentIds).',
    request: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
    response: ref(`${MODEL_NS}.Files.FileDetails`),
  },
  TechFiles_GetFile: { tag: 'TechFiles', summary: 'Download a file', description: 'The file content; with mode=json, the file details.', response: 'binary' },
};

/** `contactId` → `ContactId`, through properties and required lists. */
function pascal(schema: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([name, property]) => [name[0]?.toUpperCase() + name.slice(1), pascal(property)]));
    } else if (key === 'required' && Array.isArray(value)) {
      out.required = value.map((name: string) => name[0]?.toUpperCase() + name.slice(1));
    } else if (key === 'items' && typeof value === 'object' && value !== null) {
      out.items = pascal(value as Schema);
    } else out[key] = value;
  }
  return out;
}

function queryParameter(param: QueryParam): Schema {
  const schema: Schema =
    param.kind === 'int' ? int32 : param.kind === 'bool' ? bool : param.kind === 'dateTime' ? dateTime : param.kind === 'enum' ? { type: 'string', enum: [...(param.values ?? [])] } : str;
  return { name: param.name, in: 'query', ...(param.required && { required: true }), schema };
}

function pathParameters(path: string): Schema[] {
  return [...path.matchAll(/\{(\w+)(:int)?\}/g)].map((match) => ({ name: match[1], in: 'path', required: true, schema: match[2] ? int32 : str }));
}

const ERROR_RESPONSE = (description: string): Schema => ({ description, content: { 'application/json': { schema: ref(ERROR) } } });

function operation(route: Route, verb: Verb, method: RouteMethod): Schema {
  const doc = OPERATIONS[method.operationId];
  if (!doc) throw new Error(`openapi: no description for ${method.operationId}`);
  const requestType = method.body === 'multipart' ? 'multipart/form-data' : 'application/json';
  const success =
    doc.response === 'binary'
      ? { description: 'OK', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } }, 'application/json': { schema: ref(`${MODEL_NS}.Files.FileDetails`) } } }
      : { description: 'OK', content: { 'application/json': { schema: doc.response } } };
  return {
    tags: [doc.tag],
    summary: doc.summary,
    ...(doc.description && { description: doc.description }),
    operationId: method.operationId,
    parameters: [...pathParameters(route.path), ...(method.query ?? []).map(queryParameter)],
    ...(doc.request && method.body && { requestBody: { required: true, content: { [requestType]: { schema: doc.request } } } }),
    responses: {
      '200': success,
      ...(verb !== 'GET' && { '400': ERROR_RESPONSE('Bad Request') }),
      '401': ERROR_RESPONSE('Unauthorized'),
      '403': ERROR_RESPONSE('Forbidden'),
      ...(route.path.includes('{') && { '404': ERROR_RESPONSE('Not Found') }),
    },
  };
}

export function openApiDocument(state: DeskdirectorState): Record<string, unknown> {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const route of ROUTES) {
    const item: Record<string, Schema> = {};
    for (const [verb, method] of Object.entries(route.methods) as Array<[Verb, RouteMethod]>) {
      if (method.notesRoute && !state.features.notesRoute) continue;
      item[verb.toLowerCase()] = operation(route, verb, method);
    }
    if (Object.keys(item).length > 0) paths[route.path.replace(/:int\}/g, '}')] = item;
  }
  return {
    openapi: '3.0.1',
    info: { title: 'DeskDirector API', version: 'v2', description: 'API v2 of this DeskDirector instance. Service models are shown in PascalCase; the JSON is camelCase.' },
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(COMPONENTS).map(([name, schema]) => [name, pascal(schema)])),
      securitySchemes: {
        DdApi: { type: 'apiKey', name: 'Authorization', in: 'header', description: 'API key from the admin portal: "DdApi {api_key}".' },
        DdAccessToken: { type: 'apiKey', name: 'Authorization', in: 'header', description: 'Access token from the portal or TECH (60 minutes): "DdAccessToken {access_token}".' },
      },
    },
    security: [{ DdApi: [] }, { DdAccessToken: [] }],
  };
}
