import assert from 'node:assert/strict';
import { RefreshGate, type RefreshTarget, WHOLE_TREE } from '../../src/ui/tree/refreshGate';

/** A two-level tree as the Tickets view has it: instances at the top, lists under them. */
interface Node {
  name: string;
  parent?: Node;
}
const acme: Node = { name: 'acme' };
const beta: Node = { name: 'beta' };
const mine: Node = { name: 'acme/mine', parent: acme };
const open: Node = { name: 'acme/open', parent: acme };

function setup() {
  const sent: string[] = [];
  let queued: Array<() => void> = [];
  const gate = new RefreshGate<Node>({
    parentOf: (node) => node.parent ?? WHOLE_TREE,
    send: (target) => sent.push(name(target)),
    later: (callback) => {
      queued.push(callback);
      return { cancel: () => (queued = queued.filter((c) => c !== callback)) };
    },
  });
  /** Runs what the gate put off to a later turn (the zero timer in the extension). */
  const nextTurn = (): void => {
    const due = queued;
    queued = [];
    for (const callback of due) callback();
  };
  return { gate, sent, nextTurn, pending: () => queued.length };
}

function name(target: RefreshTarget<Node>): string {
  return target === WHOLE_TREE ? '<tree>' : target.name;
}

describe('ui: tree refresh gate', () => {
  it('sends a change at once while no children are being listed', () => {
    const t = setup();
    t.gate.changed(mine);
    t.gate.changed(WHOLE_TREE);
    assert.deepEqual(t.sent, ['acme/mine', '<tree>']);
    assert.equal(t.pending(), 0);
  });

  it('holds changes while any listing runs and sends them, once each, on the turn after the last one ends', () => {
    const t = setup();
    t.gate.fetchStarted();
    t.gate.fetchStarted();
    t.gate.changed(beta);
    t.gate.changed(open);
    t.gate.changed(beta);
    t.gate.fetchEnded(mine);
    t.nextTurn();
    assert.deepEqual(t.sent, [], 'nothing while a listing still runs');
    t.gate.fetchEnded(mine);
    assert.deepEqual(t.sent, [], 'not in the turn the listing ended: its answer has not left yet');
    t.nextTurn();
    assert.deepEqual(t.sent.sort(), ['acme/open', 'beta']);
  });

  it('sends a change of a list made while its own children were listed as a change of its instance', () => {
    // The first page of "My Tickets" arrives during its own getChildren and brings "10 of 88".
    const t = setup();
    t.gate.fetchStarted();
    t.gate.changed(mine);
    t.gate.fetchEnded(mine);
    t.nextTurn();
    assert.deepEqual(t.sent, ['acme']);
  });

  it('also redirects a change that arrives just after the listing ended, before its answer left', () => {
    const t = setup();
    t.gate.fetchStarted();
    t.gate.fetchEnded(mine);
    t.gate.changed(mine);
    assert.deepEqual(t.sent, []);
    t.nextTurn();
    assert.deepEqual(t.sent, ['acme']);
  });

  it('sends a change of an instance made while its children were listed as a change of the whole tree', () => {
    // The connection check runs inside the instance's getChildren and changes its health.
    const t = setup();
    t.gate.fetchStarted();
    t.gate.changed(acme);
    t.gate.changed(acme);
    t.gate.fetchEnded(acme);
    t.nextTurn();
    assert.deepEqual(t.sent, ['<tree>']);
  });

  it('goes up as long as the parent was listed too, and a whole-tree change covers the rest', () => {
    const t = setup();
    t.gate.fetchStarted();
    t.gate.fetchStarted();
    t.gate.changed(mine);
    t.gate.changed(beta);
    t.gate.fetchEnded(acme);
    t.gate.fetchEnded(mine);
    t.nextTurn();
    assert.deepEqual(t.sent, ['<tree>']);
  });

  it('drops a whole-tree change when the roots were listed after it, and keeps one made after the listing', () => {
    // The sandbox starts while the roots are listed: the roots listed already include it.
    const t = setup();
    t.gate.fetchStarted();
    t.gate.changed(WHOLE_TREE);
    t.gate.fetchEnded(WHOLE_TREE);
    t.nextTurn();
    assert.deepEqual(t.sent, []);

    t.gate.fetchStarted();
    t.gate.fetchStarted();
    t.gate.fetchEnded(WHOLE_TREE);
    t.gate.changed(WHOLE_TREE);
    t.gate.fetchEnded(acme);
    t.nextTurn();
    assert.deepEqual(t.sent, ['<tree>']);
  });

  it('drops a list change carried up to the whole tree when the roots were listed after it', () => {
    const t = setup();
    t.gate.fetchStarted();
    t.gate.fetchStarted();
    t.gate.fetchStarted();
    t.gate.changed(mine);
    t.gate.fetchEnded(mine);
    t.gate.fetchEnded(acme);
    t.gate.fetchEnded(WHOLE_TREE);
    t.nextTurn();
    assert.deepEqual(t.sent, []);
  });

  it('forgets what was listed once it has sent, so later changes go where they belong', () => {
    const t = setup();
    t.gate.fetchStarted();
    t.gate.fetchEnded(mine);
    t.nextTurn();
    t.gate.changed(mine);
    assert.deepEqual(t.sent, ['acme/mine']);
  });

  it('sends nothing after dispose', () => {
    const t = setup();
    t.gate.fetchStarted();
    t.gate.changed(mine);
    t.gate.fetchEnded(mine);
    t.gate.dispose();
    t.nextTurn();
    assert.deepEqual(t.sent, []);
  });
});
