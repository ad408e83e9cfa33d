// The DiamanteDesk API requests, one method per endpoint, each returning checked records
// (schema.ts). Paths are relative to OroPlatform's REST root (`/api/rest/{version}/`):
// the desk API under `desk/`, and the platform's own user routes, which the desk API lacks
// (it has no "who am I" for agents, and its `/users` are DiamanteDesk's customers). JSON
// both ways; updates are PATCH with only the fields that change, never PUT (which reads
// as "replace"). No caching and no model mapping here: that is provider.ts.
import { pathSegment } from '../common/pathSegment';
import type { HttpResponse, QueryValue } from '../../helpdesk/http/types';
import type { UploadFile } from '../../helpdesk/model';
import { asValidation } from './errors';
import type { DiamanteTransport } from './guard';
import { attachmentsInput } from './input';
import { readPaging, type Paging, type TicketFilters } from './queries';
import {
  type DdAttachment,
  type DdBranch,
  type DdComment,
  type DdTicket,
  type DdUser,
  readAttachment,
  readBody,
  readBranch,
  readComment,
  readList,
  readProfile,
  readTicket,
  readUser,
} from './schema';

const JSON_API = 'application/vnd.api+json';

export interface ListPage<T> {
  items: T[];
  paging: Paging;
}

export interface NewComment {
  content: string;
  ticket: number;
  /** Typed: `oro_1`. */
  author: string;
  ticketStatus: string;
  private: boolean;
}

export interface NewTicket {
  branch: number;
  subject: string;
  description: string;
  status: string;
  priority: string;
  source: string;
  reporter: string;
  assignee?: number;
}

/**
 * What a PATCH may change. `assignee` and `branch` take entities on the server, not ids:
 * only `assignee: null` (unassign) is accepted (see ASSIGN_UNSUPPORTED in provider.ts).
 */
export type TicketChanges = Partial<{ status: string; priority: string; assignee: null }>;

export class DiamanteClient {
  constructor(private readonly http: DiamanteTransport) {}

  /** OroPlatform's `GET user/filter?username=` (or `email=`): the signed-in agent, by login. */
  async platformUser(login: string): Promise<DdUser> {
    const query = login.includes('@') ? { email: login } : { username: login };
    return readBody((await this.get('user/filter', query)).body, readUser, 'user');
  }

  /** OroPlatform 2's `GET /api/userprofile` (JSON:API): the signed-in user, no permission needed. */
  async userProfile(url: string): Promise<DdUser> {
    const response = await this.http.request<unknown>({ method: 'GET', path: url, headers: { accept: JSON_API } });
    return readBody(response.body, readProfile, 'userprofile');
  }

  /** OroPlatform's user list: the agents a ticket can be assigned to. */
  async platformUsers(page: number, limit: number): Promise<DdUser[]> {
    return readList((await this.get('users', { page, limit })).body, readUser, 'users');
  }

  /** The desk API's `/users` (customers on the real server; the documents' only user list). */
  async deskUsers(page: number, limit: number): Promise<DdUser[]> {
    return readList((await this.get('desk/users', { page, limit })).body, readUser, 'users');
  }

  async deskUser(id: string): Promise<DdUser> {
    return readBody((await this.get(`desk/users/${pathSegment(id, 'DiamanteDesk user')}`)).body, readUser, 'user');
  }

  /** `GET /users/{email}/` (the route ends in a slash). */
  async deskUserByEmail(email: string): Promise<DdUser> {
    return readBody((await this.get(`desk/users/${pathSegment(email, 'DiamanteDesk user')}/`)).body, readUser, 'user');
  }

  async tickets(filters: TicketFilters, page: number, limit: number): Promise<ListPage<DdTicket>> {
    return this.list('desk/tickets', { ...filters, page, limit }, readTicket, 'tickets');
  }

  async searchTickets(filters: TicketFilters, page: number, limit: number): Promise<ListPage<DdTicket>> {
    return this.list('desk/tickets/search', { ...filters, page, limit }, readTicket, 'tickets');
  }

  /** By numeric id or key (`tickets/BRANCHB-3`); the detail carries comments and files. */
  async ticket(segment: string): Promise<DdTicket> {
    return readBody((await this.get(`desk/tickets/${segment}`)).body, readTicket, 'ticket');
  }

  async createTicket(body: NewTicket): Promise<DdTicket> {
    const response = await this.send('POST', 'desk/tickets', body);
    return readBody(response.body, readTicket, 'ticket');
  }

  /** By numeric id or key; only `changes` go in the body. The answer is the ticket, or nothing (204). */
  async patchTicket(segment: string, changes: TicketChanges): Promise<DdTicket | undefined> {
    const response = await this.send('PATCH', `desk/tickets/${segment}`, changes);
    return response.body === undefined ? undefined : readBody(response.body, readTicket, 'ticket');
  }

  async postComment(body: NewComment): Promise<DdComment> {
    return readBody((await this.send('POST', 'desk/comments', body)).body, readComment, 'comment');
  }

  async attachToComment(commentId: string, file: UploadFile): Promise<DdAttachment[]> {
    const path = `desk/comments/${pathSegment(commentId, 'DiamanteDesk comment')}/attachments`;
    return readList((await this.send('POST', path, attachmentsInput(file))).body, readAttachment, 'attachments');
  }

  async attachToTicket(ticketId: string, file: UploadFile): Promise<DdAttachment[]> {
    const path = `desk/tickets/${pathSegment(ticketId, 'DiamanteDesk ticket')}/attachments`;
    return readList((await this.send('POST', path, attachmentsInput(file))).body, readAttachment, 'attachments');
  }

  async branches(page: number, limit: number): Promise<ListPage<DdBranch>> {
    return this.list('desk/branches', { page, limit }, readBranch, 'branches');
  }

  download(url: string): Promise<HttpResponse<Uint8Array>> {
    return this.http.request<Uint8Array>({ method: 'GET', path: url, expect: 'bytes' });
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async list<T>(path: string, query: Record<string, QueryValue>, reader: (value: unknown, path: string) => T, name: string): Promise<ListPage<T>> {
    const response = await this.get(path, query);
    return { items: readList(response.body, reader, name), paging: readPaging(response.headers) };
  }

  private get(path: string, query?: Record<string, QueryValue>): Promise<HttpResponse<unknown>> {
    return this.http.request<unknown>({ method: 'GET', path, ...(query && { query }) });
  }

  private async send(method: 'POST' | 'PATCH', path: string, json: object): Promise<HttpResponse<unknown>> {
    try {
      return await this.http.request<unknown>({ method, path, json });
    } catch (error) {
      throw asValidation(error);
    }
  }
}
