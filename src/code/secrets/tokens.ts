// Detectors for credentials that have a shape of their own: PEM private keys, vendor tokens
// with documented prefixes, JWTs, Authorization headers and passwords inside URLs.
//
// Every pattern here runs in time linear in the input. Token shapes are tested against whole
// runs of token characters (each character belongs to one run, and each test is anchored),
// and the free-running regular expressions start with a literal and use character classes
// that cannot overlap what follows them, so a failed attempt never rescans much.
import type { RawFinding, SecretKind } from './kinds';
import { isPlaceholderValue, looksGenerated, maskedPreview } from './values';

interface TokenShape {
  readonly kind: SecretKind;
  /** Anchored at both ends: it must describe the whole run. */
  readonly pattern: RegExp;
  /** Characters at the start that identify the vendor and are not secret. */
  readonly prefix: RegExp;
}

const TOKEN_SHAPES: readonly TokenShape[] = [
  { kind: 'aws-access-key-id', pattern: /^(?:AKIA|ASIA)[A-Z0-9]{16}$/, prefix: /^[A-Z]{4}/ },
  { kind: 'github-token', pattern: /^gh[pousr]_[A-Za-z0-9]{36,251}$/, prefix: /^gh._/ },
  { kind: 'github-token', pattern: /^github_pat_[A-Za-z0-9_]{22,251}$/, prefix: /^github_pat_/ },
  { kind: 'gitlab-token', pattern: /^gl(?:pat|dt|rt|ptt|cbt|ft|imt|oas|soat|agent)-[A-Za-z0-9_-]{20,}$/, prefix: /^gl[a-z]+-/ },
  { kind: 'slack-token', pattern: /^(?:xox[abposr]|xapp)-[A-Za-z0-9-]{10,}$/, prefix: /^x[a-z]{3}-/ },
  { kind: 'stripe-key', pattern: /^(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}$/, prefix: /^[a-z]{2}_[a-z]{4}_/ },
  { kind: 'stripe-key', pattern: /^whsec_[A-Za-z0-9]{20,}$/, prefix: /^whsec_/ },
];

// The characters tokens are made of; '.' is left out so a JWT's three parts are three runs.
const TOKEN_RUN = /[A-Za-z0-9_-]+/g;
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{16,}/y;
const BEARER = /\bBearer[ \t]+([A-Za-z0-9._~+/-]+=*)/gi;
const AUTHORIZATION = /\bAuthorization["']?\]?[ \t]*[:=][ \t]*["']?(Basic|Token)[ \t]+([A-Za-z0-9._~+/-]+=*)/gi;
// user:password@ after a scheme; the user part cannot hold ':', so the first ':' splits them.
const URL_CREDENTIALS = /:\/\/([^\s:@/]{0,256}):([^\s@/]{1,256})@/g;
const SLACK_WEBHOOK = /https:\/\/hooks\.slack\.com\/services\/([A-Za-z0-9_/]{20,})/g;

/** Vendor tokens, JWTs, Authorization headers and URL passwords on one line (no line breaks in it). */
export function findTokensInLine(line: string, offset: number): RawFinding[] {
  return [
    ...findTokenRuns(line, offset),
    ...findBearerTokens(line, offset),
    ...findAuthorizationHeaders(line, offset),
    ...findUrlPasswords(line, offset),
    ...findSlackWebhooks(line, offset),
  ];
}

function findTokenRuns(line: string, offset: number): RawFinding[] {
  const findings: RawFinding[] = [];
  const runs = new RegExp(TOKEN_RUN.source, 'g');
  for (let run = runs.exec(line); run; run = runs.exec(line)) {
    const text = run[0];
    const start = run.index;
    if (text.startsWith('eyJ') && line[start + text.length] === '.') {
      JWT.lastIndex = start;
      const jwt = JWT.exec(line);
      if (jwt) {
        findings.push(specific('jwt', offset + start, offset + start + jwt[0].length, maskedPreview('', 'eyJ')));
        runs.lastIndex = start + jwt[0].length;
        continue;
      }
    }
    if (text.length < 20) continue;
    const shape = TOKEN_SHAPES.find((candidate) => candidate.pattern.test(text));
    if (!shape || isPlaceholderToken(text)) continue;
    const prefix = shape.prefix.exec(text)?.[0] ?? '';
    findings.push(specific(shape.kind, offset + start, offset + start + text.length, maskedPreview('', prefix)));
  }
  return findings;
}

// Documentation and templates fill a token's shape with filler: "AKIAIOSFODNN7EXAMPLE",
// "ghp_xxxxxxxx…", "sk_test_0000000000000000".
function isPlaceholderToken(token: string): boolean {
  return isPlaceholderValue(token) || /(.)\1{7,}/.test(token);
}

function findBearerTokens(line: string, offset: number): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const match of line.matchAll(new RegExp(BEARER.source, 'gi'))) {
    const value = match[1]!;
    // "bearer tokens are…" and "the bearer authentication scheme" are prose, not tokens.
    if (value.length < 12 || !looksGenerated(value) || isPlaceholderValue(value)) continue;
    const start = match.index + match[0].length - value.length;
    findings.push(specific('bearer-token', offset + start, offset + start + value.length, maskedPreview('Bearer ')));
  }
  return findings;
}

