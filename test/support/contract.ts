// What both vendors' contract suites (provider against its simulator) share: upload
// fixtures, an error-kind matcher for assert.rejects, and the slice of the simulator's
// request log that one action produced.
import * as assert from 'node:assert/strict';
import { HelpdeskError, type HelpdeskErrorKind } from '../../src/helpdesk/errors';
import type { UploadFile } from '../../src/helpdesk/model';

/** A valid 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** A file to upload; text is sent as UTF-8. */
export function uploadFile(name: string, contentType: string, data: Uint8Array | string): UploadFile {
  return { name, contentType, data: typeof data === 'string' ? new TextEncoder().encode(data) : data };
}

/** For assert.rejects: a HelpdeskError of this kind (and, when given, a message that matches). */
export function isKind(kind: HelpdeskErrorKind, message?: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof HelpdeskError, `expected a HelpdeskError, got ${String(error)}`);
    assert.equal(error.kind, kind, `expected ${kind}, got ${error.kind}: ${error.message}`);
    if (message) assert.match(error.message, message);
    return true;
  };
}

/**
 * `recorded(run)`: what `run` returned and the requests the simulator logged while it ran.
 * `sim` is read on each call, so the recorder can be made before the simulator starts.
 */
export function requestRecorder<Entry>(sim: () => { requests: Entry[] }) {
  return async function recorded<T>(run: () => Promise<T>): Promise<{ result: T; requests: Entry[] }> {
    const start = sim().requests.length;
    const result = await run();
    return { result, requests: sim().requests.slice(start) };
  };
}
