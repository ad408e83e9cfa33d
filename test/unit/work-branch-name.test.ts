// The branch Start Work on Ticket names from a ticket: the pattern's placeholders, and a
// name git accepts whatever the subject holds (any script, slashes, dots, nothing, a novel).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  BRANCH_NAME_MAX,
  branchNameFor,
  branchNameProblem,
  DEFAULT_BRANCH_PATTERN,
  isValidBranchName,
  slugify,
  SUBJECT_SLUG_MAX,
} from '../../src/ui/work/branchName';

const ticket = (subject: string, ref = 'ABCD-1234', id = '1234') => ({ id, ref, subject });

/** What git itself says about the name (`git check-ref-format --branch`). */
function gitAccepts(name: string): boolean {
  try {
    execFileSync('git', ['check-ref-format', '--branch', name], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

describe('work: branch names', () => {
  it('the default pattern is {ref}-{subject-slug}', () => {
    assert.equal(DEFAULT_BRANCH_PATTERN, '{ref}-{subject-slug}');
    assert.equal(branchNameFor(DEFAULT_BRANCH_PATTERN, ticket('Export times out'), 'acme'), 'ABCD-1234-export-times-out');
  });

  it('fills every placeholder, and the pattern’s own "/" makes folders', () => {
    assert.equal(branchNameFor('tickets/{instance}/{id}-{subject-slug}', ticket('Login fails', 'ABCD-1234', '77'), 'ACME.Support'), 'tickets/acme-support/77-login-fails');
    assert.equal(branchNameFor('{ref}', ticket('x', '#123', '123'), 'j'), '123');
    assert.equal(branchNameFor('feature/{ref}', ticket('x', 'BRANCH-12', '9'), 'd'), 'feature/BRANCH-12');
  });

  it('an empty ref falls back to the id; an unknown placeholder is dropped', () => {
    assert.equal(branchNameFor('{ref}-{subject-slug}', ticket('Printer on fire', '', '42'), 'x'), '42-printer-on-fire');
    assert.equal(branchNameFor('{ref}{nope}-{subject-slug}', ticket('Printer'), 'x'), 'ABCD-1234-printer');
  });

  it('an empty pattern is the default one', () => {
    assert.equal(branchNameFor('', ticket('Export'), 'x'), 'ABCD-1234-export');
    assert.equal(branchNameFor('   ', ticket('Export'), 'x'), 'ABCD-1234-export');
  });

  it('slugs: accents dropped, letters NFKD keeps whole transliterated, other scripts left out', () => {
    assert.equal(slugify('Café crème: déjà vu'), 'cafe-creme-deja-vu');
    assert.equal(slugify('Straße öffnen, Ærø, Łódź'), 'strasse-offnen-aero-lodz');
    assert.equal(slugify('Yazıcı çalışmıyor — İşlem başarısız'), 'yazici-calismiyor-islem-basarisiz');
    assert.equal(slugify('Принтер не печатает'), '');
    assert.equal(slugify('打印机 broken 🔥 now'), 'broken-now');
    assert.equal(slugify('ＦＵＬＬ　ｗｉｄｔｈ'), 'full-width');
  });

  it('a subject with slashes, dots, .lock, @{, control characters and shell specials still makes one valid name', () => {
    const odd = [
      '../../etc/passwd',
      'release/v1.2..3.lock',
      'HEAD',
      '@{upstream} ~1 ^2: what? *[x]\\',
      'tab\there\u0000nul\u001bescape\u007f',
      '.hidden.lock',
      '-dash first',
      '$(rm -rf /) `whoami` ; | & > <',
      '"quoted" \'single\'',
    ];
    for (const subject of odd) {
      const name = branchNameFor(DEFAULT_BRANCH_PATTERN, ticket(subject), 'x');
      assert.ok(isValidBranchName(name), `${JSON.stringify(subject)} → ${name}`);
      assert.ok(gitAccepts(name), `git refuses ${name}`);
      assert.ok(!name.includes('/'), `a subject's "/" made a folder: ${name}`);
      assert.match(name, /^ABCD-1234(-[a-z0-9]+(-[a-z0-9]+)*)?$/);
    }
  });

  it('an empty or unusable subject leaves just the reference', () => {
    assert.equal(branchNameFor(DEFAULT_BRANCH_PATTERN, ticket(''), 'x'), 'ABCD-1234');
    assert.equal(branchNameFor(DEFAULT_BRANCH_PATTERN, ticket('   '), 'x'), 'ABCD-1234');
    assert.equal(branchNameFor(DEFAULT_BRANCH_PATTERN, ticket('日本語の件名'), 'x'), 'ABCD-1234');
    assert.equal(branchNameFor(DEFAULT_BRANCH_PATTERN, ticket('!!!'), 'x'), 'ABCD-1234');
  });

  it('a pattern that comes out empty or reserved falls back to ticket-{id}', () => {
    assert.equal(branchNameFor('{subject-slug}', ticket('', '', '55'), 'x'), 'ticket-55');
    assert.equal(branchNameFor('///', ticket('x'), 'x'), 'ticket-1234');
    assert.equal(branchNameFor('HEAD', ticket('x'), 'x'), 'ticket-1234');
    assert.equal(branchNameFor('{subject-slug}', ticket('', '', '..'), 'x'), 'ticket');
  });

  it('a bad pattern is repaired: doubled slashes, dots, .lock and spaces', () => {
    const name = branchNameFor('/my work//.{ref}..{subject-slug}.lock/', ticket('Fix it'), 'x');
    assert.equal(name, 'my-work/ABCD-1234.fix-it');
    assert.ok(gitAccepts(name));
  });

  it('a very long subject is cut between words; the whole name is bounded', () => {
    const long = 'The nightly export of every customer invoice to the accounting system times out after thirty minutes';
    const slug = slugify(long);
    assert.ok(slug.length <= SUBJECT_SLUG_MAX, slug);
    assert.equal(slug, 'the-nightly-export-of-every-customer');
    assert.ok(long.toLowerCase().replace(/ /g, '-').startsWith(slug));
    const word = slugify('a'.repeat(300));
    assert.equal(word, 'a'.repeat(SUBJECT_SLUG_MAX));
    const name = branchNameFor(`${'very-long-prefix/'.repeat(10)}{ref}-{subject-slug}`, ticket(long, 'R'.repeat(200)), 'x');
    assert.ok(name.length <= BRANCH_NAME_MAX, `${name.length}`);
    assert.ok(gitAccepts(name), name);
    assert.ok(!name.endsWith('-') && !name.endsWith('/') && !name.endsWith('.'));
  });

  it('names the user types are checked as git checks them', () => {
    const cases: Array<[string, ReturnType<typeof branchNameProblem>]> = [
      ['ABCD-1234-fix', undefined],
      ['feature/ABCD-1234', undefined],
      ['', 'empty'],
      ['has space', 'characters'],
      ['a~b', 'characters'],
      ['a^b', 'characters'],
      ['a:b', 'characters'],
      ['a?b', 'characters'],
      ['a*b', 'characters'],
      ['a[b', 'characters'],
      ['a\\b', 'characters'],
      ['a@{b', 'characters'],
      ['a\u0007b', 'characters'],
      ['HEAD', 'reserved'],
      ['@', 'reserved'],
      ['-x', 'dash'],
      ['/x', 'slashes'],
      ['x/', 'slashes'],
      ['a//b', 'slashes'],
      ['a..b', 'dots'],
      ['x.', 'dots'],
      ['a/.b', 'dots'],
      ['a.lock', 'lock'],
      ['a.lock/b', 'lock'],
      ['x'.repeat(256), 'tooLong'],
    ];
    for (const [name, problem] of cases) {
      assert.equal(branchNameProblem(name), problem, JSON.stringify(name));
      if (problem === undefined) assert.ok(gitAccepts(name), name);
      // `--branch` reads "@" as the current branch, so git's own answer is not about the name.
      else if (problem !== 'tooLong' && name !== '@') assert.equal(gitAccepts(name), false, `git takes ${JSON.stringify(name)}`);
    }
  });
});
