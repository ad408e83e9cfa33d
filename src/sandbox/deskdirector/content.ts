// What seed tickets say. DeskDirector stores descriptions and notes as plain text or
// Markdown (the TECH portal writes Markdown), so bodies here are text with blank lines
// between paragraphs and now and then a Markdown list; email replies keep their quote.
import { AGENT_NOTES, GREETINGS_CUSTOMER, SIGN_OFFS_AGENT, SIGN_OFFS_CUSTOMER, SUBJECTS, type Topic } from '../corpus';
import { fillSlots } from '../fixtures';
import { agentReplyLines, customerLines, customerSignature } from '../message-lines';
import type { Rng } from '../prng';
import type { AccountRecord, AgentRecord, ContactRecord, FieldValue } from './state';

const PRINTER_SUMMARIES = ['Printer on level 2 keeps jamming', 'Scan to email stopped working', 'Printer shows offline for the whole office', 'Toner low warning will not clear'];

const TIME_ENTRY_LINES = [
  'Remoted in and cleared the cached credentials. User can sign in again.',
  'Checked the event log, found repeated disk warnings. Ran a health check.',
  'Called the user and walked through the steps together.',
  'Updated the driver and rebooted; tested a print job successfully.',
  'Created the account, licensed it and added the security groups.',
  'Raised a quote with the vendor and sent it for approval.',
  'Reviewed the firewall rules with the customer, no change needed.',
] as const;

export function limit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** The summary a contact would type for a ticket of this request type. */
export function summaryFor(rng: Rng, requestTypeId: number | null, topic: Topic, fields: Record<string, FieldValue>, at: number): string {
  switch (requestTypeId) {
    case 21:
      return `Password reset for ${String(fields.username)}`;
    case 24:
      return `New starter: ${String(fields.employeeName)} (${String(fields.department)})`;
    case 27:
      return `${String(fields.deviceType)} ${String(fields.assetTag)} is not working`;
    case 30:
      return `Install ${String(fields.application)} for ${String(fields.licenseCount)} users`;
    case 33:
      return rng.pick(PRINTER_SUMMARIES);
    default:
      return limit(fillSlots(rng, rng.pick(SUBJECTS[topic]), at), 100);
  }
}

function paragraphs(parts: readonly string[]): string {
  return parts.filter((part) => part !== '').join('\n\n');
}

function signature(lines: readonly string[]): string {
  return lines.join('\n');
}

export function descriptionFor(rng: Rng, topic: Topic, contact: ContactRecord, account: AccountRecord | undefined, at: number): string {
  const lines = customerLines(rng, topic, true, at);
  const sign = customerSignature(rng, { firstName: contact.firstName, name: contact.name, company: account?.name ?? null });
  const steps = rng.chance(0.2) ? ['What we tried so far:', '- restarted the machine', '- signed out and back in', '- tried another browser'].join('\n') : '';
  return paragraphs([rng.pick(GREETINGS_CUSTOMER), ...lines, steps, `${rng.pick(SIGN_OFFS_CUSTOMER)}\n${signature(sign)}`]);
}

export function contactReply(rng: Rng, topic: Topic, contact: ContactRecord, account: AccountRecord | undefined, at: number, quoted: string | undefined): string {
  const lines = customerLines(rng, topic, false, at);
  const sign = customerSignature(rng, { firstName: contact.firstName, name: contact.name, company: account?.name ?? null });
  const body = paragraphs([rng.pick(GREETINGS_CUSTOMER), ...lines, `${rng.pick(SIGN_OFFS_CUSTOMER)}\n${signature(sign)}`]);
  // Replies by email carry the quoted history, as mail clients write it.
  if (!quoted || !rng.chance(0.5)) return body;
  return `${body}\n\n-----Original Message-----\n${quoted
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n')}`;
}

export function agentReply(rng: Rng, agent: AgentRecord, contact: ContactRecord, at: number): string {
  return paragraphs([`Hi ${contact.firstName},`, ...agentReplyLines(rng, at), `${rng.pick(SIGN_OFFS_AGENT)}\n${agent.name}\nService Desk`]);
}

export function internalNote(rng: Rng, colleague: AgentRecord | undefined): string {
  const lines = rng.sample(AGENT_NOTES, rng.int(1, 2));
  const text = lines.length > 1 && rng.chance(0.4) ? lines.map((line) => `- ${line}`).join('\n') : lines.join(' ');
  return colleague && rng.chance(0.3) ? `${text}\n\n@${colleague.firstName} can you take a look?` : text;
}

export function timeEntryNote(rng: Rng): string {
  return rng.pick(TIME_ENTRY_LINES);
}

/** The first characters of a text on one line, as list previews show it. */
export function preview(text: string, max: number): string {
  return limit(text.replace(/\s+/g, ' ').trim(), max);
}
