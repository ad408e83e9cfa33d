// Judgements about a candidate secret on its own: is it a placeholder someone wrote instead
// of a secret, and how to show it in a warning without showing it. Shared by the detectors.

// Written instead of a real value in samples, templates and docs. Compared after lower-casing
// and dropping everything but letters and digits, so "change-me" and "CHANGE_ME" match too.
const PLACEHOLDER_WORDS = new Set([
  'apikey',
  'changeit',
  'default',
  'empty',
  'env',
  'fake',
  'hidden',
  'masked',
  'nil',
  'none',
  'notset',
  'null',
  'pass',
  'passwd',
  'password',
  'removed',
  'required',
  'sample',
  'secret',
  'string',
  'tbd',
  'todo',
  'token',
  'undefined',
  'unset',
  'value',
]);

// Fragments that mark a value as a stand-in wherever they appear: AWS's documented
// AKIAIOSFODNN7EXAMPLE, "xxxxxxxx-token". "changeme" is one: it is the classic default, and a
// warning on every sample config would teach people to click through the warning.
const PLACEHOLDER_FRAGMENTS = ['example', 'placeholder', 'changeme', 'replaceme', 'redacted', 'dummy', 'xxxxxx'];

/** A value shorter than this is not treated as a secret: too short to be a real credential. */
export const MIN_SECRET_LENGTH = 4;

/** True for values that stand in for a secret rather than being one. */
export function isPlaceholderValue(raw: string): boolean {
  const value = raw.trim();
  if (value.length < MIN_SECRET_LENGTH) return true;
  // References and templates: $VAR, ${VAR}, $(cmd), %VAR%, %(name)s, {{ var }}, {var}, <your-token>, [REDACTED], #{x}.
  if (/^[$%{<[]/.test(value) || /\$\{|\{\{|#\{|%\(/.test(value)) return true;
  // A query or stored-procedure parameter (@Password, :password).
  if (/^[@:][A-Za-z_][A-Za-z0-9_]*$/.test(value)) return true;
  // One character repeated: xxxx, ****, ...., 0000, ••••.
  if (isOneCharacterRepeated(value)) return true;
  const normalized = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (PLACEHOLDER_WORDS.has(normalized)) return true;
  if (normalized.startsWith('your') || /(?:key|token|password|secret|value)here$/.test(normalized)) return true;
  return PLACEHOLDER_FRAGMENTS.some((fragment) => normalized.includes(fragment));
}

function isOneCharacterRepeated(value: string): boolean {
  const first = value.codePointAt(0);
  for (const char of value) if (char.codePointAt(0) !== first) return false;
  return true;
}

/** Words and spaces only, e.g. "Enter your password": a label or message, not a credential. */
export function looksLikeProse(value: string): boolean {
  return /\s/.test(value.trim()) && /^[\p{L}\s,.'’!?:;()-]+$/u.test(value);
}

/**
 * True when a value mixes at least two kinds of characters (lower case, upper case, digits,
 * symbols), the way generated tokens do; a single plain word such as "authentication" does not.
 */
export function looksGenerated(value: string): boolean {
  let kinds = 0;
  if (/[a-z]/.test(value)) kinds++;
  if (/[A-Z]/.test(value)) kinds++;
  if (/[0-9]/.test(value)) kinds++;
  if (/[^A-Za-z0-9]/.test(value)) kinds++;
  return kinds >= 2 && !/^[A-Z][a-z]+$/.test(value);
}

const MASK = '••••••••';

/**
 * How a finding is shown: the non-secret context (a key name, a token's public prefix) and a
 * fixed mask. The mask never reflects the secret's length, and no character of the secret
 * itself appears.
 */
export function maskedPreview(context: string, publicPrefix = ''): string {
  const shownContext = context.replace(/\s+/g, ' ').slice(0, 48);
  return `${shownContext}${publicPrefix}${MASK}`;
}
