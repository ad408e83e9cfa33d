// The agent tools over real Connections (the guards the tree and panel use) with fake
// providers: bounded results for huge tickets, the one-line part of a helpdesk that is down
// or refuses its credentials while the others answer, the per-instance timeout, the opt-out
// and the master switch, a rejected credential never sent again, and a draft that never sends.
import assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { silentLogger } from '../../src/helpdesk/log';
import type { Message, Page, Ticket, TicketQuery } from '../../src/helpdesk/model';
import type { HelpdeskProvider, ProviderDescriptor } from '../../src/helpdesk/provider';
import { ToolAccess } from '../../src/ui/agentTools/access';
import { DraftReplyTool, fenced } from '../../src/ui/agentTools/draftReplyTool';
import { GetTicketTool, type ResultScrubber } from '../../src/ui/agentTools/getTicketTool';
import { MAX_MESSAGE_CHARS, MAX_TICKET_RESULT_CHARS } from '../../src/ui/agentTools/limits';
import { type ActiveCodeSource, LinkedTicketsTool } from '../../src/ui/agentTools/linkedTicketsTool';
import { SearchTicketsTool } from '../../src/ui/agentTools/searchTool';
import { TicketReader } from '../../src/ui/agentTools/ticketReader';
import { ToolRefusal } from '../../src/ui/agentTools/types';
import { scrubHome, scrubLocal } from '../../src/ui/agentTools/untrusted';
import { Connections } from '../../src/ui/instances/connections';
import { createDescriptorCatalog } from '../../src/ui/instances/descriptors';
import { validateInstances } from '../../src/ui/instances/instanceValidation';
import { testCapabilities } from '../support/capabilities';
import { MemoryCredentials } from '../support/uiLayer';

interface FakeHelpdesk {
  requests: string[];
  messages: number;
  bodyOf?: (n: number) => string;
  whoAmIError?: HelpdeskError;
  /** Never answers a ticket list. */
  hang?: boolean;
}

const SECRET = 'sk-live-0123456789abcdef';

function ticket(id: string): Ticket {
  return {
    id,
    ref: `#${id}`,
    subject: `Printer on fire ${id}`,
    status: { id: 'st-open', name: 'Open', kind: 'open' },
    requester: { id: 'c1', name: 'Alice Customer', email: 'alice@example.com' },
    createdAt: '2026-12-01T10:00:00Z',
    updatedAt: '2026-12-02T10:00:00Z',
  };
}

