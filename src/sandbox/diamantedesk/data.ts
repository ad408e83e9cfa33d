// Deterministic seed data for the DiamanteDesk simulator: the same seed gives the same
// branches, people, tickets, threads and files (only the origin in URLs and the secrets
// differ between starts). Dates are laid out before the epoch (SEED_EPOCH unless given). Ticket ids and
// branch sequence numbers have holes where tickets were deleted, as a real install's do.
import { LABELS, SUBJECTS, type Topic } from '../corpus';
import { customerFile, fillSlots, guideFile, importRunNote, importRunReport, quoteDate, screenshotFile, type GeneratedFile } from '../fixtures';
import type { QuotedMail } from '../mail';
import type { Author } from '../message-lines';
import { Rng } from '../prng';
import { creationTime, DAY, MINUTE, SEED_EPOCH } from '../seed-timeline';
import { createAttachment } from './attachment-files';
import { agentReply, customerReply, emailDescription, phoneDescription, privateNote, webDescription } from './content';
import { seedHostileTicket } from './hostile';
import { NonceCache } from './nonces';
import { companyOf, CREDENTIAL_CUSTOMER_ID, ME_AGENT_ID, RESTRICTED_AGENT_ID, seedPeople } from './people';
import {
  addComment,
  agentTypedId,
  customerTypedId,
  fullName,
  nextSequence,
  tagFor,
  type AgentRecord,
  type BranchRecord,
  type CustomerRecord,
  type DiamantedeskState,
  type TicketRecord,
  type TicketTotalMode,
} from './state';

export { DEFAULT_SEED, SEED_EPOCH } from '../seed-timeline';
export const DEFAULT_TICKET_COUNT = 600;
/** The ticket with BIG_THREAD_COMMENT_COUNT comments, for paging and rendering benchmarks. */
export const BIG_THREAD_TICKET_ID = 498;
export const BIG_THREAD_COMMENT_COUNT = 200;
/** The ticket whose subject, description, reporter, tags, comments and file names carry script payloads. */
export const HOSTILE_TICKET_ID = 512;
export const CUSTOMER_COUNT = 150;
export const BRANCH_KEYS = ['BRANCHA', 'BRANCHB', 'BRANCHC'] as const;

const SPECIAL_IDS = [BIG_THREAD_TICKET_ID, HOSTILE_TICKET_ID];

interface BranchSeed {
  id: number;
  key: string;
  name: string;
  description: string;
  defaultAssigneeId: number | null;
  weight: number;
  topics: ReadonlyArray<readonly [Topic, number]>;
}

// Branch 3 was deleted long ago: ids as a real install has them.
const BRANCHES: readonly BranchSeed[] = [
  { id: 1, key: 'BRANCHA', name: 'Customer Support', description: 'Questions and problems from customers of all products.', defaultAssigneeId: 2, weight: 55, topics: [['support', 85], ['sales', 15]] },
  { id: 2, key: 'BRANCHB', name: 'Billing', description: 'Invoices, refunds, plan changes.', defaultAssigneeId: 5, weight: 25, topics: [['billing', 1]] },
  { id: 4, key: 'BRANCHC', name: 'Integrations & API', description: 'Webhooks, SSO and the public API.', defaultAssigneeId: null, weight: 20, topics: [['integrations', 1]] },
];

export interface SeedOptions {
  /** Seed dates end here (default SEED_EPOCH; the sandbox passes its start time). */
  epoch?: number;
  seed: number;
  ticketCount: number;
  origin: string;
  now: () => number;
  apiKey?: string;
  clockSkewMs: number;
  ticketTotal: TicketTotalMode;
}

