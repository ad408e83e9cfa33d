// One cell of the fault matrix: a fresh connection to one helpdesk, one user action, one
// fault on that action's own request, and everything the cell must show afterwards.
import { findDelivery, outcomeUnknown } from '../../../src/helpdesk/delivery';
import { HelpdeskError } from '../../../src/helpdesk/errors';
import type { Logger } from '../../../src/helpdesk/log';
import type { HelpdeskProvider, ProviderDescriptor, ReferenceData } from '../../../src/helpdesk/provider';
import { allowedAttempts, type FaultSpec, type FaultTarget, type ProxyRecord } from './catalog';
import type { VendorFixture } from './fixtures';
import type { FaultLab } from './lab';
import { firstAttachment, type Operation, type OperationContext } from './operations';
import { LoopBlockMeter } from './loop';
import type { LabHelpdesk } from './protocol';

/** Short deadlines and backoff so the whole matrix runs in well under two minutes. */
export const MATRIX_HTTP = { timeoutMs: 500, retryBaseDelayMs: 5, maxRetries: 2 };
/** The longest the extension host's event loop may be blocked in any cell. */
export const MAX_BLOCK_MS = 50;

export interface Row {
  lab: FaultLab;
  helpdesk: LabHelpdesk;
  descriptor: ProviderDescriptor;
  fixture: VendorFixture;
  operation: Operation;
}

/** What watching the operation once without a fault showed. */
export type Probe =
  | { available: false; reason: string }
  | {
      available: true;
      /** The request the faults are aimed at: a write's first non-GET request, a read's first request. */
      target: FaultTarget;
    };

export interface CellResult {
  /** `✓`, the error kind, or `n/a`. */
  outcome: string;
  blockMs: number;
  /** For replies whose answer was lost: what reading the conversation again found. */
  delivery?: Verdict;
  problems: string[];
}

export type Verdict = 'arrived' | 'partly' | 'not arrived' | 'unknown';

/** Unhandled rejections seen while the matrix runs (the suite installs the listener). */
export const unhandled: unknown[] = [];
let serial = 0;

interface Connection {
  provider: HelpdeskProvider;
  lines: string[];
  reference?: ReferenceData;
}

/** A new provider (its own connection pool and caches), signed in and with its lists read. */
async function connect(row: Row): Promise<Connection> {
  const lines: string[] = [];
  const keep = (line: string | Error): void => void lines.push(String(line));
  const log: Logger = { trace: keep, debug: keep, info: keep, warn: keep, error: keep };
  const { config, credentials } = row.helpdesk;
  const provider = row.descriptor.create({ config, credentials, log, http: MATRIX_HTTP });
  await provider.whoAmI();
  // Only the actions that pick from the lists read them before the fault.
  const reference = row.operation.id === 'create' || row.operation.id === 'update' ? await provider.referenceData() : undefined;
  return { provider, lines, ...(reference ? { reference } : {}) };
}

async function contextFor(row: Row, connection: Connection, label: string): Promise<OperationContext> {
  const context: OperationContext = {
    provider: connection.provider,
    fixture: row.fixture,
    ...(connection.reference ? { reference: connection.reference } : {}),
    // The last word is this cell's token: letters and digits survive every vendor's rewriting.
    text: `Fault matrix ${row.helpdesk.type} ${row.operation.id} ${label} fm${++serial}x${Date.now()}`,
  };
  if (row.operation.id === 'download') context.attachment = await firstAttachment(connection.provider, row.fixture.attachmentTicket);
  return context;
}

const isRead = (record: ProxyRecord): boolean => record.method === 'GET' || record.method === 'HEAD';

export async function probe(row: Row): Promise<Probe> {
  const connection = await connect(row);
  try {
    const reason = row.operation.unavailable(connection.provider.capabilities);
    if (reason) return { available: false, reason };
    const context = await contextFor(row, connection, 'probe');
    const from = await row.lab.mark(row.helpdesk.type);
    await row.operation.run(context);
    const records = await row.lab.records(row.helpdesk.type, from);
    const writes = records.filter((record) => !isRead(record));
    const first = row.operation.write ? writes[0] : records[0];
    if (!first) throw new Error(`${row.operation.id} sent no ${row.operation.write ? 'write' : 'request'}`);
    return { available: true, target: { method: first.method, path: first.path } };
  } finally {
    await connection.provider.dispose();
  }
}

