// Secret scanning before code leaves the editor: what is found, what is left alone, what
// redaction keeps, and that no input makes the scan hang.
import assert from 'node:assert/strict';
import { describeFinding, redact, scanForSecrets, secretKeyKind, type SecretFinding, type SecretKind } from '../../src/code/secrets';

// Built from pieces so this file does not itself look like it holds credentials.
const GITHUB_TOKEN = 'ghp_' + 'R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s9Xy';
const FINE_GRAINED = 'github_pat_' + '11ABCDEFG0123456789abc_' + 'x9Y8z7W6v5U4t3S2r1Q0p9O8n7M6l5K4j3I2h1G0f9E8d7C6b5A4z3Y2x1W0';
const GITLAB_TOKEN = 'glpat-' + 'Zq8Rk2Lm9Np4Vx7Tb1Wc';
const SLACK_TOKEN = 'xoxb-' + '2048-4096-Zk3Rq8Lm2Np7';
const STRIPE_KEY = 'sk_live_' + '51HqR8dLm2Np7Zk3Tb1Wc9';
const AWS_KEY_ID = 'AKIA' + 'Z7QXRJ4M2KLP9WTB';
const AWS_SECRET = 'Zk3Rq8Lm2Np7Vx4Tb1Wc9Ye6Ua5Ho0Gs3Jd8Ff2+';
const JWT = 'eyJhbGciOiJIUzI1NiJ9' + '.' + 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ' + '.' + 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const PEM_BODY = 'MIIEowIBAAKCAQEA7bq9Zk3Rq8Lm2Np7Vx4Tb1Wc9Ye6Ua5Ho0Gs3Jd8Ff2Qw\nZk3Rq8Lm2Np7Vx4Tb1Wc9Ye6Ua5Ho0Gs3Jd8Ff2QwAbCdEfGhIjKlMnOpQrStUv';

function kinds(text: string): SecretKind[] {
  return scanForSecrets(text).map((finding) => finding.kind);
}

function secretsIn(text: string): string[] {
  return scanForSecrets(text).map((finding) => text.slice(finding.start, finding.end));
}

