// Issue #14: the outbox against every simulator, through the fault matrix's proxy (the
// FaultLab of test/support/faults, in its worker). For each helpdesk and each fault a
// network or a helpdesk throws at a write — refused, reset after the request went (answer
// lost mid-body), no answer (timeout, never reached it), truncated answer, 423, 503 — a
// reply and a status change are queued and flushed until the outbox is empty. Counted at
// the proxy in front of the simulator, and read back from the conversation: every item
// arrives exactly once.
import * as assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHelpdeskError } from '../../src/helpdesk/errors';
import { silentLogger } from '../../src/helpdesk/log';
import type { HelpdeskProvider } from '../../src/helpdesk/provider';
import { providerDescriptors } from '../../src/providers/registry';
import { Emitter } from '../../src/ui/events';
import { Outbox, type OutboxConnection } from '../../src/ui/offline/outbox';
import { OutboxStore } from '../../src/ui/offline/outboxStore';
import { readCurrentTicket, ticketChanges } from '../../src/ui/panel/conflict';
import type { FaultId, FaultTarget } from '../support/faults/catalog';
import { VENDOR_FIXTURES } from '../support/faults/fixtures';
import { FaultLab } from '../support/faults/lab';
import type { LabHelpdesk } from '../support/faults/protocol';

const SIGN_IN = /authori[sz]ation|login|token|session/i;
const HTTP = { timeoutMs: 1_500, retryBaseDelayMs: 5, maxRetries: 2 };
const FAULTS: ReadonlyArray<FaultId | 'none'> = ['none', 'refused', 'reset', 'noAnswer', 'truncated', 'status423', 'status503'];

class LabConnection implements OutboxConnection {
  readonly label = 'Lab';
  health = { status: 'connected' };
  readonly capabilities = undefined;
  readonly changed = new Emitter<LabConnection>();
  constructor(
    readonly id: string,
    private readonly provider: HelpdeskProvider,
  ) {}
  run<T>(request: (provider: HelpdeskProvider) => Promise<T>): Promise<T> {
    return request(this.provider);
  }
  async check(): Promise<unknown> {
    return this.health;
  }
}

