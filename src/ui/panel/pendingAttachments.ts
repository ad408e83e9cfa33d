// Files picked for a reply. The bytes stay on the host (the webview only sees names
// and sizes) and every file is checked against the size limit before it is read.
import * as l10n from '@vscode/l10n';
import type { UploadFile } from '../../helpdesk/model';
import type { PendingAttachment } from '../../shared/protocol/panel';
import type { PickedFile } from '../filePicker';

interface HeldFile extends UploadFile {
  id: string;
}

export class PendingAttachments {
  private files: HeldFile[] = [];
  private counter = 0;

  list(): PendingAttachment[] {
    return this.files.map((file) => ({ id: file.id, name: file.name, size: file.data.byteLength }));
  }

  uploads(): UploadFile[] {
    return this.files.map(({ name, contentType, data }) => ({ name, contentType, data }));
  }

  get count(): number {
    return this.files.length;
  }

  add(name: string, data: Uint8Array): PendingAttachment {
    const file: HeldFile = { id: `a${++this.counter}`, name, contentType: contentTypeFor(name), data };
    this.files.push(file);
    return { id: file.id, name, size: data.byteLength };
  }

  remove(id: string): boolean {
    const before = this.files.length;
    this.files = this.files.filter((file) => file.id !== id);
    return this.files.length !== before;
  }

  /** Files over the limit (the limit may have been lowered since they were picked). */
  oversize(limitBytes: number): PendingAttachment[] {
    return this.list().filter((file) => file.size > limitBytes);
  }

  clear(): void {
    this.files = [];
  }
}

export function oversizeMessage(name: string, sizeBytes: number, limitBytes: number): string {
  return l10n.t('"{0}" is {1}, over the {2} limit (setting helpdesk.maxAttachmentSizeMB).', name, formatBytes(sizeBytes), formatBytes(limitBytes));
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${trim(bytes / 1024)} KB`;
  return `${trim(bytes / (1024 * 1024))} MB`;
}

function trim(value: number): string {
  return value >= 10 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, '');
}

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  txt: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  xml: 'application/xml',
  zip: 'application/zip',
  gz: 'application/gzip',
};

/** Helpdesks label attachments by type; unknown extensions go as generic bytes. */
export function contentTypeFor(name: string): string {
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}
