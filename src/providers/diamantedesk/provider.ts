// DiamanteDesk as a HelpdeskProvider. Requests are in client.ts, JSON checks in schema.ts,
// model mapping in mapping.ts, WSSE in auth.ts, the server's clock in clock.ts, 401 safety in
// guard.ts, who is who (me, agents, customers) in people.ts; this file decides which requests
// a call needs and keeps the other per-instance caches (branches, a ticket's detail fetched
// a moment ago).
import { HelpdeskError, toHelpdeskError } from '../../helpdesk/errors';
import type { HttpClientOptions } from '../../helpdesk/http/types';
import type { Logger } from '../../helpdesk/log';
import type {
  Attachment,
  Download,
  DraftField,
  Message,
  Page,
  Person,
  ReplyInput,
  Ticket,
  TicketDraft,
  TicketPatch,
  TicketQuery,
  UploadFile,
} from '../../helpdesk/model';
import type { Capabilities, HelpdeskProvider, ProviderContext, ReferenceData } from '../../helpdesk/provider';
import { decodePageCursor, encodePageCursor, type PagePosition } from '../common/cursor';
import { downloadOf } from '../common/download';
import { Lazy } from '../common/lazy';
import { changeStatusAfterReply } from '../common/statusAfterReply';
import { httpClientTransport, type TransportFactory } from '../common/transport';
import { type RandomBytes, wsseCredentials, wsseHeaders } from './auth';
import { DiamanteClient, type ListPage, type NewTicket, type TicketChanges } from './client';
import { ServerClock } from './clock';
import { parseDiamanteErrorBody } from './errors';
import { CredentialGuard, type DiamanteTransport, guardedTransport } from './guard';
import {
  assigneeValue,
  branchValue,
  checkUploadSizes,
  DEFAULT_MAX_UPLOAD_BYTES,
  numericTicketId,
  priorityValue,
  sourceValue,
  statusValue,
  ticketSegment,
} from './input';
import { type Lookups, mapComment, mapConversation, mapTicket, PRIORITIES, SOURCES, STATUSES } from './mapping';
import { People } from './people';
import {
  clampPageSize,
  type ListRequest,
  listRequest,
  nextPage,
  searchQuery,
  subjectFilter,
  totalOf,
  unassignedScanFilters,
} from './queries';
import type { DdAttachment, DdBranch, DdTicket } from './schema';
import { apiRoot, downloadUrl, normalizeBaseUrl, readApiVersion } from './url';

export const DIAMANTEDESK_CAPABILITIES: Capabilities = {
  views: [
    { kind: 'mine', label: 'My Tickets' },
    { kind: 'unassigned', label: 'Unassigned' },
    // DiamanteDesk's own "Open" status: the filter takes one status, not a set.
    { kind: 'open', label: 'Open' },
    { kind: 'new', label: 'New' },
    { kind: 'pending', label: 'Pending' },
  ],
  internalNotes: true,
  changeStatus: true,
  statusOnReply: true,
  assign: true,
  priority: true,
  departmentLabel: 'Branch',
  attachOnReply: true,
  attachOnCreate: true,
  search: true,
  totalCount: true,
  cannedReplies: false,
  departmentRequiredOnCreate: true,
};

/** A ticket fetched by getTicket is reused by the panel's listMessages within this time. */
const PREFETCH_FRESH_MS = 15_000;
/** The branch list is read whole, and stops here rather than page forever. */
const BRANCH_PAGE_SIZE = 100;
const MAX_BRANCH_PAGES = 10;
/** Server pages one "unassigned" page may look through for tickets nobody has. */
const MAX_SCAN_PAGES = 5;

export interface DiamanteDeskProviderOptions {
  createTransport?: TransportFactory<DiamanteTransport>;
  now?: () => number;
  randomBytes?: RandomBytes;
  maxUploadBytes?: number;
}

interface Prefetch {
  segment: string;
  at: number;
  detail: Promise<DdTicket>;
}

export class DiamanteDeskProvider implements HelpdeskProvider {
  readonly type = 'diamantedesk' as const;
  readonly capabilities = DIAMANTEDESK_CAPABILITIES;

