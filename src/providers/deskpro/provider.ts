// DeskPRO API v2 as a HelpdeskProvider. Requests are in client.ts, JSON checks in
// schema.ts, model mapping in mapping.ts; this file decides which requests a call needs
// and keeps the per-instance caches (me, reference lists, a conversation's attachments).
import { HelpdeskError } from '../../helpdesk/errors';
import type { Logger } from '../../helpdesk/log';
import type {
  Attachment,
  Download,
  Message,
  Page,
  Person,
  ReplyInput,
  Ticket,
  TicketDraft,
  TicketPatch,
  TicketQuery,
  TicketStatus,
  UploadFile,
} from '../../helpdesk/model';
import type { Capabilities, HelpdeskProvider, ProviderContext, ReferenceData } from '../../helpdesk/provider';
import { decodePageCursor, encodePageCursor, type PagePosition } from '../common/cursor';
import { downloadOf } from '../common/download';
import { pathSegment } from '../common/pathSegment';
import { Lazy } from '../common/lazy';
import { changeStatusAfterReply } from '../common/statusAfterReply';
import { httpClientTransport, instanceHttpOptions, type TransportFactory } from '../common/transport';
import { deskproAuth, readAuthMethod } from './auth';
import {
  DeskproClient,
  type DeskproTransport,
  hasNextPage,
  MAX_PAGE_SIZE,
  type TicketChanges,
} from './client';
import { parseDeskproErrorBody } from './errors';
import { blobsField, optionalId, requesterValue } from './input';
import {
  DOCUMENTED_STATUSES,
  mapAttachment,
  mapMessage,
  mapPerson,
  mapStatus,
  mapTicket,
  namesById,
  type TicketLookups,
} from './mapping';
import { type DpAttachment, type DpBlob, type DpMe, type DpNamed, type DpPerson, linkedPeople } from './schema';
import { clampPageSize, ticketFilters } from './queries';
import { apiRoot, normalizeBaseUrl } from './url';

export const DESKPRO_CAPABILITIES: Capabilities = {
  views: [
    { kind: 'mine', label: 'My Tickets' },
    { kind: 'unassigned', label: 'Unassigned' },
    { kind: 'open', label: 'All Open' },
  ],
  internalNotes: true,
  changeStatus: true,
  // The v2 reply body has no status field, so it takes a second request (PUT ticket) either
  // way. Saying false lets the panel send that PUT itself after the reply has succeeded and
  // its draft is cleared, so a failed status change can never lead to a reply sent twice.
  // reply() still honours `newStatus` for callers that pass it.
  statusOnReply: false,
  assign: true,
  priority: true,
  departmentLabel: 'Department',
  attachOnReply: true,
  attachOnCreate: true,
  search: true,
  totalCount: true,
  // GET /tickets filters by `status` and orders by `date_created` / `date_last_user_reply`.
  listFilters: ['status'],
  listSorts: ['activity', 'created'],
  cannedReplies: false,
};

/** Messages per page: the largest the API serves, so long threads take few round trips. */
const MESSAGE_PAGE_SIZE = MAX_PAGE_SIZE;

interface NameLookups {
  priorities: ReadonlyMap<string, string>;
  departments: ReadonlyMap<string, string>;
  statusNames: ReadonlyMap<string, string>;
}

/** A conversation's attachments, loaded with its first page and reused for the next pages. */
interface AttachmentCache {
  ticketId: string;
  byId: Map<string, Attachment>;
  byMessage: Map<string, Attachment[]>;
}

export class DeskproProvider implements HelpdeskProvider {
  readonly type = 'deskpro' as const;
  readonly capabilities = DESKPRO_CAPABILITIES;

  private readonly api: DeskproClient;
  private readonly baseUrl: string;
  private readonly log: Logger;
  private readonly me = new Lazy<DpMe>(() => this.api.me());
  private readonly priorities = new Lazy<DpNamed[]>(() => this.api.priorities());
  private readonly departments = new Lazy<DpNamed[]>(() => this.api.departments());
  private readonly statuses = new Lazy<DpNamed[] | undefined>(() => this.api.statuses());
  private readonly agents = new Lazy<DpPerson[]>(() => this.api.agents());
  /** Reference lists the account may not read are left out of ticket names, not fatal. */
  private readonly unreadable = new Set<string>();
  private attachmentCache: AttachmentCache | undefined;

  constructor(context: ProviderContext, createTransport: TransportFactory<DeskproTransport> = httpClientTransport) {
    this.baseUrl = normalizeBaseUrl(context.config.baseUrl);
    this.log = context.log;
    const auth = deskproAuth(context.credentials.secret, readAuthMethod(context.config.authMethod));
    const secrets = [context.credentials.secret, auth.credential, auth.credential.split(':').slice(1).join(':')];
    const transport = createTransport(
      instanceHttpOptions(context, { apiRoot: apiRoot(this.baseUrl), authorization: auth.header, parseErrorBody: parseDeskproErrorBody, secrets }),
    );
    this.api = new DeskproClient(transport);
  }

