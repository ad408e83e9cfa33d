// Tickets moved to another branch. Moving gives a ticket that branch's next number, so its
// key changes (BRANCHA-5 becomes BRANCHC-12); the server keeps the old key in its ticket
// history, and loading or updating by the old key fails with TicketMovedException, which
// the API answers 301 with no body and the current key in `X-Location` (a path on the
// customer prefix, /api/diamante/rest/latest/desk/tickets/BRANCHC-12, whatever was asked).
// The shared HTTP client turns a 301 into an error without its headers, so the headers are
// caught as they arrive (onResponse); a request knows the 301 was its own when it is the
// only one that arrived while it ran. The request is then made once more by the new key,
// on the agent API: the server refused before changing anything, so even a PATCH may be.
import { HelpdeskError, toHelpdeskError } from '../../helpdesk/errors';

const TICKET_PATH = /\/tickets\/([^/?#]+?)(?:\.(?:json|xml))?(?:[?#].*)?$/;

export class MovedTickets {
  private seen = 0;
  private lastKey: string | undefined;

  /** For every response (the client's onResponse). */
  observe(status: number, headers: Readonly<Record<string, string>>): void {
    if (status !== 301) return;
    this.seen++;
    this.lastKey = keyIn(headers['x-location']);
  }

  /**
   * Runs `send` for `segment` (an id or key); when the server says the ticket moved, runs
   * it once more for the key it moved to. `id` is what the caller named the ticket by.
   */
  async follow<T>(id: string, segment: string, send: (segment: string) => Promise<T>): Promise<T> {
    const before = this.seen;
    try {
      return await send(segment);
    } catch (error) {
      const failure = toHelpdeskError(error);
      if (failure.status !== 301) throw failure;
      const current = this.seen === before + 1 ? this.lastKey : undefined;
      if (current === undefined || current.toUpperCase() === decodeURIComponent(segment).toUpperCase()) {
        throw new HelpdeskError('notFound', `Ticket ${id} was moved to another branch and has a new key; open it from the list.`, { status: 301, cause: failure });
      }
      return send(encodeURIComponent(current));
    }
  }
}

/** `BRANCHC-12` from the X-Location path, when it names a ticket key. */
function keyIn(location: string | undefined): string | undefined {
  const match = location === undefined ? null : TICKET_PATH.exec(location);
  if (!match?.[1]) return undefined;
  let key: string;
  try {
    key = decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
  return /^[\p{L}]+-\d+$/u.test(key) ? key : undefined;
}
