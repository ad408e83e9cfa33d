// Jitbit Helpdesk (and Destek Sitesi, its white label) as a HelpdeskProvider. Requests
// are in client.ts, JSON checks in schema.ts, model mapping in mapping.ts, lockout safety
// in guard.ts; this file decides which requests a call needs and keeps the per-instance
// caches (me, categories, techs, canned replies, status names seen on tickets).
import { HelpdeskError, toHelpdeskError } from '../../helpdesk/errors';
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
} from '../../helpdesk/model';
import type {
  Capabilities,
  CannedReply,
  HelpdeskProvider,
  ProviderContext,
  ReferenceData,
} from '../../helpdesk/provider';
import { decodeOffsetCursor, encodeOffsetCursor, type OffsetPosition } from '../common/cursor';
import { downloadOf } from '../common/download';
import { HandOff } from '../common/handOff';
import { Lazy } from '../common/lazy';
import { changeStatusAfterReply } from '../common/statusAfterReply';
import { httpClientTransport, instanceHttpOptions, type TransportFactory } from '../common/transport';
import { jitbitAuth } from './auth';
import { type FormFields, JitbitClient } from './client';
import { parseJitbitErrorBody } from './errors';
import { CredentialGuard, guardedTransport, type JitbitTransport } from './guard';
import { isEmailAddress, jitbitId, jitbitPriority } from './input';
import {
  CLOSED_STATUS_ID,
  detectBodyFormat,
  mapAttachment,
  mapComment,
  mapConversation,
  mapPerson,
  mapStatus,
  mapTicket,
  mapTicketDetail,
  PRIORITIES,
  STANDARD_STATUSES,
  type TicketLookups,
} from './mapping';
import { clampPageSize, listRequest } from './queries';
import type { JbCategory, JbComment, JbMe, JbPerson, JbTicketDetail, JbTicketSummary } from './schema';
import { apiRoot, normalizeBaseUrl } from './url';

export const JITBIT_CAPABILITIES: Capabilities = {
  views: [
    { kind: 'mine', label: 'My Tickets' },
    { kind: 'unanswered', label: 'Unanswered' },
    { kind: 'open', label: 'All Open' },
  ],
  internalNotes: true,
  changeStatus: true,
  // /api/comment takes no status: the panel changes it with a second request after the
  // reply has gone, so a failed status change can never lead to the reply sent twice.
  statusOnReply: false,
  assign: true,
  priority: true,
  departmentLabel: 'Category',
  attachOnReply: true,
  attachOnCreate: true,
  search: true,
  totalCount: false,
  cannedReplies: true,
};

/**
 * A conversation fetched with its ticket is reused by listMessages within this time: long
 * enough for the panel's next call, short enough that nothing stale is shown later.
 */
const PREFETCH_FRESH_MS = 15_000;
/** Techs are listed per category; a helpdesk with more categories is only asked about these. */
const MAX_CATEGORIES_FOR_TECHS = 25;

export interface JitbitProviderOptions {
  createTransport?: TransportFactory<JitbitTransport>;
  now?: () => number;
  /** Waits between write retries after a 429 (tests make it instant). */
  sleep?: (ms: number) => Promise<void>;
}

/** A ticket's detail and comments, fetched together by getTicket for the panel's next call. */
interface Prefetch {
  detail: Promise<JbTicketDetail>;
  comments: Promise<JbComment[]>;
}

export class JitbitProvider implements HelpdeskProvider {
  readonly type = 'jitbit' as const;
  readonly capabilities = JITBIT_CAPABILITIES;

  private readonly api: JitbitClient;
  private readonly guard = new CredentialGuard();
  private readonly baseUrl: string;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly me = new Lazy<JbMe>(() => this.api.me());
  private readonly categories = new Lazy<JbCategory[]>(() => this.api.categories());
  private readonly techs = new Lazy<JbPerson[]>(() => this.loadTechs());
  private readonly templates = new Lazy<CannedReply[]>(() => this.loadTemplates());
  /** Status names as this helpdesk shows them, learnt from tickets (there is no status list). */
  private readonly statusNames = new Map<string, string>();
  private readonly prefetch: HandOff<Prefetch>;

  constructor(context: ProviderContext, options: JitbitProviderOptions = {}) {
    this.baseUrl = normalizeBaseUrl(context.config.baseUrl);
    this.log = context.log;
    this.now = options.now ?? Date.now;
    this.prefetch = new HandOff(PREFETCH_FRESH_MS, this.now);
    const auth = jitbitAuth(context.credentials);
    const createTransport = options.createTransport ?? httpClientTransport;
    const transport = createTransport(
      instanceHttpOptions(context, { apiRoot: apiRoot(this.baseUrl), authorization: auth.header, parseErrorBody: parseJitbitErrorBody, secrets: auth.secrets }),
    );
    this.api = new JitbitClient(guardedTransport(transport, this.guard), options.sleep ? { sleep: options.sleep } : {});
  }

