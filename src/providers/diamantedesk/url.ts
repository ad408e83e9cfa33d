// The helpdesk address users know (`https://desk.example.com`, or an install in a
// sub-folder such as `https://host/diamantedesk/web`) and the API root derived from it.
// The desk API lives under `<address>/api/rest/{latest|v1}/desk/`; OroPlatform's own API
// (users, "who am I") under `<address>/api/rest/{latest|v1}/`, behind the same WSSE
// firewall, so the client's root is the latter and desk paths start with `desk/`.
// A pasted API URL or a link into the agent interface (`/desk/tickets/view/KEY`) is accepted.
import { pathSegment } from '../common/pathSegment';
import { HelpdeskError } from '../../helpdesk/errors';
import { invalidAddress, parseHelpdeskAddress, type AddressWording } from '../common/helpdeskAddress';

export type ApiVersion = 'latest' | 'v1';

/**
 * What to strip to get the address: the agent API (`/api/rest/latest/desk/...`), the
 * customer API (`/api/diamante/rest/v1/desk/...`), OroPlatform's API, and pages of the
 * agent interface (`/desk/tickets/view/KEY`). A bare `/desk` is left alone: it may be the
 * sub-folder DiamanteDesk is installed in.
 */
const INNER_PATH = /\/(?:api\/(?:diamante\/)?rest\/(?:latest|v1)(?:\/.*)?|desk\/(?:tickets|branches|reports|customers|attachments)(?:\/.*)?)$/i;
const API_VERSION_IN_PATH = /\/api\/(?:diamante\/)?rest\/(latest|v1)(?:\/|$)/i;

const WORDING: AddressWording = {
  example: 'https://desk.example.com',
  empty: 'Enter the address of your DiamanteDesk, e.g. https://desk.example.com.',
  credentials: 'Remove the user name and password from the address; the user name and API key are asked for separately.',
};

/**
 * Checks and normalises a typed DiamanteDesk address to `scheme://host[:port][/sub/folder]`
 * without a trailing slash. Throws HelpdeskError('config') saying what is wrong.
 */
export function normalizeBaseUrl(input: string): string {
  const url = parseHelpdeskAddress(input, WORDING);
  const path = url.pathname.replace(/\/+$/, '').replace(INNER_PATH, '').replace(/\/+$/, '');
  if (/(^|\/)api(\/|$)/i.test(path)) {
    invalidAddress(
      'The address points inside an API; use the DiamanteDesk address (e.g. https://desk.example.com) or its API root ending in /api/rest/latest/desk.',
    );
  }
  return `${url.protocol}//${url.host}${path}`;
}

/** The API version a pasted API URL names (`.../api/rest/v1/desk`), for the `apiVersion` setting. */
export function apiVersionInAddress(input: string): ApiVersion | undefined {
  const match = API_VERSION_IN_PATH.exec(input.trim());
  return match?.[1] ? (match[1].toLowerCase() as ApiVersion) : undefined;
}

/** Reads the optional `apiVersion` instance setting (default `latest`). */
export function readApiVersion(value: unknown): ApiVersion {
  if (value === undefined || value === null || value === '') return 'latest';
  if (value === 'latest' || value === 'v1') return value;
  throw new HelpdeskError('config', `"apiVersion" must be "latest" or "v1" (got ${JSON.stringify(value)}).`);
}

/** OroPlatform's REST root for a normalised base, with the trailing slash relative paths need. */
export function apiRoot(baseUrl: string, version: ApiVersion): string {
  return `${normalizeBaseUrl(baseUrl)}/api/rest/${version}/`;
}

/** OroPlatform 2's JSON:API resource for the signed-in user (outside the REST root). */
export function userProfileUrl(baseUrl: string): string {
  return `${normalizeBaseUrl(baseUrl)}/api/userprofile`;
}

/** Where the agent interface shows a ticket (route `diamante_ticket_view`, by key). */
export function ticketWebUrl(baseUrl: string, key: string): string {
  return `${baseUrl}/desk/tickets/view/${pathSegment(key, 'DiamanteDesk ticket')}`;
}

/**
 * The URL to fetch an attachment from. The server builds `file.url` from the host it
 * believes it has, which behind a reverse proxy is often an inner name (`http://localhost/...`,
 * as in the vendor's own examples). The path is the server's; the origin is the one the
 * user configured, so the file is fetched where the API answered (and the HTTP client
 * never sends credentials to another origin).
 */
export function downloadUrl(fileUrl: string, baseUrl: string): string {
  let file: URL;
  try {
    file = new URL(fileUrl, `${baseUrl}/`);
  } catch {
    throw new HelpdeskError('protocol', `Unexpected DiamanteDesk response: "${fileUrl}" is not an attachment URL`);
  }
  const base = new URL(baseUrl);
  if (file.origin === base.origin) return file.href;
  return `${base.origin}${file.pathname}${file.search}`;
}
