// The DeskDirector requests, one method per route, each returning checked records
// (schema.ts) or the raw answer the provider reads with its own schema reader. Routes are
// the ones the public Power Automate connectors define (microsoft/PowerPlatformConnectors:
// "DeskDirector" for /api/v2/automate/connector/..., "DeskDirector Tech" for
// /api/v2/copilot/...), plus whatever the instance's OpenAPI document offers for notes and
// files (discovery.ts). No caching and no model mapping here: that is provider.ts.
import { HelpdeskError } from '../../helpdesk/errors';
import type { HttpResponse, QueryValue } from '../../helpdesk/http/types';
import type { UploadFile } from '../../helpdesk/model';
import type { DeskdirectorAuthMethod } from './auth';
import { fillPath, type DownloadRoute, type NoteRoute, type UploadRoute } from './discovery';
import type { DeskdirectorTransport } from './guard';
import type { TicketFilters } from './queries';
import { type DdRef, type DdTicketDetail, type DdTicketList, readDynamicList, readTicket, readTicketList } from './schema';

const COPILOT = 'api/v2/copilot';
const AUTOMATE = 'api/v2/automate/connector';

/**
 * Where Swashbuckle serves each API version's document; the Swagger UI at `/swagger` lets
 * the user pick v1…v4 (vendor article). v2 is "used by all our existing systems", so it is
 * read first; the next is only asked for when the one before does not exist.
 */
export const OPENAPI_DOCUMENT_PATHS: readonly string[] = ['swagger/v2/swagger.json', 'swagger/v4/swagger.json', 'swagger/v1/swagger.json'];

/** The document is read in the background of a connection test; it must not hold it up for long. */
const DOCUMENT_TIMEOUT_MS = 20_000;

/**
 * The automate connector's list operations that take no parameters, by operationId, for
 * create-form choices that name them (`x-ms-dynamic-values`).
 */
export const LIST_OPERATIONS: Readonly<Record<string, string>> = {
  ListRequestTypes: `${AUTOMATE}/service/request-types`,
  ListBoards: `${AUTOMATE}/service/boards`,
  ListPriorities: `${AUTOMATE}/service/priorities`,
  ListSources: `${AUTOMATE}/service/sources`,
  ListMembers: `${AUTOMATE}/members`,
  ListCompanies: `${AUTOMATE}/companies`,
};

export interface OpenApiBytes {
  path: string;
  bytes: Uint8Array;
}

export class DeskdirectorClient {
  constructor(private readonly http: DeskdirectorTransport) {}

  /**
   * The connector's connection test. Each connector has its own: the automate one is what
   * an API key is made for, the Copilot (Tech) one what a TECH token is made for.
   */
  async testConnection(method: DeskdirectorAuthMethod): Promise<unknown> {
    const path = method === 'apiKey' ? `${AUTOMATE}/connections/test` : `${COPILOT}/connections/test`;
    return (await this.get(path)).body;
  }

  async tickets(filters: TicketFilters): Promise<DdTicketList> {
    const query: Record<string, QueryValue> = { status: filters.status, assigned: filters.assigned };
    if (filters.search !== undefined) query.search = filters.search;
    if (filters.lastContactMessage !== undefined) query.lastContactMessage = filters.lastContactMessage;
    return readTicketList((await this.get(`${COPILOT}/tickets`, query)).body);
  }

  async ticket(id: number): Promise<DdTicketDetail> {
    return readTicket((await this.get(`${COPILOT}/tickets/${id}`)).body);
  }

  /**
   * The instance's OpenAPI document as bytes, from the first path that has one; undefined
   * when none does. The shared HttpClient cannot stop reading a body at a byte limit yet, so
   * an oversized document is downloaded whole (within the timeout) and refused unparsed by
   * openapi.ts; with a `maxResponseBytes` on HttpRequest it would be cut off here instead.
   */
  async openApiDocument(): Promise<OpenApiBytes | undefined> {
    for (const path of OPENAPI_DOCUMENT_PATHS) {
      try {
        const response = await this.http.request<Uint8Array>({ method: 'GET', path, expect: 'bytes', timeoutMs: DOCUMENT_TIMEOUT_MS });
        return { path, bytes: response.body };
      } catch (error) {
        if (error instanceof HelpdeskError && error.kind === 'notFound') continue;
        throw error;
      }
    }
    return undefined;
  }

