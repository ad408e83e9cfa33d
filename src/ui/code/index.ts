// Sending code to tickets from the editor, registered in one place: Create Ticket from
// Selection (the form), Add Selection to Ticket (into a panel's reply box), and the ticket
// reference commands. extension.ts calls registerCodeCommands() once.
import * as vscode from 'vscode';
import { isHelpdeskError } from '../../helpdesk/errors';
import type { Logger } from '../../helpdesk/log';
import { instanceIdFrom } from '../commands/args';
import type { Connections } from '../instances/connections';
import type { CodeLinkRecorder } from '../codeLinks/contracts';
import type { TicketPanelManager } from '../panel/manager';
import { addSelectionToTicket } from './addToTicket';
import { type BranchTicketLookup, branchTicketOf } from './branchTicket';
import { codeReference, ticketReference } from './ticketText';
import { askScope, gatherCodeContext } from './codeContext';
import { CodeCommands } from './commandIds';
import type { CreateTicketFormController } from './createTicketForm';
import type { CreateTicketForms } from './createTicketPanel';
import { capabilitiesOf, pickInstance } from './instancePicker';
import { LastInstance, RecentTickets } from './recentTickets';
import { copyTicketReference, insertTicketReference } from './referenceCommands';

/** Create Ticket from Selection's form (its controller, page and renderer), loaded when the first form opens. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- its own file in the build (scripts/bundles.mjs, LAZY_MODULES)
const createTicketPanel = (): typeof import('./createTicketPanel') => require('./createTicketPanel');

export interface CodeCommandDeps {
  extensionUri: vscode.Uri;
  connections: Connections;
  /** Resolves once the sandbox instances exist. */
  instancesReady: () => Promise<void>;
  panels: Pick<TicketPanelManager, 'open' | 'addToDraft'>;
  /** Records code ↔ ticket links (the link service). */
  recorder: CodeLinkRecorder | undefined;
  globalState: vscode.Memento;
  maxAttachmentBytes: () => number;
  ticketChanged: (instanceId: string) => void;
  /** The ticket of the branch checked out where the file is (Start Work), offered first. */
  branchTicket?: BranchTicketLookup;
  log: Logger & { show(): void };
}

export interface CodeCommandsHandle extends vscode.Disposable {
  readonly forms: CreateTicketForms;
  readonly recents: RecentTickets;
}

export function registerCodeCommands(deps: CodeCommandDeps): CodeCommandsHandle {
  const { connections, log } = deps;
  const recents = new RecentTickets(deps.globalState);
  const lastInstance = new LastInstance(deps.globalState);
  let openedForms: CreateTicketForms | undefined;
  const forms = (): CreateTicketForms =>
    (openedForms ??= new (createTicketPanel().CreateTicketForms)({
      extensionUri: deps.extensionUri,
      panels: deps.panels,
      recorder: deps.recorder,
      recents,
      maxAttachmentBytes: deps.maxAttachmentBytes,
      ticketChanged: deps.ticketChanged,
      log,
    }));
  const referenceDeps = { connections, instancesReady: deps.instancesReady, lastInstance, recents };

  const handlers: Record<string, (arg?: unknown) => Promise<unknown>> = {
    [CodeCommands.createTicketFromSelection]: (arg) => createFromSelection(arg),
    [CodeCommands.addSelectionToTicket]: (arg) =>
      addSelectionToTicket(
        {
          connections,
          instancesReady: deps.instancesReady,
          panels: deps.panels,
          recorder: deps.recorder,
          lastInstance,
          recents,
          maxAttachmentBytes: deps.maxAttachmentBytes,
          log,
          ...(deps.branchTicket ? { branchTicket: deps.branchTicket } : {}),
        },
        arg,
      ),
    [CodeCommands.copyTicketReference]: (arg) => copyTicketReference(referenceDeps, arg),
    [CodeCommands.insertTicketReference]: (arg) => insertTicketReference(referenceDeps, arg),
  };

  /** Opens the form and returns its controller (what a test drives); undefined when cancelled. */
  async function createFromSelection(arg: unknown): Promise<CreateTicketFormController | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Helpdesk: open a file and select the code the ticket is about.'));
      return undefined;
    }
    const title = vscode.l10n.t('Create Ticket from Selection');
    const scope = await askScope(editor, title);
    if (!scope) return undefined;
    const code = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading the selection…') }, () =>
      gatherCodeContext(editor, scope, log),
    );
    await deps.instancesReady();
    const onBranch = await branchTicketOf(deps.branchTicket, editor.document.uri, log);
    const connection = await pickInstance(connections, lastInstance, {
      instanceId: instanceIdFrom(arg),
      title,
      placeHolder: vscode.l10n.t('Create the ticket in which helpdesk?'),
      ...(onBranch ? { preferred: { instanceId: onBranch.instanceId, description: vscode.l10n.t('ticket {0} is this branch\'s', ticketReference(onBranch.ticket)) } } : {}),
    });
    if (!connection) return undefined;
    const capabilities = await capabilitiesOf(connection);
    if (!capabilities) return undefined;
    if (capabilities.createUnavailable) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Helpdesk: {0} cannot create tickets from here. {1}', connection.label, capabilities.createUnavailable));
      return undefined;
    }
    await lastInstance.set(connection.id);
    // In the branch's own helpdesk the new ticket says which ticket's work it came from.
    const related = onBranch?.instanceId === connection.id ? codeReference(onBranch.ticket, connection.config?.referencePatterns) : undefined;
    return forms().show(connection, capabilities, related ? { ...code, snapshot: { ...code.snapshot, relatedTicket: related } } : code);
  }

  const disposables = Object.entries(handlers).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (arg?: unknown) => {
      try {
        return await handler(arg);
      } catch (error) {
        const message = isHelpdeskError(error) ? error.describe() : error instanceof Error ? error.message : String(error);
        log.error(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Helpdesk: {0}', message), vscode.l10n.t('Show Log')).then((choice) => {
          if (choice) log.show();
        });
        return undefined;
      }
    }),
  );

  return {
    get forms() {
      return forms();
    },
    recents,
    dispose: () => {
      for (const disposable of disposables) disposable.dispose();
      openedForms?.dispose();
    },
  };
}
