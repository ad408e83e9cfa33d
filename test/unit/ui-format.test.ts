import assert from 'node:assert/strict';
import type { Ticket } from '../../src/helpdesk/model';
import { escapeMarkdown, relativeTime, statusIcon, ticketDescription, ticketLabel, ticketTooltipMarkdown } from '../../src/ui/tree/format';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function ticket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: '7',
    ref: '#7',
    subject: 'Printer on fire',
    status: { id: 'open', name: 'Open', kind: 'open' },
    requester: { id: 'p1', name: 'Ada Lovelace', email: 'ada@example.com' },
    createdAt: ago(2 * DAY),
    updatedAt: ago(3 * HOUR),
    ...overrides,
  };
}

describe('ui: relative time', () => {
  it('reads like a person would say it', () => {
    assert.equal(relativeTime(ago(10_000), NOW), 'just now');
    assert.equal(relativeTime(ago(5 * MIN), NOW), '5m ago');
    assert.equal(relativeTime(ago(3 * HOUR + 20 * MIN), NOW), '3h ago');
    assert.equal(relativeTime(ago(2 * DAY), NOW), '2d ago');
    assert.equal(relativeTime(ago(15 * DAY), NOW), '2w ago');
    assert.equal(relativeTime(ago(95 * DAY), NOW), '3mo ago');
    assert.equal(relativeTime(ago(800 * DAY), NOW), '2y ago');
  });

  it('treats a clock ahead of ours as now and bad input as nothing', () => {
    assert.equal(relativeTime(new Date(NOW + 90_000).toISOString(), NOW), 'just now');
    assert.equal(relativeTime('yesterday', NOW), '');
  });

  it('parses vendor offsets such as +0000', () => {
    assert.equal(relativeTime('2025-06-01T10:00:00+0000'.replace('+0000', '+00:00'), NOW), '2h ago');
  });
});

describe('ui: ticket node text', () => {
  it('describes a ticket as ref · requester · age', () => {
    assert.equal(ticketDescription(ticket(), NOW), '#7 · Ada Lovelace · 3h ago');
  });

  it('leaves out what the vendor did not give', () => {
    const { requester: _omitted, ...withoutRequester } = ticket();
    assert.equal(ticketDescription(withoutRequester, NOW), '#7 · 3h ago');
    assert.equal(ticketLabel(ticket({ subject: '  ' })), '(no subject)');
  });

  it('builds a tooltip with every known field, escaping vendor text', () => {
    const markdown = ticketTooltipMarkdown(
      ticket({ subject: '[click](command:evil)', agent: { id: 'a', name: 'Bob' }, department: { id: 'd', name: 'Support' }, priority: { id: 'h', name: 'High' } }),
    );
    assert.match(markdown, /^\*\*\\\[click\\\]\\\(command:evil\\\)\*\*/);
    for (const expected of ['Ref: \\#7', 'Status: Open', 'Priority: High', 'Requester: Ada Lovelace \\<ada@example\\.com\\>', 'Agent: Bob', 'Department: Support', 'Created:', 'Updated:']) {
      assert.ok(markdown.includes(expected), `missing ${expected} in\n${markdown}`);
    }
  });

  it("names the grouping as the vendor does (Jitbit's Category)", () => {
    const markdown = ticketTooltipMarkdown(ticket({ department: { id: 'd', name: 'Billing' } }), 'Category');
    assert.ok(markdown.includes('Category: Billing'));
    assert.ok(!markdown.includes('Department'));
  });

  it('says Unassigned when nobody has the ticket', () => {
    assert.match(ticketTooltipMarkdown(ticket()), /Agent: Unassigned/);
  });

  it('gives each status kind its icon and colour', () => {
    assert.deepEqual(statusIcon('new'), { id: 'issues', color: 'charts.blue' });
    assert.deepEqual(statusIcon('pending'), { id: 'clock', color: 'charts.yellow' });
    assert.equal(statusIcon('onHold').id, 'debug-pause');
    assert.deepEqual(statusIcon('resolved'), { id: 'pass', color: 'charts.green' });
    assert.deepEqual(statusIcon('closed'), { id: 'circle-slash', color: 'disabledForeground' });
  });

  it('escapes Markdown punctuation', () => {
    assert.equal(escapeMarkdown('a_b*c'), 'a\\_b\\*c');
  });
});
