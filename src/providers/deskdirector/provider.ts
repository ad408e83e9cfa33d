// DeskDirector as a HelpdeskProvider. Requests are in client.ts, JSON checks in schema.ts,
// model mapping in mapping.ts, the PUT ban and access-token expiry in guard.ts, route
// discovery in discovery.ts, the dynamic create form in createSchema.ts, the status list in
// statuses.ts, client-side paging in snapshots.ts; this file decides
// which requests a call needs and keeps the per-instance state: the latest discovery (which
// the capabilities follow), the answers lists page through, and the reference lists.
import { HelpdeskError, toHelpdeskError } from '../../helpdesk/errors';
import type { Logger } from '../../helpdesk/log';
import type {
  Attachment,
  Download,
  DraftField,
  Message,
  Page,
  Person,
  Ref,
  ReplyInput,
  Ticket,
  TicketDraft,
  TicketPatch,
  TicketQuery,
  TicketStatus,
  UploadFile,
} from '../../helpdesk/model';
import type { Capabilities, ConnectOptions, HelpdeskProvider, ProviderContext, ReferenceData } from '../../helpdesk/provider';
import { HandOff } from '../common/handOff';
import { downloadOf } from '../common/download';
import { Lazy } from '../common/lazy';
import { changeStatusAfterReply } from '../common/statusAfterReply';
import { httpClientTransport, instanceHttpOptions, type TransportFactory } from '../common/transport';
import { deskdirectorAuth, readAuthMethod, type DeskdirectorAuth } from './auth';
import { capabilitiesFor, CHANGES_NEED_API_KEY, NO_NOTES_ROUTE, NOTES_NEED_TECH_TOKEN } from './capabilities';
import { DeskdirectorClient, OPENAPI_DOCUMENT_PATHS } from './client';
import { buildCreateBody, readCreateForm, type CreateForm } from './createSchema';
import { discoverRoutes, type Discovery, type NoteRoute, type StagedUploadRoute, type TicketUploadRoute } from './discovery';
import { type DiscoveryCache, discoveryKey } from './discoveryCache';
import { commonAgent, sentMessage } from './identity';
import { parseDeskdirectorErrorBody } from './errors';
import { AccessTokenGuard, guardedTransport, type DeskdirectorTransport } from './guard';
import { buildUpdateBody, deskdirectorId, readUpdateForm, requestTypeId, type UpdateForm } from './input';
import { mapConversation, mapStatus, mapTicket, mapTicketDetail, readAttachmentRef } from './mapping';
import { DEFAULT_OPENAPI_LIMITS, type OpenApiLimits } from './openapi';
import { clampPageSize, listRequest } from './queries';
import { type DdRef, type DdTicketDetail, type DdTicketList, type DdTicketSummary, readCreatedId, readNamedPerson, readUploadedId } from './schema';
import { SnapshotStore } from './snapshots';
import { type BoardStatuses, type SeenStatus, statusesOfBoards, withSeenStatuses } from './statuses';
import { apiRoot, normalizeBaseUrl, ticketWebUrl } from './url';

/** A ticket fetched by getTicket is reused by listMessages within this time (the panel asks for both at once). */
const PREFETCH_FRESH_MS = 15_000;
/** Statuses are listed per board; an instance with more boards is only asked about these. */
const MAX_BOARDS_FOR_STATUSES = 20;

export interface DeskdirectorProviderOptions {
  createTransport?: TransportFactory<DeskdirectorTransport>;
  now?: () => number;
  /** Limits for reading the OpenAPI document (tests lower them). */
  openApiLimits?: OpenApiLimits;
  /** What instances' OpenAPI documents offered, shared by the providers of one extension host. */
  discoveryCache?: DiscoveryCache;
}

export class DeskdirectorProvider implements HelpdeskProvider {
  readonly type = 'deskdirector' as const;

