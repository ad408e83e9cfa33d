// Reads a ticket and its conversation for the tools: the same requests as opening the ticket
// in its panel (the ticket, then the conversation page by page), kept for a short while so a
// model asking twice, or the draft tool naming the ticket, costs nothing more. The panel's
// own memory cannot serve here: it holds each message already rendered to sanitized HTML,
// where the hidden text this reader must drop can no longer be told apart from the rest.
// Only the latest messages are kept, each body cut before it is parsed: a 10,000-message
// ticket or a 5 MB body costs bounded memory.
import type { Message, Ticket } from '../../helpdesk/model';
import type { ToolAccess, ToolConnection } from './access';
import { MAX_BODY_INPUT_CHARS, MAX_MESSAGE_PAGES, MAX_MESSAGES } from './limits';

export interface KeptMessage {
  message: Message;
  /** 1-based position in the whole conversation. */
  position: number;
  /** The body's length before it was cut to MAX_BODY_INPUT_CHARS. */
  bodyChars: number;
}

export interface TicketRead {
  ticket: Ticket;
  /** The latest messages, oldest first. */
  messages: KeptMessage[];
  /** Messages in the whole conversation. */
  total: number;
  /** The helpdesk kept offering pages past MAX_MESSAGE_PAGES. */
  pagesCapped: boolean;
}

export interface TicketReaderOptions {
  ttlMs?: number;
  maxEntries?: number;
  keepMessages?: number;
  now?: () => number;
}

interface Entry {
  read: Promise<TicketRead>;
  at: number;
}

export class TicketReader {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly keep: number;
  private readonly now: () => number;

  constructor(
    private readonly access: ToolAccess,
    options: TicketReaderOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 20;
    this.keep = options.keepMessages ?? MAX_MESSAGES;
    this.now = options.now ?? Date.now;
  }

  read(connection: ToolConnection, ticketId: string): Promise<TicketRead> {
    const key = `${connection.id}\u0000${ticketId}`;
    const cached = this.entries.get(key);
    if (cached && this.now() - cached.at <= this.ttlMs) return cached.read;
    const read = this.fetch(connection, ticketId);
    this.entries.set(key, { read, at: this.now() });
    // A failure is not kept: the next call asks again (the connection's guards still apply).
    read.catch(() => {
      if (this.entries.get(key)?.read === read) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return read;
  }

  /** What is known without a request (the draft tool's confirmation names the ticket with it). */
  async cached(instanceId: string, ticketId: string): Promise<Ticket | undefined> {
    const entry = this.entries.get(`${instanceId}\u0000${ticketId}`);
    if (!entry || this.now() - entry.at > this.ttlMs) return undefined;
    return entry.read.then((read) => read.ticket).catch(() => undefined);
  }

  /** A ticket of this instance changed (a reply was sent, a status set): read it afresh. */
  forget(instanceId: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(`${instanceId}\u0000`)) this.entries.delete(key);
  }

  private async fetch(connection: ToolConnection, ticketId: string): Promise<TicketRead> {
    const ticket = await this.access.run(connection, (provider) => provider.getTicket(ticketId));
    const kept: KeptMessage[] = [];
    let total = 0;
    let cursor: string | undefined;
    const seen = new Set<string>();
    let pagesCapped = true;
    for (let page = 0; page < MAX_MESSAGE_PAGES; page++) {
      const current = cursor;
      const result = await this.access.run(connection, (provider) => provider.listMessages(ticket.id, current));
      for (const message of result.items) {
        total++;
        const bodyChars = message.body.length;
        const body = bodyChars > MAX_BODY_INPUT_CHARS ? message.body.slice(0, MAX_BODY_INPUT_CHARS) : message.body;
        kept.push({ message: { ...message, body }, position: total, bodyChars });
        if (kept.length > this.keep) kept.shift();
      }
      cursor = result.next;
      if (cursor === undefined || seen.has(cursor)) {
        pagesCapped = false;
        break;
      }
      seen.add(cursor);
    }
    return { ticket, messages: kept, total, pagesCapped };
  }
}
