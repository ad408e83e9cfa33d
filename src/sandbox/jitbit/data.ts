// Deterministic seed data for the Jitbit simulator: the same seed gives the same users,
// tickets, threads and files (only the origin in URLs differs between ports). Dates are
// laid out before an epoch (the fixed SEED_EPOCH in tests, the start time in the sandbox).
import { LABELS, PRODUCTS, SUBJECTS, type Topic } from '../corpus';
import { customerFile, fillSlots, guideFile, importRunNote, importRunReport, quoteDate, screenshotFile, type GeneratedFile } from '../fixtures';
import { mailJunk, type QuotedMail } from '../mail';
import { Rng } from '../prng';
import { creationTime, DAY, MINUTE, SEED_EPOCH } from '../seed-timeline';
import { LoginGuard } from './auth';
import { bbcodeCustomerBody, bbcodeTechReply, htmlCustomerBody, htmlTechReply, systemText, techNote, textCustomerBody, type Author } from './content';
import { seedHostileTicket } from './hostile';
import { DOMAIN_USER_ID, FIRST_CUSTOMER_ID, FORMER_TECH_ID, ME_USER_ID, seedPeople } from './people';
import {
  addComment,
  addFile,
  fileWebUrl,
  fullName,
  newTicket,
  setTags,
  settleFlags,
  statusName,
  tagFor,
  STATUS_CLOSED,
  STATUS_IN_PROGRESS,
  STATUS_NEW,
  type BodyFormat,
  type CategoryRecord,
  type CommentRecord,
  type CommentTemplateRecord,
  type CustomFieldRecord,
  type JitbitState,
  type Origin,
  type StatusRecord,
  type TicketRecord,
  type UserRecord,
} from './state';

/** The ticket with a BIG_THREAD_COMMENT_COUNT-comment conversation, for paging and rendering benchmarks. */
export const BIG_THREAD_TICKET_ID = 4900;
export const BIG_THREAD_COMMENT_COUNT = 300;
/** The ticket whose subject, body, submitter, tags, comments and file names carry script payloads. */
export const HOSTILE_TICKET_ID = 4901;
/** A web-app ticket whose BBCode is broken: unclosed and mismatched tags, stray `<` and `&`. */
export const BROKEN_BBCODE_TICKET_ID = 4902;
/** Custom statuses an admin added next to the built-in New (1), In progress (2) and Closed (3). */
export const STATUS_WAITING_FOR_CUSTOMER = 4;
export const STATUS_ON_HOLD = 7;
// Seed dates end at the epoch; things created through the API use the simulator's clock.
export { DEFAULT_SEED, SEED_EPOCH } from '../seed-timeline';
export const DEFAULT_TICKET_COUNT = 800;
/** Ticket ids start here and skip some numbers (deleted and merged tickets), as a real helpdesk's do. */
export const FIRST_TICKET_ID = 4101;

const CUSTOMER_COUNT = 140;
const MAX_UPLOAD_BYTES = 30 * 1024 * 1024;
const MAX_FORM_BYTES = 10 * 1024 * 1024;
const SPECIAL_IDS = [BIG_THREAD_TICKET_ID, HOSTILE_TICKET_ID, BROKEN_BBCODE_TICKET_ID];

export const CATEGORY_IDS = {
  general: 7277,
  billing: 7281,
  presales: 7282,
  integrations: 7290,
  bugs: 7291,
  internalIt: 7295,
} as const;

interface CategorySeed {
  id: number;
  name: string;
  sectionId: number | null;
  section: string | null;
  topic: Topic;
  weight: number;
  forTechsOnly?: boolean;
  fromAddress?: string;
  /** Technicians besides "me" (who works every category). */
  techs: number[];
}

