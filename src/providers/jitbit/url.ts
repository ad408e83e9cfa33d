// The helpdesk address users know and the API root derived from it. Jitbit runs at a
// host's root or in a sub-folder (`https://host/helpdesk`, always so for the hosted
// service); the API lives under `<address>/api`. A pasted API or ticket URL is accepted.
import { parseHelpdeskAddress, type AddressWording } from '../common/helpdeskAddress';
import { pathSegment } from '../common/pathSegment';

/** Hosted Jitbit and its Destek Sitesi white label always serve the app from /helpdesk. */
const HOSTED_SUFFIXES = ['.jitbit.com', '.desteksitesi.com'];

/**
 * Path endings that point inside the app rather than at it: the API (`/api`, `/api/Tickets`),
 * a ticket page (`/Ticket/123`), the ticket list and the login page. Stripped to get the base.
 */
const INNER_PATH = /\/(?:api(?:\/.*)?|Ticket\/\d+\/?|Tickets\/?|User\/Login\/?)$/i;

const WORDING: AddressWording = {
  example: 'https://acme.jitbit.com/helpdesk',
  empty: 'Enter the address of your helpdesk, e.g. https://acme.jitbit.com/helpdesk.',
  credentials: 'Remove the user name and password from the address; they are asked for separately.',
};

/**
 * Checks and normalises a typed Jitbit address to `scheme://host[:port][/sub/folder]`
 * without a trailing slash. Throws HelpdeskError('config') saying what is wrong.
 */
export function normalizeBaseUrl(input: string): string {
  const url = parseHelpdeskAddress(input, WORDING);
  let path = url.pathname.replace(/\/+$/, '').replace(INNER_PATH, '').replace(/\/+$/, '');
  if (path === '' && HOSTED_SUFFIXES.some((suffix) => url.hostname.toLowerCase().endsWith(suffix))) path = '/helpdesk';
  return `${url.protocol}//${url.host}${path}`;
}

/** The API root for a normalised base, with the trailing slash relative paths need. */
export function apiRoot(baseUrl: string): string {
  return `${normalizeBaseUrl(baseUrl)}/api/`;
}

/** Where the web app shows a ticket. */
export function ticketWebUrl(baseUrl: string, ticketId: string): string {
  return `${baseUrl}/Ticket/${pathSegment(ticketId, 'Jitbit ticket')}`;
}
