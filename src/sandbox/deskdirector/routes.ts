// The instance's route table: the router serves it and openapi.ts describes it, so
// /swagger lists exactly what answers. Paths and verbs of the copilot/ and automate/
// routes are the public connector definitions' (microsoft/PowerPlatformConnectors,
// certified-connectors/DeskDirector and DeskDirector Tech); the others are inferred (see
// routes/admin.ts and routes/tech.ts).
import type { Route } from './router';
import { getUserKey, replaceTicket } from './routes/admin';
import { findTickets as copilotFindTickets, findTimeEntries, FIND_TICKETS_QUERY, FIND_TIME_ENTRIES_QUERY, getTicket as copilotGetTicket, testConnection } from './routes/copilot';
import {
  CREATE_SCHEMA_QUERY,
  getCreateTicketSchema,
  getDynamicSchema,
  listBoards,
  listCompanies,
  listMembers,
  listPriorities,
  listRequestTypes,
  listSources,
  listStatuses,
  REQUEST_TYPES_QUERY,
  STATUSES_QUERY,
} from './routes/connector-lists';
import { createTicket, CREATE_QUERY, findTickets, getTicket, updateTicket } from './routes/connector-tickets';
import { addComment, downloadFile, FILE_QUERY, uploadFile } from './routes/tech';

const COPILOT = '/api/v2/copilot';
const CONNECTOR = '/api/v2/automate/connector';

export const ROUTES: readonly Route[] = [
  { path: `${COPILOT}/tickets`, methods: { GET: { operationId: 'Copilot_FindTickets', area: 'copilot', handler: copilotFindTickets, query: FIND_TICKETS_QUERY } } },
  { path: `${COPILOT}/tickets/{ticketId:int}`, methods: { GET: { operationId: 'Copilot_GetTicket', area: 'copilot', handler: copilotGetTicket } } },
  { path: `${COPILOT}/time-entries`, methods: { GET: { operationId: 'Copilot_FindTimeEntries', area: 'copilot', handler: findTimeEntries, query: FIND_TIME_ENTRIES_QUERY } } },
  { path: `${COPILOT}/connections/test`, methods: { GET: { operationId: 'Copilot_TestConnection', area: 'copilot', handler: testConnection } } },

  { path: `${CONNECTOR}/connections/test`, methods: { GET: { operationId: 'AutomateConnector_TestConnection', area: 'admin', handler: testConnection } } },
  { path: `${CONNECTOR}/service/request-types`, methods: { GET: { operationId: 'AutomateConnector_ListRequestTypes', area: 'admin', handler: listRequestTypes, query: REQUEST_TYPES_QUERY } } },
  { path: `${CONNECTOR}/service/boards`, methods: { GET: { operationId: 'AutomateConnector_ListBoards', area: 'admin', handler: listBoards } } },
  { path: `${CONNECTOR}/service/statuses`, methods: { GET: { operationId: 'AutomateConnector_ListStatuses', area: 'admin', handler: listStatuses, query: STATUSES_QUERY } } },
  { path: `${CONNECTOR}/service/priorities`, methods: { GET: { operationId: 'AutomateConnector_ListPriorities', area: 'admin', handler: listPriorities } } },
  { path: `${CONNECTOR}/service/sources`, methods: { GET: { operationId: 'AutomateConnector_ListSources', area: 'admin', handler: listSources } } },
  { path: `${CONNECTOR}/members`, methods: { GET: { operationId: 'AutomateConnector_ListMembers', area: 'admin', handler: listMembers } } },
  { path: `${CONNECTOR}/companies`, methods: { GET: { operationId: 'AutomateConnector_ListCompanies', area: 'admin', handler: listCompanies } } },
  { path: `${CONNECTOR}/schema/ticket/$create-request`, methods: { GET: { operationId: 'AutomateConnector_GetCreateTicketRequestSchema', area: 'admin', handler: getCreateTicketSchema, query: CREATE_SCHEMA_QUERY } } },
  { path: `${CONNECTOR}/schema/dynamic-types/{typeId}`, methods: { GET: { operationId: 'AutomateConnector_GetDynamicSchema', area: 'admin', handler: getDynamicSchema } } },
  { path: `${CONNECTOR}/tickets`, methods: { POST: { operationId: 'AutomateConnector_CreateTicket', area: 'admin', handler: createTicket, query: CREATE_QUERY, body: 'json' } } },
  { path: `${CONNECTOR}/tickets/find`, methods: { POST: { operationId: 'AutomateConnector_FindTickets', area: 'admin', handler: findTickets, body: 'json' } } },
  {
    path: `${CONNECTOR}/tickets/{ticketId:int}`,
    methods: {
      GET: { operationId: 'AutomateConnector_GetTicket', area: 'admin', handler: getTicket },
      PATCH: { operationId: 'AutomateConnector_UpdateTicket', area: 'admin', handler: updateTicket, body: 'json' },
    },
  },

  { path: '/api/v2/tickets/{ticketId:int}', methods: { PUT: { operationId: 'Tickets_ReplaceTicket', area: 'admin', handler: replaceTicket, body: 'json' } } },
  { path: '/api/v2/user/member/{memberId:int}/userkey', methods: { GET: { operationId: 'UserMember_GetUserKey', area: 'admin', handler: getUserKey } } },

  { path: '/api/v2/tech/tickets/{ticketId:int}/comments', methods: { POST: { operationId: 'TechTicketComments_CreateComment', area: 'tech', handler: addComment, body: 'json', notesRoute: true } } },
  { path: '/api/v2/tech/files', methods: { POST: { operationId: 'TechFiles_UploadFile', area: 'tech', handler: uploadFile, body: 'multipart', notesRoute: true } } },
  { path: '/api/v2/tech/files/{fileId}', methods: { GET: { operationId: 'TechFiles_GetFile', area: 'tech', handler: downloadFile, query: FILE_QUERY, notesRoute: true } } },
];
