// The vscode side of the ticket tree: turns the TreeModel's nodes into TreeItems.
import * as vscode from 'vscode';
import type { Logger } from '../../helpdesk/log';
import type { IconSpec } from '../health';
import type { TreeModel } from './model';
import type { NodeView, TreeNode } from './nodes';

export class TicketTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };
  /**
   * VS Code (1.99) mishandles a change event for a node whose children it is still
   * fetching: it reports "Element with id … is already registered" and drops them (an
   * instance's health check, or Load more, fire while its getChildren runs). Changes
   * that arrive while any getChildren is in flight are held and sent, merged, after.
   */
  private fetching = 0;
  private held = new Set<TreeNode>();
  private heldAll = false;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly model: TreeModel,
    /** Awaited before listing roots (starts the sandbox when it is turned on). */
    private readonly beforeRoots: () => Promise<void>,
    private readonly log: Logger,
  ) {
    this.subscription = model.onDidChange((node) => this.fire(node));
  }

  private fire(node: TreeNode | undefined): void {
    if (this.fetching === 0 && this.flushTimer === undefined) {
      this.changed.fire(node);
      return;
    }
    if (node) this.held.add(node);
    else this.heldAll = true;
  }

  private flushLater(): void {
    if (this.fetching > 0 || this.flushTimer !== undefined || (!this.heldAll && this.held.size === 0)) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      if (this.fetching > 0) return; // the next fetch to finish flushes
      const all = this.heldAll;
      const nodes = [...this.held];
      this.heldAll = false;
      this.held.clear();
      if (all) this.changed.fire(undefined);
      else for (const node of nodes) this.changed.fire(node);
    }, 0);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(this.model.present(node));
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    this.fetching++;
    try {
      if (!node) {
        await this.beforeRoots();
        return this.model.roots();
      }
      return await this.model.children(node);
    } catch (error) {
      // The model keeps failures on their nodes; reaching here is a bug, but it must not blank the view.
      this.log.error(error instanceof Error ? error : String(error));
      return [];
    } finally {
      this.fetching--;
      this.flushLater();
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'instance') return undefined;
    return this.model.instanceNode(node.instanceId);
  }

  dispose(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.subscription.dispose();
    this.changed.dispose();
  }
}

const COLLAPSIBLE = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
} as const;

export function toTreeItem(view: NodeView): vscode.TreeItem {
  const item = new vscode.TreeItem(view.label, COLLAPSIBLE[view.collapsible]);
  item.id = view.id;
  item.description = view.description;
  item.contextValue = view.contextValue;
  if (view.icon) item.iconPath = themeIcon(view.icon);
  if (view.tooltipMarkdown !== undefined) {
    // Vendor text is escaped by the model; no command links, no HTML.
    item.tooltip = new vscode.MarkdownString(view.tooltipMarkdown, false);
  } else if (view.tooltip !== undefined) {
    item.tooltip = view.tooltip;
  }
  if (view.command) item.command = { ...view.command };
  return item;
}

function themeIcon(icon: IconSpec): vscode.ThemeIcon {
  return icon.color ? new vscode.ThemeIcon(icon.id, new vscode.ThemeColor(icon.color)) : new vscode.ThemeIcon(icon.id);
}
