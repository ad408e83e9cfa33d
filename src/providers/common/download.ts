// An attachment's bytes as the UI saves them.
import { HelpdeskError } from '../../helpdesk/errors';
import type { HttpResponse } from '../../helpdesk/http/types';
import type { Attachment, Download } from '../../helpdesk/model';
import { filenameFromContentDisposition } from './contentDisposition';

/** The server's file name and type when it sends them, else the ones the ticket listed. */
export function downloadOf(attachment: Attachment, response: HttpResponse<Uint8Array>): Download {
  const name = filenameFromContentDisposition(response.headers['content-disposition']) ?? attachment.name;
  const contentType = response.headers['content-type'] ?? attachment.contentType;
  if (isWebPageInsteadOf(attachment, response.headers['content-type'])) {
    // A sign-in or error page in front of the helpdesk answers 200 too; saved under the
    // file's name it would pass for the file.
    throw new HelpdeskError('protocol', `The helpdesk sent a web page instead of ${attachment.name} (${response.status}); open the ticket in the browser to download it`, {
      status: response.status,
    });
  }
  return { name, data: response.body, ...(contentType !== undefined && { contentType }) };
}

function isWebPageInsteadOf(attachment: Attachment, sentType: string | undefined): boolean {
  if (!/^\s*text\/html\b/i.test(sentType ?? '')) return false;
  const listedAsHtml = /^\s*text\/html\b/i.test(attachment.contentType ?? '') || /\.x?html?$/i.test(attachment.name);
  return !listedAsHtml;
}
