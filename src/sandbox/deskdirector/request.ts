// Reading request bodies as an ASP.NET Core [FromBody] / [FromForm] action does: JSON only
// as application/json (or a +json type such as merge-patch+json), anything else 415; an
// empty body 400; a multipart form for uploads.
import type { IncomingMessage } from 'node:http';
import { mediaType, parseJson, parseMultipart, readBodyWithin } from '../http-util';
import { ApiError, apiError } from './errors';
import type { DeskdirectorState } from './state';

const MULTIPART_OVERHEAD = 64 * 1024;

function isJsonType(type: string): boolean {
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

export async function readJsonBody(req: IncomingMessage, state: DeskdirectorState): Promise<unknown> {
  const type = mediaType(req.headers['content-type']);
  const limit = state.limits.maxJsonBytes;
  const raw = await readBodyWithin(req, limit, () => apiError(413, `The request body is larger than ${limit} bytes.`));
  if (!isJsonType(type)) {
    if (raw.length === 0 && type === '') throw new ApiError(400, 'A non-empty request body is required.');
    throw new ApiError(415, `Unsupported content type "${type || '(none)'}". Send the body as "Content-Type: application/json".`);
  }
  if (raw.length === 0) throw new ApiError(400, 'A non-empty request body is required.');
  const parsed = parseJson(raw);
  if (!parsed.ok) throw new ApiError(400, 'The request body is not valid JSON.');
  return parsed.value;
}

export async function readFormBody(req: IncomingMessage, state: DeskdirectorState): Promise<FormData> {
  const contentType = req.headers['content-type'] ?? '';
  if (mediaType(contentType) !== 'multipart/form-data') {
    req.resume();
    throw new ApiError(415, 'Upload files as "multipart/form-data" with the file in a part named "file".');
  }
  const limit = state.limits.maxUploadBytes;
  const raw = await readBodyWithin(req, limit + MULTIPART_OVERHEAD, () => apiError(413, `The file is larger than the ${limit} bytes this instance accepts.`));
  try {
    return await parseMultipart(raw, contentType);
  } catch {
    throw new ApiError(400, 'The multipart/form-data body could not be read (check the boundary and the parts).');
  }
}
