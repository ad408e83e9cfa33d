// Secrets given a name: `password = "…"`, `"apiKey": "…"`, `DB_PASSWORD=…` in a .env file,
// `client_secret: …` in YAML, `Password=…;` in a connection string, `?token=…&` in a URL.
//
// The key decides whether a value is a secret; the value's context decides whether it is a
// literal. A quoted value is a literal anywhere. An unquoted one is a literal only on a
// configuration line (the key starts the line and the value ends it) or between `;`/`&`
// delimiters; in code it is an expression (`password = getPassword()`), not a secret.
//
// Linear time: the line is walked once as runs of name characters, and after each key with
// an operator the walk resumes past its value, so no character is examined by many attempts.
import type { RawFinding, SecretKind } from './kinds';
import { isPlaceholderValue, looksGenerated, looksLikeProse, maskedPreview } from './values';

const NAME_RUN = /[A-Za-z0-9_-]+/g;
// Words that may come before the key on a configuration line.
const LEADING_WORDS = new Set(['export', 'set', 'declare', '-']);
const MAX_KEY_LENGTH = 64;
// A cheap first look, so most names on a line never get split into words.
const MAYBE_SECRET_KEY = /^(?=[A-Za-z_])[\w-]*?(?:pass|pwd|secret|token|key|credential)/i;

const PASSWORD_PARTS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'pass', 'passwort']);
const SECRET_PARTS = new Set(['secret', 'token', 'credential', 'credentials', 'apikey', 'accesskey', 'secretkey', 'privatekey']);
// "<qualifier> key" names a secret key; a bare "key" (a map key, a sort key) does not.
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'secret',
  'private',
  'signing',
  'encryption',
  'master',
  'client',
  'app',
  'license',
  'account',
  'subscription',
  'auth',
  'session',
  'shared',
]);
// A last word that makes the name describe the secret rather than hold it: password_hash,
// tokenType, secret_name, passwordLabel, token_url.
const METADATA_PARTS = new Set([
  'alg', 'algorithm', 'attr', 'btn', 'button', 'changed', 'class', 'color', 'column', 'component', 'count', 'description',
  'digest', 'dir', 'disabled', 'enabled', 'endpoint', 'env', 'error', 'errors', 'expiration', 'expires', 'expiry', 'field',
  'fields', 'file', 'form', 'format', 'hash', 'hashed', 'header', 'help', 'hint', 'icon', 'id', 'ids', 'input', 'kind',
  'label', 'len', 'length', 'lifetime', 'link', 'location', 'manager', 'mask', 'max', 'maximum', 'message', 'min',
  'minimum', 'mode', 'msg', 'name', 'page', 'path', 'pattern', 'placeholder', 'policy', 'prefix', 'prompt', 'provider',
  'ref', 'reference', 'regex', 'required', 'reset', 'rules', 'screen', 'service', 'size', 'store', 'strength', 'style',
  'suffix', 'text', 'timeout', 'title', 'toggle', 'tooltip', 'ttl', 'type', 'uri', 'url', 'validation', 'validator',
  'var', 'variable', 'version', 'view', 'visibility', 'visible',
]);
// Tokens that are not credentials: paging cursors, CSRF form tokens.
const NOT_CREDENTIAL_PARTS = new Set(['page', 'next', 'prev', 'previous', 'continuation', 'cancellation', 'pagination', 'cursor', 'csrf', 'xsrf', 'sync']);

// Shell variables that are paths, not passwords.
const SHELL_PATH_VARIABLES = new Set(['PWD', 'OLDPWD']);