const CATEGORIES: readonly CategorySeed[] = [
  { id: CATEGORY_IDS.general, name: 'General issues', sectionId: null, section: null, topic: 'support', weight: 34, techs: [43488, 43491, 43502, 43544] },
  { id: CATEGORY_IDS.billing, name: 'Billing & invoices', sectionId: 12, section: 'Sales', topic: 'billing', weight: 17, fromAddress: 'billing@helpdesk.example', techs: [43517, 43561] },
  { id: CATEGORY_IDS.presales, name: 'Pre-sales questions', sectionId: 12, section: 'Sales', topic: 'sales', weight: 9, techs: [43517] },
  { id: CATEGORY_IDS.integrations, name: 'API & integrations', sectionId: 14, section: 'Technical', topic: 'integrations', weight: 19, techs: [43491, DOMAIN_USER_ID, 43544] },
  { id: CATEGORY_IDS.bugs, name: 'Bug reports', sectionId: 14, section: 'Technical', topic: 'support', weight: 16, techs: [43502, DOMAIN_USER_ID, 43561] },
  { id: CATEGORY_IDS.internalIt, name: 'Internal IT', sectionId: null, section: null, topic: 'support', weight: 5, forTechsOnly: true, techs: [43488] },
];

const STATUSES: readonly StatusRecord[] = [
  { id: STATUS_NEW, name: 'New' },
  // The seed's examples print "In progress" for id 2 (its prose says "In process").
  { id: STATUS_IN_PROGRESS, name: 'In progress' },
  { id: STATUS_CLOSED, name: 'Closed' },
  { id: STATUS_WAITING_FOR_CUSTOMER, name: 'Waiting for customer' },
  { id: STATUS_ON_HOLD, name: 'On hold' },
];

const CUSTOM_FIELDS: readonly CustomFieldRecord[] = [
  { id: 2903, name: 'Helpdesk URL', type: 1, forTechsOnly: false, mandatory: false, order: 1, showInGrid: false, options: null, categoryIds: null },
  {
    id: 2911,
    name: 'Affected product',
    type: 3,
    forTechsOnly: false,
    mandatory: false,
    order: 2,
    showInGrid: true,
    options: PRODUCTS.map((name, index) => ({ id: 9101 + index, name })),
    categoryIds: [CATEGORY_IDS.general, CATEGORY_IDS.integrations, CATEGORY_IDS.bugs],
  },
  { id: 2917, name: 'Invoice number', type: 1, forTechsOnly: false, mandatory: false, order: 3, showInGrid: false, options: null, categoryIds: [CATEGORY_IDS.billing] },
  { id: 2920, name: 'Escalated to engineering', type: 4, forTechsOnly: true, mandatory: false, order: 4, showInGrid: true, options: null, categoryIds: [CATEGORY_IDS.integrations, CATEGORY_IDS.bugs] },
  { id: 2924, name: 'Planned go-live', type: 2, forTechsOnly: false, mandatory: false, order: 5, showInGrid: false, options: null, categoryIds: [CATEGORY_IDS.presales] },
];

const COMMENT_TEMPLATES: readonly CommentTemplateRecord[] = [
  { id: 1420, name: 'Clear cache and retry', body: 'Could you sign out, clear the site data for the app and sign back in? That resets the session and fixes most loading problems.' },
  { id: 1431, name: 'Need more details', body: 'Could you tell us the exact time it last happened and which browser and version you are using? A screenshot helps too.' },
  { id: 1437, name: 'Fixed in next release', body: 'This is a known issue and the fix ships with the next release. We will update this ticket when it is out.' },
  { id: 1442, name: 'Refund issued', body: 'I have refunded the duplicate charge. It can take up to five working days to appear on your statement.' },
  { id: 1450, name: 'Closing - no reply', body: "We haven't heard back from you, so I am closing this ticket. Just reply to reopen it." },
];

const ORIGIN_WEIGHTS: ReadonlyArray<readonly [Origin, number]> = [
  ['Email', 55],
  ['WebApp', 28],
  ['Widget', 8],
  ['API', 4],
  ['Phone', 3],
  ['MobileApp', 2],
];

export interface SeedOptions {
  /** Seed dates end here (default SEED_EPOCH; the sandbox passes its start time). */
  epoch?: number;
  seed: number;
  ticketCount: number;
  origin: string;
  basePath: string;
  now: () => number;
}

