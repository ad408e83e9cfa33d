// Builds message bodies that look like what helpdesks store for email replies: HTML
// paragraphs, a signature, the quoted history in a <blockquote>, and the junk real mail
// carries (tracking pixels, scripts, remote images) that the client must sanitize.
import { beaconUrl } from './hostile-payloads';
import type { Rng } from './prng';

export function escapeHtml(text: string): string {
  // Most fixture text has nothing to escape; skipping the replace keeps seeding fast.
  if (!/[&<>"']/.test(text)) return text;
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface QuotedMail {
  authorName: string;
  authorEmail: string;
  /** Human-readable date as mail clients print it in the attribution line. */
  date: string;
  /** The quoted message's own HTML (without its own quote, as most clients trim it). */
  html: string;
}

export interface MailParts {
  greeting?: string;
  /** Plain text paragraphs; escaped here. */
  paragraphs: readonly string[];
  signOff: string;
  /** Signature lines under the sign-off (name, title, company...); escaped here. */
  signature: readonly string[];
  quote?: QuotedMail;
  /** Extra raw HTML placed after the text (inline image, tracking pixel, script). */
  extras?: readonly string[];
}

/** The message's own part (greeting, text, signature): what a later reply quotes. */
export function mailBody(parts: Omit<MailParts, 'quote' | 'extras'>): string {
  const html: string[] = [];
  if (parts.greeting) html.push(`<p>${escapeHtml(parts.greeting)}</p>`);
  for (const paragraph of parts.paragraphs) html.push(`<p>${escapeHtml(paragraph)}</p>`);
  const [name, ...rest] = parts.signature;
  html.push(`<p>${escapeHtml(parts.signOff)}<br>${escapeHtml(name ?? '')}</p>`);
  if (rest.length > 0) {
    html.push(`<div class="signature" style="color:#666;font-size:12px">--<br>${rest.map(escapeHtml).join('<br>')}</div>`);
  }
  return html.join('\n');
}

export function composeMail(parts: MailParts): string {
  const html = [mailBody(parts), ...(parts.extras ?? [])];
  if (parts.quote) {
    const q = parts.quote;
    html.push(
      `<div class="quote">On ${escapeHtml(q.date)}, ${escapeHtml(q.authorName)} &lt;${escapeHtml(q.authorEmail)}&gt; wrote:<br>` +
        `<blockquote style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">\n${q.html}\n</blockquote></div>`,
    );
  }
  return html.join('\n');
}

/** Text a user typed into a plain-text reply, as a helpdesk turns it into HTML. */
export function textToHtml(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');
}

/**
 * What a customer's mail now and then carries besides the text: a hidden tracking pixel,
 * and rarely a script aimed at the simulator's beacon (`origin`), marked with the ticket.
 */
export function mailJunk(rng: Rng, origin: string, ticketId: number): string[] {
  const junk: string[] = [];
  if (rng.chance(0.1)) junk.push(`<img src="https://tracker.example/pixel.gif?u=${rng.code(12, 'abcdef0123456789')}" width="1" height="1" alt="" style="display:none">`);
  if (rng.chance(0.03)) junk.push(`<script>fetch('${beaconUrl(origin, `ticket-${ticketId}`)}')</script>`);
  return junk;
}
