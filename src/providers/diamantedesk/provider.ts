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
import { HandOff } from '../common/handOff';
import { decodePageCursor, encodePageCursor, type PagePosition } from '../common/cursor';
import { downloadOf } from '../common/download';
import { Lazy } from '../common/lazy';
import { changeStatusAfterReply } from '../common/statusAfterReply';
import { httpClientTransport, type TransportFactory } from '../common/transport';
import { fitDiamanteAllowlist } from './allowedHtml';
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
import { MovedTickets } from './moved';
import { People } from './people';
import {
  clampPageSize,
  type ListRequest,
  listRequest,
  nextPage,
  searchQuery,
  subjectFilter,
  TicketCountCheck,
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
  // The API cannot assign a ticket once it exists (see ASSIGN_UNSUPPORTED); it can only
  // unassign one, or name the assignee when creating it.
  assign: false,
  priority: true,
  departmentLabel: 'Branch',
  // PATCH {branch} fails on the server (Doctrine wants the entity): a ticket stays in its branch.
  changeDepartment: false,
  attachOnReply: true,
  attachOnCreate: true,
  search: true,
  totalCount: true,
  // GET /tickets orders by any ticket property (`sort=updatedAt|createdAt`, `order=desc`).
  listSorts: ['activity', 'created'],
  cannedReplies: false,
  departmentRequiredOnCreate: true,
};

/**
 * Why an existing ticket cannot be given to an agent through the API: `PUT|PATCH
 * /tickets/{id}` stores the body's values on the ticket as they are (Ticket::updateProperties),
 * and an agent's id is not the user entity Doctrine needs, so the server answers 500; the
 * service's assignTicket has no API route, and OroPlatform 2.1's Data API does not expose
 * DiamanteDesk's tickets. `assignee: null` (unassign) and an assignee on create do work.
 */
