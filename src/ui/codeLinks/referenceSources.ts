// Which ticket references each configured helpdesk recognises in code: the forms in its
// `referencePatterns` setting, and its tickets' web address once it is known. Pure.
// The address form is learnt from a ticket the helpdesk returned (its webUrl with the id at
// the end), because providers describe a ticket's address only on the ticket itself.
import * as l10n from '@vscode/l10n';
import type { InstanceConfig, Ticket } from '../../helpdesk/model';
import type { ReferenceProblem, ReferenceSource } from '../../code/references';

/** The instance setting that lists the forms, e.g. ["DP-{id}", "deskpro#{id}"]. */
export const REFERENCE_PATTERNS_FIELD = 'referencePatterns';

export interface LearnedUrl {
  /** The instance address the template was learnt under; a changed address forgets it. */
  readonly baseUrl: string;
  readonly template: string;
}

export interface ReferenceConfig {
  readonly sources: ReferenceSource[];
  /** Settings that cannot be read as forms (compile problems come from compileReferenceMatcher). */
  readonly problems: ReferenceProblem[];
}

export function referenceSources(configs: readonly InstanceConfig[], learned: ReadonlyMap<string, LearnedUrl>): ReferenceConfig {
  const sources: ReferenceSource[] = [];
  const problems: ReferenceProblem[] = [];
  for (const config of configs) {
    const raw = config[REFERENCE_PATTERNS_FIELD];
    const patterns: string[] = [];
    if (Array.isArray(raw)) {
      for (const item of raw) {
        if (typeof item === 'string') patterns.push(item);
        else problems.push({ instanceId: config.id, pattern: String(item), reason: l10n.t('"{0}" may only list text such as "DP-{id}".', REFERENCE_PATTERNS_FIELD) });
      }
    } else if (raw !== undefined && raw !== null) {
      problems.push({ instanceId: config.id, pattern: String(raw), reason: l10n.t('"{0}" must be a list, e.g. ["DP-{id}"].', REFERENCE_PATTERNS_FIELD) });
    }
    const url = learned.get(config.id);
    const template = url && url.baseUrl === config.baseUrl ? url.template : undefined;
    if (patterns.length === 0 && template === undefined) continue;
    sources.push({ instanceId: config.id, patterns, ...(template === undefined ? {} : { ticketUrlTemplate: template }) });
  }
  return { sources, problems };
}

/**
 * The ticket's web address with its id replaced by {id}, when the id ends the address after
 * a separator ("/Ticket/123", "#app.tickets,t.o:123"); otherwise undefined.
 */
export function urlTemplateFromTicket(ticket: Pick<Ticket, 'id' | 'webUrl'>): string | undefined {
  const url = ticket.webUrl;
  if (url === undefined || !/^https?:\/\/[^/?#\s]+/i.test(url) || /\{id\}/.test(url)) return undefined;
  const id = encodeURIComponent(ticket.id);
  if (id === '' || !url.endsWith(id)) return undefined;
  const prefix = url.slice(0, url.length - id.length);
  if (!/[/#:=,]$/.test(prefix)) return undefined;
  return `${prefix}{id}`;
}