export function generateState(options: SeedOptions): DiamantedeskState {
  const started = performance.now();
  const epoch = options.epoch ?? SEED_EPOCH;
  const rng = new Rng(options.seed);
  const people = seedPeople(rng, CUSTOMER_COUNT, epoch - 540 * DAY, options.apiKey);
  const installed = epoch - 560 * DAY;
  const state: DiamantedeskState = {
    origin: options.origin,
    seed: options.seed,
    seedEpoch: epoch,
    realNow: options.now,
    clockSkewMs: options.clockSkewMs,
    agents: people.agents,
    customers: people.customers,
    branches: new Map(
      BRANCHES.map((b): [number, BranchRecord] => [b.id, { id: b.id, key: b.key, name: b.name, description: b.description, defaultAssigneeId: b.defaultAssigneeId, createdAt: installed + b.id * DAY, updatedAt: installed + b.id * DAY, lastSequence: 0 }]),
    ),
    defaultBranchId: 1,
    tickets: new Map(),
    comments: new Map(),
    ticketComments: new Map(),
    attachments: new Map(),
    attachmentsByHash: new Map(),
    tags: new Map(),
    movedKeys: new Map(),
    nonces: new NonceCache(),
    nextId: { ticket: 1, comment: 1, attachment: 1, branch: 5, customer: CUSTOMER_COUNT + 1, tag: 1 },
    meId: ME_AGENT_ID,
    restrictedAgentId: RESTRICTED_AGENT_ID,
    customerId: CREDENTIAL_CUSTOMER_ID,
    ticketTotal: options.ticketTotal,
    beaconHits: 0,
    rng,
    generatedInMs: 0,
  };
  for (const label of LABELS) tagFor(state, label);

  const writer = new ThreadWriter(state, rng, people.workerIds, people.customerIds);
  const total = Math.max(SPECIAL_IDS.length, Math.floor(options.ticketCount));
  let made = 0;
  for (let id = 1; made < total; id++) {
    const special = SPECIAL_IDS.includes(id);
    if (!special && deleted(id)) {
      // A deleted ticket used up its branch's number.
      nextSequence(writer.pickBranch().record);
      continue;
    }
    if (!special && total - made <= SPECIAL_IDS.filter((s) => s > id).length) continue;
    const created = creationTime(made, total, rng, epoch);
    if (id === BIG_THREAD_TICKET_ID) writer.bigThread(id, created);
    else if (id === HOSTILE_TICKET_ID) seedHostileTicket(state, id, state.branches.get(2) as BranchRecord, created);
    else writer.ticket(id, created);
    made++;
  }
  state.nextId.ticket = Math.max(0, ...state.tickets.keys()) + 1;
  state.generatedInMs = performance.now() - started;
  return state;
}

/** About one ticket in fifteen was deleted. */
function deleted(id: number): boolean {
  return (Math.imul(id, 0x9e3779b1) >>> 0) % 15 === 0;
}

type Step = 'agent' | 'customer' | 'note';

class ThreadWriter {
  constructor(
    private readonly state: DiamantedeskState,
    private readonly rng: Rng,
    private readonly workerIds: number[],
    private readonly customerIds: number[],
  ) {}

  pickBranch(): { seed: BranchSeed; record: BranchRecord } {
    const seed = this.rng.weighted(BRANCHES.map((b) => [b, b.weight] as const));
    return { seed, record: this.state.branches.get(seed.id) as BranchRecord };
  }

  private agent(id: number): AgentRecord {
    return this.state.agents.get(id) as AgentRecord;
  }

  private customer(id: number): CustomerRecord {
    return this.state.customers.get(id) as CustomerRecord;
  }

  private authorOf(person: AgentRecord | CustomerRecord): Author {
    return { firstName: person.firstName, name: fullName(person), company: companyOf(person.email) };
  }

  ticket(id: number, created: number): void {
    const rng = this.rng;
    const { seed, record: branch } = this.pickBranch();
    const topic = rng.weighted(seed.topics);
    // Some customers write far more often than others (the credential customer among them).
    const customer = this.customer(this.customerIds[Math.floor(this.customerIds.length * rng.next() ** 2.2)] as number);
    const agentReported = rng.chance(0.12);
    const reporterAgent = agentReported ? this.agent(rng.pick(this.workerIds)) : undefined;
    const source = agentReported ? 'phone' : rng.weighted([['email', 55], ['web', 35], ['phone', 10]] as const);
    const ageDays = (this.state.seedEpoch - created) / DAY;
    const status = this.statusFor(ageDays);
    const assigneeId = this.assigneeFor(status, seed);
    const reporter = reporterAgent ? reporterAgent : customer;
    const description =
      source === 'email' ? emailDescription(rng, topic, this.authorOf(customer), created, this.state.origin, id) : source === 'web' ? webDescription(rng, topic, created) : phoneDescription(rng, topic, this.authorOf(customer), created);
    const ticket: TicketRecord = {
      id,
      uniqueId: rng.code(32, '0123456789abcdef'),
      branchId: branch.id,
      sequenceNumber: nextSequence(branch),
      subject: fillSlots(rng, rng.pick(SUBJECTS[topic]), created),
      description,
      status,
      priority: rng.weighted([['low', 25], ['medium', 55], ['high', 20]] as const),
      source,
      reporter: reporterAgent ? agentTypedId(reporterAgent.id) : customerTypedId(customer.id),
      reporterEmail: reporter.email,
      assigneeId,
      createdAt: created,
      updatedAt: created,
      statusUpdatedSince: null,
      assignedSince: null,
      tags: rng.chance(0.25) ? rng.sample(LABELS, rng.int(1, 2)).map((name) => tagFor(this.state, name)) : [],
      attachmentIds: [],
    };
    this.state.tickets.set(id, ticket);
    if (rng.chance(0.12)) this.attachToTicket(ticket, rng.chance(0.6) ? screenshotFile(rng, created) : customerFile(rng, topic, created), created);
    const end = Math.min(this.state.seedEpoch - MINUTE, created + rng.int(1, 20) * DAY);
    this.writeThread(ticket, topic, customer, this.plan(status), created, end);
  }

