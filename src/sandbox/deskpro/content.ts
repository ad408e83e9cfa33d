// Message bodies and attachment files for the DeskPRO seed tickets.
import {
  AGENT_NOTES,
  AGENT_REPLIES,
  CUSTOMER_FOLLOW_UPS,
  GREETINGS_CUSTOMER,
  JOB_TITLES,
  PROBLEM_LINES,
  PRODUCTS,
  SIGN_OFFS_AGENT,
  SIGN_OFFS_CUSTOMER,
  type Topic,
} from '../corpus';
import { composeMail, escapeHtml, mailBody, type QuotedMail } from '../mail';
import { screenshotPng } from '../png';
import type { Rng } from '../prng';
import type { PersonRecord } from './state';

/** Fills `{product}`, `{n}`, `{m}`, `{version}`, `{code}`, `{date}` slots. */
export function fillSlots(rng: Rng, template: string, dateMs: number): string {
  return template.replace(/\{(product|n|m|version|code|date)\}/g, (_, slot: string) => {
    switch (slot) {
      case 'product':
        return rng.pick(PRODUCTS);
      case 'n':
        return String(rng.int(3, 4800));
      case 'm':
        return String(rng.int(1, 40));
      case 'version':
        return `${rng.int(2, 9)}.${rng.int(0, 14)}`;
      case 'code':
        return `0x${rng.code(8, '0123456789ABCDEF')}`;
      default:
        return new Date(dateMs - rng.int(1, 6) * 86_400_000).toISOString().slice(0, 10);
    }
  });
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The attribution date a mail client writes above a quote: `Mon, 12 May 2025 at 09:14`. */
export function quoteDate(ms: number): string {
  const d = new Date(ms);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${WEEKDAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} at ${hh}:${mm}`;
}

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

export interface GeneratedFile {
  filename: string;
  content_type: string;
  data: Buffer;
}

function logFile(rng: Rng, dateMs: number): GeneratedFile {
  const lines: string[] = [];
  let t = dateMs - rng.int(600, 7200) * 1000;
  for (let i = 0, n = rng.int(6, 18); i < n; i++) {
    t += rng.int(1, 90) * 1000;
    const level = rng.weighted([['INFO', 6], ['WARN', 2], ['ERROR', 2]] as const);
    const text = level === 'ERROR' ? `request failed: HTTP ${rng.pick([500, 502, 504])} after ${rng.int(200, 30000)}ms` : level === 'WARN' ? `retrying job ${rng.int(1000, 9999)} (attempt ${rng.int(2, 5)})` : `processed batch ${rng.int(1, 400)} (${rng.int(10, 900)} records)`;
    lines.push(`${new Date(t).toISOString()} ${level.padEnd(5)} ${text}`);
  }
  return { filename: `error-log-${new Date(dateMs).toISOString().slice(0, 10)}.txt`, content_type: 'text/plain', data: Buffer.from(`${lines.join('\n')}\n`, 'utf8') };
}

function csvFile(rng: Rng): GeneratedFile {
  const rows = ['id,name,amount,currency,date'];
  for (let i = 0, n = rng.int(4, 12); i < n; i++) {
    rows.push(`${rng.int(10000, 99999)},Item ${rng.code(3, 'ABCDEFGHJK')},${rng.int(1, 9000)}.${rng.int(10, 99)},EUR,2025-0${rng.int(1, 5)}-${String(rng.int(1, 28)).padStart(2, '0')}`);
  }
  return { filename: 'export-sample.csv', content_type: 'text/csv', data: Buffer.from(`${rows.join('\r\n')}\r\n`, 'utf8') };
}

export function screenshotFile(rng: Rng, dateMs: number): GeneratedFile {
  const d = new Date(dateMs);
  const stamp = `${d.toISOString().slice(0, 10)}-at-${String(d.getUTCHours()).padStart(2, '0')}.${String(d.getUTCMinutes()).padStart(2, '0')}.${String(d.getUTCSeconds()).padStart(2, '0')}`;
  // Filenames as the seed shows them after upload: spaces already turned into dashes.
  return { filename: `Screenshot-${stamp}.png`, content_type: 'image/png', data: screenshotPng(rng.int(0, 5)) };
}

export function customerFile(rng: Rng, topic: Topic, dateMs: number): GeneratedFile {
  if (topic === 'billing' && rng.chance(0.5)) return csvFile(rng);
  return rng.chance(0.55) ? screenshotFile(rng, dateMs) : logFile(rng, dateMs);
}

export function guideFile(product: string): GeneratedFile {
  const text = `# ${product}: resetting your session\n\n1. Sign out of all devices.\n2. Clear the site data for the app.\n3. Sign back in and approve the two-factor prompt.\n`;
  return { filename: 'reset-session-guide.md', content_type: 'text/markdown', data: Buffer.from(text, 'utf8') };
}
