// #helpdeskTicket: one ticket's header and conversation as plain text, for a model to read.
// Bodies are converted to text (hidden text dropped, quoted history trimmed), long threads
// cut to the latest messages, attachments named only; all of it quoted as untrusted data.
import * as l10n from '@vscode/l10n';
import type { Attachment, Person, Ticket } from '../../helpdesk/model';
import { plainLine } from '../../helpdesk/render/plainLine';
import { displayFileName } from '../panel/fileNames';
import { failureLine, type ToolAccess } from './access';
import { DEFAULT_MESSAGES, MAX_BODY_INPUT_CHARS, MAX_MESSAGE_CHARS, MAX_MESSAGES, MAX_TICKET_RESULT_CHARS } from './limits';
import type { KeptMessage, TicketReader } from './ticketReader';
import { type AgentTool, optionalInteger, record, requiredString, ToolRefusal, type ToolPreparation } from './types';
import { DATA_WARNING, QuotedData } from './untrusted';

export const GET_TICKET_TOOL = 'helpdesk_getTicket';

/** The body-to-text converter (htmlparser2), loaded when a tool first reads a ticket. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- its own file in the build (scripts/bundles.mjs, LAZY_MODULES)
const plainText = (): typeof import('../../helpdesk/render/plainText') => require('../../helpdesk/render/plainText');

export interface GetTicketInput {
  instance: string;
  ticket: string;
  maxMessages: number;
}

export interface ResultScrubber {
  /** Our own words: errors and notes. */
  own(text: string, instanceId?: string): string;
  /** A whole result, ticket data included. */
  all(text: string): string;
}

export class GetTicketTool implements AgentTool<GetTicketInput> {
  readonly name = GET_TICKET_TOOL;

  constructor(
    private readonly access: ToolAccess,
    private readonly reader: TicketReader,
    private readonly scrub: ResultScrubber,
  ) {}

  parse(raw: unknown): GetTicketInput {
    const fields = record(raw);
    return {
      instance: requiredString(fields, 'instance', 200),
      ticket: ticketId(requiredString(fields, 'ticket', 200)),
      maxMessages: optionalInteger(fields, 'maxMessages', 1, MAX_MESSAGES) ?? DEFAULT_MESSAGES,
    };
  }

  prepare(input: GetTicketInput): ToolPreparation {
    return { invocationMessage: l10n.t('Reading ticket {0} from {1}', input.ticket, input.instance) };
  }

  async invoke(input: GetTicketInput): Promise<string> {
    const connection = await this.access.connection(input.instance);
    let read;
    try {
      read = await this.reader.read(connection, input.ticket);
    } catch (error) {
      const line = failureLine(error);
      throw new ToolRefusal(this.scrub.own(`Ticket ${input.ticket} on "${connection.id}" (${connection.label}) could not be read: ${line}`, connection.id));
    }
    const header = `Ticket ${read.ticket.id} on helpdesk instance "${connection.id}" (${plainLine(connection.label)}).`;
    return this.scrub.all(ticketResult(header, read.ticket, read.messages.slice(-input.maxMessages), read.total, read.pagesCapped));
  }
}

