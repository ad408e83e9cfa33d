// An attachment's bytes as the UI saves them.
import type { HttpResponse } from '../../helpdesk/http/types';
import type { Attachment, Download } from '../../helpdesk/model';
import { filenameFromContentDisposition } from './contentDisposition';

/** The server's file name and type when it sends them, else the ones the ticket listed. */
export function downloadOf(attachment: Attachment, response: HttpResponse<Uint8Array>): Download {
  const name = filenameFromContentDisposition(response.headers['content-disposition']) ?? attachment.name;
  const contentType = response.headers['content-type'] ?? attachment.contentType;
  return { name, data: response.body, ...(contentType !== undefined && { contentType }) };
}