describe('links: secret scanning finds credentials', () => {
  it('finds a PEM private key and covers its body, keeping BEGIN/END lines', () => {
    const text = `const key = \`\n-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----\n\`;`;
    const findings = scanForSecrets(text);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.kind, 'private-key');
    assert.equal(findings[0]!.line, 3);
    assert.equal(text.slice(findings[0]!.start, findings[0]!.end), PEM_BODY);
    assert.equal(redact(text, findings), 'const key = `\n-----BEGIN RSA PRIVATE KEY-----\n«redacted»\n-----END RSA PRIVATE KEY-----\n`;');
  });

  it('finds OpenSSH, encrypted and PGP private keys, and a key written with \\n escapes in JSON', () => {
    for (const header of ['OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'EC PRIVATE KEY', 'PGP PRIVATE KEY BLOCK']) {
      assert.deepEqual(kinds(`-----BEGIN ${header}-----\n${PEM_BODY}\n-----END ${header}-----`), ['private-key'], header);
    }
    const json = `{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n${PEM_BODY.replace('\n', '\\n')}\\n-----END PRIVATE KEY-----\\n"}`;
    const findings = scanForSecrets(json);
    assert.deepEqual(findings.map((f) => f.kind), ['private-key']);
    assert.ok(!redact(json, findings).includes('MIIE'));
    assert.ok(redact(json, findings).includes('-----BEGIN PRIVATE KEY-----\\n«redacted»\\n-----END PRIVATE KEY-----'));
  });

  it('finds a private key whose END line was not selected', () => {
    assert.deepEqual(kinds(`-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n`), ['private-key']);
  });

  it('finds vendor tokens by their documented prefixes', () => {
    const cases: [string, SecretKind][] = [
      [GITHUB_TOKEN, 'github-token'],
      [FINE_GRAINED, 'github-token'],
      [GITLAB_TOKEN, 'gitlab-token'],
      [SLACK_TOKEN, 'slack-token'],
      [STRIPE_KEY, 'stripe-key'],
      [AWS_KEY_ID, 'aws-access-key-id'],
      [JWT, 'jwt'],
    ];
    for (const [token, kind] of cases) {
      const text = `client.login(${JSON.stringify(token)});`;
      assert.deepEqual(kinds(text), [kind], token);
      assert.deepEqual(secretsIn(text), [token], token);
    }
  });

  it('finds an AWS secret key and other named secrets in assignments across languages', () => {
    const cases: [string, string, SecretKind][] = [
      [`aws_secret_access_key = ${AWS_SECRET}`, AWS_SECRET, 'aws-secret-access-key'],
      ['const password = "hunter2!";', 'hunter2!', 'password'],
      ["db_password: 'Tr0ub4dor&3'", 'Tr0ub4dor&3', 'password'],
      ['"apiKey": "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3",', 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3', 'secret'],
      ['client_secret := "s3cr3t-Value-42"', 's3cr3t-Value-42', 'secret'],
      ["'auth_token' => 'q1w2e3r4t5y6'", 'q1w2e3r4t5y6', 'secret'],
      ['config["passwd"] = "letmein99"', 'letmein99', 'password'],
      ['self.secretKey = r"k3y-M4t3r1al"', 'k3y-M4t3r1al', 'secret'],
      ['X-Api-Key: Zk3Rq8Lm2Np7Vx4T', 'Zk3Rq8Lm2Np7Vx4T', 'secret'],
      ['spring.datasource.password=Sup3rS3cret', 'Sup3rS3cret', 'password'],
      ['  - password: hunter2', 'hunter2', 'password'],
      ["define('DB_PASSWORD', 'Wp-S3cret!');", 'Wp-S3cret!', 'password'],
      ['os.environ.setdefault("API_TOKEN", "tk_9f8e7d6c5b4a")', 'tk_9f8e7d6c5b4a', 'secret'],
    ];
    for (const [text, secret, kind] of cases) {
      assert.deepEqual(secretsIn(text), [secret], text);
      assert.deepEqual(kinds(text), [kind], text);
    }
  });

  it('finds .env lines with secret-looking names, with or without export and comments', () => {
    const env = [
      'NODE_ENV=production',
      'PORT=3000',
      'DB_PASSWORD=supersecret',
      'export GITHUB_TOKEN=abcdef123456',
      'SESSION_SECRET="long random words"',
      'SECRET_KEY_BASE=9f8e7d6c5b4a # rotate yearly',
      'DB_USER=app',
    ].join('\n');
    assert.deepEqual(secretsIn(env), ['supersecret', 'abcdef123456', 'long random words', '9f8e7d6c5b4a']);
    assert.deepEqual(scanForSecrets(env).map((f) => f.line), [3, 4, 5, 6]);
  });

  it('finds Authorization headers with Bearer, Basic and token schemes', () => {
    assert.deepEqual(secretsIn('Authorization: Bearer 4f9a8b7c6d5e4f3a2b1c'), ['4f9a8b7c6d5e4f3a2b1c']);
    assert.deepEqual(kinds("headers['Authorization'] = 'Basic dXNlcjpodW50ZXIy'"), ['authorization-header']);
    assert.deepEqual(secretsIn('curl -H "Authorization: token 0a1b2c3d4e5f6a7b8c9d"'), ['0a1b2c3d4e5f6a7b8c9d']);
    assert.deepEqual(kinds(`fetch(url, { headers: { authorization: "Bearer ${JWT}" } })`), ['jwt']);
  });

  it('finds passwords in connection strings and URLs', () => {
    assert.deepEqual(secretsIn('DATABASE_URL=postgres://app:S3cr3tPw@db.internal:5432/app'), ['S3cr3tPw']);
    assert.deepEqual(secretsIn('redis://:Zk3Rq8Lm@cache:6379/0'), ['Zk3Rq8Lm']);
    assert.deepEqual(secretsIn('mongodb+srv://admin:hunter2x@cluster0.example.net/db'), ['hunter2x']);
    assert.deepEqual(secretsIn('"Server=tcp:db;Database=app;User Id=sa;Password=Hunt3r2!;"'), ['Hunt3r2!']);
    assert.deepEqual(secretsIn('GET https://api.example.com/v1/items?api_key=a1b2c3d4e5&page=2'), ['a1b2c3d4e5']);
    assert.deepEqual(kinds('https://hooks.slack.com/services/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'), ['slack-webhook']);
  });

  it('reports line numbers, offsets into the whole text, and one finding per value', () => {
    const text = `line one\n\ntoken = "${GITHUB_TOKEN}"\r\npassword = "hunter2!"`;
    const findings = scanForSecrets(text);
    assert.deepEqual(findings.map((f) => [f.kind, f.line]), [['github-token', 3], ['password', 4]]);
    assert.equal(text.slice(findings[1]!.start, findings[1]!.end), 'hunter2!');
  });

  it('never shows the secret in a preview, only the key or public prefix and a fixed mask', () => {
    const text = `password = "hunter2!"\n${GITHUB_TOKEN}\nAuthorization: Bearer 4f9a8b7c6d5e4f3a2b1c\npostgres://app:S3cr3tPw@db/app`;
    const findings = scanForSecrets(text);
    assert.deepEqual(findings.map((f) => f.preview), ['password=••••••••', 'ghp_••••••••', 'Bearer ••••••••', 'postgres://app:••••••••@']);
    for (const finding of findings) {
      const secret = text.slice(finding.start, finding.end);
      assert.ok(!finding.preview.includes(secret.slice(4, 10)), finding.preview);
      assert.ok(!describeFinding(finding).includes(secret.slice(4, 10)));
    }
    assert.equal(describeFinding(findings[1]!), 'Line 2: a GitHub token (ghp_••••••••)');
  });
});

describe('links: secret scanning leaves non-secrets alone', () => {
  const clean = [
    'password = ""',
    "password = ''",
    'password=${PASSWORD}',
    'password: "{{ vault_db_password }}"',
    'const token = process.env.GITHUB_TOKEN;',
    'token = os.environ["TOKEN"]',
    'password = getpass.getpass()',
    'api_key: "<your-api-key>"',
    'api_key = "YOUR_API_KEY_HERE"',
    'password: xxxx',
    'password = "********"',
    'password = "changeme"',
    'DB_PASSWORD=change-me',
    'password = "password"',
    'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
    'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'url = "postgres://user:${DB_PASS}@localhost/app"',
    'url = "postgres://user:password@localhost/app"',
    'password: string;',
    'password?: string;',
    'private password: Secret;',
    'String password = userInput;',
    'connect(host, password=password)',
    'if (password == "") return;',
    'token_type = "Bearer"',
    'max_tokens = 4096',
    'password_hash = "5f4dcc3b5aa765d61d8327deb882cf99"',
    'passwordLabel: "Your password"',
    '"password": "Enter your password"',
    'next_page_token = "CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA3"',
    'PWD=/home/me/project',
    'commit: 3f786850e387550fdab836ed7e6dc881de23001b',
    'sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"',
    'integrity sha512-Dd0PJyqCqLHW0ZD7MvKsp0lLO1S0Xlb7V1XCG1zcq9k6Eb3fkQOz0YyZ',
    'Enter your password and token to continue.',
    'The password: must have at least 8 characters.',
    'Token: expired',
    'the bearer authentication scheme is defined in RFC 6750',
    'Bearer tokens are sent in the Authorization header.',
    'const header = "-----BEGIN PRIVATE KEY-----";',
    '-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----',
    'token = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
    'STRIPE_KEY=sk_test_0000000000000000000000',
    'See https://github.com/acme/app/pull/12 and mailto:support@example.com',
    'ssh git@github.com',
    'const secretName = "prod-db-credentials";',
    'credentials: {',
    'let privateKey = readKeyFile(path);',
    "define('DB_PASSWORD', getenv('DB_PASSWORD'));",
    'log("token", token);',
  ];
  for (const text of clean) {
    it(`no finding in ${JSON.stringify(text).slice(0, 70)}`, () => {
      assert.deepEqual(scanForSecrets(text), []);
    });
  }

  it('finds nothing in ordinary source code', () => {
    const source = [
      "import { createHash } from 'node:crypto';",
      'export function hashPassword(password: string, salt: string): string {',
      "  return createHash('sha256').update(salt + password).digest('hex');",
      '}',
      'const tokenizer = new Tokenizer({ maxTokens: 512 });',
      'if (user.password !== confirm.password) throw new Error("Passwords differ");',
      'const secretsManager = new SecretsManager({ region: "eu-west-1" });',
    ].join('\n');
    assert.deepEqual(scanForSecrets(source), []);
  });
});

describe('links: secret key names', () => {
  it('recognises password and secret names in every casing, and not their metadata', () => {
    for (const name of ['password', 'dbPassword', 'DB_PASSWORD', 'db-passwd', 'userpassword', 'passphrase', 'DB_PASS', 'Password']) {
      assert.equal(secretKeyKind(name), 'password', name);
    }
    for (const name of ['apiKey', 'API_KEY', 'apikey', 'x-api-key', 'accessToken', 'GITHUB_TOKEN', 'client_secret', 'clientSecret', 'SECRET_KEY_BASE', 'privateKey', 'credentials', 'signingKey']) {
      assert.equal(secretKeyKind(name), 'secret', name);
    }
    assert.equal(secretKeyKind('AWS_SECRET_ACCESS_KEY'), 'aws-secret-access-key');
    for (const name of ['password_hash', 'tokenType', 'secretName', 'passwordLabel', 'token_url', 'key', 'sortKey', 'max_tokens', 'nextPageToken', 'csrf_token', 'pageToken', 'PWD', 'bypass', 'compass', 'monkey', 'tokenizer']) {
      assert.equal(secretKeyKind(name), undefined, name);
    }
  });
});

describe('links: redact', () => {
  it('replaces each secret with the marker and keeps everything else byte for byte', () => {
    const text = `a = 1\r\npassword = "hunter2!"\r\ntoken: ${GITHUB_TOKEN} # note\r\n`;
    assert.equal(redact(text, scanForSecrets(text)), 'a = 1\r\npassword = "«redacted»"\r\ntoken: «redacted» # note\r\n');
    assert.equal(redact(text, scanForSecrets(text), '[REDACTED]'), 'a = 1\r\npassword = "[REDACTED]"\r\ntoken: [REDACTED] # note\r\n');
  });

  it('returns the text unchanged without findings, and ignores findings that do not fit the text', () => {
    assert.equal(redact('abc', []), 'abc');
    assert.equal(redact('abc', [{ start: 2, end: 10 }, { start: -1, end: 1 }, { start: 2, end: 2 }]), 'abc');
  });

  it('merges overlapping and unordered spans into one marker each', () => {
    const findings: Pick<SecretFinding, 'start' | 'end'>[] = [
      { start: 6, end: 9 },
      { start: 0, end: 3 },
      { start: 2, end: 5 },
    ];
    assert.equal(redact('0123456789', findings, '#'), '#5#9');
  });
});

describe('links: secret scanning takes linear time on adversarial input', function () {
  // A hang guard, not a speed test: quadratic scanning of 1 MB would run for minutes.
  this.timeout(60_000);
  const MB = 1024 * 1024;
  const inputs: [string, string][] = [
    ['one long word', 'a'.repeat(MB)],
    ['repeated assignments without spaces', 'password='.repeat(MB / 9)],
    ['repeated keys without values', 'password '.repeat(MB / 9)],
    ['dotted key paths', 'a.'.repeat(MB / 2) + 'password=x'],
    ['many quotes opened and never closed', 'token="'.repeat(MB / 7)],
    ['many AKIA prefixes', 'AKIA'.repeat(MB / 4)],
    ['JWT-like parts without signatures', 'eyJhbGciOi.'.repeat(MB / 11)],
    ['dashed eyJ runs', 'eyJ-'.repeat(MB / 4)],
    ['Bearer without tokens', 'Bearer '.repeat(MB / 7)],
    ['Authorization headers without values', 'Authorization: Basic '.repeat(MB / 21)],
    ['URL schemes without credentials', 'x://a:'.repeat(MB / 6)],
    ['one scheme and a long user part', 'postgres://' + 'u'.repeat(MB)],
    ['PEM headers without bodies', '-----BEGIN PRIVATE KEY-----'.repeat(MB / 27)],
    ['one PEM header and a huge body', '-----BEGIN PRIVATE KEY-----\n' + 'QUJD'.repeat(MB / 4)],
    ['many lines of assignments', 'DB_PASSWORD=s3cr3t-value\n'.repeat(MB / 25)],
    ['nested brackets', '[['.repeat(MB / 2)],
  ];
  for (const [name, input] of inputs) {
    it(`finishes on 1 MB of ${name}`, () => {
      const findings = scanForSecrets(input);
      assert.ok(Array.isArray(findings));
      redact(input, findings);
    });
  }

  it('still finds every secret in a large file', () => {
    const text = 'DB_PASSWORD=s3cr3t-value\n'.repeat(MB / 25);
    assert.equal(scanForSecrets(text).length, Math.floor(MB / 25));
  });
});