  async whoAmI(): Promise<Person> {
    // Always asks the server: this is the connection test. The answer refreshes the cache.
    let me: JbMe;
    try {
      me = await this.api.me();
    } catch (error) {
      throw this.notJitbit(toHelpdeskError(error));
    }
    this.me.set(me);
    return mapPerson(me, isAgentUser(me));
  }

  async listTickets(query: TicketQuery, cursor?: string, pageSize?: number): Promise<Page<Ticket>> {
    const request = listRequest(query);
    const position: OffsetPosition = cursor ? decodeOffsetCursor(cursor) : { offset: 0, count: clampPageSize(pageSize) };
    const { offset, count } = position;
    let items: JbTicketSummary[];
    let more: boolean;
    if (request.kind === 'search') {
      // Search answers every match at once; each page is cut from a fresh answer.
      const found = await this.api.search(request.text);
      items = found.slice(offset, offset + count);
      more = found.length > offset + count;
    } else {
      const mode = { mode: request.mode, ...(request.statusId !== undefined && { statusId: request.statusId }) };
      items = await this.api.tickets({ ...mode, count, offset });
      // No total: a full page may have more behind it, a short one is the end.
      more = items.length >= count;
    }
    this.learnStatuses(items);
    const lookups = this.lookups();
    const page: Page<Ticket> = { items: items.map((ticket) => mapTicket(ticket, lookups)) };
    if (more && items.length > 0) page.next = encodeOffsetCursor({ offset: offset + items.length, count });
    return page;
  }

  async getTicket(id: string): Promise<Ticket> {
    const ticketId = jitbitId(id, 'ticket');
    const prefetch = this.startPrefetch(id, ticketId);
    const [detail, comments] = await Promise.all([
      this.readTicket(id, prefetch.detail),
      // The header does not need the comments; a failure here is the conversation's to report.
      prefetch.comments.catch(() => undefined),
    ]);
    return mapTicketDetail(detail, this.lookups(), comments);
  }

  /** The whole conversation in one page: Jitbit does not page comments. */
  async listMessages(ticketId: string): Promise<Page<Message>> {
    const id = jitbitId(ticketId, 'ticket');
    const prefetch = this.prefetch.take(ticketId) ?? this.startPrefetch(ticketId, id, false);
    const [detail, comments] = await Promise.all([
      this.readTicket(ticketId, prefetch.detail),
      explainMissing(ticketId, prefetch.comments),
    ]);
    return { items: mapConversation(detail, comments) };
  }

  async reply(ticketId: string, input: ReplyInput): Promise<Message> {
    const id = jitbitId(ticketId, 'ticket');
    const createdId = await this.api.postComment(id, input.bodyHtml, input.internal, input.attachments);
    const newStatus = input.newStatus;
    if (newStatus !== undefined) await changeStatusAfterReply(() => this.changeStatus(id, newStatus));
    return this.sentMessage(ticketId, id, createdId, input);
  }

  async createTicket(draft: TicketDraft): Promise<Ticket> {
    const subject = draft.subject.trim();
    if (subject === '') {
      throw new HelpdeskError('validation', 'Enter a subject for the ticket.', { fields: { subject: ['Required.'] } });
    }
    const fields: FormFields = {
      categoryId: await this.categoryFor(draft.department),
      subject,
      body: draft.bodyHtml,
      priorityId: draft.priority !== undefined && draft.priority !== '' ? jitbitPriority(draft.priority) : 0,
    };
    const requester = draft.requester?.trim();
    if (requester) fields.userId = await this.userIdFor(requester);
    if (draft.agent !== undefined && draft.agent !== '') fields.assignedToUserId = jitbitId(draft.agent, 'user', 'agent');
    const id = await this.api.createTicket(fields, draft.attachments);
    return this.getTicket(id);
  }

