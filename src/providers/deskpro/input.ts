// Model inputs (drafts, patches, uploaded blobs) as the values DeskPRO's request bodies
// take. Ids are strings in the model and integers in DeskPRO; a non-numeric id is caught
// here as a validation error rather than sent.
import { HelpdeskError } from '../../helpdesk/errors';
import type { NewMessage } from './client';
import type { DpBlob } from './schema';

/** `attachments: [{blob_auth, is_inline: false}]`, or nothing when there are none. */
export function blobsField(blobs: readonly DpBlob[]): Pick<NewMessage, 'attachments'> {
  if (blobs.length === 0) return {};
  return { attachments: blobs.map((blob) => ({ blob_auth: blob.blobAuth, is_inline: false })) };
}

/** A requester given as a person id or an email address, as `POST /tickets` takes it. */
export function requesterValue(requester: string): number | string {
  if (/^\d+$/.test(requester)) return Number(requester);
  if (/^[^\s@]+@[^\s@]+$/.test(requester)) return requester;
  throw new HelpdeskError('validation', 'The requester must be an email address or a person id.', {
    fields: { person: ['Enter an email address or a person id.'] },
  });
}

/** `{name: 12}` for a DeskPRO id given as a string, `{}` when absent. */
export function optionalId<K extends string>(name: K, value: string | undefined): Partial<Record<K, number>> {
  if (value === undefined || value === '') return {};
  if (!/^\d+$/.test(value)) {
    throw new HelpdeskError('validation', `The ${name} "${value}" is not a DeskPRO id.`, {
      fields: { [name]: [`Not a DeskPRO ${name} id.`] },
    });
  }
  return { [name]: Number(value) } as Partial<Record<K, number>>;
}
