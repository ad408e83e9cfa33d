// Model inputs (ids, drafts, patches, files) as the values DiamanteDesk's request bodies
// take. Wrong values are caught here as validation errors rather than sent: the server
// answers many of them with a 500 and a validator dump.
import { HelpdeskError } from '../../helpdesk/errors';
import type { DraftFieldValue, UploadFile } from '../../helpdesk/model';
import { AGENT_PREFIX, PRIORITIES, SOURCES, STATUSES } from './mapping';

/**
 * Files travel base64 inside a JSON body (each file in its own request), which PHP's
 * `post_max_size` (8M by default) limits as a whole; DiamanteDesk sets no limit of its
 * own. Base64 makes 6 MiB of file 8 MiB of body, so a stock PHP takes a little under
 * 6 MiB, and a web server or proxy in front often less; a body over the limit is dropped
 * whole, after the reply it belongs to was posted. So the limit stays a third below that
 * ceiling: 4 MiB of file, about 5.4 MiB of body.
 */
export const DEFAULT_MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

/** A ticket by numeric id or by key (`BRANCHB-3`), as a path segment. */
export function ticketSegment(id: string): string {
  const text = id.trim();
  if (!/^\d{1,15}$/.test(text) && !/^[\p{L}]+-\d+$/u.test(text)) {
    throw new HelpdeskError('validation', `"${id}" is not a DiamanteDesk ticket id or key.`, { fields: { ticket: ['Not a ticket id or key.'] } });
  }
  return encodeURIComponent(text);
}

/** The numeric id, when `id` is one (comments and attachments need it, not the key). */
export function numericTicketId(id: string): number | undefined {
  const text = id.trim();
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

export function branchValue(value: string, field = 'department'): number {
  const text = value.trim();
  if (!/^\d{1,15}$/.test(text)) {
    throw new HelpdeskError('validation', `"${value}" is not a DiamanteDesk branch id.`, { fields: { [field]: ['Not a branch id.'] } });
  }
  return Number(text);
}

/** An agent as `assignee` takes it: `oro_5` (or a bare `5`) → 5. Customers cannot be assigned. */
export function assigneeValue(agent: string): number {
  const text = agent.trim();
  const digits = text.startsWith(AGENT_PREFIX) ? text.slice(AGENT_PREFIX.length) : text;
  if (!/^\d{1,15}$/.test(digits)) {
    throw new HelpdeskError('validation', `"${agent}" is not a DiamanteDesk agent.`, { fields: { agent: ['Choose an agent.'] } });
  }
  return Number(digits);
}

export function statusValue(value: string, field = 'status'): string {
  return oneOf(value, STATUSES.map((status) => status.id), 'status', field);
}

export function priorityValue(value: string): string {
  return oneOf(value, PRIORITIES.map((priority) => priority.id), 'priority', 'priority');
}

export function sourceValue(value: DraftFieldValue | undefined): string {
  if (value === undefined || value === '') return 'web';
  return oneOf(String(value), SOURCES.map((source) => source.id), 'source', 'source');
}

function oneOf(value: string, allowed: readonly string[], what: string, field: string): string {
  const text = value.trim().toLowerCase();
  if (allowed.includes(text)) return text;
  throw new HelpdeskError('validation', `"${value}" is not a DiamanteDesk ${what}.`, { fields: { [field]: [`Use one of: ${allowed.join(', ')}.`] } });
}

/**
 * Refuses files over the limit before anything is encoded or sent, so a reply or ticket is
 * never posted only to have its files bounce.
 */
export function checkUploadSizes(files: readonly UploadFile[], limitBytes: number): void {
  const tooLarge = files.filter((file) => file.data.byteLength > limitBytes);
  if (tooLarge.length === 0) return;
  const names = tooLarge.map((file) => `"${file.name}" (${megabytes(file.data.byteLength)})`).join(', ');
  throw new HelpdeskError(
    'tooLarge',
    `DiamanteDesk takes files of up to ${megabytes(limitBytes)} through its API (they travel base64-encoded in JSON); ${names} ${tooLarge.length === 1 ? 'is' : 'are'} larger.`,
  );
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

/** The body of `POST .../attachments` for one file. */
export function attachmentsInput(file: UploadFile): { attachmentsInput: Array<{ filename: string; content: string }> } {
  return { attachmentsInput: [{ filename: file.name, content: Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength).toString('base64') }] };
}
