// The Jitbit simulator over real loopback HTTP: auth forms and the IP lock, form-not-JSON
// bodies, routing and verbs, the ticket list (modes, filters, count cap, offset paging),
// detail / comments / files, writes, lists, gzip, faults, hostile content and the seed.
import * as assert from 'node:assert/strict';
import { get as httpGet } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { clearFaults, startSandbox } from '../../src/sandbox';
import { BIG_THREAD_COMMENT_COUNT as JITBIT_BIG_THREAD_COMMENT_COUNT, BIG_THREAD_TICKET_ID as JITBIT_BIG_THREAD_TICKET_ID, BROKEN_BBCODE_TICKET_ID as JITBIT_BROKEN_BBCODE_TICKET_ID, HOSTILE_TICKET_ID as JITBIT_HOSTILE_TICKET_ID, SEED_EPOCH as JITBIT_SEED_EPOCH, startJitbitSimulator, type JitbitSimulator, type JitbitState } from '../../src/sandbox/jitbit';
import { changePassword } from '../../src/sandbox/jitbit/state';
import { missingVectors } from '../support/hostile-corpus';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: Json;
}

interface CallInit extends RequestInit {
  /** An Authorization header value; null sends none; default Basic of "me". */
  auth?: string | null;
  /** Pretend to come from this IP (the simulator trusts X-Forwarded-For in these tests). */
  ip?: string;
}

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/;
const MINUTE = 60_000;

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

