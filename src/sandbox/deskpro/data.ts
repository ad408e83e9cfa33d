// Deterministic seed data for the DeskPRO simulator: the same seed gives the same people,
// tickets, threads and files (only the origin in URLs differs between ports). Dates are
// laid out before an epoch (the fixed SEED_EPOCH in tests, the start time in the sandbox).
import { LABELS, PRODUCTS, SUBJECTS, type Topic } from '../corpus';
import { importRunNote, importRunReport } from '../fixtures';
import { mailJunk } from '../mail';
import { Rng } from '../prng';
import { creationTime, DAY, MINUTE, SEED_EPOCH } from '../seed-timeline';
import { agentBody, agentNote, customerBody, customerFile, fillSlots, guideFile, quoteDate, screenshotFile, type GeneratedFile } from './content';
import { seedHostileTicket } from './hostile';
import { FIRST_REQUESTER_ID, ME_PERSON_ID, seedCredentials, seedPeople } from './people';
import {
  addBlob,
  addMessage,
  attachBlob,
  blobDownloadUrl,
  formatDate,
  newRef,
  type DeskproState,
  type MessageRecord,
  type PersonRecord,
  type TicketRecord,
  type TicketStatusId,
} from './state';

/** The ticket with a 500-message conversation, for paging and rendering benchmarks. */
export const BIG_THREAD_TICKET_ID = 1000;
export const BIG_THREAD_MESSAGE_COUNT = 500;
/** The ticket whose subject, bodies, author and file names carry script payloads. */
export const HOSTILE_TICKET_ID = 1001;
// Seed dates end at the epoch; things created through the API use the real clock.
export { DEFAULT_SEED, SEED_EPOCH } from '../seed-timeline';
export const DEFAULT_TICKET_COUNT = 1200;

const REQUESTER_COUNT = 150;
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const MAX_JSON_BYTES = 10 * 1024 * 1024;

const DEPARTMENTS: ReadonlyArray<{ id: number; title: string; topic: Topic }> = [
  { id: 1, title: 'Support', topic: 'support' },
  { id: 2, title: 'Billing', topic: 'billing' },
  { id: 3, title: 'Sales', topic: 'sales' },
  { id: 4, title: 'Integrations & API', topic: 'integrations' },
];

// Inferred: `priority` is the sort weight DeskPRO shows next to a priority's title.
const PRIORITIES = [
  { id: 1, title: 'Low', priority: 10 },
  { id: 2, title: 'Normal', priority: 20 },
  { id: 3, title: 'High', priority: 30 },
  { id: 4, title: 'Urgent', priority: 40 },
];

const SPAM_SUBJECTS = ['Congratulations, you have been selected!', 'Get your website to #1 on search engines', 'URGENT: overdue invoice attached'];

export interface SeedOptions {
  /** Seed dates end here (default SEED_EPOCH; the sandbox passes its start time). */
  epoch?: number;
  seed: number;
  ticketCount: number;
  baseUrl: string;
}

export function generateState(options: SeedOptions): DeskproState {
  const started = performance.now();
  const epoch = options.epoch ?? SEED_EPOCH;
  const rng = new Rng(options.seed);
  const { people, agentIds, requesterIds, spamIds } = seedPeople(rng, REQUESTER_COUNT, epoch);
  const state: DeskproState = {
    baseUrl: options.baseUrl,
    seed: options.seed,
    seedEpoch: epoch,
    meId: ME_PERSON_ID,
    restrictedPersonId: FIRST_REQUESTER_ID,
    people,
    departments: DEPARTMENTS.map(({ id, title }) => ({ id, title })),
    priorities: PRIORITIES.map((p) => ({ ...p })),
    tickets: new Map(),
    messages: new Map(),
    ticketMessages: new Map(),
    blobs: new Map(),
    blobsByAuth: new Map(),
    attachments: new Map(),
    ticketAttachments: new Map(),
    credentials: seedCredentials(rng, FIRST_REQUESTER_ID),
    limits: { maxUploadBytes: MAX_UPLOAD_BYTES, maxJsonBytes: MAX_JSON_BYTES },
    nextId: { person: Math.max(...people.keys()) + 1, ticket: 1, message: 1, blob: 5001, attachment: 1 },
    beaconHits: 0,
    rng,
    generatedInMs: 0,
  };
  const writer = new ThreadWriter(state, rng, agentIds, requesterIds, spamIds);

  const ids = ticketIds(options.ticketCount);
  for (const [index, id] of ids.entries()) {
    const created = creationTime(index, ids.length, rng, epoch);
    if (id === BIG_THREAD_TICKET_ID) writer.bigThread(id, created);
    else if (id === HOSTILE_TICKET_ID) seedHostileTicket(state, id, created);
    else writer.ticket(id, created);
  }
  state.nextId.ticket = Math.max(0, ...state.tickets.keys()) + 1;
  state.generatedInMs = performance.now() - started;
  return state;
}

