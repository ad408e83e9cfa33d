// Every message a page can post is checked whole by the host before anything acts on it.
import assert from 'node:assert/strict';
import { parseWebviewToHost, type WebviewToHost } from '../../src/shared/protocol/panel';
import { parseFormToHost, type FormToHost } from '../../src/shared/protocol/createForm';

const draft = { markdown: 'Hello', internal: false };

const panelValid: WebviewToHost[] = [
  { type: 'ready' },
  { type: 'draftChanged', draft },
  { type: 'send', draft: { ...draft, newStatus: 'resolved' } },
  { type: 'update', field: 'status', value: 'resolved' },
  { type: 'update', field: 'agent', value: null },
  { type: 'pickAttachments' },
  { type: 'removeAttachment', id: 'a1' },
  { type: 'download', attachmentId: '7', messageId: 'm1' },
  { type: 'openInBrowser' },
  { type: 'refresh' },
  { type: 'allowRemoteImages' },
  { type: 'command', command: 'retry' },
  { type: 'openLink', href: 'https://example.com' },
  { type: 'pickCannedReply' },
  { type: 'openLinkedCode', linkId: 'l1' },
  { type: 'send', draft, acknowledged: 3 },
  { type: 'openTicket', ticketId: '4711' },
  { type: 'copy', what: 'link' },
  { type: 'copy', what: 'reference' },
];

const panelMalformed: unknown[] = [
  null,
  'ready',
  [],
  { type: 'deleteEverything' },
  { type: '__proto__' },
  { type: 'toString' },
  { kind: 'ready' },
  { type: 'send', draft: 'x' },
  { type: 'send', draft: { markdown: 1, internal: false } },
  { type: 'send', draft: { markdown: 'x' } },
  { type: 'draftChanged', draft: { markdown: 'x', internal: false, newStatus: 3 } },
  { type: 'update', field: 'subject', value: 'x' },
  { type: 'update', field: 'status' },
  { type: 'update', field: 'status', value: 3 },
  { type: 'removeAttachment', id: 1 },
  { type: 'download' },
  { type: 'download', attachmentId: 7, messageId: 'm1' },
  { type: 'command', command: 'rm -rf' },
  { type: 'openLink', href: { toString: 'https://x' } },
  { type: 'openLinkedCode' },
  { type: 'send', draft, acknowledged: '3' },
  { type: 'send', draft, acknowledged: -1 },
  { type: 'send', draft, acknowledged: 1.5 },
  { type: 'openTicket' },
  { type: 'openTicket', ticketId: 4711 },
  { type: 'copy', what: 'everything' },
  { type: 'copy' },
];

const formValid: FormToHost[] = [
  { type: 'ready' },
  { type: 'addAttachment', source: 'diff' },
  { type: 'removeAttachment', id: 'f1' },
  { type: 'submit', values: { subject: 'S', body: 'B', priority: 'high' } },
  { type: 'cancel' },
  { type: 'openLink', href: 'https://example.com' },
];

const formMalformed: unknown[] = [
  undefined,
  { type: 'addAttachment', source: 'disk' },
  { type: 'removeAttachment' },
  { type: 'submit', values: { subject: 'S' } },
  { type: 'submit', values: { subject: 'S', body: 'B', agent: 5 } },
  { type: 'openLink', href: 5 },
  { type: 'hasOwnProperty' },
];

describe('protocol: messages from a page, parsed whole', () => {
  it('accepts every well-formed ticket panel message as it is', () => {
    for (const message of panelValid) assert.deepEqual(parseWebviewToHost(message), message, JSON.stringify(message));
  });

  it('refuses ticket panel messages with an unknown type or any wrong field', () => {
    for (const junk of panelMalformed) assert.equal(parseWebviewToHost(junk), undefined, JSON.stringify(junk));
  });

  it('accepts every well-formed create form message and refuses malformed ones', () => {
    for (const message of formValid) assert.deepEqual(parseFormToHost(message), message, JSON.stringify(message));
    for (const junk of formMalformed) assert.equal(parseFormToHost(junk), undefined, JSON.stringify(junk));
  });
});
