// The helpdesk's canned replies in a ticket panel: loaded once per panel on first use
// (forgotten after a failure, so the next try asks again), offered in a picker, and the
// chosen one inserted into the reply box as Markdown.
import * as l10n from '@vscode/l10n';
import { HelpdeskError, toHelpdeskError } from '../../helpdesk/errors';
import type { CannedReply } from '../../helpdesk/provider';
import { cannedReplyMarkdown, cannedReplyPreview } from './cannedReplyText';
import type { PanelContext } from './parts';

/** A canned reply as a picker lists it. */
export interface CannedReplyChoice {
  id: string;
  name: string;
  /** The start of its text, on one line. */
  preview: string;
}

/**
 * Lets the user choose a canned reply; shown at once, filled when `choices` resolves.
 * Resolves to the chosen id, or undefined if the user cancelled or there is none;
 * rejects with the loading error.
 */
export type CannedReplyPicker = (choices: Promise<CannedReplyChoice[]>) => Promise<string | undefined>;

interface LoadedCannedReply extends CannedReplyChoice {
  markdown: string;
}

export class CannedReplies {
  private loaded: Promise<LoadedCannedReply[]> | undefined;
  private picking = false;

  constructor(
    private readonly context: PanelContext,
    private readonly picker: CannedReplyPicker | undefined,
  ) {}

  /** Whether this panel can offer them at all (the vendor's word is checked by the caller). */
  get canPick(): boolean {
    return this.picker !== undefined;
  }

  async pick(offered: boolean): Promise<void> {
    const picker = this.picker;
    if (!offered || !picker) {
      return this.context.postError(new HelpdeskError('unsupported', l10n.t('This helpdesk offers no canned replies.')), 'cannedReply');
    }
    // A second click while the picker is up would stack another one on it.
    if (this.picking) return;
    this.picking = true;
    try {
      const replies = this.load();
      const chosenId = await picker(replies.then((list) => list.map(({ id, name, preview }) => ({ id, name, preview }))));
      const list = await replies;
      if (list.length === 0) {
        this.context.post({ type: 'notice', text: l10n.t('{0} has no canned replies yet.', this.context.session.label) });
        return;
      }
      const chosen = list.find((reply) => reply.id === chosenId);
      if (chosen) this.context.post({ type: 'insertText', text: chosen.markdown });
    } catch (error) {
      const failure = toHelpdeskError(error);
      this.context.postError(new HelpdeskError(failure.kind, l10n.t('Could not load the canned replies: {0}', failure.describe())), 'cannedReply');
    } finally {
      this.picking = false;
    }
  }

  private load(): Promise<LoadedCannedReply[]> {
    if (this.loaded) return this.loaded;
    const loading = this.context.session
      .run((provider) => {
        if (!provider.cannedReplies) throw new HelpdeskError('unsupported', l10n.t('This helpdesk offers no canned replies.'));
        return provider.cannedReplies();
      })
      .then((replies) => replies.map((reply) => this.converted(reply)));
    this.loaded = loading;
    loading.catch(() => {
      if (this.loaded === loading) this.loaded = undefined;
    });
    return loading;
  }

  private converted(reply: CannedReply): LoadedCannedReply {
    let markdown: string;
    try {
      markdown = cannedReplyMarkdown(reply);
    } catch (error) {
      // A template the converter chokes on is still worth having as it was written.
      this.context.log.warn(`ticket panel: canned reply "${reply.name}" could not be converted: ${String(error)}`);
      markdown = reply.body.trim();
    }
    return { id: reply.id, name: reply.name, markdown, preview: cannedReplyPreview(markdown) };
  }
}