/** 1..count, except that the two special tickets always keep their documented ids. */
function ticketIds(count: number): number[] {
  const total = Math.max(2, Math.floor(count));
  if (total >= HOSTILE_TICKET_ID) return Array.from({ length: total }, (_, i) => i + 1);
  const ids = Array.from({ length: total - 2 }, (_, i) => i + 1);
  return [...ids, BIG_THREAD_TICKET_ID, HOSTILE_TICKET_ID];
}

type Author = 'user' | 'agent' | 'note';

class ThreadWriter {
  private readonly otherAgents: number[];

  constructor(
    private readonly state: DeskproState,
    private readonly rng: Rng,
    private readonly agentIds: number[],
    private readonly requesterIds: number[],
    private readonly spamIds: number[],
  ) {
    this.otherAgents = agentIds.filter((id) => id !== state.meId);
  }

  ticket(id: number, created: number): void {
    const rng = this.rng;
    if (rng.chance(0.02)) return this.spam(id, created);
    const department = rng.weighted([[DEPARTMENTS[0], 50], [DEPARTMENTS[1], 20], [DEPARTMENTS[2], 10], [DEPARTMENTS[3], 20]] as const);
    // Some customers write far more often than others: skew towards the first requesters.
    const person = this.requesterIds[Math.floor(this.requesterIds.length * rng.next() ** 2)] as number;
    const ageDays = (this.state.seedEpoch - created) / DAY;
    const status = this.statusFor(ageDays);
    const agent = this.agentFor(status);
    const priority = rng.chance(0.05) ? null : rng.weighted([[1, 25], [2, 50], [3, 18], [4, 7]] as const);
    const ticket: TicketRecord = {
      id,
      ref: newRef(rng),
      subject: fillSlots(rng, rng.pick(SUBJECTS[department.topic]), created),
      status,
      person,
      agent,
      department: department.id,
      priority,
      date_created: formatDate(created),
      date_last_agent_reply: null,
      date_last_user_reply: null,
      labels: rng.sample(LABELS, rng.weighted([[0, 6], [1, 3], [2, 1]] as const)),
      urgency: Math.min(10, (priority ?? 2) * 2 - 1 + rng.int(0, 2)),
    };
    this.state.tickets.set(id, ticket);
    this.writeThread(ticket, department.topic, this.plan(status), created, Math.min(this.state.seedEpoch - MINUTE, created + rng.int(1, 20) * DAY));
  }

  private statusFor(ageDays: number): TicketStatusId {
    const rng = this.rng;
    if (ageDays > 30) return rng.weighted([['resolved', 88], ['awaiting_user', 5], ['pending', 4], ['awaiting_agent', 3]] as const);
    if (ageDays > 7) return rng.weighted([['resolved', 45], ['awaiting_user', 25], ['pending', 12], ['awaiting_agent', 18]] as const);
    return rng.weighted([['awaiting_agent', 45], ['awaiting_user', 30], ['pending', 15], ['resolved', 10]] as const);
  }

  /** A realistic share for "mine" and "unassigned", most of it in the open queues. */
  private agentFor(status: TicketStatusId): number | null {
    const rng = this.rng;
    const me = this.state.meId;
    const other = (): number => rng.pick(this.otherAgents);
    if (status === 'awaiting_agent') return rng.weighted([['none', 35], ['me', 30], ['other', 35]] as const) === 'none' ? null : rng.chance(30 / 65) ? me : other();
    if (status === 'resolved') return rng.chance(0.02) ? null : rng.chance(0.15) ? me : other();
    const pick = rng.weighted([['none', 10], ['me', 30], ['other', 60]] as const);
    return pick === 'none' ? null : pick === 'me' ? me : other();
  }

