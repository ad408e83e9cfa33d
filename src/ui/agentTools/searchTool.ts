// Searches tickets across the configured helpdesks, all at once: each instance's part runs
// in parallel within the per-instance timeout, and one that is down, rate limited or whose
// credentials were rejected answers in one line while the others still list their tickets.
import * as l10n from '@vscode/l10n';
import { HelpdeskError } from '../../helpdesk/errors';
import type { Ticket, TicketQuery, ViewKind } from '../../helpdesk/model';
import type { Capabilities, ReferenceData } from '../../helpdesk/provider';
import { plainLine } from '../../helpdesk/render/plainLine';
import { failureLine, type ToolAccess, type ToolConnection } from './access';
import { person, type ResultScrubber } from './getTicketTool';
import { DEFAULT_SEARCH_RESULTS, MAX_SEARCH_RESULTS } from './limits';
import { type AgentTool, optionalInteger, optionalString, record, ToolRefusal, type ToolPreparation } from './types';
import { DATA_WARNING, QuotedData } from './untrusted';

export const SEARCH_TOOL = 'helpdesk_searchTickets';

export const VIEW_KINDS: readonly ViewKind[] = ['mine', 'unassigned', 'unanswered', 'open', 'new', 'pending'];

export interface SearchInput {
  text?: string;
  view?: ViewKind;
  status?: string;
  instance?: string;
  limit: number;
}

interface InstancePart {
  connection: ToolConnection;
  tickets?: Ticket[];
  total?: number;
  /** Why this instance has no list (one line). */
  failure?: string;
  /** Said about the list (a filter applied here, a view it lacks). */
  note?: string;
}

export class SearchTicketsTool implements AgentTool<SearchInput> {
  readonly name = SEARCH_TOOL;

  constructor(
    private readonly access: ToolAccess,
    private readonly scrub: ResultScrubber,
  ) {}

  parse(raw: unknown): SearchInput {
    const fields = record(raw);
    const view = optionalString(fields, 'view', 40);
    if (view !== undefined && !VIEW_KINDS.includes(view as ViewKind)) {
      throw new ToolRefusal(`"view" must be one of ${VIEW_KINDS.join(', ')}.`);
    }
    const input: SearchInput = { limit: optionalInteger(fields, 'limit', 1, MAX_SEARCH_RESULTS) ?? DEFAULT_SEARCH_RESULTS };
    const text = optionalString(fields, 'text', 300);
    const status = optionalString(fields, 'status', 100);
    const instance = optionalString(fields, 'instance', 200);
    if (text !== undefined) input.text = text;
    if (view !== undefined) input.view = view as ViewKind;
    if (status !== undefined) input.status = status;
    if (instance !== undefined) input.instance = instance;
    return input;
  }

  prepare(input: SearchInput): ToolPreparation {
    return { invocationMessage: input.text ? l10n.t('Searching helpdesk tickets for "{0}"', plainLine(input.text, 60)) : l10n.t('Searching helpdesk tickets') };
  }

  async invoke(input: SearchInput): Promise<string> {
    const connections = input.instance !== undefined ? [await this.access.connection(input.instance)] : await this.access.offered();
    if (connections.length === 0) throw new ToolRefusal('No helpdesk is configured for the tools (or every one is opted out with "agentTools": false).');
    const parts = await Promise.all(connections.map((connection) => this.searchOne(connection, input)));
    return this.scrub.all(searchResult(input, parts, (text, id) => this.scrub.own(text, id)));
  }

  private async searchOne(connection: ToolConnection, input: SearchInput): Promise<InstancePart> {
    try {
      return await this.access.withinTimeout(connection, async () => {
        const part: InstancePart = { connection };
        const query = await this.query(connection, input, part);
        const page = await this.access.run(connection, (provider) => provider.listTickets(query, undefined, input.limit));
        let tickets = page.items;
        if (input.text !== undefined && input.status !== undefined) {
          // A text search with a status: the status filter applies to what the search found.
          const status = input.status.toLowerCase();
          tickets = tickets.filter((ticket) => ticket.status.id.toLowerCase() === status || ticket.status.name.toLowerCase() === status);
          part.note = `status "${plainLine(input.status, 60)}" applied to the search's first ${page.items.length} results`;
        }
        part.tickets = tickets.slice(0, input.limit);
        if (page.total !== undefined && part.note === undefined) part.total = page.total;
        return part;
      });
    } catch (error) {
      return { connection, failure: failureLine(error) };
    }
  }

