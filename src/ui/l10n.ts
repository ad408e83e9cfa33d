// Translations for the UI modules that do not import vscode (so plain Node runs them in the
// unit tests): they call l10n.t from @vscode/l10n, which answers in English until it is
// given a bundle. In the extension host that is the bundle VS Code loaded for vscode.l10n
// (l10n/bundle.l10n.<language>.json), so both kinds of module speak the same language.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

/** Call first in activate(), before any text is made. */
export function shareVscodeBundle(): void {
  const contents = vscode.l10n.bundle;
  if (contents) l10n.config({ contents });
}
