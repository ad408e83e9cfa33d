// The ticket panel's sender after a reply's answer was lost (ReplySender with
// src/helpdesk/delivery.ts): it reads the conversation again before telling the user
// anything, so a reply that arrived is never sent twice and one that did not is never lost.
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import { silentLogger } from '../../src/helpdesk/log';
import type { Message, Page, ReplyInput, Ticket, UploadFile } from '../../src/helpdesk/model';
import type { HelpdeskProvider } from '../../src/helpdesk/provider';
import type { Draft, HostToWebview } from '../../src/shared/protocol/panel';
import type { PanelAttachments } from '../../src/ui/panel/attachments';
import type { Conversation } from '../../src/ui/panel/conversation';
import type { DraftSync } from '../../src/ui/panel/draftSync';
import { ReplySender } from '../../src/ui/panel/replySender';
import { testCapabilities } from '../support/capabilities';

const me = { id: '7', name: 'Morgan Ellis' };
const ticket: Ticket = { id: '42', ref: '#42', subject: 'Sync', status: { id: 'open', name: 'Open', kind: 'open' }, createdAt: '', updatedAt: '' };

function setup(options: { lost: HelpdeskError; arrives: 'whole' | 'text' | 'no' | 'unreadable'; files?: UploadFile[] }) {
  const conversationOnServer: Message[] = [];
  const posted: HostToWebview[] = [];
  const errors: string[] = [];
  let draft: Draft | undefined = { markdown: 'Restart the **sync** service', internal: false };
  let files = options.files ?? [];
  const replies: ReplyInput[] = [];
  const provider = {
    whoAmI: async () => me,
    async reply(_id: string, input: ReplyInput): Promise<Message> {
      replies.push(input);
      const stored: Message = {
        id: `m${replies.length}`, author: me, createdAt: new Date().toISOString(), body: input.bodyHtml, format: 'html', internal: input.internal,
        attachments: options.arrives === 'whole' ? input.attachments.map((file) => ({ id: file.name, name: file.name, downloadRef: file.name })) : [],
      };
      if (options.arrives === 'whole' || options.arrives === 'text') conversationOnServer.push(stored);
      throw options.lost;
    },
    async listMessages(): Promise<Page<Message>> {
      if (options.arrives === 'unreadable') throw new HelpdeskError('network', 'help.example refused the connection (ECONNREFUSED)');
      return { items: conversationOnServer };
    },
    getTicket: async () => ticket,
  } as unknown as HelpdeskProvider;
  const drafts = {
    save: async (next: Draft) => void (draft = next),
    clear: async () => void (draft = undefined),
    current: () => draft,
    postDraft: () => posted.push({ type: 'draft', draft: draft!, attachments: [] }),
  } as unknown as DraftSync;
  const attachments = {
    uploads: () => files,
    clear: () => void (files = []),
    get count() {
      return files.length;
    },
    oversize: () => [],
  } as unknown as PanelAttachments;
  const conversation = { added: (message: Message) => ({ id: message.id }) } as unknown as Conversation;
  let changed = 0;
  const sender = new ReplySender(
    {
      instanceId: 'acme',
      ticketId: '42',
      log: silentLogger,
      session: { label: 'Acme', acquire: async () => provider, run: (request) => request(provider), referenceData: async () => ({ statuses: [], priorities: [], departments: [], agents: [] }) },
      post: (message) => posted.push(message),
      postError: (error) => errors.push(error.message),
    },
    {
      drafts,
      files: attachments,
      conversation,
      markdownToHtml: (markdown) => `<p>${markdown.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')}</p>`,
      loaded: () => ({ ticket, capabilities: testCapabilities() }),
      ticketUpdated: () => undefined,
      ticketChanged: () => void changed++,
    },
  );
  return {
    send: () => sender.send(draft!),
    replies,
    errors,
    posted,
    draft: () => draft,
    files: () => files,
    changed: () => changed,
    ofType: <T extends HostToWebview['type']>(type: T) => posted.filter((message): message is Extract<HostToWebview, { type: T }> => message.type === type),
  };
}

const cutOff = new HelpdeskError('network', 'The connection to help.example was cut off during POST /api/comment (ECONNRESET)');
const noAnswer = new HelpdeskError('timeout', 'help.example did not answer within 30 s (POST /api/comment)');

describe('ticket panel: a reply whose answer was lost', () => {
  it('that arrived is treated as sent: draft cleared, message shown, the user told, nothing sent twice', async () => {
    const t = setup({ lost: cutOff, arrives: 'whole' });
    await t.send();
    assert.equal(t.replies.length, 1);
    assert.deepEqual(t.errors, []);
    assert.equal(t.draft(), undefined);
    assert.deepEqual(t.ofType('sent').map((m) => m.message.id), ['m1']);
    assert.deepEqual(t.ofType('notice').map((m) => m.text), ['The reply reached the helpdesk although the answer was lost.']);
    assert.equal(t.changed(), 1);
  });

  it('that did not arrive keeps the draft and says to send it again', async () => {
    const t = setup({ lost: noAnswer, arrives: 'no' });
    await t.send();
    assert.equal(t.errors.length, 1);
    assert.match(t.errors[0]!, /did not answer within 30 s[^]*It did not arrive; your draft is kept — send it again\./);
    assert.equal(t.draft()?.markdown, 'Restart the **sync** service');
    assert.equal(t.ofType('sent').length, 0);
  });

  it('whose check fails says so and keeps the draft', async () => {
    const t = setup({ lost: cutOff, arrives: 'unreadable' });
    await t.send();
    assert.match(t.errors[0]!, /Whether it arrived could not be checked \(help\.example refused the connection \(ECONNREFUSED\)\); look at the conversation before sending it again/);
    assert.equal(t.draft()?.markdown, 'Restart the **sync** service');
  });

  it('whose text arrived without its file shows the text and keeps only the file to send', async () => {
    const file = { name: 'trace.log', contentType: 'text/plain', data: new Uint8Array([1]) };
    const t = setup({ lost: cutOff, arrives: 'text', files: [file] });
    await t.send();
    assert.match(t.errors[0]!, /The text reached the helpdesk, but not every file did; the files are kept — send them again\./);
    assert.deepEqual(t.ofType('sent').map((m) => m.message.id), ['m1']);
    assert.equal(t.draft()?.markdown, '');
    assert.deepEqual(t.files(), [file]);
  });

  it('after a refusal the helpdesk put into words does not look, and says nothing about arriving', async () => {
    const t = setup({ lost: new HelpdeskError('validation', 'The helpdesk refused the reply'), arrives: 'no' });
    await t.send();
    assert.deepEqual(t.errors, ['The helpdesk refused the reply']);
    assert.ok(!t.posted.some((m) => m.type === 'busy' && m.label === 'Checking whether it arrived…'));
  });
});
