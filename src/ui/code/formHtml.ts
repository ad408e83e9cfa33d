// The Create Ticket form's page: the ticket panel's policy (only our nonce'd script, styles
// and fonts from the extension, no remote images), its stylesheet plus the form's own.
import { contentSecurityPolicy } from '../../shared/panel-html';

export interface FormHtmlArgs {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  /** media/panel.css, then media/create-ticket.css. */
  styleUris: readonly string[];
  codiconUri: string;
  title: string;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function createTicketFormHtml(args: FormHtmlArgs): string {
  const attr = escapeAttribute;
  const csp = contentSecurityPolicy({ cspSource: args.cspSource, nonce: args.nonce, allowRemoteImages: false });
  const styles = args.styleUris.map((uri) => `<link rel="stylesheet" href="${attr(uri)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(args.codiconUri)}">
${styles}
<title>${attr(args.title)}</title>
</head>
<body>
<div id="app" class="app"><p class="boot">Preparing the ticket…</p></div>
<script nonce="${attr(args.nonce)}" src="${attr(args.scriptUri)}"></script>
</body>
</html>
`;
}
