import assert from 'node:assert/strict';
import type { Ticket } from '../../src/helpdesk/model';
import { notificationMode, summarise, type TicketActivity } from '../../src/ui/current/notify';

function ticket(id: string): Ticket {
  return {
    id,
    ref: `#${id}`,
    subject: `Printer ${id}`,
    status: { id: 'open', name: 'Open', kind: 'open' },
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-02T00:00:00Z',
  };
}

function activity(id: string, mine = true, instanceLabel = 'ACME'): TicketActivity {
  return { instanceId: instanceLabel.toLowerCase(), instanceLabel, ticket: ticket(id), mine };
}

describe('current: notification summary', () => {
  it('one ticket of yours: named, with Open', () => {
    const note = summarise([activity('7')], 'mine', { afterLongGap: false });
    assert.deepEqual(note, { message: 'New activity on your ticket #7 Printer 7 (ACME)', open: { instanceId: 'acme', ticketId: '7' } });
  });

  it('several: one summary without a single target', () => {
    const note = summarise([activity('1'), activity('2'), activity('3', true, 'Jitbit')], 'mine', { afterLongGap: false });
    assert.equal(note?.message, 'New activity on 3 of your tickets (ACME, Jitbit)');
    assert.equal(note?.open, undefined);
  });

  it('a ticket listed in two views counts once', () => {
    const note = summarise([activity('1', false), activity('1', true)], 'mine', { afterLongGap: false });
    assert.equal(note?.message, 'New activity on your ticket #1 Printer 1 (ACME)');
  });

  it('mine ignores tickets outside your views; all takes them; off says nothing', () => {
    const others = [activity('5', false), activity('6', false)];
    assert.equal(summarise(others, 'mine', { afterLongGap: false }), undefined);
    assert.equal(summarise(others, 'all', { afterLongGap: false })?.message, 'New activity on 2 tickets (ACME)');
    assert.equal(summarise([activity('1')], 'off', { afterLongGap: false }), undefined);
    assert.equal(summarise([], 'all', { afterLongGap: false }), undefined);
  });

  it('after a long gap (sleep): one summary however many piled up', () => {
    const many = Array.from({ length: 40 }, (_, i) => activity(String(i)));
    const note = summarise(many, 'mine', { afterLongGap: true });
    assert.equal(note?.message, 'While you were away: new activity on 40 tickets (ACME)');
    assert.equal(summarise([activity('9')], 'mine', { afterLongGap: true })?.message, 'While you were away: new activity on 1 ticket (ACME)');
  });

  it('reads the setting leniently (default mine)', () => {
    assert.equal(notificationMode('off'), 'off');
    assert.equal(notificationMode('all'), 'all');
    assert.equal(notificationMode(undefined), 'mine');
    assert.equal(notificationMode('loud'), 'mine');
  });
});