export function generateState(options: SeedOptions): JitbitState {
  const started = performance.now();
  const epoch = options.epoch ?? SEED_EPOCH;
  const rng = new Rng(options.seed);
  const { users, companies, techIds, customerIds } = seedPeople(rng, CUSTOMER_COUNT, epoch);
  const guard = new LoginGuard(options.now);
  const state: JitbitState = {
    origin: options.origin,
    basePath: options.basePath,
    helpdeskUrl: `${options.origin}${options.basePath}`,
    seed: options.seed,
    seedEpoch: epoch,
    now: options.now,
    meId: ME_USER_ID,
    domainUserId: DOMAIN_USER_ID,
    users,
    companies,
    categories: new Map(
      CATEGORIES.map((c): [number, CategoryRecord] => [
        c.id,
        { id: c.id, name: c.name, sectionId: c.sectionId, section: c.section, forTechsOnly: c.forTechsOnly === true, fromAddress: c.fromAddress ?? null, techIds: [ME_USER_ID, ...c.techs] },
      ]),
    ),
    statuses: new Map(STATUSES.map((s) => [s.id, { ...s }])),
    tickets: new Map(),
    comments: new Map(),
    ticketComments: new Map(),
    files: new Map(),
    ticketFiles: new Map(),
    tags: new Map(),
    customFields: CUSTOM_FIELDS.map((f) => ({ ...f, options: f.options ? f.options.map((o) => ({ ...o })) : null, categoryIds: f.categoryIds ? [...f.categoryIds] : null })),
    commentTemplates: COMMENT_TEMPLATES.map((t) => ({ ...t })),
    limits: { maxUploadBytes: MAX_UPLOAD_BYTES, maxFormBytes: MAX_FORM_BYTES },
    nextId: { user: FIRST_CUSTOMER_ID + CUSTOMER_COUNT, ticket: 0, comment: 120001, file: 880001, tag: 14501 },
    beaconHits: 0,
    rng,
    generatedInMs: 0,
    guard,
    lockedUntil: (ip) => guard.lockedUntil(ip),
    failedLogins: (ip) => guard.failures(ip),
    resetLocks: (ip) => guard.reset(ip),
  };
  // Tags exist before tickets use them, so their ids do not depend on ticket order.
  for (const label of LABELS) tagFor(state, label);

  const writer = new ThreadWriter(state, rng, techIds, customerIds);
  const ids = ticketIds(options.ticketCount);
  for (const [index, id] of ids.entries()) {
    const created = creationTime(index, ids.length, rng, epoch);
    if (id === BIG_THREAD_TICKET_ID) writer.bigThread(id, created);
    else if (id === HOSTILE_TICKET_ID) seedHostileTicket(state, id, created);
    else if (id === BROKEN_BBCODE_TICKET_ID) writer.brokenBBCode(id, created);
    else writer.ticket(id, created);
  }
  state.nextId.ticket = Math.max(FIRST_TICKET_ID, ...state.tickets.keys()) + 1;
  state.generatedInMs = performance.now() - started;
  return state;
}

/** Deleted and merged tickets leave holes: about one number in seven is skipped. */
function skipped(id: number): boolean {
  return (Math.imul(id, 0x9e3779b1) >>> 0) % 7 === 0;
}

/** Ascending ids with holes; the special tickets always keep their documented ids. */
function ticketIds(count: number): number[] {
  const special = new Set(SPECIAL_IDS);
  const total = Math.max(SPECIAL_IDS.length, Math.floor(count));
  const ids: number[] = [];
  for (let id = FIRST_TICKET_ID; ids.length < total; id++) if (special.has(id) || !skipped(id)) ids.push(id);
  const missing = SPECIAL_IDS.filter((id) => !ids.includes(id));
  // Too few tickets to reach them: drop the newest ordinary ones to make room.
  let at = ids.length - 1;
  for (let n = 0; n < missing.length; n++) {
    while (special.has(ids[at] as number)) at--;
    ids.splice(at, 1);
    at--;
  }
  return [...ids, ...missing];
}

