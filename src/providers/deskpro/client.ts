// The DeskPRO API v2 requests, one method per endpoint, each returning checked records
// (schema.ts). No caching and no model mapping here: that is provider.ts.
import { HelpdeskError } from '../../helpdesk/errors';
import type { HttpRequest, HttpResponse, QueryValue } from '../../helpdesk/http/types';
import type { UploadFile } from '../../helpdesk/model';
import {
  type DpAttachment,
  type DpBlob,
  type DpCollection,
  type DpMe,
  type DpMessage,
  type DpNamed,
  type DpPerson,
  type DpResource,
  type DpTicket,
  readAttachment,
  readBlob,
  readCollection,
  readMe,
  readMessage,
  readNamed,
  readPerson,
  readResource,
  readSingle,
  readStatusEntry,
  readTicket,
} from './schema';
import { asId, asObject, field, type Reader } from '../../helpdesk/json';
import { pathSegment } from '../common/pathSegment';

/** The slice of the shared HttpClient this module needs (a fake in unit tests). */
export interface DeskproTransport {
  request<T>(req: HttpRequest): Promise<HttpResponse<T>>;
  close(): Promise<void>;
}

/** Largest `count` the API is known to serve (used by a production client; undocumented). */
export const MAX_PAGE_SIZE = 200;
/** Lists we read whole (agents, attachments) stop here rather than page forever. */
const MAX_WHOLE_LIST_PAGES = 25;

export type TicketFilters = Record<string, QueryValue>;

export interface NewMessage {
  message: string;
  format: 'html' | 'text';
  is_note?: boolean;
  attachments?: Array<{ blob_auth: string; is_inline: boolean }>;
}

export interface NewTicket {
  subject: string;
  person: number | string;
  message: NewMessage;
  department?: number;
  priority?: number;
  agent?: number;
}

export type TicketChanges = Partial<{ status: string; agent: number; priority: number; department: number }>;

export class DeskproClient {
  constructor(private readonly http: DeskproTransport) {}

  async me(): Promise<DpMe> {
    return readSingle((await this.get('me')).body, readMe, 'data');
  }

  async tickets(filters: TicketFilters, page: number, count: number): Promise<DpCollection<DpTicket>> {
    const response = await this.get('tickets', { ...filters, page, count, include: 'person,agent' });
    return readCollection(response.body, readTicket, 'tickets');
  }

  async ticket(id: string): Promise<DpResource<DpTicket>> {
    const response = await this.get(`tickets/${segment(id)}`, { include: 'person,agent' });
    return readResource(response.body, readTicket, 'ticket');
  }

  async messages(ticketId: string, page: number, count: number): Promise<DpCollection<DpMessage>> {
    const response = await this.get(`tickets/${segment(ticketId)}/messages`, {
      order_by: 'date_created',
      order_dir: 'asc',
      page,
      count,
      include: 'person',
    });
    return readCollection(response.body, readMessage, 'messages');
  }

  async message(ticketId: string, messageId: string): Promise<DpMessage> {
    const response = await this.get(`tickets/${segment(ticketId)}/messages/${segment(messageId, 'DeskPRO message')}`);
    return readSingle(response.body, readMessage, 'message');
  }

  /** Every attachment of a ticket (usually one page). */
  async attachments(ticketId: string): Promise<DpAttachment[]> {
    const all = await this.whole(`tickets/${segment(ticketId)}/attachments`, readAttachment, 'attachments');
    return all.filter((attachment): attachment is DpAttachment => attachment !== undefined);
  }

  async uploadBlob(file: UploadFile): Promise<DpBlob> {
    const form = new FormData();
    // Copied into a fresh ArrayBuffer: a Blob may not wrap a view on shared memory.
    form.append('file', new Blob([new Uint8Array(file.data)], { type: file.contentType }), file.name);
    const response = await this.http.request<unknown>({ method: 'POST', path: 'blobs/temp', multipart: form });
    return readSingle(response.body, readBlob, 'blob');
  }

