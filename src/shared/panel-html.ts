// The ticket panel's page. A pure function so the host can build it without a webview and
// tests can check the policy: only our nonce'd script runs, styles and fonts come only from
// the extension, images from the extension and data: URIs, plus https: once the user asked.

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

export function panelHtml(args: PanelHtmlArgs): string {
  const attr = escapeAttribute;
  // The static "Loading ticket…" shows until the script takes over, so the panel is never blank.
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(args))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(args.codiconUri)}">
<link rel="stylesheet" href="${attr(args.styleUri)}">
<title>${attr(args.title)}</title>
</head>
<body>
<div id="app" class="app"><p class="boot">Loading ticket…</p></div>
<script nonce="${attr(args.nonce)}" src="${attr(args.scriptUri)}"></script>
</body>
</html>
`;
}
