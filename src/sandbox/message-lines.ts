// What seed customers and agents write, as plain lines, the same in every simulator; each
// vendor's content.ts puts them into its own markup (HTML mail, BBCode, plain text).
import { AGENT_REPLIES, CUSTOMER_FOLLOW_UPS, JOB_TITLES, PROBLEM_LINES, type Topic } from './corpus';
import { fillSlots } from './fixtures';
import type { Rng } from './prng';

/** Who signs a message. */
export interface Author {
  firstName: string;
  name: string;
  company: string | null;
}

/** A customer's paragraphs: the problem when opening a ticket, a follow-up after that. */
export function customerLines(rng: Rng, topic: Topic, first: boolean, at: number): string[] {
  if (first) return rng.sample(PROBLEM_LINES[topic], rng.int(2, 3)).map((line) => fillSlots(rng, line, at));
  const lines: string[] = [rng.pick(CUSTOMER_FOLLOW_UPS)];
  if (rng.chance(0.4)) lines.push(fillSlots(rng, rng.pick(PROBLEM_LINES[topic]), at));
  return lines;
}

/** A first name, and for most company staff a full name, job title and company under it. */
export function customerSignature(rng: Rng, author: Author): string[] {
  const signature = [author.firstName];
  if (author.company && rng.chance(0.7)) signature.push(author.name, rng.pick(JOB_TITLES), author.company);
  return signature;
}

/** An agent's one or two answering paragraphs. */
export function agentReplyLines(rng: Rng, at: number): string[] {
  return rng.sample(AGENT_REPLIES, rng.int(1, 2)).map((line) => fillSlots(rng, line, at));
}
