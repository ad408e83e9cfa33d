// The contract every helpdesk implements. The UI reads `capabilities` to decide what to
// show; it never asks which vendor it is talking to.
import type { HttpClientOptions } from './http/types';
import type { Logger } from './log';
import type {
  Attachment,
  BodyFormat,
  Credentials,
  Download,
  DraftField,
  HelpdeskType,
  InstanceConfig,
  Message,
  Page,
  Person,
  Ref,
  ReplyInput,
  Ticket,
  TicketDraft,
  TicketFilter,
  TicketPatch,
  TicketQuery,
  TicketSort,
  TicketStatus,
  ViewKind,
} from './model';

export interface ViewDefinition {
  kind: ViewKind;
  label: string;
}

export interface Capabilities {
  /** The ticket lists this vendor can express, in the order the tree shows them. */
  views: ViewDefinition[];
  internalNotes: boolean;
  changeStatus: boolean;
  /** The status can be changed in the same request as a reply. */
  statusOnReply: boolean;
  assign: boolean;
  priority: boolean;
  /** What the vendor calls its grouping (Department, Category, Branch); absent if none. */
  departmentLabel?: string;
  attachOnReply: boolean;
  attachOnCreate: boolean;
  search: boolean;
  /** `Page.total` is reported. */
  totalCount: boolean;
  /**
   * The `TicketQuery.filter` fields this vendor's list API applies itself; the UI applies
   * the others to each page as it arrives. Absent: none.
   */
  listFilters?: ReadonlyArray<keyof TicketFilter>;
  /** The `TicketQuery.sort` orders this vendor's list API serves; others are applied by the UI to the loaded rows. */
  listSorts?: readonly TicketSort[];
  /** The vendor offers canned replies. */
  cannedReplies: boolean;
  /**
   * Present when this instance cannot take replies or notes through its API: one plain
   * sentence saying why, shown where the reply box would be (with Open in Browser).
   * Capabilities may change once the connection test (`whoAmI`) has run, for vendors that
   * discover what an instance offers (DeskDirector reads the instance's OpenAPI document).
   */
  replyUnavailable?: string;
  /**
   * Present when this instance cannot create tickets with the credentials it has: one
   * sentence saying why (DeskDirector with a TECH token: creating needs an API key).
   */
  createUnavailable?: string;
  /** Attachments can be downloaded (false: listed by name only). Absent means true. */
  downloadAttachments?: boolean;
  /** A ticket can be moved to another department (branch) after it is created. Absent means true. */
  changeDepartment?: boolean;
  /** The department (branch) must be chosen when creating a ticket. */
  departmentRequiredOnCreate?: boolean;
}

export interface ConnectOptions {
  /**
   * What a provider keeps about an instance from one connection to the next (DeskDirector:
   * what the instance's OpenAPI document offers) may be reused, so Add Helpdesk's test and
   * the tree's first connect read it once. Absent: read afresh (as after Refresh).
   */
  reuse?: boolean;
}

export interface ReferenceData {
  statuses: TicketStatus[];
  priorities: Ref[];
  departments: Ref[];
  agents: Person[];
}

/** A reply the helpdesk keeps ready to insert ("canned response", "template"). */
export interface CannedReply {
  id: string;
  name: string;
  body: string;
  format: BodyFormat;
}

export interface HelpdeskProvider {
  readonly type: HelpdeskType;
  readonly capabilities: Capabilities;

  /** Connection test and "who am I". Throws HelpdeskError('auth') on bad credentials. */
  whoAmI(options?: ConnectOptions): Promise<Person>;

  /** One page. `cursor` is what the previous page returned as `next`. */
  listTickets(query: TicketQuery, cursor?: string, pageSize?: number): Promise<Page<Ticket>>;

  getTicket(id: string): Promise<Ticket>;

  /** The conversation, oldest first. */
  listMessages(ticketId: string, cursor?: string): Promise<Page<Message>>;

  reply(ticketId: string, input: ReplyInput): Promise<Message>;

  createTicket(draft: TicketDraft): Promise<Ticket>;

  updateTicket(id: string, patch: TicketPatch): Promise<Ticket>;

  referenceData(): Promise<ReferenceData>;

  download(attachment: Attachment): Promise<Download>;

  /**
   * The vendor's own kinds of ticket to pick before creating one (DeskDirector request
   * types); absent when the vendor has none.
   */
  createTicketKinds?(): Promise<Ref[]>;

  /** The vendor's own create fields, for the chosen kind where the vendor has kinds. */
  createTicketFields?(kind?: string): Promise<DraftField[]>;

  /** The vendor's canned replies; present when `capabilities.cannedReplies` is true. */
  cannedReplies?(): Promise<CannedReply[]>;

  /** Releases pooled connections. */
  dispose(): Promise<void>;
}

/** What a provider gets from the host to do its work. */
export interface ProviderContext {
  config: InstanceConfig;
  credentials: Credentials;
  log: Logger;
  /** Transport settings (timeout, proxy, CA) the HTTP client is built from. */
  http: Omit<HttpClientOptions, 'baseUrl' | 'authHeaders' | 'onResponse' | 'log' | 'parseErrorBody' | 'secrets'>;
}

/** How the Add Helpdesk flow asks for credentials for this vendor. */
export interface CredentialPrompt {
  /**
   * Asked before the secret when the vendor pairs the secret with a user name. `optional`:
   * the vendor also takes the secret alone (e.g. an API token instead of a password).
   */
  username?: { prompt: string; placeholder?: string; optional?: boolean };
  secret: { prompt: string; placeholder?: string };
  /**
   * Where the vendor takes different kinds of secret (DeskDirector: API key, TECH token,
   * access token): picked before the secret and stored as the instance's `authMethod`.
   * The first is the default. Each method asks for its secret in its own words.
   */
  methods?: AuthMethodOption[];
}

export interface AuthMethodOption {
  /** Stored as `authMethod` in the instance's settings. */
  id: string;
  label: string;
  /** What this way of signing in allows, in a few words (shown beside the label). */
  description?: string;
  detail?: string;
  secret: { prompt: string; placeholder?: string };
}

export interface ProviderDescriptor {
  type: HelpdeskType;
  /** Names shown when picking a helpdesk type; the first is the display name. */
  names: string[];
  /** Example address for the URL prompt. */
  urlPlaceholder: string;
  credentialPrompt: CredentialPrompt;
  /**
   * For vendors that lock accounts or addresses after failed logins: a sentence the UI adds
   * wherever it reports rejected credentials (the extension never retries them itself).
   */
  lockoutWarning?: string;
  /** Checks and normalises a typed address; throws HelpdeskError('config') with a reason. */
  normalizeBaseUrl(input: string): string;
  /**
   * Settings a typed address implies beyond the address itself (a pasted DiamanteDesk
   * `.../api/rest/v1/desk` means `apiVersion: "v1"`), kept with the new instance.
   */
  settingsFromAddress?(input: string): Record<string, string>;
  create(context: ProviderContext): HelpdeskProvider;
}
