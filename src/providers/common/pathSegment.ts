// Ids that go into a request path. An id comes from the helpdesk, a links file in the
// repository or a command argument, so it is encoded, and "." and ".." (and "", which drops
// the segment) are refused: encodeURIComponent leaves dots alone, and a URL reads such a
// segment as "here" or "up one" (DeskPRO `tickets/..` became `/api/v2/`).
import { HelpdeskError } from '../../helpdesk/errors';

/**
 * The id as one encoded path segment. `what` names it for the message ("DeskPRO ticket").
 * Throws a validation error for an id that is not a segment of its own.
 */
export function pathSegment(id: string, what: string): string {
  const encoded = encodeURIComponent(id);
  // After encoding, "%2e" is "%252e", so only literal dots can still be a dot segment.
  if (encoded === '' || encoded === '.' || encoded === '..') {
    throw new HelpdeskError('validation', `"${id}" is not a ${what} id.`, { fields: { id: [`Not a ${what} id.`] } });
  }
  return encoded;
}
