// The tree, refresh-notification and panel texts made without vscode follow the
// bundle VS Code shares (shareVscodeBundle), with their arguments kept, and stay English without one.
import * as assert from 'node:assert/strict';
import * as l10n from '@vscode/l10n';
import type { Ticket } from '../../src/helpdesk/model';
import { summarise } from '../../src/ui/current/notify';
import { oversizeMessage } from '../../src/ui/panel/pendingAttachments';
import { ticketTooltipMarkdown } from '../../src/ui/tree/format';
import { presentLoadMore, presentNotice } from '../../src/ui/tree/present';

const ticket: Ticket = {
  id: '7',
  ref: '#7',
  subject: 'Printer',
  status: { id: 'open', name: 'Open', kind: 'open' },
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-02T00:00:00Z',
};

describe('l10n: texts of the tree, notifications and panel', () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('are English without a bundle', () => {
    assert.equal(presentLoadMore({ kind: 'loadMore', instanceId: 'a', listKey: 'l' }).label, 'Load more…');
    assert.equal(presentNotice({ kind: 'notice', instanceId: 'a', listKey: 'l', text: 'Offline', retry: true }).label, 'Offline — Retry');
    assert.match(ticketTooltipMarkdown(ticket), /^Agent: Unassigned {2}$/m);
    assert.equal(summarise([{ instanceId: 'a', instanceLabel: 'ACME', ticket, mine: true }], 'mine', { afterLongGap: false })?.message, 'New activity on your ticket #7 Printer (ACME)');
    assert.equal(oversizeMessage('a.png', 2048, 1024), '"a.png" is 2 KB, over the 1 KB limit (setting helpdesk.maxAttachmentSizeMB).');
  });

  it('follow a shared bundle, arguments kept', () => {
    l10n.config({
      contents: {
        'Load more…': 'Plus…',
        '{0} — Retry': '{0} — Réessayer',
        Agent: 'Agent·e',
        Unassigned: 'Non attribué',
        '{0}: {1}': '{0} : {1}',
        'New activity on your ticket {0} ({1})': 'Du nouveau sur votre ticket {0} ({1})',
      },
    });
    assert.equal(presentLoadMore({ kind: 'loadMore', instanceId: 'a', listKey: 'l' }).label, 'Plus…');
    assert.equal(presentNotice({ kind: 'notice', instanceId: 'a', listKey: 'l', text: 'Offline', retry: true }).label, 'Offline — Réessayer');
    assert.match(ticketTooltipMarkdown(ticket), /^Agent·e : Non attribué {2}$/m);
    assert.equal(summarise([{ instanceId: 'a', instanceLabel: 'ACME', ticket, mine: true }], 'mine', { afterLongGap: false })?.message, 'Du nouveau sur votre ticket #7 Printer (ACME)');
  });
});