export async function runCell(row: Row, probed: Extract<Probe, { available: true }>, fault: FaultSpec): Promise<CellResult> {
  const { lab, helpdesk, operation } = row;
  const connection = await connect(row);
  const context = await contextFor(row, connection, fault.id);
  const from = await lab.mark(helpdesk.type);
  if (fault.mode === 'down') {
    await lab.down(helpdesk.type);
    // Let the pool see its idle connections close, so the action meets a refusal, not a stale socket.
    await new Promise((resolve) => setTimeout(resolve, 25));
  } else {
    await lab.arm(helpdesk.type, fault.id, probed.target);
  }

  const seenRejections = unhandled.length;
  const linesBefore = connection.lines.length;
  const loop = new LoopBlockMeter();
  const startedAt = Date.now();
  loop.start();
  let error: unknown;
  let ok = true;
  try {
    await operation.run(context);
  } catch (thrown) {
    ok = false;
    error = thrown;
  }
  if (fault.mode === 'down') await lab.up(helpdesk.type);
  else await lab.disarm(helpdesk.type);

  let delivery: CellResult['delivery'];
  if (!ok && operation.reply && outcomeUnknown(error)) {
    const sent = operation.reply(context);
    const found = await findDelivery(connection.provider, row.fixture.ticket, {
      ...sent,
      attachmentNames: sent.attachments.map((file) => file.name),
      startedAt,
    });
    delivery = found.arrived === true ? 'arrived' : found.arrived === 'partly' ? 'partly' : found.arrived === false ? 'not arrived' : 'unknown';
  }
  const blockMs = loop.stop();
  // A rejection nobody handled surfaces on a later turn.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const records = await lab.records(helpdesk.type, from);
  await connection.provider.dispose();
  const truth = operation.reply ? await whatArrived(row, context, operation.reply(context).attachments.length > 0) : undefined;

  const problems = judge({ row, probed, fault, ok, error, records, lines: connection.lines.slice(linesBefore), delivery, truth });
  if (blockMs > MAX_BLOCK_MS) problems.push(`the event loop was blocked for ${blockMs} ms`);
  for (const reason of unhandled.slice(seenRejections)) problems.push(`unhandled rejection: ${String(reason)}`);
  const outcome = ok ? '✓' : error instanceof HelpdeskError ? error.kind : 'crash';
  return { outcome, blockMs, ...(delivery ? { delivery } : {}), problems };
}

interface Observed {
  row: Row;
  probed: Extract<Probe, { available: true }>;
  fault: FaultSpec;
  ok: boolean;
  error: unknown;
  records: ProxyRecord[];
  lines: string[];
  delivery: Verdict | undefined;
  /** What the conversation holds of this cell's reply, found by its token. */
  truth: Verdict | undefined;
}

/** The referee for replies: the cell's token searched for in the bodies, no author, time or format rules. */
// On a connection of its own: after a 401 the cell's provider rightly sends nothing more.
async function whatArrived(row: Row, context: OperationContext, wantsFile: boolean): Promise<Verdict> {
  const token = context.text.split(' ').at(-1)!;
  const { provider } = await connect(row);
  try {
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const { items, next } = await provider.listMessages(context.fixture.ticket, cursor);
      const message = items.find((candidate) => candidate.body.includes(token));
      if (message) {
        const hasFile = message.attachments.some((file) => file.name.includes('fault-matrix'));
        return !wantsFile || hasFile ? 'arrived' : 'partly';
      }
      if (next === undefined) break;
      cursor = next;
    }
    return 'not arrived';
  } finally {
    await provider.dispose();
  }
}

function judge(seen: Observed): string[] {
  const { row, probed, fault, ok, error, records } = seen;
  const problems: string[] = [];
  const met = records.filter((record) => record.fault !== undefined);
  if (fault.mode !== 'down' && met.length === 0) problems.push(`the fault never met ${probed.target.method} ${probed.target.path}`);

  // A typed error a user understands.
  if (ok) {
    const spoiled = fault.mode !== 'forward' || met.some((record) => record.altered);
    const mayPass = fault.mayPass === 'any' || (fault.mayPass === 'writes' && row.operation.write);
    if (spoiled && !mayPass) problems.push(`succeeded although the answer was "${fault.label}"`);
  } else if (!(error instanceof HelpdeskError)) {
    problems.push(`failed with ${String(error)}, not a HelpdeskError`);
  } else {
    if (error.kind !== fault.kind) problems.push(`${error.kind} instead of ${fault.kind}: ${error.message}`);
    if (!error.message.trim() || /undefined|\[object|UND_ERR|TypeError|Cannot read/.test(error.message)) problems.push(`unclear message: ${error.message}`);
  }

  // Retried only as the policy says. With the helpdesk down, the action stops at its first
  // request (a lookup, maybe): that one's attempts are counted from the client's log.
  const expected = ok ? { min: 1, max: 1 } : allowedAttempts(fault, probed.target.method, MATRIX_HTTP.maxRetries);
  // (A first attempt may meet a pooled connection the proxy just dropped, and count too.)
  const tried = seen.lines.filter((line) => line.includes(' → ') && !line.startsWith('Retrying')).map((line) => line.split(' → ')[0]);
  const attempts = fault.mode === 'down' ? tried.filter((request) => request === tried[0]).length : met.length;
  if (attempts < expected.min || attempts > expected.max) {
    problems.push(`${attempts} attempts, the policy allows ${expected.min === expected.max ? expected.min : `${expected.min}–${expected.max}`}`);
  }

  // Writes never duplicated: a POST or PATCH reaches the helpdesk at most once.
  const reached = new Map<string, number>();
  for (const record of records) {
    if (!record.forwarded || (record.method !== 'POST' && record.method !== 'PATCH')) continue;
    const key = `${record.method} ${record.path}`;
    reached.set(key, (reached.get(key) ?? 0) + 1);
  }
  for (const [request, count] of reached) if (count > 1) problems.push(`${request} reached the helpdesk ${count} times`);

  // A lost reply: the conversation re-read says truly whether it arrived.
  if (seen.truth !== undefined) {
    if (ok && seen.truth !== 'arrived') problems.push(`the reply was reported sent, but the conversation shows it ${seen.truth}`);
    if (!ok && seen.delivery === undefined && seen.truth !== 'not arrived') {
      problems.push(`the reply ${seen.truth}, but the error says it cannot have (the user would send it again)`);
    }
    if (seen.delivery !== undefined && seen.delivery !== seen.truth) problems.push(`re-reading said "${seen.delivery}", but the reply ${seen.truth}`);
  }
  return problems;
}
