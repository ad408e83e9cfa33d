// A small scripted Jitbit API for the unit tests: the documented routes with fixed data,
// every request recorded (method, route, query, headers, form or multipart fields), and a
// few switches for failures. Loopback HTTP, so the real HttpClient is exercised too.
// The full simulator (src/sandbox/jitbit) is what the contract test uses.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface RecordedRequest {
  method: string;
  /** Lower-cased route after /helpdesk/api/, e.g. `tickets`. */
  route: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  contentType: string;
  fields: Record<string, string>;
  files: Array<{ field: string; name: string; size: number }>;
  rawBody: string;
}

export interface FakeTicket {
  id: number;
  subject: string;
  statusId: number;
  status: string;
  priority: number;
  categoryId: number;
  userId: number;
  assignedTo: number | null;
  body: string;
  issueDate: string;
  comments: FakeComment[];
  files: Array<{ id: number; name: string; commentId: number | null; data: string }>;
}

export interface FakeComment {
  id: number;
  userId: number;
  body: string;
  forTechsOnly: boolean;
  isSystem: boolean;
  date: string;
}

export const ME = { UserID: 1, Username: 'admin', Email: 'admin@example.com', FirstName: 'Ada', LastName: 'Admin', IsAdmin: true, IsTech: true };
export const USERS: Record<number, { first: string; last: string; username: string; email: string }> = {
  1: { first: 'Ada', last: 'Admin', username: 'admin', email: 'admin@example.com' },
  7: { first: 'Joe', last: 'Customer', username: 'joe', email: 'joe@example.com' },
  9: { first: 'Tess', last: 'Tech', username: 'tess', email: 'tess@example.com' },
};

export interface FakeJitbit {
  url: string;
  requests: RecordedRequest[];
  tickets: FakeTicket[];
  /** Answers the next N requests with 429 (and this Retry-After, if set). */
  rateLimit: { remaining: number; retryAfter?: string };
  /** Serve an HTML login page for every request, as a non-Jitbit site would. */
  htmlSite: boolean;
  /** Most requests in flight at once. */
  peakConcurrency: number;
  /** Delay before answering, so overlapping requests really overlap. */
  delayMs: number;
  close(): Promise<void>;
}

const GOOD_BASIC = `Basic ${Buffer.from('admin:s3cret-pass', 'utf8').toString('base64')}`;
const GOOD_DOMAIN_BASIC = `Basic ${Buffer.from('CORP\\admin:s3cret-pass', 'utf8').toString('base64')}`;
export const GOOD_TOKEN = 'tok-abcdef123456';

/** Bodies in each format Jitbit stores: HTML, BBCode, broken BBCode. */
const bodies: Record<number, string> = {
  1: '<p>It <b>smokes</b>.</p><img src="https://tracker.example/p.gif" width="1" height="1">',
  2: '[b]Knowledge[/b] base [url=javascript:alert(1)]text[/url]',
  4: '[b]Never closed [url=https://x.example]link & <tag>',
};

function seedTickets(): FakeTicket[] {
  const tickets: FakeTicket[] = [];
  for (let i = 1; i <= 7; i++) {
    tickets.push({
      id: 100 + i,
      subject: `Printer ${i} is on fire`,
      statusId: i === 7 ? 3 : i === 6 ? 5 : (i % 2) + 1,
      status: i === 7 ? 'Closed' : i === 6 ? 'Waiting for customer' : i % 2 ? 'In process' : 'New',
      priority: (i % 4) - 1,
      categoryId: i % 2 ? 11 : 12,
      userId: 7,
      assignedTo: i % 3 === 0 ? null : i % 2 ? 1 : 9,
      body: bodies[i] ?? `Body of ${i}`,
      issueDate: `2024-05-0${i}T10:00:00Z`,
      comments: [],
      files: [],
    });
  }
  const first = tickets[0]!;
  first.comments.push(
    { id: 501, userId: 7, body: 'Any news?\r\nStill smoking.', forTechsOnly: false, isSystem: false, date: '2024-05-02T09:00:00Z' },
    { id: 502, userId: 1, body: '<p>Looking into it</p>', forTechsOnly: true, isSystem: false, date: '2024-05-02T10:00:00Z' },
    { id: 503, userId: 1, body: 'Status changed to In process', forTechsOnly: false, isSystem: true, date: '2024-05-02T10:00:01Z' },
  );
  first.files.push(
    { id: 9001, name: 'photo.png', commentId: null, data: 'PNGDATA' },
    { id: 9002, name: 'log.txt', commentId: 501, data: 'log line' },
  );
  return tickets;
}