  private statusFor(ageDays: number): string {
    type Weights = ReadonlyArray<readonly [string, number]>;
    const old: Weights = [['closed', 88], ['on_hold', 4], ['pending', 4], ['open', 3], ['in_progress', 1]];
    const recent: Weights = [['closed', 40], ['open', 18], ['in_progress', 16], ['pending', 12], ['on_hold', 5], ['new', 9]];
    const fresh: Weights = [['new', 34], ['open', 24], ['in_progress', 18], ['pending', 12], ['on_hold', 4], ['closed', 8]];
    return this.rng.weighted(ageDays > 30 ? old : ageDays > 7 ? recent : fresh);
  }

  /** A realistic share for "mine" and "unassigned", most of it in the open queues. */
  private assigneeFor(status: string, branch: BranchSeed): number | null {
    const rng = this.rng;
    const other = (): number => rng.pick(this.workerIds.filter((id) => id !== ME_AGENT_ID));
    if (status === 'closed') return rng.chance(0.04) ? null : rng.chance(0.2) ? ME_AGENT_ID : other();
    const pick = status === 'new' ? rng.weighted([['none', 50], ['me', 20], ['default', 15], ['other', 15]] as const) : rng.weighted([['none', 8], ['me', 30], ['default', 12], ['other', 50]] as const);
    if (pick === 'none') return null;
    if (pick === 'me') return ME_AGENT_ID;
    return pick === 'default' && branch.defaultAssigneeId !== null ? branch.defaultAssigneeId : other();
  }

  private plan(status: string): Step[] {
    const rng = this.rng;
    const steps: Step[] = [];
    if (status === 'new') {
      if (rng.chance(0.2)) steps.push('customer');
      if (rng.chance(0.1)) steps.push('note');
      return steps;
    }
    const exchanges = rng.weighted([[1, 30], [2, 30], [3, 20], [4, 12], [5, 8]] as const);
    for (let i = 0; i < exchanges; i++) {
      if (rng.chance(0.15)) steps.push('note');
      steps.push('agent');
      if (i < exchanges - 1 || status === 'open' || rng.chance(0.3)) steps.push('customer');
    }
    if (status === 'on_hold' && rng.chance(0.6)) steps.push('note');
    return steps;
  }

  private writeThread(ticket: TicketRecord, topic: Topic, customer: CustomerRecord, steps: Step[], start: number, end: number): void {
    const rng = this.rng;
    const state = this.state;
    const agent = this.agent(ticket.assigneeId ?? rng.pick(this.workerIds));
    const gaps = steps.map(() => rng.int(10, 2880));
    const totalGap = gaps.reduce((a, b) => a + b, 0);
    const scale = totalGap === 0 ? 0 : Math.min(1, (end - start) / (totalGap * MINUTE));
    let at = start;
    let lastPublic: { own: string; person: AgentRecord | CustomerRecord; at: number } | undefined;
    let firstAgentAt: number | undefined;
    let lastAgentAt: number | undefined;
    for (const [index, step] of steps.entries()) {
      at += Math.floor((gaps[index] as number) * MINUTE * scale) + 1000 + rng.int(0, 999);
      if (step === 'note') {
        const colleague = this.agent(rng.pick(this.workerIds.filter((id) => id !== agent.id)));
        addComment(state, { ticketId: ticket.id, author: agentTypedId(agent.id), content: privateNote(rng, this.authorOf(colleague)), private: true, createdAt: at, updatedAt: at });
        continue;
      }
      const person = step === 'agent' ? agent : customer;
      let written;
      if (step === 'agent') {
        written = agentReply(rng, this.authorOf(agent), this.authorOf(customer), at);
        firstAgentAt ??= at;
        lastAgentAt = at;
      } else {
        const quote: QuotedMail | undefined =
          lastPublic && ticket.source === 'email' && rng.chance(0.6) ? { authorName: fullName(lastPublic.person), authorEmail: lastPublic.person.email, date: quoteDate(lastPublic.at), html: lastPublic.own } : undefined;
        written = customerReply(rng, topic, this.authorOf(customer), at, quote);
      }
      const comment = addComment(state, { ticketId: ticket.id, author: step === 'agent' ? agentTypedId(agent.id) : customerTypedId(customer.id), content: written.full, private: false, createdAt: at, updatedAt: at });
      const file: GeneratedFile | undefined = step === 'customer' && rng.chance(0.08) ? customerFile(rng, topic, at) : step === 'agent' && rng.chance(0.04) ? guideFile('Orbit Sync') : undefined;
      if (file) comment.attachmentIds.push(createAttachment(state, 'comment', comment.id, { filename: file.filename, content: file.data }, at).id);
      lastPublic = { own: written.own, person, at };
    }
    ticket.updatedAt = Math.max(start, at);
    if (ticket.status !== 'new') ticket.statusUpdatedSince = lastAgentAt ?? start + rng.int(5, 120) * MINUTE;
    // Assigned while the ticket was created leaves no assignment date; a later one does.
    if (ticket.assigneeId !== null && rng.chance(0.5)) ticket.assignedSince = firstAgentAt ?? start + rng.int(5, 60) * MINUTE;
  }