  async postNote(route: NoteRoute, ticketId: string, body: Record<string, unknown>): Promise<unknown> {
    const path = fillPath(route.path, { [route.ticketParam]: ticketId });
    return (await this.http.request<unknown>({ method: 'POST', path, json: body })).body;
  }

  /**
   * One file as multipart. A staged upload (no ticket in its path) answers the file's id,
   * which is returned for the note to carry; an upload to the ticket answers nothing we need.
   */
  async uploadFile(route: UploadRoute, ticketId: string, file: UploadFile): Promise<unknown> {
    const form = new FormData();
    // Copied into a fresh ArrayBuffer: a Blob may not wrap a view on shared memory.
    form.append(route.fileField, new Blob([new Uint8Array(file.data)], { type: file.contentType }), file.name);
    if (route.kind === 'beforeNote') return (await this.http.request<unknown>({ method: 'POST', path: route.path, multipart: form })).body;
    const path = fillPath(route.path, { [route.ticketParam]: ticketId });
    await this.http.request<unknown>({ method: 'POST', path, multipart: form, expect: 'none' });
    return undefined;
  }

  download(route: DownloadRoute, ticketId: string, attachmentId: string): Promise<HttpResponse<Uint8Array>> {
    const values: Record<string, string> = { [route.attachmentParam]: attachmentId };
    if (route.ticketParam !== undefined) values[route.ticketParam] = ticketId;
    return this.http.request<Uint8Array>({ method: 'GET', path: fillPath(route.path, values), expect: 'bytes' });
  }

  async requestTypes(): Promise<DdRef[]> {
    // The connector asks with withSomethingElse=true: the portal's "Something Else" option is a request type too.
    return readDynamicList((await this.get(`${AUTOMATE}/service/request-types`, { withSomethingElse: true })).body, 'requestTypes');
  }

  /** The JSON schema of the create body for one request type. */
  async createForm(requestTypeId: number): Promise<unknown> {
    return (await this.get(`${AUTOMATE}/schema/ticket/$create-request`, { requestTypeId })).body;
  }

  /** The JSON schema of the PATCH body. */
  async updateForm(): Promise<unknown> {
    return (await this.get(`${AUTOMATE}/schema/dynamic-types/UpdateTicketRequest`)).body;
  }

  /** Creates a ticket; returns the answer (TicketDetails, a dynamic schema). */
  async createTicket(requestTypeId: number, body: Record<string, unknown>): Promise<unknown> {
    const response = await this.http.request<unknown>({ method: 'POST', path: `${AUTOMATE}/tickets`, query: { requestTypeId }, json: body });
    return response.body;
  }

  /** A partial update: only what `body` holds changes. Never PUT (guard.ts refuses it anyway). */
  async updateTicket(id: number, body: Record<string, unknown>): Promise<void> {
    await this.http.request<unknown>({ method: 'PATCH', path: `${AUTOMATE}/tickets/${id}`, json: body, expect: 'none' });
  }

  async boards(): Promise<DdRef[]> {
    return this.list('ListBoards', 'boards');
  }

  async statuses(boardId: string): Promise<DdRef[]> {
    return readDynamicList((await this.get(`${AUTOMATE}/service/statuses`, { boardId })).body, 'statuses');
  }

  async priorities(): Promise<DdRef[]> {
    return this.list('ListPriorities', 'priorities');
  }

  async members(): Promise<DdRef[]> {
    return this.list('ListMembers', 'members');
  }

  /** One of LIST_OPERATIONS, for create-form choices. */
  async list(operationId: string, name = operationId): Promise<DdRef[]> {
    const path = Object.hasOwn(LIST_OPERATIONS, operationId) ? LIST_OPERATIONS[operationId] : undefined;
    if (path === undefined) throw new HelpdeskError('unsupported', `DeskDirector list "${operationId}" is not known.`);
    return readDynamicList((await this.get(path)).body, name);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private get(path: string, query?: Record<string, QueryValue>): Promise<HttpResponse<unknown>> {
    return this.http.request<unknown>({ method: 'GET', path, ...(query && { query }) });
  }
}
