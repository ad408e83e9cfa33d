// The rest of the server a client may reach by mistake: the Oro back office, whose
// `main` firewall sends every unauthenticated page to the login form, and the pages a
// proxy or the login redirect put in front of the API (used by the fault switches).
import type { FaultVendor } from '../faults';
import type { SimResponse } from '../http-util';
import { statusText } from './errors';
import { baseHeaders, htmlResult } from './respond';
import type { DiamantedeskState } from './state';

export const LOGIN_PATH = '/user/login';

export function loginPage(): string {
  return (
    '<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"><title>Login</title></head>\n<body class="login-page">\n' +
    '<div class="form-wrapper"><h2 class="title">Login</h2>\n' +
    `<form action="/user/login-check" method="post" class="form-signin"><input type="text" name="_username" placeholder="Username or Email">` +
    '<input type="password" name="_password" placeholder="Password"><input type="hidden" name="_csrf_token" value="">' +
    '<button type="submit">Log in</button></form>\n<a href="/user/reset-request">Forgot your password?</a></div>\n</body>\n</html>\n'
  );
}

/** Any page of the back office: the login form itself, or a redirect to it. */
export function webAppPage(state: DiamantedeskState, path: string, host: string): SimResponse {
  if (path === LOGIN_PATH) return htmlResult(state, 200, loginPage());
  const location = `${host}${LOGIN_PATH}`;
  return {
    status: 302,
    headers: { ...baseHeaders(state), Location: location, 'Content-Type': 'text/html; charset=UTF-8' },
    body: Buffer.from(
      `<!DOCTYPE html>\n<html>\n    <head>\n        <meta charset="UTF-8" />\n        <meta http-equiv="refresh" content="1;url=${location}" />\n\n        <title>Redirecting to ${location}</title>\n    </head>\n    <body>\n        Redirecting to <a href="${location}">${location}</a>.\n    </body>\n</html>`,
      'utf8',
    ),
  };
}

function gatewayPage(status: number): string {
  return `<html>\r\n<head><title>${status} ${statusText(status)}</title></head>\r\n<body>\r\n<center><h1>${status} ${statusText(status)}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/**
 * What the fault switches answer. A 500 is the API's own error body; other statuses
 * look like Symfony's HTTP errors; HTML pages are a proxy's (5xx) or the login form.
 */
export const DIAMANTEDESK_FAULTS: FaultVendor = {
  errorBody: (status) => (status === 500 ? { error: 'An exception occurred while executing a query.' } : { code: status, message: statusText(status) }),
  htmlPage: (status) => (status >= 500 ? gatewayPage(status) : loginPage()),
};