  private readonly api: DiamanteClient;
  private readonly people: People;
  private readonly baseUrl: string;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly maxUploadBytes: number;
  private readonly branches = new Lazy<DdBranch[]>(() => this.loadBranches());
  private readonly unreadable = new Set<string>();
  /** Servers without `/tickets/search` get the documented `subject` filter instead. */
  private searchRoute: 'search' | 'subject' = 'search';
  private prefetch: Prefetch | undefined;

  constructor(context: ProviderContext, options: DiamanteDeskProviderOptions = {}) {
    this.baseUrl = normalizeBaseUrl(context.config.baseUrl);
    this.log = context.log;
    this.now = options.now ?? Date.now;
    this.maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
    const credentials = wsseCredentials(context.credentials);
    const clock = new ServerClock(this.now);
    const httpOptions: HttpClientOptions = {
      ...context.http,
      baseUrl: apiRoot(this.baseUrl, readApiVersion(context.config.apiVersion)),
      // Called once per attempt (retries and pages included): a new nonce every time.
      authHeaders: () => wsseHeaders(credentials, clock.created(), options.randomBytes),
      onResponse: (status, headers) => clock.observe(status, headers),
      log: context.log,
      parseErrorBody: parseDiamanteErrorBody,
      secrets: [credentials.apiKey, context.credentials.secret].filter((secret) => secret.length >= 4),
    };
    const transport = (options.createTransport ?? httpClientTransport)(httpOptions);
    this.api = new DiamanteClient(guardedTransport(transport, new CredentialGuard(), clock, context.log));
    this.people = new People(this.api, credentials.username, this.baseUrl, context.log);
  }

  async whoAmI(): Promise<Person> {
    // Always asks the server: this is the connection test. The answer refreshes the cache.
    return (await this.people.identify()).person;
  }

  async listTickets(query: TicketQuery, cursor?: string, pageSize?: number): Promise<Page<Ticket>> {
    const request = await listRequest(query, async () => (await this.people.requireMe('list your tickets')).numericId);
    const position: PagePosition = cursor ? decodePageCursor(cursor) : { page: 1, count: clampPageSize(pageSize) };
    if (request.kind === 'unassigned') return this.unassignedPage(position);
    const [list, lookups] = await Promise.all([this.fetchList(request, position), this.lookups()]);
    const page: Page<Ticket> = { items: list.items.map((ticket) => mapTicket(ticket, lookups)) };
    const next = nextPage(position.page, position.count, list.items.length, list.paging);
    if (next !== undefined) page.next = encodePageCursor({ page: next, count: position.count });
    const total = totalOf(position.page, position.count, list.items.length, list.paging);
    if (total !== undefined) page.total = total;
    return page;
  }

  async getTicket(id: string): Promise<Ticket> {
    const segment = ticketSegment(id);
    const detail = this.api.ticket(segment);
    // The panel asks for the conversation next; it must not count as unhandled until then.
    detail.catch(() => undefined);
    this.prefetch = { segment, at: this.now(), detail };
    const ticket = await explainMissing(id, detail);
    await this.people.meet(ticket);
    return mapTicket(ticket, await this.lookups());
  }

  /** The whole conversation in one page: the detail carries every comment. */
  async listMessages(ticketId: string): Promise<Page<Message>> {
    const segment = ticketSegment(ticketId);
    const ticket = await explainMissing(ticketId, this.takePrefetch(segment) ?? this.api.ticket(segment));
    await this.people.meet(ticket);
    return { items: mapConversation(ticket, await this.lookups()) };
  }

  async reply(ticketId: string, input: ReplyInput): Promise<Message> {
    checkUploadSizes(input.attachments, this.maxUploadBytes);
    const segment = ticketSegment(ticketId);
    const me = await this.people.requireMe('reply');
    const newStatus = input.newStatus !== undefined ? statusValue(input.newStatus) : undefined;
    const known = numericTicketId(ticketId);
    // `ticketStatus` is required: the current status, unless the user picked another. The
    // comment names its ticket by number, so a key is looked up too.
    const current = known === undefined || newStatus === undefined ? await explainMissing(ticketId, this.api.ticket(segment)) : undefined;
    const ticketNumber = known ?? Number(current?.id);
    const comment = await this.api.postComment({
      content: input.bodyHtml,
      ticket: ticketNumber,
      author: me.typedId,
      ticketStatus: newStatus ?? current?.status ?? 'new',
      private: input.internal,
    });
    this.prefetch = undefined;
    const files = await attachAll('The reply was sent', input.attachments, (file) => this.api.attachToComment(comment.id, file));
    // Since DIAM-1799 the server ignores `ticketStatus` on a new comment: the change is
    // made explicitly (harmless where the comment already made it).
    if (newStatus !== undefined && newStatus !== current?.status) {
      await changeStatusAfterReply(() => this.api.patchTicket(String(ticketNumber), { status: newStatus }));
    }
    return mapComment(comment, await this.lookups(), files);
  }

