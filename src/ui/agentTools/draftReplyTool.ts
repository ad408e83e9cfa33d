// Drafts a reply: the text goes into the ticket's reply box (its panel opens) for the user
// to read, edit and send. It never sends anything: the only way out of the reply box is the
// user's own Send. Before it runs, the editor asks the user to confirm, naming the ticket
// and showing the text as the model wrote it (as code, so nothing in it renders or loads).
import * as l10n from '@vscode/l10n';
import { plainLine } from '../../helpdesk/render/plainLine';
import type { DraftAddition } from '../panel/controller';
import { escapeMarkdown } from '../text';
import { type ToolAccess } from './access';
import { ticketId } from './getTicketTool';
import { MAX_DRAFT_CHARS } from './limits';
import type { TicketReader } from './ticketReader';
import { type AgentTool, record, requiredString, ToolRefusal, type ToolPreparation } from './types';

export const DRAFT_REPLY_TOOL = 'helpdesk_draftReply';

export interface DraftInput {
  instance: string;
  ticket: string;
  /** Markdown, as the reply box takes it. */
  text: string;
}

/** The ticket panels (TicketPanelManager): open the ticket and add to its draft. */
export interface DraftTarget {
  addToDraft(instanceId: string, ticketId: string, addition: DraftAddition): Promise<void>;
}

export class DraftReplyTool implements AgentTool<DraftInput> {
  readonly name = DRAFT_REPLY_TOOL;

  constructor(
    private readonly access: ToolAccess,
    private readonly reader: TicketReader,
    private readonly panels: DraftTarget,
  ) {}

  parse(raw: unknown): DraftInput {
    const fields = record(raw);
    const text = fields.text;
    if (typeof text !== 'string' || text.trim() === '') throw new ToolRefusal('"text" is required: the reply to draft, in Markdown.');
    if (text.length > MAX_DRAFT_CHARS) throw new ToolRefusal(`"text" is longer than ${MAX_DRAFT_CHARS.toLocaleString('en-US')} characters.`);
    return { instance: requiredString(fields, 'instance', 200), ticket: ticketId(requiredString(fields, 'ticket', 200)), text };
  }

  async prepare(input: DraftInput): Promise<ToolPreparation> {
    let connection;
    try {
      connection = await this.access.connection(input.instance);
    } catch (error) {
      // Turned off, opted out or unknown: nothing to confirm, the call is refused with the reason.
      if (error instanceof ToolRefusal) return { invocationMessage: l10n.t('Drafting a reply in ticket {0}', plainLine(input.ticket, 60)) };
      throw error;
    }
    const ticket = await this.reader.cached(connection.id, input.ticket);
    const ref = plainLine(ticket?.ref ?? input.ticket, 60);
    const label = plainLine(connection.label, 80);
    const name = ticket ? l10n.t('ticket {0} "{1}" on {2}', ref, plainLine(ticket.subject, 80), label) : l10n.t('ticket {0} on {1}', ref, label);
    return {
      invocationMessage: l10n.t('Putting a draft reply into {0}', name),
      confirmation: {
        title: l10n.t('Draft a reply in {0}?', name),
        message: [
          l10n.t('The text below goes into the reply box of {0}, which opens. **Nothing is sent**: you read, edit and send it yourself.', escapeMarkdown(name)),
          '',
          fenced(input.text),
        ].join('\n'),
      },
    };
  }

  async invoke(input: DraftInput): Promise<string> {
    const connection = await this.access.connection(input.instance);
    // No request when connected; a helpdesk in trouble (rejected credentials...) is refused here, not retried.
    const capabilities = await this.access.run(connection, (provider) => Promise.resolve(provider.capabilities));
    if (capabilities.replyUnavailable) throw new ToolRefusal(`No reply can be drafted on "${connection.id}": ${capabilities.replyUnavailable}`);
    await this.panels.addToDraft(connection.id, input.ticket, { markdown: input.text, files: [] });
    return (
      `The draft is in the reply box of ticket ${input.ticket} on "${connection.id}" (${plainLine(connection.label, 80)}), whose panel is open, ` +
      'added after anything the user had already written there. Nothing was sent: the user reads, edits and sends it.'
    );
  }
}

/** A code block the text cannot close early. */
export function fenced(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}