  async updateTicket(id: string, patch: TicketPatch): Promise<Ticket> {
    const ticketId = jitbitId(id, 'ticket');
    const fields: FormFields = {};
    if (patch.priority !== undefined) fields.priority = jitbitPriority(patch.priority);
    if (patch.department !== undefined) fields.categoryId = jitbitId(patch.department, 'category', 'department');
    // Jitbit unassigns with 0.
    if (patch.agent === null) fields.assignedUserId = 0;
    else if (patch.agent !== undefined) fields.assignedUserId = jitbitId(patch.agent, 'user', 'agent');
    const closing = patch.status === CLOSED_STATUS_ID;
    if (patch.status !== undefined && !closing) fields.statusId = jitbitId(patch.status, 'status');
    if (Object.keys(fields).length > 0) await this.api.updateTicket({ id: ticketId, ...fields });
    if (closing) await this.api.closeTicket(ticketId);
    // Read back with its comments: the detail alone has no last-activity date, and the
    // panel's "updated" would fall back to the creation date.
    return this.getTicket(id);
  }

  async referenceData(): Promise<ReferenceData> {
    const [categories, techs] = await Promise.all([this.categories.get(), this.techs.get()]);
    return {
      statuses: this.statusList(),
      priorities: [...PRIORITIES],
      departments: categories.map(({ id, name }) => ({ id, name })),
      agents: techs.map((tech) => mapPerson(tech, true)),
    };
  }

  cannedReplies(): Promise<CannedReply[]> {
    return this.templates.get();
  }

  async download(attachment: Attachment): Promise<Download> {
    return downloadOf(attachment, await this.api.attachment(attachment.downloadRef));
  }

  dispose(): Promise<void> {
    this.prefetch.clear();
    return this.api.dispose();
  }

  // ---- helpers ---------------------------------------------------------------------

  private lookups(): TicketLookups {
    return { baseUrl: this.baseUrl, statusNames: this.statusNames };
  }

  /**
   * The connection test's failures that mean "no Jitbit API here": an HTML page or other
   * non-user JSON (protocol), no such route (notFound), or a refusal of a request that has
   * no parameters to refuse (validation).
   */
  private notJitbit(error: HelpdeskError): HelpdeskError {
    if (error.kind !== 'protocol' && error.kind !== 'notFound' && error.kind !== 'validation') return error;
    const message =
      `${this.baseUrl} does not look like a Jitbit Helpdesk API (${error.message}). ` +
      'Check the address: use the one you open the helpdesk at, including its sub-folder if it has one (e.g. https://support.example.com/helpdesk).';
    return new HelpdeskError('protocol', message, { ...(error.status !== undefined && { status: error.status }), cause: error });
  }

  /** Starts fetching a ticket's detail and comments side by side. */
  private startPrefetch(key: string, ticketId: number, keep = true): Prefetch {
    const prefetch: Prefetch = { detail: this.api.ticket(ticketId), comments: this.api.comments(ticketId) };
    // Whoever reads them reports failures; until then they must not count as unhandled.
    prefetch.detail.catch(() => undefined);
    prefetch.comments.catch(() => undefined);
    if (keep) this.prefetch.put(key, prefetch);
    else this.prefetch.clear();
    return prefetch;
  }

  /** The detail, its status name remembered, a 404 said in words. */
  private async readTicket(id: string, pending: Promise<JbTicketDetail>): Promise<JbTicketDetail> {
    const detail = await explainMissing(id, pending);
    this.learnStatuses([detail]);
    return detail;
  }

  private async changeStatus(ticketId: number, status: string): Promise<void> {
    if (status === CLOSED_STATUS_ID) await this.api.closeTicket(ticketId);
    else await this.api.updateTicket({ id: ticketId, statusId: jitbitId(status, 'status') });
  }

  /**
   * The comment just posted, with its files. Never throws: the reply is on the helpdesk,
   * and an error now would make the user send it again. Without a readable answer the
   * message is rebuilt from what was sent.
   */
  private async sentMessage(ticketKey: string, ticketId: number, createdId: string | undefined, input: ReplyInput): Promise<Message> {
    const me = await this.me.get().catch(() => undefined);
    try {
      const [detail, comments] = await Promise.all([this.api.ticket(ticketId), this.api.comments(ticketId)]);
      const comment = findPosted(comments, createdId, me?.id);
      if (comment) {
        const files = detail.attachments.filter((file) => file.commentId === comment.id).map(mapAttachment);
        return mapComment(comment, detail.requester?.id, files);
      }
    } catch (error) {
      this.log.warn(`Jitbit: the reply to #${ticketKey} was sent but could not be read back: ${toHelpdeskError(error).message}`);
    }
    return {
      id: createdId ?? `sent-${this.now()}`,
      author: me ? mapPerson(me, true) : { id: '', name: 'Me', isAgent: true },
      createdAt: new Date(this.now()).toISOString(),
      body: input.bodyHtml,
      format: 'html',
      internal: input.internal,
      attachments: [],
    };
  }

