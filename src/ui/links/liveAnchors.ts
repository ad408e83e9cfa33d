// Where the links of one open document are right now, while it is being edited. No vscode:
// the service feeds it the document's text and its edits in line terms.
// - Edits shift ranges arithmetically (shiftRange), so typing never searches the text.
// - An edit inside linked lines, or any edit while a link is stale, leaves the file
//   "unsettled": the next settle() (when the lenses are asked for) finds those snippets again.
// - reanchorAll() (on open and on save) finds every snippet again.
// A stale link keeps its stored lines: it is never shown on lines that now hold other code.
import { type LineEdit, reanchor, shiftRange } from '../../links/anchor';
import type { CodeLink, LineRange } from '../../links/store';

export interface LiveLink {
  readonly link: CodeLink;
  /** 1-based, inclusive; for a stale link, the stored lines. */
  readonly startLine: number;
  readonly endLine: number;
  /** The snippet is no longer in the document. */
  readonly stale: boolean;
}

interface Tracked {
  link: CodeLink;
  startLine: number;
  endLine: number;
  stale: boolean;
  /** An edit changed the linked lines since they were last found. */
  touched: boolean;
}

export class DocumentAnchors {
  private readonly tracked = new Map<string, Tracked>();
  private unsettled = false;

  /**
   * Follows the stored links of this document: new links, and links whose stored place or
   * snippet changed (another window, a `git pull`), are looked up in `text`. True when a
   * link appeared, went or changed whether it is stale.
   */
  sync(links: readonly CodeLink[], text: () => string): boolean {
    let changed = false;
    const wanted = new Set(links.map((link) => link.id));
    for (const id of [...this.tracked.keys()]) {
      if (!wanted.has(id)) {
        this.tracked.delete(id);
        changed = true;
      }
    }
    let documentText: string | undefined;
    for (const link of links) {
      const existing = this.tracked.get(link.id);
      if (existing && sameStoredPlace(existing.link, link)) {
        existing.link = link;
        continue;
      }
      documentText ??= text();
      const found = locate(link, link.range, documentText);
      this.tracked.set(link.id, found);
      changed ||= !existing || existing.stale !== found.stale;
    }
    return changed;
  }

  /** One change event's edits; each range refers to the text before the event. */
  applyEdits(edits: readonly LineEdit[]): void {
    if (this.tracked.size === 0 || edits.length === 0) return;
    // Bottom-up, so each edit's lines are still those of the text before the event.
    const ordered = [...edits].sort((a, b) => b.startLine - a.startLine || b.endLine - a.endLine);
    for (const tracked of this.tracked.values()) {
      if (tracked.stale) {
        this.unsettled = true;
        continue;
      }
      for (const edit of ordered) {
        const shifted = shiftRange(tracked, edit);
        tracked.startLine = shifted.startLine;
        tracked.endLine = shifted.endLine;
        if (shifted.touched) {
          tracked.touched = true;
          this.unsettled = true;
        }
      }
    }
  }

  /** Finds touched and stale links again, if an edit left any. True when a link's staleness changed. */
  settle(text: () => string): boolean {
    if (!this.unsettled) return false;
    this.unsettled = false;
    const documentText = text();
    let changed = false;
    for (const tracked of this.tracked.values()) {
      if (!tracked.touched && !tracked.stale) continue;
      changed = this.relocate(tracked, documentText) || changed;
    }
    return changed;
  }

  /** Finds every link again (on open, on save). True when a link's staleness changed. */
  reanchorAll(text: string): boolean {
    this.unsettled = false;
    let changed = false;
    for (const tracked of this.tracked.values()) changed = this.relocate(tracked, text) || changed;
    return changed;
  }

  get(linkId: string): LiveLink | undefined {
    const tracked = this.tracked.get(linkId);
    return tracked && view(tracked);
  }

  all(): LiveLink[] {
    return [...this.tracked.values()].map(view).sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
  }

  /** Links found on other lines than the stored ones (never stale ones): what a save writes back. */
  moved(): Array<{ link: CodeLink; range: LineRange }> {
    const result: Array<{ link: CodeLink; range: LineRange }> = [];
    for (const tracked of this.tracked.values()) {
      if (tracked.stale) continue;
      if (tracked.startLine !== tracked.link.range.start || tracked.endLine !== tracked.link.range.end) {
        result.push({ link: tracked.link, range: { start: tracked.startLine, end: tracked.endLine } });
      }
    }
    return result;
  }

  // Searches from where the link is believed to be now: the shifted lines, or the stored ones when stale.
  private relocate(tracked: Tracked, text: string): boolean {
    const from = tracked.stale ? tracked.link.range : { start: tracked.startLine, end: tracked.endLine };
    const found = locate(tracked.link, from, text);
    const changed = found.stale !== tracked.stale;
    Object.assign(tracked, found);
    return changed;
  }
}

function locate(link: CodeLink, from: LineRange, text: string): Tracked {
  const result = reanchor({ startLine: from.start, endLine: from.end, snippet: link.snippet }, text);
  if (result.status === 'stale') {
    return { link, startLine: link.range.start, endLine: link.range.end, stale: true, touched: false };
  }
  return { link, startLine: result.startLine, endLine: result.endLine, stale: false, touched: false };
}

function sameStoredPlace(a: CodeLink, b: CodeLink): boolean {
  return a.file === b.file && a.range.start === b.range.start && a.range.end === b.range.end && a.snippet === b.snippet;
}

function view(tracked: Tracked): LiveLink {
  return { link: tracked.link, startLine: tracked.startLine, endLine: tracked.endLine, stale: tracked.stale };
}