  async whoAmI(): Promise<Person> {
    // Always asks the server: this is the connection test. The answer refreshes the cache.
    const me = await this.api.me();
    this.me.set(me);
    return personOfMe(me);
  }

  async listTickets(query: TicketQuery, cursor?: string, pageSize?: number): Promise<Page<Ticket>> {
    const position: PagePosition = cursor ? decodePageCursor(cursor) : { page: 1, count: clampPageSize(pageSize) };
    const filters = await ticketFilters(query, async () => (await this.me.get()).personId, async () => (await this.nameLookups()).statusNames);
    // A status filter outside the view's statuses (Resolved on All Open): nothing to ask for.
    if (!filters) return { items: [], total: 0 };
    const [collection, names] = await Promise.all([
      this.api.tickets(filters, position.page, position.count),
      this.nameLookups(),
    ]);
    const lookups: TicketLookups = { baseUrl: this.baseUrl, people: linkedPeople(collection.linked), ...names };
    const page: Page<Ticket> = { items: collection.items.map((ticket) => mapTicket(ticket, lookups)) };
    if (hasNextPage(collection, position.page, position.count) && collection.items.length > 0) {
      page.next = encodePageCursor({ page: position.page + 1, count: position.count });
    }
    if (collection.paging.total !== undefined) page.total = collection.paging.total;
    return page;
  }

  async getTicket(id: string): Promise<Ticket> {
    checkTicketId(id);
    const [resource, names] = await Promise.all([this.api.ticket(id), this.nameLookups()]);
    return mapTicket(resource.item, { baseUrl: this.baseUrl, people: linkedPeople(resource.linked), ...names });
  }

  async listMessages(ticketId: string, cursor?: string): Promise<Page<Message>> {
    checkTicketId(ticketId);
    const position: PagePosition = cursor ? decodePageCursor(cursor) : { page: 1, count: MESSAGE_PAGE_SIZE };
    // The first page reloads the ticket's attachment list; later pages reuse it.
    const cached = cursor === undefined ? undefined : this.cachedAttachments(ticketId);
    const [collection, loaded] = await Promise.all([
      this.api.messages(ticketId, position.page, position.count),
      cached ? Promise.resolve(cached) : this.loadAttachments(ticketId),
    ]);
    let attachments = loaded;
    // A message newer than the cached list (a reply sent meanwhile): refresh it once.
    const wanted = collection.items.flatMap((message) => message.attachmentIds ?? []);
    if (cached && wanted.some((id) => !cached.byId.has(id))) attachments = await this.loadAttachments(ticketId);

    const people = linkedPeople(collection.linked);
    const page: Page<Message> = {
      items: collection.items.map((message) =>
        mapMessage(message, { people, attachments: attachments.byId, attachmentsByMessage: attachments.byMessage }),
      ),
    };
    if (hasNextPage(collection, position.page, position.count) && collection.items.length > 0) {
      page.next = encodePageCursor({ page: position.page + 1, count: position.count });
    }
    if (collection.paging.total !== undefined) page.total = collection.paging.total;
    return page;
  }

  async reply(ticketId: string, input: ReplyInput): Promise<Message> {
    // Before the uploads: files sent for a reply that cannot be posted would be orphans.
    checkTicketId(ticketId);
    const blobs = await this.uploadAll(input.attachments);
    const created = await this.api.postMessage(ticketId, {
      message: input.bodyHtml,
      format: 'html',
      is_note: input.internal,
      ...blobsField(blobs),
    });
    const newStatus = input.newStatus;
    if (newStatus !== undefined) await changeStatusAfterReply(() => this.api.updateTicket(ticketId, { status: newStatus }));
    const hasAttachments = (created.attachmentIds?.length ?? 0) > 0 || blobs.length > 0;
    const attachments = hasAttachments ? await this.loadAttachments(ticketId) : emptyAttachments(ticketId);
    const me = await this.me.get().catch(() => undefined);
    return mapMessage(created, {
      people: new Map(),
      attachments: attachments.byId,
      attachmentsByMessage: attachments.byMessage,
      fallbackAuthor: (personId) => (me && (personId === undefined || personId === me.personId) ? personOfMe(me) : undefined),
    });
  }

  async createTicket(draft: TicketDraft): Promise<Ticket> {
    const person = draft.requester?.trim()
      ? requesterValue(draft.requester.trim())
      : Number((await this.me.get()).personId);
    const blobs = await this.uploadAll(draft.attachments);
    const id = await this.api.createTicket({
      subject: draft.subject,
      person,
      message: { message: draft.bodyHtml, format: 'html', ...blobsField(blobs) },
      ...optionalId('department', draft.department),
      ...optionalId('priority', draft.priority),
      ...optionalId('agent', draft.agent),
    });
    return this.getTicket(id);
  }

