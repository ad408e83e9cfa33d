// Deterministic seed data for the DeskDirector simulator: the same seed gives the same
// accounts, contacts, tickets, notes, time entries and files (only the origin in the
// hostile ticket's payloads differs between ports). Dates end at the epoch (SEED_EPOCH unless given).
import { PRODUCTS, type Topic } from '../corpus';
import { customerFile, guideFile, type GeneratedFile } from '../fixtures';
import { listFor } from '../list-map';
import { Rng } from '../prng';
import { creationTime, DAY, MINUTE, SEED_EPOCH } from '../seed-timeline';
import type { Credentials } from './auth';
import { BOARDS, CATEGORIES, PRIORITIES, REQUEST_TYPES, SOURCES, STATUSES, TAGS } from './catalog';
import { agentReply, contactReply, descriptionFor, internalNote, summaryFor, timeEntryNote } from './content';
import { fieldValueFor } from './field-values';
import { seedHostileTicket } from './hostile';
import { ME_AGENT_ID, seedAccounts, seedAgents, seedContacts } from './people';
import {
  addActivity,
  addFile,
  addNote,
  type Actor,
  type DeskdirectorState,
  type FieldValue,
  type NoteRecord,
  type RequestTypeRecord,
  type StatusRecord,
  type TicketRecord,
} from './state';

export { DEFAULT_SEED, SEED_EPOCH } from '../seed-timeline';
export const DEFAULT_TICKET_COUNT = 400;
/** Ticket ids start here, as a PSA's do after years of use. */
export const FIRST_TICKET_ID = 10001;
/** The newest seed ticket: subject, notes, contact, account, tags and file names carry script payloads. */
export const HOSTILE_TICKET_ID = FIRST_TICKET_ID + DEFAULT_TICKET_COUNT - 1;
export const CONTACT_COUNT = 150;

const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
const MAX_JSON_BYTES = 4 * 1024 * 1024;
/**
 * Inferred: the Copilot routes take no paging parameters and answer `total` next to
 * `resultsCount`, so the server returns a bounded first slice; 50 is the simulator's cap.
 */
export const COPILOT_RESULT_CAP = 50;

export interface SeedOptions {
  /** Seed dates end here (default SEED_EPOCH; the sandbox passes its start time). */
  epoch?: number;
  seed: number;
  ticketCount: number;
  origin: string;
  now: () => number;
  credentials: (meId: number) => Credentials;
}

export function generateState(options: SeedOptions): DeskdirectorState {
  const started = performance.now();
  const epoch = options.epoch ?? SEED_EPOCH;
  const rng = new Rng(options.seed);
  const accounts = seedAccounts();
  const state: DeskdirectorState = {
    origin: options.origin,
    seed: options.seed,
    seedEpoch: epoch,
    now: options.now,
    meId: ME_AGENT_ID,
    agents: seedAgents(),
    accounts,
    contacts: seedContacts(rng, accounts, CONTACT_COUNT),
    boards: BOARDS.map((board) => ({ ...board })),
    statuses: STATUSES.map((status) => ({ ...status })),
    priorities: PRIORITIES.map((priority) => ({ ...priority })),
    sources: SOURCES.map((source) => ({ ...source })),
    requestTypes: REQUEST_TYPES.map((type) => ({ ...type })),
    tickets: new Map(),
    notes: new Map(),
    ticketNotes: new Map(),
    activities: new Map(),
    taskLists: new Map(),
    files: new Map(),
    credentials: options.credentials(ME_AGENT_ID),
    features: { notesRoute: true },
    putCount: 0,
    beaconHits: 0,
    limits: { maxJsonBytes: MAX_JSON_BYTES, maxUploadBytes: MAX_UPLOAD_BYTES, copilotResultCap: COPILOT_RESULT_CAP },
    nextId: { ticket: 0, note: 70001, activity: 1 },
    rng,
    generatedInMs: 0,
  };

  const writer = new TicketWriter(state, rng);
  const total = Math.max(1, Math.floor(options.ticketCount));
  let index = 0;
  for (let id = FIRST_TICKET_ID; index < total - 1; id++) {
    if (id === HOSTILE_TICKET_ID) continue;
    writer.ticket(id, creationTime(index, total, rng, epoch));
    index++;
  }
  seedHostileTicket(state, HOSTILE_TICKET_ID, epoch - 2 * DAY);
  state.nextId.ticket = Math.max(...state.tickets.keys()) + 1;
  state.generatedInMs = performance.now() - started;
  return state;
}

type Author = 'contact' | 'agent' | 'internal' | 'time';

/** Seed times never pass the seed's epoch, so "now" in a test is always after all seed data. */
function beforeEpoch(ms: number, epoch: number): number {
  return Math.min(ms, epoch - 1000);
}

class TicketWriter {
  private readonly agentIds: number[];
  private readonly contactIds: number[];

