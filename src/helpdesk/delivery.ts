// Did a reply whose answer was lost reach the helpdesk? Sending it again could post it
// twice, so after a failure that leaves the outcome open (the connection was cut after the
// request went out, no answer came in time, the answer could not be read) the conversation
// is read again and searched for the message: from the signed-in user, sent after the send
// started, with the same text. Vendors store a reply as HTML, text, Markdown or BBCode and
// rewrite it on the way (paragraphs, entities, signatures), so texts are compared as words.
import { HelpdeskError, toHelpdeskError } from './errors';
import { errorCode } from './http/network';
import type { Message, Person } from './model';
import type { HelpdeskProvider } from './provider';

/** How a body reads as text (htmlparser2, BBCode): loaded when a reply is looked for, after a lost answer. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- its own file in the build (scripts/bundles.mjs, LAZY_MODULES)
const deliveryText = (): typeof import('./deliveryText') => require('./deliveryText');

export type Delivery =
  | { arrived: true; message: Message }
  /** The text is there, but not every file (a vendor that posts files after the text, cut off in between). */
  | { arrived: 'partly'; message: Message }
  | { arrived: false }
  /** The conversation could not be read again, so nobody knows; `reason` says why. */
  | { arrived: 'unknown'; reason: HelpdeskError };

/** What was sent, as the provider was given it. */
export interface SentReply {
  bodyHtml: string;
  bodyMarkdown: string;
  internal: boolean;
  /** Names of the attached files: what identifies a reply that has no text. */
  attachmentNames: string[];
  /** When the send started (ms since the epoch, this machine's clock). */
  startedAt: number;
}

export interface DeliveryOptions {
  /**
   * How far before `startedAt` a helpdesk's timestamp may lie and still be this send: its
   * clock may run behind ours, and some keep whole seconds or minutes. Default 2 minutes.
   */
  clockSlackMs?: number;
}

const DEFAULT_CLOCK_SLACK_MS = 2 * 60_000;
/** A runaway cursor must not keep the check going. */
const MAX_PAGES = 200;
/** How much of a message is compared; a reply being searched for is far shorter. */
const MAX_COMPARED_CHARS = 64 * 1024;

/**
 * Failures after which the message may have arrived. Refusals the helpdesk put into words
 * (auth, validation, rate limits...) and a connection that was never made mean it did not.
 */
export function outcomeUnknown(error: unknown): boolean {
  const failure = toHelpdeskError(error);
  switch (failure.kind) {
    case 'timeout':
    case 'protocol':
    case 'server':
      return true;
    case 'tooLarge':
      // Our limit on the answer, not the helpdesk's 413 refusal.
      return failure.status === undefined || failure.status < 300;
    case 'network':
      return errorCode(failure.cause) !== 'ECONNREFUSED';
    default:
      return false;
  }
}

/** Reads the conversation again and looks for the reply. Never throws. */
export async function findDelivery(
  provider: Pick<HelpdeskProvider, 'whoAmI' | 'listMessages'>,
  ticketId: string,
  sent: SentReply,
  options: DeliveryOptions = {},
): Promise<Delivery> {
  try {
    const me = await provider.whoAmI();
    const earliest = sent.startedAt - (options.clockSlackMs ?? DEFAULT_CLOCK_SLACK_MS);
    const wanted = words(deliveryText().htmlText(sent.bodyHtml)) || words(sent.bodyMarkdown);
    const names = sent.attachmentNames.map(words).sort().join('\n');
    let found: { message: Message; whole: boolean } | undefined;
    let cursor: string | undefined;
    const seen = new Set<string>();
    for (let page = 0; page < MAX_PAGES; page++) {
      const { items, next } = await provider.listMessages(ticketId, cursor);
      // The newest match, should the same words have been sent before within the slack.
      for (const message of items) {
        const match = matchOf(message, { me, earliest, wanted, names, internal: sent.internal });
        if (match) found = { message, whole: match === 'whole' };
      }
      if (next === undefined || seen.has(next)) break;
      seen.add(next);
      cursor = next;
    }
    if (!found) return { arrived: false };
    return { arrived: found.whole ? true : 'partly', message: found.message };
  } catch (error) {
    return { arrived: 'unknown', reason: toHelpdeskError(error) };
  }
}

interface Wanted {
  me: Person;
  earliest: number;
  /** The sent text as words; '' for a reply that is only files. */
  wanted: string;
  /** The attached files' names as words, sorted, one a line. */
  names: string;
  internal: boolean;
}

/** `whole`: this is the reply with all its files; `text`: its text without (all) its files. */
function matchOf(message: Message, want: Wanted): 'whole' | 'text' | undefined {
  if (message.internal !== want.internal || message.system) return undefined;
  if (!isMe(message.author, want.me)) return undefined;
  const at = Date.parse(message.createdAt);
  if (Number.isFinite(at) && at < want.earliest) return undefined;
  const files = message.attachments.map((file) => words(file.name)).sort().join('\n');
  if (want.wanted === '') return want.names !== '' && files === want.names ? 'whole' : undefined;
  const text = words(deliveryText().bodyText(message.body.slice(0, MAX_COMPARED_CHARS), message.format));
  // Contained, not equal: helpdesks add signatures, quote headers and footers.
  if (!` ${text} `.includes(` ${want.wanted} `)) return undefined;
  return want.names === '' || hasAll(files, want.names) ? 'whole' : 'text';
}

function hasAll(files: string, wanted: string): boolean {
  const present = new Set(files.split('\n'));
  return wanted.split('\n').every((name) => present.has(name));
}

function isMe(author: Person, me: Person): boolean {
  if (author.id === me.id) return true;
  return author.email !== undefined && me.email !== undefined && author.email.toLowerCase() === me.email.toLowerCase();
}

/**
 * Letters and digits only, lower-cased, one space between words: what survives every
 * vendor's rewriting (Markdown marks, smart quotes, `&amp;`, `<br>` for newlines).
 */
export function words(text: string): string {
  return (text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}
