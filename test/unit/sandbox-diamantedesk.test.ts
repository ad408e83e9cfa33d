// The DiamanteDesk simulator over real loopback HTTP: both WSSE guards (digest, nonce,
// Created window, field order, the 401 forms), the server clock switch, routing before
// auth, paging headers and X-Total, filters and sort, create / update / comment
// semantics as the real server has them, attachments and downloads, formats, faults,
// hostile content and the seed. The WSSE header is built here independently of the
// simulator's code.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { clearFaults } from '../../src/sandbox/faults';
import { BIG_THREAD_COMMENT_COUNT, BIG_THREAD_TICKET_ID, HOSTILE_TICKET_ID, SEED_EPOCH } from '../../src/sandbox/diamantedesk/data';
import { startDiamantedeskSimulator, type DiamantedeskSimulator } from '../../src/sandbox/diamantedesk/server';
import { moveTicket } from '../../src/sandbox/diamantedesk/state';
import { missingVectors } from '../support/hostile-corpus';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Token {
  username: string;
  secret: string;
  /** Default: the simulator's clock, to the second. */
  created?: string;
  nonce?: Buffer;
  /** Override the digest (a wrong one). */
  digest?: string;
  /** Field order and separators; default the canonical ones. */
  layout?: 'canonical' | 'shuffled';
}

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: Json;
}

/** ISO 8601 in UTC without fractions, like `date('c')` on a UTC server. */
function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}

function wsseHeader(token: Token, created: string): { header: string; nonce: string } {
  const nonceBytes = token.nonce ?? randomBytes(16);
  const nonce = nonceBytes.toString('base64');
  const digest = token.digest ?? createHash('sha1').update(Buffer.concat([nonceBytes, Buffer.from(created, 'utf8'), Buffer.from(token.secret, 'utf8')])).digest('base64');
  const fields = [`Username="${token.username}"`, `PasswordDigest="${digest}"`, `Nonce="${nonce}"`, `Created="${created}"`];
  const header = token.layout === 'shuffled' ? `UsernameToken Created="${created}",Nonce="${nonce}" ,  PasswordDigest="${digest}",Username="${token.username}"` : `UsernameToken ${fields.join(', ')}`;
  return { header, nonce };
}