describe('outbox under faults (issue #14): every item arrives exactly once', function () {
  this.timeout(120_000);
  let lab: FaultLab;
  let helpdesks: LabHelpdesk[];
  let dir: string;

  before(async () => {
    ({ lab, helpdesks } = await FaultLab.start());
    dir = await mkdtemp(join(tmpdir(), 'outbox-faults-'));
  });

  after(async () => {
    await lab?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const descriptor of providerDescriptors.filter((entry) => entry.supported !== false)) {
    it(`${descriptor.type}: a reply (where the sandbox takes one) and a status change, once each, whatever meets the first send`, async function () {
      const helpdesk = helpdesks.find((candidate) => candidate.type === descriptor.type);
      const fixture = VENDOR_FIXTURES[descriptor.type];
      if (!helpdesk || !fixture) return this.skip();
      const provider = descriptor.create({ config: helpdesk.config, credentials: helpdesk.credentials, log: silentLogger, http: HTTP });
      const connection = new LabConnection(helpdesk.config.id, provider);
      const ticketId = fixture.ticket;
      const problems: string[] = [];
      try {
        await provider.whoAmI();
        const reference = await provider.referenceData();
        // Where the reply and the status change go, watched once without a fault.
        let firstWrite: FaultTarget | undefined;
        const canReply = provider.capabilities.replyUnavailable === undefined;

        for (const fault of FAULTS) {
          const store = new OutboxStore({ dir });
          const outbox = new Outbox<LabConnection>({
            store,
            connections: { get: (id) => (id === connection.id ? connection : undefined), onDidChangeHealth: connection.changed.event },
            focus: { focused: false, onDidChange: () => ({ dispose: () => undefined }) },
            retryDelay: () => 60_000,
        conflicts: {
              read: (session, ticketId) => readCurrentTicket(session, ticketId),
              changes: (baseline, current, label) => ticketChanges({ ticket: baseline.ticket, messageIds: new Set(baseline.messageIds) }, current, label),
            },
            log: silentLogger,
          });
          // Every state an item passes through, to see the fault was met the way it is meant to be.
          const seen = new Set<string>();
          outbox.onDidChange(() => outbox.items(connection.id).forEach((item) => seen.add(item.state)));
          const current = await readCurrentTicket(connection, ticketId);
          const baseline = { ticket: current.ticket, messageIds: current.messages.map((message) => message.id) };
          const choices = current.ticket.statusChoices ?? reference.statuses;
          const status = choices.find((candidate) => candidate.id !== current.ticket.status.id && candidate.kind !== 'closed' && candidate.kind !== 'resolved') ?? choices.find((candidate) => candidate.id !== current.ticket.status.id);
          const text = `Outbox ${descriptor.type} ${fault} ${Math.random().toString(36).slice(2, 10)}`;
          const base = { instanceId: connection.id, ticketId, ticketRef: current.ticket.ref, baseline };
          if (canReply) await outbox.addReply({ ...base, bodyMarkdown: text, bodyHtml: `<p>${text}</p>`, internal: false, files: [] });
          if (status) await outbox.addStatusChange({ ...base, status: status.id, statusName: status.name });

          const from = await lab.mark(descriptor.type);
          if (fault === 'refused') {
            await lab.down(descriptor.type);
            await outbox.flush(connection.id);
            if (outbox.items(connection.id).some((item) => item.state !== 'queued')) problems.push(`${fault}: items not queued while refused: ${outbox.items(connection.id).map((item) => item.state).join()}`);
            await lab.up(descriptor.type);
          } else if (fault !== 'none') {
            assert.ok(firstWrite, 'the clean run found the first write');
            // The fault meets the first item's first send only (the proxy keeps it armed until disarmed).
            await lab.arm(descriptor.type, fault, firstWrite);
            await outbox.flush(connection.id);
            await lab.disarm(descriptor.type);
          }
          // Flushed until empty, a bounded number of times (each flush sends an item at most once).
          for (let round = 0; round < 4 && outbox.items(connection.id).length > 0; round++) await outbox.flush(connection.id);
          await lab.disarm(descriptor.type);
          const records = await lab.records(descriptor.type, from);

          // The writes that reached the simulator (a sign-in is not one).
          const reached = records.filter((record) => record.method !== 'GET' && record.forwarded && !SIGN_IN.test(record.path));
          if (fault === 'none') firstWrite = reached[0] && { method: reached[0].method, path: reached[0].path };
          // The request went (or may have) and no answer came: checked in the conversation before anything more.
          if ((fault === 'reset' || fault === 'noAnswer') && !seen.has('uncertain')) problems.push(`${fault}: never uncertain (${[...seen].join()})`);
          const left = outbox.items(connection.id);
          if (left.length > 0) problems.push(`${fault}: left in the outbox: ${left.map((item) => `${item.work.kind} ${item.state} ${item.reason ?? ''}`).join('; ')}`);
          const after = await readCurrentTicket(connection, ticketId);
          if (canReply) {
            const arrived = after.messages.filter((message) => message.body.includes(text)).length;
            if (arrived !== 1) problems.push(`${fault}: the reply is in the conversation ${arrived} times`);
            const posted = reached.filter((record) => record.path === firstWrite?.path && record.method === firstWrite.method).length;
            if (posted !== 1) problems.push(`${fault}: the reply reached the simulator ${posted} times`);
          }
          // A status change is written at most once (none when the ticket already had it).
          const changes = reached.filter((record) => !canReply || record.path !== firstWrite?.path);
          if (changes.length > (status ? 1 : 0)) problems.push(`${fault}: status writes reached the simulator: ${changes.map((record) => `${record.method} ${record.path}`).join(', ')}`);
          if (status && after.ticket.status.id !== status.id) problems.push(`${fault}: status is ${after.ticket.status.id}, not ${status.id}`);
          outbox.dispose();
          await store.removeInstance(connection.id);
        }
      } catch (error) {
        problems.push(`failed: ${toHelpdeskError(error).message}`);
      } finally {
        await provider.dispose();
      }
      assert.deepEqual(problems, []);
    });
  }
});
