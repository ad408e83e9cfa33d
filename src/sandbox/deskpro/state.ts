// The DeskPRO simulator's live data. Records are stored in the vendor's own field names
// and shapes (int ids, `+0000` dates), so serialising is mostly copying; tests read and
// change these maps directly for setup and assertions.
import { listFor } from '../list-map';
import type { Rng } from '../prng';

export const TICKET_STATUSES = ['awaiting_agent', 'awaiting_user', 'pending', 'resolved', 'hidden'] as const;
export type TicketStatusId = (typeof TICKET_STATUSES)[number];

export function isTicketStatus(value: unknown): value is TicketStatusId {
  return typeof value === 'string' && (TICKET_STATUSES as readonly string[]).includes(value);
}

export interface PersonRecord {
  id: number;
  first_name: string;
  last_name: string;
  name: string;
  primary_email: string;
  is_agent: boolean;
  /** Company name, or null for a private address. */
  organization: string | null;
  date_created: string;
}

export interface DepartmentRecord {
  id: number;
  title: string;
}

export interface PriorityRecord {
  id: number;
  title: string;
  /** Sort weight: higher is more important. */
  priority: number;
}

export interface TicketRecord {
  id: number;
  ref: string;
  subject: string;
  status: TicketStatusId;
  person: number;
  agent: number | null;
  department: number | null;
  priority: number | null;
  date_created: string;
  date_last_agent_reply: string | null;
  date_last_user_reply: string | null;
  labels: string[];
  urgency: number;
}

export interface MessageRecord {
  id: number;
  ticket: number;
  person: number;
  date_created: string;
  is_agent_note: 0 | 1;
  /** HTML as stored; the simulator never sanitizes (that is the client's job). */
  message: string;
  /** Attachment ids. */
  attachments: number[];
}

export interface BlobRecord {
  blob_id: number;
  blob_auth: string;
  filename: string;
  content_type: string;
  data: Buffer;
  /** True from upload until a message links it. */
  is_temp: boolean;
  date_created: string;
}

export interface AttachmentRecord {
  id: number;
  ticket: number;
  message: number;
  person: number;
  blob_id: number;
  is_inline: boolean;
}

export interface CredentialRecord {
  kind: 'key' | 'token';
  /** The value after `key ` or `token ` in the Authorization header. */
  secret: string;
  person: number;
}

export interface DeskproState {
  /** Origin of the helpdesk, e.g. http://127.0.0.1:PORT; the API is under /api/v2/. */
  baseUrl: string;
  seed: number;
  /** When the seed's dates end (epoch ms): SEED_EPOCH in tests, the start time in the sandbox. */
  seedEpoch: number;
  /** The agent the main API key and token belong to. */
  meId: number;
  /** The non-agent person behind the restricted key. */
  restrictedPersonId: number;
  people: Map<number, PersonRecord>;
  departments: DepartmentRecord[];
  priorities: PriorityRecord[];
  tickets: Map<number, TicketRecord>;
  messages: Map<number, MessageRecord>;
  /** Message ids of each ticket in the order they were written. */
  ticketMessages: Map<number, number[]>;
  blobs: Map<number, BlobRecord>;
  blobsByAuth: Map<string, number>;
  attachments: Map<number, AttachmentRecord>;
  ticketAttachments: Map<number, number[]>;
  credentials: CredentialRecord[];
  limits: {
    /** Largest accepted upload to /blobs/temp; bigger gives 413. Tests may lower it. */
    maxUploadBytes: number;
    /** Largest accepted JSON body. */
    maxJsonBytes: number;
  };
  nextId: { person: number; ticket: number; message: number; blob: number; attachment: number };
  /** Hits on /__beacon: anything above zero means some client ran hostile content. */
  beaconHits: number;
  /** Continues the seed's sequence for refs and auth codes of things created later. */
  rng: Rng;
  /** How long generating the seed data took, for benchmarks. */
  generatedInMs: number;
}

/** DeskPRO's timestamp form: `2025-05-01T08:02:02+0000`. */
export function formatDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}

export const BLOB_AUTH_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ0123456789';
export const REF_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A ticket ref like `ABCD-1234-WXYZ`. */
export function newRef(rng: Rng): string {
  return `${rng.code(4, REF_LETTERS)}-${rng.code(4, '0123456789')}-${rng.code(4, REF_LETTERS)}`;
}

/** Inferred: blob_auth is the blob id followed by a random code (the seed shows `5682XGMHPR8QZWMXZD0`). */
export function newBlobAuth(rng: Rng, blobId: number): string {
  return `${blobId}${rng.code(15, BLOB_AUTH_ALPHABET)}`;
}

/** Where a blob is downloaded from: `/file.php/AUTH/NAME`, as the seed's blob_auth_url. */
export function blobDownloadUrl(baseUrl: string, blob: BlobRecord): string {
  return `${baseUrl}/file.php/${blob.blob_auth}/${encodeURIComponent(blob.filename)}`;
}

export function addBlob(state: DeskproState, blob: Omit<BlobRecord, 'blob_id' | 'blob_auth'>): BlobRecord {
  const blobId = state.nextId.blob++;
  const record: BlobRecord = { blob_id: blobId, blob_auth: newBlobAuth(state.rng, blobId), ...blob };
  state.blobs.set(blobId, record);
  state.blobsByAuth.set(record.blob_auth, blobId);
  return record;
}

/** Links a blob to a message as an attachment and returns the attachment id. */
export function attachBlob(state: DeskproState, message: MessageRecord, blob: BlobRecord, isInline: boolean): number {
  const id = state.nextId.attachment++;
  state.attachments.set(id, { id, ticket: message.ticket, message: message.id, person: message.person, blob_id: blob.blob_id, is_inline: isInline });
  listFor(state.ticketAttachments, message.ticket).push(id);
  message.attachments.push(id);
  blob.is_temp = false;
  return id;
}

export function addMessage(state: DeskproState, message: Omit<MessageRecord, 'id' | 'attachments'>): MessageRecord {
  const record: MessageRecord = { id: state.nextId.message++, ...message, attachments: [] };
  state.messages.set(record.id, record);
  listFor(state.ticketMessages, record.ticket).push(record.id);
  return record;
}