type Step = 'user' | 'tech' | 'note' | 'assigned' | 'waiting' | 'closed';

function author(state: JitbitState, user: UserRecord): Author {
  const company = user.companyId === null ? null : (state.companies.get(user.companyId)?.name ?? null);
  return { firstName: user.firstName, name: fullName(user) || user.username, company };
}

class ThreadWriter {
  constructor(
    private readonly state: JitbitState,
    private readonly rng: Rng,
    private readonly techIds: number[],
    private readonly customerIds: number[],
  ) {}

  ticket(id: number, created: number): void {
    const rng = this.rng;
    const category = rng.weighted(CATEGORIES.map((c) => [c, c.weight] as const));
    // Some customers write far more often than others: skew towards the first ones.
    const customer = this.user(this.customerIds[Math.floor(this.customerIds.length * rng.next() ** 2)] as number);
    const ageDays = (this.state.seedEpoch - created) / DAY;
    const statusId = this.statusFor(ageDays);
    const origin = rng.weighted(ORIGIN_WEIGHTS);
    const format: BodyFormat = origin === 'Email' ? 'html' : origin === 'WebApp' && rng.chance(0.75) ? 'bbcode' : 'text';
    const ticket = newTicket({
      id,
      subject: fillSlots(rng, rng.pick(SUBJECTS[category.topic]), created),
      body: '',
      bodyFormat: format,
      userId: customer.id,
      assignedToUserId: this.assigneeFor(statusId, category, ageDays),
      categoryId: category.id,
      statusId,
      priority: rng.weighted([[-1, 20], [0, 55], [1, 18], [2, 7]] as const),
      origin,
      issueDate: created,
    });
    this.state.tickets.set(id, ticket);
    setTags(this.state, ticket, rng.sample(LABELS, rng.weighted([[0, 6], [1, 3], [2, 1]] as const)));
    this.fillCustomFields(ticket, category.id);
    const me = author(this.state, customer);
    if (format === 'html') {
      const extras = mailJunk(rng, this.state.origin, id);
      if (rng.chance(0.06)) {
        // A pasted screenshot: stored as a ticket file, shown inline through the web app's file URL.
        const shot = this.attach(ticket, null, customer.id, screenshotFile(rng, created), created, false);
        extras.push(`<p><img src="${fileWebUrl(this.state, shot)}" alt="screenshot" width="120" height="80"></p>`);
      }
      ticket.body = htmlCustomerBody(rng, category.topic, me, true, created, { extras }).full;
    } else if (format === 'bbcode') {
      ticket.body = bbcodeCustomerBody(rng, category.topic, me, created);
    } else {
      ticket.body = textCustomerBody(rng, category.topic, me, true, created);
    }
    if (rng.chance(0.15)) this.attach(ticket, null, customer.id, customerFile(rng, category.topic, created), created, false);
    const end = Math.min(this.state.seedEpoch - MINUTE, created + rng.int(1, 20) * DAY);
    this.writeThread(ticket, category.topic, this.plan(ticket), created, end);
    if (statusId !== STATUS_CLOSED && rng.chance(0.15)) ticket.dueDate = Math.floor(created / DAY) * DAY + rng.int(2, 21) * DAY + 17 * 3_600_000;
  }

  private statusFor(ageDays: number): number {
    const rng = this.rng;
    type Weights = ReadonlyArray<readonly [number, number]>;
    const old: Weights = [[STATUS_CLOSED, 90], [STATUS_IN_PROGRESS, 4], [STATUS_WAITING_FOR_CUSTOMER, 3], [STATUS_ON_HOLD, 2], [STATUS_NEW, 1]];
    const recent: Weights = [[STATUS_CLOSED, 45], [STATUS_IN_PROGRESS, 22], [STATUS_WAITING_FOR_CUSTOMER, 14], [STATUS_ON_HOLD, 5], [STATUS_NEW, 14]];
    const fresh: Weights = [[STATUS_NEW, 38], [STATUS_IN_PROGRESS, 30], [STATUS_WAITING_FOR_CUSTOMER, 15], [STATUS_ON_HOLD, 5], [STATUS_CLOSED, 12]];
    return rng.weighted(ageDays > 30 ? old : ageDays > 7 ? recent : fresh);
  }

