// Ticket references in code: configured forms and web addresses, matched safely.
import assert from 'node:assert/strict';
import { compileReferenceMatcher, findTicketReferences, ticketUrl, type ReferenceSource } from '../../src/code/references';

function find(text: string, ...sources: ReferenceSource[]): [string, string, string][] {
  const { matcher, problems } = compileReferenceMatcher(sources);
  assert.deepEqual(problems, []);
  return findTicketReferences(text, matcher).map((ref) => [ref.instanceId, ref.ticketId, text.slice(ref.start, ref.end)]);
}

const ACME: ReferenceSource = { instanceId: 'acme', patterns: ['DP-{id}', 'deskpro#{id}'], ticketUrlTemplate: 'https://acme.deskpro.com/agent/#/tickets/{id}' };

describe('links: ticket references', () => {
  it('finds configured forms in code and comments, with offsets', () => {
    const text = '// Fixes DP-1234, see deskpro#77.\nretry(); /* DP-9 */';
    assert.deepEqual(find(text, ACME), [
      ['acme', '1234', 'DP-1234'],
      ['acme', '77', 'deskpro#77'],
      ['acme', '9', 'DP-9'],
    ]);
    const { matcher } = compileReferenceMatcher([ACME]);
    const [first] = findTicketReferences(text, matcher);
    assert.deepEqual(first, { instanceId: 'acme', ticketId: '1234', start: 9, end: 16 });
  });

  it('does not match inside longer words or numbers', () => {
    assert.deepEqual(find('XDP-12 DP-12x DP_12 DP-123456789012345 xdeskpro#5 _DP-3', ACME), []);
    assert.deepEqual(find('(DP-12) "DP-13", DP-14.', ACME).map(([, id]) => id), ['12', '13', '14']);
  });

  it('finds the ticket web address, over http or https and in any host case', () => {
    const text = 'See https://acme.deskpro.com/agent/#/tickets/555 and HTTP://ACME.DESKPRO.COM/agent/#/tickets/556/messages';
    assert.deepEqual(find(text, ACME), [
      ['acme', '555', 'https://acme.deskpro.com/agent/#/tickets/555'],
      ['acme', '556', 'HTTP://ACME.DESKPRO.COM/agent/#/tickets/556'],
    ]);
    assert.deepEqual(find('https://acme.deskpro.com/agent/#/tickets/555x', ACME), []);
  });

  it('treats a form without {id} as a prefix', () => {
    assert.deepEqual(find('HD-42', { instanceId: 'hd', patterns: ['HD-'] }), [['hd', '42', 'HD-42']]);
  });

  it('is case-sensitive unless told otherwise', () => {
    assert.deepEqual(find('dp-5', ACME), []);
    assert.deepEqual(find('dp-5 Dp-6', { ...ACME, caseSensitive: false }).map(([, id]) => id), ['5', '6']);
  });

  it('escapes regular-expression characters in forms, so they match only literally', () => {
    const source: ReferenceSource = { instanceId: 'x', patterns: ['(T.{id})', 'a+b|{id}'] };
    assert.deepEqual(find('(T.12) (TX12) a+b|7 aab|7 b|8', source), [
      ['x', '12', '(T.12)'],
      ['x', '7', 'a+b|7'],
    ]);
  });

  it('keeps instances apart, and prefers the longer match at one place', () => {
    const other: ReferenceSource = { instanceId: 'jit', patterns: ['#{id}', 'JB#{id}'] };
    assert.deepEqual(find('JB#12 and #13', other), [
      ['jit', '12', 'JB#12'],
      ['jit', '13', '#13'],
    ]);
    assert.deepEqual(find('DP-1 #2', ACME, other), [
      ['acme', '1', 'DP-1'],
      ['jit', '2', '#2'],
    ]);
  });

  it('reads letter-and-digit ids when configured', () => {
    const source: ReferenceSource = { instanceId: 'dd', patterns: ['ticket:{id}'], idKind: 'alphanumeric' };
    assert.deepEqual(find('ticket:ABCD-1234-WXYZ ticket:x9 ticket:-x', source).map(([, id]) => id), ['ABCD-1234-WXYZ', 'x9']);
  });

  it('reports unusable forms and still uses the good ones', () => {
    const { matcher, problems } = compileReferenceMatcher([
      { instanceId: 'a', patterns: ['{id}', '  ', 'X-{id}-{id}', '--{id}', 'x'.repeat(300), 'GOOD-{id}'], ticketUrlTemplate: 'acme.example/tickets/{id}' },
      { instanceId: 'b', ticketUrlTemplate: 'https://b.example/tickets/' },
    ]);
    assert.deepEqual(
      problems.map((p) => [p.instanceId, p.reason]),
      [
        ['a', '"{id}" needs letters, digits or "#" around {id}, or it would match every number.'],
        ['a', 'An empty form matches nothing; remove it.'],
        ['a', '"X-{id}-{id}" has {id} more than once; write it once.'],
        ['a', '"--{id}" needs letters, digits or "#" around {id}, or it would match every number.'],
        ['a', `"${'x'.repeat(40)}…" is longer than 200 characters.`],
        ['a', '"acme.example/tickets/{id}" is not a web address (it should start with https://).'],
        ['b', '"https://b.example/tickets/" has no {id}; put {id} where the ticket number goes.'],
      ],
    );
    assert.deepEqual(findTicketReferences('GOOD-1', matcher).map((r) => r.ticketId), ['1']);
  });

  it('builds the ticket address from the template, encoding the id', () => {
    assert.equal(ticketUrl(' https://acme.deskpro.com/agent/#/tickets/{id} ', '42'), 'https://acme.deskpro.com/agent/#/tickets/42');
    assert.equal(ticketUrl('https://x.example/t/{id}', 'a/b?c'), 'https://x.example/t/a%2Fb%3Fc');
  });

  it('stays linear on adversarial text', function () {
    this.timeout(60_000); // hang guard only
    const { matcher } = compileReferenceMatcher([ACME, { instanceId: 'n', patterns: ['{id}-N', '#{id}'], idKind: 'alphanumeric' }]);
    for (const text of ['DP-'.repeat(300_000), '9'.repeat(1_000_000), 'https://acme.deskpro.com/agent/#/tickets/'.repeat(25_000), 'a-'.repeat(500_000)]) {
      assert.ok(Array.isArray(findTicketReferences(text, matcher)));
    }
  });
});
