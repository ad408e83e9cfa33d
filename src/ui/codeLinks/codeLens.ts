// The lens above linked code: "DP-1234 · Printer on fire · Awaiting Agent", which opens the
// ticket, and "Unlink". The status is fetched only when a lens is resolved (on screen), then
// cached; the lens is drawn at once without it and redrawn when it arrives. A stale link's
// lens sits on the first line of the file, never on lines that now hold other code.
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { UNLINK_CODE_COMMAND } from './commands';
import type { DocumentLinkState, LinkService } from './linkService';
import { lensTitle, lensTooltip } from './linkText';
import type { TicketInfoCache } from './ticketInfo';

class LinkLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly state: DocumentLinkState,
    readonly action: 'openTicket' | 'unlink',
  ) {
    super(range);
  }
}

export class LinkCodeLensProvider implements vscode.CodeLensProvider<LinkLens>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly service: LinkService,
    private readonly info: TicketInfoCache,
  ) {
    this.subscriptions = [service.onDidChange(() => this.refresh()), info.onDidFetch(() => this.refresh())];
  }

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): LinkLens[] {
    const lenses: LinkLens[] = [];
    const lastLine = Math.max(0, document.lineCount - 1);
    for (const state of this.service.linksInDocument(document)) {
      const line = state.stale ? 0 : Math.min(state.startLine - 1, lastLine);
      const range = new vscode.Range(line, 0, line, 0);
      lenses.push(new LinkLens(range, state, 'openTicket'), new LinkLens(range, state, 'unlink'));
    }
    return lenses;
  }

  resolveCodeLens(lens: LinkLens): LinkLens {
    const { link, stale } = lens.state;
    if (lens.action === 'unlink') {
      lens.command = { title: vscode.l10n.t('Unlink'), tooltip: vscode.l10n.t('Remove this link (the code and the ticket stay)'), command: UNLINK_CODE_COMMAND, arguments: [{ linkId: link.id }] };
      return lens;
    }
    const { instanceId, id } = link.ticket;
    const info = this.info.peek(instanceId, id);
    // Drawn now without the status; the fetch's event redraws it.
    if (!info && !stale) void this.info.get(instanceId, id);
    lens.command = {
      title: lensTitle(link.ticket, info, stale),
      tooltip: lensTooltip(link.ticket, info, stale),
      command: Commands.openTicket,
      arguments: [{ instanceId, ticketId: id }],
    };
    return lens;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}
