// The DeskDirector address users know (`https://acme.deskdirector.com`, or a custom domain)
// and the API root derived from it. Every API family (`/api/v2/...`), the Swagger
// document (`/swagger/...`) and the portals (`/tech`, `/portal`, `/admin`) hang off the
// host's root, so the root is the API base. A pasted API, Swagger or portal URL is accepted.
import { parseHelpdeskAddress, type AddressWording } from '../common/helpdeskAddress';

/** Path starts that point inside the app rather than at it; everything from there is dropped. */
const INNER_PATH = /\/(?:api|swagger|tech|portal|admin)(?:\/.*)?$/i;

const WORDING: AddressWording = {
  example: 'https://acme.deskdirector.com',
  empty: 'Enter the address of your DeskDirector site, e.g. https://acme.deskdirector.com.',
  credentials: 'Remove the user name and password from the address; the API key or token is asked for separately.',
};

/**
 * Checks and normalises a typed DeskDirector address to `scheme://host[:port][/prefix]`
 * without a trailing slash. Throws HelpdeskError('config') saying what is wrong.
 */
export function normalizeBaseUrl(input: string): string {
  const url = parseHelpdeskAddress(input, WORDING);
  const path = url.pathname.replace(/\/+$/, '').replace(INNER_PATH, '').replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** The API base for a normalised address, with the trailing slash relative paths need. */
export function apiRoot(baseUrl: string): string {
  return `${normalizeBaseUrl(baseUrl)}/`;
}

/**
 * Where a browser shows a ticket: the portal's documented deep link (help article "Portal
 * Deep Linking"), which the vendor keeps valid across portal versions, unlike the
 * addresses the apps show in the address bar.
 */
export function ticketWebUrl(baseUrl: string, ticketId: string): string {
  return `${baseUrl}/portal/deeplink?name=ticket&ticket_id=${encodeURIComponent(ticketId)}`;
}
