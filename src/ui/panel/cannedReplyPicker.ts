// The canned-reply picker: VS Code's own quick pick, so it filters as you type, works with
// the keyboard and screen readers, and looks like every other list in the editor. It opens
// at once (busy) and fills when the helpdesk has answered.
import * as vscode from 'vscode';
import type { CannedReplyChoice } from './cannedReplies';

interface ChoiceItem extends vscode.QuickPickItem {
  id: string;
}

export async function pickCannedReply(choices: Promise<CannedReplyChoice[]>, helpdeskLabel: string): Promise<string | undefined> {
  const quickPick = vscode.window.createQuickPick<ChoiceItem>();
  quickPick.title = vscode.l10n.t('Insert Canned Reply');
  quickPick.placeholder = vscode.l10n.t('Loading canned replies from {0}…', helpdeskLabel);
  quickPick.matchOnDetail = true;
  quickPick.busy = true;
  let hidden = false;
  const chosen = new Promise<string | undefined>((resolve) => {
    quickPick.onDidAccept(() => {
      const item = quickPick.selectedItems[0] ?? quickPick.activeItems[0];
      if (!item) return;
      resolve(item.id);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      hidden = true;
      resolve(undefined);
      quickPick.dispose();
    });
  });
  quickPick.show();
  let list: CannedReplyChoice[];
  try {
    list = await choices;
  } catch (error) {
    quickPick.hide();
    throw error;
  }
  if (hidden) return undefined;
  if (list.length === 0) {
    // The caller says so in the panel; an empty picker would only say "no results".
    quickPick.hide();
    return chosen;
  }
  quickPick.items = list.map((choice) => ({ id: choice.id, label: choice.name, detail: choice.preview }));
  quickPick.placeholder = vscode.l10n.t('Type to filter, Enter to insert at the cursor');
  quickPick.busy = false;
  return chosen;
}