function userFields(id: number | null, prefix = '') {
  const user = id === null ? undefined : USERS[id];
  return {
    [`${prefix}FirstName`]: user?.first ?? null,
    [`${prefix}LastName`]: user?.last ?? null,
  };
}

function summary(ticket: FakeTicket) {
  const lastComment = ticket.comments.at(-1)?.date;
  return {
    IssueID: ticket.id,
    Priority: ticket.priority,
    StatusID: ticket.statusId,
    IssueDate: ticket.issueDate,
    Subject: ticket.subject,
    Status: ticket.status,
    CategoryID: ticket.categoryId,
    Category: ticket.categoryId === 11 ? 'Hardware' : 'Software',
    UserID: ticket.userId,
    UserName: USERS[ticket.userId]?.username,
    Email: USERS[ticket.userId]?.email,
    ...userFields(ticket.userId),
    AssignedToUserID: ticket.assignedTo,
    ...userFields(ticket.assignedTo, 'Tech'),
    LastUpdated: lastComment ?? ticket.issueDate,
  };
}

function detail(ticket: FakeTicket) {
  const submitter = USERS[ticket.userId];
  return {
    TicketID: ticket.id,
    Subject: ticket.subject,
    Body: ticket.body,
    Status: ticket.status,
    StatusID: ticket.statusId,
    Priority: ticket.priority,
    CategoryID: ticket.categoryId,
    CategoryName: ticket.categoryId === 11 ? 'Hardware' : 'Software',
    IssueDate: ticket.issueDate,
    UserID: ticket.userId,
    AssignedToUserID: ticket.assignedTo,
    SubmitterUserInfo: { UserID: ticket.userId, Username: submitter?.username, FirstName: submitter?.first, LastName: submitter?.last, Email: submitter?.email },
    AssigneeUserInfo: ticket.assignedTo === null ? null : { UserID: ticket.assignedTo, FirstName: USERS[ticket.assignedTo]?.first, LastName: USERS[ticket.assignedTo]?.last },
    Tags: [{ TagID: 1, Name: 'printer', TagCount: 3 }],
    Attachments: ticket.files.map((file) => ({
      FileID: file.id,
      FileName: file.name,
      FileSize: file.data.length,
      CommentID: file.commentId,
      Url: `https://x.example/helpdesk/File/Get?id=${file.id}`,
    })),
  };
}

function comment(ticket: FakeTicket, c: FakeComment) {
  const user = USERS[c.userId];
  return {
    CommentID: c.id,
    IssueID: ticket.id,
    UserID: c.userId,
    UserName: user?.username,
    Email: user?.email,
    FirstName: user?.first,
    LastName: user?.last,
    IsSystem: c.isSystem,
    CommentDate: c.date,
    ForTechsOnly: c.forTechsOnly,
    Body: c.body,
    Recipients: '',
  };
}

async function readRequest(req: IncomingMessage, url: URL): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const contentType = String(req.headers['content-type'] ?? '');
  const fields: Record<string, string> = {};
  const files: RecordedRequest['files'] = [];
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) fields[key] = value;
  } else if (contentType.startsWith('multipart/form-data')) {
    const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') fields[key] = value;
      else files.push({ field: key, name: value.name, size: value.size });
    }
  }
  const route = url.pathname.replace(/^\/helpdesk\/api\//i, '').toLowerCase();
  return { method: req.method ?? 'GET', route, query: url.searchParams, headers: req.headers, contentType, fields, files, rawBody: raw.toString('utf8') };
}

