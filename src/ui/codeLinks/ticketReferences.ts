// Ticket references written in code and comments ("DP-1234", "deskpro#1234", a ticket's web
// address) become document links that open the ticket, and hovers with its status,
// requester and last activity. Only what the editor asks for is scanned (open documents,
// the hovered line), at most the first MAX_SCAN_CHARS of a document, in linear time.
import * as vscode from 'vscode';
import type { Logger } from '../../helpdesk/log';
import type { Ticket } from '../../helpdesk/model';
import {
  compileReferenceMatcher,
  findTicketReferences,
  type ReferenceProblem,
  type TicketReference,
  type TicketReferenceMatcher,
} from '../../code/references';
import { Commands } from '../commandIds';
import type { Connections } from '../instances/connections';
import { hoverMarkdown } from './linkText';
import { type LearnedUrl, referenceSources, urlTemplateFromTicket } from './referenceSources';
import type { TicketInfoCache } from './ticketInfo';

const MAX_SCAN_CHARS = 1024 * 1024;
const MAX_LINKS_PER_DOCUMENT = 2000;
const LEARNED_URLS_KEY = 'helpdesk.links.ticketUrlTemplates';

/** A `command:` URI that opens the ticket (document links and hover links). */
export function openTicketUri(instanceId: string, ticketId: string): vscode.Uri {
  return vscode.Uri.parse(`command:${Commands.openTicket}?${encodeURIComponent(JSON.stringify([{ instanceId, ticketId }]))}`);
}

/** The compiled forms of every configured helpdesk, rebuilt when the instances change. */
export class TicketReferenceIndex implements vscode.Disposable {
  private matcher: TicketReferenceMatcher = { patterns: [] };
  private readonly learned: Map<string, LearnedUrl>;
  private reported = '';
  private readonly subscription: vscode.Disposable | { dispose(): void };

  constructor(
    private readonly connections: Connections,
    /** Remembers each instance's learnt address form across reloads. */
    private readonly memento: vscode.Memento,
    private readonly log: Logger,
  ) {
    this.learned = readLearned(memento.get<unknown>(LEARNED_URLS_KEY));
    this.subscription = connections.onDidChangeList(() => this.rebuild());
    this.rebuild();
  }

  get isEmpty(): boolean {
    return this.matcher.patterns.length === 0;
  }

  find(text: string): TicketReference[] {
    return this.isEmpty ? [] : findTicketReferences(text, this.matcher);
  }

  /** Learns an instance's ticket address form from a ticket it returned. */
  learn(instanceId: string, ticket: Ticket): void {
    const config = this.connections.get(instanceId)?.config;
    const template = config && urlTemplateFromTicket(ticket);
    if (!config || !template) return;
    const known = this.learned.get(instanceId);
    if (known?.template === template && known.baseUrl === config.baseUrl) return;
    this.learned.set(instanceId, { baseUrl: config.baseUrl, template });
    void Promise.resolve(this.memento.update(LEARNED_URLS_KEY, Object.fromEntries(this.learned))).catch(() => undefined);
    this.rebuild();
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private rebuild(): void {
    const configs = this.connections.all().flatMap((connection) => (connection.config ? [connection.config] : []));
    const { sources, problems } = referenceSources(configs, this.learned);
    const compiled = compileReferenceMatcher(sources);
    this.matcher = compiled.matcher;
    this.report([...problems, ...compiled.problems]);
  }

  // Once per distinct set of problems: a settings change that fixes one does not re-announce the rest.
  private report(problems: readonly ReferenceProblem[]): void {
    const text = problems.map((problem) => `${problem.instanceId}: ${problem.reason}`).join('\n');
    if (text === this.reported) return;
    this.reported = text;
    if (text === '') return;
    this.log.warn(`ticket reference forms that cannot be used:\n${text}`);
    const first = problems[0]!;
    const message = problems.length > 1
      ? vscode.l10n.t('Helpdesk: a ticket reference form of "{0}" cannot be used: {1} (and {2} more; see the log)', first.instanceId, first.reason, problems.length - 1)
      : vscode.l10n.t('Helpdesk: a ticket reference form of "{0}" cannot be used: {1}', first.instanceId, first.reason);
    void vscode.window
      .showWarningMessage(message, vscode.l10n.t('Open Settings'))
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettingsJson');
      });
  }
}

function readLearned(value: unknown): Map<string, LearnedUrl> {
  const learned = new Map<string, LearnedUrl>();
  if (typeof value !== 'object' || value === null) return learned;
  for (const [instanceId, entry] of Object.entries(value as Record<string, unknown>)) {
    const { baseUrl, template } = (entry ?? {}) as { baseUrl?: unknown; template?: unknown };
    if (typeof baseUrl === 'string' && typeof template === 'string') learned.set(instanceId, { baseUrl, template });
  }
  return learned;
}

export class TicketReferenceLinkProvider implements vscode.DocumentLinkProvider {
  constructor(
    private readonly index: TicketReferenceIndex,
    private readonly connections: Connections,
  ) {}

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    if (this.index.isEmpty) return [];
    const end = document.positionAt(MAX_SCAN_CHARS);
    const text = document.getText(new vscode.Range(0, 0, end.line, end.character));
    return this.index
      .find(text)
      .slice(0, MAX_LINKS_PER_DOCUMENT)
      .map((reference) => {
        const range = new vscode.Range(document.positionAt(reference.start), document.positionAt(reference.end));
        const link = new vscode.DocumentLink(range, openTicketUri(reference.instanceId, reference.ticketId));
        const label = this.connections.get(reference.instanceId)?.label ?? reference.instanceId;
        link.tooltip = vscode.l10n.t('Open ticket {0} ({1})', reference.ticketId, label);
        return link;
      });
  }
}

export class TicketReferenceHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly index: TicketReferenceIndex,
    private readonly info: TicketInfoCache,
    private readonly connections: Connections,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (this.index.isEmpty || position.character >= MAX_SCAN_CHARS) return undefined;
    const line = document.lineAt(position.line).text.slice(0, MAX_SCAN_CHARS);
    const reference = this.index.find(line).find((candidate) => candidate.start <= position.character && position.character < candidate.end);
    if (!reference) return undefined;
    const info = await this.info.get(reference.instanceId, reference.ticketId);
    if (token.isCancellationRequested) return undefined;
    const markdown = new vscode.MarkdownString(
      hoverMarkdown({
        written: line.slice(reference.start, reference.end),
        ticketId: reference.ticketId,
        instanceLabel: this.connections.get(reference.instanceId)?.label ?? reference.instanceId,
        info,
        openCommandUri: openTicketUri(reference.instanceId, reference.ticketId).toString(),
        now: Date.now(),
      }),
    );
    // Only the one command the hover links to may run from it.
    markdown.isTrusted = { enabledCommands: [Commands.openTicket] };
    return new vscode.Hover(markdown, new vscode.Range(position.line, reference.start, position.line, reference.end));
  }
}
