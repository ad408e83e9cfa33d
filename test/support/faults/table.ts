// The fault matrix as a Markdown table: a row per helpdesk and action, a column per fault.
import { FAULTS } from './catalog';
import type { CellResult } from './cell';

export interface MatrixRow {
  label: string;
  /** Set when the action does not apply to this helpdesk: every cell is n/a. */
  unavailable?: string;
  cells: Map<string, CellResult>;
}

const DELIVERY_MARK = { arrived: ' ⇒arrived', partly: ' ⇒text only', 'not arrived': ' ⇒not arrived', unknown: ' ⇒unknown' } as const;

function cellText(cell: CellResult | undefined): string {
  if (!cell) return '—';
  const delivery = cell.delivery ? DELIVERY_MARK[cell.delivery] : '';
  const failed = cell.problems.length > 0 ? '✗ ' : '';
  return `${failed}${cell.outcome}${delivery} ${cell.blockMs}`;
}

export function matrixTable(rows: MatrixRow[], wallMs: number): string {
  const head = `| helpdesk · action | ${FAULTS.map((fault) => fault.label).join(' | ')} |`;
  const rule = `|---|${FAULTS.map(() => '---').join('|')}|`;
  const body = rows.map((row) =>
    row.unavailable
      ? `| ${row.label} | ${FAULTS.map(() => 'n/a').join(' | ')} |`
      : `| ${row.label} | ${FAULTS.map((fault) => cellText(row.cells.get(fault.id))).join(' | ')} |`,
  );
  const problems = rows.flatMap((row) =>
    [...row.cells.entries()].flatMap(([fault, cell]) => cell.problems.map((problem) => `- ${row.label} × ${fault}: ${problem}`)),
  );
  const notes = rows.filter((row) => row.unavailable).map((row) => `- ${row.label}: n/a — ${row.unavailable}`);
  const blocks = rows.flatMap((row) => [...row.cells.values()].map((cell) => cell.blockMs));
  return [
    '# Fault matrix',
    '',
    'Each cell: the outcome (✓ or the error kind the user sees); `⇒arrived`, `⇒text only` or `⇒not arrived` when a reply',
    'whose answer was lost was looked for in the re-read conversation; and the longest event-loop block in ms (the time the',
    "loop was held by the client's own thread, waits for a CPU taken off). ✗ marks a cell that broke a rule.",
    '',
    head,
    rule,
    ...body,
    '',
    `Cells: ${blocks.length}; longest block ${Math.max(0, ...blocks)} ms; wall time ${(wallMs / 1000).toFixed(1)} s.`,
    '',
    ...(notes.length > 0 ? ['Not offered:', ...notes, ''] : []),
    ...(problems.length > 0 ? ['Problems:', ...problems, ''] : ['No problems.', '']),
  ].join('\n');
}
