// A small scripted DiamanteDesk for the unit tests (the helper lives in a *.test.ts file
// because this checkout only lets DiamanteDesk tests add files under that name; it also
// checks itself at the bottom). Loopback HTTP, so the real HttpClient is exercised:
//  - WSSE checked the way both real guards do it: the header matched by DiamanteDesk's
//    ordered pattern, the digest over the *decoded* nonce (computed here with Buffer.concat,
//    unlike the provider), nonces single-use, `Created` refused when later than the
//    server's current second or older than an hour; every answer carries the server's Date;
//  - 401s as OroPlatform's guard sends them (empty body, WWW-Authenticate) or, with
//    `authStyle = 'diamante'`, as DiamanteDesk's own (`{"message": "Future token detected."}`);
//  - the desk routes the provider uses, paging with X-Total and Link, every request recorded.
// The full simulator (src/sandbox/diamantedesk) is what the contract test uses.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../src/helpdesk/log';
import type { Credentials } from '../../src/helpdesk/model';
import type { ProviderContext } from '../../src/helpdesk/provider';
import { DiamanteDeskProvider, type DiamanteDeskProviderOptions } from '../../src/providers/diamantedesk';

export const USERNAME = 'admin';
export const API_KEY = 'f3c2a1b0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4';
export const ROOT = '/api/rest/latest/';