  async createTicket(draft: TicketDraft): Promise<Ticket> {
    const subject = draft.subject.trim();
    if (subject === '') throw new HelpdeskError('validation', 'Enter a subject for the ticket.', { fields: { subject: ['Required.'] } });
    if (draft.bodyHtml.trim() === '') {
      throw new HelpdeskError('validation', 'Enter a description for the ticket.', { fields: { description: ['Required.'] } });
    }
    if (draft.department === undefined || draft.department.trim() === '') {
      throw new HelpdeskError('validation', 'Choose a branch for the ticket.', { fields: { department: ['Required.'] } });
    }
    const branch = branchValue(draft.department);
    const priority = draft.priority ? priorityValue(draft.priority) : 'medium';
    const source = sourceValue(draft.fields?.source);
    const assignee = draft.agent ? assigneeValue(draft.agent) : undefined;
    checkUploadSizes(draft.attachments, this.maxUploadBytes);
    const body: NewTicket = {
      branch,
      subject,
      description: draft.bodyHtml,
      status: 'new',
      priority,
      source,
      reporter: await this.people.reporterFor(draft.requester),
      ...(assignee !== undefined && { assignee }),
    };
    const created = await this.api.createTicket(body);
    const what = `The ticket ${created.key ?? `#${created.id}`} was created`;
    await attachAll(what, draft.attachments, (file) => this.api.attachToTicket(created.id, file));
    return mapTicket(created, await this.lookups());
  }

  async updateTicket(id: string, patch: TicketPatch): Promise<Ticket> {
    const segment = ticketSegment(id);
    const changes: TicketChanges = {
      ...(patch.status !== undefined && { status: statusValue(patch.status) }),
      ...(patch.priority !== undefined && { priority: priorityValue(patch.priority) }),
      ...(patch.agent === null && { assignee: null }),
      ...(typeof patch.agent === 'string' && { assignee: assigneeValue(patch.agent) }),
      ...(patch.department !== undefined && { branch: branchValue(patch.department) }),
    };
    if (Object.keys(changes).length === 0) return this.getTicket(id);
    this.prefetch = undefined;
    // PATCH, by id or key, with only what changes: PUT would read as "replace".
    const updated = await explainMissing(id, this.api.patchTicket(segment, changes));
    return updated ? mapTicket(updated, await this.lookups()) : this.getTicket(id);
  }

  async referenceData(): Promise<ReferenceData> {
    const [branches, agents] = await Promise.all([this.branches.get(), this.people.agents.get()]);
    return {
      statuses: STATUSES.map((status) => ({ ...status })),
      priorities: [...PRIORITIES],
      departments: branches.map(({ id, name }) => ({ id, name })),
      agents,
    };
  }

  async createTicketFields(): Promise<DraftField[]> {
    return [
      {
        name: 'source',
        label: 'Source',
        type: 'choice',
        required: true,
        options: [...SOURCES],
        defaultValue: 'web',
        description: 'How the request reached the helpdesk.',
      },
    ];
  }

  async download(attachment: Attachment): Promise<Download> {
    if (attachment.downloadRef === '') {
      throw new HelpdeskError('unsupported', `DiamanteDesk did not say where "${attachment.name}" can be downloaded from.`);
    }
    return downloadOf(attachment, await this.api.download(downloadUrl(attachment.downloadRef, this.baseUrl)));
  }

  dispose(): Promise<void> {
    this.prefetch = undefined;
    return this.api.close();
  }

  // ---- helpers ---------------------------------------------------------------------

