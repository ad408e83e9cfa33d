// Who "we" are on a DeskDirector instance, and the note we just sent as the helpdesk will
// show it. Neither connection test names anyone, so the person comes from what the API does
// say: `assigned=me` is the helpdesk's own idea of us, and the one agent on every ticket
// it returns is that person. A note route answers the note it added (the Copilot TicketNote
// shape: `createdBy`, `attachments`); where it answers less, the note is built from who we
// are and the files we sent, so the panel shows neither a placeholder author nor a missing file.
import type { Attachment, Message, Person, ReplyInput } from '../../helpdesk/model';
import { attachmentRef, mapNote } from './mapping';
import { type DdRef, type DdTicketSummary, readCreatedId, readNote } from './schema';

const IMAGE_NAME = /\.(?:png|jpe?g|gif|webp|bmp|svg)$/i;

/**
 * The agent assigned to every one of `tickets` (with `subject`, a token's own user id, as
 * the tie-break when several are on all of them); undefined when none or several are.
 */
export function commonAgent(tickets: readonly DdTicketSummary[], subject?: string): DdRef | undefined {
  if (tickets.length === 0) return undefined;
  let common = new Map((tickets[0]?.assignedAgents ?? []).map((agent) => [agent.id, agent]));
  for (const ticket of tickets.slice(1)) {
    const ids = new Set(ticket.assignedAgents.map((agent) => agent.id));
    common = new Map([...common].filter(([id]) => ids.has(id)));
  }
  if (common.size === 1) return [...common.values()][0];
  return subject !== undefined ? common.get(subject) : undefined;
}

export interface SentContext {
  /** Who we are (whoAmI), for an answer that names nobody. */
  me: Person;
  /** The ids the staged uploads answered, in the order of the files. */
  fileIds: readonly string[];
  now: number;
}

export function sentMessage(answer: unknown, ticketId: string, input: ReplyInput, context: SentContext): Message {
  const note = answeredNote(answer);
  const files = input.attachments.map((file, index) => sentFile(file.name, file.data.length, file.contentType, context.fileIds[index], ticketId, index));
  if (note) {
    const message = mapNote(note, ticketId);
    return {
      ...message,
      ...(note.createdBy === undefined && { author: context.me }),
      ...(note.note.trim() === '' && { body: input.bodyMarkdown, format: 'markdown' as const }),
      attachments: message.attachments.length > 0 ? message.attachments : files,
    };
  }
  return {
    id: readCreatedId(answer) ?? `sent-${context.now}`,
    author: context.me,
    createdAt: new Date(context.now).toISOString(),
    body: input.bodyMarkdown,
    format: 'markdown',
    internal: input.internal,
    attachments: files,
  };
}

/** The answer as a note, when it is one (an id and the note's fields); never throws. */
function answeredNote(answer: unknown): ReturnType<typeof readNote> | undefined {
  try {
    return readNote(answer, 'note');
  } catch {
    return undefined;
  }
}

function sentFile(name: string, size: number, contentType: string, id: string | undefined, ticketId: string, index: number): Attachment {
  return {
    id: id ?? `sent-file-${index + 1}`,
    name,
    size,
    contentType,
    isImage: IMAGE_NAME.test(name),
    // Without an id the helpdesk named, there is nothing to download yet; a refresh brings the real one.
    downloadRef: id !== undefined ? attachmentRef(ticketId, id) : '',
  };
}
