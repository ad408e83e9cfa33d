// The DeskPRO simulator over real loopback HTTP: strictness (auth, JSON-only, unknown
// fields, verbs), envelope and paging, filters, writes, blobs, faults and determinism.
import * as assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { clearFaults, startSandbox } from '../../src/sandbox';
import { BIG_THREAD_MESSAGE_COUNT, BIG_THREAD_TICKET_ID, HOSTILE_TICKET_ID, startDeskproSimulator, type DeskproSimulator, type DeskproState } from '../../src/sandbox/deskpro';
import { missingVectors } from '../support/hostile-corpus';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: Json;
}

describe('sandbox: DeskPRO simulator', function () {
  let sim: DeskproSimulator;

  before(async () => {
    sim = await startDeskproSimulator();
  });
  after(async () => {
    await sim.close();
  });
  afterEach(() => clearFaults(sim.faults));

  async function call(path: string, init: RequestInit & { auth?: string | null } = {}): Promise<Reply> {
    const headers = new Headers(init.headers);
    const auth = init.auth === undefined ? `key ${sim.apiKey}` : init.auth;
    if (auth !== null) headers.set('Authorization', auth);
    headers.set('Accept', 'application/json');
    const response = await fetch(`${sim.url}${path.startsWith('/') ? path : `/api/v2/${path}`}`, { ...init, headers });
    const text = await response.text();
    let json: Json = {};
    try {
      json = text === '' ? {} : (JSON.parse(text) as Json);
    } catch {
      json = {};
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  function send(method: string, path: string, body: unknown, query = ''): Promise<Reply> {
    return call(`${path}${query}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  }

  function assertError(reply: Reply, status: number, code: string): void {
    assert.equal(reply.status, status, reply.text);
    assert.equal(reply.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(reply.json.status, status);
    assert.equal(reply.json.code, code);
    assert.equal(typeof reply.json.message, 'string');
    assert.ok(reply.json.message.length > 0);
  }

  describe('authentication', () => {
    it('answers 401 with the vendor error body when the header is missing', async () => {
      const reply = await call('me', { auth: null });
      assertError(reply, 401, 'unauthorized');
    });

    it('answers 401 for a wrong key, a wrong token and an unknown scheme', async () => {
      const [id] = sim.apiKey.split(':');
      assertError(await call('tickets', { auth: `key ${id}:WRONGCODE` }), 401, 'unauthorized');
      assertError(await call('tickets', { auth: 'token not-a-real-token' }), 401, 'unauthorized');
      assertError(await call('tickets', { auth: `Bearer ${sim.apiToken}` }), 401, 'unauthorized');
      assertError(await call('tickets', { auth: sim.apiKey }), 401, 'unauthorized');
    });

    it('checks credentials before routing, even for unknown routes and blob downloads', async () => {
      assertError(await call('no_such_route', { auth: null }), 401, 'unauthorized');
      const blob = [...sim.state.blobs.values()][0];
      assert.ok(blob);
      assertError(await call(`/file.php/${blob.blob_auth}/x`, { auth: null }), 401, 'unauthorized');
    });

    it('identifies the caller on /me for an API key and for an API token', async () => {
      const byKey = await call('me');
      assert.equal(byKey.status, 200);
      assert.equal(byKey.json.data.auth_method, 'api_key');
      assert.equal(byKey.json.data.person_id, sim.me.id);
      assert.equal(byKey.json.data.person.primary_email, sim.me.email);
      assert.equal(byKey.json.data.person.is_agent, true);
      assert.notEqual(String(sim.me.id), sim.apiKey.split(':')[0], 'the key id must differ from the person id');

      const byToken = await call('me', { auth: `token ${sim.apiToken}` });
      assert.equal(byToken.json.data.auth_method, 'api_token');
      assert.equal(byToken.json.data.person_id, sim.me.id);
    });

    it('lets a non-agent key identify itself but answers 403 on agent routes', async () => {
      const me = await call('me', { auth: `key ${sim.restrictedApiKey}` });
      assert.equal(me.status, 200);
      assert.equal(me.json.data.person.is_agent, false);
      assertError(await call('tickets', { auth: `key ${sim.restrictedApiKey}` }), 403, 'forbidden');
      const put = await call('tickets/1', { method: 'PUT', auth: `key ${sim.restrictedApiKey}`, headers: { 'Content-Type': 'application/json' }, body: '{"status":"resolved"}' });
      assertError(put, 403, 'forbidden');
    });
  });

  describe('routing and strictness', () => {
    it('answers 404 with the error body for unknown routes and missing resources', async () => {
      assertError(await call('tickets/abc'), 404, 'not_found');
      assertError(await call('tickets/'), 404, 'not_found');
      assertError(await call('tickets/999999'), 404, 'not_found');
      assertError(await call('/api/v1/tickets'), 404, 'not_found');
    });

    it('answers 405 with Allow for a wrong verb on a known route', async () => {
      const reply = await call('tickets/1', { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      assertError(reply, 405, 'method_not_allowed');
      assert.equal(reply.headers.get('allow'), 'GET, PUT');
      assertError(await call('tickets', { method: 'DELETE' }), 405, 'method_not_allowed');
    });

    it('refuses a body that is not declared as JSON, and malformed JSON', async () => {
      const form = await call('tickets', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'subject=Hi' });
      assertError(form, 400, 'invalid_content_type');
      const missing = await call('tickets', { method: 'POST', body: JSON.stringify({ subject: 'Hi' }) });
      assertError(missing, 400, 'invalid_content_type');
      const broken = await call('tickets', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"subject": ' });
      assertError(broken, 400, 'invalid_json_body');
      const array = await send('POST', 'tickets', [{ subject: 'x' }]);
      assertError(array, 400, 'invalid_input');
    });

    it('refuses unknown fields with invalid_input and per-field errors', async () => {
      const reply = await send('POST', 'tickets', { subject: 'Hello', title: 'Hello', message: { message: '<p>x</p>', colour: 'red' } });
      assertError(reply, 400, 'invalid_input');
      assert.equal(reply.json.errors.errors[0].code, 'extra_fields');
      assert.match(reply.json.errors.errors[0].message, /title/);
      assert.equal(reply.json.errors.fields.title.errors[0].code, 'extra_field');
      assert.equal(reply.json.errors.fields.message.fields.colour.errors[0].code, 'extra_field');
      const update = await send('PUT', 'tickets/2', { status: 'resolved', assignee: 3 });
      assertError(update, 400, 'invalid_input');
      assert.ok(update.json.errors.fields.assignee);
    });

    it('sends JSON with the exact content type and gzips when asked', async () => {
      const reply = await call('tickets?count=50', { headers: { 'Accept-Encoding': 'gzip' } });
      assert.equal(reply.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(reply.headers.get('content-encoding'), 'gzip');
      assert.equal(reply.json.data.length, 50);
    });
  });

  describe('collections', () => {
    const visible = (): number => [...sim.state.tickets.values()].filter((t) => t.status !== 'hidden').length;

    it('pages with consistent meta.pagination and links', async () => {
      const total = visible();
      const reply = await call('tickets?count=25&page=2');
      assert.equal(reply.status, 200);
      assert.deepEqual(Object.keys(reply.json).sort(), ['data', 'linked', 'links', 'meta']);
      const pagination = reply.json.meta.pagination;
      assert.deepEqual(pagination, { total, count: 25, per_page: 25, current_page: 2, total_pages: Math.ceil(total / 25) });
      const links = reply.json.links;
      assert.equal(new URL(links.first).searchParams.get('page'), '1');
      assert.equal(new URL(links.prev).searchParams.get('page'), '1');
      assert.equal(new URL(links.next).searchParams.get('page'), '3');
      assert.equal(new URL(links.last).searchParams.get('page'), String(pagination.total_pages));
      assert.equal(new URL(links.next).searchParams.get('count'), '25');
      assert.equal(new URL(links.next).origin, sim.url);

      const last = await call(`tickets?count=25&page=${pagination.total_pages}`);
      assert.equal(last.json.data.length, total - 25 * (pagination.total_pages - 1));
      assert.equal(last.json.links.next, null);
      const first = await call('tickets');
      assert.equal(first.json.meta.pagination.per_page, 10, 'default page size');
      assert.equal(first.json.links.prev, null);
      const beyond = await call(`tickets?count=25&page=${pagination.total_pages + 1}`);
      assert.equal(beyond.status, 200);
      assert.deepEqual(beyond.json.data, []);
    });

    it('walks every page without gaps or repeats', async () => {
      const seen: number[] = [];
      for (let page = 1; ; page++) {
        const reply = await call(`tickets?status=awaiting_agent,awaiting_user,pending&count=200&page=${page}`);
        seen.push(...reply.json.data.map((t: Json) => t.id as number));
        if (reply.json.links.next === null) break;
      }
      const expected = [...sim.state.tickets.values()].filter((t) => ['awaiting_agent', 'awaiting_user', 'pending'].includes(t.status)).map((t) => t.id);
      assert.deepEqual(seen, expected);
    });

    it('refuses a page size above 200 and bad paging values', async () => {
      const big = await call('tickets?count=201');
      assertError(big, 400, 'invalid_input');
      assert.ok(big.json.errors.fields.count);
      assert.equal((await call('tickets?count=200')).json.data.length, 200);
      assertError(await call('tickets?page=0'), 400, 'invalid_input');
      assertError(await call('tickets?count=ten'), 400, 'invalid_input');
    });

    it('fetches several by ids and side-loads with include', async () => {
      const reply = await call('tickets?ids=3,1,2&include=person,agent,department,priority');
      assert.deepEqual(reply.json.data.map((t: Json) => t.id), [1, 2, 3]);
      for (const ticket of reply.json.data as Json[]) {
        assert.equal(reply.json.linked.person[String(ticket.person)].id, ticket.person);
        if (ticket.agent !== null) assert.equal(reply.json.linked.agent[String(ticket.agent)].is_agent, true);
        if (ticket.department !== null) assert.equal(typeof reply.json.linked.department[String(ticket.department)].title, 'string');
      }
      assertError(await call('tickets?include=everything'), 400, 'invalid_input');
      assertError(await call('tickets?ids=1,x'), 400, 'invalid_input');
    });

    it('serves the reference lists', async () => {
      const statuses = await call('ticket_statuses');
      assert.deepEqual(statuses.json.data.map((s: Json) => s.id), ['awaiting_agent', 'awaiting_user', 'pending', 'resolved', 'hidden']);
      const priorities = await call('ticket_priorities');
      assert.ok(priorities.json.data.every((p: Json) => typeof p.id === 'number' && typeof p.title === 'string' && typeof p.priority === 'number'));
      const departments = await call('ticket_departments');
      assert.ok(departments.json.data.length >= 3 && departments.json.data.length <= 5);
      const agents = await call('agents');
      // Seven seeded agents and me, plus the hostile ticket's agent with a script in each name.
      assert.equal(agents.json.data.length, 9);
      assert.ok(agents.json.data.every((a: Json) => a.is_agent === true && a.primary_email && a.first_name && a.last_name));
      assert.ok(agents.json.data.some((a: Json) => a.id === sim.me.id));
      const people = await call('people?ids=101,102');
      assert.deepEqual(people.json.data.map((p: Json) => p.id), [101, 102]);
      assert.equal((await call('people/101')).json.data.id, 101);
      assertError(await call('agents/101'), 404, 'not_found');
    });
  });

  describe('ticket filters', () => {
    async function all(query: string): Promise<Json[]> {
      const items: Json[] = [];
      for (let page = 1; ; page++) {
        const reply = await call(`tickets?${query}&count=200&page=${page}`);
        assert.equal(reply.status, 200, reply.text);
        items.push(...reply.json.data);
        if (reply.json.links.next === null) return items;
      }
    }

    it('filters mine, unassigned and by status', async () => {
      const mine = await all(`agent=${sim.me.id}&status=awaiting_agent`);
      assert.ok(mine.length >= 5, `mine: ${mine.length}`);
      assert.ok(mine.every((t) => t.agent === sim.me.id && t.status === 'awaiting_agent'));
      const unassigned = await all('agent=0&status=awaiting_agent');
      assert.ok(unassigned.length >= 5, `unassigned: ${unassigned.length}`);
      assert.ok(unassigned.every((t) => t.agent === null));
      const open = await all('status=awaiting_user,pending');
      assert.ok(open.every((t) => t.status === 'awaiting_user' || t.status === 'pending'));
      assert.ok(open.some((t) => t.status === 'pending') && open.some((t) => t.status === 'awaiting_user'));
      const hidden = await all('status=hidden');
      assert.ok(hidden.length > 0);
      assert.ok((await all('agent=0')).every((t) => t.status !== 'hidden'), 'hidden tickets only when asked for');
      const bad = await call('tickets?status=open');
      assertError(bad, 400, 'invalid_input');
      assert.ok(bad.json.errors.fields.status);
    });

    it('filters by person and department, searches subjects and orders', async () => {
      const byPerson = await all('person=101');
      assert.ok(byPerson.length > 0 && byPerson.every((t) => t.person === 101));
      const byDepartment = await all('department=2');
      assert.ok(byDepartment.length > 0 && byDepartment.every((t) => t.department === 2));
      const search = await all('q=invoice');
      assert.ok(search.length > 0 && search.every((t) => /invoice/i.test(t.subject)));
      const ordered = (await call('tickets?order_by=date_last_user_reply&order_dir=desc&count=50')).json.data as Json[];
      const dates = ordered.map((t) => t.date_last_user_reply ?? '');
      assert.deepEqual(dates, [...dates].sort().reverse());
      const byId = (await call('tickets?count=5')).json.data.map((t: Json) => t.id);
      assert.deepEqual(byId, [...byId].sort((a: number, b: number) => a - b));
      assertError(await call('tickets?order_by=subject'), 400, 'invalid_input');
    });

    it('shapes tickets as DeskPRO does', async () => {
      const { json } = await call('tickets/5');
      const t = json.data;
      assert.equal(typeof t.id, 'number');
      assert.match(t.ref, /^[A-Z]{4}-\d{4}-[A-Z]{4}$/);
      assert.match(t.date_created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
      for (const name of ['person', 'agent', 'department', 'priority']) assert.ok(t[name] === null || Number.isInteger(t[name]), name);
      assert.ok(Array.isArray(t.labels));
      assert.ok(Number.isInteger(t.urgency));
    });
  });

  describe('creating and updating tickets', () => {
    it('creates with POST: 201, Location and the new id', async () => {
      const reply = await send('POST', 'tickets', {
        subject: 'Printer on fire',
        person: 'new.customer@example.org',
        message: { message: '<p>It is <b>really</b> on fire.</p>', format: 'html' },
        department: 1,
        priority: 4,
        labels: ['urgent'],
      });
      assert.equal(reply.status, 201, reply.text);
      const id = reply.json.data.id as number;
      assert.deepEqual(reply.json.data, { id });
      assert.equal(reply.headers.get('location'), `${sim.url}/api/v2/tickets/${id}`);
      const created = await call(new URL(reply.headers.get('location') as string).pathname);
      assert.equal(created.json.data.subject, 'Printer on fire');
      assert.equal(created.json.data.status, 'awaiting_agent');
      assert.equal(created.json.data.priority, 4);
      const person = sim.state.people.get(created.json.data.person as number);
      assert.equal(person?.primary_email, 'new.customer@example.org');
      const messages = await call(`tickets/${id}/messages`);
      assert.equal(messages.json.data.length, 1);
      assert.equal(messages.json.data[0].message, '<p>It is <b>really</b> on fire.</p>');
    });

    it('returns the whole ticket with follow_location=1 and accepts person objects and ids', async () => {
      const reply = await send('POST', 'tickets', { subject: 'Hi', person: { name: 'Ada Brook', email: 'ada@brook.example' } }, '?follow_location=1');
      assert.equal(reply.status, 201);
      assert.equal(reply.json.data.subject, 'Hi');
      assert.equal(sim.state.people.get(reply.json.data.person as number)?.name, 'Ada Brook');
      const byId = await send('POST', 'tickets', { subject: 'Again', person: 101, agent: sim.me.id }, '?follow_location=1');
      assert.equal(byId.json.data.person, 101);
      assert.equal(byId.json.data.agent, sim.me.id);
    });

    it('requires a subject and reports field errors', async () => {
      const reply = await send('POST', 'tickets', { person: 'x@example.com', message: { message: 'hi' } });
      assertError(reply, 400, 'invalid_input');
      assert.equal(reply.json.errors.fields.subject.errors[0].code, 'required');
      const ticketsBefore = sim.state.tickets.size;
      const peopleBefore = sim.state.people.size;
      const several = await send('POST', 'tickets', { subject: ' ', person: 'someone.new@example.com', agent: 101, priority: 99, status: 'closed' });
      for (const field of ['subject', 'agent', 'priority', 'status']) assert.ok(several.json.errors.fields[field], field);
      assert.equal(sim.state.tickets.size, ticketsBefore, 'no ticket created on a refused request');
      assert.equal(sim.state.people.size, peopleBefore, 'no person created on a refused request');
      const badEmail = await send('POST', 'tickets', { subject: 'x', person: 'not-an-email' });
      assert.equal(badEmail.json.errors.fields.person.errors[0].code, 'invalid_email');
    });

    it('refuses an attachment whose blob_auth was never uploaded', async () => {
      const reply = await send('POST', 'tickets', { subject: 'With file', message: { message: 'x', attachments: [{ blob_auth: '999NOPE', is_inline: false }] } });
      assertError(reply, 400, 'invalid_input');
      assert.ok(reply.json.errors.fields.message.fields.attachments.fields['0'].fields.blob_auth.errors[0]);
    });

    it('updates with PUT: 204, partial, all-or-nothing', async () => {
      const ticket = [...sim.state.tickets.values()].find((t) => t.status === 'awaiting_agent' && t.agent !== null);
      assert.ok(ticket);
      const before = { ...ticket, labels: [...ticket.labels] };
      const reply = await send('PUT', `tickets/${ticket.id}`, { status: 'pending' });
      assert.equal(reply.status, 204);
      assert.equal(reply.text, '');
      assert.equal(reply.headers.get('location'), `${sim.url}/api/v2/tickets/${ticket.id}`);
      const after = (await call(`tickets/${ticket.id}`)).json.data;
      assert.deepEqual(after, { ...before, status: 'pending' });

      assert.equal((await send('PUT', `tickets/${ticket.id}`, { agent: 0 })).status, 204);
      assert.equal(sim.state.tickets.get(ticket.id)?.agent, null);
      const followed = await send('PUT', `tickets/${ticket.id}`, { agent: sim.me.id, priority: null }, '?follow_location=1');
      assert.equal(followed.status, 200);
      assert.equal(followed.json.data.agent, sim.me.id);
      assert.equal(followed.json.data.priority, null);

      const bad = await send('PUT', `tickets/${ticket.id}`, { subject: 'Changed?', status: 'done' });
      assertError(bad, 400, 'invalid_input');
      assert.equal(bad.json.errors.fields.status.errors[0].code, 'invalid_choice');
      assert.equal(sim.state.tickets.get(ticket.id)?.subject, before.subject, 'a refused PUT changes nothing');
      assertError(await send('PUT', 'tickets/1', { agent: '3' }), 400, 'invalid_input');
    });
  });

  describe('conversation', () => {
    it('lists messages oldest first when asked, with 0/1 notes and attachment ids', async () => {
      const reply = await call(`tickets/${BIG_THREAD_TICKET_ID}/messages?order_by=date_created&order_dir=asc&count=200&page=1`);
      assert.equal(reply.json.meta.pagination.total, BIG_THREAD_MESSAGE_COUNT);
      assert.equal(reply.json.meta.pagination.total_pages, 3);
      const dates = reply.json.data.map((m: Json) => m.date_created as string);
      assert.deepEqual(dates, [...dates].sort());
      for (const m of reply.json.data as Json[]) {
        assert.equal(m.ticket, BIG_THREAD_TICKET_ID);
        assert.ok(m.is_agent_note === 0 || m.is_agent_note === 1);
        assert.ok(Array.isArray(m.attachments) && m.attachments.every(Number.isInteger));
      }
      assert.ok(reply.json.data.some((m: Json) => m.is_agent_note === 1));
      const newest = await call(`tickets/${BIG_THREAD_TICKET_ID}/messages?count=1`);
      const latest = (sim.state.ticketMessages.get(BIG_THREAD_TICKET_ID) ?? []).map((id) => sim.state.messages.get(id)?.date_created ?? '').sort().at(-1);
      assert.equal(newest.json.data[0].date_created, latest, 'newest first by default');
      const withPeople = await call(`tickets/${BIG_THREAD_TICKET_ID}/messages?include=person&count=5`);
      assert.ok(withPeople.json.data.every((m: Json) => withPeople.json.linked.person[String(m.person)]));
    });

    it('posts a reply: 201 with the message, ticket awaiting the user', async () => {
      const ticket = [...sim.state.tickets.values()].find((t) => t.status === 'awaiting_agent' && t.id !== BIG_THREAD_TICKET_ID);
      assert.ok(ticket);
      const reply = await send('POST', `tickets/${ticket.id}/messages`, { message: '<p>On it.</p>', format: 'html', is_note: false });
      assert.equal(reply.status, 201, reply.text);
      assert.equal(reply.json.data.ticket, ticket.id);
      assert.equal(reply.json.data.person, sim.me.id);
      assert.equal(reply.json.data.is_agent_note, 0);
      assert.equal(reply.json.data.message, '<p>On it.</p>');
      assert.match(reply.headers.get('location') ?? '', new RegExp(`/api/v2/tickets/${ticket.id}/messages/${reply.json.data.id}$`));
      assert.equal(sim.state.tickets.get(ticket.id)?.status, 'awaiting_user');
      assert.equal(sim.state.tickets.get(ticket.id)?.date_last_agent_reply, reply.json.data.date_created);
    });

    it('posts an internal note without touching status, and text as escaped HTML', async () => {
      const ticket = [...sim.state.tickets.values()].find((t) => t.status === 'pending');
      assert.ok(ticket);
      const lastAgentReply = ticket.date_last_agent_reply;
      const reply = await send('POST', `tickets/${ticket.id}/messages`, { message: 'a <b> tag\nnext line', format: 'text', is_note: true });
      assert.equal(reply.status, 201);
      assert.equal(reply.json.data.is_agent_note, 1);
      assert.equal(reply.json.data.message, '<p>a &#60;b&#62; tag<br>next line</p>');
      assert.equal(sim.state.tickets.get(ticket.id)?.status, 'pending');
      assert.equal(sim.state.tickets.get(ticket.id)?.date_last_agent_reply, lastAgentReply);
    });

    it('requires a message', async () => {
      const reply = await send('POST', 'tickets/1/messages', { format: 'html' });
      assertError(reply, 400, 'invalid_input');
      assert.equal(reply.json.errors.fields.message.errors[0].code, 'required');
      assertError(await send('POST', 'tickets/999999/messages', { message: 'x' }), 404, 'not_found');
    });
  });

  describe('blobs and attachments', () => {
    async function upload(name: string, type: string, data: Uint8Array<ArrayBuffer> | string): Promise<Reply> {
      const form = new FormData();
      form.append('file', new Blob([data], { type }), name);
      return call('blobs/temp', { method: 'POST', body: form });
    }

    it('uploads, links and downloads a file', async () => {
      const png = [...sim.state.blobs.values()].find((b) => b.content_type === 'image/png');
      assert.ok(png);
      const uploaded = await upload('my screen shot.png', 'image/png', new Uint8Array(png.data));
      assert.equal(uploaded.status, 201, uploaded.text);
      const blob = uploaded.json.data;
      assert.deepEqual(Object.keys(blob).sort(), ['blob_auth', 'blob_auth_id', 'blob_id', 'content_type', 'download_url', 'filename', 'filesize', 'filesize_readable', 'is_image', 'is_temp']);
      assert.equal(blob.filename, 'my-screen-shot.png');
      assert.equal(blob.is_image, true);
      assert.equal(blob.is_temp, true);
      assert.equal(blob.content_type, 'image/png');
      assert.match(blob.filesize_readable, /^\d+(\.\d\d)? (B|KB)$/);
      assert.ok(blob.download_url.startsWith(`${sim.url}/`));

      const ticket = [...sim.state.tickets.values()].find((t) => t.status === 'awaiting_user');
      assert.ok(ticket);
      const posted = await send('POST', `tickets/${ticket.id}/messages`, { message: '<p>See attached.</p>', attachments: [{ blob_auth: blob.blob_auth }] });
      assert.equal(posted.status, 201, posted.text);
      assert.equal(posted.json.data.attachments.length, 1);

      const listed = await call(`tickets/${ticket.id}/attachments?count=200`);
      const attachment = (listed.json.data as Json[]).find((a) => a.id === posted.json.data.attachments[0]);
      assert.ok(attachment);
      assert.equal(attachment.message, posted.json.data.id);
      assert.equal(attachment.is_agent_note, false);
      assert.equal(attachment.blob.blob_auth, blob.blob_auth);
      assert.equal(attachment.blob.is_temp, false);
      assert.equal(attachment.blob.filesize, png.data.length);

      const download = await fetch(attachment.blob.download_url, { headers: { Authorization: `token ${sim.apiToken}` } });
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('content-type'), 'image/png');
      assert.match(download.headers.get('content-disposition') ?? '', /filename="my-screen-shot\.png"/);
      assert.deepEqual(Buffer.from(await download.arrayBuffer()), png.data);
      const anonymous = await fetch(attachment.blob.download_url);
      assert.equal(anonymous.status, 401);
    });

    it('lists seeded attachments with notes as booleans', async () => {
      const withFiles = [...sim.state.ticketAttachments.keys()][0];
      assert.ok(withFiles !== undefined);
      const listed = await call(`tickets/${withFiles}/attachments`);
      assert.ok(listed.json.data.length > 0);
      for (const a of listed.json.data as Json[]) {
        assert.equal(typeof a.is_agent_note, 'boolean');
        for (const key of ['blob_id', 'filename', 'content_type', 'filesize', 'download_url', 'is_image']) assert.ok(key in a.blob, key);
      }
    });

    it('refuses uploads that are not multipart, have no file, or are too large', async () => {
      assertError(await send('POST', 'blobs/temp', { file: 'x' }), 400, 'invalid_content_type');
      const form = new FormData();
      form.append('note', 'no file here');
      const noFile = await call('blobs/temp', { method: 'POST', body: form });
      assertError(noFile, 400, 'invalid_input');
      assert.ok(noFile.json.errors.fields.file);
      const limit = sim.state.limits.maxUploadBytes;
      sim.state.limits.maxUploadBytes = 1024;
      try {
        assertError(await upload('big.bin', 'application/octet-stream', new Uint8Array(4096)), 413, 'file_too_large');
        assertError(await upload('huge.bin', 'application/octet-stream', new Uint8Array(200 * 1024)), 413, 'file_too_large');
      } finally {
        sim.state.limits.maxUploadBytes = limit;
      }
      assertError(await call('blobs/temp'), 405, 'method_not_allowed');
    });
  });

  describe('faults', () => {
    it('fails the next requests with 429 and Retry-After, then recovers', async () => {
      sim.faults.failNext = { status: 429, times: 2, headers: { 'Retry-After': '3' } };
      for (let i = 0; i < 2; i++) {
        const reply = await call('tickets');
        assertError(reply, 429, 'too_many_requests');
        assert.equal(reply.headers.get('retry-after'), '3');
      }
      assert.equal((await call('tickets')).status, 200);
      assert.equal(sim.faults.failNext, undefined);
    });

    it('answers 423 maintenance with the vendor body, or a custom body', async () => {
      sim.faults.failNext = { status: 423 };
      assertError(await call('me'), 423, 'helpdesk_offline');
      sim.faults.failNext = { status: 500, body: { status: 500, code: 'boom', message: 'Boom' } };
      assertError(await call('me'), 500, 'boom');
    });

    it('serves an HTML login page with 200, or a 502 gateway page', async () => {
      sim.faults.htmlErrorPage = true;
      const login = await call('tickets');
      assert.equal(login.status, 200);
      assert.match(login.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(login.text, /<form/);
      sim.faults.htmlErrorStatus = 502;
      const gateway = await call('tickets');
      assert.equal(gateway.status, 502);
      assert.match(gateway.text, /Bad Gateway/);
    });

    it('resets the connection', async () => {
      sim.faults.resetConnection = 1;
      await assert.rejects(call('tickets'));
      assert.equal(sim.requests.at(-1)?.fault, 'resetConnection');
      assert.equal(sim.requests.at(-1)?.status, 0);
      assert.equal((await call('tickets')).status, 200);
    });

    it('truncates a body cleanly (broken JSON) or by dropping the socket', async () => {
      sim.faults.truncateBody = 1;
      const reply = await call('tickets?count=20');
      assert.equal(reply.status, 200);
      assert.throws(() => JSON.parse(reply.text));
      assert.ok(reply.text.startsWith('{"data":['));
      sim.faults.truncateBody = 1;
      sim.faults.truncateMode = 'abort';
      const response = await fetch(`${sim.url}/api/v2/tickets?count=20`, { headers: { Authorization: `key ${sim.apiKey}` } });
      await assert.rejects(response.text());
    });

    it('adds latency, and applies faults only where `only` says', async () => {
      sim.faults.latencyMs = 150;
      const started = Date.now();
      await call('me');
      assert.ok(Date.now() - started >= 140);
      sim.faults.latencyMs = 0;
      sim.faults.only = (method, path) => method === 'POST' && path.endsWith('/messages');
      sim.faults.failNext = { status: 500 };
      assert.equal((await call('tickets/1/messages')).status, 200);
      assertError(await send('POST', 'tickets/1/messages', { message: 'x' }), 500, 'internal_error');
    });

    it('logs requests for assertions', async () => {
      await send('PUT', 'tickets/3', { urgency: 5 });
      const entry = sim.requests.at(-1);
      assert.deepEqual(entry, { method: 'PUT', path: '/api/v2/tickets/3', query: '', status: 204, authorized: true, body: { urgency: 5 } });
      await call('tickets?count=1', { auth: null });
      assert.equal(sim.requests.at(-1)?.authorized, false);
      assert.equal(sim.requests.at(-1)?.status, 401);
    });
  });

  describe('seed data', () => {
    function snapshot(state: DeskproState): string {
      const data = {
        people: [...state.people.values()],
        tickets: [...state.tickets.values()],
        messages: [...state.messages.values()],
        blobs: [...state.blobs.values()].map((b) => ({ ...b, data: b.data.toString('base64') })),
        attachments: [...state.attachments.values()],
        // Who holds which kind of credential is seed data; the secrets are new per start.
        credentials: state.credentials.map(({ kind, person }) => ({ kind, person })),
      };
      return JSON.stringify(data);
    }

    it('is the same for the same seed and differs for another, with new keys every start', async () => {
      // URLs in the data carry the origin, so the second run reuses the first one's port.
      const a = await startDeskproSimulator({ seed: 7, ticketCount: 300 });
      const first = { snapshot: snapshot(a.state), apiKey: a.apiKey, url: a.url };
      assert.ok(a.state.tickets.has(BIG_THREAD_TICKET_ID) && a.state.tickets.has(HOSTILE_TICKET_ID), 'special ids kept with few tickets');
      assert.equal(a.state.tickets.size, 300);
      await a.close();
      const b = await startDeskproSimulator({ seed: 7, ticketCount: 300, port: Number(new URL(first.url).port) });
      const c = await startDeskproSimulator({ seed: 8, ticketCount: 300 });
      try {
        assert.equal(b.url, first.url);
        assert.ok(snapshot(b.state) === first.snapshot, 'same seed, same data');
        assert.notEqual(b.apiKey, first.apiKey, 'keys are new on every start');
        assert.notEqual(snapshot(c.state).split(c.url).join(b.url), first.snapshot);
      } finally {
        await Promise.all([b.close(), c.close()]);
      }
    });

    it('has realistic volume, shares and content', () => {
      const tickets = [...sim.state.tickets.values()];
      for (let id = 1; id <= 1200; id++) assert.ok(sim.state.tickets.has(id), `seed ticket ${id}`);
      const statuses = new Set(tickets.map((t) => t.status));
      assert.deepEqual([...statuses].sort(), ['awaiting_agent', 'awaiting_user', 'hidden', 'pending', 'resolved']);
      const open = tickets.filter((t) => t.status !== 'resolved' && t.status !== 'hidden');
      const mine = open.filter((t) => t.agent === sim.me.id).length / open.length;
      const unassigned = open.filter((t) => t.agent === null).length / open.length;
      assert.ok(mine > 0.15 && mine < 0.5, `mine ${mine}`);
      assert.ok(unassigned > 0.05 && unassigned < 0.4, `unassigned ${unassigned}`);
      assert.equal(sim.state.ticketMessages.get(BIG_THREAD_TICKET_ID)?.length, BIG_THREAD_MESSAGE_COUNT);
      const bodies = [...sim.state.messages.values()].map((m) => m.message);
      assert.ok(bodies.some((b) => b.includes('<blockquote')));
      assert.ok(bodies.some((b) => b.includes('https://tracker.example/pixel.gif')));
      assert.ok(bodies.some((b) => b.includes('<script>')));
      assert.ok(bodies.some((b) => b.includes(`${sim.url}/file.php/`)), 'inline images point at blob downloads');
      assert.ok([...sim.state.messages.values()].some((m) => m.is_agent_note === 1));
      assert.ok([...sim.state.people.values()].every((p) => /@([a-z0-9-]+\.)*example(\.(com|org|net))?$/.test(p.primary_email)));
    });

    it('carries script payloads in the hostile ticket and counts beacon hits', async () => {
      const ticket = (await call(`tickets/${HOSTILE_TICKET_ID}?include=person`)).json;
      assert.match(ticket.data.subject, /onerror=/);
      assert.match(ticket.linked.person[String(ticket.data.person)].name, /<script>/);
      const messages = (await call(`tickets/${HOSTILE_TICKET_ID}/messages?order_by=date_created&order_dir=asc`)).json.data as Json[];
      const first = messages[0]?.message as string;
      for (const payload of ['<script>', 'onerror=', 'javascript:', '<svg onload', `${sim.url}/__beacon`]) assert.ok(first.includes(payload), payload);
      // The whole corpus, as DeskPRO stores it (HTML), with a second agent named with vectors.
      const stored = (sim.state.ticketMessages.get(HOSTILE_TICKET_ID) ?? []).map((id) => sim.state.messages.get(id)?.message ?? '');
      assert.deepEqual(missingVectors(sim.state.baseUrl, ['html'], stored), []);
      assert.ok([...sim.state.people.values()].some((p) => p.is_agent && p.name.includes('/__beacon')));
      const files = (await call(`tickets/${HOSTILE_TICKET_ID}/attachments`)).json.data as Json[];
      assert.ok(files.some((a) => /onerror/.test(a.blob.filename)));
      const download = await fetch(files.find((a) => /onerror/.test(a.blob.filename))?.blob.download_url, { headers: { Authorization: `key ${sim.apiKey}` } });
      assert.equal(download.status, 200);
      assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="[^"]*"; filename\*=UTF-8''/);

      const before = sim.beaconHits;
      await fetch(`${sim.url}/__beacon?src=test`);
      assert.equal(sim.beaconHits, before + 1);
    });
  });

  it('speaks plain HTTP/1.1 with keep-alive like a real server', async () => {
    const { status, headers } = await new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
      const req = httpRequest(`${sim.url}/api/v2/me`, { headers: { Authorization: `key ${sim.apiKey}` } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 200);
    assert.ok(Number(headers['content-length']) > 0);
  });
});

describe('sandbox: startSandbox', () => {
  it('starts the DeskPRO simulator as an instance with its API key', async () => {
    const sandbox = await startSandbox();
    try {
      const instance = sandbox.instances.find((i) => i.config.type === 'deskpro');
      assert.ok(instance);
      assert.deepEqual({ ...instance.config, baseUrl: undefined }, { id: 'sandbox-deskpro', label: 'Sandbox · DeskPRO', type: 'deskpro', baseUrl: undefined });
      const reply = await fetch(`${instance.config.baseUrl}/api/v2/me`, { headers: { Authorization: `key ${instance.credentials.secret}` } });
      assert.equal(reply.status, 200);
    } finally {
      await sandbox.close();
    }
  });
});