  /** The category a new ticket goes to: the one given, else the only one there is. */
  private async categoryFor(department: string | undefined): Promise<number> {
    if (department !== undefined && department !== '') return jitbitId(department, 'category', 'department');
    const categories = await this.categories.get();
    const only = categories.length === 1 ? categories[0] : undefined;
    if (only) return jitbitId(only.id, 'category', 'department');
    throw new HelpdeskError('validation', 'Choose a category for the ticket.', { fields: { department: ['Required.'] } });
  }

  /** A requester given as a user id or an email address (looked up; techs only). */
  private async userIdFor(requester: string): Promise<number> {
    if (/^\d+$/.test(requester)) return Number(requester);
    if (!isEmailAddress(requester)) {
      throw new HelpdeskError('validation', 'The requester must be an email address or a user id.', {
        fields: { requester: ['Enter an email address or a user id.'] },
      });
    }
    try {
      return jitbitId((await this.api.userByEmail(requester)).id, 'user', 'requester');
    } catch (error) {
      const failure = toHelpdeskError(error);
      if (failure.kind !== 'notFound') throw failure;
      throw new HelpdeskError('validation', `No helpdesk user has the address ${requester}.`, {
        fields: { requester: ['Unknown email address.'] },
        cause: failure,
      });
    }
  }

  /** Everyone who may be assigned in any category (at most MAX_CATEGORIES_FOR_TECHS asked). */
  private async loadTechs(): Promise<JbPerson[]> {
    const categories = await this.categories.get();
    if (categories.length > MAX_CATEGORIES_FOR_TECHS) {
      this.log.info(`Jitbit: listing assignees from the first ${MAX_CATEGORIES_FOR_TECHS} of ${categories.length} categories.`);
    }
    const byId = new Map<string, JbPerson>();
    // One at a time: the API allows 90 calls a minute, and this is background work.
    for (const category of categories.slice(0, MAX_CATEGORIES_FOR_TECHS)) {
      try {
        for (const tech of await this.api.techsForCategory(category.id)) if (!byId.has(tech.id)) byId.set(tech.id, tech);
      } catch (error) {
        const failure = toHelpdeskError(error);
        // A category this account may not see the techs of is skipped, not fatal.
        if (failure.kind !== 'forbidden' && failure.kind !== 'notFound') throw failure;
      }
    }
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  private async loadTemplates(): Promise<CannedReply[]> {
    const templates = await this.api.commentTemplates();
    return templates.map((template) => ({
      id: template.id,
      name: template.name,
      body: template.body,
      format: detectBodyFormat(template.body),
    }));
  }

  private learnStatuses(tickets: readonly JbTicketSummary[]): void {
    for (const ticket of tickets) if (ticket.statusName) this.statusNames.set(ticket.statusId, ticket.statusName);
  }

  /** New, In process, Closed (as this helpdesk names them), then custom statuses seen on tickets. */
  private statusList(): TicketStatus[] {
    const standard = STANDARD_STATUSES.map((status) => mapStatus(status.id, this.statusNames.get(status.id)));
    const custom = [...this.statusNames.entries()]
      .filter(([id]) => !STANDARD_STATUSES.some((status) => status.id === id))
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([id, name]) => mapStatus(id, name));
    return [...standard, ...custom];
  }
}

/** A ticket's 404 in words: it was deleted (or never existed). */
async function explainMissing<T>(id: string, pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    const failure = toHelpdeskError(error);
    if (failure.kind !== 'notFound') throw failure;
    throw new HelpdeskError('notFound', `Ticket #${id} does not exist on this helpdesk; it may have been deleted.`, {
      ...(failure.status !== undefined && { status: failure.status }),
      cause: failure,
    });
  }
}

/** Technicians and administrators work tickets; a user who is neither is a customer. */
function isAgentUser(me: JbMe): boolean | undefined {
  if (me.isTech === true || me.isAdmin === true) return true;
  return me.isTech === false ? false : undefined;
}

/** The posted comment: by the id the server returned, else my newest. */
function findPosted(comments: readonly JbComment[], createdId: string | undefined, myId: string | undefined): JbComment | undefined {
  const byId = createdId !== undefined ? comments.find((comment) => comment.id === createdId) : undefined;
  if (byId) return byId;
  const mine = comments.filter((comment) => myId !== undefined && comment.userId === myId && !comment.isSystem);
  return mine.sort((a, b) => (a.createdAt === b.createdAt ? Number(b.id) - Number(a.id) : a.createdAt < b.createdAt ? 1 : -1))[0];
}