  private readonly api: DeskdirectorClient;
  private readonly auth: DeskdirectorAuth;
  private readonly baseUrl: string;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly openApiLimits: OpenApiLimits;
  private readonly snapshots = new SnapshotStore<Ticket>();
  private readonly requestTypes = new Lazy<DdRef[]>(() => this.api.requestTypes());
  private readonly boards = new Lazy<DdRef[]>(() => this.api.boards());
  private readonly priorities = new Lazy<DdRef[]>(() => this.api.priorities());
  private readonly statusList = new Lazy<TicketStatus[]>(() => this.loadStatuses());
  private readonly members = new Lazy<DdRef[]>(() => this.api.members());
  private readonly updateForm = new Lazy<UpdateForm>(async () => readUpdateForm(await this.api.updateForm()));
  private readonly createForms = new Map<string, Lazy<CreateForm>>();
  private readonly choiceLists = new Map<string, Lazy<DdRef[]>>();
  /** Status names and closed flags as tickets show them (ticket lists carry both). */
  private readonly seenStatuses = new Map<string, SeenStatus>();
  private discovery: Discovery | undefined;
  private shownCapabilities: { discovery: Discovery | undefined; capabilities: Capabilities } | undefined;
  private discovering: Promise<{ discovery: Discovery; read: boolean }> | undefined;
  private me: Person | undefined;
  private readonly prefetch: HandOff<Promise<DdTicketDetail>>;
  /** My Tickets as whoAmI read it to find who we are, handed to the tree's first listTickets. */
  private readonly mineHandOff: HandOff<DdTicketList>;
  private readonly statusesOfBoard = new Map<string, Lazy<DdRef[]>>();
  private readonly discoveryCache: DiscoveryCache | undefined;
  private readonly discoveryKey: string;

  constructor(context: ProviderContext, options: DeskdirectorProviderOptions = {}) {
    this.baseUrl = normalizeBaseUrl(context.config.baseUrl);
    this.log = context.log;
    this.now = options.now ?? Date.now;
    this.prefetch = new HandOff(PREFETCH_FRESH_MS, this.now);
    this.mineHandOff = new HandOff(PREFETCH_FRESH_MS, this.now);
    this.openApiLimits = options.openApiLimits ?? DEFAULT_OPENAPI_LIMITS;
    this.auth = deskdirectorAuth(context.credentials.secret, readAuthMethod(context.config.authMethod));
    this.discoveryCache = options.discoveryCache;
    this.discoveryKey = discoveryKey(context.config.id, this.baseUrl, this.auth);
    const createTransport = options.createTransport ?? httpClientTransport;
    const guard = new AccessTokenGuard(this.auth, this.now);
    const transport = createTransport({
      ...instanceHttpOptions(context, {
        apiRoot: apiRoot(this.baseUrl),
        authorization: this.auth.header,
        parseErrorBody: parseDeskdirectorErrorBody,
        secrets: this.auth.secrets,
      }),
      onResponse: (status, headers) => guard.observe(status, headers),
    });
    this.api = new DeskdirectorClient(guardedTransport(transport, guard));
  }

  /**
   * Follows the credential (create, status and priority need an API key) and the latest
   * discovery (replies, internal notes, files and downloads depend on it).
   */
  get capabilities(): Capabilities {
    // The same object until the discovery changes, so a caller comparing them sees no change.
    if (!this.shownCapabilities || this.shownCapabilities.discovery !== this.discovery) {
      this.shownCapabilities = { discovery: this.discovery, capabilities: capabilitiesFor(this.discovery, this.auth.method) };
    }
    return this.shownCapabilities.capabilities;
  }

  /**
   * The connection test, then what the instance's OpenAPI document offers: read once per
   * instance (`options.reuse`), and again on Refresh, when a changed instance is seen.
   * The test routes name nobody, so the person is the token's own claims, or what the test
   * answered, or the one agent every ticket in My Tickets is assigned to.
   */
  async whoAmI(options: ConnectOptions = {}): Promise<Person> {
    const answer = await this.api.testConnection(this.auth.method);
    this.me = this.personFor(answer) ?? (await this.agentOfMyTickets()) ?? this.credentialPerson();
    const cached = options.reuse ? this.discoveryCache?.get(this.discoveryKey) : undefined;
    if (cached) {
      this.discovery = cached;
      this.log.info('DeskDirector: using what the OpenAPI document offered at the last connection (Refresh reads it again).');
    } else await this.discover();
    return this.me;
  }

