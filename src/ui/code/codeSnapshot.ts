// What the editor knew about the code when the command ran, as plain data, and what the
// form derives from it: the subject, the body's snippet block, and the three files the
// user may attach (the snippet, the whole file, the diff). Pure: codeContext.ts gathers it.
import * as l10n from '@vscode/l10n';
import { extensionForLanguage } from '../../code/languages';
import { lineRangeLabel, snippetCaption, snippetFileName, snippetMarkdown, suggestSubject, type SnippetSource } from '../../code/snippet';

export interface CodeSnapshot {
  /** The selection as the snippet helpers take it: text, language, path, lines, permalink. */
  readonly snippet: SnippetSource;
  /** The file's name without folders; absent for an untitled document. */
  readonly fileName?: string;
  /** What the editor calls the document ("Untitled-1" for a new one). */
  readonly documentName: string;
  /** The whole document as the editor has it (unsaved changes included). */
  readonly documentText: string;
  /** Why there is no permalink, when there is none and the user would expect one. */
  readonly permalinkNote?: string;
  /** The commit the lines are at unchanged, for the link record. */
  readonly commit?: string;
  /** `git diff HEAD` of the file, when it has changes. */
  readonly diff?: string;
  /** Why the diff cannot be attached, when there is none. */
  readonly diffUnavailable?: string;
  /** The reference of the current branch's ticket (Start Work), which a new ticket mentions. */
  readonly relatedTicket?: string;
}

export type TextSource = { readonly name: string; readonly text: string } | { readonly unavailable: string };

export function defaultSubject(snapshot: CodeSnapshot): string {
  const where = `${snapshot.fileName ?? snapshot.documentName}, ${lineRangeLabel(snapshot.snippet.startLine, snapshot.snippet.endLine)}`;
  return suggestSubject(snapshot.snippet.text, { fallback: `Code in ${where}` });
}

/** The ticket body the form starts with: the snippet's caption and fenced code. */
export function defaultBody(snapshot: CodeSnapshot): string {
  const snippet = snippetMarkdown(snapshot.snippet);
  return snapshot.relatedTicket ? `${snippet}\n\n${l10n.t('Found while working on {0}.', snapshot.relatedTicket)}` : snippet;
}

/** "`src/auth.ts`, lines 10-24", shown above the form's body. */
export function locationCaption(snapshot: CodeSnapshot): string {
  const { permalink: _permalink, ...withoutLink } = snapshot.snippet;
  const caption = snippetCaption(withoutLink);
  return snapshot.snippet.relativePath ? caption : `${snapshot.documentName}, ${caption.charAt(0).toLowerCase()}${caption.slice(1)}`;
}

export function snippetSource(snapshot: CodeSnapshot): TextSource {
  const { snippet, fileName } = snapshot;
  if (snippet.text.trim() === '') return { unavailable: l10n.t('The selection is empty.') };
  const name = snippetFileName({ sourceName: fileName, languageId: snippet.languageId, startLine: snippet.startLine, endLine: snippet.endLine });
  return { name, text: snippet.text };
}

export function wholeFileSource(snapshot: CodeSnapshot): TextSource {
  if (snapshot.documentText === '') return { unavailable: l10n.t('The file is empty.') };
  const name = snapshot.fileName ?? `${snapshot.documentName.replace(/[<>:"/\\|?*\u0000-\u001f\u007f]/g, '_')}${extensionForLanguage(snapshot.snippet.languageId) ?? '.txt'}`;
  return { name, text: snapshot.documentText };
}

export function diffSource(snapshot: CodeSnapshot): TextSource {
  if (snapshot.diff === undefined || snapshot.diff.trim() === '') return { unavailable: snapshot.diffUnavailable ?? l10n.t('The file has no changes against the last commit.') };
  return { name: `${snapshot.fileName ?? 'changes'}.diff`, text: snapshot.diff };
}
