// Files: upload a temporary blob (POST /blobs/temp, multipart part `file`), read a blob's
// description (GET /blobs/{id}) and download its bytes from its download_url.
import { contentDisposition, jsonResponse, type SimResponse } from '../../http-util';
import { single } from '../envelope';
import { apiError, InputErrors } from '../errors';
import type { RouteContext } from '../router';
import { blobJson, isImageType } from '../serialize';
import { addBlob, formatDate, type BlobRecord, type DeskproState } from '../state';
import { location } from './tickets';

/**
 * Inferred from seed 001 (`Screenshot 2023-07-10 at 16.20.52.png` came back as
 * `Screenshot-2023-07-10-at-16.20.52.png`): white space becomes dashes. Any folder part
 * a browser or tool sends is dropped.
 */
export function normalizeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/\s+/g, '-').replace(/[\u0000-\u001f\u007f]/g, '');
  return cleaned === '' ? 'file' : cleaned;
}

export async function uploadBlob(ctx: RouteContext): Promise<SimResponse> {
  const { state, form } = ctx;
  if (!form) throw apiError(500);
  const errors = new InputErrors();
  const names = [...new Set([...form.keys()])];
  const extra = names.filter((name) => name !== 'file');
  if (extra.length > 0) errors.addGlobal('extra_fields', `Unexpected field names: ${extra.join(', ')}`);
  const files = form.getAll('file');
  const file = files[0];
  if (file === undefined) errors.add('file', 'required', 'Upload a file in the "file" part.');
  else if (typeof file === 'string') errors.add('file', 'invalid_type', 'The "file" part must be a file, not a text field.');
  else if (files.length > 1) errors.add('file', 'too_many', 'Upload one file per request.');
  else if (file.size === 0) errors.add('file', 'empty_file', 'The uploaded file is empty.');
  errors.throwIfAny();
  const upload = file as File;

  const data = Buffer.from(await upload.arrayBuffer());
  const blob = addBlob(state, {
    filename: normalizeFilename(upload.name),
    content_type: upload.type === '' ? 'application/octet-stream' : upload.type.toLowerCase(),
    data,
    is_temp: true,
    date_created: formatDate(Date.now()),
  });
  return jsonResponse(201, single(blobJson(state, blob)), { Location: location(state, `/blobs/${blob.blob_id}`) });
}

export function getBlob(ctx: RouteContext): SimResponse {
  const blob = ctx.state.blobs.get(ctx.params.id as number);
  if (!blob) throw apiError(404, `Blob ${ctx.params.id} was not found.`);
  return jsonResponse(200, single(blobJson(ctx.state, blob)));
}

/** Images that a browser may show inline; everything else (HTML, SVG...) downloads. */
const INLINE_SAFE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * `/file.php/{blob_auth}/{filename}`. Inferred: the file name segment is cosmetic; the
 * blob_auth alone finds the file.
 */
export function downloadBlob(state: DeskproState, auth: string): SimResponse {
  const blobId = state.blobsByAuth.get(auth);
  const blob: BlobRecord | undefined = blobId === undefined ? undefined : state.blobs.get(blobId);
  if (!blob) throw apiError(404, 'The requested file does not exist.');
  const inline = isImageType(blob.content_type) && INLINE_SAFE.has(blob.content_type);
  return {
    status: 200,
    headers: {
      'Content-Type': blob.content_type,
      'Content-Disposition': contentDisposition(blob.filename, inline ? 'inline' : 'attachment'),
      'X-Content-Type-Options': 'nosniff',
    },
    body: blob.data,
  };
}
