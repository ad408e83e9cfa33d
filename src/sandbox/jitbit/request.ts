// Reading a request's body the way the seed prescribes: "Use Query-string or POST vars,
// not JSON". Form fields come url-encoded or as multipart parts (files in `uploadFile`
// parts); a JSON body is refused with a 400 that says why, except on the few methods
// that also read JSON when the simulator runs with `tolerateJson`.
import type { IncomingMessage } from 'node:http';
import { mediaType, parseJson, parseMultipart, readBodyWithin } from '../http-util';
import { ApiError, badRequest } from './errors';
import type { RouteMethod, UploadedFile } from './router';
import type { JitbitState } from './state';

export interface RequestInput {
  fields: Array<[string, string]>;
  files: UploadedFile[];
  /** The parsed JSON body, when one was sent (accepted or not), for the request log. */
  json?: unknown;
}

const MULTIPART_OVERHEAD = 256 * 1024;
export const FILE_PART = 'uploadFile';

export const JSON_REFUSED =
  'This API does not read JSON bodies. Send the parameters in the query string or as form fields: ' +
  'Content-Type: application/x-www-form-urlencoded, or multipart/form-data when uploading files (in parts named "uploadFile").';

function read(req: IncomingMessage, limit: number): Promise<Buffer> {
  return readBodyWithin(req, limit, () => new ApiError(413, `The request body is larger than the ${limit} bytes this helpdesk accepts.`));
}

/** JSON object → form-like fields: scalars as text, arrays as repeated fields, objects as JSON text. */
function jsonFields(value: unknown): Array<[string, string]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('The JSON body must be an object of parameter names and values.');
  const fields: Array<[string, string]> = [];
  const scalar = (item: unknown): string => (typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item));
  for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === null || item === undefined) continue;
    if (Array.isArray(item)) for (const element of item) fields.push([name, scalar(element)]);
    else fields.push([name, scalar(item)]);
  }
  return fields;
}

/**
 * Reads the body of a POST (a GET's body is drained and ignored). Throws ApiError for a
 * body the method cannot take.
 */
export async function readInput(req: IncomingMessage, method: RouteMethod, state: JitbitState, tolerateJson: boolean, onJson: (value: unknown) => void): Promise<RequestInput> {
  if (req.method !== 'POST') {
    req.resume();
    return { fields: [], files: [] };
  }
  const contentType = String(req.headers['content-type'] ?? '');
  const type = mediaType(contentType);

  if (type === 'multipart/form-data') {
    const raw = await read(req, state.limits.maxUploadBytes + MULTIPART_OVERHEAD);
    let form: FormData;
    try {
      form = await parseMultipart(raw, contentType);
    } catch {
      throw badRequest('The multipart/form-data body could not be read (check the boundary and the parts).');
    }
    const fields: Array<[string, string]> = [];
    const files: UploadedFile[] = [];
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') {
        fields.push([name, value]);
        continue;
      }
      if (!method.files) throw badRequest(`This method does not take files (got a file in the part "${name}").`);
      // Decision: the documented part name only, so a client that names it otherwise fails here, not in production.
      if (name !== FILE_PART) throw badRequest(`Files must be sent in parts named "${FILE_PART}" (got "${name}").`);
      files.push({ field: name, filename: value.name, contentType: value.type === '' ? 'application/octet-stream' : value.type.toLowerCase(), data: Buffer.from(await value.arrayBuffer()) });
    }
    return { fields, files };
  }

  const raw = await read(req, state.limits.maxFormBytes);
  if (type === 'application/x-www-form-urlencoded') {
    return { fields: [...new URLSearchParams(raw.toString('utf8')).entries()], files: [] };
  }
  if (type === 'application/json' || type.endsWith('+json')) {
    const parsed = parseJson(raw);
    if (parsed.ok) onJson(parsed.value);
    if (!(tolerateJson && method.json)) throw badRequest(JSON_REFUSED);
    if (!parsed.ok) throw badRequest('The JSON body could not be parsed.');
    return { fields: jsonFields(parsed.value), files: [], json: parsed.value };
  }
  if (raw.length === 0) return { fields: [], files: [] };
  if (type === '') throw badRequest('The request has a body but no Content-Type. Send form fields as application/x-www-form-urlencoded or multipart/form-data.');
  throw badRequest(`Unsupported Content-Type "${type}". Send form fields as application/x-www-form-urlencoded or multipart/form-data.`);
}
