// Go to Ticket's search: every connected helpdesk at once, each answering on its own. Per
// helpdesk a direct lookup (getTicket) where the text looks like a number or reference, and
// its search where it has one. A helpdesk that is down, slow past its request timeout, or
// refused our credentials ends as one failed entry and never holds up the others; one whose
// health already forbids requests (credentials rejected, none set) is not asked at all.
// No vscode: the quick pick (goToTicket.ts) draws what `onUpdate` reports.
import * as l10n from '@vscode/l10n';
import { isHelpdeskError, toHelpdeskError } from '../../helpdesk/errors';
import type { Ticket } from '../../helpdesk/model';
import type { Capabilities, HelpdeskProvider } from '../../helpdesk/provider';
import { type Health, healthText } from '../instances/health';
import { looksLikeTicketId } from '../code/ticketText';

/** The part of a Connection the finder uses. */
export interface FindSource {
  readonly id: string;
  readonly label: string;
  /** Undefined for an entry whose settings are broken. */
  readonly config: unknown;
  readonly health: Health;
  readonly capabilities: Capabilities | undefined;
  check(): Promise<Health>;
  run<T>(request: (provider: HelpdeskProvider) => Promise<T>): Promise<T>;
}

export type SourceResult =
  | { state: 'pending' }
  | { state: 'done'; direct?: Ticket; found: Ticket[] }
  /** `reason`: short ("unreachable", "credentials rejected"); `detail`: what the helpdesk or the client said. */
  | { state: 'failed'; reason: string; detail?: string };

export interface FindUpdate {
  text: string;
  /** In the order of `sources`. */
  results: ReadonlyArray<{ source: FindSource; result: SourceResult }>;
  pending: number;
}

export interface FinderOptions {
  /** How long one helpdesk may take before it counts as unreachable (its request timeout). */
  deadlineMs: () => number;
  /** Rows asked of each search. */
  limit?: number;
  /** Shorter text is only looked up directly, not searched. */
  minSearchLength?: number;
}

const DEFAULT_LIMIT = 20;

/** Health states in which no request is sent (the tree sends none either). */
const BLOCKING: ReadonlySet<Health['status']> = new Set(['authFailed', 'tokenExpired', 'noCredentials', 'misconfigured', 'unsupported', 'forbidden', 'clockSkew']);

export class TicketFinder {
  private generation = 0;

  constructor(
    private readonly sources: () => readonly FindSource[],
    private readonly options: FinderOptions,
  ) {}

  /** Drops the answers of the search under way (typing went on, or the picker closed). */
  cancel(): void {
    this.generation++;
  }

  /**
   * Searches every helpdesk for `text`; `onUpdate` is called at once (all pending) and again
   * as each one answers, never after a later find() or cancel(). Resolves when all have.
   */
  async find(text: string, onUpdate: (update: FindUpdate) => void): Promise<void> {
    const generation = ++this.generation;
    const trimmed = text.trim();
    const sources = this.sources().filter((source) => source.config !== undefined);
    const results = sources.map((source) => ({ source, result: { state: 'pending' } as SourceResult }));
    const report = () => {
      if (generation !== this.generation) return;
      onUpdate({ text: trimmed, results: results.map((entry) => ({ ...entry })), pending: results.filter((entry) => entry.result.state === 'pending').length });
    };
    if (trimmed === '') {
      results.length = 0;
      report();
      return;
    }
    report();
    await Promise.all(
      results.map(async (entry) => {
        entry.result = await this.findIn(entry.source, trimmed);
        report();
      }),
    );
  }

  private async findIn(source: FindSource, text: string): Promise<SourceResult> {
    const deadline = Math.max(1, this.options.deadlineMs());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<SourceResult>((resolve) => {
      timer = setTimeout(() => resolve({ state: 'failed', reason: 'unreachable', detail: l10n.t('No answer within {0} s.', Math.round(deadline / 1000)) }), deadline);
    });
    try {
      return await Promise.race([this.ask(source, text), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async ask(source: FindSource, text: string): Promise<SourceResult> {
    if (BLOCKING.has(source.health.status)) return blocked(source.health);
    const health = await source.check();
    if (health.status !== 'connected') return blocked(health);
    const capabilities = source.capabilities;
    const id = looksLikeTicketId(text);
    const searchable = capabilities?.search !== false && text.length >= (this.options.minSearchLength ?? 2);
    const direct = id
      ? source.run((provider) => provider.getTicket(id)).then(
          (ticket) => ({ ok: true as const, ticket }),
          (error: unknown) => ({ ok: false as const, error: toHelpdeskError(error) }),
        )
      : undefined;
    const search = searchable
      ? source.run((provider) => provider.listTickets({ search: text }, undefined, this.options.limit ?? DEFAULT_LIMIT)).then(
          (page) => ({ ok: true as const, tickets: page.items }),
          (error: unknown) => ({ ok: false as const, error: toHelpdeskError(error) }),
        )
      : undefined;
    const [lookup, searched] = await Promise.all([direct, search]);
    // A number this helpdesk does not know, or a reference in another helpdesk's form, is no failure.
    const lookupFailure = lookup && !lookup.ok && !(isHelpdeskError(lookup.error) && ['notFound', 'validation'].includes(lookup.error.kind)) ? lookup.error : undefined;
    const searchFailure = searched && !searched.ok ? searched.error : undefined;
    const failure = searchFailure ?? lookupFailure;
    const found = searched?.ok ? searched.tickets : [];
    const hit = lookup?.ok ? lookup.ticket : undefined;
    if (failure && !hit && found.length === 0) return failed(failure.kind, failure.message, source.health);
    const result: SourceResult = { state: 'done', found: hit ? found.filter((ticket) => ticket.id !== hit.id) : found };
    if (hit) result.direct = hit;
    return result;
  }
}

function blocked(health: Health): SourceResult {
  const reason = healthText({ status: health.status }, Date.now()).toLowerCase() || l10n.t('not connected');
  return { state: 'failed', reason: health.status === 'unreachable' ? l10n.t('unreachable') : reason, detail: health.detail };
}

function failed(kind: string, message: string, health: Health): SourceResult {
  switch (kind) {
    case 'network':
    case 'timeout':
    case 'server':
    case 'maintenance':
      return { state: 'failed', reason: kind === 'maintenance' ? l10n.t('in maintenance') : l10n.t('unreachable'), detail: message };
    case 'auth':
    case 'tokenExpired':
      return { state: 'failed', reason: l10n.t('credentials rejected'), detail: message };
    case 'rateLimited':
      return { state: 'failed', reason: l10n.t('rate limited'), detail: message };
    default:
      return { state: 'failed', reason: health.status === 'unreachable' ? l10n.t('unreachable') : l10n.t('search failed'), detail: message };
  }
}
