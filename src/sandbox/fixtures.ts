// Fixture text and files every simulator's seed draws on: slot filling for subjects and
// lines, mail-client attribution dates, and attachment files (screenshots, logs, CSV
// exports, how-to guides) generated rather than shipped as binaries.
import { PRODUCTS, type Topic } from './corpus';
import { screenshotPng } from './png';
import type { Rng } from './prng';

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

/** A customer's report on one run of the big thread's failing nightly import (HTML). */
export function importRunReport(rng: Rng, run: number, firstName: string): string {
  const outcome = rng.chance(0.6) ? `failed again at 02:${String(rng.int(0, 59)).padStart(2, '0')} with error 0x${rng.code(8, '0123456789ABCDEF')}` : 'completed, but took twice as long as usual';
  return `<p>Hi,</p><p>Import run #${run} ${outcome}.</p><p>Thanks,<br>${firstName}</p>`;
}

/** An agent's note on the big thread's failing import (plain text). */
export function importRunNote(run: number): string {
  return `Run #${run}: correlated with the storage maintenance window again. Keeping an eye on it.`;
}
