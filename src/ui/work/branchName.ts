// The git branch a ticket's work goes on, from the `helpdesk.startWork.branchName` pattern.
// Pure (no vscode): what comes out is always a name `git check-ref-format --branch` accepts,
// whatever the ticket's subject holds (any script, slashes, dots, control characters, nothing).

export const DEFAULT_BRANCH_PATTERN = '{ref}-{subject-slug}';

/** How long `{subject-slug}` may get: enough words to recognise the ticket. */
export const SUBJECT_SLUG_MAX = 40;
/** The longest branch name made here (git allows more; tools and terminals like less). */
export const BRANCH_NAME_MAX = 100;

export interface BranchTicket {
  readonly id: string;
  readonly ref: string;
  readonly subject: string;
}

/**
 * The placeholders a pattern may use. Each value is made safe for a ref before it goes in,
 * so a subject's "/" never becomes a folder: only the pattern's own "/" does.
 */
export const BRANCH_PLACEHOLDERS = ['ref', 'id', 'subject-slug', 'instance'] as const;

/** `{ref}-{subject-slug}` for ticket ABCD-1234 "Export times out" → `ABCD-1234-export-times-out`. */
export function branchNameFor(pattern: string, ticket: BranchTicket, instanceId: string): string {
  const values: Record<(typeof BRANCH_PLACEHOLDERS)[number], string> = {
    ref: refPart(ticket.ref.trim() !== '' ? ticket.ref : ticket.id),
    id: refPart(ticket.id),
    'subject-slug': slugify(ticket.subject, SUBJECT_SLUG_MAX),
    instance: slugify(instanceId, SUBJECT_SLUG_MAX),
  };
  const source = typeof pattern === 'string' && pattern.trim() !== '' ? pattern : DEFAULT_BRANCH_PATTERN;
  const filled = source.replace(/\{([a-z-]+)\}/g, (whole, name: string) => (name in values ? values[name as keyof typeof values] : ''));
  const name = toRefName(filled);
  return name !== '' ? name : fallbackName(ticket);
}

/** Lower-case ASCII words joined by "-", at most `max` characters, cut between words. */
export function slugify(text: string, max = SUBJECT_SLUG_MAX): string {
  const ascii = toAscii(text).toLowerCase();
  const slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max);
  // Cut at the last word boundary, unless that would keep too little of the first word.
  const boundary = slug[max] === '-' ? max : cut.lastIndexOf('-');
  return (boundary >= max / 2 ? cut.slice(0, boundary) : cut).replace(/-+$/, '');
}

/** Why git would refuse `name` as a branch, or undefined when it takes it. */
export type BranchNameProblem = 'empty' | 'characters' | 'dots' | 'slashes' | 'lock' | 'reserved' | 'dash' | 'tooLong';

export function branchNameProblem(name: string): BranchNameProblem | undefined {
  if (name === '') return 'empty';
  // A ref is a file under .git/refs: file systems stop at 255 bytes a name.
  if (name.split('/').some((part) => new TextEncoder().encode(part).byteLength > 255)) return 'tooLong';
  // Control characters, space, ~ ^ : ? * [ \ and the reflog syntax "@{".
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(name) || name.includes('@{')) return 'characters';
  if (name === '@' || name === 'HEAD') return 'reserved';
  if (name.startsWith('-')) return 'dash';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return 'slashes';
  if (name.includes('..') || name.endsWith('.') || name.split('/').some((part) => part.startsWith('.'))) return 'dots';
  if (name.split('/').some((part) => part.endsWith('.lock'))) return 'lock';
  return undefined;
}

export function isValidBranchName(name: string): boolean {
  return branchNameProblem(name) === undefined;
}

/** A ticket reference as one ref component: "#123" → "123", "BRANCH-12" stays, case kept. */
function refPart(text: string): string {
  return toAscii(text)
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/** The filled pattern as a valid branch name: each "/"-separated part cleaned, empty parts dropped. */
function toRefName(filled: string): string {
  const parts = toAscii(filled)
    .split('/')
    .map((part) => cleanPart(part))
    .filter((part) => part !== '');
  let name = parts.join('/');
  if (name.length > BRANCH_NAME_MAX) name = parts.length > 0 ? cutName(name) : '';
  return name === 'HEAD' ? '' : name;
}

function cleanPart(part: string): string {
  let cleaned = part
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[-.]+|[-.]+$/g, '');
  while (cleaned.toLowerCase().endsWith('.lock')) cleaned = cleaned.slice(0, -'.lock'.length).replace(/[-.]+$/, '');
  return cleaned;
}

function cutName(name: string): string {
  return name
    .slice(0, BRANCH_NAME_MAX)
    .split('/')
    .map((part) => cleanPart(part))
    .filter((part) => part !== '')
    .join('/');
}

function fallbackName(ticket: BranchTicket): string {
  const id = refPart(ticket.id);
  return id !== '' ? `ticket-${id}`.slice(0, BRANCH_NAME_MAX) : 'ticket';
}

// Letters NFKD does not take apart into an ASCII letter and an accent.
const LETTERS: Record<string, string> = {
  ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L',
  đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'TH', ı: 'i', ħ: 'h', Ħ: 'H',
};

/** Latin letters without their accents (é → e, ş → s, ı → i); other scripts are dropped by the callers. */
function toAscii(text: string): string {
  return text
    .replace(/[ßẞæÆœŒøØłŁđĐðÐþÞıħĦ]/g, (letter) => LETTERS[letter] ?? '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '');
}
