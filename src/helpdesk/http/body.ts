// Turning a request's json / form / multipart / raw body into what undici sends.
import type { FormData as UndiciFormData } from 'undici';
import { HelpdeskError } from '../errors';
import type { HttpRequest } from './types';

export interface EncodedBody {
  body?: string | Uint8Array | UndiciFormData;
  /** Absent for multipart: undici writes the header itself, with the boundary. */
  contentType?: string;
}

export function encodeRequestBody(req: HttpRequest): EncodedBody {
  const given = [req.json !== undefined, req.form !== undefined, req.multipart !== undefined, req.body !== undefined];
  if (given.filter(Boolean).length > 1) {
    const message = `${req.method} ${req.path}: a request carries one body (json, form, multipart or body)`;
    throw new HelpdeskError('config', message);
  }
  if (req.json !== undefined) return { body: JSON.stringify(req.json), contentType: 'application/json; charset=utf-8' };
  if (req.form !== undefined) return { body: encodeForm(req.form), contentType: 'application/x-www-form-urlencoded' };
  // Node's global FormData and undici's are the same implementation in different
  // packages; undici recognises any spec FormData by shape, so the cast is sound.
  if (req.multipart !== undefined) return { body: req.multipart as unknown as UndiciFormData };
  if (req.body !== undefined) return { body: req.body };
  return {};
}

function encodeForm(form: NonNullable<HttpRequest['form']>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    if (value !== undefined) params.append(key, String(value));
  }
  return params.toString();
}
