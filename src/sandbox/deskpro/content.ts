// Message bodies for the DeskPRO seed tickets (files and slot filling live in ../fixtures).
import {
  AGENT_NOTES,
  AGENT_REPLIES,
  CUSTOMER_FOLLOW_UPS,
  GREETINGS_CUSTOMER,
  JOB_TITLES,
  PROBLEM_LINES,
  SIGN_OFFS_AGENT,
  SIGN_OFFS_CUSTOMER,
  type Topic,
} from '../corpus';
import { fillSlots } from '../fixtures';
import { composeMail, escapeHtml, mailBody, type QuotedMail } from '../mail';
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
  const lines: string[] = [];
  if (first) {
    const pool = PROBLEM_LINES[topic];
    for (const line of rng.sample(pool, rng.int(2, 3))) lines.push(fillSlots(rng, line, dateMs));
  } else {
    lines.push(rng.pick(CUSTOMER_FOLLOW_UPS));
    if (rng.chance(0.4)) lines.push(fillSlots(rng, rng.pick(PROBLEM_LINES[topic]), dateMs));
  }
  const signature = [author.first_name];
  if (author.organization && rng.chance(0.7)) signature.push(`${author.name}`, rng.pick(JOB_TITLES), author.organization);
  const parts = { greeting: rng.pick(GREETINGS_CUSTOMER), paragraphs: lines, signOff: rng.pick(SIGN_OFFS_CUSTOMER), signature };
  return { own: mailBody(parts), full: composeMail({ ...parts, ...extra }) };
}

export function agentBody(rng: Rng, agent: PersonRecord, customer: PersonRecord, dateMs: number, extra: BodyExtras): WrittenBody {
  const lines = rng.sample(AGENT_REPLIES, rng.int(1, 2)).map((line) => fillSlots(rng, line, dateMs));
  const parts = {
    greeting: `Hi ${customer.first_name},`,
    paragraphs: lines,
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
