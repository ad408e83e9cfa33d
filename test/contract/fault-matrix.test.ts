// Issue #12, suite 1: every helpdesk × every user action × every fault a network or a
// server can throw at it, at contract level (the provider against its simulator, a fault
// proxy in between, both in a worker so the measured event loop is the client's alone).
// Each cell must give a typed error a user understands, repeat only what the retry
// policy allows, never let a write reach the helpdesk twice, tell truly whether a reply
// whose answer was lost arrived, leave no rejection unhandled, and never block the event
// loop for more than 50 ms. The matrix is printed and written to test-results/fault-matrix.md.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { providerDescriptors } from '../../src/providers/registry';
import { sandboxEntries } from '../../src/sandbox/registry';
import { FAULTS } from '../support/faults/catalog';
import { probe, runCell, unhandled, type Row } from '../support/faults/cell';
import { VENDOR_FIXTURES } from '../support/faults/fixtures';
import { FaultLab } from '../support/faults/lab';
import { OPERATIONS } from '../support/faults/operations';
import type { LabHelpdesk } from '../support/faults/protocol';
import { matrixTable, type MatrixRow } from '../support/faults/table';

const supported = providerDescriptors.filter((descriptor) => descriptor.supported !== false);

describe('fault matrix (issue #12): every helpdesk × action × fault', function () {
  this.timeout(60_000);
  let lab: FaultLab;
  let helpdesks: LabHelpdesk[];
  const rows: MatrixRow[] = [];
  const onRejection = (reason: unknown): void => void unhandled.push(reason);
  const started = Date.now();

  before(async () => {
    process.on('unhandledRejection', onRejection);
    ({ lab, helpdesks } = await FaultLab.start());
  });

  after(async () => {
    process.off('unhandledRejection', onRejection);
    await lab?.close();
    if (rows.length === 0) return;
    const table = matrixTable(rows, Date.now() - started);
    mkdirSync('test-results', { recursive: true });
    writeFileSync(join('test-results', 'fault-matrix.md'), table);
    console.log(`\n${table}`);
  });

  it('has a fixture and a simulator for every registered helpdesk type', () => {
    for (const descriptor of supported) {
      assert.ok(VENDOR_FIXTURES[descriptor.type], `no fault-matrix fixture for "${descriptor.type}" (test/support/faults/fixtures.ts)`);
      assert.ok(sandboxEntries.some((entry) => entry.type === descriptor.type), `no simulator for "${descriptor.type}" in src/sandbox/registry.ts`);
    }
  });

  for (const descriptor of supported) {
    for (const operation of OPERATIONS) {
      const label = `${descriptor.type} · ${operation.id}`;
      it(label, async function () {
        const fixture = VENDOR_FIXTURES[descriptor.type];
        const helpdesk = helpdesks.find((candidate) => candidate.type === descriptor.type);
        if (!fixture || !helpdesk) return this.skip();
        const row: Row = { lab, helpdesk, descriptor, fixture, operation };
        const probed = await probe(row);
        const matrixRow: MatrixRow = { label, cells: new Map(), ...(probed.available ? {} : { unavailable: probed.reason }) };
        rows.push(matrixRow);
        if (!probed.available) return;
        for (const fault of FAULTS) matrixRow.cells.set(fault.id, await runCell(row, probed, fault));
        const problems = [...matrixRow.cells.entries()].flatMap(([fault, cell]) => cell.problems.map((problem) => `${fault}: ${problem}`));
        assert.deepEqual(problems, []);
      });
    }
  }
});
