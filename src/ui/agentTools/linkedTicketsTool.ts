// The tickets linked to the code in the active editor (the code links made when a ticket was
// created or answered from code): all of the file's, or those touching the selection. It
// reads only what the link files recorded, never the file's contents, and names the file
// by its workspace-relative path (a file outside the workspace is not named at all).
import * as l10n from '@vscode/l10n';
import type { LinkedTicket } from '../../code/linkFile';
import { plainLine } from '../../helpdesk/render/plainLine';
import { optedOut, type ToolAccess } from './access';
import type { ResultScrubber } from './getTicketTool';
import { type AgentTool, record, type ToolPreparation } from './types';
import { DATA_WARNING, QuotedData } from './untrusted';

export const LINKED_TICKETS_TOOL = 'helpdesk_linkedTickets';

export interface ActiveCodeLink {
  ticket: LinkedTicket;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  stale: boolean;
}

export interface ActiveCode {
  /** Workspace-relative; absent when the file is not in the workspace. */
  relativePath?: string;
  /** 1-based, inclusive; absent when nothing is selected. */
  selection?: { startLine: number; endLine: number };
  links: ActiveCodeLink[];
}

export interface ActiveCodeSource {
  /** The active editor's links; undefined when no text editor is active. */
  current(): Promise<ActiveCode | undefined>;
}

export interface LinkedTicketsInput {
  /** Only the links that touch the selection (default: when something is selected). */
  selectionOnly?: boolean;
}

export class LinkedTicketsTool implements AgentTool<LinkedTicketsInput> {
  readonly name = LINKED_TICKETS_TOOL;

  constructor(
    private readonly access: ToolAccess,
    private readonly code: ActiveCodeSource,
    private readonly scrub: ResultScrubber,
  ) {}

  parse(raw: unknown): LinkedTicketsInput {
    const fields = record(raw);
    return typeof fields.selectionOnly === 'boolean' ? { selectionOnly: fields.selectionOnly } : {};
  }

  prepare(): ToolPreparation {
    return { invocationMessage: l10n.t('Looking up the tickets linked to the active file') };
  }

  async invoke(input: LinkedTicketsInput): Promise<string> {
    this.access.assertEnabled();
    const offered = new Set((await this.access.offered()).map((connection) => connection.id));
    const code = await this.code.current();
    if (!code) return 'No text editor is active, so no file to look up linked tickets for.';
    if (code.relativePath === undefined) return 'The active file is not in the workspace; code links are kept only for workspace files.';
    const selection = input.selectionOnly === false ? undefined : code.selection;
    const touching = selection
      ? code.links.filter((link) => link.startLine <= selection.endLine && link.endLine >= selection.startLine)
      : code.links;
    const shown = touching.filter((link) => offered.has(link.ticket.instanceId));
    const hidden = touching.length - shown.length;
    const where = selection ? `lines ${selection.startLine}–${selection.endLine} of ${code.relativePath}` : code.relativePath;
    const lines = [this.scrub.own(`Code links in ${where}: ${shown.length} linked ticket${shown.length === 1 ? '' : 's'}.`)];
    if (shown.length > 0) {
      lines.push(DATA_WARNING);
      const data = new QuotedData();
      for (const link of shown) {
        data.add(
          [
            `- instance "${link.ticket.instanceId}"`,
            `ticket id ${plainLine(link.ticket.id, 60)}`,
            `ref ${plainLine(link.ticket.ref, 60) || plainLine(link.ticket.id, 60)}`,
            `subject: ${plainLine(link.ticket.subject, 200)}`,
            `linked lines ${link.startLine}–${link.endLine}${link.stale ? ' (the linked code is no longer found there)' : ''}`,
          ].join(' · '),
        );
      }
      lines.push(data.close());
      lines.push('Use the get-ticket tool (#helpdeskTicket) with the instance and ticket id to read one.');
    }
    if (hidden > 0) lines.push(`${hidden} link${hidden === 1 ? '' : 's'} to helpdesks not available to the tools (removed, or "agentTools": false) ${hidden === 1 ? 'is' : 'are'} not shown.`);
    if (selection && code.links.length > touching.length) {
      lines.push(`The file has ${code.links.length - touching.length} more link${code.links.length - touching.length === 1 ? '' : 's'} outside the selection (call again with selectionOnly false for all).`);
    }
    return this.scrub.all(lines.join('\n'));
  }
}
