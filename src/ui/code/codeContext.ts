// Gathers what the editor knows about the code being sent: the selected text (or the
// current line, or the whole file), its language, where it is in the workspace, and what
// git says about it. Untitled and non-file documents work too, without a path or permalink.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../helpdesk/log';
import { type LineRange, toLinkPath } from '../../code/linkFile';
import type { CodeSnapshot } from './codeSnapshot';
import { gitFacts } from './git';
import { selectedLineRange } from './lines';
import { describeNoPermalink } from './permalinkChoice';

export type CodeScope = 'selection' | 'line' | 'file';

export interface CodeContext {
  readonly snapshot: CodeSnapshot;
  readonly range: LineRange;
  /** Where a link to this code is recorded; absent for untitled documents and files outside the workspace. */
  readonly linkTarget?: { readonly folder: vscode.Uri; readonly file: string };
}

export async function gatherCodeContext(editor: vscode.TextEditor, scope: CodeScope, log: Logger): Promise<CodeContext> {
  const document = editor.document;
  const { range, text } = scopedText(editor, scope);
  const uri = document.uri;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const baseName = path.posix.basename(uri.path);
  const isUntitled = document.isUntitled || uri.scheme === 'untitled';
  const fileName = isUntitled || baseName === '' ? undefined : baseName;

  let relativePath: string | undefined;
  let linkTarget: CodeContext['linkTarget'];
  if (folder) {
    const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    relativePath = vscode.workspace.asRelativePath(uri, multiRoot).replace(/\\/g, '/');
    const file = toLinkPath(path.posix.relative(folder.uri.path, uri.path));
    if (file) linkTarget = { folder: folder.uri, file };
  } else if (uri.scheme === 'file' && fileName) {
    // Outside the workspace only the name goes out: a full path would tell the helpdesk
    // about this machine's folders.
    relativePath = fileName;
  }

  const git = isUntitled ? { note: describeNoPermalink('notAFile'), diffUnavailable: vscode.l10n.t('The document is not saved to a file.') } : await gitFacts(document, range, log);
  const snapshot: CodeSnapshot = {
    snippet: {
      text,
      languageId: document.languageId,
      startLine: range.start,
      endLine: range.end,
      ...(relativePath ? { relativePath } : {}),
      ...(git.permalink ? { permalink: git.permalink } : {}),
    },
    ...(fileName ? { fileName } : {}),
    documentName: isUntitled ? uri.path || 'Untitled' : baseName || uri.toString(true),
    documentText: document.getText(),
    ...(git.note && !git.permalink ? { permalinkNote: git.note } : {}),
    ...(git.commit ? { commit: git.commit } : {}),
    ...(git.diff ? { diff: git.diff } : {}),
    ...(git.diffUnavailable ? { diffUnavailable: git.diffUnavailable } : {}),
  };
  return { snapshot, range, ...(linkTarget ? { linkTarget } : {}) };
}

function scopedText(editor: vscode.TextEditor, scope: CodeScope): { range: LineRange; text: string } {
  const document = editor.document;
  if (scope === 'selection' && !editor.selection.isEmpty) {
    return { range: selectedLineRange(editor.selection.start, editor.selection.end), text: document.getText(editor.selection) };
  }
  if (scope === 'file') {
    // A final line break leaves an empty last line that is not part of the code.
    const last = document.lineCount > 1 && document.lineAt(document.lineCount - 1).text === '' ? document.lineCount - 1 : document.lineCount;
    return { range: { start: 1, end: Math.max(1, last) }, text: document.getText() };
  }
  const line = editor.selection.active.line;
  return { range: { start: line + 1, end: line + 1 }, text: document.lineAt(line).text };
}

/** For an empty selection: the current line, or the whole file. Undefined when cancelled. */
export async function askScope(editor: vscode.TextEditor, title: string): Promise<CodeScope | undefined> {
  if (!editor.selection.isEmpty) return 'selection';
  const line = editor.selection.active.line;
  const lineText = editor.document.lineAt(line).text.trim();
  const picked = await vscode.window.showQuickPick(
    [
      { label: `$(selection) ${vscode.l10n.t('Line {0}', line + 1)}`, description: lineText.length > 60 ? `${lineText.slice(0, 59)}…` : lineText, scope: 'line' as const },
      { label: `$(file-code) ${vscode.l10n.t('Whole File')}`, description: vscode.l10n.t('{0} lines', editor.document.lineCount), scope: 'file' as const },
    ],
    { title, placeHolder: vscode.l10n.t('Nothing is selected: send which code?') },
  );
  return picked?.scope;
}
