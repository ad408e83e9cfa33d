// Who is who on one DiamanteDesk: the signed-in agent ("me"), the agents a ticket can be
// assigned to, and the customers met on tickets, all under the API's typed ids (`oro_1`,
// `diamante_2`). Fetched lazily, once per provider; a customer whose name cannot be
// fetched keeps a placeholder name rather than failing the ticket.
import { HelpdeskError, toHelpdeskError } from '../../helpdesk/errors';
import type { Logger } from '../../helpdesk/log';
import type { Person } from '../../helpdesk/model';
import { Lazy } from '../common/lazy';
import type { DiamanteClient } from './client';
import { agentId, mapUser } from './mapping';
import type { DdTicket, DdUser } from './schema';
import { userProfileUrl } from './url';

const CUSTOMER_PREFIX = 'diamante_';
const USER_PAGE_SIZE = 100;
const MAX_USER_PAGES = 10;

/** The signed-in agent, with its ids when the helpdesk said which agent it is. */
export interface Me {
  person: Person;
  agent?: AgentIds;
}

export interface AgentIds {
  /** `oro_1`: what comments and tickets name as author and reporter. */
  typedId: string;
  /** `1`: what tickets carry as assignee. */
  numericId: string;
}

export class People {
  readonly me = new Lazy<Me>(() => this.identify());
  readonly agents = new Lazy<Person[]>(() => this.loadAgents());
  private readonly known = new Map<string, Person>();
  private readonly customerLookups = new Map<string, Promise<void>>();

  constructor(
    private readonly api: DiamanteClient,
    private readonly username: string,
    private readonly baseUrl: string,
    private readonly log: Logger,
  ) {}

  /** A person by typed id, when met. */
  get(typedId: string): Person | undefined {
    return this.known.get(typedId);
  }

  /**
   * "Who am I", always asking the server. The desk API has no such route for agents (its
   * `/users/current` serves the customer portal only), so OroPlatform answers, behind the
   * same firewall and WSSE: its user lookup by login (every version; needs the right to
   * view users), else its `/api/userprofile` (OroPlatform 2, which DiamanteDesk 2 runs on).
   * Where neither is there, the documents' user list is searched for the login, and failing
   * that a request as small as there is (one branch) proves the credentials.
   */
  async identify(): Promise<Me> {
    const ways = [() => this.api.platformUser(this.username), () => this.api.userProfile(userProfileUrl(this.baseUrl))];
    for (const way of ways) {
      try {
        return this.remember(await way());
      } catch (error) {
        if (!isUnavailable(error)) throw error;
      }
    }
    try {
      const found = (await this.api.deskUsers(1, USER_PAGE_SIZE)).find((user) => sameLogin(user, this.username));
      if (found) return this.remember(found);
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      await this.api.branches(1, 1);
    }
    this.log.warn(`DiamanteDesk: signed in as ${this.username}, but the helpdesk did not say which agent that is; replies and new tickets need it.`);
    const me: Me = { person: { id: '', name: this.username, isAgent: true } };
    this.me.set(me);
    return me;
  }

  /** My ids, or a plain refusal of what needs them. */
  async requireMe(action: string): Promise<AgentIds> {
    const { agent } = await this.me.get();
    if (!agent) {
      throw new HelpdeskError('unsupported', `DiamanteDesk did not say which agent ${this.username} is, so this extension cannot ${action} as you.`);
    }
    return agent;
  }

  /** Names of the people a ticket mentions (reporter, comment authors), fetched once each. */
  async meet(ticket: DdTicket): Promise<void> {
    for (const comment of ticket.comments ?? []) {
      const author = comment.author;
      if (author?.name !== undefined && !this.known.has(author.id)) {
        this.known.set(author.id, mapUser({ id: author.id, name: author.name, ...(author.email !== undefined && { email: author.email }) }, author.id));
      }
    }
    const ids = new Set([ticket.reporter, ...(ticket.comments ?? []).map((comment) => comment.author?.id)]);
    const customers = [...ids].filter((id): id is string => id !== undefined && id.startsWith(CUSTOMER_PREFIX) && !this.known.has(id));
    await Promise.all(customers.map((id) => this.meetCustomer(id)));
  }

