// Script payloads aimed at a simulator's own /__beacon route, as attackers put them in
// email: event handlers, javascript: links, SVG, CSS imports, iframes, forms. Every
// simulator's hostile ticket carries them; if a client ever executes or auto-loads one,
// the simulator's beacon counter goes above zero and the security tests fail.

/** `baseUrl` is the simulator's origin; the beacon is always at `${baseUrl}/__beacon`. */
export function hostilePayloads(baseUrl: string): Record<string, string> {
  const beacon = (source: string): string => `${baseUrl}/__beacon?src=${source}`;
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
