// The hostile ticket: every field a client renders carries a script payload aimed at the
// simulator's own /__beacon route: summary, description, notes (HTML and Markdown), the
// contact's and account's names, tags, a custom field, a task list and file names. If a
// client ever executes or auto-loads one of them, `beaconHits` goes above zero. The whole
// corpus (xss-corpus.ts) follows as the contact's notes in HTML and Markdown, link texts,
// file names, a tag, and a status an admin named with a script, which the ticket is in.
import { beaconUrl, hostileCorpus, hostileTicketText } from '../hostile-payloads';
import { listFor } from '../list-map';
import { MINUTE } from '../seed-timeline';
import { addActivity, addFile, addNote, type DeskdirectorState } from './state';

export function seedHostileTicket(state: DeskdirectorState, id: number, created: number): void {
  const base = state.origin;
  const beacon = (source: string): string => beaconUrl(base, source);
  const text = hostileTicketText(base);
  const corpus = hostileCorpus(base);
  const at = (minutes: number): number => created + minutes * MINUTE;

  // PSA admins name their boards' statuses.
  const statusId = Math.max(...state.statuses.map((status) => status.id).filter((id) => id < 40)) + 3;
  state.statuses.push({ id: statusId, boardId: 3, name: corpus.nextText(), isClosed: false, isDefault: false });

  const accountId = Math.max(...state.accounts.keys()) + 3;
  state.accounts.set(accountId, { id: accountId, name: `<b onmouseover="fetch('${beacon('account')}')">Evil Corp</b>`, domain: 'attacker.example' });
  const contactId = Math.max(...state.contacts.keys()) + 1;
  state.contacts.set(contactId, {
    id: contactId,
    firstName: text.firstName,
    lastName: text.lastName,
    name: `${text.firstName} ${text.lastName}`,
    email: text.email,
    accountId,
  });

  // DeskDirector bodies are Markdown as well as HTML: links and images in Markdown too.
  const markdown = [`[Open the invoice](javascript:fetch('${beacon('markdown-link')}'))`, `![tracking](${beacon('markdown-image')})`, `<${beacon('autolink')}>`].join('\n\n');
  state.tickets.set(id, {
    id,
    summary: text.subject,
    description: `${text.opening}\n\n${markdown}`,
    requestTypeId: 27,
    boardId: 3,
    statusId,
    priorityId: 15,
    sourceId: 5,
    accountId,
    contactId,
    assignedAgentIds: [state.meId],
    tags: ['billing', `"><svg onload="fetch('${beacon('tag')}')">`, corpus.nextText()],
    categories: [],
    createdOn: at(0),
    modifiedOn: at(90),
    closedOn: null,
    dueDate: null,
    customFields: { assetTag: `<img src=x onerror="fetch('${beacon('custom-field')}')">`, deviceType: 'Laptop' },
    createdBy: { type: 'contact', id: contactId },
  });
  addActivity(state, id, 'ticketCreated', at(0), { type: 'contact', id: contactId });

  const attachmentIds = text.files.map((file) => addFile(state, { name: file.filename, contentType: file.contentType, data: Buffer.from(file.text, 'utf8'), createdOn: at(1), uploadedBy: { type: 'contact', id: contactId } }).id);
  addNote(state, { ticketId: id, note: `Files attached. ${text.files.length} of them.`, type: 'comment', isInternal: false, createdOn: at(1), author: { type: 'contact', id: contactId }, timeEntry: null, attachmentIds });
  addNote(state, { ticketId: id, note: 'This looks like a phishing attempt. Do not open the attachments.', type: 'comment', isInternal: true, createdOn: at(30), author: { type: 'agent', id: state.meId }, timeEntry: null, attachmentIds: [] });
  addNote(state, { ticketId: id, note: text.agentReply, type: 'comment', isInternal: false, createdOn: at(45), author: { type: 'agent', id: state.meId }, timeEntry: null, attachmentIds: [] });
  const bodies = [...corpus.htmlBodies, corpus.markdownBody, corpus.markdownHtmlBody, corpus.linkTexts.markdown, corpus.linkTexts.html];
  bodies.forEach((note, index) =>
    addNote(state, { ticketId: id, note, type: 'comment', isInternal: false, createdOn: at(50 + index), author: { type: 'contact', id: contactId }, timeEntry: null, attachmentIds: [] }),
  );
  const when = at(50 + bodies.length);
  const moreFiles = corpus.fileNames(4).map((name) => addFile(state, { name, contentType: 'text/plain', data: Buffer.from('Nothing to see here.\n', 'utf8'), createdOn: when, uploadedBy: { type: 'contact', id: contactId } }).id);
  addNote(state, { ticketId: id, note: 'More documents attached.', type: 'comment', isInternal: false, createdOn: when, author: { type: 'contact', id: contactId }, timeEntry: null, attachmentIds: moreFiles });
  addNote(state, { ticketId: id, note: text.attackerReply, type: 'comment', isInternal: false, createdOn: at(90), author: { type: 'contact', id: contactId }, timeEntry: null, attachmentIds: [] });
  listFor(state.taskLists, id).push({
    id: `tickettasklists/${id}-A`,
    name: `<script>fetch('${beacon('task-list')}')</script>Checklist`,
    isPrivate: false,
    isArchived: false,
    done: 0,
    total: 2,
    createdOn: at(31),
    createdBy: state.meId,
    modifiedOn: at(31),
    modifiedBy: state.meId,
  });
}
