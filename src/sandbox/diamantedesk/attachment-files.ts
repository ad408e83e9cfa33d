// Attachments as DiamanteDesk stores them: `attachmentsInput` entries checked and
// base64-decoded (leniently), the file name urldecoded and kept as its last path part,
// a hash of 32 hex digits for the download URL, and a 100×100 thumbnail for names
// ending in jpg, jpeg, png, gif or bmp. An image name over bytes that are no image
// fails while the thumbnail is made (Imagine's RuntimeException, which the API maps to
// 404). Errors are the server's own: 500 for input it cannot use.
import { createHash } from 'node:crypto';
import { encodePng } from '../png';
import { DeskError } from './errors';
import { phpBase64Decode, phpUrldecode } from './php-text';
import type { AttachmentRecord, DiamantedeskState } from './state';

export interface AttachmentInput {
  filename: string;
  content: Buffer;
}

/** beberlei/assert's stringify for its messages. */
function stringify(value: unknown): string {
  if (value === null || value === undefined) return '<NULL>';
  if (typeof value === 'boolean') return value ? '<TRUE>' : '<FALSE>';
  if (typeof value === 'object') return Array.isArray(value) ? '<ARRAY>' : '<ARRAY>';
  const text = String(value);
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

function phpType(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'double';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'object') return 'array';
  return 'string';
}

function assertNotEmptyString(value: unknown): void {
  if (value === null || value === undefined || value === '' || value === '0' || value === 0 || value === false || (Array.isArray(value) && value.length === 0)) {
    throw new DeskError(500, `Value "${stringify(value)}" is empty, but non empty value was expected.`);
  }
  if (typeof value !== 'string') throw new DeskError(500, `Value "${stringify(value)}" expected to be string, type ${phpType(value)} given.`);
}

/**
 * prepareAttachmentInput: applies only when `attachmentsInput` is an array (anything
 * else is ignored); each entry needs `filename` and `content`.
 */
export function prepareAttachmentInput(value: unknown): AttachmentInput[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  return entries.map((entry: unknown) => {
    const input = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : undefined;
    if (!input || input.filename === undefined || input.filename === null || input.content === undefined || input.content === null) {
      throw new DeskError(500, 'Attachment input string is invalid.');
    }
    // base64_decode of a non-string gives null in PHP 7.
    const decoded = typeof input.content === 'string' ? phpBase64Decode(input.content) : null;
    assertNotEmptyString(input.filename);
    if (decoded === null || decoded.length === 0) assertNotEmptyString(decoded === null ? null : '');
    return { filename: input.filename as string, content: decoded as Buffer };
  });
}

const IMAGE_EXTENSIONS = new Set(['jpg', 'jpeg', 'png', 'gif', 'bmp']);

function isImageData(data: Buffer): boolean {
  const png = data.length > 8 && data.readUInt32BE(0) === 0x89504e47;
  const jpeg = data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff;
  const gif = data.subarray(0, 4).toString('latin1') === 'GIF8';
  const bmp = data.subarray(0, 2).toString('latin1') === 'BM';
  return png || jpeg || gif || bmp;
}

/** finfo's answer for the kinds of files a helpdesk gets. */
export function sniffContentType(data: Buffer): string {
  const head = data.subarray(0, 512).toString('latin1');
  if (data.length > 8 && data.readUInt32BE(0) === 0x89504e47) return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8) return 'image/jpeg';
  if (head.startsWith('GIF8')) return 'image/gif';
  if (head.startsWith('BM')) return 'image/x-ms-bmp';
  if (head.startsWith('%PDF')) return 'application/pdf';
  if (/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'image/svg+xml';
  if (/^\s*(<!doctype html|<html)/i.test(head)) return 'text/html';
  if (!data.includes(0) && Buffer.from(data.toString('utf8'), 'utf8').equals(data)) return 'text/plain';
  return 'application/octet-stream';
}

/** Width and height from a PNG header, for a thumbnail of the same shape. */
function pngSize(data: Buffer): { width: number; height: number } | undefined {
  if (data.length < 24 || data.readUInt32BE(0) !== 0x89504e47) return undefined;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

/**
 * Imagine's thumbnail(Box(100, 100)) keeps the aspect ratio and never enlarges.
 * Inferred: the simulator draws a light placeholder of that size instead of scaling.
 */
function thumbnailFor(data: Buffer): Buffer {
  const size = pngSize(data) ?? { width: 100, height: 100 };
  const scale = Math.min(1, 100 / Math.max(size.width, size.height, 1));
  const width = Math.max(1, Math.round(size.width * scale));
  const height = Math.max(1, Math.round(size.height * scale));
  return encodePng(width, height, (x, y) => ((x + y) % 8 < 4 ? [236, 238, 242] : [220, 224, 230]));
}

/** Where the product stores a holder's files: `app/attachments/<ticket|comment>/<name>`. */
const UPLOAD_DIR = '/var/www/diamantedesk/app/attachments';

interface StoredName {
  stored: string;
  filename: string;
  image: boolean;
}

function storedName(holder: 'ticket' | 'comment', input: AttachmentInput): StoredName {
  // The file lands at <prefix>/<name>; the attachment keeps the stored file's basename.
  const stored = `${holder}/${phpUrldecode(input.filename)}`;
  const filename = stored.slice(stored.lastIndexOf('/') + 1);
  const extension = filename.includes('.') ? filename.slice(filename.lastIndexOf('.') + 1).toLowerCase() : '';
  return { stored, filename, image: IMAGE_EXTENSIONS.has(extension) };
}

/**
 * Fails as the upload would, before anything is stored: the service writes attachments
 * in one flush with their ticket or comment, so a failing file leaves none behind.
 */
export function assertStorable(holder: 'ticket' | 'comment', inputs: readonly AttachmentInput[]): void {
  for (const input of inputs) {
    const name = storedName(holder, input);
    if (name.image && !isImageData(input.content)) throw new DeskError(404, `Unable to open image ${UPLOAD_DIR}/${name.stored}`);
  }
}

export function createAttachment(state: DiamantedeskState, holder: 'ticket' | 'comment', holderId: number, input: AttachmentInput, now: number): AttachmentRecord {
  assertStorable(holder, [input]);
  const { filename, image } = storedName(holder, input);
  const thumbnail = image ? thumbnailFor(input.content) : null;
  // md5(filename . time()), made unique per simulator so two uploads in one second differ.
  const hash = createHash('md5').update(`${filename}${Math.floor(now / 1000)}#${state.nextId.attachment}`).digest('hex');
  const record: AttachmentRecord = {
    id: state.nextId.attachment++,
    hash,
    filename,
    data: input.content,
    contentType: sniffContentType(input.content),
    thumbnail,
    createdAt: now,
    updatedAt: now,
    holder,
    holderId,
  };
  state.attachments.set(record.id, record);
  state.attachmentsByHash.set(hash, record.id);
  return record;
}
