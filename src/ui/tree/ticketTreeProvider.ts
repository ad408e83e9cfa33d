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

  constructor(
    private readonly model: TreeModel,
    /** Awaited before listing roots (starts the sandbox when it is turned on). */
    private readonly beforeRoots: () => Promise<void>,
    private readonly log: Logger,
  ) {
    this.subscription = model.onDidChange((node) => this.changed.fire(node));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(this.model.present(node));
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
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
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'instance') return undefined;
    return this.model.instanceNode(node.instanceId);
  }

  dispose(): void {
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