export const ASSIGN_UNSUPPORTED = "DiamanteDesk's API cannot assign an existing ticket to an agent; assign it in DiamanteDesk itself.";

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
  private readonly ticketCount = new TicketCountCheck();
  private readonly moved = new MovedTickets();
  /** Servers without `/tickets/search` get the documented `subject` filter instead. */
  private searchRoute: 'search' | 'subject' = 'search';
  private readonly prefetch: HandOff<Promise<DdTicket>>;

  constructor(context: ProviderContext, options: DiamanteDeskProviderOptions = {}) {
    this.baseUrl = normalizeBaseUrl(context.config.baseUrl);
    this.log = context.log;
    this.now = options.now ?? Date.now;
    this.prefetch = new HandOff(PREFETCH_FRESH_MS, this.now);
    this.maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
    const credentials = wsseCredentials(context.credentials);
    const clock = new ServerClock(this.now);
    const httpOptions: HttpClientOptions = {
      ...context.http,
      baseUrl: apiRoot(this.baseUrl, readApiVersion(context.config.apiVersion)),
      // Called once per attempt (retries and pages included): a new nonce every time.
      authHeaders: () => wsseHeaders(credentials, clock.created(), options.randomBytes),
      onResponse: (status, headers) => {
        clock.observe(status, headers);
        this.moved.observe(status, headers);
      },
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
    if (request.kind === 'unassigned') return this.unassignedPage(position, query.sort);
    const [{ list, counted }, lookups] = await Promise.all([this.fetchList(request, position), this.lookups()]);
    const page: Page<Ticket> = { items: list.items.map((ticket) => mapTicket(ticket, lookups)) };
    const received = list.items.length;
    const next = nextPage(position.page, position.count, received, list.paging);
    if (next !== undefined) page.next = encodePageCursor({ page: next, count: position.count });
    // The search route counts its own matches (no cross join); /tickets needs checking.
    const total =
      counted === 'search' ? totalOf(position.page, position.count, received, list.paging) : this.ticketCount.total(position.page, position.count, received, list.paging);
    if (total !== undefined) page.total = total;
    return page;
  }

  async getTicket(id: string): Promise<Ticket> {
    const segment = ticketSegment(id);
    const detail = this.loadTicket(id, segment);
    // The panel asks for the conversation next; it must not count as unhandled until then.
    detail.catch(() => undefined);
    this.prefetch.put(segment, detail);
    const ticket = await explainMissing(id, detail);
    await this.people.meet(ticket);
    return mapTicket(ticket, await this.lookups());
  }

  /** The whole conversation in one page: the detail carries every comment. */
  async listMessages(ticketId: string): Promise<Page<Message>> {
    const segment = ticketSegment(ticketId);
    const ticket = await explainMissing(ticketId, this.prefetch.take(segment) ?? this.loadTicket(ticketId, segment));
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
    const current = known === undefined || newStatus === undefined ? await explainMissing(ticketId, this.loadTicket(ticketId, segment)) : undefined;
    const ticketNumber = known ?? Number(current?.id);
    const comment = await this.api.postComment({
      content: fitDiamanteAllowlist(input.bodyHtml),
      ticket: ticketNumber,
      author: me.typedId,
      ticketStatus: newStatus ?? current?.status ?? 'new',
      private: input.internal,
    });
    this.prefetch.clear();
    const files = await attachAll('The reply was sent', input.attachments, (file) => this.api.attachToComment(comment.id, file));
    // Since DIAM-1799 the server ignores `ticketStatus` on a new comment: the change is
    // made explicitly (harmless where the comment already made it).
    if (newStatus !== undefined && newStatus !== current?.status) {
      await changeStatusAfterReply(() => this.api.patchTicket(String(ticketNumber), { status: newStatus }));
    }
    return mapComment(comment, await this.lookups(), files);
  }

  async createTicket(draft: TicketDraft): Promise<Ticket> {
    // The server's PrintType check refuses control characters (a tab, a line break) in a subject.
    const subject = draft.subject.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
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
      description: fitDiamanteAllowlist(draft.bodyHtml),
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
    if (typeof patch.agent === 'string') throw new HelpdeskError('unsupported', ASSIGN_UNSUPPORTED);
    // The same for a branch: `branch` takes the entity, not its id (500 on the server).
    if (patch.department !== undefined) throw new HelpdeskError('unsupported', "DiamanteDesk's API cannot move a ticket to another branch.");
    const changes: TicketChanges = {
      ...(patch.status !== undefined && { status: statusValue(patch.status) }),
      ...(patch.priority !== undefined && { priority: priorityValue(patch.priority) }),
      ...(patch.agent === null && { assignee: null }),
    };
    if (Object.keys(changes).length === 0) return this.getTicket(id);
    this.prefetch.clear();
    // PATCH, by id or key, with only what changes: PUT would read as "replace".
    const updated = await explainMissing(id, this.moved.follow(id, segment, (current) => this.api.patchTicket(current, changes)));
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
    this.prefetch.clear();
    return this.api.close();
  }

  // ---- helpers ---------------------------------------------------------------------

  private async fetchList(request: Exclude<ListRequest, { kind: 'unassigned' }>, position: PagePosition): Promise<{ list: ListPage<DdTicket>; counted: 'search' | 'tickets' }> {
    const { page, count } = position;
    if (request.kind === 'filter') return { list: await this.api.tickets(request.filters, page, count), counted: 'tickets' };
    if (this.searchRoute === 'search') {
      try {
        return { list: await this.api.searchTickets(searchQuery(request.text), page, count), counted: 'search' };
      } catch (error) {
        if (!(error instanceof HelpdeskError) || (error.kind !== 'notFound' && error.status !== 405)) throw error;
        this.searchRoute = 'subject';
        this.log.info('DiamanteDesk: no /tickets/search here; searching subjects with the ticket filter instead.');
      }
    }
    return { list: await this.api.tickets(subjectFilter(request.text), page, count), counted: 'tickets' };
  }

  /**
   * The server cannot filter on "no assignee", so pages of all tickets are read and the
   * unassigned, not closed ones kept. One call looks through pages until one has some, at
   * most MAX_SCAN_PAGES; the cursor points at the next unread server page.
   */
  private async unassignedPage(position: PagePosition, sort?: TicketQuery['sort']): Promise<Page<Ticket>> {
    const { count } = position;
    let page = position.page;
    const found: DdTicket[] = [];
    let next: number | undefined = page;
    for (let scanned = 0; next !== undefined && scanned < MAX_SCAN_PAGES && found.length === 0; scanned++) {
      page = next;
      const list = await this.api.tickets(unassignedScanFilters(sort), page, count);
      found.push(...list.items.filter((ticket) => ticket.assigneeId === undefined && ticket.status !== 'closed'));
      next = nextPage(page, count, list.items.length, list.paging);
    }
    const lookups = await this.lookups();
    const result: Page<Ticket> = { items: found.map((ticket) => mapTicket(ticket, lookups)) };
    if (next !== undefined) result.next = encodePageCursor({ page: next, count });
    return result;
  }

  /** A ticket's detail by id or key, following a key that moved with its ticket. */
  private loadTicket(id: string, segment: string): Promise<DdTicket> {
    return this.moved.follow(id, segment, (current) => this.api.ticket(current));
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

/**
 * Uploads files one request each; a failure says what was already done. An answer that
 * lists no attachment stored nothing: a body PHP dropped (over its post_max_size) reaches
 * the service without `attachmentsInput`, and the service then creates nothing.
 */
async function attachAll(done: string, files: readonly UploadFile[], upload: (file: UploadFile) => Promise<DdAttachment[]>): Promise<DdAttachment[]> {
  const attached: DdAttachment[] = [];
  for (const file of files) {
    try {
      const stored = await upload(file);
      if (stored.length === 0) {
        throw new HelpdeskError('server', 'the helpdesk answered without storing it (it may be larger than the server accepts)');
      }
      attached.push(...stored);
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

/**
 * The server serializes a comment's author by loading that user; when the user is gone
 * (an agent deleted), UserService throws a RuntimeException, which the API answers as a
 * 404 for the whole ticket. The ticket exists: saying it was deleted would be wrong.
 */
const AUTHOR_UNLOADABLE = /failed to load details for given user/i;

/** A ticket's 404 in words. */
async function explainMissing<T>(id: string, pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    const failure = toHelpdeskError(error);
    // A moved ticket's old key (moved.ts) says so itself.
    if (failure.kind !== 'notFound' || failure.status === 301) throw failure;
    if (AUTHOR_UNLOADABLE.test(failure.message)) {
      throw new HelpdeskError(
        'server',
        `DiamanteDesk cannot show ticket ${id} through its API: a comment on it is by a user who no longer exists, and the helpdesk fails to load that user. Open it in DiamanteDesk itself.`,
        { ...(failure.status !== undefined && { status: failure.status }), cause: failure },
      );
    }
    throw new HelpdeskError('notFound', `Ticket ${id} does not exist on this helpdesk; it may have been deleted.`, {
      ...(failure.status !== undefined && { status: failure.status }),
      cause: failure,
    });
  }
}
