// Opens, re-focuses and restores ticket panels: one per instance and ticket. Each panel
// gets a TicketPanelController wired to the real webview and editor services.
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { HelpdeskError } from '../../helpdesk/errors';
import type { Logger } from '../../helpdesk/log';
import type { Ticket } from '../../helpdesk/model';
import { isDraft, type PanelState } from '../../shared/protocol/panel';
import { Commands, PANEL_VIEW_TYPE } from '../commandIds';
import type { Connection, Connections } from '../instances/connections';
import type { PanelHtmlArgs } from '../webviewPage';
import { pickFilesFromDisk } from '../filePicker';
import { type LinkedCodeSource, OPEN_LINKED_CODE_COMMAND } from '../codeLinks/contracts';
import { pickCannedReply } from './cannedReplyPicker';
import type { DraftStore } from './draftStore';
import type { DraftAddition, PanelHost, PanelOfflineCache, PanelSession, RenderFunctions, TicketPanelController } from './controller';
import { safeFileName } from './fileNames';
import type { PanelOutbox } from './replySender';

/** The panel's host side (the controller and what it alone uses), loaded when the first panel opens. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- its own file in the build (scripts/bundles.mjs, LAZY_MODULES)
const controllerModule = (): typeof import('./controller') => require('./controller');

export type PanelPageOptions = PanelHtmlArgs;

/**
 * Contributed by src/ui/code (`CodeCommands.copyTicketReference`, in the form the editor
 * recognises for the helpdesk); named here so the panel does not import that folder.
 */
const COPY_TICKET_REFERENCE = 'helpdesk.copyTicketReference';

export interface TicketPanelManagerDeps {
  extensionUri: vscode.Uri;
  connections: Connections;
  /** Resolves once sandbox instances exist (a restored panel may belong to one). */
  instancesReady: () => Promise<void>;
  drafts: DraftStore;
  render: RenderFunctions;
  pageHtml: (options: PanelPageOptions) => string;
  maxAttachmentBytes: () => number;
  ticketChanged: (instanceId: string) => void;
  /** A panel has loaded its ticket (feeds the recent-tickets list). */
  ticketShown?: (instanceId: string, ticket: Ticket) => void;
  log: Logger;
  /** Lists each ticket's linked code in its panel; without it the panel shows none. */
  linkedCode?: LinkedCodeSource;
  /** Keeps each opened ticket, and shows it while its helpdesk is unreachable. */
  offline?: PanelOfflineCache;
  /** Where a panel's replies and status changes go while its helpdesk is unreachable. */
  outbox?: (instanceId: string) => PanelOutbox;
}

interface OpenPanel {
  panel: vscode.WebviewPanel;
  controller: TicketPanelController;
}

export class TicketPanelManager implements vscode.Disposable {
  private readonly panels = new Map<string, OpenPanel>();

  constructor(private readonly deps: TicketPanelManagerDeps) {}