  /** The query this instance can answer; refused (for this instance only) when it cannot. */
  private async query(connection: ToolConnection, input: SearchInput, part: InstancePart): Promise<TicketQuery> {
    const capabilities = await this.capabilities(connection);
    if (input.text !== undefined) {
      if (!capabilities.search) throw new HelpdeskError('unsupported', 'This helpdesk offers no text search.');
      return { search: input.text };
    }
    if (input.status !== undefined) {
      const reference: ReferenceData = await this.access.referenceData(connection);
      const wanted = input.status.toLowerCase();
      const status = reference.statuses.find((candidate) => candidate.id.toLowerCase() === wanted || candidate.name.toLowerCase() === wanted);
      if (!status) {
        const names = reference.statuses.slice(0, 30).map((candidate) => plainLine(candidate.name, 40));
        throw new HelpdeskError('validation', `No status "${plainLine(input.status, 60)}" here; its statuses: ${names.join(', ')}.`);
      }
      return { status: status.id };
    }
    const views = capabilities.views.map((view) => view.kind);
    const view = input.view ?? (views.includes('open') ? 'open' : views[0]);
    if (view === undefined) throw new HelpdeskError('unsupported', 'This helpdesk offers no ticket lists.');
    if (!views.includes(view)) throw new HelpdeskError('unsupported', `This helpdesk has no "${view}" list; it has ${views.join(', ')}.`);
    if (input.view === undefined) part.note = `the "${view}" list`;
    return { view };
  }

  /** The provider's capabilities (some vendors learn theirs in the connection test, which comes first). */
  private capabilities(connection: ToolConnection): Promise<Capabilities> {
    return this.access.run(connection, (provider) => Promise.resolve(provider.capabilities));
  }
}

function searchResult(input: SearchInput, parts: InstancePart[], own: (text: string, instanceId: string) => string): string {
  const asked = [
    input.text !== undefined ? `text "${plainLine(input.text, 100)}"` : undefined,
    input.status !== undefined ? `status "${plainLine(input.status, 60)}"` : undefined,
    input.view !== undefined ? `view "${input.view}"` : undefined,
  ].filter((part): part is string => part !== undefined);
  const lines = [`Helpdesk ticket search${asked.length > 0 ? ` (${asked.join(', ')})` : ''} across ${parts.length} instance${parts.length === 1 ? '' : 's'}.`, DATA_WARNING];
  for (const part of parts) {
    const { connection } = part;
    const name = `Instance "${connection.id}" (${plainLine(connection.label, 80)})`;
    if (part.failure !== undefined) {
      lines.push(own(`${name}: no results: ${part.failure}`, connection.id));
      continue;
    }
    const tickets = part.tickets ?? [];
    const count = `${tickets.length} ticket${tickets.length === 1 ? '' : 's'}${part.total !== undefined && part.total > tickets.length ? ` of ${part.total.toLocaleString('en-US')}` : ''}`;
    lines.push(`${name}: ${count}${part.note ? ` (${part.note})` : ''}.`);
    if (tickets.length === 0) continue;
    const data = new QuotedData();
    for (const ticket of tickets) data.add(ticketLine(ticket));
    lines.push(data.close());
  }
  lines.push('Use the get-ticket tool (#helpdeskTicket) with an instance id and a ticket id to read a conversation.');
  return lines.join('\n');
}

function ticketLine(ticket: Ticket): string {
  return [
    `- id ${plainLine(ticket.id, 60)}`,
    `ref ${plainLine(ticket.ref, 60) || plainLine(ticket.id, 60)}`,
    `status ${plainLine(ticket.status.name, 60)}`,
    `subject: ${plainLine(ticket.subject, 200)}`,
    `requester: ${ticket.requester ? person(ticket.requester) : 'unknown'}`,
    `last activity ${plainLine(ticket.updatedAt, 40)}`,
  ].join(' · ');
}