  /** A realistic share for "handled by me" and "unassigned", most of it in the open queues. */
  private assigneeFor(statusId: number, category: CategorySeed, ageDays: number): number | null {
    const rng = this.rng;
    const other = (): number => rng.pick(category.techs);
    if (statusId === STATUS_CLOSED) {
      if (ageDays > 200 && rng.chance(0.25)) return FORMER_TECH_ID;
      return rng.chance(0.03) ? null : rng.chance(0.15) ? ME_USER_ID : other();
    }
    const pick = statusId === STATUS_NEW ? rng.weighted([['none', 45], ['me', 25], ['other', 30]] as const) : rng.weighted([['none', 8], ['me', 32], ['other', 60]] as const);
    return pick === 'none' ? null : pick === 'me' ? ME_USER_ID : other();
  }

  /** Who writes what, so that the thread ends the way the status says. */
  private plan(ticket: TicketRecord): Step[] {
    const rng = this.rng;
    const steps: Step[] = [];
    if (ticket.assignedToUserId !== null && rng.chance(0.6)) steps.push('assigned');
    if (ticket.statusId === STATUS_NEW) {
      if (rng.chance(0.2)) steps.push('user');
      if (rng.chance(0.1)) steps.push('note');
      return steps;
    }
    const exchanges = rng.weighted([[1, 30], [2, 30], [3, 20], [4, 12], [5, 8]] as const);
    for (let i = 0; i < exchanges; i++) {
      if (rng.chance(0.15)) steps.push('note');
      steps.push('tech');
      if (i < exchanges - 1) steps.push('user');
    }
    switch (ticket.statusId) {
      case STATUS_IN_PROGRESS:
        if (rng.chance(0.5)) steps.push('user');
        break;
      case STATUS_WAITING_FOR_CUSTOMER:
        steps.push('waiting');
        break;
      case STATUS_ON_HOLD:
        if (rng.chance(0.6)) steps.push('note');
        break;
      case STATUS_CLOSED:
        steps.push('closed');
        break;
    }
    return steps;
  }

