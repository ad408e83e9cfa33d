// Ticket descriptions and comment contents for the DiamanteDesk seed, in the forms such
// an install holds: HTML mail (email tickets and replies, with signatures, quoted
// history and the junk mail carries), the web form's paragraphs, an agent's summary of a
// phone call, agents' replies from the editor and private notes. Always HTML: the API
// never says which format a body is in.
import { AGENT_NOTES, GREETINGS_CUSTOMER, SIGN_OFFS_AGENT, SIGN_OFFS_CUSTOMER, type Topic } from '../corpus';
import { composeMail, escapeHtml, mailBody, mailJunk, textToHtml, type QuotedMail } from '../mail';
import { agentReplyLines, customerLines, customerSignature, type Author } from '../message-lines';
import type { Rng } from '../prng';

export interface WrittenBody {
  /** The message's own part, for a later email reply to quote. */
  own: string;
  full: string;
}

export function emailDescription(rng: Rng, topic: Topic, author: Author, at: number, origin: string, ticketId: number): string {
  const parts = { greeting: rng.pick(GREETINGS_CUSTOMER), paragraphs: customerLines(rng, topic, true, at), signOff: rng.pick(SIGN_OFFS_CUSTOMER), signature: customerSignature(rng, author) };
  return composeMail({ ...parts, extras: mailJunk(rng, origin, ticketId) });
}

/** The customer portal's form: plain paragraphs turned into <p>, no signature. */
export function webDescription(rng: Rng, topic: Topic, at: number): string {
  return textToHtml(customerLines(rng, topic, true, at).join('\n\n'));
}

/** A ticket an agent opened while on the phone with the customer. */
export function phoneDescription(rng: Rng, topic: Topic, customer: Author, at: number): string {
  const [problem = ''] = customerLines(rng, topic, true, at);
  return `<p><strong>Phone call with ${escapeHtml(customer.name)}</strong></p>\n<p>${escapeHtml(problem)}</p>\n<p><em>Callback requested.</em></p>`;
}

export function customerReply(rng: Rng, topic: Topic, author: Author, at: number, quote?: QuotedMail): WrittenBody {
  const parts = { greeting: rng.pick(GREETINGS_CUSTOMER), paragraphs: customerLines(rng, topic, false, at), signOff: rng.pick(SIGN_OFFS_CUSTOMER), signature: customerSignature(rng, author) };
  return { own: mailBody(parts), full: composeMail(quote ? { ...parts, quote } : parts) };
}

export function agentReply(rng: Rng, agent: Author, customer: Author, at: number): WrittenBody {
  const parts = { greeting: `Hi ${customer.firstName},`, paragraphs: agentReplyLines(rng, at), signOff: rng.pick(SIGN_OFFS_AGENT), signature: [agent.name, 'Support team'] };
  const html = mailBody(parts);
  return { own: html, full: html };
}

export function privateNote(rng: Rng, colleague: Author | undefined): string {
  const lines = rng.sample(AGENT_NOTES, rng.int(1, 2)).map((line) => `<p>${escapeHtml(line)}</p>`);
  if (colleague && rng.chance(0.3)) lines.push(`<p>@${escapeHtml(colleague.firstName)} can you take a look?</p>`);
  return lines.join('\n');
}
