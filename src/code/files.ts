// Checks on a file before it goes into a ticket as text (the whole file, a snippet, a diff) or
// as an attachment: is it text at all, is it small enough. The answers are sentences the UI
// shows as they are.

/** How much of a file's start is enough to tell text from binary. */
export const SNIFF_BYTES = 8 * 1024;

// Control bytes other than tab, line feed, form feed, carriage return and escape (coloured
// logs) are rare in text; past this share of the sniffed bytes the file is binary.
const CONTROL_SHARE_LIMIT = 0.1;

export type ContentKind =
  | { readonly kind: 'text'; readonly encoding: 'utf8' | 'utf16le' | 'utf16be' }
  | { readonly kind: 'binary' };

/** Tells text from binary by the first SNIFF_BYTES bytes (pass more, and only those are read). */
export function sniffContent(bytes: Uint8Array): ContentKind {
  const head = bytes.subarray(0, SNIFF_BYTES);
  // UTF-16 text is full of NUL bytes; its byte-order mark says it is text all the same.
  if (head[0] === 0xff && head[1] === 0xfe) return { kind: 'text', encoding: 'utf16le' };
  if (head[0] === 0xfe && head[1] === 0xff) return { kind: 'text', encoding: 'utf16be' };
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return { kind: 'binary' };
    if (isOddControlByte(byte)) control++;
  }
  return head.length > 0 && control / head.length > CONTROL_SHARE_LIMIT ? { kind: 'binary' } : { kind: 'text', encoding: 'utf8' };
}

function isOddControlByte(byte: number): boolean {
  return (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b) || byte === 0x7f;
}

export function looksBinary(bytes: Uint8Array): boolean {
  return sniffContent(bytes).kind === 'binary';
}

export interface FileCandidate {
  /** The name shown in the reason: a file name or workspace-relative path. */
  readonly name: string;
  readonly sizeBytes: number;
  /** The file's first bytes (at least SNIFF_BYTES of them, when the file is that long). */
  readonly head: Uint8Array;
}

export interface FileCheckOptions {
  readonly maxBytes: number;
  /**
   * Accept binary files (an image attached as it is). Off by default: text is what can be
   * scanned for secrets, and a snippet, a whole file or a diff must be text.
   */
  readonly allowBinary?: boolean;
}

export type FileCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Whether a file may go into the ticket, and if not, why, as a sentence. */
export function checkFileCandidate(file: FileCandidate, options: FileCheckOptions): FileCheck {
  const name = `"${file.name}"`;
  if (file.sizeBytes === 0) return { ok: false, reason: `${name} is empty, so there is nothing to attach.` };
  if (file.sizeBytes > options.maxBytes) {
    return { ok: false, reason: `${name} is ${formatSize(file.sizeBytes)}, over the ${formatSize(options.maxBytes)} limit for attachments.` };
  }
  if (!options.allowBinary && looksBinary(file.head)) {
    return { ok: false, reason: `${name} looks like a binary file, and only text files can be included here.` };
  }
  return { ok: true };
}

/** 512 B, 3.4 KB, 25 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB'];
  return `${value >= 10 ? Math.round(value) : value.toFixed(1).replace(/\.0$/, '')} ${unit}`;
}
