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

/** A whole number of at least 1, the only kind a position holds. */
function positiveInt(value: unknown): number | undefined {
  return Number.isSafeInteger(value) && (value as number) >= 1 ? (value as number) : undefined;
}

/** Where a page starts (under `key`) and how many items it holds (under `c`). */
function decodeCounted(cursor: string, key: 'p' | 'o'): { at: number; count: number } {
  return decodeCursor(cursor, (state) => {
    const at = positiveInt(state[key]);
    const count = positiveInt(state.c);
    return at !== undefined && count !== undefined ? { at, count } : undefined;
  });
}

/** For vendors that page by page number. */
export interface PagePosition {
  page: number;
  count: number;
}

export function encodePageCursor(position: PagePosition): string {
  return encodeCursor({ p: position.page, c: position.count });
}

export function decodePageCursor(cursor: string): PagePosition {
  const { at, count } = decodeCounted(cursor, 'p');
  return { page: at, count };
}

/** For vendors that page by offset. A cursor only ever points past the first page, so its offset is at least 1. */
export interface OffsetPosition {
  offset: number;
  count: number;
}

export function encodeOffsetCursor(position: OffsetPosition): string {
  return encodeCursor({ o: position.offset, c: position.count });
}

export function decodeOffsetCursor(cursor: string): OffsetPosition {
  const { at, count } = decodeCounted(cursor, 'o');
  return { offset: at, count };
}