function setup(options: { ids?: string[]; entries?: Array<Record<string, unknown>>; enabled?: () => boolean; timeoutMs?: number; replyUnavailable?: string } = {}) {
  const helpdesks = new Map<string, FakeHelpdesk>();
  const helpdesk = (id: string): FakeHelpdesk => {
    let found = helpdesks.get(id);
    if (!found) {
      found = { requests: [], messages: 3 };
      helpdesks.set(id, found);
    }
    return found;
  };
  const descriptor: ProviderDescriptor = {
    type: 'jitbit',
    names: ['Jitbit'],
    urlPlaceholder: 'https://x',
    credentialPrompt: { secret: { prompt: 'Key' } },
    lockoutWarning: 'Jitbit blocks the address after three failed logins.',
    normalizeBaseUrl: (input) => new URL(input).href.replace(/\/$/, ''),
    create(context): HelpdeskProvider {
      const fake = helpdesk(context.config.id);
      const never = new Promise<never>(() => undefined);
      const provider: HelpdeskProvider = {
        type: 'jitbit',
        capabilities: testCapabilities({ views: [{ kind: 'open', label: 'Open' }, { kind: 'mine', label: 'Mine' }], ...(options.replyUnavailable !== undefined && { replyUnavailable: options.replyUnavailable }) }),
        whoAmI: async () => {
          fake.requests.push('whoAmI');
          if (fake.whoAmIError) throw fake.whoAmIError;
          return { id: 'me', name: 'Agent' };
        },
        listTickets: async (query: TicketQuery, _cursor?: string, pageSize = 50): Promise<Page<Ticket>> => {
          fake.requests.push(`list ${JSON.stringify(query)} ${pageSize}`);
          if (fake.hang) return never;
          return { items: [ticket('1'), ticket('2')], total: 2 };
        },
        getTicket: async (id) => {
          fake.requests.push(`get ${id}`);
          return ticket(id);
        },
        listMessages: async (ticketId, cursor): Promise<Page<Message>> => {
          fake.requests.push(`messages ${ticketId} ${cursor ?? '-'}`);
          const start = Number(cursor ?? 0);
          const size = 100;
          const items = Array.from({ length: Math.max(0, Math.min(size, fake.messages - start)) }, (_, i): Message => {
            const n = start + i + 1;
            return {
              id: String(n),
              author: { id: n % 2 ? 'c1' : 'a1', name: n % 2 ? 'Alice Customer' : 'Bob Agent', isAgent: n % 2 === 0 },
              createdAt: '2026-12-01T10:00:00Z',
              body: fake.bodyOf?.(n) ?? `<p>Message number ${n}</p>`,
              format: 'html',
              internal: false,
              attachments: n === 1 ? [{ id: 'f', name: '../../../home/dev/.ssh/id_rsa', size: 2048, downloadRef: 'https://helpdesk.example/secret-download' }] : [],
            };
          });
          return start + size < fake.messages ? { items, next: String(start + size) } : { items };
        },
        reply: async () => {
          fake.requests.push('reply');
          throw new Error('a tool must never send');
        },
        createTicket: async () => {
          fake.requests.push('create');
          throw new Error('a tool must never create');
        },
        updateTicket: async () => {
          fake.requests.push('update');
          throw new Error('a tool must never change a ticket');
        },
        referenceData: async () => {
          fake.requests.push('reference');
          return { statuses: [{ id: 'st-open', name: 'Open', kind: 'open' }, { id: 'st-closed', name: 'Closed', kind: 'closed' }], priorities: [], departments: [], agents: [] };
        },
        download: async () => {
          throw new Error('no downloads');
        },
        dispose: async () => undefined,
      };
      return provider;
    },
  };
  const catalog = createDescriptorCatalog([descriptor]);
  const credentials = new MemoryCredentials();
  const ids = options.ids ?? ['alpha', 'beta'];
  for (const id of ids) credentials.values.set(id, { secret: SECRET, username: 'agent' });
  const connections = new Connections({ catalog, credentials, log: silentLogger, transport: () => ({ timeoutMs: 1000, strictSSL: true, userAgent: 't' }) });
  connections.setEntries(
    validateInstances(options.entries ?? ids.map((id) => ({ id, label: `${id} desk`, type: 'jitbit', baseUrl: `https://${id}.helpdesk.example` })), catalog),
  );
  const access = new ToolAccess({
    connections,
    instancesReady: async () => undefined,
    enabled: options.enabled ?? (() => true),
    timeoutMs: () => options.timeoutMs ?? 2_000,
  });
  const scrub: ResultScrubber = {
    own: (text) => scrubLocal(text, { workspaceFolders: ['/work/project'], homeDir: '/home/dev', settingsValues: ids.map((id) => ({ value: `https://${id}.helpdesk.example`, replacement: `the "${id}" helpdesk` })) }),
    all: (text) => scrubHome(text, { workspaceFolders: ['/work/project'], homeDir: '/home/dev' }),
  };
  const reader = new TicketReader(access);
  const drafts: Array<{ instanceId: string; ticketId: string; markdown: string }> = [];
  const panels = { addToDraft: async (instanceId: string, ticketId: string, addition: { markdown: string }) => void drafts.push({ instanceId, ticketId, markdown: addition.markdown }) };
  return {
    helpdesk,
    credentials,
    connections,
    drafts,
    search: new SearchTicketsTool(access, scrub),
    get: new GetTicketTool(access, reader, scrub),
    draft: new DraftReplyTool(access, reader, panels),
    linked: (code: ActiveCodeSource) => new LinkedTicketsTool(access, code, scrub),
  };
}

async function refused(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => error instanceof ToolRefusal && pattern.test(error.message));
}

