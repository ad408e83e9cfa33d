// Ticket and comment bodies for the Jitbit seed, in the three forms a long-lived Jitbit
// install holds: HTML (tickets and replies that came in by email), BBCode (typed into the
// web app's editor, with [b], [url], [list], [quote], [code], [img]) and plain text with
// CRLF line breaks (widget, phone, API). Text only, no markup: bodies the client must
// not mistake for HTML although they contain `<` and `&`.
import { AGENT_NOTES, CUSTOMER_FOLLOW_UPS, GREETINGS_CUSTOMER, PRODUCTS, SIGN_OFFS_AGENT, SIGN_OFFS_CUSTOMER, type Topic } from '../corpus';
import { fillSlots } from '../fixtures';
import { composeMail, mailBody, type QuotedMail } from '../mail';
import { agentReplyLines, customerLines, customerSignature, type Author } from '../message-lines';
import type { Rng } from '../prng';

export type { Author } from '../message-lines';

export interface WrittenBody {
  /** The message's own part, for a later email reply to quote. */
  own: string;
  /** The whole stored body. */
  full: string;
}

const CRLF = '\r\n';
const PARAGRAPH = '\r\n\r\n';

/** An email from a customer, optionally quoting the previous message and carrying extras. */
export function htmlCustomerBody(rng: Rng, topic: Topic, author: Author, first: boolean, at: number, extra: { quote?: QuotedMail; extras?: string[] }): WrittenBody {
  const parts = { greeting: rng.pick(GREETINGS_CUSTOMER), paragraphs: customerLines(rng, topic, first, at), signOff: rng.pick(SIGN_OFFS_CUSTOMER), signature: customerSignature(rng, author) };
  return { own: mailBody(parts), full: composeMail({ ...parts, ...extra }) };
}

const STEPS = [
  'Open the dashboard and pick last month',
  'Click Export and choose CSV',
  'Wait for the progress bar to finish',
  'Open the downloaded file',
  'Sign out and sign back in',
  'Switch the language to English',
];

const BBCODE_LINKS = [
  ['https://status.example/incidents', 'your status page'],
  ['https://docs.example/orbit-sync/exports', 'the export documentation'],
  ['https://intranet.example/it/request', 'our internal request'],
] as const;

/** What a customer types into the web app's ticket form: BBCode with CRLF line breaks. */
export function bbcodeCustomerBody(rng: Rng, topic: Topic, author: Author, at: number): string {
  const [problem = '', ...more] = customerLines(rng, topic, true, at);
  const blocks = [rng.pick(GREETINGS_CUSTOMER), `[b]What happens:[/b] ${problem}`];
  if (rng.chance(0.6)) blocks.push(`[b]Steps to reproduce:[/b]${CRLF}[list]${CRLF}${rng.sample(STEPS, rng.int(2, 4)).map((step) => `[*]${step}`).join(CRLF)}${CRLF}[/list]`);
  if (rng.chance(0.35)) blocks.push(`[code]${fillSlots(rng, 'Error {code}: request to /reports/export failed after {n} ms', at)}[/code]`);
  if (rng.chance(0.3)) {
    const [href, text] = rng.pick(BBCODE_LINKS);
    blocks.push(`The same thing is described on [url=${href}]${text}[/url].`);
  }
  if (rng.chance(0.15)) blocks.push(`[i]Only values < ${rng.int(10, 500)} & > 0 are affected.[/i]`);
  if (rng.chance(0.05)) blocks.push(`[img]https://images.example/uploads/${rng.code(10, 'abcdef0123456789')}.png[/img]`);
  blocks.push(...more);
  blocks.push(`${rng.pick(SIGN_OFFS_CUSTOMER)}${CRLF}${author.firstName}`);
  return blocks.join(PARAGRAPH);
}

/** A plain-text body (widget, phone, API): no markup at all, but `<`, `>` and `&` may appear. */
export function textCustomerBody(rng: Rng, topic: Topic, author: Author, first: boolean, at: number): string {
  const lines = customerLines(rng, topic, first, at);
  if (rng.chance(0.2)) lines.push(`Our limit is set to <${rng.int(10, 99)} items & the warning says "quota > 100%".`);
  return [rng.pick(GREETINGS_CUSTOMER), ...lines, `${rng.pick(SIGN_OFFS_CUSTOMER)}${CRLF}${author.firstName}`].join(PARAGRAPH);
}

/** A technician's reply sent from the web app with the rich-text editor: HTML. */
export function htmlTechReply(rng: Rng, tech: Author, customer: Author, at: number, quote?: QuotedMail): WrittenBody {
  const parts = { greeting: `Hi ${customer.firstName},`, paragraphs: agentReplyLines(rng, at), signOff: rng.pick(SIGN_OFFS_AGENT), signature: [tech.name, 'Support team'] };
  return { own: mailBody(parts), full: composeMail(quote ? { ...parts, quote } : parts) };
}

/** A technician's reply typed with BBCode. */
export function bbcodeTechReply(rng: Rng, tech: Author, customer: Author, at: number): string {
  const blocks = [`Hi ${customer.firstName},`, ...agentReplyLines(rng, at)];
  if (rng.chance(0.3)) blocks.push(`[b]Tip:[/b] the steps are also in the [url=https://docs.example/${rng.pick(PRODUCTS).toLowerCase().replace(/\s+/g, '-')}]product guide[/url].`);
  if (rng.chance(0.15)) blocks.push(`[quote]${rng.pick(CUSTOMER_FOLLOW_UPS)}[/quote]`);
  blocks.push(`${rng.pick(SIGN_OFFS_AGENT)}${CRLF}${tech.name}`);
  return blocks.join(PARAGRAPH);
}

/** A technicians-only note: short plain text, sometimes with a little BBCode. */
export function techNote(rng: Rng, colleague: Author | undefined): string {
  const lines: string[] = rng.sample(AGENT_NOTES, rng.int(1, 2)).map((line) => (rng.chance(0.2) ? `[b]${line}[/b]` : line));
  if (colleague && rng.chance(0.3)) lines.push(`@${colleague.firstName} can you take a look?`);
  return lines.join(CRLF);
}

/** Inferred wording of the grey system lines the product writes into a thread. */
export const systemText = {
  assigned: (techName: string): string => `Ticket assigned to ${techName}`,
  unassigned: (): string => 'Ticket unassigned',
  status: (from: string, to: string): string => `Status changed from "${from}" to "${to}"`,
  closed: (): string => 'Ticket closed',
  category: (from: string, to: string): string => `Category changed from "${from}" to "${to}"`,
  priority: (to: string): string => `Priority set to ${to}`,
  reminder: (): string => 'Automatic reminder sent to the customer',
};