async function request(base: string, path: string, init: CallInit, defaultAuth: string): Promise<Reply> {
  const headers = new Headers(init.headers);
  const auth = init.auth === undefined ? defaultAuth : init.auth;
  if (auth !== null) headers.set('Authorization', auth);
  if (init.ip) headers.set('X-Forwarded-For', init.ip);
  const response = await fetch(`${base}${path}`, { ...init, headers });
  const text = await response.text();
  let json: Json;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

function assertText(reply: Reply, status: number, pattern: RegExp): void {
  assert.equal(reply.status, status, reply.text);
  assert.equal(reply.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.match(reply.text, pattern);
}

describe('sandbox: Jitbit simulator', function () {
  let sim: JitbitSimulator;
  let clock = JITBIT_SEED_EPOCH + 86_400_000;

  before(async () => {
    sim = await startJitbitSimulator({ now: () => clock, trustProxy: true });
  });
  after(async () => {
    await sim.close();
  });
  afterEach(() => {
    clearFaults(sim.faults);
    sim.state.resetLocks();
  });

  const me = (): string => basic(sim.username, sim.password);
  const call = (path: string, init: CallInit = {}): Promise<Reply> => request(sim.url, path, init, me());
  const api = (path: string, init: CallInit = {}): Promise<Reply> => call(`/api/${path}`, init);

  function post(path: string, fields: Record<string, string | string[]>, init: CallInit = {}): Promise<Reply> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    return api(path, { ...init, method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  }

  function postMultipart(path: string, fields: Record<string, string>, files: Array<{ name: string; type: string; data: string | Uint8Array<ArrayBuffer>; part?: string }>): Promise<Reply> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    for (const file of files) form.append(file.part ?? 'uploadFile', new Blob([file.data], { type: file.type }), file.name);
    return api(path, { method: 'POST', body: form });
  }

  async function allTickets(query: string): Promise<Json[]> {
    const items: Json[] = [];
    for (let offset = 0; ; offset += 300) {
      const reply = await api(`Tickets?${query}${query ? '&' : ''}count=300&offset=${offset}`);
      assert.equal(reply.status, 200, reply.text);
      items.push(...reply.json);
      if (reply.json.length < 300) return items;
    }
  }

  const tickets = () => [...sim.state.tickets.values()];

  describe('authentication', () => {
    it('answers the current user on /api/Authorization for Basic, GET and POST', async () => {
      for (const method of ['GET', 'POST']) {
        const reply = await api('Authorization', { method });
        assert.equal(reply.status, 200, reply.text);
        assert.equal(reply.headers.get('content-type'), 'application/json; charset=utf-8');
        assert.equal(reply.json.UserID, sim.me.id);
        assert.equal(reply.json.Username, sim.username);
        assert.equal(reply.json.Email, sim.me.email);
        assert.equal(reply.json.IsAdmin, true);
        assert.equal(reply.json.IsTech, true);
        assert.match(reply.json.LastSeen, ISO_DATE);
        assert.equal(reply.json.IPAddress, '127.0.0.1');
        assert.ok(!('Password' in reply.json));
      }
      assert.notEqual(sim.me.id, 1, '"me" must not be user 1');
    });

    it('accepts a Bearer token and a DOMAIN\\user login (names case-insensitive)', async () => {
      const byToken = await api('Authorization', { auth: `Bearer ${sim.token}` });
      assert.equal(byToken.json.UserID, sim.me.id);
      assert.match(sim.domainUsername, /^[A-Z]+\\[a-z]+$/);
      const byDomain = await api('Authorization', { auth: basic(sim.domainUsername.toLowerCase(), sim.domainPassword) });
      assert.equal(byDomain.status, 200, byDomain.text);
      assert.equal(byDomain.json.Username, sim.domainUsername);
      assert.equal(byDomain.json.IsAdmin, false);
      assert.equal(byDomain.json.IsTech, true);
      assert.equal((await api('Authorization', { auth: `bearer ${sim.token}` })).status, 200, 'scheme is case-insensitive');
    });

    it('answers 401 in plain text with a Basic challenge for missing or wrong credentials', async () => {
      const missing = await api('Tickets', { auth: null });
      assertText(missing, 401, /Authorization/);
      assert.match(missing.headers.get('www-authenticate') ?? '', /^Basic/);
      assert.equal(sim.state.failedLogins('127.0.0.1'), 0, 'no credentials is not a failed login');
      assertText(await api('Tickets', { auth: basic(sim.username, 'wrong') }), 401, /failed/i);
      assertText(await api('Tickets', { auth: basic(sim.username.toUpperCase(), `${sim.password}x`) }), 401, /failed/i);
      assert.equal(sim.state.failedLogins('127.0.0.1'), 2);
      sim.state.resetLocks();
      assertText(await api('Tickets', { auth: 'Bearer not-a-token' }), 401, /token/);
      assertText(await api('Tickets', { auth: 'Basic %%%' }), 401, /base64/);
      sim.state.resetLocks();
      assertText(await api('Tickets', { auth: `key ${sim.password}` }), 401, /Unsupported/);
      assertText(await api('no-such-method', { auth: null }), 401, /Authorization/);
    });

    it('expires the token when the password changes', async () => {
      const other = await startJitbitSimulator({ ticketCount: 20 });
      try {
        const oldToken = other.token;
        changePassword(other.state, other.me.id, 'a-new-password');
        assert.notEqual(other.token, oldToken);
        assert.equal((await request(other.url, '/api/Authorization', { auth: `Bearer ${oldToken}` }, '')).status, 401);
        assert.equal((await request(other.url, '/api/Authorization', { auth: `Bearer ${other.token}` }, '')).status, 200);
        assert.equal((await request(other.url, '/api/Authorization', { auth: basic(other.username, 'a-new-password') }, '')).status, 200);
      } finally {
        await other.close();
      }
    });

    it('limits admin methods to administrators', async () => {
      const domain = basic(sim.domainUsername, sim.domainPassword);
      assertText(await api('Users', { auth: domain }), 403, /administrator/);
      assert.equal((await api('Users')).status, 200);
      assert.equal((await api('CommentTemplates', { auth: domain })).status, 200, 'technicians get canned replies');
    });
  });

  describe('the IP lock', () => {
    it('locks an IP for 5 minutes after 3 failed logins in a row, even for good credentials', async () => {
      let now = Date.UTC(2025, 6, 1, 10, 0, 0);
      const locked = await startJitbitSimulator({ ticketCount: 20, now: () => now });
      const call = (auth: string | null): Promise<Reply> => request(locked.url, '/api/Authorization', { auth }, '');
      const good = basic(locked.username, locked.password);
      try {
        for (let i = 0; i < 3; i++) assert.equal((await call(basic(locked.username, `bad${i}`))).status, 401);
        assert.equal(locked.state.lockedUntil('127.0.0.1'), now + 5 * MINUTE);
        const refused = await call(good);
        assertText(refused, 403, /blocked for 5 minutes after 3 failed logins/);
        assert.equal((await call(`Bearer ${locked.token}`)).status, 403);
        assert.equal((await request(locked.url, '/api/no-such-method', { auth: null }, '')).status, 403, 'every request from the IP');
        assert.equal(locked.requests.at(-1)?.fault, 'ipLocked');
        now += 5 * MINUTE - 1;
        assert.equal((await call(good)).status, 403, 'still locked a millisecond before the end');
        now += 1;
        assert.equal((await call(good)).status, 200, 'unlocked after 5 minutes');
        assert.equal(locked.state.lockedUntil('127.0.0.1'), undefined);
      } finally {
        await locked.close();
      }
    });

    it('resets the count on a successful login and ignores requests without credentials', async () => {
      const ip = '192.0.2.10';
      const bad = basic(sim.username, 'nope');
      for (let i = 0; i < 2; i++) assert.equal((await api('Authorization', { auth: bad, ip })).status, 401);
      assert.equal(sim.state.failedLogins(ip), 2);
      assert.equal((await api('Authorization', { ip })).status, 200);
      assert.equal(sim.state.failedLogins(ip), 0);
      for (let i = 0; i < 2; i++) assert.equal((await api('Authorization', { auth: bad, ip })).status, 401);
      for (let i = 0; i < 5; i++) assert.equal((await api('Authorization', { auth: null, ip })).status, 401);
      assert.equal(sim.state.lockedUntil(ip), undefined);
      assert.equal((await api('Authorization', { auth: bad, ip })).status, 401);
      assert.equal(sim.state.lockedUntil(ip), clock + 5 * MINUTE);
    });

    it('locks per IP: another client is not affected', async () => {
      const bad = basic(sim.username, 'nope');
      for (let i = 0; i < 3; i++) await api('Authorization', { auth: bad, ip: '192.0.2.20' });
      assert.equal((await api('Tickets', { ip: '192.0.2.20' })).status, 403);
      assert.equal((await api('Tickets', { ip: '192.0.2.21' })).status, 200);
      assert.equal((await api('Tickets')).status, 200);
      clock += 5 * MINUTE;
      assert.equal((await api('Tickets', { ip: '192.0.2.20' })).status, 200);
    });
  });

  describe('routing and strictness', () => {
    it('serves the API under the base path only, with case-insensitive method names', async () => {
      assert.match(sim.url, /\/helpdesk$/);
      for (const path of ['/api/Tickets', '/api/tickets', '/API/TICKETS', '/api/Tickets/']) assert.equal((await call(path)).status, 200, path);
      const origin = new URL(sim.url).origin;
      assertText(await request(origin, '/api/Tickets', {}, me()), 404, /Not found/);
      assertText(await request(origin, '/other/api/Tickets', {}, me()), 404, /Not found/);
    });

    it('can serve at the root instead (basePath "")', async () => {
      const root = await startJitbitSimulator({ ticketCount: 20, basePath: '' });
      try {
        assert.equal(root.url, new URL(root.url).origin);
        const auth = basic(root.username, root.password);
        assert.equal((await request(root.url, '/api/Tickets', {}, auth)).status, 200);
        assert.equal((await request(root.url, '/helpdesk/api/Tickets', {}, auth)).status, 404);
      } finally {
        await root.close();
      }
    });

    it('takes the id as a path segment too, and parameter names in any case', async () => {
      const id = tickets()[5]?.id as number;
      const bySegment = await api(`ticket/${id}`);
      assert.equal(bySegment.json.TicketID, id);
      assert.equal((await api(`Ticket?ID=${id}`)).json.TicketID, id);
      assertText(await api(`ticket/${id}/comments`), 404, /No API method/);
      assertText(await api('Tickets/12'), 404, /No API method/);
    });

    it('answers 405 with Allow for a wrong verb, and 404 in plain text for unknown methods and tickets', async () => {
      const wrong = await api('Tickets', { method: 'DELETE' });
      assertText(wrong, 405, /not allowed/);
      assert.equal(wrong.headers.get('allow'), 'GET');
      assert.equal((await api('UpdateTicket?id=4101')).headers.get('allow'), 'POST');
      assert.equal((await api('Close?id=4101')).status, 405);
      assert.equal((await api('ticket', { method: 'PUT' })).headers.get('allow'), 'GET, POST');
      assertText(await api('NoSuchMethod'), 404, /No API method/);
      assertText(await api('ticket?id=999999'), 404, /Ticket 999999 not found/);
      assertText(await api('comments?id=999999'), 404, /not found/);
      assertText(await api('attachment?id=1'), 404, /File 1 not found/);
    });

    it('refuses parameters the method does not document, naming them', async () => {
      const reply = await post('UpdateTicket', { id: '4101', priorityId: '1' });
      assertText(reply, 400, /Unknown parameter for POST \/api\/UpdateTicket: priorityId\. It takes: id, categoryId, priority,/);
      assertText(await api('Tickets?status=1'), 400, /Unknown parameter.*status/);
      assertText(await api('Authorization?x=1'), 400, /takes no parameters/);
    });

    it('reports values that do not convert as a JSON problem document', async () => {
      const reply = await api('Tickets?count=ten&statusId=1,2&includeCustomFields=yes&dateFrom=24/11/2016');
      assert.equal(reply.status, 400);
      assert.equal(reply.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.equal(reply.json.status, 400);
      assert.deepEqual(Object.keys(reply.json.errors).sort(), ['count', 'dateFrom', 'includeCustomFields', 'statusId']);
      assert.match(reply.json.errors.statusId[0], /'1,2'/);
      assertText(await api('ticket'), 400, /Required parameter 'id' is missing/);
    });

    it('gzips when asked', async () => {
      const response = await fetch(`${sim.url}/api/Tickets?count=50`, { headers: { Authorization: me(), 'Accept-Encoding': 'gzip' } });
      assert.equal(response.headers.get('content-encoding'), 'gzip');
      assert.equal((await response.json() as Json[]).length, 50);
      // The bytes on the wire really are gzip (fetch above decoded them transparently).
      const raw = await new Promise<Buffer>((resolve, reject) => {
        httpGet(`${sim.url}/api/Tickets?count=50`, { headers: { Authorization: me(), 'Accept-Encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve(Buffer.concat(chunks)));
        }).on('error', reject);
      });
      assert.equal((JSON.parse(gunzipSync(raw).toString('utf8')) as Json[]).length, 50);
      const plain = await fetch(`${sim.url}/api/Tickets?count=50`, { headers: { Authorization: me(), 'Accept-Encoding': 'identity' } });
      assert.equal(plain.headers.get('content-encoding'), null);
    });
  });

  describe('request bodies: form fields, not JSON', () => {
    it('refuses JSON bodies with an explanation and changes nothing', async () => {
      const before = sim.state.tickets.size;
      const json = { 'Content-Type': 'application/json' };
      const create = await api('ticket', { method: 'POST', headers: json, body: JSON.stringify({ categoryId: 7277, subject: 'Hi', body: 'x' }) });
      assertText(create, 400, /does not read JSON.*application\/x-www-form-urlencoded.*multipart\/form-data/);
      assert.equal(sim.state.tickets.size, before);
      assert.deepEqual(sim.requests.at(-1)?.json, { categoryId: 7277, subject: 'Hi', body: 'x' });
      assertText(await api('comment', { method: 'POST', headers: json, body: '{"id":4101,"body":"x"}' }), 400, /JSON/);
      assertText(await api('UpdateTicket', { method: 'POST', headers: json, body: '{"id":4101}' }), 400, /JSON/);
      assertText(await api('ticket', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'subject=x' }), 400, /Unsupported Content-Type/);
    });

    it('tolerates JSON on ticket and comment only when asked to', async () => {
      const lenient = await startJitbitSimulator({ ticketCount: 20, tolerateJson: true });
      const auth = basic(lenient.username, lenient.password);
      const send = (path: string, body: unknown): Promise<Reply> =>
        request(lenient.url, `/api/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, auth);
      try {
        const created = await send('ticket', { categoryId: 7277, subject: 'Via JSON', body: 'Lazy client', priorityId: 1, tags: 'json' });
        assert.equal(created.status, 200, created.text);
        const ticket = lenient.state.tickets.get(created.json);
        assert.equal(ticket?.subject, 'Via JSON');
        assert.equal(ticket?.priority, 1);
        assert.equal((await send('comment', { id: created.json, body: 'note', forTechsOnly: true })).status, 200);
        assertText(await send('UpdateTicket', { id: created.json, priority: 2 }), 400, /JSON/);
      } finally {
        await lenient.close();
      }
    });

    it('merges query string and form fields, the form winning', async () => {
      const ticket = tickets().find((t) => t.statusId === 2 && t.id !== JITBIT_BIG_THREAD_TICKET_ID);
      assert.ok(ticket);
      const reply = await api(`UpdateTicket?id=${ticket.id}&priority=-1`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'priority=2' });
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.text, '');
      assert.equal(ticket.priority, 2);
      const queryOnly = await api(`UpdateTicket?id=${ticket.id}&priority=-1`, { method: 'POST' });
      assert.equal(queryOnly.status, 200, queryOnly.text);
      assert.equal(ticket.priority, -1);
    });

    it('takes files only in uploadFile parts and only where documented', async () => {
      const id = String(tickets()[0]?.id);
      assertText(await postMultipart('AttachFile', { id }, [{ name: 'a.txt', type: 'text/plain', data: 'x', part: 'file' }]), 400, /parts named "uploadFile"/);
      assertText(await postMultipart('UpdateTicket', { id }, [{ name: 'a.txt', type: 'text/plain', data: 'x' }]), 400, /does not take files/);
      assertText(await postMultipart('AttachFile', { id }, []), 400, /No file was uploaded/);
      assertText(await post('AttachFile', { id }), 400, /No file was uploaded/);
    });
  });

  describe('the ticket list', () => {
    it('returns a bare array of 10 in the seed shape: PascalCase, ISO dates, newest activity first', async () => {
      const reply = await api('Tickets');
      assert.equal(reply.status, 200);
      assert.ok(Array.isArray(reply.json));
      assert.equal(reply.json.length, 10);
      const item = reply.json[0];
      for (const key of ['IssueID', 'Priority', 'StatusID', 'IssueDate', 'Subject', 'Status', 'UpdatedByUser', 'UpdatedByPerformer', 'CategoryID', 'UserName', 'Technician', 'FirstName', 'LastName', 'DueDate', 'TechFirstName', 'TechLastName', 'LastUpdated', 'UpdatedForTechView', 'UserID', 'CompanyID', 'CompanyName', 'AssignedToUserID', 'ResolvedDate', 'SectionID', 'Category', 'Origin', 'Email', 'HasChildren', 'LastUpdatedByUserID', 'LastUpdatedUsername', 'StartDate']) {
        assert.ok(key in item, key);
      }
      assert.match(item.IssueDate, ISO_DATE);
      assert.match(item.LastUpdated, ISO_DATE);
      const dates = (reply.json as Json[]).map((t) => Date.parse(t.LastUpdated));
      assert.deepEqual(dates, [...dates].sort((a, b) => b - a));
      assert.ok([-1, 0, 1, 2].includes(item.Priority));
      assert.ok(!('total' in reply.json));
    });

    it('caps count at 300 and refuses count 0 or a negative offset', async () => {
      assert.equal((await api('Tickets?count=300')).json.length, 300);
      assert.equal((await api('Tickets?count=500')).json.length, 300);
      assertText(await api('Tickets?count=0'), 400, /count/);
      assertText(await api('Tickets?offset=-5'), 400, /offset/);
    });

    it('pages by offset without gaps or repeats, and ends with a short or empty page', async () => {
      const seen = (await allTickets('')).map((t) => t.IssueID as number);
      assert.equal(seen.length, sim.state.tickets.size);
      assert.equal(new Set(seen).size, seen.length);
      const pageTwo = (await api('Tickets?count=25&offset=25')).json.map((t: Json) => t.IssueID);
      assert.deepEqual(pageTwo, seen.slice(25, 50));
      assert.deepEqual((await api(`Tickets?offset=${seen.length}`)).json, []);
    });

    it('implements each mode', async () => {
      const all = tickets();
      const unclosed = await allTickets('mode=unclosed');
      assert.equal(unclosed.length, all.filter((t) => t.statusId !== 3).length);
      assert.ok(unclosed.every((t) => t.StatusID !== 3));
      assert.ok(unclosed.some((t) => t.StatusID === 4), 'a custom status among the open tickets');

      const mine = await allTickets('mode=handledbyme');
      assert.ok(mine.length >= 10, `mine: ${mine.length}`);
      assert.ok(mine.every((t) => t.AssignedToUserID === sim.me.id && t.StatusID !== 3));
      const mixedCase = await allTickets('mode=HandledByMe');
      assert.equal(mixedCase.length, mine.length, 'mode values are case-insensitive');

      const unanswered = await allTickets('mode=unanswered');
      assert.ok(unanswered.length >= 10, `unanswered: ${unanswered.length}`);
      assert.ok(unanswered.every((t) => t.StatusID !== 3 && (t.StatusID === 1 || t.UpdatedByUser || t.UpdatedForTechView)));
      assert.ok(unanswered.some((t) => t.StatusID === 1) && unanswered.some((t) => t.StatusID !== 1 && t.UpdatedByUser));
      assert.ok(!unanswered.some((t) => t.UpdatedByPerformer && !t.UpdatedForTechView && t.StatusID !== 1));

      assert.equal((await allTickets('mode=all')).length, all.length);
      assertText(await api('Tickets?mode=open'), 400, /mode/);
    });

    it('filters by category, status, submitter, technician, tag and dates', async () => {
      const both = await allTickets('categoryId=7281&categoryId=7282');
      assert.ok(both.some((t) => t.CategoryID === 7281) && both.some((t) => t.CategoryID === 7282));
      assert.ok(both.every((t) => t.CategoryID === 7281 || t.CategoryID === 7282));
      const statuses = await allTickets('statusId=4&statusId=7');
      assert.ok(statuses.length > 0 && statuses.every((t) => (t.StatusID === 4 && t.Status === 'Waiting for customer') || (t.StatusID === 7 && t.Status === 'On hold')));
      const customer = tickets()[3]?.userId as number;
      const fromUser = await allTickets(`fromUserId=${customer}`);
      assert.ok(fromUser.length > 0 && fromUser.every((t) => t.UserID === customer));
      const handled = await allTickets(`handledByUserID=${sim.me.id}`);
      assert.ok(handled.some((t) => t.StatusID === 3), 'handledByUserID includes closed tickets');
      assert.ok(handled.every((t) => t.AssignedToUserID === sim.me.id));
      const tagged = await allTickets('tagName=BILLING');
      assert.equal(tagged.length, tickets().filter((t) => t.tags.includes('billing')).length);
      const may = await allTickets('dateFrom=2025-05-01&dateTo=2025-05-31');
      assert.ok(may.length > 0 && may.every((t) => t.IssueDate >= '2025-05-01' && t.IssueDate < '2025-06-01'));
      const updated = await allTickets('updatedFrom=2025-06-01');
      assert.ok(updated.every((t) => t.LastUpdated >= '2025-06-01'));
      const section = await allTickets('sectionId=14');
      assert.ok(section.length > 0 && section.every((t) => t.SectionID === 14));
    });

    it('adds custom field values when asked', async () => {
      const withFields = (await api('Tickets?count=300&includeCustomFields=true')).json as Json[];
      assert.ok(withFields.every((t) => Array.isArray(t.CustomFields)));
      assert.ok(withFields.some((t) => t.CustomFields.some((f: Json) => f.FieldID === 2911 && typeof f.ValueWithOption === 'string')));
      assert.ok(!('CustomFields' in (await api('Tickets?count=1')).json[0]));
    });
  });

  describe('detail, comments and files', () => {
    it('returns a ticket without its comments, with files, tags and both users', async () => {
      const ticket = tickets().find((t) => t.assignedToUserId !== null && t.tags.length > 0 && (sim.state.ticketFiles.get(t.id)?.length ?? 0) > 0);
      assert.ok(ticket);
      const { json } = await api(`ticket?id=${ticket.id}`);
      assert.equal(json.TicketID, ticket.id);
      assert.equal(json.Subject, ticket.subject);
      assert.equal(json.Body, ticket.body);
      assert.equal(json.CategoryName, sim.state.categories.get(ticket.categoryId)?.name);
      assert.equal(json.SubmitterUserInfo.UserID, ticket.userId);
      assert.equal(json.AssigneeUserInfo.UserID, ticket.assignedToUserId);
      assert.equal(typeof json.Status, 'string');
      assert.ok(!('Comments' in json));
      assert.deepEqual(json.Tags.map((t: Json) => t.Name), ticket.tags);
      assert.ok(json.Tags.every((t: Json) => Number.isInteger(t.TagID)));
      const file = json.Attachments[0];
      for (const key of ['FileID', 'FileName', 'FileSize', 'CommentID', 'Url', 'IssueID', 'UserID', 'ForTechsOnly', 'CommentDate']) assert.ok(key in file, key);
      assert.equal(file.Url, `${sim.url}/File/Get?id=${file.FileID}`);
      assert.ok(file.FileSize > 0);
    });

    it('lists comments oldest first with tech-only and system ones', async () => {
      const reply = await api(`comments?id=${JITBIT_BIG_THREAD_TICKET_ID}`);
      assert.equal(reply.json.length, JITBIT_BIG_THREAD_COMMENT_COUNT);
      const dates = (reply.json as Json[]).map((c) => Date.parse(c.CommentDate));
      assert.deepEqual(dates, [...dates].sort((a, b) => a - b));
      const first = reply.json[0];
      for (const key of ['CommentID', 'IssueID', 'UserID', 'UserName', 'Email', 'FirstName', 'LastName', 'IsSystem', 'CommentDate', 'ForTechsOnly', 'Body', 'Recipients']) assert.ok(key in first, key);
      assert.ok(reply.json.some((c: Json) => c.ForTechsOnly === true));
      assert.ok(reply.json.some((c: Json) => c.IsSystem === true));
      assert.ok(reply.json.every((c: Json) => c.IssueID === JITBIT_BIG_THREAD_TICKET_ID));
    });

    it('downloads a file by FileID with its name and type; the web URL wants a browser login', async () => {
      const png = [...sim.state.files.values()].find((f) => f.contentType === 'image/png' && !f.forTechsOnly);
      assert.ok(png);
      const response = await fetch(`${sim.url}/api/attachment?id=${png.id}`, { headers: { Authorization: `Bearer ${sim.token}`, 'Accept-Encoding': 'gzip' } });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'image/png');
      assert.equal(response.headers.get('content-encoding'), null, 'binary files are not gzipped');
      assert.match(response.headers.get('content-disposition') ?? '', new RegExp(`filename="${png.fileName.replace(/\./g, '\\.')}"`));
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), png.data);
      const web = await fetch(`${sim.url}/File/Get?id=${png.id}`, { headers: { Authorization: me() }, redirect: 'manual' });
      assert.equal(web.status, 302);
      assert.match(web.headers.get('location') ?? '', /^\/helpdesk\/User\/Login\?ReturnUrl=/);
    });

    it('keeps the broken BBCode ticket as typed', async () => {
      const { json } = await api(`ticket?id=${JITBIT_BROKEN_BBCODE_TICKET_ID}`);
      assert.match(json.Body, /\[b\]Export keeps failing/);
      assert.match(json.Body, /\[quote\][^[]*\[\/code\]/);
      assert.match(json.Body, /< 0 & > 100/);
      assert.ok(json.Body.includes('\r\n'));
    });
  });

  describe('writing', () => {
    it('creates a ticket from form fields and answers the bare id', async () => {
      const reply = await post('ticket', { categoryId: '7290', subject: 'Webhook flood', body: '<p>Too many <b>events</b></p>', priorityId: '2', tags: 'api, vip,api', assignedToUserId: String(sim.me.id) });
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.match(reply.text, /^\d+$/);
      const id = reply.json as number;
      const { json } = await api(`ticket?id=${id}`);
      assert.equal(json.Subject, 'Webhook flood');
      assert.equal(json.Body, '<p>Too many <b>events</b></p>');
      assert.equal(json.Priority, 2);
      assert.equal(json.StatusID, 1);
      assert.equal(json.Status, 'New');
      assert.equal(json.CategoryID, 7290);
      assert.equal(json.AssignedToUserID, sim.me.id);
      assert.equal(json.UserID, sim.me.id);
      assert.deepEqual(json.Tags.map((t: Json) => t.Name), ['api', 'vip']);
      assert.equal(json.IssueDate, new Date(clock).toISOString().replace('.000Z', 'Z'));
      assert.equal((await api('Tickets?count=1')).json[0].IssueID, id, 'newest activity first');
      assert.deepEqual(sim.requests.at(-3)?.fields?.tags, 'api, vip,api');
    });

    it('validates a new ticket and creates nothing when refused', async () => {
      const before = sim.state.tickets.size;
      assertText(await post('ticket', { categoryId: '7277', body: 'x' }), 400, /'subject'/);
      assertText(await post('ticket', { subject: 'x', body: 'x' }), 400, /'categoryId'/);
      assertText(await post('ticket', { categoryId: '1', subject: 'x', body: 'x' }), 400, /no category with id 1/);
      assertText(await post('ticket', { categoryId: '7277', subject: 'x', body: 'x', priorityId: '3' }), 400, /priorityId/);
      assertText(await post('ticket', { categoryId: '7277', subject: 'x', body: 'x', assignedToUserId: '50001' }), 400, /not an active technician/);
      assertText(await post('ticket', { categoryId: '7277', subject: 'x', body: 'x', customFields: '{"9999":"x"}' }), 400, /custom field 9999/);
      assertText(await post('ticket', { categoryId: '7277', subject: 'x'.repeat(256), body: 'x' }), 400, /too long/);
      assert.equal(sim.state.tickets.size, before);
    });

    it('creates a ticket with files and custom fields from multipart parts', async () => {
      const png = [...sim.state.files.values()].find((f) => f.contentType === 'image/png');
      assert.ok(png);
      const reply = await postMultipart('ticket', { categoryId: '7277', subject: 'With files', body: 'See attached', priorityId: '0', customFields: '{"2911":"9102"}', userId: '50003' }, [
        { name: 'shot.png', type: 'image/png', data: new Uint8Array(png.data) },
        { name: 'notes.txt', type: 'text/plain', data: 'hello' },
      ]);
      assert.equal(reply.status, 200, reply.text);
      const detail = (await api(`ticket?id=${reply.json}`)).json;
      assert.equal(detail.UserID, 50003, 'on behalf of a customer');
      assert.deepEqual(detail.Attachments.map((a: Json) => [a.FileName, a.CommentID, a.FileSize]), [['shot.png', null, png.data.length], ['notes.txt', null, 5]]);
      const download = await api(`attachment?id=${detail.Attachments[1].FileID}`);
      assert.equal(download.text, 'hello');
      assert.equal(sim.state.tickets.get(reply.json)?.customFields.get(2911), '9102');
      const logged = sim.requests.find((entry) => entry.method === 'POST' && entry.files?.some((f) => f.filename === 'notes.txt'));
      assert.deepEqual(logged?.files?.map((f) => [f.field, f.filename, f.size]), [['uploadFile', 'shot.png', png.data.length], ['uploadFile', 'notes.txt', 5]]);
    });

    it('posts comments: public replies take a new ticket into work, tech-only notes do not', async () => {
      const ticket = tickets().find((t) => t.statusId === 1 && t.id !== JITBIT_HOSTILE_TICKET_ID);
      assert.ok(ticket);
      const note = await post('comment', { id: String(ticket.id), body: 'Checking logs', forTechsOnly: 'true' });
      assert.equal(note.status, 200, note.text);
      assert.equal(ticket.statusId, 1);
      assert.equal(ticket.updatedForTechView, true);
      const reply = await post('comment', { id: String(ticket.id), body: 'We are on it.', recipientIds: String(ticket.userId) });
      assert.equal(reply.status, 200, reply.text);
      assert.match(reply.text, /^\d+$/);
      assert.equal(ticket.statusId, 2);
      assert.equal(ticket.updatedByPerformer, true);
      assert.equal(ticket.updatedByUser, false);
      const comments = (await api(`comments?id=${ticket.id}`)).json as Json[];
      const last = comments.at(-1);
      assert.equal(last.CommentID, reply.json);
      assert.equal(last.Body, 'We are on it.');
      assert.equal(last.ForTechsOnly, false);
      assert.equal(last.UserID, sim.me.id);
      assert.equal(last.Recipients, String(ticket.userId));
      assert.equal(comments.at(-2).ForTechsOnly, true);
      assert.ok(!(await allTickets('mode=unanswered')).some((t) => t.IssueID === ticket.id));
    });

    it('attaches files posted with a comment to that comment', async () => {
      const ticket = tickets().find((t) => t.statusId === 4);
      assert.ok(ticket);
      const reply = await postMultipart('comment', { id: String(ticket.id), body: 'Log attached' }, [{ name: 'trace.log', type: 'text/plain', data: 'line 1\n' }]);
      assert.equal(reply.status, 200, reply.text);
      const detail = (await api(`ticket?id=${ticket.id}`)).json;
      const file = (detail.Attachments as Json[]).find((a) => a.FileName === 'trace.log');
      assert.equal(file?.CommentID, reply.json);
      assertText(await post('comment', { id: String(ticket.id) }), 400, /'body'/);
      assertText(await post('comment', { id: '999999', body: 'x' }), 404, /not found/);
      assertText(await post('comment', { id: String(ticket.id), body: 'x', fromUserId: String(ticket.userId) }, { auth: basic(sim.domainUsername, sim.domainPassword) }), 403, /administrator/);
    });

    it('updates a ticket (custom status, priority, unassign, tags) and all-or-nothing', async () => {
      const ticket = tickets().find((t) => t.statusId === 2 && t.assignedToUserId !== null && t.id !== JITBIT_BIG_THREAD_TICKET_ID);
      assert.ok(ticket);
      const before = { ...ticket, tags: [...ticket.tags] };
      assertText(await post('UpdateTicket', { id: String(ticket.id), statusId: '5', priority: '2' }), 400, /no status with id 5/);
      assert.deepEqual({ ...ticket, tags: [...ticket.tags] }, before, 'a refused update changes nothing');
      const reply = await post('UpdateTicket', { id: String(ticket.id), statusId: '4', priority: '2', assignedUserId: '0', tags: 'one,two', dueDate: '2025-07-01' });
      assert.equal(reply.status, 200, reply.text);
      const { json } = await api(`ticket?id=${ticket.id}`);
      assert.equal(json.StatusID, 4);
      assert.equal(json.Status, 'Waiting for customer');
      assert.equal(json.Priority, 2);
      assert.equal(json.AssignedToUserID, null);
      assert.equal(json.AssigneeUserInfo, null);
      assert.deepEqual(json.Tags.map((t: Json) => t.Name), ['one', 'two']);
      assert.equal(json.DueDate, '2025-07-01T00:00:00Z');
      const system = ((await api(`comments?id=${ticket.id}`)).json as Json[]).filter((c) => c.IsSystem).slice(-2).map((c) => c.Body);
      assert.deepEqual(system, ['Ticket unassigned', 'Status changed from "In progress" to "Waiting for customer"']);
      assertText(await post('UpdateTicket', { id: String(ticket.id), assignedUserId: '50001' }), 400, /technician/);
      assertText(await post('UpdateTicket', { priority: '1' }), 400, /'id'/);
      assertText(await post('UpdateTicket', { id: '999999' }), 404, /not found/);
    });

    it('closes a ticket', async () => {
      const ticket = tickets().find((t) => t.statusId === 7);
      assert.ok(ticket);
      const reply = await api(`Close?id=${ticket.id}&suppressNotification=true`, { method: 'POST' });
      assert.equal(reply.status, 200, reply.text);
      const { json } = await api(`ticket?id=${ticket.id}`);
      assert.equal(json.StatusID, 3);
      assert.match(json.ResolvedDate, ISO_DATE);
      assert.ok(!(await allTickets('mode=unclosed')).some((t) => t.IssueID === ticket.id));
      assert.equal((await api(`Close?id=${ticket.id}`, { method: 'POST' })).status, 200, 'closing twice is fine');
    });

    it('attaches files to a ticket with AttachFile and refuses files over the limit', async () => {
      const ticket = tickets()[10];
      assert.ok(ticket);
      const reply = await postMultipart('AttachFile', { id: String(ticket.id) }, [{ name: 'report.csv', type: 'text/csv', data: 'a,b\n1,2\n' }]);
      assert.equal(reply.status, 200, reply.text);
      const file = ((await api(`ticket?id=${ticket.id}`)).json.Attachments as Json[]).find((a) => a.FileName === 'report.csv');
      assert.equal(file?.CommentID, null);
      const limit = sim.state.limits.maxUploadBytes;
      sim.state.limits.maxUploadBytes = 1024;
      try {
        assertText(await postMultipart('AttachFile', { id: String(ticket.id) }, [{ name: 'big.bin', type: 'application/octet-stream', data: new Uint8Array(4096) }]), 413, /larger than/);
      } finally {
        sim.state.limits.maxUploadBytes = limit;
      }
    });
  });

  describe('lists, search and stats', () => {
    it('serves categories, techs, custom fields and canned replies', async () => {
      const categories = (await api('categories')).json as Json[];
      assert.ok(categories.length >= 5);
      for (const key of ['CategoryID', 'Name', 'SectionID', 'Section', 'NameWithSection', 'ForTechsOnly', 'FromAddress']) assert.ok(key in categories[0], key);
      assert.ok(categories.some((c) => c.NameWithSection === 'Technical \\ API & integrations'));
      assert.ok(categories.some((c) => c.ForTechsOnly === true));
      const techs = (await api('TechsForCategory?id=7290')).json as Json[];
      assert.ok(techs.some((t) => t.UserID === sim.me.id) && techs.some((t) => t.Username === sim.domainUsername));
      assert.ok(techs.every((t) => Number.isInteger(t.TicketsAssigned) && typeof t.FullName === 'string'));
      assertText(await api('TechsForCategory?id=1'), 404, /Category 1/);
      const fields = (await api('CustomFieldsForCategory?categoryId=7290')).json as Json[];
      assert.ok(fields.some((f) => f.FieldID === 2911 && Array.isArray(f.SelectionComboOptions)));
      assert.ok(!fields.some((f) => f.FieldID === 2917), 'billing-only field');
      const templates = (await api('CommentTemplates')).json as Json[];
      assert.ok(templates.length > 0 && templates.every((t) => Number.isInteger(t.TemplateId) && t.Name && t.Body));
    });

    it('pages users and finds one by email', async () => {
      const firstPage = (await api('Users?count=50')).json as Json[];
      const secondPage = (await api('Users?count=50&page=2')).json as Json[];
      assert.equal(firstPage.length, 50);
      assert.notEqual(firstPage[0].UserID, secondPage[0].UserID);
      const techs = (await api('Users?listMode=techs')).json as Json[];
      assert.ok(techs.length >= 8 && !techs.some((u) => u.Disabled));
      assert.ok(((await api('Users?listMode=disabled')).json as Json[]).every((u) => u.Disabled));
      const found = await api(`UserByEmail?email=${encodeURIComponent(sim.me.email.toUpperCase())}`);
      assert.equal(found.json.UserID, sim.me.id);
      assert.equal(found.json.Password, null);
      assertText(await api('UserByEmail?email=nobody@example.com'), 404, /No user/);
    });

    it('searches subjects, bodies and comments', async () => {
      const found = (await api('Search?query=INVOICE')).json as Json[];
      assert.ok(found.length > 0);
      for (const item of found.slice(0, 20)) {
        const ticket = sim.state.tickets.get(item.IssueID);
        const comments = (sim.state.ticketComments.get(item.IssueID) ?? []).map((id) => sim.state.comments.get(id)?.body ?? '');
        assert.ok([ticket?.subject ?? '', ticket?.body ?? '', ...comments].some((text) => /invoice/i.test(text)));
      }
      const filtered = (await api('Search?query=invoice&statusId=3')).json as Json[];
      assert.ok(filtered.every((t) => t.StatusID === 3));
      assertText(await api('Search'), 400, /'query'/);
    });

    it('counts like the modes do', async () => {
      const stats = (await api('Stats')).json;
      assert.deepEqual(Object.keys(stats), ['TotalTickets', 'Closed', 'InProcess', 'NewTickets', 'Unanswered', 'Unassigned', 'Unclosed', 'HandledByMe']);
      assert.equal(stats.TotalTickets, sim.state.tickets.size);
      assert.equal(stats.Unclosed, (await allTickets('mode=unclosed')).length);
      assert.equal(stats.Unanswered, (await allTickets('mode=unanswered')).length);
      assert.equal(stats.HandledByMe, (await allTickets('mode=handledbyme')).length);
      const mine = (await api('Stats?forCurrentUser=true')).json;
      assert.deepEqual(Object.keys(mine), ['NewTickets', 'Unanswered', 'Unassigned', 'Unclosed', 'HandledByMe', 'SubmittedByMe', 'InProcess']);
    });
  });

  describe('faults', () => {
    it('fails with 429 in plain text, with and without Retry-After, then recovers', async () => {
      sim.faults.failNext = { status: 429, times: 2, headers: { 'Retry-After': '7' } };
      for (let i = 0; i < 2; i++) {
        const reply = await api('Tickets');
        assertText(reply, 429, /rate limited/);
        assert.equal(reply.headers.get('retry-after'), '7');
      }
      sim.faults.failNext = { status: 429 };
      const bare = await api('Tickets');
      assert.equal(bare.status, 429);
      assert.equal(bare.headers.get('retry-after'), null);
      assert.equal((await api('Tickets')).status, 200);
    });

    it('serves an HTML login page with 200, or a 502 gateway page', async () => {
      sim.faults.htmlErrorPage = true;
      const login = await api('Tickets');
      assert.equal(login.status, 200);
      assert.match(login.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(login.text, /<form[^>]*\/helpdesk\/User\/Login/);
      sim.faults.htmlErrorStatus = 502;
      assert.equal((await api('Tickets')).status, 502);
    });

    it('resets, truncates, delays, and applies only where `only` says', async () => {
      sim.faults.resetConnection = 1;
      await assert.rejects(api('Tickets'));
      assert.equal(sim.requests.at(-1)?.fault, 'resetConnection');
      sim.faults.truncateBody = 1;
      const cut = await api('Tickets?count=20');
      assert.equal(cut.status, 200);
      assert.throws(() => JSON.parse(cut.text));
      assert.ok(cut.text.startsWith('[{"IssueID":'));
      sim.faults.truncateBody = 1;
      sim.faults.truncateMode = 'abort';
      const response = await fetch(`${sim.url}/api/Tickets?count=20`, { headers: { Authorization: me() } });
      await assert.rejects(response.text());
      sim.faults.truncateMode = 'clean';
      sim.faults.latencyMs = 120;
      const started = Date.now();
      assert.equal((await api('Authorization')).status, 200);
      assert.ok(Date.now() - started >= 100, 'the injected delay is waited out');
      sim.faults.latencyMs = 0;
      sim.faults.only = (method, path) => method === 'POST' && path.toLowerCase().endsWith('/api/comment');
      sim.faults.failNext = { status: 500 };
      assert.equal((await api('Tickets')).status, 200);
      assertText(await post('comment', { id: '4101', body: 'x' }), 500, /error/);
    });
  });

  describe('hostile content and the seed', () => {
    it('carries script payloads in the hostile ticket and counts beacon hits', async () => {
      const { json } = await api(`ticket?id=${JITBIT_HOSTILE_TICKET_ID}`);
      assert.match(json.Subject, /onerror=/);
      assert.match(json.SubmitterUserInfo.FirstName, /onerror=/);
      assert.match(json.SubmitterUserInfo.LastName, /<script>/);
      assert.match(json.SubmitterUserInfo.CompanyName, /onmouseover/);
      for (const payload of ['<script>', 'onerror=', 'javascript:', '<svg onload', `${new URL(sim.url).origin}/__beacon`]) assert.ok(json.Body.includes(payload), payload);
      assert.ok((json.Attachments as Json[]).some((a) => /onerror/.test(a.FileName)));
      assert.ok((json.Tags as Json[]).some((t) => /onload/.test(t.Name)));
      const comments = (await api(`comments?id=${JITBIT_HOSTILE_TICKET_ID}`)).json as Json[];
      assert.ok(comments.some((c) => /\[url=javascript:/.test(c.Body)));
      assert.ok(comments.some((c) => /\[img\][^[]*__beacon/.test(c.Body)));
      // The whole corpus, in the forms Jitbit stores (HTML, BBCode, plain text); a custom status and canned replies with vectors.
      assert.deepEqual(missingVectors(sim.state.origin, ['html', 'bbcode', 'text'], [json.Body, ...comments.map((c) => c.Body as string)]), []);
      assert.match(json.Status, /__beacon/);
      assert.ok(sim.state.commentTemplates.some((t) => t.name.includes('__beacon') && t.body.includes('__beacon')));
      const list = (await allTickets('')).find((t) => t.IssueID === JITBIT_HOSTILE_TICKET_ID);
      assert.match(list?.UserName ?? '', /onerror/);
      const before = sim.beaconHits;
      await fetch(`${new URL(sim.url).origin}/__beacon?src=test`);
      assert.equal(sim.beaconHits, before + 1);
    });

    it('has realistic volume and content', () => {
      // Earlier tests created tickets "now", after the seed's epoch.
      const all = tickets().filter((t) => t.issueDate < JITBIT_SEED_EPOCH);
      assert.equal(all.length, 800);
      // The hostile ticket alone is in a custom status with a script in its name.
      const hostileStatus = sim.state.tickets.get(JITBIT_HOSTILE_TICKET_ID)?.statusId;
      assert.match(sim.state.statuses.get(hostileStatus ?? 0)?.name ?? '', /__beacon/);
      assert.deepEqual([...new Set(all.filter((t) => t.id !== JITBIT_HOSTILE_TICKET_ID).map((t) => t.statusId))].sort(), [1, 2, 3, 4, 7]);
      assert.deepEqual([...new Set(all.map((t) => t.bodyFormat))].sort(), ['bbcode', 'html', 'text']);
      const ids = all.map((t) => t.id).sort((a, b) => a - b);
      assert.ok(ids.some((id, i) => i > 0 && id - (ids[i - 1] as number) > 1), 'ids have holes');
      const open = all.filter((t) => t.statusId !== 3);
      const unassigned = open.filter((t) => t.assignedToUserId === null).length / open.length;
      assert.ok(unassigned > 0.05 && unassigned < 0.5, `unassigned ${unassigned}`);
      const comments = [...sim.state.comments.values()];
      assert.ok(comments.some((c) => c.forTechsOnly) && comments.some((c) => c.isSystem));
      assert.ok(comments.some((c) => c.body.includes('<blockquote')));
      assert.ok(all.some((t) => t.body.includes('[list]')) && all.some((t) => t.body.includes('[url=')));
      assert.ok(all.some((t) => t.body.includes(`${sim.url}/File/Get?id=`)), 'inline screenshots point at the web file URL');
      const files = [...sim.state.files.values()];
      assert.ok(files.some((f) => f.contentType === 'image/png' && f.data.subarray(1, 4).toString() === 'PNG'));
      assert.ok(files.some((f) => f.forTechsOnly));
      assert.ok(files.some((f) => f.commentId === null) && files.some((f) => f.commentId !== null));
      assert.ok([...sim.state.users.values()].every((u) => /@([a-z0-9-]+\.)*example(\.(com|org|net))?$/.test(u.email)));
      assert.ok(sim.state.generatedInMs >= 0);
    });

    it('is the same for the same seed and differs for another', async () => {
      function snapshot(state: JitbitState): string {
        return JSON.stringify({
          // Passwords and tokens are new on every start; everything else is the seed's.
          users: [...state.users.values()].map(({ password: _password, token: _token, ...user }) => user),
          tickets: [...state.tickets.values()].map((t) => ({ ...t, customFields: [...t.customFields] })),
          comments: [...state.comments.values()],
          files: [...state.files.values()].map((f) => ({ ...f, data: f.data.toString('base64') })),
          tags: [...state.tags.values()],
        });
      }
      const a = await startJitbitSimulator({ seed: 7, ticketCount: 120 });
      const first = { snapshot: snapshot(a.state), url: a.url, password: a.password };
      assert.equal(a.state.tickets.size, 120);
      for (const id of [JITBIT_BIG_THREAD_TICKET_ID, JITBIT_HOSTILE_TICKET_ID, JITBIT_BROKEN_BBCODE_TICKET_ID]) assert.ok(a.state.tickets.has(id), `special ticket ${id} kept`);
      await a.close();
      // URLs in the data carry the origin, so the second run reuses the first one's port.
      const b = await startJitbitSimulator({ seed: 7, ticketCount: 120, port: Number(new URL(first.url).port) });
      const c = await startJitbitSimulator({ seed: 8, ticketCount: 120 });
      try {
        assert.equal(b.url, first.url);
        assert.ok(snapshot(b.state) === first.snapshot, 'same seed, same data');
        assert.notEqual(b.password, first.password, 'passwords are new on every start');
        assert.notEqual(snapshot(c.state).split(new URL(c.url).origin).join(new URL(b.url).origin), first.snapshot);
      } finally {
        await Promise.all([b.close(), c.close()]);
      }
    });

    it('logs requests with fields, files and the client IP', async () => {
      await post('UpdateTicket', { id: '4101', timeSpentInSeconds: '60' }, { ip: '192.0.2.99' });
      assert.deepEqual(sim.requests.at(-1), {
        method: 'POST',
        path: '/helpdesk/api/UpdateTicket',
        query: '',
        status: 200,
        authorized: true,
        clientIp: '192.0.2.99',
        fields: { id: '4101', timeSpentInSeconds: '60' },
      });
    });
  });
});

describe('sandbox: startSandbox with Jitbit', () => {
  it('starts DeskPRO and Jitbit together, each reachable with its credentials, and closes both', async () => {
    const sandbox = await startSandbox();
    let jitbitUrl = '';
    try {
      const jitbit = sandbox.instances.find((i) => i.config.id === 'sandbox-jitbit');
      assert.ok(jitbit);
      assert.deepEqual({ ...jitbit.config, baseUrl: undefined }, { id: 'sandbox-jitbit', label: 'Sandbox · Jitbit', type: 'jitbit', baseUrl: undefined });
      assert.match(jitbit.config.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/helpdesk$/);
      jitbitUrl = jitbit.config.baseUrl;
      const reply = await fetch(`${jitbit.config.baseUrl}/api/Authorization`, { headers: { Authorization: basic(jitbit.credentials.username ?? '', jitbit.credentials.secret) } });
      assert.equal(reply.status, 200);
      assert.ok(sandbox.instances.some((i) => i.config.id === 'sandbox-deskpro'));
    } finally {
      await sandbox.close();
    }
    await assert.rejects(fetch(`${jitbitUrl}/api/Authorization`));
  });
});