  async updateTicket(id: string, patch: TicketPatch): Promise<Ticket> {
    checkTicketId(id);
    const changes: TicketChanges = {
      ...(patch.status !== undefined && { status: patch.status }),
      ...optionalId('priority', patch.priority),
      ...optionalId('department', patch.department),
      // DeskPRO unassigns with agent 0.
      ...(patch.agent === null ? { agent: 0 } : optionalId('agent', patch.agent)),
    };
    if (Object.keys(changes).length > 0) await this.api.updateTicket(id, changes);
    return this.getTicket(id);
  }

  async referenceData(): Promise<ReferenceData> {
    const [statuses, priorities, departments, agents] = await Promise.all([
      this.statuses.get(),
      this.priorities.get(),
      this.departments.get(),
      this.agents.get(),
    ]);
    return {
      statuses: statusList(statuses),
      priorities: priorities.map(({ id, name }) => ({ id, name })),
      departments: departments.map(({ id, name }) => ({ id, name })),
      agents: agents.map((agent) => mapPerson(agent, true)),
    };
  }

  async download(attachment: Attachment): Promise<Download> {
    return downloadOf(attachment, await this.api.download(attachment.downloadRef));
  }

  dispose(): Promise<void> {
    return this.api.close();
  }

  // ---- helpers ---------------------------------------------------------------------

  /** Priority, department and status names for mapping tickets, from the cached lists. */
  private async nameLookups(): Promise<NameLookups> {
    const [priorities, departments, statuses] = await Promise.all([
      this.readable('priorities', this.priorities),
      this.readable('departments', this.departments),
      this.readable('statuses', this.statuses),
    ]);
    return {
      priorities: namesById(priorities ?? []),
      departments: namesById(departments ?? []),
      statusNames: namesById(statuses ?? []),
    };
  }

  /** A reference list, or undefined when this account may not read it (tickets still list). */
  private async readable<T>(name: string, list: Lazy<T[] | undefined>): Promise<T[] | undefined> {
    if (this.unreadable.has(name)) return undefined;
    try {
      return await list.get();
    } catch (error) {
      if (error instanceof HelpdeskError && (error.kind === 'forbidden' || error.kind === 'notFound')) {
        this.unreadable.add(name);
        this.log.warn(`DeskPRO: cannot read ${name} (${error.message}); showing ids instead of names.`);
        return undefined;
      }
      throw error;
    }
  }

  private cachedAttachments(ticketId: string): AttachmentCache | undefined {
    return this.attachmentCache?.ticketId === ticketId ? this.attachmentCache : undefined;
  }

  private async loadAttachments(ticketId: string): Promise<AttachmentCache> {
    const list = await this.api.attachments(ticketId);
    const cache = indexAttachments(ticketId, list);
    this.attachmentCache = cache;
    return cache;
  }

  /** One at a time: a helpdesk with a per-key rate limit should not see a burst. */
  private async uploadAll(files: readonly UploadFile[]): Promise<DpBlob[]> {
    const blobs: DpBlob[] = [];
    for (const file of files) blobs.push(await this.api.uploadBlob(file));
    return blobs;
  }
}

function personOfMe(me: DpMe): Person {
  return me.person ? mapPerson(me.person, true) : { id: me.personId, name: `#${me.personId}`, isAgent: true };
}

function indexAttachments(ticketId: string, list: readonly DpAttachment[]): AttachmentCache {
  const byId = new Map<string, Attachment>();
  const byMessage = new Map<string, Attachment[]>();
  for (const item of list) {
    const attachment = mapAttachment(item);
    byId.set(item.id, attachment);
    if (item.messageId !== undefined) byMessage.set(item.messageId, [...(byMessage.get(item.messageId) ?? []), attachment]);
  }
  return { ticketId, byId, byMessage };
}

function emptyAttachments(ticketId: string): AttachmentCache {
  return { ticketId, byId: new Map(), byMessage: new Map() };
}

/**
 * The statuses a user may pick. `hidden` (spam, deleted, awaiting validation) is left out:
 * choosing it from a status menu would silently make a ticket disappear.
 */
function statusList(fromServer: readonly DpNamed[] | undefined): TicketStatus[] {
  const offered = (fromServer ?? []).filter((entry) => entry.id !== 'hidden' && !entry.id.startsWith('hidden.'));
  if (offered.length === 0) return [...DOCUMENTED_STATUSES];
  const names = namesById(offered);
  return offered.map((entry) => mapStatus(entry.id, names));
}

/**
 * A ticket id from a links file or a command goes into request paths; refused up front
 * (before lookups or uploads start) when it could not be one segment of its own.
 */
function checkTicketId(id: string): void {
  pathSegment(id, 'DeskPRO ticket');
}
