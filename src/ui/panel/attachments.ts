// Files in and out of a ticket panel: the files picked for the reply (held on the host,
// each checked against the size limit before it is read) and downloads of the
// conversation's attachments through a save dialog.
import * as l10n from '@vscode/l10n';
import { HelpdeskError, toHelpdeskError } from '../../helpdesk/errors';
import type { Attachment, Download, UploadFile } from '../../helpdesk/model';
import type { HostToWebview, PendingAttachment } from '../../shared/protocol/panel';
import type { PickedFile } from '../filePicker';
import { displayFileName } from './fileNames';
import type { PanelContext } from './parts';
import { oversizeMessage, PendingAttachments } from './pendingAttachments';

/** What the panel needs from the editor to pick and save files. */
export interface PanelFileHost {
  pickFiles(): Promise<PickedFile[]>;
  /** Asks where to save; undefined when the user cancels. */
  pickSaveTarget(defaultName: string): Promise<string | undefined>;
  writeFile(target: string, data: Uint8Array): Promise<void>;
  /** Tells the user the file is saved (offering to open it). */
  downloaded(target: string): void;
}

export interface PanelAttachmentsOptions {
  host: PanelFileHost;
  maxAttachmentBytes: () => number;
  /** False when the helpdesk takes no files on replies (unknown until the panel loads). */
  attachOnReply: () => boolean | undefined;
  /** Posts to a page that has its draft, now or as soon as it has. */
  postToPage: (message: HostToWebview) => void;
}

export class PanelAttachments {
  private readonly pending = new PendingAttachments();

  constructor(
    private readonly context: PanelContext,
    private readonly options: PanelAttachmentsOptions,
  ) {}

  get count(): number {
    return this.pending.count;
  }

  list(): PendingAttachment[] {
    return this.pending.list();
  }

  uploads(): UploadFile[] {
    return this.pending.uploads();
  }

  clear(): void {
    this.pending.clear();
  }

  /** Files over the limit (the limit may have been lowered since they were picked), as sentences. */
  oversize(): string[] {
    const limit = this.options.maxAttachmentBytes();
    return this.pending.oversize(limit).map((file) => oversizeMessage(file.name, file.size, limit));
  }

  remove(id: string): void {
    if (this.pending.remove(id)) this.context.post({ type: 'attachments', attachments: this.pending.list() });
  }

  async pick(): Promise<void> {
    if (this.options.attachOnReply() === false) {
      return this.context.postError(new HelpdeskError('unsupported', l10n.t('This helpdesk does not accept attachments on replies.')), 'attach');
    }
    let picked: PickedFile[];
    try {
      picked = await this.options.host.pickFiles();
    } catch (error) {
      return this.context.postError(toHelpdeskError(error), 'attach');
    }
    await this.add(picked);
  }

  /** Holds the files for the reply, refusing (with a reason) any over the size limit. */
  async add(picked: PickedFile[]): Promise<void> {
    const limit = this.options.maxAttachmentBytes();
    const refused: string[] = [];
    for (const file of picked) {
      // Refuse by the size the file system reports, before reading a byte of it.
      if (file.size > limit) {
        refused.push(oversizeMessage(file.name, file.size, limit));
        continue;
      }
      try {
        const data = await file.read();
        if (data.byteLength > limit) refused.push(oversizeMessage(file.name, data.byteLength, limit));
        else this.pending.add(file.name, data);
      } catch (error) {
        refused.push(l10n.t('"{0}" could not be read: {1}', file.name, toHelpdeskError(error).message));
      }
    }
    this.context.post({ type: 'attachments', attachments: this.pending.list() });
    if (refused.length > 0) {
      this.options.postToPage({ type: 'error', error: { kind: 'tooLarge', message: refused.join('\n') }, context: 'attach' });
    }
  }

  async download(attachment: Attachment): Promise<void> {
    let target: string | undefined;
    try {
      target = await this.options.host.pickSaveTarget(attachment.name);
      if (target === undefined) return;
      this.context.post({ type: 'busy', busy: true, label: l10n.t('Downloading {0}…', displayFileName(attachment.name)) });
      const file: Download = await this.context.session.run((p) => p.download(attachment));
      await this.options.host.writeFile(target, file.data);
      this.options.host.downloaded(target);
    } catch (error) {
      this.context.postError(toHelpdeskError(error), 'download');
    } finally {
      if (target !== undefined) this.context.post({ type: 'busy', busy: false });
    }
  }
}
