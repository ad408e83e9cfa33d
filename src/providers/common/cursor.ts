// Paging cursors handed to the UI. They are opaque on purpose: a provider may page by
// number, offset or link, and may change how without the UI noticing. Encoded as
// base64url JSON so a cursor from another provider or a stale build fails cleanly.
import { HelpdeskError } from '../../helpdesk/errors';
import { isJsonObject, type JsonObject } from '../../helpdesk/json';

export function encodeCursor(state: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

/** Decodes a cursor made by encodeCursor; `read` checks the fields it needs. */
export function decodeCursor<T>(cursor: string, read: (state: JsonObject) => T | undefined): T {
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    state = undefined;
  }
  const result = isJsonObject(state) ? read(state) : undefined;
  if (result === undefined) throw new HelpdeskError('protocol', 'This list position is no longer valid; refresh the list.');
  return result;
}

export interface PagePosition {
  page: number;
  count: number;
}

export function encodePageCursor(position: PagePosition): string {
  return encodeCursor({ p: position.page, c: position.count });
}

export function decodePageCursor(cursor: string): PagePosition {
  return decodeCursor(cursor, (state) => {
    const { p, c } = state;
    if (!Number.isSafeInteger(p) || !Number.isSafeInteger(c)) return undefined;
    const page = p as number;
    const count = c as number;
    return page >= 1 && count >= 1 ? { page, count } : undefined;
  });
}