  private async fetchList(request: Exclude<ListRequest, { kind: 'unassigned' }>, position: PagePosition): Promise<ListPage<DdTicket>> {
    const { page, count } = position;
    if (request.kind === 'filter') return this.api.tickets(request.filters, page, count);
    if (this.searchRoute === 'search') {
      try {
        return await this.api.searchTickets(searchQuery(request.text), page, count);
      } catch (error) {
        if (!(error instanceof HelpdeskError) || (error.kind !== 'notFound' && error.status !== 405)) throw error;
        this.searchRoute = 'subject';
        this.log.info('DiamanteDesk: no /tickets/search here; searching subjects with the ticket filter instead.');
      }
    }
    return this.api.tickets(subjectFilter(request.text), page, count);
  }

  /**
   * The server cannot filter on "no assignee", so pages of all tickets are read and the
   * unassigned, not closed ones kept. One call looks through pages until one has some, at
   * most MAX_SCAN_PAGES; the cursor points at the next unread server page.
   */
  private async unassignedPage(position: PagePosition): Promise<Page<Ticket>> {
    const { count } = position;
    let page = position.page;
    const found: DdTicket[] = [];
    let next: number | undefined = page;
    for (let scanned = 0; next !== undefined && scanned < MAX_SCAN_PAGES && found.length === 0; scanned++) {
      page = next;
      const list = await this.api.tickets(unassignedScanFilters(), page, count);
      found.push(...list.items.filter((ticket) => ticket.assigneeId === undefined && ticket.status !== 'closed'));
      next = nextPage(page, count, list.items.length, list.paging);
    }
    const lookups = await this.lookups();
    const result: Page<Ticket> = { items: found.map((ticket) => mapTicket(ticket, lookups)) };
    if (next !== undefined) result.next = encodePageCursor({ page: next, count });
    return result;
  }

  private takePrefetch(segment: string): Promise<DdTicket> | undefined {
    const prefetch = this.prefetch;
    this.prefetch = undefined;
    if (!prefetch || prefetch.segment !== segment || this.now() - prefetch.at > PREFETCH_FRESH_MS) return undefined;
    return prefetch.detail;
  }

  /** Branch names and the people met so far, for mapping. */
  private async lookups(): Promise<Lookups> {
    const [branches] = await Promise.all([this.readable('branches', this.branches), this.readable('agents', this.people.agents)]);
    return {
      baseUrl: this.baseUrl,
      branches: new Map((branches ?? []).map((branch) => [branch.id, branch.name])),
      person: (typedId) => this.people.get(typedId),
    };
  }

  /** A reference list, or undefined when this account may not read it (tickets still list). */
  private async readable<T>(name: string, list: Lazy<T[]>): Promise<T[] | undefined> {
    if (this.unreadable.has(name)) return undefined;
    try {
      return await list.get();
    } catch (error) {
      if (error instanceof HelpdeskError && (error.kind === 'forbidden' || error.kind === 'notFound')) {
        this.unreadable.add(name);
        this.log.warn(`DiamanteDesk: cannot read ${name} (${error.message}); showing ids instead of names.`);
        return undefined;
      }
      throw error;
    }
  }

  private async loadBranches(): Promise<DdBranch[]> {
    const all: DdBranch[] = [];
    for (let page = 1; page <= MAX_BRANCH_PAGES; page++) {
      const list = await this.api.branches(page, BRANCH_PAGE_SIZE);
      all.push(...list.items);
      if (nextPage(page, BRANCH_PAGE_SIZE, list.items.length, list.paging) === undefined) break;
    }
    return all;
  }

}

/** Uploads files one request each; a failure says what was already done. */
async function attachAll(done: string, files: readonly UploadFile[], upload: (file: UploadFile) => Promise<DdAttachment[]>): Promise<DdAttachment[]> {
  const attached: DdAttachment[] = [];
  for (const file of files) {
    try {
      attached.push(...(await upload(file)));
    } catch (error) {
      const cause = toHelpdeskError(error);
      throw new HelpdeskError(cause.kind, `${done}, but "${file.name}" was not attached: ${cause.message}`, {
        ...(cause.status !== undefined && { status: cause.status }),
        ...(cause.fields && { fields: cause.fields }),
        cause,
      });
    }
  }
  return attached;
}

/** A ticket's 404 in words. */
async function explainMissing<T>(id: string, pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    const failure = toHelpdeskError(error);
    if (failure.kind !== 'notFound') throw failure;
    throw new HelpdeskError('notFound', `Ticket ${id} does not exist on this helpdesk; it may have been deleted.`, {
      ...(failure.status !== undefined && { status: failure.status }),
      cause: failure,
    });
  }
}
