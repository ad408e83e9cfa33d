// TECH API routes for adding to a ticket on an agent's behalf, served only while the
// instance's notesRoute switch is on (and listed in its /swagger only then):
// - POST /api/v2/tech/files (multipart, part `file`) uploads a file and returns its id;
// - POST /api/v2/tech/tickets/{ticketId}/comments adds a note (public or internal) with
//   the uploaded files attached, answering the note in the Copilot TicketNote shape;
// - GET /api/v2/tech/files/{fileId} downloads a file (`?mode=json`: its details).
// Inferred: these paths and bodies. The vendor says notes can be added "on behalf of a
// user" through the Portal/TECH APIs listed in each instance's /swagger; its server notes
// speak of ticket comments, uploading a file with a context before attaching it, and an
// attachment API with a `json` mode.
import { contentDisposition, jsonResponse, type SimResponse } from '../../http-util';
import { apiError, FieldErrors } from '../errors';
import type { QueryParam } from '../query';
import { intParam, type RouteContext } from '../router';
import type { BodyField } from '../schema';
import { noteJson } from '../serialize';
import { addFile, addNote, formatDate, type FileRecord } from '../state';
import { validateBody } from '../validate';

export const COMMENT_FIELDS: readonly BodyField[] = [
  { name: 'note', title: 'Note', description: 'The note text (Markdown).', kind: 'markdown', required: true, maxLength: 20_000 },
  { name: 'isInternal', title: 'Internal', description: 'Visible to agents only.', kind: 'boolean', required: false },
  { name: 'attachmentIds', title: 'Attachments', description: 'IDs of files uploaded with POST /api/v2/tech/files.', kind: 'stringList', required: false },
];

export const FILE_QUERY: readonly QueryParam[] = [{ name: 'mode', kind: 'enum', values: ['json'] }];

function fileJson(file: FileRecord) {
  return { id: file.id, name: file.name, contentType: file.contentType, size: file.data.length, createdOn: formatDate(file.createdOn) };
}

export function addComment(ctx: RouteContext): SimResponse {
  const { state, caller } = ctx;
  const id = intParam(ctx, 'ticketId');
  const ticket = state.tickets.get(id);
  if (!ticket) throw apiError(404, `Ticket ${id} was not found.`);
  const errors = new FieldErrors();
  const values = validateBody(ctx.body, COMMENT_FIELDS, errors, { nullMeansAbsent: true });
  const attachmentIds = [...new Set((values.get('attachmentIds') as string[] | undefined) ?? [])];
  attachmentIds.forEach((fileId, index) => {
    const file = state.files.get(fileId);
    if (!file) errors.add(`attachmentIds[${index}]`, `File ${fileId} does not exist. Upload it with POST /api/v2/tech/files first.`);
    else if (file.noteId !== null) errors.add(`attachmentIds[${index}]`, `File ${fileId} is already attached to note ${file.noteId}.`);
  });
  errors.throwIfAny();
  const now = state.now();
  const note = addNote(state, {
    ticketId: ticket.id,
    note: values.get('note') as string,
    type: 'comment',
    isInternal: (values.get('isInternal') as boolean | undefined) ?? false,
    createdOn: now,
    author: { type: 'agent', id: caller.agent.id },
    timeEntry: null,
    attachmentIds,
  });
  ticket.modifiedOn = now;
  return jsonResponse(200, noteJson(state, note));
}

export async function uploadFile(ctx: RouteContext): Promise<SimResponse> {
  const { state, form, caller } = ctx;
  if (!form) throw apiError(500);
  const errors = new FieldErrors();
  const names = [...new Set(form.keys())];
  // ASP.NET binds form names case-insensitively; other parts are refused (a decision, as for JSON).
  for (const name of names.filter((part) => part.toLowerCase() !== 'file')) errors.add(name, `Unexpected form part "${name}". Send the file in a part named "file".`);
  const parts = names.filter((part) => part.toLowerCase() === 'file').flatMap((part) => form.getAll(part));
  const file = parts[0];
  if (file === undefined) errors.add('file', 'Upload a file in the "file" part.');
  else if (typeof file === 'string') errors.add('file', 'The "file" part must be a file, not a text field.');
  else if (parts.length > 1) errors.add('file', 'Upload one file per request.');
  else if (file.size === 0) errors.add('file', 'The uploaded file is empty.');
  errors.throwIfAny();
  const upload = file as File;
  if (upload.size > state.limits.maxUploadBytes) throw apiError(413, `The file is larger than the ${state.limits.maxUploadBytes} bytes this instance accepts.`);
  const record = addFile(state, {
    name: upload.name.split(/[\\/]/).pop() || 'file',
    contentType: upload.type === '' ? 'application/octet-stream' : upload.type.toLowerCase(),
    data: Buffer.from(await upload.arrayBuffer()),
    createdOn: state.now(),
    uploadedBy: { type: 'agent', id: caller.agent.id },
  });
  return jsonResponse(200, fileJson(record));
}

export function downloadFile(ctx: RouteContext): SimResponse {
  const fileId = ctx.params.fileId ?? '';
  const file = ctx.state.files.get(fileId);
  if (!file) throw apiError(404, `File ${fileId} was not found.`);
  if (ctx.query.string('mode') === 'json') return jsonResponse(200, fileJson(file));
  return {
    status: 200,
    headers: { 'Content-Type': file.contentType, 'Content-Disposition': contentDisposition(file.name), 'X-Content-Type-Options': 'nosniff' },
    body: file.data,
  };
}