  async listTickets(query: TicketQuery, cursor?: string, pageSize?: number): Promise<Page<Ticket>> {
    // A later page comes from the answer the first page fetched: never a new request.
    if (cursor !== undefined) return this.snapshots.next(cursor);
    const request = listRequest(query);
    const answer = this.mineHandOff.take(JSON.stringify(request.filters)) ?? (await this.api.tickets(request.filters));
    this.learnStatuses(answer.results);
    let items = answer.results.map((ticket) => mapTicket(ticket, this.baseUrl));
    const capped = answer.total !== undefined && answer.total > (answer.resultsCount ?? answer.results.length);
    if (capped) this.log.info(`DeskDirector returned ${answer.results.length} of ${answer.total} tickets for this list; the rest are not reachable without a narrower search.`);
    let total: number | undefined = capped ? answer.total : items.length;
    if (request.statusId !== undefined) {
      items = items.filter((ticket) => ticket.status.id === request.statusId);
      // Of a capped answer, the share in this status is unknown.
      total = capped ? undefined : items.length;
    }
    return this.snapshots.first({ items, ...(total !== undefined && { total }) }, clampPageSize(pageSize));
  }

  async getTicket(id: string): Promise<Ticket> {
    const ticketId = deskdirectorId(id, 'ticket');
    const detail = await this.readDetail(id, this.startPrefetch(String(ticketId)));
    const ticket = mapTicketDetail(detail, this.baseUrl);
    const choices = await this.statusChoices(detail);
    if (choices) ticket.statusChoices = choices;
    return ticket;
  }

  /** The whole conversation in one page: the ticket answer carries every note. */
  async listMessages(ticketId: string): Promise<Page<Message>> {
    const id = String(deskdirectorId(ticketId, 'ticket'));
    const detail = this.prefetch.take(id) ?? this.startPrefetch(id, false);
    return { items: mapConversation(await this.readDetail(ticketId, detail)) };
  }

  async reply(ticketId: string, input: ReplyInput): Promise<Message> {
    const id = String(deskdirectorId(ticketId, 'ticket'));
    // Refused before the note goes, so nothing is left half done.
    if (input.newStatus !== undefined) this.needApiKey();
    const discovery = await this.currentDiscovery();
    const route = discovery.note;
    if (!route) throw new HelpdeskError('unsupported', discovery.noteNeeds === 'techToken' ? NOTES_NEED_TECH_TOKEN : NO_NOTES_ROUTE);
    if (input.internal && route.internalField === undefined) {
      // Sending it anyway would publish an internal note to the customer.
      throw new HelpdeskError('unsupported', "This DeskDirector instance's note route cannot mark a note internal; add internal notes in DeskDirector.");
    }
    const upload = discovery.upload;
    if (input.attachments.length > 0 && !upload) {
      throw new HelpdeskError('unsupported', "This DeskDirector instance's API takes no files with a note; attach them in DeskDirector.");
    }
    // DeskDirector writes notes in Markdown, so the Markdown goes as written.
    const body: Record<string, unknown> = { [route.textField]: input.bodyMarkdown };
    if (route.internalField !== undefined) body[route.internalField] = input.internal;
    const idsField = route.attachmentsField;
    if (idsField !== undefined) {
      // Uploaded first, attached by id (discovery pairs a staged upload only with a note that takes ids).
      if (upload?.kind === 'beforeNote' && input.attachments.length > 0) body[idsField] = await this.uploadBeforeNote(upload, route, input.attachments);
      else if (route.attachmentsRequired) body[idsField] = [];
    }
    const answer = await this.api.postNote(route, id, body);
    this.prefetch.clear();
    if (upload?.kind === 'afterNote' && input.attachments.length > 0) await this.uploadAfterNote(upload, id, input.attachments);
    const newStatus = input.newStatus;
    if (newStatus !== undefined) await changeStatusAfterReply(() => this.patch(Number(id), { status: newStatus }));
    // As the helpdesk will show it: its own answer where it gives the note back, else who we are and what we sent.
    return sentMessage(answer, id, input, {
      me: this.me ?? this.credentialPerson(),
      fileIds: Array.isArray(body[idsField ?? '']) ? (body[idsField ?? ''] as Array<string | number>).map(String) : [],
      now: this.now(),
    });
  }