  private attachToTicket(ticket: TicketRecord, file: GeneratedFile, at: number): void {
    ticket.attachmentIds.push(createAttachment(this.state, 'ticket', ticket.id, { filename: file.filename, content: file.data }, at).id);
  }

  /** A long-running tracking thread, still in progress, with BIG_THREAD_COMMENT_COUNT comments. */
  bigThread(id: number, created: number): void {
    const rng = this.rng;
    const state = this.state;
    const branch = state.branches.get(4) as BranchRecord;
    const customer = this.customer(1);
    const me = this.agent(ME_AGENT_ID);
    const ticket: TicketRecord = {
      id,
      uniqueId: rng.code(32, '0123456789abcdef'),
      branchId: branch.id,
      sequenceNumber: nextSequence(branch),
      subject: 'Nightly import fails intermittently (tracking thread)',
      description: `<p>Hi,</p><p>Our nightly import fails every few days with a timeout. We will post every run here until it is fixed.</p><p>Thanks,<br>${customer.firstName}</p>`,
      status: 'in_progress',
      priority: 'high',
      source: 'email',
      reporter: customerTypedId(customer.id),
      reporterEmail: customer.email,
      assigneeId: me.id,
      createdAt: created,
      updatedAt: created,
      statusUpdatedSince: created + 30 * MINUTE,
      assignedSince: created + 20 * MINUTE,
      tags: [tagFor(state, 'regression'), tagFor(state, 'api')],
      attachmentIds: [],
    };
    state.tickets.set(id, ticket);
    const span = this.state.seedEpoch - MINUTE - created;
    const step = span / (BIG_THREAD_COMMENT_COUNT + 1);
    let last = created;
    for (let i = 0; i < BIG_THREAD_COMMENT_COUNT; i++) {
      const at = created + Math.floor((i + 1) * step + rng.next() * step * 0.5);
      const kind = i === BIG_THREAD_COMMENT_COUNT - 1 ? 'customer' : i % 10 === 7 ? 'note' : i % 2 === 0 ? 'agent' : 'customer';
      const run = 1000 + i;
      const content =
        kind === 'note'
          ? `<p>${importRunNote(run)}</p>`
          : kind === 'agent'
            ? `<p>Hi ${customer.firstName},</p><p>Thanks, run #${run} is logged. We deployed <b>another mitigation</b> at ${new Date(at).toISOString().slice(11, 16)} UTC.</p><p>Best regards,<br>${fullName(me)}</p>`
            : importRunReport(rng, run, customer.firstName);
      const comment = addComment(state, { ticketId: id, author: kind === 'customer' ? customerTypedId(customer.id) : agentTypedId(me.id), content, private: kind === 'note', createdAt: at, updatedAt: at });
      if (kind === 'customer' && i % 25 === 3) {
        const file = customerFile(rng, 'integrations', at);
        comment.attachmentIds.push(createAttachment(state, 'comment', comment.id, { filename: file.filename, content: file.data }, at).id);
      }
      last = at;
    }
    ticket.updatedAt = last;
  }
}
