// The commands of code links: open a linked location, remove a link. Both take
// `{linkId}` (lens, panel, keybinding) or a linked-code tree node (`{link: {id}}`).
import * as vscode from 'vscode';
import { OPEN_LINKED_CODE_COMMAND } from './contracts';
import type { LinkService } from './linkService';
import { ticketRefText } from './linkText';

/** Removes a link: argument `{ linkId: string, confirm?: boolean }` (confirm defaults to true). */
export const UNLINK_CODE_COMMAND = 'helpdesk.unlinkCode';

export function linkIdFrom(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const record = arg as { linkId?: unknown; link?: { id?: unknown } };
  const id = record.linkId ?? (typeof record.link === 'object' && record.link !== null ? record.link.id : undefined);
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export function registerLinkCommands(service: LinkService): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(OPEN_LINKED_CODE_COMMAND, async (arg?: unknown) => {
      const linkId = linkIdFrom(arg);
      if (linkId) await service.open(linkId);
    }),
    vscode.commands.registerCommand(UNLINK_CODE_COMMAND, async (arg?: unknown): Promise<boolean> => {
      const linkId = linkIdFrom(arg);
      const found = linkId ? service.find(linkId) : undefined;
      if (!linkId || !found) return false;
      const confirm = (arg as { confirm?: unknown }).confirm !== false;
      if (confirm) {
        const { link } = found;
        const lines = link.range.start === link.range.end ? vscode.l10n.t('line {0}', link.range.start) : vscode.l10n.t('lines {0}–{1}', link.range.start, link.range.end);
        const unlink = vscode.l10n.t('Unlink');
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t('Remove the link between {0} ({1}) and {2}?', link.file, lines, ticketRefText(link.ticket)),
          { modal: true, detail: vscode.l10n.t('The code and the ticket stay as they are.') },
          unlink,
        );
        if (choice !== unlink) return false;
      }
      return service.unlink(linkId);
    }),
  ];
}