  async createTicketKinds(): Promise<Ref[]> {
    this.needApiKey();
    return (await this.requestTypes.get()).map(({ id, name }) => ({ id, name }));
  }

  async createTicketFields(kind?: string): Promise<DraftField[]> {
    this.needApiKey();
    if (kind === undefined || kind.trim() === '') {
      throw new HelpdeskError('validation', 'Choose a request type first.', { fields: { kind: ['Required.'] } });
    }
    const form = await this.createForm(kind);
    const fields: DraftField[] = [];
    for (const field of form.fields) {
      const operation = form.dynamicChoices.get(field.name);
      fields.push(operation === undefined ? { ...field, ...(field.options && { options: [...field.options] }) } : await this.withChoices(field, operation));
    }
    return fields;
  }

  async createTicket(draft: TicketDraft): Promise<Ticket> {
    this.needApiKey();
    const kind = draft.kind?.trim();
    if (!kind) throw new HelpdeskError('validation', 'Choose a request type for the ticket.', { fields: { kind: ['Required.'] } });
    if (draft.attachments.length > 0) {
      throw new HelpdeskError('unsupported', 'DeskDirector takes no files when a ticket is created from here; attach them in DeskDirector.');
    }
    const typeId = requestTypeId(kind);
    const body = buildCreateBody(await this.createForm(kind), draft);
    const answer = await this.api.createTicket(typeId, body);
    const id = readCreatedId(answer);
    if (id === undefined) {
      // Saying "failed" here would make the user create it twice.
      throw new HelpdeskError('protocol', 'DeskDirector created the ticket but did not say its number; refresh the list to find it.');
    }
    try {
      return await this.getTicket(id);
    } catch (error) {
      this.log.warn(`DeskDirector: ticket #${id} was created but could not be read back: ${toHelpdeskError(error).message}`);
      const now = new Date(this.now()).toISOString();
      return {
        id,
        ref: `#${id}`,
        subject: draft.subject.trim() || '(no summary)',
        status: { id: '', name: 'New', kind: 'new' },
        createdAt: now,
        updatedAt: now,
        webUrl: ticketWebUrl(this.baseUrl, id),
      };
    }
  }

  async updateTicket(id: string, patch: TicketPatch): Promise<Ticket> {
    await this.patch(deskdirectorId(id, 'ticket'), patch);
    return this.getTicket(id);
  }

  async referenceData(): Promise<ReferenceData> {
    if (this.auth.method !== 'apiKey') {
      // The lists are the automate connector's, which a TECH token cannot read: what tickets showed is all there is.
      return { statuses: withSeenStatuses([], this.seenStatuses), priorities: [], departments: [], agents: [] };
    }
    const [statuses, priorities, boards, agents] = await Promise.all([
      this.statusList.get(),
      this.priorities.get(),
      this.boards.get(),
      this.readable('agents', this.members),
    ]);
    return {
      statuses: withSeenStatuses(statuses, this.seenStatuses),
      priorities: priorities.map(({ id, name }) => ({ id, name })),
      departments: boards.map(({ id, name }) => ({ id, name })),
      agents: (agents ?? []).map(({ id, name }) => ({ id, name, isAgent: true })),
    };
  }

  async download(attachment: Attachment): Promise<Download> {
    const route = (await this.currentDiscovery()).download;
    if (!route) throw new HelpdeskError('unsupported', "This DeskDirector instance's API offers no way to download attachments; open the ticket in DeskDirector.");
    const ref = readAttachmentRef(attachment.downloadRef);
    if (!ref) throw new HelpdeskError('protocol', `The attachment "${attachment.name}" cannot be found again; reopen the ticket.`);
    return downloadOf(attachment, await this.api.download(route, ref.ticketId, ref.attachmentId));
  }

