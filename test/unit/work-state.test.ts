// What Start Work remembers (branch ↔ ticket per repository, the once-asked answers per
// helpdesk), what it changes on the ticket, and how a commit message gets the reference.
import assert from 'node:assert/strict';
import type { TicketStatus } from '../../src/helpdesk/model';
import { type CodeSnapshot, defaultBody } from '../../src/ui/code/codeSnapshot';
import type { MementoLike } from '../../src/ui/code/recentTickets';
import { BranchTickets, readStored } from '../../src/ui/work/branchTickets';
import { withTicketReference } from '../../src/ui/work/commitText';
import { looksLikeInProgress, planTicketUpdate, rankWorkStatuses } from '../../src/ui/work/ticketUpdate';
import { readChoices, WorkChoiceStore } from '../../src/ui/work/workChoices';

class Memento implements MementoLike {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Thenable<void> {
    // Stored as JSON, as VS Code keeps it.
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

const status = (id: string, name: string, kind: TicketStatus['kind']): TicketStatus => ({ id, name, kind });

describe('work: branch ↔ ticket pairs', () => {
  it('keeps each repository’s branches apart and finds a ticket’s latest branch', async () => {
    let now = 1000;
    const memento = new Memento();
    const store = new BranchTickets(memento, () => now);
    let changes = 0;
    store.onDidChange(() => changes++);
    assert.equal(store.isEmpty(), true);
    await store.set('file:///a', 'ABCD-1-fix', { instanceId: 'acme', ticketId: '1', ref: 'ABCD-1', subject: 'Fix' });
    now = 2000;
    await store.set('file:///a', 'ABCD-1-fix-again', { instanceId: 'acme', ticketId: '1', ref: 'ABCD-1', subject: 'Fix' });
    await store.set('file:///b', 'ABCD-1-fix', { instanceId: 'other', ticketId: '1', ref: '#1', subject: 'Other' });
    assert.equal(changes, 3);
    assert.equal(store.isEmpty(), false);
    assert.equal(store.get('file:///a', 'ABCD-1-fix')?.instanceId, 'acme');
    assert.equal(store.get('file:///b', 'ABCD-1-fix')?.instanceId, 'other');
    assert.equal(store.get('file:///c', 'ABCD-1-fix'), undefined);
    assert.equal(store.branchFor('file:///a', 'acme', '1'), 'ABCD-1-fix-again');
    assert.equal(store.branchFor('file:///b', 'acme', '1'), undefined);
    // A second store over the same memento (a reloaded window) reads the same.
    assert.equal(new BranchTickets(memento).get('file:///a', 'ABCD-1-fix-again')?.at, 2000);
    await store.forget('file:///a', 'ABCD-1-fix-again');
    assert.equal(store.branchFor('file:///a', 'acme', '1'), 'ABCD-1-fix');
  });

  it('keeps at most 200 branches a repository, dropping the oldest', async () => {
    let now = 0;
    const store = new BranchTickets(new Memento(), () => ++now);
    for (let i = 0; i < 205; i++) await store.set('r', `b${i}`, { instanceId: 'x', ticketId: String(i), ref: '', subject: '' });
    assert.equal(store.get('r', 'b4'), undefined);
    assert.equal(store.get('r', 'b5')?.ticketId, '5');
    assert.equal(store.get('r', 'b204')?.ticketId, '204');
  });

  it('reads stored values from other versions defensively', () => {
    assert.deepEqual(readStored(undefined), {});
    assert.deepEqual(readStored([1, 2]), {});
    assert.deepEqual(readStored({ r: 'x', s: { b: null, c: { instanceId: '', ticketId: '1' }, d: { instanceId: 'i', ticketId: '2', at: 'soon' } } }), {
      s: { d: { instanceId: 'i', ticketId: '2', ref: '', subject: '', at: 0 } },
    });
  });
});

describe('work: once-asked answers', () => {
  it('remembers status and assign per helpdesk, and forgets one or all', async () => {
    const store = new WorkChoiceStore(new Memento());
    assert.deepEqual(store.get('acme'), {});
    await store.setStatus('acme', { statusId: '3', name: 'In Progress' });
    await store.setAssign('acme', true);
    await store.setStatus('jit', { none: true });
    assert.deepEqual(store.get('acme'), { status: { statusId: '3', name: 'In Progress' }, assign: true });
    assert.deepEqual(store.get('jit'), { status: { none: true } });
    assert.deepEqual(store.instanceIds().sort(), ['acme', 'jit']);
    await store.forget('acme');
    assert.deepEqual(store.get('acme'), {});
    assert.deepEqual(store.get('jit'), { status: { none: true } });
    await store.forget();
    assert.deepEqual(store.instanceIds(), []);
  });

  it('reads stored answers defensively', () => {
    assert.deepEqual(readChoices({ a: { status: { statusId: '' }, assign: 'yes' }, b: 3, c: { status: { statusId: '7' } } }), {
      a: {},
      c: { status: { statusId: '7', name: '7' } },
    });
  });
});

describe('work: what starting work changes on the ticket', () => {
  const open = status('open', 'Open', 'open');
  const progress = status('wip', 'In Progress', 'open');
  const ticket = { status: open, agent: { id: '9', name: 'Someone' } };

  it('sets the chosen status and assigns to me in one patch', () => {
    const plan = planTicketUpdate({ ticket, status: { statusId: 'wip', name: 'In Progress' }, statuses: [open, progress], assignTo: '5' });
    assert.deepEqual(plan.patch, { status: 'wip', agent: '5' });
    assert.equal(plan.statusName, 'In Progress');
    assert.deepEqual(plan.skipped, []);
  });

  it('changes nothing already so, and nothing when the user chose to leave the status', () => {
    const plan = planTicketUpdate({ ticket: { status: progress, agent: { id: '5', name: 'Me' } }, status: { statusId: 'wip', name: 'In Progress' }, assignTo: '5' });
    assert.deepEqual(plan.patch, {});
    assert.deepEqual(plan.skipped, [{ kind: 'alreadyInStatus', name: 'In Progress' }, { kind: 'alreadyYours' }]);
    assert.deepEqual(planTicketUpdate({ ticket, status: { none: true } }).patch, {});
    assert.deepEqual(planTicketUpdate({ ticket }).patch, {});
  });

  it('skips a status this ticket cannot move to (another board’s), saying which', () => {
    const plan = planTicketUpdate({ ticket: { ...ticket, statusChoices: [open] }, status: { statusId: 'wip', name: 'In Progress' }, statuses: [open, progress] });
    assert.deepEqual(plan.patch, {});
    assert.deepEqual(plan.skipped, [{ kind: 'statusNotOffered', name: 'In Progress' }]);
  });

  it('offers open statuses named for work first, never closed or resolved ones', () => {
    const statuses = [
      status('1', 'New', 'new'),
      status('2', 'Awaiting Agent', 'open'),
      status('3', 'Resolved', 'resolved'),
      status('4', 'In Progress', 'open'),
      status('5', 'Closed', 'closed'),
      status('6', 'Waiting on Customer', 'pending'),
    ];
    const ranked = rankWorkStatuses(statuses);
    assert.deepEqual(ranked.map((s) => s.name), ['In Progress', 'Awaiting Agent', 'New', 'Waiting on Customer']);
    assert.equal(looksLikeInProgress(ranked[0]), true);
    assert.equal(looksLikeInProgress(status('x', 'Awaiting Agent', 'open')), false);
    assert.equal(looksLikeInProgress(status('x', 'İşlemde', 'open')), true);
    assert.deepEqual(rankWorkStatuses([status('5', 'Closed', 'closed')]), []);
  });
});

describe('work: the reference in a commit message', () => {
  it('prefixes an empty message, appends a Refs trailer otherwise, never twice', () => {
    assert.equal(withTicketReference('', 'DP-12'), 'DP-12: ');
    assert.equal(withTicketReference('  \n', 'DP-12'), 'DP-12: ');
    assert.equal(withTicketReference('Fix the export\n\n', 'DP-12'), 'Fix the export\n\nRefs: DP-12');
    assert.equal(withTicketReference('DP-12: fix the export', 'DP-12'), undefined);
    assert.equal(withTicketReference('Fix\n\nRefs: DP-12', 'DP-12'), undefined);
    // DP-123 is another ticket: DP-12 is still added.
    assert.equal(withTicketReference('DP-123: fix', 'DP-12'), 'DP-123: fix\n\nRefs: DP-12');
    assert.equal(withTicketReference('fix #12', '#12'), undefined);
    assert.equal(withTicketReference('anything', ''), undefined);
  });
});

describe('work: a new ticket from code on a ticket’s branch', () => {
  const snapshot: CodeSnapshot = {
    snippet: { text: 'x = 1\n', languageId: 'python', relativePath: 'a.py', startLine: 1, endLine: 1 },
    documentName: 'a.py',
    documentText: 'x = 1\n',
  };

  it('mentions the branch’s ticket under the snippet; without one the body is the snippet alone', () => {
    const plain = defaultBody(snapshot);
    assert.ok(!plain.includes('Found while working on'));
    assert.equal(defaultBody({ ...snapshot, relatedTicket: 'DP-12' }), `${plain}\n\nFound while working on DP-12.`);
  });
});