const WSSE_PATTERN = /^UsernameToken Username="([^"]+)", PasswordDigest="([^"]+)", Nonce="([^"]+)", Created="([^"]+)"$/;

export interface RecordedRequest {
  method: string;
  /** After /api/rest/latest/, e.g. `desk/tickets`. */
  route: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  json: unknown;
  /** What the WSSE check made of it: `ok`, or why it was refused. */
  auth: string;
  nonce?: string;
  created?: string;
}

export interface FakeTicket {
  id: number;
  branch: number;
  seq: number;
  subject: string;
  description: string;
  status: string;
  priority: string;
  source: string;
  reporter: string;
  assignee?: number;
  created_at: string;
  updated_at: string;
  comments: FakeComment[];
  attachments: FakeAttachment[];
}

export interface FakeComment {
  id: number;
  author: string;
  content: string;
  private: boolean;
  created_at: string;
  attachments: FakeAttachment[];
}

export interface FakeAttachment {
  id: number;
  filename: string;
  hash: string;
  data: Buffer;
}

export interface FakeDiamante {
  url: string;
  requests: RecordedRequest[];
  tickets: FakeTicket[];
  /** The server's clock minus the real one. */
  skewMs: number;
  authStyle: 'oro' | 'diamante';
  /** The login the key belongs to. */
  username: string;
  /** Desk `/users` lists the agents, as the vendor's documents read (the real server lists customers). */
  docUsers: boolean;
  /** Refuse the next N well-signed requests as "Future token detected", whatever their time. */
  forceFuture: number;
  /** Answer the next N well-signed GETs with 503. */
  unavailable: number;
  /** Routes answered with an HTML page (200) or an XML document (200). */
  htmlRoutes: Set<string>;
  xmlRoutes: Set<string>;
  /** Fields `POST /tickets` refuses, as the server's validator does (a 500 with its dump). */
  refuseOnCreate: string[];
  /** Upload bodies arrive empty, as PHP leaves a body over post_max_size: 201 with `[]`. */
  dropUploads: boolean;
  /** Routes answered 404 as if the server did not have them, or 403 as if not allowed. */
  missingRoutes: Set<string>;
  forbiddenRoutes: Set<string>;
  /** Delay before answering, so overlapping requests overlap. */
  delayMs: number;
  peakConcurrency: number;
  close(): Promise<void>;
}

const AGENTS = [
  { id: 1, username: 'admin', email: 'admin@example.com', firstName: 'Ada', lastName: 'Admin' },
  { id: 4, username: 'tess', email: 'tess@example.com', firstName: 'Tess', lastName: 'Tech' },
];
const CUSTOMERS = [{ id: 2, email: 'joe@example.com', first_name: 'Joe', last_name: 'Customer' }];
const BRANCHES = [
  { id: 1, key: 'BRANCHB', name: 'Support', created_at: '2015-07-17T11:25:21+0000', updated_at: '2015-07-17T11:25:21+0000' },
  { id: 2, key: 'BRANCHC', name: 'Sales', created_at: '2015-07-17T11:25:21+0000', updated_at: '2015-07-17T11:25:21+0000' },
];

function seedTickets(): FakeTicket[] {
  const statuses = ['new', 'open', 'pending', 'in_progress', 'closed', 'on_hold', 'open'];
  const tickets: FakeTicket[] = [];
  for (let i = 1; i <= 7; i++) {
    tickets.push({
      id: i,
      branch: i % 2 ? 1 : 2,
      seq: i,
      subject: i === 3 ? 'Printer is on fire' : `Ticket ${i}`,
      description: i === 1 ? '<p>It <b>smokes</b>.</p>' : `Description ${i}`,
      status: statuses[i - 1] ?? 'open',
      priority: ['low', 'medium', 'high'][i % 3] ?? 'medium',
      source: 'web',
      reporter: i % 2 ? 'diamante_2' : 'oro_4',
      ...(i % 3 === 0 ? {} : { assignee: i % 2 ? 1 : 4 }),
      created_at: `2015-07-1${i}T11:25:21+0000`,
      updated_at: `2015-07-1${i}T12:25:21+0000`,
      comments: [],
      attachments: [],
    });
  }
  const first = tickets[0];
  if (first) {
    first.attachments.push({ id: 15, filename: 'screen.png', hash: 'aa11', data: Buffer.from('PNGDATA') });
    first.comments.push(
      { id: 102, author: 'oro_1', content: 'Looking into it', private: true, created_at: '2015-07-18T10:00:00+0000', attachments: [] },
      {
        id: 101,
        author: 'diamante_2',
        content: 'Any news?',
        private: false,
        created_at: '2015-07-18T09:00:00+0000',
        attachments: [{ id: 12, filename: 'log.txt', hash: 'bb22', data: Buffer.from('log line') }],
      },
    );
  }
  return tickets;
}

/** PHP's `base64_decode($nonce) . $created . $secret`, sha1 raw, base64: written apart from the provider's. */
export function expectedDigest(nonce: string, created: string, key: string): string {
  const material = Buffer.concat([Buffer.from(nonce, 'base64'), Buffer.from(created + key, 'utf8')]);
  return createHash('sha1').update(material).digest().toString('base64');
}

export async function startFakeDiamante(): Promise<FakeDiamante> {
  const state: Omit<FakeDiamante, 'url' | 'close'> = {
    requests: [],
    tickets: seedTickets(),
    skewMs: 0,
    authStyle: 'oro',
    username: USERNAME,
    docUsers: false,
    forceFuture: 0,
    unavailable: 0,
    htmlRoutes: new Set(),
    xmlRoutes: new Set(),
    missingRoutes: new Set(),
    forbiddenRoutes: new Set(),
    refuseOnCreate: [],
    dropUploads: false,
    delayMs: 0,
    peakConcurrency: 0,
  };
  const usedNonces = new Set<string>();
  let inFlight = 0;
  let nextId = 500;
  let origin = '';

  const serverNow = (): number => Date.now() + state.skewMs;
  const keyOf = (ticket: FakeTicket): string => `${BRANCHES.find((b) => b.id === ticket.branch)?.key ?? 'X'}-${ticket.seq}`;
  const attachmentJson = (a: FakeAttachment) => ({
    id: a.id,
    created_at: '2015-07-17T11:25:53+0000',
    updated_at: '2015-07-17T11:25:53+0000',
    // As the vendor's examples: an inner host name, which the provider must not call.
    file: { url: `http://localhost/desk/attachments/download/file/${a.hash}`, filename: a.filename },
  });
  const commentJson = (ticket: FakeTicket, c: FakeComment) => {
    const [type, id] = c.author.split('_');
    return { attachments: c.attachments.map(attachmentJson), author: Number(id), author_type: type, content: c.content, created_at: c.created_at, id: c.id, private: c.private, ticket: ticket.id };
  };
  const ticketJson = (t: FakeTicket, detail: boolean) => ({
    ...(t.assignee !== undefined && { assignee: t.assignee }),
    branch: t.branch,
    created_at: t.created_at,
    id: t.id,
    key: keyOf(t),
    priority: t.priority,
    reporter: t.reporter,
    source: t.source,
    status: t.status,
    subject: t.subject,
    updated_at: t.updated_at,
    ...(detail && { description: t.description, comments: t.comments.map((c) => commentJson(t, c)), attachments: t.attachments.map(attachmentJson) }),
  });

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      date: new Date(serverNow()).toUTCString(),
      ...(body !== undefined && typeof body !== 'string' && { 'content-type': 'application/json' }),
      ...headers,
    });
    res.end(text);
  };

  const refuse = (res: ServerResponse, recorded: RecordedRequest, reason: string): void => {
    recorded.auth = reason;
    if (state.authStyle === 'diamante') send(res, 401, { message: reason });
    else send(res, 401, undefined, { 'www-authenticate': 'WSSE realm="Secured API", profile="UsernameToken"' });
  };

  /** The WSSE check; answers the 401 itself and returns false when refused. */
  const authenticate = (req: IncomingMessage, res: ServerResponse, recorded: RecordedRequest): boolean => {
    const match = WSSE_PATTERN.exec(String(req.headers['x-wsse'] ?? ''));
    if (!match || req.headers['authorization'] !== 'WSSE profile="UsernameToken"') {
      refuse(res, recorded, 'No WSSE header');
      return false;
    }
    const [, username = '', digest = '', nonce = '', created = ''] = match;
    recorded.nonce = nonce;
    recorded.created = created;
    const createdMs = Date.parse(created);
    const nowSecond = Math.floor(serverNow() / 1000) * 1000;
    if (Number.isNaN(createdMs)) return refuse(res, recorded, 'Incorrectly formatted "created" in token.'), false;
    if (createdMs > nowSecond) return refuse(res, recorded, 'Future token detected.'), false;
    if (nowSecond - createdMs > 3_600_000) return refuse(res, recorded, 'Token has expired.'), false;
    if (usedNonces.has(nonce)) return refuse(res, recorded, 'Previously used nonce detected.'), false;
    usedNonces.add(nonce);
    if (username !== state.username || digest !== expectedDigest(nonce, created, API_KEY)) return refuse(res, recorded, 'WSSE authentication failed.'), false;
    if (state.forceFuture > 0) {
      state.forceFuture--;
      return refuse(res, recorded, 'Future token detected.'), false;
    }
    recorded.auth = 'ok';
    return true;
  };

  const paged = <T>(res: ServerResponse, url: URL, items: T[]): void => {
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const limit = Math.max(1, Number(url.searchParams.get('limit') ?? 25));
    const last = Math.ceil(items.length / limit);
    const link = (p: number, rel: string) => `<${origin}${url.pathname}?limit=${limit}&page=${p}>; rel="${rel}"`;
    const links: string[] = [];
    if (last > 1) {
      if (page > 1) links.push(link(1, 'first'));
      if (page < last) links.push(link(last, 'last'), link(page + 1, 'next'));
      if (page > 1) links.push(link(page - 1, 'previous'));
    }
    send(res, 200, items.slice((page - 1) * limit, page * limit), { 'x-total': String(items.length), link: links.join(', ') });
  };

  const findTicket = (ref: string): FakeTicket | undefined =>
    state.tickets.find((t) => String(t.id) === ref || keyOf(t) === ref);

  const route = (req: IncomingMessage, res: ServerResponse, url: URL, recorded: RecordedRequest): void => {
    const r = recorded.route;
    const method = recorded.method;
    const body = (recorded.json ?? {}) as Record<string, unknown>;
    const q = url.searchParams;
    let m: RegExpExecArray | null;
    if (method === 'GET' && r === 'user/filter') {
      const user = AGENTS.find((a) => a.username === q.get('username') || a.email === q.get('email'));
      return user ? send(res, 200, { ...user, enabled: true }) : send(res, 404, '');
    }
    if (method === 'GET' && r === 'users') return send(res, 200, AGENTS);
    if (method === 'GET' && r === '/api/userprofile') {
      // OroPlatform 2's JSON:API: the signed-in user, only for the JSON:API media type.
      if (!String(req.headers['accept']).includes('application/vnd.api+json')) return send(res, 406, { error: 'Not acceptable' });
      const { id, ...attributes } = AGENTS.find((a) => a.username === state.username || a.email === state.username) ?? AGENTS[0]!;
      return send(res, 200, { data: { type: 'userprofile', id: String(id), attributes } }, { 'content-type': 'application/vnd.api+json' });
    }
    if (method === 'GET' && r === 'desk/users') {
      const agents = AGENTS.map((a) => ({ id: a.id, email: a.email, first_name: a.firstName, last_name: a.lastName }));
      return paged(res, url, state.docUsers ? agents : CUSTOMERS);
    }
    if (method === 'GET' && (m = /^desk\/users\/(\d+)$/.exec(r))) {
      const user = CUSTOMERS.find((c) => String(c.id) === m?.[1]);
      return user ? send(res, 200, user) : send(res, 404, { error: 'User not found.' });
    }
    if (method === 'GET' && (m = /^desk\/users\/([^/]+%40[^/]+)\/$/i.exec(r))) {
      const user = CUSTOMERS.find((c) => c.email === decodeURIComponent(m?.[1] ?? ''));
      return user ? send(res, 200, user) : send(res, 404, { error: 'User not found.' });
    }
    if (method === 'GET' && r === 'desk/branches') return paged(res, url, BRANCHES);
    if (method === 'GET' && (r === 'desk/tickets' || r === 'desk/tickets/search')) {
      let list = [...state.tickets];
      for (const name of ['status', 'priority', 'assignee', 'branch']) {
        const value = q.get(name);
        if (value) list = list.filter((t) => String(t[name as keyof FakeTicket]) === value);
      }
      const text = q.get(r.endsWith('search') ? 'q' : 'subject');
      if (text) list = list.filter((t) => t.subject.includes(text) || (r.endsWith('search') && t.description.includes(text)));
      if (q.get('order') === 'desc') list.reverse();
      return paged(res, url, list.map((t) => ticketJson(t, false)));
    }
    if ((m = /^desk\/tickets\/([^/]+)$/.exec(r))) {
      const ticket = findTicket(m[1] ?? '');
      if (!ticket) return send(res, 404, { error: 'Ticket loading failed, ticket not found.' });
      if (method === 'GET') return send(res, 200, ticketJson(ticket, true));
      if (method === 'PATCH') {
        for (const [name, value] of Object.entries(body)) {
          if (!['status', 'priority', 'assignee', 'branch', 'subject'].includes(name)) {
            return send(res, 500, { error: `Ticket does not have "${name}" property.` });
          }
          // Ticket::updateProperties stores the value as is; Doctrine wants the entity, not its id.
          if ((name === 'assignee' || name === 'branch') && value !== null) {
            const entity = name === 'assignee' ? 'Oro\\Bundle\\UserBundle\\Entity\\User' : 'Diamante\\DeskBundle\\Entity\\Branch';
            return send(res, 500, { error: `Expected value of type "${entity}" for association field "Diamante\\DeskBundle\\Entity\\Ticket#$${name}", got "integer" instead.` });
          }
          if (name === 'assignee') delete ticket.assignee;
          else Object.assign(ticket, { [name]: value });
        }
        return send(res, 200, ticketJson(ticket, true));
      }
    }
    if (method === 'POST' && r === 'desk/tickets') {
      const required = ['branch', 'subject', 'description', 'status', 'priority', 'source', 'reporter'];
      const missing = [...required.filter((f) => body[f] === undefined || body[f] === ''), ...state.refuseOnCreate];
      if (missing.length > 0) {
        const dump = missing.map((f) => `Object(Diamante\\DeskBundle\\Api\\Command\\CreateTicketCommand).${f}:\n    This is a required field\n`).join('');
        return send(res, 500, { error: dump });
      }
      const id = nextId++;
      const ticket: FakeTicket = {
        id,
        branch: Number(body.branch),
        seq: id,
        subject: String(body.subject),
        description: String(body.description),
        status: String(body.status),
        priority: String(body.priority),
        source: String(body.source),
        reporter: String(body.reporter),
        ...(typeof body.assignee === 'number' && { assignee: body.assignee }),
        created_at: '2024-01-01T10:00:00+0000',
        updated_at: '2024-01-01T10:00:00+0000',
        comments: [],
        attachments: [],
      };
      state.tickets.push(ticket);
      return send(res, 201, ticketJson(ticket, true), { location: `${origin}${ROOT}desk/tickets/${id}` });
    }
    if (method === 'POST' && r === 'desk/comments') {
      const ticket = findTicket(String(body.ticket));
      if (!ticket) return send(res, 404, { error: 'Ticket loading failed, ticket not found.' });
      for (const f of ['content', 'author', 'ticketStatus']) {
        if (typeof body[f] !== 'string') return send(res, 400, { error: `${f} is required` });
      }
      const comment: FakeComment = { id: nextId++, author: String(body.author), content: String(body.content), private: body.private === true, created_at: '2024-01-02T10:00:00+0000', attachments: [] };
      ticket.comments.push(comment);
      return send(res, 201, commentJson(ticket, comment));
    }
    if (method === 'POST' && (m = /^desk\/(comments|tickets)\/(\d+)\/attachments$/.exec(r))) {
      const input = (state.dropUploads ? [] : (body.attachmentsInput ?? [])) as Array<{ filename: string; content: string }>;
      const target =
        m[1] === 'tickets'
          ? findTicket(m[2] ?? '')
          : state.tickets.flatMap((t) => t.comments).find((c) => String(c.id) === m?.[2]);
      if (!target) return send(res, 404, { error: 'Not found.' });
      const created = input.map((a) => ({ id: nextId++, filename: a.filename, hash: `h${nextId}`, data: Buffer.from(a.content, 'base64') }));
      target.attachments.push(...created);
      return send(res, 201, created.map(attachmentJson));
    }
    send(res, 404, { error: `No route ${method} ${r}` });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      route: url.pathname.startsWith(ROOT) ? url.pathname.slice(ROOT.length) : url.pathname,
      query: url.searchParams,
      headers: req.headers,
      json: raw === '' ? undefined : (JSON.parse(raw) as unknown),
      auth: 'none',
    };
    state.requests.push(recorded);
    inFlight++;
    state.peakConcurrency = Math.max(state.peakConcurrency, inFlight);
    try {
      if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
      // The attachment download route is outside the API firewall (anonymous, by hash).
      const file = /^\/desk\/attachments\/download\/file\/(\w+)$/.exec(url.pathname);
      if (file) {
        const found = state.tickets.flatMap((t) => [...t.attachments, ...t.comments.flatMap((c) => c.attachments)]).find((a) => a.hash === file[1]);
        recorded.auth = req.headers['x-wsse'] ? 'sent' : 'none';
        if (!found) return send(res, 404, '');
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${found.filename}"` });
        return void res.end(found.data);
      }
      if (!authenticate(req, res, recorded)) return;
      // After the firewall, as on the real server: the nonce of a failed attempt is spent.
      if (recorded.method === 'GET' && state.unavailable > 0) {
        state.unavailable--;
        return send(res, 503, '<html><body>Service Unavailable</body></html>', { 'content-type': 'text/html' });
      }
      if (state.missingRoutes.has(recorded.route)) return send(res, 404, { error: 'No route found' });
      if (state.forbiddenRoutes.has(recorded.route)) return send(res, 403, { error: 'Forbidden' });
      if (state.htmlRoutes.has(recorded.route)) return send(res, 200, '<!DOCTYPE html><html><head><title>Login</title></head><body>Please log in</body></html>', { 'content-type': 'text/html' });
      if (state.xmlRoutes.has(recorded.route)) return send(res, 200, '<?xml version="1.0"?><result><entry>x</entry></result>', { 'content-type': 'application/xml' });
      route(req, res, url, recorded);
    } finally {
      inFlight--;
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  const fake = state as FakeDiamante;
  fake.url = origin;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

export interface TestProvider {
  provider: DiamanteDeskProvider;
  logLines: string[];
}

/** A provider on the real HttpClient pointed at `fake`, logging into `logLines`. */
export function providerFor(
  fake: FakeDiamante,
  options: DiamanteDeskProviderOptions = {},
  credentials: Credentials = { username: USERNAME, secret: API_KEY },
  config: Record<string, unknown> = {},
): TestProvider {
  const logLines: string[] = [];
  const log: Logger = {
    trace: () => undefined,
    debug: () => undefined,
    info: (line) => logLines.push(line),
    warn: (line) => logLines.push(line),
    error: (line) => logLines.push(String(line)),
  };
  const context: ProviderContext = {
    config: { id: 'dd', label: 'DD', type: 'diamantedesk', baseUrl: fake.url, ...config },
    credentials,
    log,
    http: { timeoutMs: 5000, retryBaseDelayMs: 1 },
  };
  return { provider: new DiamanteDeskProvider(context, options), logLines };
}

describe('diamantedesk fake server (test helper)', () => {
  it('computes digests over the decoded nonce, as the PHP guards do', () => {
    // Vector computed once with: (printf '\xd3\x6e...'; printf CREATED; printf KEY) | openssl dgst -sha1 -binary | base64
    assert.equal(expectedDigest('024xYoKVmp7UyJhRSXpxfw==', '2015-07-17T11:25:21Z', 'a1b2c3d4e5f6apikey'), 'PtIRhKTEL8JkAPzaD2uJt/v/aU8=');
  });

  it('refuses a request without WSSE with an empty 401 and the server Date', async () => {
    const fake = await startFakeDiamante();
    try {
      const response = await fetch(`${fake.url}${ROOT}desk/branches`);
      assert.equal(response.status, 401);
      assert.equal(await response.text(), '');
      assert.match(response.headers.get('www-authenticate') ?? '', /^WSSE /);
      assert.ok(response.headers.get('date'));
    } finally {
      await fake.close();
    }
  });
});