  private writeThread(ticket: TicketRecord, topic: Topic, steps: Step[], start: number, end: number): void {
    const rng = this.rng;
    const state = this.state;
    const customer = this.user(ticket.userId);
    const techId = ticket.assignedToUserId ?? rng.pick(this.techIds);
    const tech = this.user(techId);
    // Each technician sticks to one editor: some write HTML, some BBCode.
    const techWritesHtml = techId % 2 === 1;
    const gaps = steps.map(() => rng.int(10, 2880));
    const total = gaps.reduce((a, b) => a + b, 0);
    const scale = total === 0 ? 0 : Math.min(1, (end - start) / (total * MINUTE));
    let at = start;
    let lastPublic: { own: string; author: UserRecord; at: number } | undefined;
    for (const [index, step] of steps.entries()) {
      at += Math.floor((gaps[index] as number) * MINUTE * scale) + 1000 + rng.int(0, 999);
      const system = (userId: number, body: string): CommentRecord => addComment(state, { ticketId: ticket.id, userId, date: at, body, forTechsOnly: false, isSystem: true, recipients: '' });
      if (step === 'assigned') {
        system(techId, systemText.assigned(fullName(tech)));
        continue;
      }
      if (step === 'waiting') {
        system(techId, systemText.status(statusName(state, STATUS_IN_PROGRESS), statusName(state, STATUS_WAITING_FOR_CUSTOMER)));
        continue;
      }
      if (step === 'closed') {
        system(techId, systemText.closed());
        ticket.resolvedDate = at;
        continue;
      }
      if (step === 'note') {
        const colleagueId = rng.pick(this.techIds.filter((id) => id !== techId));
        const noteAuthor = this.user(rng.chance(0.7) ? techId : colleagueId);
        const note = addComment(state, { ticketId: ticket.id, userId: noteAuthor.id, date: at, body: techNote(rng, author(state, this.user(colleagueId))), forTechsOnly: true, isSystem: false, recipients: '' });
        if (rng.chance(0.05)) this.attach(ticket, note.id, noteAuthor.id, customerFile(rng, 'integrations', at), at, true);
        continue;
      }
      const quote: QuotedMail | undefined =
        lastPublic && rng.chance(0.65) ? { authorName: fullName(lastPublic.author), authorEmail: lastPublic.author.email, date: quoteDate(lastPublic.at), html: lastPublic.own } : undefined;
      let body: string;
      let own = '';
      let file: GeneratedFile | undefined;
      if (step === 'user') {
        if (ticket.bodyFormat === 'html') {
          const written = htmlCustomerBody(rng, topic, author(state, customer), false, at, { quote });
          body = written.full;
          own = written.own;
        } else {
          body = textCustomerBody(rng, topic, author(state, customer), false, at);
        }
        if (rng.chance(0.08)) file = customerFile(rng, topic, at);
      } else {
        if (techWritesHtml) {
          const written = htmlTechReply(rng, author(state, tech), author(state, customer), at, ticket.bodyFormat === 'html' ? quote : undefined);
          body = written.full;
          own = written.own;
        } else {
          body = bbcodeTechReply(rng, author(state, tech), author(state, customer), at);
        }
        if (rng.chance(0.04)) file = guideFile(rng.pick(PRODUCTS));
        ticket.startDate ??= at;
        ticket.timeSpentInSeconds += rng.int(1, 30) * 60;
      }
      const writer = step === 'user' ? customer : tech;
      const comment = addComment(state, { ticketId: ticket.id, userId: writer.id, date: at, body, forTechsOnly: false, isSystem: false, recipients: '' });
      if (file) this.attach(ticket, comment.id, writer.id, file, at, false);
      lastPublic = { own: own || body, author: writer, at };
    }
    settleFlags(state, ticket);
  }

  private fillCustomFields(ticket: TicketRecord, categoryId: number): void {
    const rng = this.rng;
    for (const field of CUSTOM_FIELDS) {
      if (field.categoryIds && !field.categoryIds.includes(categoryId)) continue;
      if (field.type === 3 && field.options && rng.chance(0.5)) ticket.customFields.set(field.id, String(rng.pick(field.options).id));
      else if (field.type === 4 && rng.chance(0.1)) ticket.customFields.set(field.id, 'true');
      else if (field.id === 2917 && rng.chance(0.4)) ticket.customFields.set(field.id, `INV-${rng.int(20000, 99999)}`);
    }
  }

  private attach(ticket: TicketRecord, commentId: number | null, userId: number, file: GeneratedFile, at: number, forTechsOnly: boolean): number {
    return addFile(this.state, { ticketId: ticket.id, commentId, userId, date: at, fileName: file.filename, contentType: file.content_type, data: file.data, forTechsOnly }).id;
  }

