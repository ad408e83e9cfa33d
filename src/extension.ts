// Entry point: builds the services and registers the view, panel and commands. Nothing
// here talks to a helpdesk; the tree fetches lazily when the view is shown.
import * as vscode from 'vscode';
import { providerDescriptors } from './providers/registry';
import { panelHtml } from './ui/webviewPage';
import { PANEL_VIEW_TYPE, VIEW_ID } from './ui/commandIds';
import { registerCodeCommands, type CodeCommandsHandle } from './ui/code';
import { registerCommands } from './ui/commands';
import { type Connection, Connections } from './ui/instances/connections';
import { createDescriptorCatalog } from './ui/instances/descriptors';
import { InstanceCredentials, InstanceDirectory } from './ui/instances/directory';
import { registerCodeLinks } from './ui/codeLinks';
import type { LinkService } from './ui/codeLinks/linkService';
import { shareVscodeBundle } from './ui/l10n';
import { OutputChannelLogger } from './ui/log';
import { MementoDraftStore } from './ui/panel/draftStore';
import { TicketPanelManager } from './ui/panel/manager';
import { Recovery } from './ui/instances/recovery';
import { SandboxHost } from './ui/instances/sandbox';
import { registerSandboxCommands, showSandboxNotice } from './ui/instances/sandboxCommands';
import { CredentialStore } from './ui/instances/secrets';
import { HelpdeskSettings } from './ui/instances/settings';
import { TreeModel } from './ui/tree/model';
import type { TreeNode } from './ui/tree/nodes';
import { TicketTreeProvider } from './ui/tree/ticketTreeProvider';
import { registerWork, type WorkHandle } from './ui/work';
import { createSeenMarks, StayCurrent, type StayCurrentTestHooks } from './ui/current';
import { createFind } from './ui/find';
import type { GoToTicket } from './ui/find/goToTicket';
import type { ViewFilters } from './ui/find/viewFilters';
import { registerAgentTools, type AgentToolsHandle } from './ui/agentTools';
import { OfflineCache } from './ui/offline/cache';
import { removeCachesOfRemovedInstances } from './ui/offline/cacheUpkeep';
import { OutboxService, registerOutboxCommands } from './ui/outbox/outboxView';

/**
 * The body renderer (sanitize-html, markdown-it, BBCode and the parsers under them, about 400 KB
 * minified) is loaded when the first body is rendered, not at activation (issue #16).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- its own file in the build (scripts/bundles.mjs, LAZY_MODULES)
const render = (): typeof import('./helpdesk/render') => require('./helpdesk/render');

/**
 * What activate() returns to the integration suites (test/integration), so they can look
 * at the tree, the panels and the stored credentials. Only in a test run: handed to any
 * extension, it would give away this extension's SecretStorage.
 */
export interface HelpdeskTestApi {
  readonly tree: vscode.TreeDataProvider<TreeNode>;
  readonly panels: TicketPanelManager;
  readonly secrets: vscode.SecretStorage;
  readonly links: LinkService;
  readonly code: CodeCommandsHandle;
  /** Start Work on Ticket, the branch's ticket in the status bar (src/ui/work). */
  readonly work: WorkHandle;
  /** Auto-refresh, marks, badge and notifications (src/ui/current). */
  readonly current: StayCurrentTestHooks;
  /** Go to Ticket's picker and the per-list filters (src/ui/find). */
  readonly find: { readonly goToTicket: GoToTicket; readonly filters: ViewFilters };
  /** The language model tools as registered with vscode.lm (src/ui/agentTools). */
  readonly agentTools: AgentToolsHandle;
  /** The sandbox's host: its instances' in-memory credentials, for suites that call a sandbox simulator directly. */
  readonly sandbox: SandboxHost;
  /** The offline cache (src/ui/offline/cache.ts); undefined where global storage is not on disk. */
  readonly offlineCache: OfflineCache | undefined;
  /** The outbox (src/ui/offline/outboxView.ts); undefined where global storage is not on disk. */
  readonly outbox: OutboxService | undefined;
}

