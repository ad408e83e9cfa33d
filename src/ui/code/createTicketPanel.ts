// The Create Ticket form as a webview beside the code: one panel per use, its page built
// from formHtml.ts, its messages handled by CreateTicketFormController. On success it
// records the code link, opens the new ticket's panel, offers Open Ticket, and closes.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { markdownToHtml, renderBody } from '../../helpdesk/render';
import type { Logger } from '../../helpdesk/log';
import type { Ticket } from '../../helpdesk/model';
import type { Capabilities } from '../../helpdesk/provider';
import type { Connection } from '../instances/connections';
import type { CodeLinkRecorder } from '../codeLinks/contracts';
import type { TicketPanelManager } from '../panel/manager';
import { recordLink } from './addToTicket';
import type { CodeContext } from './codeContext';
import { CREATE_FORM_VIEW_TYPE } from './commandIds';
import { CreateTicketFormController } from './createTicketForm';
import { confirmSecrets, pickWorkspaceFiles } from './dialogs';
import { createTicketFormHtml } from './formHtml';
import type { RecentTickets } from './recentTickets';
import { REFERENCE_PATTERNS_FIELD } from '../codeLinks/referenceSources';
import { codeReference, ticketTitle } from './ticketText';

export interface CreateTicketFormsDeps {
  extensionUri: vscode.Uri;
  panels: Pick<TicketPanelManager, 'open'>;
  recorder: CodeLinkRecorder | undefined;
  recents: RecentTickets;
  maxAttachmentBytes: () => number;
  ticketChanged: (instanceId: string) => void;
  log: Logger;
}

interface OpenForm {
  readonly panel: vscode.WebviewPanel;
  readonly controller: CreateTicketFormController;
}

export class CreateTicketForms implements vscode.Disposable {
  private readonly forms: OpenForm[] = [];

  constructor(private readonly deps: CreateTicketFormsDeps) {}

  /** The forms open now, oldest first (the integration suites post to them through handle()). */
  controllers(): CreateTicketFormController[] {
    return this.forms.map((form) => form.controller);
  }

  show(connection: Connection, capabilities: Capabilities, code: CodeContext): CreateTicketFormController {
    const { deps } = this;
    const media = vscode.Uri.joinPath(deps.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(deps.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel(
      CREATE_FORM_VIEW_TYPE,
      vscode.l10n.t('New Ticket — {0}', connection.label),
      // Beside the code, which stays in view while the ticket is written.
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      // The form is small and holds what the user typed: keep it when its tab is hidden.
      { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [dist, media] },
    );
    let disposed = false;
    const controller: CreateTicketFormController = new CreateTicketFormController({
      connection,
      capabilities,
      snapshot: code.snapshot,
      maxAttachmentBytes: deps.maxAttachmentBytes,
      markdownToHtml,
      renderBody,
      log: deps.log,
      host: {
        post: (message) => {
          // Answers that arrive after the form closed (reference lists, say) have nowhere to go.
          if (disposed) return;
          panel.webview.postMessage(message).then(undefined, (error: unknown) => deps.log.debug(`create form post failed: ${String(error)}`));
        },
        pickFiles: () => pickWorkspaceFiles(),
        confirmSecrets: (count, detail) => confirmSecrets(count, detail, 'Send'),
        created: (ticket) => this.created(panel, connection, code, ticket),
        close: () => panel.dispose(),
        openExternal: (url) => void vscode.env.openExternal(vscode.Uri.parse(url, true)),
      },
    });
    const form: OpenForm = { panel, controller };
    this.forms.push(form);
    panel.onDidDispose(() => {
      disposed = true;
      const index = this.forms.indexOf(form);
      if (index >= 0) this.forms.splice(index, 1);
    });
    panel.webview.onDidReceiveMessage((message: unknown) => {
      controller.handle(message).catch((error: unknown) => deps.log.error(error instanceof Error ? error : String(error)));
    });
    const asset = (...segments: string[]) => panel.webview.asWebviewUri(vscode.Uri.joinPath(deps.extensionUri, ...segments)).toString();
    panel.webview.html = createTicketFormHtml({
      cspSource: panel.webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: asset('dist', 'webview', 'createTicket.js'),
      styleUris: [asset('media', 'panel.css'), asset('media', 'create-ticket.css')],
      codiconUri: asset('dist', 'codicons', 'codicon.css'),
      title: panel.title,
    });
    return controller;
  }

  dispose(): void {
    for (const form of [...this.forms]) form.panel.dispose();
  }

  private async created(panel: vscode.WebviewPanel, connection: Connection, code: CodeContext, ticket: Ticket): Promise<void> {
    const { deps } = this;
    const instanceId = connection.id;
    deps.panels.open(instanceId, ticket.id);
    panel.dispose();
    deps.ticketChanged(instanceId);
    const openTicket = vscode.l10n.t('Open Ticket');
    const copyReference = vscode.l10n.t('Copy Reference');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('Created ticket {0} in {1}.', ticketTitle(ticket), connection.label), openTicket, copyReference)
      .then(async (choice) => {
        if (choice === openTicket) deps.panels.open(instanceId, ticket.id);
        if (choice === copyReference) await vscode.env.clipboard.writeText(codeReference(ticket, connection.config?.[REFERENCE_PATTERNS_FIELD]));
      });
    await deps.recents.remember(instanceId, ticket);
    await recordLink(deps.recorder, code, instanceId, ticket);
  }
}