  /** A long-running tracking thread, still open, with BIG_THREAD_COMMENT_COUNT comments. */
  bigThread(id: number, created: number): void {
    const rng = this.rng;
    const state = this.state;
    const customer = this.user(FIRST_CUSTOMER_ID + 1);
    const me = this.user(ME_USER_ID);
    const ticket = newTicket({
      id,
      subject: 'Nightly import fails intermittently (tracking thread)',
      body: `<p>Hi,</p><p>Our nightly import fails every few days with a timeout. We will post every run here until it is fixed.</p><p>Thanks,<br>${customer.firstName}</p>`,
      bodyFormat: 'html',
      userId: customer.id,
      assignedToUserId: me.id,
      categoryId: CATEGORY_IDS.integrations,
      statusId: STATUS_IN_PROGRESS,
      priority: 1,
      origin: 'Email',
      issueDate: created,
      customFields: new Map([[2920, 'true']]),
    });
    state.tickets.set(id, ticket);
    setTags(state, ticket, ['regression', 'api']);
    const span = this.state.seedEpoch - MINUTE - created;
    const step = span / (BIG_THREAD_COMMENT_COUNT + 1);
    for (let i = 0; i < BIG_THREAD_COMMENT_COUNT; i++) {
      const at = created + Math.floor((i + 1) * step + rng.next() * step * 0.5);
      const lastOne = i === BIG_THREAD_COMMENT_COUNT - 1;
      const kind = lastOne ? 'user' : i % 50 === 20 ? 'system' : i % 10 === 7 ? 'note' : i % 2 === 0 ? 'tech' : 'user';
      const run = 1000 + i;
      let body: string;
      if (kind === 'system') body = systemText.reminder();
      else if (kind === 'note') body = importRunNote(run);
      else if (kind === 'tech') body = `Hi ${customer.firstName},\r\n\r\nThanks, run #${run} is logged. We deployed [b]another mitigation[/b] at ${new Date(at).toISOString().slice(11, 16)} UTC; please tell us how tonight's import goes.\r\n\r\nBest regards,\r\n${fullName(me)}`;
      else body = importRunReport(rng, run, customer.firstName);
      const comment = addComment(state, {
        ticketId: id,
        userId: kind === 'user' ? customer.id : me.id,
        date: at,
        body,
        forTechsOnly: kind === 'note',
        isSystem: kind === 'system',
        recipients: '',
      });
      if (kind === 'user' && i % 25 === 3) this.attach(ticket, comment.id, customer.id, customerFile(rng, 'integrations', at), at, false);
      if (kind === 'tech') ticket.startDate ??= at;
    }
    settleFlags(state, ticket);
  }

  /** BBCode as people really type it: unclosed, crossed and misspelt tags, and stray `<` / `&`. */
  brokenBBCode(id: number, created: number): void {
    const state = this.state;
    const customer = this.user(FIRST_CUSTOMER_ID + 2);
    const tech = this.user(DOMAIN_USER_ID);
    const ticket = newTicket({
      id,
      subject: 'Export [b]broken[/b] again & again',
      body: [
        'Hello,',
        '[b]Export keeps failing since the update',
        `[list]\r\n[*]Open [i]Reports\r\n[*]Click [url=https://docs.example/export]Export[/url\r\n[*]Wait`,
        '[quote]Error 0x80004005: values < 0 & > 100 are rejected[/code]',
        '[color=red]Please help, this is urgent![/colour]',
        '[img]not a url[/img] [size=200]big[/size] [url]https://docs.example/faq',
        `Thanks,\r\n${customer.firstName}`,
      ].join('\r\n\r\n'),
      bodyFormat: 'bbcode',
      userId: customer.id,
      assignedToUserId: tech.id,
      categoryId: CATEGORY_IDS.bugs,
      statusId: STATUS_IN_PROGRESS,
      priority: 1,
      origin: 'WebApp',
      issueDate: created,
      timeSpentInSeconds: 600,
    });
    state.tickets.set(id, ticket);
    setTags(state, ticket, ['bug', 'data-export']);
    const reply = (userId: number, minutes: number, body: string): CommentRecord =>
      addComment(state, { ticketId: id, userId, date: created + minutes * MINUTE, body, forTechsOnly: false, isSystem: false, recipients: '' });
    reply(tech.id, 40, `Hi ${customer.firstName},\r\n\r\n[b]Thanks[/b] for the report. Could you attach the exported file? [i]Any[/i] size is fine.\r\n\r\nBest regards,\r\n${fullName(tech)}`);
    ticket.startDate = created + 40 * MINUTE;
    reply(customer.id, 95, '[b]Still broken[/i] and [url=https://docs.example]the docs[/b] do not help [/url]\r\n\r\n[*] stray bullet\r\n[/list]');
    settleFlags(state, ticket);
  }

  private user(id: number): UserRecord {
    const user = this.state.users.get(id);
    if (!user) throw new Error(`seed data: user ${id} missing`);
    return user;
  }
}
