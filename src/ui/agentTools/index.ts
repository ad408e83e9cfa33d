// The Helpdesk's language model tools (package.json `languageModelTools`), registered with
// vscode.lm so chat and agent mode can search tickets, read one (#helpdeskTicket), find the
// tickets linked to the active code and draft a reply. What they may never do: change a
// ticket, send anything, read local files, or hand out a credential or a settings value.
// This file is the only one of the folder that knows vscode; the tools are plain classes.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { Logger } from '../../helpdesk/log';
import type { DocumentLinkState } from '../codeLinks/linkService';
import type { Connections } from '../instances/connections';
import { ToolAccess } from './access';
import { DraftReplyTool, type DraftTarget } from './draftReplyTool';
import { GetTicketTool, type ResultScrubber } from './getTicketTool';
import { type ActiveCode, type ActiveCodeSource, LinkedTicketsTool } from './linkedTicketsTool';
import { SearchTicketsTool } from './searchTool';
import { TicketReader } from './ticketReader';
import { type AgentTool, ToolRefusal } from './types';
import { scrubHome, scrubLocal, type ScrubContext } from './untrusted';

export interface AgentToolsDeps {
  connections: Connections;
  instancesReady: () => Promise<void>;
  panels: DraftTarget;
  links: { ready(): Promise<void>; linksInDocument(document: vscode.TextDocument): DocumentLinkState[] };
  /** `helpdesk.requestTimeoutSeconds` in ms. */
  timeoutMs: () => number;
  log: Logger;
}

export interface AgentToolsHandle extends vscode.Disposable {
  /** The objects handed to vscode.lm.registerTool, by tool name (the integration suites call them). */
  readonly tools: ReadonlyMap<string, vscode.LanguageModelTool<unknown>>;
  /** A ticket of this instance changed: the tools read it afresh. */
  ticketChanged(instanceId: string): void;
}

export const AGENT_TOOLS_SETTING = 'helpdesk.agentTools.enabled';

export function registerAgentTools(deps: AgentToolsDeps): AgentToolsHandle {
  const access = new ToolAccess({
    connections: deps.connections,
    instancesReady: deps.instancesReady,
    enabled: () => vscode.workspace.getConfiguration('helpdesk').get<boolean>('agentTools.enabled', true) !== false,
    timeoutMs: deps.timeoutMs,
  });
  const reader = new TicketReader(access);
  const scrub = scrubber(deps.connections);
  const tools: AgentTool<unknown>[] = [
    new SearchTicketsTool(access, scrub),
    new GetTicketTool(access, reader, scrub),
    new LinkedTicketsTool(access, activeCode(deps.links), scrub),
    new DraftReplyTool(access, reader, deps.panels),
  ] as AgentTool<unknown>[];
  const registered = new Map<string, vscode.LanguageModelTool<unknown>>();
  const disposables: vscode.Disposable[] = [];
  for (const tool of tools) {
    const adapter = languageModelTool(tool, scrub, deps.log);
    registered.set(tool.name, adapter);
    disposables.push(vscode.lm.registerTool(tool.name, adapter));
  }
  return {
    tools: registered,
    ticketChanged: (instanceId) => reader.forget(instanceId),
    dispose: () => {
      for (const disposable of disposables) disposable.dispose();
    },
  };
}

function languageModelTool(tool: AgentTool<unknown>, scrub: ResultScrubber, log: Logger): vscode.LanguageModelTool<unknown> {
  return {
    prepareInvocation: async (options) => {
      let input: unknown;
      try {
        input = tool.parse(options.input);
      } catch {
        // invoke() refuses it with the reason.
        return undefined;
      }
      const prepared = await tool.prepare(input);
      const result: vscode.PreparedToolInvocation = { invocationMessage: prepared.invocationMessage };
      if (prepared.confirmation) {
        result.confirmationMessages = { title: prepared.confirmation.title, message: new vscode.MarkdownString(prepared.confirmation.message) };
      }
      return result;
    },
    invoke: async (options, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      try {
        const text = await tool.invoke(tool.parse(options.input), controller.signal);
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
      } catch (error) {
        if (error instanceof ToolRefusal) {
          log.info(`agent tool ${tool.name}: refused: ${error.message}`);
          throw new Error(scrub.own(error.message));
        }
        log.warn(`agent tool ${tool.name} failed: ${error instanceof Error ? error.message : String(error)}`);
        throw new Error(scrub.own(`The Helpdesk tool failed: ${error instanceof Error ? error.message : String(error)}`));
      } finally {
        cancel.dispose();
      }
    },
  };
}

function scrubber(connections: Connections): ResultScrubber {
  const context = (): ScrubContext => {
    const settingsValues: Array<{ value: string; replacement: string }> = [];
    for (const connection of connections.all()) {
      const baseUrl = connection.config?.baseUrl;
      if (!baseUrl) continue;
      const replacement = `the "${connection.id}" helpdesk`;
      settingsValues.push({ value: baseUrl.replace(/\/+$/, ''), replacement });
      try {
        const host = new URL(baseUrl).host;
        if (host) settingsValues.push({ value: host, replacement });
      } catch {
        // Validated addresses parse; nothing to add otherwise.
      }
    }
    return {
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath),
      homeDir: homedir(),
      settingsValues,
    };
  };
  return {
    own: (text) => scrubLocal(text, context()),
    all: (text) => scrubHome(text, context()),
  };
}

function activeCode(links: AgentToolsDeps['links']): ActiveCodeSource {
  return {
    current: async (): Promise<ActiveCode | undefined> => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return undefined;
      const document = editor.document;
      if (!vscode.workspace.getWorkspaceFolder(document.uri)) return { links: [] };
      await links.ready();
      const code: ActiveCode = {
        relativePath: vscode.workspace.asRelativePath(document.uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1),
        links: links.linksInDocument(document).map((live) => ({ ticket: live.link.ticket, startLine: live.startLine, endLine: live.endLine, stale: live.stale })),
      };
      const selection = editor.selection;
      if (!selection.isEmpty) {
        // A selection ending at the start of a line does not take that line.
        const end = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
        code.selection = { startLine: selection.start.line + 1, endLine: end + 1 };
      }
      return code;
    },
  };
}
