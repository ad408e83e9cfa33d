// Script payloads aimed at a simulator's own /__beacon route, as attackers put them in
// email: event handlers, javascript: links, SVG, CSS imports, iframes, forms. Every
// simulator's hostile ticket carries them; if a client ever executes or auto-loads one,
// the simulator's beacon counter goes above zero and the security tests fail.

/** `baseUrl` is the simulator's origin; the beacon is always at `${baseUrl}/__beacon`. */
export function beaconUrl(baseUrl: string, source: string): string {
  return `${baseUrl}/__beacon?src=${source}`;
}

export function hostilePayloads(baseUrl: string): Record<string, string> {
  const beacon = (source: string): string => beaconUrl(baseUrl, source);
  return {
    imgOnerror: `<img src=x onerror="fetch('${beacon('img-onerror')}')">`,
    script: `<script>fetch('${beacon('script')}')</script>`,
    javascriptLink: `<a href="javascript:fetch('${beacon('js-link')}')">Open the invoice</a>`,
    svgOnload: `<svg onload="fetch('${beacon('svg-onload')}')"><circle r="4"></circle></svg>`,
    iframe: `<iframe src="${beacon('iframe')}" width="1" height="1"></iframe>`,
    cssImport: `<style>@import url("${beacon('css-import')}");</style>`,
    styleUrl: `<div style="background:url('${beacon('style-url')}')">styled</div>`,
    metaRefresh: `<meta http-equiv="refresh" content="0;url=${beacon('meta-refresh')}">`,
    objectData: `<object data="${beacon('object')}"></object>`,
    formAction: `<form action="${beacon('form')}" method="post"><button>Confirm</button></form>`,
    remoteImage: `<img src="${beacon('remote-image')}" alt="remote image">`,
    encodedJs: `<a href="&#106;avascript:fetch('${beacon('encoded-js')}')">encoded link</a>`,
  };
}

export interface HostileFile {
  filename: string;
  contentType: string;
  text: string;
}

/** What every simulator's hostile ticket says; each vendor puts it into its own records. */
export interface HostileTicketText {
  /** The attacker's names, each with a payload. */
  firstName: string;
  lastName: string;
  email: string;
  subject: string;
  /** The attacker's first message: every payload, one after another. */
  opening: string;
  /** On the first message: a script in a file name, an HTML page and an SVG with script. */
  files: readonly HostileFile[];
  /** The agent's public reply, quoting a payload. */
  agentReply: string;
  /** The attacker's last message: a javascript: link, an SVG data: image, an onclick. */
  attackerReply: string;
}

export function hostileTicketText(baseUrl: string): HostileTicketText {
  const beacon = (source: string): string => beaconUrl(baseUrl, source);
  const payloads = hostilePayloads(baseUrl);
  return {
    firstName: `Mallory <img src=x onerror="fetch('${beacon('first-name')}')">`,
    lastName: `"><script>fetch('${beacon('last-name')}')</script>`,
    email: 'mallory@attacker.example',
    subject: `Refund request <img src=x onerror="fetch('${beacon('subject')}')"> <script>fetch('${beacon('subject-script')}')</script>`,
    opening: [
      '<p>Hello, please process my refund. Details below.</p>',
      payloads.imgOnerror,
      payloads.script,
      `<p>${payloads.javascriptLink} | ${payloads.encodedJs}</p>`,
      payloads.svgOnload,
      payloads.iframe,
      payloads.cssImport,
      payloads.styleUrl,
      payloads.metaRefresh,
      payloads.objectData,
      payloads.formAction,
      payloads.remoteImage,
      '<p>Thanks,<br>Mallory</p>',
    ].join('\n'),
    files: [
      { filename: `"><img src=x onerror="fetch('${beacon('filename')}')">.txt`, contentType: 'text/plain', text: 'Nothing to see here.\n' },
      { filename: 'invoice.html', contentType: 'text/html', text: `<!doctype html><title>Invoice</title>${payloads.script}<h1>Invoice</h1>` },
      {
        filename: 'logo.svg',
        contentType: 'image/svg+xml',
        text: `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="fetch('${beacon('svg-file')}')"><script>fetch('${beacon('svg-file-script')}')</script><rect width="10" height="10"/></svg>`,
      },
    ],
    agentReply: `<p>Hi,</p><p>Could you send the order number?</p><p>Best regards,<br>Support</p>\n<blockquote>${payloads.imgOnerror}</blockquote>`,
    attackerReply: `<p>Order number: <a href="javascript:alert(document.cookie)">#12345</a></p>\n<img src="data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="fetch('${beacon('data-svg')}')"/>`).toString('base64')}">\n<p onclick="fetch('${beacon('onclick')}')">Click me</p>`,
  };
}
