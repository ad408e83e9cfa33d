// Ticket references written in code and comments ("DP-1234", "deskpro#1234", a ticket's web
// address) become links and hovers. Each helpdesk instance configures its own forms as plain
// text with an {id} placeholder; the text is escaped, never taken as a regular expression, so
// a setting cannot make matching slow or match more than it says.

export type TicketIdKind = 'numeric' | 'alphanumeric';

export interface ReferenceSource {
  readonly instanceId: string;
  /**
   * Forms such as "DP-{id}" or "deskpro#{id}". A form without {id} is a prefix: "DP-" means
   * "DP-{id}".
   */
  readonly patterns?: readonly string[];
  /** The address of one ticket in the browser, with {id}: "https://acme.deskpro.com/agent/#/ticket/{id}". */
  readonly ticketUrlTemplate?: string;
  /** What an id looks like: digits (default), or letters, digits and inner hyphens. */
  readonly idKind?: TicketIdKind;
  /** Whether the forms (not the address) must match in case; default true. */
  readonly caseSensitive?: boolean;
}

export interface ReferenceProblem {
  readonly instanceId: string;
  readonly pattern: string;
  /** A sentence for the user, naming what to change. */
  readonly reason: string;
}

export interface TicketReference {
  readonly instanceId: string;
  readonly ticketId: string;
  /** Offsets in the searched text; [start, end) covers the whole reference. */
  readonly start: number;
  readonly end: number;
}

interface CompiledPattern {
  readonly instanceId: string;
  readonly regex: RegExp;
}

/** Compiled forms of every instance; build once per settings change. */
export interface TicketReferenceMatcher {
  readonly patterns: readonly CompiledPattern[];
}

const ID_SOURCES: Readonly<Record<TicketIdKind, string>> = {
  numeric: '\\d{1,12}',
  alphanumeric: '[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}[A-Za-z0-9])?',
};
const MAX_PATTERN_LENGTH = 200;
const PLACEHOLDER = '{id}';
const NOT_AFTER_WORD = '(?<![A-Za-z0-9_])';
const NOT_BEFORE_WORD = '(?![A-Za-z0-9_])';

/** Compiles every usable form; the unusable ones come back as problems to show. */
export function compileReferenceMatcher(sources: readonly ReferenceSource[]): { matcher: TicketReferenceMatcher; problems: ReferenceProblem[] } {
  const patterns: CompiledPattern[] = [];
  const problems: ReferenceProblem[] = [];
  for (const source of sources) {
    const idSource = ID_SOURCES[source.idKind ?? 'numeric'];
    const flags = source.caseSensitive === false ? 'gi' : 'g';
    for (const pattern of source.patterns ?? []) {
      const compiled = compileForm(pattern, idSource, flags);
      if (typeof compiled === 'string') problems.push({ instanceId: source.instanceId, pattern, reason: compiled });
      else patterns.push({ instanceId: source.instanceId, regex: compiled });
    }
    if (source.ticketUrlTemplate !== undefined && source.ticketUrlTemplate.trim() !== '') {
      const compiled = compileUrl(source.ticketUrlTemplate.trim(), idSource);
      if (typeof compiled === 'string') problems.push({ instanceId: source.instanceId, pattern: source.ticketUrlTemplate, reason: compiled });
      else patterns.push({ instanceId: source.instanceId, regex: compiled });
    }
  }
  return { matcher: { patterns }, problems };
}

// A RegExp, or the reason the form cannot be used.
function compileForm(raw: string, idSource: string, flags: string): RegExp | string {
  const form = raw.trim();
  const parts = checkedParts(form.includes(PLACEHOLDER) ? form : form + PLACEHOLDER, raw);
  if (typeof parts === 'string') return parts;
  const [before, after] = parts;
  if (!/[\p{L}\p{N}#]/u.test(before + after)) return `"${raw}" needs letters, digits or "#" around {id}, or it would match every number.`;
  return buildRegex(before, idSource, after, flags);
}

function compileUrl(template: string, idSource: string): RegExp | string {
  const parts = checkedParts(template, template);
  if (typeof parts === 'string') return parts;
  if (!/^https?:\/\/[^/?#\s]+/i.test(parts[0])) return `"${template}" is not a web address (it should start with https://).`;
  // The same page is reached over http and https, and host names ignore case.
  const [before, after] = parts;
  const scheme = /^https?:\/\//i.exec(before)![0];
  return new RegExp(`https?://${escapeRegExp(before.slice(scheme.length))}(${idSource})${escapeRegExp(after)}${NOT_BEFORE_WORD}`, 'gi');
}

function checkedParts(form: string, raw: string): [string, string] | string {
  if (raw.trim() === '') return 'An empty form matches nothing; remove it.';
  if (form.length > MAX_PATTERN_LENGTH) return `"${raw.slice(0, 40)}…" is longer than ${MAX_PATTERN_LENGTH} characters.`;
  if (/[\r\n]/.test(form)) return `"${raw}" spans lines; a reference is written on one line.`;
  const pieces = form.split(PLACEHOLDER);
  if (pieces.length === 1) return `"${raw}" has no {id}; put {id} where the ticket number goes.`;
  if (pieces.length > 2) return `"${raw}" has {id} more than once; write it once.`;
  return [pieces[0]!, pieces[1]!];
}

// Boundaries only where the form itself starts or ends with a word character, so "XDP-12"
// is not "DP-12" and "DP-123" is not "DP-12", while "#12" still matches in "repo#12".
function buildRegex(before: string, idSource: string, after: string, flags: string): RegExp {
  const first = before === '' ? '0' : before[0]!;
  const last = after === '' ? '0' : after[after.length - 1]!;
  const lead = /[A-Za-z0-9_]/.test(first) ? NOT_AFTER_WORD : '';
  const trail = /[A-Za-z0-9_]/.test(last) ? NOT_BEFORE_WORD : '';
  return new RegExp(`${lead}${escapeRegExp(before)}(${idSource})${escapeRegExp(after)}${trail}`, flags);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Every reference in the text, in order, without overlaps (the longer wins at one start). */
export function findTicketReferences(text: string, matcher: TicketReferenceMatcher): TicketReference[] {
  const found: TicketReference[] = [];
  for (const { instanceId, regex } of matcher.patterns) {
    for (const match of text.matchAll(new RegExp(regex.source, regex.flags))) {
      found.push({ instanceId, ticketId: match[1]!, start: match.index, end: match.index + match[0].length });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: TicketReference[] = [];
  for (const reference of found) {
    const last = kept[kept.length - 1];
    if (!last || reference.start >= last.end) kept.push(reference);
  }
  return kept;
}

/** The ticket's web address from a template with {id}. */
export function ticketUrl(template: string, ticketId: string): string {
  return template.trim().split(PLACEHOLDER).join(encodeURIComponent(ticketId));
}
