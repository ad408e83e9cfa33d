// The checks every vendor makes on a typed helpdesk address before applying its own rules
// to the path: a full http(s) URL with a host, no user name or password (secrets belong
// in SecretStorage, never in a settings file), no query or fragment.
import { HelpdeskError } from '../../helpdesk/errors';

/** What the messages say for one vendor. */
export interface AddressWording {
  /** A typical address, shown in the hints: `https://acme.deskpro.com`. */
  example: string;
  /** Said when nothing was typed. */
  empty: string;
  /** Said when the address carries a user name or password. */
  credentials: string;
}

export function invalidAddress(reason: string): never {
  throw new HelpdeskError('config', reason);
}

/** The typed address as a URL; throws HelpdeskError('config') saying what is wrong. */
export function parseHelpdeskAddress(input: string, wording: AddressWording): URL {
  const text = input.trim();
  if (text === '') invalidAddress(wording.empty);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    invalidAddress(`"${text}" is not a full address; start it with https:// (e.g. ${wording.example}).`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalidAddress(`"${text}" is not a valid address.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    invalidAddress(`The address must start with https:// or http:// (got ${url.protocol}//).`);
  }
  if (url.hostname === '') invalidAddress('The address has no host name.');
  if (url.username !== '' || url.password !== '') invalidAddress(wording.credentials);
  if (url.search !== '' || url.hash !== '') {
    invalidAddress(`Use the helpdesk address without "?" or "#" parts, e.g. ${wording.example}.`);
  }
  return url;
}
