// The DeskDirector simulator over real loopback HTTP: the three credentials and which API
// takes which, access-token expiry on the simulator's clock, every route's envelope, the
// Copilot filters and result cap, per-request-type create schemas and their validation,
// PATCH changing only what is sent, PUT blanking and being counted, the instance OpenAPI
// document in both notesRoute positions, the TECH note/file routes, faults and seed data.
import * as assert from 'node:assert/strict';
import { clearFaults } from '../../src/sandbox/faults';
import { COPILOT_RESULT_CAP, DEFAULT_TICKET_COUNT, FIRST_TICKET_ID, HOSTILE_TICKET_ID, SEED_EPOCH } from '../../src/sandbox/deskdirector/data';
import { startDeskdirectorSimulator, type DeskdirectorSimulator } from '../../src/sandbox/deskdirector/server';
import { isClosed, notesOf } from '../../src/sandbox/deskdirector/state';
import { missingVectors } from '../support/hostile-corpus';

interface Reply<T> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

interface Ref {
  id: number;
  name: string;
}

interface StringRef {
  id: string;
  name: string;
}

interface ErrorBody {
  errorCode: string;
  message: string;
  errors?: Array<{ field: string; message: string }>;
}

interface NoteUser {
  id: number;
  name: string;
  userType: string;
}

interface Summary {
  id: number;
  summary: string;
  requestType: Ref | null;
  account: Ref | null;
  contactGroup: StringRef | null;
  contact: Ref | null;
  categories: StringRef[];
  source: Ref | null;
  queue: Ref | null;
  status: Ref | null;
  priority: Ref | null;
  assignedAgents: Ref[];
  createdOn: string;
  modifiedOn: string;
  closedOn: string | null;
  isClosed: boolean;
  tags: string[];
  descriptionPreview: string;
  latestNote: { id: number; notePreview: string; createdOn: string; createdBy: NoteUser } | null;
}

interface FindResponse<T> {
  total: number;
  resultsCount: number;
  results: T[];
}

interface Note {
  id: number;
  note: string;
  type: string;
  isInternal: boolean;
  createdOn: string;
  createdBy: NoteUser;
  timeEntry: { timeStart: string; timeEnd: string; actualHours: number; hoursBilled: number } | null;
  attachments: StringRef[];
}

interface Ticket extends Omit<Summary, 'descriptionPreview' | 'latestNote'> {
  description: string;
  notes: Note[];
  activities: Array<{ id: string; type: string; createdOn: string; createdBy: { id: string; name: string; userType: string } }>;
  taskProgress: { done: number; total: number } | null;
  taskLists: Array<{ id: string; name: string; progress: { done: number; total: number }; createdBy: StringRef }>;
}

interface DynamicList {
  results: Ref[];
  totalResults: number;
}

interface JsonSchema {
  type?: string;
  format?: string;
  enum?: string[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  $ref?: string;
  'x-ms-summary'?: string;
  'x-ms-dynamic-values'?: { operationId: string };
}

interface TicketDetails {
  id: number;
  summary: string;
  description: string;
  requestType: Ref | null;
  board: Ref | null;
  status: Ref | null;
  priority: Ref | null;
  source: Ref | null;
  account: Ref | null;
  contact: Ref | null;
  assignedAgents: Ref[];
  tags: string[];
  dueDate: string | null;
  customFields: Record<string, unknown>;
  createdOn: string;
  modifiedOn: string;
  closedOn: string | null;
  isClosed: boolean;
}

interface Operation {
  operationId: string;
  parameters: Array<{ name: string; in: string; required?: boolean }>;
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
}

interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
}

/** .NET's round-trip UTC form: up to seven fraction digits, `Z`. */
const DOTNET_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/;
const COPILOT = '/api/v2/copilot';
const CONNECTOR = '/api/v2/automate/connector';
const START = Date.UTC(2025, 5, 3, 12, 0, 0);

