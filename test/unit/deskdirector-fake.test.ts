// A scripted DeskDirector transport for the provider's unit tests, and sample answers in
// the shapes the public connector definitions publish. Every request is recorded so a test
// can count them (paging without refetch, one request for an expired token, no PUT ever).
// This file also checks the fake itself, so a broken fake cannot make other tests pass.
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import type { HttpClientOptions, HttpRequest, HttpResponse } from '../../src/helpdesk/http/types';
import type { Logger } from '../../src/helpdesk/log';
import type { ProviderContext } from '../../src/helpdesk/provider';
import type { DiscoveryCache } from '../../src/providers/deskdirector/discoveryCache';
import type { DeskdirectorTransport } from '../../src/providers/deskdirector/guard';
import type { OpenApiLimits } from '../../src/providers/deskdirector/openapi';
import { DeskdirectorProvider } from '../../src/providers/deskdirector/provider';

export type Reply = { status?: number; body?: unknown; headers?: Record<string, string> };
export type Handler = (req: HttpRequest) => Reply | HelpdeskError;

export class FakeTransport implements DeskdirectorTransport {
  readonly requests: HttpRequest[] = [];
  closed = false;

  constructor(readonly routes: Record<string, Handler>) {}

  async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    this.requests.push(req);
    const key = `${req.method} ${req.path.replace(/^\/+/, '')}`;
    const handler = Object.hasOwn(this.routes, key) ? this.routes[key] : undefined;
    if (!handler) throw new HelpdeskError('notFound', `The helpdesk found nothing at ${key} (404)`, { status: 404 });
    const result = handler(req);
    if (result instanceof HelpdeskError) throw result;
    let body = result.body;
    if (req.expect === 'bytes' && !(body instanceof Uint8Array)) body = new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
    if (req.expect === 'none') body = undefined;
    return { status: result.status ?? 200, headers: result.headers ?? {}, body: body as T, url: `https://acme.deskdirector.com/${req.path}` };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** `METHOD path` of every request, in order. */
  paths(): string[] {
    return this.requests.map((req) => `${req.method} ${req.path.replace(/^\/+/, '')}`);
  }

  count(key: string): number {
    return this.paths().filter((path) => path === key).length;
  }
}

export const ROUTE = {
  copilotTest: 'GET api/v2/copilot/connections/test',
  automateTest: 'GET api/v2/automate/connector/connections/test',
  tickets: 'GET api/v2/copilot/tickets',
  ticket: (id: number) => `GET api/v2/copilot/tickets/${id}`,
  swaggerV2: 'GET swagger/v2/swagger.json',
  swaggerV4: 'GET swagger/v4/swagger.json',
  swaggerV1: 'GET swagger/v1/swagger.json',
  create: 'POST api/v2/automate/connector/tickets',
  createSchema: 'GET api/v2/automate/connector/schema/ticket/$create-request',
  updateSchema: 'GET api/v2/automate/connector/schema/dynamic-types/UpdateTicketRequest',
  patch: (id: number) => `PATCH api/v2/automate/connector/tickets/${id}`,
  requestTypes: 'GET api/v2/automate/connector/service/request-types',
  boards: 'GET api/v2/automate/connector/service/boards',
  statuses: 'GET api/v2/automate/connector/service/statuses',
  priorities: 'GET api/v2/automate/connector/service/priorities',
  members: 'GET api/v2/automate/connector/members',
} as const;

export interface LogLines {
  info: string[];
  warn: string[];
  all: string[];
}

export interface MadeProvider {
  provider: DeskdirectorProvider;
  transport: FakeTransport;
  options: () => HttpClientOptions;
  logs: LogLines;
}

export interface MakeOptions {
  secret?: string;
  authMethod?: string;
  now?: () => number;
  openApiLimits?: OpenApiLimits;
  baseUrl?: string;
  discoveryCache?: DiscoveryCache;
}

