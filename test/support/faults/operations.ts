// The user actions of the fault matrix, each as the UI performs it through the provider
// contract. Whether an action applies to a helpdesk is read from its capabilities.
import type { Attachment, ReplyInput } from '../../../src/helpdesk/model';
import type { Capabilities, HelpdeskProvider, ReferenceData } from '../../../src/helpdesk/provider';
import { PNG, uploadFile } from '../contract';
import type { VendorFixture } from './fixtures';

export type OperationId = 'list' | 'open' | 'reply' | 'note' | 'create' | 'update' | 'upload' | 'download';

/** What an operation is given: the provider, its vendor's fixture, and what was read before the fault. */
export interface OperationContext {
  provider: HelpdeskProvider;
  fixture: VendorFixture;
  /** Read before the fault, for the actions that pick from the lists (create, update). */
  reference?: ReferenceData;
  /** Unique words for this cell, so its reply or ticket can be found again. */
  text: string;
  /** The file to download (found before the fault). */
  attachment?: Attachment;
}

export interface Operation {
  id: OperationId;
  /** Sends something the helpdesk keeps: it must reach the helpdesk at most once. */
  write: boolean;
  /** Why this helpdesk does not offer the action, from its capabilities; undefined when it does. */
  unavailable(capabilities: Capabilities): string | undefined;
  /** Set for actions that post to the conversation: what to look for after a lost answer. */
  reply?(context: OperationContext): ReplyInput;
  run(context: OperationContext): Promise<unknown>;
}

function replyInput(text: string, internal: boolean, withFile: boolean): ReplyInput {
  return {
    // As markdown-it renders the Markdown: the vendor gets HTML with an entity in it.
    bodyHtml: `<p>${text} <em>checked</em> &amp; kept</p>\n`,
    bodyMarkdown: `${text} *checked* & kept`,
    internal,
    attachments: withFile ? [uploadFile('fault-matrix.png', 'image/png', PNG)] : [],
  };
}

const replyUnavailable = (capabilities: Capabilities): string | undefined => capabilities.replyUnavailable;

export const OPERATIONS: readonly Operation[] = [
  {
    id: 'list',
    write: false,
    unavailable: (capabilities) => (capabilities.views.length === 0 ? 'no ticket lists' : undefined),
    // "All open" when offered: "mine" can be answered without a request (an API key is nobody's).
    run: ({ provider }) => {
      const views = provider.capabilities.views;
      return provider.listTickets({ view: (views.find((view) => view.kind === 'open') ?? views[0]!).kind });
    },
  },
  {
    id: 'open',
    write: false,
    unavailable: () => undefined,
    run: async ({ provider, fixture }) => [await provider.getTicket(fixture.ticket), await provider.listMessages(fixture.ticket)],
  },
  {
    id: 'reply',
    write: true,
    unavailable: replyUnavailable,
    reply: ({ text }) => replyInput(text, false, false),
    run: (context) => context.provider.reply(context.fixture.ticket, replyInput(context.text, false, false)),
  },
  {
    id: 'note',
    write: true,
    unavailable: (capabilities) => replyUnavailable(capabilities) ?? (capabilities.internalNotes ? undefined : 'no internal notes'),
    reply: ({ text }) => replyInput(text, true, false),
    run: (context) => context.provider.reply(context.fixture.ticket, replyInput(context.text, true, false)),
  },
  {
    id: 'create',
    write: true,
    unavailable: (capabilities) => capabilities.createUnavailable,
    run: ({ provider, fixture, reference, text }) => provider.createTicket(fixture.draft(reference!, text)),
  },
  {
    id: 'update',
    write: true,
    unavailable: (capabilities) => (capabilities.priority ? undefined : 'priority cannot be changed'),
    run: ({ provider, fixture, reference }) => provider.updateTicket(fixture.ticket, fixture.patch(reference!)),
  },
  {
    id: 'upload',
    write: true,
    unavailable: (capabilities) => replyUnavailable(capabilities) ?? (capabilities.attachOnReply ? undefined : 'no attachments on replies'),
    reply: ({ text }) => replyInput(text, false, true),
    run: (context) => context.provider.reply(context.fixture.ticket, replyInput(context.text, false, true)),
  },
  {
    id: 'download',
    write: false,
    unavailable: (capabilities) => (capabilities.downloadAttachments === false ? 'attachments are listed by name only' : undefined),
    run: ({ provider, attachment }) => {
      if (!attachment) throw new Error('no attachment was found to download');
      return provider.download(attachment);
    },
  },
];

/** The first file in a ticket's conversation. */
export async function firstAttachment(provider: HelpdeskProvider, ticketId: string): Promise<Attachment | undefined> {
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const { items, next } = await provider.listMessages(ticketId, cursor);
    const found = items.flatMap((message) => message.attachments)[0];
    if (found || next === undefined) return found;
    cursor = next;
  }
  return undefined;
}