  dispose(): Promise<void> {
    this.prefetch.clear();
    return this.api.close();
  }

  // ---- discovery ---------------------------------------------------------------------

  private async discover(): Promise<Discovery> {
    const pending = this.readDiscovery();
    this.discovering = pending;
    const { discovery, read } = await pending;
    // A newer reading may have started meanwhile; the newest wins.
    if (this.discovering === pending) {
      this.discovery = discovery;
      // A reading that failed (network, timeout) is not kept: the next connection tries again.
      if (read) this.discoveryCache?.set(this.discoveryKey, discovery);
    }
    return discovery;
  }

  /** The latest discovery, reading the document first when no connection test has yet. */
  private currentDiscovery(): Promise<Discovery> {
    if (this.discovery) return Promise.resolve(this.discovery);
    return this.discovering?.then(({ discovery }) => discovery) ?? this.discover();
  }

  /** Never throws: an unreadable document means "no notes route", said in the log. `read`: the instance answered. */
  private async readDiscovery(): Promise<{ discovery: Discovery; read: boolean }> {
    let discovery: Discovery;
    let read = true;
    let source = 'the OpenAPI document';
    try {
      const document = await this.api.openApiDocument();
      if (!document) discovery = { problem: `the instance serves no OpenAPI document (tried ${OPENAPI_DOCUMENT_PATHS.join(', ')})` };
      else {
        source = document.path;
        discovery = discoverRoutes(document.bytes, this.openApiLimits, this.auth.method === 'apiKey' ? 'apiKey' : 'tech');
      }
    } catch (error) {
      discovery = { problem: `reading it failed (${toHelpdeskError(error).message})` };
      read = false;
    }
    this.logDiscovery(source, discovery);
    return { discovery, read };
  }

  private logDiscovery(source: string, discovery: Discovery): void {
    const { note, upload, download } = discovery;
    if (!note) {
      this.log.warn(`DeskDirector: no notes route, so replies are off for this instance: ${source}: ${discovery.problem ?? 'nothing found'}.`);
      return;
    }
    const flag = note.internalField ? `internal flag "${note.internalField}"` : 'no internal flag';
    const files = !upload
      ? '; no file upload'
      : upload.kind === 'beforeNote'
        ? `; files first at POST ${upload.path}, then their ids in "${note.attachmentsField ?? ''}"`
        : `; files after the note at POST ${upload.path}`;
    const downloads = download ? `; downloads at GET ${download.path}` : '; no downloads';
    this.log.info(`DeskDirector: ${source} offers notes at POST ${note.path} (text "${note.textField}", ${flag})${files}${downloads}.`);
  }

  // ---- helpers -----------------------------------------------------------------------

  /** Who a token says it belongs to, or a personal credential's test answer names. */
  private personFor(answer: unknown): Person | undefined {
    const claims = this.auth.claims;
    if (claims && (claims.name ?? claims.email)) {
      return { id: claims.subject ?? '', name: claims.name ?? claims.email ?? '', ...(claims.email !== undefined && { email: claims.email }) };
    }
    // A name in the test's answer is a person's only for personal credentials; an API key's answer would name the key or the site.
    const named = readNamedPerson(this.auth.method === 'apiKey' ? undefined : answer);
    if (named.name) return { id: named.id ?? '', name: named.name, ...(named.email !== undefined && { email: named.email }) };
    return undefined;
  }

  /**
   * The agent the helpdesk assigns "my" tickets to: the one on every ticket of My Tickets
   * (`assigned=me` is the helpdesk's own idea of who we are). The answer is handed to the
   * tree's first My Tickets, so finding out costs no extra request there.
   */
  private async agentOfMyTickets(): Promise<Person | undefined> {
    const filters = listRequest({ view: 'mine' }).filters;
    try {
      const mine = await this.api.tickets(filters);
      this.mineHandOff.put(JSON.stringify(filters), mine);
      const agent = commonAgent(mine.results, this.auth.claims?.subject);
      return agent && { id: agent.id, name: agent.name, isAgent: true };
    } catch (error) {
      const failure = toHelpdeskError(error);
      if (failure.kind === 'auth' || failure.kind === 'tokenExpired') throw failure;
      this.log.info(`DeskDirector: could not tell who this credential belongs to from My Tickets (${failure.message}).`);
      return undefined;
    }
  }