export async function startFakeJitbit(): Promise<FakeJitbit> {
  const state: Omit<FakeJitbit, 'url' | 'close'> = {
    requests: [],
    tickets: seedTickets(),
    rateLimit: { remaining: 0 },
    htmlSite: false,
    peakConcurrency: 0,
    delayMs: 0,
  };
  let inFlight = 0;
  let nextId = 1000;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    const json = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
    const gz = gzipSync(json);
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
      'content-encoding': 'gzip',
      ...headers,
    });
    res.end(gz);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const recorded = await readRequest(req, url);
    state.requests.push(recorded);
    if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    if (state.htmlSite) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html><head><title>Sign in</title></head><body><form>Log in</form></body></html>');
      return;
    }
    if (state.rateLimit.remaining > 0) {
      state.rateLimit.remaining--;
      send(res, 429, 'Rate limit exceeded', state.rateLimit.retryAfter ? { 'retry-after': state.rateLimit.retryAfter } : {});
      return;
    }
    const auth = String(req.headers.authorization ?? '');
    if (auth !== GOOD_BASIC && auth !== GOOD_DOMAIN_BASIC && auth !== `Bearer ${GOOD_TOKEN}`) {
      send(res, 401, 'Unauthorized');
      return;
    }
    const q = recorded.query;
    const param = (name: string) => q.get(name) ?? recorded.fields[name];
    const ticketOf = () => state.tickets.find((t) => t.id === Number(param('id')));
    const key = `${recorded.method} ${recorded.route}`;
    switch (key) {
      case 'POST authorization':
      case 'GET authorization':
        return send(res, 200, ME);
      case 'GET tickets': {
        const mode = q.get('mode') ?? 'all';
        let list = state.tickets;
        if (mode === 'handledbyme') list = list.filter((t) => t.assignedTo === ME.UserID);
        else if (mode === 'unclosed') list = list.filter((t) => t.statusId !== 3);
        else if (mode === 'unanswered') list = list.filter((t) => t.statusId === 1);
        const statusIds = q.getAll('statusId').map(Number);
        if (statusIds.length > 0) list = list.filter((t) => statusIds.includes(t.statusId));
        const offset = Number(q.get('offset') ?? 0);
        const count = Math.min(300, Number(q.get('count') ?? 10));
        return send(res, 200, list.slice(offset, offset + count).map(summary));
      }
      case 'GET search': {
        // As documented: no paging parameters, every match at once.
        const unknown = [...q.keys()].filter((name) => name !== 'query');
        if (unknown.length > 0) return send(res, 400, `Unknown parameters for GET /api/Search: ${unknown.join(', ')}`);
        const text = (q.get('query') ?? '').toLowerCase();
        return send(res, 200, state.tickets.filter((t) => t.subject.toLowerCase().includes(text)).map(summary));
      }
      case 'GET ticket': {
        const ticket = ticketOf();
        return ticket ? send(res, 200, detail(ticket)) : send(res, 404, 'Ticket not found');
      }
      case 'GET comments': {
        const ticket = ticketOf();
        return ticket ? send(res, 200, [...ticket.comments].reverse().map((c) => comment(ticket, c))) : send(res, 404, 'Ticket not found');
      }
      case 'POST comment': {
        const ticket = ticketOf();
        if (!ticket) return send(res, 404, 'Ticket not found');
        const id = nextId++;
        ticket.comments.push({ id, userId: ME.UserID, body: recorded.fields.body ?? '', forTechsOnly: recorded.fields.forTechsOnly === 'true', isSystem: false, date: '2024-06-01T12:00:00Z' });
        for (const file of recorded.files) ticket.files.push({ id: nextId++, name: file.name, commentId: id, data: 'x'.repeat(file.size) });
        res.writeHead(200);
        res.end();
        return;
      }
      case 'POST ticket': {
        const id = nextId++;
        state.tickets.push({
          id,
          subject: recorded.fields.subject ?? '',
          statusId: 1,
          status: 'New',
          priority: Number(recorded.fields.priorityId ?? 0),
          categoryId: Number(recorded.fields.categoryId),
          userId: Number(recorded.fields.userId ?? ME.UserID),
          assignedTo: recorded.fields.assignedToUserId ? Number(recorded.fields.assignedToUserId) : null,
          body: recorded.fields.body ?? '',
          issueDate: '2024-06-01T12:00:00Z',
          comments: [],
          files: recorded.files.map((file) => ({ id: nextId++, name: file.name, commentId: null, data: 'x'.repeat(file.size) })),
        });
        return send(res, 200, id);
      }
      case 'POST updateticket': {
        const ticket = ticketOf();
        if (!ticket) return send(res, 404, 'Ticket not found');
        const f = recorded.fields;
        if (f.statusId) ticket.statusId = Number(f.statusId);
        if (f.statusId) ticket.status = f.statusId === '2' ? 'In process' : f.statusId === '1' ? 'New' : 'Custom';
        if (f.priority) ticket.priority = Number(f.priority);
        if (f.categoryId) ticket.categoryId = Number(f.categoryId);
        if (f.assignedUserId !== undefined) ticket.assignedTo = f.assignedUserId === '0' ? null : Number(f.assignedUserId);
        res.writeHead(200);
        res.end();
        return;
      }
      case 'POST close': {
        const ticket = ticketOf();
        if (!ticket) return send(res, 404, 'Ticket not found');
        ticket.statusId = 3;
        ticket.status = 'Closed';
        res.writeHead(200);
        res.end();
        return;
      }
      case 'GET categories':
        return send(res, 200, [
          { CategoryID: 11, Name: 'Hardware', NameWithSection: 'IT \\ Hardware', SectionID: 1, Section: 'IT', ForTechsOnly: false },
          { CategoryID: 12, Name: 'Software', NameWithSection: 'Software', SectionID: null, Section: null, ForTechsOnly: false },
        ]);
      case 'GET techsforcategory':
        return send(res, 200, param('id') === '11'
          ? [{ UserID: 1, Username: 'admin', FirstName: 'Ada', LastName: 'Admin', FullName: 'Ada Admin' }]
          : [{ UserID: 9, Username: 'tess', FirstName: 'Tess', LastName: 'Tech' }, { UserID: 1, Username: 'admin', FirstName: 'Ada', LastName: 'Admin' }]);
      case 'GET commenttemplates':
        return send(res, 200, [
          { TemplateId: 1420, Body: 'Please restart the printer.', Name: 'Restart' },
          { TemplateId: 362, Body: '<p>Which <b>app</b>?</p>', Name: 'Which app??' },
        ]);
      case 'GET userbyemail': {
        const entry = Object.entries(USERS).find(([, user]) => user.email === q.get('email'));
        return entry ? send(res, 200, { UserID: Number(entry[0]), Username: entry[1].username, Email: entry[1].email }) : send(res, 404, 'User not found');
      }
      case 'GET attachment': {
        const file = state.tickets.flatMap((t) => t.files).find((f) => f.id === Number(q.get('id')));
        if (!file) return send(res, 404, 'File not found');
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${file.name}"` });
        res.end(file.data);
        return;
      }
      default:
        return send(res, 404, `No route ${key}`);
    }
  };

  const server: Server = createServer((req, res) => {
    inFlight++;
    state.peakConcurrency = Math.max(state.peakConcurrency, inFlight);
    handle(req, res)
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(error));
      })
      .finally(() => inFlight--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake = state as FakeJitbit;
  fake.url = `http://127.0.0.1:${port}/helpdesk`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
