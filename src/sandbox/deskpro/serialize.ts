// Records → the JSON DeskPRO API v2 sends. Copies, so a caller mutating a response
// object (or JSON.stringify running later) never touches the live state.
import { blobDownloadUrl, type AttachmentRecord, type BlobRecord, type DeskproState, type MessageRecord, type PersonRecord, type TicketRecord } from './state';

export function ticketJson(ticket: TicketRecord): Record<string, unknown> {
  return { ...ticket, labels: [...ticket.labels] };
}

export function personJson(person: PersonRecord): Record<string, unknown> {
  return {
    id: person.id,
    name: person.name,
    first_name: person.first_name,
    last_name: person.last_name,
    primary_email: person.primary_email,
    emails: [person.primary_email],
    is_agent: person.is_agent,
    date_created: person.date_created,
  };
}

export function messageJson(message: MessageRecord): Record<string, unknown> {
  return { ...message, attachments: [...message.attachments] };
}

/** `416.08 KB` as the seed shows. Inferred: bytes below 1 KB print as `N B`, and MB above 1 MB. */
export function readableSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(2)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(2)} MB`;
}

export function isImageType(contentType: string): boolean {
  return contentType.toLowerCase().startsWith('image/');
}

/**
 * Following seed 001, `blob_id` is a string. Inferred: `blob_auth_id` equals `blob_auth`
 * (the blob's id followed by its auth code), which is what a message links by.
 */
export function blobJson(state: DeskproState, blob: BlobRecord): Record<string, unknown> {
  return {
    blob_id: String(blob.blob_id),
    blob_auth: blob.blob_auth,
    blob_auth_id: blob.blob_auth,
    content_type: blob.content_type,
    filename: blob.filename,
    filesize: blob.data.length,
    filesize_readable: readableSize(blob.data.length),
    download_url: blobDownloadUrl(state.baseUrl, blob),
    is_image: isImageType(blob.content_type),
    is_temp: blob.is_temp,
  };
}

/** As the notes say, `is_agent_note` is a boolean here (0/1 on messages). */
export function attachmentJson(state: DeskproState, attachment: AttachmentRecord): Record<string, unknown> {
  const blob = state.blobs.get(attachment.blob_id);
  const message = state.messages.get(attachment.message);
  return {
    id: attachment.id,
    ticket: attachment.ticket,
    message: attachment.message,
    person: attachment.person,
    is_agent_note: message?.is_agent_note === 1,
    is_inline: attachment.is_inline,
    blob: blob ? blobJson(state, blob) : null,
  };
}
