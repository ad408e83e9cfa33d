// The helpdesk address users know (`https://acme.deskpro.com`, or an on-premise install in
// a sub-folder) and the API root derived from it. A pasted API URL is accepted too.
import { HelpdeskError } from '../../helpdesk/errors';

/** Path endings that mean "this is the API, not the helpdesk": stripped to get the base. */
const API_SUFFIX = /\/api(?:\/v2)?\/*$/i;

function invalid(reason: string): never {
  throw new HelpdeskError('config', reason);
}

/**
 * Checks and normalises a typed DeskPRO address to `scheme://host[:port][/sub/folder]`
 * without a trailing slash. Throws HelpdeskError('config') saying what is wrong.
 */
export function normalizeBaseUrl(input: string): string {
  const text = input.trim();
  if (text === '') invalid('Enter the address of your DeskPRO helpdesk, e.g. https://acme.deskpro.com.');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    invalid(`"${text}" is not a full address; start it with https:// (e.g. https://acme.deskpro.com).`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalid(`"${text}" is not a valid address.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    invalid(`The address must start with https:// or http:// (got ${url.protocol}//).`);
  }
  if (url.hostname === '') invalid('The address has no host name.');
  // Secrets belong in SecretStorage, never in a settings file.
  if (url.username !== '' || url.password !== '') {
    invalid('Remove the user name and password from the address; the API key is asked for separately.');
  }
  if (url.search !== '' || url.hash !== '') {
    invalid('Use the helpdesk address without "?" or "#" parts, e.g. https://acme.deskpro.com.');
  }

  const path = url.pathname.replace(API_SUFFIX, '').replace(/\/+$/, '');
  if (/(^|\/)api(\/|$)/i.test(path)) {
    invalid(
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
