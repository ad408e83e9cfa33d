// The helpdesk address users know (`https://acme.deskpro.com`, or an on-premise install in
// a sub-folder) and the API root derived from it. A pasted API URL is accepted too.
import { invalidAddress, parseHelpdeskAddress, type AddressWording } from '../common/helpdeskAddress';

/** Path endings that mean "this is the API, not the helpdesk": stripped to get the base. */
const API_SUFFIX = /\/api(?:\/v2)?\/*$/i;

const WORDING: AddressWording = {
  example: 'https://acme.deskpro.com',
  empty: 'Enter the address of your DeskPRO helpdesk, e.g. https://acme.deskpro.com.',
  credentials: 'Remove the user name and password from the address; the API key is asked for separately.',
};

/**
 * Checks and normalises a typed DeskPRO address to `scheme://host[:port][/sub/folder]`
 * without a trailing slash. Throws HelpdeskError('config') saying what is wrong.
 */
export function normalizeBaseUrl(input: string): string {
  const url = parseHelpdeskAddress(input, WORDING);
  const path = url.pathname.replace(API_SUFFIX, '').replace(/\/+$/, '');
  if (/(^|\/)api(\/|$)/i.test(path)) {
    invalidAddress(
      'The address points inside the API; use the helpdesk address (e.g. https://acme.deskpro.com) or its API root ending in /api/v2.',
    );
  }
  return `${url.protocol}//${url.host}${path}`;
}

/** The API v2 root for a normalised base, with the trailing slash relative paths need. */
export function apiRoot(baseUrl: string): string {
  return `${normalizeBaseUrl(baseUrl)}/api/v2/`;
}

/**
 * Where the agent interface shows a ticket.
 * Inferred: the agent app's hash route `#app.tickets,t.o:ID` opens a ticket tab; it is not
 * in the API documents, only seen in links the agent interface itself produces.
 */
export function ticketWebUrl(baseUrl: string, ticketId: string): string {
  return `${baseUrl}/agent/#app.tickets,t.o:${encodeURIComponent(ticketId)}`;
}
