// The Create Ticket form's page: the ticket panel's policy (only our nonce'd script, styles
// and fonts from the extension, no remote images), its stylesheet plus the form's own.
import * as l10n from '@vscode/l10n';
import { contentSecurityPolicy, webviewPage } from '../webviewPage';

export interface FormHtmlArgs {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  /** media/panel.css, then media/create-ticket.css. */
  styleUris: readonly string[];
  codiconUri: string;
  title: string;
}

export function createTicketFormHtml(args: FormHtmlArgs): string {
  return webviewPage({
    csp: contentSecurityPolicy({ cspSource: args.cspSource, nonce: args.nonce, allowRemoteImages: false }),
    nonce: args.nonce,
    scriptUri: args.scriptUri,
    styleUris: [args.codiconUri, ...args.styleUris],
    title: args.title,
    bootText: l10n.t('Preparing the ticket…'),
  });
}
