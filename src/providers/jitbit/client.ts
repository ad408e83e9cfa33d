// The Jitbit API requests, one method per endpoint, each returning checked records
// (schema.ts). Parameters go as query strings (GET) or form fields (POST), multipart when
// files are attached; never JSON, which the API documents as unsupported. No caching and
// no model mapping here: that is provider.ts.
import { HelpdeskError } from '../../helpdesk/errors';
import { backoffDelay, retryAfterDelay, sleep } from '../../helpdesk/http/retry';
import type { HttpRequest, HttpResponse, QueryValue } from '../../helpdesk/http/types';
import type { UploadFile } from '../../helpdesk/model';
import type { JitbitTransport } from './guard';
import {
  type JbCategory,
  type JbComment,
  type JbMe,
  type JbPerson,
  type JbTemplate,
  type JbTicketDetail,
  type JbTicketSummary,
  readBody,
  readCategory,
  readComment,
  readCreatedId,
  readList,
  readMe,
  readPerson,
  readTemplate,
  readTicketDetail,
  readTicketSummary,
} from './schema';

/** Largest `count` `/api/Tickets` serves. */
export const MAX_PAGE_SIZE = 300;

/**
 * A 429 on a write means the server refused it before acting, so it is safe to send again
 * after the wait. Reads are retried by the shared client already; writes are not, so they
 * get this bounded policy: Retry-After when sent (up to 10 s), else a short backoff.
 */
const WRITE_RETRIES_ON_429 = 2;
const MAX_WRITE_WAIT_MS = 10_000;
const WRITE_BACKOFF_BASE_MS = 1_000;

export type TicketMode = 'all' | 'unanswered' | 'unclosed' | 'handledbyme';

export interface TicketListParams {
  mode: TicketMode;
  statusId?: number;
  count: number;
  offset: number;
}

/** Form values as sent: numbers and booleans become their text. */
export type FormFields = Record<string, string | number | boolean | undefined>;

export interface ClientOptions {
  /** Waits between write retries; tests make it instant. */
  sleep?: (ms: number) => Promise<void>;
}

export class JitbitClient {
  private readonly wait: (ms: number) => Promise<void>;

  constructor(
    private readonly http: JitbitTransport,
    options: ClientOptions = {},
  ) {
    this.wait = options.sleep ?? ((ms) => sleep(ms));
  }

  /** The signed-in user: the connection test. */
  async me(): Promise<JbMe> {
    let response: HttpResponse<unknown>;
    try {
      response = await this.http.request<unknown>({ method: 'POST', path: 'Authorization' });
    } catch (error) {
      // Inferred: some versions only route GET here; 405 says so before any login is checked.
      if (!(error instanceof HelpdeskError) || error.status !== 405) throw error;
      response = await this.get('Authorization');
    }
    return readBody(response.body, readMe, 'user');
  }

  async tickets(params: TicketListParams): Promise<JbTicketSummary[]> {
    const response = await this.get('Tickets', {
      mode: params.mode,
      statusId: params.statusId,
      count: params.count,
      offset: params.offset,
    });
    return readList(response.body, readTicketSummary, 'tickets');
  }

  /**
   * `/api/Search`: every match in one answer (it takes no count or offset; the provider
   * pages the result itself).
   */
  async search(query: string): Promise<JbTicketSummary[]> {
    const response = await this.get('Search', { query });
    return readList(response.body, readTicketSummary, 'tickets');
  }

  async ticket(id: number): Promise<JbTicketDetail> {
    return readBody((await this.get('ticket', { id })).body, readTicketDetail, 'ticket');
  }

  async comments(ticketId: number): Promise<JbComment[]> {
    return readList((await this.get('comments', { id: ticketId })).body, readComment, 'comments');
  }

  /** Posts a comment; returns its id when the server says it. */
  async postComment(ticketId: number, body: string, forTechsOnly: boolean, files: readonly UploadFile[]): Promise<string | undefined> {
    const fields: FormFields = { id: ticketId, body, forTechsOnly };
    const response = await this.write<string>('comment', fields, files, 'text');
    return readCreatedId(response.body ?? '');
  }

  /** Creates a ticket; returns its id. */
  async createTicket(fields: FormFields, files: readonly UploadFile[]): Promise<string> {
    const response = await this.write<string>('ticket', fields, files, 'text');
    const id = readCreatedId(response.body ?? '');
    if (id === undefined) {
      throw new HelpdeskError('protocol', 'Unexpected Jitbit response: creating the ticket did not return its number');
    }
    return id;
  }

  async updateTicket(fields: FormFields): Promise<void> {
    await this.write('UpdateTicket', fields, [], 'none');
  }

  async closeTicket(ticketId: number): Promise<void> {
    await this.write('Close', { id: ticketId }, [], 'none');
  }

  async categories(): Promise<JbCategory[]> {
    return readList((await this.get('categories')).body, readCategory, 'categories');
  }

  async techsForCategory(categoryId: string): Promise<JbPerson[]> {
    return readList((await this.get('TechsForCategory', { id: categoryId })).body, readPerson, 'techs');
  }

  async commentTemplates(): Promise<JbTemplate[]> {
    return readList((await this.get('CommentTemplates')).body, readTemplate, 'templates');
  }

  async userByEmail(email: string): Promise<JbPerson> {
    return readBody((await this.get('UserByEmail', { email })).body, readPerson, 'user');
  }

  attachment(fileId: string): Promise<HttpResponse<Uint8Array>> {
    return this.http.request<Uint8Array>({ method: 'GET', path: 'attachment', query: { id: fileId }, expect: 'bytes' });
  }

  dispose(): Promise<void> {
    return this.http.close();
  }

  private get(path: string, query?: Record<string, QueryValue>): Promise<HttpResponse<unknown>> {
    return this.http.request<unknown>({ method: 'GET', path, ...(query && { query }) });
  }

  /** A POST as form fields, or multipart with `uploadFile` parts when files come along. */
  private async write<T>(path: string, fields: FormFields, files: readonly UploadFile[], expect: HttpRequest['expect']): Promise<HttpResponse<T>> {
    for (let retry = 0; ; retry++) {
      const req: HttpRequest = { method: 'POST', path, expect };
      if (files.length > 0) req.multipart = multipartOf(fields, files);
      else req.form = fields;
      try {
        return await this.http.request<T>(req);
      } catch (error) {
        const delay = error instanceof HelpdeskError ? this.writeRetryDelay(error, retry) : undefined;
        if (delay === undefined) throw error;
        await this.wait(delay);
      }
    }
  }

  private writeRetryDelay(error: HelpdeskError, retry: number): number | undefined {
    if (error.kind !== 'rateLimited' || retry >= WRITE_RETRIES_ON_429) return undefined;
    const asked = error.retryAfterMs;
    if (asked === undefined) return backoffDelay(retry + 1, WRITE_BACKOFF_BASE_MS);
    // The server's wait has a floor: `Retry-After: 0` must not resend the write at once.
    return asked <= MAX_WRITE_WAIT_MS ? retryAfterDelay(asked, WRITE_BACKOFF_BASE_MS) : undefined;
  }
}

function multipartOf(fields: FormFields, files: readonly UploadFile[]): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined) form.append(name, String(value));
  }
  for (const file of files) {
    // Copied into a fresh ArrayBuffer: a Blob may not wrap a view on shared memory.
    form.append('uploadFile', new Blob([new Uint8Array(file.data)], { type: file.contentType }), file.name);
  }
  return form;
}
