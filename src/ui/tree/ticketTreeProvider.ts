// The vscode side of the ticket tree: turns the TreeModel's nodes into TreeItems.
import * as vscode from 'vscode';
import type { Logger } from '../../helpdesk/log';
import type { IconSpec } from '../instances/health';
import type { TreeModel } from './model';
import type { NodeView, TreeNode } from './nodes';
import { RefreshGate, WHOLE_TREE } from './refreshGate';

export class TicketTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };
  /** Holds and redirects change events so VS Code's tree view keeps its rows working (see refreshGate.ts). */
  private readonly gate: RefreshGate<TreeNode>;

  constructor(
    private readonly model: TreeModel,
    /** Awaited before listing roots (starts the sandbox when it is turned on). */
    private readonly beforeRoots: () => Promise<void>,
    private readonly log: Logger,
  ) {
    this.gate = new RefreshGate<TreeNode>({
      parentOf: (node) => (node.kind === 'instance' ? WHOLE_TREE : (this.model.instanceNode(node.instanceId) ?? WHOLE_TREE)),
      send: (target) => this.changed.fire(target === WHOLE_TREE ? undefined : target),
    });
    this.subscription = model.onDidChange((node) => this.gate.changed(node ?? WHOLE_TREE));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(this.model.present(node));
  }

  /** The hover of a row whose tooltip is written on demand (tickets). */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    const resolve = this.model.present(node).resolveTooltipMarkdown;
    if (resolve) item.tooltip = new vscode.MarkdownString(resolve(), false);
    return item;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    this.gate.fetchStarted();
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
      this.gate.fetchEnded(node ?? WHOLE_TREE);
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'instance') return undefined;
    return this.model.instanceNode(node.instanceId);
  }

  dispose(): void {
    this.gate.dispose();
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
  const label: string | vscode.TreeItemLabel = view.labelHighlights ? { label: view.label, highlights: view.labelHighlights } : view.label;
  const item = new vscode.TreeItem(label, COLLAPSIBLE[view.collapsible]);
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
