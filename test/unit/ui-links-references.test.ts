import assert from 'node:assert/strict';
import type { InstanceConfig, Ticket } from '../../src/helpdesk/model';
import { compileReferenceMatcher, findTicketReferences } from '../../src/code/references';
import { hoverMarkdown, lensTitle, staleText } from '../../src/ui/codeLinks/linkText';
import { referenceSources, urlTemplateFromTicket } from '../../src/ui/codeLinks/referenceSources';

const acme: InstanceConfig = { id: 'acme', label: 'Acme', type: 'deskpro', baseUrl: 'https://acme.deskpro.com', referencePatterns: ['DP-{id}', 'deskpro#{id}'] };
const beta: InstanceConfig = { id: 'beta', label: 'Beta', type: 'jitbit', baseUrl: 'https://beta.example/helpdesk' };

function ticket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: '1234',
    ref: 'DP-1234',
    subject: 'Printer on fire',
    status: { id: 'awaiting_agent', name: 'Awaiting Agent', kind: 'open' },
    requester: { id: '9', name: 'Jo [admin](http://evil)' },
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T10:00:00Z',
    ...overrides,
  };
}

describe('ui links: reference sources from settings', () => {
  it('reads referencePatterns per instance and skips instances with none', () => {
    const { sources, problems } = referenceSources([acme, beta], new Map());
    assert.deepEqual(sources, [{ instanceId: 'acme', patterns: ['DP-{id}', 'deskpro#{id}'] }]);
    assert.deepEqual(problems, []);
    const { matcher } = compileReferenceMatcher(sources);
    const found = findTicketReferences('fixes DP-1234 and deskpro#77, not XDP-5', matcher);
    assert.deepEqual(found.map((reference) => [reference.instanceId, reference.ticketId]), [['acme', '1234'], ['acme', '77']]);
  });

  it('reports a setting that is not a list of text, without dropping the instance’s good forms', () => {
    const { sources, problems } = referenceSources(
      [{ ...acme, referencePatterns: ['DP-{id}', 42] }, { ...beta, referencePatterns: 'JB-{id}' }],
      new Map(),
    );
    assert.deepEqual(sources.map((source) => source.patterns), [['DP-{id}']]);
    assert.deepEqual(problems.map((problem) => problem.instanceId), ['acme', 'beta']);
  });

  it('uses a learnt address form only while the instance keeps the address it was learnt under', () => {
    const learned = new Map([['beta', { baseUrl: beta.baseUrl, template: 'https://beta.example/helpdesk/Ticket/{id}' }]]);
    const { sources } = referenceSources([beta], learned);
    assert.deepEqual(sources, [{ instanceId: 'beta', patterns: [], ticketUrlTemplate: 'https://beta.example/helpdesk/Ticket/{id}' }]);
    const { matcher } = compileReferenceMatcher(sources);
    assert.deepEqual(findTicketReferences('see http://beta.example/helpdesk/Ticket/55.', matcher).map((r) => r.ticketId), ['55']);
    assert.deepEqual(referenceSources([{ ...beta, baseUrl: 'https://elsewhere.example' }], learned).sources, []);
  });

  it('learns the address form from a ticket whose web address ends with its id', () => {
    assert.equal(urlTemplateFromTicket({ id: '55', webUrl: 'https://beta.example/helpdesk/Ticket/55' }), 'https://beta.example/helpdesk/Ticket/{id}');
    assert.equal(urlTemplateFromTicket({ id: '7', webUrl: 'https://acme.deskpro.com/agent/#app.tickets,t.o:7' }), 'https://acme.deskpro.com/agent/#app.tickets,t.o:{id}');
    assert.equal(urlTemplateFromTicket({ id: '7', webUrl: 'https://acme.example/t/17' }), undefined, 'the id must follow a separator');
    assert.equal(urlTemplateFromTicket({ id: '7', webUrl: 'https://acme.example/t/7/view' }), undefined);
    assert.equal(urlTemplateFromTicket({ id: '7', webUrl: 'javascript:alert(7)' }), undefined);
    assert.equal(urlTemplateFromTicket({ id: '7' }), undefined);
  });
});

describe('ui links: lens and hover text', () => {
  const linked = { instanceId: 'acme', id: '1234', ref: 'DP-1234', subject: 'Printer on fire' };

  it('lens: ref · subject · status, the status only once fetched', () => {
    assert.equal(lensTitle(linked, undefined, false), 'DP-1234 · Printer on fire');
    assert.equal(lensTitle(linked, { kind: 'ticket', ticket: ticket({ subject: 'Printer still on fire' }) }, false), 'DP-1234 · Printer still on fire · Awaiting Agent');
    assert.equal(lensTitle(linked, { kind: 'unavailable', reason: 'Credentials rejected' }, false), 'DP-1234 · Printer on fire');
    assert.equal(lensTitle({ ...linked, ref: '' }, undefined, false), '#1234 · Printer on fire');
  });

  it('lens of a stale link says so', () => {
    assert.equal(lensTitle(linked, undefined, true), `$(warning) DP-1234 · Printer on fire · ${staleText()}`);
    assert.equal(staleText(), 'stale: code moved or removed');
  });

  it('lens shortens long subjects to one line', () => {
    const title = lensTitle({ ...linked, subject: `A\nB ${'x'.repeat(200)}` }, undefined, false);
    assert.ok(!title.includes('\n'));
    assert.ok(title.length < 80, title);
    assert.ok(title.endsWith('…'));
  });

  it('hover: status, requester and last activity, vendor text escaped, one Open Ticket link', () => {
    const markdown = hoverMarkdown({
      written: 'DP-1234',
      ticketId: '1234',
      instanceLabel: 'Acme',
      info: { kind: 'ticket', ticket: ticket() },
      openCommandUri: 'command:helpdesk.openTicket?x',
      now: Date.parse('2026-01-01T13:00:00Z'),
    });
    assert.match(markdown, /Status: Awaiting Agent/);
    assert.match(markdown, /Requester: Jo \\\[admin\\\]\\\(http:\/\/evil\\\)/);
    assert.match(markdown, /Last activity: 3h ago/);
    assert.equal(markdown.match(/\]\(/g)?.length, 1, 'only the Open Ticket link is a link');
    assert.match(markdown, /\[Open Ticket\]\(command:helpdesk\.openTicket\?x\)$/);
  });

  it('hover: says why there is nothing to show', () => {
    const markdown = hoverMarkdown({
      written: 'DP-1234',
      ticketId: '1234',
      instanceLabel: 'Acme',
      info: { kind: 'unavailable', reason: 'The helpdesk rejected these credentials.' },
      openCommandUri: 'command:helpdesk.openTicket?x',
      now: 0,
    });
    assert.match(markdown, /Not available: The helpdesk rejected these credentials\\\./);
    assert.match(markdown, /\[Open Ticket\]/);
  });
});
