// Keeps credentials out of log lines and error messages. Error messages reach the UI and
// bug reports, so everything the HTTP client says goes through here first.

export const REDACTED = '«redacted»';

// Secrets shorter than this are skipped: replacing every "ab" in a log line would make it
// unreadable while hiding almost nothing.
const MIN_SECRET_LENGTH = 3;

/** Header names whose value is a credential wherever they appear as `Name: value`. */
const SECRET_HEADERS = [
  'authorization',
  'proxy-authorization',
  'x-wsse',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
  'x-access-token',
];

/** Parameter names whose value is a credential in a query string, a form or a WSSE header. */
const SECRET_PARAMS = [
  'key',
  'token',
  'password',
  'passwd',
  'pwd',
  'secret',
  'api_key',
  'apikey',
  'api-key',
  'access_token',
  'refresh_token',
  'id_token',
  'auth_token',
  'client_secret',
  'passworddigest',
];

const names = (list: string[]): string => list.map((name) => name.replace(/[-_]/g, '[-_]')).join('|');

// "Authorization": "Basic abc" — JSON or a JS object dump.
const JSON_PAIR = new RegExp(
  `("(?:${names([...SECRET_HEADERS, ...SECRET_PARAMS])})"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)(")`,
  'gi',
);
// Authorization: Basic abc — a header line; the value runs to the end of the line because
// header values (WSSE) contain quotes and commas.
const HEADER_LINE = new RegExp(`(^|[\\s{,;'"(\\[])(${names(SECRET_HEADERS)})(\\s*:\\s*)([^\\r\\n]+)`, 'gim');
// ?apikey=abc&... or PasswordDigest="abc"
const PARAM = new RegExp(
  `(^|[?&;\\s,'"{(])(${names(SECRET_PARAMS)})(=)("[^"]*"|[^&\\s#"',;)]+)`,
  'gi',
);
// https://user:password@host
const URL_USERINFO = /(\/\/[^/\s:@]+:)([^@/\s]+)(@)/g;

/**
 * Replaces every secret — and the encoded forms it travels in (URL, form, base64, JSON) —
 * and anything that looks like a credential header or parameter with «redacted».
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const form of secretForms(secrets)) out = out.split(form).join(REDACTED);
  return out
    .replace(JSON_PAIR, (_m, head: string, _value: string, tail: string) => `${head}${REDACTED}${tail}`)
    .replace(HEADER_LINE, (_m, lead: string, name: string, sep: string) => `${lead}${name}${sep}${REDACTED}`)
    .replace(PARAM, (_m, lead: string, name: string, eq: string) => `${lead}${name}${eq}${REDACTED}`)
    .replace(URL_USERINFO, (_m, head: string, _pw: string, at: string) => `${head}${REDACTED}${at}`);
}

/** Every spelling a secret may take on the wire, longest first so no fragment survives. */
function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.trim().length < MIN_SECRET_LENGTH) continue;
    for (const form of encodings(secret)) {
      if (form.length >= MIN_SECRET_LENGTH) forms.add(form);
    }
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

function encodings(secret: string): string[] {
  const uri = encodeURIComponent(secret);
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  return [
    secret,
    uri,
    lowerHex(uri),
    form,
    lowerHex(form),
    base64,
    base64.replace(/=+$/, ''),
    Buffer.from(secret, 'utf8').toString('base64url'),
    JSON.stringify(secret).slice(1, -1),
  ];
}

function lowerHex(encoded: string): string {
  return encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
}