export function makeProvider(routes: Record<string, Handler>, make: MakeOptions = {}): MadeProvider {
  const transport = new FakeTransport({ [ROUTE.automateTest]: () => ({ body: {} }), [ROUTE.copilotTest]: () => ({ body: {} }), ...routes });
  const logs: LogLines = { info: [], warn: [], all: [] };
  const log: Logger = {
    trace: () => undefined,
    debug: () => undefined,
    info: (line) => (logs.info.push(line), logs.all.push(line)),
    warn: (line) => (logs.warn.push(line), logs.all.push(line)),
    error: (line) => void logs.all.push(String(line)),
  };
  let options: HttpClientOptions | undefined;
  const context: ProviderContext = {
    config: { id: 'dd', label: 'DD', type: 'deskdirector', baseUrl: make.baseUrl ?? 'https://acme.deskdirector.com', ...(make.authMethod !== undefined && { authMethod: make.authMethod }) },
    credentials: { secret: make.secret ?? 'ddkey-SECRET-1234' },
    log,
    http: { timeoutMs: 5000 },
  };
  const provider = new DeskdirectorProvider(context, {
    createTransport: (given) => {
      options = given;
      return transport;
    },
    ...(make.now && { now: make.now }),
    ...(make.openApiLimits && { openApiLimits: make.openApiLimits }),
    ...(make.discoveryCache && { discoveryCache: make.discoveryCache }),
  });
  return {
    provider,
    transport,
    options: () => {
      if (!options) throw new Error('the provider built no transport');
      return options;
    },
    logs,
  };
}

// ---- sample answers (shapes from the DeskDirector Tech connector's definitions) ------------

export function summary(id: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    summary: `Printer ${id} is on fire`,
    requestType: { id: 3, name: 'Hardware' },
    account: { id: 40, name: 'Acme Ltd' },
    contact: { id: 700 + id, name: 'Jane Doe' },
    source: { id: 1, name: 'Portal' },
    queue: { id: 2, name: 'Help Desk' },
    status: { id: 11, name: 'In Progress' },
    priority: { id: 4, name: 'High' },
    assignedAgents: [{ id: 9, name: 'Sam Tech' }],
    createdOn: '2025-05-01T08:00:00Z',
    modifiedOn: '2025-05-02T09:30:00Z',
    closedOn: null,
    isClosed: false,
    tags: ['printer'],
    descriptionPreview: 'It smokes',
    latestNote: null,
    ...overrides,
  };
}

export function detail(id: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...summary(id),
    description: 'It smokes **a lot**.',
    notes: [
      {
        id: 502,
        note: 'Replaced the fuser.',
        type: 'TimeEntry',
        isInternal: true,
        createdOn: '2025-05-02T09:00:00Z',
        createdBy: { id: 9, name: 'Sam Tech', userType: 'member' },
        timeEntry: { timeStart: '2025-05-02T08:00:00Z', timeEnd: '2025-05-02T09:30:00Z', actualHours: 1.5, hoursBilled: 1 },
        attachments: [],
      },
      {
        id: 501,
        note: 'Have you tried turning it off?',
        type: 'Note',
        isInternal: false,
        createdOn: '2025-05-01T10:00:00Z',
        createdBy: { id: 9, name: 'Sam Tech', userType: 'member' },
        timeEntry: null,
        attachments: [{ id: 'f-77', name: 'smoke.png' }],
      },
    ],
    activities: [],
    taskLists: [],
    ...overrides,
  };
}

export function ticketList(results: unknown[], total = results.length): Record<string, unknown> {
  return { total, resultsCount: results.length, results };
}

// ---- OpenAPI documents ---------------------------------------------------------------------

/** OpenAPI 3 as Swashbuckle writes it: a TECH notes route, a Portal one, upload and download. */
export function openApi3WithNotes(): Record<string, unknown> {
  return {
    openapi: '3.0.1',
    info: { title: 'DeskDirector API', version: 'v2' },
    paths: {
      '/api/v2/portal/tickets/{ticketId}/notes': {
        post: {
          parameters: [{ name: 'ticketId', in: 'path', required: true, schema: { type: 'integer' } }],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/PortalNote' } } } },
        },
      },
      '/api/v2/tech/tickets/{ticketId}/notes': {
        parameters: [{ $ref: '#/components/parameters/TicketId' }],
        post: {
          requestBody: { content: { 'application/json-patch+json': { schema: { $ref: '#/components/schemas/CreateNote' } }, 'application/json': { schema: { $ref: '#/components/schemas/CreateNote' } } } },
          responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Note' } } } } },
        },
      },
      '/api/v2/tech/tickets/{ticketId}/attachments': {
        post: {
          parameters: [{ name: 'ticketId', in: 'path', required: true }],
          requestBody: { content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } } } },
        },
      },
      '/api/v2/tech/tickets/{ticketId}/attachments/{attachmentId}': {
        get: {
          parameters: [
            { name: 'ticketId', in: 'path', required: true },
            { name: 'attachmentId', in: 'path', required: true },
          ],
          responses: { '200': { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } } },
        },
      },
    },
    components: {
      parameters: { TicketId: { name: 'ticketId', in: 'path', required: true, schema: { type: 'integer' } } },
      schemas: {
        PortalNote: { type: 'object', properties: { text: { type: 'string' } } },
        CreateNote: {
          type: 'object',
          required: ['note'],
          properties: { note: { type: 'string' }, isInternal: { type: 'boolean' }, notify: { type: 'boolean', default: true } },
        },
        Note: { type: 'object', properties: { id: { type: 'integer' } } },
      },
    },
  };
}

