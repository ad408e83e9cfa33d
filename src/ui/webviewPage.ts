// The ticket panel's page, and the page skeleton the extension's other webviews share.
// Pure functions so the host can build them without a webview and tests can check the
// policy: only our nonce'd script runs, styles and fonts come only from the extension,
// images from the extension and data: URIs, plus https: once the user asked.
import * as l10n from '@vscode/l10n';

export interface PanelHtmlArgs {
  /** `webview.cspSource`: the origin the extension's own files are served from. */
  cspSource: string;
  /** Fresh per page load. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  allowRemoteImages: boolean;
  title: string;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function contentSecurityPolicy(args: Pick<PanelHtmlArgs, 'cspSource' | 'nonce' | 'allowRemoteImages'>): string {
  const images = [args.cspSource, 'data:', ...(args.allowRemoteImages ? ['https:'] : [])].join(' ');
  return [
    `default-src 'none'`,
    `img-src ${images}`,
    // No 'unsafe-inline': style attributes in markup are blocked, so the page uses classes.
    `style-src ${args.cspSource}`,
    `font-src ${args.cspSource}`,
    `script-src 'nonce-${args.nonce}'`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
}

export interface WebviewPageArgs {
  /** The Content-Security-Policy, e.g. from contentSecurityPolicy. */
  csp: string;
  nonce: string;
  scriptUri: string;
  /** Stylesheets in the order they apply (codicons first). */
  styleUris: readonly string[];
  title: string;
  /** Shown until the script takes over, so the page is never blank. */
  bootText: string;
}

/** The page every webview of the extension loads: its policy, styles, a boot line and one nonce'd script. */
export function webviewPage(args: WebviewPageArgs): string {
  const attr = escapeAttribute;
  const styles = args.styleUris.map((uri) => `<link rel="stylesheet" href="${attr(uri)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(args.csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
<title>${attr(args.title)}</title>
</head>
<body>
<div id="app" class="app"><p class="boot">${attr(args.bootText)}</p></div>
<script nonce="${attr(args.nonce)}" src="${attr(args.scriptUri)}"></script>
</body>
</html>
`;
}

export function panelHtml(args: PanelHtmlArgs): string {
  return webviewPage({
    csp: contentSecurityPolicy(args),
    nonce: args.nonce,
    scriptUri: args.scriptUri,
    styleUris: [args.codiconUri, args.styleUri],
    title: args.title,
    bootText: l10n.t('Loading ticket…'),
  });
}