  /** What the credential is, when the helpdesk did not say whose it is. */
  private credentialPerson(): Person {
    switch (this.auth.method) {
      case 'apiKey':
        // An API key is the whole instance's (admin-equivalent, vendor article), not a person's.
        return { id: 'api-key', name: 'DeskDirector API key', isAgent: true };
      case 'techToken':
        return { id: 'tech-token', name: 'TECH personal access token', isAgent: true };
      case 'accessToken':
        return { id: 'access-token', name: 'DeskDirector access token' };
    }
  }

  private async patch(ticketId: number, patch: TicketPatch): Promise<void> {
    const changes = patch.status !== undefined || patch.priority !== undefined || patch.department !== undefined || patch.agent !== undefined;
    if (!changes) return;
    this.needApiKey();
    const body = buildUpdateBody(await this.updateForm.get(), patch);
    if (Object.keys(body).length > 0) await this.api.updateTicket(ticketId, body);
    this.prefetch.clear();
  }

  /** The automate connector (create, update, its lists) takes an API key only. */
  private needApiKey(): void {
    if (this.auth.method !== 'apiKey') throw new HelpdeskError('unsupported', CHANGES_NEED_API_KEY);
  }

  /**
   * Files go first, one at a time, each answering its id; the note then carries the ids.
   * A failure here means nothing was posted yet, and says so.
   */
  private async uploadBeforeNote(route: StagedUploadRoute, note: NoteRoute, files: readonly UploadFile[]): Promise<Array<string | number>> {
    const ids: Array<string | number> = [];
    for (const file of files) {
      let answer: unknown;
      try {
        answer = await this.api.uploadFile(route, '', file);
      } catch (error) {
        const cause = toHelpdeskError(error);
        throw new HelpdeskError(cause.kind, `The note was not sent: "${file.name}" could not be uploaded: ${cause.message}`, {
          ...(cause.status !== undefined && { status: cause.status }),
          ...(cause.fields && { fields: cause.fields }),
          cause,
        });
      }
      const id = readUploadedId(answer);
      if (id === undefined || (note.attachmentIdType === 'integer' && !/^\d+$/.test(id))) {
        throw new HelpdeskError('protocol', `The note was not sent: DeskDirector took "${file.name}" but did not say its id (POST ${route.path}).`);
      }
      ids.push(note.attachmentIdType === 'integer' ? Number(id) : id);
    }
    return ids;
  }

  /** Files go one at a time after the note; a failure says the note itself went through. */
  private async uploadAfterNote(route: TicketUploadRoute, ticketId: string, files: readonly UploadFile[]): Promise<void> {
    for (const file of files) {
      try {
        await this.api.uploadFile(route, ticketId, file);
      } catch (error) {
        const cause = toHelpdeskError(error);
        throw new HelpdeskError(cause.kind, `The note was sent, but "${file.name}" was not attached: ${cause.message}`, {
          ...(cause.status !== undefined && { status: cause.status }),
          cause,
        });
      }
    }
  }

  private createForm(kind: string): Promise<CreateForm> {
    const typeId = requestTypeId(kind);
    const key = String(typeId);
    let form = this.createForms.get(key);
    if (!form) {
      form = new Lazy(async () => readCreateForm(await this.api.createForm(typeId)));
      this.createForms.set(key, form);
    }
    return form.get();
  }

  /** A choice field filled from the connector list it names; a text field when that list cannot be read. */
  private async withChoices(field: DraftField, operation: string): Promise<DraftField> {
    let list = this.choiceLists.get(operation);
    if (!list) {
      list = new Lazy(() => this.api.list(operation));
      this.choiceLists.set(operation, list);
    }
    try {
      return { ...field, type: 'choice', options: (await list.get()).map(({ id, name }) => ({ id, name })) };
    } catch (error) {
      this.log.warn(`DeskDirector: the choices of "${field.label}" (${operation}) could not be read: ${toHelpdeskError(error).message}`);
      const { options: _options, ...rest } = field;
      return { ...rest, type: 'text' };
    }
  }