/** "#123" and " 123 " are ticket 123. */
export function ticketId(text: string): string {
  return text.trim().replace(/^#\s*/, '');
}

/** The result text: our lines outside the markers, the helpdesk's inside. */
export function ticketResult(header: string, ticket: Ticket, messages: KeptMessage[], total: number, pagesCapped = false): string {
  const notes: string[] = [];
  const data = new QuotedData();
  for (const line of ticketHeaderLines(ticket)) data.add(line);
  const blocks = messages.map((kept) => messageBlock(kept, total, notes));
  // Older messages give way first when the whole would be too long.
  let first = 0;
  const budget = MAX_TICKET_RESULT_CHARS - data.size - header.length - DATA_WARNING.length - 1_000;
  let size = blocks.reduce((sum, block) => sum + block.length + 2, 0);
  while (first < blocks.length - 1 && size > budget) {
    size -= (blocks[first]?.length ?? 0) + 2;
    first++;
  }
  const shown = messages.slice(first);
  for (const block of blocks.slice(first)) {
    data.add('');
    data.add(block.length > budget ? `${block.slice(0, Math.max(0, budget))}\n[cut]` : block);
  }
  const omitted = total - shown.length;
  if (total === 0) notes.unshift('The ticket has no messages.');
  else if (omitted > 0) {
    const firstShown = shown[0]?.position ?? total;
    notes.unshift(
      `Showing the latest ${shown.length} of ${total.toLocaleString('en-US')} messages (${firstShown.toLocaleString('en-US')} to ${total.toLocaleString('en-US')}); ${omitted.toLocaleString('en-US')} earlier message${omitted === 1 ? ' was' : 's were'} left out.`,
    );
  }
  if (pagesCapped) notes.push('The helpdesk kept offering more pages of messages; reading stopped there.');
  return [header, DATA_WARNING, data.close(), ...(notes.length > 0 ? ['Notes:', ...notes.map((note) => `- ${note}`)] : [])].join('\n');
}

function ticketHeaderLines(ticket: Ticket): string[] {
  const lines = [`Ticket: ${plainLine(ticket.ref) || ticket.id} (id ${plainLine(ticket.id)})`, `Subject: ${plainLine(ticket.subject, 500)}`];
  lines.push(`Status: ${plainLine(ticket.status.name)} (${ticket.status.kind})`);
  if (ticket.priority) lines.push(`Priority: ${plainLine(ticket.priority.name)}`);
  if (ticket.requester) lines.push(`Requester: ${person(ticket.requester)}`);
  lines.push(`Agent: ${ticket.agent ? person(ticket.agent) : 'unassigned'}`);
  if (ticket.department) lines.push(`Department: ${plainLine(ticket.department.name)}`);
  if (ticket.labels && ticket.labels.length > 0) lines.push(`Labels: ${ticket.labels.slice(0, 30).map((label) => plainLine(label, 60)).join(', ')}`);
  lines.push(`Created: ${plainLine(ticket.createdAt)}`, `Last activity: ${plainLine(ticket.updatedAt)}`);
  return lines;
}

export function person(who: Person | undefined): string {
  if (!who) return 'unknown';
  const name = plainLine(who.name, 120) || 'unknown';
  const email = plainLine(who.email, 120);
  return email && email !== name ? `${name} <${email}>` : name;
}

function messageBlock(kept: KeptMessage, total: number, notes: string[]): string {
  const { message, position } = kept;
  const who = `${person(message.author)}${message.author.isAgent === true ? ' (agent)' : message.author.isAgent === false ? ' (customer)' : ''}`;
  const kind = message.system ? ' · system message' : message.internal ? ' · internal note (agents only)' : '';
  const lines = [`--- Message ${position.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} · ${plainLine(message.createdAt)} · ${who}${kind}`];
  if (message.attachments.length > 0) lines.push(`Attachments: ${attachmentList(message.attachments)}`);
  const text = plainText().bodyToPlainText(message.body, message.format, { maxInputChars: MAX_BODY_INPUT_CHARS, maxOutputChars: MAX_MESSAGE_CHARS });
  lines.push(text.text === '' ? '(no text)' : text.text);
  const parts: string[] = [];
  if (text.cutFrom !== undefined || kept.bodyChars > message.body.length) {
    parts.push(`its body had ${kept.bodyChars.toLocaleString('en-US')} characters; only the beginning is shown`);
  }
  if (text.quoteTrimmed) parts.push('quoted earlier messages were trimmed');
  if (text.hiddenRemoved > 0) parts.push(`${text.hiddenRemoved} piece${text.hiddenRemoved === 1 ? '' : 's'} of hidden text (comments, invisible elements or characters) were removed`);
  if (parts.length > 0) notes.push(`Message ${position.toLocaleString('en-US')}: ${parts.join('; ')}.`);
  return lines.join('\n');
}

/** Names only (never a download address), at most 20. */
function attachmentList(attachments: readonly Attachment[]): string {
  const names = attachments.slice(0, 20).map((attachment) => {
    const name = plainLine(displayFileName(baseName(attachment.name)), 120);
    return attachment.size !== undefined ? `${name} (${sizeText(attachment.size)})` : name;
  });
  if (attachments.length > 20) names.push(`and ${attachments.length - 20} more`);
  return names.join(', ');
}

/** A name that came with folders in it ("C:\\Users\\…\\x.txt", "../../x") keeps only its last part. */
function baseName(name: string): string {
  const parts = name.split(/[/\\]/);
  return parts.at(-1) || name;
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
