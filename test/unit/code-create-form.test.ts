// The Create Ticket form's host side, driven the way its page drives it: what the page is
// filled with, which files it may attach (and why not), the secret check before sending,
// and exactly what reaches createTicket.
import assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { silentLogger } from '../../src/helpdesk/log';
import type { Ticket, TicketDraft } from '../../src/helpdesk/model';
import type { Capabilities, HelpdeskProvider, ReferenceData } from '../../src/helpdesk/provider';
import { markdownToHtml } from '../../src/helpdesk/render/markdown';
import { renderBody } from '../../src/helpdesk/render';
import type { CodeSnapshot } from '../../src/ui/code/codeSnapshot';
import { CreateTicketFormController, type FormHost, formFieldErrors, type SecretDecision } from '../../src/ui/code/createTicketForm';
import type { FormAttachmentView, FormInit, HostToForm } from '../../src/shared/protocol/createForm';
import type { PickedFile } from '../../src/ui/filePicker';
import { testCapabilities } from '../support/capabilities';

const GITHUB_TOKEN = 'ghp_' + 'R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s9Xy';
const MB = 1024 * 1024;

const capabilities = testCapabilities({ departmentLabel: 'Category', totalCount: false });

const created: Ticket = {
  id: '501',
  ref: 'T-501',
  subject: 'Retry when the token expired',
  status: { id: 'new', name: 'New', kind: 'new' },
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

const SNIPPET = '  // TODO: retry when the token expired\n  return refresh(session);\n';

function snapshot(overrides: Partial<CodeSnapshot> = {}): CodeSnapshot {
  return {
    snippet: { text: SNIPPET, languageId: 'typescript', relativePath: 'src/auth.ts', startLine: 10, endLine: 11 },
    fileName: 'auth.ts',
    documentName: 'auth.ts',
    documentText: `export function auth() {}\n${SNIPPET}`,
    diff: '--- a/src/auth.ts\n+++ b/src/auth.ts\n@@ -1 +1 @@\n-old\n+new\n',
    permalinkNote: 'No permalink: commit 0123456 is not pushed yet.',
    ...overrides,
  };
}

interface Harness {
  form: CreateTicketFormController;
  posted: HostToForm[];
  drafts: TicketDraft[];
  createdTickets: Ticket[];
  secretPrompts: Array<{ count: number; detail: string }>;
  closed: number;
  opened: string[];
  last<T extends HostToForm['type']>(type: T): Extract<HostToForm, { type: T }> | undefined;
}

interface HarnessOptions {
  snapshot?: CodeSnapshot;
  capabilities?: Capabilities;
  limitBytes?: number;
  picked?: PickedFile[];
  decision?: SecretDecision;
  createError?: HelpdeskError;
  /** Holds createTicket until released, to look at the form while it sends. */
  gate?: Promise<void>;
  reference?: ReferenceData | Error;
}

function harness(options: HarnessOptions = {}): Harness {
  const posted: HostToForm[] = [];
  const drafts: TicketDraft[] = [];
  const createdTickets: Ticket[] = [];
  const secretPrompts: Array<{ count: number; detail: string }> = [];
  const opened: string[] = [];
  const state = { closed: 0 };
  const provider = {
    async createTicket(draft: TicketDraft): Promise<Ticket> {
      drafts.push(draft);
      await options.gate;
      if (options.createError) throw options.createError;
      return created;
    },
  } as unknown as HelpdeskProvider;
  const host: FormHost = {
    post: (message) => posted.push(message),
    pickFiles: async () => options.picked ?? [],
    confirmSecrets: async (count, detail) => {
      secretPrompts.push({ count, detail });
      return options.decision ?? 'cancel';
    },
    created: async (ticket) => {
      createdTickets.push(ticket);
    },
    close: () => state.closed++,
    openExternal: (url) => opened.push(url),
  };
  const form = new CreateTicketFormController({
    connection: {
      label: 'ACME Support',
      run: (request) => request(provider),
      referenceData: async () => {
        if (options.reference instanceof Error) throw options.reference;
        return options.reference ?? { statuses: [], priorities: [{ id: 'p2', name: 'High' }], departments: [{ id: 'd1', name: 'Billing' }], agents: [{ id: 'a1', name: 'Ada' }] };
      },
    },
    capabilities: options.capabilities ?? capabilities,
    snapshot: options.snapshot ?? snapshot(),
    host,
    maxAttachmentBytes: () => options.limitBytes ?? 25 * MB,
    markdownToHtml,
    renderBody,
    log: silentLogger,
  });
  return {
    form,
    posted,
    drafts,
    createdTickets,
    secretPrompts,
    opened,
    get closed() {
      return state.closed;
    },
    last: (type) => [...posted].reverse().find((message) => message.type === type) as never,
  };
}

const attachments = (h: Harness): FormAttachmentView[] => h.last('attachments')?.attachments ?? [];
const flush = () => new Promise((resolve) => setImmediate(resolve));

function picked(name: string, data: Uint8Array, size = data.byteLength): PickedFile & { reads: number } {
  const file = {
    name,
    size,
    reads: 0,
    read: async () => {
      file.reads++;
      return data;
    },
  };
  return file;
}

describe('code: the create form fills itself from the code', () => {
  it('answers ready with the subject, the snippet body, the place, the fields and what can be attached', async () => {
    const h = harness();
    await h.form.handle({ type: 'ready' });
    await flush();
    const init = h.last('init')?.form as FormInit;
    assert.equal(init.instanceLabel, 'ACME Support');
    assert.equal(init.subject, 'retry when the token expired');
    assert.equal(init.body, '`src/auth.ts`, lines 10-11\n\n```typescript\n// TODO: retry when the token expired\nreturn refresh(session);\n```\n');
    assert.deepEqual(init.location, { caption: '`src/auth.ts`, lines 10-11', note: 'No permalink: commit 0123456 is not pushed yet.' });
    assert.deepEqual(init.fields, { departmentLabel: 'Category', priority: true, agent: true });
    assert.deepEqual(
      init.offers.map((offer) => [offer.source, offer.name, offer.size, offer.unavailable]),
      [
        ['snippet', 'auth-L10-L11.ts', Buffer.byteLength(SNIPPET), undefined],
        ['file', 'auth.ts', Buffer.byteLength(snapshot().documentText), undefined],
        ['diff', 'auth.ts.diff', Buffer.byteLength(snapshot().diff!), undefined],
      ],
    );
    assert.deepEqual(attachments(h), []);
    assert.deepEqual(h.last('reference')?.reference, { departments: [{ id: 'd1', name: 'Billing' }], priorities: [{ id: 'p2', name: 'High' }], agents: [{ id: 'a1', name: 'Ada' }] });
  });

  it('says so when the helpdesk’s lists cannot be loaded, and stays usable', async () => {
    const h = harness({ reference: new HelpdeskError('forbidden', 'Not allowed to read departments.') });
    await h.form.handle({ type: 'ready' });
    await flush();
    assert.deepEqual(h.last('referenceFailed'), { type: 'referenceFailed', message: 'Not allowed to read departments.' });
    assert.ok(h.last('init'));
  });

  it('answers the description’s preview with the host’s sanitized HTML, under the page’s number', async () => {
    const h = harness();
    await h.form.handle({ type: 'renderPreview', seq: 2, markdown: '**Retry** [run](command:workbench.action.terminal.new) ![x](https://images.example/a.png)' });
    const answer = h.last('preview');
    assert.equal(answer?.seq, 2);
    assert.match(answer?.html ?? '', /<strong>Retry<\/strong>/);
    assert.match(answer?.html ?? '', /class="remote-image"/);
    assert.doesNotMatch(answer?.html ?? '', /command:|<img/);
  });

  it('ignores messages it does not know', async () => {
    const h = harness();
    await h.form.handle({ type: 'send', draft: {} });
    await h.form.handle({ type: 'addAttachment', source: '../../etc/passwd' });
    assert.deepEqual(h.posted, []);
  });
});

describe('code: the create form’s attachments', () => {
  it('adds the snippet and the whole file once each, with their sizes, and removes them', async () => {
    const h = harness();
    await h.form.handle({ type: 'addAttachment', source: 'snippet' });
    await h.form.handle({ type: 'addAttachment', source: 'file' });
    await h.form.handle({ type: 'addAttachment', source: 'snippet' });
    assert.deepEqual(
      attachments(h).map((file) => [file.name, file.size, file.source]),
      [
        ['auth-L10-L11.ts', Buffer.byteLength(SNIPPET), 'snippet'],
        ['auth.ts', Buffer.byteLength(snapshot().documentText), 'file'],
      ],
    );
    await h.form.handle({ type: 'removeAttachment', id: attachments(h)[0]!.id });
    assert.deepEqual(attachments(h).map((file) => file.name), ['auth.ts']);
  });

  it('refuses a diff the file does not have, with the reason', async () => {
    const h = harness({ snapshot: snapshot({ diff: undefined, diffUnavailable: 'The file is not in a Git repository.' }) });
    await h.form.handle({ type: 'ready' });
    assert.equal(h.last('init')?.form.offers[2]?.unavailable, 'The file is not in a Git repository.');
    await h.form.handle({ type: 'addAttachment', source: 'diff' });
    assert.equal(h.last('error')?.message, 'The file is not in a Git repository.');
    assert.deepEqual(attachments(h), []);
  });

  it('refuses a whole file over the limit and a binary one, saying why', async () => {
    const big = harness({ snapshot: snapshot({ documentText: 'x'.repeat(3000) }), limitBytes: 2048 });
    await big.form.handle({ type: 'ready' });
    assert.equal(big.last('init')?.form.offers[1]?.unavailable, '"auth.ts" is 2.9 KB, over the 2 KB limit for attachments.');
    await big.form.handle({ type: 'addAttachment', source: 'file' });
    assert.equal(big.last('error')?.message, '"auth.ts" is 2.9 KB, over the 2 KB limit for attachments.');

    const binary = harness({ snapshot: snapshot({ documentText: 'PK\u0003\u0004\u0000\u0000binary' }) });
    await binary.form.handle({ type: 'addAttachment', source: 'file' });
    assert.equal(binary.last('error')?.message, '"auth.ts" looks like a binary file, and only text files can be included here.');
    assert.deepEqual(attachments(binary), []);
  });

  it('checks picked files by their size before reading them, refuses binary ones, keeps the rest', async () => {
    const huge = picked('dump.log', new Uint8Array(), 30 * MB);
    const image = picked('shot.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x00, 0x0d]));
    const notes = picked('notes.md', new TextEncoder().encode('# Steps\n1. log in\n'));
    const h = harness({ picked: [huge, image, notes] });
    await h.form.handle({ type: 'addAttachment', source: 'picked' });
    assert.equal(huge.reads, 0, 'an oversize file is not read');
    assert.deepEqual(attachments(h).map((file) => [file.name, file.size, file.source]), [['notes.md', 18, 'picked']]);
    assert.equal(h.last('error')?.message, '"dump.log" is 30 MB, over the 25 MB limit for attachments.\n"shot.png" looks like a binary file, and only text files can be included here.');
  });

  it('offers nothing to attach where the helpdesk takes no files on new tickets', async () => {
    const h = harness({ capabilities: { ...capabilities, attachOnCreate: false } });
    await h.form.handle({ type: 'ready' });
    assert.equal(h.last('init')?.form.attachOnCreate, false);
    await h.form.handle({ type: 'addAttachment', source: 'snippet' });
    assert.equal(h.last('error')?.message, 'ACME Support does not accept attachments on new tickets.');
  });
});

describe('code: creating the ticket', () => {
  it('sends the subject, the body as HTML and Markdown, the fields and the files, once, then hands the ticket on', async () => {
    const h = harness();
    await h.form.handle({ type: 'addAttachment', source: 'snippet' });
    await h.form.handle({ type: 'addAttachment', source: 'diff' });
    const body = 'It fails after an hour.\n\n```ts\nreturn refresh(session);\n```\n';
    await h.form.handle({ type: 'submit', values: { subject: '  Token expires  ', body, department: 'd1', priority: 'p2', agent: '', requester: ' ' } });
    assert.equal(h.drafts.length, 1);
    const draft = h.drafts[0]!;
    assert.equal(draft.subject, 'Token expires');
    assert.equal(draft.bodyMarkdown, body);
    assert.equal(draft.bodyHtml, markdownToHtml(body));
    assert.match(draft.bodyHtml, /<pre><code class="language-ts">return refresh\(session\);/);
    assert.equal(draft.department, 'd1');
    assert.equal(draft.priority, 'p2');
    assert.ok(!('agent' in draft) && !('requester' in draft), 'empty choices are left out');
    assert.deepEqual(
      draft.attachments.map((file) => [file.name, file.contentType, new TextDecoder().decode(file.data)]),
      [
        ['auth-L10-L11.ts', 'text/plain', SNIPPET],
        ['auth.ts.diff', 'text/x-diff', snapshot().diff],
      ],
    );
    assert.deepEqual(h.createdTickets, [created]);
    assert.ok(h.form.finished);
    await h.form.handle({ type: 'submit', values: { subject: 'again', body } });
    assert.equal(h.drafts.length, 1, 'a finished form sends nothing more');
  });

  it('sends once when Create is pressed twice while the first is on its way', async () => {
    let release!: () => void;
    const h = harness({ gate: new Promise<void>((resolve) => (release = resolve)) });
    const first = h.form.handle({ type: 'submit', values: { subject: 'One', body: 'b' } });
    await flush();
    assert.deepEqual(h.last('busy'), { type: 'busy', busy: true, label: 'Creating ticket…' });
    await h.form.handle({ type: 'submit', values: { subject: 'One', body: 'b' } });
    await h.form.handle({ type: 'cancel' });
    assert.equal(h.closed, 0, 'cancel waits while the ticket is being created');
    release();
    await first;
    assert.equal(h.drafts.length, 1);
    assert.equal(h.createdTickets.length, 1);
  });

  it('asks for a subject and a description before sending anything', async () => {
    const h = harness();
    await h.form.handle({ type: 'submit', values: { subject: '  ', body: 'b' } });
    assert.deepEqual(h.last('error'), { type: 'error', message: 'Enter a subject for the ticket.', fields: { subject: 'Required.' } });
    await h.form.handle({ type: 'submit', values: { subject: 's', body: '\n ' } });
    assert.deepEqual(h.last('error')?.fields, { body: 'Required.' });
    assert.equal(h.drafts.length, 0);
  });

  it('puts the helpdesk’s refusal next to the fields it names and lets the user try again', async () => {
    const refusal = new HelpdeskError('validation', 'The helpdesk did not accept the ticket.', { fields: { categoryId: ['Choose a category.'], custom_7: ['Must be set.'] } });
    const h = harness({ createError: refusal });
    await h.form.handle({ type: 'submit', values: { subject: 's', body: 'b' } });
    assert.deepEqual(h.last('error'), { type: 'error', message: 'The helpdesk did not accept the ticket.\ncustom_7: Must be set.', fields: { department: 'Choose a category.' } });
    assert.deepEqual(h.last('busy'), { type: 'busy', busy: false });
    assert.ok(!h.form.finished);
    await h.form.handle({ type: 'submit', values: { subject: 's', body: 'b' } });
    assert.equal(h.drafts.length, 2, 'a refused ticket can be sent again');
    assert.equal(h.createdTickets.length, 0);
  });

  it('warns that a ticket may exist after a network failure (the create is never retried)', async () => {
    const h = harness({ createError: new HelpdeskError('network', 'Connection reset.') });
    await h.form.handle({ type: 'submit', values: { subject: 's', body: 'b' } });
    assert.equal(h.drafts.length, 1);
    assert.equal(h.last('error')?.message, 'Connection reset.\nThe ticket may have been created anyway: check the helpdesk before you try again.');
  });

  it('maps vendor field names onto the form’s fields', () => {
    assert.deepEqual(formFieldErrors({ person: ['Unknown person.'], priorityId: ['Bad.'], assignedToUserId: ['No.'], message: ['Empty.'], foo: ['x', 'y'] }), {
      fields: { requester: 'Unknown person.', priority: 'Bad.', agent: 'No.', body: 'Empty.' },
      rest: ['foo: x y'],
    });
  });

  it('opens only web addresses the page asks for', async () => {
    const h = harness();
    await h.form.handle({ type: 'openLink', href: 'https://github.com/acme/portal/blob/abc/src/auth.ts#L10' });
    await h.form.handle({ type: 'openLink', href: 'command:workbench.action.terminal.new' });
    await h.form.handle({ type: 'openLink', href: 'file:///etc/passwd' });
    assert.deepEqual(h.opened, ['https://github.com/acme/portal/blob/abc/src/auth.ts#L10']);
  });
});

describe('code: the secret check before creating', () => {
  const leakySnippet = `const token = "${GITHUB_TOKEN}";\n`;
  const leaky = () => snapshot({ snippet: { ...snapshot().snippet, text: leakySnippet }, documentText: `// config\n${leakySnippet}` });

  it('asks before sending credential-like text, lists where without the value, and sends nothing on Cancel', async () => {
    const h = harness({ snapshot: leaky(), decision: 'cancel' });
    await h.form.handle({ type: 'addAttachment', source: 'file' });
    await h.form.handle({ type: 'submit', values: { subject: 'Token', body: `See:\n${leakySnippet}` } });
    assert.equal(h.secretPrompts.length, 1);
    assert.equal(h.secretPrompts[0]!.count, 2);
    assert.equal(h.secretPrompts[0]!.detail, 'Description, line 2: a GitHub token (ghp_••••••••)\nauth.ts, line 2: a GitHub token (ghp_••••••••)');
    assert.ok(!h.secretPrompts[0]!.detail.includes(GITHUB_TOKEN.slice(4, 12)));
    assert.equal(h.drafts.length, 0);
    assert.deepEqual(h.last('busy'), { type: 'busy', busy: false }, 'the page goes back to editing');
    // The form still works afterwards.
    await h.form.handle({ type: 'removeAttachment', id: attachments(h)[0]!.id });
    assert.deepEqual(attachments(h), []);
  });

  it('redacts the body, the subject and the text files on "Redact and Send", and shows the page what went', async () => {
    const h = harness({ snapshot: leaky(), decision: 'redact' });
    await h.form.handle({ type: 'addAttachment', source: 'file' });
    const sizeBefore = attachments(h)[0]!.size;
    await h.form.handle({ type: 'submit', values: { subject: `leaked ${GITHUB_TOKEN}`, body: `See:\n${leakySnippet}` } });
    const draft = h.drafts[0]!;
    const everything = [draft.subject, draft.bodyMarkdown, draft.bodyHtml, ...draft.attachments.map((file) => new TextDecoder().decode(file.data))].join('\n');
    assert.ok(!everything.includes(GITHUB_TOKEN), 'the token went nowhere');
    assert.equal(draft.subject, 'leaked «redacted»');
    assert.equal(draft.bodyMarkdown, 'See:\nconst token = "«redacted»";\n');
    assert.equal(new TextDecoder().decode(draft.attachments[0]!.data), '// config\nconst token = "«redacted»";\n');
    assert.deepEqual(h.last('values'), { type: 'values', subject: 'leaked «redacted»', body: 'See:\nconst token = "«redacted»";\n' });
    assert.ok(attachments(h)[0]!.size < sizeBefore, 'the page sees the new size');
  });

  it('sends as written on "Send Anyway"', async () => {
    const h = harness({ snapshot: leaky(), decision: 'send' });
    await h.form.handle({ type: 'submit', values: { subject: 's', body: leakySnippet } });
    assert.equal(h.drafts[0]!.bodyMarkdown, leakySnippet);
  });

  it('does not ask when nothing looks like a credential', async () => {
    const h = harness();
    await h.form.handle({ type: 'addAttachment', source: 'file' });
    await h.form.handle({ type: 'submit', values: { subject: 's', body: 'password handling is broken' } });
    assert.equal(h.secretPrompts.length, 0);
    assert.equal(h.drafts.length, 1);
  });
});

describe('code: the create form asks for the helpdesk’s own fields', () => {
  const kinds = [
    { id: '7', name: 'Onboarding' },
    { id: '9', name: 'Hardware' },
  ];
  const fieldsByKind: Record<string, import('../../src/helpdesk/model').DraftField[]> = {
    '7': [
      { name: 'startDate', label: 'Start date', type: 'date', required: true },
      { name: 'seats', label: 'Seats', type: 'number', required: false },
      { name: 'laptop', label: 'Needs a laptop', type: 'boolean', required: false },
    ],
    '9': [
      { name: 'impact', label: 'Impact', type: 'choice', required: true, options: [{ id: 'low', name: 'Low' }, { id: 'high', name: 'High' }] },
      { name: 'odd', label: 'Odd one', type: 'time-span' as 'text', required: false },
    ],
  };

  function vendorHarness(withKinds: boolean, overrides: Partial<Capabilities> = {}) {
    const posted: HostToForm[] = [];
    const drafts: TicketDraft[] = [];
    const asked: Array<string | undefined> = [];
    const provider = {
      createTicket: async (draft: TicketDraft) => {
        drafts.push(draft);
        return created;
      },
      ...(withKinds ? { createTicketKinds: async () => kinds } : {}),
      createTicketFields: async (kind?: string) => {
        asked.push(kind);
        return withKinds ? (fieldsByKind[kind ?? ''] ?? []) : [{ name: 'source', label: 'Source', type: 'choice' as const, required: true, defaultValue: 'web', options: [{ id: 'web', name: 'Web' }, { id: 'email', name: 'Email' }] }];
      },
    } as unknown as HelpdeskProvider;
    const form = new CreateTicketFormController({
      connection: { label: 'ACME', run: (request) => request(provider), referenceData: async () => ({ statuses: [], priorities: [], departments: [{ id: 'b1', name: 'Branch A' }], agents: [] }) },
      capabilities: { ...capabilities, departmentLabel: 'Branch', ...overrides },
      snapshot: snapshot(),
      host: { post: (m) => posted.push(m), pickFiles: async () => [], confirmSecrets: async () => 'send', created: async () => {}, close: () => {}, openExternal: () => {} },
      maxAttachmentBytes: () => MB,
      markdownToHtml,
      renderBody,
      log: silentLogger,
    });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
    return { form, posted, drafts, asked, settle };
  }

  it('offers the kinds, then the first kind’s fields, and another kind’s on a change; an unknown type is text', async () => {
    const t = vendorHarness(true);
    await t.form.handle({ type: 'ready' });
    await t.settle();
    assert.deepEqual(t.posted.find((m) => m.type === 'kinds'), { type: 'kinds', kinds });
    const first = t.posted.filter((m) => m.type === 'vendorFields').pop();
    assert.deepEqual(first?.type === 'vendorFields' && first.fields.map((f) => `${f.name}:${f.type}:${f.required}`), ['startDate:date:true', 'seats:number:false', 'laptop:boolean:false']);
    await t.form.handle({ type: 'kindChanged', kind: '9' });
    const second = t.posted.filter((m) => m.type === 'vendorFields').pop();
    assert.equal(second?.type === 'vendorFields' && second.kind, '9');
    assert.deepEqual(second?.type === 'vendorFields' && second.fields.map((f) => f.type), ['choice', 'text']);
    await t.form.handle({ type: 'kindChanged', kind: '666' });
    assert.deepEqual(t.asked, ['7', '9'], 'a kind the helpdesk did not offer is never asked for');
  });

  it('refuses a missing required field or a bad number before sending, naming the field, then sends typed values', async () => {
    const t = vendorHarness(true);
    await t.form.handle({ type: 'ready' });
    await t.settle();
    await t.form.handle({ type: 'submit', values: { subject: 'New hire', body: 'Set up Ana', kind: '7', vendorFields: { startDate: '', seats: 'many', laptop: false } } });
    const error = t.posted.filter((m) => m.type === 'error').pop();
    assert.deepEqual(error?.type === 'error' && error.vendorFields, { startDate: 'Required.', seats: 'Enter a number.' });
    assert.equal(t.drafts.length, 0);
    await t.form.handle({ type: 'submit', values: { subject: 'New hire', body: 'Set up Ana', kind: '7', vendorFields: { startDate: '2026-12-07', seats: '3', laptop: true } } });
    assert.equal(t.drafts.length, 1);
    assert.equal(t.drafts[0]?.kind, '7');
    assert.deepEqual(t.drafts[0]?.fields, { startDate: '2026-12-07', seats: 3, laptop: true });
  });

  it('without kinds, asks for the helpdesk’s fields once; a required branch must be chosen', async () => {
    const t = vendorHarness(false, { departmentRequiredOnCreate: true });
    await t.form.handle({ type: 'ready' });
    await t.settle();
    assert.equal(t.posted.some((m) => m.type === 'kinds'), false);
    assert.deepEqual(t.asked, [undefined]);
    const init = t.posted.find((m) => m.type === 'init');
    assert.equal(init?.type === 'init' && init.form.fields.departmentRequired, true);
    await t.form.handle({ type: 'submit', values: { subject: 'S', body: 'B', vendorFields: { source: 'email' } } });
    const error = t.posted.filter((m) => m.type === 'error').pop();
    assert.deepEqual(error?.type === 'error' && error.fields, { department: 'Required.' });
    await t.form.handle({ type: 'submit', values: { subject: 'S', body: 'B', department: 'b1', vendorFields: { source: 'fax' } } });
    const choice = t.posted.filter((m) => m.type === 'error').pop();
    assert.deepEqual(choice?.type === 'error' && choice.vendorFields, { source: 'Choose one of the options.' });
    await t.form.handle({ type: 'submit', values: { subject: 'S', body: 'B', department: 'b1', vendorFields: { source: 'email' } } });
    assert.deepEqual(t.drafts[0]?.fields, { source: 'email' });
    assert.equal(t.drafts[0]?.department, 'b1');
  });
});