  private startPrefetch(ticketId: string, keep = true): Promise<DdTicketDetail> {
    const detail = this.api.ticket(Number(ticketId));
    // Whoever reads it reports a failure; until then it must not count as unhandled.
    detail.catch(() => undefined);
    if (keep) this.prefetch.put(ticketId, detail);
    else this.prefetch.clear();
    return detail;
  }

  /** The detail, its status remembered, a 404 said in words. */
  private async readDetail(id: string, pending: Promise<DdTicketDetail>): Promise<DdTicketDetail> {
    try {
      const detail = await pending;
      this.learnStatuses([detail]);
      return detail;
    } catch (error) {
      const failure = toHelpdeskError(error);
      if (failure.kind !== 'notFound') throw failure;
      throw new HelpdeskError('notFound', `Ticket #${id} does not exist on this DeskDirector instance, or this account cannot see it.`, {
        ...(failure.status !== undefined && { status: failure.status }),
        cause: failure,
      });
    }
  }

  private learnStatuses(tickets: readonly DdTicketSummary[]): void {
    for (const ticket of tickets) {
      if (ticket.status) this.seenStatuses.set(ticket.status.id, { name: ticket.status.name, closed: ticket.isClosed === true });
    }
  }

  /** Every board's statuses, one board at a time: this is background work, and a burst helps nobody. */
  private async loadStatuses(): Promise<TicketStatus[]> {
    const boards = await this.boards.get();
    if (boards.length > MAX_BOARDS_FOR_STATUSES) {
      this.log.info(`DeskDirector: listing statuses of the first ${MAX_BOARDS_FOR_STATUSES} of ${boards.length} boards.`);
    }
    const byBoard: BoardStatuses[] = [];
    for (const board of boards.slice(0, MAX_BOARDS_FOR_STATUSES)) byBoard.push({ board, statuses: await this.boardStatuses(board.id) });
    return statusesOfBoards(byBoard);
  }

  private boardStatuses(boardId: string): Promise<DdRef[]> {
    let list = this.statusesOfBoard.get(boardId);
    if (!list) {
      list = new Lazy(() => this.api.statuses(boardId));
      this.statusesOfBoard.set(boardId, list);
    }
    return list.get();
  }

  /**
   * The statuses of the ticket's own board: the helpdesk refuses (400) a status of another
   * board. Undefined where they cannot be read (a TECH credential, a ticket without a
   * board, a list this account may not see): the panel then offers the general list.
   */
  private async statusChoices(detail: DdTicketDetail): Promise<TicketStatus[] | undefined> {
    const board = detail.queue;
    if (this.auth.method !== 'apiKey' || !board) return undefined;
    let statuses: DdRef[];
    try {
      statuses = await this.boardStatuses(board.id);
    } catch (error) {
      this.log.warn(`DeskDirector: the statuses of board "${board.name}" could not be read: ${toHelpdeskError(error).message}`);
      return undefined;
    }
    const choices = statuses.map((status) => {
      const seen = this.seenStatuses.get(status.id);
      return mapStatus(status, seen?.closed);
    });
    // The ticket's own status is a choice even when the list left it out.
    if (detail.status && !choices.some((status) => status.id === detail.status?.id)) choices.unshift(mapStatus(detail.status, detail.isClosed));
    return choices;
  }

  /** A list this account may not read is left out, not fatal. */
  private async readable<T>(name: string, list: Lazy<T>): Promise<T | undefined> {
    try {
      return await list.get();
    } catch (error) {
      const failure = toHelpdeskError(error);
      if (failure.kind !== 'forbidden' && failure.kind !== 'notFound') throw failure;
      this.log.warn(`DeskDirector: cannot read ${name} (${failure.message}).`);
      return undefined;
    }
  }
}
