// The Markdown preview's two messages, the same in the ticket panel and the Create Ticket
// form: the page asks with the Markdown and a number it counts up, the host answers with
// the sanitized HTML (or why not) under the same number. The page shows an answer only if
// it carries the number it asked last, so a late answer never replaces a newer one.
import { type Guard, isString } from './check';

/** Page → host: render this Markdown for the preview. */
export interface PreviewRequest {
  type: 'renderPreview';
  seq: number;
  markdown: string;
}

/** Host → page: the preview of request `seq`, safe HTML (remote images as placeholders). */
export type PreviewAnswer =
  | { type: 'preview'; seq: number; html: string }
  | { type: 'previewFailed'; seq: number; message: string };

export const isPreviewSeq: Guard<number> = (value): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** The payload guard for the pages' parser tables. */
export const previewRequestFields = { seq: isPreviewSeq, markdown: isString };
