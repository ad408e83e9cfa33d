// The current branch's ticket, as Start Work on Ticket (src/ui/work) recorded it, for the code
// commands to offer first. A lookup that fails or takes long never holds a command up.
import type * as vscode from 'vscode';
import type { Logger } from '../../helpdesk/log';
import type { PickedTicket } from './ticketPicker';

export interface BranchTicketInfo {
  readonly instanceId: string;
  readonly ticket: PickedTicket;
  readonly branch: string;
}

export type BranchTicketLookup = (uri?: vscode.Uri) => Promise<BranchTicketInfo | undefined>;

const LOOKUP_MS = 2_000;

export async function branchTicketOf(lookup: BranchTicketLookup | undefined, uri: vscode.Uri | undefined, log: Logger): Promise<BranchTicketInfo | undefined> {
  if (!lookup) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      lookup(uri),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), LOOKUP_MS);
      }),
    ]);
  } catch (error) {
    log.debug(`branch ticket lookup: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