function findAuthorizationHeaders(line: string, offset: number): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const match of line.matchAll(new RegExp(AUTHORIZATION.source, 'gi'))) {
    const value = match[2]!;
    if (value.length < 8 || isPlaceholderValue(value)) continue;
    const start = match.index + match[0].length - value.length;
    findings.push(specific('authorization-header', offset + start, offset + start + value.length, maskedPreview(`Authorization: ${match[1]} `)));
  }
  return findings;
}

function findUrlPasswords(line: string, offset: number): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const match of line.matchAll(new RegExp(URL_CREDENTIALS.source, 'g'))) {
    const scheme = schemeBefore(line, match.index);
    const password = match[2]!;
    if (!scheme || isPlaceholderValue(password)) continue;
    const start = match.index + 3 + match[1]!.length + 1;
    const context = `${scheme}://${match[1]}:`;
    findings.push(specific('connection-string', offset + start, offset + start + password.length, maskedPreview(context) + '@'));
  }
  return findings;
}

// The scheme of a URL ends where "://" starts; read it backwards, at most 32 characters.
function schemeBefore(line: string, colon: number): string | undefined {
  let i = colon;
  while (i > 0 && colon - i < 32 && /[A-Za-z0-9+.-]/.test(line[i - 1]!)) i--;
  const scheme = line.slice(i, colon);
  return /^[A-Za-z][A-Za-z0-9+.-]*$/.test(scheme) ? scheme : undefined;
}

function findSlackWebhooks(line: string, offset: number): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const match of line.matchAll(new RegExp(SLACK_WEBHOOK.source, 'g'))) {
    const path = match[1]!;
    if (isPlaceholderToken(path)) continue;
    const start = match.index + match[0].length - path.length;
    findings.push(specific('slack-webhook', offset + start, offset + start + path.length, maskedPreview('https://hooks.slack.com/services/')));
  }
  return findings;
}

// "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN OPENSSH PRIVATE KEY-----",
// "-----BEGIN PGP PRIVATE KEY BLOCK-----", …
const PEM_HEADER = /-----BEGIN ((?:[A-Z0-9]{1,20} ){0,3})PRIVATE KEY(?: BLOCK)?-----/g;
// A key is a few KB; a body longer than this is not one.
const PEM_BODY_LIMIT = 64 * 1024;
const MIN_PEM_BODY = 40;

/**
 * PEM private keys anywhere in the text, also written on one line with "\n" escapes (as in
 * JSON service-account files). The finding covers the body, so a redacted key keeps its
 * BEGIN and END lines and the reader still sees what was there.
 */
export function findPrivateKeys(text: string): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const match of text.matchAll(new RegExp(PEM_HEADER.source, 'g'))) {
    const bodyStart = match.index + match[0].length;
    const body = pemBody(text, bodyStart);
    if (!body) continue;
    findings.push(specific('private-key', body.start, body.end, maskedPreview(match[0] + ' ')));
  }
  return findings;
}

// The body runs over base64, white space, "\n" escapes and the header lines of encrypted
// keys ("Proc-Type: 4,ENCRYPTED"), and stops at the next "-----" (the END line, or another
// BEGIN: that is why two bodies never overlap and the scan stays linear).
function pemBody(text: string, from: number): { start: number; end: number } | undefined {
  const limit = Math.min(text.length, from + PEM_BODY_LIMIT);
  let first = -1;
  let last = -1;
  let base64 = 0;
  let i = from;
  while (i < limit) {
    const char = text[i]!;
    if (char === '-' && text.startsWith('-----', i)) break;
    if (/[A-Za-z0-9+/=]/.test(char)) {
      if (first < 0) first = i;
      last = i;
      base64++;
    } else if (char === '\\' && (text[i + 1] === 'n' || text[i + 1] === 'r')) {
      i++;
    } else if (!/[\s:,-]/.test(char)) {
      break;
    }
    i++;
  }
  if (first < 0 || base64 < MIN_PEM_BODY) return undefined;
  const candidate = text.slice(first, last + 1);
  if (isPlaceholderValue(candidate)) return undefined;
  return { start: first, end: last + 1 };
}

function specific(kind: SecretKind, start: number, end: number, preview: string): RawFinding {
  return { kind, start, end, preview, specific: true };
}