  /** Restores panels after a reload from the state the webview saved. */
  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        if (!isPanelState(state) || this.panels.has(panelKey(state.instanceId, state.ticketId))) {
          panel.dispose();
          return;
        }
        // Keep the newer of the two copies of the draft: the webview's state wins only if the store has none.
        if (state.draft && isDraft(state.draft) && !this.deps.drafts.get(state.instanceId, state.ticketId)) {
          await this.deps.drafts.set(state.instanceId, state.ticketId, state.draft);
        }
        this.attach(panel, state.instanceId, state.ticketId);
      },
    });
  }

  open(instanceId: string, ticketId: string): void {
    this.show(instanceId, ticketId);
  }

  /**
   * "Add Selection to Ticket": opens (or reveals) the ticket's panel, adds the Markdown to the
   * end of its draft and the files to its reply, and puts the cursor in the reply box. Works
   * before the panel's page has loaded: the draft store takes the text at once.
   */
  async addToDraft(instanceId: string, ticketId: string, addition: DraftAddition): Promise<void> {
    await this.show(instanceId, ticketId).addToDraft(addition);
  }

  private show(instanceId: string, ticketId: string): TicketPanelController {
    const existing = this.panels.get(panelKey(instanceId, ticketId));
    if (existing) {
      existing.panel.reveal();
      return existing.controller;
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      vscode.l10n.t('Ticket {0}', ticketId),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      this.webviewOptions(),
    );
    return this.attach(panel, instanceId, ticketId);
  }

  /** Panels showing a ticket of this instance (to re-load them after new credentials). */
  reloadInstance(instanceId: string): void {
    for (const open of this.panels.values()) {
      if (open.controller.instanceId === instanceId) void open.controller.load();
    }
  }

  /** The ticket of the panel in front (Start Work on Ticket from the panel's title bar). */
  activeTicket(): { instanceId: string; ticketId: string } | undefined {
    for (const open of this.panels.values()) {
      if (open.panel.active) return { instanceId: open.controller.instanceId, ticketId: open.controller.ticketId };
    }
    return undefined;
  }

  /** Reads one ticket's panel again, if it is open (it changed at the helpdesk). */
  reloadTicket(instanceId: string, ticketId: string): void {
    const open = this.panels.get(panelKey(instanceId, ticketId));
    if (open) void open.controller.load();
  }

  dispose(): void {
    for (const open of [...this.panels.values()]) open.panel.dispose();
    this.panels.clear();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      // Reloading from the host is cheap and keeps memory low; the draft is persisted.
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.deps.extensionUri, 'dist'), vscode.Uri.joinPath(this.deps.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel, instanceId: string, ticketId: string): TicketPanelController {
    const key = panelKey(instanceId, ticketId);
    panel.webview.options = this.webviewOptions();
    const log = this.deps.log;
    const render = (allowRemoteImages: boolean) => {
      panel.webview.html = this.page(panel, allowRemoteImages);
    };
    const host: PanelHost = {
      post: (message) => {
        panel.webview.postMessage(message).then(undefined, (error: unknown) => log.debug(`panel post failed: ${String(error)}`));
      },
      setTitle: (title) => {
        panel.title = title.length > 60 ? `${title.slice(0, 59)}…` : title;
      },
      reloadWithRemoteImages: () => render(true),
      pickFiles: () => pickFilesFromDisk(),
      pickSaveTarget: async (defaultName) => {
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
        const target = await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.joinPath(folder, safeFileName(defaultName)),
          saveLabel: vscode.l10n.t('Save Attachment'),
        });
        return target?.toString();
      },
      writeFile: async (target, data) => {
        await vscode.workspace.fs.writeFile(vscode.Uri.parse(target, true), data);
      },
      downloaded: (target) => {
        const uri = vscode.Uri.parse(target, true);
        const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
        const open = vscode.l10n.t('Open');
        void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}.', name), open, vscode.l10n.t('Reveal in File Explorer')).then((choice) => {
          if (choice === open) void vscode.commands.executeCommand('vscode.open', uri);
          else if (choice) void vscode.commands.executeCommand('revealFileInOS', uri);
        });
      },
      openExternal: (url) => {
        void vscode.env.openExternal(vscode.Uri.parse(url, true));
      },
      setCredentials: () => {
        void vscode.commands.executeCommand(Commands.setCredentials, { instanceId });
      },
      ticketChanged: () => this.deps.ticketChanged(instanceId),
      ticketShown: (ticket) => this.deps.ticketShown?.(instanceId, ticket),
      pickCannedReply: (choices) => pickCannedReply(choices, this.deps.connections.get(instanceId)?.label ?? instanceId),
      openLinkedCode: async (linkId) => {
        await vscode.commands.executeCommand(OPEN_LINKED_CODE_COMMAND, { linkId });
      },
      openTicket: (otherId) => this.open(instanceId, otherId),
      // The tree's commands, given the ticket as a tree node carries it (no second read).
      copyTicket: async (what, ticket) => {
        const node = { instanceId, ticket: { id: ticket.id, ref: ticket.ref, subject: ticket.subject, ...(ticket.webUrl && { webUrl: ticket.webUrl }) } };
        await vscode.commands.executeCommand(what === 'link' ? Commands.copyTicketLink : COPY_TICKET_REFERENCE, node);
      },
    };
    const controller = new (controllerModule().TicketPanelController)({
      instanceId,
      ticketId,
      session: this.session(instanceId),
      host,
      drafts: this.deps.drafts,
      render: this.deps.render,
      maxAttachmentBytes: this.deps.maxAttachmentBytes,
      log,
      ...(this.deps.linkedCode && { linkedCode: this.deps.linkedCode }),
      ...(this.deps.offline && { offline: this.deps.offline }),
      ...(this.deps.outbox && { outbox: this.deps.outbox(instanceId) }),
    });
    const open: OpenPanel = { panel, controller };
    this.panels.set(key, open);
    panel.onDidDispose(() => {
      controller.dispose();
      if (this.panels.get(key) === open) this.panels.delete(key);
    });
    // A hidden panel's page is thrown away (retainContextWhenHidden is off) and rebuilt when shown.
    panel.onDidChangeViewState(() => {
      if (!panel.visible) controller.pageHidden();
    });
    panel.webview.onDidReceiveMessage((message: unknown) => {
      controller.handle(message).catch((error: unknown) => log.error(error instanceof Error ? error : String(error)));
    });
    controller.preload();
    render(controller.allowsRemoteImages);
    return controller;
  }

  private page(panel: vscode.WebviewPanel, allowRemoteImages: boolean): string {
    const webview = panel.webview;
    const asset = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, ...segments)).toString();
    return this.deps.pageHtml({
      cspSource: webview.cspSource,
      // A fresh nonce per page load: only our script may run.
      nonce: randomBytes(18).toString('base64'),
      scriptUri: asset('dist', 'webview', 'main.js'),
      styleUri: asset('media', 'panel.css'),
      codiconUri: asset('dist', 'codicons', 'codicon.css'),
      allowRemoteImages,
      title: panel.title,
    });
  }

  /** Looks the connection up on every call: settings edits replace connection objects. */
  private session(instanceId: string): PanelSession {
    const connections = this.deps.connections;
    const ready = this.deps.instancesReady;
    const connection = async (): Promise<Connection> => {
      await ready();
      const found = connections.get(instanceId);
      if (!found || !found.entry.ok) {
        throw new HelpdeskError('config', vscode.l10n.t('The helpdesk "{0}" is not configured any more.', instanceId));
      }
      return found;
    };
    return {
      get label() {
        return connections.get(instanceId)?.label ?? instanceId;
      },
      acquire: async () => (await connection()).acquireSettled(),
      run: async (request) => (await connection()).run(request),
      referenceData: async () => (await connection()).referenceData(),
    };
  }
}

export function panelKey(instanceId: string, ticketId: string): string {
  return `${instanceId}:${ticketId}`;
}

function isPanelState(value: unknown): value is PanelState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Record<string, unknown>;
  return typeof state.instanceId === 'string' && state.instanceId !== '' && typeof state.ticketId === 'string' && state.ticketId !== '';
}
