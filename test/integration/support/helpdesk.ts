// The Helpdesk extension as the suites see it: its test API, its settings, its tree and
// panels, and a DeskPRO simulator running in this same extension-host process.
import * as vscode from 'vscode';
import type { HelpdeskTestApi } from '../../../src/extension';
import { type DeskproSimulator, type RequestLogEntry, startDeskproSimulator } from '../../../src/sandbox/deskpro';
import { credentialKey } from '../../../src/ui/instances/credentialFormat';
import type { TicketPanelController } from '../../../src/ui/panel/controller';
import { panelKey } from '../../../src/ui/panel/manager';
import type { TreeNode } from '../../../src/ui/tree/nodes';
import { waitFor } from './wait';

export const EXTENSION_ID = 'helpdesk-vscode.helpdesk-vscode';
const SECTION = 'helpdesk';

export function helpdeskExtension(): vscode.Extension<HelpdeskTestApi | undefined> {
  const extension = vscode.extensions.getExtension<HelpdeskTestApi | undefined>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded in this window`);
  return extension;
}

/** Activates the extension (if it is not yet) and returns what activate() returned. */
export async function testApi(): Promise<HelpdeskTestApi> {
  const api = await helpdeskExtension().activate();
  if (!api) throw new Error('activate() returned no test API: the host must run with HELPDESK_TEST_API=1 or in ExtensionMode.Test');
  return api;
}

/** A simulator with fewer tickets than the sandbox's 1,200: enough for paging, quicker to seed. */
export function startSimulator(): Promise<DeskproSimulator> {
  return startDeskproSimulator({ port: 0, ticketCount: 300 });
}

export interface TestInstance {
  id: string;
  label: string;
  baseUrl: string;
}

/**
 * Puts the instances in user settings (as a user would: only `helpdesk.instances`, no secret)
 * and waits until the tree shows each of them.
 */
export async function configureInstances(api: HelpdeskTestApi, instances: TestInstance[]): Promise<void> {
  const entries = instances.map((instance) => ({ id: instance.id, label: instance.label, type: 'deskpro', baseUrl: instance.baseUrl }));
  await vscode.workspace.getConfiguration(SECTION).update('instances', entries, vscode.ConfigurationTarget.Global);
  for (const instance of instances) {
    await waitFor(`"${instance.id}" among the tree's roots`, async () => (await children(api)).find((node) => node.instanceId === instance.id));
  }
}

export async function setUserSetting(name: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(name, value, vscode.ConfigurationTarget.Global);
}

/** Undoes what the suites change in settings, so one suite's instances never leak into the next. */
export async function resetSettings(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  for (const name of ['instances', 'pageSize']) {
    if (config.inspect(name)?.globalValue !== undefined) await config.update(name, undefined, vscode.ConfigurationTarget.Global);
  }
}

/** What SecretStorage holds for an instance (raw), read the way the extension reads it. */
export function storedCredentials(api: HelpdeskTestApi, instanceId: string): Thenable<string | undefined> {
  return api.secrets.get(credentialKey(instanceId));
}

export async function forgetCredentials(api: HelpdeskTestApi, instanceId: string): Promise<void> {
  await api.secrets.delete(credentialKey(instanceId));
}

export async function children(api: HelpdeskTestApi, node?: TreeNode): Promise<TreeNode[]> {
  return (await api.tree.getChildren(node)) ?? [];
}

export async function treeItem(api: HelpdeskTestApi, node: TreeNode): Promise<vscode.TreeItem> {
  return api.tree.getTreeItem(node);
}

export async function labelOf(api: HelpdeskTestApi, node: TreeNode): Promise<string> {
  const label = (await treeItem(api, node)).label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

/**
 * The controller behind an open ticket panel: `handle()` is exactly what the panel's
 * `webview.onDidReceiveMessage` calls with each message the webview posts. The manager
 * keeps its panels private; bracket access reads them without widening its API for tests.
 */
export function panelController(api: HelpdeskTestApi, instanceId: string, ticketId: string): TicketPanelController | undefined {
  return api.panels['panels'].get(panelKey(instanceId, ticketId))?.controller;
}

/** Tabs showing a ticket panel (the workbench prefixes the view type, e.g. `mainThreadWebview-helpdesk.ticket`). */
export function ticketPanelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('helpdesk.ticket'));
}

/** API requests the simulator received, optionally only one method and path (`/api/v2/...`, a RegExp matches the whole path). */
export function apiRequests(sim: DeskproSimulator, method?: string, path?: string | RegExp): RequestLogEntry[] {
  return sim.requests.filter(
    (entry) =>
      (method === undefined || entry.method === method) &&
      (path === undefined || (typeof path === 'string' ? entry.path === path : new RegExp(`^(?:${path.source})$`).test(entry.path))),
  );
}

/** Ticket ids of a `GET /tickets...` asked again, directly, with the simulator's key: what the helpdesk serves for it. */
export async function ticketIdsServedFor(sim: DeskproSimulator, request: RequestLogEntry): Promise<string[]> {
  const response = await fetch(`${sim.url}${request.path}${request.query}`, { headers: { Authorization: `key ${sim.apiKey}` } });
  if (!response.ok) throw new Error(`GET ${request.path}${request.query} answered ${response.status}`);
  const body = (await response.json()) as { data: Array<{ id: number }> };
  return body.data.map((ticket) => String(ticket.id));
}