describe('agent tools: get a ticket', () => {
  it('returns the header and conversation as quoted plain text, attachments by name only', async () => {
    const t = setup();
    const result = await t.get.invoke(t.get.parse({ instance: 'alpha', ticket: '#7' }));
    assert.match(result, /^Ticket 7 on helpdesk instance "alpha" \(alpha desk\)\./);
    assert.match(result, /<<<HELPDESK-DATA [0-9a-f]{12}\nTicket: #7 \(id 7\)\nSubject: Printer on fire 7\nStatus: Open \(open\)/);
    assert.match(result, /--- Message 1 of 3 · 2026-12-01T10:00:00Z · Alice Customer \(customer\)\nAttachments: id_rsa \(2\.0 KB\)\nMessage number 1/);
    assert.ok(!result.includes('secret-download'), 'no download address');
    assert.ok(!result.includes('/home/dev'), 'no local path');
    assert.ok(!result.includes(SECRET), 'no credential');
    assert.ok(!result.includes('alpha.helpdesk.example'), 'no settings value');
    // Same requests as opening the ticket: the ticket, then the conversation.
    assert.deepEqual(t.helpdesk('alpha').requests, ['whoAmI', 'get 7', 'messages 7 -']);
  });

  it('reuses what it read: a second call sends nothing', async () => {
    const t = setup();
    await t.get.invoke(t.get.parse({ instance: 'alpha', ticket: '7' }));
    const before = t.helpdesk('alpha').requests.length;
    await t.get.invoke(t.get.parse({ instance: 'alpha', ticket: '7', maxMessages: 2 }));
    assert.equal(t.helpdesk('alpha').requests.length, before);
  });

  it('cuts a 10,000-message ticket to the latest messages, with a note of what was left out', async () => {
    const t = setup();
    t.helpdesk('alpha').messages = 10_000;
    const result = await t.get.invoke(t.get.parse({ instance: 'alpha', ticket: '9' }));
    assert.ok(result.length <= MAX_TICKET_RESULT_CHARS, `${result.length} characters`);
    assert.equal(result.match(/--- Message /g)?.length, 20);
    assert.match(result, /--- Message 9,981 of 10,000/);
    assert.match(result, /--- Message 10,000 of 10,000/);
    assert.match(result, /Showing the latest 20 of 10,000 messages \(9,981 to 10,000\); 9,980 earlier messages were left out\./);
  });

  it('bounds 5 MB bodies: each message cut, the whole result bounded, the cut said', async () => {
    const t = setup();
    t.helpdesk('alpha').messages = 30;
    t.helpdesk('alpha').bodyOf = (n) => `<p>${`Body ${n} `.repeat(Math.ceil((5 * 1024 * 1024) / 8))}</p>`;
    const result = await t.get.invoke(t.get.parse({ instance: 'alpha', ticket: '3', maxMessages: 50 }));
    assert.ok(result.length <= MAX_TICKET_RESULT_CHARS, `${result.length} characters`);
    const messageTexts = (result.split('>>>END-HELPDESK-DATA')[0] ?? '').split('--- Message ').slice(1);
    assert.ok(messageTexts.length >= 2 && messageTexts.length < 30, `${messageTexts.length} messages fit`);
    for (const text of messageTexts) assert.ok(text.length <= MAX_MESSAGE_CHARS + 300);
    assert.match(result, /Message 30: its body had 5,24\d,\d{3} characters; only the beginning is shown\./);
    assert.match(result, /earlier messages were left out/);
  });

  it('refuses an instance opted out with "agentTools": false, with the reason, and sends nothing', async () => {
    const t = setup({ entries: [{ id: 'alpha', type: 'jitbit', baseUrl: 'https://alpha.helpdesk.example', agentTools: false }], ids: ['alpha'] });
    await refused(t.get.invoke(t.get.parse({ instance: 'alpha', ticket: '1' })), /not available to agent tools: its settings say "agentTools": false/);
    await refused(t.draft.invoke(t.draft.parse({ instance: 'alpha', ticket: '1', text: 'Hi' })), /"agentTools": false/);
    assert.equal((await t.draft.prepare(t.draft.parse({ instance: 'alpha', ticket: '1', text: 'Hi' }))).confirmation, undefined, 'nothing to confirm');
    await refused(t.search.invoke(t.search.parse({ instance: 'alpha' })), /"agentTools": false/);
    await refused(t.search.invoke(t.search.parse({})), /opted out/);
    assert.deepEqual(t.helpdesk('alpha').requests, []);
  });

  it('refuses everything while helpdesk.agentTools.enabled is off', async () => {
    const t = setup({ enabled: () => false });
    await refused(t.get.invoke(t.get.parse({ instance: 'alpha', ticket: '1' })), /turned off \(setting helpdesk\.agentTools\.enabled\)/);
    await refused(t.search.invoke(t.search.parse({})), /turned off/);
    await refused(t.linked({ current: async () => ({ relativePath: 'a.ts', links: [] }) }).invoke({}), /turned off/);
    assert.deepEqual(t.helpdesk('alpha').requests, []);
  });
});

describe('agent tools: search across helpdesks', () => {
  it('asks every instance at once and lists each one\'s tickets as quoted data', async () => {
    const t = setup();
    const result = await t.search.invoke(t.search.parse({ text: 'printer' }));
    assert.match(result, /Instance "alpha" \(alpha desk\): 2 tickets\.\n<<<HELPDESK-DATA/);
    assert.match(result, /Instance "beta" \(beta desk\): 2 tickets\./);
    assert.match(result, /- id 1 · ref #1 · status Open · subject: Printer on fire 1 · requester: Alice Customer <alice@example\.com> · last activity 2026-12-02T10:00:00Z/);
    assert.ok(t.helpdesk('alpha').requests.includes('list {"search":"printer"} 20'));
  });

  it('a helpdesk that rejects the credentials says so in one line; the others answer; it is never asked again', async () => {
    const t = setup();
    t.helpdesk('beta').whoAmIError = new HelpdeskError('auth', 'Invalid username or password.', { status: 401 });
    const first = await t.search.invoke(t.search.parse({}));
    assert.match(first, /Instance "alpha" \(alpha desk\): 2 tickets \(the "open" list\)\./);
    const line = first.split('\n').find((text) => text.startsWith('Instance "beta"'));
    assert.match(line ?? '', /^Instance "beta" \(beta desk\): no results: Credentials rejected: .*not retried by the tools/);
    assert.deepEqual(t.helpdesk('beta').requests, ['whoAmI']);
    assert.equal(t.credentials.values.get('beta')?.rejected, true);
    // Later calls, of every tool: no request with the rejected credential (Jitbit's lockout).
    await t.search.invoke(t.search.parse({ text: 'x' }));
    await assert.rejects(t.get.invoke(t.get.parse({ instance: 'beta', ticket: '1' })), /Credentials rejected/);
    await assert.rejects(t.draft.invoke(t.draft.parse({ instance: 'beta', ticket: '1', text: 'Hi' })), /rejected/);
    assert.deepEqual(t.helpdesk('beta').requests, ['whoAmI']);
    assert.ok(!first.includes(SECRET));
  });

  it('a helpdesk that does not answer within the per-instance timeout gets one line; the others answer', async () => {
    const t = setup({ timeoutMs: 200 });
    t.helpdesk('beta').hang = true;
    const started = Date.now();
    const result = await t.search.invoke(t.search.parse({ view: 'mine' }));
    assert.ok(Date.now() - started < 2_000);
    assert.match(result, /Instance "alpha" \(alpha desk\): 2 tickets\./);
    assert.match(result, /Instance "beta" \(beta desk\): no results: beta desk did not answer within 0 s\./);
  });

  it('finds a status by its name and asks for its id; an unknown one is answered with the statuses', async () => {
    const t = setup({ ids: ['alpha'] });
    await t.search.invoke(t.search.parse({ status: 'closed' }));
    assert.ok(t.helpdesk('alpha').requests.includes('list {"status":"st-closed"} 20'));
    const result = await t.search.invoke(t.search.parse({ status: 'Frozen' }));
    assert.match(result, /no results: No status "Frozen" here; its statuses: Open, Closed\./);
  });

  it('says when a helpdesk lacks the list asked for', async () => {
    const t = setup({ ids: ['alpha'] });
    const result = await t.search.invoke(t.search.parse({ view: 'pending' }));
    assert.match(result, /no results: This helpdesk has no "pending" list; it has open, mine\./);
    assert.throws(() => t.search.parse({ view: 'everything' }), /"view" must be one of/);
  });
});

describe('agent tools: draft a reply', () => {
  it('asks to confirm, naming the ticket and showing the text as code', async () => {
    const t = setup();
    await t.get.invoke(t.get.parse({ instance: 'alpha', ticket: '5' }));
    const prepared = await t.draft.prepare(t.draft.parse({ instance: 'alpha', ticket: '5', text: 'Fixed in 2.1 ![x](https://evil.example/p.png)' }));
    assert.equal(prepared.confirmation?.title, 'Draft a reply in ticket #5 "Printer on fire 5" on alpha desk?');
    assert.match(prepared.confirmation?.message ?? '', /\*\*Nothing is sent\*\*/);
    assert.ok(prepared.confirmation?.message.includes('```text\nFixed in 2.1 ![x](https://evil.example/p.png)\n```'));
    assert.equal(fenced('a ``` b'), '````text\na ``` b\n````');
  });

  it('puts the text into the ticket\'s draft and never sends, creates or changes anything', async () => {
    const t = setup();
    const result = await t.draft.invoke(t.draft.parse({ instance: 'alpha', ticket: '#5', text: 'Fixed in 2.1.' }));
    assert.deepEqual(t.drafts, [{ instanceId: 'alpha', ticketId: '5', markdown: 'Fixed in 2.1.' }]);
    assert.match(result, /Nothing was sent/);
    assert.ok(!t.helpdesk('alpha').requests.some((request) => /reply|create|update/.test(request)), t.helpdesk('alpha').requests.join());
    assert.throws(() => t.draft.parse({ instance: 'alpha', ticket: '5', text: 'x'.repeat(20_001) }), /longer than 20,000/);
  });

  it('refuses, with the helpdesk\'s reason, where this instance cannot take replies', async () => {
    const t = setup({ replyUnavailable: 'Replies need a TECH token.' });
    await refused(t.draft.invoke(t.draft.parse({ instance: 'alpha', ticket: '5', text: 'Hi' })), /No reply can be drafted on "alpha": Replies need a TECH token\./);
    assert.deepEqual(t.drafts, []);
  });
});

describe('agent tools: tickets linked to the active code', () => {
  const link = (instanceId: string, id: string, startLine: number, endLine: number) => ({
    ticket: { instanceId, id, ref: `#${id}`, subject: `Subject ${id}` },
    startLine,
    endLine,
    stale: false,
  });

  it('lists the links touching the selection, by workspace-relative path, and none of an opted-out helpdesk', async () => {
    const t = setup({
      ids: ['alpha', 'beta'],
      entries: [
        { id: 'alpha', type: 'jitbit', baseUrl: 'https://alpha.helpdesk.example' },
        { id: 'beta', type: 'jitbit', baseUrl: 'https://beta.helpdesk.example', agentTools: false },
      ],
    });
    const tool = t.linked({
      current: async () => ({ relativePath: 'src/billing.ts', selection: { startLine: 10, endLine: 12 }, links: [link('alpha', '1', 11, 14), link('alpha', '2', 40, 41), link('beta', '3', 9, 10)] }),
    });
    const result = await tool.invoke({});
    assert.match(result, /^Code links in lines 10–12 of src\/billing\.ts: 1 linked ticket\./);
    assert.match(result, /- instance "alpha" · ticket id 1 · ref #1 · subject: Subject 1 · linked lines 11–14/);
    assert.ok(!result.includes('Subject 3'));
    assert.match(result, /1 link to helpdesks not available to the tools/);
    assert.match(result, /1 more link outside the selection/);
    const all = await tool.invoke({ selectionOnly: false });
    assert.match(all, /2 linked tickets/);
  });

  it('names no file outside the workspace', async () => {
    const t = setup();
    const result = await t.linked({ current: async () => ({ links: [] }) }).invoke({});
    assert.equal(result, 'The active file is not in the workspace; code links are kept only for workspace files.');
  });
});
