// The outbox item's state machine (src/ui/offline/outboxItem.ts): every transition, and
// every move that must not be made from a state.
import * as assert from 'node:assert/strict';
import { HelpdeskError } from '../../src/helpdesk/errors';
import type { Message } from '../../src/helpdesk/model';
import {
  absorbOwnDelivery,
  beginSend,
  checked,
  conflicted,
  failed,
  type OutboxItem,
  OutboxTransitionError,
  recovered,
  resolved,
  retry,
  sendAnyway,
  sendOrder,
  sent,
  ticketGone,
  waitsForUser,
} from '../../src/ui/offline/outboxItem';
import { refusedError, resetError } from './offline-outbox-support';

const ticket = { id: '1', ref: '#1', subject: 'S', status: { id: 'open', name: 'Open', kind: 'open' as const }, createdAt: '', updatedAt: '' };

function item(overrides: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id: 'a',
    seq: 1,
    instanceId: 'desk',
    ticketId: '1',
    ticketRef: '#1',
    createdAt: 1_000,
    work: { kind: 'reply', bodyMarkdown: 'Hello', bodyHtml: '<p>Hello</p>', internal: false, files: [{ name: 'a.log', contentType: 'text/plain', size: 3, stored: '0' }] },
    baseline: { ticket, messageIds: ['m1'] },
    state: 'queued',
    attempts: 0,
    ...overrides,
  };
}

const message: Message = { id: 'm9', author: { id: 'me', name: 'Me' }, createdAt: '', body: 'Hello', format: 'text', internal: false, attachments: [] };
const changes = { messages: [], changes: [{ field: 'status' as const, label: 'Status', from: 'Open', to: 'Closed' }] };

describe('outbox item states', () => {
  it('queued → sending records when the send began and counts the attempt', () => {
    const sending = beginSend(item({ reason: 'earlier failure' }), 5_000);
    assert.equal(sending.state, 'sending');
    assert.equal(sending.startedAt, 5_000);
    assert.equal(sending.attempts, 1);
    assert.equal(sending.reason, undefined);
  });

  it('sending → delivered when the helpdesk answers', () => {
    assert.equal(sent(beginSend(item(), 1)), 'delivered');
  });

  it('sending → queued on a failure that proves it did not arrive (refused, 423, 429, credentials)', () => {
    for (const error of [refusedError(), new HelpdeskError('maintenance', '423', { status: 423 }), new HelpdeskError('rateLimited', '429'), new HelpdeskError('auth', '401')]) {
      const next = failed(beginSend(item(), 1), error);
      assert.equal(next.state, 'queued', error.kind);
      assert.equal(next.reason, error.message);
    }
  });

  it('sending → uncertain when the outcome is unknown (reset after the body went, answer lost, timeout, 5xx)', () => {
    for (const error of [resetError(), new HelpdeskError('timeout', 't'), new HelpdeskError('protocol', 'p'), new HelpdeskError('server', '500')]) {
      const next = failed(beginSend(item(), 7), error);
      assert.equal(next.state, 'uncertain', error.kind);
      assert.equal(next.startedAt, 7, 'keeps when the send began, for the check');
    }
  });

  it('sending → rejected when the helpdesk refuses it (validation, closed ticket, 404, 403, 413)', () => {
    for (const error of [
      new HelpdeskError('validation', 'closed', { status: 400 }),
      new HelpdeskError('notFound', 'gone', { status: 404 }),
      new HelpdeskError('forbidden', 'no', { status: 403 }),
      new HelpdeskError('tooLarge', 'big', { status: 413 }),
    ]) {
      const next = failed(beginSend(item(), 1), error);
      assert.equal(next.state, 'rejected', error.kind);
      assert.equal(next.reason, error.message);
      assert.ok(waitsForUser(next));
    }
  });

  it('uncertain → delivered, queued, files only, or still uncertain, as the conversation says', () => {
    const uncertain = failed(beginSend(item(), 1), resetError());
    assert.equal(resolved(uncertain, { arrived: true, message }), 'delivered');
    assert.equal((resolved(uncertain, { arrived: false }) as OutboxItem).state, 'queued');
    const partly = resolved(uncertain, { arrived: 'partly', message }) as OutboxItem;
    assert.equal(partly.state, 'queued');
    assert.equal(partly.work.kind === 'reply' && partly.work.bodyMarkdown, '', 'only the files go again');
    assert.equal(partly.work.kind === 'reply' && partly.work.files.length, 1);
    const unknown = resolved(uncertain, { arrived: 'unknown', reason: refusedError() }) as OutboxItem;
    assert.equal(unknown.state, 'uncertain');
    assert.equal(unknown.reason, 'refused');
  });

  it('crash between "sent" and "acknowledged": an item found sending on load is uncertain, never queued', () => {
    const onDisk = beginSend(item(), 3);
    const loaded = recovered(onDisk);
    assert.equal(loaded.state, 'uncertain');
    assert.equal(loaded.startedAt, 3);
    assert.equal(recovered(item()).state, 'queued', 'other states load as they were');
  });

  it('queued → conflict with what changed; Send anyway → queued, checked once', () => {
    const held = conflicted(item(), changes);
    assert.equal(held.state, 'conflict');
    assert.deepEqual(held.changes, changes);
    const again = sendAnyway(held);
    assert.equal(again.state, 'queued');
    assert.equal(again.sendAnyway, true);
    assert.equal(again.changes, undefined);
    assert.equal(checked(again).sendAnyway, undefined, 'spent by the check that let it through');
  });

  it('rejected → queued on Retry; queued → rejected when the ticket is gone', () => {
    const rejected = failed(beginSend(item(), 1), new HelpdeskError('validation', 'closed'));
    assert.equal(retry(rejected).state, 'queued');
    assert.equal(ticketGone(item(), new HelpdeskError('notFound', 'gone')).state, 'rejected');
  });

  it('refuses moves that do not start from the state (no second send of an item on its way)', () => {
    const sending = beginSend(item(), 1);
    assert.throws(() => beginSend(sending, 2), OutboxTransitionError);
    assert.throws(() => beginSend(failed(sending, resetError()), 2), OutboxTransitionError, 'uncertain must be checked first');
    assert.throws(() => sent(item()), OutboxTransitionError);
    assert.throws(() => resolved(item(), { arrived: true, message }), OutboxTransitionError);
    assert.throws(() => sendAnyway(item()), OutboxTransitionError);
    assert.throws(() => retry(item()), OutboxTransitionError);
    assert.throws(() => conflicted(sending, changes), OutboxTransitionError);
  });

  it('a later item of the ticket takes an earlier one’s own message and ticket as seen', () => {
    const later = absorbOwnDelivery(item({ id: 'b', seq: 2 }), { messageId: 'm9', ticket: { ...ticket, status: { id: 'pending', name: 'Pending', kind: 'pending' } } });
    assert.deepEqual(later.baseline?.messageIds, ['m1', 'm9']);
    assert.equal(later.baseline?.ticket.status.id, 'pending');
  });

  it('orders by sequence number, never by a clock that jumped back', () => {
    const items = [item({ id: 'c', seq: 3, createdAt: 10 }), item({ id: 'a', seq: 1, createdAt: 9_999_999 }), item({ id: 'b', seq: 2, createdAt: -5 })];
    assert.deepEqual(sendOrder(items).map((entry) => entry.id), ['a', 'b', 'c']);
  });
});
