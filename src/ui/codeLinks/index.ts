// Code ↔ ticket links in the editor, registered in one place: the link service (link files,
// re-anchoring), the lenses over linked code, ticket references as links and hovers, and the
// open / unlink commands. extension.ts calls registerCodeLinks() once.
import * as vscode from 'vscode';
import type { Logger } from '../../helpdesk/log';
import type { Connections } from '../instances/connections';
import { LinkCodeLensProvider } from './codeLens';
import { registerLinkCommands } from './commands';
import type { CodeLinkRecorder, LinkedCodeSource } from './contracts';
import { LinkService } from './linkService';
import { TicketInfoCache } from './ticketInfo';
import { TicketReferenceHoverProvider, TicketReferenceIndex, TicketReferenceLinkProvider } from './ticketReferences';

export interface CodeLinksDeps {
  connections: Connections;
  /** Links kept with `helpdesk.links.storage: "local"`. */
  workspaceState: vscode.Memento;
  /** Each helpdesk's learnt ticket address form. */
  globalState: vscode.Memento;
  log: Logger;
}

export interface CodeLinks extends vscode.Disposable {
  readonly service: LinkService;
  /** For the commands that send code to a ticket. */
  readonly recorder: CodeLinkRecorder;
  /** For the ticket panel's and the tree's linked-code lists. */
  readonly linkedCode: LinkedCodeSource;
  /** A ticket of this instance changed (reply sent, status set): lenses and hovers fetch it again. */
  ticketChanged(instanceId: string): void;
}

const LENS_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }];
const REFERENCE_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }];

export function registerCodeLinks(deps: CodeLinksDeps): CodeLinks {
  const { connections, log } = deps;
  const service = new LinkService({ workspaceState: deps.workspaceState, log });
  const info = new TicketInfoCache(connections);
  const references = new TicketReferenceIndex(connections, deps.globalState, log);
  const lenses = new LinkCodeLensProvider(service, info);
  const disposables: Array<{ dispose(): void }> = [
    info.onDidFetch(({ instanceId, info: fetched }) => {
      if (fetched.kind === 'ticket') references.learn(instanceId, fetched.ticket);
    }),
    // New credentials or a recovered connection: failures remembered for it no longer hold.
    connections.onDidChangeHealth((connection) => {
      info.forget(connection.id, true);
      lenses.refresh();
    }),
    vscode.languages.registerCodeLensProvider(LENS_SELECTOR, lenses),
    vscode.languages.registerDocumentLinkProvider(REFERENCE_SELECTOR, new TicketReferenceLinkProvider(references, connections)),
    vscode.languages.registerHoverProvider(REFERENCE_SELECTOR, new TicketReferenceHoverProvider(references, info, connections)),
    ...registerLinkCommands(service),
    lenses,
    references,
    info,
    service,
  ];
  return {
    service,
    recorder: service,
    linkedCode: service,
    ticketChanged: (instanceId) => {
      info.forget(instanceId);
      lenses.refresh();
    },
    dispose: () => {
      for (const disposable of disposables.reverse()) disposable.dispose();
    },
  };
}

export { OPEN_LINKED_CODE_COMMAND } from './contracts';
export type { CodeLinkRecorder, LinkedCodeSource, LinkedCodeView, NewCodeLink } from './contracts';
export { UNLINK_CODE_COMMAND } from './commands';