  /** Posts a reply or note; returns the created message (fetched when the 201 carries only a Location). */
  async postMessage(ticketId: string, body: NewMessage): Promise<DpMessage> {
    const path = `tickets/${segment(ticketId)}/messages`;
    const response = await this.http.request<unknown>({ method: 'POST', path, json: body });
    if (hasData(response.body)) return readSingle(response.body, readMessage, 'message');
    return this.message(ticketId, createdId(response, 'message'));
  }

  /** Creates a ticket; returns its id. */
  async createTicket(body: NewTicket): Promise<string> {
    const response = await this.http.request<unknown>({ method: 'POST', path: 'tickets', json: body });
    // Without ?follow_location=1 the 201 carries `{data: {id}}` (or only a Location).
    if (hasData(response.body)) return readSingle(response.body, readIdOnly, 'ticket');
    return createdId(response, 'ticket');
  }

  async updateTicket(id: string, changes: TicketChanges): Promise<void> {
    await this.http.request<unknown>({
      method: 'PUT',
      path: `tickets/${segment(id)}`,
      json: changes,
      expect: 'none',
    });
  }

  priorities(): Promise<DpNamed[]> {
    return this.whole('ticket_priorities', readNamed, 'priorities');
  }

  departments(): Promise<DpNamed[]> {
    return this.whole('ticket_departments', readNamed, 'departments');
  }

  /** The status list, or undefined when this helpdesk has no such endpoint. */
  async statuses(): Promise<DpNamed[] | undefined> {
    try {
      return await this.whole('ticket_statuses', readStatusEntry, 'statuses');
    } catch (error) {
      // Inferred: older v2 servers have no /ticket_statuses; the documented fixed list stands in.
      if (error instanceof HelpdeskError && (error.kind === 'notFound' || error.status === 405)) return undefined;
      throw error;
    }
  }

  agents(): Promise<DpPerson[]> {
    return this.whole('agents', readPerson, 'agents');
  }

  async download(url: string): Promise<HttpResponse<Uint8Array>> {
    return this.http.request<Uint8Array>({ method: 'GET', path: url, expect: 'bytes' });
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private get(path: string, query?: Record<string, QueryValue>): Promise<HttpResponse<unknown>> {
    return this.http.request<unknown>({ method: 'GET', path, ...(query && { query }) });
  }

  /** Every page of a collection, for lists a picker needs whole. */
  private async whole<T>(path: string, reader: Reader<T>, name: string): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; page <= MAX_WHOLE_LIST_PAGES; page++) {
      const response = await this.get(path, { page, count: MAX_PAGE_SIZE });
      const collection = readCollection(response.body, reader, name);
      items.push(...collection.items);
      if (!hasNextPage(collection, page, MAX_PAGE_SIZE)) break;
    }
    return items;
  }
}

/**
 * Whether another page follows, from whichever paging form the server sent:
 * `total_pages` beats `links.next`, which beats `total`; with none of them, a full page
 * suggests more.
 */
export function hasNextPage(collection: DpCollection<unknown>, page: number, count: number): boolean {
  const { paging, items } = collection;
  const current = paging.page ?? page;
  if (paging.totalPages !== undefined) return current < paging.totalPages;
  if (paging.hasNextLink !== undefined) return paging.hasNextLink;
  if (paging.total !== undefined) return current * count < paging.total;
  return items.length >= count;
}

const readIdOnly: Reader<string> = (value, path) => field(asObject(value, path), 'id', asId, path);

/** Ids go into the path; never let one add path segments or a query, or be "." or "..". */
function segment(id: string, what = 'DeskPRO ticket'): string {
  return pathSegment(id, what);
}

function hasData(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'data' in body && (body as { data: unknown }).data !== null;
}

/** The id at the end of a 201's Location (`.../api/v2/tickets/123`). */
function createdId(response: HttpResponse<unknown>, what: string): string {
  const location = response.headers['location'];
  const id = location ? /\/(\d+)\/?(?:[?#].*)?$/.exec(location)?.[1] : undefined;
  if (!id) throw new HelpdeskError('protocol', `Unexpected DeskPRO response: the new ${what} came back without data or a Location`);
  return id;
}
