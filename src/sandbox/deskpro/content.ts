// Message bodies for the DeskPRO seed tickets (files and slot filling live in ../fixtures).
import { AGENT_NOTES, GREETINGS_CUSTOMER, SIGN_OFFS_AGENT, SIGN_OFFS_CUSTOMER, type Topic } from '../corpus';
import { composeMail, escapeHtml, mailBody, type QuotedMail } from '../mail';
import { agentReplyLines, customerLines, customerSignature } from '../message-lines';
import type { Rng } from '../prng';
import type { PersonRecord } from './state';

export { customerFile, fillSlots, guideFile, quoteDate, screenshotFile, type GeneratedFile } from '../fixtures';

export interface WrittenBody {
  /** The message's own part, for a later reply to quote. */
  own: string;
  /** The whole stored body (own part + extras + quote). */
  full: string;
}

export interface BodyExtras {
  quote?: QuotedMail;
  extras?: string[];
}

export function customerBody(rng: Rng, topic: Topic, author: PersonRecord, first: boolean, dateMs: number, extra: BodyExtras): WrittenBody {
  const lines = customerLines(rng, topic, first, dateMs);
  const signature = customerSignature(rng, { firstName: author.first_name, name: author.name, company: author.organization });
  const parts = { greeting: rng.pick(GREETINGS_CUSTOMER), paragraphs: lines, signOff: rng.pick(SIGN_OFFS_CUSTOMER), signature };
  return { own: mailBody(parts), full: composeMail({ ...parts, ...extra }) };
}

export function agentBody(rng: Rng, agent: PersonRecord, customer: PersonRecord, dateMs: number, extra: BodyExtras): WrittenBody {
  const parts = {
    greeting: `Hi ${customer.first_name},`,
    paragraphs: agentReplyLines(rng, dateMs),
    signOff: rng.pick(SIGN_OFFS_AGENT),
    signature: [agent.name, 'Customer Support', 'Helpdesk Sandbox'],
  };
  return { own: mailBody(parts), full: composeMail({ ...parts, ...extra }) };
}

export function agentNote(rng: Rng, colleague: PersonRecord | undefined): string {
  const lines = rng.sample(AGENT_NOTES, rng.int(1, 2)).map((line) => `<p>${escapeHtml(line)}</p>`);
  if (colleague && rng.chance(0.3)) lines.push(`<p>@${escapeHtml(colleague.first_name)} can you take a look?</p>`);
  return lines.join('\n');
}