/** Swagger 2.0 with a comments route whose internal flag has another name, no upload. */
export function swagger2WithComments(): Record<string, unknown> {
  return {
    swagger: '2.0',
    paths: {
      '/api/v2/tech/tickets/{id}/comments': {
        post: {
          parameters: [
            { name: 'id', in: 'path', required: true, type: 'integer' },
            { name: 'req', in: 'body', schema: { $ref: '#/definitions/Comment' } },
          ],
        },
      },
    },
    definitions: { Comment: { type: 'object', properties: { Text: { type: 'string' }, IsPrivate: { type: 'boolean' } } } },
  };
}

/**
 * Upload first, attach by id (DeskDirector's file storage): a file route without a ticket
 * that answers the file's details, and a comments route whose body takes the ids. The
 * components are PascalCase, as Swashbuckle shows DeskDirector's service models.
 */
export function openApi3WithStagedFiles(): Record<string, unknown> {
  return {
    openapi: '3.0.1',
    paths: {
      '/api/v2/tech/tickets/{ticketId}/comments': {
        post: {
          parameters: [{ name: 'ticketId', in: 'path', required: true, schema: { type: 'integer', format: 'int32' } }],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateComment' } } } },
          responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Note' } } } } },
        },
      },
      '/api/v2/tech/files': {
        post: {
          requestBody: { content: { 'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } } } },
          responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/FileDetails' } } } } },
        },
      },
      '/api/v2/tech/files/{fileId}': {
        get: {
          parameters: [{ name: 'fileId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } } },
        },
      },
    },
    components: {
      schemas: {
        CreateComment: {
          type: 'object',
          required: ['Note'],
          properties: { Note: { type: 'string' }, IsInternal: { type: 'boolean' }, AttachmentIds: { type: 'array', items: { type: 'string' } } },
        },
        Note: { type: 'object', properties: { Id: { type: 'integer' } } },
        FileDetails: { type: 'object', properties: { Id: { type: 'string' }, Name: { type: 'string' } } },
      },
    },
  };
}

/** The document with its TECH note route moved outside /tech/ (a route of no documented family). */
export function withNeutralNotes(doc: Record<string, unknown>, path = '/api/v4/tickets/{ticketId}/notes'): Record<string, unknown> {
  const paths = { ...(doc.paths as Record<string, unknown>) };
  paths[path] = paths['/api/v2/tech/tickets/{ticketId}/notes'];
  delete paths['/api/v2/tech/tickets/{ticketId}/notes'];
  return { ...doc, paths };
}

/** A document with only read routes. */
export function openApiWithoutNotes(): Record<string, unknown> {
  return {
    openapi: '3.0.1',
    paths: {
      '/api/v2/copilot/tickets': { get: { responses: { '200': { description: 'OK' } } } },
      '/api/v2/copilot/tickets/{ticketId}': { get: { parameters: [{ name: 'ticketId', in: 'path', required: true }] } },
    },
  };
}

describe('DeskDirector test fake', () => {
  it('records every request and answers 404 for routes it does not know', async () => {
    const fake = new FakeTransport({ 'GET known': () => ({ body: { ok: true } }) });
    const known = await fake.request<{ ok: boolean }>({ method: 'GET', path: 'known' });
    assert.deepEqual(known.body, { ok: true });
    await assert.rejects(fake.request({ method: 'POST', path: 'unknown' }), (error: unknown) => error instanceof HelpdeskError && error.kind === 'notFound');
    assert.deepEqual(fake.paths(), ['GET known', 'POST unknown']);
  });

  it('turns a JSON answer into bytes when bytes are asked for', async () => {
    const fake = new FakeTransport({ 'GET doc': () => ({ body: { a: 1 } }) });
    const response = await fake.request<Uint8Array>({ method: 'GET', path: 'doc', expect: 'bytes' });
    assert.ok(response.body instanceof Uint8Array);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(response.body)), { a: 1 });
  });
});