  /** Who writes each message; the last public one matches the status. */
  private plan(status: TicketStatusId): Author[] {
    const rng = this.rng;
    let count = rng.weighted([[1, 15], [2, 25], [3, 20], [4, 15], [5, 10], [6, 7], [7, 5], [8, 3]] as const);
    const lastIsUser = status === 'awaiting_agent';
    if (!lastIsUser && count < 2) count = 2;
    const authors: Author[] = ['user'];
    for (let i = 1; i < count; i++) {
      const previous = authors[authors.length - 1];
      authors.push(previous === 'user' && rng.chance(0.85) ? 'agent' : previous === 'agent' ? 'user' : rng.chance(0.5) ? 'agent' : 'user');
    }
    authors[authors.length - 1] = lastIsUser ? 'user' : 'agent';
    // Agent notes between messages: someone investigating before replying.
    const withNotes: Author[] = [];
    for (const author of authors) {
      if (author === 'agent' && rng.chance(0.15)) withNotes.push('note');
      withNotes.push(author);
    }
    if (lastIsUser && rng.chance(0.1)) withNotes.push('note');
    return withNotes;
  }

  private writeThread(ticket: TicketRecord, topic: Topic, authors: Author[], start: number, end: number): void {
    const rng = this.rng;
    const customer = this.person(ticket.person);
    // Gaps of minutes to days, scaled to fit between creation and `end`.
    const gaps = authors.map((_, i) => (i === 0 ? 0 : rng.int(10, 2880)));
    const total = gaps.reduce((a, b) => a + b, 0);
    const scale = total === 0 ? 0 : Math.min(1, (end - start) / (total * MINUTE));
    let at = start;
    let lastPublic: { own: string; author: PersonRecord; at: number } | undefined;
    authors.forEach((author, i) => {
      at += Math.floor((gaps[i] as number) * MINUTE * scale) + (i === 0 ? 0 : 1000);
      const agent = this.person(ticket.agent ?? rng.pick(this.agentIds));
      if (author === 'note') {
        const colleague = this.person(rng.pick(this.otherAgents));
        addMessage(this.state, { ticket: ticket.id, person: agent.id, date_created: formatDate(at), is_agent_note: 1, message: agentNote(rng, colleague) });
        return;
      }
      const quote = lastPublic && rng.chance(0.65) ? { authorName: lastPublic.author.name, authorEmail: lastPublic.author.primary_email, date: quoteDate(lastPublic.at), html: lastPublic.own } : undefined;
      const extras: string[] = [];
      const files: GeneratedFile[] = [];
      let inline: GeneratedFile | undefined;
      let written;
      if (author === 'user') {
        extras.push(...mailJunk(rng, this.state.baseUrl, ticket.id));
        if (rng.chance(0.06)) inline = screenshotFile(rng, at);
        if (rng.chance(i === 0 ? 0.15 : 0.08)) files.push(customerFile(rng, topic, at));
        written = customerBody(rng, topic, customer, i === 0, at, { quote, extras });
      } else {
        if (rng.chance(0.04)) files.push(guideFile(rng.pick(PRODUCTS)));
        written = agentBody(rng, agent, customer, at, { quote });
      }
      const message = addMessage(this.state, {
        ticket: ticket.id,
        person: author === 'user' ? customer.id : agent.id,
        date_created: formatDate(at),
        is_agent_note: 0,
        message: written.full,
      });
      if (inline) {
        const blob = addBlob(this.state, { ...inline, is_temp: false, date_created: formatDate(at) });
        attachBlob(this.state, message, blob, true);
        // The image sits above the quote, as mail clients place pasted screenshots.
        message.message = message.message.replace('\n<div class="quote">', `\n<p><img src="${blobDownloadUrl(this.state.baseUrl, blob)}" alt="${blob.filename}" width="120" height="80"></p>\n<div class="quote">`);
        if (!message.message.includes(blob.blob_auth)) message.message += `\n<p><img src="${blobDownloadUrl(this.state.baseUrl, blob)}" alt="${blob.filename}" width="120" height="80"></p>`;
      }
      for (const file of files) attachBlob(this.state, message, addBlob(this.state, { ...file, is_temp: false, date_created: formatDate(at) }), false);
      if (author === 'user') ticket.date_last_user_reply = message.date_created;
      else ticket.date_last_agent_reply = message.date_created;
      lastPublic = { own: written.own, author: author === 'user' ? customer : agent, at };
    });
  }

