// The attachment download URLs of the web app (`/desk/attachments/download/file/{hash}`
// and `.../thumbnail/{hash}`). Their firewall is anonymous: the hash is the only key,
// no WSSE needed (none is checked if sent). The file goes out as a BinaryFileResponse:
// type from the content (finfo), `Content-Disposition: attachment` with an ASCII
// fallback name and the exact UTF-8 name. An unknown hash, or a file name Symfony
// refuses in that header ('/', '\', a '%' in the fallback), is the web app's HTML 404.
import type { SimResponse } from '../http-util';
import { HttpStatusError } from './errors';
import { baseHeaders } from './respond';
import { DOWNLOAD_FILE_PATH, DOWNLOAD_THUMBNAIL_PATH } from './serialize';
import type { DiamantedeskState } from './state';

const HASH = /^\w+$/;

/** iconv('UTF-8', 'ASCII//TRANSLIT'): accents dropped, what remains non-ASCII becomes '?'. */
function asciiFallback(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?');
}

/** PHP's rawurlencode: everything but A-Z a-z 0-9 - _ . ~ escaped. */
function rawUrlEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** ResponseHeaderBag::makeDisposition, or undefined where it throws. */
function disposition(filename: string): string | undefined {
  const fallback = asciiFallback(filename);
  if (fallback.includes('%') || /[/\\]/.test(filename) || /[/\\]/.test(fallback)) return undefined;
  let header = `attachment; filename="${fallback.replace(/"/g, '\\"')}"`;
  if (filename !== fallback) header += `; filename*=utf-8''${rawUrlEncode(filename)}`;
  return header;
}

/** Answers the download paths, or undefined for any other path. */
export function download(state: DiamantedeskState, path: string): SimResponse | undefined {
  const thumbnail = path.startsWith(DOWNLOAD_THUMBNAIL_PATH);
  if (!thumbnail && !path.startsWith(DOWNLOAD_FILE_PATH)) return undefined;
  const hash = path.slice((thumbnail ? DOWNLOAD_THUMBNAIL_PATH : DOWNLOAD_FILE_PATH).length);
  if (!HASH.test(hash)) throw new HttpStatusError(404);
  const id = state.attachmentsByHash.get(hash);
  const attachment = id === undefined ? undefined : state.attachments.get(id);
  if (!attachment) throw new HttpStatusError(404, {}, 'Attachment not found');
  const data = thumbnail ? attachment.thumbnail : attachment.data;
  const filename = thumbnail ? `${attachment.hash}.png` : attachment.filename;
  const header = disposition(filename);
  if (!data || !header) throw new HttpStatusError(404, {}, 'Attachment not found');
  return {
    status: 200,
    headers: {
      ...baseHeaders(state),
      'Cache-Control': 'public',
      'Content-Type': thumbnail ? 'image/png' : attachment.contentType,
      'Content-Disposition': header,
      'Last-Modified': new Date(attachment.createdAt).toUTCString(),
      'Accept-Ranges': 'bytes',
    },
    body: data,
  };
}
