// The check before code leaves the editor: does a snippet or an attached file hold something
// that looks like a credential? The UI warns with the findings and offers redact(); nothing
// is sent silently, and the findings never carry the secret itself.
//
// What it does not look for: secrets on command lines (`--password x`), inside XML elements,
// in multi-line strings, or high-entropy strings with no key name or known shape (hashes,
// ids and encoded data look the same, and a warning on every commit id would be ignored).
import { REDACTED } from '../../helpdesk/http/redact';
import { findAssignmentsInLine } from './assignments';
import { SECRET_KIND_LABELS, type RawFinding, type SecretKind } from './kinds';
import { findPrivateKeys, findTokensInLine } from './tokens';

export { SECRET_KIND_LABELS, type SecretKind } from './kinds';
export { secretKeyKind } from './assignments';

export interface SecretFinding {
  readonly kind: SecretKind;
  /** 1-based line of the secret's first character. */
  readonly line: number;
  /** Offset of the secret value in the scanned text (UTF-16 units, as String indexes). */
  readonly start: number;
  /** Offset just past the secret value; [start, end) is what redact() replaces. */
  readonly end: number;
  /** Safe to show: the key name or token prefix, and a fixed mask in place of the value. */
  readonly preview: string;
}

/** Every credential-looking value in the text, in order, without overlaps. */
export function scanForSecrets(text: string): SecretFinding[] {
  const raw: RawFinding[] = findPrivateKeys(text);
  forEachLine(text, (line, offset) => {
    raw.push(...findTokensInLine(line, offset), ...findAssignmentsInLine(line, offset));
  });
  return withLineNumbers(text, settleOverlaps(raw));
}

/** The text with each finding's value replaced by `marker`; everything else is kept as it was. */
export function redact(text: string, findings: readonly Pick<SecretFinding, 'start' | 'end'>[], marker: string = REDACTED): string {
  const spans = findings
    .filter((f) => Number.isSafeInteger(f.start) && Number.isSafeInteger(f.end) && f.start >= 0 && f.end <= text.length && f.start < f.end)
    .map((f) => ({ start: f.start, end: f.end }))
    .sort((a, b) => a.start - b.start);
  let result = '';
  let copied = 0;
  for (const span of spans) {
    if (span.start >= copied) {
      result += text.slice(copied, span.start) + marker;
      copied = span.end;
    } else if (span.end > copied) {
      // Overlaps the span just replaced: widen it rather than add a second marker.
      copied = span.end;
    }
  }
  return result + text.slice(copied);
}

/** One line for a warning: "Line 3: a GitHub token (ghp_••••••••)". */
export function describeFinding(finding: Pick<SecretFinding, 'kind' | 'line' | 'preview'>): string {
  return `Line ${finding.line}: ${SECRET_KIND_LABELS[finding.kind]} (${finding.preview})`;
}

function forEachLine(text: string, visit: (line: string, offset: number) => void): void {
  let offset = 0;
  while (offset <= text.length) {
    const newline = text.indexOf('\n', offset);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(offset, end > offset && text[end - 1] === '\r' ? end - 1 : end);
    visit(line, offset);
    if (newline < 0) break;
    offset = newline + 1;
  }
}

// Two detectors may see the same value (a GitHub token assigned to `token = "…"`, a PEM key
// in a JSON "private_key" field): keep the one that knows the shape, else the earlier one.
function settleOverlaps(findings: RawFinding[]): RawFinding[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || Number(b.specific) - Number(a.specific) || b.end - a.end);
  const kept: RawFinding[] = [];
  for (const finding of sorted) {
    const last = kept[kept.length - 1];
    if (!last || finding.start >= last.end) kept.push(finding);
    else if (finding.specific && !last.specific) kept[kept.length - 1] = finding;
  }
  return kept;
}

function withLineNumbers(text: string, findings: readonly RawFinding[]): SecretFinding[] {
  let line = 1;
  let position = 0;
  return findings.map((finding) => {
    for (; position < finding.start; position++) if (text.charCodeAt(position) === 10) line++;
    return { kind: finding.kind, line, start: finding.start, end: finding.end, preview: finding.preview };
  });
}