describe('sandbox: DiamanteDesk simulator', function () {
  let sim: DiamantedeskSimulator;
  let clock = SEED_EPOCH + 86_400_000;
  const OK = '/api/rest/latest/desk';
  const DIAMANTE = '/api/diamante/rest/latest/desk';

  before(async () => {
    sim = await startDiamantedeskSimulator({ now: () => clock });
  });
  after(async () => {
    await sim.close();
  });
  afterEach(() => {
    clearFaults(sim.faults);
    sim.clockSkewMs = 0;
  });

  const me = (): Token => ({ username: sim.username, secret: sim.apiKey });
  const customer = (): Token => ({ username: sim.customer.email, secret: sim.customer.apiKey });

  async function call(path: string, init: { method?: string; body?: unknown; rawBody?: string; token?: Token | null; header?: string; contentType?: string } = {}): Promise<Reply> {
    const headers = new Headers();
    const token = init.token === undefined ? me() : init.token;
    if (init.header !== undefined) headers.set('X-WSSE', init.header);
    else if (token) headers.set('X-WSSE', wsseHeader(token, token.created ?? iso(clock + sim.clockSkewMs)).header);
    let body: string | undefined = init.rawBody;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers.set('Content-Type', 'application/json');
    }
    if (init.contentType) headers.set('Content-Type', init.contentType);
    const response = await fetch(`${sim.url}${path}`, { method: init.method ?? 'GET', headers, body });
    const text = await response.text();
    let json: Json;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  const lastEntry = () => sim.requests[sim.requests.length - 1];

  function links(reply: Reply): Record<string, string> {
    const out: Record<string, string> = {};
    for (const part of (reply.headers.get('link') ?? '').split(', ')) {
      const match = /^<([^>]+)>; rel="(\w+)"$/.exec(part);
      if (match) out[match[2] as string] = match[1] as string;
    }
    return out;
  }

  describe('WSSE on /api/rest (Oro firewall, Escape bundle)', () => {
    it('accepts a good digest, without the Authorization header, and by email too', async () => {
      const reply = await call(`${OK}/branches`);
      assert.equal(reply.status, 200, reply.text);
      assert.equal(lastEntry()?.caller, sim.username);
      assert.equal(lastEntry()?.wsse?.username, sim.username);
      const byEmail = await call(`${OK}/branches`, { token: { username: sim.me.email, secret: sim.apiKey } });
      assert.equal(byEmail.status, 200);
    });

    it('answers a wrong digest, a missing header and an unknown user with an empty 401 and the WSSE challenge', async () => {
      for (const init of [{ token: { ...me(), digest: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' } }, { token: null }, { token: { username: 'nobody', secret: 'x' } }, { header: 'garbage' }]) {
        const reply = await call(`${OK}/tickets/1`, init);
        assert.equal(reply.status, 401);
        assert.equal(reply.text, '');
        assert.equal(reply.headers.get('www-authenticate'), 'WSSE realm="Secured API", profile="UsernameToken"');
        assert.equal(reply.headers.get('content-length'), '0');
      }
    });

    it('burns a nonce even when the digest was wrong, and refuses any reused nonce', async () => {
      const nonce = randomBytes(16);
      const bad = await call(`${OK}/branches`, { token: { ...me(), nonce, digest: 'd3Jvbmc=' } });
      assert.equal(bad.status, 401);
      assert.equal(lastEntry()?.authFailure, 'WSSE authentication failed.');
      const retry = await call(`${OK}/branches`, { token: { ...me(), nonce } });
      assert.equal(retry.status, 401);
      assert.equal(lastEntry()?.authFailure, 'Previously used nonce detected.');

      const fresh = randomBytes(16);
      assert.equal((await call(`${OK}/branches`, { token: { ...me(), nonce: fresh } })).status, 200);
      assert.equal((await call(`${OK}/branches`, { token: { ...me(), nonce: fresh } })).status, 401);
    });

    it('refuses Created one second ahead of the server, and older than 3600 s', async () => {
      const future = await call(`${OK}/branches`, { token: { ...me(), created: iso(clock + 1000) } });
      assert.equal(future.status, 401);
      assert.equal(lastEntry()?.authFailure, 'Future token detected.');
      assert.equal((await call(`${OK}/branches`, { token: { ...me(), created: iso(clock - 3600_000) } })).status, 200);
      const old = await call(`${OK}/branches`, { token: { ...me(), created: iso(clock - 3601_000) } });
      assert.equal(old.status, 401);
      assert.equal(lastEntry()?.authFailure, 'Token has expired.');
      const malformed = await call(`${OK}/branches`, { token: { ...me(), created: 'yesterday' } });
      assert.equal(malformed.status, 401);
      assert.equal(lastEntry()?.authFailure, 'Incorrectly formatted "created" in token.');
    });

    it('reads the fields in any order and with any separators', async () => {
      const reply = await call(`${OK}/branches`, { token: { ...me(), layout: 'shuffled' } });
      assert.equal(reply.status, 200, reply.text);
    });
  });

  describe("WSSE on /api/diamante/rest (DiamanteDesk's own guard)", () => {
    it('authenticates a customer API user and answers its current user', async () => {
      const reply = await call(`${DIAMANTE}/users/current`, { token: customer() });
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.json.email, sim.customer.email);
      assert.equal((await call(`${OK}/users/current`)).status, 404, 'no current user on /api/rest');
    });

    it('needs the canonical field order, and answers failures with a message body', async () => {
      const shuffled = await call(`${DIAMANTE}/tickets`, { token: { ...customer(), layout: 'shuffled' } });
      assert.equal(shuffled.status, 401);
      assert.deepEqual(shuffled.json, { code: 401, message: 'Unauthorized' });
      const wrong = await call(`${DIAMANTE}/tickets`, { token: { ...customer(), digest: 'bm9wZQ==' } });
      assert.equal(wrong.status, 401);
      assert.deepEqual(wrong.json, { message: ' Incorrect email or password.' });
      const unknown = await call(`${DIAMANTE}/tickets`, { token: { username: 'who@example.org', secret: 'x' } });
      assert.deepEqual(unknown.json, { message: 'User "who@example.org" does not exist.' });
      const agent = await call(`${DIAMANTE}/tickets`);
      assert.equal(agent.status, 401, 'agents are not API users');
    });

    it('allows Created up to 300 s either way', async () => {
      assert.equal((await call(`${DIAMANTE}/users/current`, { token: { ...customer(), created: iso(clock + 300_000) } })).status, 200);
      const ahead = await call(`${DIAMANTE}/users/current`, { token: { ...customer(), created: iso(clock + 301_000) } });
      assert.deepEqual(ahead.json, { message: 'Future token detected.' });
      const behind = await call(`${DIAMANTE}/users/current`, { token: { ...customer(), created: iso(clock - 301_000) } });
      assert.deepEqual(behind.json, { message: 'Token has expired.' });
    });

    it('shares the nonce store with /api/rest', async () => {
      const nonce = randomBytes(16);
      assert.equal((await call(`${OK}/branches`, { token: { ...me(), nonce } })).status, 200);
      const reply = await call(`${DIAMANTE}/users/current`, { token: { ...customer(), nonce } });
      assert.deepEqual(reply.json, { message: 'Previously used nonce detected.' });
    });

    it('shows a customer only its own tickets, without private comments, and XML on request', async () => {
      const list = await call(`${DIAMANTE}/tickets?limit=100`, { token: customer() });
      assert.equal(list.status, 200);
      assert.ok(list.json.length > 0);
      for (const t of list.json) assert.equal(t.reporter, sim.customer.typedId);
      const withPrivate = [...sim.state.comments.values()].find((c) => c.private && sim.state.tickets.get(c.ticketId)?.reporter === sim.customer.typedId);
      assert.ok(withPrivate, 'seed: a ticket of the credential customer has a private note');
      const detail = await call(`${DIAMANTE}/tickets/${withPrivate.ticketId}`, { token: customer() });
      assert.ok(detail.json.comments.every((c: Json) => c.private === false));
      const xml = await call(`${DIAMANTE}/tickets/${withPrivate.ticketId}.xml`, { token: customer() });
      assert.match(xml.headers.get('content-type') ?? '', /^text\/xml/);
      assert.match(xml.text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<result>/);
      const jsonAnyway = await call(`${OK}/tickets/${withPrivate.ticketId}.xml`);
      assert.equal(jsonAnyway.headers.get('content-type'), 'application/json', 'the /api/rest format listener forces JSON');
    });
  });

  describe('the server clock', () => {
    it('sends its own time in Date and judges Created by it', async () => {
      sim.clockSkewMs = -120_000;
      const realTime = await call(`${OK}/branches`, { token: { ...me(), created: iso(clock) } });
      assert.equal(realTime.status, 401, 'two minutes ahead of the server');
      assert.equal(lastEntry()?.authFailure, 'Future token detected.');
      const serverDate = Date.parse(realTime.headers.get('date') ?? '');
      assert.equal(serverDate, Math.floor((clock - 120_000) / 1000) * 1000);
      assert.equal((await call(`${OK}/branches`, { token: { ...me(), created: iso(serverDate) } })).status, 200);
    });
  });

  describe('routing and errors', () => {
    it('answers 404 and 405 before asking for credentials, as FOSRest renders them', async () => {
      const missing = await call(`${OK}/nothing-here`, { token: null });
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.json, { code: 404, message: 'Not Found' });
      const verb = await call(`${OK}/tickets/1`, { method: 'POST', token: null });
      assert.equal(verb.status, 405);
      assert.equal(verb.headers.get('allow'), 'GET, DELETE, PUT, PATCH');
      assert.deepEqual(verb.json, { code: 405, message: 'Method Not Allowed' });
      assert.equal((await call('/api/rest/v1/desk/branches')).status, 200, 'v1 is the same API');
      assert.equal((await call(`${OK}/branches.json`)).status, 200);
      assert.equal((await call(`${OK}/branches/`)).status, 404, 'no trailing slash');
    });

    it('refuses unreadable JSON with 400 before authentication', async () => {
      const reply = await call(`${OK}/tickets`, { method: 'POST', rawBody: '{"subject":', contentType: 'application/json', token: null });
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.json, { code: 400, message: 'Bad Request' });
    });

    it('answers 403 to an agent without edit permission, 404 with the product messages', async () => {
      const restricted = { username: sim.restricted.username, secret: sim.restricted.apiKey };
      assert.equal((await call(`${OK}/tickets/1`, { token: restricted })).status, 200);
      const write = await call(`${OK}/tickets/1`, { method: 'PATCH', body: { subject: 'x' }, token: restricted });
      assert.equal(write.status, 403);
      assert.deepEqual(write.json, { error: 'Not enough permissions.' });
      assert.deepEqual((await call(`${OK}/tickets/999999`)).json, { error: 'Ticket loading failed, ticket not found.' });
      assert.deepEqual((await call(`${OK}/comments/999999`)).json, { error: '' });
      assert.deepEqual((await call(`${OK}/branches/99`)).json, { error: '' });
    });

    it('sends the back office to the login page', async () => {
      const response = await fetch(`${sim.url}/`, { redirect: 'manual' });
      assert.equal(response.status, 302);
      assert.equal(response.headers.get('location'), `${sim.url}/user/login`);
    });
  });

  describe('lists: paging headers, filters, sort', () => {
    it('pages the big thread with Link rels first/last/next/previous as the server writes them', async () => {
      const base = `${OK}/comments?ticket=${BIG_THREAD_TICKET_ID}`;
      const first = await call(`${base}&limit=25`);
      assert.equal(first.headers.get('x-total'), String(BIG_THREAD_COMMENT_COUNT));
      assert.equal(first.json.length, 25);
      assert.deepEqual(Object.keys(links(first)), ['last', 'next']);
      assert.equal(links(first).next, `${sim.url}${OK}/comments?limit=25&page=2`, 'filters are not kept in the links');
      const middle = await call(`${base}&limit=25&page=4`);
      assert.deepEqual(Object.keys(links(middle)), ['first', 'last', 'next', 'previous']);
      assert.equal(links(middle).last, `${sim.url}${OK}/comments?page=8&limit=25`);
      const last = await call(`${base}&limit=25&page=8`);
      assert.deepEqual(Object.keys(links(last)), ['first', 'previous']);
      assert.equal(last.json.length, 25);
      const beyond = await call(`${base}&limit=25&page=9`);
      assert.deepEqual(beyond.json, []);
      const ids = [first, middle].flatMap((r) => r.json.map((c: Json) => c.id));
      assert.equal(new Set(ids).size, ids.length);
    });

    it('defaults to 25 per page with no upper limit, and a single page has only `last`', async () => {
      assert.equal((await call(`${OK}/tickets`)).json.length, 25);
      assert.equal((await call(`${OK}/tickets?limit=1000`)).json.length, sim.state.tickets.size);
      const branches = await call(`${OK}/branches`);
      assert.deepEqual(Object.keys(links(branches)), ['last']);
      const none = await call(`${OK}/comments?ticket=999999`);
      assert.equal(none.headers.get('link'), '');
      assert.deepEqual(none.json, []);
    });

    it('counts X-Total of tickets over a self-join, as the released code does', async () => {
      const n = sim.state.tickets.size;
      const all = await call(`${OK}/tickets`);
      assert.equal(all.headers.get('x-total'), String(n * n));
      const open = [...sim.state.tickets.values()].filter((t) => t.status === 'open').length;
      assert.equal((await call(`${OK}/tickets?status=open`)).headers.get('x-total'), String(n * open));
      const other = await startDiamantedeskSimulator({ ticketTotal: 'any-filter', ticketCount: 40 });
      try {
        const reply = await fetch(`${other.url}${OK}/tickets`, { headers: { 'X-WSSE': wsseHeader({ username: other.username, secret: other.apiKey }, iso(Date.now())).header } });
        assert.equal(reply.headers.get('x-total'), String(other.state.tickets.size));
      } finally {
        await other.close();
      }
    });

    it('filters by status, assignee, reporter, branch, subject substring and dates; `key` breaks the query', async () => {
      const tickets = [...sim.state.tickets.values()];
      const open = await call(`${OK}/tickets?status=open&limit=1000`);
      assert.equal(open.json.length, tickets.filter((t) => t.status === 'open').length);
      assert.ok(open.json.every((t: Json) => t.status === 'open'));
      assert.deepEqual((await call(`${OK}/tickets?status=pen&limit=5`)).json, [], 'status is compared with =, not LIKE');
      const mine = await call(`${OK}/tickets?assignee=${sim.me.id}&limit=1000`);
      assert.ok(mine.json.length > 5);
      assert.ok(mine.json.every((t: Json) => t.assignee === sim.me.id));
      const reporter = await call(`${OK}/tickets?reporter=${sim.customer.typedId}&limit=1000`);
      assert.ok(reporter.json.length > 0 && reporter.json.every((t: Json) => t.reporter === sim.customer.typedId));
      const branch = await call(`${OK}/tickets?branch=4&limit=1000`);
      assert.ok(branch.json.every((t: Json) => t.branch === 4));
      const word = await call(`${OK}/tickets?subject=invoice&limit=1000`);
      assert.ok(word.json.length > 0 && word.json.every((t: Json) => /invoice/i.test(t.subject)));
      const since = '2025-05-01 00:00:00';
      const recent = await call(`${OK}/tickets?createdAfter=${encodeURIComponent(since)}&limit=1000`);
      assert.equal(recent.json.length, tickets.filter((t) => t.createdAt >= Date.parse('2025-05-01T00:00:00Z')).length);
      const key = await call(`${OK}/tickets?key=BRANCHA-1`);
      assert.equal(key.text, 'null');
      assert.equal(key.headers.get('x-total'), '0');
      const unassigned = await call(`${OK}/tickets?assignee=0`);
      assert.equal(unassigned.headers.get('x-total'), String(tickets.length ** 2), 'assignee=0 is no filter: unassigned cannot be asked for');
    });

    it('answers 200 with body null for an unknown sort property, and sorts by a known one', async () => {
      const reply = await call(`${OK}/tickets?sort=created_at`);
      assert.equal(reply.status, 200);
      assert.equal(reply.text, 'null');
      assert.ok(Number(reply.headers.get('x-total')) > 0, 'the count query ignores sort');
      const sorted = await call(`${OK}/tickets?sort=createdAt&order=desc&limit=10`);
      const dates = sorted.json.map((t: Json) => t.created_at);
      assert.deepEqual(dates, [...dates].sort().reverse());
      assert.equal((await call(`${OK}/tickets?order=sideways`)).text, 'null');
    });

    it('leaves null fields out and the detail-only fields out of lists', async () => {
      const list = await call(`${OK}/tickets?limit=200`);
      const unassigned = list.json.find((t: Json) => !('assignee' in t));
      assert.ok(unassigned, 'some tickets are unassigned');
      assert.equal(unassigned.description, undefined);
      assert.equal(unassigned.comments, undefined);
      assert.match(unassigned.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
      assert.match(unassigned.key, /^BRANCH[ABC]-\d+$/);
      assert.deepEqual(Object.keys(unassigned), [...Object.keys(unassigned)].sort((a, b) => (a === 'status' && b === 'status_updated_since' ? 1 : a === 'status_updated_since' && b === 'status' ? -1 : a < b ? -1 : 1)));
    });
  });

  describe('tickets', () => {
    it('finds a ticket by key (any case, leading zeros) and its assignee', async () => {
      const ticket = sim.state.tickets.get(5);
      assert.ok(ticket);
      const key = (await call(`${OK}/tickets/5`)).json.key as string;
      const byKey = await call(`${OK}/tickets/${key}`);
      assert.equal(byKey.json.id, 5);
      assert.equal((await call(`${OK}/tickets/${key.toLowerCase()}`)).json.id, 5);
      assert.equal((await call(`${OK}/tickets/${key.replace('-', '-00')}`)).json.id, 5);
      assert.deepEqual((await call(`${OK}/tickets/NOPE-1`)).json, { error: 'Ticket loading failed, ticket not found.' });
      const unassigned = [...sim.state.tickets.values()].find((t) => t.assigneeId === null);
      assert.deepEqual((await call(`${OK}/ticket/${unassigned?.id}/assignee`)).json, []);
      const assigned = await call(`${OK}/ticket/${BIG_THREAD_TICKET_ID}/assignee`);
      assert.deepEqual(assigned.json, { email: sim.me.email, id: sim.me.typedId, name: sim.me.name });
    });

    it('answers an old key of a moved ticket with 301 and X-Location on the customer prefix; delete by it takes the ticket', async () => {
      const ticket = [...sim.state.tickets.values()].find((t) => t.branchId === 2 && t.status === 'closed')!;
      const oldKey = `BRANCHB-${ticket.sequenceNumber}`;
      moveTicket(sim.state, ticket, sim.state.branches.get(1)!);
      const newKey = `BRANCHA-${ticket.sequenceNumber}`;
      const moved = await call(`${OK}/tickets/${oldKey.toLowerCase()}`);
      assert.equal(moved.status, 301);
      assert.equal(moved.text, '');
      assert.equal(moved.headers.get('x-location'), `/api/diamante/rest/latest/desk/tickets/${newKey}`);
      assert.equal(moved.headers.get('location'), null);
      const before = ticket.priority;
      const other = before === 'low' ? 'high' : 'low';
      assert.equal((await call(`${OK}/tickets/${oldKey}`, { method: 'PATCH', body: { priority: other } })).status, 301);
      assert.equal(ticket.priority, before, 'refused before anything changed');
      assert.equal((await call(`${OK}/tickets/${newKey}`)).json.id, ticket.id);
      assert.equal((await call(`${OK}/tickets/${oldKey}`, { method: 'DELETE' })).status, 204);
      assert.equal(sim.state.tickets.has(ticket.id), false);
    });

    it('names every missing field in a 500, not 400; a missing subject passes as ""', async () => {
      const reply = await call(`${OK}/tickets`, { method: 'POST', body: {} });
      assert.equal(reply.status, 500);
      const error = reply.json.error as string;
      for (const field of ['description', 'status', 'reporter', 'priority', 'source']) assert.match(error, new RegExp(`CreateTicketCommand\\)\\.${field}:\\n {4}`), field);
      assert.doesNotMatch(error, /\.subject:/);
      assert.doesNotMatch(error, /\.branch:/);
      const badStatus = await call(`${OK}/tickets`, { method: 'POST', body: { description: 'd', status: 'Open', priority: 'low', source: 'web', reporter: sim.me.typedId } });
      assert.deepEqual(badStatus.json, { error: 'Given status is wrong' });
    });

    it('creates a ticket: 201, Location, the next key of the default branch, tags stripped', async () => {
      const before = sim.state.branches.get(1)?.lastSequence ?? 0;
      const reply = await call(`${OK}/tickets`, {
        method: 'POST',
        body: { subject: 'Printer <script>alert(1)</script>on fire', description: '<p>It <b>smokes</b></p><iframe src="x"></iframe>', status: 'new', priority: 'high', source: 'phone', reporter: sim.customer.typedId },
      });
      assert.equal(reply.status, 201, reply.text);
      assert.equal(reply.headers.get('location'), `${sim.url}${OK}/tickets/${reply.json.id}`);
      assert.equal(reply.json.key, `BRANCHA-${before + 1}`);
      assert.equal(reply.json.subject, 'Printer alert(1)on fire');
      assert.equal(reply.json.description, '<p>It <b>smokes</b></p>');
      assert.equal(reply.json.assignee, 2, "the branch's default assignee");
      assert.equal(reply.json.reporter_email, sim.state.customers.get(sim.customer.id)?.email);
      assert.deepEqual(reply.json.comments, []);
    });

    it('PATCH changes only the fields sent, and so does PUT', async () => {
      const ticket = (await call(`${OK}/tickets/7`)).json;
      const patched = await call(`${OK}/tickets/7`, { method: 'PATCH', body: { subject: 'Patched subject' } });
      assert.equal(patched.status, 200);
      assert.equal(patched.json.subject, 'Patched subject');
      for (const field of ['description', 'status', 'priority', 'source', 'reporter', 'branch', 'created_at']) assert.deepEqual(patched.json[field], ticket[field], field);
      const put = await call(`${OK}/tickets/7`, { method: 'PUT', body: { priority: 'low' } });
      assert.equal(put.json.priority, 'low');
      assert.equal(put.json.subject, 'Patched subject', 'PUT does not blank what it leaves out');
      assert.equal(put.json.description, ticket.description);
      assert.equal(put.json.updated_at, iso(clock).replace('+00:00', '+0000'));
    });

    it('refuses unknown properties and assignee ids, unassigns with null, changes status by key', async () => {
      assert.deepEqual((await call(`${OK}/tickets/7`, { method: 'PATCH', body: { colour: 'red' } })).json, { error: 'Ticket does not have "colour" property.' });
      const assign = await call(`${OK}/tickets/7`, { method: 'PATCH', body: { assignee: sim.me.id } });
      assert.equal(assign.status, 500);
      assert.match(assign.json.error, /association field .*Ticket#\$assignee", got "integer"/);
      const unassign = await call(`${OK}/tickets/7`, { method: 'PATCH', body: { assignee: null } });
      assert.equal(unassign.status, 200);
      assert.equal(unassign.json.assignee, undefined);
      const key = unassign.json.key as string;
      const status = await call(`${OK}/tickets/${key}`, { method: 'PATCH', body: { status: 'pending' } });
      assert.equal(status.json.status, 'pending');
      assert.ok(status.json.status_updated_since);
      const empty = await call(`${OK}/tickets/7`, { method: 'PUT' });
      assert.equal(empty.status, 500);
      assert.match(empty.json.error, /UpdatePropertiesCommand\)\.properties:\n {4}This value should not be null\./);
    });
  });

  describe('comments', () => {
    it('posts a comment (201) without touching the ticket status, although ticketStatus is required', async () => {
      const missing = await call(`${OK}/comments`, { method: 'POST', body: { content: 'Hi', ticket: 9 } });
      assert.equal(missing.status, 500);
      assert.match(missing.json.error, /\.author:/);
      assert.match(missing.json.error, /\.ticketStatus:/);
      const before = sim.state.tickets.get(9)?.status;
      const reply = await call(`${OK}/comments`, { method: 'POST', body: { content: '<p>Looking into it</p>', ticket: 9, author: sim.me.typedId, ticketStatus: 'closed', private: true } });
      assert.equal(reply.status, 201, reply.text);
      assert.equal(reply.headers.get('location'), `${sim.url}${OK}/comments/${reply.json.id}`);
      assert.deepEqual(Object.keys(reply.json), ['attachments', 'content', 'created_at', 'updated_at', 'id', 'private', 'ticket', 'author']);
      assert.equal(reply.json.private, true);
      assert.deepEqual(reply.json.author, { email: sim.me.email, id: sim.me.typedId, name: sim.me.name });
      assert.equal(sim.state.tickets.get(9)?.status, before, 'POST /comments ignores ticketStatus');
      const listed = await call(`${OK}/comments?ticket=9&limit=100`);
      assert.ok(listed.json.some((c: Json) => c.id === reply.json.id));
    });

    it('sets the ticket status from an update of the comment, and blanks it when ticketStatus is left out', async () => {
      const posted = await call(`${OK}/comments`, { method: 'POST', body: { content: 'First', ticket: 11, author: sim.me.typedId, ticketStatus: 'open' } });
      const id = posted.json.id as number;
      const updated = await call(`${OK}/comments/${id}`, { method: 'PATCH', body: { content: 'Edited', ticketStatus: 'on_hold' } });
      assert.equal(updated.status, 200);
      assert.equal(updated.json.content, 'Edited');
      assert.equal((await call(`${OK}/tickets/11`)).json.status, 'on_hold');
      await call(`${OK}/comments/${id}`, { method: 'PUT', body: { content: 'Edited again' } });
      assert.equal((await call(`${OK}/tickets/11`)).json.status, '', 'the ticket lost its status');
    });

    it('keeps a comment by an unknown author but cannot serialize it', async () => {
      const reply = await call(`${OK}/comments`, { method: 'POST', body: { content: 'x', ticket: 13, author: 'oro_999', ticketStatus: 'open' } });
      assert.equal(reply.status, 404);
      assert.deepEqual(reply.json, { error: 'Failed to load details for given user' });
      assert.ok([...sim.state.comments.values()].some((c) => c.ticketId === 13 && c.author === 'oro_999'));
      assert.equal((await call(`${OK}/tickets/13`)).status, 404, 'the ticket detail now fails too');
    });
  });

  describe('attachments', () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

    it('uploads to a ticket, lists, and downloads without credentials', async () => {
      const reply = await call(`${OK}/tickets/15/attachments`, {
        method: 'POST',
        body: { attachmentsInput: [{ filename: 'dot.png', content: png.toString('base64') }, { filename: 'notes%20v2.txt', content: Buffer.from('hello\n').toString('base64') }] },
      });
      assert.equal(reply.status, 201, reply.text);
      assert.equal(reply.headers.get('location'), null);
      assert.equal(reply.json.length, 2);
      const [image, text] = reply.json;
      assert.equal(image.file.filename, 'dot.png');
      assert.match(image.file.url, new RegExp(`^${sim.url}/desk/attachments/download/file/[0-9a-f]{32}$`));
      assert.ok(image.thumbnails, 'images get a thumbnail');
      assert.equal(text.file.filename, 'notes v2.txt', 'the name is urldecoded');
      assert.equal(text.thumbnails, undefined);
      const listed = await call(`${OK}/tickets/15/attachments`);
      assert.ok(listed.json.some((a: Json) => a.id === image.id));
      const one = await call(`${OK}/tickets/15/attachments/${image.id}`);
      assert.equal(one.json.id, image.id);

      const download = await fetch(image.file.url);
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('content-type'), 'image/png');
      assert.equal(download.headers.get('content-disposition'), 'attachment; filename="dot.png"');
      assert.deepEqual(Buffer.from(await download.arrayBuffer()), png);
      const thumb = await fetch(image.thumbnails.url);
      assert.equal(thumb.status, 200);
      assert.equal((await fetch(`${sim.url}/desk/attachments/download/file/0123456789abcdef0123456789abcdef`)).status, 404);
    });

    it('refuses an image name over non-image bytes (404) and an entry without content (500)', async () => {
      const fake = await call(`${OK}/comments/${sim.state.ticketComments.get(BIG_THREAD_TICKET_ID)?.[0]}/attachments`, { method: 'POST', body: { attachmentsInput: [{ filename: 'x.png', content: Buffer.from('nope').toString('base64') }] } });
      assert.equal(fake.status, 404);
      assert.match(fake.json.error, /^Unable to open image /);
      const broken = await call(`${OK}/tickets/15/attachments`, { method: 'POST', body: { attachmentsInput: [{ filename: 'a.txt' }] } });
      assert.deepEqual(broken.json, { error: 'Attachment input string is invalid.' });
      assert.deepEqual((await call(`${OK}/tickets/15/attachments/999999`)).json, { error: '' });
    });
  });

  describe('users and branches', () => {
    it('lists customers only and finds one by email with the trailing slash', async () => {
      const users = await call(`${OK}/users`);
      assert.equal(users.status, 200);
      assert.ok(users.json.length >= 150);
      assert.ok(!users.json.some((u: Json) => u.email === sim.me.email), 'agents are not users of this API');
      const email = sim.customer.email;
      assert.equal((await call(`${OK}/users/${email}/`)).json.email, email);
      assert.equal((await call(`${OK}/users/${email}`)).status, 404);
      assert.deepEqual((await call(`${OK}/users/nobody@example.org/`)).json, { error: 'User not found.' });
    });

    it("answers OroPlatform's user/filter with the agent who has that username or email", async () => {
      const PLATFORM = '/api/rest/latest';
      const found = await call(`${PLATFORM}/user/filter?username=${sim.username}`);
      assert.equal(found.status, 200, found.text);
      assert.equal(found.json.id, sim.me.id);
      assert.equal(found.json.username, sim.username);
      assert.equal(found.json.email, sim.me.email);
      assert.equal(`${found.json.firstName} ${found.json.lastName}`, sim.me.name);
      assert.equal(found.json.phone, null, 'a JsonResponse keeps nulls');
      assert.match(found.json.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
      assert.equal(found.json.apiKeys, undefined, 'never the keys');
      assert.equal(lastEntry()?.route, 'oro_api_get_user_filter');
      assert.equal((await call(`${PLATFORM}/user/filter.json?email=${sim.me.email.toUpperCase()}`)).json.id, sim.me.id);
      const nobody = await call(`${PLATFORM}/user/filter?username=nobody`);
      assert.equal(nobody.status, 404);
      assert.equal(nobody.text, '""');
      assert.equal((await call(`${PLATFORM}/user/filter`)).status, 404, 'neither username nor email');
      assert.equal((await call(`${PLATFORM}/user/filter?username=${sim.username}`, { token: null })).status, 401, 'behind the same WSSE firewall');
      assert.equal((await call(`/api/diamante/rest/latest/user/filter?username=${sim.username}`, { token: customer() })).status, 404, 'not on the customer API');
    });

    it("lists OroPlatform's users (the agents), 10 a page by default, and one by id", async () => {
      const PLATFORM = '/api/rest/latest';
      const first = await call(`${PLATFORM}/users`);
      assert.equal(first.status, 200);
      assert.deepEqual(first.json.map((u: Json) => u.id), [...sim.state.agents.keys()].sort((a, b) => a - b).slice(0, 10));
      assert.equal(first.headers.get('x-total'), null);
      const paged = await call(`${PLATFORM}/users?page=2&limit=3`);
      assert.deepEqual(paged.json.map((u: Json) => u.id), [...sim.state.agents.keys()].sort((a, b) => a - b).slice(3, 6));
      assert.ok(!first.json.some((u: Json) => u.email === sim.customer.email), 'customers are not Oro users');
      assert.equal((await call(`${PLATFORM}/users/${sim.me.id}`)).json.username, sim.username);
      assert.equal((await call(`${PLATFORM}/users/999`)).status, 404);
      assert.equal((await call(`${PLATFORM}/users.xml`)).status, 404, 'json is the only format of these routes');
    });

    it("answers the Data API's /api/userprofile for the agent who signed, plain or JSON:API by Content-Type", async () => {
      const plain = await call('/api/userprofile');
      assert.equal(plain.status, 200, plain.text);
      assert.equal(plain.json.id, sim.me.id);
      assert.equal(plain.json.username, sim.username);
      assert.match(plain.headers.get('content-type') ?? '', /^application\/json/);
      const jsonApi = await call('/api/userprofile', { contentType: 'application/vnd.api+json' });
      assert.equal(jsonApi.headers.get('content-type'), 'application/vnd.api+json');
      assert.equal(jsonApi.json.data.id, String(sim.me.id));
      assert.equal(jsonApi.json.data.attributes.email, sim.me.email);
      assert.equal((await call('/api/userprofile', { contentType: 'application/vnd.api+json; charset=utf-8' })).status, 415);
      const restricted = await call('/api/userprofile', { token: { username: sim.restricted.username, secret: sim.restricted.apiKey } });
      assert.equal(restricted.json.username, sim.restricted.username);
      const unsigned = await call('/api/userprofile', { token: null });
      assert.equal(unsigned.status, 401);
      assert.equal(unsigned.headers.get('www-authenticate'), 'WSSE realm="Secured API", profile="UsernameToken"');
      assert.equal((await call('/api/userprofile', { method: 'POST', token: null })).status, 405, 'routing before the firewall');
      assert.equal((await call('/api/users', { token: null })).status, 404);
    });

    it('serves the three branches with keys', async () => {
      const reply = await call(`${OK}/branches`);
      assert.deepEqual(reply.json.map((b: Json) => b.key), ['BRANCHA', 'BRANCHB', 'BRANCHC']);
      assert.equal((await call(`${OK}/branches/4`)).json.key, 'BRANCHC');
    });
  });

  describe('faults, hostile content and the seed', () => {
    it('fails the next request as asked, then recovers', async () => {
      sim.faults.failNext = { status: 503, headers: { 'Retry-After': '2' } };
      const failed = await call(`${OK}/branches`);
      assert.equal(failed.status, 503);
      assert.equal(failed.headers.get('retry-after'), '2');
      assert.equal((await call(`${OK}/branches`)).status, 200);
      sim.faults.htmlErrorPage = true;
      const html = await call(`${OK}/branches`);
      assert.equal(html.status, 200);
      assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
    });

    it('carries script payloads in the hostile ticket and counts beacon hits', async () => {
      const reply = await call(`${OK}/tickets/${HOSTILE_TICKET_ID}`);
      assert.equal(reply.status, 200);
      const beacon = `${sim.url}/__beacon`;
      assert.ok(reply.json.subject.includes('onerror='));
      for (const payload of ['<script>', 'javascript:', '<svg onload', beacon]) assert.ok(reply.json.description.includes(payload), payload);
      assert.ok(reply.json.comments.some((c: Json) => c.content.includes('javascript:')));
      assert.ok(reply.json.attachments.some((a: Json) => a.file.filename.includes('onerror')));
      assert.ok(reply.json.tags.some((t: Json) => t.name.includes('<svg')));
      // The whole corpus, in the forms DiamanteDesk stores (HTML and plain text).
      const stored = [reply.json.description, ...reply.json.comments.map((c: Json) => c.content)];
      assert.deepEqual(missingVectors(sim.state.origin, ['html', 'text'], stored), []);
      const reporter = await call(`${OK}/ticket/${HOSTILE_TICKET_ID}/reporter`);
      assert.match(reporter.json.name, /<img src=x onerror=/);
      const before = sim.beaconHits;
      await fetch(`${beacon}?src=test`);
      assert.equal(sim.beaconHits, before + 1);
    });

    it('has realistic volume and is the same for the same seed', async () => {
      const tickets = [...sim.state.tickets.values()];
      assert.ok(tickets.length >= 600);
      assert.equal(sim.state.ticketComments.get(BIG_THREAD_TICKET_ID)?.length, BIG_THREAD_COMMENT_COUNT);
      for (const status of ['new', 'open', 'pending', 'in_progress', 'closed', 'on_hold']) assert.ok(tickets.some((t) => t.status === status), status);
      for (const source of ['web', 'email', 'phone']) assert.ok(tickets.some((t) => t.source === source), source);
      assert.ok(tickets.filter((t) => t.assigneeId === sim.me.id && t.status !== 'closed').length >= 5);
      assert.ok(tickets.some((t) => t.assigneeId === null));
      assert.ok([...sim.state.comments.values()].some((c) => c.private));
      assert.ok([...sim.state.attachments.values()].some((a) => a.contentType === 'image/png'));
      // Fresh ones: this suite's simulator has been written to by now.
      const [a, b, c] = await Promise.all([startDiamantedeskSimulator({ ticketCount: 120 }), startDiamantedeskSimulator({ ticketCount: 120 }), startDiamantedeskSimulator({ ticketCount: 120, seed: 7 })]);
      try {
        const shape = (s: DiamantedeskSimulator) => [...s.state.tickets.values()].map((t) => `${t.id}|${t.sequenceNumber}|${t.subject}|${t.status}|${t.reporter}|${t.assigneeId}|${t.description.length}`).join('\n').split(s.url).join('ORIGIN');
        assert.equal(shape(a), shape(b));
        assert.notEqual(shape(a), shape(c));
        assert.notEqual(a.apiKey, b.apiKey, 'secrets are random per start');
      } finally {
        await Promise.all([a.close(), b.close(), c.close()]);
      }
    });

    it('logs the parsed WSSE fields and the JSON body', async () => {
      await call(`${OK}/tickets/17`, { method: 'PATCH', body: { priority: 'medium' } });
      const entry = lastEntry();
      assert.equal(entry?.route, 'updateProperties');
      assert.equal(entry?.guard, 'oro');
      assert.deepEqual(entry?.json, { priority: 'medium' });
      assert.equal(entry?.wsse?.username, sim.username);
      assert.match(entry?.wsse?.created ?? '', /^\d{4}-/);
      assert.equal(entry?.authorized, true);
    });
  });
});