  /** A reporter for a new ticket: me unless given; a typed id as is; an email looked up among customers. */
  async reporterFor(requester: string | undefined): Promise<string> {
    const given = requester?.trim() ?? '';
    if (given === '') return (await this.requireMe('create tickets')).typedId;
    if (/^(?:oro|diamante)_\d+$/.test(given)) return given;
    if (!/^[^\s@]+@[^\s@]+$/.test(given)) {
      throw new HelpdeskError('validation', 'The requester must be an email address or a DiamanteDesk user id.', {
        fields: { requester: ['Enter an email address.'] },
      });
    }
    try {
      return `${CUSTOMER_PREFIX}${(await this.api.deskUserByEmail(given)).id}`;
    } catch (error) {
      const failure = toHelpdeskError(error);
      if (failure.kind !== 'notFound' && failure.kind !== 'validation') throw failure;
      throw new HelpdeskError('validation', `No DiamanteDesk customer has the address ${given}.`, {
        fields: { requester: ['Unknown email address.'] },
        cause: failure,
      });
    }
  }

  private remember(user: DdUser): Me {
    const typedId = agentId(user.id);
    const person = mapUser({ ...user, name: user.name ?? user.username ?? this.username }, typedId);
    this.known.set(typedId, person);
    const me: Me = { person, agent: { typedId, numericId: user.id } };
    this.me.set(me);
    return me;
  }

  /**
   * Agents are OroPlatform users (ticket assignees are their ids); the desk API's `/users`
   * are customers on the real server. Where the platform's list is missing, the documents'
   * desk `/users` stands in; where it is not allowed, the only agent known is me.
   */
  private async loadAgents(): Promise<Person[]> {
    let users: DdUser[];
    try {
      users = await wholeList((page) => this.api.platformUsers(page, USER_PAGE_SIZE));
    } catch (error) {
      if (!(error instanceof HelpdeskError)) throw error;
      if (error.kind === 'forbidden') return this.onlyMe();
      if (error.kind !== 'notFound' && error.status !== 405) throw error;
      users = await wholeList((page) => this.api.deskUsers(page, USER_PAGE_SIZE));
    }
    const agents = users.map((user) => mapUser(user, agentId(user.id)));
    for (const agent of agents) this.known.set(agent.id, agent);
    return agents.sort((a, b) => a.name.localeCompare(b.name));
  }

  private async onlyMe(): Promise<Person[]> {
    const me = await this.me.get().catch(() => undefined);
    return me?.agent ? [me.person] : [];
  }

  private meetCustomer(typedId: string): Promise<void> {
    let pending = this.customerLookups.get(typedId);
    if (!pending) {
      pending = this.api
        .deskUser(typedId.slice(CUSTOMER_PREFIX.length))
        .then((user) => void this.known.set(typedId, mapUser(user, typedId)))
        .catch((error: unknown) => this.log.info(`DiamanteDesk: no name for ${typedId}: ${toHelpdeskError(error).message}`));
      this.customerLookups.set(typedId, pending);
    }
    return pending;
  }
}

/** A "who am I" route is missing, refused, unable to find the login or to answer JSON: try the next way. */
function isUnavailable(error: unknown): boolean {
  if (!(error instanceof HelpdeskError)) return false;
  return error.kind === 'notFound' || error.kind === 'forbidden' || error.kind === 'validation' || error.status === 405 || error.status === 406;
}

function sameLogin(user: DdUser, login: string): boolean {
  const wanted = login.toLowerCase();
  return user.email?.toLowerCase() === wanted || user.username?.toLowerCase() === wanted;
}

/** Every page of a user list (a short page is the last), bounded. */
async function wholeList(load: (page: number) => Promise<DdUser[]>): Promise<DdUser[]> {
  const all: DdUser[] = [];
  for (let page = 1; page <= MAX_USER_PAGES; page++) {
    const users = await load(page);
    all.push(...users);
    if (users.length < USER_PAGE_SIZE) break;
  }
  return all;
}

