// The files a new ticket will carry, held on the host: the page sees names and sizes only.
// Code-made files (snippet, whole file, diff) are added at most once each.
import type { UploadFile } from '../../helpdesk/model';
import { contentTypeFor } from '../panel/pendingAttachments';
import type { AttachmentSource, FormAttachmentView } from '../../shared/protocol/createForm';

interface HeldAttachment {
  readonly id: string;
  readonly name: string;
  readonly source: AttachmentSource;
  data: Uint8Array;
}

export class FormAttachments {
  private items: HeldAttachment[] = [];
  private counter = 0;

  list(): FormAttachmentView[] {
    return this.items.map(({ id, name, source, data }) => ({ id, name, source, size: data.byteLength }));
  }

  get count(): number {
    return this.items.length;
  }

  has(source: AttachmentSource): boolean {
    return source !== 'picked' && this.items.some((item) => item.source === source);
  }

  add(source: AttachmentSource, name: string, data: Uint8Array): FormAttachmentView | undefined {
    if (this.has(source)) return undefined;
    const item: HeldAttachment = { id: `f${++this.counter}`, name, source, data };
    this.items.push(item);
    return { id: item.id, name, source, size: data.byteLength };
  }

  remove(id: string): boolean {
    const before = this.items.length;
    this.items = this.items.filter((item) => item.id !== id);
    return this.items.length !== before;
  }

  /** Each file's bytes, to scan and, after redaction, to replace. */
  entries(): ReadonlyArray<{ readonly id: string; readonly name: string; readonly data: Uint8Array }> {
    return this.items;
  }

  replaceData(id: string, data: Uint8Array): void {
    const item = this.items.find((candidate) => candidate.id === id);
    if (item) item.data = data;
  }

  uploads(): UploadFile[] {
    return this.items.map(({ name, source, data }) => ({ name, contentType: uploadContentType(name, source), data }));
  }
}

/**
 * Everything attached here is text (binary files are refused: they cannot be checked for
 * secrets). A helpdesk shows `text/plain` inline where it can, while the generic
 * `application/octet-stream` only downloads, so that is the fallback for source code.
 */
export function uploadContentType(name: string, source: AttachmentSource): string {
  const known = contentTypeFor(name);
  if (known !== 'application/octet-stream') return known;
  return source === 'diff' ? 'text/x-diff' : 'text/plain';
}