  constructor(
    private readonly state: DeskdirectorState,
    private readonly rng: Rng,
  ) {
    this.agentIds = [...state.agents.keys()];
    this.contactIds = [...state.contacts.keys()];
  }

  ticket(id: number, created: number): void {
    const rng = this.rng;
    const requestType = rng.weighted<RequestTypeRecord | null>([
      [null, 25],
      [REQUEST_TYPES[0] ?? null, 15],
      [REQUEST_TYPES[1] ?? null, 10],
      [REQUEST_TYPES[2] ?? null, 20],
      [REQUEST_TYPES[3] ?? null, 10],
      [REQUEST_TYPES[4] ?? null, 20],
    ]);
    const topic: Topic = requestType ? 'support' : rng.weighted<Topic>([['support', 55], ['billing', 20], ['integrations', 25]]);
    const boardId = requestType?.boardId ?? rng.weighted([[3, 70], [7, 30]] as const);
    // Some contacts raise far more tickets than others.
    const contactId = this.contactIds[Math.floor(this.contactIds.length * rng.next() ** 2)] as number;
    const contact = this.state.contacts.get(contactId);
    if (!contact) throw new Error(`seed data: contact ${contactId} missing`);
    const account = this.state.accounts.get(contact.accountId);
    const customFields: Record<string, FieldValue> = {};
    for (const spec of requestType?.fields ?? []) {
      if (spec.required || rng.chance(0.6)) customFields[spec.name] = fieldValueFor(rng, spec, contact, created);
    }
    const ageDays = (this.state.seedEpoch - created) / DAY;
    const closed = rng.chance(ageDays > 30 ? 0.88 : ageDays > 7 ? 0.45 : 0.1);
    const status = this.statusFor(boardId, closed, ageDays);
    const fromPhone = rng.chance(0.12);
    const ticket: TicketRecord = {
      id,
      summary: summaryFor(rng, requestType?.id ?? null, topic, customFields, created),
      description: descriptionFor(rng, topic, contact, account, created),
      requestTypeId: requestType?.id ?? null,
      boardId,
      statusId: status.id,
      priorityId: rng.chance(0.05) ? null : rng.weighted([[6, 4], [15, 18], [8, 55], [4, 20], [16, 3]] as const),
      sourceId: fromPhone ? 6 : rng.weighted([[2, 55], [5, 35], [8, 8], [11, 2]] as const),
      accountId: account?.id ?? null,
      contactId,
      assignedAgentIds: this.assigneesFor(closed),
      tags: rng.sample(TAGS, rng.weighted([[0, 6], [1, 3], [2, 1]] as const)),
      categories: rng.chance(0.3) ? [rng.pick(CATEGORIES).id] : [],
      createdOn: created,
      modifiedOn: created,
      closedOn: null,
      dueDate: !closed && rng.chance(0.1) ? created + rng.int(2, 14) * DAY : null,
      customFields,
      createdBy: fromPhone ? { type: 'agent', id: rng.pick(this.agentIds) } : { type: 'contact', id: contactId },
    };
    this.state.tickets.set(id, ticket);
    addActivity(this.state, id, 'ticketCreated', created, ticket.createdBy);
    const end = Math.min(this.state.seedEpoch - MINUTE, created + rng.int(1, 20) * DAY);
    const last = this.writeNotes(ticket, topic, this.plan(closed), created, end);
    for (const agentId of ticket.assignedAgentIds) addActivity(this.state, id, 'agentAssigned', beforeEpoch(created + rng.int(1, 60) * MINUTE, this.state.seedEpoch), { type: 'agent', id: agentId });
    if (requestType?.id === 24 || rng.chance(0.06)) this.taskList(ticket, closed);
    ticket.modifiedOn = Math.max(last, ...(this.state.activities.get(id) ?? []).map((activity) => activity.createdOn));
    if (closed) {
      ticket.closedOn = Math.max(ticket.modifiedOn, beforeEpoch(ticket.modifiedOn + rng.int(1, 120) * MINUTE, this.state.seedEpoch));
      ticket.modifiedOn = ticket.closedOn;
      addActivity(this.state, id, 'statusChanged', ticket.closedOn, { type: 'agent', id: ticket.assignedAgentIds[0] ?? rng.pick(this.agentIds) });
    }
  }

  private statusFor(boardId: number, closed: boolean, ageDays: number): StatusRecord {
    const onBoard = this.state.statuses.filter((status) => status.boardId === boardId && status.isClosed === closed);
    if (closed) return this.rng.pick(onBoard);
    const fresh = onBoard.find((status) => status.isDefault);
    return fresh && ageDays < 2 && this.rng.chance(0.6) ? fresh : this.rng.pick(onBoard);
  }

