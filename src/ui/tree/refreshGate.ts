// Decides when, and for which node, the ticket tree tells VS Code that something changed.
// No vscode here, so the rules are unit-tested; ticketTreeProvider.ts feeds it.
//
// Two behaviours of VS Code's tree view (checked against 1.99) shape it:
//
// 1. A change event for a node whose children the extension host is still fetching makes
//    it report "Element with id … is already registered" and drop them (a health check or
//    a first page finishing while getChildren runs). So changes that arrive while any
//    getChildren runs are held, and sent, merged, once none runs.
//
// 2. The workbench keeps a node's children on the node until that node is refreshed. The
//    extension host sends its messages in batches, on its next timer tick. A refresh of a
//    node sent right after the answer to that node's own getChildren (our held change is
//    sent on a timer set before that tick) reaches the workbench in the same batch: it
//    clears the node's children before the answer is stored, so the answer is then kept
//    for good. But the refresh has disposed those rows in the extension host, with the
//    commands their clicks run: every click says "Actual command not found" until some
//    later refresh. (The first page of a list, whose "10 of 88" is only known once it
//    arrives, hit this on the first expansion after Add Helpdesk.) So a change for a node
//    whose children were listed since the last send goes to its parent instead: the
//    parent's refresh makes the workbench ask for the node and its children afresh. A
//    change of the whole tree is dropped when the roots were listed after it: that
//    listing already carries it.

/** The whole tree (the roots' parent): a change there redraws everything. */
export const WHOLE_TREE = Symbol('whole tree');
export type RefreshTarget<N> = N | typeof WHOLE_TREE;

export interface RefreshGateOptions<N> {
  /** The node whose refresh also redraws `node` (its parent, or any ancestor); WHOLE_TREE at the top. */
  parentOf(node: N): RefreshTarget<N>;
  /** Tells VS Code that `target` changed. */
  send(target: RefreshTarget<N>): void;
  /** Runs `callback` on a later turn of the event loop (a zero timer, unless a test drives it). */
  later?(callback: () => void): { cancel(): void };
}

export class RefreshGate<N> {
  private fetching = 0;
  /** Bumped by every change, so a listing can be ordered against the changes. */
  private changeCount = 0;
  /** Changes waiting to be sent: each target with its latest change. */
  private readonly held = new Map<RefreshTarget<N>, number>();
  /** Nodes whose children were listed since the last send, with the last change before it. */
  private readonly listed = new Map<RefreshTarget<N>, number>();
  private pending: { cancel(): void } | undefined;
  private readonly later: (callback: () => void) => { cancel(): void };

  constructor(private readonly options: RefreshGateOptions<N>) {
    this.later =
      options.later ??
      ((callback) => {
        const timer = setTimeout(callback, 0);
        return { cancel: () => clearTimeout(timer) };
      });
  }

  changed(target: RefreshTarget<N>): void {
    this.changeCount++;
    if (this.fetching === 0 && this.pending === undefined) {
      this.options.send(target);
      return;
    }
    this.held.set(target, this.changeCount);
  }

  fetchStarted(): void {
    this.fetching++;
  }

  /** The children of `target` were listed (or the listing failed); call once per fetchStarted. */
  fetchEnded(target: RefreshTarget<N>): void {
    this.fetching = Math.max(0, this.fetching - 1);
    this.listed.set(target, this.changeCount);
    // Even with nothing held: a change arriving before the answer leaves must wait too.
    if (this.fetching === 0 && this.pending === undefined) this.pending = this.later(() => this.flush());
  }

  dispose(): void {
    this.pending?.cancel();
    this.pending = undefined;
    this.held.clear();
    this.listed.clear();
  }

  private flush(): void {
    this.pending = undefined;
    if (this.fetching > 0) return; // the fetch still running flushes when it ends
    const targets = new Map<RefreshTarget<N>, number>();
    for (const [node, change] of this.held) {
      let target = node;
      while (target !== WHOLE_TREE && this.listed.has(target)) target = this.options.parentOf(target);
      targets.set(target, Math.max(targets.get(target) ?? 0, change));
    }
    const rootsListedAfter = this.listed.get(WHOLE_TREE);
    this.held.clear();
    this.listed.clear();

    const wholeTree = targets.get(WHOLE_TREE);
    if (wholeTree !== undefined) {
      if (rootsListedAfter === undefined || rootsListedAfter < wholeTree) {
        this.options.send(WHOLE_TREE); // covers every other target
        return;
      }
      targets.delete(WHOLE_TREE);
    }
    for (const target of targets.keys()) this.options.send(target);
  }
}