  private spam(id: number, created: number): void {
    const rng = this.rng;
    const person = rng.pick(this.spamIds);
    const ticket: TicketRecord = {
      id,
      ref: newRef(rng),
      subject: rng.pick(SPAM_SUBJECTS),
      status: 'hidden',
      person,
      agent: null,
      department: 1,
      priority: null,
      date_created: formatDate(created),
      date_last_agent_reply: null,
      date_last_user_reply: formatDate(created),
      labels: [],
      urgency: 1,
    };
    this.state.tickets.set(id, ticket);
    const body = `<p>Dear Sir/Madam,</p><p>Click <a href="https://offers.example/claim?id=${rng.code(10, '0123456789')}">here</a> to claim your reward before it expires.</p><img src="https://tracker.example/open.gif" width="1" height="1">`;
    addMessage(this.state, { ticket: id, person, date_created: ticket.date_created, is_agent_note: 0, message: body });
  }

  /** A long-running tracking thread with BIG_THREAD_MESSAGE_COUNT messages, still open. */
  bigThread(id: number, created: number): void {
    const rng = this.rng;
    const customer = this.person(FIRST_REQUESTER_ID + 1);
    const me = this.person(this.state.meId);
    const ticket: TicketRecord = {
      id,
      ref: newRef(rng),
      subject: 'Nightly import fails intermittently (tracking thread)',
      status: 'awaiting_agent',
      person: customer.id,
      agent: me.id,
      department: 4,
      priority: 3,
      date_created: formatDate(created),
      date_last_agent_reply: null,
      date_last_user_reply: null,
      labels: ['regression', 'api'],
      urgency: 7,
    };
    this.state.tickets.set(id, ticket);
    const span = this.state.seedEpoch - MINUTE - created;
    const step = span / BIG_THREAD_MESSAGE_COUNT;
    let previous: MessageRecord | undefined;
    for (let i = 0; i < BIG_THREAD_MESSAGE_COUNT; i++) {
      const at = i === 0 ? created : created + Math.floor(i * step + rng.next() * step * 0.5);
      const last = i === BIG_THREAD_MESSAGE_COUNT - 1;
      const kind: Author = last ? 'user' : i === 0 ? 'user' : i % 10 === 7 ? 'note' : i % 2 === 1 ? 'agent' : 'user';
      const run = 1000 + i;
      let html: string;
      if (kind === 'note') html = `<p>${importRunNote(run)}</p>`;
      else if (kind === 'agent') html = `<p>Hi ${customer.first_name},</p><p>Thanks, run #${run} is logged. We deployed another mitigation at ${formatDate(at).slice(11, 16)} UTC; please tell us how tonight's import goes.</p><p>Best regards,<br>${me.name}</p>`;
      else html = importRunReport(rng, run, customer.first_name);
      if (previous && kind !== 'note' && i % 3 === 0) html += `\n<blockquote>${previous.message.split('\n<blockquote>')[0]}</blockquote>`;
      const message = addMessage(this.state, { ticket: id, person: kind === 'user' ? customer.id : me.id, date_created: formatDate(at), is_agent_note: kind === 'note' ? 1 : 0, message: html });
      if (kind === 'user' && i % 25 === 4) attachBlob(this.state, message, addBlob(this.state, { ...customerFile(rng, 'integrations', at), is_temp: false, date_created: message.date_created }), false);
      if (kind === 'user') ticket.date_last_user_reply = message.date_created;
      if (kind === 'agent') ticket.date_last_agent_reply = message.date_created;
      if (kind !== 'note') previous = message;
    }
  }

  private person(id: number): PersonRecord {
    const person = this.state.people.get(id);
    if (!person) throw new Error(`seed data: person ${id} missing`);
    return person;
  }
}
