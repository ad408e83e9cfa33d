// The secret check before code leaves the editor, over everything that carries text: the
// ticket's subject and body, and each text attachment. Findings are listed by where they
// are (never with the value); redaction rewrites exactly those places.
import * as l10n from '@vscode/l10n';
import { sniffContent } from '../../code/files';
import { describeFinding, redact, scanForSecrets, type SecretFinding } from '../../code/secrets';

export interface ScanTarget {
  /** Where the text goes: "Subject", "Description", an attachment's file name. */
  readonly label: string;
  readonly text: string;
}

export interface TargetFindings {
  readonly label: string;
  readonly findings: readonly SecretFinding[];
}

/** The targets that hold something credential-like, each with its findings. */
export function findSecrets(targets: readonly ScanTarget[]): TargetFindings[] {
  return targets.map((target) => ({ label: target.label, findings: scanForSecrets(target.text) })).filter((result) => result.findings.length > 0);
}

export function countFindings(results: readonly TargetFindings[]): number {
  return results.reduce((sum, result) => sum + result.findings.length, 0);
}

/** The warning's detail: one line per finding, at most `limit`, then how many more. */
export function secretWarningDetail(results: readonly TargetFindings[], limit = 12): string {
  const lines = results.flatMap((result) => result.findings.map((finding) => `${result.label}, ${lowerFirst(describeFinding(finding))}`));
  const shown = lines.slice(0, limit);
  if (lines.length > limit) shown.push(l10n.t('…and {0} more', lines.length - limit));
  return shown.join('\n');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The text with every finding replaced by the redaction marker. */
export function redactText(text: string): string {
  const findings = scanForSecrets(text);
  return findings.length === 0 ? text : redact(text, findings);
}

export type TextEncodingName = 'utf8' | 'utf16le' | 'utf16be';

export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncodingName;
  /** The bytes started with a byte-order mark, to be written back the same way. */
  readonly bom: boolean;
}

/** A file's bytes as text, or undefined when they look binary (nothing to scan or redact). */
export function decodeText(bytes: Uint8Array): DecodedText | undefined {
  const kind = sniffContent(bytes);
  if (kind.kind === 'binary') return undefined;
  const encoding = kind.encoding;
  const bom = encoding === 'utf8' ? bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf : true;
  const label = encoding === 'utf8' ? 'utf-8' : encoding === 'utf16le' ? 'utf-16le' : 'utf-16be';
  // The decoder drops the byte-order mark; `bom` remembers it.
  return { text: new TextDecoder(label).decode(bytes), encoding, bom };
}

export function encodeText(decoded: DecodedText): Uint8Array {
  const { text, encoding, bom } = decoded;
  if (encoding === 'utf8') {
    const body = new TextEncoder().encode(text);
    return bom ? concat(new Uint8Array([0xef, 0xbb, 0xbf]), body) : body;
  }
  const little = Buffer.from(text, 'utf16le');
  if (encoding === 'utf16le') return concat(new Uint8Array(bom ? [0xff, 0xfe] : []), little);
  const big = new Uint8Array(little.length);
  for (let i = 0; i + 1 < little.length; i += 2) {
    big[i] = little[i + 1]!;
    big[i + 1] = little[i]!;
  }
  return concat(new Uint8Array(bom ? [0xfe, 0xff] : []), big);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const result = new Uint8Array(a.length + b.length);
  result.set(a, 0);
  result.set(b, a.length);
  return result;
}