  /** A realistic share of "mine" and "unassigned", most of it in the open tickets. */
  private assigneesFor(closed: boolean): number[] {
    const rng = this.rng;
    const me = this.state.meId;
    const others = this.agentIds.filter((id) => id !== me);
    const pick = closed ? rng.weighted([['none', 3], ['me', 22], ['other', 70], ['pair', 5]] as const) : rng.weighted([['none', 25], ['me', 30], ['other', 35], ['pair', 10]] as const);
    if (pick === 'none') return [];
    if (pick === 'me') return [me];
    if (pick === 'other') return [rng.pick(others)];
    return [rng.pick(others), me];
  }

  /** Who writes each note: the contact opens, agents answer, with internal notes and time entries between. */
  private plan(closed: boolean): Author[] {
    const rng = this.rng;
    const count = rng.weighted([[0, 10], [1, 20], [2, 25], [3, 20], [4, 12], [6, 8], [9, 5]] as const);
    const authors: Author[] = [];
    for (let i = 0; i < count; i++) {
      const previous = authors[authors.length - 1];
      authors.push(previous === 'agent' ? rng.weighted<Author>([['contact', 6], ['internal', 2], ['time', 2]]) : rng.weighted<Author>([['agent', 6], ['internal', 2], ['time', 2], ['contact', 1]]));
    }
    if (closed && count > 0) authors.push('time');
    return authors;
  }

  private writeNotes(ticket: TicketRecord, topic: Topic, authors: Author[], start: number, end: number): number {
    const rng = this.rng;
    const contact = ticket.contactId === null ? undefined : this.state.contacts.get(ticket.contactId);
    if (!contact) return start;
    const account = this.state.accounts.get(contact.accountId);
    const gaps = authors.map(() => rng.int(10, 2880));
    const sum = gaps.reduce((a, b) => a + b, 0);
    const scale = sum === 0 ? 0 : Math.min(1, (end - start) / (sum * MINUTE));
    let at = start;
    let lastText: string | undefined;
    authors.forEach((author, i) => {
      at += Math.floor((gaps[i] as number) * MINUTE * scale) + 1000;
      const agentId = ticket.assignedAgentIds[0] ?? rng.pick(this.agentIds);
      const agent = this.state.agents.get(agentId);
      if (!agent) return;
      const files: GeneratedFile[] = [];
      let note: Omit<NoteRecord, 'id' | 'attachmentIds'>;
      const byAgent: Actor = { type: 'agent', id: agent.id };
      if (author === 'contact') {
        if (rng.chance(0.12)) files.push(customerFile(rng, topic, at));
        note = { ticketId: ticket.id, note: contactReply(rng, topic, contact, account, at, lastText), type: 'comment', isInternal: false, createdOn: at, author: { type: 'contact', id: contact.id }, timeEntry: null };
      } else if (author === 'agent') {
        if (rng.chance(0.05)) files.push(guideFile(rng.pick(PRODUCTS)));
        note = { ticketId: ticket.id, note: agentReply(rng, agent, contact, at), type: 'comment', isInternal: false, createdOn: at, author: byAgent, timeEntry: null };
      } else if (author === 'internal') {
        const colleague = this.state.agents.get(rng.pick(this.agentIds.filter((id) => id !== agent.id)));
        note = { ticketId: ticket.id, note: internalNote(rng, colleague), type: 'comment', isInternal: true, createdOn: at, author: byAgent, timeEntry: null };
      } else {
        const hours = rng.int(1, 16) / 4;
        const timeEnd = at;
        const timeStart = timeEnd - hours * 60 * MINUTE;
        note = {
          ticketId: ticket.id,
          note: timeEntryNote(rng),
          type: 'timeEntry',
          isInternal: rng.chance(0.4),
          createdOn: at,
          author: byAgent,
          timeEntry: { timeStart, timeEnd, actualHours: hours, hoursBilled: rng.chance(0.8) ? hours : 0 },
        };
      }
      const attachmentIds = files.map((file) => addFile(this.state, { name: file.filename, contentType: file.content_type, data: file.data, createdOn: at, uploadedBy: note.author }).id);
      addNote(this.state, { ...note, attachmentIds });
      if (!note.isInternal) lastText = note.note;
    });
    return at;
  }

  private taskList(ticket: TicketRecord, closed: boolean): void {
    const rng = this.rng;
    const total = rng.int(3, 8);
    const done = closed ? total : rng.int(0, total);
    const by = ticket.assignedAgentIds[0] ?? rng.pick(this.agentIds);
    const createdOn = beforeEpoch(ticket.createdOn + rng.int(5, 90) * MINUTE, this.state.seedEpoch);
    listFor(this.state.taskLists, ticket.id).push({
      id: `tickettasklists/${ticket.id}-A`,
      name: ticket.requestTypeId === 24 ? 'New starter checklist' : 'Troubleshooting steps',
      isPrivate: rng.chance(0.2),
      isArchived: false,
      done,
      total,
      createdOn,
      createdBy: by,
      modifiedOn: Math.max(createdOn, beforeEpoch(createdOn + rng.int(1, 48) * 60 * MINUTE, this.state.seedEpoch)),
      modifiedBy: by,
    });
  }
}
