// Field checks for JSON bodies. Each reads one value, records any problem in InputErrors
// and returns the checked value (or undefined). Strict on types: an id must be a JSON
// integer, not "42". Inferred: the documents show ints and DeskPRO's forms are typed.
import type { InputErrors } from './errors';
import { isTicketStatus, type DeskproState, type TicketStatusId } from './state';

type Path = readonly string[];

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

/** Inferred: DeskPRO subjects are limited to 255 characters like its other title fields. */
export const MAX_SUBJECT_LENGTH = 255;

export function readText(value: unknown, path: Path, errors: InputErrors, options: { required: boolean; max?: number }): string | undefined {
  if (value === undefined || value === null) {
    if (options.required) errors.add(path, 'required', 'This value should not be blank.');
    return undefined;
  }
  if (typeof value !== 'string') {
    errors.add(path, 'invalid_type', 'This value should be of type string.');
    return undefined;
  }
  if (value.trim() === '') {
    if (options.required) errors.add(path, 'required', 'This value should not be blank.');
    return undefined;
  }
  if (options.max !== undefined && value.length > options.max) {
    errors.add(path, 'too_long', `This value is too long. It should have ${options.max} characters or less.`);
    return undefined;
  }
  return value;
}

export function readInteger(value: unknown, path: Path, errors: InputErrors): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  errors.add(path, 'invalid_type', 'This value should be of type integer.');
  return undefined;
}

/** A flag as JSON true/false or 0/1. */
export function readFlag(value: unknown, path: Path, errors: InputErrors): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  errors.add(path, 'invalid_type', 'This value should be of type boolean.');
  return undefined;
}

export function readStatus(value: unknown, path: Path, errors: InputErrors): TicketStatusId | undefined {
  if (isTicketStatus(value)) return value;
  errors.add(path, 'invalid_choice', 'The value you selected is not a valid choice.');
  return undefined;
}

export function readLabels(value: unknown, path: Path, errors: InputErrors): string[] | undefined {
  if (!Array.isArray(value) || value.some((label) => typeof label !== 'string' || label.trim() === '')) {
    errors.add(path, 'invalid_type', 'This value should be a list of non-empty strings.');
    return undefined;
  }
  return [...new Set(value.map((label: string) => label.trim()))];
}

/** `agent`: an agent's person id; 0 or null unassigns (returned as null). */
export function readAgent(state: DeskproState, value: unknown, path: Path, errors: InputErrors): number | null | undefined {
  if (value === null || value === 0) return null;
  const id = readInteger(value, path, errors);
  if (id === undefined) return undefined;
  if (!state.people.get(id)?.is_agent) {
    errors.add(path, 'invalid_agent', `There is no agent with id ${id}.`);
    return undefined;
  }
  return id;
}

/** A department or priority id that must exist (`nullable` lets null clear it). */
export function readRef(ids: ReadonlySet<number>, value: unknown, path: Path, errors: InputErrors, nullable: boolean): number | null | undefined {
  if (value === null && nullable) return null;
  const id = readInteger(value, path, errors);
  if (id === undefined) return undefined;
  if (!ids.has(id)) {
    errors.add(path, 'invalid_choice', `There is no ${path[path.length - 1]} with id ${id}.`);
    return undefined;
  }
  return id;
}

export function readUrgency(value: unknown, path: Path, errors: InputErrors): number | undefined {
  const urgency = readInteger(value, path, errors);
  if (urgency === undefined) return undefined;
  if (urgency < 1 || urgency > 10) {
    errors.add(path, 'out_of_range', 'Urgency must be between 1 and 10.');
    return undefined;
  }
  return urgency;
}

export interface AttachmentInput {
  blobId: number;
  isInline: boolean;
}

/** `attachments: [{blob_auth, is_inline?}]`; every blob_auth must name an uploaded blob. */
export function readAttachments(state: DeskproState, value: unknown, path: Path, errors: InputErrors): AttachmentInput[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.add(path, 'invalid_type', 'This value should be a list.');
    return undefined;
  }
  const result: AttachmentInput[] = [];
  let ok = true;
  value.forEach((item: unknown, index) => {
    const at = [...path, String(index)];
    if (!isPlainObject(item)) {
      errors.add(at, 'invalid_type', 'Each attachment must be an object with a blob_auth.');
      ok = false;
      return;
    }
    errors.rejectUnknown(item, ['blob_auth', 'is_inline'], at);
    const auth = readText(item.blob_auth, [...at, 'blob_auth'], errors, { required: true });
    const isInline = readFlag(item.is_inline, [...at, 'is_inline'], errors) ?? false;
    if (auth === undefined) return void (ok = false);
    const blobId = state.blobsByAuth.get(auth);
    if (blobId === undefined) {
      errors.add([...at, 'blob_auth'], 'invalid_blob', 'No uploaded file matches this blob_auth.');
      ok = false;
      return;
    }
    result.push({ blobId, isInline });
  });
  return ok ? result : undefined;
}

export function readFormat(value: unknown, path: Path, errors: InputErrors): 'html' | 'text' | undefined {
  if (value === undefined) return 'html';
  if (value === 'html' || value === 'text') return value;
  errors.add(path, 'invalid_choice', 'The format must be "html" or "text".');
  return undefined;
}