/** Whether a key names a password, some other secret, or neither. */
export function secretKeyKind(key: string): SecretKind | undefined {
  if (key.length > MAX_KEY_LENGTH || SHELL_PATH_VARIABLES.has(key)) return undefined;
  const parts = nameParts(key);
  const last = parts[parts.length - 1];
  if (last === undefined || METADATA_PARTS.has(last)) return undefined;
  if (parts.some(isNotCredentialPart)) return undefined;
  if (parts.includes('aws') && (parts.includes('secret') || parts.includes('secretaccesskey'))) return 'aws-secret-access-key';
  if (parts.some((part) => PASSWORD_PARTS.has(part) || part.endsWith('password') || part.endsWith('passwd'))) return 'password';
  const secretWord = parts.some((part) => SECRET_PARTS.has(part) || part.endsWith('secret') || part.endsWith('token') || part.endsWith('apikey'));
  const qualifiedKey = parts.some((part, i) => part === 'key' && i > 0 && KEY_QUALIFIERS.has(parts[i - 1]!));
  return secretWord || qualifiedKey ? 'secret' : undefined;
}

// "page", or run together with the word it qualifies: "nexttoken", "csrftoken".
function isNotCredentialPart(part: string): boolean {
  if (NOT_CREDENTIAL_PARTS.has(part)) return true;
  return part.endsWith('token') && [...NOT_CREDENTIAL_PARTS].some((word) => part.startsWith(word));
}

/** "dbPassword" → [db, password]; "X-Api-Key" → [x, api, key]; "APIKey" → [api, key]. */
function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((part) => part !== '')
    .map((part) => part.toLowerCase());
}

interface Operator {
  /** Offset just past the operator and the spaces after it. */
  readonly valueStart: number;
  /** Written without spaces around it, as in a .env file or a connection string. */
  readonly tight: boolean;
  /** The operator is a plain "=". */
  readonly equals: boolean;
  /** A comma after a quoted name: only a quoted value counts. */
  readonly comma: boolean;
}

// After the key: an optional closing quote or bracket (JSON, config['password']), spaces, one of
// = : := => (not == or ::), spaces.
function operatorAfter(line: string, keyEnd: number): Operator | undefined {
  let i = keyEnd;
  const quotedKey = line[i] === '"' || line[i] === "'";
  if (quotedKey) i++;
  if (line[i] === ']') i++;
  const beforeSpaces = i;
  while (line[i] === ' ' || line[i] === '\t') i++;
  const spacedBefore = i > beforeSpaces;
  let operator: string;
  if (line.startsWith(':=', i) || line.startsWith('=>', i)) operator = line.slice(i, i + 2);
  else if ((line[i] === '=' || line[i] === ':') && line[i + 1] !== '=' && line[i + 1] !== line[i] && line[i + 1] !== '~') operator = line[i]!;
  // A quoted name, a comma, a value: define('DB_PASSWORD', '…'), setenv("TOKEN", "…").
  else if (quotedKey && line[i] === ',') operator = ',';
  else return undefined;
  i += operator.length;
  const afterOperator = i;
  while (line[i] === ' ' || line[i] === '\t') i++;
  return { valueStart: i, tight: !spacedBefore && i === afterOperator && operator === '=', equals: operator === '=', comma: operator === ',' };
}

interface Value {
  readonly start: number;
  readonly end: number;
  /** Where the walk resumes: past the closing quote, or past the value. */
  readonly next: number;
  readonly quoted: boolean;
}

