// The seams between the parts of "code ↔ ticket links" in the UI layer, so each part can
// be built and tested on its own:
// - the commands that send code to a ticket (create from selection, add to ticket) record
//   links through a CodeLinkRecorder;
// - the link service (store file, CodeLens, re-anchoring, tree node) implements it and is
//   a LinkedCodeSource for the ticket panel;
// - the panel lists a ticket's linked code and opens one through OPEN_LINKED_CODE.
import type * as vscode from 'vscode';
import type { LineRange, LinkedTicket } from '../../code/linkFile';

/** What a command knows when it sends code to a ticket. */
export interface NewCodeLink {
  ticket: LinkedTicket;
  /** The workspace folder whose link file records it. */
  folder: vscode.Uri;
  /** Relative to `folder`, forward slashes. */
  file: string;
  range: LineRange;
  commit?: string;
  snippet: string;
}

export interface CodeLinkRecorder {
  /** Records (or merges into an existing) link; reports its own failures to the user. */
  record(link: NewCodeLink): Promise<void>;
}

/** One linked location as the ticket panel shows it. */
export interface LinkedCodeView {
  id: string;
  /** Workspace-relative path, with the folder name first in a multi-root workspace. */
  file: string;
  startLine: number;
  endLine: number;
  /** The code is no longer found where it was or anywhere in the file. */
  stale: boolean;
}

export interface LinkedCodeSource {
  linksForTicket(instanceId: string, ticketId: string): LinkedCodeView[];
  readonly onDidChange: vscode.Event<void>;
}

/** Opens a linked location in an editor: argument `{ linkId: string }`. */
export const OPEN_LINKED_CODE_COMMAND = 'helpdesk.openLinkedCode';
