// Where the links of one open document are right now, while it is being edited. No vscode:
// the service feeds it the document's text and its edits in line terms.
// - Edits shift ranges arithmetically (shiftRange), so typing never searches the text.
// - An edit inside linked lines, or any edit while a link is stale, leaves the file
//   "unsettled": the next settle() (when the lenses are asked for) finds those snippets again.
// - reanchorAll() (on open and on save) finds every snippet again.
// - Code edited inside its linked lines is still that code: when the snippet is no longer
//   found as it was but the edited lines still share most of its lines, the link follows
//   the edit, and a save stores the lines' new text as the snippet.
// A stale link keeps its stored lines: it is never shown on lines that now hold other code.
import { type LineEdit, reanchor, shiftRange } from '../../code/anchor';
import type { CodeLink, LineRange } from '../../code/linkFile';

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
  /** The linked lines' text after edits inside them, when it differs from the stored snippet. */
  edited?: string;
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

  /**
   * Links found on other lines than the stored ones, or whose code was edited (never stale
   * ones): what a save writes back.
   */
  moved(): Array<{ link: CodeLink; range: LineRange; snippet?: string }> {
    const result: Array<{ link: CodeLink; range: LineRange; snippet?: string }> = [];
    for (const tracked of this.tracked.values()) {
      if (tracked.stale) continue;
      const range = { start: tracked.startLine, end: tracked.endLine };
      const elsewhere = range.start !== tracked.link.range.start || range.end !== tracked.link.range.end;
      if (tracked.edited !== undefined) result.push({ link: tracked.link, range, snippet: tracked.edited });
      else if (elsewhere) result.push({ link: tracked.link, range });
    }
    return result;
  }

  // Searches from where the link is believed to be now: the shifted lines, or the stored ones when stale.
  private relocate(tracked: Tracked, text: string): boolean {
    const from = tracked.stale ? tracked.link.range : { start: tracked.startLine, end: tracked.endLine };
    const snippet = tracked.edited ?? tracked.link.snippet;
    const result = reanchor({ startLine: from.start, endLine: from.end, snippet }, text);
    let next: Tracked;
    if (result.status !== 'stale') {
      next = { link: tracked.link, startLine: result.startLine, endLine: result.endLine, stale: false, touched: false };
      if (tracked.edited !== undefined) next.edited = tracked.edited;
    } else {
      // Not found as it was: edited in place (follow it) or gone (stale)?
      const now = linesOf(text, from.start, from.end);
      next = resembles(snippet, now)
        ? { link: tracked.link, startLine: from.start, endLine: from.end, stale: false, touched: false, edited: now }
        : { link: tracked.link, startLine: tracked.link.range.start, endLine: tracked.link.range.end, stale: true, touched: false };
    }
    if (next.edited === tracked.link.snippet) delete next.edited;
    const changed = next.stale !== tracked.stale;
    delete tracked.edited;
    Object.assign(tracked, next);
    return changed;
  }

}

function locate(link: CodeLink, from: LineRange, text: string, snippet = link.snippet): Tracked {
  const result = reanchor({ startLine: from.start, endLine: from.end, snippet }, text);
  if (result.status === 'stale') {
    // Still mostly the same lines where it was (a redacted secret, a small edit made while
    // the file was closed): the same code.
    if (resembles(snippet, linesOf(text, from.start, from.end))) {
      return { link, startLine: from.start, endLine: from.end, stale: false, touched: false };
    }
    return { link, startLine: link.range.start, endLine: link.range.end, stale: true, touched: false };
  }
  return { link, startLine: result.startLine, endLine: result.endLine, stale: false, touched: false };
}

/** Lines `start`..`end` (1-based, inclusive) of `text`. */
function linesOf(text: string, start: number, end: number): string {
  return text.split(/\r?\n/).slice(start - 1, end).join('\n');
}

/**
 * The edited lines are still the linked code when at least half of the snippet's
 * non-blank lines are still among them (compared trimmed): a changed condition or an
 * added line keeps the link; the code replaced or deleted does not.
 */
export function resembles(snippet: string, now: string): boolean {
  const wanted = snippet.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  if (wanted.length === 0) return false;
  const present = new Set(now.split(/\r?\n/).map((line) => line.trim()));
  const kept = wanted.filter((line) => present.has(line)).length;
  return kept * 2 >= wanted.length;
}

function sameStoredPlace(a: CodeLink, b: CodeLink): boolean {
  return a.file === b.file && a.range.start === b.range.start && a.range.end === b.range.end && a.snippet === b.snippet;
}

function view(tracked: Tracked): LiveLink {
  return { link: tracked.link, startLine: tracked.startLine, endLine: tracked.endLine, stale: tracked.stale };
}