export function activate(context: vscode.ExtensionContext): HelpdeskTestApi | undefined {
  shareVscodeBundle();
  const log = new OutputChannelLogger();
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const settings = new HelpdeskSettings(log, `helpdesk-vscode/${version} VSCode/${vscode.version}`);
  const catalog = createDescriptorCatalog(providerDescriptors);
  const credentialStore = new CredentialStore(context.secrets);
  const sandbox = new SandboxHost(context.extensionPath, log, {
    storageDir: context.globalStorageUri.scheme === 'file' ? context.globalStorageUri.fsPath : undefined,
    liveActivity: () => settings.sandboxLiveActivity(),
    notify: showSandboxNotice,
  });

  const credentials = new InstanceCredentials(sandbox, credentialStore);
  // Lists, opened tickets and what each helpdesk offers, on disk for when it is unreachable.
  const offlineCache =
    context.globalStorageUri.scheme === 'file'
      ? new OfflineCache({ dir: vscode.Uri.joinPath(context.globalStorageUri, 'cache').fsPath, maxBytes: () => settings.offlineCacheBytes(), log })
      : undefined;
  const connections = new Connections({ catalog, credentials, log, transport: () => settings.transport(), ...(offlineCache && { memory: offlineCache }) });
  const instances = new InstanceDirectory(settings, catalog, sandbox, credentialStore, credentials, connections, log);

  const codeLinks = registerCodeLinks({ connections, workspaceState: context.workspaceState, globalState: context.globalState, log });

  // Replies and status changes written while a helpdesk is unreachable, sent once it is back.
  const outbox =
    context.globalStorageUri.scheme === 'file'
      ? new OutboxService({ dir: vscode.Uri.joinPath(context.globalStorageUri, 'outbox').fsPath, connections, policy: () => settings.reconnectPolicy(), log })
      : undefined;
  const drafts = new MementoDraftStore(context.globalState);

  const recovery = new Recovery<Connection>({
    source: connections,
    // What the Retry row does, then the check itself (the tree's own getChildren shares it).
    reconnect: (connection) => {
      model.refreshInstance(connection.id);
      return connection.check();
    },
    focus: {
      get focused() {
        return vscode.window.state.focused;
      },
      onDidChange: (listener) => vscode.window.onDidChangeWindowState((state) => listener(state.focused)),
    },
    policy: () => settings.reconnectPolicy(),
    log: (message) => log.info(message),
  });
  const seen = createSeenMarks(context.globalState);
  const find = createFind({ connections, globalState: context.globalState, deadlineMs: () => settings.transport().timeoutMs ?? 30_000, log });
  const model = new TreeModel(connections, {
    listOptions: find.listOptions,
    pageSize: () => settings.pageSize(),
    typeName: (type) => catalog.displayName(type),
    linkedCode: codeLinks.linkedCode,
    recovery,
    seen,
    ...(offlineCache && { cache: offlineCache }),
    ...(outbox && { outbox }),
  });
  const treeProvider = new TicketTreeProvider(model, () => instances.ready(), log);
  const treeView = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: treeProvider, showCollapseAll: true });

  const panels = new TicketPanelManager({
    extensionUri: context.extensionUri,
    connections,
    instancesReady: () => instances.ready(),
    drafts,
    render: { renderBody: (...args) => render().renderBody(...args), markdownToHtml: (markdown) => render().markdownToHtml(markdown) },
    pageHtml: panelHtml,
    maxAttachmentBytes: () => settings.maxAttachmentBytes(),
    ticketChanged: (instanceId) => {
      current.ticketChanged(instanceId);
      agentTools.ticketChanged(instanceId);
      model.ticketChanged(instanceId);
      codeLinks.ticketChanged(instanceId);
    },
    log,
    linkedCode: codeLinks.linkedCode,
    ...(offlineCache && { offline: offlineCache }),
    ...(outbox && { outbox: (instanceId: string) => outbox.panelOutbox(instanceId) }),
    // `code` is made below; a panel only loads a ticket after activation has finished.
    ticketShown: (instanceId, ticket) => {
      current.ticketShown(instanceId, ticket);
      void code.recents.remember(instanceId, ticket);
    },
  });

  const code = registerCodeCommands({
    extensionUri: context.extensionUri,
    connections,
    instancesReady: () => instances.ready(),
    panels,
    recorder: codeLinks.recorder,
    globalState: context.globalState,
    maxAttachmentBytes: () => settings.maxAttachmentBytes(),
    ticketChanged: (instanceId) => model.ticketChanged(instanceId),
    // `work` is made below; the code commands only ask once activation has finished.
    branchTicket: (uri) => work.branchTicket(uri),
    log,
  });

  const work = registerWork({
    connections,
    instancesReady: () => instances.ready(),
    recents: code.recents,
    globalState: context.globalState,
    workspaceState: context.workspaceState,
    panels,
    ticketChanged: (instanceId) => model.ticketChanged(instanceId),
    log,
  });

  const current = new StayCurrent({ connections, model, treeView, seen, reloadPanels: (instanceId) => panels.reloadInstance(instanceId), log });

  const agentTools = registerAgentTools({
    connections,
    instancesReady: () => instances.ready(),
    panels,
    links: codeLinks.service,
    timeoutMs: () => settings.transport().timeoutMs ?? 30_000,
    log,
  });

  context.subscriptions.push(
    code,
    work,
    agentTools,
    log,
    credentialStore,
    connections,
    instances,
    codeLinks,
    recovery,
    model,
    treeProvider,
    treeView,
    panels,
    panels.registerSerializer(),
    current,
    seen,
    find,
    ...find.register(),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (HelpdeskSettings.affectsPageSize(event)) model.refreshAll();
      if (HelpdeskSettings.affectsOfflineCache(event)) void offlineCache?.enforceBound();
    }),
    ...(offlineCache ? [removeCachesOfRemovedInstances(connections, offlineCache, log), { dispose: () => void offlineCache.dispose() }] : []),
    ...(outbox ? [outbox, ...registerOutboxCommands({ service: outbox, panels, drafts, log })] : []),
    ...registerCommands({ catalog, directory: instances, connections, model, treeView, panels, settings, log, ...(outbox && { outbox }) }),
    ...registerSandboxCommands({ host: sandbox, directory: instances, settings, log }),
  );
  log.info(`Helpdesk ${version} activated (${PANEL_VIEW_TYPE} panels restorable)`);
  return testApi(context, () => ({ tree: treeProvider, panels, secrets: context.secrets, links: codeLinks.service, code, work, current: current.testHooks(), find: { goToTicket: find.goToTicket, filters: find.filters }, agentTools, sandbox, offlineCache, outbox }));
}

/**
 * Set by the bundler (scripts/bundles.mjs): false in the production bundle, which so carries
 * no test door at all, whatever its environment says.
 */
declare const HELPDESK_TEST_BUILD: boolean;

/**
 * The test API, only from a test build and only in a test run or a host the test launchers
 * start with HELPDESK_TEST_API=1 (code-server loads a development extension in Production
 * mode, so the mode alone cannot tell). The packaged extension is a production build.
 */
function testApi(context: vscode.ExtensionContext, api: () => HelpdeskTestApi): HelpdeskTestApi | undefined {
  if (!HELPDESK_TEST_BUILD) return undefined;
  const testRun = context.extensionMode === vscode.ExtensionMode.Test || process.env.HELPDESK_TEST_API === '1';
  return testRun ? api() : undefined;
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