describe('sandbox: DeskDirector simulator', function () {
  let sim: DeskdirectorSimulator;
  let clock = START;

  before(async () => {
    sim = await startDeskdirectorSimulator({ now: () => clock });
  });
  after(async () => {
    await sim.close();
  });
  afterEach(() => {
    clearFaults(sim.faults);
    sim.notesRoute = true;
    clock = START;
  });

  async function call<T = unknown>(path: string, init: RequestInit & { auth?: string | null } = {}): Promise<Reply<T>> {
    const headers = new Headers(init.headers);
    const auth = init.auth === undefined ? `DdApi ${sim.apiKey}` : init.auth;
    if (auth !== null) headers.set('Authorization', auth);
    const response = await fetch(`${sim.url}${path}`, { ...init, headers, redirect: 'manual' });
    const text = await response.text();
    let json: unknown = undefined;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json: json as T };
  }

  function send<T = unknown>(method: string, path: string, body: unknown, auth?: string): Promise<Reply<T>> {
    return call<T>(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), ...(auth !== undefined && { auth }) });
  }

  function assertError(reply: Reply<unknown>, status: number, errorCode: string): ErrorBody {
    assert.equal(reply.status, status, reply.text);
    assert.equal(reply.headers.get('content-type'), 'application/json; charset=utf-8');
    const body = reply.json as ErrorBody;
    assert.equal(body.errorCode, errorCode);
    assert.equal(typeof body.message, 'string');
    assert.ok(body.message.length > 0);
    return body;
  }

  function fieldsOf(body: ErrorBody): string[] {
    return (body.errors ?? []).map((error) => error.field).sort();
  }

  const tech = (): string => `Basic ${sim.techToken}`;

  describe('authentication', () => {
    it('takes the API key as "DdApi <key>" on Copilot and connector routes (scheme case-insensitive)', async () => {
      assert.equal((await call(`${COPILOT}/connections/test`)).status, 200);
      const test = await call(`${CONNECTOR}/connections/test`);
      assert.equal(test.status, 200);
      assert.deepEqual(test.json, {});
      assert.equal((await call(`${CONNECTOR}/service/boards`, { auth: `ddapi ${sim.apiKey}` })).status, 200);
      // The vendor FAQ's form: the key in the api_key query parameter.
      assert.equal((await call(`${CONNECTOR}/service/boards?api_key=${encodeURIComponent(sim.apiKey)}`, { auth: null })).status, 200);
    });

    it('answers 401 {errorCode: "Unauthorized"} for a missing header, a wrong key and an unknown scheme', async () => {
      const missing = assertError(await call(`${COPILOT}/tickets`, { auth: null }), 401, 'Unauthorized');
      assert.match(missing.message, /DdApi/);
      assertError(await call(`${COPILOT}/tickets`, { auth: `DdApi ${sim.apiKey}x` }), 401, 'Unauthorized');
      assertError(await call(`${COPILOT}/tickets`, { auth: `Bearer ${sim.apiKey}` }), 401, 'Unauthorized');
      assertError(await call(`${COPILOT}/tickets`, { auth: sim.apiKey }), 401, 'Unauthorized');
      assertError(await call(`${CONNECTOR}/service/boards?api_key=wrong`, { auth: null }), 401, 'Unauthorized');
    });

    it('takes the TECH personal access token as it is after "Basic", not base64 of user:password', async () => {
      const reply = await call<FindResponse<Summary>>(`${COPILOT}/tickets`, { auth: tech() });
      assert.equal(reply.status, 200, reply.text);
      assert.ok(reply.json.total > 0);
      const encoded = Buffer.from(`:${sim.techToken}`).toString('base64');
      assertError(await call(`${COPILOT}/tickets`, { auth: `Basic ${encoded}` }), 401, 'Unauthorized');
      assertError(await call(`${COPILOT}/tickets`, { auth: `Basic ${Buffer.from(`${sim.me.email}:${sim.techToken}`).toString('base64')}` }), 401, 'Unauthorized');
      assertError(await call(`${COPILOT}/tickets`, { auth: 'Basic wrong-token' }), 401, 'Unauthorized');
    });

    it('takes a minted DdAccessToken for 60 minutes of the simulator clock, then answers 401 expired', async () => {
      const token = sim.issueAccessToken();
      assert.equal(token.split('.').length, 3, 'shaped like a JWT');
      assert.equal((await call(`${COPILOT}/tickets?status=open`, { auth: `DdAccessToken ${token}` })).status, 200);
      clock += 59 * 60_000;
      assert.equal((await call(`${COPILOT}/tickets?status=open`, { auth: `DdAccessToken ${token}` })).status, 200, 'still valid after 59 minutes');
      clock += 2 * 60_000;
      const expired = await call(`${COPILOT}/tickets?status=open`, { auth: `DdAccessToken ${token}` });
      const body = assertError(expired, 401, 'Unauthorized');
      assert.match(body.message, /expired/);
      assert.match(expired.headers.get('www-authenticate') ?? '', /^DdAccessToken error="invalid_token", error_description="The token expired at/);
      const forged = assertError(await call(`${COPILOT}/tickets`, { auth: `DdAccessToken ${token.slice(0, -2)}xx` }), 401, 'Unauthorized');
      assert.doesNotMatch(forged.message, /expired/);
    });

    it('lets the API key mint a member user key (an access token), and only the API key', async () => {
      const reply = await call<{ userKey: string }>(`/api/v2/user/member/${sim.me.id}/userkey`);
      assert.equal(reply.status, 200, reply.text);
      assert.equal((await call(`${COPILOT}/tickets/${FIRST_TICKET_ID}`, { auth: `DdAccessToken ${reply.json.userKey}` })).status, 200);
      assertError(await call(`/api/v2/user/member/${sim.me.id}/userkey`, { auth: tech() }), 403, 'Forbidden');
      assertError(await call('/api/v2/user/member/999/userkey'), 404, 'NotFound');
    });

    it('answers 403 where the credential belongs to the other API: TECH tokens on Admin routes, the API key on TECH routes', async () => {
      const token = sim.issueAccessToken();
      const notesBefore = sim.state.notes.size;
      assertError(await call(`${CONNECTOR}/service/boards`, { auth: tech() }), 403, 'Forbidden');
      assertError(await call(`${CONNECTOR}/tickets/${FIRST_TICKET_ID}`, { auth: `DdAccessToken ${token}` }), 403, 'Forbidden');
      const byKey = assertError(await send('POST', `/api/v2/tech/tickets/${FIRST_TICKET_ID}/comments`, { note: 'hello' }), 403, 'Forbidden');
      assert.match(byKey.message, /TECH/);
      assert.equal(sim.state.notes.size, notesBefore, 'the refused note was not added');
    });

    it('routes before it authenticates, as ASP.NET does: unknown paths 404 and wrong verbs 405 with Allow', async () => {
      assertError(await call('/api/v2/no/such/route', { auth: null }), 404, 'NotFound');
      assertError(await call(`${COPILOT}/tickets/abc`), 404, 'NotFound');
      const wrongVerb = assertError(await call(`${COPILOT}/tickets`, { method: 'DELETE', auth: null }), 405, 'MethodNotAllowed');
      assert.match(wrongVerb.message, /DELETE/);
      assert.equal((await call(`${CONNECTOR}/tickets/${FIRST_TICKET_ID}`, { method: 'DELETE' })).headers.get('allow'), 'GET, PATCH');
      assert.equal((await call('/API/V2/COPILOT/CONNECTIONS/TEST')).status, 200, 'literal segments match case-insensitively');
      assert.equal((await call(`${COPILOT}/connections/test/`)).status, 200, 'a trailing slash is optional');
    });

    it('logs the scheme and whether each request was authorized', async () => {
      await call(`${COPILOT}/connections/test`, { auth: tech() });
      await call(`${COPILOT}/connections/test`, { auth: 'DdApi nope' });
      const [good, bad] = sim.requests.slice(-2);
      assert.equal(good?.scheme, 'Basic');
      assert.equal(good?.authorized, true);
      assert.equal(bad?.scheme, 'DdApi');
      assert.equal(bad?.authorized, false);
      assert.equal(bad?.status, 401);
    });
  });

  describe('Copilot search', () => {
    it('answers {total, resultsCount, results} and caps the results while total counts every match', async () => {
      const reply = await call<FindResponse<Summary>>(`${COPILOT}/tickets?status=any`);
      assert.equal(reply.status, 200, reply.text);
      assert.deepEqual(Object.keys(reply.json), ['total', 'resultsCount', 'results']);
      assert.equal(reply.json.total, sim.state.tickets.size);
      assert.ok(reply.json.total >= DEFAULT_TICKET_COUNT);
      assert.equal(reply.json.resultsCount, COPILOT_RESULT_CAP);
      assert.equal(reply.json.results.length, COPILOT_RESULT_CAP);
      assert.ok(reply.json.total > reply.json.resultsCount, 'a client can tell the server capped the result');
      const modified = reply.json.results.map((ticket) => Date.parse(ticket.modifiedOn));
      assert.deepEqual(modified, [...modified].sort((a, b) => b - a), 'newest change first');
      const small = await call<FindResponse<Summary>>(`${COPILOT}/tickets?tag=vip`);
      assert.equal(small.json.total, small.json.resultsCount, 'under the cap nothing is cut');
    });

    it('serializes the TicketSummary in camelCase with references as {id, name} and .NET dates', async () => {
      const reply = await call<FindResponse<Summary>>(`${COPILOT}/tickets?status=open&assigned=me`);
      const ticket = reply.json.results[0];
      assert.ok(ticket);
      assert.deepEqual(Object.keys(ticket).sort(), [
        'account', 'assignedAgents', 'categories', 'closedOn', 'contact', 'contactGroup', 'createdOn', 'descriptionPreview', 'id', 'isClosed',
        'latestNote', 'modifiedOn', 'priority', 'queue', 'requestType', 'source', 'status', 'summary', 'tags',
      ].sort());
      assert.equal(typeof ticket.id, 'number');
      assert.deepEqual(Object.keys(ticket.status ?? {}), ['id', 'name']);
      assert.deepEqual(Object.keys(ticket.queue ?? {}), ['id', 'name']);
      assert.match(ticket.createdOn, DOTNET_DATE);
      assert.match(ticket.modifiedOn, DOTNET_DATE);
      assert.equal(ticket.closedOn, null);
      assert.ok(ticket.descriptionPreview.length > 0 && ticket.descriptionPreview.length <= 200);
      assert.ok(reply.json.results.some((item) => item.latestNote !== null && DOTNET_DATE.test(item.latestNote.createdOn)));
      assert.ok(reply.json.results.some((item) => /\.\d{7}Z$/.test(item.createdOn)), 'seven fraction digits occur');
    });

    it('filters by status, assignment, tag and search, each matching the seed data exactly', async () => {
      const all = [...sim.state.tickets.values()];
      const count = async (query: string): Promise<FindResponse<Summary>> => (await call<FindResponse<Summary>>(`${COPILOT}/tickets?${query}`)).json;

      const open = await count('status=open');
      assert.equal(open.total, all.filter((t) => !isClosed(sim.state, t)).length);
      assert.ok(open.results.every((t) => !t.isClosed && t.closedOn === null));
      const closed = await count('status=CLOSED');
      assert.equal(closed.total, all.filter((t) => isClosed(sim.state, t)).length);
      assert.ok(closed.results.every((t) => t.isClosed && t.closedOn !== null && DOTNET_DATE.test(t.closedOn)));
      assert.equal(open.total + closed.total, all.length);

      const mine = await count('assigned=me');
      assert.equal(mine.total, all.filter((t) => t.assignedAgentIds.includes(sim.me.id)).length);
      assert.ok(mine.results.every((t) => t.assignedAgents.some((agent) => agent.id === sim.me.id)));
      const unassigned = await count('assigned=unassigned&status=open');
      assert.ok(unassigned.total > 0);
      assert.ok(unassigned.results.every((t) => t.assignedAgents.length === 0 && !t.isClosed));
      const assigned = await count('assigned=assigned');
      assert.equal(assigned.total + (await count('assigned=unassigned')).total, all.length);

      const tagged = await count('tag=VIP');
      assert.equal(tagged.total, all.filter((t) => t.tags.includes('vip')).length);
      assert.ok(tagged.results.every((t) => t.tags.includes('vip')));

      const found = await count('search=printer%20office');
      const expected = all.filter((t) => ['printer', 'office'].every((word) => `${t.summary}\n${t.description}`.toLowerCase().includes(word)));
      assert.equal(found.total, expected.length);
      assert.ok(found.total > 0);
      const expectedIds = new Set(expected.map((t) => t.id));
      assert.ok(found.results.every((t) => expectedIds.has(t.id)));

      const recent = await count(`startTime=${new Date(SEED_EPOCH - 7 * 86_400_000).toISOString()}`);
      assert.equal(recent.total, all.filter((t) => t.createdOn >= SEED_EPOCH - 7 * 86_400_000).length);
      const waiting = await count('lastContactMessage=true&status=open');
      assert.ok(waiting.total > 0 && waiting.total < open.total);
      const incomplete = await count('taskProgress=incomplete');
      assert.ok(incomplete.total > 0);
    });

    it('refuses bad filter values and any paging parameter with 400 and the field list', async () => {
      const bad = assertError(await call(`${COPILOT}/tickets?status=pending&assigned=everyone&lastContactMessage=yes`), 400, 'BadRequest');
      assert.deepEqual(fieldsOf(bad), ['assigned', 'lastContactMessage', 'status']);
      const paging = assertError(await call(`${COPILOT}/tickets?page=2&take=100`), 400, 'BadRequest');
      assert.deepEqual(fieldsOf(paging), ['page', 'take']);
      assertError(await call(`${COPILOT}/tickets?startTime=yesterday`), 400, 'BadRequest');
    });

    it('returns the full ticket with notes (public, internal, time entries), attachments, activities and task lists', async () => {
      const withEverything = [...sim.state.tickets.values()].find((t) => {
        const notes = notesOf(sim.state, t.id);
        return notes.some((n) => n.isInternal) && notes.some((n) => !n.isInternal) && notes.some((n) => n.timeEntry !== null);
      });
      assert.ok(withEverything, 'the seed has a ticket with every kind of note');
      const reply = await call<Ticket>(`${COPILOT}/tickets/${withEverything.id}`, { auth: tech() });
      assert.equal(reply.status, 200, reply.text);
      const ticket = reply.json;
      assert.equal(ticket.id, withEverything.id);
      assert.equal(ticket.description, withEverything.description);
      assert.equal(ticket.notes.length, notesOf(sim.state, withEverything.id).length);
      for (const note of ticket.notes) {
        assert.deepEqual(Object.keys(note).sort(), ['attachments', 'createdBy', 'createdOn', 'id', 'isInternal', 'note', 'timeEntry', 'type']);
        assert.match(note.createdOn, DOTNET_DATE);
        assert.ok(['agent', 'contact'].includes(note.createdBy.userType));
      }
      const timed = ticket.notes.find((note) => note.timeEntry !== null);
      assert.equal(timed?.type, 'timeEntry');
      assert.ok((timed?.timeEntry?.actualHours ?? 0) > 0);
      assert.ok(ticket.notes.some((note) => note.isInternal && note.createdBy.userType === 'agent'));
      assert.ok(ticket.activities.length > 0);
      assert.equal(typeof ticket.activities[0]?.id, 'string');
      assert.equal(ticket.activities[0]?.type, 'ticketCreated');
      assert.ok(Array.isArray(ticket.taskLists));

      const withFile = [...sim.state.notes.values()].find((note) => note.attachmentIds.length > 0 && note.ticketId !== HOSTILE_TICKET_ID);
      assert.ok(withFile);
      const fileTicket = await call<Ticket>(`${COPILOT}/tickets/${withFile.ticketId}`);
      const attached = fileTicket.json.notes.find((note) => note.id === withFile.id);
      assert.equal(attached?.attachments[0]?.id, withFile.attachmentIds[0]);
      assert.equal(typeof attached?.attachments[0]?.name, 'string');

      const listed = [...sim.state.taskLists.keys()].find((id) => id !== HOSTILE_TICKET_ID);
      assert.ok(listed);
      const tasks = await call<Ticket>(`${COPILOT}/tickets/${listed}`);
      assert.ok(tasks.json.taskLists.length > 0);
      assert.deepEqual(tasks.json.taskProgress, { done: tasks.json.taskLists[0]?.progress.done, total: tasks.json.taskLists[0]?.progress.total });
      assert.equal(typeof tasks.json.taskLists[0]?.createdBy.id, 'string');

      assertError(await call(`${COPILOT}/tickets/999999`), 404, 'NotFound');
    });

    it('finds my time entries by period with the same envelope', async () => {
      const entry = [...sim.state.notes.values()].find((note) => note.timeEntry !== null && note.author.id === sim.me.id);
      assert.ok(entry?.timeEntry);
      // Noon of the entry's day: 'today' then covers it whatever its hour.
      clock = Math.floor(entry.timeEntry.timeStart / 86_400_000) * 86_400_000 + 43_200_000;
      const reply = await call<FindResponse<{ id: number; startTime: string; actualHours: number; parentTicket: Ref }>>(`${COPILOT}/time-entries?period=today`);
      assert.equal(reply.status, 200, reply.text);
      assert.ok(reply.json.results.some((item) => item.id === entry.id && item.parentTicket.id === entry.ticketId));
      assert.equal(reply.json.resultsCount, reply.json.results.length);
      assertError(await call(`${COPILOT}/time-entries?period=yesterday`), 400, 'BadRequest');
    });
  });

  describe('Automate connector lists and schemas', () => {
    it('answers every dynamic list as {results: [{id, name}], totalResults}', async () => {
      for (const path of ['service/request-types', 'service/boards', 'service/priorities', 'service/sources', 'members', 'companies', 'service/statuses?boardId=3']) {
        const reply = await call<DynamicList>(`${CONNECTOR}/${path}`);
        assert.equal(reply.status, 200, `${path}: ${reply.text}`);
        assert.deepEqual(Object.keys(reply.json), ['results', 'totalResults']);
        assert.equal(reply.json.totalResults, reply.json.results.length);
        assert.ok(reply.json.results.length > 0);
        assert.ok(reply.json.results.every((item) => Number.isInteger(item.id) && typeof item.name === 'string' && Object.keys(item).length === 2));
      }
      const members = await call<DynamicList>(`${CONNECTOR}/members`);
      assert.ok(members.json.results.some((member) => member.id === sim.me.id && member.name === sim.me.name));
    });

    it('adds "Something Else" to request types only when asked, and lists statuses per board', async () => {
      const plain = await call<DynamicList>(`${CONNECTOR}/service/request-types`);
      const withElse = await call<DynamicList>(`${CONNECTOR}/service/request-types?withSomethingElse=true`);
      assert.equal(withElse.json.totalResults, plain.json.totalResults + 1);
      assert.ok(withElse.json.results.some((type) => type.id === 0 && type.name === 'Something Else'));
      assert.ok(!plain.json.results.some((type) => type.id === 0));

      const boards = await call<DynamicList>(`${CONNECTOR}/service/boards`);
      for (const board of boards.json.results) {
        const statuses = await call<DynamicList>(`${CONNECTOR}/service/statuses?boardId=${board.id}`);
        const expected = sim.state.statuses.filter((status) => status.boardId === board.id).map((status) => status.id);
        assert.deepEqual(statuses.json.results.map((status) => status.id), expected);
      }
      assert.deepEqual(fieldsOf(assertError(await call(`${CONNECTOR}/service/statuses`), 400, 'BadRequest')), ['boardId']);
      assertError(await call(`${CONNECTOR}/service/statuses?boardId=4242`), 404, 'NotFound');
    });

    it('serves a $create-request JSON schema per request type with required fields, types and an unusual type', async () => {
      const types = await call<DynamicList>(`${CONNECTOR}/service/request-types?withSomethingElse=true`);
      const unusual: string[] = [];
      for (const type of types.json.results) {
        const reply = await call<JsonSchema>(`${CONNECTOR}/schema/ticket/$create-request?requestTypeId=${type.id}`);
        assert.equal(reply.status, 200, reply.text);
        const schema = reply.json;
        assert.equal(schema.type, 'object');
        assert.ok(schema.required?.includes('summary') && schema.required.includes('contactId'));
        assert.equal(schema.properties?.summary?.type, 'string');
        assert.equal(schema.properties?.summary?.maxLength, 100);
        assert.equal(schema.properties?.contactId?.type, 'integer');
        assert.equal(schema.properties?.dueDate?.format, 'date-time');
        assert.equal(schema.properties?.priorityId?.['x-ms-dynamic-values']?.operationId, 'ListPriorities');
        const spec = type.id === 0 ? [] : (sim.state.requestTypes.find((item) => item.id === type.id)?.fields ?? []);
        for (const field of spec) {
          assert.ok(schema.properties?.[field.name], `${type.name}: ${field.name}`);
          assert.equal(schema.required?.includes(field.name), field.required, `${type.name}: ${field.name} required`);
        }
        for (const [name, property] of Object.entries(schema.properties ?? {})) {
          const known = ['integer', 'boolean'].includes(property.type ?? '') || (property.type === 'string' && (property.format === undefined || property.format === 'date-time' || property.enum !== undefined));
          if (!known) unusual.push(`${type.name}.${name}:${property.type}/${property.format ?? property.items?.format ?? ''}`);
        }
      }
      assert.ok(unusual.some((item) => item.includes(':string/time')), unusual.join(', '));
      assert.ok(unusual.some((item) => item.includes(':array/email')), unusual.join(', '));
      assert.ok(unusual.some((item) => item.includes(':number/double')), unusual.join(', '));

      const onboarding = (await call<JsonSchema>(`${CONNECTOR}/schema/ticket/$create-request?requestTypeId=24`)).json;
      assert.deepEqual(onboarding.properties?.department?.enum, ['Finance', 'Sales', 'Operations', 'IT', 'HR']);
      assert.equal(onboarding.properties?.startDate?.format, 'date-time');
      assert.equal(onboarding.properties?.needsLaptop?.type, 'boolean');
      assert.deepEqual(fieldsOf(assertError(await call(`${CONNECTOR}/schema/ticket/$create-request?requestTypeId=777`), 400, 'BadRequest')), ['requestTypeId']);
      assert.equal((await call(`${CONNECTOR}/schema/ticket/%24create-request?requestTypeId=33`)).status, 200, 'routing decodes the path');
      assertError(await call(`${CONNECTOR}/schema/ticket/$create-request`), 400, 'BadRequest');
    });

    it('serves the UpdateTicketRequest and TicketDetails dynamic types, 404 for others', async () => {
      const update = await call<JsonSchema>(`${CONNECTOR}/schema/dynamic-types/UpdateTicketRequest`);
      assert.equal(update.status, 200);
      assert.deepEqual(Object.keys(update.json.properties ?? {}).sort(), ['assignedAgentIds', 'boardId', 'contactId', 'description', 'dueDate', 'priorityId', 'statusId', 'summary', 'tags']);
      assert.deepEqual(update.json.required, []);
      const details = await call<JsonSchema>(`${CONNECTOR}/schema/dynamic-types/TicketDetails`);
      assert.equal(details.json.properties?.board?.type, 'object');
      assertError(await call(`${CONNECTOR}/schema/dynamic-types/NoSuchType`), 404, 'NotFound');
    });
  });

  describe('creating tickets', () => {
    const contactId = 4001;

    it('creates a ticket from a valid body and answers TicketDetails', async () => {
      const body = {
        summary: 'New starter: Ada Brightwater (Finance)',
        description: 'Starts on Monday.',
        contactId,
        employeeName: 'Ada Brightwater',
        startDate: '2025-06-16T00:00:00Z',
        department: 'Finance',
        needsLaptop: true,
        monitorCount: 2,
        distributionLists: ['finance-team@northwind.example'],
      };
      clock = START + 5000;
      const reply = await send<TicketDetails>('POST', `${CONNECTOR}/tickets?requestTypeId=24`, body);
      assert.equal(reply.status, 200, reply.text);
      const ticket = reply.json;
      assert.equal(ticket.summary, body.summary);
      assert.deepEqual(ticket.requestType, { id: 24, name: 'New user onboarding' });
      assert.deepEqual(ticket.board, { id: 9, name: 'Onboarding' });
      assert.deepEqual(ticket.status, { id: 91, name: 'Requested' });
      assert.equal(ticket.priority?.id, 8, 'the request type default');
      assert.equal(ticket.source?.name, 'Power Automate');
      assert.equal(ticket.contact?.id, contactId);
      assert.equal(ticket.account?.id, sim.state.contacts.get(contactId)?.accountId);
      assert.deepEqual(ticket.customFields, { employeeName: 'Ada Brightwater', startDate: '2025-06-16T00:00:00Z', department: 'Finance', needsLaptop: true, monitorCount: 2, distributionLists: ['finance-team@northwind.example'] });
      assert.equal(Date.parse(ticket.createdOn), START + 5000);
      assert.equal(ticket.isClosed, false);
      assert.equal(sim.requests.at(-1)?.body && (sim.requests.at(-1)?.body as { summary: string }).summary, body.summary, 'the log keeps the parsed body');

      const copilot = await call<Ticket>(`${COPILOT}/tickets/${ticket.id}`);
      assert.equal(copilot.status, 200);
      assert.equal(copilot.json.description, 'Starts on Monday.');
      const generic = await send<TicketDetails>('POST', `${CONNECTOR}/tickets?requestTypeId=0`, { summary: 'Something odd', contactId });
      assert.equal(generic.status, 200, generic.text);
      assert.equal(generic.json.requestType, null);
      assert.equal(generic.json.description, '');
    });

    it('answers 400 listing every missing required field', async () => {
      const body = assertError(await send('POST', `${CONNECTOR}/tickets?requestTypeId=24`, {}), 400, 'BadRequest');
      assert.deepEqual(fieldsOf(body), ['contactId', 'department', 'employeeName', 'needsLaptop', 'startDate', 'summary']);
      const blank = assertError(await send('POST', `${CONNECTOR}/tickets?requestTypeId=21`, { summary: '   ', contactId, username: null }), 400, 'BadRequest');
      assert.deepEqual(fieldsOf(blank), ['summary', 'username']);
    });

    it('answers 400 for values of the wrong type, out of range, unknown properties and missing references', async () => {
      const body = assertError(
        await send('POST', `${CONNECTOR}/tickets?requestTypeId=24`, {
          summary: 42,
          contactId: 999_999,
          employeeName: 'x'.repeat(81),
          startDate: 'next Monday',
          department: 'Legal',
          needsLaptop: 'yes',
          monitorCount: 9,
          distributionLists: ['not-an-email'],
          favouriteColour: 'blue',
        }),
        400,
        'BadRequest',
      );
      assert.deepEqual(fieldsOf(body), ['contactId', 'department', 'distributionLists', 'employeeName', 'favouriteColour', 'monitorCount', 'needsLaptop', 'startDate', 'summary']);
      const missingContact = assertError(await send('POST', `${CONNECTOR}/tickets?requestTypeId=33`, { summary: 'Printer', contactId: 999_999 }), 400, 'BadRequest');
      assert.deepEqual(fieldsOf(missingContact), ['contactId']);
      const time = assertError(await send('POST', `${CONNECTOR}/tickets?requestTypeId=21`, { summary: 'Reset', contactId, username: 'sam', callbackTime: '9am' }), 400, 'BadRequest');
      assert.deepEqual(fieldsOf(time), ['callbackTime']);
      assert.deepEqual(fieldsOf(assertError(await send('POST', `${CONNECTOR}/tickets?requestTypeId=555`, { summary: 'x', contactId }), 400, 'BadRequest')), ['requestTypeId']);
      assert.deepEqual(fieldsOf(assertError(await send('POST', `${CONNECTOR}/tickets`, { summary: 'x', contactId }), 400, 'BadRequest')), ['requestTypeId']);
    });

    it('takes JSON only: 415 for another content type, 400 for broken or empty JSON', async () => {
      assertError(await call(`${CONNECTOR}/tickets?requestTypeId=33`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'summary=x' }), 415, 'UnsupportedMediaType');
      assertError(await call(`${CONNECTOR}/tickets?requestTypeId=33`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"summary":' }), 400, 'BadRequest');
      assertError(await call(`${CONNECTOR}/tickets?requestTypeId=33`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '' }), 400, 'BadRequest');
      assertError(await send('POST', `${CONNECTOR}/tickets?requestTypeId=33`, ['not', 'an', 'object']), 400, 'BadRequest');
    });

    it('pages the connector find with skip/take and totalResults', async () => {
      const first = await send<{ results: TicketDetails[]; totalResults: number }>('POST', `${CONNECTOR}/tickets/find`, { status: 'open', boardIds: [3], take: 10 });
      assert.equal(first.status, 200, first.text);
      assert.equal(first.json.results.length, 10);
      assert.ok(first.json.results.every((ticket) => ticket.board?.id === 3 && !ticket.isClosed));
      const second = await send<{ results: TicketDetails[]; totalResults: number }>('POST', `${CONNECTOR}/tickets/find`, { status: 'open', boardIds: [3], skip: 10, take: 10 });
      assert.equal(second.json.totalResults, first.json.totalResults);
      assert.ok(!second.json.results.some((ticket) => first.json.results.some((other) => other.id === ticket.id)));
      assert.deepEqual(fieldsOf(assertError(await send('POST', `${CONNECTOR}/tickets/find`, { take: 500, page: 2 }), 400, 'BadRequest')), ['page', 'take']);
    });
  });

  describe('updating tickets', () => {
    function openTicketOnBoard(boardId: number): number {
      const ticket = [...sim.state.tickets.values()].find((t) => t.boardId === boardId && !isClosed(sim.state, t) && t.id !== HOSTILE_TICKET_ID && t.tags.length > 0 && t.priorityId !== null);
      assert.ok(ticket);
      return ticket.id;
    }

    it('PATCH changes only the properties sent', async () => {
      const id = openTicketOnBoard(3);
      const before = (await call<TicketDetails>(`${CONNECTOR}/tickets/${id}`)).json;
      const priority = before.priority?.id === 6 ? 4 : 6;
      clock = START + 60_000;
      const reply = await send<TicketDetails>('PATCH', `${CONNECTOR}/tickets/${id}`, { priorityId: priority });
      assert.equal(reply.status, 200, reply.text);
      const after = reply.json;
      assert.equal(after.priority?.id, priority);
      assert.equal(Date.parse(after.modifiedOn), START + 60_000);
      const { priority: _p1, modifiedOn: _m1, ...restBefore } = before;
      const { priority: _p2, modifiedOn: _m2, ...restAfter } = after;
      assert.deepEqual(restAfter, restBefore, 'nothing else changed');
      // ASP.NET binds property names case-insensitively: the PascalCase the Swagger shows works too.
      const pascal = await send<TicketDetails>('PATCH', `${CONNECTOR}/tickets/${id}`, { Tags: ['onsite', 'onsite', ' vip '] });
      assert.deepEqual(pascal.json.tags, ['onsite', 'vip']);
      assert.equal(pascal.json.priority?.id, priority);
      assert.equal(sim.state.putCount, 0, 'no PUT was needed');
    });

    it('PATCH closes and reopens, clears with null, and checks the board/status pairing', async () => {
      const id = openTicketOnBoard(3);
      clock = START + 120_000;
      const closed = await send<TicketDetails>('PATCH', `${CONNECTOR}/tickets/${id}`, { statusId: 35 });
      assert.equal(closed.json.isClosed, true);
      assert.equal(Date.parse(closed.json.closedOn ?? ''), START + 120_000);
      const reopened = await send<TicketDetails>('PATCH', `${CONNECTOR}/tickets/${id}`, { statusId: 32, priorityId: null, dueDate: null, assignedAgentIds: [sim.me.id, 2] });
      assert.equal(reopened.json.isClosed, false);
      assert.equal(reopened.json.closedOn, null);
      assert.equal(reopened.json.priority, null);
      assert.deepEqual(reopened.json.assignedAgents.map((agent) => agent.id), [sim.me.id, 2]);
      const activities = (await call<Ticket>(`${COPILOT}/tickets/${id}`)).json.activities.map((activity) => activity.type);
      assert.ok(activities.includes('statusChanged') && activities.includes('priorityChanged'));

      assert.deepEqual(fieldsOf(assertError(await send('PATCH', `${CONNECTOR}/tickets/${id}`, { statusId: 91 }), 400, 'BadRequest')), ['statusId']);
      assert.deepEqual(fieldsOf(assertError(await send('PATCH', `${CONNECTOR}/tickets/${id}`, { boardId: 9 }), 400, 'BadRequest')), ['statusId']);
      const moved = await send<TicketDetails>('PATCH', `${CONNECTOR}/tickets/${id}`, { boardId: 9, statusId: 92 });
      assert.deepEqual(moved.json.board, { id: 9, name: 'Onboarding' });
      const bad = assertError(await send('PATCH', `${CONNECTOR}/tickets/${id}`, { summary: '', subject: 'x', assignedAgentIds: [999], contactId: 'me' }), 400, 'BadRequest');
      assert.deepEqual(fieldsOf(bad), ['assignedAgentIds[0]', 'contactId', 'subject', 'summary']);
      assertError(await send('PATCH', `${CONNECTOR}/tickets/999999`, { summary: 'x' }), 404, 'NotFound');
      assertError(await send('PATCH', `${CONNECTOR}/tickets/${id}`, { summary: 'x' }, tech()), 403, 'Forbidden');
    });

    it('PUT replaces the whole ticket, blanking what is left out, and every PUT is counted', async () => {
      const id = openTicketOnBoard(7);
      const before = sim.state.tickets.get(id);
      assert.ok(before && before.tags.length > 0 && before.description !== '');
      const count = sim.state.putCount;
      const reply = await send<TicketDetails>('PUT', `/api/v2/tickets/${id}`, { summary: 'Only the summary', boardId: 7, statusId: 72 });
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.json.summary, 'Only the summary');
      assert.equal(reply.json.description, '');
      assert.deepEqual(reply.json.tags, []);
      assert.deepEqual(reply.json.assignedAgents, []);
      assert.equal(reply.json.priority, null);
      assert.equal(reply.json.contact, null);
      assert.equal(reply.json.account, null);
      assert.equal(reply.json.requestType, null);
      assert.deepEqual(reply.json.customFields, {});
      assert.equal(sim.state.putCount, count + 1);

      assert.deepEqual(fieldsOf(assertError(await send('PUT', `/api/v2/tickets/${id}`, { description: 'no summary' }), 400, 'BadRequest')), ['boardId', 'statusId', 'summary']);
      const onConnector = assertError(await send('PUT', `${CONNECTOR}/tickets/${id}`, { summary: 'x' }), 405, 'MethodNotAllowed');
      assert.match(onConnector.message, /PUT/);
      assert.equal(sim.state.putCount, count + 3, 'refused PUTs are counted too');
    });
  });

  describe('the instance OpenAPI document and the TECH note routes', () => {
    it('redirects /swagger to the UI, which points at the v2 document; no credentials needed', async () => {
      const redirect = await call('/swagger', { auth: null });
      assert.equal(redirect.status, 301);
      assert.equal(redirect.headers.get('location'), '/swagger/index.html');
      const page = await call('/swagger/index.html', { auth: null });
      assert.equal(page.status, 200);
      assert.match(page.text, /\/swagger\/v2\/swagger\.json/);
      assert.equal(sim.swaggerUrl, `${sim.url}/swagger/v2/swagger.json`);
    });

    it('lists the connector routes and, with notesRoute on, the note and upload routes with their bodies', async () => {
      const reply = await call<OpenApi>('/swagger/v2/swagger.json', { auth: null });
      assert.equal(reply.status, 200);
      const doc = reply.json;
      assert.match(doc.openapi, /^3\./);
      for (const [path, verb] of [
        [`${COPILOT}/tickets`, 'get'],
        [`${COPILOT}/tickets/{ticketId}`, 'get'],
        [`${CONNECTOR}/tickets`, 'post'],
        [`${CONNECTOR}/tickets/{ticketId}`, 'patch'],
        [`${CONNECTOR}/schema/ticket/$create-request`, 'get'],
        [`${CONNECTOR}/schema/dynamic-types/{typeId}`, 'get'],
        [`${CONNECTOR}/service/statuses`, 'get'],
        ['/api/v2/tech/tickets/{ticketId}/comments', 'post'],
        ['/api/v2/tech/files', 'post'],
      ] as const) {
        assert.ok(doc.paths[path]?.[verb], `${verb.toUpperCase()} ${path}`);
      }
      const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
      assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
      assert.deepEqual(doc.paths[`${COPILOT}/tickets`]?.get?.parameters.map((p) => p.name), ['search', 'status', 'assigned', 'taskProgress', 'lastContactMessage', 'startTime', 'endTime', 'tag']);

      const comment = doc.paths['/api/v2/tech/tickets/{ticketId}/comments']?.post;
      assert.equal(comment?.operationId, 'TechTicketComments_CreateComment');
      assert.deepEqual(comment?.parameters, [{ name: 'ticketId', in: 'path', required: true, schema: { type: 'integer', format: 'int32' } }]);
      const ref = comment?.requestBody?.content['application/json']?.schema.$ref ?? '';
      const body = doc.components.schemas[ref.replace('#/components/schemas/', '')];
      assert.deepEqual(Object.keys(body?.properties ?? {}), ['Note', 'IsInternal', 'AttachmentIds'], 'service models shown in PascalCase');
      assert.deepEqual(body?.required, ['Note']);
      const upload = doc.paths['/api/v2/tech/files']?.post?.requestBody?.content['multipart/form-data']?.schema;
      assert.deepEqual(upload?.properties?.file, { type: 'string', format: 'binary' });
    });

    it('with notesRoute off, leaves the note and file routes out of the document and answers them 404', async () => {
      sim.notesRoute = false;
      const doc = (await call<OpenApi>('/swagger/v2/swagger.json', { auth: null })).json;
      assert.ok(!Object.keys(doc.paths).some((path) => path.startsWith('/api/v2/tech/')));
      assert.ok(doc.paths[`${CONNECTOR}/tickets/{ticketId}`]?.patch, 'the connector routes stay');
      const token = `DdAccessToken ${sim.issueAccessToken()}`;
      assertError(await send('POST', `/api/v2/tech/tickets/${FIRST_TICKET_ID}/comments`, { note: 'hello' }, token), 404, 'NotFound');
      const form = new FormData();
      form.append('file', new Blob(['x'], { type: 'text/plain' }), 'x.txt');
      assertError(await call('/api/v2/tech/files', { method: 'POST', body: form, auth: token }), 404, 'NotFound');
      sim.notesRoute = true;
      const back = (await call<OpenApi>('/swagger/v2/swagger.json', { auth: null })).json;
      assert.ok(back.paths['/api/v2/tech/tickets/{ticketId}/comments']?.post);
    });

    it('uploads a file, adds an internal note with it on behalf of the agent, and downloads it again', async () => {
      const token = `DdAccessToken ${sim.issueAccessToken()}`;
      const form = new FormData();
      form.append('file', new Blob(['line 1\nline 2\n'], { type: 'text/plain' }), 'trace.log');
      const uploaded = await call<{ id: string; name: string; size: number; contentType: string }>('/api/v2/tech/files', { method: 'POST', body: form, auth: token });
      assert.equal(uploaded.status, 200, uploaded.text);
      assert.equal(uploaded.json.name, 'trace.log');
      assert.equal(uploaded.json.size, 14);
      assert.match(uploaded.json.id, /^[0-9a-f-]{36}$/);
      assert.deepEqual(sim.requests.at(-1)?.body, { file: { name: 'trace.log', size: 14, contentType: 'text/plain' } });

      const ticketId = FIRST_TICKET_ID + 5;
      clock = START + 300_000;
      const note = await send<Note>('POST', `/api/v2/tech/tickets/${ticketId}/comments`, { note: 'Attached the **trace**.', isInternal: true, attachmentIds: [uploaded.json.id] }, tech());
      assert.equal(note.status, 200, note.text);
      assert.equal(note.json.isInternal, true);
      assert.equal(note.json.type, 'comment');
      assert.deepEqual(note.json.createdBy, { id: sim.me.id, name: sim.me.name, userType: 'agent' });
      assert.deepEqual(note.json.attachments, [{ id: uploaded.json.id, name: 'trace.log' }]);
      assert.equal(Date.parse(note.json.createdOn), START + 300_000);
      const ticket = (await call<Ticket>(`${COPILOT}/tickets/${ticketId}`)).json;
      assert.equal(ticket.notes.at(-1)?.id, note.json.id);
      assert.equal(Date.parse(ticket.modifiedOn), START + 300_000);

      const download = await call(`/api/v2/tech/files/${uploaded.json.id}`, { auth: token });
      assert.equal(download.status, 200);
      assert.equal(download.text, 'line 1\nline 2\n');
      assert.match(download.headers.get('content-disposition') ?? '', /attachment; filename="trace\.log"/);
      const details = await call<{ id: string; size: number }>(`/api/v2/tech/files/${uploaded.json.id}?mode=json`, { auth: token });
      assert.equal(details.json.size, 14);

      const again = assertError(await send('POST', `/api/v2/tech/tickets/${ticketId}/comments`, { note: 'again', attachmentIds: [uploaded.json.id, 'nope'] }, tech()), 400, 'BadRequest');
      assert.deepEqual(fieldsOf(again), ['attachmentIds[0]', 'attachmentIds[1]']);
      assert.deepEqual(fieldsOf(assertError(await send('POST', `/api/v2/tech/tickets/${ticketId}/comments`, { isInternal: 'no' }, tech()), 400, 'BadRequest')), ['isInternal', 'note']);
      assertError(await send('POST', '/api/v2/tech/tickets/999999/comments', { note: 'x' }, tech()), 404, 'NotFound');
      assertError(await call('/api/v2/tech/files', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}', auth: token }), 415, 'UnsupportedMediaType');
    });

    it('refuses an upload over the limit with 413 and a form without a file part with 400', async () => {
      const saved = sim.state.limits.maxUploadBytes;
      sim.state.limits.maxUploadBytes = 1000;
      try {
        const big = new FormData();
        big.append('file', new Blob([Buffer.alloc(5000, 97)], { type: 'text/plain' }), 'big.txt');
        assertError(await call('/api/v2/tech/files', { method: 'POST', body: big, auth: tech() }), 413, 'PayloadTooLarge');
      } finally {
        sim.state.limits.maxUploadBytes = saved;
      }
      const wrong = new FormData();
      wrong.append('upload', new Blob(['x']), 'x.txt');
      assert.deepEqual(fieldsOf(assertError(await call('/api/v2/tech/files', { method: 'POST', body: wrong, auth: tech() }), 400, 'BadRequest')), ['file', 'upload']);
    });
  });

  describe('faults', () => {
    it('answers 429 with Retry-After in the vendor envelope, then recovers', async () => {
      sim.faults.failNext = { status: 429, headers: { 'Retry-After': '7' } };
      const reply = await call(`${COPILOT}/tickets`);
      const limited = assertError(reply, 429, 'TooManyRequests');
      assert.equal(reply.headers.get('retry-after'), '7');
      assert.match(limited.message, /Retry-After/);
      assert.equal(sim.requests.at(-1)?.fault, 'failNext');
      assert.equal((await call(`${COPILOT}/connections/test`)).status, 200);
    });

    it('serves an HTML page instead of the API when asked to', async () => {
      sim.faults.htmlErrorPage = true;
      sim.faults.htmlErrorStatus = 502;
      const page = await call(`${COPILOT}/tickets`);
      assert.equal(page.status, 502);
      assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(page.text, /gateway or proxy server/);
    });
  });

  describe('seed data', () => {
    it('has the hostile ticket, with payloads in every rendered field, and nothing hit the beacon', async () => {
      const reply = await call<Ticket>(`${COPILOT}/tickets/${HOSTILE_TICKET_ID}`);
      assert.equal(reply.status, 200, reply.text);
      const ticket = reply.json;
      assert.match(ticket.summary, /<script>/);
      assert.match(ticket.description, /onerror=/);
      assert.match(ticket.description, /\]\(javascript:/, 'a Markdown javascript: link');
      assert.match(ticket.contact?.name ?? '', /<img/);
      assert.match(ticket.account?.name ?? '', /onmouseover/);
      assert.ok(ticket.tags.some((tag) => tag.includes('<svg')));
      assert.ok(ticket.notes.some((note) => note.attachments.some((file) => file.name.includes('onerror'))));
      assert.ok(ticket.notes.some((note) => note.note.includes('javascript:')));
      assert.ok(ticket.notes.every((note) => note.note.length > 0));
      // The whole corpus, in the forms DeskDirector stores (HTML and Markdown), and a status named with a vector.
      assert.deepEqual(missingVectors(sim.state.origin, ['html', 'markdown'], [ticket.description, ...ticket.notes.map((note) => note.note)]), []);
      assert.match(sim.state.statuses.find((status) => status.id === sim.state.tickets.get(HOSTILE_TICKET_ID)?.statusId)?.name ?? '', /__beacon/);
      for (const payload of [ticket.summary, ticket.description]) assert.ok(payload.includes(`${sim.url}/__beacon`), 'aimed at this simulator');
      assert.equal(sim.beaconHits, 0);
      const listed = await call<FindResponse<Summary>>(`${COPILOT}/tickets?status=open&assigned=me&search=refund`);
      assert.ok(listed.json.results.some((item) => item.id === HOSTILE_TICKET_ID));
    });

    it('is a realistic mix: open and closed, mine and unassigned, public and internal notes, time entries, files', () => {
      const tickets = [...sim.state.tickets.values()];
      const notes = [...sim.state.notes.values()];
      assert.ok(tickets.length >= DEFAULT_TICKET_COUNT);
      assert.ok(tickets.filter((t) => !isClosed(sim.state, t)).length > 40);
      assert.ok(tickets.filter((t) => isClosed(sim.state, t)).length > 150);
      assert.ok(tickets.filter((t) => t.assignedAgentIds.includes(sim.me.id)).length > 50);
      assert.ok(tickets.filter((t) => t.assignedAgentIds.length === 0).length > 10);
      assert.ok(notes.filter((n) => n.isInternal).length > 50 && notes.filter((n) => !n.isInternal).length > 300);
      assert.ok(notes.filter((n) => n.timeEntry !== null).length > 50);
      assert.ok(sim.state.files.size > 10);
      assert.ok(new Set(tickets.map((t) => t.boardId)).size === sim.state.boards.length);
      assert.ok(tickets.every((t) => t.summary.length <= 100 || t.id === HOSTILE_TICKET_ID));
      const seeded = tickets.filter((t) => t.id <= HOSTILE_TICKET_ID);
      assert.equal(seeded.length, DEFAULT_TICKET_COUNT);
      assert.ok(seeded.every((t) => t.createdOn < SEED_EPOCH && (t.modifiedOn < SEED_EPOCH || t.modifiedOn >= START)), 'seed dates end at SEED_EPOCH');
    });

    it('is deterministic per seed while keys are random per start unless given', async () => {
      const a = await startDeskdirectorSimulator({ seed: 7 });
      const b = await startDeskdirectorSimulator({ seed: 7, apiKey: 'fixed-key', techToken: 'fixed-pat' });
      try {
        const shape = (s: DeskdirectorSimulator): string[] => [...s.state.tickets.values()].slice(0, 50).map((t) => `${t.id}|${t.summary}|${t.statusId}|${notesOf(s.state, t.id).length}`);
        assert.deepEqual(shape(a), shape(b));
        assert.notDeepEqual(shape(a), shape(sim));
        assert.notEqual(a.apiKey, sim.apiKey);
        assert.equal(b.apiKey, 'fixed-key');
        assert.equal(b.techToken, 'fixed-pat');
        assert.equal((await fetch(`${b.url}${COPILOT}/connections/test`, { headers: { Authorization: 'Basic fixed-pat' } })).status, 200);
        assert.equal((await fetch(`${b.url}${COPILOT}/connections/test`, { headers: { Authorization: `DdApi ${a.apiKey}` } })).status, 401);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });
  });
});