function valueAt(line: string, at: number): Value | undefined {
  let i = at;
  // String prefixes: r"…", b'…', f"…", u"…", @"…".
  if (/[rRbBuUfF@]/.test(line[i] ?? '') && /["'`]/.test(line[i + 1] ?? '')) i++;
  const quote = line[i];
  if (quote === '"' || quote === "'" || quote === '`') {
    let j = i + 1;
    while (j < line.length && line[j] !== quote) j += line[j] === '\\' && quote !== "'" ? 2 : 1;
    // An unterminated quote continues on the next line: not a value this scanner reads.
    if (j >= line.length) return { start: i + 1, end: i + 1, next: line.length, quoted: true };
    return { start: i + 1, end: j, next: j + 1, quoted: true };
  }
  let j = i;
  while (j < line.length && !/[\s,;&)\]}"'<>]/.test(line[j]!)) j++;
  return j > i ? { start: i, end: j, next: j, quoted: false } : undefined;
}

// Unquoted values that are code, not text: keywords and type names, calls, member and index
// access (process.env.TOKEN, os.environ["X"], config.password), YAML tags, anchors and blocks.
const CODE_KEYWORDS = new Set(['true', 'false', 'null', 'none', 'nil', 'undefined', 'string', 'str', 'int', 'number', 'boolean', 'bool', 'any', 'object', 'required', 'optional']);

function isExpression(value: string): boolean {
  if (CODE_KEYWORDS.has(value.toLowerCase())) return true;
  if (/^[!|>&*]/.test(value) || /[([]/.test(value)) return true;
  return /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value);
}

/** Named secrets on one line (no line breaks in it); `offset` is where the line starts in the text. */
export function findAssignmentsInLine(line: string, offset: number): RawFinding[] {
  const findings: RawFinding[] = [];
  const runs = new RegExp(NAME_RUN.source, 'g');
  // While true, everything before the current name is indentation, an opening quote, a
  // dotted key path or a leading word (`export `, YAML's "- "): the name starts a configuration line.
  let startsLine = /^[ \t]*["']?$/.test(line.slice(0, line.search(/[A-Za-z0-9_-]|$/)));
  let previousEnd = -1;
  let previousName = '';
  for (let run = runs.exec(line); run; run = runs.exec(line)) {
    const key = run[0];
    const keyStart = run.index;
    if (previousEnd >= 0 && startsLine) {
      const between = line.slice(previousEnd, keyStart);
      const afterLeadingWord = LEADING_WORDS.has(previousName) && /^[ \t]+["']?$/.test(between);
      startsLine = between === '.' || afterLeadingWord;
    }
    previousEnd = keyStart + key.length;
    previousName = key;
    const kind = key.length <= MAX_KEY_LENGTH && MAYBE_SECRET_KEY.test(key) ? secretKeyKind(key) : undefined;
    const operator = kind ? operatorAfter(line, previousEnd) : undefined;
    if (!kind || !operator) continue;
    const value = valueAt(line, operator.valueStart);
    const configLine = startsLine;
    startsLine = false;
    if (!value) continue;
    runs.lastIndex = Math.max(runs.lastIndex, value.next);
    previousEnd = value.next;
    const text = line.slice(value.start, value.end);
    if (!isLiteralSecret(line, keyStart, key, operator, value, text, configLine)) continue;
    findings.push({ kind, start: offset + value.start, end: offset + value.end, preview: maskedPreview(`${key}=`), specific: false });
  }
  return findings;
}

function isLiteralSecret(line: string, keyStart: number, key: string, operator: Operator, value: Value, text: string, configLine: boolean): boolean {
  if (isPlaceholderValue(text) || (operator.comma && !value.quoted)) return false;
  // KEY=value as in a .env file: any literal, even words (a passphrase).
  const envLine = configLine && operator.tight && /^[A-Z0-9_]+$/.test(key);
  if (value.quoted) return envLine || !looksLikeProse(text);
  if (configLine && /^\s*(?:(?:#|;|\/\/).*)?$/.test(line.slice(value.end))) {
    if (envLine) return true;
    // `key: value`, `key = value`: not a plain word, which in YAML or a mail is as likely to be
    // "expired" as a password, nor a bare identifier, which in code is a variable.
    if (isExpression(text) || !looksGenerated(text)) return false;
    return !/^[A-Za-z_]\w*$/.test(text) || /\d/.test(text);
  }
  return operator.equals && isDelimitedPair(line, keyStart, value.end) && !isExpression(text);
}

// Connection and query strings: `…;Password=…;`, `"Password=…;…"`, `?token=…&`.
function isDelimitedPair(line: string, keyStart: number, valueEnd: number): boolean {
  let i = keyStart - 1;
  while (i >= 0 && (line[i] === ' ' || line[i] === '\t')) i--;
  const before = line[i];
  const after = line[valueEnd];
  if (before === ';') return after === undefined || after === ';' || after === '"' || after === "'";
  if (before === '"' || before === "'") return after === ';';
  if (before === '?' || before === '&') return after === undefined || /[&#"'\s]/.test(after);
  return false;
}
