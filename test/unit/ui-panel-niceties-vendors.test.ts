// The panel niceties against every simulator in the sandbox registry, over real loopback
// HTTP through the real providers: the requester card (their other open tickets, or why
// not) and the conflict warning when another client changes the ticket's status while a
// reply is written (nothing sent until Send anyway, then exactly one reply).
import assert from 'node:assert/strict';
import { silentLogger } from '../../src/helpdesk/log';
import type { Ticket } from '../../src/helpdesk/model';
import type { HelpdeskProvider } from '../../src/helpdesk/provider';
import { renderBody } from '../../src/helpdesk/render';
import { descriptorFor } from '../../src/providers/registry';
import { sandboxEntries } from '../../src/sandbox/registry';
import type { StartedSimulator } from '../../src/sandbox/types';
import type { HostToWebview } from '../../src/shared/protocol/panel';
import { type PanelSession, TicketPanelController } from '../../src/ui/panel/controller';
import { MementoDraftStore } from '../../src/ui/panel/draftStore';

for (const entry of sandboxEntries) {
  describe(`ticket panel niceties against the ${entry.type} simulator`, function () {
    this.timeout(60_000);
    let simulator: StartedSimulator;
    let provider: HelpdeskProvider;
    /** A second client: "someone else" working the same helpdesk. */
    let colleague: HelpdeskProvider;

    const connect = () => {
      const descriptor = descriptorFor(entry.type);
      assert.ok(descriptor, `a provider for ${entry.type}`);
      return descriptor.create({ config: simulator.instance.config, credentials: simulator.instance.credentials, log: silentLogger, http: {} });
    };

    before(async () => {
      simulator = await entry.start({});
      provider = connect();
      colleague = connect();
      await provider.whoAmI();
      await colleague.whoAmI();
    });
    after(async () => {
      await provider?.dispose();
      await colleague?.dispose();
      await simulator?.close();
    });

    function panel(ticket: Ticket) {
      const posted: HostToWebview[] = [];
      const store = new Map<string, unknown>();
      const requests: string[] = [];
      const session: PanelSession = {
        label: entry.type,
        acquire: async () => provider,
        run: (request) => {
          requests.push('request');
          return request(provider);
        },
        referenceData: () => provider.referenceData(),
      };
      const controller = new TicketPanelController({
        instanceId: simulator.instance.config.id,
        ticketId: ticket.id,
        session,
        host: {
          post: (m) => posted.push(m),
          setTitle: () => {},
          reloadWithRemoteImages: () => {},
          pickFiles: async () => [],
          pickSaveTarget: async () => undefined,
          writeFile: async () => {},
          downloaded: () => {},
          openExternal: () => {},
          setCredentials: () => {},
          ticketChanged: () => {},
        },
        drafts: new MementoDraftStore({
          get: <T>(key: string) => store.get(key) as T | undefined,
          update: async (key, value) => {
            if (value === undefined) store.delete(key);
            else store.set(key, value);
          },
        }),
        render: { renderBody, markdownToHtml: (md) => `<p>${md}</p>` },
        maxAttachmentBytes: () => 1_000_000,
        log: silentLogger,
      });
      const ofType = <K extends HostToWebview['type']>(type: K) => posted.filter((m): m is Extract<HostToWebview, { type: K }> => m.type === type);
      return { controller, posted, ofType, requests };
    }

    async function openTickets(): Promise<Ticket[]> {
      return (await provider.listTickets({ view: 'open' }, undefined, 100)).items;
    }

    it('shows the requester and, from the open list, their other open tickets', async () => {
      const open = await openTickets();
      const ticket = open.find((t) => t.requester && open.some((o) => o.id !== t.id && o.requester?.id === t.requester?.id)) ?? open.find((t) => t.requester);
      assert.ok(ticket, 'an open ticket with a requester');
      const p = panel(ticket);
      await p.controller.handle({ type: 'ready' });
      const card = p.ofType('requester').at(-1);
      // The ticket as the panel reads it (a list row may name the person less fully).
      assert.equal(card?.requester?.name, (await provider.getTicket(ticket.id)).requester?.name);
      assert.equal(card?.tickets.state, 'done');
      if (card?.tickets.state !== 'done') return;
      const expected = open.filter((o) => o.id !== ticket.id && o.requester?.id === ticket.requester?.id && !['resolved', 'closed'].includes(o.status.kind)).map((o) => o.id);
      assert.deepEqual([...card.tickets.tickets.map((t) => t.id)].sort(), [...expected].sort());
      for (const other of card.tickets.tickets) assert.ok(other.ref !== '' && other.subject !== undefined);
    });

    it('warns when another client changes the status while a reply is written; Send anyway sends exactly one reply', async () => {
      const caps = provider.capabilities;
      assert.ok(caps.changeStatus, `${entry.type} can change a status`);
      const open = await openTickets();
      const ticket = open[open.length - 1];
      assert.ok(ticket);
      const p = panel(ticket);
      await p.controller.handle({ type: 'ready' });
      await p.controller.handle({ type: 'draftChanged', draft: { markdown: 'Working on it.', internal: false } });

      // Someone else moves the ticket to another status the helpdesk offers for it.
      const current = await colleague.getTicket(ticket.id);
      const choices = current.statusChoices ?? (await colleague.referenceData()).statuses;
      const target = choices.find((s) => s.id !== current.status.id && s.kind !== 'closed') ?? choices.find((s) => s.id !== current.status.id);
      assert.ok(target, 'another status to move to');
      const moved = await colleague.updateTicket(ticket.id, { status: target.id });

      const before = (await colleague.listMessages(ticket.id)).items.length;
      if (caps.replyUnavailable !== undefined) {
        // This connection takes no replies (DeskDirector with an API key): refused before any check or request.
        const asked = p.requests.length;
        await p.controller.handle({ type: 'send', draft: { markdown: 'Working on it.', internal: false } });
        assert.equal(p.ofType('error').at(-1)?.error.message, caps.replyUnavailable);
        assert.equal(p.requests.length, asked);
        assert.equal(p.ofType('conflict').length, 0);
        return;
      }
      await p.controller.handle({ type: 'send', draft: { markdown: 'Working on it.', internal: false } });
      const conflict = p.ofType('conflict').at(-1)?.conflict;
      assert.ok(conflict, 'the reply was held back');
      assert.deepEqual(conflict.changes.filter((c) => c.field === 'status').map((c) => [c.from, c.to]), [[current.status.name, moved.status.name]]);
      assert.equal(p.ofType('sent').length, 0);

      await p.controller.handle({ type: 'send', draft: { markdown: 'Working on it.', internal: false }, acknowledged: conflict.id });
      assert.equal(p.ofType('sent').length, 1);
      const after = (await colleague.listMessages(ticket.id)).items;
      assert.equal(after.length, before + 1, 'exactly one reply arrived');
    });
  });
}
